"""清点与核对: counts per form with warnings until they agree; independent double entry compared,
discrepancies listed and settled one by one; verified count and keying error rate; 废票 on a keyed ballot."""

from __future__ import annotations

import json
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from app.models.ballots.keying import read_ballot
from app.ui.keying.common import MODE_SECOND
from app.ui.keying.democratic_page import DemocraticKeyingPage
from app.ui.keying.rating_page import RatingKeyingPage
from app.ui.keying.reconcile_page import CountsModel, ReconcilePage
from app.ui.shell.session import Session
from tests.helpers.keying_helpers import YEAR, ctrl_enter, press

OFFICE = "办公室"


def row_of(page: ReconcilePage, form: str) -> int:
    return next(i for i, r in enumerate(page.counts.rows()) if r.form == form)


def type_count(qtbot, page: ReconcilePage, form: str, column: int, value: str) -> None:
    view = page.counts_view
    view.setFocus()
    view.setCurrentIndex(page.counts.index(row_of(page, form), column))
    qtbot.keyClicks(view, value[0])  # any key opens the editor with that key in it
    editor = page.focusWidget()
    assert isinstance(editor, QLineEdit)
    if value[1:]:
        qtbot.keyClicks(editor, value[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()  # the delegate commits a line editor's Return through a queued call


def test_counts_warn_until_issued_returned_keyed_and_verified_agree(qtbot, session: Session) -> None:
    rating = RatingKeyingPage(session)
    qtbot.addWidget(rating)
    rating.show()
    rating.set_form("heads")
    rating.grid_view.setFocus()
    press(qtbot, rating.grid_view, "22222")
    ctrl_enter(qtbot, rating.grid_view)
    page = ReconcilePage(session)
    qtbot.addWidget(page)
    page.show()
    assert "附件5 科室负责人评分表：请填写发出和收回张数" in page.warnings.text()
    type_count(qtbot, page, "heads", CountsModel.COL_ISSUED, "25")
    type_count(qtbot, page, "heads", CountsModel.COL_RETURNED, "2")
    assert session.db.query("SELECT issued, returned FROM ballot_counts WHERE form = 'heads'")[0][:] == (25, 2)
    assert "已录入 1 张，与收回 2 张不符" in page.warnings.text()
    assert "还有 1 张未核对" in page.warnings.text()
    type_count(qtbot, page, "heads", CountsModel.COL_RETURNED, "x")
    assert "不是张数" in page.status.text()
    heads = page.counts.rows()[row_of(page, "heads")]
    assert (heads.issued, heads.returned, heads.keyed, heads.void, heads.verified) == (25, 2, 1, 0, 0)


def test_independent_second_keying_compared_listed_and_resolved(qtbot, session: Session) -> None:
    """Two clerks key the same democratic ballots; every difference is listed and settled with the paper."""
    keying = DemocraticKeyingPage(session)
    qtbot.addWidget(keying)
    keying.show()
    view = keying.mark_view
    view.setFocus()
    for marks in ("1234", "2222"):
        press(qtbot, view, marks)
        ctrl_enter(qtbot, view)
    keying.mode_box.setCurrentIndex(keying.mode_box.findData(MODE_SECOND))
    assert keying.serial_box.value() == 1
    view.setFocus()
    for marks in ("1224", "2222"):  # the second clerk reads c003 on ballot 1 as 称职
        press(qtbot, view, marks)
        ctrl_enter(qtbot, view)
    assert session.db.query("SELECT count(*) FROM democratic_ballots WHERE pass = 2")[0][0] == 2
    page = ReconcilePage(session)
    qtbot.addWidget(page)
    page.show()
    page.compare()
    assert "民主测评表 比对 2 张，不一致 1 处" in page.status.text()
    assert len(page.findings.rows()) == 1
    finding = page.findings.rows()[0]
    assert (finding.serial, finding.row_key, finding.first_value, finding.second_value) == (
        1,
        "c003",
        "基本称职",
        "称职",
    )
    assert page.findings.data(page.findings.index(0, 2)) == "王三（财务科）"
    democratic = page.counts.rows()[row_of(page, "democratic")]
    assert democratic.verified == 1 and democratic.open_findings == 1
    page.findings_view.setFocus()
    qtbot.keyClick(page.findings_view, Qt.Key.Key_B)  # the paper says 称职: the first keying was wrong
    assert page.findings.rows() == []
    ballot = read_ballot(session.db, YEAR, "democratic", 1)
    assert ballot is not None and ballot.values["c003"] == "称职" and ballot.verified_mode == "independent"
    democratic = page.counts.rows()[row_of(page, "democratic")]
    assert democratic.verified == 2 and democratic.errors_found == 1
    assert democratic.values_checked == 8 and democratic.error_rate == Decimal("0.125")
    assert "12.50%（1/8）" in page.counts.data(page.counts.index(row_of(page, "democratic"), CountsModel.COL_RATE))
    result = session.result()
    assert result is not None
    assert next(c for c in result.cadres if c.id == "c003").democratic == Decimal(65)


def test_independent_rating_difference_for_a_unit_missing_on_one_keying(qtbot, session: Session) -> None:
    rating = RatingKeyingPage(session)
    qtbot.addWidget(rating)
    rating.show()
    view = rating.grid_view
    view.setFocus()
    press(qtbot, view, "44444" + "44444")
    ctrl_enter(qtbot, view)
    rating.mode_box.setCurrentIndex(rating.mode_box.findData(MODE_SECOND))
    view.setFocus()
    press(qtbot, view, "44444")  # the second clerk skipped 综合与法规科
    ctrl_enter(qtbot, view)
    page = ReconcilePage(session)
    qtbot.addWidget(page)
    page.show()
    page.compare()
    assert len(page.findings.rows()) == 5
    page.findings_view.setFocus()
    for _ in range(5):
        qtbot.keyClick(page.findings_view, Qt.Key.Key_A)  # the paper rates it: the first keying was right
    ballot = read_ballot(session.db, YEAR, "leaders", 1)
    assert ballot is not None and len(ballot.values) == 2 and ballot.verified_mode == "independent"
    leaders = page.counts.rows()[row_of(page, "leaders")]
    assert leaders.errors_found == 0 and leaders.verified == 1


def test_void_a_keyed_ballot_from_the_reconcile_page(qtbot, session: Session) -> None:
    rating = RatingKeyingPage(session)
    qtbot.addWidget(rating)
    rating.show()
    rating.grid_view.setFocus()
    press(qtbot, rating.grid_view, "44444")
    ctrl_enter(qtbot, rating.grid_view)
    page = ReconcilePage(session)
    qtbot.addWidget(page)
    page.show()
    page.void_serial.setValue(1)
    page.change_void(True)
    assert "写明原因" in page.status.text()
    page.void_reason.setText("重复投票")
    page.change_void(True)
    assert read_ballot(session.db, YEAR, "leaders", 1).void == "重复投票"  # type: ignore[union-attr]
    assert page.counts.rows()[row_of(page, "leaders")].void == 1
    page.void_serial.setValue(9)
    page.change_void(True)
    assert "尚未录入" in page.status.text()


def test_batches_from_another_pc_merge_with_conflicts_listed_never_overwritten(
    qtbot, session: Session, tmp_path
) -> None:
    """Two clerks share the stack: PC 2's ballots 1–2 arrive through its year file. New serials merge;
    a serial keyed here with other content is listed with both versions and nothing is written."""
    from app.models.ballots.keying import commit_democratic_ballot
    from app.models.yearfile.export import export_year

    with session.write("PC 1") as conn:
        commit_democratic_ballot(conn, YEAR, 1, {"c001": "优秀"})
    exported = export_year(session.db, YEAR)
    exported["democratic_ballots"].append({"ballot": 2, "marks": {"c002": "称职"}})
    batch = tmp_path / "pc2.json"
    batch.write_text(json.dumps(exported, ensure_ascii=False), encoding="utf-8")
    page = ReconcilePage(session)
    qtbot.addWidget(page)
    page.show()
    page.merge_batch(str(batch), keying_pass=1)
    assert "民主测评票 1 张，内容相同跳过 1 张" in page.status.text()
    assert session.db.query("SELECT count(*) FROM democratic_ballots WHERE pass = 1")[0][0] == 2
    exported["democratic_ballots"][0]["marks"] = {"c001": "称职"}  # PC 2 keyed ballot 1 differently
    exported["democratic_ballots"].append({"ballot": 3, "marks": {"c003": "称职"}})
    batch.write_text(json.dumps(exported, ensure_ascii=False), encoding="utf-8")
    page.merge_batch(str(batch), keying_pass=1)
    assert "未合并（没有写入任何数据）" in page.status.text()
    assert "测评票冲突：第 1 号已录入且内容不同" in page.status.text() and "称职" in page.status.text()
    assert session.db.query("SELECT count(*) FROM democratic_ballots")[0][0] == 2  # ballot 3 not written either
    # The same file as a second keying: compared, not overwritten.
    page.merge_batch(str(batch), keying_pass=2)
    assert "第二遍录入" in page.status.text()
    page.compare()
    assert [(f.serial, f.first_value, f.second_value) for f in page.findings.rows()] == [(1, "优秀", "称职")]


def test_a_locked_year_refuses_keying_with_a_message(qtbot, session: Session) -> None:
    with session.db.atomic("审定", "test") as conn:
        conn.execute("UPDATE years SET locked_at = '2018-01-20', lock_reason = '审定' WHERE year = ?", (YEAR,))
    session.notify_changed()
    rating = RatingKeyingPage(session)
    qtbot.addWidget(rating)
    rating.show()
    rating.grid_view.setFocus()
    press(qtbot, rating.grid_view, "44444")
    ctrl_enter(qtbot, rating.grid_view)
    assert "已审定锁定" in rating.status.text()
    assert session.db.query("SELECT count(*) FROM rating_ballots")[0][0] == 0
