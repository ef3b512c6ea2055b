"""干部名册 ▸ 从 Excel 导入名册 gives returning people their earlier 编号 (the rule itself, in the model:
tests/models/test_roster_identity.py).

Seed: 六、考评结果运用（一）1、…连续三年被评定为优秀等次的，记三等功一次 — the engine follows a person across years
by 编号, so the same person must keep the same 编号 every year.
"""

from __future__ import annotations

from pathlib import Path

from app.models.db import open_database
from app.models.store import ensure_year, read_cadres
from app.ui.roster.models import RosterPreviewModel
from app.ui.roster.page import RosterPage
from app.ui.shell.session import Session
from tests.helpers.ask_mock import AskMock
from tests.helpers.data_pages import show_page
from tests.helpers.roster_years import NAMES, import_year, press_in_preview, sheet


def test_roster_page_import_gives_returning_people_their_earlier_ids(qtbot, tmp_path: Path, ask_mock: AskMock) -> None:
    """The 干部名册 page's 从 Excel 导入名册 passes the earlier rosters: 连续三年被评定为优秀等次的，记三等功一次 needs the
        same person under the same 编号 every year. The preview shows the kept 编号; 导入 writes them (the shown ones: the
    preview is read after it closed)."""
    database = open_database(tmp_path / "p.sqlite")
    try:
        before = import_year(database, 2016, NAMES, best="张三")
        ensure_year(database, 2017)
        session = Session(database)
        session.set_year(2017)
        page = show_page(qtbot, RosterPage(session))
        rows = [
            ("", "新人", "办公室", "公务员", "科员", "否", "无"),
            ("", "王五", "办公室", "公务员", "科员", "否", ""),
        ]
        enabled: list[bool] = []
        ask_mock.dialog(press_in_preview(qtbot, seen=enabled))
        preview = page.import_workbook(sheet(tmp_path / "p.xlsx", rows, before=[("2017年度干部名册",)]))
        assert preview is not None and enabled == [True]
        model = preview.model
        shown = {
            model.index(r, RosterPreviewModel.P_NAME).data(): model.index(r, RosterPreviewModel.P_ID).data()
            for r in range(model.rowCount())
        }
        assert shown["王五"] == before["王五"] and shown["新人"] not in before.values()
        assert model.index(0, RosterPreviewModel.P_BARRED).data() == ""
        assert {c.name: c.id for c in read_cadres(database, 2017)} == shown
    finally:
        database.close()
