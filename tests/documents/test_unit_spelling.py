"""One spelling per unit in one document (issue 19: 运行协调监测科 / 运行监测协调科 — the seed uses both; "one
spelling per unit, taken from the scheme"). The results sheet and the 考评明细 name a unit in full in its own table
and by its short name in the cadres' column; a "short" name as long as the full one (运行监测协调科 for
运行协调监测科) is the other spelling, not an abbreviation, so these documents print the full name there. A real
abbreviation (新工化推进科 for 新型工业化推进科) still saves the column its width. The ballots keep the form's
spelling (the seed's 附件 print 运行监测协调科)."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from pypdf import PdfReader

from app.documents.data import gather, unit_labels
from app.documents.export import render_document
from app.models.db import open_database
from app.models.demo import DEMO_YEAR

FULL, OTHER = "运行协调监测科", "运行监测协调科"


def text_of(pdf: bytes) -> str:
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages))


@pytest.fixture
def data(demo_path):
    with open_database(demo_path) as db:
        return gather(db, DEMO_YEAR)


def test_the_scheme_spells_the_unit_two_ways(data) -> None:
    assert any(u.name == FULL and u.short == OTHER for u in data.scheme.units)
    labels = unit_labels(data.scheme)
    assert labels[FULL] == FULL and labels["新型工业化推进科"] == "新工化推进科"


@pytest.mark.parametrize(("doc", "unit"), [("results", None), ("detail", None)])
def test_a_document_spells_the_unit_one_way(data, doc, unit) -> None:
    text = text_of(render_document(data, doc, unit=unit))
    assert FULL in text and OTHER not in text
    assert "新工化推进科" in text


def test_the_results_workbook_spells_the_unit_one_way(demo_path) -> None:
    from openpyxl import load_workbook

    from app.workbooks.results import results_workbook_bytes

    with open_database(demo_path) as db:
        book = load_workbook(BytesIO(results_workbook_bytes(db, gather(db, DEMO_YEAR))))
    cells = [str(c) for ws in book.worksheets if "民主测评" not in ws.title for row in ws.values for c in row if c]
    assert any(FULL in c for c in cells) and not any(OTHER in c for c in cells)
