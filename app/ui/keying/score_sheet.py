"""A keying page whose paper form is a score grid (rows × criteria with points): the annex-4/5 rating
ballots and the leaders' 德能勤绩廉 sheets. Both key, show the stored form again and verify it
(核对录入) through the same grid, the same `Finding`s and `commit_dependent_verification`."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from decimal import Decimal

from PySide6.QtWidgets import QSplitter, QWidget

from app.models.ballots.forms import GridLayout, KeyingError, grid_cells, sheet_name, subtotal
from app.models.ballots.keying import check_rating_scores
from app.models.ballots.verification import Finding, commit_dependent_verification
from app.models.store import dec_str
from app.ui.keying.common import MODE_DEPENDENT, MODE_FIRST, BallotPage
from app.ui.keying.grid import ScoreGridModel, ScoreGridView
from app.ui.scanning.sheet_panel import SheetPanel
from app.ui.shell.session import Session

StoredSheet = tuple[Mapping[str, Sequence[Decimal]], str | None]  # rows → scores, 废票 reason


class ScoreSheetPage(BallotPage):
    counts_words = ("本表", "行")  # the running count: 本票已评 3 / 25 个科室, 本表已评 12 / 150 人

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.grid_view = ScoreGridView()
        self.grid: ScoreGridModel | None = None
        self.layout_for: GridLayout | None = None
        self.checking: int | None = None  # the serial whose stored values the grid compares with
        self.scans = SheetPanel(session)  # a scanned form beside the grid (hidden when there is none)

    # --- to be provided by the page -------------------------------------------------------------

    def grid_layout(self) -> GridLayout:
        raise NotImplementedError

    def stored_sheet(self, serial: int) -> StoredSheet | None:
        """The form as keyed earlier under `serial` (None: not keyed)."""
        raise NotImplementedError

    # --- shared ---------------------------------------------------------------------------------

    def view(self) -> ScoreGridView:
        return self.grid_view

    def grid_with_scans(self) -> QWidget:
        """The grid, and to its right the scanned form being keyed (issue 18 point 5)."""
        splitter = QSplitter()
        splitter.addWidget(self.grid_view)
        splitter.addWidget(self.scans)
        splitter.setStretchFactor(0, 1)
        return splitter

    def build_grid(self) -> None:
        self.layout_for = self.grid_layout()
        self.grid = ScoreGridModel(self.layout_for, self)
        self.grid_view.set_grid(self.grid)
        self.grid_view.finding_context = self._finding
        layout = self.layout_for
        self.scans.set_form(self.form)
        self.scans.follow(self.grid_view, lambda row: layout.rows[row][0] if 0 <= row < len(layout.rows) else "")

    def _finding(self, row: int, col: int | None, first: str | None, second: str | None) -> Finding:
        assert self.layout_for is not None
        return Finding(self.form, self.serial_box.value(), self.layout_for.rows[row][0], col, first, second)

    def typed_on_screen(self) -> str | None:
        grid = self.grid
        if grid is None:
            return None
        values = len(grid.cells) + (1 if grid.buffer else 0)
        row, col = self.grid_view.cell()
        if grid.edited and values:
            checked = f"，已核对 {len(grid.checked)} 个" if grid.expected is not None else ""
            return f"已录入 {values} 个分值{checked}"
        if (row, col) != (0, 0) and grid.rowCount():
            return f"已录入到第 {row + 1} 行"  # rows left blank on paper were passed over
        return None

    def reset_grid(self, expected_serial: int | None) -> None:
        """An empty form; in 核对录入 the stored one (`expected_serial`) is what each value is compared with."""
        assert self.grid is not None and self.layout_for is not None
        expected = None
        self.checking = None
        if self.mode == MODE_DEPENDENT and expected_serial is not None and self.session.year is not None:
            self.checking = expected_serial
            stored = self.stored_sheet(expected_serial)
            if stored is None:
                self.say(f"{sheet_name(self.form, expected_serial)}尚未录入，无法核对。")
                expected = {}
            else:
                values, void = stored
                expected = grid_cells(self.layout_for, values)
                if void:
                    self.void_box.setChecked(True)
                    self.void_reason.setText(void)
        self.grid.clear(expected)
        self.grid_view.go(0, 0)
        self.scans.show_for(self.mode == MODE_FIRST, self.checking)

    def scores(self) -> dict[str, tuple[Decimal, ...]]:
        assert self.grid is not None and self.layout_for is not None
        return check_rating_scores(self.layout_for, self.grid.cells)

    def commit_verification(
        self, conn: sqlite3.Connection, year: int, serial: int, findings: list[Finding]
    ) -> dict[str, tuple[Decimal, ...]]:
        """核对录入: every stored value compared, the form as settled written with the findings, marked verified."""
        assert self.grid is not None
        if self.grid.expected is None:
            raise KeyingError(f"没有要核对的表：请在“{self.serial_caption.split('(')[0]}”中输入要核对的编号")
        if serial != self.checking:  # the number was changed after the form was loaded for checking
            raise KeyingError(
                f"屏幕上核对的是{sheet_name(self.form, self.checking or 0)}，不是第 {serial} 号："
                "请在编号框中按回车重新调出要核对的表"
            )
        unchecked = self.grid.unchecked()
        if unchecked:
            raise KeyingError(f"还有 {unchecked} 个原录入的分值没有核对到，请继续录入到最后一格")
        scores = self.scores()
        commit_dependent_verification(conn, year, self.form, serial, scores, findings)
        return scores

    def update_counts(self) -> None:
        if self.grid is None or self.layout_for is None:
            return
        total = subtotal(self.grid.cells.values())
        checking = ""
        if self.grid.expected is not None:
            checking = f"；核对中，尚有 {self.grid.unchecked()} 个原录入分值未核对到"
        filled, started = self.grid.rows_filled(), self.grid.rows_started()
        partly = f"（另有 {started - filled} {self.counts_words[1]}未评完）" if started > filled else ""
        self.counts_label.setText(
            f"{self.counts_words[0]}已评 {filled} / {len(self.layout_for.rows)} {self.counts_words[1]}{partly}，"
            f"合计 {dec_str(total)} 分{checking}"
        )
