"""年度与方案 ▸ 导出本年度方案 / 导入方案文件: an edited year's scheme carried to another PC as a file (the files
themselves: tests/models/yearfile/test_scheme_files.py)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.models.db import Database
from app.models.schemes import DEFAULT_SCHEME_ID
from app.ui.shell.session import Session
from app.ui.years.page import YearsPage
from tests.helpers.scheme_years import demo_with_edited_2018


@pytest.fixture
def db(demo_path: Path) -> Iterator[Database]:
    database = demo_with_edited_2018(demo_path)
    yield database
    database.close()


def test_years_page_exports_and_imports_scheme_files(qtbot, db: Database, tmp_path: Path, ask_mock) -> None:
    session = Session(db)
    session.set_year(2018)
    page = YearsPage(session)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    scheme_file = tmp_path / "2018年度考评方案.json"
    ask_mock.file(scheme_file)
    qtbot.mouseClick(page.export_scheme_button, Qt.MouseButton.LeftButton)
    assert json.loads(scheme_file.read_text(encoding="utf-8"))["id"] == f"{DEFAULT_SCHEME_ID}@2018"
    assert "已导出" in page.message.text()

    county = json.loads(scheme_file.read_text(encoding="utf-8"))
    county["id"], county["title"] = "county-2019", "某县考评方案"
    county_file = tmp_path / "county.json"
    county_file.write_text(json.dumps(county, ensure_ascii=False), encoding="utf-8")
    ask_mock.file(county_file)
    qtbot.mouseClick(page.import_scheme_button, Qt.MouseButton.LeftButton)
    assert "已导入考评方案 county-2019" in page.message.text()
    assert page.source_combo.findData("scheme:county-2019") >= 0  # offered for a new year

    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    ask_mock.file(broken)
    qtbot.mouseClick(page.import_scheme_button, Qt.MouseButton.LeftButton)
    assert "JSON 格式错误" in page.message.text()
