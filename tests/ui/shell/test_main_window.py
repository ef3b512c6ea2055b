"""The main window shows the engine's results, per group and per pool, and follows the file live."""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush

from app.models.db import Database, open_database
from app.models.demo import DEMO_YEAR
from app.models.loader import compute_results
from app.models.store import ensure_year, set_item_score
from app.scoring.results import CadreResult, PoolSummary, UnitResult
from app.ui.results.cadre_models import C_NAME, C_TOTAL, CadreResultsModel, PoolFilterProxy, PoolSummaryModel
from app.ui.results.models import (
    COLOURS,
    ROW_ROLE,
    U_GRADE,
    U_NAME,
    U_NOTE,
    U_PRIZE,
    U_RANK,
    U_SERIAL,
    U_TOTAL,
    GroupFilterProxy,
    UnitResultsModel,
)
from app.ui.shell.app import choose_cjk_family
from app.ui.shell.main_window import DEMO_BANNER, MainWindow
from tests.helpers.windows import open_window

POLL_MS = 50  # fast polling keeps the live-update test short


@pytest.fixture
def db(demo_db: Database) -> Database:
    return demo_db


def show(qtbot, db: Database) -> MainWindow:
    return open_window(qtbot, db, POLL_MS)


def column(model, col: int) -> list[str]:
    return [model.index(row, col).data() for row in range(model.rowCount())]


def test_title_and_demo_banner(qtbot, db: Database) -> None:
    window = show(qtbot, db)
    assert window.windowTitle() == "考评通 — demo.sqlite — 2017 年度（示例）"
    assert window.banner.isVisible()
    assert "示例数据，仅供熟悉程序" in window.banner.text() == DEMO_BANNER
    assert [window.results_page.tabs.tabText(i) for i in range(window.results_page.tabs.count())] == [
        "第一组",
        "第二组",
        "第三组",
        "干部",
        "后续事项（3）",  # the demo's three 组内末位 (no earlier year, so nothing 连续)
    ]
    assert window.year_combo.currentText() == "2017 年度（示例）"
    status = window.status_label.text()
    assert "委领导评分表 12 张" in status and "科室负责人评分表 25 张（废票 1）" in status
    assert "民主测评票 150 张（废票 1）" in status and "缺项科室 0 个" in status


def test_group_tabs_list_units_in_rank_order_with_engine_totals(qtbot, db: Database) -> None:
    window = show(qtbot, db)
    result = compute_results(db, DEMO_YEAR)
    scheme_order = [u.name for u in result.units]
    for group in (1, 2, 3):
        tab = window.results_page.group_tab(group)
        expected = sorted(
            (u for u in result.units if u.group == group), key=lambda u: (u.rank, scheme_order.index(u.name))
        )
        proxy = tab.proxy
        assert column(proxy, U_NAME) == [u.name for u in expected]
        assert column(proxy, U_TOTAL) == [f"{u.total:.2f}" for u in expected]
        assert column(proxy, U_RANK) == [str(u.rank) for u in expected]
        assert column(proxy, U_SERIAL) == [str(n) for n in range(1, len(expected) + 1)]
        assert [proxy.index(r, 0).data(ROW_ROLE) for r in range(proxy.rowCount())] == expected
        assert column(proxy, U_GRADE) == [u.grade for u in expected]
        # The engine's follow-up for the last place, worded with its reason.
        assert column(proxy, U_NOTE)[-1] == "组内末位：负责人写出书面说明，制订整改措施"
        # Decimals are right-aligned, prize winners highlighted.
        first = proxy.index(0, U_TOTAL)
        assert first.data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
        assert first.data(Qt.ItemDataRole.BackgroundRole).color() == COLOURS["first"]
    assert (
        window.results_page.group_tab(1).summary.text().startswith("第一组（8 个科室）：一等奖 1/1 名，二等奖 2/2 名")
    )
    assert "一等奖 2/2 名，二等奖 3/3 名" in window.results_page.group_tab(2).summary.text()
    assert "突出业绩奖" in window.results_page.group_tab(2).summary.text()
    assert "一等奖 1/1 名，本组不设二等奖" in window.results_page.group_tab(3).summary.text()
    assert any("突出业绩奖" in text for text in column(window.results_page.group_tab(2).proxy, U_PRIZE))


def test_cadre_tab_shows_pools_and_filters_by_pool(qtbot, db: Database) -> None:
    window = show(qtbot, db)
    result = compute_results(db, DEMO_YEAR)
    pools = window.results_page.pool_model
    assert pools.rowCount() == len(result.pools) + 1
    assert pools.index(0, 0).data() == "全部干部" and pools.index(0, 1).data() == "150"
    assert window.results_page.cadre_tab.proxy.rowCount() == 150
    for row, summary in enumerate(result.pools, start=1):
        assert [pools.index(row, c).data() for c in (1, 2, 3)] == [
            str(summary.size),
            str(summary.quota),
            str(summary.excellent),
        ]
    assert pools.index(1, 0).data() == "公务员 · 正科"
    # Choosing a pool shows only its members, best first.
    window.results_page.cadre_tab.pool_view.selectRow(1)
    proxy = window.results_page.cadre_tab.proxy
    members = sorted((c for c in result.cadres if c.pool == result.pools[0].pool), key=lambda c: c.rank_in_pool)
    assert proxy.rowCount() == result.pools[0].size
    assert [proxy.index(r, C_TOTAL).data() for r in range(proxy.rowCount())] == [f"{c.total:.2f}" for c in members]
    first_prize = {u.name for u in result.units if u.prize == "一等奖"}
    notes = column(proxy, 11)
    for row, cadre in enumerate(members):
        assert ("一等奖科室主要负责人" in notes[row]) == (cadre.is_head and cadre.unit in first_prize)
    # The choice survives a reload.
    window.reload()
    assert proxy.rowCount() == result.pools[0].size


def test_ctrl_number_switches_pages_ctrl_tab_switches_tabs_and_ctrl_q_quits(qtbot, db: Database) -> None:
    window = show(qtbot, db)
    for key, index in ((Qt.Key.Key_2, 1), (Qt.Key.Key_4, 3), (Qt.Key.Key_3, 2), (Qt.Key.Key_1, 0)):
        qtbot.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)
        assert window.stack.currentIndex() == index
        assert window.navigation.currentRow() == index
    assert window.current_page() is window.results_page
    tabs = window.results_page.tabs
    tabs.setFocus()
    for index in (1, 2, 3):
        qtbot.keyClick(tabs, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
        assert tabs.currentIndex() == index
    assert tabs.currentWidget() is window.results_page.cadre_tab
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not window.isVisible()


def test_switching_year_by_keyboard(qtbot, db: Database) -> None:
    ensure_year(db, 2018)  # an empty real year: opened first, since it is not a demo
    window = show(qtbot, db)
    assert window.current_year == 2018
    assert window.windowTitle().endswith("2018 年度")
    assert not window.banner.isVisible()
    tab = window.results_page.group_tab(1)
    assert all(tab.proxy.index(r, U_NOTE).data().startswith("缺项") for r in range(tab.proxy.rowCount()))
    assert tab.proxy.index(0, U_NAME).data(Qt.ItemDataRole.BackgroundRole).color() == COLOURS["incomplete"]
    assert "缺项科室 25 个" in window.status_label.text()

    window.year_combo.setFocus()
    qtbot.keyClick(window.year_combo, Qt.Key.Key_Up)
    assert window.current_year == DEMO_YEAR
    assert window.windowTitle().endswith("2017 年度（示例）")
    assert window.banner.isVisible()
    assert "缺项科室 0 个" in window.status_label.text()


def test_change_from_outside_shows_up_after_the_poll(qtbot, db: Database, demo_path: Path) -> None:
    window = show(qtbot, db)
    before = next(u for u in compute_results(db, DEMO_YEAR).units if u.name == "办公室")
    with open_database(demo_path) as other:  # another connection: a second window, the CLI, a colleague
        with other.atomic(reason="测试：外部修改", source="test") as conn:
            set_item_score(conn, DEMO_YEAR, "办公室", "common-01", Decimal(1), "外部录入")
        after = next(u for u in compute_results(other, DEMO_YEAR).units if u.name == "办公室")
    assert after.total != before.total
    proxy = window.results_page.group_tab(1).proxy

    def office_total() -> str | None:
        for row in range(proxy.rowCount()):
            if proxy.index(row, U_NAME).data() == "办公室":
                return proxy.index(row, U_TOTAL).data()
        return None

    qtbot.waitUntil(lambda: office_total() == f"{after.total:.2f}", timeout=5000)


def test_f5_recomputes(qtbot, db: Database, demo_path: Path) -> None:
    window = show(qtbot, db)
    window.poll_timer.stop()  # only the key may refresh here
    with open_database(demo_path) as other, other.atomic(reason="测试", source="test") as conn:
        set_item_score(conn, DEMO_YEAR, "工业工会", "common-01", Decimal(0), None)
    expected = next(u for u in compute_results(db, DEMO_YEAR).units if u.name == "工业工会")
    qtbot.keyClick(window, Qt.Key.Key_F5)
    shown = [
        window.results_page.unit_model.index(r, 0).data(ROW_ROLE)
        for r in range(window.results_page.unit_model.rowCount())
    ]
    assert next(u for u in shown if u.name == "工业工会") == expected


def test_empty_file_offers_the_demo(qtbot, tmp_path: Path) -> None:
    with open_database(tmp_path / "new.sqlite") as db:
        window = show(qtbot, db)
        assert window.pages.currentIndex() == 1
        assert window.windowTitle() == "考评通 — new.sqlite"
        qtbot.mouseClick(window.demo_button, Qt.MouseButton.LeftButton)
        assert window.pages.currentIndex() == 0
        assert window.current_year == DEMO_YEAR
        assert window.results_page.unit_model.rowCount() == 25
        window.close()


def test_models_pass_the_model_tester(qtbot, qtmodeltester, db: Database) -> None:
    window = show(qtbot, db)
    qtmodeltester.check(window.results_page.unit_model)
    qtmodeltester.check(window.results_page.cadre_model)
    qtmodeltester.check(window.results_page.pool_model)
    qtmodeltester.check(window.results_page.group_tab(2).proxy)
    qtmodeltester.check(window.results_page.cadre_tab.proxy)


def _unit(name: str, **changes) -> UnitResult:
    base = dict(
        name=name,
        short=name,
        group=1,
        common=Decimal("25.00"),
        business=Decimal("45.00"),
        leaders=Decimal("18.00"),
        heads=Decimal("9.00"),
        bonus=Decimal("0.00"),
        deduction=Decimal("0.00"),
        total=Decimal("97.00"),
        rank=1,
        grade="合格",
        prize=None,
        special_award=False,
        veto=False,
        tie=False,
        incomplete=False,
        leader_ballots=12,
        head_ballots=24,
    )
    return UnitResult(**(base | changes))


def test_unit_rows_flag_ties_vetoes_and_missing_items(qtmodeltester) -> None:
    model = UnitResultsModel()
    model.set_results(
        [
            _unit("甲", rank=1, grade=None, tie=True),
            _unit("乙", rank=1, grade=None, tie=True),
            _unit("丙", rank=3, total=Decimal("58.10"), grade="不合格", veto=True),
            _unit(
                "丁",
                rank=4,
                total=Decimal("40.00"),
                grade="不合格",
                incomplete=True,
                missing_items=("b01-01",),
                head_ballots=0,
            ),
        ],
        {"丙": ["负责人写出书面说明，制订整改措施"]},
    )
    qtmodeltester.check(model)

    def background(row: int) -> QBrush:
        return model.index(row, U_NAME).data(Qt.ItemDataRole.BackgroundRole).color()

    assert [background(r) for r in range(4)] == [COLOURS["tie"], COLOURS["tie"], COLOURS["veto"], COLOURS["incomplete"]]
    assert model.index(0, U_GRADE).data() == "待定"
    assert "需党委审定" in model.index(0, U_NOTE).data()
    assert model.index(2, U_NOTE).data() == "一票否决；负责人写出书面说明，制订整改措施"
    assert model.index(3, U_NOTE).data() == "缺项 1 项；无科室负责人评分"
    assert "b01-01" in model.index(3, U_NOTE).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(2, U_TOTAL).data() == "58.10"
    assert model.index(0, 0).data(ROW_ROLE).name == "甲"
    assert model.data(QModelIndex()) is None

    proxy = GroupFilterProxy(2)
    proxy.setSourceModel(model)
    assert proxy.rowCount() == 0


def test_cadre_models_on_synthetic_results(qtmodeltester) -> None:
    cadres = [
        CadreResult(
            "c1",
            "甲",
            "办公室",
            "civil_servant/科员",
            Decimal("69"),
            Decimal("28"),
            Decimal("0"),
            Decimal("0"),
            Decimal("97.00"),
            1,
            None,
            True,
            False,
            barred="因严重违法违纪行为受到处分",
        ),
        CadreResult(
            "c2",
            "乙",
            "办公室",
            "civil_servant/科员",
            Decimal("69"),
            Decimal("28"),
            Decimal("0"),
            Decimal("0"),
            Decimal("97.00"),
            1,
            None,
            True,
            False,
        ),
        CadreResult(
            "c3",
            "丙",
            "后勤服务中心",
            "institution/专技岗",
            Decimal("0"),
            Decimal("0"),
            Decimal("0"),
            Decimal("0"),
            Decimal("0.00"),
            1,
            "不称职",
            False,
            True,
        ),
    ]
    pools = [PoolSummary("civil_servant/科员", 2, 0, 0, 0), PoolSummary("institution/专技岗", 1, 0, 0, 0)]
    model = CadreResultsModel()
    model.set_results(cadres, pools)
    summary = PoolSummaryModel()
    summary.set_results(pools, cadres)
    qtmodeltester.check(model)
    qtmodeltester.check(summary)
    assert column(model, C_NAME) == ["甲", "乙", "丙"]
    assert model.index(0, C_NAME).data(Qt.ItemDataRole.BackgroundRole).color() == COLOURS["tie"]
    assert model.index(2, C_NAME).data(Qt.ItemDataRole.BackgroundRole).color() == COLOURS["incomplete"]
    assert "不得评为优秀" in model.index(0, 11).data()
    assert summary.index(2, 0).data() == "事业单位 · 专技岗"
    proxy = PoolFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_pool("institution/专技岗")
    assert proxy.rowCount() == 1


def test_cjk_font_choice() -> None:
    assert choose_cjk_family(["Arial", "SimSun", "Microsoft YaHei"], "win32") == "Microsoft YaHei"
    assert choose_cjk_family(["DejaVu Sans", "Noto Sans CJK SC"], "linux") == "Noto Sans CJK SC"
    assert choose_cjk_family(["DejaVu Sans"], "linux") is None


def test_run_gui_opens_the_default_database_with_the_demo(isolated_data_dir: Path) -> None:
    """What `appraisal` with no arguments does, in its own process as on the clerk's PC."""
    script = (
        "import sys\n"
        "from PySide6.QtCore import QTimer\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from app.ui.shell.app import run_gui\n"
        "from app.ui.shell.main_window import MainWindow\n"
        "app = QApplication(['appraisal'])\n"
        "def look_and_quit():\n"
        "    print([w.windowTitle() for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()])\n"
        "    app.quit()\n"
        "QTimer.singleShot(300, look_and_quit)\n"
        "sys.exit(run_gui(None))\n"
    )
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "APPRAISAL_DATA_DIR": str(isolated_data_dir)}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=environment, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['考评通 — 考评通.sqlite — 2017 年度（示例）']"
    with open_database(isolated_data_dir / "考评通.sqlite") as db:
        assert compute_results(db, DEMO_YEAR).units


def test_heads_beyond_the_quota_are_warned_with_the_pools_chinese_name(qtbot, db: Database, demo_path: Path) -> None:
    """一等奖科室主要负责人 are 优秀 even beyond the quota; the 干部 tab says so, naming the pool in Chinese."""
    window = show(qtbot, db)
    window.poll_timer.stop()
    result = compute_results(db, DEMO_YEAR)
    winner = next(u.name for u in result.units if u.prize == "一等奖" and u.group == 3)
    head = next(c for c in result.cadres if c.unit == winner and c.is_head)
    pool = next(p for p in result.pools if p.pool == head.pool)
    assert window.results_page.cadre_tab.warnings.isHidden()
    # Make every other member of that pool the head of the same first-prize unit: now they exceed the quota.
    with open_database(demo_path) as other, other.atomic(reason="测试", source="test") as conn:
        conn.execute(
            "UPDATE cadres SET is_head = 1, unit = ?, barred = NULL WHERE year = ? AND category || '/' || level = ?",
            (winner, DEMO_YEAR, pool.pool),
        )
    qtbot.keyClick(window, Qt.Key.Key_F5)
    text = window.results_page.cadre_tab.warnings.text()
    assert not window.results_page.cadre_tab.warnings.isHidden()
    assert "事业单位 · " in text and "超出优秀名额" in text and pool.pool not in text
