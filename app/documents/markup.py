"""User text inside ReportLab markup. A `Paragraph` reads its text as XML-like markup: a name `<b>…` would print
bold, `<b>未闭合` stops the document with a parse error, and `<img src="/etc/hostname"/>` makes ReportLab read a
local file. Every piece of data (names, units, levels, reasons, notice fields, scheme titles, warnings) goes into a
Paragraph through `paragraph` (or `literal` where markup is assembled around it), so it prints as typed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def literal(text: object) -> str:
    """`text` as Paragraph markup that prints exactly these characters (& < > escaped; nothing else is special)."""
    return "".join(_ENTITIES.get(char, char) for char in str(text))


def paragraph(text: object, style: Any, runs: Sequence[tuple[str, str]] | None = None):
    """A Paragraph showing `text` literally; the one way data reaches a Paragraph. `runs`: `text` cut into (piece,
    registered font name) by FontSet.runs — a piece in another face than the style's (a character the style's
    face lacks: 䶮, 𬱖) is set in that face through <font face=…>; the names are the program's own."""
    from reportlab.platypus import Paragraph

    if runs is None:
        return Paragraph(literal(text), style)
    own = style.fontName
    body = "".join(
        literal(piece) if name == own else f'<font face="{name}">{literal(piece)}</font>' for piece, name in runs
    )
    return Paragraph(body, style)
