"""Issue 16, acceptance: a hostile roster goes through every document and workbook. Formula-like names, ReportLab
markup, an <img> that would read a local file, an RTL override and a control character stored (through the models
API: the readers refuse them), and 生僻字 (王䶮, 李𬱖): every document prints, shows each name literally (pypdf text,
openpyxl values), no cell is a formula, the level @SUM(1) gives a sane sheet title. A character that no available font
can draw is named in a warning before printing (issue 16.7) instead of printing as a silent blank."""

from __future__ import annotations

import re
from dataclasses import replace
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.cli import main
from app.documents.data import NoticeSettings, write_notice_settings
from app.documents.fonts import missing_glyphs, resolve_fonts
from app.models.db import open_database
from app.models.loader import compute_results
from app.models.store import read_cadres, upsert_cadre
from app.workbooks.cells import PLACEHOLDER
from tests.helpers.pdf_checks import unembedded_fonts

YEAR = 2017
NAMES = (
    '=HYPERLINK("http://x","点")',
    "+1",
    "-2",
    "@SUM(1)",
    "<b>粗</b>",
    "<b>未闭合",
    '<img src="/etc/hostname"/>',
    "<font>&amp;",
    "张\u202e三",  # RTL override
    "赵\x1b六",  # ESC, stored before the readers refused it
    "王䶮",  # CJK extension A
    "李𬱖",  # CJK extension E (outside the BMP)
)
LEVEL = "@SUM(1)"
DOCUMENTS = (
    "ballot-democratic",
    "sheet-leader-ratings",
    "results",
    "certificates",
    "notice",
    "ballot-leaders",
    "ballot-heads",
)


@pytest.fixture(scope="module")
def hostile_file(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Path:
    """The demo year with hostile names on cadres rated 优秀 (so certificates and the notice name them too)."""
    path = tmp_path_factory.mktemp("hostile") / "demo.sqlite"
    path.write_bytes(demo_template.read_bytes())
    with open_database(path) as db:
        excellent = [c.id for c in compute_results(db, YEAR).cadres if c.grade == "优秀"]
        assert len(excellent) > len(NAMES)
        roster = {c.id: c for c in read_cadres(db, YEAR)}
        others = [cid for cid in roster if cid not in excellent]
        with db.atomic("敌意名册", "test") as conn:
            for cadre_id, name in zip(excellent, NAMES, strict=False):
                upsert_cadre(conn, YEAR, replace(roster[cadre_id], name=name))
            upsert_cadre(conn, YEAR, replace(roster[others[0]], name="钱@级", level=LEVEL))
            write_notice_settings(conn, YEAR, NoticeSettings(addressee="<b>委机关各科室：", issuer="=市经信委"))
        assert {c.name for c in compute_results(db, YEAR).cadres if c.grade == "优秀"} >= set(NAMES)
    return path


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def printable(name: str) -> bool:
    return not missing_glyphs(name, resolve_fonts())


@pytest.mark.parametrize("doc", DOCUMENTS)
def test_every_document_prints_the_names_literally(
    hostile_file: Path, tmp_path: Path, doc: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / f"{doc}.pdf"
    assert main(["print", str(hostile_file), "--year", str(YEAR), doc, "--out", str(out)]) == 0
    pdf = out.read_bytes()
    assert unembedded_fonts(pdf) == []
    text = flat("".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages))
    warnings = capsys.readouterr().err
    if doc.startswith("ballot-") and doc != "ballot-democratic":
        assert not any(name in text for name in NAMES[:8])  # the unit ballots name no one
        return
    for name in NAMES:
        if printable(name):
            assert flat(name) in text, f"{name!r} not printed literally in {doc}"
        else:  # the warning names the person and the character, before the file was written
            missing = missing_glyphs(name, resolve_fonts())
            assert f"{name}（" in warnings
            for char in missing:
                assert f"“{char}”（U+{ord(char):04X}）" in warnings
    assert "粗" in text and "<b>粗</b>" in text  # not rendered bold: the tags themselves are there
    if doc == "notice":
        assert "<b>委机关各科室：" in text and "=市经信委" in text


def test_the_results_pdf_command(hostile_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "results.pdf"
    assert main(["results", str(hostile_file), "--year", str(YEAR), "--format", "pdf", "--out", str(out)]) == 0
    text = flat("".join(page.extract_text() for page in PdfReader(str(out)).pages))
    assert '<img src="/etc/hostname"/>'.replace(" ", "") in text
    assert f"公务员（{LEVEL}）" in text


def no_formula_anywhere(book) -> list[str]:
    return [
        f"{ws.title}!{cell.coordinate}"
        for ws in book.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]


def stored(name: str) -> str:
    """How a workbook holds the name: a control character becomes the visible placeholder."""
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", PLACEHOLDER, name)


def test_the_results_workbook_holds_the_names_as_text(hostile_file: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "results.xlsx"
    assert main(["results", str(hostile_file), "--year", str(YEAR), "--format", "xlsx", "--out", str(out)]) == 0
    book = load_workbook(out, data_only=False)
    assert no_formula_anywhere(book) == []
    assert f"干部-公务员（{LEVEL}）" in book.sheetnames
    values = {cell.value for ws in book.worksheets for row in ws.iter_rows() for cell in row}
    for name in NAMES:
        assert stored(name) in values, name
    cells = [cell for ws in book.worksheets for row in ws.iter_rows() for cell in row if cell.value in NAMES[:4]]
    assert cells and all(cell.data_type == "s" and cell.quotePrefix for cell in cells)


def test_the_roster_template_holds_the_names_as_text(hostile_file: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from app.models.store import year_scheme
    from app.workbooks.roster import write_roster_template

    out = tmp_path / "roster.xlsx"
    with open_database(hostile_file, create=False, readonly=True) as db:
        write_roster_template(out, year_scheme(db, YEAR), read_cadres(db, YEAR))
    book = load_workbook(out, data_only=False)
    assert no_formula_anywhere(book) == []
    names = [row[1] for row in book["干部名册"].iter_rows(min_row=2, values_only=True)]
    for name in NAMES:
        assert stored(name) in names


def test_certificates_one_file_each(hostile_file: Path) -> None:
    from app.documents.certificates import certificates_one_each
    from app.documents.data import gather

    with open_database(hostile_file, create=False, readonly=True) as db:
        files = certificates_one_each(gather(db, YEAR))
    names = [name for name, _pdf in files]
    assert all("/" not in n and "\\" not in n and n.isprintable() for n in names)
    assert any(n.endswith("-img src=etchostname.pdf") for n in names)


def test_the_cli_warns_about_unprintable_characters_and_still_succeeds(
    hostile_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "c.pdf"
    assert main(["print", str(hostile_file), "--year", str(YEAR), "certificates", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    unprintable = [name for name in NAMES if not printable(name)]
    assert unprintable, "the bundled font has no 䶮: this test expects a warning"
    assert err.startswith("警告：以下名字中的字符没有可用的字体，打印出来将是空白")
    for name in unprintable:
        assert name in err
