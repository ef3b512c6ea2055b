"""The cadres' data: the roster, democratic ballots or their tallies, the leadership's ratings (德能勤绩廉) and
the cadres' bonuses and deductions."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from app.models.cadre_status import award_held, barred_problems, barred_text, not_assessed_problems
from app.models.reader import Keys, shown
from app.models.roster import head_problems
from app.models.store import CadreRow, read_cadre_special_awards, read_cadres
from app.models.yearfile.adjustments import read_adjustment
from app.models.yearfile.plan import Plan, YearFile
from app.scoring.clauses import barred_ground_of
from app.scoring.inputs import MARKS

KEYS: dict[str, Keys] = {
    "cadres": ({"id", "name", "unit", "category", "level"}, {"is_head", "barred", "barred_ground", "not_assessed"}),
    "democratic_ballots": ({"ballot", "marks"}, {"void"}),
    "democratic_tallies": ({"cadre", *MARKS}, set()),
    "leader_ratings": ({"rater", "cadre", "scores"}, set()),
    "cadre_adjustments": ({"cadre", "kind", "category", "points"}, {"matter", "date", "note"}),
}
CadreLookup = Callable[[Any, str], str | None]  # a cadre id as written → the known id, or None (problem recorded)


def read(file: YearFile, plan: Plan) -> None:
    known = read_roster(file, plan)

    def cadre(value: Any, path: str) -> str | None:
        if not isinstance(value, str) or value not in known:
            file.problem(path, f"未知干部编号 {shown(value)}")
            return None
        return value

    ballot_cadres = read_democratic_ballots(file, plan, cadre)
    read_tallies(file, plan, cadre, ballot_cadres)
    read_leader_ratings(file, plan, cadre)
    cadre_categories = plan.scheme.cadre_adjustment_rules.categories
    for path, entry in file.section("cadre_adjustments", KEYS["cadre_adjustments"]):
        cadre_id = cadre(entry["cadre"], f"{path}.cadre")
        row = read_adjustment(file, entry, path, cadre_categories, "cadre", (cadre_id,) if cadre_id else ())
        if row is not None and cadre_id:
            plan.adjustments.append(row)


def read_roster(file: YearFile, plan: Plan) -> set[str]:
    """The file's cadres into the plan; returns every cadre id known after the import (stored or in the file)."""
    stored_cadres = {c.id: c for c in read_cadres(file.db, plan.year)}
    file_ids: set[str] = set()
    cadre_paths: dict[str, str] = {}
    for index, (path, entry) in enumerate(file.section("cadres", KEYS["cadres"])):
        cadre_id = file.text(entry["id"], f"{path}.id")
        name = file.text(entry["name"], f"{path}.name")
        unit = file.unit(entry["unit"], f"{path}.unit", plan.scheme)
        category = entry["category"]
        if category not in ("civil_servant", "institution"):
            file.problem(
                f"{path}.category",
                f'应为 "civil_servant"（公务员）或 "institution"（事业单位），实际为 {category!r}',
            )
            category = None
        level = file.text(entry["level"], f"{path}.level")
        is_head = file.boolean(entry.get("is_head", False), f"{path}.is_head")
        barred = file.text(entry.get("barred"), f"{path}.barred", optional=True)
        ground, barred = read_barred(file, entry, path, barred)
        not_assessed, not_assessed_reason = read_not_assessed(file, entry.get("not_assessed"), f"{path}.not_assessed")
        if cadre_id in file_ids:
            file.problem(f"{path}.id", f"干部编号 {cadre_id} 重复")
            continue
        if cadre_id:
            file_ids.add(cadre_id)
        if cadre_id is None or name is None or unit is None or category is None or level is None or is_head is None:
            continue
        position = stored_cadres[cadre_id].position if cadre_id in stored_cadres else len(stored_cadres) + index + 1
        plan.cadres.append(
            CadreRow(
                cadre_id,
                name,
                unit,
                category,
                level,
                is_head,
                barred,
                position,
                barred_ground=ground,
                not_assessed=not_assessed,
                not_assessed_reason=not_assessed_reason,
            )
        )
        cadre_paths[cadre_id] = path
    # 突出贡献奖 is for 称职 or better (干部办法五): a file cannot make its holder 不定等次 (it cannot take awards away).
    holders = {a.cadre for a in read_cadre_special_awards(file.db, plan.year)}
    for cadre in plan.cadres:
        if cadre.not_assessed and cadre.id in holders:
            found = award_held(cadre.name, cadre.not_assessed, f"{cadre_paths[cadre.id]}.not_assessed")
            file.problem(found.path, found.message)
    # One 主要负责人 per unit, as the roster page requires (其科室（单位）主要负责人个人年度考核为优秀等次).
    merged = {**stored_cadres, **{c.id: c for c in plan.cadres}}
    for found in head_problems(list(merged.values()), cadre_paths):
        file.problem(found.path, found.message.removeprefix(f"{found.path}："))
    return set(stored_cadres) | file_ids


def read_barred(file: YearFile, entry: dict[str, Any], path: str, barred: str | None) -> tuple[str | None, str | None]:
    """(ground, text): 干部办法三（三）3 ①受到处分 ②严重失职, or 其他 with `barred` as the required note. A ground
    without text takes the seed's words; text without a ground is read for them (处分 → ①, 失职 → ②, else 其他)."""
    ground = entry.get("barred_ground")
    if ground is None:
        return (barred_ground_of(barred) if barred else None), barred
    problems = barred_problems(ground, barred or "", f"{path}.barred_ground")
    for problem in problems:
        file.problem(problem.path, problem.message)
    if problems:
        return None, barred
    return ground, barred_text(ground, barred or "")


def read_not_assessed(file: YearFile, value: Any, path: str) -> tuple[str | None, str | None]:
    """干部办法七: {"kind": "不定等次" | "不参加评优", "reason": …} or null."""
    if value is None:
        return None, None
    if not isinstance(value, dict) or set(value) - {"kind", "reason"}:
        file.problem(path, '应为 {"kind": "不定等次" 或 "不参加评优", "reason": 原因} 或 null')
        return None, None
    kind, reason = value.get("kind"), value.get("reason")
    problems = not_assessed_problems(
        kind if isinstance(kind, str) else shown(kind), reason if isinstance(reason, str) else "", path
    )
    for problem in problems:
        file.problem(problem.path, problem.message)
    if problems:
        return None, None
    return kind, file.text(reason, f"{path}.reason")


def read_democratic_ballots(file: YearFile, plan: Plan, cadre: CadreLookup) -> set[str]:
    """The file's democratic ballots into the plan; returns the cadres they mark."""
    seen: dict[int, str] = {}
    ballot_cadres: set[str] = set()
    for path, entry in file.section("democratic_ballots", KEYS["democratic_ballots"]):
        serial = file.integer(entry["ballot"], f"{path}.ballot", low=1)
        void = file.text(entry.get("void"), f"{path}.void", optional=True)
        marks_raw = entry["marks"]
        if not isinstance(marks_raw, dict):
            file.problem(f"{path}.marks", "应为 干部编号 → 等次 的对象")
            continue
        if serial is not None:
            if serial in seen:
                file.problem(f"{path}.ballot", f"民主测评票编号 {serial} 重复（已见于 {seen[serial]}）")
                continue
            seen[serial] = path
        ballot_cadres.update(c for c in marks_raw if isinstance(c, str))
        marks: dict[str, str] = {}
        for cadre_id, mark in marks_raw.items():
            if cadre(cadre_id, f"{path}.marks.{cadre_id}") is None:
                continue
            if mark not in MARKS:
                file.problem(f"{path}.marks.{cadre_id}", f"等次应为 优秀、称职、基本称职、不称职 之一，实际为 {mark!r}")
                continue
            marks[cadre_id] = mark
        if serial is None or len(marks) != len(marks_raw):
            continue
        if not marks and not void:
            file.problem(f"{path}.marks", "这张测评票没有标记任何干部")
            continue
        stored = file.db.query(
            "SELECT marks, void FROM democratic_ballots WHERE year = ? AND serial = ? AND pass = ?",
            (plan.year, serial, file.keying_pass),
        )
        if stored:
            old = json.loads(stored[0]["marks"])
            if old == marks and (stored[0]["void"] or None) == void:
                plan.skipped_identical += 1
                continue
            file.problem(
                path,
                f"测评票冲突：第 {serial} 号已录入且内容不同。已有：{json.dumps(old, ensure_ascii=False)}"
                f"{'（废票）' if stored[0]['void'] else ''}；文件：{json.dumps(marks, ensure_ascii=False)}",
            )
            continue
        plan.democratic_ballots.append((serial, marks, void))
    return ballot_cadres


def read_tallies(file: YearFile, plan: Plan, cadre: CadreLookup, ballot_cadres: set[str]) -> None:
    """汇总票数 per cadre: refused for a cadre who has ballots, in the file or stored."""
    stored_ballot_cadres = set()
    for row in file.db.query("SELECT marks FROM democratic_ballots WHERE year = ?", (plan.year,)):
        stored_ballot_cadres.update(json.loads(row["marks"]))
    stored_tally_cadres = {
        r["cadre"] for r in file.db.query("SELECT cadre FROM democratic_tallies WHERE year = ?", (plan.year,))
    }
    for path, entry in file.section("democratic_tallies", KEYS["democratic_tallies"]):
        cadre_id = cadre(entry["cadre"], f"{path}.cadre")
        counts = [file.integer(entry[mark], f"{path}.{mark}", low=0) for mark in MARKS]
        if cadre_id is None:
            continue
        excellent, competent, basic, incompetent = counts
        if excellent is None or competent is None or basic is None or incompetent is None:
            continue
        if cadre_id in ballot_cadres or cadre_id in stored_ballot_cadres:
            file.problem(f"{path}.cadre", f"干部 {cadre_id} 已有测评票，不能同时录入汇总票数")
            continue
        if cadre_id in plan.tallies:
            file.problem(f"{path}.cadre", f"干部 {cadre_id} 的汇总票数重复")
            continue
        plan.tallies[cadre_id] = (excellent, competent, basic, incompetent)
    for cadre_id in sorted(ballot_cadres & stored_tally_cadres):
        file.problem("$.democratic_ballots", f"干部 {cadre_id} 已录入汇总票数，不能同时录入测评票")


def read_leader_ratings(file: YearFile, plan: Plan, cadre: CadreLookup) -> None:
    maxima = plan.scheme.leader_rating_maxima
    for path, entry in file.section("leader_ratings", KEYS["leader_ratings"]):
        rater = file.integer(entry["rater"], f"{path}.rater", low=1)
        cadre_id = cadre(entry["cadre"], f"{path}.cadre")
        values = entry["scores"]
        if not isinstance(values, list) or len(values) != len(maxima):
            file.problem(f"{path}.scores", f"应为 {len(maxima)} 项得分（德、能、勤、绩、廉）")
            continue
        parsed = [file.number(v, f"{path}.scores[{i}]", low=Decimal(0), high=maxima[i]) for i, v in enumerate(values)]
        if rater is None or cadre_id is None or any(p is None for p in parsed):
            continue
        if (rater, cadre_id) in plan.leader_ratings:
            file.problem(path, f"评价人 {rater} 对干部 {cadre_id} 的评价重复")
            continue
        plan.leader_ratings[(rater, cadre_id)] = tuple(p for p in parsed if p is not None)
