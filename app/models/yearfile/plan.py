"""What the section readers share while a year file is read, and what an import will write."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from app.models.db import Database
from app.models.decisions import Decision
from app.models.district.indicators import Indicator
from app.models.district.reports import Report
from app.models.reader import Keys, Reader
from app.models.schemes import Scheme
from app.models.store import AdjustmentRow, CadreRow, QuotaOverrideRow

FORMAT = "appraisal-year/1"


@dataclass
class Plan:
    """What an import will write, prepared during validation (nothing is written until it is clean)."""

    year: int
    scheme: Scheme
    create_scheme_body: dict[str, Any] | None
    item_scores: dict[tuple[str, str], tuple[Decimal, str | None]] = field(default_factory=dict)
    unit_ballots: list[tuple[str, int, dict[str, tuple[Decimal, ...]], str | None]] = field(default_factory=list)
    adjustments: list[AdjustmentRow] = field(default_factory=list)
    vetoes: dict[str, str] = field(default_factory=dict)
    special_awards: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    stored_unit_awards: dict[str, str | None] = field(default_factory=dict)  # the year's 突出业绩奖 before the import
    cadre_awards: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # 突出贡献奖
    quota_overrides: list[QuotaOverrideRow] = field(default_factory=list)
    settings: dict[str, str | None] = field(default_factory=dict)  # assessment_date, quota_mode: only those given
    cadres: list[CadreRow] = field(default_factory=list)
    democratic_ballots: list[tuple[int, dict[str, str], str | None]] = field(default_factory=list)
    tallies: dict[str, tuple[int, int, int, int]] = field(default_factory=dict)
    leader_ratings: dict[tuple[int, str], tuple[Decimal, ...]] = field(default_factory=dict)
    indicators: list[Indicator] = field(default_factory=list)
    peers: list[str] | None = None
    indicator_reports: list[Report] = field(default_factory=list)
    district_events: list[dict[str, Any]] = field(default_factory=list)
    decisions: list[tuple[str, Decision]] = field(default_factory=list)  # (JSON path, decision)
    # The events carried in from the year before (unit / cadre → year-file entries); None: the file has none.
    carried: dict[str, list[dict[str, Any]]] | None = None
    skipped_identical: int = 0


class YearFile(Reader):
    """The file being read: its data, the database it goes into, and the problems found so far.

    `keying_pass`: ballots are compared with this keying pass (2: a verification batch keyed on another PC).
    """

    def __init__(self, db: Database, data: dict[str, Any], keying_pass: int = 1):
        super().__init__()
        self.db = db
        self.data = data
        self.keying_pass = keying_pass

    def section(self, name: str, keys: Keys) -> list[tuple[str, dict[str, Any]]]:
        """The entries of one top-level array, each with its path, after checking their keys."""
        return self.entries(self.data, name, keys)


@dataclass(frozen=True)
class ImportSummary:
    year: int
    created_year: bool
    counts: dict[str, int]
    skipped_identical: int
