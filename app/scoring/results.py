"""The engine's outputs."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from app.scoring.decisions import TieGroup


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


@dataclass(frozen=True)
class PoolSummary:
    pool: str
    size: int
    quota: int
    excellent: int
    heads_beyond_quota: int


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
