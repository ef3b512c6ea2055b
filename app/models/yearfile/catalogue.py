"""The catalogue sections (units, items, criteria, categories): written by export so a file is readable on its
own; on import only checked against the year's scheme, never written."""

from __future__ import annotations

from typing import Any

from app.models.reader import Keys
from app.models.schemes import Scheme
from app.models.yearfile.plan import Plan, YearFile

KEYS: dict[str, Keys] = {
    "units": ({"name"}, {"short", "group", "branch", "aliases", "head"}),
    "items": ({"id"}, {"unit", "part", "title", "max"}),
    "categories": ({"id"}, {"kind", "cap", "name", "for"}),
}
TOP_KEYS = {"criteria"}  # an object, not an array of entries


def read(file: YearFile, plan: Plan) -> None:
    scheme = plan.scheme
    for path, entry in file.section("units", KEYS["units"]):
        name = file.unit(entry["name"], f"{path}.name", scheme)
        if name is None:
            continue
        unit = next(u for u in scheme.units if u.name == name)
        if "group" in entry and entry["group"] != unit.group:
            file.problem(f"{path}.group", f"{name} 在方案中属第 {unit.group} 组，文件写的是 {entry['group']}")
    for path, entry in file.section("items", KEYS["items"]):
        item = scheme.items_by_id.get(entry["id"]) if isinstance(entry["id"], str) else None
        if item is None:
            file.problem(f"{path}.id", f"方案中没有考核项目 {entry['id']!r}")
            continue
        if "max" in entry:
            maximum = file.number(entry["max"], f"{path}.max")
            if maximum is not None and maximum != item.max:
                file.problem(f"{path}.max", f"项目 {item.id} 在方案中为 {item.max} 分，文件写的是 {maximum}")
        if "part" in entry and entry["part"] != item.part:
            file.problem(f"{path}.part", f"项目 {item.id} 在方案中属 {item.part}")
        if "unit" in entry:
            unit = None if entry["unit"] is None else scheme.resolve_unit(entry["unit"])
            if unit != item.unit:
                file.problem(f"{path}.unit", f"项目 {item.id} 在方案中属 {item.unit or '共性工作（全部科室）'}")
    criteria = file.data.get("criteria")
    if criteria is not None:
        if not isinstance(criteria, dict):
            file.problem("$.criteria", "应为对象")
        else:
            for form in sorted(set(criteria) - {"leaders", "heads"}):
                file.problem(f"$.criteria.{form}", "未知字段")
            for form in ("leaders", "heads"):
                if form in criteria:
                    _check_criteria(file, criteria[form], f"$.criteria.{form}", scheme, form)
    known = {**scheme.unit_adjustment_rules.categories, **scheme.cadre_adjustment_rules.categories}
    for path, entry in file.section("categories", KEYS["categories"]):
        category = known.get(entry["id"]) if isinstance(entry["id"], str) else None
        if category is None:
            file.problem(f"{path}.id", f"方案中没有加减分类别 {entry['id']!r}")
            continue
        if "kind" in entry and entry["kind"] != category.kind:
            file.problem(f"{path}.kind", f"类别 {category.id} 在方案中为 {category.kind}")
        if "cap" in entry:
            cap = None if entry["cap"] is None else file.number(entry["cap"], f"{path}.cap")
            if cap != category.cap:
                file.problem(f"{path}.cap", f"类别 {category.id} 在方案中的上限为 {category.cap}")


def _check_criteria(file: YearFile, value: Any, path: str, scheme: Scheme, form: str) -> None:
    expected = scheme.criteria(form)
    if not isinstance(value, list) or len(value) != len(expected.names):
        file.problem(path, f"应为 {len(expected.names)} 项评分内容")
        return
    for index, entry in enumerate(value):
        entry_path = f"{path}[{index}]"
        if not isinstance(entry, dict) or set(entry) - {"name", "max"}:
            file.problem(entry_path, '应为 {"name", "max"} 对象')
            continue
        if entry.get("name") != expected.names[index]:
            file.problem(f"{entry_path}.name", f"应为 {expected.names[index]}")
        if "max" in entry:
            maximum = file.number(entry["max"], f"{entry_path}.max")
            if maximum is not None and maximum != expected.maxima[index]:
                file.problem(f"{entry_path}.max", f"应为 {expected.maxima[index]}")
