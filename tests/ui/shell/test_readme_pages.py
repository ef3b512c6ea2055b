"""The README's table of pages names every page of the window's navigation, and nothing that is not one."""

from __future__ import annotations

import re

from app.ui.shell.main_window import MainWindow
from tests.helpers.process_helpers import REPOSITORY


def readme_pages() -> list[str]:
    text = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    table = text.split("## The pages", 1)[1].split("\n\n", 2)[1]
    names = []
    for line in table.splitlines()[2:]:
        cell = line.split("|")[1].strip()
        names.append(re.sub(r"\s*\(Ctrl\+\d\)$", "", cell))
    return names


def test_every_page_is_in_the_readme(qtbot, db) -> None:
    window = MainWindow(db)
    qtbot.addWidget(window)
    titles = [page.title for page in window.page_list]
    listed = readme_pages()
    assert "扫描录入" in titles
    assert [t for t in titles if t not in listed] == []
    assert [name for name in listed if name not in titles and name != "文件 menu"] == []
