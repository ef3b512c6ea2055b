"""The ranked results sheet as the committee signs it (issue 19 point 5), measured in the PDF (pdfplumber): the last
page carries 制表人、审核人、考核办负责人 with a line each to sign on, the date under it and room for the seal, every
label clear of the lines and inside the margins; a page that continues a group or pool repeats its heading (…（续）)
and the column heads; no page ends on a heading; the remarks are the screen's (组内末位 → 书面说明)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from io import BytesIO

import pytest

from app.documents.data import YearDocuments, gather
from app.documents.results import SIGNERS, ResultsRenderer
from app.models.db import Database, open_database
from app.models.demo import DEMO_YEAR, build_demo_year
from app.scoring.remarks import result_notes

pdfplumber = pytest.importorskip("pdfplumber")
MM = 72 / 25.4
MARGIN = 16 * MM  # the sheet's left and right margins


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[YearDocuments]:
    db: Database = open_database(tmp_path_factory.mktemp("results") / "demo.sqlite")
    build_demo_year(db)
    yield gather(db, DEMO_YEAR)
    db.close()


@pytest.fixture(scope="module")
def pages(demo: YearDocuments) -> Iterator[list]:
    with pdfplumber.open(BytesIO(ResultsRenderer(demo).render())) as document:
        yield [(page.width, page.extract_text_lines(), list(page.chars), list(page.lines)) for page in document.pages]


def label_box(chars: list[dict], label: str) -> tuple[float, float, float]:
    """x0, x1 and bottom of the first run of characters reading `label`."""
    text = "".join(c["text"] for c in chars)
    at = text.index(label)
    run = chars[at : at + len(label)]
    return run[0]["x0"], run[-1]["x1"], max(c["bottom"] for c in run)


def test_the_last_page_has_each_signer_a_line_a_date_and_the_seal(pages) -> None:
    *_before, (width, lines, chars, rules) = pages
    text = "".join(line["text"] for line in lines).replace(" ", "")
    for who in SIGNERS:
        assert f"{who}（签字）：" in text
    assert text.count("日期：") == len(SIGNERS) and "（考核办公章）" in text
    assert all("（签字）" not in "".join(line["text"] for line in p[1]) for p in pages[:-1])  # only on the last page
    signing = [r for r in rules if abs(r["top"] - r["bottom"]) < 0.5 and r["x1"] - r["x0"] > 20 * MM]
    signing = [r for r in signing if r["top"] > label_box(chars, "制表人（签字）：")[2] - 20]
    assert len(signing) == len(SIGNERS)
    for who in SIGNERS:
        x0, x1, _bottom = label_box(chars, f"{who}（签字）：")
        assert x0 >= MARGIN - 0.5 and x1 <= width - MARGIN + 0.5, who  # inside the margins
        for rule in signing:  # never under a line someone signs on
            assert x1 <= rule["x0"] + 0.5 or x0 >= rule["x1"] - 0.5, (who, rule["x0"], rule["x1"], x0, x1)
    seal = label_box(chars, "（考核办公章）")
    assert seal[0] >= max(r["x1"] for r in signing) and seal[1] <= width - MARGIN + 0.5


def test_a_continued_group_or_pool_repeats_its_heading_and_column_heads(pages) -> None:
    headings = re.compile(r"^(第.组|干部年度考核)")
    for number, (_width, lines, _chars, _rules) in enumerate(pages[1:], start=2):
        texts = [line["text"].replace(" ", "") for line in lines]
        assert headings.match(texts[0]), (number, texts[0])
        assert texts[1].startswith("名次"), (number, texts[1])
    continued = [p[1][0]["text"].replace(" ", "") for p in pages[1:]]
    assert any(t.endswith("（续）") for t in continued)


def test_no_page_ends_on_a_heading(pages) -> None:
    headings = re.compile(r"^(第.组|干部年度考核|名次)")
    for number, (_width, lines, _chars, _rules) in enumerate(pages, start=1):
        body = [line["text"].replace(" ", "") for line in lines]
        body = [t for t in body if "页共" not in t]  # the footer
        assert not headings.match(body[-1]), (number, body[-1])


def test_the_remarks_are_the_screens(demo: YearDocuments, pages) -> None:
    text = "".join(line["text"] for p in pages for line in p[1]).replace(" ", "")
    notes = result_notes(demo.result)
    last_places = [u.name for u in demo.result.units if any("组内末位" in n for n in notes.get(u.name, ()))]
    assert last_places  # the demo year has them
    assert text.count("组内末位") >= len(last_places)
