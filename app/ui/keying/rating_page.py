"""评分表录入: annex 4 (班子成员评分表) and annex 5 (科室负责人评分表), one paper ballot at a time."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from app.models.ballots.forms import FORM_TITLES, RATING_FORMS, GridLayout, rating_layout
from app.models.ballots.keying import commit_rating_ballot, last_rating_form, read_ballot
from app.models.ballots.verification import Finding
from app.ui.keying.common import MODE_DEPENDENT, MODE_SECOND, this_pc
from app.ui.keying.score_sheet import ScoreSheetPage, StoredSheet
from app.ui.shell.session import Session


class RatingKeyingPage(ScoreSheetPage):
    title = "评分表录入"
    help_text = (
        "按纸质表的顺序录入：数字键输入分值，满分或一位小数（如 3.5）自动跳到下一格；回车、Tab 或空格确认并跳格，"
        "整行留空表示该科室未评分；Backspace 删除；最后一格按回车或任何时候按 Ctrl+Enter 提交本票并打开下一张。"
        "核对录入时如与原录入不一致，光标停住：按 A = 原录入正确，按 B = 本次录入正确。"
    )
    counts_words = ("本票", "个科室")

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.form_box = QComboBox()
        for form in RATING_FORMS:
            self.form_box.addItem(FORM_TITLES[form], form)
        form_label = QLabel("表格(&B)：")  # not Alt+F: that opens the 文件 menu
        form_label.setBuddy(self.form_box)
        self.bar.insertWidget(0, self.form_box)
        self.bar.insertWidget(0, form_label)
        self.form_index = 0  # the form of the ballot on screen
        self.form_box.currentIndexChanged.connect(self._form_changed)
        self.finish_layout(self.grid_view, self.grid_with_scans())

    @property
    def form(self) -> str:
        return str(self.form_box.currentData())

    def set_form(self, form: str) -> None:
        """Switch to `form` with an empty ballot (a program's call: whatever is on screen is dropped, unasked)."""
        self.form_index = -1  # not the form on screen: _form_changed switches without asking
        self.form_box.setCurrentIndex(RATING_FORMS.index(form))
        if self.form_index == -1:  # the box already showed it (or no year yet)
            self.form_index = self.form_box.currentIndex()
            if self.session.year is not None and self.grid is not None:
                self.build_grid()
                self.start_ballot()

    def rebuild(self, initial: bool) -> None:
        year = self.session.year
        assert year is not None
        last = last_rating_form(self.session.db, year) if initial else None
        if last is not None and last != self.form:
            self.form_box.blockSignals(True)
            self.set_form(last)  # reopening returns to the form keyed last
            self.form_box.blockSignals(False)
        self.form_index = self.form_box.currentIndex()
        self.build_grid()

    def missing(self) -> str | None:
        if self.layout_for is None or self.layout_for.rows:
            return None
        return (
            f"{self.session.year} 年度的方案中没有科室（单位），评分表无可评对象。"
            "请到“年度与方案”▸“本年度方案”▸“科室”中添加科室，Ctrl+S 保存。"
        )

    def grid_layout(self) -> GridLayout:
        scheme = self.session.scheme()
        assert scheme is not None
        return rating_layout(scheme, self.form)

    def stored_sheet(self, serial: int) -> StoredSheet | None:
        assert self.session.year is not None
        stored = read_ballot(self.session.db, self.session.year, self.form, serial)
        return None if stored is None else (stored.values, stored.void)  # type: ignore[return-value]

    def _form_changed(self) -> None:
        if self.session.year is None or self.form_box.currentIndex() == self.form_index:
            return
        if self.form_index != -1 and not self.confirm_discard(f"换成“{self.form_box.currentText()}”"):
            self.form_box.blockSignals(True)
            self.form_box.setCurrentIndex(self.form_index)  # the ballot on screen stays
            self.form_box.blockSignals(False)
            self.focus_grid()
            return
        self.form_index = self.form_box.currentIndex()
        self.build_grid()
        self.start_ballot()
        self.say("")
        self.focus_grid()

    def write_ballot(self, conn, year: int, serial: int, void: str | None, findings: list[Finding]) -> None:
        if self.mode == MODE_DEPENDENT:
            self.commit_verification(conn, year, serial, findings)
            return
        keying_pass = 2 if self.mode == MODE_SECOND else 1
        commit_rating_ballot(conn, year, self.form, serial, self.scores(), void, keying_pass, keyed_on=this_pc())
        if keying_pass == 1:
            self.scans.take(conn, year, serial)  # keyed from a scanned ballot: its image goes with it
