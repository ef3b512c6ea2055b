"""Font files for the font tests: a real TrueType file (ReportLab's Vera) renamed to an office face (仿宋, 方正小标宋简体),
so the tests see a PC's faces without shipping Microsoft's or 方正's fonts; or marked as CFF (an OTF ReportLab cannot
embed)."""

from __future__ import annotations

import struct
from pathlib import Path

import reportlab


def vera() -> bytes:
    return (Path(reportlab.__file__).parent / "fonts" / "Vera.ttf").read_bytes()


def _name_table(families: list[tuple[str, int]]) -> bytes:
    """A name table with one family record (name id 1, Windows Unicode) per (name, language id)."""
    records, strings = b"", b""
    for name, language in families:
        encoded = name.encode("utf-16-be")
        records += struct.pack(">6H", 3, 1, language, 1, len(encoded), len(strings))
        strings += encoded
    header = struct.pack(">HHH", 0, len(families), 6 + len(records))
    return header + records + strings


def renamed_font(target: Path, english: str, chinese: str = "", cff: bool = False) -> Path:
    """Vera with a new family name (English, and Chinese for language 0x0804). `cff` renames its glyf table
    to CFF, as an OpenType/CFF file reads to the program (which must then refuse it)."""
    data = bytearray(vera())
    count = struct.unpack_from(">H", data, 4)[0]
    table = _name_table([(english, 0x0409)] + ([(chinese, 0x0804)] if chinese else []))
    while len(data) % 4:
        data.append(0)
    offset = len(data)
    data += table
    for i in range(count):
        entry = 12 + 16 * i
        tag = bytes(data[entry : entry + 4])
        if tag == b"name":
            struct.pack_into(">LL", data, entry + 8, offset, len(table))
        if cff and tag == b"glyf":
            data[entry : entry + 4] = b"CFF "
    target.write_bytes(bytes(data))
    return target
