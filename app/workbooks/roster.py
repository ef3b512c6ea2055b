"""The roster workbook (干部名册.xlsx): a template to fill in, and reading a filled one into a checked plan.

openpyxl is imported inside the functions, never when the window starts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app.models.errors import AppraisalError, Problem
from app.models.roster import CadreFields, ImportPlan, barred_reasons, category_names, plan_import
from app.models.schemes import Scheme
from app.models.store import CadreRow
from app.workbooks.cells import append_row, save_workbook
from app.workbooks.sources import merged_rows, read_sheets

HEADERS = ("编号", "姓名", "科室", "类别", "职务层次", "主要负责人", "不得评优原因")
REQUIRED = ("姓名", "科室", "类别", "职务层次")
SHEET_TITLE = "干部名册"


def write_roster_template(path: str | Path, scheme: Scheme, cadres: list[CadreRow], year: int | None = None) -> None:
    """A sheet with a title row, the headers, the year's roster (if any), and drop-down lists for 类别 and
    主要负责人 (宋体; the reader finds the headers below the title)."""
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    from app.workbooks.style import FONT, new_workbook

    names = category_names(scheme)
    book = new_workbook()
    sheet = book.active
    sheet.title = SHEET_TITLE
    append_row(sheet, [f"{year}年度干部名册" if year else "干部名册"])
    sheet["A1"].font = Font(name=FONT, size=14, bold=True)
    append_row(sheet, HEADERS)
    for cell in sheet[2]:
        cell.font = Font(name=FONT, bold=True)
    for cadre in cadres:
        append_row(
            sheet,
            [
                cadre.id,
                cadre.name,
                cadre.unit,
                names.get(cadre.category, cadre.category),
                cadre.level,
                "是" if cadre.is_head else "否",
                cadre.barred or "",
            ],
        )
    last = max(sheet.max_row, 201)
    # A list validation is a formula: a quote in a category name is doubled, as Excel writes it.
    choices = ",".join(label.replace('"', '""') for label in names.values())
    category_list = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=False)
    head_list = DataValidation(type="list", formula1='"是,否"', allow_blank=True)
    sheet.add_data_validation(category_list)
    sheet.add_data_validation(head_list)
    category_list.add(f"D3:D{last}")
    head_list.add(f"F3:F{last}")
    for column, width in zip("ABCDEFG", (8, 10, 26, 10, 10, 10, 36), strict=True):
        sheet.column_dimensions[column].width = width
    notes = book.create_sheet("填写说明")
    append_row(notes, ["类别填“" + "”或“".join(names.values()) + "”；主要负责人填“是”或“否”。"])
    append_row(notes, ["编号可留空（新增人员自动编号）；已有人员按编号，或按姓名加科室对应更新。"])
    append_row(notes, ["不得评优的情形：" + "；".join(barred_reasons(scheme))])
    append_row(notes, ["科室可写全称或简称：" + "、".join(u.short for u in scheme.units)])
    save_workbook(book, path)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


HEADER_SEARCH_ROWS = 10  # a title or a note may stand above the header


def _find_header(rows: list[tuple]) -> int | None:
    """Index of the first row (within HEADER_SEARCH_ROWS) that has every required header."""
    for index, values in enumerate(rows[:HEADER_SEARCH_ROWS]):
        texts = {_text(v) for v in values}
        if all(h in texts for h in REQUIRED):
            return index
    return None


MAX_ROWS = 5000  # the bureau has about 150 cadres; a sheet with more rows is not a roster
OPTIONAL = ("主要负责人", "不得评优原因")  # a sheet without one of these keeps what the roster has


def read_roster_workbook(
    path: str | Path, scheme: Scheme, roster: list[CadreRow], earlier: Sequence[CadreRow] = ()
) -> ImportPlan:
    """Every data row of the roster sheet, checked against the scheme and the roster; nothing is written.

    Reads .xlsx, .xls and .csv (see app/workbooks/sources.py; absurd sizes are refused before reading). The sheet is
    干部名册 if there is one, else the first sheet with the header (编号、姓名、科室 …) in its first rows; rows above
    the header (a title) are skipped and row numbers are the sheet's. `earlier` (the rosters of earlier years) gives
    returning people their 编号 (see roster.IdBook)."""
    name = Path(path).name
    sheets = sorted(read_sheets(path, MAX_ROWS), key=lambda sheet: sheet.title != SHEET_TITLE)
    found = None
    for candidate in sheets:
        header_index = _find_header([values for _number, values in candidate.rows])
        if header_index is not None:
            found = (candidate, header_index)
            break
    if found is None:
        first_rows = sheets[0].rows[:HEADER_SEARCH_ROWS] if sheets else []
        if not first_rows and len(sheets) <= 1:
            raise AppraisalError(f"{name} 的工作表是空的。")
        expected = f"表头应为：{'、'.join(HEADERS)}（可先导出名册模板再填写）。"
        best = max(first_rows, key=lambda pair: sum(_text(v) in HEADERS for v in pair[1]), default=None)
        if best is not None and any(_text(v) in HEADERS for v in best[1]):
            missing = [h for h in REQUIRED if h not in {_text(v) for v in best[1]}]
            raise AppraisalError(f"第{best[0]}行表头缺少：{'、'.join(missing)}。{expected}")
        titles = "、".join(f"“{sheet.title}”" for sheet in sheets)
        raise AppraisalError(
            f"{name} 的工作表（{titles}）前 {HEADER_SEARCH_ROWS} 行中都没有找到表头"
            f"（至少要有{'、'.join(REQUIRED)}）。{expected}"
        )
    sheet, header_index = found
    header = [_text(v) for v in sheet.rows[header_index][1]]
    column = {h: header.index(h) for h in HEADERS if h in header}

    def cell(values: tuple, name: str) -> str | None:
        index = column.get(name)
        if index is None:
            return None  # the sheet has no such column
        return _text(values[index]) if index < len(values) else ""

    sheet_rows = [
        (
            number,
            CadreFields(
                name=cell(values, "姓名") or "",
                unit=cell(values, "科室") or "",
                category=cell(values, "类别") or "",
                level=cell(values, "职务层次") or "",
                is_head=cell(values, "主要负责人"),
                barred=cell(values, "不得评优原因"),
                id=cell(values, "编号") or "",
            ),
        )
        for number, values in sheet.rows[header_index + 1 :]
    ]
    missing = [h for h in OPTIONAL if h not in column]
    plan = plan_import(scheme, sheet_rows, roster, earlier, missing_columns=missing)
    if plan.problems:
        merged = merged_rows(path, sheet.title)
        if merged:
            plan.problems = [_explain_merged(problem, merged) for problem in plan.problems]
    return plan


def _explain_merged(problem: Problem, merged: dict[int, str]) -> Problem:
    """A row inside a merged range reads as empty there: say so (合并单元格只有第一行有值)."""
    match = re.match(r"第(\d+)行", problem.path)
    coord = merged.get(int(match.group(1))) if match else None
    if coord is None:
        return problem
    hint = f"（该行在合并单元格 {coord} 中，合并单元格只有第一行有内容：请取消合并并逐行填写）"
    return Problem(problem.path, problem.message + hint)
