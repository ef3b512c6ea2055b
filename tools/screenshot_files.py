"""Screenshots of the 备份与恢复 dialog and the crash dialog, for the docs.

    xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb .venv/bin/python tools/screenshot_files.py

Writes docs/screenshots/backups.png and crash.png from a throw-away data folder and database.
"""

from __future__ import annotations

import sys
import tempfile
from decimal import Decimal
from pathlib import Path

from shots import make_app, output_folder, settle  # first: puts the repository on sys.path, a throw-away data folder

from app.models.backup import BackupKind, make_backup
from app.models.db import open_database
from app.models.demo import build_demo_year
from app.models.store import ensure_year, set_item_score
from app.ui.shell.backup_dialog import BackupDialog
from app.ui.shell.crash import CrashReporter
from app.ui.shell.main_window import MainWindow


def main(argv: list[str] | None = None) -> int:
    out = output_folder(__doc__.splitlines()[0], argv)
    app = make_app()
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
