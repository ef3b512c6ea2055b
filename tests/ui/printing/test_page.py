"""打印与导出 page: preview inside the window, print through the (patched) print dialog, save, notice settings,
item-score import with preview; driven with the keyboard like a clerk."""

from __future__ import annotations

from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter

from app.documents.data import read_notice_settings
from app.models.db import Database
from app.models.demo import DEMO_YEAR
from app.ui.printing.page import PrintPage
from app.ui.widgets.ask import Question
from app.workbooks.items import SHEET, item_template_bytes
from tests.helpers.ask_mock import AskMock
from tests.helpers.print_pages import choose, open_print_page


@pytest.fixture
def page(qtbot, demo_db: Database) -> Iterator[PrintPage]:
    widget = open_print_page(qtbot, demo_db)
    yield widget
    widget.close()


def test_preview_shows_pages_inside_the_window(page: PrintPage, qtbot) -> None:
    choose(page, qtbot, "ballot-democratic")
    page.copies.setFocus()
    page.copies.selectAll()
    qtbot.keyClicks(page.copies, "3")
    qtbot.keyClick(page.preview_button, Qt.Key.Key_Space)
    assert page.preview_pane.page_count() == 6  # first pages only; the ballot has 3 × 2 pages
    assert "共 6 页" in page.preview_pane.info.text()
    third = PdfReader(BytesIO(page.pdf)).pages[4].extract_text()  # the third ballot's first page
    assert "第1页共2页" in third.replace(" ", "") and "编号" not in third  # 无记名: no serial


def test_democratic_serials_only_when_asked_for_and_from_the_first_serial(page: PrintPage, qtbot) -> None:
    """Issue 18: the democratic ballot is 无记名 by default; an office that numbers ballots ticks the box,
    and then 起始编号 counts (before, it was ignored for this ballot)."""
    choose(page, qtbot, "ballot-democratic")
    assert page.numbered_democratic.isEnabled() and not page.numbered_democratic.isChecked()
    assert not page.first_serial.isEnabled()  # no serial printed: nothing to start from
    page.numbered_democratic.setFocus()
    qtbot.keyClick(page.numbered_democratic, Qt.Key.Key_Space)
    assert page.numbered_democratic.isChecked() and page.first_serial.isEnabled()
    page.first_serial.setFocus()
    page.first_serial.selectAll()
    qtbot.keyClicks(page.first_serial, "41")
    page.copies.setFocus()
    page.copies.selectAll()
    qtbot.keyClicks(page.copies, "2")
    qtbot.keyClick(page.preview_button, Qt.Key.Key_Space)
    texts = [p.extract_text().replace(" ", "") for p in PdfReader(BytesIO(page.pdf)).pages]
    assert "0041" in texts[0] and "0042" in texts[2]
    page.document.setCurrentIndex(page.document.findData("ballot-leaders"))  # listed above: Down never gets there
    assert not page.numbered_democratic.isEnabled() and page.first_serial.isEnabled()


def print_to(out: Path):
    """The print dialog, answered: a PDF printer writing `out`."""

    def answer(question: Question) -> bool:
        printer = question.subject.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return True

    return answer


def test_print_goes_to_the_printer_the_clerk_chose(page: PrintPage, qtbot, tmp_path: Path, ask_mock: AskMock) -> None:
    out = tmp_path / "printed.pdf"
    ask_mock.dialog(print_to(out))
    choose(page, qtbot, "ballot-heads")
    page.copies.setValue(2)
    qtbot.keyClick(page.print_button, Qt.Key.Key_Space)
    assert "2 页" in page.status.text()
    assert len(PdfReader(out).pages) == 2


def test_cancelled_print_dialog_prints_nothing(page: PrintPage, qtbot, ask_mock: AskMock) -> None:
    ask_mock.dialog(False)
    qtbot.keyClick(page.print_button, Qt.Key.Key_Space)
    assert page.status.text() == "已取消打印。"


def test_save_pdf_and_certificates_one_file_each(page: PrintPage, qtbot, tmp_path: Path, ask_mock: AskMock) -> None:
    target = tmp_path / "results.pdf"
    ask_mock.file(target)
    choose(page, qtbot, "results")
    qtbot.keyClick(page.save_button, Qt.Key.Key_Space)
    assert "绩效考评结果" in PdfReader(target).pages[0].extract_text()
    folder = tmp_path / "certs"
    folder.mkdir()
    ask_mock.text("2018-1-15").file(folder)  # the 成文日期 first, then the folder
    choose(page, qtbot, "certificates")
    page.one_file_each.setChecked(True)
    qtbot.keyClick(page.save_button, Qt.Key.Key_Space)
    result = page.session.result()
    winners = sum(1 for u in result.units if u.prize) + sum(1 for u in result.units if u.special_award)
    winners += sum(1 for c in result.cadres if c.grade == "优秀")
    assert len(list(folder.glob("*.pdf"))) == winners
    (date,) = [q for q in ask_mock.questions if q.title == "成文日期"]
    assert date.options == ("",)  # no 成文日期 and no assessment date: asked, nothing proposed
    assert page.notice_inputs["date"].text() == "2018年1月15日"
    assert "2018年1月15日" in PdfReader(next(folder.glob("*.pdf"))).pages[0].extract_text()


def test_notice_number_is_edited_stored_and_printed(page: PrintPage, qtbot) -> None:
    edit = page.notice_inputs["number"]
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "12")
    qtbot.keyClick(page.save_notice_button, Qt.Key.Key_Space)
    assert read_notice_settings(page.session.db, DEMO_YEAR).number == "12"
    choose(page, qtbot, "notice")
    qtbot.keyClick(page.preview_button, Qt.Key.Key_Space)
    assert "〔2018〕12号" in PdfReader(BytesIO(page.pdf)).pages[0].extract_text()
    edit.selectAll()
    qtbot.keyClicks(edit, "x1")
    qtbot.keyClick(page.save_notice_button, Qt.Key.Key_Space)
    assert "阿拉伯数字" in page.status.text()
    assert read_notice_settings(page.session.db, DEMO_YEAR).number == "12"


def test_notice_wording_stays_editable_after_the_year_is_locked(page: PrintPage, qtbot) -> None:
    """The notice is issued after 委党委审定: locking the year must not stop the clerk setting its number."""
    from app.models import years as ym

    db = page.session.db
    with page.session.write("审定", allow_locked=True) as conn:
        ym.lock_year(conn, db, DEMO_YEAR, "王主任", "委党委会审定")
    edit = page.notice_inputs["number"]
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "7")
    qtbot.keyClick(page.save_notice_button, Qt.Key.Key_Space)
    assert read_notice_settings(db, DEMO_YEAR).number == "7"


def test_item_import_previews_then_writes(page: PrintPage, tmp_path: Path, ask_mock: AskMock) -> None:
    db: Database = page.session.db
    workbook = load_workbook(BytesIO(item_template_bytes(db, DEMO_YEAR)))
    workbook[SHEET].cell(row=3, column=6, value=0.5)  # row 1 the title, row 2 the heads
    path = tmp_path / "items.xlsx"
    workbook.save(path)
    seen = []
    ask_mock.file(path).dialog(lambda question: seen.append(question.subject.preview) or True)
    page.workbooks.import_items()
    assert len(seen[0].changes) == 1 and page.status.text() == "已导入 1 项得分。"
    workbook[SHEET].cell(row=4, column=6, value="abc")
    workbook.save(path)
    before = db.query("SELECT count(*) FROM audit_log")[0][0]
    ask_mock.file(path).dialog(False)  # the errors are listed; 导入 is disabled: the clerk cancels
    page.workbooks.import_items()
    assert "1 处错误" in page.status.text()
    assert db.query("SELECT count(*) FROM audit_log")[0][0] == before


def test_import_dialog_lists_errors_and_cannot_import_them(page: PrintPage, qtbot) -> None:
    from app.ui.printing.item_import_dialog import ItemImportDialog
    from app.workbooks.items import read_item_workbook

    workbook = load_workbook(BytesIO(item_template_bytes(page.session.db, DEMO_YEAR)))
    workbook[SHEET].cell(row=5, column=6, value=-2)
    buffer = BytesIO()
    workbook.save(buffer)
    dialog = ItemImportDialog(read_item_workbook(page.session.db, DEMO_YEAR, buffer.getvalue()), page)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 1 and dialog.model.index(0, 0).data() == "5"
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()


def test_results_workbook_export(page: PrintPage, qtbot, tmp_path: Path, ask_mock: AskMock) -> None:
    target = tmp_path / "out.xlsx"
    ask_mock.file(target)
    qtbot.keyClick(page.excel_button, Qt.Key.Key_Space)
    assert page.status.text() == f"已导出：{target}"
    assert "第一组" in load_workbook(target, read_only=True).sheetnames


def test_landscape_documents_print_landscape(page: PrintPage, qtbot, tmp_path: Path, ask_mock: AskMock) -> None:
    out = tmp_path / "printed.pdf"
    ask_mock.text("").dialog(print_to(out))  # a blank 成文日期 (to write by hand), then the printer
    choose(page, qtbot, "certificates")
    qtbot.keyClick(page.print_button, Qt.Key.Key_Space)
    first = PdfReader(out).pages[0]
    assert first.mediabox.width > first.mediabox.height
    assert len(PdfReader(out).pages) == len(PdfReader(BytesIO(page.pdf)).pages)


def test_the_banner_names_the_faces_used_and_missing(page: PrintPage) -> None:
    """Issue 19: the page says at its top which face each role is set in and which the PC lacks."""
    from app.documents.fonts import plan_fonts

    text = page.fonts_banner.text()
    plan = plan_fonts()
    for choice in plan.choices.values():
        assert choice.label in text or choice.family in text
    for missing in plan.missing():
        assert f"本机缺{missing}" in text


def test_a_face_picked_is_kept_in_the_file_and_used(page: PrintPage, qtbot) -> None:
    from app.documents.data import read_font_choices
    from app.documents.fonts import SANS

    combo = page.fonts_box.combos["fangsong"]
    index = next(i for i in range(combo.count()) if SANS.label in combo.itemText(i) or combo.itemData(i) == SANS.family)
    combo.setCurrentIndex(index)
    qtbot.keyClick(page.fonts_box.save_button, Qt.Key.Key_Space)
    assert read_font_choices(page.session.db, DEMO_YEAR) == {"fangsong": combo.itemData(index)}
    assert "字体选择已保存" in page.status.text()
    assert "所选" not in page.fonts_banner.text()
    audit = page.session.db.query("SELECT reason FROM changes ORDER BY id DESC LIMIT 1")
    assert audit[0]["reason"] == "选择文书字体"


def test_the_notice_is_saved_as_word_with_the_date_asked_for(
    page: PrintPage, qtbot, tmp_path: Path, ask_mock: AskMock
) -> None:
    from docx import Document

    target = tmp_path / "通报.docx"
    ask_mock.text("2018.1.15").file(target)
    choose(page, qtbot, "results")
    assert not page.word_button.isEnabled()  # Word is for the notice only
    choose(page, qtbot, "notice")
    page.notice_inputs["cc"].setText("市委办公室、市人社局")
    page.sealed.setChecked(True)
    qtbot.keyClick(page.word_button, Qt.Key.Key_Space)
    texts = [p.text for p in Document(str(target)).paragraphs]
    assert "2018年1月15日" in texts and "抄送：市委办公室，市人社局。" in texts
    assert page.notice_inputs["date"].text() == "2018年1月15日"


def test_certificate_positions_are_checked_and_saved(page: PrintPage, qtbot) -> None:
    from app.documents.data import gather_certificate_settings

    box = page.certificate_box
    box.mode.setCurrentIndex(box.mode.findData("preprinted"))
    box.inputs["offset_x"].setText("2.5")
    box.inputs["name_y"].setText("abc")
    qtbot.keyClick(box.save_button, Qt.Key.Key_Space)
    assert "未保存" in page.status.text() and "受奖者 上边距" in page.status.text()
    box.inputs["name_y"].setText("75")
    qtbot.keyClick(box.save_button, Qt.Key.Key_Space)
    saved = gather_certificate_settings(page.session.db, DEMO_YEAR)
    assert (saved.mode, saved.offset_x, saved.name_y) == ("preprinted", 2.5, 75.0)
    choose(page, qtbot, "certificate-calibration")
    qtbot.keyClick(page.preview_button, Qt.Key.Key_Space)
    assert "校准页" in "".join(PdfReader(BytesIO(page.pdf)).pages[0].extract_text().split())


def test_the_detail_is_on_the_list_and_previews(page: PrintPage, qtbot) -> None:
    """考评明细 (issue 12): one page per unit, then the cadres' lines, from the same explanation as 考评结果's panel."""
    choose(page, qtbot, "detail")
    qtbot.keyClick(page.preview_button, Qt.Key.Key_Space)
    reader = PdfReader(BytesIO(page.pdf))
    units = len(page.session.result().units)
    assert len(reader.pages) > units
    assert "考评明细" in reader.pages[0].extract_text().replace(" ", "").replace("\n", "")


def test_certificates_ask_first_while_a_prize_they_name_is_provisional(
    page: PrintPage, qtbot, tmp_path: Path, ask_mock: AskMock
) -> None:
    """Issue 12: printing certificates or the notice while anything they name is provisional asks first and says
    what is open — here 财务科 is 缺项, so every prize of 第一组 may still move."""
    with page.session.write("删一项得分") as conn:
        conn.execute("DELETE FROM item_scores WHERE year = ? AND unit = '财务科' AND item = 'common-01'", (DEMO_YEAR,))
    ask_mock.no()
    choose(page, qtbot, "certificates")
    qtbot.keyClick(page.save_button, Qt.Key.Key_Space)
    [question] = ask_mock.questions
    assert "数据未录齐的科室（单位）：财务科" in question.text and "奖项暂定" in question.text
    assert "已取消" in page.status.text()
