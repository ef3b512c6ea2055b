"""What the keying pages share: the bar (mode, serial or rater, 废票), the status line, the commit, and
dependent verification (核对录入) of whatever paper form the page keys."""

from __future__ import annotations

import socket

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.models.ballots.forms import FORM_TITLES, KeyingError, sheet_name
from app.models.ballots.keying import ballot_exists, issued_count, next_serial, next_unverified_serial
from app.models.ballots.verification import Finding
from app.models.errors import AppraisalError
from app.models.space import space_problem
from app.ui.keying.grid import KeyingView
from app.ui.shell.page import Page, discard_question
from app.ui.shell.session import Session
from app.ui.widgets import ask
from app.ui.widgets.messages import WARNING, style_for

MODE_FIRST, MODE_DEPENDENT, MODE_SECOND = "first", "dependent", "second"
MODES = (
    (MODE_FIRST, "首次录入"),
    (MODE_DEPENDENT, "核对录入（逐项比对）"),
    (MODE_SECOND, "第二遍录入（独立比对）"),
)


def empty_roster_hint(year: int | None) -> str:
    return (
        f"{year} 年度的干部名册是空的，没有可录入的干部。请先到“干部名册”（Ctrl+4）录入人员或从 Excel 导入名册；"
        "新建年度时也可以勾选“带入上一年度的干部名册”。"
    )


class BallotPage(Page):
    """A page that keys one paper ballot at a time into a `KeyingView`."""

    help_text = ""
    offered_modes: tuple[tuple[str, str], ...] = MODES
    serial_caption = "票号(&N)："
    voidable = True  # a 废票 box (the leaders' sheets have none)
    next_prompt = "请录入下一张。"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.loaded_for: tuple[int | None, int] | None = None
        self.suggested: int | None = None  # the serial the page offered (a different one was chosen by hand)
        self.shown_serial: int | None = None  # the serial whose ballot the grid holds
        self.mode_index = 0  # the mode the grid was started in (to go back when the clerk keeps the ballot)
        self._asking = False
        self.layout_box = QVBoxLayout(self)
        self.notice = QLabel()  # read-only file or locked year: said before the clerk types anything
        self.notice.setObjectName("keyingNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet(
            "#keyingNotice { background: #ffe0e0; color: #a00000; font-weight: bold; padding: 4px; }"
        )
        self.notice.hide()
        self.layout_box.addWidget(self.notice)
        # An empty form (no roster yet): what is missing and where to add it, instead of an empty grid.
        self.missing_label = QLabel()
        self.missing_label.setObjectName("keyingMissing")
        self.missing_label.setWordWrap(True)
        self.missing_label.setStyleSheet(style_for(WARNING, boxed=True))
        self.missing_label.hide()
        self.layout_box.addWidget(self.missing_label)
        self.bar = QHBoxLayout()
        self.layout_box.addLayout(self.bar)
        self.mode_box = QComboBox()
        for mode, label in self.offered_modes:
            self.mode_box.addItem(label, mode)
        self.serial_box = QSpinBox()
        self.serial_box.setRange(1, 99999)
        self.void_box = QCheckBox("废票(&X)")  # not Alt+V: that opens the 查看 menu
        self.void_reason = QLineEdit()
        self.void_reason.setPlaceholderText("废票原因（如：字迹无法辨认）")
        self.void_reason.setEnabled(False)
        self.void_reason.setMinimumWidth(240)
        self.void_box.toggled.connect(self.void_reason.setEnabled)
        mode_label = QLabel("方式(&M)：")
        mode_label.setBuddy(self.mode_box)
        serial_label = QLabel(self.serial_caption)
        serial_label.setBuddy(self.serial_box)
        for widget in (mode_label, self.mode_box, serial_label, self.serial_box, self.void_box, self.void_reason):
            self.bar.addWidget(widget)
        self.void_box.setVisible(self.voidable)
        self.void_reason.setVisible(self.voidable)
        self.bar.addStretch(1)
        self.help = QLabel(self.help_text)
        self.help.setWordWrap(True)
        self.counts_label = QLabel()
        self.status = QLabel()
        self.status.setObjectName("keyingStatus")
        self.status.setStyleSheet("#keyingStatus { color: #a00000; font-weight: bold; }")
        self.mode_box.currentIndexChanged.connect(self._mode_changed)
        self.serial_box.editingFinished.connect(self._serial_chosen)
        self.serial_box.lineEdit().returnPressed.connect(self.focus_grid)
        self.void_reason.returnPressed.connect(self.focus_grid)
        commit = QShortcut(QKeySequence("Ctrl+Return"), self)
        commit.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        commit.activated.connect(self.commit)

    # --- to be provided by the page -------------------------------------------------------------

    @property
    def form(self) -> str:
        raise NotImplementedError

    def view(self) -> KeyingView:
        raise NotImplementedError

    def missing(self) -> str | None:
        """What the year lacks before this form can be keyed, and where to add it (None: nothing)."""
        return None

    def rebuild(self, initial: bool) -> None:
        """Rebuild the grid for the year (initial: the page's first look at this year)."""
        raise NotImplementedError

    def typed_on_screen(self) -> str | None:
        """What has been keyed on the ballot on screen (values, or keys that moved the cursor on), in words."""
        raise NotImplementedError

    def views(self) -> tuple[KeyingView, ...]:
        return (self.view(),)

    def reset_grid(self, expected_serial: int | None) -> None:
        """Empty grid; in dependent mode load the stored ballot `expected_serial` to compare against."""
        raise NotImplementedError

    def write_ballot(self, conn, year: int, serial: int, void: str | None, findings: list[Finding]) -> None:
        raise NotImplementedError

    def update_counts(self) -> None:
        raise NotImplementedError

    # --- shared behaviour -----------------------------------------------------------------------

    @property
    def mode(self) -> str:
        return str(self.mode_box.currentData())

    def finish_layout(self, view: KeyingView, body: QWidget | None = None) -> None:
        self.layout_box.addWidget(self.help)
        self.layout_box.addWidget(body or view, 1)
        footer = QHBoxLayout()
        footer.addWidget(self.counts_label)
        footer.addStretch(1)
        self.layout_box.addLayout(footer)
        self.layout_box.addWidget(self.status)
        view.message.connect(self.say)
        view.commit_requested.connect(self.commit)
        view.progressed.connect(self.update_counts)

    def say(self, text: str) -> None:
        self.status.setText(text)

    def focus_grid(self) -> None:
        self.view().setFocus()

    def unsaved_work(self) -> str | None:
        if self.session.year is None or self.loaded_for is None:
            return None
        typed = self.typed_on_screen()
        if typed is None and self.voidable and self.void_box.isChecked() and self.void_reason.text().strip():
            typed = "已填废票原因"
        if typed is None:
            return None
        what = {MODE_FIRST: "", MODE_DEPENDENT: "核对中的", MODE_SECOND: "第二遍录入的"}[self.mode]
        return f"{self.title}：{what}{sheet_name(self.form, self.serial_box.value())}（{typed}）"

    def confirm_discard(self, action: str) -> bool:
        """True when nothing typed would be lost, or the clerk agrees to throw it away."""
        work = self.unsaved_work()
        if work is None:
            return True
        if self._asking:
            return False
        self._asking = True
        try:
            return ask.discard(self, discard_question([work], action))
        finally:
            self._asking = False

    def bar_chosen_by_hand(self) -> bool:
        """The clerk chose a serial other than the one offered, or marked the ballot 废票."""
        return (
            self.serial_box.value() != (self.suggested or 1)
            or self.void_box.isChecked()
            or bool(self.void_reason.text().strip())
        )

    def write_blocked(self) -> str | None:
        """Why nothing can be keyed here (read-only file, locked year); None: keying is possible."""
        if self.session.readonly:
            return "数据文件是以只读方式打开的（另一个程序正在编辑它）：本页只能查看，不能录入或核对。"
        if self.session.locked:
            return f"{self.session.year} 年度已审定锁定：不能录入或核对选票。如需更正，请先在“年度与方案”中解锁并说明原因。"
        return None

    def refresh(self) -> None:
        year = self.session.year
        key = (year, self.session.generation)
        first_time = self.loaded_for is None or self.loaded_for[0] != year
        self.loaded_for = key
        blocked = self.write_blocked() if year is not None else None
        short = space_problem(self.session.db.path) if year is not None and blocked is None else None
        self.notice.setText(blocked or short or "")
        self.notice.setVisible(bool(blocked or short))
        if blocked is not None:
            self.say(blocked)
        for view in self.views():
            view.setEnabled(blocked is None)  # refused before the clerk types 150 marks, not after
        if year is None:
            return
        if first_time:
            self.rebuild(initial=True)
            self.start_ballot()
        elif self.typed_on_screen() is None:
            # Nothing keyed on screen: follow the roster and the serials (another window may have keyed),
            # but keep a serial or a 废票 the clerk chose by hand.
            keep_bar = self.bar_chosen_by_hand()
            self.rebuild(initial=False)
            self.start_ballot(keep_bar=keep_bar)
        self.update_counts()
        missing = self.missing()
        self.missing_label.setText(missing or "")
        self.missing_label.setVisible(bool(missing))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self, self._focus_on_show)  # arriving on the page, the keys go to the ballot

    def _focus_on_show(self) -> None:
        if self.isVisible():
            self.focus_grid()

    def suggested_serial(self) -> int | None:
        year = self.session.year
        assert year is not None
        if self.mode == MODE_DEPENDENT:
            return next_unverified_serial(self.session.db, year, self.form)
        return next_serial(self.session.db, year, self.form, 2 if self.mode == MODE_SECOND else 1)

    def start_ballot(self, keep_bar: bool = False) -> None:
        """A fresh, empty ballot with the next unused serial (or the next unverified one);
        `keep_bar`: with the serial and 废票 already in the bar."""
        if self.session.year is None:
            return
        self.mode_index = self.mode_box.currentIndex()
        if keep_bar:
            serial: int | None = self.serial_box.value()
        else:
            serial = self.suggested = self.suggested_serial()
            self.serial_box.blockSignals(True)
            self.serial_box.setValue(serial or 1)
            self.serial_box.blockSignals(False)
            self.void_box.setChecked(False)
            self.void_reason.clear()
        self.shown_serial = serial
        self.view().findings = []
        if self.mode == MODE_DEPENDENT and serial is None:
            self.reset_grid(None)
            self.say(f"{FORM_TITLES[self.form]}：已录入的都已核对。")
            return
        self.reset_grid(serial)
        self.update_counts()

    def _mode_changed(self) -> None:
        if self.session.year is None or self.mode_box.currentIndex() == self.mode_index:
            return
        if not self.confirm_discard(f"换成“{self.mode_box.currentText()}”"):
            self.mode_box.blockSignals(True)
            self.mode_box.setCurrentIndex(self.mode_index)  # the ballot on screen stays, in its mode
            self.mode_box.blockSignals(False)
            self.focus_grid()
            return
        self.start_ballot()
        self.say("")
        self.focus_grid()

    def _serial_chosen(self, force: bool = False) -> None:
        """A serial typed in the bar (Enter or leaving the box)."""
        if self.session.year is None:
            return
        serial = self.serial_box.value()
        if serial == self.shown_serial and not force:
            return  # the box was only visited (Alt+N, Enter): the ballot on screen stays as it is
        if not (self.mode == MODE_DEPENDENT or self.shows_stored_sheet()):
            self.shown_serial = serial  # the typed values stay: they belong to the paper with this number
            self.check_serial(serial)
            return
        if self.keep_typed_for(serial):
            self.shown_serial = serial
            self.say(f"编号改为 {serial}，屏幕上已录入的内容保留。")
            return
        if self.typed_on_screen() is not None and not self.serial_box.hasFocus() and not force:
            # Left the box without Enter: nothing is thrown away; committing says the number does not match.
            self.say(
                f"编号框里是第 {serial} 号，屏幕上的表是第 {self.shown_serial} 号：在编号框按回车调出第 {serial} 号。"
            )
            return
        if not self.confirm_discard(f"调出{sheet_name(self.form, serial)}"):
            return
        self.shown_serial = serial
        self.view().findings = []
        self.reset_grid(serial)
        self.update_counts()

    def keep_typed_for(self, serial: int) -> bool:
        """Does a serial changed while values are on screen only renumber them (nothing stored under it)?"""
        return False

    def check_serial(self, serial: int) -> None:
        """Warn at once (not after 150 marks) about a serial already keyed or beyond the ballots issued."""
        year = self.session.year
        assert year is not None
        keying_pass = 2 if self.mode == MODE_SECOND else 1
        if ballot_exists(self.session.db, year, self.form, serial, keying_pass):
            self.say(f"注意：{sheet_name(self.form, serial)}已录入过，编号不能重复。请核对票面编号。")
            return
        issued = issued_count(self.session.db, year, self.form)
        if issued is not None and serial > issued:
            self.say(f"注意：票号 {serial} 超过“清点与核对”中填的发出张数 {issued}。请核对票面编号或发出张数。")
            return
        self.say("")

    def shows_stored_sheet(self) -> bool:
        """Does choosing a serial in this mode show what is stored under it (for correction)?"""
        return False

    def commit(self) -> None:
        """The ballot on screen, in one transaction; then the next empty one. Refusals leave it on screen."""
        year = self.session.year
        if year is None:
            return
        view = self.view()
        grid = getattr(view, "grid", None)
        if grid is not None and grid.buffer:
            view.finish_buffer(at_end_commits=False)  # type: ignore[attr-defined]  # the value being typed counts
            if grid.buffer:
                return  # refused: the message is in the status line
        serial = self.serial_box.value()
        void = None
        if self.void_box.isChecked():
            void = self.void_reason.text().strip()
            if not void:
                self.say("已勾选废票：请写明废票原因后再提交。")
                self.void_reason.setFocus()
                return
        name = sheet_name(self.form, serial)
        what = {MODE_FIRST: "录入", MODE_DEPENDENT: "核对", MODE_SECOND: "第二遍录入"}[self.mode]
        try:
            with self.session.write(f"{what}{name}") as conn:
                self.write_ballot(conn, year, serial, void, list(self.view().findings))
        except KeyingError as exc:
            self.say(f"未保存：{exc}")
            return
        except AppraisalError as exc:
            self.say(f"未保存：{exc}")
            return
        done = f"{name}已{what}保存" + ("（废票）" if void else "")
        issued = issued_count(self.session.db, year, self.form)
        if self.mode != MODE_DEPENDENT and issued is not None and serial > issued:
            done += f"（注意：票号 {serial} 超过发出张数 {issued}，请核对）"
        self.start_ballot()
        self.say(done + "。" + ("请核对下一张。" if self.mode == MODE_DEPENDENT else self.next_prompt))
        self.focus_grid()


def this_pc() -> str:
    """Which PC keyed a ballot (for merging batches); never who voted."""
    try:
        return socket.gethostname()
    except OSError:  # pragma: no cover
        return ""
