"""Excel: the results workbook (a sheet per group, cadres per pool, raw ballots, adjustments) and the
item-score workbook that imports back with a preview and per-row errors, nothing written on error."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.documents.data import gather
from app.models.db import Database, open_database
from app.models.demo import DEMO_YEAR, build_demo_year
from app.models.loader import compute_results
from app.workbooks.items import (
    HEADER,
    SHEET,
    import_item_workbook,
    item_template_bytes,
    read_item_workbook,
)
from app.workbooks.results import results_workbook_bytes


@pytest.fixture
def demo(tmp_path: Path) -> Database:
    db = open_database(tmp_path / "demo.sqlite")
    build_demo_year(db)
    yield db
    db.close()


def snapshot(db: Database) -> tuple:
    return (
        [tuple(r) for r in db.query("SELECT * FROM item_scores ORDER BY unit, item")],
        db.query("SELECT count(*) FROM audit_log")[0][0],
    )


def test_results_workbook_has_a_sheet_per_group_and_pool_with_the_engines_numbers(demo: Database) -> None:
    data = gather(demo, DEMO_YEAR)
    workbook = load_workbook(BytesIO(results_workbook_bytes(demo, data)))
    for rule in data.scheme.groups.values():
        sheet = workbook[rule.name]
        title = next(sheet.iter_rows(max_row=1, values_only=True))[0]
        assert title == f"{DEMO_YEAR}年度科室（单位）绩效考评结果　{rule.name}"  # the year and the document
        rows = list(sheet.iter_rows(min_row=3, values_only=True))
        units = data.units_by_group()[rule.group]
        assert [r[1] for r in rows] == [u.name for u in units]
        assert [Decimal(str(r[8])) for r in rows] == [u.total for u in units]
        assert [(r[9] or "").split("、")[0] or None for r in rows] == [
            u.prize or ("突出业绩奖" if u.special_award else None) for u in units
        ]
        assert sheet.print_title_rows == "$2:$2" and sheet.freeze_panes == "A3"
        assert sheet["B3"].font.name == "宋体" and sheet["A2"].font.name == "宋体"  # not Calibri
    pools = [name for name in workbook.sheetnames if name.startswith("干部-")]
    assert len(pools) == len(data.result.pools)
    cadre_rows = sum(len(list(workbook[name].iter_rows(min_row=3))) for name in pools)
    assert cadre_rows == len(data.result.cadres)
    for name in ("项目得分", "单位评分票", "民主测评票", "领导评价", "加减分"):
        assert workbook[name].max_row > 2, name
    democratic = demo.query("SELECT count(*) FROM democratic_ballots WHERE year = ? AND pass = 1", (DEMO_YEAR,))[0][0]
    sheet = workbook["民主测评票"]
    header = next(sheet.iter_rows(min_row=2, max_row=2, values_only=True))
    assert sum(1 for h in header if str(h).startswith("第")) == democratic
    rows = {r[0]: r for r in sheet.iter_rows(min_row=3, values_only=True)}
    assert list(rows) == [c.id for c in data.roster]
    for cadre in data.result.cadres:  # the counts give the engine's democratic score
        a, b, c, d = rows[cadre.id][3:7]
        if a + b + c + d:
            score = (Decimal(70 * a + 65 * b + 60 * c + 55 * d) / (a + b + c + d)).quantize(
                Decimal("0.01"), ROUND_HALF_UP
            )
            assert score == cadre.democratic, cadre.name


def test_an_exported_workbook_reimports_to_the_same_data(demo: Database) -> None:
    """The item scores of the results workbook import back: nothing changes, nothing is written."""
    before = snapshot(demo)
    results = compute_results(demo, DEMO_YEAR)
    content = results_workbook_bytes(demo, gather(demo, DEMO_YEAR))
    preview = import_item_workbook(demo, DEMO_YEAR, content)
    assert preview.ok and preview.changes == () and preview.unchanged > 300
    assert snapshot(demo) == before
    assert compute_results(demo, DEMO_YEAR) == results


def edited(template: bytes, edits: dict[tuple[int, int], object]) -> bytes:
    workbook = load_workbook(BytesIO(template))
    sheet = workbook[SHEET]
    for (row, col), value in edits.items():
        sheet.cell(row=row, column=col, value=value)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_changed_score_is_previewed_then_written_in_one_audited_change(demo: Database) -> None:
    template = item_template_bytes(demo, DEMO_YEAR)
    first = next(iter(load_workbook(BytesIO(template))[SHEET].iter_rows(min_row=3, max_row=3, values_only=True)))
    unit, item = first[1], first[0]
    content = edited(template, {(3, 6): "1.5", (3, 7): "抽查发现问题"})
    before = snapshot(demo)
    preview = read_item_workbook(demo, DEMO_YEAR, content)
    assert preview.ok and len(preview.changes) == 1
    change = preview.changes[0]
    assert (change.row, change.unit, change.item, change.new) == (3, unit, item, Decimal("1.5"))
    assert snapshot(demo) == before  # the preview writes nothing
    import_item_workbook(demo, DEMO_YEAR, content, "test.xlsx")
    row = demo.query(
        "SELECT score, note FROM item_scores WHERE year = ? AND unit = ? AND item = ?", (DEMO_YEAR, unit, item)
    )
    assert (row[0]["score"], row[0]["note"]) == ("1.5", "抽查发现问题")
    reasons = demo.query("SELECT DISTINCT reason, source FROM audit_log WHERE id > ?", (before[1],))
    assert [tuple(r) for r in reasons] == [("从 Excel 导入项目得分", "import:test.xlsx")]


def test_every_bad_row_is_reported_and_nothing_is_written(demo: Database) -> None:
    """Interchange: a score above the item's points is an error unless the rule adds points; bad input of any
    kind → a clear message saying what and where, and nothing written."""
    template = item_template_bytes(demo, DEMO_YEAR)
    content = edited(
        template,
        {
            (3, 6): "2.5",  # fine on its own (row 1 is the title, row 2 the heads)
            (4, 6): "多",  # not a number
            (5, 6): 99,  # above the item's points
            (6, 6): -1,  # negative
            (7, 1): "no-such-item",  # unknown item
            (8, 2): "不存在科",  # unknown unit
        },
    )
    before = snapshot(demo)
    preview = import_item_workbook(demo, DEMO_YEAR, content)
    assert not preview.ok
    assert [(e.row, e.column) for e in preview.errors] == [
        (4, "得分"),
        (5, "得分"),
        (6, "得分"),
        (7, "项目编号"),
        (8, "科室（单位）"),
    ]
    assert "不是数字" in str(preview.errors[0]) and "第 4 行" in str(preview.errors[0])
    assert "超过该项分值" in preview.errors[1].message
    assert snapshot(demo) == before


def test_duplicate_rows_and_wrong_files_are_refused(demo: Database, tmp_path: Path) -> None:
    template = item_template_bytes(demo, DEMO_YEAR)
    sheet_rows = list(load_workbook(BytesIO(template))[SHEET].iter_rows(min_row=3, max_row=3, values_only=True))
    duplicate = edited(template, {(400, col + 1): value for col, value in enumerate(sheet_rows[0])})
    preview = read_item_workbook(demo, DEMO_YEAR, duplicate)
    assert [(e.row, e.column) for e in preview.errors] == [(400, "项目编号")] and "第 3 行" in preview.errors[0].message
    bad = tmp_path / "not.xlsx"
    bad.write_text("hello", encoding="utf-8")
    assert "无法读取" in str(read_item_workbook(demo, DEMO_YEAR, bad).errors[0])
    header = edited(template, {(2, 1): "编号"})
    assert "表头应为" in read_item_workbook(demo, DEMO_YEAR, header).errors[0].message
    assert HEADER[0] == "项目编号"
