"""Table models of the 干部 tab: the cadres of one pool, the pools with their quotas. Like models.py they only
format what the engine computed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush

from app.scoring.remarks import cadre_notes, grade_text
from app.scoring.results import CadreResult, PoolSummary
from app.ui.results.models import (
    ALIGN_CENTRE,
    ALIGN_NUMBER,
    ALIGN_TEXT,
    CATEGORY_NAMES,
    COLOURS,
    DECIDED,
    EXCELLENT,
    SORT_ROLE,
    TEXT_COLOUR,
    _bold,
    _ResultsTableModel,
    fmt2,
    pool_label,
    provisional_tooltip,
    row_font,
    split_pool,
)
from app.ui.widgets.table_model import ROW_ROLE, AnyIndex

# --- cadres -------------------------------------------------------------------------------------

(
    C_NAME,
    C_UNIT,
    C_CATEGORY,
    C_LEVEL,
    C_DEMOCRATIC,
    C_LEADERS,
    C_BONUS,
    C_DEDUCTION,
    C_TOTAL,
    C_RANK,
    C_GRADE,
    C_NOTE,
) = range(12)
CADRE_HEADERS = (
    "姓名",
    "科室",
    "类别",
    "职务层次",
    "民主测评",
    "领导评价",
    "加分",
    "减分",
    "总分",
    "池内排名",
    "等次",
    "备注",
)
CADRE_DECIMALS = {
    C_DEMOCRATIC: "democratic",
    C_LEADERS: "leaders",
    C_BONUS: "bonus",
    C_DEDUCTION: "deduction",
    C_TOTAL: "total",
}


def cadre_state(cadre: CadreResult) -> str | None:
    if cadre.tie and not cadre.decided:
        return "tie"
    if cadre.incomplete:
        return "incomplete"
    if cadre.grade in ("基本称职", "不称职"):
        return "veto"
    if cadre.grade == EXCELLENT:
        return "first"
    return None


class CadreResultsModel(_ResultsTableModel):
    """One row per cadre, ordered by pool then rank in pool; `PoolFilterProxy` shows one pool."""

    HEADERS = CADRE_HEADERS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._pool_order: dict[str, int] = {}
        self._position: dict[str, int] = {}
        self._category_names: dict[str, str] = dict(CATEGORY_NAMES)
        self._flags: dict[str, list[str]] = {}

    def set_results(
        self,
        cadres: Sequence[CadreResult],
        pools: Sequence[PoolSummary] = (),
        category_names: Mapping[str, str] | None = None,
        flags: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        self._category_names = dict(category_names or CATEGORY_NAMES)
        self._flags = {cid: list(texts) for cid, texts in (flags or {}).items()}
        self._pool_order = {p.pool: i for i, p in enumerate(pools)}
        for cadre in cadres:
            self._pool_order.setdefault(cadre.pool, len(self._pool_order))
        self._position = {c.id: i for i, c in enumerate(cadres)}
        rows = sorted(cadres, key=lambda c: (self._pool_order[c.pool], c.rank_in_pool, self._position[c.id]))
        self.replace_rows(rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        cadre: CadreResult = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(cadre, column)
        if role == ROW_ROLE:
            return cadre
        if role == SORT_ROLE:
            return self._sort_key(cadre, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column in CADRE_DECIMALS:
                return ALIGN_NUMBER
            if column in (C_RANK, C_GRADE, C_CATEGORY, C_LEVEL):
                return ALIGN_CENTRE
            return ALIGN_TEXT
        if role == Qt.ItemDataRole.BackgroundRole:
            state = cadre_state(cadre)
            return QBrush(COLOURS[state]) if state else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(TEXT_COLOUR) if cadre_state(cadre) else None
        if role == Qt.ItemDataRole.FontRole:
            return row_font(cadre, column == C_TOTAL)
        if role == Qt.ItemDataRole.ToolTipRole:
            tips = [provisional_tooltip(cadre)]
            if column == C_DEMOCRATIC:
                tips.append(f"{cadre.votes} 张有效测评票")
            if column == C_LEADERS:
                tips.append(f"{cadre.raters} 位委领导评价")
            shown = [t for t in tips if t]
            return "\n".join(shown) if shown else None
        return None

    def _display(self, cadre: CadreResult, column: int) -> str | None:
        category, level = split_pool(cadre.pool)
        if column == C_NAME:
            return cadre.name
        if column == C_UNIT:
            return cadre.unit
        if column == C_CATEGORY:
            return self._category_names.get(category, category)
        if column == C_LEVEL:
            return level
        if column in CADRE_DECIMALS:
            return fmt2(getattr(cadre, CADRE_DECIMALS[column]))
        if column == C_RANK:
            return str(cadre.rank_in_pool)
        if column == C_GRADE:
            return f"{cadre.grade}{DECIDED}" if cadre.decided and cadre.grade else grade_text(cadre)
        if column == C_NOTE:
            return "；".join(cadre_notes(cadre, self._flags.get(cadre.id, ())))
        return None

    def grade_words(self, cadre: CadreResult) -> str:
        return self._display(cadre, C_GRADE) or ""

    def _sort_key(self, cadre: CadreResult, column: int) -> Any:
        if column in CADRE_DECIMALS:
            return float(getattr(cadre, CADRE_DECIMALS[column]))  # ordering only
        if column == C_RANK:
            # Ranks are per pool: sorting by rank keeps each pool together.
            pool = self._pool_order.get(cadre.pool, 0)
            return (pool * 100_000 + cadre.rank_in_pool) * 100_000 + self._position.get(cadre.id, 0)
        return self._display(cadre, column) or ""


class PoolFilterProxy(QSortFilterProxyModel):
    """Cadres of one pool (None: everyone)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._pool: str | None = None
        self.setSortRole(SORT_ROLE)

    @property
    def pool(self) -> str | None:
        return self._pool

    def set_pool(self, pool: str | None) -> None:
        if pool == self._pool:
            return
        if hasattr(self, "endFilterChange"):  # Qt ≥ 6.10 deprecates invalidateFilter()
            self.beginFilterChange()
            self._pool = pool
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._pool = pool
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        if self._pool is None:
            return True
        source = self.sourceModel()
        cadre = source.data(source.index(source_row, 0, source_parent), ROW_ROLE)
        return cadre is not None and cadre.pool == self._pool


P_POOL, P_SIZE, P_QUOTA, P_EXCELLENT, P_NOTE = range(5)
POOL_HEADERS = ("类别 · 职务层次", "人数", "优秀名额", "优秀", "备注")


class PoolSummaryModel(_ResultsTableModel):
    """The pools with their size, 优秀 quota and 优秀 count; row 0 is 全部 (no pool filter)."""

    HEADERS = POOL_HEADERS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._everyone = (0, 0)  # (cadres, 优秀) shown on the 全部 row
        self._category_names: dict[str, str] = dict(CATEGORY_NAMES)

    def set_results(
        self,
        pools: Sequence[PoolSummary],
        cadres: Sequence[CadreResult],
        category_names: Mapping[str, str] | None = None,
    ) -> None:
        self._category_names = dict(category_names or CATEGORY_NAMES)
        self._everyone = (len(cadres), sum(1 for c in cadres if c.grade == EXCELLENT))
        self.replace_rows([None, *pools])

    def category_names(self) -> dict[str, str]:
        return dict(self._category_names)

    def pool_at(self, row: int) -> str | None:
        entry = self._rows[row] if 0 <= row < len(self._rows) else None
        return entry.pool if entry is not None else None

    def row_of_pool(self, pool: str | None) -> int:
        for row, entry in enumerate(self._rows):
            if (entry.pool if entry is not None else None) == pool:
                return row
        return 0

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        entry: PoolSummary | None = self._rows[index.row()]
        column = index.column()
        if role == ROW_ROLE:
            return entry
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return ALIGN_TEXT if column in (P_POOL, P_NOTE) else ALIGN_CENTRE
        if role == Qt.ItemDataRole.FontRole and entry is None:
            return _bold()
        if role == Qt.ItemDataRole.BackgroundRole and entry is not None and entry.heads_beyond_quota:
            return QBrush(COLOURS["tie"])
        if role == Qt.ItemDataRole.ToolTipRole and entry is not None and entry.computation is not None:
            return f"优秀名额：{entry.computation.text()}\n选中后按 Enter 录入市人社局核定的名额"
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if entry is None:
            return ("全部干部", str(self._everyone[0]), "", str(self._everyone[1]), "")[column]
        if column == P_POOL:
            return pool_label(entry.pool, self._category_names)
        if column == P_SIZE:
            return str(entry.size)
        if column == P_QUOTA:
            override = entry.computation.override if entry.computation else None
            return f"{entry.quota}（核定）" if override else str(entry.quota)
        if column == P_EXCELLENT:
            return str(entry.excellent)
        if column == P_NOTE:
            return f"一等奖科室负责人超出 {entry.heads_beyond_quota} 人" if entry.heads_beyond_quota else ""
        return None
