"""The roster workbook (干部名册.xlsx): a template to fill in, and reading a filled one into a checked plan.

openpyxl is imported inside the functions, never when the window starts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.models.errors import AppraisalError
from app.models.roster import CadreFields, ImportPlan, barred_reasons, category_names, plan_import
from app.models.schemes import Scheme
from app.models.store import CadreRow

HEADERS = ("编号", "姓名", "科室", "类别", "职务层次", "主要负责人", "不得评优原因")
REQUIRED = ("姓名", "科室", "类别", "职务层次")
SHEET_TITLE = "干部名册"


def write_roster_template(path: str | Path, scheme: Scheme, cadres: list[CadreRow]) -> None:
    """A sheet with the headers, the year's roster (if any), and drop-down lists for 类别 and 主要负责人."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    names = category_names(scheme)
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_TITLE
    sheet.append(list(HEADERS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for cadre in cadres:
        sheet.append(
            [
                cadre.id,
                cadre.name,
                cadre.unit,
                names.get(cadre.category, cadre.category),
                cadre.level,
                "是" if cadre.is_head else "否",
                cadre.barred or "",
            ]
        )
    last = max(sheet.max_row, 200)
    category_list = DataValidation(type="list", formula1='"' + ",".join(names.values()) + '"', allow_blank=False)
    head_list = DataValidation(type="list", formula1='"是,否"', allow_blank=True)
    sheet.add_data_validation(category_list)
    sheet.add_data_validation(head_list)
    category_list.add(f"D2:D{last}")
    head_list.add(f"F2:F{last}")
    for column, width in zip("ABCDEFG", (8, 10, 26, 10, 10, 10, 36), strict=True):
        sheet.column_dimensions[column].width = width
    notes = book.create_sheet("填写说明")
    notes.append(["类别填“" + "”或“".join(names.values()) + "”；主要负责人填“是”或“否”。"])
    notes.append(["编号可留空（新增人员自动编号）；已有人员按编号，或按姓名加科室对应更新。"])
    notes.append(["不得评优的情形：" + "；".join(barred_reasons(scheme))])
    notes.append(["科室可写全称或简称：" + "、".join(u.short for u in scheme.units)])
    book.save(str(path))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_roster_workbook(path: str | Path, scheme: Scheme, roster: list[CadreRow]) -> ImportPlan:
    """Every data row of the first sheet, checked against the scheme and the roster; nothing is written."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(str(path), read_only=True, data_only=True)
    except FileNotFoundError as exc:
        raise AppraisalError(f"找不到文件 {path}。") from exc
    except Exception as exc:  # openpyxl raises several kinds for a file that is not a workbook
        raise AppraisalError(f"无法读取 {Path(path).name}：不是 Excel 工作簿（.xlsx），或文件已损坏。") from exc
    try:
        sheet = book[SHEET_TITLE] if SHEET_TITLE in book.sheetnames else book.worksheets[0]
        rows = list(sheet.iter_rows(values_only=True))
    finally:
        book.close()
    if not rows:
        raise AppraisalError(f"{Path(path).name} 的工作表是空的。")
    header = [_text(v) for v in rows[0]]
    missing = [h for h in REQUIRED if h not in header]
    if missing:
        raise AppraisalError(
            f"第1行表头缺少：{'、'.join(missing)}。表头应为：{'、'.join(HEADERS)}（可先导出名册模板再填写）。"
        )
    column = {h: header.index(h) for h in HEADERS if h in header}

    def cell(values: tuple, name: str) -> str:
        index = column.get(name)
        return _text(values[index]) if index is not None and index < len(values) else ""

    sheet_rows: list[tuple[int, CadreFields]] = []
    for number, values in enumerate(rows[1:], start=2):
        if all(_text(v) == "" for v in values):
            continue
        sheet_rows.append(
            (
                number,
                CadreFields(
                    name=cell(values, "姓名"),
                    unit=cell(values, "科室"),
                    category=cell(values, "类别"),
                    level=cell(values, "职务层次"),
                    is_head=cell(values, "主要负责人"),
                    barred=cell(values, "不得评优原因"),
                    id=cell(values, "编号"),
                ),
            )
        )
    return plan_import(scheme, sheet_rows, roster)
