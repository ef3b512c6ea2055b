"""No text crosses a column rule of the results sheet (project rule: text never overflows a box), measured with
pdfplumber, also when the year is provisional: 优秀（暂定） in the 等次 column and 称职（党委审定） after a decision
are the longest grades the sheet prints (the screen's terms, seed 考评结果: 暂定 / 党委审定)."""

from __future__ import annotations

from io import BytesIO

import pytest

from app.documents.data import gather
from app.documents.export import render_document
from app.models.db import open_database
from app.models.demo import DEMO_YEAR
from tests.helpers.document_data import demo_documents

pdfplumber = pytest.importorskip("pdfplumber")


def crossings(pdf: bytes) -> list[str]:
    """Every character a vertical table rule runs through (the rule's x strictly inside the glyph's box)."""
    found = []
    with pdfplumber.open(BytesIO(pdf)) as document:
        for page in document.pages:
            rules = [edge for edge in page.edges if edge["orientation"] == "v"]
            for char in page.chars:
                middle = (char["top"] + char["bottom"]) / 2
                for rule in rules:
                    if rule["top"] < middle < rule["bottom"] and char["x0"] + 0.5 < rule["x0"] < char["x1"] - 0.5:
                        found.append(f"p{page.page_number} {char['text']} at x={rule['x0']:.1f}")
    return found


@pytest.fixture
def provisional(demo_path):
    return demo_documents(demo_path, provisional=True)


def test_a_settled_year_keeps_every_cell_inside_its_rules(demo_path) -> None:
    with open_database(demo_path) as db:
        data = gather(db, DEMO_YEAR)
    assert crossings(render_document(data, "results")) == []


def test_provisional_grades_stay_inside_the_grade_column(provisional) -> None:
    assert any(u.provisional and u.grade for u in provisional.result.units)
    pdf = render_document(provisional, "results")
    with pdfplumber.open(BytesIO(pdf)) as document:
        assert "优秀（暂定）" in "".join(page.extract_text().replace("\n", "") for page in document.pages)
    assert crossings(pdf) == []


def test_a_decided_grade_breaks_before_its_bracket_inside_the_column(demo_path) -> None:
    """称职（党委审定） (the committee chose at the 优秀 line) is the longest grade: it wraps, never crosses 备注."""
    from app.models.committee import set_decision
    from tests.helpers.decision_fixtures import tied_demo

    with open_database(demo_path) as db:
        upper, lower = tied_demo(db, DEMO_YEAR)["cadres"]
        with db.atomic("党委审定", "test") as conn:
            set_decision(db, conn, DEMO_YEAR, "cadre", upper, "优秀", "委党委会议纪要")
            set_decision(db, conn, DEMO_YEAR, "cadre", lower, "称职", "委党委会议纪要")
        data = gather(db, DEMO_YEAR)
    pdf = render_document(data, "results")
    with pdfplumber.open(BytesIO(pdf)) as document:
        lines = [line["text"] for page in document.pages for line in page.extract_text_lines()]
    assert any(line.endswith("称职") for line in lines) and any("（党委审定）" in line for line in lines)
    assert crossings(pdf) == []


def test_no_line_of_a_remark_starts_with_closing_punctuation(demo_path) -> None:
    """GB/T 15834 / 禁则: a comma or full stop never opens a line (组内末位：负责人写出书面说明，制订整改措施 once broke
    before its comma when the 备注 column was narrowed)."""
    with open_database(demo_path) as db:
        pdf = render_document(gather(db, DEMO_YEAR), "results")
    with pdfplumber.open(BytesIO(pdf)) as document:
        lines = [line["text"] for page in document.pages for line in page.extract_text_lines()]
    assert not [line for line in lines if line.split()[-1][:1] in "，。、；：）"], lines
