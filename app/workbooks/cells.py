"""Data goes into a workbook as values, never as formulas or broken XML (issue 16.2).

openpyxl stores a string that starts with "=" as a live formula and one that reads "#N/A" as an error; Excel and
WPS evaluate text starting with + - @ once a cell is edited. A name like `=HYPERLINK("http://x","点")` must stay that
text. openpyxl refuses control characters (IllegalCharacterError) and a lone surrogate cannot be written as UTF-8:
an export must not crash on one already stored, so each becomes a visible placeholder.

Every worksheet row is written through `append_row`, every workbook saved through `workbook_bytes`/`save_workbook`
(which sweeps every cell once more), every sheet title built from data through `sheet_title`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from io import BytesIO
from pathlib import Path
from typing import Any

# What spreadsheet programs read as the start of a formula (and tab / CR, which CSV-style pastes turn into one).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLACEHOLDER = "\ufffd"  # �: the character that could not be stored, shown rather than silently dropped
# openpyxl's ILLEGAL_CHARACTERS_RE (XML 1.0 forbids these) plus lone surrogates (not encodable as UTF-8).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Excel's sheet-title rules: at most 31 characters, none of []:*?/\, not starting or ending with ', not History.
TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
TITLE_MAX = 31
RESERVED_TITLES = {"history"}


def clean_text(text: str) -> str:
    """`text` with every character a workbook cannot hold replaced by the placeholder."""
    return _ILLEGAL.sub(PLACEHOLDER, text)


def cell_value(value: Any) -> Any:
    return clean_text(value) if isinstance(value, str) else value


def keep_literal(cell: Any) -> None:
    """A text cell stays text: no formula, no error value; text that looks like a formula gets Excel's quote prefix
    (the cell shows the text; editing it does not turn it into a formula)."""
    value = cell.value
    if not isinstance(value, str):
        return
    if cell.data_type in ("f", "e"):
        cell.data_type = "s"
    if value.startswith(FORMULA_START) and not cell.quotePrefix:
        cell.quotePrefix = True


def _literal_cell(ws: Any, value: Any) -> Any:
    """What `ws.append` gets for one value: the value itself, or for risky text a Cell already made literal
    (openpyxl's append takes Cells as they are, so nothing re-reads the text as a formula)."""
    if not isinstance(value, str):
        return value
    value = clean_text(value)
    if not value.startswith(FORMULA_START) and not value.startswith("#"):
        return value
    from openpyxl.cell.cell import Cell

    cell = Cell(ws, value=value)
    keep_literal(cell)
    return cell


def append_row(ws: Any, values: Iterable[Any]) -> None:
    """`ws.append(values)` with every text written as literal text."""
    ws.append([_literal_cell(ws, v) for v in values])


def sweep(workbook: Any) -> None:
    """Every text cell of every sheet kept literal: the last line of defence before saving (a cell written some
    other way than `append_row`). Only the cells that exist are visited."""
    for ws in workbook.worksheets:
        for cell in ws._cells.values():  # iter_rows would create every empty cell of the sheet's rectangle
            keep_literal(cell)


def workbook_bytes(workbook: Any) -> bytes:
    sweep(workbook)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def save_workbook(workbook: Any, path: str | Path) -> None:
    from app.documents.output import write_bytes

    write_bytes(path, workbook_bytes(workbook))


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _cut(text: str, limit: int) -> str:
    """At most `limit` UTF-16 units (Excel counts an extension-B character such as 𬱖 as two)."""
    while _utf16_len(text) > limit:
        text = text[:-1]
    return text


def sheet_title(text: str, taken: set[str], fallback: str = "工作表") -> str:
    """A valid, unique sheet title made from data. `taken` holds the lower-cased titles already used (Excel
    compares titles without regard to case) and is updated."""
    name = TITLE_FORBIDDEN.sub("_", _CONTROL.sub("", text)).strip().strip("'").strip()
    name = _cut(name, TITLE_MAX).rstrip("'") or fallback
    if name.lower() in RESERVED_TITLES:
        name = f"{name}_"
    base, number = name, 2
    while name.lower() in taken:
        suffix = f"-{number}"
        name = _cut(base, TITLE_MAX - len(suffix)).rstrip("'") + suffix
        number += 1
    taken.add(name.lower())
    return name


def header_text(text: str) -> str:
    """Text for a printed page header or footer, where & starts a code (&P page, &N pages): && prints one &."""
    return clean_text(text).replace("&", "&&")
