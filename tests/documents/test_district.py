"""市对区考绩 prints: `appraisal print … indicator-progress|indicator-notice --month`, the Excel history.

Seed clauses checked here:
- 附1: 2015年市对区考绩指标进展情况表 — 单位（盖章）、单位主要负责人（签字）、区分管领导（签字）; 序号、考绩指标、考核主要内容、
  最新排名（或预估排名）、目前三区比较情况、年终承诺目标.
- 区考绩办将对市对区指标进展情况实行“一月一汇总一通报”.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from io import BytesIO

import pytest
from pypdf import PdfReader

from app.cli import main
from app.documents.district import DistrictNoticeRenderer, gather_month, notice_flows, notice_settings
from app.models.db import open_database
from app.models.demo import build_demo_year
from app.models.district.demo import add_demo_district

YEAR = 2017
MONTH = "2017-09"


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("district") / "demo.sqlite"
    with open_database(path) as db:
        build_demo_year(db)
        add_demo_district(db, YEAR)
    return path


def text_of(path) -> str:
    reader = PdfReader(str(path))
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


def test_print_the_progress_table(demo_file, tmp_path):
    """附1 on A4 landscape with the seed's heading, signature line and columns, one row per indicator."""
    out = tmp_path / "p.pdf"
    assert (
        main(["print", str(demo_file), "--year", str(YEAR), "indicator-progress", "--month", MONTH, "--out", str(out)])
        == 0
    )
    reader = PdfReader(str(out))
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)  # landscape
    text = text_of(out)
    for words in (
        "2017年市对区考绩指标进展情况表",
        "单位（盖章）",
        "单位主要负责人（签字）",
        "区分管领导（签字）",
        "序号",
        "考绩指标",
        "考核主要内容",
        "最新排名",
        "目前三区比较情况",
        "年终承诺目标",
        "规上工业增加值",
        "生态环境质量",
        "（预估）",
    ):
        assert words in text, words
    assert "本区第3位；鹿城区第1位、瓯海区第2位，落后于鹿城区、瓯海区" in text  # 固定资产投资 in September


def test_print_the_monthly_notice(demo_file, tmp_path):
    """一月一汇总一通报 in the notice's official layout: 发文机关标志, 文号, title, the month's 落后/退步指标 and 约谈."""
    out = tmp_path / "n.pdf"
    assert (
        main(["print", str(demo_file), "--year", str(YEAR), "indicator-notice", "--month", MONTH, "--out", str(out)])
        == 0
    )
    text = text_of(out)
    for words in (
        "区考绩委员会办公室文件",
        "考办〔2017〕9号",
        "关于2017年9月市对区考绩指标进展情况的通报",
        "区属各有关单位",
        "一月一汇总一通报",
        "固定资产投资（牵头单位：区发改局）",
        "因多次排名靠后，提请区委、区政府主要领导约谈",
        "城市管理综合考评",
        "逾期报送（2017年9月14日）",  # dates written out in running text
        "预计加分13.90分",
    ):
        assert words in text, words


def test_the_notice_reuses_the_official_layout(demo_file):
    """GB/T 9704 geometry comes from notice.NoticeRenderer: red authority mark, the rule, 22 lines a page."""
    with open_database(demo_file) as db:
        doc = gather_month(db, YEAR, MONTH, today=date(2017, 9, 16))
        renderer = DistrictNoticeRenderer(doc, notice_settings(db, YEAR, MONTH))
        pages = renderer.layout()
    first = pages[0]
    assert first.texts[0].text == "区考绩委员会办公室文件" and first.texts[0].color != (0, 0, 0)
    assert any(rule.color != (0, 0, 0) for rule in first.rules)  # the red rule under the 文号
    assert all(t.line is None or 0 <= t.line < 22 for page in pages for t in page.texts)
    body = "".join(flow.text for flow in notice_flows(doc))
    assert "落后指标、退步指标共2项，其中提请约谈2项" in body  # no spaces around numbers


def test_a_month_is_required_and_checked(demo_file, tmp_path, capsys):
    assert (
        main(["print", str(demo_file), "--year", str(YEAR), "indicator-notice", "--out", str(tmp_path / "x.pdf")]) == 2
    )
    assert (
        main(
            [
                "print",
                str(demo_file),
                "--year",
                str(YEAR),
                "indicator-notice",
                "--month",
                "2017-9",
                "--out",
                str(tmp_path / "x.pdf"),
            ]
        )
        == 2
    )
    assert "YYYY-MM" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_a_year_without_indicators_cannot_print(tmp_path, capsys):
    db = tmp_path / "e.sqlite"
    with open_database(db) as handle:
        from app.models.store import ensure_year

        ensure_year(handle, YEAR)
    assert (
        main(
            [
                "print",
                str(db),
                "--year",
                str(YEAR),
                "indicator-progress",
                "--month",
                MONTH,
                "--out",
                str(tmp_path / "x.pdf"),
            ]
        )
        == 2
    )
    assert "还没有市对区考绩指标" in capsys.readouterr().err


def test_excel_history(demo_file):
    """Excel export of the progress history: every month's rows, the ranks month by month, the events."""
    from openpyxl import load_workbook

    from app.workbooks.district import progress_history_bytes

    with open_database(demo_file) as db:
        book = load_workbook(BytesIO(progress_history_bytes(db, YEAR)))
    assert book.sheetnames == ["逐月进展", "排名走势", "考绩法加减分"]
    rows = list(book["逐月进展"].iter_rows(values_only=True))
    assert rows[0][0] == "2017年市对区考绩指标逐月进展"  # a title row with the year and the document
    assert rows[1][:7] == ("月份", "序号", "考绩指标", "牵头单位", "考核主要内容", "最新排名", "预估")
    assert len(rows) == 2 + 6 * 8  # six indicators, February to September
    assert book["逐月进展"]["C3"].font.name == "宋体"
    september_i02 = next(r for r in rows if r[0] == MONTH and r[2] == "固定资产投资")
    assert september_i02[5] == 3 and september_i02[-1] == "落后指标"
    trend = list(book["排名走势"].iter_rows(values_only=True))
    assert trend[1][2:] == tuple(f"{m}月" for m in range(2, 10))
    assert trend[2][:2] == ("规上工业增加值", "区经信局")
    events = list(book["考绩法加减分"].iter_rows(values_only=True))
    assert events[2][1] == "引进产业大项目" and events[2][4] == 12
    assert ("", "净得分", "", "", 12.4, "") in [tuple("" if v is None else v for v in r) for r in events]


def test_no_line_of_the_notice_starts_with_closing_punctuation(demo_file):
    """GB/T 9704 / 7.3.1-style line breaking: “…起效）。” never leaves “）。” at the start of a line."""
    from app.documents.notice import BLOCK_W, BODY_SIZE
    from app.documents.render import NO_LINE_START

    with open_database(demo_file) as db:
        renderer = DistrictNoticeRenderer(gather_month(db, YEAR, MONTH), notice_settings(db, YEAR, MONTH))
    for text in ("一" * 27 + "）。", "一" * 26 + "（二）。", "一" * 27 + "”）。下一句"):
        lines = renderer.break_lines(text, "fangsong", BODY_SIZE, BLOCK_W, BLOCK_W)
        assert "".join(lines) == text
        assert all(line[0] not in NO_LINE_START for line in lines[1:]), lines


class LongerNotice(DistrictNoticeRenderer):
    """The month's notice with `lines` more one-line paragraphs, to move its 附件 to another page."""

    def __init__(self, *args, lines: int = 0, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.lines = lines

    def content(self):
        from app.documents.notice import Flow

        return [*super().content(), *(Flow("测" * 26) for _ in range(self.lines))]


@pytest.mark.parametrize("lines", [0, 22])
def test_the_table_is_bound_as_the_attachment_its_head_on_the_left_of_odd_and_even_pages(demo_file, lines) -> None:
    """7.3.7: 附件 on pages of its own after the body, before the 版记; GB/T 9704-2012 10.1: a table turned on an
    A4 page keeps the page number where it always is, its head at the binding edge of an odd page (订口, the left)
    and at the outer edge of an even page (切口, also the left: the back of a sheet is bound on its right)."""
    pdfplumber = pytest.importorskip("pdfplumber")
    with open_database(demo_file) as db:
        renderer = LongerNotice(gather_month(db, YEAR, MONTH), notice_settings(db, YEAR, MONTH), lines=lines)
        pdf = renderer.render()
    kinds = [("attachment" if p.attachment is not None else "body") for p in renderer.layout()]
    with pdfplumber.open(BytesIO(pdf)) as document:
        pages = document.pages
        texts = ["".join(page.extract_text().split()) for page in pages]
        attached = [i for i, kind in enumerate(kinds) if kind == "attachment"]
        assert attached and "印发" in texts[-1] and attached[-1] < len(pages) - 1
        assert all("印发" not in texts[i] for i in attached)
        for index in attached:
            page = pages[index]
            turned = [c for c in page.chars if not c["upright"]]
            head = [c for c in turned if c["text"] in "附件" and c["size"] >= 15]
            assert head and turned, index
            assert max(c["x1"] for c in head) < page.width / 3, (index + 1, [c["x0"] for c in head])
            folio = [c for c in page.chars if c["upright"] and c["text"].isdigit() and c["top"] > page.height - 110]
            assert folio  # the page number upright at the foot
    assert {(i + 1) % 2 for i in attached} == ({0} if lines == 0 else {1}), attached  # an even and an odd page


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        (datetime(2017, 9, 16, 10, 0), "2017年9月16日"),
        (datetime(2017, 10, 31, 10, 0), "2017年10月31日"),
        (datetime(2026, 12, 6, 18, 0), "2017年\u3000\u3000月\u3000\u3000日"),
    ],
)
def test_the_monthly_notice_is_dated_the_day_it_goes_out_never_years_after_its_number(demo_file, printed, expected):
    """GB/T 9704-2012 7.3.5: 成文日期 … 年份应标全称; 7.2.4 发文字号 carries the year. A September 2017 notice
    (考办〔2017〕9号) goes out in September or October; printed again in 2026 it gets a blank to date by hand,
    not 2026年12月6日 beside 〔2017〕 (the same in the 版记's 印发日期)."""
    from dataclasses import replace

    with open_database(demo_file) as db:
        doc = replace(gather_month(db, YEAR, MONTH, today=printed.date()), printed_at=printed)
        renderer = DistrictNoticeRenderer(doc, notice_settings(db, YEAR, MONTH))
    assert renderer.document_date() == expected
    assert renderer.print_date() == expected
