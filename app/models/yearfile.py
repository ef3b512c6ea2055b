"""The open year file (appraisal-year/1): validate every problem with its JSON path, then merge
in one transaction; export a year so that importing it into an empty file gives the same results."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from app.models import store
from app.models.db import Database
from app.models.decisions import Decision, decision_map, insert_decisions, now_text, read_decisions, tie_group_of
from app.models.errors import Problem, ValidationError
from app.models.loader import load_item_scores
from app.models.roster import head_problems
from app.models.schemes import DEFAULT_SCHEME_ID, Scheme
from app.scoring.decisions import LADDERS, group_problem
from app.scoring.district import DERIVED_CATEGORIES, event_kind, validity_window
from app.scoring.inputs import MARKS
from app.scoring.numbers import to_decimal

FORMAT = "appraisal-year/1"
MARK_KEYS = MARKS  # 优秀, 称职, 基本称职, 不称职
DISTRICT_CATEGORIES = (
    "big_project",
    "rank_change",
    "honor_national",
    "honor_provincial",
    "poor_implementation",
    "criticized_provincial",
    "criticized_city",
    "media_exposure",
)
SECTION_KEYS: dict[str, tuple[set[str], set[str]]] = {
    # section: (required keys, optional keys)
    "units": ({"name"}, {"short", "group", "branch", "aliases", "head"}),
    "items": ({"id"}, {"unit", "part", "title", "max"}),
    "categories": ({"id"}, {"kind", "cap", "name", "for"}),
    "item_scores": ({"unit", "item", "score"}, {"note"}),
    "unit_ballots": ({"form", "ballot", "scores"}, {"void"}),
    "unit_adjustments": ({"units", "kind", "category", "points"}, {"matter", "shares", "date", "note"}),
    "vetoes": ({"unit"}, {"reason"}),
    "special_awards": ({"unit"}, {"award", "reason"}),
    "cadres": ({"id", "name", "unit", "category", "level"}, {"is_head", "barred"}),
    "democratic_ballots": ({"ballot", "marks"}, {"void"}),
    "democratic_tallies": ({"cadre", *MARK_KEYS}, set()),
    "leader_ratings": ({"rater", "cadre", "scores"}, set()),
    "cadre_adjustments": ({"cadre", "kind", "category", "points"}, {"matter", "date", "note"}),
    "indicators": ({"id", "name"}, {"lead_unit", "content", "target", "liaison"}),
    "indicator_reports": (
        {"indicator", "month"},
        # `leader_signed` (区分管领导审签) is this program's addition to the spec's fields.
        {"rank", "estimated", "peer_ranks", "progress", "signed", "leader_signed", "submitted"},
    ),
    "district_events": (
        {"category"},
        {
            "matter",
            "investment",
            "indicator",
            "measure",
            "last_year_rank",
            "rank",
            "tier",
            "peers_honored_share",
            "points",
            "date",
            "credited_units",  # this program's addition: 考绩贡献加分 for the units that earned a bonus
            "charged_units",  # this program's addition: 失分扣分 for the units responsible for a deduction
        },
    ),
    # This program's extension (present only when the committee decided a tie): 党委审定 of tied places.
    "committee_decisions": ({"kind", "subject", "outcome", "reason"}, set()),
}
TOP_KEYS = {"format", "year", "scheme", "criteria", "peers", *SECTION_KEYS}


def parse_year_file(text: str) -> Any:
    """JSON with decimals kept exact (never binary floats)."""
    try:
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise ValidationError([Problem("$", f"JSON 格式错误：第 {exc.lineno} 行第 {exc.colno} 列，{exc.msg}")]) from exc


@dataclass
class Plan:
    """What an import will write, prepared during validation (nothing is written until it is clean)."""

    year: int
    scheme: Scheme
    create_scheme_body: dict[str, Any] | None
    item_scores: dict[tuple[str, str], tuple[Decimal, str | None]] = field(default_factory=dict)
    unit_ballots: list[tuple[str, int, dict[str, tuple[Decimal, ...]], str | None]] = field(default_factory=list)
    adjustments: list[store.AdjustmentRow] = field(default_factory=list)
    vetoes: dict[str, str] = field(default_factory=dict)
    special_awards: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    cadres: list[store.CadreRow] = field(default_factory=list)
    democratic_ballots: list[tuple[int, dict[str, str], str | None]] = field(default_factory=list)
    tallies: dict[str, tuple[int, int, int, int]] = field(default_factory=dict)
    leader_ratings: dict[tuple[int, str], tuple[Decimal, ...]] = field(default_factory=dict)
    indicators: list[dict[str, Any]] = field(default_factory=list)
    peers: list[str] | None = None
    indicator_reports: list[dict[str, Any]] = field(default_factory=list)
    district_events: list[dict[str, Any]] = field(default_factory=list)
    decisions: list[tuple[str, Decision]] = field(default_factory=list)  # (JSON path, decision)
    skipped_identical: int = 0


class Validator:
    def __init__(self, db: Database, data: Any, keying_pass: int = 1):
        self.db = db
        self.data = data
        self.problems: list[Problem] = []
        # Ballots are compared with this keying pass (2: a verification batch keyed on another PC).
        self.keying_pass = keying_pass

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    # --- typed readers: each returns None (and records a problem) when the value is wrong ---

    def number(self, value: Any, path: str, low: Decimal | None = None, high: Decimal | None = None) -> Decimal | None:
        if isinstance(value, bool) or not isinstance(value, (int, Decimal, str)):
            self.problem(path, f"应为数字，实际为 {json.dumps(value, ensure_ascii=False, default=str)}")
            return None
        try:
            number = to_decimal(value)
        except (ValueError, TypeError):
            self.problem(path, f"应为数字，实际为 {value!r}")
            return None
        if low is not None and number < low:
            self.problem(path, f"{number} 小于下限 {low}")
            return None
        if high is not None and number > high:
            self.problem(path, f"{number} 超过上限 {high}")
            return None
        return number

    def integer(self, value: Any, path: str, low: int | None = None) -> int | None:
        """A whole number, given as a JSON number or a decimal string ("12")."""
        number = None
        if not isinstance(value, bool) and isinstance(value, (int, Decimal, str)):
            try:
                number = to_decimal(value)
            except (ValueError, TypeError):
                number = None
        if number is None or number != number.to_integral_value():
            self.problem(path, f"应为整数，实际为 {json.dumps(value, ensure_ascii=False, default=str)}")
            return None
        if low is not None and number < low:
            self.problem(path, f"应不小于 {low}，实际为 {value}")
            return None
        return int(number)

    def text(self, value: Any, path: str, optional: bool = False) -> str | None:
        if value is None and optional:
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem(path, "应为非空文字")
            return None
        return value.strip()

    def entries(self, section: str) -> list[tuple[str, dict[str, Any]]]:
        """The section's objects with their paths, after checking keys (unknown keys are errors)."""
        raw = self.data.get(section)
        if raw is None:
            return []
        if not isinstance(raw, list):
            self.problem(f"$.{section}", "应为数组")
            return []
        required, optional = SECTION_KEYS[section]
        result = []
        for index, entry in enumerate(raw):
            path = f"$.{section}[{index}]"
            if not isinstance(entry, dict):
                self.problem(path, "应为对象")
                continue
            unknown = sorted(set(entry) - required - optional)
            for key in unknown:
                self.problem(f"{path}.{key}", "未知字段")
            missing = sorted(required - set(entry))
            for key in missing:
                self.problem(f"{path}.{key}", "缺少必填字段")
            if not unknown and not missing:
                result.append((path, entry))
        return result

    # --- the file ---

    def validate(self) -> Plan | None:
        data = self.data
        if not isinstance(data, dict):
            self.problem("$", "年度文件应为一个 JSON 对象")
            return None
        for key in sorted(set(data) - TOP_KEYS):
            self.problem(f"$.{key}", "未知字段")
        if data.get("format") != FORMAT:
            self.problem("$.format", f'应为 "{FORMAT}"，实际为 {json.dumps(data.get("format"), ensure_ascii=False)}')
        if "year" not in data:
            self.problem("$.year", "缺少必填字段")
            return None
        year = self.integer(data["year"], "$.year", low=1900)
        if year is None:
            return None
        existing = store.year_info(self.db, year)
        scheme_id = data.get("scheme", DEFAULT_SCHEME_ID)
        create_body = None
        if existing is not None:
            scheme = store.year_scheme(self.db, year)
            if existing.locked_at:
                self.problem(
                    "$.year", f"{year} 年度已审定锁定，不能导入数据；如需更正，请先在“年度与方案”中解锁并说明原因"
                )
            if "scheme" in data and scheme_id != existing.scheme_id:
                self.problem("$.scheme", f"{year} 年度使用方案 {existing.scheme_id}，文件写的是 {scheme_id}")
        else:
            if not isinstance(scheme_id, str):
                self.problem("$.scheme", "应为方案编号文字")
                return None
            create_body = store.scheme_body(self.db, scheme_id)
            if create_body is None:
                self.problem(
                    "$.scheme",
                    f"没有名为 {scheme_id} 的考评方案"
                    + (
                        "（这是在另一台电脑上修改过的年度方案：请先导入它的方案文件，"
                        "命令 appraisal scheme-import，或“年度与方案”中的“导入方案文件”）"
                        if "@" in scheme_id
                        else ""
                    ),
                )
                return None
            scheme = Scheme(create_body)
        plan = Plan(year=year, scheme=scheme, create_scheme_body=create_body)
        self.check_catalogue(scheme)
        self.read_unit_data(plan)
        self.read_cadre_data(plan)
        self.read_district_data(plan)
        self.read_decisions(plan)
        return plan

    def read_decisions(self, plan: Plan) -> None:
        """党委审定 entries: checked here for form; whether each subject is tied is checked once the file's data are
        in place (inside the import's transaction, see `check_imported_decisions`)."""
        seen: set[tuple[str, str]] = set()
        cadre_ids = {c.id for c in store.read_cadres(self.db, plan.year)} | {c.id for c in plan.cadres}
        for path, entry in self.entries("committee_decisions"):
            kind, outcome = entry["kind"], entry["outcome"]
            subject = self.text(entry["subject"], f"{path}.subject")
            reason = self.text(entry["reason"], f"{path}.reason")
            if kind not in LADDERS:
                self.problem(f"{path}.kind", f'应为 "unit"（科室）或 "cadre"（干部），实际为 {kind!r}')
                continue
            if outcome not in LADDERS[kind]:
                self.problem(f"{path}.outcome", f"应为{'、'.join(LADDERS[kind])}之一，实际为 {outcome!r}")
                continue
            if subject is None or reason is None:
                continue
            if kind == "unit":
                subject = self.unit(subject, f"{path}.subject", plan.scheme)
            elif subject not in cadre_ids:
                self.problem(f"{path}.subject", f"未知干部编号：{subject}")
                subject = None
            if subject is None:
                continue
            if (kind, subject) in seen:
                self.problem(f"{path}.subject", f"{subject} 的党委审定重复")
                continue
            seen.add((kind, subject))
            plan.decisions.append((path, Decision(kind, subject, outcome, reason, now_text())))

    def unit(self, value: Any, path: str, scheme: Scheme) -> str | None:
        name = scheme.resolve_unit(value) if isinstance(value, str) else None
        if name is None:
            self.problem(path, f"未知科室（单位）：{json.dumps(value, ensure_ascii=False, default=str)}")
        return name

    def check_catalogue(self, scheme: Scheme) -> None:
        """The catalogue is written by export; on import it is only checked against the scheme."""
        for path, entry in self.entries("units"):
            name = self.unit(entry["name"], f"{path}.name", scheme)
            if name is None:
                continue
            unit = next(u for u in scheme.units if u.name == name)
            if "group" in entry and entry["group"] != unit.group:
                self.problem(f"{path}.group", f"{name} 在方案中属第 {unit.group} 组，文件写的是 {entry['group']}")
        for path, entry in self.entries("items"):
            item = scheme.items_by_id.get(entry["id"]) if isinstance(entry["id"], str) else None
            if item is None:
                self.problem(f"{path}.id", f"方案中没有考核项目 {entry['id']!r}")
                continue
            if "max" in entry:
                maximum = self.number(entry["max"], f"{path}.max")
                if maximum is not None and maximum != item.max:
                    self.problem(f"{path}.max", f"项目 {item.id} 在方案中为 {item.max} 分，文件写的是 {maximum}")
            if "part" in entry and entry["part"] != item.part:
                self.problem(f"{path}.part", f"项目 {item.id} 在方案中属 {item.part}")
            if "unit" in entry:
                unit = None if entry["unit"] is None else scheme.resolve_unit(entry["unit"])
                if unit != item.unit:
                    self.problem(f"{path}.unit", f"项目 {item.id} 在方案中属 {item.unit or '共性工作（全部科室）'}")
        criteria = self.data.get("criteria")
        if criteria is not None:
            if not isinstance(criteria, dict):
                self.problem("$.criteria", "应为对象")
            else:
                for form in sorted(set(criteria) - {"leaders", "heads"}):
                    self.problem(f"$.criteria.{form}", "未知字段")
                for form in ("leaders", "heads"):
                    if form in criteria:
                        self.check_criteria(criteria[form], f"$.criteria.{form}", scheme, form)
        known = {**scheme.unit_adjustment_rules.categories, **scheme.cadre_adjustment_rules.categories}
        for path, entry in self.entries("categories"):
            category = known.get(entry["id"]) if isinstance(entry["id"], str) else None
            if category is None:
                self.problem(f"{path}.id", f"方案中没有加减分类别 {entry['id']!r}")
                continue
            if "kind" in entry and entry["kind"] != category.kind:
                self.problem(f"{path}.kind", f"类别 {category.id} 在方案中为 {category.kind}")
            if "cap" in entry:
                cap = None if entry["cap"] is None else self.number(entry["cap"], f"{path}.cap")
                if cap != category.cap:
                    self.problem(f"{path}.cap", f"类别 {category.id} 在方案中的上限为 {category.cap}")

    def check_criteria(self, value: Any, path: str, scheme: Scheme, form: str) -> None:
        expected = scheme.criteria(form)
        if not isinstance(value, list) or len(value) != len(expected.names):
            self.problem(path, f"应为 {len(expected.names)} 项评分内容")
            return
        for index, entry in enumerate(value):
            entry_path = f"{path}[{index}]"
            if not isinstance(entry, dict) or set(entry) - {"name", "max"}:
                self.problem(entry_path, '应为 {"name", "max"} 对象')
                continue
            if entry.get("name") != expected.names[index]:
                self.problem(f"{entry_path}.name", f"应为 {expected.names[index]}")
            if "max" in entry:
                maximum = self.number(entry["max"], f"{entry_path}.max")
                if maximum is not None and maximum != expected.maxima[index]:
                    self.problem(f"{entry_path}.max", f"应为 {expected.maxima[index]}")

    # --- unit data ---

    def read_unit_data(self, plan: Plan) -> None:
        scheme = plan.scheme
        for path, entry in self.entries("item_scores"):
            unit = self.unit(entry["unit"], f"{path}.unit", scheme)
            item = scheme.items_by_id.get(entry["item"]) if isinstance(entry["item"], str) else None
            if item is None:
                self.problem(f"{path}.item", f"方案中没有考核项目 {entry['item']!r}")
            elif unit is not None and item.unit not in (None, unit):
                self.problem(f"{path}.item", f"项目 {item.id}（{item.title}）不是 {unit} 的考核项目")
                item = None
            score = self.number(entry["score"], f"{path}.score", low=Decimal(0))
            note = entry.get("note")
            if note is not None and not isinstance(note, str):
                self.problem(f"{path}.note", "应为文字")
            if unit is None or item is None or score is None:
                continue
            if score > item.max and not item.may_exceed:
                self.problem(f"{path}.score", f"{score} 超过该项满分 {item.max}（{item.title}），该项不设加分")
                continue
            plan.item_scores[(unit, item.id)] = (score, note)  # a later entry replaces the earlier one

        seen_serials: dict[tuple[str, int], str] = {}
        for path, entry in self.entries("unit_ballots"):
            form = entry["form"]
            if form not in ("leaders", "heads"):
                self.problem(f"{path}.form", f'应为 "leaders"（附件4）或 "heads"（附件5），实际为 {form!r}')
                continue
            serial = self.integer(entry["ballot"], f"{path}.ballot", low=1)
            void = self.text(entry.get("void"), f"{path}.void", optional=True)
            if serial is not None:
                if (form, serial) in seen_serials:
                    self.problem(f"{path}.ballot", f"选票编号 {serial} 重复（已见于 {seen_serials[(form, serial)]}）")
                    continue
                seen_serials[(form, serial)] = path
            scores = self.ballot_scores(entry["scores"], f"{path}.scores", scheme, form)
            if serial is None or scores is None:
                continue
            if not scores and not void:
                self.problem(f"{path}.scores", "这张选票没有为任何科室评分")
                continue
            stored = self.db.query(
                "SELECT scores, void FROM rating_ballots WHERE year = ? AND form = ? AND serial = ? AND pass = ?",
                (plan.year, form, serial, self.keying_pass),
            )
            if stored:
                old_scores = {u: tuple(Decimal(s) for s in v) for u, v in json.loads(stored[0]["scores"]).items()}
                if old_scores == scores and (stored[0]["void"] or None) == void:
                    plan.skipped_identical += 1
                    continue
                self.problem(
                    f"{path}",
                    f"选票冲突：{form} 第 {serial} 号已录入且内容不同。已有：{json_compact(old_scores, stored[0]['void'])}；"
                    f"文件：{json_compact(scores, void)}",
                )
                continue
            plan.unit_ballots.append((form, serial, scores, void))

        unit_categories = scheme.unit_adjustment_rules.categories
        for path, entry in self.entries("unit_adjustments"):
            units_raw = entry["units"]
            if not isinstance(units_raw, list) or not units_raw:
                self.problem(f"{path}.units", "应为至少包含一个科室的数组")
                continue
            targets = [self.unit(u, f"{path}.units[{i}]", scheme) for i, u in enumerate(units_raw)]
            if len(set(targets)) != len(targets):
                self.problem(f"{path}.units", "同一科室重复列出")
            row = self.adjustment(entry, path, unit_categories, "unit", tuple(t for t in targets if t))
            if row is not None and all(targets):
                plan.adjustments.append(row)

        for path, entry in self.entries("vetoes"):
            unit = self.unit(entry["unit"], f"{path}.unit", scheme)
            reason = self.text(entry.get("reason", "一票否决"), f"{path}.reason")
            if unit and reason:
                plan.vetoes[unit] = reason
        for path, entry in self.entries("special_awards"):
            unit = self.unit(entry["unit"], f"{path}.unit", scheme)
            award = entry.get("award", "突出业绩奖")
            if award != "突出业绩奖":
                self.problem(f"{path}.award", f"应为 突出业绩奖，实际为 {award!r}")
                continue
            reason = self.text(entry.get("reason"), f"{path}.reason", optional=True)
            if unit:
                plan.special_awards[unit] = (award, reason)

    def ballot_scores(self, value: Any, path: str, scheme: Scheme, form: str) -> dict[str, tuple[Decimal, ...]] | None:
        if not isinstance(value, dict):
            self.problem(path, "应为 科室 → 五项得分 的对象")
            return None
        criteria = scheme.criteria(form)
        scores: dict[str, tuple[Decimal, ...]] = {}
        ok = True
        for unit_name, values in value.items():
            unit_path = f"{path}.{unit_name}"
            unit = self.unit(unit_name, unit_path, scheme)
            if not isinstance(values, list) or len(values) != len(criteria.maxima):
                self.problem(unit_path, f"应为 {len(criteria.maxima)} 项得分（{'、'.join(criteria.names)}）")
                ok = False
                continue
            parsed = [
                self.number(v, f"{unit_path}[{i}]", low=Decimal(0), high=criteria.maxima[i])
                for i, v in enumerate(values)
            ]
            if unit is None or any(p is None for p in parsed):
                ok = False
                continue
            if unit in scores:
                self.problem(unit_path, f"{unit} 在同一张选票上出现两次")
                ok = False
                continue
            scores[unit] = tuple(p for p in parsed if p is not None)
        return scores if ok else None

    def adjustment(
        self, entry: dict[str, Any], path: str, categories: dict, target_kind: str, targets: tuple[str, ...]
    ) -> store.AdjustmentRow | None:
        kind = entry["kind"]
        if kind not in ("bonus", "deduction"):
            self.problem(f"{path}.kind", f'应为 "bonus" 或 "deduction"，实际为 {kind!r}')
            return None
        category = categories.get(entry["category"]) if isinstance(entry["category"], str) else None
        if category is None:
            self.problem(f"{path}.category", f"未知加减分类别 {entry['category']!r}（可用：{'、'.join(categories)}）")
            return None
        if category.kind != kind:
            self.problem(f"{path}.kind", f"类别 {category.id} 是 {category.kind}，不是 {kind}")
            return None
        if target_kind == "unit" and category.id in DERIVED_CATEGORIES:
            field_name = "credited_units" if DERIVED_CATEGORIES[category.id][0] == "bonus" else "charged_units"
            self.problem(
                f"{path}.category",
                f"类别 {category.id}（{DERIVED_CATEGORIES[category.id][1]}）由市对区考绩事项的 {field_name} 自动计算，"
                "不能直接录入",
            )
            return None
        points = self.number(entry["points"], f"{path}.points", low=Decimal(0))
        if points is not None and points == 0:
            self.problem(f"{path}.points", "分值应大于 0")
            points = None
        matter = self.text(entry.get("matter"), f"{path}.matter", optional=True)
        note = self.text(entry.get("note"), f"{path}.note", optional=True)
        event_date = self.date(entry.get("date"), f"{path}.date")
        shares = None
        if entry.get("shares") is not None:
            raw = entry["shares"]
            if not isinstance(raw, list) or len(raw) != len(targets):
                self.problem(f"{path}.shares", "份额个数应与科室个数相同")
                return None
            parsed = [self.number(s, f"{path}.shares[{i}]", low=Decimal(0), high=Decimal(1)) for i, s in enumerate(raw)]
            if any(p is None for p in parsed):
                return None
            shares = tuple(p for p in parsed if p is not None)
            if sum(shares) != 1:
                self.problem(f"{path}.shares", f"份额之和应为 1，实际为 {sum(shares)}")
                return None
        if points is None:
            return None
        return store.AdjustmentRow(target_kind, kind, category.id, matter, points, targets, shares, event_date, note)

    def date(self, value: Any, path: str) -> str | None:
        if value is None:
            return None
        try:
            return date.fromisoformat(value).isoformat() if isinstance(value, str) else self._bad_date(path, value)
        except ValueError:
            return self._bad_date(path, value)

    def _bad_date(self, path: str, value: Any) -> None:
        self.problem(path, f"日期应为 YYYY-MM-DD，实际为 {value!r}")
        return None

    # --- cadre data ---

    def read_cadre_data(self, plan: Plan) -> None:
        scheme = plan.scheme
        stored_cadres = {c.id: c for c in store.read_cadres(self.db, plan.year)}
        file_ids: set[str] = set()
        cadre_paths: dict[str, str] = {}
        for index, (path, entry) in enumerate(self.entries("cadres")):
            cadre_id = self.text(entry["id"], f"{path}.id")
            name = self.text(entry["name"], f"{path}.name")
            unit = self.unit(entry["unit"], f"{path}.unit", scheme)
            category = entry["category"]
            if category not in ("civil_servant", "institution"):
                self.problem(
                    f"{path}.category",
                    f'应为 "civil_servant"（公务员）或 "institution"（事业单位），实际为 {category!r}',
                )
                category = None
            level = self.text(entry["level"], f"{path}.level")
            is_head = entry.get("is_head", False)
            if not isinstance(is_head, bool):
                self.problem(f"{path}.is_head", "应为 true 或 false")
                is_head = None
            barred = self.text(entry.get("barred"), f"{path}.barred", optional=True)
            if cadre_id in file_ids:
                self.problem(f"{path}.id", f"干部编号 {cadre_id} 重复")
                continue
            if cadre_id:
                file_ids.add(cadre_id)
            if None in (cadre_id, name, unit, category, level, is_head):
                continue
            position = stored_cadres[cadre_id].position if cadre_id in stored_cadres else len(stored_cadres) + index + 1
            plan.cadres.append(store.CadreRow(cadre_id, name, unit, category, level, is_head, barred, position))
            cadre_paths[cadre_id] = path
        # One 主要负责人 per unit, as the roster page requires (其科室（单位）主要负责人个人年度考核为优秀等次).
        merged = {**stored_cadres, **{c.id: c for c in plan.cadres}}
        for found in head_problems(list(merged.values()), cadre_paths):
            self.problem(found.path, found.message.removeprefix(f"{found.path}："))
        known = set(stored_cadres) | file_ids

        def cadre(value: Any, path: str) -> str | None:
            if not isinstance(value, str) or value not in known:
                self.problem(path, f"未知干部编号 {json.dumps(value, ensure_ascii=False, default=str)}")
                return None
            return value

        seen: dict[int, str] = {}
        ballot_cadres: set[str] = set()
        for path, entry in self.entries("democratic_ballots"):
            serial = self.integer(entry["ballot"], f"{path}.ballot", low=1)
            void = self.text(entry.get("void"), f"{path}.void", optional=True)
            marks_raw = entry["marks"]
            if not isinstance(marks_raw, dict):
                self.problem(f"{path}.marks", "应为 干部编号 → 等次 的对象")
                continue
            if serial is not None:
                if serial in seen:
                    self.problem(f"{path}.ballot", f"民主测评票编号 {serial} 重复（已见于 {seen[serial]}）")
                    continue
                seen[serial] = path
            ballot_cadres.update(c for c in marks_raw if isinstance(c, str))
            marks: dict[str, str] = {}
            for cadre_id, mark in marks_raw.items():
                if cadre(cadre_id, f"{path}.marks.{cadre_id}") is None:
                    continue
                if mark not in MARK_KEYS:
                    self.problem(
                        f"{path}.marks.{cadre_id}", f"等次应为 优秀、称职、基本称职、不称职 之一，实际为 {mark!r}"
                    )
                    continue
                marks[cadre_id] = mark
            if serial is None or len(marks) != len(marks_raw):
                continue
            if not marks and not void:
                self.problem(f"{path}.marks", "这张测评票没有标记任何干部")
                continue
            stored = self.db.query(
                "SELECT marks, void FROM democratic_ballots WHERE year = ? AND serial = ? AND pass = ?",
                (plan.year, serial, self.keying_pass),
            )
            if stored:
                old = json.loads(stored[0]["marks"])
                if old == marks and (stored[0]["void"] or None) == void:
                    plan.skipped_identical += 1
                    continue
                self.problem(
                    path,
                    f"测评票冲突：第 {serial} 号已录入且内容不同。已有：{json.dumps(old, ensure_ascii=False)}"
                    f"{'（废票）' if stored[0]['void'] else ''}；文件：{json.dumps(marks, ensure_ascii=False)}",
                )
                continue
            plan.democratic_ballots.append((serial, marks, void))

        stored_ballot_cadres = set()
        for row in self.db.query("SELECT marks FROM democratic_ballots WHERE year = ?", (plan.year,)):
            stored_ballot_cadres.update(json.loads(row["marks"]))
        stored_tally_cadres = {
            r["cadre"] for r in self.db.query("SELECT cadre FROM democratic_tallies WHERE year = ?", (plan.year,))
        }
        for path, entry in self.entries("democratic_tallies"):
            cadre_id = cadre(entry["cadre"], f"{path}.cadre")
            counts = [self.integer(entry[mark], f"{path}.{mark}", low=0) for mark in MARK_KEYS]
            if cadre_id is None or any(c is None for c in counts):
                continue
            if cadre_id in ballot_cadres or cadre_id in stored_ballot_cadres:
                self.problem(f"{path}.cadre", f"干部 {cadre_id} 已有测评票，不能同时录入汇总票数")
                continue
            if cadre_id in plan.tallies:
                self.problem(f"{path}.cadre", f"干部 {cadre_id} 的汇总票数重复")
                continue
            plan.tallies[cadre_id] = tuple(c for c in counts if c is not None)  # type: ignore[assignment]
        for cadre_id in sorted(ballot_cadres & stored_tally_cadres):
            self.problem("$.democratic_ballots", f"干部 {cadre_id} 已录入汇总票数，不能同时录入测评票")

        maxima = scheme.leader_rating_maxima
        for path, entry in self.entries("leader_ratings"):
            rater = self.integer(entry["rater"], f"{path}.rater", low=1)
            cadre_id = cadre(entry["cadre"], f"{path}.cadre")
            values = entry["scores"]
            if not isinstance(values, list) or len(values) != len(maxima):
                self.problem(f"{path}.scores", f"应为 {len(maxima)} 项得分（德、能、勤、绩、廉）")
                continue
            parsed = [
                self.number(v, f"{path}.scores[{i}]", low=Decimal(0), high=maxima[i]) for i, v in enumerate(values)
            ]
            if rater is None or cadre_id is None or any(p is None for p in parsed):
                continue
            if (rater, cadre_id) in plan.leader_ratings:
                self.problem(path, f"评价人 {rater} 对干部 {cadre_id} 的评价重复")
                continue
            plan.leader_ratings[(rater, cadre_id)] = tuple(p for p in parsed if p is not None)

        cadre_categories = scheme.cadre_adjustment_rules.categories
        for path, entry in self.entries("cadre_adjustments"):
            cadre_id = cadre(entry["cadre"], f"{path}.cadre")
            row = self.adjustment(entry, path, cadre_categories, "cadre", (cadre_id,) if cadre_id else ())
            if row is not None and cadre_id:
                plan.adjustments.append(row)

    # --- district indicator data (seed 004) ---

    def read_district_data(self, plan: Plan) -> None:
        indicator_ids = {r["id"] for r in self.db.query("SELECT id FROM indicators WHERE year = ?", (plan.year,))}
        for path, entry in self.entries("indicators"):
            indicator_id = self.text(entry["id"], f"{path}.id")
            name = self.text(entry["name"], f"{path}.name")
            extras = {
                k: self.text(entry.get(k), f"{path}.{k}", optional=True)
                for k in ("lead_unit", "content", "target", "liaison")
            }
            if indicator_id and name:
                indicator_ids.add(indicator_id)
                plan.indicators.append({"id": indicator_id, "name": name, **extras})
        peers = self.data.get("peers")
        if peers is not None:
            if not isinstance(peers, list) or not all(isinstance(p, str) and p.strip() for p in peers):
                self.problem("$.peers", "应为区名文字数组")
            else:
                plan.peers = [p.strip() for p in peers]
        for path, entry in self.entries("indicator_reports"):
            indicator = entry["indicator"]
            if indicator not in indicator_ids:
                self.problem(f"{path}.indicator", f"未知指标 {indicator!r}")
                continue
            month = entry["month"]
            if not isinstance(month, str) or len(month) != 7 or not _is_month(month):
                self.problem(f"{path}.month", f"月份应为 YYYY-MM，实际为 {month!r}")
                continue
            rank = entry.get("rank")
            if rank is not None:
                rank = self.integer(rank, f"{path}.rank", low=1)
            raw_peers = entry.get("peer_ranks", {})
            if not isinstance(raw_peers, dict):
                self.problem(f"{path}.peer_ranks", "应为 区名 → 名次（正整数） 的对象")
                continue
            peer_ranks = {peer: self.integer(v, f"{path}.peer_ranks.{peer}", low=1) for peer, v in raw_peers.items()}
            if None in peer_ranks.values():
                continue
            flags = {}
            for key in ("estimated", "signed", "leader_signed"):
                value = entry.get(key, False)
                if not isinstance(value, bool):
                    self.problem(f"{path}.{key}", "应为 true 或 false")
                flags[key] = bool(value)
            submitted = self.date(entry.get("submitted"), f"{path}.submitted")
            progress = entry.get("progress")
            if progress is not None and not isinstance(progress, str):
                self.problem(f"{path}.progress", "应为文字")
            plan.indicator_reports.append(
                {
                    "indicator": indicator,
                    "month": month,
                    "rank": rank,
                    "peer_ranks": peer_ranks,
                    "progress": progress,
                    "submitted": submitted,
                    **flags,
                }
            )
        for path, entry in self.entries("district_events"):
            event = self.district_event(entry, path, indicator_ids, plan.scheme)
            if event is not None and self.event_in_window(event, path, plan.year):
                plan.district_events.append(event)

    def event_in_window(self, event: dict[str, Any], path: str, year: int) -> bool:
        """加减分事项的有效期为当年 2 月至次年 1 月，以文件发布、证书颁发等为准."""
        start, end = validity_window(year)
        if event.get("date") and not start <= date.fromisoformat(event["date"]) <= end:
            self.problem(
                f"{path}.date",
                f"{event['date']} 不在加减分事项有效期内（{start.isoformat()} 至 {end.isoformat()}）",
            )
            return False
        return True

    def credited_units(self, value: Any, path: str, scheme: Scheme, what: str = "记“考绩贡献加分”") -> list[str] | None:
        if not isinstance(value, list) or not value:
            self.problem(path, f"应为{what}的科室（单位）名称数组")
            return None
        names = [self.unit(v, f"{path}[{n}]", scheme) for n, v in enumerate(value)]
        if None in names:
            return None
        resolved = [n for n in names if n is not None]
        if len(set(resolved)) != len(resolved):
            self.problem(path, "科室（单位）重复")
            return None
        return resolved

    def district_event(
        self, entry: dict[str, Any], path: str, indicator_ids: set[str], scheme: Scheme
    ) -> dict[str, Any] | None:
        category = entry["category"]
        if category not in DISTRICT_CATEGORIES:
            self.problem(f"{path}.category", f"未知类别 {category!r}（可用：{'、'.join(DISTRICT_CATEGORIES)}）")
            return None
        before = len(self.problems)
        event: dict[str, Any] = {"category": category}
        if "matter" in entry:
            event["matter"] = self.text(entry["matter"], f"{path}.matter", optional=True)
        if "date" in entry:
            event["date"] = self.date(entry["date"], f"{path}.date")
        if category == "big_project":
            event["investment"] = self.number(entry.get("investment"), f"{path}.investment", low=Decimal(0))
        elif category == "rank_change":
            if entry.get("indicator") not in indicator_ids:
                self.problem(f"{path}.indicator", f"未知指标 {entry.get('indicator')!r}")
            event["indicator"] = entry.get("indicator")
            if entry.get("measure") not in ("total", "growth"):
                self.problem(f"{path}.measure", '应为 "total"（总量）或 "growth"（增速）')
            event["measure"] = entry.get("measure")
            event["last_year_rank"] = self.integer(entry.get("last_year_rank"), f"{path}.last_year_rank", low=1)
            event["rank"] = self.integer(entry.get("rank"), f"{path}.rank", low=1)
        elif category in ("honor_national", "honor_provincial"):
            tier = entry.get("tier")
            event["tier"] = None if tier is None else self.integer(tier, f"{path}.tier", low=1)
            share = entry.get("peers_honored_share")
            event["peers_honored_share"] = (
                None if share is None else self.number(share, f"{path}.peers_honored_share", Decimal(0), Decimal(1))
            )
        elif category == "poor_implementation":
            event["points"] = self.number(entry.get("points"), f"{path}.points", Decimal(1), Decimal(2))
        # 考绩贡献加分 goes with a bonus, 扣减责任部门年终考绩分数 with a deduction (a rank move by its direction).
        kind = event_kind(category, event.get("last_year_rank"), event.get("rank"))
        kind_text = "名次后退，是减分" if category == "rank_change" and kind == "deduction" else "是减分"
        if entry.get("credited_units") is not None:
            if kind != "bonus":
                self.problem(f"{path}.credited_units", f"类别 {category} {kind_text}，不能记考绩贡献加分")
            else:
                event["credited_units"] = self.credited_units(entry["credited_units"], f"{path}.credited_units", scheme)
        if entry.get("charged_units") is not None:
            if kind != "deduction":
                bonus_text = "名次未后退，不是减分" if category == "rank_change" else "是加分"
                self.problem(f"{path}.charged_units", f"类别 {category} {bonus_text}，不能记考绩失分扣分")
            else:
                event["charged_units"] = self.credited_units(
                    entry["charged_units"], f"{path}.charged_units", scheme, "记“考绩失分扣分”（责任单位）"
                )
        irrelevant = SECTION_KEYS["district_events"][1] - {"matter", "date", "credited_units", "charged_units"}
        for key in sorted((irrelevant & set(entry)) - set(event)):
            self.problem(f"{path}.{key}", f"类别 {category} 不使用此字段")
        return event if len(self.problems) == before else None


def _is_month(text: str) -> bool:
    try:
        year, month = text.split("-")
        return len(year) == 4 and 1 <= int(month) <= 12 and year.isdigit()
    except ValueError:
        return False


def json_compact(scores: dict[str, tuple[Decimal, ...]], void: str | None) -> str:
    text = json.dumps({u: [str(s) for s in v] for u, v in scores.items()}, ensure_ascii=False)
    return text + ("（废票：" + void + "）" if void else "")


def validate_year_file(db: Database, data: Any) -> Plan:
    validator = Validator(db, data)
    plan = validator.validate()
    if validator.problems or plan is None:
        raise ValidationError(validator.problems or [Problem("$", "无法读取年度文件")])
    return plan


@dataclass(frozen=True)
class ImportSummary:
    year: int
    created_year: bool
    counts: dict[str, int]
    skipped_identical: int


def import_year_file(db: Database, data: Any, source: str = "import") -> ImportSummary:
    """Validate everything first; then write it all in one transaction, or nothing."""
    plan = validate_year_file(db, data)
    counts: dict[str, int] = defaultdict(int)
    # Re-importing a file must not double its events, yet two identical events in one file both count:
    # an event is skipped only while the file has no more copies of it than the year already holds.
    already_stored = Counter(row.content_key() for row in store.read_adjustments(db, plan.year))
    with db.atomic(reason="导入年度文件", source=source) as conn:
        if plan.create_scheme_body is not None:
            store.create_year(conn, plan.year, plan.create_scheme_body)
        for (unit, item), (score, note) in plan.item_scores.items():
            store.set_item_score(conn, plan.year, unit, item, score, note)
            counts["item_scores"] += 1
        for form, serial, scores, void in plan.unit_ballots:
            store.insert_rating_ballot(conn, plan.year, form, serial, scores, void, keyed_on=source)
            counts["unit_ballots"] += 1
        for row in plan.adjustments:
            if already_stored[row.content_key()] > 0:
                already_stored[row.content_key()] -= 1
                continue
            store.insert_adjustment(conn, plan.year, row)
            counts[f"{row.target_kind}_adjustments"] += 1
        for unit, reason in plan.vetoes.items():
            store.set_veto(conn, plan.year, unit, reason)
            counts["vetoes"] += 1
        for unit, (award, reason) in plan.special_awards.items():
            store.set_special_award(conn, plan.year, unit, award, reason)
            counts["special_awards"] += 1
        for cadre in plan.cadres:
            store.upsert_cadre(conn, plan.year, cadre)
            counts["cadres"] += 1
        for serial, marks, void in plan.democratic_ballots:
            store.insert_democratic_ballot(conn, plan.year, serial, marks, void, keyed_on=source)
            counts["democratic_ballots"] += 1
        for cadre_id, tally in plan.tallies.items():
            store.set_tally(conn, plan.year, cadre_id, tally)
            counts["democratic_tallies"] += 1
        for (rater, cadre_id), scores in plan.leader_ratings.items():
            store.set_leader_rating(conn, plan.year, rater, cadre_id, scores)
            counts["leader_ratings"] += 1
        write_district(conn, plan, counts)
        if plan.decisions:
            write_decisions(db, conn, plan, counts)
    return ImportSummary(plan.year, plan.create_scheme_body is not None, dict(counts), plan.skipped_identical)


def write_decisions(db: Database, conn: Any, plan: Plan, counts: dict[str, int]) -> None:
    """Replace the file's decisions, then check them against the ties of the data as now written; a problem
    raises inside the transaction, so nothing of the file is written."""
    for _path, decision in plan.decisions:
        conn.execute(
            "DELETE FROM committee_decisions WHERE year = ? AND kind = ? AND subject = ?",
            (plan.year, decision.kind, decision.subject),
        )
    insert_decisions(conn, plan.year, [d for _p, d in plan.decisions])
    stored = decision_map(db, plan.year)
    problems = []
    for path, decision in plan.decisions:
        group = tie_group_of(db, plan.year, decision.kind, decision.subject)
        if group is None:
            problems.append(Problem(f"{path}.subject", f"{decision.subject} 不在需党委审定的并列名次中"))
            continue
        chosen = {m: stored[(group.kind, m)] for m in group.members if (group.kind, m) in stored}
        problem = group_problem(group, chosen)
        if problem:
            problems.append(Problem(f"{path}.outcome", f"{group.scope}：{problem}"))
    if problems:
        raise ValidationError(problems)
    counts["committee_decisions"] += len(plan.decisions)


BALLOT_BATCH_KEYS = ("format", "year", "scheme", "unit_ballots", "democratic_ballots")


def import_ballot_batch(db: Database, data: Any, keying_pass: int = 1, source: str = "batch") -> ImportSummary:
    """Merge only the ballots of a year file keyed on another PC into a year that exists here: as first
    keying (two clerks sharing the stack) or as the verification keying (pass 2). The file's other
    sections (catalogue, roster, scores …) are that PC's copy of the same year and are not read, so
    nothing else can be overwritten. A ballot already keyed in that pass with the same content is
    skipped; with different content it is a conflict, listed with both versions, and nothing is
    written. Pass 2 is then compared with pass 1 by `app.models.ballots.compare_passes` (清点与核对)."""
    if not isinstance(data, dict):
        raise ValidationError([Problem("$", "年度文件应为一个 JSON 对象")])
    year = data.get("year")
    if not isinstance(year, int) or store.year_info(db, year) is None:
        raise ValidationError([Problem("$.year", f"本数据文件中没有 {year} 年度，无法合并另一台电脑的录入")])
    subset = {key: data[key] for key in BALLOT_BATCH_KEYS if key in data}
    validator = Validator(db, subset, keying_pass=keying_pass)
    plan = validator.validate()
    if validator.problems or plan is None:
        raise ValidationError(validator.problems or [Problem("$", "无法读取年度文件")])
    counts: dict[str, int] = defaultdict(int)
    what = "第二遍录入" if keying_pass == 2 else "录入"
    with db.atomic(reason=f"合并另一台电脑的{what}", source=source) as conn:
        for form, serial, scores, void in plan.unit_ballots:
            store.insert_rating_ballot(
                conn, plan.year, form, serial, scores, void, keying_pass=keying_pass, keyed_on=source
            )
            counts["unit_ballots"] += 1
        for serial, marks, void in plan.democratic_ballots:
            store.insert_democratic_ballot(
                conn, plan.year, serial, marks, void, keying_pass=keying_pass, keyed_on=source
            )
            counts["democratic_ballots"] += 1
    return ImportSummary(plan.year, False, dict(counts), plan.skipped_identical)


def import_second_pass(db: Database, data: Any, source: str = "second-pass") -> ImportSummary:
    """A batch keyed on another PC as the verification keying (pass 2)."""
    return import_ballot_batch(db, data, keying_pass=2, source=source)


def write_district(conn: Any, plan: Plan, counts: dict[str, int]) -> None:
    base = conn.execute("SELECT COALESCE(MAX(position), 0) FROM indicators WHERE year = ?", (plan.year,)).fetchone()[0]
    for offset, indicator in enumerate(plan.indicators, start=1):
        conn.execute(
            "INSERT INTO indicators (year, id, name, lead_unit, content, target, liaison, position) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (year, id) DO UPDATE SET name = excluded.name, "
            "lead_unit = excluded.lead_unit, content = excluded.content, target = excluded.target, liaison = excluded.liaison",
            (
                plan.year,
                indicator["id"],
                indicator["name"],
                indicator["lead_unit"],
                indicator["content"],
                indicator["target"],
                indicator["liaison"],
                base + offset,
            ),
        )
        counts["indicators"] += 1
    if plan.peers is not None:
        conn.execute("DELETE FROM indicator_peers WHERE year = ?", (plan.year,))
        for position, name in enumerate(plan.peers):
            conn.execute(
                "INSERT OR IGNORE INTO indicator_peers (year, position, name) VALUES (?, ?, ?)",
                (plan.year, position, name),
            )
    for report in plan.indicator_reports:
        conn.execute(
            "INSERT INTO indicator_reports (year, indicator, month, rank, estimated, peer_ranks, progress, signed, "
            "leader_signed, submitted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (year, indicator, month) "
            "DO UPDATE SET rank = excluded.rank, estimated = excluded.estimated, peer_ranks = excluded.peer_ranks, "
            "progress = excluded.progress, signed = excluded.signed, leader_signed = excluded.leader_signed, "
            "submitted = excluded.submitted",
            (
                plan.year,
                report["indicator"],
                report["month"],
                report["rank"],
                int(report["estimated"]),
                json.dumps(report["peer_ranks"], ensure_ascii=False),
                report["progress"],
                int(report["signed"]),
                int(report["leader_signed"]),
                report["submitted"],
            ),
        )
        counts["indicator_reports"] += 1
    already_stored = Counter(
        (r["category"], r["body"])
        for r in conn.execute("SELECT category, body FROM district_events WHERE year = ?", (plan.year,))
    )
    for event in plan.district_events:
        body = json.dumps(event, ensure_ascii=False, default=str, sort_keys=True)
        if already_stored[(event["category"], body)] > 0:
            already_stored[(event["category"], body)] -= 1
            continue
        conn.execute(
            "INSERT INTO district_events (year, category, body, date) VALUES (?, ?, ?, ?)",
            (plan.year, event["category"], body, event.get("date")),
        )
        counts["district_events"] += 1


# --- export -----------------------------------------------------------------------------------


def num(value: Decimal) -> int | float:
    """A decimal as a JSON number: integral values as ints, others by their shortest repr."""
    return int(value) if value == value.to_integral_value() else float(value)


def export_year(db: Database, year: int) -> dict[str, Any]:
    info = store.year_info(db, year)
    if info is None:
        raise ValidationError([Problem("--year", f"数据文件中没有 {year} 年度")])
    scheme = store.year_scheme(db, year)
    notes = {
        (r["unit"], r["item"]): r["note"]
        for r in db.query("SELECT unit, item, note FROM item_scores WHERE year = ?", (year,))
    }
    scores = load_item_scores(db, year, scheme)  # includes scores derived from deduction events
    item_scores = []
    for unit in scheme.units:
        for item in scheme.items_for_unit(unit.name):
            if (unit.name, item.id) in scores:
                entry: dict[str, Any] = {"unit": unit.name, "item": item.id, "score": num(scores[(unit.name, item.id)])}
                note = notes.get((unit.name, item.id))
                if note:
                    entry["note"] = note
                item_scores.append(entry)
    unit_ballots = []
    for r in db.query(
        "SELECT form, serial, scores, void FROM rating_ballots WHERE year = ? AND pass = 1 ORDER BY form, serial",
        (year,),
    ):
        ballot: dict[str, Any] = {
            "form": r["form"],
            "ballot": r["serial"],
            "scores": {u: [num(Decimal(s)) for s in v] for u, v in json.loads(r["scores"]).items()},
        }
        if r["void"]:
            ballot["void"] = r["void"]
        unit_ballots.append(ballot)
    unit_adjustments, cadre_adjustments = [], []
    for row in store.read_adjustments(db, year):
        entry = {"kind": row.kind, "category": row.category, "points": num(row.points)}
        if row.matter:
            entry["matter"] = row.matter
        if row.date:
            entry["date"] = row.date
        if row.note:
            entry["note"] = row.note
        if row.target_kind == "unit":
            entry = {"units": list(row.targets), **entry}
            if row.shares is not None:
                entry["shares"] = [num(s) for s in row.shares]
            unit_adjustments.append(entry)
        else:
            cadre_adjustments.append({"cadre": row.targets[0], **entry})
    cadres = [
        {
            "id": c.id,
            "name": c.name,
            "unit": c.unit,
            "category": c.category,
            "level": c.level,
            "is_head": c.is_head,
            "barred": c.barred,
        }
        for c in store.read_cadres(db, year)
    ]
    democratic = []
    for r in db.query(
        "SELECT serial, marks, void FROM democratic_ballots WHERE year = ? AND pass = 1 ORDER BY serial", (year,)
    ):
        ballot = {"ballot": r["serial"], "marks": json.loads(r["marks"])}
        if r["void"]:
            ballot["void"] = r["void"]
        democratic.append(ballot)
    tallies = [
        {
            "cadre": r["cadre"],
            "优秀": r["excellent"],
            "称职": r["competent"],
            "基本称职": r["basic"],
            "不称职": r["incompetent"],
        }
        for r in db.query("SELECT * FROM democratic_tallies WHERE year = ? ORDER BY cadre", (year,))
    ]
    ratings = [
        {"rater": r["rater"], "cadre": r["cadre"], "scores": [num(Decimal(s)) for s in json.loads(r["scores"])]}
        for r in db.query("SELECT * FROM leader_ratings WHERE year = ? ORDER BY rater, cadre", (year,))
    ]
    body = scheme.body
    result: dict[str, Any] = {
        "format": FORMAT,
        "year": year,
        "scheme": info.scheme_id,
        "units": [{"name": u.name, "short": u.short, "group": u.group, "branch": u.branch} for u in scheme.units],
        "items": [
            {"id": i.id, "unit": i.unit, "part": i.part, "title": i.title, "max": num(i.max)} for i in scheme.items
        ],
        "criteria": {
            form: [{"name": c["name"], "max": c["max"]} for c in body["criteria"][form]["items"]]
            for form in ("leaders", "heads")
        },
        "categories": [
            {"id": c["id"], "kind": c["kind"], "cap": c.get("cap")}
            for c in [*body["unit_adjustments"]["categories"], *body["cadres"]["adjustments"]["categories"]]
        ],
        "item_scores": item_scores,
        "unit_ballots": unit_ballots,
        "unit_adjustments": unit_adjustments,
        "vetoes": [
            {"unit": r["unit"], "reason": r["reason"]} for r in db.query("SELECT * FROM vetoes WHERE year = ?", (year,))
        ],
        "special_awards": [
            {"unit": r["unit"], "award": r["award"], **({"reason": r["reason"]} if r["reason"] else {})}
            for r in db.query("SELECT * FROM special_awards WHERE year = ?", (year,))
        ],
        "cadres": cadres,
        "democratic_ballots": democratic,
        "democratic_tallies": tallies,
        "leader_ratings": ratings,
        "cadre_adjustments": cadre_adjustments,
    }
    result.update(export_district(db, year))
    decisions = read_decisions(db, year)
    if decisions:  # this program's extension: absent when there is no 党委审定, so the file is the spec's format
        result["committee_decisions"] = [
            {"kind": d.kind, "subject": d.subject, "outcome": d.outcome, "reason": d.reason} for d in decisions
        ]
    return result


def export_district(db: Database, year: int) -> dict[str, Any]:
    indicators = [
        {k: r[k] for k in ("id", "name", "lead_unit", "content", "target", "liaison") if r[k] is not None}
        for r in db.query("SELECT * FROM indicators WHERE year = ? ORDER BY position, id", (year,))
    ]
    peers = [r["name"] for r in db.query("SELECT name FROM indicator_peers WHERE year = ? ORDER BY position", (year,))]
    reports = []
    for r in db.query("SELECT * FROM indicator_reports WHERE year = ? ORDER BY indicator, month", (year,)):
        report = {
            "indicator": r["indicator"],
            "month": r["month"],
            "rank": r["rank"],
            "estimated": bool(r["estimated"]),
            "peer_ranks": json.loads(r["peer_ranks"]),
            "signed": bool(r["signed"]),
        }
        if r["leader_signed"]:  # the program's addition; left out when false so the file stays the spec's
            report["leader_signed"] = True
        if r["progress"] is not None:
            report["progress"] = r["progress"]
        if r["submitted"] is not None:
            report["submitted"] = r["submitted"]
        reports.append(report)
    events = []
    for r in db.query("SELECT body FROM district_events WHERE year = ? ORDER BY id", (year,)):
        event = json.loads(r["body"])
        events.append(
            {
                k: (num(Decimal(v)) if k in ("investment", "points", "peers_honored_share") and v is not None else v)
                for k, v in event.items()
                if v is not None or k == "tier"
            }
        )
    out: dict[str, Any] = {}
    if indicators:
        out["indicators"] = indicators
    if peers:
        out["peers"] = peers
    if reports:
        out["indicator_reports"] = reports
    if events:
        out["district_events"] = events
    return out
