"""Rosters for the roster tests: a roster workbook as clerks fill it, 干部名册 shown on a small roster, a year
whose roster is typed without 编号 and whose best person is known (the 编号-across-years tests:
tests/models/test_roster_identity.py and tests/ui/roster/test_returning_people.py), and the clerk's answer to the
page's import preview."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from app.models.db import Database
from app.models.roster import CadreFields, apply_import, earlier_roster, plan_import
from app.models.store import CadreRow, ensure_year, read_cadres, set_leader_rating, set_tally, upsert_cadre, year_scheme
from app.ui.widgets.ask import Question

if TYPE_CHECKING:
    from app.ui.roster.page import RosterPage

HEADER = ("编号", "姓名", "科室", "类别", "职务层次", "主要负责人", "不得评优原因")
NAMES = ("张三", "李四", "王五", "赵六", "钱七", "孙八", "周九")  # a pool of 7: 15% → one 优秀 place


def sheet(
    path: Path,
    rows: Iterable[Sequence[object]],
    header: Sequence[object] = HEADER,
    title: str = "干部名册",
    before: Iterable[Sequence[object]] = (),
) -> Path:
    """A roster workbook at `path`: the `before` rows (a title, say), the header, then `rows`."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = title
    for row in [*before, header, *rows]:
        book.active.append(list(row))
    book.save(path)
    return path


def import_year(db: Database, year: int, names: tuple[str, ...], best: str) -> dict[str, str]:
    """A year whose roster is typed in `names` order without 编号, and where `best` has the top total."""
    ensure_year(db, year)
    fields = [(n, CadreFields(name, "办公室", "公务员", "科员")) for n, name in enumerate(names, start=2)]
    plan = plan_import(year_scheme(db, year), fields, read_cadres(db, year), earlier_roster(db, year))
    assert not plan.problems
    with db.atomic("名册", "test") as conn:
        apply_import(conn, year, plan)
        for cadre in read_cadres(db, year):
            top = cadre.name == best
            set_tally(conn, year, cadre.id, (10, 0, 0, 0) if top else (0, 10, 0, 0))
            set_leader_rating(conn, year, 1, cadre.id, [Decimal(6) if top else Decimal(5)] * 5)
    return {c.name: c.id for c in read_cadres(db, year)}


WANG = CadreRow("c001", "王建国", "办公室", "civil_servant", "正科", True, None, 0)  # 办公室's head


@contextmanager
def roster_page(qtbot, tmp_path: Path, cadres: Iterable[CadreRow]) -> Iterator[RosterPage]:
    """干部名册 shown on a fresh 2017 (tests/helpers/data_pages.py) whose roster is `cadres`; the file is closed
    after."""
    from app.ui.roster.page import RosterPage
    from tests.helpers.data_pages import YEAR, fresh_session, show_page

    session = fresh_session(tmp_path)
    with session.db.atomic("测试名册", "test") as conn:
        for cadre in cadres:
            upsert_cadre(conn, YEAR, cadre)
    session.notify_changed()
    yield show_page(qtbot, RosterPage(session))
    session.db.close()


def press_in_preview(qtbot, button: str = "导入", seen: list[bool] | None = None) -> Callable[[Question], bool]:
    """The answer (for `ask_mock.dialog`) to 干部名册's import preview: the clerk presses `button` (导入 or 取消)
    with the mouse; a disabled 导入 does nothing, and the clerk then closes the preview. `seen` gets whether 导入
    was enabled."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialog

    from app.ui.roster.page import ImportPreview

    def answer(question: Question) -> bool:
        preview = question.subject
        assert isinstance(preview, ImportPreview) and question.title == preview.windowTitle()
        preview.show()
        qtbot.waitExposed(preview)
        if seen is not None:
            seen.append(preview.import_button.isEnabled())
        pressed = next(b for b in preview.buttons.buttons() if b.text() == button)
        qtbot.mouseClick(pressed, Qt.MouseButton.LeftButton)
        if preview.isVisible():  # 导入 was disabled: nothing happened, so the clerk cancels
            preview.reject()
        return preview.result() == QDialog.DialogCode.Accepted

    return answer
