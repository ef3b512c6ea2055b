"""Issue 16.4: the roster import never changes data silently. Each case gets a workbook (or CSV) made here.

Seed: 其余科室（单位）主要负责人按综合得分…评选 and 一等奖科室主要负责人为优秀 depend on the 主要负责人 flag, so a sheet
that does not name it must leave it alone; 连续三年被评定为优秀等次的，记三等功 follows a person by 编号, so a row must
not become a second person beside the same name in the same unit without the clerk's word.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from app.models.db import open_database
from app.models.errors import AppraisalError, ValidationError
from app.models.roster import apply_import
from app.models.store import CadreRow, ensure_year, read_cadres, upsert_cadre, year_scheme
from app.workbooks.roster import HEADERS, MAX_ROWS, read_roster_workbook
from app.workbooks.sources import MAX_UNCOMPRESSED
from tests.helpers.roster_years import sheet

YEAR = 2017
SAVE_AS = "文件 ▸ 另存为 ▸ Excel 工作簿(*.xlsx)"
UNITS = ("办公室", "财务科", "人事科", "轻工业科")
# 8 people: the first of each unit is its 主要负责人; c006 is barred.
ROSTER = [
    CadreRow(f"c{n:03d}", name, UNITS[(n - 1) % 4], "civil_servant", "科员", n <= 4, None, n - 1)
    for n, name in enumerate(("王建国", "李红", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "周杰"), start=1)
]
ROSTER[5] = CadreRow("c006", "杨帆", "财务科", "civil_servant", "科员", False, "因严重违法违纪行为受到处分", 5)


@pytest.fixture
def db(tmp_path):
    database = open_database(tmp_path / "r.sqlite")
    ensure_year(database, YEAR)
    with database.atomic("名册", "test") as conn:
        for cadre in ROSTER:
            upsert_cadre(conn, YEAR, cadre)
    yield database
    database.close()


def plan_of(db, path: Path):
    return read_roster_workbook(path, year_scheme(db, YEAR), read_cadres(db, YEAR))


def as_in_sheet(cadre: CadreRow, header: tuple[str, ...]) -> tuple:
    values = {
        "编号": cadre.id,
        "姓名": cadre.name,
        "科室": cadre.unit,
        "类别": "公务员",
        "职务层次": cadre.level,
        "主要负责人": "是" if cadre.is_head else "否",
        "不得评优原因": cadre.barred or "",
    }
    return tuple(values[h] for h in header)


def test_a_sheet_without_the_head_column_keeps_every_head(db, tmp_path) -> None:
    """The new user's roster without 主要负责人 (and 不得评优原因): before, every head was cleared with 0 problems."""
    header = ("姓名", "科室", "类别", "职务层次")
    path = sheet(tmp_path / "no-head.xlsx", [as_in_sheet(c, header) for c in ROSTER], header)
    plan = plan_of(db, path)
    assert plan.ok and plan.counts() == {"新增": 0, "更新": 0, "不变": 8}
    assert plan.heads_cleared == [] and plan.questions() == []
    assert plan.missing_columns == ("主要负责人", "不得评优原因")
    assert "表中没有“主要负责人”“不得评优原因”列" in plan.summary()
    with db.atomic("导入", "test") as conn:
        assert apply_import(conn, YEAR, plan) == 0
    assert read_cadres(db, YEAR) == ROSTER


def test_a_missing_column_keeps_the_field_of_a_changed_person(db, tmp_path) -> None:
    header = ("编号", "姓名", "科室", "类别", "职务层次")
    rows = [as_in_sheet(c, header) for c in ROSTER]
    rows[0] = ("c001", "王建国", "办公室", "公务员", "正科")  # a promotion: only the level changes
    plan = plan_of(db, sheet(tmp_path / "level.xlsx", rows, header))
    assert plan.ok and plan.counts() == {"新增": 0, "更新": 1, "不变": 7}
    [changed] = [row for _, row, action in plan.rows if action == "更新"]
    assert (changed.level, changed.is_head, changed.barred) == ("正科", True, None)
    [barred] = [row for _, row, _ in plan.rows if row.id == "c006"]
    assert barred.barred == "因严重违法违纪行为受到处分"


def test_clearing_heads_is_counted_and_asked(db, tmp_path) -> None:
    rows = [as_in_sheet(c, HEADERS) for c in ROSTER]
    rows[0] = (*rows[0][:5], "否", *rows[0][6:])
    rows[1] = (*rows[1][:5], "", *rows[1][6:])  # an empty cell in a column that is there means 否
    plan = plan_of(db, sheet(tmp_path / "heads.xlsx", rows))
    assert plan.ok
    assert [(n, c.id) for n, c in plan.heads_cleared] == [(2, "c001"), (3, "c002")]
    [question] = plan.questions()
    assert "将取消 2 位科室（单位）主要负责人：办公室的王建国（第2行）、财务科的李红（第3行）" in question
    assert "取消主要负责人 2 人" in plan.summary()


def test_numbered_rows_beside_the_same_people_are_conflicts_not_new_people(db, tmp_path) -> None:
    """A 编号 column holding 1…n (a 序号) beside the names of people on the roster: before, n new people."""
    rows = [(str(n), *as_in_sheet(c, HEADERS)[1:]) for n, c in enumerate(ROSTER, start=1)]
    plan = plan_of(db, sheet(tmp_path / "serial.xlsx", rows))
    assert not plan.ok
    assert plan.counts()["新增"] == 0
    assert len(plan.conflicts) == 8
    assert plan.conflicts[0].message == (
        "第2行：编号“1”不在名册中，但名册中已有办公室的王建国（编号 c001）。"
        "若是同一人，请把编号改为 c001 或留空；若“编号”列填的是序号，请删除该列后重新导入。"
    )
    assert "冲突 8 行" in plan.summary()
    with pytest.raises(ValidationError), db.atomic("导入", "test") as conn:
        apply_import(conn, YEAR, plan)
    assert read_cadres(db, YEAR) == ROSTER


def test_a_namesake_in_the_same_unit_is_counted_and_asked(db, tmp_path) -> None:
    """A second 张伟 in 人事科 with an 编号 of their own: a new person, but the clerk confirms it."""
    with db.atomic("名册", "test") as conn:
        upsert_cadre(conn, YEAR, CadreRow("c009", "张伟", "人事科", "civil_servant", "科员", False, None, 8))
    rows = [("x77", "张伟", "人事科", "公务员", "科员", "否", ""), ("", "新人", "人事科", "公务员", "科员", "否", "")]
    plan = plan_of(db, sheet(tmp_path / "namesake.xlsx", rows))
    assert plan.ok and plan.counts() == {"新增": 2, "更新": 0, "不变": 0}
    assert [(n, c.id, c.name) for n, c in plan.same_name] == [(2, "x77", "张伟")]
    assert "将新增与同科室已有人员同名的 1 人：人事科的张伟（第2行）" in plan.questions()[0]
    assert "同科室同名新增 1 人" in plan.summary()
    # Without an 编号 the row cannot say which of the two 张伟 it means.
    plan = plan_of(db, sheet(tmp_path / "which.xlsx", [("", "张伟", "人事科", "公务员", "副科", "否", "")]))
    assert not plan.ok and "名册中人事科有 2 位张伟（编号 c003、c009），请填写编号以区分。" in plan.conflicts[0].message


def test_two_rows_of_one_name_need_two_numbers(db, tmp_path) -> None:
    rows = [
        ("n1", "孙丽", "轻工业科", "公务员", "科员", "否", ""),
        ("n2", "孙丽", "轻工业科", "公务员", "科员", "否", ""),
    ]
    plan = plan_of(db, sheet(tmp_path / "twins.xlsx", rows))
    assert plan.ok and [c.id for _, c in plan.same_name] == ["n2"]
    rows[1] = ("", *rows[1][1:])
    plan = plan_of(db, sheet(tmp_path / "dup.xlsx", rows))
    assert [p.message for p in plan.problems] == ["第3行：“轻工业科”的“孙丽”与第2行重复。"]


# --- formats: CSV as WPS and Excel save it, .xls -------------------------------------------------------------

CSV_ROWS = [HEADERS, *(as_in_sheet(c, HEADERS) for c in ROSTER), ("", "王䶮", "轻工业科", "公务员", "科员", "否", "")]


def csv_text(delimiter: str = ",") -> str:
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(CSV_ROWS)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "encode"),
    [
        ("utf8-bom.csv", lambda: csv_text().encode("utf-8-sig")),  # Excel: CSV UTF-8 (逗号分隔)
        ("utf8.csv", lambda: csv_text().encode("utf-8")),
        (
            "gbk.csv",
            lambda: csv_text().encode("gbk", errors="strict").replace(b"?", b""),
        ),  # WPS / Excel on 中文 Windows
        ("unicode.txt", lambda: csv_text("\t").encode("utf-16")),  # Excel: Unicode 文本 (tab-separated, UTF-16)
    ],
)
def test_csv_as_saved_by_wps_and_excel(db, tmp_path, name, encode) -> None:
    if name == "gbk.csv":  # 䶮 is outside GBK (GB18030 has it): a GBK file cannot hold that row
        text = csv_text().replace("王䶮", "王岩")
        data = text.encode("gbk")
    else:
        data = encode()
    path = tmp_path / name
    path.write_bytes(data)
    plan = plan_of(db, path)
    assert plan.ok, [p.message for p in plan.problems]
    assert plan.counts() == {"新增": 1, "更新": 0, "不变": 8}
    [(_, new, _)] = [r for r in plan.rows if r[2] == "新增"]
    assert new.name == ("王岩" if name == "gbk.csv" else "王䶮")


def test_xls_is_read(db, tmp_path) -> None:
    xlwt = pytest.importorskip("xlwt", reason="xlwt writes the .xls test file")
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("干部名册")
    for r, row in enumerate(CSV_ROWS):
        for c, value in enumerate(row):
            # a number typed in 编号 reads as 12, not 12.0
            sheet.write(r, c, 12.0 if (r, c) == (len(CSV_ROWS) - 1, 0) else value)
    path = tmp_path / "roster.xls"
    book.save(str(path))
    plan = plan_of(db, path)
    assert plan.ok and plan.counts() == {"新增": 1, "更新": 0, "不变": 8}
    assert [row.id for _, row, action in plan.rows if action == "新增"] == ["12"]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("wps.et", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600),  # a compound file that is no .xls
        ("broken.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1garbage"),
        ("text.xlsx", "姓名,科室".encode()),
        ("broken.xlsx", b"PK\x03\x04 not really a zip"),
    ],
)
def test_unreadable_files_say_how_to_save_as_xlsx(db, tmp_path, name, content) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(AppraisalError) as caught:
        plan_of(db, path)
    assert name in str(caught.value)
    assert SAVE_AS in str(caught.value)


def test_other_kinds_of_file_are_named(db, tmp_path) -> None:
    path = tmp_path / "roster.pdf"
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(AppraisalError, match=r"只能导入 Excel 工作簿（.xlsx、.xls）或 CSV 文件"):
        plan_of(db, path)


# --- sizes -------------------------------------------------------------------------------------------------


def zip_bomb(path: Path, inflated: int) -> Path:
    """A workbook-shaped zip whose sheet inflates to `inflated` bytes of spaces (about 1000:1)."""
    chunk = b" " * (1024 * 1024)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            for _ in range(inflated // len(chunk)):
                member.write(chunk)
    return path


def test_a_zip_bomb_is_refused_before_it_is_read(db, tmp_path) -> None:
    import tracemalloc

    path = zip_bomb(tmp_path / "bomb.xlsx", MAX_UNCOMPRESSED + 16 * 1024 * 1024)
    assert path.stat().st_size < 1024 * 1024  # under a megabyte on disk
    tracemalloc.start()
    try:
        with pytest.raises(AppraisalError, match=r"bomb.xlsx 解压后有 80 MB（文件本身 \d+ KB），超过上限 64 MB"):
            plan_of(db, path)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * 1024 * 1024  # refused from the zip's directory, nothing inflated


def test_the_item_score_reader_has_the_same_guard(db, tmp_path) -> None:
    from app.workbooks.items import read_item_workbook

    path = zip_bomb(tmp_path / "items.xlsx", MAX_UNCOMPRESSED + 16 * 1024 * 1024)
    preview = read_item_workbook(db, YEAR, path)
    [error] = preview.errors
    assert (error.row, error.column) == (0, "文件")
    assert error.message.startswith("items.xlsx 解压后有 80 MB（文件本身 ")
    assert error.message.endswith("超过上限 64 MB：不像是一份名册或得分表，可能已损坏，未读取。")
    preview = read_item_workbook(db, YEAR, path.read_bytes())  # the reader also takes bytes
    assert preview.errors and "超过上限 64 MB" in preview.errors[0].message


def test_too_many_rows_are_refused(db, tmp_path) -> None:
    rows = [("", f"人{n}", "办公室", "公务员", "科员", "否", "") for n in range(MAX_ROWS)]
    with pytest.raises(AppraisalError, match=f"有效行超过 {MAX_ROWS} 行"):
        plan_of(db, sheet(tmp_path / "many.xlsx", rows))


def test_a_sheet_formatted_far_down_is_still_read(db, tmp_path) -> None:
    """Empty (styled) rows below the data do not count as rows."""
    from openpyxl import load_workbook
    from openpyxl.styles import Font

    path = sheet(tmp_path / "styled.xlsx", [as_in_sheet(c, HEADERS) for c in ROSTER])
    book = load_workbook(path)
    for row in range(20, 20000):
        book.active.cell(row=row, column=1).font = Font(bold=True)
    book.save(path)
    assert plan_of(db, path).counts() == {"新增": 0, "更新": 0, "不变": 8}


# --- invisible characters are refused at input -----------------------------------------------------------


def test_control_and_bidi_characters_are_refused(db, tmp_path) -> None:
    rows = [
        ("", "张\u202e三", "办公室", "公务员", "科员", "否", ""),
        ("", "李四", "办公室", "公务员", "科\u200b员", "否", ""),
    ]
    plan = plan_of(db, sheet(tmp_path / "rtl.xlsx", rows))
    assert [p.message for p in plan.problems] == [
        "第2行：姓名含有不可见的控制字符（第 2 个字符 U+202E），请删除后重新输入。",
        "第3行：职务层次含有不可见的控制字符（第 2 个字符 U+200B），请删除后重新输入。",
    ]
    path = tmp_path / "esc.csv"
    path.write_text("姓名,科室,类别,职务层次\n王\x1b五,办公室,公务员,科员\n", encoding="utf-8")
    plan = plan_of(db, path)
    assert [p.message for p in plan.problems] == [
        "第2行：姓名含有不可见的控制字符（第 2 个字符 U+001B），请删除后重新输入。"
    ]
