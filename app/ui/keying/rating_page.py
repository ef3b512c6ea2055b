"""评分表录入: annex 4 (班子成员评分表) and annex 5 (科室负责人评分表), one paper ballot at a time."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from app.models.ballots import (
    FORM_TITLES,
    RATING_FORMS,
    Finding,
    GridLayout,
    check_rating_scores,
    commit_dependent_verification,
    commit_rating_ballot,
    last_rating_form,
    rating_layout,
    read_ballot,
    subtotal,
)
from app.models.store import dec_str
from app.ui.keying.common import MODE_DEPENDENT, MODE_SECOND, BallotPage, this_pc
from app.ui.keying.grid import ScoreGridModel, ScoreGridView
from app.ui.session import Session


class RatingKeyingPage(BallotPage):
    title = "评分表录入"
    help_text = (
        "按纸质表的顺序录入：数字键输入分值，满分或一位小数（如 3.5）自动跳到下一格；回车、Tab 或空格确认并跳格，"
        "整行留空表示该科室未评分；Backspace 删除；最后一格按回车或任何时候按 Ctrl+Enter 提交本票并打开下一张。"
        "核对录入时如与原录入不一致，光标停住：按 A = 原录入正确，按 B = 本次录入正确。"
    )

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.form_box = QComboBox()
        for form in RATING_FORMS:
            self.form_box.addItem(FORM_TITLES[form], form)
        form_label = QLabel("表格(&B)：")  # not Alt+F: that opens the 文件 menu
        form_label.setBuddy(self.form_box)
        self.bar.insertWidget(0, self.form_box)
        self.bar.insertWidget(0, form_label)
        self.form_box.currentIndexChanged.connect(self._form_changed)
        self.grid_view = ScoreGridView()
        self.grid: ScoreGridModel | None = None
        self.layout_for: GridLayout | None = None
        self.finish_layout(self.grid_view)

    @property
    def form(self) -> str:
        return str(self.form_box.currentData())

    def view(self) -> ScoreGridView:
        return self.grid_view

    def set_form(self, form: str) -> None:
        self.form_box.setCurrentIndex(RATING_FORMS.index(form))

    def rebuild(self, initial: bool) -> None:
        year = self.session.year
        assert year is not None
        last = last_rating_form(self.session.db, year) if initial else None
        if last is not None and last != self.form:
            self.form_box.blockSignals(True)
            self.set_form(last)  # reopening returns to the form keyed last
            self.form_box.blockSignals(False)
        self._build_grid()

    def _build_grid(self) -> None:
        scheme = self.session.scheme()
        assert scheme is not None
        self.layout_for = rating_layout(scheme, self.form)
        self.grid = ScoreGridModel(self.layout_for, self)
        self.grid_view.set_grid(self.grid)
        self.grid_view.finding_context = self._finding

    def _form_changed(self) -> None:
        if self.session.year is None:
            return
        self._build_grid()
        self.start_ballot()
        self.say("")
        self.focus_grid()

    def _finding(self, row: int, col: int | None, first: str | None, second: str | None) -> Finding:
        assert self.layout_for is not None
        return Finding(self.form, self.serial_box.value(), self.layout_for.rows[row][0], col, first, second)

    def grid_empty(self) -> bool:
        return self.grid is None or self.grid.is_empty()

    def reset_grid(self, expected_serial: int | None) -> None:
        assert self.grid is not None and self.layout_for is not None
        expected = None
        if self.mode == MODE_DEPENDENT and expected_serial is not None and self.session.year is not None:
            stored = read_ballot(self.session.db, self.session.year, self.form, expected_serial)
            if stored is None:
                self.say(f"{FORM_TITLES[self.form]}第 {expected_serial} 号尚未录入，无法核对。")
                expected = {}
            else:
                expected = {}
                for row, (name, _label) in enumerate(self.layout_for.rows):
                    for col, value in enumerate(stored.values.get(name, ())):  # type: ignore[arg-type]
                        expected[(row, col)] = value
                if stored.void:
                    self.void_box.setChecked(True)
                    self.void_reason.setText(stored.void)
        self.grid.clear(expected)
        self.grid_view.go(0, 0)

    def scores(self) -> dict[str, tuple[Decimal, ...]]:
        assert self.grid is not None and self.layout_for is not None
        return check_rating_scores(self.layout_for, self.grid.cells)

    def write_ballot(self, conn, year: int, serial: int, void: str | None, findings: list[Finding]) -> None:
        scores = self.scores()
        if self.mode == MODE_DEPENDENT:
            assert self.grid is not None and self.grid.expected is not None
            unchecked = len(self.grid.expected.keys() - self.grid.checked)
            if unchecked:
                from app.models.ballots import KeyingError

                raise KeyingError(f"还有 {unchecked} 个原录入的分值没有核对到，请继续录入到最后一格")
            commit_dependent_verification(conn, year, self.form, serial, scores, findings)
            return
        keying_pass = 2 if self.mode == MODE_SECOND else 1
        commit_rating_ballot(conn, year, self.form, serial, scores, void, keying_pass, keyed_on=this_pc())

    def update_counts(self) -> None:
        if self.grid is None or self.layout_for is None:
            return
        total = subtotal(self.grid.cells.values())
        self.counts_label.setText(
            f"本票已评 {self.grid.rows_filled()} / {len(self.layout_for.rows)} 个科室，合计 {dec_str(total)} 分"
        )
