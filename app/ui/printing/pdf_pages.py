"""A PDF's pages as images (pypdfium2) for the preview, and painted onto a printer.

pypdfium2 takes ~50 ms to import: this module is imported when the first preview or print is asked for,
not when the page is built."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pypdfium2
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter, QTransform
from PySide6.QtPrintSupport import QPrinter

PRINT_DPI = 300


def page_images(pdf: bytes, dpi: float, limit: int | None = None, width: float | None = None) -> Iterator[QImage]:
    """PDF pages rendered at `dpi`, or smaller where a page would be more than `width` pixels wide."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        count = len(document) if limit is None else min(limit, len(document))
        for index in range(count):
            page = document[index]
            scale = dpi / 72
            if width is not None:
                scale = min(scale, width / page.get_width())
            bitmap = page.render(scale=scale, rev_byteorder=True)
            image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB888)
            yield image.copy()  # own the pixels before pdfium frees its buffer
            page.close()
    finally:
        document.close()


def pdf_page_count(pdf: bytes) -> int:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def pdf_is_landscape(pdf: bytes) -> bool:
    document = pypdfium2.PdfDocument(pdf)
    try:
        width, height = document[0].get_size()
        return width > height
    finally:
        document.close()


def print_pdf(pdf: bytes, printer: QPrinter, progress: Callable[[int, int], bool] | None = None) -> int:
    """Paint every page, full page, at the printer's resolution; `progress` returning False cancels."""
    total = pdf_page_count(pdf)
    printer.setFullPage(True)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("无法开始打印：打印机不可用。")
    printed = 0
    try:
        # Rendered at no more than PRINT_DPI (an A4 page at 1200 dpi would be 400 MB of pixels) and scaled
        # by the painter onto the whole sheet (the PDF carries its own margins).
        for index, image in enumerate(page_images(pdf, min(printer.resolution(), PRINT_DPI))):
            if index:
                printer.newPage()
            paper = printer.paperRect(QPrinter.Unit.DevicePixel)
            if (image.width() > image.height()) != (paper.width() > paper.height()):
                image = image.transformed(QTransform().rotate(90))  # a landscape page on portrait paper
            size = image.size().scaled(paper.size().toSize(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRectF(0, 0, size.width(), size.height()), image)
            printed += 1
            if progress is not None and not progress(printed, total):
                break
    finally:
        painter.end()
    return printed
