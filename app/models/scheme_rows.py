"""The scheme as the 考评方案 editor shows it: numbers as the clerk types them (分值, 上限, 比例) and each section
of the scheme body as table rows and back (units, groups, items, categories, criteria, settings). Pure
transformations of the body; `app.models.years` checks and saves the result."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from app.models.errors import Problem, ValidationError


def as_decimal(value: Any) -> Decimal | None:
    """A scheme body's number (JSON int/float/str) as a Decimal; None for no number (booleans included)."""
    try:
        return None if value is None or isinstance(value, bool) else Decimal(str(value))
    except InvalidOperation:
        return None


# --- numbers typed by the clerk ------------------------------------------------------------------


def parse_decimal(text: str, where: str, *, positive: bool = False, allow_empty: bool = False) -> Decimal | None:
    """A number the clerk typed (分值, 上限, 比例); a clear Chinese message naming `where` otherwise."""
    text = (text or "").strip()
    if not text:
        if allow_empty:
            return None
        raise ValidationError([Problem(where, "不能为空，请填写数字")])
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValidationError([Problem(where, f"“{text}”不是数字")]) from None
    if not value.is_finite():
        raise ValidationError([Problem(where, f"“{text}”不是数字")])
    if positive and value <= 0:
        raise ValidationError([Problem(where, f"必须大于 0（填的是 {text}）")])
    if value < 0:
        raise ValidationError([Problem(where, f"不能为负数（填的是 {text}）")])
    return value


def parse_int(text: str, where: str, *, minimum: int = 0) -> int:
    text = (text or "").strip()
    if not text.isdigit():
        raise ValidationError([Problem(where, f"“{text}”不是整数" if text else "不能为空，请填写整数")])
    value = int(text)
    if value < minimum:
        raise ValidationError([Problem(where, f"不能小于 {minimum}")])
    return value


def json_number(value: Decimal) -> int | float:
    """Schemes keep plain JSON numbers (as shipped): 3, 0.2."""
    return int(value) if value == value.to_integral_value() else float(value)


def num_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return format(Decimal(repr(value)).normalize(), "f")
    return str(value)


def points_total(items: Iterable[Mapping[str, Any]]) -> Decimal:
    """The sum of the items' points (`max`), as the part's 25 / 45 is checked against it."""
    return sum((as_decimal(item.get("max")) or Decimal(0) for item in items), Decimal(0))


# --- sections as rows (what the editor's tables show) ------------------------------------------

COMMON = ""  # the item list key for 共性工作 (business lists are keyed by the unit's full name)


def unit_rows(body: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "name": u.get("name", ""),
            "short": u.get("short", ""),
            "group": u.get("group"),
            "branch": u.get("branch", ""),
            "head": u.get("head", ""),
            "orig": u.get("name", ""),
        }
        for u in body.get("units", [])
    ]


def put_unit_rows(body: dict[str, Any], rows: list[dict[str, Any]]) -> dict[str, Any]:
    """A new body with the units replaced; a renamed unit keeps its business items (under the new name)."""
    new = copy.deepcopy(body)
    old_units = {u["name"]: u for u in body.get("units", [])}
    old_items = body.get("business_items", {})
    units, items = [], {}
    for row in rows:
        base = dict(old_units.get(row.get("orig") or "", {"aliases": []}))
        base.update(
            name=row["name"].strip(),
            short=row["short"].strip() or row["name"].strip(),
            group=row["group"],
            branch=row["branch"].strip(),
        )
        if row["head"].strip() or "head" in base:
            base["head"] = row["head"].strip()
        units.append(base)
        items[base["name"]] = copy.deepcopy(old_items.get(row.get("orig") or "", []))
    new["units"] = units
    new["business_items"] = items
    return new


def item_rows(body: dict[str, Any], unit: str) -> list[dict[str, Any]]:
    items = body.get("common_items", []) if unit == COMMON else body.get("business_items", {}).get(unit, [])
    return [copy.deepcopy(i) for i in items]


def put_item_rows(body: dict[str, Any], unit: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    new = copy.deepcopy(body)
    if unit == COMMON:
        new["common_items"] = copy.deepcopy(rows)
    else:
        new.setdefault("business_items", {})[unit] = copy.deepcopy(rows)
    return new


def new_category_id(body: dict[str, Any], target: str) -> str:
    used = {c.get("id") for c in category_rows(body, "unit") + category_rows(body, "cadre")}
    n = 1
    while f"{target}-category-{n}" in used:
        n += 1
    return f"{target}-category-{n}"


def new_group(body: dict[str, Any]) -> dict[str, Any]:
    numbers = [int(g.get("group", 0)) for g in body.get("groups", [])]
    number = max(numbers, default=0) + 1
    names = "一二三四五六七八九十"
    name = f"第{names[number - 1]}组" if number <= len(names) else f"第{number}组"
    return {"group": number, "name": name, "first_prize": 0, "second_prize": 0}


def new_item_id(body: dict[str, Any], unit: str) -> str:
    """A fresh id in the scheme's pattern (common-08, b03-12), never reusing one."""
    used = {i["id"] for i in body.get("common_items", [])}
    for items in body.get("business_items", {}).values():
        used.update(i["id"] for i in items)
    if unit == COMMON:
        prefix = "common-"
    else:
        names = [u["name"] for u in body.get("units", [])]
        prefix = f"b{names.index(unit) + 1:02d}-" if unit in names else "b00-"
        existing = [i["id"] for i in body.get("business_items", {}).get(unit, [])]
        if existing and "-" in existing[0]:
            prefix = existing[0].rsplit("-", 1)[0] + "-"
    n = 1
    while f"{prefix}{n:02d}" in used:
        n += 1
    return f"{prefix}{n:02d}"


def group_rows(body: dict[str, Any]) -> list[dict[str, Any]]:
    return [copy.deepcopy(g) for g in body.get("groups", [])]


def put_group_rows(body: dict[str, Any], rows: list[dict[str, Any]]) -> dict[str, Any]:
    new = copy.deepcopy(body)
    new["groups"] = copy.deepcopy(rows)
    return new


ADJUSTMENT_SECTIONS: dict[str, tuple[str, ...]] = {"unit": ("unit_adjustments",), "cadre": ("cadres", "adjustments")}


def _section(body: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any]:
    node = body
    for key in path:
        node = node.setdefault(key, {})
    return node


def category_rows(body: dict[str, Any], target: str) -> list[dict[str, Any]]:
    return [copy.deepcopy(c) for c in _section(copy.deepcopy(body), ADJUSTMENT_SECTIONS[target]).get("categories", [])]


def put_category_rows(body: dict[str, Any], target: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    new = copy.deepcopy(body)
    _section(new, ADJUSTMENT_SECTIONS[target])["categories"] = copy.deepcopy(rows)
    return new


def options_text(options: list[dict[str, Any]]) -> str:
    """The prefilled choices of a category as the clerk edits them: “省级 3；市级 2”."""
    return "；".join(f"{o.get('label', '')} {num_text(o.get('points'))}".strip() for o in options)


def parse_options(text: str, where: str) -> list[dict[str, Any]]:
    options = []
    for part in [p.strip() for p in text.replace(";", "；").split("；") if p.strip()]:
        label, _, points = part.rpartition(" ")
        if not label.strip():
            raise ValidationError([Problem(where, f"“{part}”应写成“情形 分值”，如“省级 3”")])
        value = parse_decimal(points, f"{where}·{label.strip()}", positive=True)
        assert value is not None
        options.append({"label": label.strip(), "points": json_number(value)})
    return options


def criteria_rows(body: dict[str, Any], form: str) -> list[dict[str, Any]]:
    return [copy.deepcopy(c) for c in body.get("criteria", {}).get(form, {}).get("items", [])]


def put_criteria_rows(body: dict[str, Any], form: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    new = copy.deepcopy(body)
    section = new.setdefault("criteria", {}).setdefault(form, {})
    section["items"] = copy.deepcopy(rows)
    section["max_total"] = json_number(points_total(rows))
    return new


@dataclass(frozen=True)
class Setting:
    """One number of the scheme shown as a row of the 参数 table: where it lives and what it is called."""

    label: str
    path: tuple[str | int, ...]
    positive: bool = True
    integer: bool = False


def settings(body: dict[str, Any]) -> list[Setting]:
    """The scalar rules the office may change year to year (caps, cadre rules), in the seed's words."""
    rows = [
        Setting("共性工作总分", ("parts", "common", "points")),
        Setting("业务工作总分", ("parts", "business", "points")),
        Setting("科室加分总上限", ("unit_adjustments", "caps", "bonus")),
        Setting("科室减分总上限", ("unit_adjustments", "caps", "deduction")),
        Setting("科室合格分数线", ("unit_grades", "pass_threshold")),
        Setting("干部加分总上限", ("cadres", "adjustments", "caps", "bonus")),
        Setting("干部减分总上限", ("cadres", "adjustments", "caps", "deduction")),
        Setting("干部优秀最低分", ("cadres", "grades", "excellent_min")),
        Setting("干部称职最低分", ("cadres", "grades", "competent_min")),
        Setting("干部基本称职最低分", ("cadres", "grades", "basic_min")),
        Setting("连续几年末位须约谈", ("consecutive_years_for_talk",), integer=True),
        Setting("连续几年优秀记三等功", ("cadres", "consecutive_excellent_for_merit"), integer=True),
    ]
    cadres = body.get("cadres", {})
    for n, staff in enumerate(cadres.get("categories_of_staff", [])):
        rows.append(Setting(f"{staff.get('name')}优秀比例", ("cadres", "categories_of_staff", n, "excellent_rate")))
    for n, mark in enumerate(cadres.get("democratic", {}).get("marks", [])):
        rows.append(Setting(f"民主测评“{mark.get('mark')}”折合分", ("cadres", "democratic", "marks", n, "score")))
    for n, entry in enumerate(cadres.get("leaders", {}).get("items", [])):
        rows.append(Setting(f"领导评价“{entry.get('name')}”满分", ("cadres", "leaders", "items", n, "max")))
    return rows


def get_setting(body: dict[str, Any], setting: Setting) -> Any:
    node: Any = body
    for key in setting.path:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def put_setting(body: dict[str, Any], setting: Setting, text: str) -> dict[str, Any]:
    """A new body with one number changed; bad text raises ValidationError (nothing changed)."""
    if setting.integer:
        value: Any = parse_int(text, setting.label, minimum=1)
    else:
        parsed = parse_decimal(text, setting.label, positive=setting.positive)
        assert parsed is not None
        value = json_number(parsed)
    new = copy.deepcopy(body)
    node: Any = new
    for key in setting.path[:-1]:
        node = node.setdefault(key, {}) if isinstance(key, str) else node[key]
    node[setting.path[-1]] = value
    return new
