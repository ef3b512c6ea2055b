"""The engine's outputs."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from app.scoring.decisions import TieGroup
from app.scoring.inputs import Adjustment
from app.scoring.quotas import QuotaComputation


@dataclass(frozen=True)
class UnitResult:
    name: str
    short: str
    group: int
    common: Decimal
    business: Decimal
    leaders: Decimal
    heads: Decimal
    bonus: Decimal
    deduction: Decimal
    total: Decimal
    rank: int
    grade: str | None  # 优秀 / 良好 / 合格 / 不合格, None for a tie left to the committee
    prize: str | None  # 一等奖 / 二等奖
    special_award: bool
    veto: bool
    tie: bool
    incomplete: bool
    missing_items: tuple[str, ...] = ()
    leader_ballots: int = 0  # ballots that rated this unit
    head_ballots: int = 0
    adjustments_by_category: dict[str, Decimal] = field(default_factory=dict)
    decided: bool = False  # a tie whose prize and grade the committee has decided (党委审定); tie stays true
    # Its prize or grade could still change: something it depends on is open (an incomplete unit of its group,
    # an undecided tie). The reasons say what, in Chinese.
    provisional: bool = False
    provisional_reasons: tuple[str, ...] = ()
    veto_reason: str | None = None
    place: int | None = None  # its place among the group's eligible units (no veto, ≥ 60), which decides the prize


# How a cadre's grade came about (the explanation words it).
HEAD_FIRST = "head_first"  # 一等奖科室主要负责人
QUOTA_PLACE = "quota_place"  # a place within the pool's quota
QUOTA_FULL = "quota_full"  # ≥ 70 and not barred, but the places are taken
BELOW_MIN = "below_min"  # under the 优秀 minimum (70)
BARRED = "barred"  # 不予评为优秀
NOT_ASSESSED = "not_assessed"  # 不参加评优 / 不定等次
TIE = "tie"  # tied at the quota line, left to the committee
DECIDED = "decided"  # tied, decided by the committee
PENDING = "pending"  # depends on the committee's decision on a unit's 一等奖 tie
INCOMPLETE = "incomplete"  # no votes or no 领导评价


@dataclass(frozen=True)
class CadreResult:
    id: str
    name: str
    unit: str
    pool: str  # "category/level"
    democratic: Decimal
    leaders: Decimal
    bonus: Decimal
    deduction: Decimal
    total: Decimal
    rank_in_pool: int
    grade: str | None
    tie: bool
    incomplete: bool
    is_head: bool = False
    barred: str | None = None
    votes: int = 0  # democratic marks counted
    raters: int = 0
    decided: bool = False  # a tie at the 优秀 quota line the committee has decided (党委审定)
    provisional: bool = False
    provisional_reasons: tuple[str, ...] = ()
    special_award: bool = False  # 突出贡献奖, granted (称职 or better)
    barred_ground: str | None = None
    not_assessed: str | None = None  # 不参加评优 | 不定等次
    not_assessed_reason: str = ""
    basis: str = ""  # HEAD_FIRST, QUOTA_PLACE, … : how the grade came about
    quota_place: int | None = None  # its place among the pool's candidates for the quota


@dataclass(frozen=True)
class PoolSummary:
    pool: str
    size: int
    quota: int
    excellent: int
    heads_beyond_quota: int
    base: int = 0  # people in the quota base (size less the 不参加评优 / 不定等次)
    computation: QuotaComputation | None = None
    heads_first: tuple[str, ...] = ()  # cadre ids made 优秀 as heads of 一等奖 units


@dataclass(frozen=True)
class Flag:
    """A consecutive-year or follow-up consequence the seed attaches to a result."""

    entity: str  # unit name or cadre id
    kind: str  # talk_warning / written_explanation / third_class_merit
    text: str


@dataclass(frozen=True)
class Notice:
    """Something the committee should see (not an error): about a pool, a unit or the year."""

    scope: str  # "pool" | "unit" | "year"
    subject: str  # the pool id ("civil_servant/正科"), the unit's name, or "" for the year
    text: str

    def __str__(self) -> str:
        return f"{self.subject}：{self.text}" if self.subject else self.text


@dataclass(frozen=True)
class YearResult:
    year: int
    units: tuple[UnitResult, ...]
    cadres: tuple[CadreResult, ...]
    pools: tuple[PoolSummary, ...] = ()
    flags: tuple[Flag, ...] = ()
    warnings: tuple[Notice, ...] = ()
    ties: tuple[TieGroup, ...] = ()  # every tie left to the committee, decided or not
    # The year's own events dated after its assessment date: they count in the next year, not here.
    carried_out: tuple[Adjustment, ...] = ()
