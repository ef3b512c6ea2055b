"""Reading a produced PDF back: its fonts (embedded or not, by pypdf and by poppler's pdffonts) and its text."""

from __future__ import annotations

import shutil
import subprocess
from io import BytesIO
from pathlib import Path


def _fonts_of(resources, seen: set[int]):
    """Every font dictionary reachable from a resources dictionary (page, form XObjects, Type3 glyphs)."""
    if resources is None:
        return
    resources = resources.get_object()
    fonts = resources.get("/Font")
    if fonts is not None:
        for ref in fonts.get_object().values():
            font = ref.get_object()
            if id(font) in seen:
                continue
            seen.add(id(font))
            yield font
            for descendant in font.get("/DescendantFonts", []) or []:
                yield descendant.get_object()
    xobjects = resources.get("/XObject")
    if xobjects is not None:
        for ref in xobjects.get_object().values():
            xobject = ref.get_object()
            if xobject.get("/Subtype") == "/Form":
                yield from _fonts_of(xobject.get("/Resources"), seen)


def unembedded_fonts(pdf: bytes) -> list[str]:
    """The base names of the fonts a PDF uses without embedding their program (FontFile, FontFile2, FontFile3).
    A Type0 (composite) font is judged by its descendant, a Type3 font draws its own glyphs."""
    from pypdf import PdfReader

    missing: list[str] = []
    seen: set[int] = set()
    for page in PdfReader(BytesIO(pdf)).pages:
        for font in _fonts_of(page.get("/Resources"), seen):
            subtype = font.get("/Subtype")
            if subtype in ("/Type0", "/Type3"):
                continue
            descriptor = font.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                missing.append(str(font.get("/BaseFont")))
    return missing


def pdffonts_rows(path: Path) -> list[tuple[str, str]] | None:
    """(name, emb) for each row of poppler's `pdffonts`, or None when pdffonts is not installed."""
    if shutil.which("pdffonts") is None:
        return None
    output = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    rows = []
    for line in output.splitlines()[2:]:
        parts = line.split()
        # name type [encoding words…] emb sub uni object ID: emb is the 5th field from the end
        rows.append((parts[0], parts[-5]))
    return rows


def pdftotext(path: Path) -> str | None:
    if shutil.which("pdftotext") is None:
        return None
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout
