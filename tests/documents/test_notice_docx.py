"""The notice as an editable Word file (python-docx): the PDF's page, grid, faces and words, page numbers as fields;
`appraisal print … notice --out N.docx`; rendered by LibreOffice where it is installed."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import replace
from io import BytesIO
from pathlib import Path

import pytest

docx = pytest.importorskip("docx")

from docx.oxml.ns import qn  # noqa: E402

from app.cli import main  # noqa: E402
from app.documents.data import YearDocuments, gather  # noqa: E402
from app.documents.fonts import resolve_fonts  # noqa: E402
from app.documents.notice import NoticeRenderer  # noqa: E402
from app.documents.notice_docx import notice_docx_bytes  # noqa: E402
from app.models.db import Database, open_database  # noqa: E402
from app.models.demo import DEMO_YEAR, build_demo_year  # noqa: E402

MM = 72 / 25.4


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, YearDocuments, Path]]:
    path = tmp_path_factory.mktemp("docx") / "demo.sqlite"
    with open_database(path) as db:  # closed, so the headless command below opens a checkpointed file
        build_demo_year(db)
    db = open_database(path)
    yield db, gather(db, DEMO_YEAR), path
    db.close()


def open_docx(content: bytes):
    return docx.Document(BytesIO(content))


def east_asian(run) -> str | None:
    fonts = run._element.rPr.rFonts if run._element.rPr is not None else None
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def test_page_margins_and_line_grid(demo) -> None:
    """A4; 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm; 22 lines of 28.95 pt (the grid), odd and even footers."""
    _db, data, _path = demo
    document = open_docx(notice_docx_bytes(data))
    section = document.sections[0]
    assert (section.page_width.pt, section.page_height.pt) == pytest.approx((210 * MM, 297 * MM), abs=0.1)
    assert section.top_margin.pt == pytest.approx(37 * MM, abs=0.1)
    assert section.left_margin.pt == pytest.approx(28 * MM, abs=0.1)
    assert (section.page_width.pt - section.left_margin.pt - section.right_margin.pt) == pytest.approx(
        156 * MM, abs=0.1
    )
    assert (section.page_height.pt - section.top_margin.pt - section.bottom_margin.pt) == pytest.approx(
        225 * MM, abs=0.1
    )
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "lines" and int(grid.get(qn("w:linePitch"))) == 579  # 28.95 pt, in twips
    spacing = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    condense = int(spacing.find(qn("w:spacing")).get(qn("w:val"))) / 20
    assert 28 * (16 + condense) <= 156 * MM < 28 * 16  # 28 characters of 3号 fit the line only condensed
    assert document.settings.odd_and_even_pages_header_footer


def test_faces_by_name(demo) -> None:
    """The office's faces by name, East Asian names set (w:eastAsia): 方正小标宋简体 title and 标志, 仿宋 body, 黑体
    headings, 宋体 page numbers — whatever this PC had to use for the PDF."""
    _db, data, _path = demo
    document = open_docx(notice_docx_bytes(data, resolve_fonts([])))
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    assert paragraphs[0].text == data.notice.authority
    assert {east_asian(r) for r in paragraphs[0].runs} == {"方正小标宋简体"}
    assert paragraphs[0].runs[0].font.color.rgb is not None and str(paragraphs[0].runs[0].font.color.rgb) == "DC0000"
    title = paragraphs[2]
    assert {east_asian(r) for r in title.runs} == {"方正小标宋简体"} and title.runs[0].font.size.pt == 22
    body = next(p for p in paragraphs if p.text.startswith("根据"))
    assert {east_asian(r) for r in body.runs} == {"仿宋"} and body.runs[0].font.size.pt == 16
    heading = next(p for p in paragraphs if p.text.startswith("一、"))
    assert {east_asian(r) for r in heading.runs} == {"黑体"}
    footer = document.sections[0].footer.paragraphs[0]
    assert {east_asian(r) for r in footer.runs} == {"宋体"}


def test_an_office_face_keeps_its_own_name(demo, tmp_path: Path) -> None:
    from tests.helpers.fonts import renamed_font

    _db, data, _path = demo
    folder = tmp_path / "Fonts"
    folder.mkdir()
    renamed_font(folder / "fz.ttf", "FZFangSong-Z02S", "方正仿宋_GBK")
    document = open_docx(notice_docx_bytes(data, resolve_fonts([folder])))
    body = next(p for p in document.paragraphs if p.text.startswith("根据"))
    assert {east_asian(r) for r in body.runs} == {"方正仿宋_GBK"}


def test_the_text_of_every_paragraph(demo) -> None:
    """Every paragraph, in order, as the PDF says it: 标志, 文号, title (its lines), 主送, body, 署名, 成文日期, 抄送, 印发."""
    _db, data, _path = demo
    settings = replace(data.notice, cc="市委办公室、市人社局", date="2018年1月15日")
    data = replace(data, notice=settings)
    renderer = NoticeRenderer(data)
    document = open_docx(notice_docx_bytes(data))
    texts = [p.text for p in document.paragraphs if p.text.strip()]
    expected = [
        settings.authority,
        settings.document_number(data.year),
        "\n".join(renderer.title_lines(renderer.title)),
        settings.addressee,
        *(flow.text for flow in renderer.content()),
        settings.issuer,
        "2018年1月15日",
        "抄送：市委办公室，市人社局。",
        f"{settings.printer}\t2018年1月15日印发",
    ]
    assert texts == expected


def test_signature_and_date_stand_where_the_pdf_has_them(demo) -> None:
    """7.3.5.2 in Word: both right-aligned, the date's right indent two characters (32 pt); sealed: four."""
    _db, data, _path = demo
    for sealed, indent in ((False, 32), (True, 64)):
        settings = replace(data.notice, date="2018年1月15日", sealed=sealed)
        document = open_docx(notice_docx_bytes(replace(data, notice=settings)))
        day = next(p for p in document.paragraphs if p.text == "2018年1月15日")
        assert day.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.RIGHT
        assert day.paragraph_format.right_indent.pt == pytest.approx(indent, abs=0.05)


def test_page_numbers_are_fields_right_on_odd_and_left_on_even_pages(demo) -> None:
    _db, data, _path = demo
    section = open_docx(notice_docx_bytes(data)).sections[0]
    for footer, alignment in (
        (section.footer, docx.enum.text.WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, docx.enum.text.WD_ALIGN_PARAGRAPH.LEFT),
    ):
        paragraph = footer.paragraphs[0]
        assert paragraph.alignment == alignment
        instructions = [t.text for t in paragraph._p.iter(qn("w:instrText"))]
        assert instructions == [" PAGE "]
        assert paragraph.text.startswith("— ") and paragraph.text.endswith(" —")
        assert paragraph.runs[0].font.size.pt == 14  # 4号


def test_hostile_text_stays_text(demo) -> None:
    _db, data, _path = demo
    settings = replace(data.notice, addressee="<b>各科室</b>\x07：", cc='=HYPERLINK("x")')
    document = open_docx(notice_docx_bytes(replace(data, notice=settings)))
    texts = [p.text for p in document.paragraphs]
    assert "<b>各科室</b>：" in texts and '抄送：=HYPERLINK("x")。' in texts


def test_print_chooses_word_by_the_extension(demo, tmp_path: Path, capsys) -> None:
    _db, _data, path = demo
    out = tmp_path / "通报.docx"
    assert main(["print", str(path), "--year", str(DEMO_YEAR), "notice", "--out", str(out)]) == 0
    assert open_docx(out.read_bytes()).paragraphs[0].text == "市经信委文件"
    assert main(["print", str(path), "--year", str(DEMO_YEAR), "results", "--out", str(tmp_path / "r.docx")]) == 2
    assert "只能保存为 PDF" in capsys.readouterr().err
    assert not (tmp_path / "r.docx").exists()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_renders_it_like_the_pdf(demo, tmp_path: Path) -> None:
    """Rendered by LibreOffice: as many pages as the PDF, the 标志 on the first and the 版记 on the last
    (docs/screenshots/print-notice-docx.png shows it beside the PDF)."""
    from pypdf import PdfReader

    _db, data, _path = demo
    source = tmp_path / "notice.docx"
    source.write_bytes(notice_docx_bytes(data))
    profile = tmp_path / "profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pages = PdfReader(str(tmp_path / "notice.pdf")).pages
    ours = PdfReader(BytesIO(NoticeRenderer(data).render())).pages
    assert len(pages) == len(ours)
    assert "市经信委文件" in pages[0].extract_text()
    last = "".join(pages[-1].extract_text().split())
    assert "市经信委办公室" in last and "印发" in last


def test_paragraph_properties_stand_in_the_schemas_order_and_the_colophon_sits_on_the_last_lines(demo) -> None:
    """Word refuses a file whose w:pPr children are out of the schema's order; the 版记 frames stand on the 版心's
    last grid lines (its end rule on the lower edge)."""
    from app.documents.notice_docx import LINE_PITCH, PPR_ORDER

    _db, data, _path = demo
    settings = replace(data.notice, cc="市委办公室")
    document = open_docx(notice_docx_bytes(replace(data, notice=settings)))
    for properties in document.element.body.iter(qn("w:pPr")):
        names = [child.tag.rsplit("}", 1)[-1] for child in properties]
        assert names == sorted(names, key=PPR_ORDER.index), names
    frames = [p for p in document.paragraphs if p._p.pPr is not None and p._p.pPr.find(qn("w:framePr")) is not None]
    assert frames[0].text.startswith("抄送：") and frames[1].text.startswith(settings.printer + "\t")
    tops = [int(p._p.pPr.find(qn("w:framePr")).get(qn("w:y"))) for p in frames]
    block = document.sections[0].page_height.twips - document.sections[0].top_margin.twips
    block -= document.sections[0].bottom_margin.twips
    assert tops[1] - tops[0] == pytest.approx(LINE_PITCH, abs=2) and block - tops[1] == pytest.approx(LINE_PITCH, abs=2)


def test_a_heading_keeps_with_its_first_entry(demo) -> None:
    """Word and WPS break the pages themselves: each first-level heading (一、…) is kept with the paragraph after it,
    so no page ends on a heading (LibreOffice left 一、一等奖… alone at the foot of page 1)."""
    _db, data, _path = demo
    document = open_docx(notice_docx_bytes(data))
    headings = [p for p in document.paragraphs if p.text[:2] in ("一、", "二、", "三、", "四、")]
    assert len(headings) == 4
    assert all(p.paragraph_format.keep_with_next for p in headings)
    body = [p for p in document.paragraphs if p.text and p not in headings and "：" in p.text]
    assert not any(p.paragraph_format.keep_with_next for p in body)
