"""市对区考绩 page: a clerk keys a month's 附1 progress with the keyboard, sees what is missing before the
deadlines, the 落后/退步指标 flags, and keys 考绩法 events with live totals.

Seed clauses checked here:
- 《2015年市对区考绩指标进展情况表》（附件1）经单位主要负责人签字盖章，并由区分管领导审签后，于每月15日前报送到区考绩办.
- 并于每月13日之前经分管领导签字后上报《2015年市对区考绩指标进展表》.
- 对于发现的在市对区考绩指标推进中的落后指标、退步指标、薄弱环节，及时进行跟踪督查；对于多次排名靠后或督查后仍未见
  起效的，提请区委、区政府主要领导进行约谈.
- 凡是符合市对区考绩加分条件，为我区在市考绩争取加分的事项，都按“考绩贡献加分”计入有关单位年终考绩分值.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from app.models.district.events import add_event
from app.models.district.indicators import Indicator, read_indicators, read_peers, save_indicator, set_peers
from app.models.district.reports import Report, month_reports, save_report
from app.models.loader import compute_results
from app.ui.district.page import DistrictPage
from app.ui.district.progress import ESTIMATED, LEADER_SIGNED, PROGRESS, RANK, SIGNED, SUBMITTED
from tests.helpers.data_pages import YEAR, fresh_session, lock_year, show_page, type_chinese

MONTH = f"{YEAR}-09"


def seed_indicators(db, months_before: dict[str, tuple[int, int, int]] | None = None) -> None:
    """Three indicators; optionally August's ranks (own, 鹿城区, 瓯海区) per indicator."""
    with db.atomic("测试：指标", "test") as conn:
        set_peers(conn, YEAR, ["鹿城区", "瓯海区"])
        for ident, name, lead in (
            ("i01", "规上工业增加值", "区经信局"),
            ("i02", "固定资产投资", "区发改局"),
            ("i03", "城乡居民收入", "区统计局"),
        ):
            save_indicator(conn, YEAR, Indicator(ident, name, lead, "总量和增速", "三区第1位"))
        for ident, (own, lucheng, ouhai) in (months_before or {}).items():
            save_report(conn, YEAR, Report(ident, f"{YEAR}-08", own, False, {"鹿城区": lucheng, "瓯海区": ouhai}))


@pytest.fixture
def page(qtbot, tmp_path):
    session = fresh_session(tmp_path)
    seed_indicators(session.db, {"i01": (1, 2, 3), "i02": (2, 1, 3), "i03": (2, 1, 3)})
    page = DistrictPage(session)
    page.today = lambda: date(YEAR, 9, 10)
    show_page(qtbot, page)
    page.refresh_now()
    page.set_month(MONTH)
    yield page
    session.db.close()


def key_cell(qtbot, page: DistrictPage, row: int, key: str, text: str) -> None:
    """Go to the cell and type as a clerk: the first key opens the editor, Enter commits."""
    tab = page.progress
    view = tab.view
    view.setFocus()
    view.setCurrentIndex(tab.model.index(row, tab.model.column(key)))
    if text.isascii():
        qtbot.keyClicks(view, text[0])
        editor = next(e for e in view.viewport().findChildren(QLineEdit) if e.isVisible())
        qtbot.keyClicks(editor, text[1:])
    else:
        qtbot.keyClick(view, Qt.Key.Key_F2)
        editor = next(e for e in view.viewport().findChildren(QLineEdit) if e.isVisible())
        type_chinese(editor, text)
    finish(qtbot, view, editor)


def finish(qtbot, view, editor) -> None:
    """Enter commits; the delegate commits on a queued call, so wait for the editor to close."""
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)


def test_keying_a_month_with_keystrokes(qtbot, page: DistrictPage) -> None:
    """经单位主要负责人签字盖章，并由区分管领导审签后，于每月15日前报送 — rank, peers, signatures, date by keyboard."""
    tab = page.progress
    view = tab.view
    model = tab.model
    # Ranks down the column: 2 Enter 3 Enter 1 Enter (Enter moves down).
    view.setFocus()
    view.setCurrentIndex(model.index(0, model.column(RANK)))
    for text in ("2", "3", "1"):
        qtbot.keyClicks(view, text)
        editor = next(e for e in view.viewport().findChildren(QLineEdit) if e.isVisible())
        finish(qtbot, view, editor)
    assert view.currentIndex().row() == 2  # the cursor followed the clerk down
    for row, (lucheng, ouhai) in enumerate(((1, 3), (1, 2), (2, 3))):
        key_cell(qtbot, page, row, "peer:鹿城区", str(lucheng))
        key_cell(qtbot, page, row, "peer:瓯海区", str(ouhai))
    key_cell(qtbot, page, 0, PROGRESS, "重点企业技改投产，增速回升")
    key_cell(qtbot, page, 0, SUBMITTED, "12")
    # One keystroke per mark: Space toggles 预估, 单位签字, 区领导审签.
    for key in (ESTIMATED, SIGNED, LEADER_SIGNED):
        view.setCurrentIndex(model.index(0, model.column(key)))
        qtbot.keyClick(view, Qt.Key.Key_Space)
    view.setCurrentIndex(model.index(1, model.column(SIGNED)))
    qtbot.keyClick(view, Qt.Key.Key_Y)

    reports = month_reports(page.session.db, YEAR, MONTH)
    first = reports["i01"]
    assert (first.rank, first.peer_ranks, first.estimated, first.signed, first.leader_signed) == (
        2,
        {"鹿城区": 1, "瓯海区": 3},
        True,
        True,
        True,
    )
    assert (first.progress, first.submitted) == ("重点企业技改投产，增速回升", f"{YEAR}-09-12")
    assert (reports["i02"].rank, reports["i02"].signed, reports["i02"].leader_signed) == (3, True, False)
    assert (
        model.data(model.index(0, model.column("compare")))
        == "本区第2位（预估）；鹿城区第1位、瓯海区第3位，落后于鹿城区"
    )
    # Space again takes the mark off.
    view.setCurrentIndex(model.index(0, model.column(ESTIMATED)))
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert month_reports(page.session.db, YEAR, MONTH)["i01"].estimated is False


def test_what_is_missing_is_shown_before_the_deadlines(qtbot, page: DistrictPage) -> None:
    """每月13日之前经分管领导签字后上报 … 于每月15日前报送到区考绩办 — on 9月10日 the clerk sees what is missing."""
    key_cell(qtbot, page, 0, RANK, "1")
    status = page.progress.status.text()
    assert "单位上报（经分管领导签字）截止 9月13日，还有 3 天" in status
    assert "报送区考绩办截止 9月15日，还有 5 天" in status
    assert "尚缺 3 项" in status
    assert "固定资产投资（区发改局）：未报送" in status
    assert "规上工业增加值（区经信局）：单位主要负责人未签字、区分管领导未审签" in status
    missing = page.progress.model.data(page.progress.model.index(0, page.progress.model.column("missing")))
    assert missing == "单位主要负责人未签字、区分管领导未审签"


def test_a_bad_rank_is_refused_with_a_message_and_nothing_written(qtbot, page: DistrictPage) -> None:
    """Bad input: a clear Chinese message and nothing written."""
    key_cell(qtbot, page, 0, RANK, "0")
    assert "排名应为正整数" in page.message.text()
    assert month_reports(page.session.db, YEAR, MONTH) == {}
    key_cell(qtbot, page, 0, SUBMITTED, "9-31")
    assert "日期写法不对" in page.message.text()
    assert month_reports(page.session.db, YEAR, MONTH) == {}


def test_flags_after_keying(qtbot, page: DistrictPage) -> None:
    """落后指标、退步指标 … 及时进行跟踪督查 — keyed September: i01 fell from 1st to 2nd (退步), i02 stands last
    (落后; tied for last with 瓯海区 — a tie for last counts), i03 unchanged and not last."""
    for row, (own, lucheng, ouhai) in enumerate(((2, 1, 3), (2, 1, 2), (2, 1, 3))):
        key_cell(qtbot, page, row, RANK, str(own))
        key_cell(qtbot, page, row, "peer:鹿城区", str(lucheng))
        key_cell(qtbot, page, row, "peer:瓯海区", str(ouhai))
    page.tabs.setCurrentWidget(page.flags)
    lines = {line.indicator.id: line for line in page.flags.model.rows()}
    assert lines["i01"].kinds == "退步指标" and "比上月退后 1 位" in lines["i01"].facts
    assert lines["i02"].kinds == "落后指标" and lines["i02"].action == "跟踪督查"
    assert lines["i03"].kinds == ""
    assert [line.indicator.id for line in page.flags.model.rows()][:2] == ["i01", "i02"]  # flagged first
    assert "落后、退步指标 2 项" in page.flags.summary.text()
    # The chart shows the current row's history, August and September.
    page.flags.view.setCurrentIndex(page.flags.model.index(0, 0))
    chart = page.flags.chart
    assert chart.months == (f"{YEAR}-08", MONTH)
    assert chart.series[0].ranks == (1, 2) and chart.series[0].own


def test_repeatedly_last_is_put_up_for_a_talk(qtbot, tmp_path) -> None:
    """对于多次排名靠后或督查后仍未见起效的，提请区委、区政府主要领导进行约谈 — last among the peers three months."""
    session = fresh_session(tmp_path)
    seed_indicators(session.db)
    with session.db.atomic("测试", "test") as conn:
        for month in ("06", "07"):
            save_report(conn, YEAR, Report("i02", f"{YEAR}-{month}", 3, False, {"鹿城区": 1, "瓯海区": 2}))
        save_report(conn, YEAR, Report("i02", f"{YEAR}-08", 2, False, {"鹿城区": 1, "瓯海区": 3}))
        save_report(conn, YEAR, Report("i02", MONTH, 3, False, {"鹿城区": 1, "瓯海区": 2}))
    page = DistrictPage(session)
    show_page(qtbot, page)
    page.refresh_now()
    page.set_month(MONTH)
    page.tabs.setCurrentWidget(page.flags)
    line = page.flags.model.rows()[0]
    assert (line.indicator.id, line.kinds, line.talk) == ("i02", "落后指标、退步指标", True)
    assert line.action == "提请约谈（多次排名靠后）"
    session.db.close()


def test_keying_events_gives_live_totals_and_credits_the_unit(qtbot, page: DistrictPage) -> None:
    """单体投资规模达到20亿元每个给予加10分，每增加5亿元再累加2分 — 27.4 亿 → 12; credited to 办公室 as
    考绩贡献加分, capped by the unit's total bonus cap (加分最高不超过 10 分)."""
    tab = page.events
    page.tabs.setCurrentWidget(tab)
    before = next(u for u in compute_results(page.session.db, YEAR).units if u.name == "办公室").bonus
    tab.category.setCurrentIndex(tab.category.findData("big_project"))
    assert "单体投资规模达到20亿元" in tab.rule.text()
    tab.matter.setFocus()
    type_chinese(tab.matter, "新材料项目")
    tab.date.setFocus()
    qtbot.keyClicks(tab.date, "5-20")
    tab.investment.setFocus()
    qtbot.keyClicks(tab.investment, "27.4")
    tab.credit.setFocus()
    type_chinese(tab.credit, "办公室")
    qtbot.keyClick(tab.credit, Qt.Key.Key_Return)
    assert tab.model.rowCount() == 1, page.message.text()
    assert tab.model.data(tab.model.index(0, tab.model.E_POINTS)) == "+12.00"
    assert "加分 12.00" in tab.totals.text()
    after = next(u for u in compute_results(page.session.db, YEAR).units if u.name == "办公室").bonus
    assert after == min(before + Decimal(12), Decimal(10))
    # An event dated outside 2月–次年1月 is refused, nothing written.
    tab.category.setCurrentIndex(tab.category.findData("criticized_city"))
    tab.date.setFocus()
    tab.date.clear()
    qtbot.keyClicks(tab.date, f"{YEAR + 1}-02-01")
    qtbot.keyClick(tab.date, Qt.Key.Key_Return)
    assert "不在加减分事项有效期内" in page.message.text()
    assert tab.model.rowCount() == 1
    # Delete on the table removes the current event.
    tab.view.setFocus()
    tab.view.setCurrentIndex(tab.model.index(0, 0))
    qtbot.keyClick(tab.view, Qt.Key.Key_Delete)
    assert tab.model.rowCount() == 0


def test_a_locked_year_refuses_keying(qtbot, page: DistrictPage) -> None:
    """A locked (审定) year cannot be changed: the message says so and nothing is written."""
    lock_year(page.session.db)
    page.session.notify_changed()
    key_cell(qtbot, page, 0, RANK, "2")
    assert "锁定" in page.message.text()
    assert month_reports(page.session.db, YEAR, MONTH) == {}


def test_indicators_and_peers_are_edited_in_place(qtbot, page: DistrictPage) -> None:
    """目前三区比较情况要体现我区与鹿城区、瓯海区相比的优势和不足 — peers configurable; indicators added by keyboard."""
    tab = page.indicators
    page.tabs.setCurrentWidget(tab)
    tab.fields["name"].setFocus()
    type_chinese(tab.fields["name"], "招商引资")
    type_chinese(tab.fields["lead_unit"], "区商务局")
    qtbot.keyClick(tab.fields["name"], Qt.Key.Key_Return)
    assert [i.name for i in read_indicators(page.session.db, YEAR)][-1] == "招商引资"
    assert read_indicators(page.session.db, YEAR)[-1].id == "i04"
    # Issue 20: no internal code on screen — the table numbers the indicators 1…4 (序号), the file's id on hover.
    model = tab.model
    shown = [model.index(r, c).data() for r in range(model.rowCount()) for c in range(model.columnCount())]
    assert not any(str(text).startswith("i0") for text in shown), shown
    assert [model.index(r, model.C_ID).data() for r in range(model.rowCount())] == ["1", "2", "3", "4"]
    assert "i04" in model.index(3, model.C_ID).data(Qt.ItemDataRole.ToolTipRole)
    tab.peers.setFocus()
    tab.peers.clear()
    type_chinese(tab.peers, "鹿城区、瓯海区、洞头区")
    qtbot.keyClick(tab.peers, Qt.Key.Key_Return)
    assert read_peers(page.session.db, YEAR) == ["鹿城区", "瓯海区", "洞头区"]
    page.tabs.setCurrentWidget(page.progress)
    assert "peer:洞头区" in page.progress.model.keys


def test_the_history_chart_draws_with_rank_one_on_top(qtbot, page: DistrictPage) -> None:
    """History per indicator as a small chart, the rank axis inverted: rank 1 is drawn above rank 3."""
    from PySide6.QtCore import QRectF

    key_cell(qtbot, page, 0, RANK, "2")
    page.tabs.setCurrentWidget(page.flags)
    chart = page.flags.chart
    plot = QRectF(0, 0, 100, 100)
    assert chart.y_of(plot, 1) < chart.y_of(plot, 2) < chart.y_of(plot, 3)
    assert not chart.grab().isNull()  # paints without error
    chart.set_data("空", [], [])
    assert not chart.grab().isNull()


def test_print_and_export_from_the_page(qtbot, page: DistrictPage, tmp_path) -> None:
    """The page's print buttons write the 附1 table, the monthly notice and the Excel history (no dialog here)."""
    key_cell(qtbot, page, 0, RANK, "2")
    page.write_pdf("indicator-progress", str(tmp_path / "p.pdf"))
    page.write_pdf("indicator-notice", str(tmp_path / "n.pdf"))
    page.write_history(str(tmp_path / "h.xlsx"))
    assert "已导出" in page.message.text()
    for name in ("p.pdf", "n.pdf"):
        assert (tmp_path / name).read_bytes()[:4] == b"%PDF"
    assert (tmp_path / "h.xlsx").stat().st_size > 0


def test_a_demo_year_can_load_the_demo_indicators(qtbot, demo_path) -> None:
    """The demo year has no indicators; one click (a button, reachable by Tab) fills in a small made-up set."""
    from app.models.db import open_database
    from app.ui.shell.session import Session

    db = open_database(demo_path)
    session = Session(db)
    session.set_year(2017)
    page = DistrictPage(session)
    page.today = lambda: date(2017, 9, 12)
    show_page(qtbot, page)
    page.refresh_now()
    assert page.demo_button.isVisible()
    page.demo_button.click()
    assert len(read_indicators(db, 2017)) == 6
    assert not page.demo_button.isVisible()
    assert page.month == "2017-09" and page.progress.model.rowCount() == 6
    assert "尚缺 2 项" in page.progress.status.text()
    db.close()


def test_an_event_is_changed_by_enter_on_its_row(qtbot, page: DistrictPage) -> None:
    """单体投资规模每增加5亿元再累加2分 — the clerk corrects 27.4 亿 to 30 亿: 12 → 14, one event, not two."""
    tab = page.events
    page.tabs.setCurrentWidget(tab)
    with page.session.write("测试") as conn:
        add_event(conn, page.session.db, YEAR, {"category": "big_project", "investment": "2740000000"})
    tab.view.setFocus()
    tab.view.setCurrentIndex(tab.model.index(0, 0))
    qtbot.keyClick(tab.view, Qt.Key.Key_Return)
    assert tab.editing is not None and tab.investment.text() == "27.4"
    tab.investment.selectAll()
    qtbot.keyClicks(tab.investment, "30")
    qtbot.keyClick(tab.investment, Qt.Key.Key_Return)
    assert tab.model.rowCount() == 1
    assert tab.model.data(tab.model.index(0, tab.model.E_POINTS)) == "+14.00"
    assert tab.editing is None
