"""What a clerk types on the 市对区考绩 page → values (ranks, dates, shares, 亿元), refused with a message
naming the field."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from app.models.errors import Problem, ValidationError


def parse_rank(text: str, where: str) -> int | None:
    """A rank: a whole number ≥ 1; empty clears it."""
    text = text.strip()
    if not text:
        return None
    if not text.isdigit() or int(text) < 1:
        raise ValidationError([Problem(where, f"排名应为正整数，实际为 {text!r}")])
    return int(text)


def parse_submitted(text: str, month: str) -> str | None:
    """报送日期: "12" (that day of the report's month), "9-12" / "9.12" / "9月12日", or "2017-09-12"."""
    text = text.strip().replace("月", "-").replace("日", "").replace(".", "-").replace("/", "-")
    if not text:
        return None
    year, mon = (int(p) for p in month.split("-"))
    parts = text.split("-")
    try:
        if len(parts) == 1:
            when = date(year, mon, int(parts[0]))
        elif len(parts) == 2:
            when = date(year if int(parts[0]) >= mon - 1 else year + 1, int(parts[0]), int(parts[1]))
        else:
            when = date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        raise ValidationError(
            [Problem(f"{month} 报送日期", f"日期写法不对：{text!r}（如 12、9-12、{month}-12）")]
        ) from None
    return when.isoformat()


def parse_share(text: str) -> str | None:
    """同类单位受表彰的比例: "2/3", "0.5", "50%"; empty means not known."""
    text = text.strip()
    if not text:
        return None
    try:
        if "/" in text:
            top, bottom = text.split("/")
            share = Decimal(top) / Decimal(bottom)
        elif text.endswith("%"):
            share = Decimal(text[:-1]) / 100
        else:
            share = Decimal(text)
    except (ArithmeticError, ValueError):
        raise ValidationError(
            [Problem("同类单位受表彰比例", f"应为 2/3、0.5 或 50% 这样的比例，实际为 {text!r}")]
        ) from None
    if not 0 <= share <= 1:
        raise ValidationError([Problem("同类单位受表彰比例", "应在 0 到 1 之间")])
    return str(share)


def yuan_from_yi(text: str) -> str:
    """单体投资规模 keyed in 亿元 → yuan, the year file's unit."""
    try:
        value = Decimal(text.strip())
    except ArithmeticError:
        raise ValidationError([Problem("投资规模", f"应为亿元数，实际为 {text!r}")]) from None
    return str((value * 100_000_000).normalize().quantize(Decimal(1)))


def yi_number(yuan: Any) -> str:
    """Yuan → the 亿元 figure a clerk types (2740000000 → "27.4")."""
    return f"{(Decimal(str(yuan)) / 100_000_000).normalize():f}"


def parse_event_date(text: str, year: int) -> str | None:
    """An event's date: "5-20" (January means next January, the window's end) or "2017-05-20"; empty: none."""
    text = text.strip().replace("月", "-").replace("日", "").replace(".", "-").replace("/", "-")
    if not text:
        return None
    parts = text.split("-")
    try:
        if len(parts) == 2:
            mon = int(parts[0])
            return date(year + 1 if mon == 1 else year, mon, int(parts[1])).isoformat()
        return date(int(parts[0]), int(parts[1]), int(parts[2])).isoformat()
    except (ValueError, IndexError):
        raise ValidationError([Problem("日期", f"日期写法不对：{text!r}（如 5-20 或 {year}-05-20）")]) from None


def split_names(text: str) -> list[str]:
    for sep in ("，", ",", "；", ";", " "):
        text = text.replace(sep, "、")
    return [name for name in (part.strip() for part in text.split("、")) if name]
