"""A year whose scheme was edited: the demo 2017 and a 2018 copied from it, for the scheme-file tests (the files:
tests/models/yearfile/test_scheme_files.py; the page: tests/ui/years/test_scheme_files.py)."""

from __future__ import annotations

import copy
from pathlib import Path

from app.models import years as ym
from app.models.db import Database, open_database
from app.models.store import year_scheme


def demo_with_edited_2018(demo_path: Path) -> Database:
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
    return database
