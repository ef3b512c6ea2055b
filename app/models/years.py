"""Years and their schemes: create a year (from a scheme, or as a copy of another year's scheme), edit the
year's own copy of its scheme, lock (审定) and unlock it. Every write is one `atomic()` block of the caller.

The seed: “下一年度的考评项目在下一年度确定” — a new year starts from last year's scheme (never its data) and
the office edits the copy; the edited scheme is the year's own, last year's stays as it was judged (委党委审定).
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from app.models.db import Database
from app.models.errors import AppraisalError, Problem, ValidationError
from app.models.jsontext import parse_json, texts_in, typed_text_problems
from app.models.scheme_rows import ADJUSTMENT_SECTIONS, as_decimal, json_number, num_text
from app.models.scheme_tiers import off_tier_events
from app.models.store import create_year, now, scheme_body, titled_for_year, year_info

FIRST_YEAR, LAST_YEAR = 2000, 2100


# --- reading ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SchemeChoice:
    id: str
    title: str
    builtin: bool


def scheme_choices(db: Database) -> list[SchemeChoice]:
    rows = db.query("SELECT id, title, builtin FROM schemes ORDER BY builtin DESC, id")
    return [SchemeChoice(r["id"], r["title"], bool(r["builtin"])) for r in rows]


def year_scheme_body(db: Database, year: int) -> dict[str, Any]:
    rows = db.query("SELECT scheme FROM years WHERE year = ?", (year,))
    if not rows:
        raise AppraisalError(f"数据文件中没有 {year} 年度。")
    return json.loads(rows[0]["scheme"])


# --- validation ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SchemeCheck:
    errors: list[Problem]  # refuse to save
    warnings: list[Problem]  # saved only when the clerk confirms (e.g. items not summing to the part's points)


def check_scheme(body: dict[str, Any]) -> SchemeCheck:
    """Everything a year's scheme must satisfy, in Chinese, with where."""
    errors: list[Problem] = []
    warnings: list[Problem] = []

    def need_positive(value: Any, where: str) -> None:
        number = as_decimal(value)
        if number is None or number <= 0:
            errors.append(Problem(where, f"分值必须是大于 0 的数（现为 {num_text(value) or '空'}）"))

    if "title" in body and not str(body.get("title") or "").strip():
        errors.append(Problem("方案名称", "不能为空"))
    groups = body.get("groups", [])
    group_numbers = [g.get("group") for g in groups]
    for number, count in Counter(group_numbers).items():
        if count > 1:
            errors.append(Problem("分组名额", f"组号 {number} 重复"))
    for g in groups:
        where = f"分组名额·{g.get('name') or g.get('group')}"
        if not str(g.get("name") or "").strip():
            errors.append(Problem(where, "组名不能为空"))
        for key, label in (("first_prize", "一等奖名额"), ("second_prize", "二等奖名额")):
            if not isinstance(g.get(key), int) or g[key] < 0:
                errors.append(Problem(where, f"{label}必须是不小于 0 的整数"))

    units = body.get("units", [])
    if not units:
        errors.append(Problem("科室", "至少要有一个科室（单位）"))
    spellings: Counter[str] = Counter()
    for u in units:
        spellings.update({s for s in (u.get("name"), u.get("short"), *u.get("aliases", [])) if s})
    for u in units:
        name = str(u.get("name") or "").strip()
        where = f"科室·{name or '（未命名）'}"
        if not name:
            errors.append(Problem(where, "全称不能为空"))
        for spelling in {s for s in (u.get("name"), u.get("short"), *u.get("aliases", [])) if s}:
            if spellings[spelling] > 1:
                errors.append(Problem(where, f"名称“{spelling}”与其他科室重名，全称和简称必须唯一"))
        if u.get("group") not in group_numbers:
            errors.append(Problem(where, f"组别 {u.get('group')} 不在分组名额表中"))
        if not str(u.get("branch") or "").strip():
            warnings.append(Problem(where, "未填党支部（支部扣分无法落到本科室）"))

    parts = body.get("parts", {})
    common_points = as_decimal(parts.get("common", {}).get("points"))
    business_points = as_decimal(parts.get("business", {}).get("points"))
    all_ids: Counter[str] = Counter()

    def check_items(items: list[dict[str, Any]], where: str, expected: Decimal | None, part: str) -> None:
        titles = Counter(str(i.get("title") or "").strip() for i in items)
        total = Decimal(0)
        for item in items:
            title = str(item.get("title") or "").strip()
            item_where = f"{where}·{title or '（未命名项目）'}"
            all_ids[str(item.get("id"))] += 1
            if not title:
                errors.append(Problem(item_where, "项目名称不能为空"))
            elif titles[title] > 1:
                errors.append(Problem(item_where, "项目名称重复"))
            need_positive(item.get("max"), item_where)
            total += as_decimal(item.get("max")) or Decimal(0)
            for n, rule in enumerate(item.get("rules", []), 1):
                rule_where = f"{item_where}·第{n}条规则"
                if rule.get("kind") not in ("add", "deduct"):
                    errors.append(Problem(rule_where, "类型必须是“加分”或“扣分”"))
                if not str(rule.get("label") or "").strip():
                    errors.append(Problem(rule_where, "情形不能为空"))
                need_positive(rule.get("points"), rule_where)
                cap = rule.get("cap")
                if cap is not None and (as_decimal(cap) is None or as_decimal(cap) <= 0):  # type: ignore[operator]
                    errors.append(Problem(rule_where, "上限必须大于 0，或留空表示不设上限"))
                if rule.get("scope") not in ("unit", "branch"):
                    errors.append(Problem(rule_where, "适用范围必须是“本科室”或“支部所有科室”"))
        if expected is not None and items and total != expected:
            warnings.append(
                Problem(where, f"{part}项目合计 {num_text(json_number(total))} 分，应为 {num_text(expected)} 分")
            )

    check_items(body.get("common_items", []), "共性工作", common_points, "共性工作")
    business = body.get("business_items", {})
    for u in units:
        check_items(business.get(u.get("name"), []), f"业务工作·{u.get('name')}", business_points, "业务工作")
        if not business.get(u.get("name")):
            warnings.append(Problem(f"业务工作·{u.get('name')}", "还没有业务工作项目"))
    unit_names = {u.get("name") for u in units}
    for name in business:
        if name not in unit_names:
            errors.append(Problem(f"业务工作·{name}", "该科室已不在科室表中"))
    for item_id, count in all_ids.items():
        if count > 1:
            errors.append(Problem("考评项目", f"项目编号 {item_id} 重复"))

    for form, label in (("leaders", "班子成员评分表"), ("heads", "科室负责人评分表")):
        entries = body.get("criteria", {}).get(form, {}).get("items", [])
        names = Counter(str(c.get("name") or "").strip() for c in entries)
        for c in entries:
            where = f"评分要素·{label}·{c.get('name') or '（未命名）'}"
            if not str(c.get("name") or "").strip():
                errors.append(Problem(where, "要素名称不能为空"))
            elif names[str(c.get("name")).strip()] > 1:
                errors.append(Problem(where, "要素名称重复"))
            need_positive(c.get("max"), where)

    for section, label in (
        (body.get("unit_adjustments", {}), "科室加减分"),
        (body.get("cadres", {}).get("adjustments", {}), "干部加减分"),
    ):
        for key, cap_label in (("bonus", "加分总上限"), ("deduction", "减分总上限")):
            need_positive(section.get("caps", {}).get(key), f"{label}·{cap_label}")
        names = Counter(str(c.get("name") or "").strip() for c in section.get("categories", []))
        for c in section.get("categories", []):
            where = f"{label}·{c.get('name') or '（未命名类别）'}"
            if not str(c.get("name") or "").strip():
                errors.append(Problem(where, "类别名称不能为空"))
            elif names[str(c.get("name")).strip()] > 1:
                errors.append(Problem(where, "类别名称重复"))
            if c.get("kind") not in ("bonus", "deduction"):
                errors.append(Problem(where, "类型必须是“加分”或“减分”"))
            if c.get("cap") is not None:
                need_positive(c.get("cap"), where + "·上限")
            for option in c.get("options", []):
                need_positive(option.get("points"), f"{where}·{option.get('label')}")

    errors += typed_text_problems(("方案", text) for text in texts_in(body))
    cadres = body.get("cadres", {})
    for staff in cadres.get("categories_of_staff", []):
        rate = as_decimal(staff.get("excellent_rate"))
        if rate is None or not (0 < rate <= 1):
            errors.append(Problem(f"干部规则·{staff.get('name')}", "优秀比例必须在 0 到 1 之间（如 0.15）"))
    grades = {k: as_decimal(v) for k, v in cadres.get("grades", {}).items()}
    if any(v is None or v < 0 for v in grades.values()):
        errors.append(Problem("干部规则·等次分数线", "分数线必须是不小于 0 的数"))
    elif grades and grades.get("basic_min", Decimal(0)) > grades.get("competent_min", Decimal(0)):  # type: ignore[operator]
        errors.append(Problem("干部规则·等次分数线", "基本称职分数线不能高于称职分数线"))
    for mark in cadres.get("democratic", {}).get("marks", []):
        need_positive(mark.get("score"), f"干部规则·民主测评“{mark.get('mark')}”")
    for entry in cadres.get("leaders", {}).get("items", []):
        need_positive(entry.get("max"), f"干部规则·领导评价“{entry.get('name')}”")
    return SchemeCheck(errors, warnings)


def check_scheme_against_data(db: Database, year: int, body: dict[str, Any]) -> list[Problem]:
    """Edits that would orphan or overflow what is already keyed for the year."""
    problems: list[Problem] = []
    names = {u["name"] for u in body.get("units", [])}
    items = {i["id"]: i for i in body.get("common_items", [])}
    for unit_items in body.get("business_items", {}).values():
        items.update({i["id"]: i for i in unit_items})
    for r in db.query("SELECT unit, item, score FROM item_scores WHERE year = ?", (year,)):
        if r["unit"] not in names:
            problems.append(Problem(f"科室·{r['unit']}", "已有项目得分，不能删除或改名"))
            continue
        item = items.get(r["item"])
        if item is None:
            problems.append(Problem(f"考评项目·{r['item']}", f"{r['unit']}已录入该项目得分，不能删除"))
        elif not item.get("may_exceed") and Decimal(r["score"]) > (as_decimal(item.get("max")) or Decimal(0)):
            problems.append(
                Problem(
                    f"考评项目·{item.get('title')}",
                    f"{r['unit']}已录得 {r['score']} 分，新分值 {num_text(item.get('max'))} 低于该得分",
                )
            )
    branches = {u.get("branch") for u in body.get("units", [])}
    for r in db.query("SELECT item, rule, unit, branch FROM item_events WHERE year = ?", (year,)):
        who = r["unit"] or r["branch"]
        item = items.get(r["item"])
        if item is None:
            problems.append(Problem(f"考评项目·{r['item']}", f"{who}已录入该项目的扣分事件，不能删除"))
        elif not str(r["rule"]).isdigit() or int(r["rule"]) >= len(item.get("rules", [])):
            number = int(r["rule"]) + 1 if str(r["rule"]).isdigit() else r["rule"]
            problems.append(
                Problem(f"考评项目·{item.get('title')}", f"{who}已按第 {number} 条规则录入扣分事件，不能删除该规则")
            )
        if r["unit"] and r["unit"] not in names:
            problems.append(Problem(f"科室·{r['unit']}", "已有扣分事件，不能删除或改名"))
        if r["branch"] and r["branch"] not in branches:
            problems.append(Problem(f"党支部·{r['branch']}", "已有支部扣分事件，不能删除或改名"))
    stored_body = year_scheme_body(db, year)
    for target, path in ADJUSTMENT_SECTIONS.items():
        section: Any = body
        before: Any = stored_body
        for key in path:
            section = section.get(key, {}) if isinstance(section, dict) else {}
            before = before.get(key, {}) if isinstance(before, dict) else {}
        categories = {c.get("id") for c in section.get("categories", [])}
        label = "科室加减分" if target == "unit" else "干部加减分"
        for r in db.query(
            "SELECT DISTINCT category FROM adjustments WHERE year = ? AND target_kind = ?", (year, target)
        ):
            if r["category"] not in categories:
                problems.append(Problem(f"{label}·{r['category']}", "该类别已有加减分事项，不能删除"))
        problems.extend(off_tier_events(db, year, target, section, label, before))
    for table, column in (("vetoes", "unit"), ("special_awards", "unit"), ("cadres", "unit")):
        for r in db.query(f"SELECT DISTINCT {column} AS unit FROM {table} WHERE year = ?", (year,)):
            if r["unit"] not in names:
                problems.append(Problem(f"科室·{r['unit']}", "已有干部或奖惩数据，不能删除或改名"))
    for r in db.query("SELECT targets FROM adjustments WHERE year = ? AND target_kind = 'unit'", (year,)):
        for target in json.loads(r["targets"]):
            if target not in names:
                problems.append(Problem(f"科室·{target}", "已有加减分事项，不能删除或改名"))
    unique: dict[str, Problem] = {str(p): p for p in problems}
    return list(unique.values())


# --- writing ------------------------------------------------------------------------------------


def check_new_year(db: Database, year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError([Problem("年度", f"{year} 不是有效年度（{FIRST_YEAR}–{LAST_YEAR}）")])
    if year_info(db, year) is not None:
        raise ValidationError([Problem("年度", f"数据文件中已有 {year} 年度")])


def new_year_body(db: Database, *, scheme_id: str | None = None, copy_of: int | None = None) -> dict[str, Any]:
    """The scheme a new year starts with: a registered scheme, or a copy of another year's own scheme."""
    if copy_of is not None:
        return year_scheme_body(db, copy_of)
    body = scheme_body(db, scheme_id or "")
    if body is None:
        raise AppraisalError(f"没有名为 {scheme_id} 的考评方案。")
    return body


def create_year_from(
    conn: sqlite3.Connection, db: Database, year: int, *, scheme_id: str | None = None, copy_of: int | None = None
) -> None:
    """Create `year` with its own copy of a scheme (only the scheme: no scores, ballots or people), titled
    for its year (…2017年度…考评办法 becomes …2018年度…). Never a demo year, whatever it was copied from."""
    check_new_year(db, year)
    body = new_year_body(db, scheme_id=scheme_id, copy_of=copy_of)
    create_year(conn, year, titled_for_year(body, year))


def own_scheme_id(scheme_id: str, year: int) -> str:
    """The id a year's edited scheme is registered under: `jxw-2017@2018` is jxw-2017 as edited for 2018."""
    return f"{scheme_id.split('@')[0]}@{year}"


def register_scheme_row(conn: sqlite3.Connection, body: dict[str, Any]) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO schemes (id, title, body, builtin, added_at) VALUES (?, ?, ?, 0, ?)",
        (body["id"], body.get("title", body["id"]), json.dumps(body, ensure_ascii=False), now()),
    )


def _canonical_scheme(body: Mapping[str, Any]) -> str:
    """The scheme as compared for a change: its id is where it is registered, not what it says."""
    return json.dumps({k: v for k, v in body.items() if k != "id"}, ensure_ascii=False, sort_keys=True)


def scheme_unchanged(db: Database, year: int, body: Mapping[str, Any]) -> bool:
    """Whether `body` says what `year`'s scheme already says (its id aside)."""
    return _canonical_scheme(body) == _canonical_scheme(year_scheme_body(db, year))


def save_scheme(conn: sqlite3.Connection, db: Database, year: int, body: dict[str, Any]) -> bool:
    """Write the edited scheme of `year`; refuses (nothing written) on any error or on a locked year.
    Returns False, nothing written, when `body` equals the year's scheme (`scheme_unchanged`).

    The edited scheme is no longer the one the year file's `scheme` names, so it gets its own id
    (`own_scheme_id`) and is registered under it: the year file then names it, and another PC imports
    it first with `appraisal scheme-import` (or 年度与方案 ▸ 导入方案). An unchanged scheme keeps its id,
    so the year file never names a scheme another PC lacks for nothing."""
    info = year_info(db, year)
    if info is None:
        raise AppraisalError(f"数据文件中没有 {year} 年度。")
    if info.locked_at:
        raise AppraisalError(f"{year} 年度已审定锁定，不能修改方案。")
    if scheme_unchanged(db, year, body):
        return False
    problems = check_scheme(body).errors + check_scheme_against_data(db, year, body)
    if problems:
        raise ValidationError(problems)
    body = {**body, "id": own_scheme_id(str(body.get("id") or info.scheme_id), year)}
    register_scheme_row(conn, body)
    conn.execute(
        "UPDATE years SET scheme = ?, scheme_id = ? WHERE year = ?",
        (json.dumps(body, ensure_ascii=False), body["id"], year),
    )
    return True


def export_scheme(db: Database, year: int) -> dict[str, Any]:
    """The scheme file of a year: its own scheme, as `scheme-import` on another PC reads it."""
    if year_info(db, year) is None:
        raise AppraisalError(f"数据文件中没有 {year} 年度。")
    return year_scheme_body(db, year)


def parse_scheme_file(raw: bytes | str) -> Any:
    """Schemes are plain JSON numbers as shipped (resources/schemes), so no Decimal parsing here; otherwise read
    as strictly as a year file (`app.models.jsontext`)."""
    return parse_json(raw, exact=False)


def import_scheme(conn: sqlite3.Connection, db: Database, data: Any) -> str:
    """Register a scheme file (from `export_scheme`) so a year file naming it can be imported; returns its id.
    Refused, nothing written, when it is not a scheme, fails the scheme checks, or would replace a built-in one."""
    if not isinstance(data, dict) or not isinstance(data.get("id"), str) or not data["id"].strip():
        raise ValidationError([Problem("$.id", "不是考评方案文件：缺少方案编号 id")])
    if not isinstance(data.get("units"), list) or not data["units"]:
        raise ValidationError([Problem("$.units", "不是考评方案文件：没有科室（units）")])
    builtin = db.query("SELECT builtin FROM schemes WHERE id = ?", (data["id"],))
    if builtin and builtin[0]["builtin"]:
        raise ValidationError([Problem("$.id", f"{data['id']} 是程序内置方案，不能被文件替换")])
    try:
        problems = check_scheme(data).errors
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise ValidationError([Problem("$", f"方案文件结构不完整：{exc}")]) from exc
    if problems:
        raise ValidationError(problems)
    register_scheme_row(conn, data)
    return str(data["id"])


def import_scheme_file(db: Database, data: Any, source_name: str) -> str:
    """`appraisal scheme-import`: register a scheme file in its own audited transaction."""
    with db.atomic(f"导入考评方案 {source_name}", "scheme-import") as conn:
        return import_scheme(conn, db, data)


def lock_year(conn: sqlite3.Connection, db: Database, year: int, by: str, reason: str) -> None:
    info = year_info(db, year)
    if info is None:
        raise AppraisalError(f"数据文件中没有 {year} 年度。")
    if info.locked_at:
        raise AppraisalError(f"{year} 年度已经审定锁定。")
    conn.execute(
        "UPDATE years SET locked_at = ?, locked_by = ?, lock_reason = ? WHERE year = ?",
        (now(), by.strip() or None, reason.strip() or None, year),
    )


def unlock_year(conn: sqlite3.Connection, db: Database, year: int, reason: str) -> None:
    """Only with a reason; the audit log keeps it (the change's reason and the row images)."""
    if not reason.strip():
        raise ValidationError([Problem("解锁原因", "解锁已审定的年度必须说明原因")])
    info = year_info(db, year)
    if info is None:
        raise AppraisalError(f"数据文件中没有 {year} 年度。")
    if not info.locked_at:
        raise AppraisalError(f"{year} 年度没有锁定。")
    conn.execute(
        "UPDATE years SET locked_at = NULL, locked_by = NULL, lock_reason = ? WHERE year = ?",
        (f"解锁：{reason.strip()}", year),
    )
