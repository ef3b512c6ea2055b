"""Start-up: launch to window shown, as whole processes, against a bare PySide6 window in the same run.

    .venv/bin/python benchmarks/bench_startup.py [--runs N] [--file FILE.sqlite]
    xvfb-run -a env QT_QPA_PLATFORM=xcb .venv/bin/python benchmarks/bench_startup.py   # a real X server

Three commands, run one after the other in each round (interleaved, so a busy machine slows all alike):
  bare window  — a QMainWindow with a label, shown, then quit from the event loop (what `gui --check` does);
  appraisal    — `appraisal gui FILE --check` on the demo year (25 units, 150 cadres, every ballot): the
                 program's own start-up, file opened, window shown with its title (printed then), then the
                 backup every open makes, then quit;
  with results — `appraisal gui FILE` as the clerk starts it, until the first page shows the year's results:
                 the window shows itself first and computes them on the event loop's next turn.
Each command is a new process (interpreter start, imports, window). "Shown" is the wall clock from launch
to the line the process prints once its window is on screen (read from its stdout as it comes); the whole
process (to exit) and its CPU time are printed too. Bytecode is cached: `compileall` writes `__pycache__`
for app/ first, and the children run without PYTHONDONTWRITEBYTECODE after one warm-up run of each command
(which caches whatever else they import). Prints the medians (of ≥ 7 runs) and the ratio of the
appraisal's launch-to-shown median to the bare window's. Acceptance: ratio ≤ 2.0.
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIMIT = 2.0
MARKER = "窗口已打开"

BARE_WINDOW = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setWindowTitle("bare")
window.setCentralWidget(QLabel("考评通"))
window.resize(1400, 850)
window.show()
QTimer.singleShot(0, lambda: (print("窗口已打开：" + window.windowTitle(), flush=True), app.quit()))
sys.exit(app.exec())
"""

# `appraisal gui FILE` (run_gui), saying so once the first page is painted with the year's results, then quitting.
RESULTS_ON_SCREEN = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from app.ui.shell import main_window
start = main_window.MainWindow.start
def start_then_quit(window):
    start(window)
    window.repaint()
    print("窗口已打开：" + window.status_label.text(), flush=True)
    QTimer.singleShot(0, QApplication.quit)
main_window.MainWindow.start = start_then_quit
from app.ui.shell.app import run_gui
sys.exit(run_gui(sys.argv[1]))
"""


@dataclass
class Times:
    shown: list[float] = field(default_factory=list)  # launch to the printed line, s
    total: list[float] = field(default_factory=list)  # launch to exit, s
    cpu: list[float] = field(default_factory=list)  # user + system, s


def child_env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env["APPRAISAL_DATA_DIR"] = str(data_dir)  # recent files, logs and backups stay in the temp folder
    return env


def cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(command: list[str], env: dict[str, str], times: Times | None = None) -> None:
    cpu = cpu_of_children()
    start = time.perf_counter()
    child = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8"
    )
    assert child.stdout is not None
    shown = None
    for line in child.stdout:
        if MARKER in line:
            shown = time.perf_counter() - start
            break
    _rest, errors = child.communicate(timeout=120)
    total = time.perf_counter() - start
    if child.returncode != 0 or shown is None:
        raise SystemExit(f"{' '.join(command[:3])} failed ({child.returncode}):\n{errors}")
    if times is not None:
        times.shown.append(shown)
        times.total.append(total)
        times.cpu.append(cpu_of_children() - cpu)


def ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:7.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=9, help="runs of each command (at least 7)")
    parser.add_argument("--file", help="the data file to open (default: a fresh demo year)")
    args = parser.parse_args()
    runs = max(7, args.runs)

    compiled = compileall.compile_dir(ROOT / "app", quiet=1)  # writes __pycache__ whatever the environment says
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder) / "appdata"
        path = Path(args.file) if args.file else Path(folder) / "demo.sqlite"
        if not args.file:
            sys.path.insert(0, str(ROOT))
            from app.models.db import open_database
            from app.models.demo import build_demo_year

            with open_database(path) as db:
                build_demo_year(db)
        env = child_env(data_dir)
        commands = {
            "bare window": [sys.executable, "-c", BARE_WINDOW],
            "appraisal": [sys.executable, "-m", "app.cli", "gui", str(path), "--check"],
            "with results": [sys.executable, "-c", RESULTS_ON_SCREEN, str(path)],
        }
        for command in commands.values():
            run(command, env)  # warm-up: the OS file cache and any bytecode not yet cached
        times = {label: Times() for label in commands}
        for round_ in range(runs):
            order = list(commands.items())
            for label, command in order if round_ % 2 == 0 else reversed(order):
                run(command, env, times[label])

    platform = env.get("QT_QPA_PLATFORM")
    cached = "app/ compiled to __pycache__" if compiled else "app/ compile reported errors"
    print(f"platform {platform}; {runs} runs each, interleaved; bytecode cached ({cached}, children may write more)")
    print(f"\n{'':<14}{'launch to shown':>17}{'whole process':>17}{'CPU time':>14}")
    for label, t in times.items():
        print(f"{label:<14}{ms(t.shown):>17}{ms(t.total):>17}{ms(t.cpu):>14}")
    bare = statistics.median(times["bare window"].shown)
    ratio = statistics.median(times["appraisal"].shown) / bare
    later = statistics.median(times["with results"].shown) / bare
    whole = statistics.median(times["appraisal"].total) / statistics.median(times["bare window"].total)
    cpu = statistics.median(times["appraisal"].cpu) / statistics.median(times["bare window"].cpu)
    print(f"\nwhole process {whole:.2f}×, CPU time {cpu:.2f}× (gui --check makes the backup-on-open before it quits)")
    print(f"results on screen {later:.2f}× the bare window's launch to shown")
    print(f"ratio {ratio:.2f} (launch to shown) — {'OK' if ratio <= LIMIT else 'OVER'} the {LIMIT:.1f}× limit")
    return 0 if ratio <= LIMIT else 1


if __name__ == "__main__":
    sys.exit(main())
