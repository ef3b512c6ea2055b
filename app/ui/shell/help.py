"""帮助 ▸ 使用说明 (F1): the clerk's guide in Chinese (resources/help/使用说明.md), in a window beside the
program, opened at the part about the page on screen. Each page's part is the `## ` heading that begins with
the page's title; the guide is read and rendered only when first asked for."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QListWidget, QSplitter, QTextBrowser, QVBoxLayout, QWidget

GUIDE_NAME = "使用说明.md"
FALLBACK_SECTION = "一年的工作步骤"


def guide_path() -> Path:
    import resources  # the package's folder (the bundle keeps resources/ beside the program)

    return Path(resources.__file__).parent / "help" / GUIDE_NAME


def sections(markdown: str) -> list[str]:
    """The guide's parts, in order: the text of every `## ` heading."""
    return [line[3:].strip() for line in markdown.splitlines() if line.startswith("## ")]


def section_for(titles: list[str], page_title: str | None) -> str:
    """The part about `page_title` (its heading begins with the page's title), else the year's steps."""
    if page_title:
        for title in titles:
            if title.startswith(page_title):
                return title
    return FALLBACK_SECTION if FALLBACK_SECTION in titles else (titles[0] if titles else "")


class HelpWindow(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("考评通 使用说明")
        self.setObjectName("helpWindow")
        markdown = guide_path().read_text(encoding="utf-8")
        self.titles = sections(markdown)
        self.contents = QListWidget()
        self.contents.addItems(self.titles)
        self.contents.currentTextChanged.connect(self.show_section)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        self.browser.setMarkdown(markdown)
        self.browser.document().setDocumentMargin(14)
        splitter = QSplitter()
        splitter.addWidget(self.contents)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([190, 700])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)
        self.section = ""

    def show_section(self, title: str) -> None:
        """Scroll so that the heading `title` is at the top."""
        found = self.browser.document().find(title, 0, QTextDocument.FindFlag.FindCaseSensitively)
        while not found.isNull() and found.block().text().strip() != title:
            found = self.browser.document().find(title, found, QTextDocument.FindFlag.FindCaseSensitively)
        if found.isNull():
            return
        self.section = title
        # Room after the last part, a window high: a part near the end can scroll to the top like any other.
        frame = self.browser.document().rootFrame()
        form = frame.frameFormat()
        room = max(self.browser.viewport().height() - 40, 14)
        if form.bottomMargin() != room:
            form.setBottomMargin(room)
            frame.setFrameFormat(form)
        cursor = QTextCursor(found.block())
        self.browser.setTextCursor(cursor)
        top = self.browser.document().documentLayout().blockBoundingRect(found.block()).top()
        self.browser.verticalScrollBar().setValue(int(top))
        row = self.titles.index(title)
        if self.contents.currentRow() != row:
            self.contents.blockSignals(True)
            self.contents.setCurrentRow(row)
            self.contents.blockSignals(False)

    def open_at(self, page_title: str | None) -> None:
        self.show_section(section_for(self.titles, page_title))


def show_help(parent: QWidget, page_title: str | None, window: HelpWindow | None = None) -> HelpWindow:
    """The guide's window (made once per main window), shown at `page_title`'s part."""
    if window is None:
        window = HelpWindow(parent)
        screen = parent.screen().availableGeometry() if parent.screen() else None
        width, height = 900, 680
        if screen is not None:
            width, height = min(width, screen.width() - 40), min(height, screen.height() - 60)
        window.resize(width, height)
    window.show()
    window.raise_()
    window.activateWindow()
    window.open_at(page_title)  # after show: the layout knows where each heading is
    return window
