"""干部名册 import, issue 16.4: the preview counts each kind of change, conflicts stop the import, and clearing a
主要负责人 (seed: 一等奖科室主要负责人为优秀 depends on it) is written only after the clerk says yes."""

from __future__ import annotations

import pytest

from app.models.store import CadreRow, read_cadres
from app.ui.roster.page import RosterPage
from tests.helpers.ask_mock import AskMock
from tests.helpers.data_pages import YEAR
from tests.helpers.roster_years import WANG, press_in_preview, roster_page, sheet


@pytest.fixture
def page(qtbot, tmp_path):
    with roster_page(
        qtbot, tmp_path, [WANG, CadreRow("c002", "李红", "财务科", "civil_servant", "正科", True, None, 1)]
    ) as page:
        yield page


def heads(page: RosterPage) -> dict[str, bool]:
    return {c.id: c.is_head for c in read_cadres(page.session.db, YEAR)}


@pytest.mark.parametrize("answer", [False, True])
def test_clearing_a_head_asks_first(qtbot, page: RosterPage, tmp_path, ask_mock: AskMock, answer: bool) -> None:
    ask_mock.dialog(press_in_preview(qtbot))
    ask_mock.yes() if answer else ask_mock.no()
    path = sheet(
        tmp_path / "heads.xlsx",
        [
            ("c001", "王建国", "办公室", "公务员", "正科", "否", ""),
            ("c002", "李红", "财务科", "公务员", "正科", "是", ""),
        ],
    )
    preview = page.import_workbook(path)
    assert preview is not None and preview.import_button.isEnabled()
    assert "取消主要负责人 1 人" in preview.summary.text()
    assert "将取消 1 位科室（单位）主要负责人：办公室的王建国（第2行）" in preview.problems.toPlainText()
    (_preview, asked) = ask_mock.questions
    assert asked.title == "确认导入" and "办公室的王建国" in asked.text
    assert heads(page) == {"c001": not answer, "c002": True}
    assert ("已从 heads.xlsx 导入" in page.message.text()) == answer


def test_without_the_column_nothing_is_asked_and_heads_stay(
    qtbot, page: RosterPage, tmp_path, ask_mock: AskMock
) -> None:
    # Nothing to ask after the preview: any other question fails the test.
    ask_mock.dialog(press_in_preview(qtbot))
    path = sheet(
        tmp_path / "plain.xlsx",
        [("王建国", "办公室", "公务员", "正科"), ("周杰", "财务科", "公务员", "科员")],
        header=("姓名", "科室", "类别", "职务层次"),
    )
    preview = page.import_workbook(path)
    assert preview is not None
    assert preview.summary.text().startswith("新增 1 人，更新 0 人，不变 1 人；名册中另有 1 人不在表中，保持不变。")
    assert "表中没有“主要负责人”“不得评优原因”列" in preview.summary.text()
    assert heads(page) == {"c001": True, "c002": True, "c003": False}


def test_a_conflict_stops_the_import(qtbot, page: RosterPage, tmp_path, ask_mock: AskMock) -> None:
    enabled: list[bool] = []
    ask_mock.dialog(press_in_preview(qtbot, seen=enabled))  # 导入 is pressed, in vain
    path = sheet(tmp_path / "serial.xlsx", [("1", "王建国", "办公室", "公务员", "正科", "是", "")])
    preview = page.import_workbook(path)
    assert preview is not None and enabled == [False]
    assert "1 行与名册中已有人员冲突" in preview.summary.text()
    assert "编号“1”不在名册中，但名册中已有办公室的王建国（编号 c001）" in preview.problems.toPlainText()
    assert set(heads(page)) == {"c001", "c002"}
