"""Issue 3 acceptance: a fresh user, from the README's "A year, step by step" alone, creates 2018 from 2017,
changes one unit's items, scores every unit and sees the ranking.

The window is the real `MainWindow` on a copy of the demo file. Every step is a keystroke sent to whatever
widget has the keyboard focus at that moment (`QApplication.focusWidget()`), exactly the keys the README
names; Chinese text comes in as an input method's commit string. Nothing is clicked and no slot is called.

Seed (000, 三、考评方式): “定量考核方法（基础分 70 分，其中共性工作任务 25 分，业务工作任务 45 分）”;
“共性工作和业务工作任务考核，由绩效考核办根据每项工作目标完成情况，按照相应评分细则（附件 2、3）对应分值计分”;
“定性考核方法（30 分，其中委领导评分占 20 分，科室（单位）主要负责人评分占 10 分）”;
“考评办统计汇总各科室共性工作任务、业务工作任务、定性考核、加减分项得分，并根据汇总情况进行排序”.
Each year keeps its own copy of the scheme, so editing 2018 leaves 2017's scheme and results as judged.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QWidget

from app.models.db import Database, open_database
from app.models.loader import compute_results
from app.models.store import year_scheme
from app.scoring.results import YearResult
from app.ui.keying.rating_page import RatingKeyingPage
from app.ui.results.models import U_GRADE, U_NAME, U_RANK, U_TOTAL
from app.ui.results.page import ResultsPage
from app.ui.shell.main_window import MainWindow
from app.ui.unit_data.scoring_models import ScoringItemsModel, ScoringUnitsModel
from app.ui.unit_data.scoring_page import ScoringPage
from app.ui.years.page import YearsPage
from tests.helpers.windows import open_window

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
NEW_ITEM = "信息公开工作"
HAND_TYPED = {"办公室", "民用爆炸物品管理与安全生产科"}  # every item typed
EVENT_KEYED = "后勤服务中心"  # one deduction event, then Ctrl+M; every other unit: one typed score, then Ctrl+M


@pytest.fixture
def db(demo_path: Path) -> Iterator[Database]:
    database = open_database(demo_path)
    yield database
    database.close()


# --- the clerk's hands: keys go to the focused widget, never to a widget picked by the test ----------------


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "no widget has the keyboard focus"
    return widget


def press(qtbot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(focused(), key, modifier)


def type_ascii(qtbot, text: str) -> None:
    qtbot.keyClicks(focused(), text)


def type_chinese(text: str) -> None:
    """What a pinyin input method does (qtbot.keyClicks cannot send CJK): a composition is shown while the
    clerk types the pinyin (pre-edit), then the characters she picks are committed."""
    QApplication.sendEvent(focused(), QInputMethodEvent("pinyin", []))
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(focused(), event)


def type_cell(qtbot, view: QAbstractItemView, text: str) -> None:
    """In a table with the cursor on a cell: typing opens the editor, Enter commits (the delegate's queued call)."""
    assert focused() is view, f"the cursor is not in the table but in {type(focused()).__name__}"
    if text.isascii():
        for character in text:  # the first key opens the editor, which then has the focus
            type_ascii(qtbot, character)
    else:
        type_chinese(text)
    assert isinstance(focused(), QLineEdit), "typing did not open the cell's editor"
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)


YEAR_TABLES = ("item_scores", "item_events", "rating_ballots", "democratic_ballots", "leader_ratings", "adjustments")


def state_of_2017(db: Database) -> tuple[object, ...]:
    """2017's scheme and how many rows each of its data tables holds."""
    counts = tuple(db.query(f"SELECT count(*) FROM {table} WHERE year = 2017")[0][0] for table in YEAR_TABLES)
    return (db.query("SELECT scheme FROM years WHERE year = 2017")[0][0], *counts)


def page_order(result: YearResult, group: int) -> list[tuple[str, int]]:
    members = [u for u in result.units if u.group == group]
    order = {u.name: i for i, u in enumerate(result.units)}
    return [(u.name, u.rank) for u in sorted(members, key=lambda u: (u.rank, order[u.name]))]


# --- the walk-through -------------------------------------------------------------------------------------


def test_a_fresh_user_follows_the_readme_from_2017_to_the_2018_ranking(qtbot, db: Database) -> None:
    before_2017 = compute_results(db, 2017)
    state_2017 = state_of_2017(db)
    window = open_window(qtbot, db)
    # "the window opens on the demo year 2017"
    assert window.year_combo.currentText() == "2017 年度（示例）"

    create_2018(qtbot, window)
    change_one_units_items(qtbot, window, db)
    score_every_unit(qtbot, window, db)
    key_rating_ballots(qtbot, window, db)
    see_the_ranking(qtbot, window, db)

    # 2017, as it was judged, is untouched by everything done to 2018.
    assert compute_results(db, 2017) == before_2017
    assert state_of_2017(db) == state_2017


def create_2018(qtbot, window: MainWindow) -> None:
    """README 1: 年度与方案 (last but one in the navigation list) ▸ tab 年度; Alt+R, Enter."""
    press(qtbot, Qt.Key.Key_Tab)  # from the year selector into the navigation list
    assert focused() is window.navigation
    press(qtbot, Qt.Key.Key_End)
    press(qtbot, Qt.Key.Key_Up)  # last but one
    page = window.current_page()
    assert isinstance(page, YearsPage) and page.tabs.currentIndex() == 0
    press(qtbot, Qt.Key.Key_R, ALT)
    assert focused() is page.new_year_edit and page.new_year_edit.text() == "2018"
    assert page.source_combo.currentText() == "复制 2017 年度的方案（不含数据）"
    press(qtbot, Qt.Key.Key_Return)
    assert window.year_combo.currentText() == "2018 年度"
    assert "已新建 2018 年度" in page.message.text()
    # "Alt+Y, then ↑/↓, switches years at any time" — on this page too.
    press(qtbot, Qt.Key.Key_Y, ALT)
    assert focused() is window.year_combo
    press(qtbot, Qt.Key.Key_Up)
    assert window.session.year == 2017 and "2017 年度考评方案" in page.scheme_title.text()
    press(qtbot, Qt.Key.Key_Down)
    assert window.session.year == 2018 and "2018 年度考评方案" in page.scheme_title.text()


def change_one_units_items(qtbot, window: MainWindow, db: Database) -> None:
    """README 2: tab 本年度方案 ▸ 考评项目; Alt+U picks 办公室; add an item (Alt+N), lower another; Ctrl+S."""
    page = window.current_page()
    assert isinstance(page, YearsPage)
    editor = page.editor
    press(qtbot, Qt.Key.Key_S, ALT)
    press(qtbot, Qt.Key.Key_2, ALT)
    assert page.tabs.currentIndex() == 1 and editor.tabs.currentIndex() == 1
    press(qtbot, Qt.Key.Key_U, ALT)
    assert focused() is editor.items.unit_picker and editor.items.unit_picker.currentText() == "共性工作（各科室通用）"
    press(qtbot, Qt.Key.Key_Down)
    assert editor.items.unit_picker.currentText() == "办公室（业务工作）"
    assert editor.items.sum_label.text() == "业务工作合计 45 分 / 应为 45 分"
    rows_before = editor.items.model.rowCount()

    press(qtbot, Qt.Key.Key_N, ALT)  # 添加项目: the cursor lands on the new item's title
    qtbot.waitUntil(lambda: editor.items.model.rowCount() == rows_before + 1)
    view = editor.items.view
    assert focused() is view and (view.currentIndex().row(), view.currentIndex().column()) == (rows_before, 1)
    type_cell(qtbot, view, NEW_ITEM)
    press(qtbot, Qt.Key.Key_Right)  # 分值
    type_cell(qtbot, view, "2")
    assert "业务工作合计 47 分" in editor.items.sum_label.text()  # two points too many: red
    assert "#b00000" in editor.items.sum_label.styleSheet()
    press(qtbot, Qt.Key.Key_Up)  # 其他工作, 5 points → 3
    assert editor.items.model.row_record(view.currentIndex().row())["title"] == "其他工作"
    type_cell(qtbot, view, "3")
    assert editor.items.sum_label.text() == "业务工作合计 45 分 / 应为 45 分"
    assert "#b00000" not in editor.items.sum_label.styleSheet()

    press(qtbot, Qt.Key.Key_S, CTRL)
    assert "2018 年度考评方案已保存" in page.message.text(), page.message.text()
    office_2018 = [(i.title, i.max) for i in year_scheme(db, 2018).items_for_unit("办公室")]
    office_2017 = [(i.title, i.max) for i in year_scheme(db, 2017).items_for_unit("办公室")]
    assert office_2018[-2:] == [("其他工作", 3), (NEW_ITEM, 2)]
    assert office_2017[-1] == ("其他工作", 5) and len(office_2017) == len(office_2018) - 1
    assert db.query("SELECT reason FROM changes ORDER BY id DESC LIMIT 1")[0][0] == "修改 2018 年度考评方案"


def find_unit(qtbot, page: ScoringPage, name: str, short: str) -> None:
    """Ctrl+F, part of the name, Enter: the cursor goes to the unit's first missing item."""
    press(qtbot, Qt.Key.Key_F, CTRL)
    assert focused() is page.finder
    type_chinese(short)
    first = page.units_proxy.index(0, 0)
    if page.units_proxy.mapToSource(first).row() != page.units_model.row_of(name):
        # Several units match: ↓ into the list, down to the right one, Enter.
        press(qtbot, Qt.Key.Key_Down)
        while page.unit != name:
            press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    assert page.unit == name
    assert focused() is page.items_view


def score_every_unit(qtbot, window: MainWindow, db: Database) -> None:
    """README 3: 科室评分 (Ctrl+2); per unit Ctrl+F, name, Enter; type scores, Enter moves down; or Ctrl+M."""
    press(qtbot, Qt.Key.Key_2, CTRL)
    page = window.current_page()
    assert isinstance(page, ScoringPage)
    scheme = window.session.scheme()
    assert scheme is not None
    view = page.items_view
    for number, unit in enumerate(scheme.units):
        find_unit(qtbot, page, unit.name, unit.short)
        items = scheme.items_for_unit(unit.name)
        row = view.currentIndex().row()
        assert row == 0 and view.currentIndex().column() == ScoringItemsModel.I_SCORE  # nothing keyed yet
        if unit.name in HAND_TYPED:
            for item in items:
                assert page.current_item().item.id == item.id  # Enter moved down to this item
                if item.id == items[0].id:
                    # Above the item's points, or letters: refused on the spot, the cursor stays, nothing written.
                    for wrong, why in ((str(item.max + 1), f"超过该项分值 {item.max} 分"), ("4x", "不是数字")):
                        type_cell(qtbot, view, wrong)
                        assert why in page.message.text() and page.message.refused
                        assert page.current_item().item.id == item.id
                        assert not db.query("SELECT 1 FROM item_scores WHERE year = 2018 AND unit = ?", (unit.name,))
                score = item.max - Decimal("0.5") if item.max > 2 else item.max
                type_cell(qtbot, view, str(score))
        elif unit.name == EVENT_KEYED:
            # The first item by a deduction event: Ctrl+E (次数), Shift+Tab to 细则, ↓, Tab, count, Enter.
            press(qtbot, Qt.Key.Key_E, CTRL)
            assert focused() is page.count_edit
            press(qtbot, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
            assert focused() is page.rule_box
            press(qtbot, Qt.Key.Key_Down)
            clause = page.rule_box.currentText()
            press(qtbot, Qt.Key.Key_Tab)
            assert focused() is page.count_edit
            type_ascii(qtbot, "1")
            press(qtbot, Qt.Key.Key_Return)
            assert not page.message.refused and "已记" in page.message.text(), page.message.text()
            assert page.events_model.rowCount() == 1 and page.events_model.line(0).rule in clause
            assert page.items_model.index(0, ScoringItemsModel.I_SOURCE).data() == "按 1 条扣分事件计算"
            press(qtbot, Qt.Key.Key_M, CTRL)  # the item with an event keeps it; the others get full points
        else:
            # One deduction typed by hand (a different one per unit, so the ranking has no ties), the rest full.
            type_cell(qtbot, view, str(items[0].max - 1 - Decimal(number) / 100))
            press(qtbot, Qt.Key.Key_M, CTRL)
        row = page.units_model.row_of(unit.name)
        shown = page.units_model.index(row, ScoringUnitsModel.U_PROGRESS).data()
        assert shown == f"已录 {len(items)}/{len(items)}", unit.name
    stored = db.query("SELECT count(*) FROM item_scores WHERE year = 2018")[0][0]
    assert stored == sum(len(scheme.items_for_unit(u.name)) for u in scheme.units) - 1  # one by its event
    # Items all in, but no rating ballot yet: every unit is still 缺项 (grey, 等次 待定) on 考评结果.
    assert "缺项科室 25 个" in window.status_label.text()
    office = db.query(
        "SELECT score FROM item_scores WHERE year = 2018 AND unit = '办公室' AND item = ?",
        (next(i.id for i in scheme.items_for_unit("办公室") if i.title == NEW_ITEM),),
    )
    assert Decimal(str(office[0][0])) == 2


def key_rating_ballots(qtbot, window: MainWindow, db: Database) -> None:
    """README 3: 评分表录入 (Ctrl+5): digits, the cursor moves on by itself, Ctrl+Enter commits."""
    press(qtbot, Qt.Key.Key_5, CTRL)
    page = window.current_page()
    assert isinstance(page, RatingKeyingPage)
    qtbot.waitUntil(lambda: focused() is page.grid_view)  # arriving on the page, the keys go to the ballot
    # Alt+V is the 查看 menu here too (it used to tick 废票 on the ballot instead).
    press(qtbot, Qt.Key.Key_V, ALT)
    menu = QApplication.activePopupWidget()
    assert menu is not None and menu is window.view_menu and not page.void_box.isChecked()
    qtbot.keyClick(menu, Qt.Key.Key_Escape)  # closes the menu; a second Escape leaves the menu bar
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)
    press(qtbot, Qt.Key.Key_Escape)
    assert focused() is page.grid_view
    # A full mark or a half moves on by itself; a value that could still grow (3 of 4 → 3.5?) needs Tab.
    for form, marks in (("leaders", ("4", "3.5", "3\t")), ("heads", ("2", "1.5", "1\t"))):
        if page.form != form:
            press(qtbot, Qt.Key.Key_B, ALT)  # 表格(B)
            assert focused() is page.form_box
            press(qtbot, Qt.Key.Key_Down)
            assert page.form == form and focused() is page.grid_view
        assert page.serial_box.value() == 1
        assert page.grid is not None
        rows, columns = page.grid.rowCount(), page.grid.criteria_count
        for row in range(rows):
            for column in range(columns):
                mark = marks[(row + column) % len(marks)]
                type_ascii(qtbot, mark.rstrip("\t"))
                if mark.endswith("\t"):
                    press(qtbot, Qt.Key.Key_Tab)
        assert page.grid.rows_filled() == rows == 25
        press(qtbot, Qt.Key.Key_Return, CTRL)
        assert "第 1 号已录入保存" in page.status.text(), page.status.text()
        assert page.serial_box.value() == 2 and page.grid.is_empty()
    counts = db.query("SELECT form, count(*) FROM rating_ballots WHERE year = 2018 GROUP BY form ORDER BY form")
    assert [tuple(r) for r in counts] == [("heads", 1), ("leaders", 1)]


def see_the_ranking(qtbot, window: MainWindow, db: Database) -> None:
    """README 4: 考评结果 (Ctrl+1): a tab per group in rank order (Ctrl+Tab to the next)."""
    press(qtbot, Qt.Key.Key_1, CTRL)
    page = window.current_page()
    assert isinstance(page, ResultsPage)
    expected = compute_results(db, 2018)
    assert not [u.name for u in expected.units if u.incomplete]  # nobody 缺项 any more
    assert "缺项科室 0 个" in window.status_label.text()
    assert not [u.name for u in expected.units if u.tie]  # every unit's deduction differs: a strict order
    by_name = {u.name: u for u in expected.units}
    groups = sorted({u.group for u in expected.units})
    assert page.tabs.currentIndex() == 0
    for group in groups:
        tab = page.group_tab(group)
        assert page.tabs.currentWidget() is tab
        shown = [
            (tab.proxy.index(r, U_NAME).data(), int(tab.proxy.index(r, U_RANK).data()))
            for r in range(tab.proxy.rowCount())
        ]
        assert shown == page_order(expected, group), group
        for r in range(tab.proxy.rowCount()):
            unit = by_name[tab.proxy.index(r, U_NAME).data()]
            assert tab.proxy.index(r, U_TOTAL).data() == f"{unit.total:.2f}"
            assert tab.proxy.index(r, U_GRADE).data() == unit.grade != "待定", unit.name
        assert isinstance(focused(), QAbstractItemView)  # the cursor is in the results table
        press(qtbot, Qt.Key.Key_Tab, CTRL)
    assert page.tabs.tabText(page.tabs.currentIndex()) == "干部"
    press(qtbot, Qt.Key.Key_Tab, CTRL | Qt.KeyboardModifier.ShiftModifier)  # and back
    assert page.tabs.currentWidget() is page.group_tab(groups[-1])
