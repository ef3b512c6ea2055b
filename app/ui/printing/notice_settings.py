"""The notice of commendation's 文号 and wording on 打印与导出 (also the certificates' issuer and 成文日期): shown
from, and read back into, `NoticeSettings`."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QWidget

from app.documents.data import NoticeSettings, normalize_date
from app.models.errors import AppraisalError
from app.ui.widgets.notice_wording import NoticeWordingForm

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
PARAGRAPHS = (("opening", "正文首段（空为默认）"), ("closing", "结束语"))
DEFAULTED = (
    "authority",
    "number_prefix",
    "addressee",
    "issuer",
    "issuer_full",
    "printer",
)  # empty: the built-in wording


class NoticeSettingsForm(NoticeWordingForm):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("表彰通报的文号与措辞", NOTICE_FIELDS, PARAGRAPHS, parent=parent)
        # Beside the preview the column is narrow: each label above its field, the field the column's width
        # (主送机关 and 抄送机关 are long).
        self.form.setRowWrapPolicy(self.form.RowWrapPolicy.WrapAllRows)
        self.opening = self.texts["opening"]
        self.closing = self.texts["closing"]
        self.sealed = QCheckBox("加盖印章（成文日期右空四字，署名居中其上）")
        self.sealed.setObjectName("notice_sealed")
        self.form.insertRow(self.form.rowCount() - 1, "", self.sealed)  # above the save button

    def show_settings(self, settings: NoticeSettings) -> None:
        self.load({key: getattr(settings, key) for key in (*self.inputs, *self.texts)})
        self.sealed.setChecked(settings.sealed)

    def settings(self) -> NoticeSettings:
        """What the clerk typed, checked: the 文号 year and number as digits, the dates as dates."""
        values: dict[str, object] = {key: edit.text().strip() for key, edit in self.inputs.items()}
        year_text = str(values.pop("number_year") or "0")
        if not year_text.isdigit():
            raise AppraisalError(f"文号年份“{year_text}”应为四位年份或 0。")
        number = str(values.get("number") or "")
        if not number.isdigit():
            raise AppraisalError(f"发文顺序号“{number}”应为阿拉伯数字（如 5，不编虚位）。")
        values["date"] = normalize_date(str(values["date"]), "成文日期")
        values["print_date"] = normalize_date(str(values["print_date"]), "印发日期")
        defaults = NoticeSettings()
        return NoticeSettings(
            **{k: (v or getattr(defaults, k)) if k in DEFAULTED else v for k, v in values.items()},
            number_year=int(year_text),
            opening=self.opening.toPlainText().strip(),
            closing=self.closing.toPlainText().strip(),
            sealed=self.sealed.isChecked(),
        )
