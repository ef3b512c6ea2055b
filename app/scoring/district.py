"""The city's 考绩法 bonus/deduction rules for a district (seed 004, 附2 加减分办法)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_FLOOR, Decimal

from app.scoring.numbers import ZERO, round2

BONUS_GROUPS = ("big_project", "rank_gain", "honors")
DEDUCTION_GROUPS = ("rank_loss", "poor_implementation", "criticized_provincial", "criticized_city", "media_exposure")
GROUP_CAPS: dict[str, Decimal | None] = {
    "big_project": Decimal(20),  # 本项最多加 20 分
    "rank_gain": Decimal(10),  # 累计最多加 10 分
    "honors": Decimal(10),  # 本项最高加分不超过 10 分
    "rank_loss": Decimal(10),  # 累计最多减 10 分
    "poor_implementation": Decimal(10),  # 累计最多减 10 分
    "criticized_provincial": None,
    "criticized_city": None,
    "media_exposure": None,
}
FIXED_DEDUCTIONS = {
    "criticized_provincial": Decimal(5),  # 被省级以上党政机关部门通报批评的每次减 5 分
    "criticized_city": Decimal(3),  # 被市委市政府（市“两办”）通报批评的每次减 3 分
    "media_exposure": Decimal(3),  # 媒体曝光…每次减 3 分
}
# 考绩贡献加分: a district bonus credited to the units that earned it, as a unit bonus of this category.
CONTRIBUTION_CATEGORY = "district_contribution"
CONTRIBUTION_NAME = "考绩贡献加分"
# 扣减责任部门年终考绩分数: a district deduction charged to the responsible units, as a unit deduction.
CHARGE_CATEGORY = "district_charge"
CHARGE_NAME = "市对区考绩失分扣分"
# The unit adjustment categories derived from district events (never keyed or stored as unit adjustments).
DERIVED_CATEGORIES = {CONTRIBUTION_CATEGORY: ("bonus", CONTRIBUTION_NAME), CHARGE_CATEGORY: ("deduction", CHARGE_NAME)}
KIND_CAP = Decimal(30)  # 加分/减分 最高不超过 30 分
RANK_STEP = Decimal("0.3")
RANK_PER_INDICATOR = Decimal(2)
TWO_THIRDS = Decimal(2) / Decimal(3)
# A share written by a program as 0.6666666666666666 means 2/3; 以上 includes 2/3.
SHARE_TOLERANCE = Decimal("1e-9")


@dataclass(frozen=True)
class DistrictEvent:
    category: str
    matter: str = ""
    investment: Decimal | None = None
    indicator: str | None = None
    measure: str | None = None  # "total" 总量 | "growth" 增速
    last_year_rank: int | None = None
    rank: int | None = None
    tier: int | None = None
    peers_honored_share: Decimal | None = None
    points: Decimal | None = None
    date: date | None = None


@dataclass(frozen=True)
class DistrictResult:
    bonus: Decimal
    deduction: Decimal
    net: Decimal
    by_category: dict[str, Decimal]


def big_project_points(investment: Decimal) -> Decimal:
    """单体投资规模达到 20 亿元加 10 分，每增加 5 亿元再累加 2 分."""
    threshold = Decimal(2_000_000_000)
    if investment < threshold:
        return ZERO
    steps = ((investment - threshold) / Decimal(500_000_000)).to_integral_value(rounding=ROUND_FLOOR)
    return Decimal(10) + 2 * steps


def honor_points(category: str, tier: int | None, peers_share: Decimal | None) -> Decimal:
    """中央/国务院: 第一等次 3 分，每降一等次少 1 分，不分等次 2 分; 部委/省级: 1.5、少 0.5、1 分.

    三分之二以上同类单位均受到表彰的，不予加分 (以上 includes 2/3).
    """
    if peers_share is not None and peers_share >= TWO_THIRDS - SHARE_TOLERANCE:
        return ZERO
    if category == "honor_national":
        return Decimal(2) if tier is None else max(ZERO, Decimal(4) - tier)
    return Decimal(1) if tier is None else max(ZERO, Decimal(2) - Decimal("0.5") * tier)


def event_points(event: DistrictEvent) -> tuple[str, Decimal]:
    """One event's own points (kind, amount) before the group caps — what it earned or cost the district.

    A rank move of one measure counts 0.3 a place, at most 2 (单项最多加/减 2 分).
    """
    category = event.category
    if category == "big_project":
        return "bonus", big_project_points(event.investment or ZERO)
    if category == "rank_change":
        moved = Decimal((event.last_year_rank or 0) - (event.rank or 0))
        kind = "bonus" if moved >= 0 else "deduction"
        return kind, min(RANK_STEP * abs(moved), RANK_PER_INDICATOR)
    if category in ("honor_national", "honor_provincial"):
        return "bonus", honor_points(category, event.tier, event.peers_honored_share)
    if category == "poor_implementation":
        return "deduction", event.points or ZERO
    if category in FIXED_DEDUCTIONS:
        return "deduction", FIXED_DEDUCTIONS[category]
    raise ValueError(f"unknown district event category: {category}")


def event_kind(category: str, last_year_rank: int | None = None, rank: int | None = None) -> str:
    """Whether an event earns (bonus) or costs (deduction) the district: a rank move by its direction."""
    if category == "rank_change":
        return "deduction" if (rank or 0) > (last_year_rank or 0) else "bonus"
    return "deduction" if category in ("poor_implementation", *FIXED_DEDUCTIONS) else "bonus"


def validity_window(year: int) -> tuple[date, date]:
    """加减分事项的有效期为当年 2 月至次年 1 月."""
    return date(year, 2, 1), date(year + 1, 1, 31)


def compute_district(events: list[DistrictEvent]) -> DistrictResult:
    groups: dict[str, Decimal] = defaultdict(lambda: ZERO)
    rank_moves: dict[str, dict[str, Decimal]] = defaultdict(lambda: {"gain": ZERO, "loss": ZERO})
    for event in events:
        if event.category == "big_project":
            groups["big_project"] += big_project_points(event.investment or ZERO)
        elif event.category == "rank_change":
            moved = Decimal((event.last_year_rank or 0) - (event.rank or 0))
            key = event.indicator or ""
            if moved > 0:
                rank_moves[key]["gain"] += RANK_STEP * moved
            elif moved < 0:
                rank_moves[key]["loss"] += RANK_STEP * -moved
        elif event.category in ("honor_national", "honor_provincial"):
            groups["honors"] += honor_points(event.category, event.tier, event.peers_honored_share)
        elif event.category == "poor_implementation":
            groups["poor_implementation"] += event.points or ZERO
        elif event.category in FIXED_DEDUCTIONS:
            groups[event.category] += FIXED_DEDUCTIONS[event.category]
        else:
            raise ValueError(f"unknown district event category: {event.category}")
    # 单项最多加/减 2 分: per indicator, gains and losses capped separately, never netted.
    for moves in rank_moves.values():
        groups["rank_gain"] += min(moves["gain"], RANK_PER_INDICATOR)
        groups["rank_loss"] += min(moves["loss"], RANK_PER_INDICATOR)
    by_category: dict[str, Decimal] = {}
    for name in (*BONUS_GROUPS, *DEDUCTION_GROUPS):
        cap = GROUP_CAPS[name]
        amount = groups[name]
        by_category[name] = round2(amount if cap is None else min(amount, cap))
    bonus = round2(min(KIND_CAP, sum((by_category[g] for g in BONUS_GROUPS), ZERO)))
    deduction = round2(min(KIND_CAP, sum((by_category[g] for g in DEDUCTION_GROUPS), ZERO)))
    return DistrictResult(bonus=bonus, deduction=deduction, net=bonus - deduction, by_category=by_category)


@dataclass(frozen=True)
class IndicatorMonth:
    indicator: str
    month: str  # "YYYY-MM"
    rank: int | None
    peer_ranks: dict[str, int]


def previous_month(month: str) -> str:
    year, mon = (int(part) for part in month.split("-"))
    return f"{year - 1}-12" if mon == 1 else f"{year}-{mon - 1:02d}"


def is_last_among_peers(report: IndicatorMonth) -> bool:
    """No peer ranked worse (a tie for last counts); without peer ranks there is no one to stand last against."""
    if report.rank is None or not report.peer_ranks:
        return False
    return all(rank <= report.rank for rank in report.peer_ranks.values())


def laggards(reports: list[IndicatorMonth]) -> list[str]:
    """落后/退步指标: latest month's rank worse than the calendar month before, or last among the peers."""
    by_indicator: dict[str, dict[str, IndicatorMonth]] = defaultdict(dict)
    for report in reports:
        by_indicator[report.indicator][report.month] = report
    flagged = []
    for indicator, months in by_indicator.items():
        latest = months[max(months)]
        if latest.rank is None:
            continue
        before = months.get(previous_month(latest.month))
        fell_back = before is not None and before.rank is not None and latest.rank > before.rank
        # Last among the peers needs peers to compare with; a tie for last counts.
        if fell_back or is_last_among_peers(latest):
            flagged.append(indicator)
    return sorted(flagged)


@dataclass(frozen=True)
class IndicatorFlag:
    """One indicator's standing in a month: 落后指标 (last among the peers), 退步指标 (worse than the month
    before or than the same month last year), and whether to 提请约谈."""

    indicator: str
    month: str
    rank: int | None
    behind: bool  # 落后: last among the peers
    back_on_month: int | None  # places lost since the month before (None: no comparison or no loss)
    back_on_year: int | None  # places lost since the same month last year
    times_behind: int  # months of the year so far in which it stood last among the peers
    flagged_before: bool  # was already a laggard the month before (督查后仍未见起效)

    @property
    def fell_back(self) -> bool:
        return self.back_on_month is not None or self.back_on_year is not None

    @property
    def flagged(self) -> bool:
        return self.behind or self.fell_back

    def talk(self, times: int) -> bool:
        """对于多次排名靠后或督查后仍未见起效的，提请区委、区政府主要领导进行约谈."""
        return self.flagged and (self.times_behind >= times or self.flagged_before)


def _lost(now: int | None, before: IndicatorMonth | None) -> int | None:
    if now is None or before is None or before.rank is None or now <= before.rank:
        return None
    return now - before.rank


def indicator_flags(reports: list[IndicatorMonth], month: str) -> list[IndicatorFlag]:
    """Flags of every indicator reported in `month`; `reports` may include earlier months and last year's."""
    by_indicator: dict[str, dict[str, IndicatorMonth]] = defaultdict(dict)
    for report in reports:
        by_indicator[report.indicator][report.month] = report
    year, mon = month.split("-")
    a_year_before = f"{int(year) - 1}-{mon}"
    window_start = f"{year}-02" if int(mon) >= 2 else f"{int(year) - 1}-02"
    flags = []
    for indicator, months in by_indicator.items():
        now = months.get(month)
        if now is None:
            continue
        before = months.get(previous_month(month))
        # 多次: counted over the year's window (February … next January), up to this month.
        times = sum(1 for m, r in months.items() if window_start <= m <= month and is_last_among_peers(r))
        flagged_before = before is not None and (
            is_last_among_peers(before) or _lost(before.rank, months.get(previous_month(before.month))) is not None
        )
        flags.append(
            IndicatorFlag(
                indicator=indicator,
                month=month,
                rank=now.rank,
                behind=is_last_among_peers(now),
                back_on_month=_lost(now.rank, before),
                back_on_year=_lost(now.rank, months.get(a_year_before)),
                times_behind=times,
                flagged_before=flagged_before,
            )
        )
    return flags
