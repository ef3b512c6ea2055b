"""What became provisional is marked on the paper itself (project rule: nothing shown as final that can change —
provisional results are marked; spec, results object: ``provisional`` is true when a prize or grade "could still
change because something it depends on is open"). The window asks before printing and the CLI warns, but the sheet
that leaves the office carries no warning: a certificate or a notice naming a provisional prize must say so."""

from __future__ import annotations

import re
from io import BytesIO

import docx
import pytest
from pypdf import PdfReader

from app.documents.data import gather
from app.documents.export import render_document
from app.documents.notice_docx import notice_docx_bytes
from app.models.db import open_database
from app.models.demo import DEMO_YEAR
from tests.helpers.document_data import demo_documents


def pages_of(pdf: bytes) -> list[str]:
    return [re.sub(r"\s+", "", page.extract_text()) for page in PdfReader(BytesIO(pdf)).pages]


@pytest.fixture
def provisional(demo_path):
    """The demo with one item score of 人事科 deleted: its group's prizes and some 优秀 become provisional."""
    data = demo_documents(demo_path, provisional=True)
    assert any(u.provisional and u.prize for u in data.result.units)
    assert any(c.provisional and c.grade == "优秀" for c in data.result.cadres)
    return data


def test_a_certificate_for_a_provisional_prize_says_so(provisional) -> None:
    data = provisional
    recipients = data.recipients()
    pages = pages_of(render_document(data, "certificates"))
    assert len(pages) == len(recipients)
    shaky = {u.name for u in data.result.units if u.provisional} | {c.name for c in data.result.cadres if c.provisional}
    for recipient, text in zip(recipients, pages, strict=True):
        assert ("暂定" in text) == (recipient.name in shaky), (recipient, text)


def test_a_certificate_on_preprinted_stock_for_a_provisional_prize_says_so(provisional) -> None:
    from dataclasses import replace

    from app.documents.certificate_layout import PREPRINTED

    data = replace(provisional, certificate=replace(provisional.certificate, mode=PREPRINTED))
    pages = pages_of(render_document(data, "certificates"))
    first = data.recipients()[0]
    assert first.name in {u.name for u in data.result.units if u.provisional}
    assert "暂定" in pages[0]


def test_the_notice_marks_each_provisional_name(provisional) -> None:
    data = provisional
    text = "".join(pages_of(render_document(data, "notice")))
    for unit in data.result.units:
        if unit.prize and unit.provisional:
            assert f"{unit.name}（暂定）" in text
    for cadre in data.result.cadres:
        if cadre.grade == "优秀":
            assert (f"{cadre.name}（暂定）" in text) == cadre.provisional, cadre.name
    assert "暂定稿" in text


def test_the_word_notice_marks_each_provisional_name(provisional) -> None:
    data = provisional
    document = docx.Document(BytesIO(notice_docx_bytes(data)))
    text = "".join(p.text for p in document.paragraphs)
    shaky = [c.name for c in data.result.cadres if c.grade == "优秀" and c.provisional]
    assert shaky and all(f"{name}（暂定）" in text for name in shaky)
    assert "暂定稿" in text


def test_a_settled_year_prints_no_mark(demo_path) -> None:
    with open_database(demo_path) as db:
        data = gather(db, DEMO_YEAR)
    assert not any(u.provisional for u in data.result.units)
    for doc in ("notice", "certificates"):
        assert "暂定" not in "".join(pages_of(render_document(data, doc)))
