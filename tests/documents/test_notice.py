"""The notice of commendation against GB/T 9704-2012's figures (and the seed: 以市经信委文件予以通报表彰)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import replace
from io import BytesIO

import pytest
from pypdf import PdfReader

from app.documents.data import NoticeSettings, YearDocuments, gather, read_notice_settings, write_notice_settings
from app.documents.notice import ASCENT, Flow, NoticePage, NoticeRenderer
from app.models.db import Database, open_database
from app.models.demo import DEMO_YEAR, build_demo_year

MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, YearDocuments]]:
    db = open_database(tmp_path_factory.mktemp("notice") / "demo.sqlite")
    build_demo_year(db)
    yield db, gather(db, DEMO_YEAR)
    db.close()


def long_notice(data: YearDocuments) -> YearDocuments:
    """A body long enough for three pages, one paragraph of plain full-width characters."""
    return replace(data, notice=replace(data.notice, opening="测" * 900))


def grid_texts(page: NoticePage):
    return [t for t in page.texts if t.line is not None]


def test_page_and_text_block(demo) -> None:
    """5.2.1/5.2.2: A4; 天头 37 mm ± 1, 订口 28 mm ± 1, 版心 156 mm × 225 mm."""
    _db, data = demo
    pdf = NoticeRenderer(data).render()
    for page in PdfReader(BytesIO(pdf)).pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4, abs=0.5)
    pages = NoticeRenderer(long_notice(data)).layout()
    for page in pages:
        for text in page.texts:
            assert text.x >= 28 * MM - 0.01
            assert text.x + NoticeRenderer(data).advance(text.text, text.role, text.size) <= (28 + 156) * MM + 0.5
        tops = [t.baseline + t.size * ASCENT for t in grid_texts(page)]
        assert max(tops) <= (297 - 37 + 1) * MM  # nothing above the 天头
        assert min(t.baseline for t in grid_texts(page)) >= (297 - 37 - 225 - 1) * MM  # nothing below the block


def test_22_lines_of_28_characters(demo) -> None:
    """5.2.2: 一般每面排 22 行，每行排 28 个字，并撑满版心 (3号仿宋)."""
    _db, data = demo
    pages = NoticeRenderer(long_notice(data)).layout()
    assert len(pages) >= 3
    pitch = 225 / 22 * MM
    for page in pages:
        lines = sorted({t.line for t in grid_texts(page)})
        assert len(lines) <= 22 and lines[-1] <= 21
        baselines = sorted({round(t.baseline, 3) for t in grid_texts(page) if t.size == 16}, reverse=True)
        for upper, lower in itertools.pairwise(baselines):
            assert (upper - lower) / pitch == pytest.approx(round((upper - lower) / pitch), abs=1e-3)
    middle = pages[1]
    body = [t for t in middle.texts if t.text and set(t.text) == {"测"}]
    assert len({t.line for t in middle.texts}) == 22  # a full page has every line
    assert all(len(t.text) == 28 for t in body)
    for text in body:  # each line fills the block: 28 characters × pitch = 156 mm
        width = NoticeRenderer(data).advance(text.text, "fangsong", 16)
        assert width == pytest.approx(156 * MM, abs=0.2)
        assert text.size == 16 and text.role == "fangsong"


def test_header_number_rule_and_title(demo) -> None:
    """7.2.2 发文机关标志 red, top edge 35 mm below the block's top; 7.2.4 发文字号 〔2018〕1号 two lines below;
    7.2.6 a red rule 4 mm below it as wide as the block; 7.3.1 title 2号 小标宋 two lines below the rule."""
    _db, data = demo
    renderer = NoticeRenderer(data)
    first = renderer.layout()[0]
    mark, number = first.texts[0], first.texts[1]
    assert mark.text == "市经信委文件" and mark.color[0] > 0.8 and mark.color[1:] == (0.0, 0.0)
    assert mark.role == "xbs"
    assert (297 - 37) * MM - (mark.baseline + mark.size * ASCENT) == pytest.approx(35 * MM, abs=0.5)
    assert number.text == "市经信发〔2018〕1号"
    assert number.x + renderer.advance(number.text, "fangsong", 16) / 2 == pytest.approx(105 * MM, abs=0.5)
    rule = first.rules[0]
    assert rule.color[0] > 0.8 and (rule.x1, rule.x2) == pytest.approx((28 * MM, 184 * MM))
    assert number.baseline - 16 * 0.14 - rule.y == pytest.approx(4 * MM, abs=0.1)
    pitch = 225 / 22 * MM
    title = [t for t in first.texts if t.size == 22]
    assert title and all(t.role == "xbs" for t in title)
    title_top = (297 - 37) * MM - title[0].line * pitch
    assert (rule.y - title_top) / pitch == pytest.approx(2, abs=1)  # 下空二行
    assert "".join(t.text for t in title) == data.notice.notice_title(2017, data.prefix)


def test_page_numbers(demo) -> None:
    """7.5: 4号半角 "— 1 —"; the dashes 7 mm below the block; odd pages right, even pages left, one character in."""
    _db, data = demo
    renderer = NoticeRenderer(long_notice(data))
    pages = renderer.layout()
    bottom = (297 - 37 - 225) * MM
    for page in pages:
        folio = page.folio
        assert folio is not None and folio.text == f"— {page.number} —" and folio.size == 14
        assert bottom - page.folio_dash_y == pytest.approx(7 * MM)
        one = renderer.width_of("一", "song", 14)
        if page.number % 2:
            assert folio.x + renderer.width_of(folio.text, "song", 14) == pytest.approx(184 * MM - one)
        else:
            assert folio.x == pytest.approx(28 * MM + one)


def test_signature_date_and_colophon(demo) -> None:
    """7.3.5.2: 署名 右空二字, 成文日期 below, its first character two characters right of the signature's; 8.3.2/8.2:
    印发机关 and 印发日期 (…印发) on the last line between thick rules (0.35 mm) as wide as the block."""
    _db, data = demo
    settings = replace(data.notice, date="2018年1月15日", print_date="2018年1月16日", issuer="中共市经信委委员会")
    renderer = NoticeRenderer(replace(data, notice=settings))
    pages = renderer.layout()
    last = pages[-1]  # the 版记 page; the signature may stand on the page before it (版记 on an even page)
    issuer = next(t for page in pages for t in page.texts if t.text == "中共市经信委委员会")
    day = next(t for page in pages for t in page.texts if t.text == "2018年1月15日")
    pitch_x = 156 / 28 * MM
    assert day.line == issuer.line + 1
    assert day.x - issuer.x == pytest.approx(2 * pitch_x)
    assert issuer.x + renderer.extent(issuer.text) == pytest.approx(184 * MM - 32)  # two 3号 characters in
    printer = next(t for t in last.texts if t.text == settings.printer)
    printed = next(t for t in last.texts if t.text == "2018年1月16日印发")
    assert printer.line == printed.line == 21
    assert printer.x == pytest.approx(28 * MM + pitch_x)
    thick = [r for r in last.rules if r.width == pytest.approx(0.35 * MM)]
    assert len(thick) == 2 and all((r.x1, r.x2) == pytest.approx((28 * MM, 184 * MM)) for r in thick)
    assert min(r.y for r in thick) == pytest.approx((297 - 37 - 225) * MM)


def test_the_pdf_is_drawn_where_the_layout_says(demo) -> None:
    _db, data = demo
    renderer = NoticeRenderer(data)
    layout = renderer.layout()[0]
    seen: list[tuple[str, float, float]] = []

    def visit(text, cm, tm, _font, _size) -> None:
        if text.strip():
            seen.append((text, tm[4], tm[5]))

    PdfReader(BytesIO(renderer.render())).pages[0].extract_text(visitor_text=visit)
    for placed in layout.texts[:4]:
        match = [s for s in seen if s[0].strip()[:8] == placed.text[:8]]
        assert match, placed.text
        assert match[0][1] == pytest.approx(placed.x, abs=0.5) and match[0][2] == pytest.approx(
            placed.baseline, abs=0.5
        )


def test_notice_lists_the_prize_units_and_excellent_cadres(demo) -> None:
    """Seed 五（一）and the cadre rules 六（一）1: 优秀、良好及突出贡献奖的科室（单位）和优秀等次人员予以通报表彰."""
    _db, data = demo
    text = re.sub(
        r"\s+", "", "".join(p.extract_text() for p in PdfReader(BytesIO(NoticeRenderer(data).render())).pages)
    )
    for unit in data.result.units:
        if unit.prize or unit.special_award:
            assert unit.name in text
    for cadre in data.excellent_cadres():
        assert cadre.name in text
    assert "一、一等奖（优秀等次）科室（单位）" in text and "二等奖（良好等次）" in text
    assert "市经信委办公室" in text and "印发" in text


def test_notice_settings_are_stored_per_year_and_audited(demo) -> None:
    db, _data = demo
    settings = NoticeSettings(number="7", issuer="中共市经信委委员会", number_year=2018)
    with db.atomic("修改通报文号", "test") as conn:
        write_notice_settings(conn, DEMO_YEAR, settings)
    assert read_notice_settings(db, DEMO_YEAR) == settings
    assert gather(db, DEMO_YEAR).notice.document_number(DEMO_YEAR) == "市经信发〔2018〕7号"
    audit = db.query("SELECT reason FROM audit_log WHERE tbl = 'year_documents' ORDER BY id DESC LIMIT 1")
    assert audit[0]["reason"] == "修改通报文号"


@pytest.mark.parametrize(
    "title",
    [
        "",
        "关于表彰2018年度市经信委“四讲四比”主题活动绩效考评先进科室（单位）、优秀等次人员和突出贡献奖获得者的通报",
        "关于表彰先进的通报",
    ],
)
def test_title_lines_keep_phrases_whole(demo, title: str) -> None:
    """7.3.1: 标题…分一行或多行居中排布；回行时，要做到词意完整，排列对称."""
    _db, data = demo
    renderer = NoticeRenderer(replace(data, notice=replace(data.notice, title=title)))
    lines = renderer.title_lines(renderer.title)
    assert "".join(lines) == renderer.title
    for line in lines:
        assert renderer.width_of(line, "xbs", 22) <= 156 * MM
        assert (
            line[0] not in "，。、”）》" and line.count("“") == line.count("”") and line.count("（") == line.count("）")
        )
    assert max(map(len, lines)) - min(map(len, lines)) <= 8


def test_dates_are_written_in_full_with_arabic_numerals() -> None:
    """7.3.5.2 成文日期: 用阿拉伯数字将年、月、日标全，年份应标全称，月、日不编虚位（即 1 不编为 01）."""
    from app.documents.data import normalize_date
    from app.models.errors import AppraisalError

    assert normalize_date("2018-01-05", "成文日期") == "2018年1月5日"
    assert normalize_date("2018.1.15", "成文日期") == "2018年1月15日"
    assert normalize_date("2018年01月15日", "成文日期") == "2018年1月15日"
    assert normalize_date("", "成文日期") == ""
    for bad in ("18-1-5", "2018-13-01", "明天"):
        with pytest.raises(AppraisalError, match="成文日期"):
            normalize_date(bad, "成文日期")


class PlainNotice(NoticeRenderer):
    """The notice's frame around a body of `lines` one-line paragraphs."""

    def __init__(self, data: YearDocuments, lines: int) -> None:
        super().__init__(data)
        self.lines = lines

    def content(self) -> list[Flow]:
        return [Flow("测" * 26) for _ in range(self.lines)]


def notice_ending_on(data: YearDocuments, page_number: int, last_line: int) -> NoticeRenderer:
    """A renderer whose body (its 成文日期) ends on `page_number` at grid line `last_line`."""
    for lines in range(0, 120):
        renderer = PlainNotice(data, lines)
        day = renderer.document_date()
        where = next((p.number, t.line) for p in renderer.layout() for t in p.texts if t.text == day)
        if where == (page_number, last_line):
            return renderer
    raise AssertionError(f"no body ends on page {page_number} line {last_line}")


def folios(pdf: bytes) -> list[str]:
    """The "— n —" text found on each page of the PDF ("" when the page carries none)."""
    found = []
    for page in PdfReader(BytesIO(pdf)).pages:
        numbers = re.findall(r"—\s*(\d+)\s*—", page.extract_text())
        found.append(numbers[0] if numbers else "")
    return found


def test_colophon_goes_on_the_back_of_an_odd_last_page(demo) -> None:
    """GB/T 9704-2012 7.4.1 末条分隔线与公文最后一面的版心下边缘重合 + 6.2 双面印刷: the 版记 stands on the last face,
    an even page. A body ending on page 3 (a front side) with room to spare still puts the 版记 on page 4,
    which is numbered as usual (7.5 leaves only a 版记 page *after a blank page* unnumbered)."""
    _db, data = demo
    renderer = notice_ending_on(data, 3, 6)
    pages = renderer.layout()
    assert [p.number for p in pages] == [1, 2, 3, 4]
    assert [p.numbered for p in pages] == [True] * 4
    colophon = pages[-1]
    printed = renderer.print_date() + "印发"
    assert {t.text for t in colophon.texts} == {renderer.settings.printer, printed}
    assert all(t.line == 21 for t in colophon.texts)  # 版记的最后一个要素置于最后一行
    pdf = renderer.render()
    reader = PdfReader(BytesIO(pdf))
    assert len(reader.pages) == 4
    last_text = re.sub(r"\s+", "", reader.pages[3].extract_text())
    assert renderer.settings.printer in last_text and "印发" in last_text
    assert "测" not in last_text and "测" in reader.pages[2].extract_text()  # the body stays on page 3
    assert folios(pdf) == ["1", "2", "3", "4"]


def test_an_even_last_page_keeps_its_colophon(demo) -> None:
    """A body ending on an even page with its last line free: the 版记 shares that page (already the last face)."""
    _db, data = demo
    renderer = notice_ending_on(data, 2, 10)
    pages = renderer.layout()
    assert [p.number for p in pages] == [1, 2]
    assert any(t.text == renderer.settings.printer and t.line == 21 for t in pages[1].texts)
    assert folios(renderer.render()) == ["1", "2"]


def test_a_full_even_page_gets_a_blank_page_and_neither_is_numbered(demo) -> None:
    """7.5: 公文的版记页前有空白页的，空白页和版记页均不编排页码 — the body fills page 2 to its last line; a new
    sheet follows: page 3 blank, page 4 the 版记, and neither carries a page number."""
    _db, data = demo
    renderer = notice_ending_on(data, 2, 21)
    pages = renderer.layout()
    assert [p.number for p in pages] == [1, 2, 3, 4]
    assert [p.numbered for p in pages] == [True, True, False, False]
    assert pages[2].texts == [] and pages[2].rules == [] and pages[2].folio is None
    assert pages[3].folio is None and all(t.line == 21 for t in pages[3].texts)
    pdf = renderer.render()
    reader = PdfReader(BytesIO(pdf))
    assert len(reader.pages) == 4
    assert re.sub(r"\s+", "", reader.pages[2].extract_text()) == ""
    assert renderer.settings.printer in reader.pages[3].extract_text()
    assert folios(pdf) == ["1", "2", "", ""]


@pytest.mark.parametrize("lines", range(0, 70, 3))
def test_the_colophon_always_lands_on_an_even_page(demo, lines: int) -> None:
    """Whatever the body's length, the 版记 page is even and is the last; only pages after a blank one lose their
    number."""
    _db, data = demo
    pages = PlainNotice(data, lines).layout()
    assert pages[-1].number % 2 == 0 and len(pages) == pages[-1].number
    assert sum(1 for p in pages for r in p.rules if r.width == pytest.approx(0.35 * MM)) == 2
    blank = [p.number for p in pages if not p.texts]
    assert [p.number for p in pages if not p.numbered] == ([blank[0], blank[0] + 1] if blank else [])


class HeadedNotice(NoticeRenderer):
    """A body of `lines` one-line paragraphs, then a first-level heading and its entries."""

    def __init__(self, data: YearDocuments, lines: int) -> None:
        super().__init__(data)
        self.lines = lines

    def content(self) -> list[Flow]:
        return [
            *(Flow("测" * 26) for _ in range(self.lines)),
            Flow("一、一等奖（优秀等次）科室（单位）", role="hei"),
            Flow("第一组：人事科"),
        ]


@pytest.mark.parametrize("lines", range(0, 44))
def test_a_heading_never_stands_alone_on_a_pages_last_line(demo, lines: int) -> None:
    """A heading at the foot of a page with its entries overleaf reads as a page ending in the air: whatever the
    length of the text before it, the heading goes on the page of its first entry."""
    _db, data = demo
    pages = HeadedNotice(data, lines).layout()
    for page in pages:
        body = sorted((t for t in page.texts if t.line is not None), key=lambda t: t.line)
        heading = [t for t in body if t.role == "hei"]
        if heading:
            assert any(t.line == heading[0].line + 1 and t.text == "第一组：人事科" for t in body), (page.number, lines)
