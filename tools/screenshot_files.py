"""Screenshots of the 备份与恢复 dialog and the crash dialog, for the docs.

    xvfb-run -a env QT_QPA_PLATFORM=xcb .venv/bin/python tools/screenshot_files.py

Writes docs/screenshots/backups.png and crash.png from a throw-away data folder and database.
"""

from __future__ import annotations

import os
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["APPRAISAL_DATA_DIR"] = tempfile.mkdtemp(prefix="appraisal-shots-")

from PySide6.QtWidgets import QApplication  # noqa: E402

from app.models.backup import BackupKind, make_backup  # noqa: E402
from app.models.db import open_database  # noqa: E402
from app.models.demo import build_demo_year  # noqa: E402
from app.models.store import ensure_year, set_item_score  # noqa: E402
from app.ui.shell.app import APP_NAME, apply_cjk_font, install_qt_chinese  # noqa: E402
from app.ui.shell.backup_dialog import BackupDialog  # noqa: E402
from app.ui.shell.crash import CrashReporter  # noqa: E402
from app.ui.shell.main_window import MainWindow  # noqa: E402


def settle(app: QApplication, rounds: int = 20) -> None:
    for _ in range(rounds):
        app.processEvents()


def main() -> int:
    out = ROOT / "docs" / "screenshots"
    app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    apply_cjk_font(app)
    install_qt_chinese(app)  # Qt's own buttons (OK/Cancel) in Chinese, as run_gui does
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Path(folder) / "考评通.sqlite")
        try:
            make_backup(db, BackupKind.OPEN)
            build_demo_year(db)
            make_backup(db, BackupKind.IMPORT)
            ensure_year(db, 2018)
            make_backup(db, BackupKind.OPEN)
            with db.atomic(reason="截图", source="tools") as conn:
                set_item_score(conn, 2017, "办公室", "b01-01", Decimal("1.5"), None)
            make_backup(db, BackupKind.MANUAL)
            window = MainWindow(db)
            window.show()
            dialog = BackupDialog(db.path, db, window)  # questions go through ask.py now
            dialog.show()
            settle(app)
            dialog.grab().save(str(out / "backups.png"))
            dialog.close()

            reporter = CrashReporter().install()
            try:
                raise KeyError("cadre-077")
            except KeyError:
                reporter.excepthook(*sys.exc_info())
            settle(app)
            reporter.dialogs[0].grab().save(str(out / "crash.png"))
            reporter.uninstall()
            window.close()
        finally:
            db.close()
    print(f"wrote {out / 'backups.png'} and {out / 'crash.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
