"""Reading the rows of a sheet a clerk brings: .xlsx (openpyxl), .xls (xlrd) or .csv (as WPS and Excel save it:
UTF-8 with or without BOM, GBK, or Excel's tab-separated "Unicode text"), each refused with a Chinese message, never
a traceback, and refused *before* it is read when its size is absurd (a 1.5 MB zip that inflates to 1.5 GB).

What kind a file is goes by its first bytes, not its name (WPS saves .xlsx content under .xls and the reverse).
"""

from __future__ import annotations

import csv
import warnings
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from io import BytesIO, StringIO
from pathlib import Path
from typing import Any

from app.models.errors import AppraisalError

MB = 1024 * 1024
MAX_UNCOMPRESSED = 64 * MB  # the demo's results workbook, every ballot in it, is 3 MB inflated
MAX_MEMBERS = 2000  # files inside the .xlsx zip
MAX_PLAIN_FILE = 32 * MB  # .xls and .csv are read whole
SAVE_AS_XLSX = "请在 WPS 或 Excel 中打开它，选 文件 ▸ 另存为 ▸ Excel 工作簿(*.xlsx)，再导入另存的文件。"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls (and .et, .doc …): a compound document


@dataclass
class SheetRows:
    """One sheet: its title and its non-empty rows as (sheet row number, cell values)."""

    title: str
    rows: list[tuple[int, tuple[Any, ...]]] = field(default_factory=list)


@contextmanager
def quiet_openpyxl() -> Iterator[None]:
    """openpyxl warns (in English, on the console) about what it cannot read in a cell — a date serial out of
    range, an unknown extension — and reads the cell as an error or skips it; the readers report such cells in
    Chinese themselves, so the warnings are not shown."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def _mb(size: int) -> str:
    return f"{size / MB:.0f} MB" if size >= MB else f"{size / 1024:.0f} KB"


def guard_zip(source: str | Path | bytes, name: str, limit: int = MAX_UNCOMPRESSED) -> None:
    """Refuse a workbook whose members would inflate past `limit` (zipfile reads each member no further than its
    declared size, so the declared sizes bound what openpyxl can inflate). A file that is not a zip passes: the
    reader then says what it is not."""
    try:
        with zipfile.ZipFile(BytesIO(source) if isinstance(source, bytes) else source) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    if len(members) > MAX_MEMBERS:
        raise AppraisalError(f"{name} 内含 {len(members)} 个部件，不像是一份普通的工作簿，未读取。")
    total = sum(member.file_size for member in members)
    if total > limit:
        raise AppraisalError(
            f"{name} 解压后有 {_mb(total)}（文件本身 {_mb(sum(m.compress_size for m in members))}），"
            f"超过上限 {_mb(limit)}：不像是一份名册或得分表，可能已损坏，未读取。"
        )


def too_many_rows(name: str, title: str, limit: int) -> AppraisalError:
    return AppraisalError(
        f"{name} 的工作表“{title}”有效行超过 {limit} 行：请删除多余的行（或另存为只含名册的新工作簿）后再导入。"
    )


def _non_empty(rows: Iterable[tuple[Any, ...]], name: str, title: str, limit: int) -> list[tuple[int, tuple]]:
    out: list[tuple[int, tuple]] = []
    for number, values in enumerate(rows, start=1):
        # Empty rows cost little to pass over (a sheet formatted far down has many); the inflated size bounds them.
        if any(v is not None and str(v).strip() != "" for v in values):
            if len(out) >= limit:
                raise too_many_rows(name, title, limit)
            out.append((number, tuple(values)))
    return out


def kind_of(path: Path) -> str:
    """'xlsx', 'xls' or 'csv' from the first bytes (and the name, for text)."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(ZIP_MAGIC):
        return "xlsx"
    if head == OLE_MAGIC:
        return "xls"
    if path.suffix.lower() in (".csv", ".txt", ".tsv"):
        return "csv"
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".et", ".ods"):
        raise AppraisalError(f"无法读取 {path.name}：不是 Excel 工作簿，或文件已损坏。{SAVE_AS_XLSX}")
    raise AppraisalError(f"无法读取 {path.name}：只能导入 Excel 工作簿（.xlsx、.xls）或 CSV 文件。")


def read_sheets(path: str | Path, max_rows: int) -> list[SheetRows]:
    """Every sheet of the file with its non-empty rows (CSV: one sheet named after the file)."""
    path = Path(path)
    if not path.is_file():
        raise AppraisalError(f"找不到文件 {path}。")
    kind = kind_of(path)
    if kind == "xlsx":
        return _xlsx_sheets(path, max_rows)
    if path.stat().st_size > MAX_PLAIN_FILE:
        raise AppraisalError(f"{path.name} 有 {_mb(path.stat().st_size)}，超过上限 {_mb(MAX_PLAIN_FILE)}，未读取。")
    if kind == "xls":
        return _xls_sheets(path, max_rows)
    return [SheetRows(path.stem, _non_empty(csv_rows(path.read_bytes(), path.name), path.name, path.stem, max_rows))]


def _xlsx_sheets(path: Path, max_rows: int) -> list[SheetRows]:
    from openpyxl import load_workbook

    guard_zip(path, path.name)
    try:
        with quiet_openpyxl():
            book = load_workbook(str(path), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a file that is not a workbook
        raise AppraisalError(f"无法读取 {path.name}：不是 Excel 工作簿（.xlsx），或文件已损坏。{SAVE_AS_XLSX}") from exc
    try:
        sheets = []
        with quiet_openpyxl():
            for ws in book.worksheets:
                if not hasattr(ws, "iter_rows"):  # a chart sheet
                    continue
                sheets.append(
                    SheetRows(ws.title, _non_empty(ws.iter_rows(values_only=True), path.name, ws.title, max_rows))
                )
        return sheets
    except AppraisalError:
        raise
    except Exception as exc:  # a damaged sheet inside a readable zip
        raise AppraisalError(f"无法读取 {path.name}：工作簿已损坏（{type(exc).__name__}）。{SAVE_AS_XLSX}") from exc
    finally:
        book.close()


def merged_rows(path: str | Path, title: str) -> dict[int, str]:
    """Sheet row → the merged range covering it below its first row (where a merged value reads as empty).
    Only for an .xlsx that `read_sheets` already accepted (so its size is known to be sane)."""
    from openpyxl import load_workbook

    try:
        if kind_of(Path(path)) != "xlsx":
            return {}
        with quiet_openpyxl():
            book = load_workbook(str(path), data_only=True)
    except Exception:
        return {}
    try:
        rows: dict[int, str] = {}
        if title in book.sheetnames:
            for merged in book[title].merged_cells.ranges:
                for row in range(merged.min_row + 1, merged.max_row + 1):
                    rows.setdefault(row, merged.coord)
        return rows
    finally:
        book.close()


def _xls_sheets(path: Path, max_rows: int) -> list[SheetRows]:
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), on_demand=True)
    except Exception as exc:  # WPS .et, an encrypted file, a .doc renamed …
        raise AppraisalError(
            f"无法读取 {path.name}：不是 Excel 97-2003 工作簿（.xls），或文件已加密、已损坏。{SAVE_AS_XLSX}"
        ) from exc
    try:
        sheets = []
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            rows = (tuple(_xls_value(c) for c in sheet.row(r)) for r in range(sheet.nrows))
            sheets.append(SheetRows(sheet.name, _non_empty(rows, path.name, sheet.name, max_rows)))
            book.unload_sheet(index)
        return sheets
    except AppraisalError:
        raise
    except Exception as exc:
        raise AppraisalError(f"无法读取 {path.name}：工作簿已损坏（{type(exc).__name__}）。{SAVE_AS_XLSX}") from exc
    finally:
        book.release_resources()


def _xls_value(cell: Any) -> Any:
    import xlrd

    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return None
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    return cell.value


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode text"), else GBK/GB18030 (WPS and Excel on a
    Chinese Windows)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise AppraisalError(
            f"无法读取 {name}：既不是 UTF-8 也不是 GBK 编码的文本（第 {exc.start} 字节）。{SAVE_AS_XLSX}"
        ) from exc


def csv_rows(data: bytes, name: str) -> Iterator[tuple[str, ...]]:
    text = decode_text(data, name)
    first = text.split("\n", 1)[0]
    delimiter = max((",", "\t", ";", "，"), key=first.count) if first else ","
    if first.count(delimiter) == 0:
        delimiter = ","
    try:
        for row in csv.reader(StringIO(text, newline=""), delimiter=delimiter):
            yield tuple(row)
    except csv.Error as exc:
        raise AppraisalError(f"无法读取 {name}：CSV 格式有误（{exc}）。{SAVE_AS_XLSX}") from exc
