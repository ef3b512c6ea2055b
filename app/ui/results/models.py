"""Table models that present the engine's results. They only format what `compute_year` returned:
no score is added, averaged or ranked here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from app.scoring.inputs import GroupRule
from app.scoring.numbers import round2
from app.scoring.remarks import effective_flags, grade_text, result_notes, unit_notes
from app.scoring.results import UnitResult, YearResult
from app.ui.widgets.table_model import ROW_ROLE, AnyIndex, RowTableModel

SORT_ROLE = Qt.ItemDataRole.UserRole + 2  # a comparable key, so numbers sort as numbers


FIRST_PRIZE = "一等奖"
SECOND_PRIZE = "二等奖"
EXCELLENT = "优秀"
SPECIAL_AWARD = "突出业绩奖"
DECIDED = "（党委审定）"

# Row colours, light enough for black text; the legend in each tab names them.
COLOURS: dict[str, QColor] = {
    "first": QColor("#fbe3a1"),  # 一等奖 / 优秀
    "second": QColor("#d9e9fb"),  # 二等奖
    "tie": QColor("#ffc98f"),  # 并列，需党委审定
    "veto": QColor("#f4b9b9"),  # 一票否决 / 不合格
    "incomplete": QColor("#e2e2e2"),  # 缺项
}
LEGEND: tuple[tuple[str, str], ...] = (
    ("first", "一等奖（优秀）"),
    ("second", "二等奖（良好）"),
    ("tie", "并列，需党委审定（选中按 Enter 审定）"),
    ("veto", "一票否决 / 不合格"),
    ("incomplete", "缺项（数据未录齐）"),
)
CADRE_LEGEND: tuple[tuple[str, str], ...] = (
    ("first", "优秀"),
    ("tie", "名额边界并列，需党委审定（选中按 Enter 审定）"),
    ("veto", "基本称职 / 不称职"),
    ("incomplete", "缺项（无测评票或领导评价）"),
)
TEXT_COLOUR = QColor("#000000")
# Rows whose prize or grade can still change are set in italics, their 等次 marked （暂定） or 待定, the reason
# on hover and in the side panel (nothing shown as final that can change).
PROVISIONAL_NOTE = "斜体＝暂定（悬停见原因）"


def provisional_tooltip(entity: Any) -> str | None:
    reasons = getattr(entity, "provisional_reasons", ())
    return "暂定：" + "；".join(reasons) if reasons else None


def row_font(entity: Any, bold: bool) -> QFont | None:
    if not getattr(entity, "provisional", False) and not bold:
        return None
    font = QFont()
    font.setBold(bold)
    font.setItalic(bool(getattr(entity, "provisional", False)))
    return font


ALIGN_NUMBER = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
ALIGN_CENTRE = int(Qt.AlignmentFlag.AlignCenter)
ALIGN_TEXT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


def fmt2(value: Decimal) -> str:
    """Two decimals as the office's tables print them (the engine already rounded half-up)."""
    return f"{round2(value):.2f}"  # half-up; format() alone would round half-even


def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


class _ResultsTableModel(RowTableModel):
    """Result rows, fixed headers, rows numbered, no editing."""

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return str(section + 1)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def row_object(self, row: int) -> Any:
        return self._rows[row]


# --- units --------------------------------------------------------------------------------------

(
    U_SERIAL,
    U_NAME,
    U_COMMON,
    U_BUSINESS,
    U_LEADERS,
    U_HEADS,
    U_BONUS,
    U_DEDUCTION,
    U_TOTAL,
    U_RANK,
    U_GRADE,
    U_PRIZE,
    U_NOTE,
) = range(13)
UNIT_HEADERS = (
    "序号",
    "科室（单位）",
    "共性工作",
    "业务工作",
    "委领导评分",
    "科室负责人评分",
    "加分",
    "减分",
    "总分",
    "组内排名",
    "等次",
    "奖项",
    "备注",
)
UNIT_DECIMALS = {
    U_COMMON: "common",
    U_BUSINESS: "business",
    U_LEADERS: "leaders",
    U_HEADS: "heads",
    U_BONUS: "bonus",
    U_DEDUCTION: "deduction",
    U_TOTAL: "total",
}


def unit_state(unit: UnitResult) -> str | None:
    """Which colour a row gets; the most urgent state wins. A unit still being keyed shows as 缺项,
    not as 不合格, since its low total says nothing yet."""
    if unit.veto:
        return "veto"
    if unit.tie and not unit.decided:
        return "tie"
    if unit.incomplete:
        return "incomplete"
    if unit.grade == "不合格":
        return "veto"
    if unit.prize == FIRST_PRIZE:
        return "first"
    if unit.prize == SECOND_PRIZE:
        return "second"
    return None


class UnitResultsModel(_ResultsTableModel):
    """One row per unit, in group order then rank; the group tabs filter it with `GroupFilterProxy`."""

    HEADERS = UNIT_HEADERS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._flags: dict[str, list[str]] = {}
        self._order: dict[str, int] = {}

    def set_results(self, units: Sequence[UnitResult], flags: Mapping[str, Sequence[str]] | None = None) -> None:
        # Keep the scheme's (annex) order as the tie-breaker inside a rank.
        self._order = {unit.name: position for position, unit in enumerate(units)}
        rows = sorted(units, key=lambda u: (u.group, u.rank, self._order[u.name]))
        self._flags = {name: list(texts) for name, texts in (flags or {}).items()}
        self.replace_rows(rows)

    def units(self) -> list[UnitResult]:
        return list(self._rows)

    def grade_words(self, unit: UnitResult) -> str:
        """等次 and 奖项 as the row shows them, for the side panel's heading."""
        prize = self._display(unit, U_PRIZE, 0)
        return f"{grade_text(unit)}" + (f"，{prize}" if prize else "")

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        unit: UnitResult = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(unit, column, index.row())
        if role == ROW_ROLE:
            return unit
        if role == SORT_ROLE:
            return self._sort_key(unit, column, index.row())
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column in UNIT_DECIMALS:
                return ALIGN_NUMBER
            if column in (U_SERIAL, U_RANK, U_GRADE, U_PRIZE):
                return ALIGN_CENTRE
            return ALIGN_TEXT
        if role == Qt.ItemDataRole.BackgroundRole:
            state = unit_state(unit)
            return QBrush(COLOURS[state]) if state else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(TEXT_COLOUR) if unit_state(unit) else None
        if role == Qt.ItemDataRole.FontRole:
            return row_font(unit, column == U_TOTAL)
        if role == Qt.ItemDataRole.ToolTipRole:
            tips = [t for t in (provisional_tooltip(unit), self._tooltip(unit, column)) if t]
            return "\n".join(tips) if tips else None
        return None

    def _display(self, unit: UnitResult, column: int, row: int) -> str | None:
        if column == U_SERIAL:
            return str(row + 1)
        if column == U_NAME:
            return unit.name
        if column in UNIT_DECIMALS:
            return fmt2(getattr(unit, UNIT_DECIMALS[column]))
        if column == U_RANK:
            return str(unit.rank)
        if column == U_GRADE:
            return grade_text(unit)
        if column == U_PRIZE:
            prize = unit.prize
            if unit.decided:
                prize = f"{unit.prize or '未获奖'}{DECIDED}"
            awards = [a for a in (prize, SPECIAL_AWARD if unit.special_award else None) if a]
            return "、".join(awards)
        if column == U_NOTE:
            return "；".join(unit_notes(unit, self._flags.get(unit.name, ())))
        return None

    def _sort_key(self, unit: UnitResult, column: int, row: int) -> Any:
        if column in UNIT_DECIMALS:
            return float(getattr(unit, UNIT_DECIMALS[column]))  # ordering only, never shown or summed
        if column in (U_SERIAL, U_RANK):
            return unit.rank * 1000 + self._order.get(unit.name, row)
        return self._display(unit, column, row) or ""

    def _tooltip(self, unit: UnitResult, column: int) -> str | None:
        if column == U_NAME and unit.short != unit.name:
            return f"简称：{unit.short}"
        if column == U_LEADERS:
            return f"{unit.leader_ballots} 张有效评分表评了本科室"
        if column == U_HEADS:
            return f"{unit.head_ballots} 张有效评分表评了本科室"
        if column == U_NOTE and unit.missing_items:
            return "未录入得分的项目：" + "、".join(unit.missing_items)
        return None


class GroupFilterProxy(QSortFilterProxyModel):
    """The units of one group, sortable by any column; 序号 numbers the rows as shown."""

    def __init__(self, group: int, parent: Any = None) -> None:
        super().__init__(parent)
        self.group = group
        self.setSortRole(SORT_ROLE)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        source = self.sourceModel()
        unit = source.data(source.index(source_row, 0, source_parent), ROW_ROLE)
        return unit is not None and unit.group == self.group

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and index.isValid() and index.column() == U_SERIAL:
            return str(index.row() + 1)
        return super().data(index, role)


def group_quota_text(units: Sequence[UnitResult], rule: GroupRule) -> str:
    """'一等奖 1/1 名，二等奖 2/2 名' and what else the committee must know about a group."""
    members = [u for u in units if u.group == rule.group]
    first = sum(1 for u in members if u.prize == FIRST_PRIZE)
    second = sum(1 for u in members if u.prize == SECOND_PRIZE)
    parts = [f"一等奖 {first}/{rule.first_prize} 名"]
    parts.append(f"二等奖 {second}/{rule.second_prize} 名" if rule.second_prize else "本组不设二等奖")
    text = f"{rule.name}（{len(members)} 个科室）：" + "，".join(parts)
    extras = []
    tied = [u.name for u in members if u.tie and not u.decided]
    if tied:
        extras.append(f"并列需党委审定：{'、'.join(tied)}")
    failed = sum(1 for u in members if u.grade == "不合格" and not u.incomplete)  # 缺项 is not yet 不合格
    if failed:
        extras.append(f"不合格 {failed} 个")
    special = [u.name for u in members if u.special_award]
    if special:
        extras.append(f"突出业绩奖：{'、'.join(special)}")
    incomplete = sum(1 for u in members if u.incomplete)
    if incomplete:
        extras.append(f"缺项 {incomplete} 个")
    return text + ("；" + "；".join(extras) if extras else "")


# --- cadre pools (shared by the 干部 tab and the follow-ups) ----------------------------------------

CATEGORY_NAMES = {"civil_servant": "公务员", "institution": "事业单位"}


def split_pool(pool: str) -> tuple[str, str]:
    category, _, level = pool.partition("/")
    return category, level


def pool_label(pool: str, category_names: Mapping[str, str] = CATEGORY_NAMES) -> str:
    category, level = split_pool(pool)
    return f"{category_names.get(category, category)} · {level}"


# --- follow-up flags ------------------------------------------------------------------------------

F_SUBJECT, F_UNIT, F_KIND, F_TEXT = range(4)
FLAG_HEADERS = ("对象", "科室／考核池", "事项", "说明")
FLAG_KINDS = {
    "talk_warning": "诫勉谈话",
    "written_explanation": "书面说明",
    "third_class_merit": "记三等功",
}


class FlagsModel(_ResultsTableModel):
    """The consequences the seed attaches to results across years (连续两年末位、连续三年优秀 …), one per row."""

    HEADERS = FLAG_HEADERS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._names: dict[str, tuple[str, str]] = {}

    def set_results(
        self,
        result: YearResult | None,
        category_names: Mapping[str, str] | None = None,
        group_names: Mapping[int, str] | None = None,
    ) -> None:
        if result is None:
            self._names = {}
            self.replace_rows([])
            return
        names = dict(category_names or CATEGORY_NAMES)
        groups = dict(group_names or {})
        self._names = {u.name: (u.name, groups.get(u.group, f"第{u.group}组")) for u in result.units}
        self._names.update({c.id: (c.name, f"{c.unit}·{pool_label(c.pool, names)}") for c in result.cadres})
        notes = result_notes(result)
        rows = []
        for flag in effective_flags(result):
            text = next((n for n in notes.get(flag.entity, []) if n.endswith(flag.text)), flag.text)
            rows.append((flag, text))
        self.replace_rows(rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        flag, text = self._rows[index.row()]
        if role == ROW_ROLE:
            return flag
        if role == Qt.ItemDataRole.DisplayRole:
            subject, where = self._names.get(flag.entity, (flag.entity, ""))
            return {F_SUBJECT: subject, F_UNIT: where, F_KIND: FLAG_KINDS.get(flag.kind, flag.kind), F_TEXT: text}.get(
                index.column()
            )
        if role == Qt.ItemDataRole.BackgroundRole and flag.kind == "talk_warning":
            return QBrush(COLOURS["veto"])
        if role == Qt.ItemDataRole.ForegroundRole and flag.kind == "talk_warning":
            return QBrush(TEXT_COLOUR)
        return None
