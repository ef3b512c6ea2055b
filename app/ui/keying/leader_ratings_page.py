"""领导评价录入: one leadership member's sheet at a time, cadres in ballot order × 德能勤绩廉 (6 each);
核对录入 re-keys a stored sheet against the paper like a rating ballot."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from app.models.ballots.forms import LEADER_RATINGS, GridLayout, KeyingError, grid_cells, leader_layout, sheet_name
from app.models.ballots.keying import commit_leader_sheet, leader_raters, read_leader_ratings, verified_raters
from app.models.ballots.verification import Finding
from app.ui.keying.common import MODE_DEPENDENT, MODE_FIRST, MODES, empty_roster_hint
from app.ui.keying.score_sheet import ScoreSheetPage, StoredSheet
from app.ui.shell.session import Session


class LeaderRatingsPage(ScoreSheetPage):
    title = "领导评价录入"
    help_text = (
        "每位班子成员一张表：先选打分人编号，再按表上顺序录入德、能、勤、绩、廉（每项满分 6），"
        "满分或一位小数自动跳格，回车/Tab/空格确认跳格，整行留空表示未给此人打分；"
        "最后一格按回车或任何时候按 Ctrl+Enter 保存本表并转到下一位打分人；输入已录入的编号可调出该表修改。"
        "核对录入：自动给出下一位未核对的打分人，照纸质表重新录入，与原录入不一致时光标停住："
        "按 A = 原录入正确，按 B = 本次录入正确。"
    )
    offered_modes = tuple(m for m in MODES if m[0] in (MODE_FIRST, MODE_DEPENDENT))  # one keying pass, no 废票
    serial_caption = "打分人编号(&R)："
    voidable = False
    next_prompt = "请录入下一位。"
    counts_words = ("本表", "人")

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.rater_box = self.serial_box  # the rater's number is this form's serial
        self.rater_box.setRange(1, 99)
        self.raters_label = QLabel()
        self.loaded_stored = False  # the grid shows a sheet as stored (for correction), not a new one
        self.bar.insertWidget(self.bar.count() - 1, self.raters_label)
        self.finish_layout(self.grid_view, self.grid_with_scans())

    @property
    def form(self) -> str:
        return LEADER_RATINGS

    def refresh(self) -> None:
        super().refresh()
        year = self.session.year
        if year is None:
            return
        raters = leader_raters(self.session.db, year)
        verified = verified_raters(self.session.db, year)
        text = f"已录入打分人：{'、'.join(map(str, raters)) or '无'}"
        if raters:
            text += f"；已核对：{'、'.join(map(str, verified)) or '无'}"
        self.raters_label.setText(text)

    def rebuild(self, initial: bool) -> None:
        self.build_grid()

    def missing(self) -> str | None:
        if self.layout_for is None or self.layout_for.rows:
            return None
        return empty_roster_hint(self.session.year)

    def grid_layout(self) -> GridLayout:
        scheme = self.session.scheme()
        assert scheme is not None and self.session.year is not None
        return leader_layout(self.session.db, self.session.year, scheme)

    def stored_sheet(self, serial: int) -> StoredSheet | None:
        assert self.session.year is not None
        stored = read_leader_ratings(self.session.db, self.session.year, serial)
        return (stored, None) if stored else None

    def typed_on_screen(self) -> str | None:
        if self.grid is None or not self.grid.edited:
            # A stored sheet shown untouched is not typed work (and may follow the store), wherever the cursor is.
            return None if self.loaded_stored or self.grid_view.cell() == (0, 0) else super().typed_on_screen()
        return super().typed_on_screen() or "已修改"

    def keep_typed_for(self, serial: int) -> bool:
        """A new sheet typed under the wrong rater number: renumbering keeps the values (nothing stored there)."""
        return (
            self.mode == MODE_FIRST
            and not self.loaded_stored
            and self.typed_on_screen() is not None
            and self.stored_sheet(serial) is None
        )

    def shows_stored_sheet(self) -> bool:
        return self.mode == MODE_FIRST  # an earlier rater's sheet comes back for correction

    def reset_grid(self, expected_serial: int | None) -> None:
        if self.mode == MODE_DEPENDENT or expected_serial is None:
            self.loaded_stored = False
            super().reset_grid(expected_serial)
            return
        assert self.grid is not None and self.layout_for is not None
        stored = self.stored_sheet(expected_serial)
        self.loaded_stored = stored is not None
        self.grid.load(grid_cells(self.layout_for, stored[0]) if stored else {})
        self.grid_view.go(0, 0)
        # a stored sheet shows its own scan (if any); a new one, the next scanned sheet waiting
        self.scans.show_for(not self.loaded_stored, expected_serial if self.loaded_stored else None)

    def load_rater(self) -> None:
        """Show the chosen rater's sheet as stored (empty for a new rater); in 核对录入, start checking it."""
        self._serial_chosen(force=True)

    def write_ballot(self, conn, year: int, serial: int, void: str | None, findings: list[Finding]) -> None:
        if self.mode == MODE_DEPENDENT:
            self.commit_verification(conn, year, serial, findings)
            return
        if serial != self.shown_serial and self.stored_sheet(serial) is not None:
            # The number was changed (no Enter) after another sheet was put on screen: never overwrite sheet `serial`.
            raise KeyingError(
                f"{sheet_name(LEADER_RATINGS, serial)}已录入过，屏幕上的是第 {self.shown_serial} 号的表："
                f"要修改第 {serial} 号，请在编号框中按回车调出它"
            )
        commit_leader_sheet(conn, year, serial, self.scores())
        self.scans.take(conn, year, serial)  # keyed from a scanned sheet: its image goes with it
