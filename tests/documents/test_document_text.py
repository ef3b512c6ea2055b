"""Printed documents: the text of every PDF (pypdf) against the data it was made from and the engine's results."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.documents.ballots import DemocraticBallotRenderer, LeaderRatingSheetRenderer, RatingBallotRenderer
from app.documents.certificates import CertificateRenderer, certificates_one_each
from app.documents.data import YearDocuments, gather
from app.documents.export import DOCUMENTS, render_document
from app.documents.results import ResultsRenderer
from app.models.db import Database, open_database
from app.models.demo import DEMO_YEAR, build_demo_year
from app.scoring.results import UnitResult, YearResult


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, YearDocuments]]:
    db = open_database(tmp_path_factory.mktemp("print") / "demo.sqlite")
    build_demo_year(db)
    yield db, gather(db, DEMO_YEAR)
    db.close()


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(BytesIO(pdf)).pages]


def squeeze(text: str) -> str:
    """Extracted text without the spaces and breaks the extractor puts between glyph runs."""
    return re.sub(r"\s+", "", text)


def in_order(text: str, words: list[str]) -> bool:
    position = 0
    for word in words:
        found = text.find(word, position)
        if found < 0:
            return False
        position = found + len(word)
    return True


# --- ballots -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("form", "annex", "points", "total"), [("leaders", "附件4", "4", "20"), ("heads", "附件5", "2", "10")]
)
def test_rating_ballots_follow_the_seeds_form(demo, form: str, annex: str, points: str, total: str) -> None:
    """Seed, annex 4/5: 打分内容 大局观念 党建及干部队伍建设工作 党风廉政建设工作 业务工作 重点工作 小计;
    分值 4 4 4 4 4 20 (annex 5: 2 … 10); the units in the annex's order; 说明：…小计总分不能超过 20 分…"""
    _db, data = demo
    pdf = RatingBallotRenderer(data, form, copies=3).render()
    texts = [squeeze(t) for t in pages_text(pdf)]
    assert len(texts) == 3
    for serial, text in enumerate(texts, start=1):
        assert f"编号：{serial:03d}" in text
        assert annex in text
        assert in_order(
            text, ["打分内容", "大局观念", "党建及干部", "队伍建设工作", "党风廉政", "业务工作", "重点工作", "小计"]
        )
        assert f"分值{points}{points}{points}{points}{points}{total}" in text
        assert in_order(text, [u.short for u in data.scheme.units])
        assert f"小计总分不能超过{total}分" in text
        assert "每个科室的最后得分计分方法为取平均值" in text


def test_ballot_serials_continue_a_run(demo) -> None:
    """Serial = integer 1..N per form, as the keying screens expect; a second batch continues the numbering."""
    _db, data = demo
    texts = [squeeze(t) for t in pages_text(RatingBallotRenderer(data, "heads", copies=2, first_serial=26).render())]
    assert ["编号：026" in texts[0], "编号：027" in texts[1]] == [True, True]


def test_democratic_ballot_lists_every_cadre_by_unit_with_four_grades(demo) -> None:
    """Seed: 民主测评分为优秀、称职、基本称职、不称职四个等次 … 以无记名方式对考核对象进行等次测评."""
    _db, data = demo
    renderer = DemocraticBallotRenderer(data, copies=2)
    pdf = renderer.render()
    texts = [squeeze(t) for t in pages_text(pdf)]
    per_copy = renderer.page_count()
    assert len(texts) == 2 * per_copy
    for copy in range(2):
        pages = texts[copy * per_copy : (copy + 1) * per_copy]
        assert not any("编号" in page for page in pages)  # 无记名: no serial unless the office asks
        whole = "".join(pages)
        assert in_order(whole, [c.name for c in data.roster])
        assert whole.count("基本称职") >= per_copy * 2  # the header of every column
    assert "姓名" in texts[0] and "不称职" in texts[0]
    # no voter identity anywhere on the ballot
    assert "投票人" not in "".join(texts) and "签名" not in "".join(texts)


def test_leader_rating_sheet_lists_every_cadre_with_the_five_items(demo) -> None:
    """Seed: 领导评价（30 分）。测评内容包括德、能、勤、绩、廉五项，每项计 6 分."""
    _db, data = demo
    renderer = LeaderRatingSheetRenderer(data, copies=9)
    texts = [squeeze(t) for t in pages_text(renderer.render())]
    per_copy = renderer.page_count()
    assert len(texts) == 9 * per_copy
    last = "".join(texts[8 * per_copy :])
    assert "评分人编号：09" in last
    assert in_order(last, ["德", "能", "勤", "绩", "廉", "合计"])
    assert in_order(last, [c.name for c in data.roster])


# --- results -------------------------------------------------------------------------------------


def test_results_pdf_lists_every_unit_and_cadre_in_the_engines_order(demo) -> None:
    """Seed 三（二）3：考评办统计汇总…并根据汇总情况进行排序…报委党委审定."""
    _db, data = demo
    pdf = ResultsRenderer(data).render()
    reader = PdfReader(BytesIO(pdf))
    assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height  # A4 landscape
    texts = [squeeze(page.extract_text()) for page in reader.pages]
    whole = "".join(texts)
    assert f"{data.year}年度科室（单位）绩效考评结果" in texts[0]
    for group, units in data.units_by_group().items():
        expected = []
        for u in units:
            expected += [
                u.name,
                f"{u.common:.2f}",
                f"{u.business:.2f}",
                f"{u.leaders:.2f}",
                f"{u.heads:.2f}",
                f"{u.total:.2f}",
            ]
            expected += [u.prize] if u.prize else []
        assert in_order(whole, expected), group
    for pool, cadres in data.cadres_by_pool().items():
        assert in_order(whole, [x for c in cadres for x in (c.name, f"{c.total:.2f}")]), pool
    total = len(texts)
    for number, text in enumerate(texts, start=1):
        assert f"第{number}页共{total}页" in text
        assert "名次" in text  # the header row is repeated on every page
        assert data.fingerprint in text


def tie_and_veto_documents(data: YearDocuments) -> YearDocuments:
    """Group 1 with two units tied for the first place and one vetoed (hand-made engine output)."""

    def unit(name: str, total: str, rank: int, prize, grade, tie=False, veto=False) -> UnitResult:
        zero = Decimal(0)
        return UnitResult(
            name,
            name,
            1,
            Decimal(25),
            Decimal(total) - 25,
            zero,
            zero,
            zero,
            zero,
            Decimal(total),
            rank,
            grade,
            prize,
            False,
            veto,
            tie,
            False,
        )

    units = (
        unit("办公室", "90", 1, None, None, tie=True),
        unit("财务科", "90", 1, None, None, tie=True),
        unit("人事科", "85", 3, "二等奖", "良好"),
        unit("工业工会", "88", 4, None, "不合格", veto=True),
    )
    return replace(data, result=YearResult(data.year, units, ()))


def test_results_pdf_marks_ties_and_vetoes(demo) -> None:
    """Interchange rule 4: tied units whose places lead to different outcomes get no prize, the choice is the
    committee's; 一票否决 → 不合格 (seed 四（一）4)."""
    _db, data = demo
    text = squeeze("".join(pages_text(ResultsRenderer(tie_and_veto_documents(data)).render())))
    assert in_order(text, ["1（并列）", "办公室", "90.00", "待定", "总分并列，需党委审定", "1（并列）", "财务科"])
    assert in_order(text, ["工业工会", "88.00", "不合格", "一票否决"])


# --- certificates --------------------------------------------------------------------------------


def test_certificates_one_page_per_prize_unit_and_excellent_cadre(demo) -> None:
    """Seed 五（一）: 优秀、良好及突出贡献奖的科室（单位）以市经信委文件予以通报表彰; 干部 优秀等次 通报表彰."""
    _db, data = demo
    result = data.result
    expected = [u.name for p in ("一等奖", "二等奖") for u in result.units if u.prize == p]
    expected_special = [u.name for u in result.units if u.special_award]
    excellent = [c.name for c in result.cadres if c.grade == "优秀"]
    texts = [squeeze(t) for t in pages_text(CertificateRenderer(data).render())]
    assert len(texts) == len(expected) + len(expected_special) + len(excellent)
    names = [t.split("：")[0].removeprefix("奖状") for t in texts]
    assert sorted(names) == sorted([n for n in expected] + expected_special + [f"{n}同志" for n in excellent])
    for text in texts:
        assert "特发此状" in text and data.issuer_full in text  # 落款: the issuer's full name
        assert "数据指纹" not in text and "打印于" not in text  # handed out: no fingerprint, no print time
    prize_pages = [t for t in texts if "荣获一等奖" in t]
    assert len(prize_pages) == sum(1 for u in result.units if u.prize == "一等奖")


def test_certificates_one_file_per_recipient(demo) -> None:
    _db, data = demo
    files = certificates_one_each(data)
    assert len(files) == len(data.recipients())
    assert len({name for name, _ in files}) == len(files)
    first_name, first_pdf = files[0]
    assert data.recipients()[0].name in first_name
    assert len(PdfReader(BytesIO(first_pdf)).pages) == 1


# --- the whole set ------------------------------------------------------------------------------


@pytest.mark.parametrize("doc", list(DOCUMENTS))
def test_every_document_records_the_state_it_was_printed_from(demo, doc: str) -> None:
    _db, data = demo
    reader = PdfReader(BytesIO(render_document(data, doc)))
    assert data.fingerprint in (reader.metadata.subject or "")
    assert len(reader.pages) >= 1


def test_fingerprint_changes_with_the_data(demo, tmp_path: Path) -> None:
    _db, data = demo
    copy = open_database(tmp_path / "copy.sqlite")
    build_demo_year(copy)
    assert gather(copy, DEMO_YEAR).fingerprint == data.fingerprint
    with copy.atomic("测试", "test") as conn:
        conn.execute(
            "UPDATE item_scores SET score = '0' WHERE year = ? AND rowid = (SELECT min(rowid) FROM item_scores)",
            (DEMO_YEAR,),
        )
    assert gather(copy, DEMO_YEAR).fingerprint != data.fingerprint
    copy.close()
