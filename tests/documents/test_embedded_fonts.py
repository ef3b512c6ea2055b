"""Issue 11.3: every PDF the program prints shows only embedded fonts (`pdffonts`: emb yes). ReportLab's canvas
starts on Helvetica, which a PDF would otherwise name without embedding it; archival rules (PDF/A) and print shops
refuse such a file."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import PRINT_DOCUMENTS, main
from app.documents.certificates import certificates_one_each
from app.documents.data import gather
from app.models.db import open_database
from app.models.district.demo import add_demo_district
from tests.helpers.pdf_checks import pdffonts_rows, unembedded_fonts

YEAR = 2017
# Every document `appraisal print` offers (the CLI's own list, so a new document is checked the day it is added),
# and the test deck of the democratic ballot.
DOCUMENTS = (*PRINT_DOCUMENTS, "test-deck")


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Path:
    path = tmp_path_factory.mktemp("fonts") / "demo.sqlite"
    path.write_bytes(demo_template.read_bytes())
    with open_database(path) as db:
        add_demo_district(db, YEAR)
    return path


@pytest.mark.parametrize("doc", DOCUMENTS)
def test_every_font_is_embedded(demo_file: Path, tmp_path: Path, doc: str) -> None:
    out = tmp_path / f"{doc}.pdf"
    extra = ["--month", f"{YEAR}-09"] if doc.startswith("indicator-") else []
    if doc == "test-deck":
        doc, extra = "ballot-democratic", ["--test-deck"]
    assert main(["print", str(demo_file), "--year", str(YEAR), doc, "--out", str(out), *extra]) == 0
    pdf = out.read_bytes()
    assert unembedded_fonts(pdf) == []
    rows = pdffonts_rows(out)
    if rows is None:
        pytest.skip("pdffonts (poppler-utils) is not installed: checked with pypdf only")
    assert rows, "pdffonts lists no font at all"
    assert [name for name, emb in rows if emb != "yes"] == []


def test_the_results_pdf_of_the_results_command(demo_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "results.pdf"
    assert main(["results", str(demo_file), "--year", str(YEAR), "--format", "pdf", "--out", str(out)]) == 0
    assert unembedded_fonts(out.read_bytes()) == []


def test_one_certificate_per_file(demo_file: Path) -> None:
    with open_database(demo_file, create=False, readonly=True) as db:
        files = certificates_one_each(gather(db, YEAR))
    assert files
    for name, pdf in files[:3]:
        assert unembedded_fonts(pdf) == [], name


def test_the_check_sees_an_unembedded_font() -> None:
    """The checker itself: a bare ReportLab canvas names Helvetica without embedding it."""
    from io import BytesIO

    from reportlab.pdfgen.canvas import Canvas

    buffer = BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(10, 10, "x")
    canvas.save()
    assert unembedded_fonts(buffer.getvalue()) == ["/Helvetica"]
