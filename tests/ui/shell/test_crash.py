"""Crash reports (issue 6 §4): "an unexpected error shows a Chinese dialog (what happened, that data up to the
last committed change is safe, where the report is), and writes a log in the data folder; nothing is lost."
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import qWarning

from app.models.db import open_database
from app.models.demo import DEMO_YEAR, build_demo_year
from app.ui.shell.crash import LOG_NAME, CrashReporter


def test_an_unexpected_error_gets_a_report_and_a_chinese_dialog(qtbot, isolated_data_dir: Path) -> None:
    previous = sys.excepthook
    reporter = CrashReporter().install()
    try:
        try:
            raise ValueError("第 3 张票的分数无法换算")
        except ValueError:
            sys.excepthook(*sys.exc_info())
        (dialog,) = reporter.dialogs
        qtbot.waitExposed(dialog)
        text = dialog.text()
        assert "ValueError：第 3 张票的分数无法换算" in text  # what happened
        assert "截至最后一次保存的内容都在" in text  # the data is safe
        report = dialog.report
        assert str(report) in text and report.parent == isolated_data_dir / "logs"  # where the report is
        content = report.read_text(encoding="utf-8")
        assert "Traceback" in content and "第 3 张票的分数无法换算" in content
        dialog.continue_button.click()
        assert not reporter.dialogs
    finally:
        reporter.uninstall()
    assert sys.excepthook is previous


def test_qt_warnings_go_to_the_log_in_the_data_folder(qtbot, isolated_data_dir: Path) -> None:
    reporter = CrashReporter(show_dialog=False).install()
    try:
        qWarning("一条 Qt 警告")
    finally:
        reporter.uninstall()
    log = (isolated_data_dir / "logs" / LOG_NAME).read_text(encoding="utf-8")
    assert "Qt：一条 Qt 警告" in log and "启动" in log


# The program as the clerk runs it: a change is saved, then a bug strikes in the middle of the next one.
CRASHING_SESSION = """
import json, sys
from decimal import Decimal
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from app.models.store import set_item_score
from app.ui.shell.app import run_gui
from app.ui.shell.crash_dialog import CrashDialog
from app.ui.shell.main_window import MainWindow
app = QApplication(["appraisal"])
def window():
    return next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
def save_then_fail():
    session = window().session
    with session.write("已保存的修改") as conn:
        set_item_score(conn, 2017, "办公室", "b01-01", Decimal("1.5"), "已保存")
    with session.write("做到一半的修改") as conn:
        set_item_score(conn, 2017, "办公室", "b01-01", Decimal("0.5"), "做到一半")
        raise RuntimeError("模拟的程序错误")
def look_and_quit():
    dialogs = [w for w in app.topLevelWidgets() if isinstance(w, CrashDialog) and w.isVisible()]
    print(json.dumps([d.text() for d in dialogs], ensure_ascii=False), flush=True)
    dialogs[0].quit_button.click()
QTimer.singleShot(100, save_then_fail)
QTimer.singleShot(400, look_and_quit)
sys.exit(run_gui(sys.argv[1]))
"""


def test_a_crash_in_the_window_loses_nothing_committed(tmp_path: Path, isolated_data_dir: Path) -> None:
    path = tmp_path / "work.sqlite"
    with open_database(path) as db:
        build_demo_year(db)
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "APPRAISAL_DATA_DIR": str(isolated_data_dir)}
    done = subprocess.run(
        [sys.executable, "-c", CRASHING_SESSION, str(path)],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    (text,) = json.loads(done.stdout.strip().splitlines()[-1])
    assert "RuntimeError：模拟的程序错误" in text and "截至最后一次保存的内容都在" in text
    (report,) = (isolated_data_dir / "logs").glob("crash-*.txt")
    assert str(report) in text
    assert "模拟的程序错误" in report.read_text(encoding="utf-8")
    assert "work.sqlite" in report.read_text(encoding="utf-8")  # which file was open
    with open_database(path) as db:
        row = db.query(
            "SELECT score, note FROM item_scores WHERE year = ? AND unit = '办公室' AND item = 'b01-01'", (DEMO_YEAR,)
        )
        assert (row[0]["score"], row[0]["note"]) == ("1.5", "已保存")
        assert db.query("PRAGMA integrity_check")[0][0] == "ok"


def test_a_log_past_its_size_is_rotated_at_start_and_the_oldest_dropped(tmp_path: Path) -> None:
    from app.ui.shell.crash import rotate_log

    log = tmp_path / "appraisal.log"
    for number, text in ((1, "一"), (2, "二"), (3, "三")):
        log.with_name(f"appraisal.log.{number}").write_text(text, encoding="utf-8")
    log.write_text("x" * 11, encoding="utf-8")
    rotate_log(log, max_bytes=10, keep=3)
    assert not log.exists()
    assert [log.with_name(f"appraisal.log.{n}").read_text(encoding="utf-8") for n in (1, 2, 3)] == [
        "x" * 11,
        "一",
        "二",
    ]
    log.write_text("small", encoding="utf-8")
    rotate_log(log, max_bytes=10, keep=3)  # under the size: left alone
    assert log.read_text(encoding="utf-8") == "small"
