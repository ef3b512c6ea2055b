"""A long job (a thousand numbered ballots, a workbook) with a progress dialog that appears only when it lasts."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

T = TypeVar("T")
Progress = Callable[[int, int], None]  # (done, total)


def run_with_progress(parent: QWidget, label: str, job: Callable[[Progress], T]) -> T:
    """Run `job(progress)`; the window-modal dialog shows after 400 ms and cannot be cancelled."""
    dialog = QProgressDialog(label, "", 0, 100, parent)
    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(400)

    def progress(done: int, total: int) -> None:
        dialog.setMaximum(max(total, 1))
        dialog.setValue(done)
        QApplication.processEvents()

    try:
        return job(progress)
    finally:
        dialog.close()
        dialog.deleteLater()
