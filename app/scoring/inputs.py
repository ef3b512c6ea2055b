"""The engine's inputs: plain frozen dataclasses that app/models builds from the store."""

from __future__ import annotations

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


@dataclass(frozen=True)
class Adjustment:
    """One bonus or deduction event; `targets` are unit names or cadre ids."""

    targets: tuple[str, ...]
    kind: str
    category: str
    points: Decimal
    matter: str | None = None
    shares: tuple[Decimal, ...] | None = None


@dataclass(frozen=True)
class AdjustmentRules:
    categories: dict[str, Category]
    bonus_cap: Decimal
    deduction_cap: Decimal


@dataclass(frozen=True)
class Cadre:
    id: str
    name: str
    unit: str
    category: str  # "civil_servant" | "institution"
    level: str
    is_head: bool = False
    barred: str | None = None


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
    # 党委审定 of ties: (kind "unit" | "cadre", unit name | cadre id) -> 一等奖/二等奖/无 | 优秀/称职
    decisions: dict[tuple[str, str], str] = field(default_factory=dict)
