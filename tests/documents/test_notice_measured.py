"""The notice of commendation measured in the PDF itself (pdfplumber): faces by name, the 成文日期's place, 抄送, the
sealed layout, the 成文日期 proposed from the assessment date — GB/T 9704-2012 7.3.5, 7.4.2."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest

from app.documents.data import YearDocuments, gather
from app.documents.fonts import OFFICIAL, SERIF, available_faces, resolve_fonts
from app.documents.notice import BLOCK_W, LEFT_MARGIN, NoticeRenderer
from app.models.db import Database, open_database
from app.models.demo import DEMO_YEAR, build_demo_year

pdfplumber = pytest.importorskip("pdfplumber")
RIGHT = LEFT_MARGIN + BLOCK_W  # the text area's right edge (points)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, YearDocuments]]:
    db = open_database(tmp_path_factory.mktemp("measured") / "demo.sqlite")
    build_demo_year(db)
    yield db, gather(db, DEMO_YEAR)
    db.close()


def ps_name(face) -> str:
    from reportlab.pdfbase.ttfonts import TTFontFile

    name = TTFontFile(str(face.path), subfontIndex=face.index).name
    return name.decode() if isinstance(name, bytes) else name


def chars(pdf: bytes) -> list[list[dict]]:
    with pdfplumber.open(BytesIO(pdf)) as document:
        return [list(page.chars) for page in document.pages]


def right_ends(pdf: bytes, tmp_path: Path) -> dict[str, float]:
    """Word → the right edge of its last glyph, from poppler (pdftotext -bbox). pdfminer (under pdfplumber) adds the
    character spacing (Tc) only between the glyphs of one string, not after its last, so its x positions drift by
    0.2 pt at every font-subset switch; poppler applies Tc as the PDF standard says."""
    source = tmp_path / "notice.pdf"
    source.write_bytes(pdf)
    html = subprocess.run(["pdftotext", "-bbox", str(source), "-"], capture_output=True, text=True, check=True).stdout
    return {m[3]: float(m[2]) for m in re.finditer(r'xMin="([\d.]+)"[^>]*xMax="([\d.]+)"[^>]*>([^<]+)<', html)}


needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not installed")


def line_of(page: list[dict], text: str) -> list[dict]:
    """The characters of the first line of `page` that reads `text` (same baseline, left to right)."""
    rows: dict[float, list[dict]] = {}
    for char in page:
        rows.setdefault(round(char["top"], 1), []).append(char)
    for row in rows.values():
        row.sort(key=lambda c: c["x0"])
        if "".join(c["text"] for c in row).replace(" ", "") == text:
            return row
    raise AssertionError(f"no line reads {text!r}")


def test_body_and_title_are_set_in_the_serif_not_a_sans(demo) -> None:
    """Without 仿宋 and 小标宋 (only the shipped faces), the body and the title are set in AR PL SungtiL GB — by
    its name in the PDF — and the first-level headings in the 黑体 stand-in; no body character in a sans."""
    _db, data = demo
    fonts = resolve_fonts([])
    serif = ps_name(fonts.choices["fangsong"].face)
    assert fonts.choices["fangsong"].face.named(SERIF.family) and serif == "BousungEG-Light-GB"
    pages = chars(NoticeRenderer(data, fonts).render())
    title = line_of(pages[0], "关于表彰2017年度市经信委")
    assert {c["fontname"].split("+")[-1] for c in title} == {serif}
    assert all(c["size"] == pytest.approx(22) for c in title)  # 2号
    body = line_of(pages[0], data.notice.addressee)
    assert {c["fontname"].split("+")[-1] for c in body} == {serif} and body[0]["size"] == pytest.approx(16)
    headings = "".join(f.text for f in NoticeRenderer(data, fonts).content() if f.role == "hei")
    sans = "".join(c["text"] for page in pages for c in page if "WenQuanYi" in c["fontname"])
    assert sans and sans == headings  # the sans sets the 一、二、… headings (黑体) and nothing else


def has_fangsong() -> bool:
    return any(f.named(name) for f in available_faces() for name in OFFICIAL["fangsong"])


@pytest.mark.skipif(has_fangsong(), reason="this PC has 仿宋: the body is set in it")
def test_this_pc_sets_the_body_in_the_serif(demo) -> None:
    """On this machine (AR PL SungtiL GB installed, no 仿宋) the body is the serif, found on its own."""
    _db, data = demo
    fonts = resolve_fonts()
    assert not fonts.choices["fangsong"].face.named("WenQuanYi Micro Hei")
    page = chars(NoticeRenderer(data, fonts).render())[0]
    body = line_of(page, data.notice.addressee)
    assert "WenQuanYi" not in body[0]["fontname"]


@needs_poppler
@pytest.mark.parametrize("day", ["2018年1月15日", "2018年12月25日"])
def test_the_date_ends_two_characters_in_from_the_right(demo, day: str, tmp_path: Path) -> None:
    """7.3.5.2: a 成文日期 longer than the signature ends 右空二字 — its last glyph's right edge 32 pt (two 3号
    characters) inside the text area — and the signature moves left so the date still starts two characters right
    of the signature's first character."""
    _db, data = demo
    settings = replace(data.notice, date=day, issuer="市经信委")
    pdf = NoticeRenderer(replace(data, notice=settings)).render()
    assert RIGHT - right_ends(pdf, tmp_path)[day] == pytest.approx(32, abs=0.05)
    page = next(p for p in chars(pdf) if "".join(c["text"] for c in p).find(day) >= 0)
    date_line = line_of(page, day)
    issuer = line_of(page, "市经信委")
    assert date_line[0]["x0"] - issuer[0]["x0"] == pytest.approx(2 * BLOCK_W / 28, abs=0.3)


@needs_poppler
def test_a_long_signature_keeps_its_two_characters_and_the_date_follows(demo, tmp_path: Path) -> None:
    _db, data = demo
    settings = replace(data.notice, date="2018年1月5日", issuer="中共市经济和信息化委员会")
    pdf = NoticeRenderer(replace(data, notice=settings)).render()
    assert RIGHT - right_ends(pdf, tmp_path)["中共市经济和信息化委员会"] == pytest.approx(32, abs=0.05)
    page = next(p for p in chars(pdf) if "".join(c["text"] for c in p).find("2018年1月5日") >= 0)
    issuer = line_of(page, "中共市经济和信息化委员会")
    assert line_of(page, "2018年1月5日")[0]["x0"] - issuer[0]["x0"] == pytest.approx(2 * BLOCK_W / 28, abs=0.3)


@needs_poppler
def test_sealed_layout_puts_the_date_four_characters_in_under_a_centred_signature(demo, tmp_path: Path) -> None:
    """7.3.5.1: 加盖印章的公文，成文日期一般右空四字编排 … 以成文日期为准居中编排发文机关署名; room for the seal above."""
    _db, data = demo
    settings = replace(data.notice, date="2018年1月15日", sealed=True)
    renderer = NoticeRenderer(replace(data, notice=settings))
    pdf = renderer.render()
    ends = right_ends(pdf, tmp_path)
    assert RIGHT - ends["2018年1月15日"] == pytest.approx(64, abs=0.05)
    page = next(p for p in chars(pdf) if "".join(c["text"] for c in p).find("2018年1月15日") >= 0)
    day = line_of(page, "2018年1月15日")
    issuer = line_of(page, settings.issuer)
    assert (issuer[0]["x0"] + ends[settings.issuer]) / 2 == pytest.approx(
        (day[0]["x0"] + ends["2018年1月15日"]) / 2, abs=0.05
    )
    sealed = {t.text: t.line for p in renderer.layout() for t in p.texts}
    unsealed = NoticeRenderer(replace(data, notice=replace(settings, sealed=False))).layout()
    plain = {t.text: t.line for p in unsealed for t in p.texts}
    assert sealed[settings.issuer] == plain[settings.issuer] + 1  # one more empty line above: room for the seal


def test_cc_is_printed_in_the_colophon_when_set(demo) -> None:
    """7.4.2: 抄送 above 印发, 4号, one character in, names separated by commas, a full stop at the end; none when
    not set."""
    _db, data = demo
    settings = replace(data.notice, cc="市委办公室、市政府办公室\n市人社局", print_date="2018年1月16日")
    pages = chars(NoticeRenderer(replace(data, notice=settings)).render())
    last = pages[-1]
    cc = line_of(last, "抄送：市委办公室，市政府办公室，市人社局。")
    printed = line_of(last, "市经信委办公室2018年1月16日印发")
    assert cc[0]["size"] == pytest.approx(14) and cc[0]["top"] < printed[0]["top"]
    assert cc[0]["x0"] == pytest.approx(LEFT_MARGIN + BLOCK_W / 28, abs=0.3)
    plain = chars(NoticeRenderer(data).render())
    assert "抄送" not in "".join(c["text"] for c in plain[-1])


def test_the_date_is_the_assessment_date_or_a_blank_never_the_printing_day(demo) -> None:
    _db, data = demo
    today = date.today()
    renderer = NoticeRenderer(data)
    assert renderer.document_date() == "2018年\u3000\u3000月\u3000\u3000日"
    assert f"{today.year}年{today.month}月{today.day}日" not in renderer.document_date()
    assessed = NoticeRenderer(replace(data, assessment_date=date(2018, 1, 10)))
    assert assessed.document_date() == "2018年1月10日" and assessed.print_date() == "2018年1月10日"
    chosen = NoticeRenderer(replace(data, notice=replace(data.notice, date="2018年1月20日")))
    assert chosen.document_date() == "2018年1月20日"


def test_one_spelling_per_unit_in_the_notice(demo) -> None:
    """The seed writes 运行协调监测科 and 运行监测协调科; the notice uses the scheme's full name throughout."""
    _db, data = demo
    text = "".join(flow.text for flow in NoticeRenderer(data).content())
    for unit in data.scheme.units:
        if unit.short != unit.name:
            assert unit.short not in text.replace(unit.name, ""), unit.short
