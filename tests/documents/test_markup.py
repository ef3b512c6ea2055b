"""Issue 16.2: user text in a PDF prints as typed. ReportLab's Paragraph reads markup: unescaped, `<b>粗</b>` prints
bold, `<b>未闭合` stops the document, `<img src="/etc/hostname"/>` makes ReportLab read a local file."""

from __future__ import annotations

import ast
from io import BytesIO
from pathlib import Path

import pytest

from app.documents.markup import literal, paragraph

HOSTILE = (
    "<b>粗</b>",
    "<b>未闭合",
    '<img src="/etc/hostname"/>',
    "&",
    "&amp;",
    "&nbsp;",
    "<font>",
    '<font name="Helvetica">x</font>',
    "<para>",
    "a > b < c",
    '=HYPERLINK("http://x","点")',
)
APP = Path(__file__).resolve().parents[2] / "app"
# Flowables and calls that read their text as markup: only app/documents/markup.py may call them.
MARKUP_CALLS = {"Paragraph", "XPreformatted", "Preformatted", "ImageAndFlowables", "ParaLines"}


def rendered_text(text: str) -> str:
    from pypdf import PdfReader
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import SimpleDocTemplate

    from app.documents.fonts import resolve_fonts

    style = ParagraphStyle("t", fontName=resolve_fonts()["song"], fontSize=10, wordWrap="CJK")
    buffer = BytesIO()
    SimpleDocTemplate(buffer).build([paragraph(text, style)])
    return PdfReader(buffer).pages[0].extract_text().strip()


@pytest.mark.parametrize("text", HOSTILE)
def test_markup_prints_literally(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    import builtins

    real_open = builtins.open

    def watch(file, *args, **kwargs):
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", watch)
    assert rendered_text(text) == text
    assert not [f for f in opened if "hostname" in f]


def test_literal_escapes_only_what_markup_reads() -> None:
    assert literal("<b>&</b>") == "&lt;b&gt;&amp;&lt;/b&gt;"
    assert literal("王䶮 李𬱖 =+-@\"'") == "王䶮 李𬱖 =+-@\"'"


def test_no_document_builds_markup_from_data_but_through_markup_py() -> None:
    """A guard for later changes: every Paragraph (or other markup-reading flowable) is made in markup.py."""
    offenders = []
    for path in APP.rglob("*.py"):
        if path.name == "markup.py" and path.parent.name == "documents":
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name in MARKUP_CALLS:
                    offenders.append(f"{path.relative_to(APP.parent)}:{node.lineno} {name}(")
    assert offenders == []
