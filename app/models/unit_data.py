"""Validation and writes for a unit's year data: item scores, item deduction events, bonus and deduction
events (科室和干部), 一票否决 and 突出业绩奖. No Qt: the pages call these inside one `session.write()`.

Every function that writes first validates everything it was given and raises `ValidationError`
(Chinese, saying what and where) before touching the connection, so a refused entry leaves nothing behind.
"""

from __future__ import annotations

import re
import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from app.models import store
from app.models.db import Database
from app.models.errors import Problem, ValidationError
from app.models.schemes import Scheme
from app.scoring.adjustments import entity_shares, tier_problem
from app.scoring.inputs import Adjustment, Item

FULL_WIDTH = str.maketrans("０１２３４５６７８９．－＋", "0123456789.-+")
KIND_NAMES = {"bonus": "加分", "deduction": "扣分"}
TARGET_NAMES = {"unit": "科室", "cadre": "干部"}


def refuse(where: str, message: str) -> ValidationError:
    return ValidationError([Problem(where, message)])


def parse_number(text: str, where: str, what: str = "数值") -> Decimal:
    """A decimal typed by the clerk (full-width digits accepted), at most two decimals."""
    cleaned = (text or "").strip().translate(FULL_WIDTH)
    if not cleaned:
        raise refuse(where, f"请填写{what}。")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", cleaned):
        raise refuse(where, f"{what}“{text.strip()}”不是数字，请只输入数字和小数点。")
    try:
        value = Decimal(cleaned)
    except InvalidOperation as exc:  # pragma: no cover - the pattern above already refuses
        raise refuse(where, f"{what}“{text}”不是数字。") from exc
    if value != value.quantize(Decimal("0.01")):
        raise refuse(where, f"{what}“{text.strip()}”最多保留两位小数。")
    return value


# --- item scores and deduction events (附件2、附件3) ----------------------------------------------------


@dataclass(frozen=True)
class ItemEventRow:
    id: int
    item: str
    rule: str  # index of the rule within the item (as text, as the loader reads it)
    unit: str | None
    branch: str | None
    count: Decimal
    note: str | None
    date: str | None


def item_of_unit(scheme: Scheme, unit: str, item_id: str) -> Item:
    if unit not in {u.name for u in scheme.units}:
        raise refuse("科室", f"本年度方案中没有科室“{unit}”。")
    item = scheme.items_by_id.get(item_id)
    if item is None or (item.unit is not None and item.unit != unit):
        raise refuse("考评项目", f"“{unit}”没有编号为 {item_id} 的考评项目。")
    return item


def item_rules(scheme: Scheme, item_id: str) -> list[dict[str, Any]]:
    row = next((r for r in scheme.item_rows() if r["id"] == item_id), None)
    return list(row.get("rules", [])) if row else []


def item_text(scheme: Scheme, item_id: str) -> str:
    row = next((r for r in scheme.item_rows() if r["id"] == item_id), None)
    return str(row.get("text", "")) if row else ""


def parse_score(text: str, item: Item) -> Decimal:
    """An item's score: a number from 0 to the item's points (above only where the rule says so)."""
    where = f"“{item.title}”的得分"
    value = parse_number(text, where, "得分")
    if value < 0:
        raise refuse(where, f"得分不能为负数（{value}）。扣完为止，最低 0 分。")
    if value > item.max and not item.may_exceed:
        raise refuse(where, f"得分 {value} 超过该项分值 {item.max} 分。")
    return value


def stored_scores(db: Database, year: int) -> dict[tuple[str, str], tuple[Decimal, str | None]]:
    return {
        (r["unit"], r["item"]): (Decimal(r["score"]), r["note"])
        for r in db.query("SELECT unit, item, score, note FROM item_scores WHERE year = ?", (year,))
    }


def read_item_events(db: Database, year: int) -> list[ItemEventRow]:
    return [
        ItemEventRow(r["id"], r["item"], r["rule"], r["unit"], r["branch"], Decimal(r["count"]), r["note"], r["date"])
        for r in db.query("SELECT * FROM item_events WHERE year = ? ORDER BY id", (year,))
    ]


def events_of_unit(scheme: Scheme, unit: str, events: list[ItemEventRow]) -> list[ItemEventRow]:
    """The unit's own events and its party branch's (支部所有科室扣…)."""
    branch = next((u.branch for u in scheme.units if u.name == unit), None)
    return [e for e in events if e.unit == unit or (e.unit is None and branch and e.branch == branch)]


def save_item_score(
    conn: sqlite3.Connection, year: int, scheme: Scheme, unit: str, item_id: str, text: str, note: str | None = None
) -> Decimal:
    item = item_of_unit(scheme, unit, item_id)
    value = parse_score(text, item)
    store.set_item_score(conn, year, unit, item_id, value, (note or "").strip() or None)
    return value


def clear_item_score(conn: sqlite3.Connection, year: int, unit: str, item_id: str) -> None:
    store.delete_item_score(conn, year, unit, item_id)


def add_item_event(
    conn: sqlite3.Connection,
    year: int,
    scheme: Scheme,
    unit: str,
    item_id: str,
    rule_index: int,
    count_text: str,
    note: str | None = None,
    on: str | None = None,
) -> int:
    """Record `count` occurrences of a rule; a branch-scoped rule is recorded against the unit's branch."""
    item = item_of_unit(scheme, unit, item_id)
    rules = item_rules(scheme, item_id)
    if not 0 <= rule_index < len(rules):
        raise refuse(f"“{item.title}”", "请选择扣分（加分）细则。")
    count = parse_number(count_text, f"“{item.title}”的次数", "次数")
    if count <= 0:
        raise refuse(f"“{item.title}”的次数", "次数必须大于 0。")
    when = parse_date(on or "", event_date_where(item))
    rule = rules[rule_index]
    branch = None
    target_unit: str | None = unit
    if rule.get("scope") == "branch":
        branch = next(u.branch for u in scheme.units if u.name == unit)
        if branch:
            target_unit = None
        else:
            branch = None
    cursor = conn.execute(
        "INSERT INTO item_events (year, item, rule, unit, branch, count, note, date) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (year, item_id, str(rule_index), target_unit, branch, store.dec_str(count), (note or "").strip() or None, when),
    )
    return int(cursor.lastrowid or 0)


def event_date_where(item: Item) -> str:
    """Where a deduction event's date is, for a refusal message."""
    return f"“{item.title}”扣分事件的日期"


def delete_item_event(conn: sqlite3.Connection, year: int, event_id: int) -> None:
    conn.execute("DELETE FROM item_events WHERE year = ? AND id = ?", (year, event_id))


def fill_full_marks(db: Database, conn: sqlite3.Connection, year: int, scheme: Scheme, unit: str) -> int:
    """未扣分的项目记满分: every item of the unit with neither a score nor an event gets its points."""
    scores = stored_scores(db, year)
    with_events = {e.item for e in events_of_unit(scheme, unit, read_item_events(db, year))}
    filled = 0
    for item in scheme.items_for_unit(unit):
        if (unit, item.id) not in scores and item.id not in with_events:
            store.set_item_score(conn, year, unit, item.id, item.max, None)
            filled += 1
    return filled


# --- dates --------------------------------------------------------------------------------------------


def parse_date(text: str, where: str) -> str | None:
    """“2017-05-12”, “2017.5.12”, “2017/5/12” or “2017年5月12日” → ISO; empty → None."""
    cleaned = (text or "").strip().translate(FULL_WIDTH)
    if not cleaned:
        return None
    match = re.fullmatch(r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?", cleaned)
    if not match:
        raise refuse(where, f"日期“{text.strip()}”格式不对，请写成 2017-05-12。")
    try:
        return date(int(match[1]), int(match[2]), int(match[3])).isoformat()
    except ValueError as exc:
        raise refuse(where, f"日期“{text.strip()}”不存在。") from exc


# --- bonus and deduction events (加减分项目) ---------------------------------------------------------


@dataclass(frozen=True)
class CategoryInfo:
    id: str
    kind: str  # bonus | deduction
    name: str
    cap: Decimal | None
    options: tuple[tuple[str, Decimal], ...]

    @property
    def label(self) -> str:
        cap = f"，上限 {self.cap} 分" if self.cap is not None else ""
        return f"【{KIND_NAMES[self.kind]}】{self.name}{cap}"


def adjustment_categories(scheme: Scheme, target_kind: str) -> list[CategoryInfo]:
    section = scheme.body["unit_adjustments"] if target_kind == "unit" else scheme.body["cadres"]["adjustments"]
    return [
        CategoryInfo(
            c["id"],
            c["kind"],
            c["name"],
            None if c.get("cap") is None else Decimal(str(c["cap"])),
            tuple((o["label"], Decimal(str(o["points"]))) for o in c.get("options", [])),
        )
        for c in section["categories"]
    ]


def adjustment_caps(scheme: Scheme, target_kind: str) -> dict[str, Decimal]:
    section = scheme.body["unit_adjustments"] if target_kind == "unit" else scheme.body["cadres"]["adjustments"]
    return {kind: Decimal(str(value)) for kind, value in section["caps"].items()}


def build_adjustment(
    scheme: Scheme,
    target_kind: str,
    category_id: str,
    points_text: str,
    targets: list[str],
    valid_targets: set[str],
    matter: str = "",
    on: str = "",
    note: str = "",
    event_id: int | None = None,
) -> store.AdjustmentRow:
    """Validate a bonus/deduction event as the clerk typed it; every problem is listed."""
    problems: list[Problem] = []
    category = next((c for c in adjustment_categories(scheme, target_kind) if c.id == category_id), None)
    if category is None:
        problems.append(Problem("类别", "请选择加分或扣分类别。"))
    points = Decimal(0)
    try:
        points = parse_number(points_text, "分值", "分值")
        if points <= 0:
            problems.append(Problem("分值", "分值必须大于 0（扣分也填正数，类别已说明是扣分）。"))
        elif category is not None:
            rules = scheme.unit_adjustment_rules if target_kind == "unit" else scheme.cadre_adjustment_rules
            problem = tier_problem(rules.categories[category.id], points)
            if problem:
                problems.append(Problem("分值", problem))
    except ValidationError as exc:
        problems.extend(exc.problems)
    who = TARGET_NAMES[target_kind]
    if not targets:
        problems.append(Problem(who, f"请至少选择一个{who}。"))
    for target in targets:
        if target not in valid_targets:
            problems.append(Problem(who, f"本年度没有{who}“{target}”。"))
    if len(set(targets)) != len(targets):
        problems.append(Problem(who, f"同一{who}选了两次。"))
    when = None
    try:
        when = parse_date(on, "日期")
    except ValidationError as exc:
        problems.extend(exc.problems)
    if problems:
        raise ValidationError(problems)
    assert category is not None
    return store.AdjustmentRow(
        target_kind=target_kind,
        kind=category.kind,
        category=category.id,
        matter=matter.strip() or None,
        points=points,
        targets=tuple(targets),
        date=when,
        note=note.strip() or None,
        id=event_id,
    )


def save_adjustment(conn: sqlite3.Connection, year: int, row: store.AdjustmentRow) -> int:
    """A new event, or (with an id) the edited event in place."""
    if row.id is None:
        return store.insert_adjustment(conn, year, row)
    store.update_adjustment(conn, year, row)
    return row.id


def delete_adjustment(conn: sqlite3.Connection, year: int, event_id: int) -> None:
    store.delete_adjustment(conn, year, event_id)


def share_of_each(row: store.AdjustmentRow) -> dict[str, Decimal]:
    """将总分值分解后分别加分: each target's part (the engine's split)."""
    event = Adjustment(row.targets, row.kind, row.category, row.points, row.matter, row.shares)
    return entity_shares(event)


def same_matter_notes(rows: list[store.AdjustmentRow]) -> dict[int, str]:
    """For events sharing a matter (同一事项…取最大分值): which of them count, per target."""
    by_matter: dict[tuple[str, str], list[store.AdjustmentRow]] = defaultdict(list)
    for row in rows:
        if row.matter and row.id is not None:
            by_matter[(row.kind, row.matter)].append(row)
    notes: dict[int, str] = {}
    for group in by_matter.values():
        if len(group) < 2:
            continue
        best: dict[str, tuple[Decimal, int]] = {}
        for row in group:
            for target, share in share_of_each(row).items():
                if target not in best or share > best[target][0]:
                    best[target] = (share, row.id or 0)
        for row in group:
            counted = [t for t in row.targets if best.get(t, (None, None))[1] == row.id]
            if len(counted) == len(row.targets):
                notes[row.id or 0] = "同一事项，取此最大分值"
            elif counted:
                notes[row.id or 0] = "同一事项，仅对" + "、".join(counted) + "计入"
            else:
                notes[row.id or 0] = "同一事项，不重复计分"
    return notes


# --- 一票否决 and 突出业绩奖 ------------------------------------------------------------------------------


def vetoes(db: Database, year: int) -> dict[str, str]:
    return {r["unit"]: r["reason"] for r in db.query("SELECT unit, reason FROM vetoes WHERE year = ?", (year,))}


def special_awards(db: Database, year: int) -> dict[str, str | None]:
    return {r["unit"]: r["reason"] for r in db.query("SELECT unit, reason FROM special_awards WHERE year = ?", (year,))}


def _known_unit(scheme: Scheme, unit: str) -> str:
    name = scheme.resolve_unit(unit or "")
    if name is None:
        raise refuse("科室", f"本年度没有科室“{unit}”。")
    return name


def set_veto(db: Database, conn: sqlite3.Connection, year: int, scheme: Scheme, unit: str, reason: str) -> None:
    """一票否决: the unit loses 评先评优 and is graded 不合格; the reason is required."""
    name = _known_unit(scheme, unit)
    if not (reason or "").strip():
        raise refuse("一票否决", "请写明一票否决的原因（哪项工作、哪份文件）。")
    if name in special_awards(db, year):
        raise refuse("一票否决", f"“{name}”已评为突出业绩奖，被一票否决的科室不能获奖，请先撤销其突出业绩奖。")
    store.set_veto(conn, year, name, reason.strip())


def clear_veto(conn: sqlite3.Connection, year: int, unit: str) -> None:
    conn.execute("DELETE FROM vetoes WHERE year = ? AND unit = ?", (year, unit))


def set_special_award(
    db: Database, conn: sqlite3.Connection, year: int, scheme: Scheme, unit: str, reason: str
) -> None:
    """突出业绩奖: 经委党委讨论通过，设 1-2 个科室; only for a unit not vetoed; the reason is required."""
    name = _known_unit(scheme, unit)
    award = scheme.body.get("special_award", {})
    title = award.get("name", "突出业绩奖")
    most = int(award.get("max", 2))
    if not (reason or "").strip():
        raise refuse(title, f"请写明{title}的理由（突出表现和特别贡献）。")
    if name in vetoes(db, year):
        raise refuse(title, f"“{name}”已被一票否决，不能评{title}。")
    others = [u for u in special_awards(db, year) if u != name]
    if len(others) >= most:
        raise refuse(title, f"{title}最多设 {most} 个科室，已有：{'、'.join(others)}。")
    store.set_special_award(conn, year, name, title, reason.strip())


def clear_special_award(conn: sqlite3.Connection, year: int, unit: str) -> None:
    conn.execute("DELETE FROM special_awards WHERE year = ? AND unit = ?", (year, unit))


@dataclass(frozen=True)
class ItemScoreChange:
    """One (unit, item) score written by a batch import (the item-score workbook)."""

    unit: str
    item: str
    score: Decimal
    note: str | None


def apply_item_scores(conn: sqlite3.Connection, year: int, changes: list[ItemScoreChange]) -> int:
    """Write a batch of item scores inside the caller's transaction."""
    for change in changes:
        store.set_item_score(conn, year, change.unit, change.item, change.score, change.note)
    return len(changes)


def write_item_scores(db: Database, year: int, changes: list[ItemScoreChange], reason: str, source: str) -> int:
    """A batch of item scores as one audited transaction."""
    with db.atomic(reason=reason, source=source) as conn:
        return apply_item_scores(conn, year, changes)


def units_with_direct_score(db: Database, year: int, units: list[str], item: str) -> list[str]:
    """Those of `units` whose `item` has a score keyed directly: for them an explicit score wins over events."""
    rows = db.query("SELECT unit FROM item_scores WHERE year = ? AND item = ?", (year, item))
    keyed = {r["unit"] for r in rows}
    return [unit for unit in units if unit in keyed]
