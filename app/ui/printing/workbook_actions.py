"""打印与导出's Excel buttons: the results workbook, the item-score workbook to fill in, and reading it back
(with a preview; the scores are written by app/models in one audited transaction)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from app.documents.data import gather
from app.documents.output import write_bytes
from app.models.errors import AppraisalError
from app.models.unit_data import apply_item_scores
from app.ui.printing.item_import_dialog import ItemImportDialog
from app.ui.shell.session import Session
from app.ui.widgets import ask
from app.ui.widgets.progress import run_with_progress
from app.workbooks.items import item_template_bytes, read_item_workbook, score_changes
from app.workbooks.results import results_workbook_bytes

XLSX = "Excel 工作簿 (*.xlsx)"


class WorkbookActions:
    """`say` shows the outcome at the top of the page: (text, kind) with kind ok, info or error."""

    def __init__(self, session: Session, parent: QWidget, say: Callable[[str, str], None]) -> None:
        self.session = session
        self.parent = parent
        self.say = say

    def save(self, path: str, content: bytes) -> None:
        try:
            write_bytes(path, content)
        except OSError as exc:
            self.say(f"保存失败：{exc}", "error")
            return
        self.say(f"已导出：{path}", "ok")

    def export_results(self) -> None:
        year = self.session.year
        if year is None:
            return
        path = ask.save_file(self.parent, "导出结果 Excel", f"{year}-考评结果.xlsx", XLSX)
        if not path:
            return
        data = gather(self.session.db, year, self.session.result())
        content = run_with_progress(
            self.parent,
            "正在生成 Excel 工作簿…",
            lambda progress: results_workbook_bytes(self.session.db, data, progress),
        )
        self.save(path, content)

    def export_item_template(self) -> None:
        year = self.session.year
        if year is None:
            return
        path = ask.save_file(self.parent, "导出项目得分表", f"{year}-项目得分.xlsx", XLSX)
        if path:
            self.save(path, item_template_bytes(self.session.db, year))

    def import_items(self) -> None:
        year = self.session.year
        if year is None:
            return
        path = ask.open_file(self.parent, "导入项目得分表", XLSX)
        if not path:
            return
        preview = read_item_workbook(self.session.db, year, path)
        if not ask.run(ItemImportDialog(preview, self.parent)) or not preview.ok:
            self.say(
                *(
                    ("未导入任何数据。", "info")
                    if preview.ok
                    else (f"有 {len(preview.errors)} 处错误，未导入任何数据。", "error")
                )
            )
            return
        if not preview.changes:
            self.say(f"没有变化（{preview.unchanged} 项与现有得分相同）。", "info")
            return
        try:
            with self.session.write(f"从 Excel 导入项目得分（{Path(path).name}）") as conn:
                apply_item_scores(conn, year, score_changes(preview))
        except AppraisalError as exc:
            self.say(str(exc), "error")
            return
        self.say(f"已导入 {len(preview.changes)} 项得分。", "ok")
