"""The units' keyed data: item scores (附件2/3), rating ballots (附件4/5), bonuses and deductions, 一票否决
(突出业绩奖: `year_rules`)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from app.models.reader import Keys
from app.models.schemes import Scheme
from app.models.yearfile.adjustments import read_adjustment
from app.models.yearfile.plan import Plan, YearFile

KEYS: dict[str, Keys] = {
    "item_scores": ({"unit", "item", "score"}, {"note"}),
    "unit_ballots": ({"form", "ballot", "scores"}, {"void"}),
    "unit_adjustments": ({"units", "kind", "category", "points"}, {"matter", "shares", "date", "note"}),
    "vetoes": ({"unit"}, {"reason"}),
}
RATING_FORMS = ("leaders", "heads")


def read(file: YearFile, plan: Plan) -> None:
    read_item_scores(file, plan)
    read_unit_ballots(file, plan)
    read_unit_adjustments(file, plan)
    read_vetoes(file, plan)


def read_item_scores(file: YearFile, plan: Plan) -> None:
    scheme = plan.scheme
    for path, entry in file.section("item_scores", KEYS["item_scores"]):
        unit = file.unit(entry["unit"], f"{path}.unit", scheme)
        item = scheme.items_by_id.get(entry["item"]) if isinstance(entry["item"], str) else None
        if item is None:
            file.problem(f"{path}.item", f"方案中没有考核项目 {entry['item']!r}")
        elif unit is not None and item.unit not in (None, unit):
            file.problem(f"{path}.item", f"项目 {item.id}（{item.title}）不是 {unit} 的考核项目")
            item = None
        score = file.number(entry["score"], f"{path}.score", low=Decimal(0))
        note = entry.get("note")
        if note is not None and not isinstance(note, str):
            file.problem(f"{path}.note", "应为文字")
        if unit is None or item is None or score is None:
            continue
        if score > item.max and not item.may_exceed:
            file.problem(f"{path}.score", f"{score} 超过该项满分 {item.max}（{item.title}），该项不设加分")
            continue
        plan.item_scores[(unit, item.id)] = (score, note)  # a later entry replaces the earlier one


def read_unit_ballots(file: YearFile, plan: Plan) -> None:
    seen_serials: dict[tuple[str, int], str] = {}
    for path, entry in file.section("unit_ballots", KEYS["unit_ballots"]):
        form = entry["form"]
        if form not in RATING_FORMS:
            file.problem(f"{path}.form", f'应为 "leaders"（附件4）或 "heads"（附件5），实际为 {form!r}')
            continue
        serial = file.integer(entry["ballot"], f"{path}.ballot", low=1)
        void = file.text(entry.get("void"), f"{path}.void", optional=True)
        if serial is not None:
            if (form, serial) in seen_serials:
                file.problem(f"{path}.ballot", f"选票编号 {serial} 重复（已见于 {seen_serials[(form, serial)]}）")
                continue
            seen_serials[(form, serial)] = path
        scores = _ballot_scores(file, entry["scores"], f"{path}.scores", plan.scheme, form)
        if serial is None or scores is None:
            continue
        if not scores and not void:
            file.problem(f"{path}.scores", "这张选票没有为任何科室评分")
            continue
        stored = file.db.query(
            "SELECT scores, void FROM rating_ballots WHERE year = ? AND form = ? AND serial = ? AND pass = ?",
            (plan.year, form, serial, file.keying_pass),
        )
        if stored:
            old_scores = {u: tuple(Decimal(s) for s in v) for u, v in json.loads(stored[0]["scores"]).items()}
            if old_scores == scores and (stored[0]["void"] or None) == void:
                plan.skipped_identical += 1
                continue
            file.problem(
                f"{path}",
                f"选票冲突：{form} 第 {serial} 号已录入且内容不同。已有：{_compact(old_scores, stored[0]['void'])}；"
                f"文件：{_compact(scores, void)}",
            )
            continue
        plan.unit_ballots.append((form, serial, scores, void))


def _ballot_scores(
    file: YearFile, value: Any, path: str, scheme: Scheme, form: str
) -> dict[str, tuple[Decimal, ...]] | None:
    if not isinstance(value, dict):
        file.problem(path, "应为 科室 → 五项得分 的对象")
        return None
    criteria = scheme.criteria(form)
    scores: dict[str, tuple[Decimal, ...]] = {}
    ok = True
    for unit_name, values in value.items():
        unit_path = f"{path}.{unit_name}"
        unit = file.unit(unit_name, unit_path, scheme)
        if not isinstance(values, list) or len(values) != len(criteria.maxima):
            file.problem(unit_path, f"应为 {len(criteria.maxima)} 项得分（{'、'.join(criteria.names)}）")
            ok = False
            continue
        parsed = [
            file.number(v, f"{unit_path}[{i}]", low=Decimal(0), high=criteria.maxima[i]) for i, v in enumerate(values)
        ]
        if unit is None or any(p is None for p in parsed):
            ok = False
            continue
        if unit in scores:
            file.problem(unit_path, f"{unit} 在同一张选票上出现两次")
            ok = False
            continue
        scores[unit] = tuple(p for p in parsed if p is not None)
    return scores if ok else None


def _compact(scores: dict[str, tuple[Decimal, ...]], void: str | None) -> str:
    text = json.dumps({u: [str(s) for s in v] for u, v in scores.items()}, ensure_ascii=False)
    return text + ("（废票：" + void + "）" if void else "")


def read_unit_adjustments(file: YearFile, plan: Plan) -> None:
    scheme = plan.scheme
    unit_categories = scheme.unit_adjustment_rules.categories
    for path, entry in file.section("unit_adjustments", KEYS["unit_adjustments"]):
        units_raw = entry["units"]
        if not isinstance(units_raw, list) or not units_raw:
            file.problem(f"{path}.units", "应为至少包含一个科室的数组")
            continue
        targets = [file.unit(u, f"{path}.units[{i}]", scheme) for i, u in enumerate(units_raw)]
        if len(set(targets)) != len(targets):
            file.problem(f"{path}.units", "同一科室重复列出")
        row = read_adjustment(file, entry, path, unit_categories, "unit", tuple(t for t in targets if t))
        if row is not None and all(targets):
            plan.adjustments.append(row)


def read_vetoes(file: YearFile, plan: Plan) -> None:
    scheme = plan.scheme
    for path, entry in file.section("vetoes", KEYS["vetoes"]):
        unit = file.unit(entry["unit"], f"{path}.unit", scheme)
        reason = file.text(entry.get("reason", "一票否决"), f"{path}.reason")
        if unit and reason:
            plan.vetoes[unit] = reason
    # 突出业绩奖 is read with the year's other awards (app.models.yearfile.year_rules); it counts the stored ones.
    for row in file.db.query("SELECT unit, reason FROM special_awards WHERE year = ?", (plan.year,)):
        plan.stored_unit_awards[row["unit"]] = row["reason"]
