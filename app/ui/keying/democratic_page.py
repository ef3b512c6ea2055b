"""民主测评录入: one anonymous ballot at a time, one key per mark; or hand tallies (four counts per cadre)."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QCheckBox, QStackedWidget, QWidget

from app.models.ballots.forms import DEMOCRATIC, MARKS, GridLayout, KeyingError
from app.models.ballots.keying import (
    check_marks,
    commit_democratic_ballot,
    commit_tallies,
    read_ballot,
    read_tallies,
    returned_count,
)
from app.models.ballots.verification import Finding, commit_dependent_verification
from app.models.errors import AppraisalError
from app.models.store import read_cadres
from app.ui.keying.common import MODE_DEPENDENT, MODE_SECOND, BallotPage, empty_roster_hint, this_pc
from app.ui.keying.grid import KeyingView, ScoreGridModel, ScoreGridView
from app.ui.keying.marks import MarkModel, MarkView
from app.ui.shell.session import Session

NO_LIMIT = Decimal(99999)


class DemocraticKeyingPage(BallotPage):
    title = "民主测评录入"
    help_text = (
        "一键一票：1 = 优秀，2 = 称职，3 = 基本称职，4 = 不称职，0 或空格 = 未标记，自动跳到下一人；"
        "Backspace 退回上一人；最后一人按回车或任何时候按 Ctrl+Enter 提交本票。测评票不记录投票人。"
        "核对录入不一致时：A = 原录入正确，B = 本次录入正确。"
        "汇总计票模式：每人录入四个票数（整数，回车跳格），Ctrl+Enter 保存，合计不得超过收回票数。"
    )

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.tally_box = QCheckBox("汇总计票模式(&T)")
        self.bar.insertWidget(self.bar.count() - 1, self.tally_box)
        self.stack = QStackedWidget()
        self.mark_view = MarkView()
        self.tally_view = ScoreGridView()
        self.stack.addWidget(self.mark_view)
        self.stack.addWidget(self.tally_view)
        self.marks: MarkModel | None = None
        self.tally: ScoreGridModel | None = None
        self.cadre_ids: list[str] = []
        self.returned: int | None = None
        self.finish_layout(self.mark_view, self.stack)
        self.tally_view.message.connect(self.say)
        self.tally_view.commit_requested.connect(self.commit)
        self.tally_view.progressed.connect(self.update_counts)
        self.tally_box.toggled.connect(self._tally_toggled)

    @property
    def form(self) -> str:
        return DEMOCRATIC

    @property
    def tally_mode(self) -> bool:
        return self.tally_box.isChecked()

    def view(self) -> KeyingView:
        return self.tally_view if self.tally_mode else self.mark_view

    def missing(self) -> str | None:
        if getattr(self, "cadre_ids", None):
            return None
        return empty_roster_hint(self.session.year)

    def rebuild(self, initial: bool) -> None:
        year = self.session.year
        assert year is not None
        cadres = read_cadres(self.session.db, year)
        self.cadre_ids = [c.id for c in cadres]
        self.marks = MarkModel([(c.id, c.name, c.unit) for c in cadres], self)
        self.mark_view.set_marks_model(self.marks)
        self.mark_view.finding_context = self._finding
        layout = GridLayout(tuple((c.id, f"{c.name}（{c.unit}）") for c in cadres), MARKS, (NO_LIMIT,) * 4)
        self.tally = ScoreGridModel(layout, self)
        self.tally.integers_only = True
        self.tally.show_maxima = False
        self.tally_view.set_grid(self.tally)
        self._load_tallies()
        if self.tally_mode:
            self.returned = self.returned_ballots()

    def _load_tallies(self) -> None:
        if self.tally is None or self.session.year is None:
            return
        stored = read_tallies(self.session.db, self.session.year)
        cells = {}
        for row, cadre_id in enumerate(self.cadre_ids):
            for col, count in enumerate(stored.get(cadre_id, ())):
                cells[(row, col)] = Decimal(count)
        self.tally.load(cells)

    def _tally_toggled(self, on: bool) -> None:
        for widget in (self.mode_box, self.serial_box, self.void_box):
            widget.setEnabled(not on)
        self.void_reason.setEnabled(not on and self.void_box.isChecked())
        self.stack.setCurrentWidget(self.tally_view if on else self.mark_view)
        if on:
            self.returned = self.returned_ballots()
            self._load_tallies()
            self.tally_view.go(0, 0)
        self.update_counts()
        self.say("")
        self.focus_grid()

    def _finding(self, row: int, col: int | None, first: str | None, second: str | None) -> Finding:
        return Finding(DEMOCRATIC, self.serial_box.value(), self.cadre_ids[row], None, first, second)

    def views(self) -> tuple[KeyingView, ...]:
        return (self.mark_view, self.tally_view)

    def typed_on_screen(self) -> str | None:
        if self.tally is not None and self.tally.edited:
            return "汇总票数已修改"
        if self.marks is None:
            return None
        row = self.mark_view.cell()[0]
        marked = sum(self.marks.counts.values())
        if marked or row > 0:
            return f"已录入到第 {row + 1} 人，标记 {marked} 个"  # a run of 0/space is keyed too: no mark
        return None

    def reset_grid(self, expected_serial: int | None) -> None:
        assert self.marks is not None
        expected = None
        if self.mode == MODE_DEPENDENT and expected_serial is not None and self.session.year is not None:
            stored = read_ballot(self.session.db, self.session.year, DEMOCRATIC, expected_serial)
            if stored is None:
                self.say(f"民主测评表第 {expected_serial} 号尚未录入，无法核对。")
                expected = [None] * len(self.cadre_ids)
            else:
                expected = [stored.values.get(c) for c in self.cadre_ids]  # type: ignore[misc]
                if stored.void:
                    self.void_box.setChecked(True)
                    self.void_reason.setText(stored.void)
        self.marks.clear(expected)
        self.mark_view.go(0, MarkModel.COL_MARK)

    def returned_ballots(self) -> int | None:
        assert self.session.year is not None
        return returned_count(self.session.db, self.session.year, DEMOCRATIC)

    def write_ballot(self, conn, year: int, serial: int, void: str | None, findings: list[Finding]) -> None:
        assert self.marks is not None
        if self.tally_mode:
            raise AssertionError("tally mode commits through commit()")
        marks = check_marks(self.cadre_ids, self.marks.marks)
        if self.mode == MODE_DEPENDENT:
            if serial != self.shown_serial:  # the number changed after the ballot was loaded for checking
                raise KeyingError(
                    f"屏幕上核对的是民主测评表第 {self.shown_serial} 号，不是第 {serial} 号："
                    "请在编号框中按回车重新调出要核对的票"
                )
            unchecked = len(self.cadre_ids) - len(self.marks.checked)
            if unchecked:
                raise KeyingError(f"还有 {unchecked} 人没有核对到，请继续录入到最后一人")
            commit_dependent_verification(conn, year, DEMOCRATIC, serial, marks, findings)
            return
        keying_pass = 2 if self.mode == MODE_SECOND else 1
        commit_democratic_ballot(conn, year, serial, marks, void, keying_pass, keyed_on=this_pc())

    def commit(self) -> None:
        if not self.tally_mode:
            super().commit()
            return
        year = self.session.year
        if year is None or self.tally is None:
            return
        if self.tally.buffer:
            self.tally_view.finish_buffer(at_end_commits=False)
        counts = {}
        for row, cadre_id in enumerate(self.cadre_ids):
            values = [self.tally.cells.get((row, col)) for col in range(4)]
            counts[cadre_id] = tuple(int(v or 0) for v in values)
        try:
            with self.session.write("录入民主测评汇总票数") as conn:
                commit_tallies(conn, year, counts, self.returned_ballots())
        except AppraisalError as exc:  # a wrong count, a locked year, a read-only file
            self.say(f"未保存：{exc}")
            return
        self.tally.edited = False  # saved: nothing left to lose
        self.say("汇总票数已保存。")

    def update_counts(self) -> None:
        if self.tally_mode:
            if self.tally is None:
                return
            row = self.tally_view.cell()[0]
            total = sum(int(self.tally.cells.get((row, c), 0)) for c in range(4))
            returned = self.returned
            name = self.tally.layout.rows[row][1]
            self.counts_label.setText(
                f"{name}：四项合计 {total} 票" + (f"（收回 {returned} 张）" if returned else "（收回张数未填）")
            )
            return
        if self.marks is None:
            return
        counts = "，".join(f"{mark} {self.marks.counts[mark]}" for mark in MARKS)
        self.counts_label.setText(f"本票：{counts}，未标记 {self.marks.unmarked()}（共 {len(self.cadre_ids)} 人）")
