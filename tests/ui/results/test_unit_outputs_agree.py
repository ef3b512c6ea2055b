"""Every output of the units' results says the same thing as the engine (compute_results): the JSON of
`appraisal results --format json`, the 考评结果 page, the 加分与扣分 page, the printed ranking (PDF), the
results workbook, the certificates and the notice's lists — for the demo year and for a synthetic year
with a tie at a prize boundary, a vetoed first-placed unit and a unit with a missing item.

Seed (科室（单位）绩效考评办法 四、等次评定): “优秀等次（一等奖）：每组根据科室（单位）总数的 20% 的比例确定
（其中：1 组 1 名，2 组 2 名，3 组 1 名），按照考核得分从高分到低分的名次评定”；“良好等次（二等奖）……
（其中：1 组 2 名，2 组 3 名）”；“被‘一票否决’的，评定为不合格等次”；“设 1-2 个科室为突出业绩奖”.
Spec (interchange.md, How the numbers are computed, 4): “Tied units take consecutive places; where those
places would lead to different outcomes, the tied units get `prize` null, `grade` null and `tie` true”.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

import tests.helpers.full_year as full_year
from app.cli import main
from app.documents.data import gather
from app.documents.export import write_results_pdf
from app.documents.notice import NoticeRenderer
from app.documents.results import unit_rows
from app.models.db import Database, open_database
from app.models.demo import build_demo_year
from app.models.loader import compute_results
from app.models.store import set_item_score, set_special_award
from app.models.yearfile.reading import parse_year_file
from app.models.yearfile.writing import import_year_file
from app.scoring.results import UnitResult, YearResult
from app.ui.results.models import (
    U_BONUS,
    U_BUSINESS,
    U_COMMON,
    U_DEDUCTION,
    U_GRADE,
    U_HEADS,
    U_LEADERS,
    U_NAME,
    U_PRIZE,
    U_RANK,
    U_TOTAL,
    group_quota_text,
)
from app.ui.results.page import ResultsPage
from app.ui.shell.session import Session
from app.ui.unit_data.adjustments_page import unit_totals
from app.workbooks.results import write_results_workbook

YEAR = 2017
SPECIAL = "突出业绩奖"


def two(value: Decimal) -> str:
    return f"{value:.2f}"


def lower_business(db: Database, unit: str, by: Decimal) -> None:
    """Take `by` points off the unit's largest business item (all are at their max in full_year)."""
    scheme = full_year.scheme()
    item = max((i for i in scheme.items_for_unit(unit) if i.part == "business"), key=lambda i: i.max)
    assert item.max >= by
    with db.atomic("test: tie", "test") as conn:
        set_item_score(conn, YEAR, unit, item.id, item.max - by, "test")


def ordered(result: YearResult, group: int) -> list[UnitResult]:
    return sorted((u for u in result.units if u.group == group), key=lambda u: (-u.total, u.name))


def build_tricky_year(db: Database) -> None:
    """full_year, then: group 1's top two tie (一等奖 / 二等奖 boundary), group 2's first-placed unit vetoed and
    its 5th and 6th eligible units tie (二等奖 / nothing boundary), one group-3 item missing, a tied unit holds
    突出业绩奖."""
    import_year_file(db, parse_year_file(json.dumps(full_year.year_file(), ensure_ascii=False)))
    result = compute_results(db, YEAR)
    first, second = ordered(result, 1)[:2]
    lower_business(db, first.name, first.total - second.total)
    top2 = ordered(result, 2)[0]
    with db.atomic("test: veto", "test") as conn:
        conn.execute("INSERT INTO vetoes (year, unit, reason) VALUES (?, ?, ?)", (YEAR, top2.name, "测试：一票否决"))
    result = compute_results(db, YEAR)
    eligible = [u for u in ordered(result, 2) if not u.veto]
    fifth, sixth = eligible[4], eligible[5]
    lower_business(db, fifth.name, fifth.total - sixth.total)
    unit3 = ordered(result, 3)[-1].name
    item = full_year.scheme().items_for_unit(unit3)[-1]
    with db.atomic("test: missing", "test") as conn:
        conn.execute("DELETE FROM item_scores WHERE year = ? AND unit = ? AND item = ?", (YEAR, unit3, item.id))
        set_special_award(conn, YEAR, first.name, SPECIAL, "测试")


@pytest.fixture(scope="module", params=["demo", "tricky"])
def year_db(request, tmp_path_factory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp(request.param) / "year.sqlite"
    with open_database(path) as db:
        if request.param == "demo":
            build_demo_year(db)
        else:
            build_tricky_year(db)
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture
def db(year_db: Path, tmp_path: Path) -> Iterator[Database]:
    path = tmp_path / "copy.sqlite"
    path.write_bytes(year_db.read_bytes())
    database = open_database(path)
    yield database
    database.close()


def test_the_tricky_year_has_what_it_claims(tmp_path_factory) -> None:
    path = tmp_path_factory.mktemp("claims") / "year.sqlite"
    with open_database(path) as db:
        build_tricky_year(db)
        result = compute_results(db, YEAR)
    g1 = ordered(result, 1)
    assert g1[0].tie and g1[1].tie and g1[0].grade is None and g1[0].prize is None and g1[0].rank == g1[1].rank == 1
    assert g1[2].prize == "二等奖" and g1[3].prize is None  # the units after the tie are unaffected
    g2 = ordered(result, 2)
    assert g2[0].veto and g2[0].rank == 1 and g2[0].prize is None and g2[0].grade == "不合格"
    eligible = [u for u in g2 if not u.veto]
    assert [u.prize for u in eligible[:4]] == ["一等奖", "一等奖", "二等奖", "二等奖"]
    assert eligible[4].tie and eligible[5].tie and eligible[6].grade == "合格"
    assert any(u.incomplete and u.missing_items for u in result.units if u.group == 3)
    assert g1[0].special_award


def test_json_of_the_command_matches_the_engine(db: Database, capsys) -> None:
    result = compute_results(db, YEAR)
    assert main(["results", str(db.path), "--year", str(YEAR), "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    by_name = {u["name"]: u for u in payload["units"]}
    assert len(by_name) == len(result.units)
    for u in result.units:
        row = by_name[u.name]
        for part in ("common", "business", "leaders", "heads", "bonus", "deduction", "total"):
            assert Decimal(str(row[part])) == getattr(u, part), (u.name, part)
        assert (row["rank"], row["grade"], row["prize"], row["tie"], row["veto"]) == (
            u.rank,
            u.grade,
            u.prize,
            u.tie,
            u.veto,
        )
        assert (row["special_award"], row["incomplete"], row["group"]) == (u.special_award, u.incomplete, u.group)


def test_results_page_shows_the_engine_figures(qtbot, db: Database) -> None:
    session = Session(db)
    session.set_year(YEAR)
    page = ResultsPage(session)
    qtbot.addWidget(page)
    page.refresh()
    result = compute_results(db, YEAR)
    model = page.unit_model
    shown = {model.index(r, U_NAME).data(): r for r in range(model.rowCount())}
    assert len(shown) == len(result.units)
    columns = {
        U_COMMON: "common",
        U_BUSINESS: "business",
        U_LEADERS: "leaders",
        U_HEADS: "heads",
        U_BONUS: "bonus",
        U_DEDUCTION: "deduction",
        U_TOTAL: "total",
    }
    for u in result.units:
        row = shown[u.name]
        for column, part in columns.items():
            assert model.index(row, column).data() == two(getattr(u, part)), (u.name, part)
        assert model.index(row, U_RANK).data() == str(u.rank)
        awards = [a for a in (u.prize, SPECIAL if u.special_award else None) if a]
        assert model.index(row, U_PRIZE).data() == "、".join(awards)
        # A unit still being keyed shows 待定 (design: its grade is provisional); a tie shows 待定 too; a grade that
        # can still change (an incomplete unit in its group) is marked 暂定 (issue 12).
        expected_grade = grade_shown(u)
        assert model.index(row, U_GRADE).data() == expected_grade
    for rule in session.scheme().groups.values():
        members = [u for u in result.units if u.group == rule.group]
        text = group_quota_text(members, rule)
        first = sum(u.prize == "一等奖" for u in members)
        assert f"一等奖 {first}/{rule.first_prize} 名" in text
        assert first <= rule.first_prize and sum(u.prize == "二等奖" for u in members) <= rule.second_prize


def test_adjustments_page_totals_match_the_engine(qtbot, db: Database) -> None:
    session = Session(db)
    session.set_year(YEAR)
    lines = {line.name: line for line in unit_totals(session)}
    for u in compute_results(db, YEAR).units:
        line = lines[u.name]
        assert (line.bonus, line.deduction) == (u.bonus, u.deduction)


def prize_shown(u) -> str:
    """The 奖项 column of the 考评结果 page, which the print and the workbook repeat: prize, then 突出业绩奖."""
    prize = f"{u.prize or '未获奖'}（党委审定）" if u.decided else u.prize
    return "、".join(a for a in (prize, "突出业绩奖" if u.special_award else None) if a)


def grade_shown(u) -> str:
    """待定 while the unit's data is incomplete, as on the screen; 暂定 while its grade can still change."""
    return "待定" if u.incomplete or u.grade is None else u.grade + ("（暂定）" if u.provisional else "")


def test_printed_ranking_rows_match_the_engine(db: Database) -> None:
    data = gather(db, YEAR)
    result = compute_results(db, YEAR)
    by_name = {u.name: u for u in result.units}
    for group, units in data.units_by_group().items():
        assert [u.rank for u in units] == sorted(u.rank for u in units)  # printed in rank order
        for row in unit_rows(units):
            u = by_name[row[1]]
            assert row[0].split("（")[0] == str(u.rank) and row[2:9] == tuple(
                two(v) for v in (u.common, u.business, u.leaders, u.heads, u.bonus, u.deduction, u.total)
            )
            assert row[9] == prize_shown(u) and row[10] == grade_shown(u) and u.group == group


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext not installed")
def test_printed_ranking_pdf_text_carries_every_total(db: Database, tmp_path: Path) -> None:
    out = tmp_path / "results.pdf"
    write_results_pdf(db, YEAR, str(out))
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, check=True, text=True).stdout
    for u in compute_results(db, YEAR).units:
        figures = [two(v) for v in (u.common, u.business, u.leaders, u.heads, u.bonus, u.deduction, u.total)]
        # a wrapped name may sit on the line above or below; the figures stay on one line, in column order
        rows = text.splitlines()
        lines = [i for i, line in enumerate(rows) if " ".join(figures) in " ".join(line.split())]
        assert lines, u.name
        # the 奖项 cell may wrap (一等奖、突出业绩奖 over two lines, other columns between the pieces): read the
        # row's line with the lines around it, each shown word's characters in order
        cells = ["".join("".join(rows[j].split()) for j in range(i - 1, i + 2)) for i in lines]
        words = [w for w in prize_shown(u).split("、") if w] + [grade_shown(u)]
        assert any(all(re.search(".*".join(map(re.escape, w)), cell) for w in words) for cell in cells), u.name


def test_results_workbook_matches_the_engine(db: Database, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "results.xlsx"
    write_results_workbook(db, YEAR, str(out))
    workbook = load_workbook(out)
    result = compute_results(db, YEAR)
    seen = {}
    for rule in gather(db, YEAR).scheme.groups.values():
        ws = workbook[rule.name]
        for row in ws.iter_rows(min_row=3, values_only=True):  # row 1 the title, row 2 the heads
            if row[1] is None:
                continue
            seen[row[1]] = row
    assert set(seen) == {u.name for u in result.units}
    for u in result.units:
        row = seen[u.name]
        assert row[0] == u.rank
        assert [Decimal(str(v)) for v in row[2:9]] == [
            u.common,
            u.business,
            u.leaders,
            u.heads,
            u.bonus,
            u.deduction,
            u.total,
        ]
        assert (row[9] or "") == prize_shown(u) and row[10] == grade_shown(u)


def test_certificates_and_notice_list_exactly_the_prized_units(db: Database) -> None:
    data = gather(db, YEAR)
    result = compute_results(db, YEAR)
    units = [(r.name, r.award) for r in data.recipients() if r.kind == "unit"]
    expected = [(u.name, u.prize) for u in result.units if u.prize] + [
        (u.name, SPECIAL) for u in result.units if u.special_award
    ]
    assert sorted(units) == sorted(expected)
    assert all(u.grade != "不合格" and not u.veto for u in result.units if u.prize or u.special_award)
    flows = [f.text for f in NoticeRenderer(data).content()]
    listed: dict[str, set[str]] = {"一等奖": set(), "二等奖": set()}
    heading = None
    for text in flows:
        for prize in listed:
            if text.endswith(f"{prize}（{'优秀' if prize == '一等奖' else '良好'}等次）科室（单位）"):
                heading = prize
                break
        else:
            if heading and "：" in text and text.startswith("第"):
                listed[heading].update(text.split("：", 1)[1].split("、"))
            elif heading and not text.startswith("第"):
                heading = None
    marked = {u.name for u in result.units if u.provisional}
    for prize, names in listed.items():
        # a provisional prize is printed marked （暂定）, every other name as it is
        assert {n.removesuffix("（暂定）") for n in names} == {u.name for u in result.units if u.prize == prize}, prize
        assert all(n.endswith("（暂定）") == (n.removesuffix("（暂定）") in marked) for n in names), prize
