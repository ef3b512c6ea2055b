"""The monthly notice's wording (一月一汇总一通报): keyed on the 市对区考绩 page with the notice of commendation's
form, stored per year in `year_documents` (kind `indicator_notice`) through one audited write, and printed.

Seed clauses checked here:
- 区考绩办将对市对区指标进展情况实行“一月一汇总一通报” (the monthly summary notice).
- 温龙考办〔2015〕12号 (the district 考绩办's own document number: 代字, year in 〔〕, number with 号).
"""

from __future__ import annotations

import json
import re
from io import BytesIO

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from app.documents.district import (
    DEFAULT_WORDING,
    check_wording,
    district_pdf_bytes,
    notice_settings,
    read_wording,
    write_wording,
)
from app.models.district.indicators import Indicator, save_indicator, set_peers
from app.models.errors import ValidationError
from app.ui.district.page import DistrictPage
from app.ui.printing.page import PrintPage
from app.ui.widgets.notice_wording import NoticeWordingForm
from tests.helpers.data_pages import YEAR, fresh_session, lock_year, show_page, type_chinese

MONTH = f"{YEAR}-09"


@pytest.fixture
def page(qtbot, tmp_path):
    session = fresh_session(tmp_path)
    with session.db.atomic("测试：指标", "test") as conn:
        set_peers(conn, YEAR, ["鹿城区", "瓯海区"])
        save_indicator(conn, YEAR, Indicator("i01", "规上工业增加值", "区经信局"))
    page = DistrictPage(session)
    show_page(qtbot, page)
    page.refresh_now()
    page.set_month(MONTH)
    page.tabs.setCurrentWidget(page.notice)
    yield page
    session.db.close()


def stored(page: DistrictPage) -> dict | None:
    rows = page.session.db.query(
        "SELECT body FROM year_documents WHERE year = ? AND kind = 'indicator_notice'", (YEAR,)
    )
    return json.loads(rows[0]["body"]) if rows else None


def retype(qtbot, edit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    if text.isascii():
        qtbot.keyClicks(edit, text)
    else:
        type_chinese(edit, text)


def pdf_text(page: DistrictPage, month: str = MONTH) -> str:
    pdf = district_pdf_bytes(page.session.db, YEAR, "indicator-notice", month)
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages))


def test_the_form_is_the_notice_of_commendations_widget(page: DistrictPage, qtbot, tmp_path) -> None:
    """One form for both notices: the print page's wording box and this tab's are the same widget class."""
    assert isinstance(page.notice.form, NoticeWordingForm)
    print_page = PrintPage(page.session)
    qtbot.addWidget(print_page)
    assert isinstance(print_page.notice_box, NoticeWordingForm)
    assert print_page.notice_inputs is print_page.notice_box.inputs


def test_keying_the_wording_by_keyboard_and_printing_it(page: DistrictPage, qtbot) -> None:
    """温龙考办〔2015〕12号 — the clerk types the 代字 and the number, Enter saves; the printed notice carries them."""
    form = page.notice.form
    assert form.inputs["number"].text() == "{月}" and form.inputs["number_prefix"].text() == "考办"
    assert "考办〔2017〕9号" in page.notice.sample.text()
    retype(qtbot, form.inputs["authority"], "温州市龙湾区考绩委员会办公室文件")
    retype(qtbot, form.inputs["number_prefix"], "温龙考办")
    retype(qtbot, form.inputs["number"], "12")
    retype(qtbot, form.inputs["addressee"], "区级各部门：")
    retype(qtbot, form.inputs["issuer"], "区考绩办")
    retype(qtbot, form.inputs["printer"], "龙湾区考绩委员会办公室")
    qtbot.keyClick(form.inputs["printer"], Qt.Key.Key_Return)
    assert "已保存" in page.message.text(), page.message.text()
    body = stored(page)
    assert body is not None and body["number_prefix"] == "温龙考办" and body["number"] == "12"
    reason = page.session.db.query(
        "SELECT reason FROM audit_log WHERE tbl = 'year_documents' ORDER BY id DESC LIMIT 1"
    )[0]["reason"]
    assert reason == "修改市对区考绩月度通报的文号与措辞"
    assert "温龙考办〔2017〕12号" in page.notice.sample.text()
    text = pdf_text(page)
    for part in (
        "温州市龙湾区考绩委员会办公室文件",
        "温龙考办〔2017〕12号",
        "区级各部门：",
        "区考绩办",
        "龙湾区考绩委员会办公室",
    ):
        assert part in text, part


def test_patterns_serve_every_month(page: DistrictPage, qtbot) -> None:
    """一月一汇总一通报: with {月} in the number and the title, each month's notice gets its own; the number's year
    is the notice's month's (a January notice of the window belongs to the next calendar year)."""
    form = page.notice.form
    retype(qtbot, form.inputs["number"], "1{月}")
    retype(qtbot, form.inputs["title"], "关于{年}年{月}月考绩指标的通报")
    qtbot.keyClick(form.inputs["title"], Qt.Key.Key_Return)
    september = notice_settings(page.session.db, YEAR, MONTH)
    january = notice_settings(page.session.db, YEAR, f"{YEAR + 1}-01")
    assert september.document_number(YEAR) == "考办〔2017〕19号"
    assert january.document_number(YEAR) == "考办〔2018〕11号"
    assert (september.title, january.title) == ("关于2017年9月考绩指标的通报", "关于2018年1月考绩指标的通报")
    assert "关于2017年9月考绩指标的通报" in pdf_text(page)


def test_a_bad_number_is_refused_and_nothing_written(page: DistrictPage, qtbot) -> None:
    """Bad input: a Chinese message naming the field, and nothing written."""
    form = page.notice.form
    retype(qtbot, form.inputs["number"], "十二")
    qtbot.keyClick(form.inputs["number"], Qt.Key.Key_Return)
    assert "发文顺序号" in page.message.text() and "阿拉伯数字" in page.message.text()
    assert stored(page) is None
    retype(qtbot, form.inputs["number"], "9")
    retype(qtbot, form.inputs["number_year"], "17")
    qtbot.keyClick(form.inputs["number_year"], Qt.Key.Key_Return)
    assert "文号年份" in page.message.text()
    assert stored(page) is None


def test_blank_fields_take_the_defaults(page: DistrictPage, qtbot) -> None:
    """A field left empty goes back to the district 考绩办's default."""
    form = page.notice.form
    retype(qtbot, form.inputs["issuer"], "区考绩办")
    qtbot.keyClick(form.inputs["issuer"], Qt.Key.Key_Return)
    form.inputs["issuer"].clear()
    form.inputs["issuer"].setFocus()
    qtbot.keyClick(form.inputs["issuer"], Qt.Key.Key_Return)
    assert stored(page)["issuer"] == DEFAULT_WORDING["issuer"]
    assert form.inputs["issuer"].text() == DEFAULT_WORDING["issuer"]


def test_the_wording_stays_editable_in_a_locked_year(page: DistrictPage, qtbot) -> None:
    """As the notice of commendation's: notices are issued after 审定, so a locked year still takes the wording
    (one audited write), while its keyed data stays locked."""
    lock_year(page.session.db)
    page.session.notify_changed()
    page.refresh_now()
    form = page.notice.form
    assert form.save_button.isEnabled()
    retype(qtbot, form.inputs["number"], "12")
    qtbot.keyClick(form.inputs["number"], Qt.Key.Key_Return)
    assert stored(page)["number"] == "12", page.message.text()


def test_check_wording_lists_every_problem() -> None:
    with pytest.raises(ValidationError) as caught:
        check_wording({"number": "第{月}", "number_year": "二〇一七", "title": "关于{季度}的通报"})
    where = [p.path for p in caught.value.problems]
    assert len(where) == 3 and any("发文顺序号" in w for w in where) and any("标题" in w for w in where)


def test_wording_stored_before_patterns_still_reads(tmp_path) -> None:
    """A body written by an earlier version (NoticeSettings fields, number_year as a number) reads as it was."""
    session = fresh_session(tmp_path)
    body = {"authority": "区考绩办文件", "number_prefix": "考办", "number_year": 0, "number": "7", "opening": "x"}
    with session.db.atomic("测试", "test") as conn:
        conn.execute(
            "INSERT INTO year_documents (year, kind, body) VALUES (?, 'indicator_notice', ?)",
            (YEAR, json.dumps(body, ensure_ascii=False)),
        )
    assert read_wording(session.db, YEAR)["number"] == "7"
    assert notice_settings(session.db, YEAR, MONTH).document_number(YEAR) == "考办〔2017〕7号"
    with session.db.atomic("测试", "test") as conn:
        assert write_wording(conn, YEAR, {"number": ""})["number"] == "{月}"
    session.db.close()
