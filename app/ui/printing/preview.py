"""The right half of 打印与导出: the first pages of the document, as they will print."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

PREVIEW_PAGES = 6  # pages shown (a run of numbered ballots repeats one page)
PREVIEW_DPI = 60
PAGE_MARGIN = 6  # grey around each page
HINT = "选择文档即显示预览（也可按“预览”）。"


class PreviewPane(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.info = QLabel(HINT)
        self.pages = QWidget()
        self.pages_layout = QVBoxLayout(self.pages)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.pages)
        self.scroll.setWidgetResizable(True)
        self.scroll.setStyleSheet("QScrollArea { background: #808080; }")
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addWidget(self.scroll, 1)

    def page_count(self) -> int:
        return self.pages_layout.count()

    def clear(self) -> None:
        while self.pages_layout.count():
            item = self.pages_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()

    def show_pdf(self, pdf: bytes, name: str) -> None:
        """The first PREVIEW_PAGES pages of `pdf`, sharp on this screen."""
        from app.ui.printing.pdf_pages import page_images, pdf_page_count  # pypdfium2: on the first preview

        self.clear()
        ratio = self.devicePixelRatioF()
        total = pdf_page_count(pdf)
        # A whole page's width in view (a landscape A4 at 60 dpi is wider than this half of a 1280-pixel screen):
        # the room inside the scroll area, less its scroll bar, the layout's margins and each page's own.
        margins = self.pages_layout.contentsMargins()
        room = (
            self.scroll.viewport().width()
            - self.scroll.verticalScrollBar().sizeHint().width()
            - margins.left()
            - margins.right()
            - 2 * PAGE_MARGIN
        )
        for image in page_images(pdf, PREVIEW_DPI * ratio, PREVIEW_PAGES, width=max(room, 200) * ratio):
            label = QLabel()
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(ratio)
            label.setPixmap(pixmap)
            label.setStyleSheet(f"background: white; margin: {PAGE_MARGIN}px;")
            self.pages_layout.addWidget(label)
        shown = min(total, PREVIEW_PAGES)
        more = f"，预览前 {shown} 页" if total > shown else ""
        self.info.setText(f"{name}：共 {total} 页{more}")

    def data_changed(self, previewed: bool) -> None:
        self.info.setText("数据已更新，请重新预览。" if previewed else HINT)
