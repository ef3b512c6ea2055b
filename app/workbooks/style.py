"""How every workbook looks: 宋体 throughout (the workbook's default font, so a cell typed later is 宋体 too), a
title row naming the year and the document above the column heads, the heads bold and shaded, thin borders, the
heads repeated on each printed page, A4 fitted to the width, page numbers."""

from __future__ import annotations

from collections.abc import Sequence
from copy import copy
from typing import Any

FONT = "宋体"
HEADER_ROW = 2  # row 1 is the title


def new_workbook():
    """An openpyxl Workbook whose default font is 宋体 11 (not Calibri)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils.indexed_list import IndexedList

    workbook = Workbook()
    font = Font(name=FONT, size=11)
    workbook._fonts = IndexedList([font])  # the default cell format's font (index 0)
    workbook._named_styles["Normal"].font = font
    return workbook


def begin_sheet(ws, title: str, header: Sequence[Any]) -> None:
    """Row 1 the title (e.g. 2017年度考评结果　第一组), row 2 the column heads; data follows from row 3."""
    from app.workbooks.cells import append_row

    append_row(ws, [title])
    append_row(ws, list(header))


def style_sheet(ws, widths: list[float], title: str, landscape: bool = True) -> None:
    """Printable: the title row merged across the table and in larger type, bold shaded heads, thin borders,
    heads repeated on each page, fit to width."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(len(widths), 1))
    title_cell = ws.cell(row=1, column=1)
    title_cell.font = Font(name=FONT, size=14, bold=True)
    title_cell.alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 26
    for cell in ws[HEADER_ROW][: len(widths)]:
        cell.border = border
        cell.font = Font(name=FONT, size=11, bold=True)
        cell.fill = PatternFill("solid", fgColor="DDDDDD")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    if ws.max_row > HEADER_ROW:
        # One bordered style shared by every body cell: setting `border` cell by cell re-hashes the style
        # table each time (minutes for a sheet of 20,000 ballot marks); copying the style array is cheap.
        first = ws.cell(row=HEADER_ROW + 1, column=1)
        first.border = border
        first.font = Font(name=FONT, size=11)
        template = first._style
        for row in ws.iter_rows(min_row=HEADER_ROW + 1, max_row=ws.max_row, max_col=len(widths)):
            for cell in row:
                fill_id = cell._style.fillId if cell._style is not None else 0
                cell._style = copy(template)
                if fill_id:  # a row marked before styling (a tie, a veto) keeps its colour
                    cell._style.fillId = fill_id
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    from app.workbooks.cells import header_text

    ws.oddHeader.center.text = header_text(title)
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"


def find_header(rows: Sequence[Sequence[Any]], header: Sequence[str], within: int = 5) -> int | None:
    """The index of the row (among the first `within`) whose first cells are `header`: a workbook with a title
    row above its heads, or without one (written by an earlier version or by hand), reads the same."""
    for index, row in enumerate(rows[:within]):
        if tuple(str(c or "").strip() for c in tuple(row)[: len(header)]) == tuple(header):
            return index
    return None
