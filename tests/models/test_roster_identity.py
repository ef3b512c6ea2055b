"""Review of the roster (干部名册) against the seed's 干部考核办法: people keep their 编号 from year to year (the
engine follows a person across years by 编号), and the roster workbook's odd spellings are read as the clerk meant.

Seed: 六、考评结果运用（一）1、被评定为优秀等次的…连续三年被评定为优秀等次的，记三等功一次;
五、等次评定（一）…不同职务层次优秀名额不得相互挤占，按比例进行评选;
三、（三）3、有下列情形的，本年度考核不予评为优秀等次：①因严重违法违纪行为受到处分的；②因工作严重失职….
"""

from __future__ import annotations

import pytest

from app.models.db import open_database
from app.models.loader import compute_results
from app.models.roster import CadreFields, earlier_roster, plan_import, save_cadre
from app.models.store import ensure_year, year_scheme
from app.workbooks.roster import read_roster_workbook
from tests.helpers.roster_years import HEADER, NAMES, import_year, sheet


@pytest.fixture
def db(tmp_path):
    database = open_database(tmp_path / "r.sqlite")
    yield database
    database.close()


def test_a_person_keeps_the_id_of_earlier_years_so_merits_follow_the_person(db) -> None:
    """连续三年被评定为优秀等次的，记三等功一次 — the engine looks a person up in earlier years by 编号. 张三 was
    优秀 in 2015 and 2016 as c001; in 2017 the sheet lists 李四 first and 李四 is 优秀. Before the fix 李四 got
    c001 (ids were handed out in sheet order each year) and inherited 张三's two years: a false 三等功."""
    first = import_year(db, 2015, NAMES, best="张三")
    second = import_year(db, 2016, NAMES, best="张三")
    reordered = ("李四", "张三", *NAMES[2:])
    third = import_year(db, 2017, reordered, best="李四")
    assert first == second == third  # same person, same 编号, whatever the order of the sheet
    result = compute_results(db, 2017)
    grades = {c.id: c.grade for c in result.cadres}
    assert grades[third["李四"]] == "优秀"
    assert [f for f in result.flags if f.kind == "third_class_merit"] == []


def test_three_years_for_the_same_person_still_earn_the_merit(db) -> None:
    """连续三年被评定为优秀等次的，记三等功一次 — 张三 best three years running, listed in a new place in 2017."""
    import_year(db, 2015, NAMES, best="张三")
    import_year(db, 2016, NAMES, best="张三")
    ids = import_year(db, 2017, tuple(reversed(NAMES)), best="张三")
    merits = [f.entity for f in compute_results(db, 2017).flags if f.kind == "third_class_merit"]
    assert merits == [ids["张三"]]


def test_a_newcomer_never_gets_the_id_of_someone_who_left(db) -> None:
    """A new person must not inherit a departed person's 优秀 years through a recycled 编号."""
    before = import_year(db, 2016, NAMES, best="张三")
    ensure_year(db, 2017)
    fields = [
        (2, CadreFields("新人", "办公室", "公务员", "科员")),
        (3, CadreFields("李四", "办公室", "公务员", "科员")),
    ]
    plan = plan_import(year_scheme(db, 2017), fields, [], earlier_roster(db, 2017))
    ids = {row.name: row.id for _, row, _ in plan.rows}
    assert ids["李四"] == before["李四"]
    assert ids["新人"] not in before.values()


def test_a_person_added_by_hand_keeps_the_earlier_id(db) -> None:
    """The same rule when the clerk adds the person on the form (新增人员) rather than by workbook."""
    before = import_year(db, 2016, NAMES, best="张三")
    ensure_year(db, 2017)
    scheme = year_scheme(db, 2017)
    with db.atomic("新增", "test") as conn:
        wang = save_cadre(db, conn, 2017, scheme, CadreFields("王五", "办公室", "公务员", "科员"), None)
        new = save_cadre(db, conn, 2017, scheme, CadreFields("新人", "办公室", "公务员", "科员"), None)
    assert wang.id == before["王五"]
    assert new.id not in before.values()


def test_a_person_who_moved_unit_is_found_by_a_unique_name(db) -> None:
    """调（转）任工作人员 — a person who moved to another unit keeps the 编号 when the name is unique."""
    before = import_year(db, 2016, NAMES, best="张三")
    ensure_year(db, 2017)
    fields = [(2, CadreFields("周九", "财务科", "公务员", "科员"))]
    plan = plan_import(year_scheme(db, 2017), fields, [], earlier_roster(db, 2017))
    assert [row.id for _, row, _ in plan.rows] == [before["周九"]]


# ---------------------------------------------------------------- the workbook as clerks fill it


def plan_of(db, path):
    ensure_year(db, 2017)
    return read_roster_workbook(path, year_scheme(db, 2017), [])


def test_none_written_in_the_barred_column_does_not_bar(db, tmp_path) -> None:
    """有下列情形的，本年度考核不予评为优秀等次 — a clerk who writes 无 / 否 / — in 不得评优原因 means "none".
    Before the fix the person was barred with the reason “无” and could never be 优秀."""
    rows = [
        ("", name, "办公室", "公务员", "科员", "否", mark)
        for name, mark in zip(NAMES, ("无", "否", "—", "-", "/", "", "严重失职"), strict=True)
    ]
    plan = plan_of(db, sheet(tmp_path / "b.xlsx", rows))
    assert not plan.problems
    assert [row.barred for _, row, _ in plan.rows] == [None] * 6 + ["严重失职"]


def test_none_typed_in_the_form_does_not_bar(db) -> None:
    """The same 无 typed on the roster form."""
    ensure_year(db, 2017)
    with db.atomic("新增", "test") as conn:
        row = save_cadre(
            db, conn, 2017, year_scheme(db, 2017), CadreFields("张三", "办公室", "公务员", "科员", barred="无"), None
        )
    assert row.barred is None


def test_a_space_inside_the_level_does_not_make_a_new_pool(db, tmp_path) -> None:
    """不同职务层次优秀名额不得相互挤占 — pools are (类别, 职务层次); “正 科” and “正科” are one level, not two pools
    (two pools of 3 would have no 优秀 place between them, where one pool of 7 has one)."""
    rows = [("", name, "办公室", "公务员", "正 科" if i % 2 else "正科", "否", "") for i, name in enumerate(NAMES)]
    plan = plan_of(db, sheet(tmp_path / "l.xlsx", rows))
    assert not plan.problems
    assert {row.level for _, row, _ in plan.rows} == {"正科"}


def test_full_width_letters_and_digits_are_read_as_half_width(db, tmp_path) -> None:
    """Chinese input methods type full-width ｃ００１ / Ｙ; they mean c001 / Y."""
    plan = plan_of(db, sheet(tmp_path / "f.xlsx", [("ｃ００１", "张三", "办公室", "公务员", "科员", "Ｙ", "")]))
    assert not plan.problems
    assert [(row.id, row.is_head) for _, row, _ in plan.rows] == [("c001", True)]


def test_a_title_row_above_the_header_is_skipped(db, tmp_path) -> None:
    """Offices put a title (2017年度干部名册) above the header: the header is found, row numbers stay the sheet's."""
    path = sheet(
        tmp_path / "t.xlsx",
        [("", "张三", "办公室", "公务员", "科员", "否", ""), ("", "", "办公室", "公务员", "科员", "否", "")],
        before=[("2017年度干部名册",)],
    )
    plan = plan_of(db, path)
    assert [n for n, _, _ in plan.rows] == [3]
    assert [p.message for p in plan.problems] == ["第4行：姓名不能为空。"]


def test_the_roster_sheet_is_found_behind_a_cover_sheet(db, tmp_path) -> None:
    """A workbook whose first sheet is a cover: the sheet with the roster header is read."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "封面"
    book.active.append(["市经信委2017年度干部名册"])
    roster = book.create_sheet("名册")
    roster.append(list(HEADER))
    roster.append(["", "张三", "办公室", "公务员", "科员", "否", ""])
    book.save(tmp_path / "c.xlsx")
    plan = plan_of(db, tmp_path / "c.xlsx")
    assert not plan.problems and [row.name for _, row, _ in plan.rows] == ["张三"]


def test_merged_unit_cells_are_explained(db, tmp_path) -> None:
    """A unit column merged over several people leaves the lower rows empty: the message says why."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "干部名册"
    book.active.append(list(HEADER))
    book.active.append(["", "张三", "办公室", "公务员", "科员", "否", ""])
    book.active.append(["", "李四", None, "公务员", "科员", "否", ""])
    book.active.merge_cells("C2:C3")
    book.save(tmp_path / "m.xlsx")
    plan = plan_of(db, tmp_path / "m.xlsx")
    assert len(plan.problems) == 1
    assert "第3行" in plan.problems[0].message and "合并单元格" in plan.problems[0].message


def test_a_year_file_with_two_heads_in_one_unit_is_refused_as_the_roster_page_refuses_it(db) -> None:
    """在本年度科室（单位）绩效考评中被评为一等奖的科室（单位），其科室（单位）主要负责人个人年度考核为优秀等次 — one
    主要负责人 per unit. The roster page and workbook refuse a second head; the year file accepted it (and both heads
    of a 一等奖 unit would have been 优秀). Now it is refused with its JSON path, nothing written."""
    from app.models.errors import ValidationError
    from app.models.yearfile.writing import import_year_file

    data = {
        "format": "appraisal-year/1",
        "year": 2017,
        "cadres": [
            {"id": "c1", "name": "甲", "unit": "办公室", "category": "civil_servant", "level": "正科", "is_head": True},
            {"id": "c2", "name": "乙", "unit": "办公室", "category": "civil_servant", "level": "正科", "is_head": True},
        ],
    }
    with pytest.raises(ValidationError) as caught:
        import_year_file(db, data)
    assert [(p.path, p.message) for p in caught.value.problems] == [
        ("$.cadres[1]", "“办公室”只能有一位主要负责人，现有 甲、乙。")
    ]
    assert db.query("SELECT COUNT(*) FROM cadres")[0][0] == 0
