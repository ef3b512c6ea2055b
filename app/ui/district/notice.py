"""月度通报的文号与措辞: the wording of the monthly notice (一月一汇总一通报) — 发文机关标志, 文号, 标题, 主送,
署名, 印发机关 — kept per year (`year_documents`, kind `indicator_notice`) with {年}/{月} standing for the notice's
month, so one setting serves every month. The form is the notice of commendation's (app/ui/notice_wording.py)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.documents.district import WORDING_FIELDS, notice_settings, read_wording, write_wording
from app.models.errors import AppraisalError
from app.ui.shell.session import Session
from app.ui.widgets.messages import MessageLine, error_text
from app.ui.widgets.notice_wording import NoticeWordingForm

HINT = (
    "发文顺序号和标题中可写 {月}、{年}，打印时换成通报所属的月份和年份（如顺序号 {月}：9月的通报为 9号）；"
    "也可直接写数字。留空的项目恢复默认。成文日期和印发日期为打印当天。Enter 保存。"
)


class NoticeTab(QWidget):
    def __init__(self, session: Session, message: MessageLine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.message = message
        self.month = ""
        self.form = NoticeWordingForm(
            "月度通报（一月一汇总一通报）的文号与措辞", WORDING_FIELDS, save_text="保存通报设置(&W)", enter_saves=True
        )
        hint = QLabel(HINT)
        hint.setWordWrap(True)
        self.sample = QLabel()
        self.sample.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(hint)
        layout.addWidget(self.sample)
        layout.addStretch(1)
        self.form.save_button.clicked.connect(self.save)

    def refresh(self, month: str) -> None:
        self.month = month
        year = self.session.year
        self.form.setEnabled(year is not None)
        if year is None:
            self.form.load({})
            self.sample.setText("")
            return
        self.form.load(read_wording(self.session.db, year))
        self.show_sample()

    def show_sample(self) -> None:
        year = self.session.year
        if year is None or not self.month:
            self.sample.setText("")
            return
        settings = notice_settings(self.session.db, year, self.month)
        self.sample.setText(
            f"{self.month[:4]}年{int(self.month[5:])}月的通报：{settings.document_number(year)}　{settings.title}"
        )

    def save(self) -> None:
        year = self.session.year
        if year is None:
            return
        values = self.form.values()
        try:
            # Like the notice of commendation's, the wording stays editable in a locked (审定) year: notices are
            # issued and reprinted after it, and `year_documents` holds no appraisal data.
            with self.session.write("修改市对区考绩月度通报的文号与措辞", allow_locked=True) as conn:
                write_wording(conn, year, values)
        except AppraisalError as exc:
            self.message.error(error_text(exc))
            return
        self.message.ok("月度通报的文号与措辞已保存。")
        self.form.load(read_wording(self.session.db, year))
        self.show_sample()
