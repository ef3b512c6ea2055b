"""Every modal question the window asks goes through this module: a file or folder to open or save, yes or no,
one of several choices, a line of text, a message to acknowledge, a dialog to fill in (the printer, the committee's decision,
an import preview).

Why one seam: a modal dialog blocks until someone answers it, so a test that meets an unexpected one hangs or
aborts. Each function here describes its question as a `Question` and hands it to `responder`, which shows the
real dialog; tests replace `responder` once (tests/helpers/ask_mock.py) to answer in order and to fail on any
question they did not expect. Nothing else in app/ui calls QFileDialog, QMessageBox or `dialog.exec()`.
(Those two classes are loaded when the first dialog is shown, by `dialog_classes`.)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtWidgets import QDialog, QWidget

if TYPE_CHECKING:
    from PySide6.QtWidgets import QFileDialog, QMessageBox

T = TypeVar("T")

# What is asked (Question.kind).
OPEN_FILE = "open file"  # answer: a path, or None (cancelled); for `open_files`, a list of paths
SAVE_FILE = "save file"  # answer: a path, or None
FOLDER = "folder"  # answer: a path, or None
CONFIRM = "confirm"  # answer: True (yes) or False
CHOOSE = "choose"  # answer: the index of the chosen option; the last option cancels
TEXT = "text"  # one line typed in answer: the text, or None (cancelled)
INFORM = "inform"  # a message with one button; answer: None
DIALOG = "dialog"  # a dialog of the program's own (`subject`), answer: True when accepted


@dataclass(frozen=True)
class Question:
    kind: str
    title: str
    text: str = ""
    options: tuple[str, ...] = ()
    subject: Any = field(default=None, compare=False)  # the dialog, for DIALOG


def dialog_classes() -> tuple[type[QFileDialog], type[QMessageBox]]:
    """Qt's file dialog and message box, imported with the first dialog shown (3 ms less at every start)."""
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    return QFileDialog, QMessageBox


def show(question: Question, show_dialog: Callable[[], T]) -> T:
    """The default responder: show the real dialog and return what the clerk answered."""
    return show_dialog()


# Tests replace this (never the functions below): it receives the question and the way to show it.
responder: Callable[[Question, Callable[[], Any]], Any] = show


def _ask(question: Question, show_dialog: Callable[[], T]) -> T:
    return responder(question, show_dialog)


# --- files and folders ------------------------------------------------------------------------------

_last_folder: str | None = None  # where the clerk last opened or saved a file, in this run of the program


def start_folder() -> str:
    """Where a file dialog opens: the folder last used in this run, else the user's documents folder (the
    clerk's files are there; the program's own folder is no place for them)."""
    from PySide6.QtCore import QStandardPaths

    if _last_folder and Path(_last_folder).is_dir():
        return _last_folder
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return documents if documents and Path(documents).is_dir() else str(Path.home())


def _in_folder(suggestion: str) -> str:
    """A proposed name alone goes into `start_folder()`; a path stays where it points."""
    if not suggestion:
        return start_folder()
    return suggestion if Path(suggestion).is_absolute() else str(Path(start_folder()) / suggestion)


def _used(path: str | None) -> str | None:
    global _last_folder
    if path:
        target = Path(path)
        _last_folder = str(target if target.is_dir() else target.parent)
    return path


def open_file(parent: QWidget | None, title: str, pattern: str, folder: str = "") -> str | None:
    """A file to read (an existing one); None when cancelled."""

    def dialog() -> str | None:
        QFileDialog, _ = dialog_classes()
        return _used(QFileDialog.getOpenFileName(parent, title, _in_folder(folder), pattern)[0] or None)

    return _ask(Question(OPEN_FILE, title, folder, (pattern,)), dialog)


def open_files(parent: QWidget | None, title: str, pattern: str, folder: str = "") -> list[str]:
    """Files to read (several may be chosen); [] when cancelled."""

    def dialog() -> list[str]:
        QFileDialog, _ = dialog_classes()
        chosen = list(QFileDialog.getOpenFileNames(parent, title, _in_folder(folder), pattern)[0])
        _used(chosen[0] if chosen else None)
        return chosen

    return list(_ask(Question(OPEN_FILE, title, folder, (pattern,)), dialog) or [])


def save_file(parent: QWidget | None, title: str, suggestion: str, pattern: str) -> str | None:
    """A file to write (`suggestion`: the proposed name or path); None when cancelled."""

    def dialog() -> str | None:
        QFileDialog, _ = dialog_classes()
        return _used(QFileDialog.getSaveFileName(parent, title, _in_folder(suggestion), pattern)[0] or None)

    return _ask(Question(SAVE_FILE, title, suggestion, (pattern,)), dialog)


def folder(parent: QWidget | None, title: str) -> str | None:
    """A folder to write several files into; None when cancelled."""

    def dialog() -> str | None:
        QFileDialog, _ = dialog_classes()
        return _used(QFileDialog.getExistingDirectory(parent, title, start_folder()) or None)

    return _ask(Question(FOLDER, title), dialog)


# --- questions and messages -------------------------------------------------------------------------


def confirm(parent: QWidget | None, title: str, text: str, default_no: bool = False) -> bool:
    """是/否; `default_no`: Enter answers 否 (for going on despite a warning)."""

    def dialog() -> bool:
        _, QMessageBox = dialog_classes()
        buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
        default = QMessageBox.StandardButton.No if default_no else QMessageBox.StandardButton.NoButton
        return QMessageBox.question(parent, title, text, buttons, default) == QMessageBox.StandardButton.Yes

    return _ask(Question(CONFIRM, title, text, ("是", "否")), dialog)


def choose(parent: QWidget | None, title: str, text: str, options: Sequence[str]) -> int:
    """One of `options` (buttons, the first the default); the last one is the cancel (Esc) answer."""

    def dialog() -> int:
        _, QMessageBox = dialog_classes()
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=parent)
        buttons = []
        for index, option in enumerate(options):
            last = index == len(options) - 1
            role = QMessageBox.ButtonRole.RejectRole if last else QMessageBox.ButtonRole.AcceptRole
            buttons.append(box.addButton(option, role))
        box.setDefaultButton(buttons[0])
        box.setEscapeButton(buttons[-1])
        box.exec()
        clicked = box.clickedButton()
        return buttons.index(clicked) if clicked in buttons else len(options) - 1

    return _ask(Question(CHOOSE, title, text, tuple(options)), dialog)


DISCARD_TITLE = "尚未提交的录入"


def text(parent: QWidget | None, title: str, label: str, proposed: str = "") -> str | None:
    """One line typed in answer to `label` (`proposed` filled in), stripped; None when cancelled."""

    def dialog() -> str | None:
        from PySide6.QtWidgets import QInputDialog

        typed, ok = QInputDialog.getText(parent, title, label, text=proposed)
        return typed.strip() if ok else None

    return _ask(Question(TEXT, title, label, (proposed,)), dialog)


def discard(parent: QWidget | None, text: str) -> bool:
    """Before typed, uncommitted work is thrown away: True to discard; the default answer keeps it."""
    title = DISCARD_TITLE

    def dialog() -> bool:
        _, QMessageBox = dialog_classes()
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.NoButton, parent)
        drop = box.addButton("丢弃(&D)", QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton("返回继续录入(&K)", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.exec()
        return box.clickedButton() is drop

    return _ask(Question(CONFIRM, title, text, ("丢弃", "返回继续录入")), dialog)


def inform(parent: QWidget | None, title: str, text: str, icon: str = "warning") -> None:
    """A message the clerk acknowledges; `icon`: "warning", "critical" or "about"."""

    def dialog() -> None:
        _, QMessageBox = dialog_classes()
        if icon == "about":
            QMessageBox.about(parent, title, text)
        elif icon == "critical":
            QMessageBox.critical(parent, title, text)
        else:
            QMessageBox.warning(parent, title, text)

    _ask(Question(INFORM, title, text), dialog)


def run(dialog: QDialog) -> bool:
    """A dialog of the program's own, shown modally; True when it was accepted (its fields hold the answer)."""
    accepted = _ask(
        Question(DIALOG, dialog.windowTitle(), subject=dialog),
        lambda: dialog.exec() == QDialog.DialogCode.Accepted,
    )
    return bool(accepted)
