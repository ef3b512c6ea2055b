"""The month's deadlines and what is missing, and the 落后/退步 flags (with what to do about each)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.models.db import Database
from app.models.district.indicators import Indicator, read_indicators
from app.models.district.reports import all_months, check_month, month_reports
from app.scoring.district import IndicatorFlag, indicator_flags, previous_month

UNIT_DAY = 13  # 每月 13 日之前经分管领导签字后上报（单位 → 局）
DISTRICT_DAY = 15  # 每月 15 日前报送到区考绩办
TALK_AFTER = 3  # 多次排名靠后: this many months last among the peers → 提请约谈


@dataclass(frozen=True)
class Missing:
    indicator: Indicator
    what: tuple[str, ...]  # 未报送 / 未填排名 / 单位主要负责人未签字 / 区分管领导未审签 / 逾期报送


@dataclass(frozen=True)
class MonthStatus:
    month: str
    unit_deadline: date  # 13 日：单位经分管领导签字后上报
    district_deadline: date  # 15 日：报送区考绩办
    today: date
    missing: tuple[Missing, ...]
    complete: int  # indicators with nothing missing
    total: int

    @property
    def days_to_unit_deadline(self) -> int:
        return (self.unit_deadline - self.today).days

    @property
    def days_to_district_deadline(self) -> int:
        return (self.district_deadline - self.today).days

    def headline(self) -> str:
        parts = [f"{self.month[:4]}年{int(self.month[5:])}月：已齐 {self.complete}/{self.total} 项"]
        for label, day, left in (
            ("单位上报（经分管领导签字）", self.unit_deadline, self.days_to_unit_deadline),
            ("报送区考绩办", self.district_deadline, self.days_to_district_deadline),
        ):
            when = f"{day.month}月{day.day}日"
            if left > 0:
                parts.append(f"{label}截止 {when}，还有 {left} 天")
            elif left == 0:
                parts.append(f"{label}截止 {when}，就是今天")
            else:
                parts.append(f"{label}截止 {when}，已过 {-left} 天")
        return "；".join(parts)


def deadlines(month: str) -> tuple[date, date]:
    year, mon = (int(p) for p in check_month(month).split("-"))
    return date(year, mon, UNIT_DAY), date(year, mon, DISTRICT_DAY)


def month_status(db: Database, year: int, month: str, today: date) -> MonthStatus:
    unit_deadline, district_deadline = deadlines(month)
    reports = month_reports(db, year, month)
    indicators = read_indicators(db, year)
    missing = []
    for indicator in indicators:
        report = reports.get(indicator.id)
        if report is None:
            missing.append(Missing(indicator, ("未报送",)))
            continue
        what = []
        if report.rank is None:
            what.append("未填排名")
        if not report.signed:
            what.append("单位主要负责人未签字")
        if not report.leader_signed:
            what.append("区分管领导未审签")
        if report.submitted and report.submitted > unit_deadline.isoformat():
            what.append(f"逾期报送（{report.submitted}）")
        if what:
            missing.append(Missing(indicator, tuple(what)))
    return MonthStatus(
        month=month,
        unit_deadline=unit_deadline,
        district_deadline=district_deadline,
        today=today,
        missing=tuple(missing),
        complete=len(indicators) - len(missing),
        total=len(indicators),
    )


def month_flags(db: Database, year: int, month: str) -> list[IndicatorFlag]:
    order = {ind.id: n for n, ind in enumerate(read_indicators(db, year))}
    flags = indicator_flags(all_months(db, year), check_month(month))
    return sorted((f for f in flags if f.indicator in order), key=lambda f: order[f.indicator])


def flag_text(flag: IndicatorFlag, talk_after: int = TALK_AFTER) -> tuple[str, str, str]:
    """(类别, 情况, 措施) as the flags list and the notice word them."""
    kinds = []
    if flag.behind:
        kinds.append("落后指标")
    if flag.fell_back:
        kinds.append("退步指标")
    facts = []
    if flag.behind:
        facts.append(f"三区比较居末位（本年第 {flag.times_behind} 次）")
    if flag.back_on_month is not None:
        facts.append(f"比上月退后 {flag.back_on_month} 位")
    if flag.back_on_year is not None:
        facts.append(f"比上年同期退后 {flag.back_on_year} 位")
    if flag.talk(talk_after):
        reason = "多次排名靠后" if flag.times_behind >= talk_after else "督查后仍未见起效"
        action = f"提请约谈（{reason}）"
    else:
        action = "跟踪督查"
    return "、".join(kinds), "；".join(facts), action


def months_of_year(year: int) -> list[str]:
    """The months a year's 附1 table is kept for: February to the next January, as the validity window."""
    return [f"{year}-{m:02d}" for m in range(2, 13)] + [f"{year + 1}-01"]


def last_month(month: str) -> str:
    return previous_month(month)
