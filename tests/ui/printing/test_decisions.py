"""打印与导出 and 党委审定 (seed: 提出获奖科室和突出贡献奖名单，报委党委审定): certificates wait for the committee's
choice with a question; the results sheet, which goes to the committee, is saved with a warning only (what the
documents print once decided: tests/documents/test_decisions.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.models.demo import DEMO_YEAR
from app.ui.printing.page import PrintPage
from app.ui.shell.session import Session


def test_print_page_asks_before_certificates_with_undecided_ties(qtbot, tied, tmp_path, ask_mock) -> None:
    db, subjects = tied
    session = Session(db)
    session.set_year(DEMO_YEAR)
    page = PrintPage(session)
    qtbot.addWidget(page)
    page.show()
    ask_mock.no()  # certificates while ties are open: not now
    page.document.setFocus()
    while page.current_doc() != "certificates":
        qtbot.keyClick(page.document, Qt.Key.Key_Down)
    qtbot.keyClick(page.save_button, Qt.Key.Key_Space)
    (question,) = ask_mock.texts()
    assert subjects["units"][1] in question and "干部优秀名额边界并列" in question
    assert not (tmp_path / "out.pdf").exists()
    assert "已取消" in page.status.text()
    # The results sheet is for the committee: no question, a warning, and it is saved.
    page.document.setFocus()
    while page.current_doc() != "results":
        qtbot.keyClick(page.document, Qt.Key.Key_Up)
    ask_mock.file(tmp_path / "out.pdf")
    qtbot.keyClick(page.save_button, Qt.Key.Key_Space)
    assert len(ask_mock.texts()) == 2  # the save dialog only: no question
    assert (tmp_path / "out.pdf").exists()
    assert "并列待党委审定" in page.open_matters_label.text()
