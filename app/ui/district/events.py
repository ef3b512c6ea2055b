"""The 考绩法 bonus/deduction calculator: events keyed by category with the seed's rule shown, live totals."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, ClassVar

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QBrush, QColor, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.models.district.entry import parse_event_date, parse_share, split_names, yi_number, yuan_from_yi
from app.models.district.events import EventRow, add_event, delete_event, district_result, read_events, update_event
from app.models.district.indicators import read_indicators
from app.models.district.wording import CAPS_TEXT, CATEGORY_NAMES, GROUP_NAMES, RULE_TEXT, yi_text
from app.models.errors import ValidationError
from app.scoring.district import BONUS_GROUPS, GROUP_CAPS, KIND_CAP, DistrictResult
from app.ui.district.columns import arrange_columns
from app.ui.shell.session import Session
from app.ui.widgets.messages import MessageLine, error_text, write_or_refuse
from app.ui.widgets.table_model import ROW_ROLE, AnyIndex, RowTableModel
from app.ui.widgets.tables import list_table

BONUS_COLOUR = QColor("#1b6e20")
DEDUCTION_COLOUR = QColor("#b00020")


def event_detail(row: EventRow, indicator_names: dict[str, str]) -> str:
    body = row.body
    category = row.category
    if category == "big_project":
        return f"单体投资 {yi_text(body.get('investment') or 0)}"
    if category == "rank_change":
        measure = "总量" if body.get("measure") == "total" else "增速"
        name = indicator_names.get(body.get("indicator") or "", body.get("indicator") or "")
        return f"{name}（{measure}）：上年第 {body.get('last_year_rank')} 位 → 第 {body.get('rank')} 位"
    if category in ("honor_national", "honor_provincial"):
        tier = "不分等次" if body.get("tier") is None else f"第 {body['tier']} 等次"
        share = body.get("peers_honored_share")
        return tier + ("" if share is None else f"；同类单位受表彰比例 {Decimal(str(share)):.2%}")
    if category == "poor_implementation":
        return f"减 {body.get('points')} 分"
    return ""


class EventsModel(RowTableModel):
    E_DATE, E_CATEGORY, E_MATTER, E_DETAIL, E_POINTS, E_CREDIT, E_CHARGE = range(7)
    # Beside the form the list is narrow: the longer headers break into lines (the words kept whole).
    HEADERS = ("日期", "类别", "事项", "明细", "本项\n分值", "考绩贡献\n加分单位", "失分扣分\n责任单位")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[EventRow] = []
        self.indicator_names: dict[str, str] = {}

    def set_rows(self, rows: Sequence[EventRow], indicator_names: dict[str, str]) -> None:
        self.indicator_names = indicator_names
        self.replace_rows(rows)

    def row(self, index: int) -> EventRow:
        return self._rows[index]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            sign = "+" if row.kind == "bonus" else "−"
            return (
                row.body.get("date") or "",
                CATEGORY_NAMES[row.category],
                row.body.get("matter") or "",
                event_detail(row, self.indicator_names),
                f"{sign}{row.points:.2f}",
                "\n".join(row.credited_units),  # a unit a line: a name breaks only when longer than the column
                "\n".join(row.charged_units),
            )[column]
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ForegroundRole and column == self.E_POINTS:
            return QBrush(BONUS_COLOUR if row.kind == "bonus" else DEDUCTION_COLOUR)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.E_POINTS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def totals_html(result: DistrictResult) -> str:
    """The engine's totals: each group after its cap, then the caps of 30."""
    rows = []
    for group, amount in result.by_category.items():
        cap = GROUP_CAPS[group]
        kind = "加分" if group in BONUS_GROUPS else "减分"
        cap_text = "不设单项上限" if cap is None else f"上限 {cap}"
        rows.append(
            f"<tr><td>{kind}</td><td>{GROUP_NAMES[group]}</td><td align=right>{amount:.2f}</td>"
            f"<td style='color:#666'>{cap_text}</td></tr>"
        )
    return (
        "<table cellspacing=0 cellpadding=3>" + "".join(rows) + "</table>"
        f"<p><b>加分 {result.bonus:.2f}</b>（最高 {KIND_CAP}）　<b>减分 {result.deduction:.2f}</b>（最高 {KIND_CAP}）"
        f"　<b>净得分 {result.net:+.2f}</b></p>"
    )


class EventsTab(QWidget):
    """Key an event: category, then its fields (Tab), Enter adds it; Delete removes the current event."""

    FIELDS: ClassVar[dict[str, tuple[str, ...]]] = {
        "big_project": ("investment",),
        "rank_change": ("indicator", "measure", "last_year_rank", "rank"),
        "honor_national": ("tier", "share"),
        "honor_provincial": ("tier", "share"),
        "poor_implementation": ("points",),
    }
    CREDIT: ClassVar[tuple[str, ...]] = ("big_project", "rank_change", "honor_national", "honor_provincial")
    # 扣减责任部门年终考绩分数: the deduction categories (a rank move: when the rank fell back).
    CHARGE: ClassVar[tuple[str, ...]] = (
        "rank_change",
        "poor_implementation",
        "criticized_provincial",
        "criticized_city",
        "media_exposure",
    )

    def __init__(self, session: Session, message: MessageLine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.message = message
        self.editing: int | None = None  # the event being changed (Enter on a row of the list loads it)
        self.category = QComboBox()
        for category, name in CATEGORY_NAMES.items():
            self.category.addItem(name, category)
        self.matter = QLineEdit()
        self.matter.setPlaceholderText("事项名称、文件文号")
        self.date = QLineEdit()
        self.date.setPlaceholderText("文件发布或证书颁发日期，如 5-20")
        self.investment = QLineEdit()
        self.investment.setPlaceholderText("亿元，如 27.4")
        self.indicator = QComboBox()
        self.measure = QComboBox()
        self.measure.addItem("总量", "total")
        self.measure.addItem("增速", "growth")
        self.last_year_rank = QLineEdit()
        self.last_year_rank.setPlaceholderText("上年在省里的名次")
        self.rank = QLineEdit()
        self.rank.setPlaceholderText("今年名次")
        self.tier = QLineEdit()
        self.tier.setPlaceholderText("空 = 不分等次；1 = 第一等次")
        self.share = QLineEdit()
        self.share.setPlaceholderText("同类单位受表彰比例，如 2/3（可空）")
        self.points = QLineEdit()
        self.points.setPlaceholderText("1 至 2 分")
        self.credit = QLineEdit()
        self.credit.setPlaceholderText("为本区争取加分的单位（顿号分隔），记“考绩贡献加分”")
        self.charge = QLineEdit()
        self.charge.setPlaceholderText("导致失分的责任单位（顿号分隔），扣减其年终考绩分数")
        self.add_button = QPushButton("添加事项（Enter）")
        self.delete_button = QPushButton("删除所选事项（Delete）")
        self.rule = QLabel()
        self.rule.setWordWrap(True)
        self.rule.setStyleSheet("color: #333; background: #f6f6ef; padding: 4px;")
        self.totals = QLabel()
        self.totals.setTextFormat(Qt.TextFormat.RichText)

        self.form = QFormLayout()
        self.rows: dict[str, QWidget] = {
            "category": self.category,
            "matter": self.matter,
            "date": self.date,
            "investment": self.investment,
            "indicator": self.indicator,
            "measure": self.measure,
            "last_year_rank": self.last_year_rank,
            "rank": self.rank,
            "tier": self.tier,
            "share": self.share,
            "points": self.points,
            "credit": self.credit,
            "charge": self.charge,
        }
        labels = {
            "category": "类别",
            "matter": "事项",
            "date": "日期",
            "investment": "单体投资规模",
            "indicator": "考绩指标",
            "measure": "总量或增速",
            "last_year_rank": "上年名次",
            "rank": "今年名次",
            "tier": "表彰等次",
            "share": "同类受表彰比例",
            "points": "减分",
            "credit": "考绩贡献加分单位",
            "charge": "失分扣分责任单位",
        }
        for key, widget in self.rows.items():
            self.form.addRow(labels[key], widget)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.delete_button)
        left = QVBoxLayout()
        left.addLayout(self.form)
        left.addLayout(buttons)
        left.addWidget(self.rule)
        caps = QLabel(CAPS_TEXT)
        caps.setWordWrap(True)
        left.addWidget(caps)
        left.addWidget(self.totals)
        left.addStretch(1)

        self.model = EventsModel(self)
        self.view = list_table(self.model, parent=self)
        self.view.installEventFilter(self)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        left_widget = QWidget()
        left_widget.setLayout(left)
        left_widget.setMaximumWidth(520)
        layout.addWidget(left_widget)
        layout.addWidget(self.view, 1)

        self.category.currentIndexChanged.connect(self._category_changed)
        self.add_button.clicked.connect(self.add)
        self.delete_button.clicked.connect(self.delete_current)
        for widget in self.rows.values():
            if isinstance(widget, QLineEdit):
                widget.returnPressed.connect(self.add)
        self._category_changed()
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.stop_editing)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        is_key = watched is self.view and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
        if is_key and event.key() == Qt.Key.Key_Delete:  # type: ignore[attr-defined]
            self.delete_current()
            return True
        if is_key and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):  # type: ignore[attr-defined]
            self.load_current()
            return True
        return super().eventFilter(watched, event)

    def current_category(self) -> str:
        return str(self.category.currentData())

    def _category_changed(self, *_args: object) -> None:
        category = self.current_category()
        shown = {"category", "matter", "date", *self.FIELDS.get(category, ())}
        if category in self.CREDIT:
            shown.add("credit")
        if category in self.CHARGE:
            shown.add("charge")
        for key, widget in self.rows.items():
            self.form.setRowVisible(widget, key in shown)
        self.rule.setText(f"【{CATEGORY_NAMES[category]}】{RULE_TEXT[category]}")

    def refresh(self) -> None:
        year = self.session.year
        if year is None:
            self.model.set_rows([], {})
            self.totals.setText("")
            return
        db = self.session.db
        indicators = read_indicators(db, year)
        current = self.indicator.currentData()
        self.indicator.clear()
        for number, indicator in enumerate(indicators, start=1):  # 序号 as on 指标与比较区, not the file's id
            self.indicator.addItem(f"{number} {indicator.name}", indicator.id)
        if current is not None and self.indicator.findData(current) >= 0:
            self.indicator.setCurrentIndex(self.indicator.findData(current))
        rows = read_events(db, year)
        self.model.set_rows(rows, {i.id: i.name for i in indicators})
        model = self.model
        arrange_columns(
            self.view,
            caps={model.E_CATEGORY: 8, model.E_CREDIT: 7, model.E_CHARGE: 7},
            stretch=[model.E_MATTER, model.E_DETAIL],
        )
        self.totals.setText(totals_html(district_result(db, year)))

    def entry(self) -> dict[str, Any]:
        """The form as a year-file event (the validator checks it, as on import)."""
        year = self.session.year or 0
        category = self.current_category()
        entry: dict[str, Any] = {"category": category}
        if self.matter.text().strip():
            entry["matter"] = self.matter.text().strip()
        when = parse_event_date(self.date.text(), year)
        if when:
            entry["date"] = when
        if category == "big_project":
            entry["investment"] = yuan_from_yi(self.investment.text())
        elif category == "rank_change":
            entry["indicator"] = self.indicator.currentData()
            entry["measure"] = self.measure.currentData()
            entry["last_year_rank"] = self.last_year_rank.text().strip()
            entry["rank"] = self.rank.text().strip()
        elif category in ("honor_national", "honor_provincial"):
            entry["tier"] = self.tier.text().strip() or None
            share = parse_share(self.share.text())
            if share is not None:
                entry["peers_honored_share"] = share
        elif category == "poor_implementation":
            entry["points"] = self.points.text().strip()
        if category in self.CREDIT and self.credit.text().strip():
            entry["credited_units"] = split_names(self.credit.text())
        if category in self.CHARGE and self.charge.text().strip():
            entry["charged_units"] = split_names(self.charge.text())
        return entry

    def add(self) -> None:
        year = self.session.year
        if year is None:
            return
        try:
            entry = self.entry()
        except ValidationError as exc:
            self.message.error(error_text(exc))
            return
        name = CATEGORY_NAMES[entry["category"]]
        editing = self.editing
        if editing is None:
            ok, _ = write_or_refuse(
                self.session,
                self.message,
                f"市对区考绩加减分事项：{name} {entry.get('matter', '')}".strip(),
                lambda conn: add_event(conn, self.session.db, year, entry),
            )
        else:
            ok, _ = write_or_refuse(
                self.session,
                self.message,
                f"修改市对区考绩加减分事项：{name} {entry.get('matter', '')}".strip(),
                lambda conn: update_event(conn, self.session.db, year, editing, entry),
            )
        if ok:
            self.stop_editing()
            self.category.setFocus()

    def load_current(self) -> None:
        """Put the current event into the form to change it; Enter in the form saves, Esc gives up."""
        index = self.view.currentIndex()
        if not index.isValid():
            return
        row = self.model.row(index.row())
        body = row.body
        self.category.setCurrentIndex(self.category.findData(row.category))
        self.matter.setText(body.get("matter") or "")
        self.date.setText(body.get("date") or "")
        self.investment.setText("" if body.get("investment") is None else yi_number(body["investment"]))
        if body.get("indicator") is not None:
            self.indicator.setCurrentIndex(max(0, self.indicator.findData(body["indicator"])))
        if body.get("measure") is not None:
            self.measure.setCurrentIndex(max(0, self.measure.findData(body["measure"])))
        self.last_year_rank.setText("" if body.get("last_year_rank") is None else str(body["last_year_rank"]))
        self.rank.setText("" if body.get("rank") is None else str(body["rank"]))
        self.tier.setText("" if body.get("tier") is None else str(body["tier"]))
        self.share.setText("" if body.get("peers_honored_share") is None else str(body["peers_honored_share"]))
        self.points.setText("" if body.get("points") is None else str(body["points"]))
        self.credit.setText("、".join(row.credited_units))
        self.charge.setText("、".join(row.charged_units))
        self.editing = row.id
        self.add_button.setText("保存修改（Enter；Esc 放弃）")
        self.matter.setFocus()

    def stop_editing(self) -> None:
        self.editing = None
        self.add_button.setText("添加事项（Enter）")
        for widget in self.rows.values():
            if isinstance(widget, QLineEdit):
                widget.clear()

    def delete_current(self) -> None:
        year = self.session.year
        index = self.view.currentIndex()
        if year is None or not index.isValid():
            return
        row = self.model.row(index.row())
        write_or_refuse(
            self.session,
            self.message,
            f"删除市对区考绩加减分事项：{CATEGORY_NAMES[row.category]} {row.body.get('matter') or ''}".strip(),
            lambda conn: delete_event(conn, year, row.id),
        )
