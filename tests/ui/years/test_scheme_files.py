"""年度与方案 ▸ 导出本年度方案 / 导入方案文件: an edited year's scheme carried to another PC as a file (the files
themselves: tests/models/yearfile/test_scheme_files.py)."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.models import years as ym
from app.models.db import Database, open_database
from app.models.schemes import DEFAULT_SCHEME_ID
from app.models.store import year_scheme
from app.ui.shell.session import Session
from app.ui.years.page import YearsPage


@pytest.fixture
def db(demo_path: Path) -> Iterator[Database]:
    """The demo 2017 and a 2018 copied from it whose 办公室 has one more item (two points moved)."""
    database = open_database(demo_path)
    with database.atomic("新建 2018 年度", "test") as conn:
        ym.create_year_from(conn, database, 2018, copy_of=2017)
    body = copy.deepcopy(year_scheme(database, 2018).body)
    items = body["business_items"]["办公室"]
    items[0]["max"] -= 2
    items.append({"id": "b01-99", "title": "信息公开工作", "max": 2, "text": "按时公开得满分"})
    with database.atomic("修改 2018 方案", "test") as conn:
        ym.save_scheme(conn, database, 2018, body)
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
