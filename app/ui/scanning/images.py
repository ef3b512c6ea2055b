"""Stored page images on screen: the PNG bytes kept with a scanned form (STORE_SCALE px/mm, upright, code area
blank) become QImages; a row is cut out of them for the review, or framed on the whole page."""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen

from app.documents.ballot_layout import GRADES, STORE_SCALE, BallotRow, Rect
from app.models.db import Database
from app.models.scanning.store import image_data

HIGHLIGHT = QColor(220, 0, 0)
BEST = QColor(0, 90, 200)


class ImageCache:
    """Decoded page images by digest (a review session shows the same page for many rows)."""

    def __init__(self, db: Database, size: int = 8) -> None:
        self.db = db
        self.size = size
        self._images: dict[str, QImage] = {}

    def get(self, digest: str) -> QImage:
        image = self._images.get(digest)
        if image is None:
            data = image_data(self.db, digest)
            image = QImage.fromData(data or b"")
            if image.isNull():
                image = placeholder("图像缺失")
            if len(self._images) >= self.size:
                self._images.pop(next(iter(self._images)))
            self._images[digest] = image
        return image


def placeholder(text: str) -> QImage:
    image = QImage(1260, 1782, QImage.Format.Format_Grayscale8)
    image.fill(QColor(235, 235, 235))
    painter = QPainter(image)
    painter.setFont(QFont("", 40))
    painter.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return image


def pixels(rect: Rect, margin: float = 0.0) -> QRect:
    """A layout rectangle (mm) on a stored page image."""
    return QRect(
        round((rect.x - margin) * STORE_SCALE),
        round((rect.y - margin) * STORE_SCALE),
        round((rect.w + 2 * margin) * STORE_SCALE),
        round((rect.h + 2 * margin) * STORE_SCALE),
    )


def row_view(page: QImage, row: BallotRow, best: int | None, zoom: float = 2.0, margin: float = 2.0) -> QImage:
    """The row as scanned, `zoom` times its stored size, with the grade names above its boxes and the reader's
    best reading framed in blue (so the clerk sees what the program thought, and the ink itself)."""
    crop = page.copy(pixels(row.rect, margin)).convertToFormat(QImage.Format.Format_RGB32)
    width, height = round(crop.width() * zoom), round(crop.height() * zoom)
    header = round(7 * STORE_SCALE * zoom / 2)
    out = QImage(width, height + header, QImage.Format.Format_RGB32)
    out.fill(QColor(255, 255, 255))
    painter = QPainter(out)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    painter.drawImage(QRectF(0, header, width, height), crop)
    scale = STORE_SCALE * zoom
    left, top = (row.rect.x - margin) * scale, (row.rect.y - margin) * scale - header
    font = QFont()
    font.setPixelSize(max(12, header // 2))
    painter.setFont(font)
    painter.setPen(QColor(60, 60, 60))
    for grade, box in enumerate(row.boxes):
        cell = QRectF(box.x * scale - left, 0, box.w * scale, header)
        painter.drawText(cell, Qt.AlignmentFlag.AlignCenter, GRADES[grade])
    if best is not None:
        box = row.boxes[best]
        painter.setPen(QPen(BEST, max(2.0, zoom * 1.5)))
        painter.drawRect(QRectF(box.x * scale - left, box.y * scale - top, box.w * scale, box.h * scale))
    painter.end()
    return out


def framed(page: QImage, rect: Rect) -> QImage:
    """The whole page with one rectangle (a row) framed in red."""
    out = page.convertToFormat(QImage.Format.Format_RGB32)
    painter = QPainter(out)
    painter.setPen(QPen(HIGHLIGHT, 4))
    painter.drawRect(pixels(rect, 0.6))
    painter.end()
    return out
