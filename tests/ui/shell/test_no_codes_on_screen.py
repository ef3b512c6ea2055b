"""Issue 20: no screen “shows English text or an internal code”. Every page and every tab of the window, on the demo
year with the demo district indicators, is walked: labels, buttons, tabs, combo entries, placeholders, and every
table's headers and first 200 rows. None may show a program identifier (snake_case), a scheme or indicator id
(b01-01, i01), an English category key (bonus, civil_servant …) or a Python value (None, True). The one id the
clerk does see is the roster's 编号 (c001 …), the column the 干部名册 workbook shares; hidden id columns are not
painted and not read."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QTabWidget,
)

from app.models.db import open_database
from app.models.district.demo import add_demo_district
from app.ui.shell.main_window import MainWindow

CODE = re.compile(
    r"\b[a-z]+_[a-z_]+\b|\bi\d{2}\b|\b[a-z]\d{2}-\d{2}\b"
    r"|\b(?:bonus|deduction|unit|cadre|media|civil_servant|public_institution|None|True|False|null|nan)\b"
)
PERSON_ID = re.compile(r"^c\d{3}$")


def shown_texts(root, page_title: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    out += [(w.text(), "标签") for w in root.findChildren(QLabel)]
    out += [(w.text(), "按钮") for w in root.findChildren(QAbstractButton)]
    out += [(w.tabText(i), "标签页") for w in root.findChildren(QTabWidget) for i in range(w.count())]
    out += [(w.itemText(i), "下拉框") for w in root.findChildren(QComboBox) for i in range(w.count())]
    out += [(w.placeholderText(), "输入框提示") for w in root.findChildren(QLineEdit)]
    for view in root.findChildren(QAbstractItemView):
        model = view.model()
        if model is None or isinstance(view, QHeaderView) or view.window() is not root.window():
            continue  # a table's header (its titles are read with the table), a combo's or a completer's popup
        try:
            columns = model.columnCount()
        except TypeError:  # a list model (QStringListModel): one column, its count private in Qt
            columns = 1
        for column in range(columns):
            if isinstance(view, QTableView) and view.isColumnHidden(column):
                continue  # kept for the model (an id), never painted
            header = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
            out.append((header, "表头"))
            for row in range(min(model.rowCount(), 200)):
                text = str(model.index(row, column).data() or "")
                if header == "编号" and (PERSON_ID.match(text)):
                    continue  # the roster's 编号: the clerk's own id of a person, on the workbook too
                out.append((text, f"表格“{header}”列"))
    return out


def test_no_page_shows_an_internal_code(qtbot, demo_path: Path) -> None:
    db = open_database(demo_path)
    add_demo_district(db, 2017)
    window = MainWindow(db, poll_ms=3_600_000)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.started)
    found: dict[tuple[str, str, str], str] = {}
    try:
        for index, page_spec in enumerate(window.page_list):
            window.show_page(index)
            QApplication.processEvents()
            page = window.current_page()
            for tabs in page.findChildren(QTabWidget):
                for tab in range(tabs.count()):
                    tabs.setCurrentIndex(tab)
                    QApplication.processEvents()
            for text, where in shown_texts(page, page_spec.title):
                for code in CODE.findall(text):
                    found.setdefault((page_spec.title, where, code), text[:60])
        assert len(window.page_list) >= 12
    finally:
        window.leaving_confirmed = True
        window.close()
        db.close()
    assert not found, found
