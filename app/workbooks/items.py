"""The item-score workbook (项目得分): a template with one row per unit × item, filled in by the
assessment office (or another office) and imported back with a preview and per-row errors; nothing
is written when any row is wrong. The same sheet is part of the results workbook, so an exported
workbook re-imports to the same data (rows whose score and note are unchanged are skipped)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from io import BytesIO
from pathlib import Path
from typing import Any

from app.models.db import Database
from app.models.errors import AppraisalError
from app.models.loader import load_item_scores
from app.models.schemes import Scheme
from app.models.store import dec_str, read_item_notes, year_scheme
from app.models.unit_data import ItemScoreChange, write_item_scores
from app.workbooks.cells import append_row, workbook_bytes
from app.workbooks.sources import guard_zip, quiet_openpyxl
from app.workbooks.style import begin_sheet, find_header, new_workbook, style_sheet

SHEET = "项目得分"
HEADER = ("项目编号", "科室（单位）", "类别", "考核项目", "分值", "得分", "说明")
PART_NAMES = {"common": "共性工作", "business": "业务工作"}
ID_COL, UNIT_COL, PART_COL, TITLE_COL, MAX_COL, SCORE_COL, NOTE_COL = range(7)
MAX_ROWS = 50_000  # 25 units × about 20 items; the sheet of a results workbook has the same rows


@dataclass(frozen=True)
class ItemRow:
    item: str
    unit: str
    part: str
    title: str
    max: Decimal
    score: Decimal | None
    note: str | None


@dataclass(frozen=True)
class RowError:
    row: int  # the sheet's row number (1 = header)
    column: str
    message: str

    def __str__(self) -> str:
        return f"第 {self.row} 行“{self.column}”：{self.message}"


@dataclass(frozen=True)
class ItemChange:
    row: int
    unit: str
    item: str
    title: str
    old: Decimal | None
    new: Decimal
    note: str | None


@dataclass(frozen=True)
class ItemImportPreview:
    changes: tuple[ItemChange, ...]
    errors: tuple[RowError, ...]
    unchanged: int

    @property
    def ok(self) -> bool:
        return not self.errors


def item_rows(db: Database, year: int) -> list[ItemRow]:
    """Every unit × item in the seed's order, with the score in effect (keyed, or from deduction events)."""
    scheme = year_scheme(db, year)
    scores = load_item_scores(db, year, scheme)
    notes = read_item_notes(db, year)
    rows = []
    for unit in scheme.units:
        for item in scheme.items_for_unit(unit.name):
            rows.append(
                ItemRow(
                    item.id,
                    unit.name,
                    item.part,
                    item.title,
                    item.max,
                    scores.get((unit.name, item.id)),
                    notes.get((unit.name, item.id)),
                )
            )
    return rows


def write_item_sheet(ws, rows: list[ItemRow], year: int) -> None:
    ws.title = SHEET
    begin_sheet(ws, f"{year}年度项目得分", HEADER)
    for row in rows:
        append_row(
            ws,
            [
                row.item,
                row.unit,
                PART_NAMES.get(row.part, row.part),
                row.title,
                Decimal(dec_str(row.max)),
                None if row.score is None else Decimal(dec_str(row.score)),
                row.note,
            ],
        )
    style_sheet(ws, [12, 22, 10, 40, 8, 8, 30], f"{year}年度项目得分")


def item_template_bytes(db: Database, year: int) -> bytes:
    workbook = new_workbook()
    write_item_sheet(workbook.active, item_rows(db, year), year)
    return workbook_bytes(workbook)


def parse_decimal(value: Any) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, float):
        value = repr(value)  # the shortest text of the cell's number, never binary noise
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise ValueError from exc
    if not number.is_finite():
        raise ValueError
    return number


def read_item_workbook(db: Database, year: int, source: str | Path | bytes) -> ItemImportPreview:
    """Check every row; return the changes it would make and every problem found (nothing is written)."""
    from openpyxl import load_workbook

    scheme = year_scheme(db, year)
    errors: list[RowError] = []
    try:  # absurd sizes are refused from the zip's directory, before anything is inflated
        guard_zip(source, "工作簿" if isinstance(source, bytes) else Path(source).name)
    except AppraisalError as exc:
        return ItemImportPreview((), (RowError(0, "文件", str(exc)),), 0)
    try:
        with quiet_openpyxl():
            workbook = load_workbook(
                BytesIO(source) if isinstance(source, bytes) else source, read_only=True, data_only=True
            )
    except Exception as exc:  # not a workbook, damaged, wrong kind of file
        return ItemImportPreview((), (RowError(0, "文件", f"无法读取为 Excel 工作簿（{type(exc).__name__}）"),), 0)
    if SHEET not in workbook.sheetnames:
        workbook.close()
        return ItemImportPreview((), (RowError(0, "工作表", f"找不到名为“{SHEET}”的工作表"),), 0)
    rows = []
    try:
        with quiet_openpyxl():
            for values in workbook[SHEET].iter_rows(values_only=True):
                rows.append(values)
                if len(rows) > MAX_ROWS:
                    return ItemImportPreview(
                        (), (RowError(MAX_ROWS + 1, "工作表", f"“{SHEET}”超过 {MAX_ROWS} 行，不是得分表"),), 0
                    )
    except Exception as exc:  # a damaged sheet inside a readable zip
        return ItemImportPreview((), (RowError(0, "文件", f"工作簿已损坏，无法读取（{type(exc).__name__}）"),), 0)
    finally:
        workbook.close()
    header_at = find_header(rows, HEADER)  # row 2 below the title row; row 1 in older workbooks
    if header_at is None:
        return ItemImportPreview((), (RowError(1, "表头", "表头应为：" + "、".join(HEADER)),), 0)
    current = load_item_scores(db, year, scheme)
    notes = read_item_notes(db, year)
    seen: dict[tuple[str, str], int] = {}
    changes: list[ItemChange] = []
    unchanged = 0
    for number, values in enumerate(rows[header_at + 1 :], start=header_at + 2):
        values = tuple(values) + (None,) * (len(HEADER) - len(values))
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        item_id = str(values[ID_COL] or "").strip()
        unit_text = str(values[UNIT_COL] or "").strip()
        item = scheme.items_by_id.get(item_id)
        unit = scheme.resolve_unit(unit_text)
        if item is None:
            errors.append(RowError(number, HEADER[ID_COL], f"没有编号为“{item_id}”的考核项目"))
            continue
        if unit is None:
            errors.append(RowError(number, HEADER[UNIT_COL], f"没有名为“{unit_text}”的科室（单位）"))
            continue
        if item.unit is not None and item.unit != unit:
            errors.append(RowError(number, HEADER[UNIT_COL], f"项目“{item.title}”属于{item.unit}，不属于{unit}"))
            continue
        try:
            score = parse_decimal(values[SCORE_COL])
        except ValueError:
            errors.append(RowError(number, HEADER[SCORE_COL], f"“{values[SCORE_COL]}”不是数字"))
            continue
        if score is None:
            continue  # not scored (yet)
        if score < 0:
            errors.append(RowError(number, HEADER[SCORE_COL], f"得分 {score} 不能为负数"))
            continue
        if score > item.max and not item.may_exceed:
            errors.append(RowError(number, HEADER[SCORE_COL], f"得分 {score} 超过该项分值 {dec_str(item.max)}"))
            continue
        key = (unit, item.id)
        if key in seen:
            errors.append(RowError(number, HEADER[ID_COL], f"与第 {seen[key]} 行重复（同一科室、同一项目）"))
            continue
        seen[key] = number
        note = str(values[NOTE_COL]).strip() if values[NOTE_COL] is not None and str(values[NOTE_COL]).strip() else None
        old = current.get(key)
        if old is not None and old == score and (notes.get(key) or None) == note:
            unchanged += 1
            continue
        changes.append(ItemChange(number, unit, item.id, item.title, old, score, note))
    return ItemImportPreview(tuple(changes), tuple(errors), unchanged)


def score_changes(preview: ItemImportPreview) -> list[ItemScoreChange]:
    """The previewed changes as the store writes them; refuses a preview with errors."""
    if preview.errors:
        raise ValueError("导入有错误，未写入任何数据")
    return [ItemScoreChange(c.unit, c.item, c.new, c.note) for c in preview.changes]


def import_item_workbook(
    db: Database, year: int, source: str | Path | bytes, source_name: str = "excel"
) -> ItemImportPreview:
    """Headless import: one audited transaction, or nothing at all when any row is wrong."""
    preview = read_item_workbook(db, year, source)
    if preview.ok and preview.changes:
        write_item_scores(
            db, year, score_changes(preview), reason="从 Excel 导入项目得分", source=f"import:{source_name}"
        )
    return preview


__all__ = [
    "HEADER",
    "SHEET",
    "ItemImportPreview",
    "RowError",
    "Scheme",
    "import_item_workbook",
    "item_rows",
    "item_template_bytes",
    "read_item_workbook",
    "score_changes",
    "style_sheet",
    "write_item_sheet",
]
