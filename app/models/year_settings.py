"""A year's settings beyond its scheme (issue 12): the assessment date, the quota mode, the 人社局's quota for a pool.

干部办法三（三）1：表彰奖励在本年度干部考核之后公布的，相关加分项目计入下一年度考核成绩 — the assessment date decides
which year a dated bonus counts in. 五（一）：优秀等次比例…最终以市人社局审核通过为准 — a pool's quota may be set to
the approved figure, with the reason. Every write validates first and raises `ValidationError` (Chinese, what and
where) before touching the connection; the caller's `session.write()` makes it one audited transaction.
"""

from __future__ import annotations

import sqlite3

from app.models import store
from app.models.db import Database
from app.models.errors import Problem, ValidationError
from app.models.unit_data import parse_date, refuse
from app.scoring.quotas import QUOTA_MODE_NAMES, QUOTA_MODES

CATEGORY_WORDS = {"civil_servant": "公务员", "institution": "事业单位"}


def refuse_locked(db: Database, year: int) -> None:
    info = store.year_info(db, year)
    if info is None:
        raise refuse("年度", f"数据文件中没有 {year} 年度。")
    if info.locked_at:
        raise refuse("年度", f"{year} 年度已审定锁定，不能修改；如需修改请先解除锁定并说明原因。")


def set_assessment_date(db: Database, conn: sqlite3.Connection, year: int, text: str) -> str | None:
    """考核日期, typed as 2018-01-10 (or 2018年1月10日); empty clears it. Returns the ISO date stored."""
    refuse_locked(db, year)
    day = parse_date(text, "考核日期")
    if day is not None and not f"{year}-01-01" <= day <= f"{year + 1}-12-31":
        raise refuse("考核日期", f"{year} 年度的考核日期应在 {year} 年或 {year + 1} 年内，“{text.strip()}”不在其中。")
    settings = store.read_year_settings(db, year)
    store.write_year_settings(conn, year, store.YearSettings(day, settings.quota_mode))
    return day


def set_quota_mode(db: Database, conn: sqlite3.Connection, year: int, mode: str | None) -> None:
    """per_pool | proportional; None: the scheme's."""
    refuse_locked(db, year)
    if mode is not None and mode not in QUOTA_MODES:
        names = "、".join(f"{m}（{QUOTA_MODE_NAMES[m]}）" for m in QUOTA_MODES)
        raise refuse("优秀名额计算方式", f"“{mode}”无效，应为 {names}。")
    settings = store.read_year_settings(db, year)
    store.write_year_settings(conn, year, store.YearSettings(settings.assessment_date, mode))


def pools_of(db: Database, year: int) -> list[str]:
    """The (category/level) pools of the year's roster, in roster order."""
    return list(dict.fromkeys(f"{c.category}/{c.level}" for c in store.read_cadres(db, year)))


def pool_words(pool: str) -> str:
    category, _, level = pool.partition("/")
    return f"{CATEGORY_WORDS.get(category, category)}·{level}"


def quota_override_problems(db: Database, year: int, pool: str, quota_text: str, reason: str) -> list[Problem]:
    problems = []
    if pool not in pools_of(db, year):
        problems.append(Problem("职务层次", f"本年度名册中没有“{pool_words(pool)}”这一职务层次。"))
    text = (quota_text or "").strip()
    if not text.isdigit():
        problems.append(Problem("优秀名额", f"优秀名额应为不小于 0 的整数，“{text}”不是。"))
    if not (reason or "").strip():
        problems.append(Problem("理由", "请写明依据（如：市人社局审核批复文号）。"))
    return problems


def set_quota_override(
    db: Database, conn: sqlite3.Connection, year: int, pool: str, quota_text: str, reason: str
) -> store.QuotaOverrideRow:
    """最终优秀等次比例以市人社局审核通过为准: this pool's quota is the approved figure."""
    refuse_locked(db, year)
    problems = quota_override_problems(db, year, pool, quota_text, reason)
    if problems:
        raise ValidationError(problems)
    row = store.QuotaOverrideRow(pool, int(quota_text.strip()), reason.strip())
    store.set_quota_override(conn, year, row)
    return row


def clear_quota_override(db: Database, conn: sqlite3.Connection, year: int, pool: str) -> None:
    refuse_locked(db, year)
    store.delete_quota_override(conn, year, pool)
