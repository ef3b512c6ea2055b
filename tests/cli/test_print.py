"""The headless `results --format pdf|xlsx` and `print DOC` commands (interchange spec)."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from app.cli import main
from app.documents.export import DOCUMENTS
from app.models.db import open_database
from app.models.demo import DEMO_YEAR, build_demo_year


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "demo.sqlite"
    with open_database(path) as db:
        build_demo_year(db)
    return path


def test_results_as_pdf_and_xlsx(demo_file: Path, tmp_path: Path) -> None:
    pdf, xlsx = tmp_path / "r.pdf", tmp_path / "r.xlsx"
    assert main(["results", str(demo_file), "--year", str(DEMO_YEAR), "--format", "pdf", "--out", str(pdf)]) == 0
    assert main(["results", str(demo_file), "--year", str(DEMO_YEAR), "--format", "xlsx", "--out", str(xlsx)]) == 0
    assert "绩效考评结果" in PdfReader(pdf).pages[0].extract_text()
    assert "第一组" in load_workbook(xlsx).sheetnames
    assert not list(tmp_path.glob("*.part"))


@pytest.mark.parametrize("doc", list(DOCUMENTS))
def test_print_every_document(demo_file: Path, tmp_path: Path, doc: str) -> None:
    out = tmp_path / f"{doc}.pdf"
    assert main(["print", str(demo_file), "--year", str(DEMO_YEAR), doc, "--out", str(out), "--copies", "2"]) == 0
    assert len(PdfReader(BytesIO(out.read_bytes())).pages) >= 1


def test_copies_number_the_ballots(demo_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "b.pdf"
    assert (
        main(["print", str(demo_file), "--year", str(DEMO_YEAR), "ballot-leaders", "--out", str(out), "--copies", "12"])
        == 0
    )
    pages = PdfReader(out).pages
    assert len(pages) == 12
    assert "编号：012" in pages[11].extract_text()


@pytest.mark.parametrize("doc", ["indicator-progress", "indicator-notice"])
def test_indicator_documents_need_indicator_data(demo_file: Path, tmp_path: Path, doc: str, capsys) -> None:
    """The demo year has no 市对区考绩指标: bad input, exit 2, nothing written (tests/test_district_print.py prints)."""
    out = tmp_path / "x.pdf"
    code = main(["print", str(demo_file), "--year", str(DEMO_YEAR), doc, "--month", "2017-05", "--out", str(out)])
    assert code == 2 and "还没有市对区考绩指标" in capsys.readouterr().err
    assert not out.exists()


def test_a_missing_year_is_bad_input_and_writes_nothing(demo_file: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "n.pdf"
    assert main(["print", str(demo_file), "--year", "1999", "notice", "--out", str(out)]) == 2
    assert "1999" in capsys.readouterr().err and not out.exists()
