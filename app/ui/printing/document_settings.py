"""What 打印与导出 adds for documents an office signs and sends (issue 19): the forms' values as the documents'
data (wording, typefaces, the certificates' stock), the 成文日期 asked for before the notice or certificates go out,
the notice saved as Word, and the typeface and certificate settings saved (audited, editable after 审定).

A mixin of PrintPage (page.py), which owns the widgets these methods read: notice_box (notice_inputs), fonts_box,
fonts_banner, certificate_box, status, session; and save_file, settled_or_confirmed."""

from __future__ import annotations

from app.documents.export import DOCUMENTS as DOCUMENT_NAMES
from app.documents.export import WORD_DOCUMENTS
from app.models.errors import AppraisalError
from app.ui.widgets import ask

DATED = ("notice", "certificates")  # documents that carry the 成文日期


class DocumentSettingsMixin:
    """Methods of PrintPage; see the module's docstring."""

    def refresh_fonts(self) -> None:
        """The banner and the pickers: the PC's faces (fc-list / the Fonts folder, read once) and the year's picks."""
        from app.documents.data import read_font_choices
        from app.documents.fonts import plan_fonts, unusable_faces, usable_faces

        choices = read_font_choices(self.session.db, self.session.year) if self.session.year is not None else {}
        families = [face.family for face in usable_faces()]
        self.fonts_box.load(families, choices, [face.family for face in unusable_faces()])
        self.fonts_banner.show_plan(plan_fonts(choices=choices))

    def document_data(self, doc: str):
        """The year's data for `doc` with the forms' current values: the notice's wording (also the certificates'
        issuer and date), the typefaces picked, the certificates' stock."""
        from dataclasses import replace

        from app.documents.data import gather

        data = gather(self.session.db, self.session.year, self.session.result())
        data = replace(data, font_choices=tuple(sorted(self.fonts_box.choices().items())))
        if doc in ("notice", "certificates", "certificate-calibration"):
            data = data.with_notice(self.notice_box.settings())
        if doc in ("certificates", "certificate-calibration"):
            data = replace(data, certificate=self.certificate_box.settings())
        return data

    def ensure_document_date(self, doc: str) -> bool:
        """Before the notice or the certificates go out without a 成文日期: ask (the assessment's date proposed)."""
        if doc not in DATED or self.notice_inputs["date"].text().strip() or self.session.year is None:
            return True
        from app.documents.data import gather, normalize_date

        data = gather(self.session.db, self.session.year, self.session.result())
        proposed = data.document_date() if data.assessment_date else ""
        while True:
            answer = self.ask_document_date(proposed)
            if answer is None:
                self.status.info("已取消：未确定成文日期。")
                return False
            try:
                self.notice_inputs["date"].setText(normalize_date(answer, "成文日期"))
                return True
            except AppraisalError as exc:
                self.status.error(str(exc))
                proposed = answer

    # --- actions ------------------------------------------------------------------------------

    def save_word(self) -> None:
        """The notice as an editable .docx (python-docx, loaded only here), for WPS/Word and the 公文 system."""
        doc = self.current_doc()
        if self.session.year is None or doc not in WORD_DOCUMENTS:
            return
        if not self.settled_or_confirmed(doc) or not self.ensure_document_date(doc):
            return
        from app.documents.notice_docx import notice_docx_bytes

        try:
            content = notice_docx_bytes(self.document_data(doc))
        except AppraisalError as exc:
            self.status.error(f"未能生成：{exc}")
            return
        path = ask.save_file(
            self, "保存 Word 文件", f"{self.session.year}-{DOCUMENT_NAMES[doc]}.docx", "Word 文件 (*.docx)"
        )
        if path:
            self.save_file(path, content, "已保存 Word 文件")

    def save_fonts(self) -> None:
        if self.session.year is None:
            return
        from app.documents.data import write_font_choices

        choices = self.fonts_box.choices()
        try:
            # Like the notice's wording: chosen for the printed documents, editable after 审定.
            with self.session.write("选择文书字体", allow_locked=True) as conn:
                write_font_choices(conn, self.session.year, choices)
        except AppraisalError as exc:
            self.status.error(f"未保存：{exc}")
            return
        self.refresh_fonts()
        self.status.ok("字体选择已保存。")

    def save_certificate_settings(self) -> None:
        if self.session.year is None:
            return
        from app.documents.data import write_certificate_settings

        try:
            settings = self.certificate_box.settings()
            with self.session.write("修改奖状纸张与套打位置", allow_locked=True) as conn:
                write_certificate_settings(conn, self.session.year, settings)
        except AppraisalError as exc:
            self.status.error(f"未保存：{exc}")
            return
        self.status.ok("奖状设置已保存。")

    def ask_document_date(self, proposed: str) -> str | None:
        """The 成文日期 before the notice or certificates go out (proposed: the assessment's date, if any); "" prints a
        blank to fill in by hand; None cancels."""
        return ask.text(self, "成文日期", "成文日期（如 2018年1月15日；留空则印“　年　月　日”手填）：", proposed)
