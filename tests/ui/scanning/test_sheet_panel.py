"""Issue 18 point 5: a scanned annex-4/5 ballot or leader's sheet is identified from its code and shown beside
the keying grid, the current row framed on the image; keyed and committed, the image goes with the form and
the next scanned one comes up; in 核对录入 the stored form's image comes back."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from app.cli import main
from app.documents.ballot_layout import STORE_SCALE
from app.models.scanning.pending import read_pending
from app.models.scanning.store import ballot_pages
from app.ui.keying.common import MODE_DEPENDENT
from app.ui.keying.leader_ratings_page import LeaderRatingsPage
from app.ui.keying.rating_page import RatingKeyingPage
from app.ui.scanning.sheet_panel import WIDTH
from tests.helpers.keying_helpers import YEAR
from tests.ui.scanning.conftest import run_scan


def printed(db_path: Path, tmp_path: Path, doc: str, copies: int = 1) -> Path:
    out = tmp_path / f"{doc}.pdf"
    assert main(["print", str(db_path), "--year", str(YEAR), doc, "--out", str(out), "--copies", str(copies)]) == 0
    return out


def red_at(panel, x: float, y: float) -> bool:
    color = panel.image.pixmap().toImage().pixelColor(round(x), round(y))
    return color.red() > 150 and color.green() < 110 and color.blue() < 110


def test_an_annex_4_ballot_is_keyed_from_its_scan_with_the_row_framed(qtbot, session, db_path, scan_page, tmp_path):
    run_scan(qtbot, scan_page, printed(db_path, tmp_path, "ballot-leaders", copies=2))
    assert [w.form for w in read_pending(session.db, YEAR)] == ["leaders", "leaders"]
    assert "待录入" in {scan_page.pages.index(r, 4).data() for r in range(2)}
    page = RatingKeyingPage(session)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    page.set_form("leaders")
    panel = page.scans
    assert not panel.isHidden() and "扫描件 1/2" in panel.title.text()
    view = page.grid_view
    view.setFocus()
    view.go(3, 0)  # the fourth unit's row
    key = page.layout_for.rows[3][0]
    assert panel.current_key == key
    rect = panel.sheet.grids[0].row_rect(3)
    ratio = WIDTH / (210 * STORE_SCALE)
    assert red_at(panel, (rect.x + 10) * STORE_SCALE * ratio, (rect.y - 0.6) * STORE_SCALE * ratio)
    assert not red_at(panel, (rect.x + 10) * STORE_SCALE * ratio, (rect.y - 8) * STORE_SCALE * ratio)
    view.go(0, 0)
    for _ in range(len(page.layout_for.rows)):
        qtbot.keyClicks(view, "443.53")
        qtbot.keyClick(view, Qt.Key.Key_Tab)
        qtbot.keyClicks(view, "4")
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert "已录入保存" in page.status.text()
    assert sorted(ballot_pages(session.db, YEAR, "leaders", 1)) == [1]  # the image went with ballot 1
    assert len(read_pending(session.db, YEAR, "leaders")) == 1 and "扫描件 1/1" in panel.title.text()
    page.mode_box.setCurrentIndex([page.mode_box.itemData(i) for i in range(3)].index(MODE_DEPENDENT))
    page.serial_box.setValue(1)
    page._serial_chosen(force=True)
    assert "已保存的扫描件" in panel.title.text()


def test_a_leaders_sheet_scan_waits_for_its_rater(qtbot, session, db_path, scan_page, tmp_path) -> None:
    run_scan(qtbot, scan_page, printed(db_path, tmp_path, "sheet-leader-ratings"))
    assert [w.form for w in read_pending(session.db, YEAR)] == ["leader_ratings"]
    page = LeaderRatingsPage(session)
    qtbot.addWidget(page)
    page.show()
    assert not page.scans.isHidden() and "领导评价表" in page.scans.title.text()
    view = page.grid_view
    view.setFocus()
    for _ in range(len(page.layout_for.rows)):
        qtbot.keyClicks(view, "66666")
    qtbot.keyClick(view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert read_pending(session.db, YEAR) == [] and page.scans.isHidden()
    assert sorted(ballot_pages(session.db, YEAR, "leader_ratings", 1)) == [1]


def test_no_scan_no_panel(qtbot, session) -> None:
    page = RatingKeyingPage(session)
    qtbot.addWidget(page)
    page.show()
    assert page.scans.isHidden()
