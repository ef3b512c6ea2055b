"""Where everything sits on a printed ballot page: the one geometry the renderer draws and the scanner reads.

Pure (no reportlab, no numpy): millimetres from the page's **top-left** corner, x to the right, y down
(as an image is read). The renderer turns them into PDF points with `pdf_y`; the scanner turns them into
pixels of its registered page. Change a number here and both follow; `LAYOUT_VERSION` goes into every
page's code, so pages printed before a change are refused instead of misread.

Every page of a ballot carries:
- four solid registration squares, one in each corner (`MARK_CENTRES`, side `MARK_SIZE`);
- a QR code in the bottom-right corner (`CODE_BOX`, version `CODE_VERSION`, quiet zone `CODE_BORDER`
  modules) holding `KP1/<year>/<form>/<page>/<pages>/<layout hash>/<sheet token>[/T<variant>]`.
  The sheet token is random, drawn at printing, shared by the pages of one ballot and stored nowhere:
  it only pairs pages and catches a page scanned twice within one scan (secret ballot, see
  docs/guide/scanning.md).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

LAYOUT_VERSION = 1
PAGE_WIDTH, PAGE_HEIGHT = 210.0, 297.0  # A4 portrait
MM_TO_PT = 72 / 25.4

GRADES = ("优秀", "称职", "基本称职", "不称职")

# --- registration marks and the code, the same on every form ------------------------------------------------
MARK_SIZE = 6.0
MARK_CENTRES: dict[str, tuple[float, float]] = {
    "tl": (12.0, 12.0),  # well inside the printers' and scanners' margins, so skew does not cut them off
    "tr": (PAGE_WIDTH - 12.0, 12.0),
    "br": (PAGE_WIDTH - 12.0, PAGE_HEIGHT - 12.0),
    "bl": (12.0, PAGE_HEIGHT - 12.0),
}
CODE_VERSION = 3  # 29 × 29 modules: holds the payload below (≤ 61 alphanumeric characters at level M)
CODE_MODULES = 4 * CODE_VERSION + 17
CODE_BORDER = 2  # quiet zone, in modules (the page around it is blank paper anyway)
CODE_LEVEL = "M"
CODE_PREFIX = "KP1"
TOKEN_HEX = 16  # 64 random bits: two ballots of one scan share a token with odds of ~1e-16

# Form letters in the code.
FORM_CODES = {"democratic": "D", "leaders": "L", "heads": "H", "leader-ratings": "R"}
CODE_FORMS = {letter: form for form, letter in FORM_CODES.items()}


@dataclass(frozen=True)
class Rect:
    """x, y: the top-left corner; w, h: size (mm)."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def centre(self) -> tuple[float, float]:
        return (self.x + self.w / 2, self.y + self.h / 2)

    def inset(self, dx: float, dy: float | None = None) -> Rect:
        dy = dx if dy is None else dy
        return Rect(self.x + dx, self.y + dy, self.w - 2 * dx, self.h - 2 * dy)


CODE_BOX = Rect(PAGE_WIDTH - 36.0, PAGE_HEIGHT - 26.0, 17.0, 17.0)  # quiet zone included
# Stored page images (a scanned ballot kept beside its numbers): px per mm of the upright page (≈ 152 dpi).
# The scanner writes them with CODE_BOX blank; the review and keying screens cut rows from them.
STORE_SCALE = 6.0
FOOTER_Y = PAGE_HEIGHT - 9.0  # baseline of "第 1 页 共 2 页"
TEST_LABEL = Rect(16.0, PAGE_HEIGHT - 25.0, 60.0, 14.0)  # 测试票, bottom-left band


def code_module() -> float:
    return CODE_BOX.w / (CODE_MODULES + 2 * CODE_BORDER)


def code_symbol() -> Rect:
    """The QR symbol itself (finder patterns' outer corners), without the quiet zone."""
    m = code_module()
    return Rect(CODE_BOX.x + CODE_BORDER * m, CODE_BOX.y + CODE_BORDER * m, CODE_MODULES * m, CODE_MODULES * m)


def pdf_y(y_mm: float) -> float:
    """A y from the top (mm) as a PDF y from the bottom (points)."""
    return (PAGE_HEIGHT - y_mm) * MM_TO_PT


def pt(value_mm: float) -> float:
    return value_mm * MM_TO_PT


# --- the code's text ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageCode:
    year: int
    form: str  # "democratic", "leaders", "heads", "leader-ratings"
    page: int  # 1-based
    pages: int
    layout: str  # layout hash, 8 hex digits
    token: str  # TOKEN_HEX hex digits; never stored
    test_variant: int | None = None  # a test-deck ballot (测试票) and its pattern

    def text(self) -> str:
        parts = [CODE_PREFIX, str(self.year), FORM_CODES[self.form], str(self.page), str(self.pages)]
        parts += [self.layout, self.token]
        if self.test_variant is not None:
            parts.append(f"T{self.test_variant}")
        return "/".join(parts)


class CodeError(ValueError):
    """A code that is not one of ours (not_a_ballot) or is damaged."""


def parse_code(text: str) -> PageCode:
    parts = text.strip().split("/")
    if len(parts) not in (7, 8) or parts[0] != CODE_PREFIX:
        raise CodeError("不是本程序打印的选票二维码")
    try:
        year, page, pages = int(parts[1]), int(parts[3]), int(parts[4])
    except ValueError as exc:
        raise CodeError("二维码内容不完整") from exc
    form = CODE_FORMS.get(parts[2])
    if form is None or not (1 <= page <= pages):
        raise CodeError("二维码内容不完整")
    variant = None
    if len(parts) == 8:
        if not parts[7].startswith("T") or not parts[7][1:].isdigit():
            raise CodeError("二维码内容不完整")
        variant = int(parts[7][1:])
    return PageCode(year, form, page, pages, parts[5], parts[6], variant)


def layout_hash(form: str, keys: Sequence[str]) -> str:
    """8 hex digits over the layout version, the form and its rows (cadre ids or unit names) in order."""
    text = "\x1f".join([str(LAYOUT_VERSION), form, *keys])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8].upper()


# --- the democratic ballot (民主测评表) ----------------------------------------------------------------------

DEM_TITLE_Y = 24.0  # page 1: the heading's baseline
DEM_NOTES_Y, DEM_NOTES_LEADING = 31.0, 4.6  # the 说明 lines (two at 10 pt)
DEM_COLUMN_X = (18.0, 107.0)
DEM_WIDTHS = (25.0, 16.0, 11.0, 11.0, 11.0, 11.0)  # 科室（单位）, 姓名, four grade boxes
DEM_HEADER_H = 9.0
DEM_ROW_H = 6.1
DEM_FIRST_TOP = 41.0  # page 1 has the title and the 说明 above the table
DEM_OTHER_TOP = 17.0
DEM_FIRST_ROWS = 36  # rows per column on page 1 (table bottom at 269.6 mm, above the code)
DEM_OTHER_ROWS = 40


@dataclass(frozen=True)
class BallotRow:
    """One cadre's row on the democratic ballot."""

    index: int  # 0-based, ballot order
    key: str  # cadre id
    unit: str  # the unit's short name, as printed
    name: str
    page: int  # 1-based
    column: int  # 0 or 1
    line: int  # 0-based row within its column
    rect: Rect  # the whole row
    boxes: tuple[Rect, ...]  # one cell per grade, in GRADES order (the printed lines are their edges)


@dataclass(frozen=True)
class DemocraticLayout:
    year: int
    rows: tuple[BallotRow, ...]
    pages: int
    layout: str  # hash

    def page_rows(self, page: int) -> list[BallotRow]:
        return [row for row in self.rows if row.page == page]

    def column_rows(self, page: int, column: int) -> list[BallotRow]:
        return [row for row in self.rows if row.page == page and row.column == column]

    @staticmethod
    def table_top(page: int) -> float:
        return DEM_FIRST_TOP if page == 1 else DEM_OTHER_TOP

    @property
    def sheets(self) -> int:
        """Paper sheets per ballot when printed on both sides."""
        return (self.pages + 1) // 2


def democratic_layout(year: int, cadres: Sequence[tuple[str, str, str]]) -> DemocraticLayout:
    """`cadres`: (id, unit short name, name) in ballot order."""
    rows: list[BallotRow] = []
    page, rest = 1, list(cadres)
    while True:
        per_column = DEM_FIRST_ROWS if page == 1 else DEM_OTHER_ROWS
        top = DemocraticLayout.table_top(page) + DEM_HEADER_H
        for column in (0, 1):
            chunk, rest = rest[:per_column], rest[per_column:]
            x = DEM_COLUMN_X[column]
            for line, (key, unit, name) in enumerate(chunk):
                y = top + line * DEM_ROW_H
                box_x = x + DEM_WIDTHS[0] + DEM_WIDTHS[1]
                boxes = []
                for width in DEM_WIDTHS[2:]:
                    boxes.append(Rect(box_x, y, width, DEM_ROW_H))
                    box_x += width
                rect = Rect(x, y, sum(DEM_WIDTHS), DEM_ROW_H)
                rows.append(BallotRow(len(rows), key, unit, name, page, column, line, rect, tuple(boxes)))
        if not rest:
            break
        page += 1
    return DemocraticLayout(year, tuple(rows), page, layout_hash("democratic", [c[0] for c in cadres]))


# --- the test deck (测试票): a known pattern, the same for the printer and the reader ---------------------------


@dataclass(frozen=True)
class DeckMark:
    """What a test ballot has printed in one row, and what a good reading of it is."""

    kind: str  # "tick", "cross", "blank", "double", "faint"
    grades: tuple[int, ...]  # indexes into GRADES that carry a printed mark
    expect: str  # "grade" (that grade, definitely), "blank", "unclear", "grade_or_unclear"

    @property
    def grade(self) -> int | None:
        return self.grades[0] if self.grades else None


TEST_KINDS = ("tick", "tick", "tick", "cross", "tick", "blank", "tick", "cross", "double", "tick", "faint", "tick")


def deck_mark(variant: int, index: int) -> DeckMark:
    """Row `index` (ballot order) of test ballot `variant`: mostly ticks, some crosses, a blank row, two
    marks, a faint mark, spread so every grade column and every kind appears on every page."""
    kind = TEST_KINDS[(index * 5 + variant * 7) % len(TEST_KINDS)]
    grade = (index + variant * 3 + index // 4) % len(GRADES)
    if kind == "blank":
        return DeckMark(kind, (), "blank")
    if kind == "double":
        return DeckMark(kind, (grade, (grade + 2) % len(GRADES)), "unclear")
    if kind == "faint":
        return DeckMark(kind, (grade,), "grade_or_unclear")
    return DeckMark(kind, (grade,), "grade")


# --- annex 4/5 rating ballots and the leaders' rating sheet (identified and registered, not read) ----------

RATING_TITLE_Y = (26.0, 35.0, 44.0)  # the two title lines and the form's title (baselines)
RATING_TOP = 50.0
RATING_HEADER_H = (15.0, 8.0)
RATING_ROW_H = 7.4
RATING_NAME_W = 40.0
RATING_CRITERION_W = 21.0
RATING_TOTAL_W = 19.0

LEADER_FIRST_TOP = 44.0
LEADER_OTHER_TOP = 17.0
LEADER_HEADER_H = 11.0
LEADER_ROW_H = 6.1
LEADER_FIRST_ROWS = 35  # table bottom above the code
LEADER_OTHER_ROWS = 39
LEADER_WIDTHS_HEAD = (12.0, 36.0, 22.0)
LEADER_ITEM_W = 17.0
LEADER_TOTAL_W = 19.0


@dataclass(frozen=True)
class GridLayout:
    """A ruled table on one page: the rows a keying screen can highlight on the page image."""

    page: int
    x: float
    top: float
    widths: tuple[float, ...]
    heights: tuple[float, ...]  # header rows first
    header_rows: int
    keys: tuple[str, ...]  # one per body row: unit name or cadre id

    def row_rect(self, body_row: int) -> Rect:
        y = self.top + sum(self.heights[: self.header_rows + body_row])
        return Rect(self.x, y, sum(self.widths), self.heights[self.header_rows + body_row])


@dataclass(frozen=True)
class SheetLayout:
    form: str
    year: int
    grids: tuple[GridLayout, ...]  # one per page
    layout: str

    @property
    def pages(self) -> int:
        return len(self.grids)


def rating_layout(year: int, form: str, units: Sequence[str], criteria: int) -> SheetLayout:
    """Annex 4 (`leaders`) or annex 5 (`heads`): one page, a row per unit (short names as keys)."""
    widths = (RATING_NAME_W, *([RATING_CRITERION_W] * criteria), RATING_TOTAL_W)
    x = (PAGE_WIDTH - sum(widths)) / 2
    heights = (*RATING_HEADER_H, *([RATING_ROW_H] * len(units)))
    grid = GridLayout(1, x, RATING_TOP, widths, heights, 2, tuple(units))
    return SheetLayout(form, year, (grid,), layout_hash(form, [*units, str(criteria)]))


def leader_sheet_layout(year: int, cadres: Sequence[str], items: int) -> SheetLayout:
    """计分表（领导评价）: rows of cadres (ids as keys), 35 on page 1 and 39 on the others."""
    widths = (*LEADER_WIDTHS_HEAD, *([LEADER_ITEM_W] * items), LEADER_TOTAL_W)
    x = (PAGE_WIDTH - sum(widths)) / 2
    grids, rest, page = [], list(cadres), 1
    while rest or not grids:
        size = LEADER_FIRST_ROWS if page == 1 else LEADER_OTHER_ROWS
        chunk, rest = rest[:size], rest[size:]
        top = LEADER_FIRST_TOP if page == 1 else LEADER_OTHER_TOP
        heights = (LEADER_HEADER_H, *([LEADER_ROW_H] * len(chunk)))
        grids.append(GridLayout(page, x, top, widths, heights, 1, tuple(chunk)))
        page += 1
    return SheetLayout("leader-ratings", year, tuple(grids), layout_hash("leader-ratings", [*cadres, str(items)]))
