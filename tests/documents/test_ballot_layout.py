"""The one page geometry shared by the ballot printer and the scanner (app/documents/ballot_layout.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.documents import ballot_layout as L


def overlaps(a: L.Rect, b: L.Rect) -> bool:
    return a.x < b.right and b.x < a.right and a.y < b.bottom and b.y < a.bottom


def cadres(n: int) -> list[tuple[str, str, str]]:
    return [(f"c{i:03d}", f"科{i // 6}", f"人{i}") for i in range(n)]


def mark_rects() -> list[L.Rect]:
    return [
        L.Rect(x - L.MARK_SIZE / 2, y - L.MARK_SIZE / 2, L.MARK_SIZE, L.MARK_SIZE) for x, y in L.MARK_CENTRES.values()
    ]


@pytest.mark.parametrize("count", [1, 72, 73, 150, 152, 153, 300])
def test_every_cadre_has_one_row_with_four_boxes_clear_of_the_code_and_the_marks(count: int) -> None:
    """附件1: every 考核对象 one row, a box per grade (优秀、称职、基本称职、不称职); the machine parts stay off the table."""
    layout = L.democratic_layout(2017, cadres(count))
    assert [row.key for row in layout.rows] == [c[0] for c in cadres(count)]
    for row in layout.rows:
        assert len(row.boxes) == len(L.GRADES) == 4
        assert row.rect.x >= 15 and row.rect.right <= L.PAGE_WIDTH - 15
        for thing in [L.CODE_BOX, *mark_rects()]:
            assert not overlaps(row.rect, thing), (row, thing)
        assert all(b.w >= 10 and b.h >= 6 for b in row.boxes)  # room for a hand-drawn √
    pages = {row.page for row in layout.rows}
    assert pages == set(range(1, layout.pages + 1))


def test_a_roster_of_150_fits_on_the_two_sides_of_one_sheet() -> None:
    layout = L.democratic_layout(2017, cadres(150))
    assert layout.pages == 2 and layout.sheets == 1


def test_the_layout_hash_follows_the_cadre_list_and_its_order() -> None:
    base = L.democratic_layout(2017, cadres(10)).layout
    swapped = cadres(10)
    swapped[3], swapped[4] = swapped[4], swapped[3]
    assert L.democratic_layout(2017, swapped).layout != base
    assert L.democratic_layout(2017, cadres(11)).layout != base
    renamed = [(i, u, n + "X") for i, u, n in cadres(10)]
    assert L.democratic_layout(2017, renamed).layout == base  # a corrected name is still the same ballot


def test_the_code_text_round_trips_and_fits_the_fixed_qr_version() -> None:
    code = L.PageCode(2017, "democratic", 2, 2, "0A1B2C3D", "0123456789ABCDEF", 12)
    assert L.parse_code(code.text()) == code
    assert len(code.text()) <= 61  # version 3-M alphanumeric capacity
    assert set(code.text()) <= set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")


@given(st.text(max_size=80))
def test_any_other_code_text_is_refused_with_a_code_error(text: str) -> None:
    try:
        code = L.parse_code(text)
    except L.CodeError:
        return
    assert code.text() == text.strip()


def test_the_test_pattern_has_every_kind_and_every_grade_on_each_page() -> None:
    layout = L.democratic_layout(2017, cadres(150))
    for variant in (1, 2, 3):
        for page in (1, 2):
            marks = [L.deck_mark(variant, row.index) for row in layout.page_rows(page)]
            assert {m.kind for m in marks} == {"tick", "cross", "blank", "double", "faint"}
            assert {m.grade for m in marks if m.kind == "tick"} == {0, 1, 2, 3}
    assert [L.deck_mark(1, i) for i in range(20)] != [L.deck_mark(2, i) for i in range(20)]


def test_annex_and_leader_sheet_layouts_keep_their_tables_above_the_code() -> None:
    rating = L.rating_layout(2017, "heads", [f"单位{i}" for i in range(25)], 5)
    grid = rating.grids[0]
    assert grid.row_rect(24).bottom + 11 < L.CODE_BOX.y  # the two 说明 lines (6 and 11 mm below) clear the code
    sheet = L.leader_sheet_layout(2017, [f"c{i}" for i in range(150)], 5)
    assert sum(len(g.keys) for g in sheet.grids) == 150
    for g in sheet.grids:
        assert g.row_rect(len(g.keys) - 1).bottom < L.CODE_BOX.y
