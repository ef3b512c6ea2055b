"""One bonus or deduction entry (`unit_adjustments`, `cadre_adjustments`): its kind, category, points, shares
and date, checked against the scheme's categories."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from app.models.store import AdjustmentRow
from app.models.yearfile.plan import YearFile
from app.scoring.adjustments import tier_problem
from app.scoring.district import DERIVED_CATEGORIES
from app.scoring.inputs import Category


def read_adjustment(
    file: YearFile,
    entry: dict[str, Any],
    path: str,
    categories: dict[str, Category],
    target_kind: str,
    targets: tuple[str, ...],
) -> AdjustmentRow | None:
    kind = entry["kind"]
    if kind not in ("bonus", "deduction"):
        file.problem(f"{path}.kind", f'应为 "bonus" 或 "deduction"，实际为 {kind!r}')
        return None
    category = categories.get(entry["category"]) if isinstance(entry["category"], str) else None
    if category is None:
        file.problem(f"{path}.category", f"未知加减分类别 {entry['category']!r}（可用：{'、'.join(categories)}）")
        return None
    if category.kind != kind:
        file.problem(f"{path}.kind", f"类别 {category.id} 是 {category.kind}，不是 {kind}")
        return None
    if target_kind == "unit" and category.id in DERIVED_CATEGORIES:
        field_name = "credited_units" if DERIVED_CATEGORIES[category.id][0] == "bonus" else "charged_units"
        file.problem(
            f"{path}.category",
            f"类别 {category.id}（{DERIVED_CATEGORIES[category.id][1]}）由市对区考绩事项的 {field_name} 自动计算，"
            "不能直接录入",
        )
        return None
    points = file.number(entry["points"], f"{path}.points", low=Decimal(0))
    if points is not None and points == 0:
        file.problem(f"{path}.points", "分值应大于 0")
        points = None
    if points is not None:
        off_tier = tier_problem(category, points)  # e.g. 媒体 0.3 where the seed fixes 0.5 and 0.2
        if off_tier:
            file.problem(f"{path}.points", off_tier)
            points = None
    matter = file.text(entry.get("matter"), f"{path}.matter", optional=True)
    note = file.text(entry.get("note"), f"{path}.note", optional=True)
    event_date = file.date(entry.get("date"), f"{path}.date")
    shares = None
    if entry.get("shares") is not None:
        raw = entry["shares"]
        if not isinstance(raw, list) or len(raw) != len(targets):
            file.problem(f"{path}.shares", "份额个数应与科室个数相同")
            return None
        parsed = [file.number(s, f"{path}.shares[{i}]", low=Decimal(0), high=Decimal(1)) for i, s in enumerate(raw)]
        if any(p is None for p in parsed):
            return None
        shares = tuple(p for p in parsed if p is not None)
        if sum(shares) != 1:
            file.problem(f"{path}.shares", f"份额之和应为 1，实际为 {sum(shares)}")
            return None
    if points is None:
        return None
    return AdjustmentRow(target_kind, kind, category.id, matter, points, targets, shares, event_date, note)
