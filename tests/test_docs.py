"""The README keeps up with the program: every page of the window, every Ctrl/Alt shortcut the window offers
(in its menus, on its pages, or named in a page's text) and every command of `appraisal` appears in it.

A new page, shortcut or command without a line in the README fails here, the way sqlite-utils' docs test
fails for an undocumented command."""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QApplication, QLabel, QLineEdit, QTabWidget, QWidget

from app.cli import PRINT_DOCUMENTS, build_parser
from app.models.db import open_database
from app.ui.shell.main_window import MainWindow
from app.ui.shell.pages import PAGES

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
# A shortcut as people write it: Ctrl+S, Ctrl+Shift+N, Alt+Y, Ctrl+Enter.
NAMED = re.compile(r"\b(?:Ctrl|Alt)\+(?:(?:Shift|Alt)\+)?(?:F\d{1,2}|Enter|Tab|Left|Right|Up|Down|[A-Z0-9])(?![\w+])")


def spelled(sequence: QKeySequence) -> str:
    """Qt's name for a key sequence, as the README spells it (Enter, not Return)."""
    return sequence.toString(QKeySequence.SequenceFormat.PortableText).replace("Return", "Enter")


@pytest.fixture(scope="module")
def window(qapp: QApplication, tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Iterator[MainWindow]:
    path = tmp_path_factory.mktemp("docs") / "demo.sqlite"
    path.write_bytes(demo_template.read_bytes())
    db = open_database(path)
    shown = MainWindow(db, poll_ms=3_600_000)
    shown.show()
    for index in range(len(shown.page_list)):  # every page built and filled
        shown.show_page(index)
        qapp.processEvents()
    yield shown
    shown.leaving_confirmed = True
    shown.close()
    db.close()


def window_shortcuts(window: MainWindow) -> dict[str, str]:
    """Every Ctrl/Alt shortcut → where it was found."""
    found: dict[str, str] = {}
    for action in window.findChildren(QAction):
        for sequence in action.shortcuts():
            found.setdefault(spelled(sequence), f"menu action {action.text()!r}")
    for shortcut in window.findChildren(QShortcut):
        found.setdefault(spelled(shortcut.key()), f"shortcut on {type(shortcut.parent()).__name__}")
    for widget in window.findChildren(QWidget):
        texts = []
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        if isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        if isinstance(widget, QTabWidget):
            texts += [widget.tabText(i) for i in range(widget.count())]
        texts.append(widget.toolTip())
        for text in texts:
            for name in NAMED.findall(text):
                found.setdefault(name, f"named on {type(widget).__name__} {text[:40]!r}")
    return {key: where for key, where in found.items() if key.startswith(("Ctrl+", "Alt+"))}


def test_every_page_is_in_the_readme(window: MainWindow) -> None:
    titles = [spec.title for spec in PAGES]
    assert titles == [page.title for page in window.page_list]
    missing = [title for title in titles if title not in README]
    assert not missing, f"pages not in README.md: {missing}"


def test_every_shortcut_is_in_the_readme(window: MainWindow) -> None:
    shortcuts = window_shortcuts(window)
    assert {"Ctrl+S", "Ctrl+Z", "Ctrl+1", "Ctrl+Enter", "Alt+Left"} <= set(shortcuts)  # the walk finds them
    missing = {key: where for key, where in shortcuts.items() if key not in README}
    assert not missing, f"shortcuts not in README.md: {missing}"


def test_every_command_is_in_the_readme() -> None:
    parser = build_parser()
    (commands,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    assert {"gui", "import", "export", "results", "print"} <= set(commands.choices)
    missing = [name for name in commands.choices if f"appraisal {name}" not in README]
    assert not missing, f"commands not in README.md: {missing}"
    documents = [doc for doc in PRINT_DOCUMENTS if f"`{doc}`" not in README]
    assert not documents, f"print documents not in README.md: {documents}"


HELP = (Path(__file__).resolve().parents[1] / "resources" / "help" / "使用说明.md").read_text(encoding="utf-8")
F_KEY = re.compile(r"(?<![\w+])F(?:1[0-2]|[1-9])(?!\w)")
MNEMONIC = re.compile(r"&([A-Za-z0-9])")


def offered_keys(window: MainWindow) -> set[str]:
    """Every key the window answers: its Ctrl/Alt shortcuts, F-keys, and the Alt+letter of every & mnemonic."""
    keys = set(window_shortcuts(window))
    sequences = [s for a in window.findChildren(QAction) for s in a.shortcuts()]
    sequences += [s.key() for s in window.findChildren(QShortcut)]
    keys |= {spelled(s) for s in sequences}
    texts = [a.text() for a in window.findChildren(QAction)]
    for widget in window.findChildren(QWidget):
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        if isinstance(widget, QTabWidget):
            texts += [widget.tabText(i) for i in range(widget.count())]
    keys |= {f"Alt+{m.upper()}" for text in texts for m in MNEMONIC.findall(text.replace("&&", ""))}
    edit_on_f2 = QAbstractItemView.EditTrigger.EditKeyPressed
    if any(view.editTriggers() & edit_on_f2 for view in window.findChildren(QAbstractItemView)):
        keys.add("F2")  # Qt's item views open the editor on F2 themselves
    return keys


@pytest.mark.parametrize("name, text", [("README.md", README), ("使用说明.md", HELP)])
def test_every_key_the_documents_name_works_in_the_window(window: MainWindow, name: str, text: str) -> None:
    """The other way round: a key the README or the F1 guide tells the clerk to press is one the window answers
    (a renamed button's mnemonic or a dropped shortcut leaves the guide promising a dead key)."""
    offered = offered_keys(window)
    named = set(NAMED.findall(text)) | set(F_KEY.findall(text))
    dead = sorted(key for key in named if key not in offered)
    assert not dead, f"{name} names keys the window does not answer: {dead}"
