"""The roster workbook and its checks (no GUI): every wrong row reported in Chinese with its row number.

Seed: 公务员年度考核优秀等次人数比例 … 事业单位 … 不同职务层次优秀名额不得相互挤占 — so every person needs a
known unit, a category of 公务员/事业单位 and a 职务层次; 其余科室（单位）主要负责人按综合得分…评选 — one head per unit.
"""

from __future__ import annotations

import pytest

from app.models.db import open_database
from app.models.errors import AppraisalError, ValidationError
from app.models.roster import CadreFields, apply_import, plan_import, save_cadre
from app.models.store import CadreRow, ensure_year, read_cadres
from app.workbooks.roster import read_roster_workbook, write_roster_template
from tests.helpers.roster_years import sheet

YEAR = 2017


@pytest.fixture
def db(tmp_path):
    database = open_database(tmp_path / "r.sqlite")
    ensure_year(database, YEAR)
    yield database
    database.close()


def scheme(db):
    from app.models.store import year_scheme

    return year_scheme(db, YEAR)


def test_every_bad_row_is_listed_with_its_number(db, tmp_path) -> None:
    path = sheet(
        tmp_path / "a.xlsx",
        [
            ("", "周杰", "财务科", "公务员", "科员", "否", ""),
            ("", "", "财务科", "公务员", "科员", "否", ""),
            ("", "吴芳", "XX科", "公务员", "科员", "否", ""),
            ("", "郑雨", "人事科", "公务员", "", "否", ""),
            ("", "钱多", "人事科", "公务员", "科员", "也许", ""),
            ("", "周杰", "财务科", "公务员", "科员", "否", ""),
        ],
    )
    plan = read_roster_workbook(path, scheme(db), [])
    messages = [p.message for p in plan.problems]
    assert messages == [
        "第3行：姓名不能为空。",
        "第4行：单位“XX科”不存在（本年度方案中没有这个科室）。",
        "第5行：职务层次不能为空（如 正科、副科、科员、管理岗、专技岗）。",
        "第6行：“主要负责人”应填“是”或“否”，不是“也许”。",
        "第7行：“财务科”的“周杰”与第2行重复。",
    ]
    assert not plan.ok
    with pytest.raises(ValidationError), db.atomic("导入", "test") as conn:
        apply_import(conn, YEAR, plan)
    assert read_cadres(db, YEAR) == []


def test_short_names_numbers_and_two_heads(db, tmp_path) -> None:
    path = sheet(
        tmp_path / "b.xlsx",
        [
            ("", "甲", "民爆科", "公务员", "正科", "是", ""),
            ("", "乙", "民用爆炸物品管理与安全生产科", "公务员", "副科", "是", ""),
        ],
    )
    plan = read_roster_workbook(path, scheme(db), [])
    assert [p.message for p in plan.problems] == [
        "第3行：“民用爆炸物品管理与安全生产科”只能有一位主要负责人，现有 甲、乙。"
    ]


def test_missing_header_and_not_a_workbook(db, tmp_path) -> None:
    with pytest.raises(AppraisalError, match="第1行表头缺少：科室"):
        read_roster_workbook(sheet(tmp_path / "c.xlsx", [], header=("姓名", "类别", "职务层次")), scheme(db), [])
    junk = tmp_path / "d.xlsx"
    junk.write_text("not a workbook", encoding="utf-8")
    with pytest.raises(AppraisalError, match="不是 Excel 工作簿"):
        read_roster_workbook(junk, scheme(db), [])


def test_template_lists_the_roster_and_reads_back(db, tmp_path) -> None:
    with db.atomic("名册", "test") as conn:
        save_cadre(db, conn, YEAR, scheme(db), CadreFields("王建国", "办公室", "公务员", "正科", True), None)
        save_cadre(
            db,
            conn,
            YEAR,
            scheme(db),
            CadreFields(
                "李红", "后勤服务中心", "事业单位", "管理岗", "否", "因工作严重失职造成重大事故、不良影响和后果"
            ),
            None,
        )
    roster = read_cadres(db, YEAR)
    path = tmp_path / "t.xlsx"
    write_roster_template(path, scheme(db), roster)
    plan = read_roster_workbook(path, scheme(db), roster)
    assert plan.ok and plan.counts() == {"新增": 0, "更新": 0, "不变": 2}
    assert [row for _, row, _ in plan.rows] == roster


def test_match_by_name_and_unit_keeps_the_id(db) -> None:
    roster = [CadreRow("c007", "王建国", "办公室", "civil_servant", "副科", False, None, 3)]
    plan = plan_import(scheme(db), [(2, CadreFields("王建国", "办公室", "公务员", "正科", "是"))], roster)
    [(_, row, action)] = plan.rows
    assert (row.id, row.level, row.is_head, row.position, action) == ("c007", "正科", True, 3, "更新")
