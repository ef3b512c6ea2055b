"""Keying grids shared by the entry pages: a score grid (units/cadres × criteria with maxima) and a mark
column (democratic ballot). Each keystroke changes one cell and emits dataChanged for that cell only.

Verification (dependent double entry): the grid is given the stored values; each value is compared
as it is completed, and a mismatch stops the cursor until the clerk says which is right (A = the
first keying, B = this one). The answers are kept as `Finding`s for the page to commit. The answer
becomes the value expected from then on, so a cell keyed again (after going back) is compared again,
and a cell cleared again counts as not yet checked.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from app.models.ballots.forms import (
    GridLayout,
    KeyingError,
    parse_score,
    score_complete,
    score_prefix_ok,
    subtotal,
)
from app.models.ballots.verification import Finding
from app.models.store import dec_str
from app.ui.widgets.table_model import ROW_ROLE  # in the grids: the row's id (unit name or cadre id)

PENDING = QBrush(QColor("#fff3b0"))
CONFLICT = QBrush(QColor("#ffb3b3"))
CHECKED = QBrush(QColor("#d8f5d0"))
Index = QModelIndex | QPersistentModelIndex
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
CONFIRM_FIRST, CONFIRM_SECOND = Qt.Key.Key_A, Qt.Key.Key_B
HEADING_PADDING = 10  # the header section's margins round its text, in pixels
CONFLICT_HINT = "请看纸质票：按 A = 原录入正确，按 B = 本次录入正确"


class ScoreGridModel(QAbstractTableModel):
    """Rows of the paper form × its criteria, then 小计 (the row's sum, read-only)."""

    def __init__(self, layout: GridLayout, parent: Any = None) -> None:
        super().__init__(parent)
        self.layout = layout
        self.cells: dict[tuple[int, int], Decimal] = {}
        self.buffer = ""
        self.buffer_cell: tuple[int, int] | None = None
        self.expected: dict[tuple[int, int], Decimal] | None = None  # dependent verification
        self.checked: set[tuple[int, int]] = set()
        self.conflict: tuple[int, int] | None = None
        self.integers_only = False  # tally mode: counts of marks
        self.show_maxima = True  # the criteria's points in the header (not for counts)
        self.edited = False  # the clerk typed something since the grid was cleared or loaded
        self.heading_chars: int | None = None  # characters a heading line may hold; set by the view from its width

    @property
    def criteria_count(self) -> int:
        return len(self.layout.columns)

    @property
    def subtotal_column(self) -> int:
        return self.criteria_count

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.layout.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.criteria_count + 1

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return f"{section + 1} {self.layout.rows[section][1]}"
        if not self.show_maxima:
            return "合计" if section == self.subtotal_column else self.wrapped(self.layout.columns[section])
        # The points on a line of their own: 党建及干部队伍建设工作（4） in one line is wider than its column on a
        # 1280-pixel screen and was cut at both ends.
        if section == self.subtotal_column:
            return f"小计\n（{dec_str(sum(self.layout.maxima, Decimal(0)))}）"
        return f"{self.wrapped(self.layout.columns[section])}\n（{dec_str(self.layout.maxima[section])}）"

    def wrapped(self, title: str) -> str:
        """A criterion's name in lines of about equal length that fit its column, as the paper form prints
        党建及干部队伍建设工作 on three lines: with the scan beside the grid the columns are too narrow for one."""
        chars = self.heading_chars
        if not chars or len(title) <= chars:
            return title
        lines = -(-len(title) // chars)
        step = -(-len(title) // lines)
        return "\n".join(title[i : i + step] for i in range(0, len(title), step))

    def set_heading_chars(self, chars: int | None) -> None:
        if chars != self.heading_chars:
            self.heading_chars = chars
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(self.columnCount() - 1, 0))

    def flags(self, index: Index) -> Qt.ItemFlag:
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        cell = (index.row(), index.column())
        if role == ROW_ROLE:
            return self.layout.rows[index.row()][0]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if index.column() == self.subtotal_column:
            if role == Qt.ItemDataRole.DisplayRole:
                values = [self.cells.get((index.row(), c)) for c in range(self.criteria_count)]
                return dec_str(subtotal(values)) if any(values) else ""
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if cell == self.buffer_cell:
                return self.buffer + "▏"
            value = self.cells.get(cell)
            if cell == self.conflict and self.expected is not None:
                stored = self.expected.get(cell)
                return f"本次 {'空白' if value is None else dec_str(value)} ≠ 原录入 {'空白' if stored is None else dec_str(stored)}"
            return "" if value is None else dec_str(value)
        if role == Qt.ItemDataRole.BackgroundRole:
            if cell == self.conflict:
                return CONFLICT
            if cell == self.buffer_cell:
                return PENDING
            if cell in self.checked:
                return CHECKED
        return None

    def _changed(self, row: int, column: int) -> None:
        index = self.index(row, column)
        self.dataChanged.emit(index, index)

    def set_buffer(self, cell: tuple[int, int] | None, text: str) -> None:
        self.edited = self.edited or bool(text)
        old = self.buffer_cell
        self.buffer_cell, self.buffer = cell, text
        for where in {old, cell} - {None}:
            assert where is not None
            self._changed(*where)

    def set_value(self, cell: tuple[int, int], value: Decimal | None) -> None:
        self.edited = True
        if value is None:
            self.cells.pop(cell, None)
        else:
            self.cells[cell] = value
        self._changed(*cell)
        self._changed(cell[0], self.subtotal_column)

    def set_conflict(self, cell: tuple[int, int] | None) -> None:
        old, self.conflict = self.conflict, cell
        for where in {old, cell} - {None}:
            assert where is not None
            self._changed(*where)

    def clear(self, expected: dict[tuple[int, int], Decimal] | None = None) -> None:
        self.beginResetModel()
        self.cells, self.buffer, self.buffer_cell = {}, "", None
        self.expected, self.checked, self.conflict = expected, set(), None
        self.edited = False
        self.endResetModel()

    def load(self, cells: dict[tuple[int, int], Decimal]) -> None:
        """Stored values shown for correction (not verification)."""
        self.beginResetModel()
        self.cells = dict(cells)
        self.buffer, self.buffer_cell, self.conflict = "", None, None
        self.expected, self.checked = None, set()
        self.edited = False
        self.endResetModel()

    def unchecked(self) -> int:
        """Stored values not yet compared with the paper (dependent verification)."""
        return 0 if self.expected is None else len(self.expected.keys() - self.checked)

    def uncheck(self, cell: tuple[int, int]) -> None:
        """A checked value cleared again: it must be keyed and compared again."""
        if cell in self.checked:
            self.checked.discard(cell)
            self._changed(*cell)

    def rows_filled(self) -> int:
        """Rows with every cell keyed (a unit scored in 2 of its 5 cells is not yet 已评)."""
        width = len(self.layout.columns)
        per_row: dict[int, int] = {}
        for row, _col in self.cells:
            per_row[row] = per_row.get(row, 0) + 1
        return sum(1 for count in per_row.values() if count >= width)

    def rows_started(self) -> int:
        return len({r for r, _c in self.cells})

    def is_empty(self) -> bool:
        return not self.cells and not self.buffer

    def where(self, cell: tuple[int, int]) -> str:
        row, col = cell
        return f"第 {row + 1} 行 {self.layout.rows[row][1]} {self.layout.columns[col]}"


class KeyingView(QTableView):
    """A table that takes the clerk's keys itself (no editor widgets): O(1) work per key."""

    message = Signal(str)  # for the page's status line (never a modal dialog while keying)
    commit_requested = Signal()
    progressed = Signal()  # a value was accepted (the page may update its running counts)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(True)  # Tab reaches keyPressEvent (a cell move), not the focus chain
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(24)
        self.findings: list[Finding] = []
        self.finding_context: Callable[[int, int | None, str | None, str | None], Finding] | None = None

    def go(self, row: int, column: int) -> None:
        self.setCurrentIndex(self.model().index(row, column))

    def cell(self) -> tuple[int, int]:
        index = self.currentIndex()
        return (max(index.row(), 0), max(index.column(), 0))

    def is_ctrl_enter(self, event: QKeyEvent) -> bool:
        return event.key() in ENTER_KEYS and bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)


class ScoreGridView(KeyingView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid: ScoreGridModel | None = None

    def set_grid(self, grid: ScoreGridModel) -> None:
        self.grid = grid
        self.setModel(grid)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.sectionResized.connect(self.wrap_headings)
        self.wrap_headings()
        self.go(0, 0)

    def wrap_headings(self, *_: object) -> None:
        """Give the headings as many characters a line as the narrowest criterion column holds."""
        grid = self.grid
        if grid is None or not grid.criteria_count:
            return
        narrowest = min(self.columnWidth(c) for c in range(grid.criteria_count))
        if narrowest <= 0:
            return
        metrics = QFontMetrics(self.horizontalHeader().font())
        chars = max(2, (narrowest - HEADING_PADDING) // max(metrics.horizontalAdvance("国"), 1))
        grid.set_heading_chars(chars)

    def last_cell(self) -> tuple[int, int]:
        assert self.grid is not None
        return (self.grid.rowCount() - 1, self.grid.criteria_count - 1)

    def advance(self) -> None:
        assert self.grid is not None
        row, col = self.cell()
        if col + 1 < self.grid.criteria_count:
            self.go(row, col + 1)
        elif row + 1 < self.grid.rowCount():
            self.go(row + 1, 0)

    def back(self) -> None:
        assert self.grid is not None
        row, col = self.cell()
        if col > 0:
            self.go(row, col - 1)
        elif row > 0:
            self.go(row - 1, self.grid.criteria_count - 1)

    def accept(self, value: Decimal | None, at_end_commits: bool) -> None:
        """Store the value of the current cell (after verification) and move on."""
        assert self.grid is not None
        grid, cell = self.grid, self.cell()
        if grid.expected is not None:
            stored = grid.expected.get(cell)
            if stored != value:
                grid.set_buffer(None, "")
                grid.set_value(cell, value)
                grid.set_conflict(cell)
                first = "空白" if stored is None else dec_str(stored)
                second = "空白" if value is None else dec_str(value)
                self.message.emit(f"核对不一致：{grid.where(cell)} 原录入 {first}，本次 {second}。{CONFLICT_HINT}")
                self.progressed.emit()  # the running count shows what is on screen
                return
            grid.checked.add(cell)
        grid.set_buffer(None, "")
        grid.set_value(cell, value)
        self.progressed.emit()
        if cell == self.last_cell():
            if at_end_commits:
                self.commit_requested.emit()
            return
        self.advance()

    def resolve(self, first_is_right: bool) -> None:
        assert self.grid is not None and self.grid.conflict is not None and self.grid.expected is not None
        grid, cell = self.grid, self.grid.conflict
        stored, typed = grid.expected.get(cell), grid.cells.get(cell)
        if self.finding_context is not None:
            finding = self.finding_context(
                cell[0], cell[1], None if stored is None else dec_str(stored), None if typed is None else dec_str(typed)
            )
            from dataclasses import replace

            chosen = stored if first_is_right else typed
            self.findings.append(
                replace(
                    finding,
                    resolved_value=None if chosen is None else dec_str(chosen),
                    first_was_wrong=not first_is_right,
                )
            )
        chosen = stored if first_is_right else typed
        if chosen is None:
            grid.expected.pop(cell, None)
        else:
            grid.expected[cell] = chosen  # settled with the paper: what the cell must hold from now on
        grid.set_value(cell, chosen)
        grid.checked.add(cell)
        grid.set_conflict(None)
        self.message.emit(f"{grid.where(cell)} 已按{'原录入' if first_is_right else '本次录入'}确认")
        self.progressed.emit()
        if cell != self.last_cell():
            self.advance()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        grid = self.grid
        if grid is None or grid.rowCount() == 0:
            return super().keyPressEvent(event)
        key, text = event.key(), event.text()
        if grid.conflict is not None:
            if key in (CONFIRM_FIRST, CONFIRM_SECOND):
                self.resolve(key == CONFIRM_FIRST)
            else:
                self.message.emit(CONFLICT_HINT)
            return
        if self.is_ctrl_enter(event):
            if grid.buffer:
                self.finish_buffer(at_end_commits=False)
                if grid.buffer:
                    return
            self.commit_requested.emit()
            return
        row, col = self.cell()
        if col >= grid.criteria_count:
            col = grid.criteria_count - 1
            self.go(row, col)
        maximum = grid.layout.maxima[col]
        if text == "." and grid.integers_only:
            self.message.emit(f"{grid.where((row, col))}：票数是整数")
            return
        if text and (text.isdigit() or text == "."):
            candidate = (grid.buffer if grid.buffer_cell == (row, col) else "") + text
            if not score_prefix_ok(candidate, maximum):
                self.message.emit(
                    f"不接受“{candidate}”：{grid.where((row, col))} 满分 {dec_str(maximum)}，分值最多一位小数"
                )
                return
            grid.set_buffer((row, col), candidate)
            if score_complete(candidate, maximum):
                self.finish_buffer(at_end_commits=False)
            return
        if key in (*ENTER_KEYS, Qt.Key.Key_Tab, Qt.Key.Key_Space):
            if grid.buffer:
                self.finish_buffer(at_end_commits=key in ENTER_KEYS)
            elif (row, col) == self.last_cell() and key in ENTER_KEYS:
                self.accept(grid.cells.get((row, col)), at_end_commits=True)
            else:
                self.accept(grid.cells.get((row, col)), at_end_commits=False)
            return
        if key == Qt.Key.Key_Backspace:
            if grid.buffer:
                grid.set_buffer((row, col) if len(grid.buffer) > 1 else None, grid.buffer[:-1])
            elif (row, col) in grid.cells:
                grid.set_value((row, col), None)
                grid.uncheck((row, col))
            else:
                self.back()
                grid.set_value(self.cell(), None)
                grid.uncheck(self.cell())
            return
        if key == Qt.Key.Key_Delete:
            grid.set_buffer(None, "")
            grid.set_value((row, col), None)
            grid.uncheck((row, col))
            return
        if key == Qt.Key.Key_Escape:
            grid.set_buffer(None, "")
            return
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Home, Qt.Key.Key_End):
            grid.set_buffer(None, "")
            return super().keyPressEvent(event)
        if text and text.isprintable():
            self.message.emit(f"“{text}”不是分数：请输入数字（如 3.5），回车/Tab/空格跳到下一格")
            return
        super().keyPressEvent(event)

    def finish_buffer(self, at_end_commits: bool) -> None:
        assert self.grid is not None
        cell = self.cell()
        try:
            value = parse_score(self.grid.buffer, self.grid.layout.maxima[cell[1]], self.grid.where(cell))
        except KeyingError as exc:
            self.message.emit(str(exc))
            return
        self.message.emit("")
        self.accept(value, at_end_commits)
