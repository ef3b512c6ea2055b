"""The year's own rules and the committee's awards (issue 12): `assessment_date` and `quota_mode` at the top,
`quota_overrides`, and `special_awards` naming a unit (突出业绩奖, 1–2) or a cadre (突出贡献奖, 1—2). Read after the
roster, since an award or an override names its cadres and pools. Each field is documented in docs/year-file.md."""

from __future__ import annotations

from typing import Any

from app.models import store
from app.models.cadre_status import SPECIAL_AWARD as CADRE_AWARD
from app.models.db import Database
from app.models.reader import Keys, shown
from app.models.yearfile.plan import Plan, YearFile
from app.scoring.quotas import QUOTA_MODE_NAMES, QUOTA_MODES

KEYS: dict[str, Keys] = {
    "special_awards": (set(), {"unit", "cadre", "award", "reason"}),
    "quota_overrides": ({"pool", "quota", "reason"}, set()),
}
TOP_KEYS = {"assessment_date", "quota_mode"}
UNIT_AWARD = "突出业绩奖"
MOST = 2  # 设 1-2 个科室 / 设 1—2 名


def read(file: YearFile, plan: Plan) -> None:
    read_settings(file, plan)
    read_special_awards(file, plan)
    read_quota_overrides(file, plan)


def read_settings(file: YearFile, plan: Plan) -> None:
    data = file.data
    if "assessment_date" in data:
        day = file.date(data["assessment_date"], "$.assessment_date")
        if day is not None and not f"{plan.year}-01-01" <= day <= f"{plan.year + 1}-12-31":
            file.problem("$.assessment_date", f"{plan.year} 年度的考核日期应在 {plan.year} 年或 {plan.year + 1} 年内")
        elif day is not None or data["assessment_date"] is None:
            plan.settings["assessment_date"] = day
    if "quota_mode" in data:
        mode = data["quota_mode"]
        if mode is not None and mode not in QUOTA_MODES:
            names = "、".join(f'"{m}"（{QUOTA_MODE_NAMES[m]}）' for m in QUOTA_MODES)
            file.problem("$.quota_mode", f"应为 {names}，实际为 {shown(mode)}")
        else:
            plan.settings["quota_mode"] = mode


def read_special_awards(file: YearFile, plan: Plan) -> None:
    """突出业绩奖 (科室办法四（二）设 1-2 个科室) and 突出贡献奖 (干部办法五 设 1—2 名): a third is refused, counting the
    year's stored awards the file does not repeat."""
    units = dict(plan.stored_unit_awards)
    cadres_known = {c.id: c for c in store.read_cadres(file.db, plan.year)} | {c.id: c for c in plan.cadres}
    cadre_awards = {a.cadre for a in store.read_cadre_special_awards(file.db, plan.year)}
    for path, entry in file.section("special_awards", KEYS["special_awards"]):
        if ("unit" in entry) == ("cadre" in entry):
            file.problem(path, "应写 unit（突出业绩奖的科室）或 cadre（突出贡献奖的干部）其中之一")
            continue
        reason = file.text(entry.get("reason"), f"{path}.reason", optional=True)
        award = entry.get("award", UNIT_AWARD if "unit" in entry else CADRE_AWARD)
        if "unit" in entry:
            if award != UNIT_AWARD:
                file.problem(f"{path}.award", f"科室的奖项应为 {UNIT_AWARD}，实际为 {shown(award)}")
                continue
            unit = file.unit(entry["unit"], f"{path}.unit", plan.scheme)
            if unit is None:
                continue
            if unit not in units and len(units) >= MOST:
                file.problem(
                    path, f"{UNIT_AWARD}设 1-2 个科室（科室办法四（二）），已有：{'、'.join(units)}，不能再设“{unit}”"
                )
                continue
            units[unit] = reason
            plan.special_awards[unit] = (award, reason)
            continue
        if award != CADRE_AWARD:
            file.problem(f"{path}.award", f"干部的奖项应为 {CADRE_AWARD}，实际为 {shown(award)}")
            continue
        cadre_id = entry["cadre"]
        cadre = cadres_known.get(cadre_id) if isinstance(cadre_id, str) else None
        if cadre is None:
            file.problem(f"{path}.cadre", f"未知干部编号 {shown(cadre_id)}")
            continue
        if cadre.not_assessed:
            file.problem(f"{path}.cadre", f"{cadre.name}为{cadre.not_assessed}，不评定等次，不能评{CADRE_AWARD}")
            continue
        if cadre_id not in cadre_awards and len(cadre_awards) >= MOST:
            names = "、".join(cadres_known[c].name if c in cadres_known else c for c in sorted(cadre_awards))
            file.problem(path, f"{CADRE_AWARD}设 1—2 名（干部办法五），已有：{names}，不能再设“{cadre.name}”")
            continue
        cadre_awards.add(cadre_id)
        plan.cadre_awards[cadre_id] = (award, reason)


def read_quota_overrides(file: YearFile, plan: Plan) -> None:
    """最终优秀等次比例以市人社局审核通过为准: a pool's number, with the reason."""
    pools = {f"{c.category}/{c.level}" for c in store.read_cadres(file.db, plan.year)}
    pools |= {f"{c.category}/{c.level}" for c in plan.cadres}
    seen: set[str] = set()
    for path, entry in file.section("quota_overrides", KEYS["quota_overrides"]):
        pool = entry["pool"]
        quota = file.integer(entry["quota"], f"{path}.quota", low=0)
        reason = file.text(entry["reason"], f"{path}.reason")
        if not isinstance(pool, str) or pool not in pools:
            file.problem(
                f"{path}.pool", f"名册中没有职务层次 {shown(pool)}（应写作 类别/职务层次，如 civil_servant/正科）"
            )
            continue
        if pool in seen:
            file.problem(f"{path}.pool", f"职务层次 {pool} 重复")
            continue
        seen.add(pool)
        if quota is not None and reason is not None:
            plan.quota_overrides.append(store.QuotaOverrideRow(pool, quota, reason))


def export(db: Database, year: int) -> dict[str, Any]:
    """The fields above as the export writes them: absent when unset, so a plain year's file is the spec's."""
    out: dict[str, Any] = {}
    settings = store.read_year_settings(db, year)
    if settings.assessment_date:
        out["assessment_date"] = settings.assessment_date
    if settings.quota_mode:
        out["quota_mode"] = settings.quota_mode
    # An override whose level no one holds any more (the roster moved its people) moves no result, and the import,
    # which checks every override against the roster, would refuse the file: it is left out, so the file re-imports.
    pools = {f"{c.category}/{c.level}" for c in store.read_cadres(db, year)}
    overrides = [o for o in store.read_quota_overrides(db, year) if o.pool in pools]
    if overrides:
        out["quota_overrides"] = [{"pool": o.pool, "quota": o.quota, "reason": o.reason} for o in overrides]
    return out


def export_cadre_awards(db: Database, year: int) -> list[dict[str, Any]]:
    return [
        {"cadre": a.cadre, "award": a.award, **({"reason": a.reason} if a.reason else {})}
        for a in store.read_cadre_special_awards(db, year)
    ]
