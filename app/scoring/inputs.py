"""The engine's inputs: plain frozen dataclasses that app/models builds from the store."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

UNIT_FORMS = ("leaders", "heads")
MARKS = ("优秀", "称职", "基本称职", "不称职")


@dataclass(frozen=True)
class GroupRule:
    group: int
    name: str
    first_prize: int  # q1: places that win 一等奖
    second_prize: int  # q2: places after q1 that win 二等奖


@dataclass(frozen=True)
class Unit:
    name: str
    short: str
    group: int
    branch: str = ""


@dataclass(frozen=True)
class Item:
    id: str
    unit: str | None  # None: an annex-2 common item every unit has
    part: str  # "common" | "business"
    title: str
    max: Decimal
    may_exceed: bool = False


@dataclass(frozen=True)
class RatingBallot:
    """One paper ballot of annex 4 (form "leaders") or annex 5 (form "heads")."""

    form: str
    serial: int
    scores: dict[str, tuple[Decimal, ...]]  # unit name -> five criterion scores
    void: str | None = None


@dataclass(frozen=True)
class Category:
    id: str
    kind: str  # "bonus" | "deduction"
    cap: Decimal | None
    name: str = ""
    clause: str = ""  # where the seed states it, e.g. "科室办法三（一）3（1）③"
    tiers: tuple[Decimal, ...] = ()  # the points the seed fixes (每次加 0.5 分 / 0.2 分); empty: any points
    free_points: bool = False  # the scheme lets the office key points off the tiers

    def allows(self, points: Decimal) -> bool:
        return self.free_points or not self.tiers or points in self.tiers


@dataclass(frozen=True)
class Adjustment:
    """One bonus or deduction event; `targets` are unit names or cadre ids."""

    targets: tuple[str, ...]
    kind: str
    category: str
    points: Decimal
    matter: str | None = None
    shares: tuple[Decimal, ...] | None = None
    date: datetime.date | None = None  # of the document or certificate (以文件为准)
    ref: str = ""  # the store's id of the event, so an explanation can point back to it
    carried_from: int | None = None  # the year it was keyed in, when it counts in this year instead


@dataclass(frozen=True)
class AdjustmentRules:
    categories: dict[str, Category]
    bonus_cap: Decimal
    deduction_cap: Decimal
    # 表彰奖励在本年度干部考核之后公布的，相关加分项目计入下一年度考核成绩: events dated after the year's assessment
    # date count in the next year. Always so for cadres; for units only where the scheme says so.
    late_counts_next_year: bool = False


@dataclass(frozen=True)
class Cadre:
    id: str
    name: str
    unit: str
    category: str  # "civil_servant" | "institution"
    level: str
    is_head: bool = False
    barred: str | None = None  # the text shown: the ground, or the note for 其他
    barred_ground: str | None = None  # 受到处分 | 严重失职 | 其他 (干部办法三（三）3 ①②)
    not_assessed: str | None = None  # 不参加评优 | 不定等次 (干部办法七): outside the quota base, no grade
    not_assessed_reason: str = ""


@dataclass(frozen=True)
class MarkCounts:
    excellent: int = 0
    competent: int = 0
    basic: int = 0
    incompetent: int = 0

    @property
    def total(self) -> int:
        return self.excellent + self.competent + self.basic + self.incompetent


@dataclass(frozen=True)
class DemocraticBallot:
    """One anonymous ballot: cadre id -> mark. It never carries a voter identity."""

    serial: int
    marks: dict[str, str]
    void: str | None = None


@dataclass(frozen=True)
class LeaderRating:
    rater: int
    cadre: str
    scores: tuple[Decimal, ...]


@dataclass(frozen=True)
class CadreRules:
    mark_scores: dict[str, Decimal]  # 优秀 70, 称职 65, 基本称职 60, 不称职 55
    excellent_rates: dict[str, Decimal]  # civil_servant 0.15, institution 0.10
    competent_min: Decimal = Decimal(70)
    basic_min: Decimal = Decimal(60)
    excellent_min: Decimal = Decimal(70)
    merit_years: int = 3  # 连续三年被评定为优秀等次的，记三等功一次 (the scheme's consecutive_excellent_for_merit)
    # per_pool: floor(rate × pool size) per (category, level); proportional: floor(rate × the category's people),
    # shared out to the levels by the largest remainder (不同职务层次优秀名额不得相互挤占，按比例进行评选).
    quota_mode: str = "per_pool"


@dataclass(frozen=True)
class QuotaOverride:
    """The 人社局's figure for one pool (最终优秀等次比例以市人社局审核通过为准), with the reason given."""

    quota: int
    reason: str


@dataclass(frozen=True)
class UnitHistory:
    """A unit's outcome in an earlier year, for the consecutive-year rules."""

    year: int
    last_in_group: bool
    failed: bool  # 不合格


@dataclass(frozen=True)
class YearInput:
    year: int
    groups: dict[int, GroupRule]
    units: tuple[Unit, ...]
    items: tuple[Item, ...]
    item_scores: dict[tuple[str, str], Decimal]  # (unit, item id) -> score
    unit_ballots: tuple[RatingBallot, ...]
    unit_adjustment_rules: AdjustmentRules
    unit_adjustments: tuple[Adjustment, ...] = ()
    vetoes: dict[str, str] = field(default_factory=dict)  # unit -> reason
    special_awards: dict[str, str] = field(default_factory=dict)  # unit -> award
    pass_threshold: Decimal = Decimal(60)
    cadres: tuple[Cadre, ...] = ()
    cadre_rules: CadreRules | None = None
    democratic_ballots: tuple[DemocraticBallot, ...] = ()
    democratic_tallies: dict[str, MarkCounts] = field(default_factory=dict)
    leader_ratings: tuple[LeaderRating, ...] = ()
    cadre_adjustment_rules: AdjustmentRules | None = None
    cadre_adjustments: tuple[Adjustment, ...] = ()
    unit_history: dict[str, tuple[UnitHistory, ...]] = field(default_factory=dict)
    talk_years: int = 2  # 连续两年排序在末位或…不合格 → 诫勉谈话 (the scheme's consecutive_years_for_talk)
    cadre_excellent_years: dict[str, tuple[int, ...]] = field(default_factory=dict)
    # Earlier years in the rules' window that are demo years: not history (invented data), said in the flags.
    history_demo_years: tuple[int, ...] = ()
    # 党委审定 of ties: (kind "unit" | "cadre", unit name | cadre id) -> 一等奖/二等奖/无 | 优秀/称职
    decisions: dict[tuple[str, str], str] = field(default_factory=dict)
    decision_reasons: dict[tuple[str, str], str] = field(default_factory=dict)
    # The day of the year's assessment; adjustments dated after it count in the next year where the rules say so.
    assessment_date: datetime.date | None = None
    # The year before's events dated after its assessment date: they count here (marked carried over).
    carried_unit_adjustments: tuple[Adjustment, ...] = ()
    carried_cadre_adjustments: tuple[Adjustment, ...] = ()
    cadre_special_awards: dict[str, str] = field(default_factory=dict)  # cadre id -> 突出贡献奖
    quota_overrides: dict[str, QuotaOverride] = field(default_factory=dict)  # pool id -> the 人社局's figure
