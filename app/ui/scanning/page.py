"""扫描录入: read scanned democratic ballots (files chosen, or a folder the office scanner writes into), store the
clear ones, review the unclear marks one keystroke each, and check the scanner with a test deck first.

The page reads pages in a worker thread (the window stays responsive; a progress bar moves), takes what was
read into the year's file (app.scanning.intake: one transaction per ballot), lists every page and its state,
and shows the review and the test deck's report. docs/guide/scanning.md describes the whole workflow."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.models.errors import AppraisalError
from app.ui.scanning.review import ReviewPanel
from app.ui.scanning.runner import ScanRunner
from app.ui.scanning.tables import DeckModel, PagesModel, deck_rows, page_rows
from app.ui.scanning.watch import FolderWatch
from app.ui.shell.page import Page
from app.ui.shell.session import Session
from app.ui.widgets import ask
from app.ui.widgets.tables import list_table

SCAN_FILTER = "扫描件 (*.pdf *.tif *.tiff *.jpg *.jpeg *.png)"
DECK_COPIES = 3
HELP = (
    "把投票箱中的民主测评表用复印机扫描成 PDF（建议 200–300 dpi、灰度、双面），放入监视的文件夹，或用“选择文件”读取。"
    "完整且每一格都看得清的选票直接保存（录入方式：扫描，编号按扫描顺序接续）；看不清的标记在“复核”中逐处确认。"
    "正式扫描前先打印测试票，用同样的设置扫描，看“测试票报告”是否全部正确（测试票不保存）。"
)


class ScanPage(Page):
    title = "扫描录入"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.runner = ScanRunner(session, self)
        self.watch = FolderWatch(self)
        self.notice = QLabel()
        self.notice.setObjectName("scanNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet(
            "#scanNotice { background: #ffe0e0; color: #a00000; font-weight: bold; padding: 4px; }"
        )
        self.notice.hide()
        self.files_button = QPushButton("选择文件(&O)…")
        self.watch_button = QPushButton("监视文件夹(&W)…")
        self.stop_button = QPushButton("停止监视(&S)")
        self.deck_button = QPushButton("打印测试票(&T)…")
        self.folder_label = QLabel("未监视文件夹")
        self.folder_label.setStyleSheet("color: #555;")
        bar = QHBoxLayout()
        for widget in (self.files_button, self.watch_button, self.stop_button, self.folder_label):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.deck_button)
        self.help = QLabel(HELP)
        self.help.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setFormat("%v / %m 页")
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status = QLabel()
        self.status.setObjectName("scanStatus")
        self.status.setWordWrap(True)
        self.status.setStyleSheet("#scanStatus { font-weight: bold; }")
        self.review = ReviewPanel(session)
        self.pages = PagesModel(self)
        self.pages_view = self._table(self.pages)
        self.deck = DeckModel(self)
        self.deck_summary = QLabel("还没有扫描测试票。")
        self.deck_summary.setWordWrap(True)
        deck_box = QWidget()
        deck_layout = QVBoxLayout(deck_box)
        deck_layout.addWidget(self.deck_summary)
        deck_layout.addWidget(self._table(self.deck), 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.review, "复核")
        self.tabs.addTab(self.pages_view, "本次扫描的页面")
        self.tabs.addTab(deck_box, "测试票报告")
        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addLayout(bar)
        layout.addWidget(self.help)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.tabs, 1)
        self.files_button.clicked.connect(self.choose_files)
        self.watch_button.clicked.connect(self.choose_folder)
        self.stop_button.clicked.connect(self.stop_watching)
        self.deck_button.clicked.connect(self.print_test_deck)
        self.watch.arrived.connect(self.scan_files)
        self.runner.started.connect(self._started)
        self.runner.progressed.connect(self._progressed)
        self.runner.taken.connect(self._taken)
        self.runner.failed.connect(self.say)
        self.review.said.connect(self.say)
        self.stop_button.setEnabled(False)

    @staticmethod
    def _table(model) -> QTableView:
        view = list_table(model)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        return view

    # --- the page -------------------------------------------------------------------------------------

    def say(self, text: str) -> None:
        self.status.setText(text)

    def blocked(self) -> str | None:
        if self.session.readonly:
            return "数据文件是以只读方式打开的：可以查看，不能扫描保存。"
        if self.session.locked:
            return f"{self.session.year} 年度已审定锁定：不能保存扫描的选票。"
        return None

    def refresh(self) -> None:
        blocked = self.blocked() if self.session.year is not None else None
        self.notice.setText(blocked or "")
        self.notice.setVisible(blocked is not None)
        for button in (self.files_button, self.watch_button):
            button.setEnabled(blocked is None and self.session.year is not None)
        self.deck_button.setEnabled(self.session.year is not None)
        self.review.reload()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.review.setFocus()

    # --- what the clerk asks for (the file dialogs go through app/ui/widgets/ask.py) ---------------------------

    def choose_files(self) -> None:
        files = ask.open_files(self, "选择扫描件", SCAN_FILTER)
        if files:
            self.scan_files(files)

    def choose_folder(self) -> None:
        folder = ask.folder(self, "选择复印机扫描保存的文件夹")
        if not folder:
            return
        self.watch.start(folder)
        self.folder_label.setText(f"正在监视：{folder}（新的扫描件会自动读取）")
        self.stop_button.setEnabled(True)
        self.say("正在监视文件夹：复印机扫描的文件写完后自动读取。")

    def stop_watching(self) -> None:
        self.watch.stop()
        self.folder_label.setText("未监视文件夹")
        self.stop_button.setEnabled(False)

    def scan_files(self, files: list[str]) -> None:
        blocked = self.blocked()
        if blocked or self.session.year is None:
            self.say(blocked or "请先选择年度。")
            return
        self.runner.submit(files)

    def print_test_deck(self) -> None:
        year = self.session.year
        if year is None:
            return
        path = ask.save_file(self, "保存测试票", "测试票.pdf", "PDF 文件 (*.pdf)")
        if not path:
            return
        from app.documents.export import print_document

        try:
            print_document(self.session.db, year, "ballot-democratic", path, copies=DECK_COPIES, test_deck=True)
        except (AppraisalError, OSError) as exc:
            self.say(f"测试票未生成：{exc}")
            return
        self.say(
            f"已生成 {Path(path).name}（测试票 {DECK_COPIES} 张，已按固定图案预先标记）：请打印，用扫描正式选票的设置扫描，"
            "再读取扫描件，在“测试票报告”中查看每个标记是否识读正确。测试票不会保存为选票。"
        )

    # --- a scan's progress and outcome ------------------------------------------------------------------

    def _started(self, inputs: list[str]) -> None:
        names = "、".join(Path(p).name for p in inputs[:3]) + ("等" if len(inputs) > 3 else "")
        self.progress.setRange(0, 0)  # busy until the first page is read
        self.say(f"正在读取 {names}……")

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _taken(self, result, took) -> None:
        from app.scanning.summary import summary_lines

        self.progress.setRange(0, max(len(result.pages), 1))
        self.progress.setValue(len(result.pages))
        self.pages.add(page_rows(result, took))
        lines = summary_lines(result) + (took.lines() if took else [])
        if result.tests:
            self._show_deck(result)
        elif any(b.waiting for b in result.ballots):
            self.tabs.setCurrentWidget(self.review)
        elif not result.all_read:
            self.tabs.setCurrentWidget(self.pages_view)
        self.say("\n".join(lines[:6]))
        self.review.reload()
        self.review.setFocus()

    def _show_deck(self, result) -> None:
        from app.models.store import read_cadres

        year = self.session.year
        names = {c.id: c.name for c in read_cadres(self.session.db, year)} if year is not None else {}
        self.deck.replace_rows(deck_rows(result.tests, names))
        parts = []
        for test in result.tests:
            wrong = len(test.wrong)
            verdict = "全部正确" if not wrong else f"{wrong} 处不符，请调整扫描设置后重扫"
            pages = "" if test.complete else "（缺页）"
            parts.append(
                f"测试票 {test.variant}{pages}：{len(test.checks)} 个标记，正确 {len(test.checks) - wrong} 个，{verdict}"
            )
        self.deck_summary.setText("；".join(parts) + "。测试票不保存。")
        self.tabs.setCurrentIndex(2)

    def unsaved_work(self) -> str | None:
        answers = len(self.review.queue.answers)
        if answers:
            return f"{self.title}：一张选票已复核 {answers} 处，尚未复核完（复核完最后一处才保存）"
        return None
