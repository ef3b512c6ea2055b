"""The paper forms as the keying pages show them: which forms, their titles, marks and keys, the grid of rows
× criteria with maxima, and a score as typed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from app.models.db import Database
from app.models.errors import AppraisalError
from app.models.schemes import Scheme
from app.models.store import dec_str, read_cadres

RATING_FORMS = ("leaders", "heads")
DEMOCRATIC = "democratic"
LEADER_RATINGS = "leader_ratings"
FORM_TITLES = {
    "leaders": "附件4 班子成员评分表",
    "heads": "附件5 科室负责人评分表",
    DEMOCRATIC: "民主测评表",
    LEADER_RATINGS: "领导评价表",
}
# The seed's four grades, in the order printed on the ballot; the key that marks each.
MARKS = ("优秀", "称职", "基本称职", "不称职")
MARK_KEYS = {"1": "优秀", "2": "称职", "3": "基本称职", "4": "不称职"}
NO_MARK_KEYS = ("0", " ")
LEADER_CRITERIA = ("德", "能", "勤", "绩", "廉")


# The forms counted and verified on 清点与核对, in the page's order.
COUNTED_FORMS = (*RATING_FORMS, DEMOCRATIC, LEADER_RATINGS)


class KeyingError(AppraisalError):
    """A ballot (or a value on it) the clerk must correct; nothing was written."""


# --- layout of the paper forms ---------------------------------------------------------------------


@dataclass(frozen=True)
class GridLayout:
    """Rows (id, label) × columns with maxima, in the paper form's order."""

    rows: tuple[tuple[str, str], ...]
    columns: tuple[str, ...]
    maxima: tuple[Decimal, ...]


def rating_layout(scheme: Scheme, form: str) -> GridLayout:
    """Annex 4/5: the units in the seed's order (short names as printed) × the five criteria."""
    criteria = scheme.criteria(form)
    return GridLayout(tuple((u.name, u.short) for u in scheme.units), criteria.names, criteria.maxima)


def sheet_name(form: str, serial: int) -> str:
    """How the clerk calls one paper form: 附件4 班子成员评分表第 3 号, 第 2 号打分人的领导评价表."""
    if form == LEADER_RATINGS:
        return f"第 {serial} 号打分人的{FORM_TITLES[form]}"
    return f"{FORM_TITLES[form]}第 {serial} 号"


def grid_cells(layout: GridLayout, values: Mapping[str, Sequence[Decimal]]) -> dict[tuple[int, int], Decimal]:
    """Stored rows (unit or cadre → scores) placed on the paper form's grid: (row, column) → value."""
    cells = {}
    for row, (key, _label) in enumerate(layout.rows):
        for col, value in enumerate(values.get(key, ())):
            cells[(row, col)] = value
    return cells


def leader_layout(db: Database, year: int, scheme: Scheme) -> GridLayout:
    """The leadership's sheet: cadres in ballot order × 德能勤绩廉."""
    rows = tuple((c.id, f"{c.name}（{c.unit}）") for c in read_cadres(db, year))
    return GridLayout(rows, leader_criteria(scheme), scheme.leader_rating_maxima)


def leader_criteria(scheme: Scheme) -> tuple[str, ...]:
    """德能勤绩廉, or 第 n 项 when a scheme rates a different number of criteria."""
    count = len(scheme.leader_rating_maxima)
    return LEADER_CRITERIA if count == len(LEADER_CRITERIA) else tuple(f"第{i + 1}项" for i in range(count))


# --- values as typed ----------------------------------------------------------------------------


def subtotal(values: Iterable[Decimal | None]) -> Decimal:
    """The paper form's 小计/合计 of what has been keyed so far (blanks count as nothing)."""
    return sum((v for v in values if v is not None), Decimal(0))


def parse_score(text: str, maximum: Decimal, where: str) -> Decimal:
    """A criterion score as typed: 0 ≤ s ≤ maximum, at most two decimals."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise KeyingError(f"{where}：“{text}”不是分数") from None
    if not value.is_finite():
        raise KeyingError(f"{where}：“{text}”不是分数")
    if value < 0:
        raise KeyingError(f"{where}：分数不能为负")
    if value > maximum:
        raise KeyingError(f"{where}：{text} 超过该项满分 {dec_str(maximum)}")
    if value != value.quantize(Decimal("0.01")):
        raise KeyingError(f"{where}：{text} 最多两位小数")
    return value


def score_prefix_ok(text: str, maximum: Decimal) -> bool:
    """Could `text` (partially typed) still become a valid score? Used to refuse a key on the spot."""
    if text in ("", "."):
        return True
    if text.count(".") > 1 or not all(ch.isdigit() or ch == "." for ch in text):
        return False
    whole, _, frac = text.partition(".")
    if len(frac) > 1:
        return False  # ballots are marked in halves; one decimal is enough on paper
    value = Decimal((whole or "0") + ("." + frac if frac else ""))
    return value <= maximum


def score_complete(text: str, maximum: Decimal) -> bool:
    """True when no further key could change the value (auto-advance): "4" of max 4, "3.5"."""
    if not text or text.endswith("."):
        return False
    whole, dot, frac = text.partition(".")
    if dot and len(frac) >= 1:
        return True  # one decimal completes the value
    value = Decimal(whole)
    # Neither another digit (value × 10 + d) nor a decimal part (value + 0.1) could stay within the maximum.
    return value * 10 > maximum and value + Decimal("0.1") > maximum


def table_for(form: str) -> str:
    """The table a form's ballots are stored in (leader sheets excepted: see `leader_ratings`)."""
    return "democratic_ballots" if form == DEMOCRATIC else "rating_ballots"


def form_clause(form: str) -> tuple[str, tuple]:
    """The WHERE clause (and its parameter) that picks one rating form; nothing for democratic ballots."""
    return ("", ()) if form == DEMOCRATIC else (" AND form = ?", (form,))
