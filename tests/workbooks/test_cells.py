"""Issue 16.2: workbooks write data as values. A name `=HYPERLINK("http://x","点")` is that text in the cell, never a
live formula; text starting with + - @ keeps Excel's quote prefix; control characters already stored never crash an
export; sheet titles made from data are valid and unique."""

from __future__ import annotations

from io import BytesIO

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.workbooks.cells import PLACEHOLDER, append_row, clean_text, sheet_title, workbook_bytes

HOSTILE = (
    '=HYPERLINK("http://x","点")',
    "=1+1",
    "+1",
    "-2",
    "@SUM(1)",
    "\t=1",
    "#N/A",
    "#DIV/0!",
    "<b>粗</b>",
    "王䶮",
    "李𬱖",
)


def round_trip(rows: list[list[object]]):
    from openpyxl import Workbook, load_workbook

    book = Workbook()
    for row in rows:
        append_row(book.active, row)
    return load_workbook(BytesIO(workbook_bytes(book)), data_only=False).active


def test_formula_like_text_stays_text() -> None:
    sheet = round_trip([[text] for text in HOSTILE])
    for row, text in enumerate(HOSTILE, start=1):
        cell = sheet.cell(row=row, column=1)
        assert cell.data_type == "s", text
        assert cell.value == text
        # Excel's quote prefix: editing the cell keeps it text (Excel and WPS would evaluate +1, -2, @SUM otherwise)
        assert cell.quotePrefix == text.startswith(("=", "+", "-", "@", "\t")), text


def test_numbers_stay_numbers() -> None:
    sheet = round_trip([[-2, 1.5, "正科"]])
    assert [c.value for c in sheet[1]] == [-2, 1.5, "正科"]
    assert [c.data_type for c in sheet[1]] == ["n", "n", "s"]


def test_control_characters_become_a_visible_placeholder() -> None:
    """openpyxl raises IllegalCharacterError on these; a name already stored with one must not stop the export."""
    sheet = round_trip([["张\x00三", "李\x1b四", "王\ud800五", "tab\tand\nnewline"]])
    assert [c.value for c in sheet[1]] == [
        f"张{PLACEHOLDER}三",
        f"李{PLACEHOLDER}四",
        f"王{PLACEHOLDER}五",
        "tab\tand\nnewline",
    ]


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=40))
def test_any_text_round_trips_as_literal_text(text: str) -> None:
    sheet = round_trip([[text]])
    cell = sheet.cell(row=1, column=1)
    expected = clean_text(text).replace("\r\n", "\n").replace("\r", "\n")  # XML normalises line ends
    if expected == "":
        assert cell.value in (None, "")
        return
    assert cell.data_type == "s"
    assert cell.value.replace("\r\n", "\n").replace("\r", "\n") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("干部-公务员（@SUM(1)）", "干部-公务员（@SUM(1)）"),
        ("a/b\\c[d]e:f*g?h", "a_b_c_d_e_f_g_h"),
        ("'引号'", "引号"),
        ("", "工作表"),
        ("'", "工作表"),
        ("History", "History_"),
        ("\x00\x1b", "工作表"),
    ],
)
def test_sheet_titles_from_data_are_valid(text: str, expected: str) -> None:
    assert sheet_title(text, set()) == expected


def test_sheet_titles_are_short_unique_and_accepted_by_openpyxl() -> None:
    from openpyxl import Workbook

    taken: set[str] = set()
    long_name = "李𬱖" * 20
    titles = [sheet_title(t, taken) for t in ("abc", "ABC", long_name, long_name, "x" * 40, "x" * 40)]
    assert titles[:2] == ["abc", "ABC-2"]  # Excel compares titles without case
    assert len({t.lower() for t in titles}) == len(titles)
    for title in titles:
        assert len(title.encode("utf-16-le")) // 2 <= 31
    book = Workbook()
    for title in titles:
        assert book.create_sheet(title).title == title  # openpyxl would rename or refuse an invalid one


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(max_size=40), max_size=6))
def test_any_titles_are_valid(texts: list[str]) -> None:
    from openpyxl import Workbook

    book = Workbook()
    taken: set[str] = {book.active.title.lower()}
    for text in texts:
        title = sheet_title(text, taken)
        assert book.create_sheet(title).title == title
    book.save(BytesIO())
