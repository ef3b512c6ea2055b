"""One 考绩法 bonus/deduction event checked: its category, the fields that category uses, the validity window
and the units credited or charged. The 市对区考绩 page (`check_event`) and the year file's import (its
`district_events` section) both read an event with `read_event`, so they accept and refuse the same."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from app.models.db import Database
from app.models.district.indicators import indicator_ids
from app.models.errors import Problem, ValidationError
from app.models.reader import Keys, Reader
from app.models.schemes import Scheme
from app.models.store import year_scheme
from app.scoring.district import event_kind, validity_window

CATEGORIES = (
    "big_project",
    "rank_change",
    "honor_national",
    "honor_provincial",
    "poor_implementation",
    "criticized_provincial",
    "criticized_city",
    "media_exposure",
)
EVENT_KEYS: Keys = (
    {"category"},
    {
        "matter",
        "investment",
        "indicator",
        "measure",
        "last_year_rank",
        "rank",
        "tier",
        "peers_honored_share",
        "points",
        "date",
        "credited_units",  # this program's addition: 考绩贡献加分 for the units that earned a bonus
        "charged_units",  # this program's addition: 失分扣分 for the units responsible for a deduction
    },
)
PAGE_PATH = "事项"  # where the page's problems point


def check_event(db: Database, year: int, entry: dict[str, Any]) -> dict[str, Any]:
    """The page's event, checked as the year file checks one (known category, its fields, the validity window,
    credited units); returns the event as stored, or raises `ValidationError`."""
    reader = Reader()
    required, optional = EVENT_KEYS
    for key in sorted(set(entry) - required - optional):
        reader.problem(f"{PAGE_PATH}.{key}", "未知字段")
    if "category" not in entry:
        reader.problem(f"{PAGE_PATH}.category", "缺少类别")
    reader.raise_if_problems()
    event = read_event(reader, entry, PAGE_PATH, indicator_ids(db, year), year_scheme(db, year))
    if event is not None:
        event_in_window(reader, event, PAGE_PATH, year)
    reader.raise_if_problems()
    if event is None:
        raise ValidationError([Problem(PAGE_PATH, "无法读取")])
    return event


def read_event(
    reader: Reader, entry: dict[str, Any], path: str, indicators: set[str], scheme: Scheme
) -> dict[str, Any] | None:
    """The event as stored (only the fields its category uses), or None with the problems recorded."""
    category = entry["category"]
    if category not in CATEGORIES:
        reader.problem(f"{path}.category", f"未知类别 {category!r}（可用：{'、'.join(CATEGORIES)}）")
        return None
    before = len(reader.problems)
    event: dict[str, Any] = {"category": category}
    if "matter" in entry:
        event["matter"] = reader.text(entry["matter"], f"{path}.matter", optional=True)
    if "date" in entry:
        event["date"] = reader.date(entry["date"], f"{path}.date")
    if category == "big_project":
        event["investment"] = reader.number(entry.get("investment"), f"{path}.investment", low=Decimal(0))
    elif category == "rank_change":
        if not isinstance(entry.get("indicator"), str) or entry["indicator"] not in indicators:
            reader.problem(f"{path}.indicator", f"未知指标 {entry.get('indicator')!r}")
        event["indicator"] = entry.get("indicator")
        if entry.get("measure") not in ("total", "growth"):
            reader.problem(f"{path}.measure", '应为 "total"（总量）或 "growth"（增速）')
        event["measure"] = entry.get("measure")
        event["last_year_rank"] = reader.integer(entry.get("last_year_rank"), f"{path}.last_year_rank", low=1)
        event["rank"] = reader.integer(entry.get("rank"), f"{path}.rank", low=1)
    elif category in ("honor_national", "honor_provincial"):
        tier = entry.get("tier")
        event["tier"] = None if tier is None else reader.integer(tier, f"{path}.tier", low=1)
        share = entry.get("peers_honored_share")
        event["peers_honored_share"] = (
            None if share is None else reader.number(share, f"{path}.peers_honored_share", Decimal(0), Decimal(1))
        )
    elif category == "poor_implementation":
        event["points"] = reader.number(entry.get("points"), f"{path}.points", Decimal(1), Decimal(2))
    # 考绩贡献加分 goes with a bonus, 扣减责任部门年终考绩分数 with a deduction (a rank move by its direction).
    kind = event_kind(category, event.get("last_year_rank"), event.get("rank"))
    kind_text = "名次后退，是减分" if category == "rank_change" and kind == "deduction" else "是减分"
    if entry.get("credited_units") is not None:
        if kind != "bonus":
            reader.problem(f"{path}.credited_units", f"类别 {category} {kind_text}，不能记考绩贡献加分")
        else:
            event["credited_units"] = _units(reader, entry["credited_units"], f"{path}.credited_units", scheme)
    if entry.get("charged_units") is not None:
        if kind != "deduction":
            bonus_text = "名次未后退，不是减分" if category == "rank_change" else "是加分"
            reader.problem(f"{path}.charged_units", f"类别 {category} {bonus_text}，不能记考绩失分扣分")
        else:
            event["charged_units"] = _units(
                reader, entry["charged_units"], f"{path}.charged_units", scheme, "记“考绩失分扣分”（责任单位）"
            )
    irrelevant = EVENT_KEYS[1] - {"matter", "date", "credited_units", "charged_units"}
    for key in sorted((irrelevant & set(entry)) - set(event)):
        reader.problem(f"{path}.{key}", f"类别 {category} 不使用此字段")
    return event if len(reader.problems) == before else None


def event_in_window(reader: Reader, event: dict[str, Any], path: str, year: int) -> bool:
    """加减分事项的有效期为当年 2 月至次年 1 月，以文件发布、证书颁发等为准."""
    start, end = validity_window(year)
    if event.get("date") and not start <= date.fromisoformat(event["date"]) <= end:
        reader.problem(
            f"{path}.date",
            f"{event['date']} 不在加减分事项有效期内（{start.isoformat()} 至 {end.isoformat()}）",
        )
        return False
    return True


def _units(reader: Reader, value: Any, path: str, scheme: Scheme, what: str = "记“考绩贡献加分”") -> list[str] | None:
    if not isinstance(value, list) or not value:
        reader.problem(path, f"应为{what}的科室（单位）名称数组")
        return None
    names = [reader.unit(v, f"{path}[{n}]", scheme) for n, v in enumerate(value)]
    if None in names:
        return None
    resolved = [n for n in names if n is not None]
    if len(set(resolved)) != len(resolved):
        reader.problem(path, "科室（单位）重复")
        return None
    return resolved
