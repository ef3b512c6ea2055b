"""Editing the year's own scheme by keyboard: units (names, group, branch, head), items (title, points, rule text,
structured rules), group quotas, categories and settings — checked on the spot, saved in one transaction.

Seed (附件2/附件3): 业务工作 45 分、共性工作 25 分 for every unit; each unit's items are its own.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QTableView, QWidget

from app.models.db import Database, open_database
from app.models.demo import build_demo_year
from app.models.years import check_scheme_against_data, create_year_from, year_scheme_body
from app.ui.scheme.tables import RecordTableModel
from app.ui.shell.session import Session
from app.ui.years.page import YearsPage


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo 2017 year (with data) and an empty 2018 copied from it."""
    path = tmp_path_factory.mktemp("scheme") / "demo.sqlite"
    with open_database(path) as db:
        build_demo_year(db)
        with db.atomic("新建 2018 年度", "test") as conn:
            create_year_from(conn, db, 2018, copy_of=2017)
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture
def db(tmp_path: Path, template: Path) -> Iterator[Database]:
    path = tmp_path / "demo.sqlite"
    path.write_bytes(template.read_bytes())
    database = open_database(path)
    yield database
    database.close()


def open_page(qtbot, db: Database, year: int) -> YearsPage:
    session = Session(db)
    session.set_year(year)
    page = YearsPage(session)
    qtbot.addWidget(page)
    page.resize(1300, 850)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.tabs.setCurrentIndex(1)
    return page


@pytest.fixture
def page(qtbot, db: Database) -> YearsPage:
    return open_page(qtbot, db, 2018)


def type_chinese(widget: QWidget, text: str) -> None:
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def edit_cell(qtbot, view: QTableView, row: int, column: int, text: str) -> None:
    """F2 opens the cell's editor, Ctrl+A selects what is there, the clerk types, Enter commits."""
    view.setFocus()
    view.setCurrentIndex(view.model().index(row, column))
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    if text.isascii():
        qtbot.keyClicks(editor, text)
    else:
        type_chinese(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()  # the delegate commits on a queued call after Enter


def stored(db: Database, year: int) -> dict:
    return json.loads(db.query("SELECT scheme FROM years WHERE year = ?", (year,))[0][0])


def save(qtbot, page: YearsPage) -> None:
    page.editor.items.view.setFocus()
    qtbot.keyClick(page.editor.items.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def test_change_one_units_items_keeps_45_points_and_saves_in_one_change(qtbot, page: YearsPage, db: Database) -> None:
    """Seed: 业务工作（45分）— moving a point between two of 办公室's items; the sum is shown as it changes."""
    editor = page.editor
    editor.tabs.setCurrentIndex(1)
    editor.items.choose_unit("办公室")
    assert [r["id"] for r in editor.items.model.rows()][:2] == ["b01-01", "b01-02"]
    assert editor.items.sum_label.text() == "业务工作合计 45 分 / 应为 45 分"

    edit_cell(qtbot, editor.items.view, 0, 2, "4")
    assert editor.items.sum_label.text() == "业务工作合计 46 分 / 应为 45 分"
    assert "业务工作项目合计 46 分，应为 45 分" in page.check_label.text()
    edit_cell(qtbot, editor.items.view, 1, 2, "2")
    edit_cell(qtbot, editor.items.view, 0, 1, "办文审核工作")
    editor.items.view.setCurrentIndex(editor.items.model.index(0, 1))
    editor.items.text_edit.setFocus()
    editor.items.text_edit.selectAll()
    type_chinese(editor.items.text_edit, "审核公文无重大差错的记4分，每次重大差错扣0.2分。")
    edit_cell(qtbot, editor.items.rule_view, 0, 2, "0.3")
    assert editor.items.sum_label.text() == "业务工作合计 45 分 / 应为 45 分"
    assert page.check_label.text().startswith("方案检查通过")

    editor.title_edit.setFocus()
    editor.title_edit.selectAll()
    type_chinese(editor.title_edit, "市经信委2018年度科室（单位）绩效考评办法")

    changes_before = db.query("SELECT count(*) FROM changes")[0][0]
    save(qtbot, page)
    assert "已保存" in page.message.text()
    body = stored(db, 2018)
    office = {i["id"]: i for i in body["business_items"]["办公室"]}
    assert office["b01-01"]["max"] == 4 and office["b01-02"]["max"] == 2
    assert office["b01-01"]["title"] == "办文审核工作"
    assert office["b01-01"]["text"] == "审核公文无重大差错的记4分，每次重大差错扣0.2分。"
    assert office["b01-01"]["rules"][0]["points"] == 0.3
    assert body["title"] == "市经信委2018年度科室（单位）绩效考评办法"
    assert db.query("SELECT count(*) FROM changes")[0][0] == changes_before + 1
    scheme = page.session.scheme()
    assert scheme is not None and str(scheme.items_by_id["b01-01"].max) == "4"
    # Last year's scheme is as it was judged.
    assert {i["id"]: i["max"] for i in stored(db, 2017)["business_items"]["办公室"]}["b01-01"] == 3


@pytest.mark.parametrize(("typed", "message"), [("abc", "“abc”不是数字"), ("-1", "必须大于 0"), ("0", "必须大于 0")])
def test_bad_points_are_refused_on_the_spot(qtbot, page: YearsPage, typed: str, message: str) -> None:
    editor = page.editor
    editor.tabs.setCurrentIndex(1)
    editor.items.choose_unit("财务科")
    before = editor.items.model.rows()
    edit_cell(qtbot, editor.items.view, 0, 2, typed)
    assert message in page.message.text()
    assert "财务科第 1 行“分值”" in page.message.text()
    assert editor.items.model.rows() == before
    assert not page.dirty


def test_unit_names_must_be_unique(qtbot, page: YearsPage, db: Database) -> None:
    editor = page.editor
    edit_cell(qtbot, editor.units.view, 1, 0, "办公室")
    assert "“办公室”与其他行重复" in page.message.text()
    assert editor.units.model.rows()[1]["name"] == "综合与法规科"
    # A short name that is another unit's full name is caught by the check and refuses the save.
    edit_cell(qtbot, editor.units.view, 15, 1, "综合科")  # 财务科's short name = another unit's alias
    assert "名称“综合科”与其他科室重名" in page.check_label.text()
    before = stored(db, 2018)
    save(qtbot, page)
    assert "方案有错误，未保存" in page.message.text()
    assert stored(db, 2018) == before


def test_unit_head_branch_and_rename_are_saved(qtbot, page: YearsPage, db: Database) -> None:
    editor = page.editor
    edit_cell(qtbot, editor.units.view, 0, 4, "张明")  # 负责人
    edit_cell(qtbot, editor.units.view, 7, 1, "军工科")  # 简称
    edit_cell(qtbot, editor.units.view, 21, 2, "2")  # 无线电监测站 into 第二组 (by group number)
    edit_cell(qtbot, editor.units.view, 22, 2, "第九组")
    assert "“第九组”不是可选值" in page.message.text()
    edit_cell(qtbot, editor.units.view, 1, 0, "综合法规科（新）")  # renamed: keeps its items
    save(qtbot, page)
    body = stored(db, 2018)
    units = {u["name"]: u for u in body["units"]}
    assert units["办公室"]["head"] == "张明"
    assert units["军工发展与军民结合推进科"]["short"] == "军工科"
    assert units["无线电监测站"]["group"] == 2
    assert units["能源监测站"]["group"] == 3
    assert "综合与法规科" not in units
    assert body["business_items"]["综合法规科（新）"][0]["id"] == "b02-01"
    scheme = page.session.scheme()
    assert scheme is not None and scheme.resolve_unit("军工科") == "军工发展与军民结合推进科"


def test_points_not_summing_to_45_are_saved_only_when_confirmed(qtbot, page: YearsPage, db: Database, ask_mock) -> None:
    editor = page.editor
    editor.tabs.setCurrentIndex(1)
    editor.items.choose_unit("人事科")
    edit_cell(qtbot, editor.items.view, 0, 2, "9")
    ask_mock.no()
    before = stored(db, 2018)
    save(qtbot, page)
    assert "应为 45 分" in ask_mock.texts()[0]
    assert stored(db, 2018) == before and page.dirty
    ask_mock.yes()
    save(qtbot, page)
    assert stored(db, 2018) != before and not page.dirty


def test_removing_an_item_that_has_scores_is_refused(qtbot, db: Database, ask_mock) -> None:
    page = open_page(qtbot, db, 2017)  # the demo year has every item scored
    ask_mock.yes()  # the items no longer add up to 45: saved anyway
    editor = page.editor
    editor.tabs.setCurrentIndex(1)
    editor.items.choose_unit("办公室")
    editor.items.view.setCurrentIndex(editor.items.model.index(0, 1))
    qtbot.mouseClick(editor.items.remove_button, Qt.MouseButton.LeftButton)
    before = stored(db, 2017)
    assert page.dirty and editor.items.model.rowCount() == 9
    save(qtbot, page)
    assert "办公室已录入该项目得分，不能删除" in page.message.text()
    assert stored(db, 2017) == before


def test_add_item_with_a_rule(qtbot, page: YearsPage, db: Database, ask_mock) -> None:
    editor = page.editor
    editor.tabs.setCurrentIndex(1)
    editor.items.choose_unit("后勤服务中心")
    rows = editor.items.model.rowCount()
    qtbot.mouseClick(editor.items.add_button, Qt.MouseButton.LeftButton)
    edit_cell(qtbot, editor.items.view, rows, 1, "节能降耗工作")
    edit_cell(qtbot, editor.items.view, rows, 2, "2")
    qtbot.mouseClick(editor.items.add_rule_button, Qt.MouseButton.LeftButton)
    edit_cell(qtbot, editor.items.rule_view, 0, 2, "xyz")
    assert "不是数字" in page.message.text()
    edit_cell(qtbot, editor.items.rule_view, 0, 1, "未完成节能目标")
    edit_cell(qtbot, editor.items.rule_view, 0, 5, "支部所有科室")
    edit_cell(qtbot, editor.items.rule_view, 0, 4, "1")
    ask_mock.yes()  # 47 points: the clerk goes on
    save(qtbot, page)
    items = stored(db, 2018)["business_items"]["后勤服务中心"]
    added = items[-1]
    assert added["id"] == "b25-" + f"{rows + 1:02d}" and added["title"] == "节能降耗工作" and added["max"] == 2
    assert added["rules"] == [
        {"kind": "deduct", "label": "未完成节能目标", "points": 0.5, "per": "次", "cap": 1, "scope": "branch"}
    ]


def test_group_quotas_categories_criteria_and_settings(qtbot, page: YearsPage, db: Database) -> None:
    """Seed: 第一组一等奖1名、二等奖2名; 加分最高不超过10分; 公务员优秀比例15%."""
    editor = page.editor
    editor.tabs.setCurrentIndex(2)
    edit_cell(qtbot, editor.groups.view, 0, 2, "2")
    edit_cell(qtbot, editor.groups.view, 0, 3, "x")
    assert "不是整数" in page.message.text()
    editor.tabs.setCurrentIndex(3)
    edit_cell(qtbot, editor.categories.view, 1, 3, "3")  # media cap 2 → 3
    edit_cell(qtbot, editor.categories.view, 0, 4, "省、市特别重大奖励 8；市长批示 5")
    edit_cell(qtbot, editor.categories.view, 0, 4, "省级奖励")
    assert "应写成“情形 分值”" in page.message.text()
    editor.tabs.setCurrentIndex(4)
    edit_cell(qtbot, editor.criteria.view, 0, 1, "5")
    editor.tabs.setCurrentIndex(5)
    labels = [r["label"] for r in editor.settings.model.rows()]
    edit_cell(qtbot, editor.settings.view, labels.index("科室加分总上限"), 1, "12")
    edit_cell(qtbot, editor.settings.view, labels.index("公务员优秀比例"), 1, "0.2")
    edit_cell(qtbot, editor.settings.view, labels.index("干部称职最低分"), 1, "abc")
    assert "干部称职最低分" in page.message.text() and "不是数字" in page.message.text()
    save(qtbot, page)
    body = stored(db, 2018)
    assert body["groups"][0]["first_prize"] == 2
    media = body["unit_adjustments"]["categories"][1]
    assert media["id"] == "media" and media["cap"] == 3
    assert body["unit_adjustments"]["categories"][0]["options"][1] == {"label": "市长批示", "points": 5}
    assert body["criteria"]["leaders"]["items"][0]["max"] == 5 and body["criteria"]["leaders"]["max_total"] == 21
    assert body["unit_adjustments"]["caps"]["bonus"] == 12
    assert body["cadres"]["categories_of_staff"][0]["excellent_rate"] == 0.2
    scheme = page.session.scheme()
    assert scheme is not None and scheme.groups[1].first_prize == 2
    assert str(scheme.unit_adjustment_rules.bonus_cap) == "12"


def test_locked_year_scheme_is_read_only(qtbot, db: Database) -> None:
    with db.atomic("审定", "test") as conn:
        conn.execute("UPDATE years SET locked_at = '2018-02-01T10:00:00' WHERE year = 2018")
    page = open_page(qtbot, db, 2018)
    assert "已审定锁定" in page.scheme_title.text()
    editor = page.editor
    editor.units.view.setCurrentIndex(editor.units.model.index(0, 4))
    editor.units.view.setFocus()
    qtbot.keyClick(editor.units.view, Qt.Key.Key_F2)
    assert not isinstance(QApplication.focusWidget(), QLineEdit)  # no editor opens
    assert not page.save_button.isEnabled()


def test_record_model_passes_the_model_tester(qtmodeltester, page: YearsPage) -> None:
    model: RecordTableModel = page.editor.units.model
    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(page.editor.items.model, force_py=True)
    qtmodeltester.check(page.year_model, force_py=True)


def test_rules_and_branches_with_deduction_events_cannot_be_removed(db: Database) -> None:
    """Seed (附件2): 未落实的支部所有科室每项（次）扣0.5分 — an event keyed against a branch and a rule index."""
    with db.atomic("扣分事件", "test") as conn:
        conn.execute(
            "INSERT INTO item_events (year, item, rule, branch, count) VALUES (2018, 'common-01', '1', '机关第一党支部', '1')"
        )
    body = year_scheme_body(db, 2018)
    without_rule = json.loads(json.dumps(body))
    without_rule["common_items"][0]["rules"] = without_rule["common_items"][0]["rules"][:1]
    assert [p.message for p in check_scheme_against_data(db, 2018, without_rule)] == [
        "机关第一党支部已按第 2 条规则录入扣分事件，不能删除该规则"
    ]
    moved = json.loads(json.dumps(body))
    for unit in moved["units"]:
        if unit["branch"] == "机关第一党支部":
            unit["branch"] = "机关党支部"
    assert [str(p) for p in check_scheme_against_data(db, 2018, moved)] == [
        "党支部·机关第一党支部: 已有支部扣分事件，不能删除或改名"
    ]
    assert check_scheme_against_data(db, 2018, body) == []


def test_add_a_group_and_a_category_and_refuse_removing_used_ones(qtbot, db: Database) -> None:
    """Seed: 全委科室分为三组 … 加分项目 — groups and categories belong to the year's scheme."""
    page = open_page(qtbot, db, 2017)  # the demo year has unit adjustments in several categories
    editor = page.editor
    editor.tabs.setCurrentIndex(2)
    qtbot.mouseClick(editor.groups.add_button, Qt.MouseButton.LeftButton)
    edit_cell(qtbot, editor.groups.view, 3, 2, "1")
    edit_cell(qtbot, editor.units.view, 24, 2, "第四组")  # 后勤服务中心 into the new group
    editor.tabs.setCurrentIndex(3)
    qtbot.mouseClick(editor.categories.add_button, Qt.MouseButton.LeftButton)
    row = editor.categories.model.rowCount() - 1
    edit_cell(qtbot, editor.categories.view, row, 1, "安全生产先进")
    edit_cell(qtbot, editor.categories.view, row, 3, "2")
    save(qtbot, page)
    body = stored(db, 2017)
    assert body["groups"][3] == {"group": 4, "name": "第四组", "first_prize": 1, "second_prize": 0}
    assert next(u for u in body["units"] if u["name"] == "后勤服务中心")["group"] == 4
    added = body["unit_adjustments"]["categories"][-1]
    assert added["id"] == "unit-category-1" and added["name"] == "安全生产先进" and added["cap"] == 2
    # A category that events use cannot go; neither can a group that still has units.
    used = db.query("SELECT category FROM adjustments WHERE year = 2017 AND target_kind = 'unit' LIMIT 1")[0][0]
    ids = [c["id"] for c in editor.categories.model.rows()]
    editor.categories.view.setCurrentIndex(editor.categories.model.index(ids.index(used), 1))
    qtbot.mouseClick(editor.categories.remove_button, Qt.MouseButton.LeftButton)
    save(qtbot, page)
    assert "该类别已有加减分事项，不能删除" in page.message.text()
    page.revert()
    editor.tabs.setCurrentIndex(2)
    editor.groups.view.setCurrentIndex(editor.groups.model.index(3, 1))
    qtbot.mouseClick(editor.groups.remove_button, Qt.MouseButton.LeftButton)
    assert "组别 4 不在分组名额表中" in page.check_label.text()
    save(qtbot, page)
    assert "方案有错误，未保存" in page.message.text()
    assert stored(db, 2017)["groups"][3]["group"] == 4
