"""Draw the program's icon (a red seal-like square with 考 on a document) as PNG and ICO in resources/icons/.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python tools/make_icon.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QPen

OUT = Path(__file__).resolve().parent.parent / "resources" / "icons"
FONT = Path(__file__).resolve().parent.parent / "resources" / "fonts" / "wqy-microhei.ttc"


def draw(size: int, family: str) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 256
    # a sheet of paper
    p.setPen(QPen(QColor("#7a7a7a"), max(1.0, 4 * s)))
    p.setBrush(QColor("#fbfaf5"))
    p.drawRoundedRect(QRectF(40 * s, 16 * s, 176 * s, 224 * s), 14 * s, 14 * s)
    p.setPen(QPen(QColor("#b8b8b8"), max(1.0, 6 * s)))
    for y in (176, 200):
        p.drawLine(int(72 * s), int(y * s), int(184 * s), int(y * s))
    # the red seal with 考
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#c8161d"))
    p.drawRoundedRect(QRectF(64 * s, 40 * s, 128 * s, 120 * s), 18 * s, 18 * s)
    font = QFont(family)
    font.setPixelSize(int(96 * s))
    font.setBold(True)
    p.setFont(font)
    p.setPen(QColor("white"))
    p.drawText(QRectF(64 * s, 40 * s, 128 * s, 120 * s), Qt.AlignmentFlag.AlignCenter, "考")
    p.end()
    return image


def main() -> int:
    app = QGuiApplication(sys.argv[:1])
    from PySide6.QtGui import QFontDatabase

    family = "sans-serif"
    if FONT.exists():
        loaded = QFontDatabase.addApplicationFont(str(FONT))
        families = QFontDatabase.applicationFontFamilies(loaded)
        family = families[0] if families else family
    OUT.mkdir(parents=True, exist_ok=True)
    draw(256, family).save(str(OUT / "appraisal.png"))
    draw(256, family).save(str(OUT / "appraisal.ico"))  # Qt's ico writer: one 256 px image
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
