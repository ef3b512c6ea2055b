"""Ballot pages made to be read: corner marks, a QR code per page (ReportLab's encoder), a random sheet token
shared by the pages of one ballot, no serial on the democratic ballot unless asked (无记名)."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from app.documents import ballot_layout as L
from app.documents.ballot_codes import CODE_MASK, code_matrix, new_token
from app.documents.ballots import DemocraticBallotRenderer, LeaderRatingSheetRenderer, RatingBallotRenderer
from app.documents.export import render_document

ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"


@pytest.fixture(scope="module")
def data(demo_template):
    from app.documents.data import gather
    from app.models.db import open_database

    with open_database(demo_template, create=False, readonly=True) as db:
        yield gather(db, 2017)


def decoded_codes(pdf: bytes, dpi: int = 150) -> list[L.PageCode]:
    """Every page's QR code, read back from the rendered page as a scanner would see it."""
    import pypdfium2 as pdfium
    import zxingcpp

    codes = []
    document = pdfium.PdfDocument(pdf)
    for page in document:
        image = page.render(scale=dpi / 72, grayscale=True).to_pil()
        found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
        assert len(found) == 1, "one code per page"
        codes.append(L.parse_code(found[0].text))
    document.close()
    return codes


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=ALNUM, min_size=1, max_size=61))
def test_the_fast_encoder_draws_exactly_reportlabs_qr_code(text: str) -> None:
    from reportlab.graphics.barcode import qrencoder

    reference = qrencoder.QRCode(L.CODE_VERSION, qrencoder.QRErrorCorrectLevel.M)
    reference.addData(qrencoder.QRAlphaNum(text))
    reference.makeImpl(False, CODE_MASK)
    assert code_matrix(text) == reference.modules


def test_tokens_are_random_and_of_the_documented_length() -> None:
    tokens = {new_token() for _ in range(1000)}
    assert len(tokens) == 1000 and all(re.fullmatch(r"[0-9A-F]{16}", t) for t in tokens)


def test_the_democratic_ballot_prints_no_serial_and_pairs_its_pages_by_a_fresh_token(data) -> None:
    """Seed 附件1 民主测评表 has no number; 以无记名方式 — a serial in print order could name the voter."""
    renderer = DemocraticBallotRenderer(data, copies=3)
    pdf = renderer.render()
    texts = [page.extract_text() for page in PdfReader(BytesIO(pdf)).pages]
    assert len(texts) == 6
    assert not any("编号" in t for t in texts)
    assert "第 1 页 共 2 页" in texts[0] and "第 2 页 共 2 页" in texts[1]
    codes = decoded_codes(pdf)
    assert [(c.page, c.pages) for c in codes] == [(1, 2), (2, 2)] * 3
    assert {c.form for c in codes} == {"democratic"} and {c.year for c in codes} == {2017}
    assert {c.layout for c in codes} == {renderer.layout.layout}
    tokens = [c.token for c in codes]
    assert tokens[0] == tokens[1] and tokens[2] == tokens[3] and tokens[4] == tokens[5]
    assert len({tokens[0], tokens[2], tokens[4]}) == 3
    again = decoded_codes(DemocraticBallotRenderer(data, copies=3).render())
    assert not {c.token for c in again} & set(tokens), "drawn fresh at every printing"
    assert all(c.test_variant is None for c in codes)


def test_an_office_that_numbers_ballots_can_ask_for_the_serial(data) -> None:
    pdf = render_document(data, "ballot-democratic", copies=2, first_serial=41, numbered=True)
    texts = [page.extract_text() for page in PdfReader(BytesIO(pdf)).pages]
    assert "编号：0041" in texts[0] and "编号：0042" in texts[2]


def test_rating_ballots_and_leader_sheets_carry_codes_and_keep_their_serials(data) -> None:
    pdf = RatingBallotRenderer(data, "heads", copies=2).render()
    assert "编号：002" in PdfReader(BytesIO(pdf)).pages[1].extract_text()
    assert [(c.form, c.page, c.pages) for c in decoded_codes(pdf)] == [("heads", 1, 1)] * 2
    sheet = LeaderRatingSheetRenderer(data, copies=1)
    codes = decoded_codes(sheet.render())
    assert [c.page for c in codes] == list(range(1, sheet.page_count() + 1))
    assert {c.form for c in codes} == {"leader-ratings"} and len({c.token for c in codes}) == 1


def test_the_test_deck_says_so_in_large_letters_and_in_its_code(data) -> None:
    pdf = render_document(data, "ballot-democratic", copies=2, test_deck=True)
    texts = [page.extract_text() for page in PdfReader(BytesIO(pdf)).pages]
    assert all("测试票" in t for t in texts)
    assert [c.test_variant for c in decoded_codes(pdf)] == [1, 1, 2, 2]


def test_a_ballot_of_odd_page_count_leaves_the_back_empty_for_duplex(data) -> None:
    from dataclasses import replace

    bigger = replace(data, roster=data.roster + data.roster[:5])  # 155 cadres: three pages
    renderer = DemocraticBallotRenderer(bigger, copies=2)
    assert renderer.page_count() == 3
    reader = PdfReader(BytesIO(renderer.render()))
    assert len(reader.pages) == 8  # 3 + an empty back, twice: each ballot starts on its own sheet
    assert reader.pages[3].extract_text().strip() == ""
    assert "第 1 页 共 3 页" in reader.pages[4].extract_text()
