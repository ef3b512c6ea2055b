"""Start-up: the QApplication, a font that has Chinese glyphs, the database, the main window.

Only Qt and the models are imported here; the workbook and PDF libraries (openpyxl, reportlab)
are imported by the features that use them, so the window opens quickly.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

from app.models.db import Database
from app.models.errors import AppraisalError
from app.models.paths import default_database_path
from app.ui.shell.crash import CrashReporter
from app.ui.shell.file_menu import WindowManager, backup_opened, open_interactively
from app.ui.shell.main_window import APP_NAME, MainWindow
from app.ui.widgets import ask

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


class MnemonicFallback(QTranslator):
    """Qt 6 spells some of its own labels with a mnemonic (“&Look in:”, “Files of &type:” in the file dialog) that
    qtbase_zh_CN carries only without it (“Look in:” → “查找范围：”): such a label is translated from its plain
    spelling, the key kept as Chinese programs show it (查找范围(&L)：). Asked only when qtbase has no answer."""

    def __init__(self, base: QTranslator, parent: QApplication) -> None:
        super().__init__(parent)
        self.base = base

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str:
        at = source.find("&")
        if at < 0 or at + 1 >= len(source):
            return ""
        translated = self.base.translate(context, source.replace("&", ""), disambiguation, n)
        if not translated:
            return ""  # no translation: Qt keeps the source
        key = f"(&{source[at + 1].upper()})"
        for colon in ("：", ":"):
            if translated.endswith(colon):
                return translated[: -len(colon)] + key + colon
        return translated + key


def install_qt_chinese(app: QApplication) -> bool:
    """Qt's own texts (the file dialog's 查找范围/文件类型, message box buttons, context menus) in Chinese, from the
    qtbase_zh_CN translation PySide6 ships (the bundle keeps it), and dates and numbers in the Chinese way
    (2026/12/6, not “6 12 2026”) whatever the PC's locale. Under a millisecond."""
    chinese = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    QLocale.setDefault(chinese)
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(chinese, "qtbase", "_", folder):
        return False
    app.installTranslator(
        MnemonicFallback(translator, app)
    )  # first in, so asked after qtbase (the newest is asked first)
    return app.installTranslator(translator)


def open_for_gui(db_path: str | None) -> Database | None:
    """No path: the user's default file (with the demo year on first run); a path: that file. Not backed up
    yet: `run_gui` does that once the window is shown.

    A file that cannot simply be opened (damaged, foreign, newer, write-protected, in use) is explained,
    with an offer to restore a backup or to open it read-only; None when nothing was opened.
    """
    if db_path is None:
        path = default_database_path()
        if not path.exists() or path.stat().st_size == 0:
            from app.models.demo import ensure_default_database  # the first run only

            return ensure_default_database(path)
        return open_interactively(path, backup=False)
    return open_interactively(db_path, create=not Path(db_path).exists(), backup=False)


def run_gui(db_path: str | None, check: bool = False) -> int:
    """The window on `db_path`; `check`: once it is shown, print its title, make the backup-on-open and quit
    (installation check; the year's results, computed after the window shows, are not waited for)."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    apply_cjk_font(app)
    install_qt_chinese(app)
    icon = app_icon()
    if icon is not None:
        app.setWindowIcon(icon)
    manager = WindowManager(MainWindow)
    reporter = CrashReporter(context=lambda: "打开的文件：" + "，".join(w.db.path for w in manager.windows)).install()
    try:
        try:
            db = open_for_gui(db_path)
        except AppraisalError as exc:
            ask.inform(None, APP_NAME, str(exc), icon="critical")
            return 1
        if db is None:
            return 1
        window = manager.show(db)
        if check:  # once the window is on screen: say so, make the copy every open makes, quit
            QTimer.singleShot(0, lambda: check_and_quit(app, window, db))
        else:  # the copy made on every open (tens of ms for a year's file) waits until the results show
            window.opened.connect(lambda: QTimer.singleShot(0, lambda: backup_opened(db, window)))
        return app.exec()
    finally:
        # The windows poll their files: stop and destroy them before the connections go away.
        manager.close_all()
        reporter.uninstall()


def check_and_quit(app: QApplication, window: MainWindow, db: Database) -> None:
    print(f"窗口已打开：{window.windowTitle()}", flush=True)
    backup_opened(db, window)
    app.quit()


def app_icon() -> QIcon | None:
    import resources  # the package's folder: importlib.resources.files() costs 5 ms of every start-up

    icon_file = Path(resources.__file__).parent / "icons" / "appraisal.png"
    return QIcon(str(icon_file)) if icon_file.is_file() else None
