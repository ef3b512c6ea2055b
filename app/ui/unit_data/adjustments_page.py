"""加分与扣分: the units' bonus and deduction events, 一票否决 and 突出业绩奖.

Seed: （3）一票否决项目 — 因工作出现重大失误造成恶劣影响，被市委、市政府“一票否决”的责任科室（单位）取消当年
评先评优资格; 四（二） — 对在工作上有突出表现和特别贡献且评定等次在合格等次（含合格）以上的科室（单位），
经委党委讨论通过，设 1-2 个科室为突出业绩奖.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCompleter, QGroupBox, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.models import unit_data
from app.models.district.events import derived_adjustment_rows
from app.models.store import AdjustmentRow
from app.scoring.district import DERIVED_CATEGORIES
from app.ui.shell.page import Page
from app.ui.shell.session import Session
from app.ui.unit_data.adjustments_editor import AdjustmentEditor, unit_catalogue
from app.ui.unit_data.adjustments_models import TotalLine
from app.ui.widgets.messages import write_or_refuse


def derived_rows(session: Session) -> list[AdjustmentRow]:
    """考绩贡献加分 and 市对区考绩失分扣分, derived from the 市对区考绩 events (shown read-only)."""
    year = session.year
    return [] if year is None else derived_adjustment_rows(session.db, year)


def unit_totals(session: Session) -> list[TotalLine]:
    result = session.result()
    year = session.year
    if result is None or year is None:
        return []
    vetoes = unit_data.vetoes(session.db, year)
    awards = unit_data.special_awards(session.db, year)
    lines = []
    for unit in sorted(result.units, key=lambda u: u.group):
        # The record as keyed; an award the engine cannot grant (不合格, 一票否决) says so, unless the
        # unit is still being keyed (its total says nothing yet).
        award = "突出业绩奖" if unit.special_award or unit.incomplete else "突出业绩奖（不合格，未授予）"
        status = "、".join(s for s, on in (("一票否决", unit.veto), (award, unit.name in awards)) if on)
        reasons = "\n".join(
            f"{title}：{reason}"
            for title, reason in (("一票否决", vetoes.get(unit.name)), ("突出业绩奖", awards.get(unit.name)))
            if reason
        )
        lines.append(TotalLine(unit.name, unit.name, f"第{unit.group}组", unit.bonus, unit.deduction, status, reasons))
    return lines


class AdjustmentsPage(Page):
    title = "加分与扣分"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.editor = AdjustmentEditor(session, "unit", unit_catalogue, unit_totals, "组别", "一票否决 / 突出业绩奖")
        self.message = self.editor.message
        # Seed 004: 考绩贡献加分 / 扣减责任部门年终考绩分数 come from the district events, never keyed here.
        self.editor.derived_categories = {cid: name for cid, (_kind, name) in DERIVED_CATEGORIES.items()}
        self.editor.derived_rows = derived_rows

        self.status_unit = QLineEdit()
        self.status_unit.setPlaceholderText("科室（全称或简称）")
        self.unit_completer = QCompleter([], self)
        self.unit_completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.status_unit.setCompleter(self.unit_completer)
        self.status_reason = QLineEdit()
        self.status_reason.setPlaceholderText("原因 / 理由（必填，如文件名称和文号）")
        self.veto_button = QPushButton("一票否决")
        self.unveto_button = QPushButton("撤销一票否决")
        self.award_button = QPushButton("评为突出业绩奖")
        self.unaward_button = QPushButton("撤销突出业绩奖")

        box = QGroupBox("一票否决与突出业绩奖（突出业绩奖设 1-2 个科室，须经委党委讨论通过）")
        box_layout = QVBoxLayout(box)
        fields = QHBoxLayout()
        fields.addWidget(self.status_unit, 1)
        fields.addWidget(self.status_reason, 2)
        box_layout.addLayout(fields)
        buttons = QHBoxLayout()
        for button in (self.veto_button, self.unveto_button, self.award_button, self.unaward_button):
            buttons.addWidget(button)
        box_layout.addLayout(buttons)
        self.editor.totals_layout.addWidget(box)

        layout = QVBoxLayout(self)
        layout.addWidget(self.editor)

        self.veto_button.clicked.connect(self.set_veto)
        self.unveto_button.clicked.connect(self.clear_veto)
        self.award_button.clicked.connect(self.set_award)
        self.unaward_button.clicked.connect(self.clear_award)
        self.editor.totals_view.selectionModel().currentRowChanged.connect(self._total_row_changed)

    def refresh(self) -> None:
        self.editor.refresh()
        scheme = self.session.scheme()
        if scheme is not None:
            self.unit_completer.setModel(self.editor.target_completer.model())

    def _total_row_changed(self) -> None:
        index = self.editor.totals_view.currentIndex()
        if index.isValid():
            self.status_unit.setText(self.editor.totals_model.line(index.row()).name)

    def _unit(self) -> str | None:
        scheme = self.session.scheme()
        text = self.status_unit.text().strip()
        name = scheme.resolve_unit(text) if scheme else None
        if name is None:
            self.message.error(f"本年度没有科室“{text}”。" if text else "请先填写科室。")
        return name

    def _set_status(self, label: str, write: Callable[..., None], done: str) -> None:
        """一票否决 or 突出业绩奖 for the unit typed, with the reason typed (required: the model checks)."""
        scheme, year, name = self.session.scheme(), self.session.year, self._unit()
        if scheme is None or year is None or name is None:
            return
        reason = self.status_reason.text()
        ok, _ = write_or_refuse(
            self.session,
            self.message,
            f"{name}{label}",
            lambda conn: write(self.session.db, conn, year, scheme, name, reason),
            done.format(name=name, reason=reason.strip()),
        )
        if ok:
            self.status_reason.clear()

    def _clear_status(self, label: str, clear: Callable[..., None]) -> None:
        year, name = self.session.year, self._unit()
        if year is None or name is None:
            return
        write_or_refuse(
            self.session,
            self.message,
            f"撤销{name}{label}",
            lambda conn: clear(conn, year, name),
            f"已撤销{name}的{label}。",
        )

    def set_veto(self) -> None:
        self._set_status(
            "一票否决", unit_data.set_veto, "{name}：一票否决（{reason}），取消当年评先评优资格，等次为不合格。"
        )

    def clear_veto(self) -> None:
        self._clear_status("一票否决", unit_data.clear_veto)

    def set_award(self) -> None:
        self._set_status("突出业绩奖", unit_data.set_special_award, "{name}：评为突出业绩奖（{reason}）。")

    def clear_award(self) -> None:
        self._clear_status("突出业绩奖", unit_data.clear_special_award)
