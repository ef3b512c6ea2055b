"""打印与导出: pick a document, copies and options, edit the notice's wording, preview it inside the window,
print it to a chosen printer or save the PDF (the notice also as Word); the typefaces of the year's documents (a
banner at the top says which are used and which are missing) and the certificates' stock; export the results
workbook and the item-score workbook, and import item scores back (with a preview). The documents themselves are
built by app/documents.

The page is assembled from pieces: the document options (here), the notice settings (notice_settings.py), the
typefaces (fonts_box.py), the certificates' stock (certificate_box.py), the preview (preview.py), the Excel
buttons (workbook_actions.py), and what signed documents need (document_settings.py: the forms as the
documents' data, the 成文日期, Word); PDFs become images for the preview and the printer in pdf_pages.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QHideEvent, QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.documents.data import (
    gather,
    gather_certificate_settings,
    open_matters,
    read_notice_settings,
    write_notice_settings,
)
from app.documents.export import DOCUMENTS as DOCUMENT_NAMES
from app.documents.export import NUMBERED, WORD_DOCUMENTS, glyph_warning, render_document, unprintable_names
from app.documents.output import write_bytes
from app.models.errors import AppraisalError
from app.ui.printing.certificate_box import CertificateBox
from app.ui.printing.document_settings import DocumentSettingsMixin
from app.ui.printing.fonts_box import FontsBanner, FontsBox
from app.ui.printing.notice_settings import NoticeSettingsForm
from app.ui.printing.preview import PreviewPane
from app.ui.shell.page import Page
from app.ui.shell.session import Session
from app.ui.widgets import ask
from app.ui.widgets.messages import ERROR, WARNING, MessageLine, style_for
from app.ui.widgets.progress import run_with_progress

PREVIEW_DELAY_MS = 400  # after the last ↑/↓ in the document list

if TYPE_CHECKING:
    from app.ui.printing.workbook_actions import WorkbookActions


class DocumentOptions(QWidget):
    """Which document, how many numbered copies from which serial (the democratic ballot, 无记名, only when the
    office numbers its ballots), one file per certificate."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = QComboBox()
        for key, name in DOCUMENT_NAMES.items():
            self.document.addItem(name, key)
        self.copies = QSpinBox()
        self.copies.setRange(1, 2000)
        self.first_serial = QSpinBox()
        self.first_serial.setRange(1, 99999)
        # The democratic ballot is 无记名: no serial unless the office numbers its ballots (issue 18).
        self.numbered_democratic = QCheckBox("民主测评表也印编号(&U)")
        self.numbered_democratic.setToolTip(
            "默认不印：编号可能让人把选票与发给谁对应起来。只有单位要求给测评票编号时才勾选。"
        )
        self.numbered_democratic.toggled.connect(self._document_changed)
        self.one_file_each = QCheckBox("每个获奖对象一个 PDF 文件")
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("文档(&D)", self.document)
        form.addRow("份数(&N)", self.copies)
        form.addRow("起始编号(&S)", self.first_serial)
        form.addRow("", self.numbered_democratic)
        form.addRow("", self.one_file_each)
        self.document.currentIndexChanged.connect(self._document_changed)
        self._document_changed()

    def current_doc(self) -> str:
        return str(self.document.currentData())

    def _document_changed(self, *_args: object) -> None:
        doc = self.current_doc()
        democratic = doc == "ballot-democratic"
        self.copies.setEnabled(doc in NUMBERED)
        self.numbered_democratic.setEnabled(democratic)
        self.first_serial.setEnabled(doc in NUMBERED and (not democratic or self.numbered_democratic.isChecked()))
        self.one_file_each.setEnabled(doc == "certificates")

    def numbered(self) -> bool | None:
        """True: the democratic ballots carry serials (asked for); None: each document's own rule."""
        return True if self.current_doc() == "ballot-democratic" and self.numbered_democratic.isChecked() else None


class PrintPage(DocumentSettingsMixin, Page):
    title = "打印与导出"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.pdf: bytes | None = None
        self.pdf_doc: str | None = None

        self.options = DocumentOptions()
        self.document = self.options.document
        self.copies = self.options.copies
        self.first_serial = self.options.first_serial
        self.numbered_democratic = self.options.numbered_democratic
        self.one_file_each = self.options.one_file_each
        self.preview_button = QPushButton("预览(&L)")
        self.print_button = QPushButton("打印(&P)…")
        self.save_button = QPushButton("保存 PDF(&A)…")
        self.word_button = QPushButton("保存 Word(&O)…")  # the notice as an editable .docx
        self.excel_button = QPushButton("导出结果 Excel(&X)…")
        self.template_button = QPushButton("导出项目得分表(&T)…")
        self.import_button = QPushButton("导入项目得分表(&I)…")
        self.notice_box = NoticeSettingsForm()
        self.notice_inputs = self.notice_box.inputs
        self.save_notice_button = self.notice_box.save_button
        self.sealed = self.notice_box.sealed
        self.fonts_banner = FontsBanner()
        self.fonts_box = FontsBox()
        self.certificate_box = CertificateBox()
        self.status = MessageLine()  # what was saved or printed, or why not: at the top of the page
        # What is open (ties, missing data) and names no font can draw: at the top too, above both columns.
        self.open_matters_label = QLabel()
        self.open_matters_label.setObjectName("openMatters")
        self.open_matters_label.setWordWrap(True)
        self.open_matters_label.setStyleSheet(style_for(WARNING, boxed=True))
        self.open_matters_label.hide()
        self.glyphs_label = QLabel()
        self.glyphs_label.setWordWrap(True)
        self.glyphs_label.setStyleSheet(style_for(ERROR, boxed=True))
        self.glyphs_label.hide()
        # Choosing a document shows it: the preview follows the choice once the clerk stops moving (↑/↓).
        self.preview_timer = QTimer(self)
        self.preview_timer.setSingleShot(True)
        self.preview_timer.setInterval(PREVIEW_DELAY_MS)
        self.preview_timer.timeout.connect(self._preview_chosen)
        self.preview_pane = PreviewPane()
        self._workbooks: WorkbookActions | None = None
        self._layout()

        self.preview_button.clicked.connect(self.preview)
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_pdf)
        self.word_button.clicked.connect(self.save_word)
        self.fonts_box.save_button.clicked.connect(self.save_fonts)
        self.certificate_box.save_button.clicked.connect(self.save_certificate_settings)
        self.document.currentIndexChanged.connect(self.document_changed)
        self.document.currentIndexChanged.connect(lambda _i: self.preview_timer.start())
        self.excel_button.clicked.connect(lambda: self.workbooks.export_results())
        self.template_button.clicked.connect(lambda: self.workbooks.export_item_template())
        self.import_button.clicked.connect(lambda: self.workbooks.import_items())
        self.save_notice_button.clicked.connect(self.save_notice)

    def _layout(self) -> None:
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.fonts_banner)
        left_layout.addWidget(self.options)
        for button in self.buttons():
            left_layout.addWidget(button)
        for widget in (
            self.status,
            self.notice_box,
            self.certificate_box,
            self.fonts_box,
        ):
            left_layout.addWidget(widget)
        left_layout.addStretch(1)
        left_scroll = QScrollArea()
        left_scroll.setWidget(left)
        left_scroll.setWidgetResizable(True)
        splitter = QSplitter()
        splitter.addWidget(left_scroll)
        splitter.addWidget(self.preview_pane)
        splitter.setSizes([520, 880])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.open_matters_label)
        layout.addWidget(self.glyphs_label)
        layout.addWidget(splitter, 1)

    @property
    def workbooks(self) -> WorkbookActions:
        """The Excel buttons' actions, loaded with the first press: the workbook modules (30 ms) are not
        needed to show the page."""
        if self._workbooks is None:
            from app.ui.printing.workbook_actions import WorkbookActions

            self._workbooks = WorkbookActions(self.session, self, self.status.show_kind)
        return self._workbooks

    def buttons(self) -> tuple[QPushButton, ...]:
        return (
            self.preview_button,
            self.print_button,
            self.save_button,
            self.word_button,
            self.excel_button,
            self.template_button,
            self.import_button,
        )

    # --- reading ------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.pdf = None
        self.open_matters_label.hide()
        self.glyphs_label.hide()
        has_year = self.session.year is not None
        for widget in (*self.buttons(), self.fonts_box.save_button, self.certificate_box.save_button):
            widget.setEnabled(has_year)
        self.import_button.setEnabled(has_year and not self.session.locked)
        self.save_notice_button.setEnabled(has_year)  # the notice is issued after 审定: editable when locked
        if self.session.year is None:
            self.status.info("请先选择年度。")
            return
        self.notice_box.show_settings(read_notice_settings(self.session.db, self.session.year))
        self.refresh_fonts()
        self.certificate_box.load(gather_certificate_settings(self.session.db, self.session.year))
        self.document_changed()
        self.preview_pane.data_changed(previewed=self.pdf_doc is not None)

    def current_doc(self) -> str:
        return self.options.current_doc()

    def document_changed(self, *_args: object) -> None:
        self.word_button.setEnabled(self.session.year is not None and self.current_doc() in WORD_DOCUMENTS)

    # --- documents ----------------------------------------------------------------------------

    def build_pdf(self) -> bytes | None:
        if self.session.year is None:
            return None
        doc = self.current_doc()
        try:
            data = self.document_data(doc)
            copies = self.copies.value() if doc in NUMBERED else 1
            pdf = run_with_progress(
                self,
                f"正在生成{DOCUMENT_NAMES[doc]}…",
                lambda progress: render_document(
                    data,
                    doc,
                    copies=copies,
                    first_serial=self.first_serial.value(),
                    progress=progress,
                    numbered=self.options.numbered(),
                ),
            )
        except AppraisalError as exc:
            self.status.error(f"未能生成：{exc}")
            return None
        self.pdf, self.pdf_doc = pdf, doc
        self.status.info(f"{DOCUMENT_NAMES[doc]}：{data.stamp()}")
        return pdf

    def _preview_chosen(self) -> None:
        if self.isVisible():  # (a page no longer on screen previews nothing)
            self.preview()

    def hideEvent(self, event: QHideEvent) -> None:
        self.preview_timer.stop()
        super().hideEvent(event)

    def preview(self) -> None:
        self.preview_timer.stop()
        if self.session.year is None:
            return
        self.note_open_matters(self.current_doc())
        self.note_missing_glyphs(self.current_doc())
        pdf = self.build_pdf()
        if pdf is None:
            self.preview_pane.clear()
            return
        self.preview_pane.show_pdf(pdf, DOCUMENT_NAMES[self.pdf_doc or ""])

    def settled_or_confirmed(self, doc: str | None = None) -> bool:
        """Results sheet: a warning only (it goes to the committee for 审定); certificates and the notice ask.
        Any document naming someone whose name has a character no font can draw asks first."""
        doc = doc or self.current_doc()
        warning = self.note_missing_glyphs(doc)
        if warning and not ask.confirm(
            self, "有字符无法打印", f"{DOCUMENT_NAMES[doc]}：{warning}\n\n仍要继续吗？", default_no=True
        ):
            self.status.info("已取消：有名字中的字符无法打印（见上方提示）。")
            return False
        matters = self.note_open_matters(doc)
        if not matters or doc in ("results", "detail"):  # both mark what is open on the page itself
            return True
        question = (
            f"{DOCUMENT_NAMES[doc]}按当前结果生成，以下事项尚未确定：\n\n"
            + "\n".join(f"· {m}" for m in matters)
            + "\n\n并列的科室（干部）没有奖状，也不列入通报。仍要继续吗？"
        )
        if ask.confirm(self, "尚有未定事项", question, default_no=True):
            return True
        self.status.info("已取消：请先在“考评结果”中录入党委审定（选中并列行按 Enter），或补录数据。")
        return False

    def note_missing_glyphs(self, doc: str) -> str:
        """Show (below the buttons) the names with characters no font has; the warning, or "" when none."""
        self.glyphs_label.hide()
        if self.session.year is None:
            return ""
        lines = unprintable_names(gather(self.session.db, self.session.year, self.session.result()), doc)
        if not lines:
            return ""
        warning = glyph_warning(lines)
        self.glyphs_label.setText(f"⚠ {warning}")
        self.glyphs_label.show()
        return warning

    def note_open_matters(self, doc: str) -> list[str]:
        """Show (above the status line) what is unsettled for the results, certificates or the notice."""
        result = self.session.result()
        self.open_matters_label.hide()
        if doc not in ("results", "certificates", "notice", "detail") or result is None:
            return []
        matters = open_matters(result)
        if matters:
            lead = {
                "results": "结果表可报委党委审定",
                "detail": "考评明细按当前结果生成（暂定之处已在明细中注明）",
            }.get(doc, f"{DOCUMENT_NAMES[doc]}按当前结果生成")
            self.open_matters_label.setText(f"⚠ {lead}，尚有未定事项：\n" + "\n".join(matters))
            self.open_matters_label.show()
        return matters

    # --- output -------------------------------------------------------------------------------

    def print_document(self) -> None:
        if not self.settled_or_confirmed() or not self.ensure_document_date(self.current_doc()):
            return
        pdf = self.build_pdf()
        if pdf is None:
            return
        from app.ui.printing.pdf_pages import pdf_is_landscape, print_pdf  # pypdfium2: on the first print

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(DOCUMENT_NAMES[self.current_doc()])
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        landscape = pdf_is_landscape(pdf)
        printer.setPageOrientation(QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("打印")
        if not ask.run(dialog):
            self.status.info("已取消打印。")
            return
        try:
            pages = run_with_progress(
                self, "正在打印…", lambda progress: print_pdf(pdf, printer, lambda d, t: progress(d, t) or True)
            )
        except OSError as exc:
            self.status.error(f"打印失败：{exc}")
            return
        self.status.ok(f"已送打印机 {printer.printerName() or printer.outputFileName()}：{pages} 页。")

    def save_pdf(self) -> None:
        doc = self.current_doc()
        if not self.settled_or_confirmed(doc) or not self.ensure_document_date(doc):
            return
        if doc == "certificates" and self.one_file_each.isChecked():
            self.save_certificates_each()
            return
        pdf = self.build_pdf()
        if pdf is None:
            return
        path = ask.save_file(self, "保存 PDF", f"{self.session.year}-{DOCUMENT_NAMES[doc]}.pdf", "PDF 文件 (*.pdf)")
        if path:
            self.save_file(path, pdf, "已保存")

    def save_file(self, path: str, content: bytes, done: str) -> bool:
        """Write one output (never half a file under its name) and say so, or say why not."""
        try:
            write_bytes(path, content)
        except OSError as exc:
            self.status.error(f"保存失败：{exc}")
            return False
        self.status.ok(f"{done}：{path}")
        return True

    def save_certificates_each(self) -> None:
        folder = ask.folder(self, "奖状保存到文件夹")
        if not folder or self.session.year is None:
            return
        from app.documents.certificates import certificates_one_each  # one PDF per winner: loaded when asked for

        try:
            data = self.document_data("certificates")
        except AppraisalError as exc:
            self.status.error(f"未能生成：{exc}")
            return
        files = run_with_progress(
            self, "正在生成奖状…", lambda progress: certificates_one_each(data, progress=progress)
        )
        try:
            for name, content in files:
                write_bytes(Path(folder) / name, content)
        except OSError as exc:
            self.status.error(f"保存失败：{exc}")
            return
        self.status.ok(f"已保存 {len(files)} 份奖状到 {folder}")

    def save_notice(self) -> None:
        if self.session.year is None:
            return
        try:
            settings = self.notice_box.settings()
            # The notice is printed after the committee approved (审定) the year: its wording stays editable.
            with self.session.write("修改表彰通报的文号与措辞", allow_locked=True) as conn:
                write_notice_settings(conn, self.session.year, settings)
        except AppraisalError as exc:
            self.status.error(f"未保存：{exc}")
            return
        self.status.ok("通报设置已保存。")
