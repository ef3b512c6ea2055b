"""打印与导出: pick a document, copies and options, edit the notice's wording, preview it inside the window,
print it to a chosen printer or save the PDF (the notice also as Word); the typefaces of the year's documents (a
banner at the top says which are used and which are missing) and the certificates' stock; export the results
workbook and the item-score workbook, and import item scores back (with a preview). The documents themselves are
built by app/documents; the font and certificate forms live in fonts_box.py and certificate_box.py."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPixmap, QTransform
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.documents.export import DOCUMENTS as DOCUMENT_NAMES
from app.documents.export import NUMBERED, WORD_DOCUMENTS
from app.models.errors import AppraisalError
from app.ui.printing.certificate_box import CertificateBox
from app.ui.printing.document_settings import DocumentSettingsMixin
from app.ui.printing.fonts_box import FontsBanner, FontsBox
from app.ui.shell.page import Page
from app.ui.shell.session import Session
from app.ui.widgets.notice_wording import NoticeWordingForm

PREVIEW_PAGES = 6  # pages shown in the preview (a run of numbered ballots repeats one page)
PREVIEW_DPI = 60
PRINT_DPI = 300

NOTICE_FIELDS: tuple[tuple[str, str], ...] = (
    ("authority", "发文机关标志"),
    ("number_prefix", "发文机关代字"),
    ("number_year", "文号年份（0 为考评年度次年）"),
    ("number", "发文顺序号"),
    ("title", "标题（空为默认）"),
    ("addressee", "主送机关"),
    ("issuer", "发文机关署名"),
    ("issuer_full", "发文机关全称（奖状落款）"),
    ("date", "成文日期（空：考核日期，无则打印时询问）"),
    ("cc", "抄送机关（以、分隔，空为不抄送）"),
    ("printer", "印发机关"),
    ("print_date", "印发日期（空同成文日期）"),
)


def page_images(pdf: bytes, dpi: float, limit: int | None = None) -> Iterator[QImage]:
    """PDF pages rendered at `dpi` (pypdfium2, imported only when used)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        count = len(document) if limit is None else min(limit, len(document))
        for index in range(count):
            page = document[index]
            bitmap = page.render(scale=dpi / 72, rev_byteorder=True)
            image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB888)
            yield image.copy()  # own the pixels before pdfium frees its buffer
            page.close()
    finally:
        document.close()


def pdf_page_count(pdf: bytes) -> int:
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def pdf_is_landscape(pdf: bytes) -> bool:
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        width, height = document[0].get_size()
        return width > height
    finally:
        document.close()


def print_pdf(pdf: bytes, printer: QPrinter, progress: Callable[[int, int], bool] | None = None) -> int:
    """Paint every page, full page, at the printer's resolution; `progress` returning False cancels."""
    total = pdf_page_count(pdf)
    printer.setFullPage(True)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("无法开始打印：打印机不可用。")
    printed = 0
    try:
        # Rendered at no more than PRINT_DPI (an A4 page at 1200 dpi would be 400 MB of pixels) and scaled
        # by the painter onto the whole sheet (the PDF carries its own margins).
        for index, image in enumerate(page_images(pdf, min(printer.resolution(), PRINT_DPI))):
            if index:
                printer.newPage()
            paper = printer.paperRect(QPrinter.Unit.DevicePixel)
            if (image.width() > image.height()) != (paper.width() > paper.height()):
                image = image.transformed(QTransform().rotate(90))  # a landscape page on portrait paper
            size = image.size().scaled(paper.size().toSize(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRectF(0, 0, size.width(), size.height()), image)
            printed += 1
            if progress is not None and not progress(printed, total):
                break
    finally:
        painter.end()
    return printed


class PrintPage(DocumentSettingsMixin, Page):
    title = "打印与导出"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.pdf: bytes | None = None
        self.pdf_doc: str | None = None

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
        self.numbered_democratic.toggled.connect(self.document_changed)
        self.one_file_each = QCheckBox("每个获奖对象一个 PDF 文件")
        options = QFormLayout()
        options.addRow("文档(&D)", self.document)
        options.addRow("份数(&N)", self.copies)
        options.addRow("起始编号(&S)", self.first_serial)
        options.addRow("", self.numbered_democratic)
        options.addRow("", self.one_file_each)

        self.preview_button = QPushButton("预览(&L)")
        self.print_button = QPushButton("打印(&P)…")
        self.save_button = QPushButton("保存 PDF(&A)…")
        self.word_button = QPushButton("保存 Word(&O)…")  # the notice as an editable .docx
        self.excel_button = QPushButton("导出结果 Excel(&X)…")
        self.template_button = QPushButton("导出项目得分表(&T)…")
        self.import_button = QPushButton("导入项目得分表(&I)…")
        buttons = QVBoxLayout()
        for button in (
            self.preview_button,
            self.print_button,
            self.save_button,
            self.word_button,
            self.excel_button,
            self.template_button,
            self.import_button,
        ):
            buttons.addWidget(button)

        self.notice_box = NoticeWordingForm(
            "表彰通报的文号与措辞", NOTICE_FIELDS, (("opening", "正文首段（空为默认）"), ("closing", "结束语"))
        )
        self.notice_inputs = self.notice_box.inputs
        self.opening = self.notice_box.texts["opening"]
        self.closing = self.notice_box.texts["closing"]
        self.save_notice_button = self.notice_box.save_button
        self.sealed = QCheckBox("加盖印章（成文日期右空四字，署名居中其上）")
        self.sealed.setObjectName("notice_sealed")
        self.notice_box.form.insertRow(self.notice_box.form.rowCount() - 1, "", self.sealed)
        self.fonts_banner = FontsBanner()
        self.fonts_box = FontsBox()
        self.certificate_box = CertificateBox()

        self.status = QLabel()
        self.open_matters_label = QLabel()
        self.open_matters_label.setObjectName("openMatters")
        self.open_matters_label.setWordWrap(True)
        self.open_matters_label.setStyleSheet("color: #8a4b00;")
        self.open_matters_label.hide()
        self.glyphs_label = QLabel()
        self.glyphs_label.setWordWrap(True)
        self.glyphs_label.setStyleSheet("color: #b00020;")
        self.glyphs_label.hide()
        self.status.setWordWrap(True)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.fonts_banner)
        left_layout.addLayout(options)
        left_layout.addLayout(buttons)
        left_layout.addWidget(self.open_matters_label)
        left_layout.addWidget(self.glyphs_label)
        left_layout.addWidget(self.status)
        left_layout.addWidget(self.notice_box)
        left_layout.addWidget(self.certificate_box)
        left_layout.addWidget(self.fonts_box)
        left_layout.addStretch(1)
        left_scroll = QScrollArea()
        left_scroll.setWidget(left)
        left_scroll.setWidgetResizable(True)

        self.preview_info = QLabel("选择文档后按“预览”。")
        self.preview_pages = QWidget()
        self.preview_layout = QVBoxLayout(self.preview_pages)
        self.preview_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        preview_scroll = QScrollArea()
        preview_scroll.setWidget(self.preview_pages)
        preview_scroll.setWidgetResizable(True)
        preview_scroll.setStyleSheet("QScrollArea { background: #808080; }")
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.preview_info)
        right_layout.addWidget(preview_scroll, 1)

        splitter = QSplitter()
        splitter.addWidget(left_scroll)
        splitter.addWidget(right)
        splitter.setSizes([520, 880])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self.document.currentIndexChanged.connect(self.document_changed)
        self.preview_button.clicked.connect(self.preview)
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_pdf)
        self.word_button.clicked.connect(self.save_word)
        self.fonts_box.save_button.clicked.connect(self.save_fonts)
        self.certificate_box.save_button.clicked.connect(self.save_certificate_settings)
        self.excel_button.clicked.connect(self.export_excel)
        self.template_button.clicked.connect(self.export_item_template)
        self.import_button.clicked.connect(self.import_items)
        self.save_notice_button.clicked.connect(self.save_notice)
        self.document_changed()

    # --- seams a test can patch ---------------------------------------------------------------

    def choose_printer(self, printer: QPrinter) -> bool:
        """The system print dialog: the clerk picks the printer (and its options)."""
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("打印")
        return dialog.exec() == QPrintDialog.DialogCode.Accepted

    def ask_save_path(self, caption: str, suggested: str, pattern: str) -> str | None:
        path, _ = QFileDialog.getSaveFileName(self, caption, suggested, pattern)
        return path or None

    def ask_open_path(self, caption: str, pattern: str) -> str | None:
        path, _ = QFileDialog.getOpenFileName(self, caption, "", pattern)
        return path or None

    def ask_folder(self, caption: str) -> str | None:
        return QFileDialog.getExistingDirectory(self, caption) or None

    def confirm_open_matters(self, document: str, matters: list[str]) -> bool:
        """Before certificates or the notice while ties are undecided or data incomplete: print anyway?"""
        answer = QMessageBox.question(
            self,
            "尚有未定事项",
            f"{document}按当前结果生成，以下事项尚未确定：\n\n"
            + "\n".join(f"· {m}" for m in matters)
            + "\n\n并列的科室（干部）没有奖状，也不列入通报。仍要继续吗？",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def confirm_missing_glyphs(self, document: str, warning: str) -> bool:
        """Before printing names with characters no font has (they would print blank): print anyway?"""
        answer = QMessageBox.question(
            self,
            "有字符无法打印",
            f"{document}：{warning}\n\n仍要继续吗？",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def confirm_item_import(self, preview) -> bool:
        from app.ui.printing.item_import_dialog import ItemImportDialog

        return ItemImportDialog(preview, self).exec() == ItemImportDialog.DialogCode.Accepted

    # --- reading ------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.pdf = None
        self.open_matters_label.hide()
        self.glyphs_label.hide()
        has_year = self.session.year is not None
        for widget in (
            self.preview_button,
            self.print_button,
            self.save_button,
            self.word_button,
            self.excel_button,
            self.template_button,
            self.import_button,
            self.save_notice_button,
            self.fonts_box.save_button,
            self.certificate_box.save_button,
        ):
            widget.setEnabled(has_year)
        self.import_button.setEnabled(has_year and not self.session.locked)
        self.save_notice_button.setEnabled(has_year)  # the notice is issued after 审定: editable when locked
        if not has_year:
            self.status.setText("请先选择年度。")
            return
        from app.documents.data import read_notice_settings

        settings = read_notice_settings(self.session.db, self.session.year)
        for key, edit in self.notice_inputs.items():
            value = getattr(settings, key)
            edit.setText("" if value in (0, "") else str(value))
        self.opening.setPlainText(settings.opening)
        self.closing.setPlainText(settings.closing)
        self.sealed.setChecked(settings.sealed)
        self.refresh_fonts()
        from app.documents.data import gather_certificate_settings

        self.certificate_box.load(gather_certificate_settings(self.session.db, self.session.year))
        self.document_changed()
        self.preview_info.setText("数据已更新，请重新预览。" if self.pdf_doc else "选择文档后按“预览”。")

    def document_changed(self, *_args: object) -> None:
        doc = self.current_doc()
        numbered = doc in NUMBERED
        democratic = doc == "ballot-democratic"
        self.copies.setEnabled(numbered)
        self.numbered_democratic.setEnabled(democratic)
        self.first_serial.setEnabled(numbered and (not democratic or self.numbered_democratic.isChecked()))
        self.one_file_each.setEnabled(doc == "certificates")
        self.word_button.setEnabled(self.session.year is not None and doc in WORD_DOCUMENTS)
        self.notice_box.setEnabled(True)

    def current_doc(self) -> str:
        return str(self.document.currentData())

    def notice_settings(self):
        from app.documents.data import NoticeSettings

        values: dict[str, object] = {key: edit.text().strip() for key, edit in self.notice_inputs.items()}
        year_text = str(values.pop("number_year") or "0")
        if not year_text.isdigit():
            raise AppraisalError(f"文号年份“{year_text}”应为四位年份或 0。")
        number = str(values.get("number") or "")
        if not number.isdigit():
            raise AppraisalError(f"发文顺序号“{number}”应为阿拉伯数字（如 5，不编虚位）。")
        from app.documents.data import normalize_date

        values["date"] = normalize_date(str(values["date"]), "成文日期")
        values["print_date"] = normalize_date(str(values["print_date"]), "印发日期")
        defaults = NoticeSettings()
        return NoticeSettings(
            **{
                k: v or getattr(defaults, k)
                if k in ("authority", "number_prefix", "addressee", "issuer", "issuer_full", "printer")
                else v
                for k, v in values.items()
            },
            number_year=int(year_text),
            opening=self.opening.toPlainText().strip(),
            closing=self.closing.toPlainText().strip(),
            sealed=self.sealed.isChecked(),
        )

    def run_with_progress(self, label: str, job: Callable[[Callable[[int, int], None]], object]) -> object:
        dialog = QProgressDialog(label, "", 0, 100, self)
        dialog.setCancelButton(None)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(400)

        def progress(done: int, total: int) -> None:
            dialog.setMaximum(max(total, 1))
            dialog.setValue(done)
            QApplication.processEvents()

        try:
            return job(progress)
        finally:
            dialog.close()
            dialog.deleteLater()

    def build_pdf(self) -> bytes | None:
        if self.session.year is None:
            return None
        from app.documents.export import render_document

        doc = self.current_doc()
        try:
            data = self.document_data(doc)
            copies = self.copies.value() if doc in NUMBERED else 1
            numbered = True if doc == "ballot-democratic" and self.numbered_democratic.isChecked() else None
            pdf = self.run_with_progress(
                f"正在生成{DOCUMENT_NAMES[doc]}…",
                lambda progress: render_document(
                    data,
                    doc,
                    copies=copies,
                    first_serial=self.first_serial.value(),
                    progress=progress,
                    numbered=numbered,
                ),
            )
        except AppraisalError as exc:
            self.status.setText(f"未能生成：{exc}")
            return None
        assert isinstance(pdf, bytes)
        self.pdf, self.pdf_doc = pdf, doc
        self.status.setText(f"{DOCUMENT_NAMES[doc]}：{data.stamp()}")
        return pdf

    def preview(self) -> None:
        self.note_open_matters(self.current_doc())
        self.note_missing_glyphs(self.current_doc())
        pdf = self.build_pdf()
        while self.preview_layout.count():
            item = self.preview_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        if pdf is None:
            return
        total = pdf_page_count(pdf)
        for image in page_images(pdf, PREVIEW_DPI * self.devicePixelRatioF(), PREVIEW_PAGES):
            label = QLabel()
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(self.devicePixelRatioF())
            label.setPixmap(pixmap)
            label.setStyleSheet("background: white; margin: 6px;")
            self.preview_layout.addWidget(label)
        shown = min(total, PREVIEW_PAGES)
        more = f"，预览前 {shown} 页" if total > shown else ""
        self.preview_info.setText(f"{DOCUMENT_NAMES[self.pdf_doc or '']}：共 {total} 页{more}")

    def settled_or_confirmed(self, doc: str | None = None) -> bool:
        """Results sheet: a warning only (it goes to the committee for 审定); certificates and the notice ask.
        Any document naming someone whose name has a character no font can draw asks first."""
        doc = doc or self.current_doc()
        warning = self.note_missing_glyphs(doc)
        if warning and not self.confirm_missing_glyphs(DOCUMENT_NAMES[doc], warning):
            self.status.setText("已取消：有名字中的字符无法打印（见上方提示）。")
            return False
        matters = self.note_open_matters(doc)
        if not matters or doc == "results":
            return True
        if self.confirm_open_matters(DOCUMENT_NAMES[doc], matters):
            return True
        self.status.setText("已取消：请先在“考评结果”中录入党委审定（选中并列行按 Enter），或补录数据。")
        return False

    def note_missing_glyphs(self, doc: str) -> str:
        """Show (below the buttons) the names with characters no font has; the warning, or "" when none."""
        self.glyphs_label.hide()
        if self.session.year is None:
            return ""
        from app.documents.data import gather
        from app.documents.export import glyph_warning, unprintable_names

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
        if doc not in ("results", "certificates", "notice") or result is None:
            return []
        from app.documents.data import open_matters

        matters = open_matters(result)
        if matters:
            lead = "结果表可报委党委审定" if doc == "results" else f"{DOCUMENT_NAMES[doc]}按当前结果生成"
            self.open_matters_label.setText(f"⚠ {lead}，尚有未定事项：\n" + "\n".join(matters))
            self.open_matters_label.show()
        return matters

    def print_document(self) -> None:
        if not self.settled_or_confirmed() or not self.ensure_document_date(self.current_doc()):
            return
        pdf = self.build_pdf()
        if pdf is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(DOCUMENT_NAMES[self.current_doc()])
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        landscape = pdf_is_landscape(pdf)
        printer.setPageOrientation(QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait)
        if not self.choose_printer(printer):
            self.status.setText("已取消打印。")
            return
        try:
            pages = self.run_with_progress(
                "正在打印…", lambda progress: print_pdf(pdf, printer, lambda d, t: progress(d, t) or True)
            )
        except OSError as exc:
            self.status.setText(f"打印失败：{exc}")
            return
        self.status.setText(f"已送打印机 {printer.printerName() or printer.outputFileName()}：{pages} 页。")

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
        suggested = f"{self.session.year}-{DOCUMENT_NAMES[doc]}.pdf"
        path = self.ask_save_path("保存 PDF", suggested, "PDF 文件 (*.pdf)")
        if not path:
            return

        self.save_file(path, pdf, "已保存")

    def save_file(self, path: str, content: bytes, done: str) -> bool:
        """Write one output (never half a file under its name) and say so, or say why not."""
        from app.documents.output import write_bytes

        try:
            write_bytes(path, content)
        except OSError as exc:
            self.status.setText(f"保存失败：{exc}")
            return False
        self.status.setText(f"{done}：{path}")
        return True

    def save_certificates_each(self) -> None:
        folder = self.ask_folder("奖状保存到文件夹")
        if not folder or self.session.year is None:
            return
        from app.documents.certificates import certificates_one_each
        from app.documents.output import write_bytes

        try:
            data = self.document_data("certificates")
        except AppraisalError as exc:
            self.status.setText(f"未能生成：{exc}")
            return
        files = self.run_with_progress("正在生成奖状…", lambda progress: certificates_one_each(data, progress=progress))
        assert isinstance(files, list)
        try:
            for name, content in files:
                write_bytes(Path(folder) / name, content)
        except OSError as exc:
            self.status.setText(f"保存失败：{exc}")
            return
        self.status.setText(f"已保存 {len(files)} 份奖状到 {folder}")

    def export_excel(self) -> None:
        if self.session.year is None:
            return
        path = self.ask_save_path("导出结果 Excel", f"{self.session.year}-考评结果.xlsx", "Excel 工作簿 (*.xlsx)")
        if not path:
            return
        from app.documents.data import gather
        from app.workbooks.results import results_workbook_bytes

        data = gather(self.session.db, self.session.year, self.session.result())
        content = self.run_with_progress(
            "正在生成 Excel 工作簿…", lambda progress: results_workbook_bytes(self.session.db, data, progress)
        )
        assert isinstance(content, bytes)
        self.save_file(path, content, "已导出")

    def export_item_template(self) -> None:
        if self.session.year is None:
            return
        path = self.ask_save_path("导出项目得分表", f"{self.session.year}-项目得分.xlsx", "Excel 工作簿 (*.xlsx)")
        if not path:
            return
        from app.workbooks.items import item_template_bytes

        self.save_file(path, item_template_bytes(self.session.db, self.session.year), "已导出")

    def import_items(self) -> None:
        if self.session.year is None:
            return
        path = self.ask_open_path("导入项目得分表", "Excel 工作簿 (*.xlsx)")
        if not path:
            return
        from app.models.unit_data import apply_item_scores
        from app.workbooks.items import read_item_workbook, score_changes

        preview = read_item_workbook(self.session.db, self.session.year, path)
        if not self.confirm_item_import(preview) or not preview.ok:
            self.status.setText(
                "未导入任何数据。" if preview.ok else f"有 {len(preview.errors)} 处错误，未导入任何数据。"
            )
            return
        if not preview.changes:
            self.status.setText(f"没有变化（{preview.unchanged} 项与现有得分相同）。")
            return
        try:
            with self.session.write(f"从 Excel 导入项目得分（{Path(path).name}）") as conn:
                apply_item_scores(conn, self.session.year, score_changes(preview))
        except AppraisalError as exc:
            self.status.setText(str(exc))
            return
        self.status.setText(f"已导入 {len(preview.changes)} 项得分。")

    def save_notice(self) -> None:
        if self.session.year is None:
            return
        from app.documents.data import write_notice_settings

        try:
            settings = self.notice_settings()
            # The notice is printed after the committee approved (审定) the year: its wording stays editable.
            with self.session.write("修改表彰通报的文号与措辞", allow_locked=True) as conn:
                write_notice_settings(conn, self.session.year, settings)
        except AppraisalError as exc:
            self.status.setText(f"未保存：{exc}")
            return
        self.status.setText("通报设置已保存。")
