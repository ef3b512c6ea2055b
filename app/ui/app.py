"""Start-up: the QApplication, a font that has Chinese glyphs, the database, the main window.

Only Qt and the models are imported here; the workbook and PDF libraries (openpyxl, reportlab)
are imported by the features that use them, so the window opens quickly.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

from app.models.db import Database, open_database
from app.models.demo import ensure_default_database
from app.models.errors import AppraisalError
from app.models.paths import default_database_path
from app.ui.main_window import APP_NAME, MainWindow

# In order of preference; the first one installed wins, else Qt's own fallback is kept.
CJK_FONTS_WINDOWS = ("Microsoft YaHei UI", "Microsoft YaHei", "SimSun", "NSimSun")
CJK_FONTS_OTHER = (
    "WenQuanYi Micro Hei",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "PingFang SC",
    "Hiragino Sans GB",
    "WenQuanYi Zen Hei",
    "AR PL UMing CN",
)


def choose_cjk_family(available: Iterable[str], platform: str = sys.platform) -> str | None:
    preferred = CJK_FONTS_WINDOWS if platform == "win32" else CJK_FONTS_OTHER
    installed = set(available)
    return next((family for family in preferred if family in installed), None)


def apply_cjk_font(app: QApplication) -> str | None:
    family = choose_cjk_family(QFontDatabase.families())
    if family:
        font = QFont(app.font())
        font.setFamily(family)
        app.setFont(font)
    return family


def open_for_gui(db_path: str | None) -> Database:
    """No path: the user's default file (with the demo year on first run); a path: that file."""
    if db_path is None:
        return ensure_default_database(default_database_path())
    return open_database(db_path)


def run_gui(db_path: str | None) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    apply_cjk_font(app)
    try:
        db = open_for_gui(db_path)
    except AppraisalError as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        return 1
    window = MainWindow(db)
    try:
        window.show()
        return app.exec()
    finally:
        # The window polls the file: stop and destroy it before the connection goes away.
        window.close()
        window.deleteLater()
        db.close()
