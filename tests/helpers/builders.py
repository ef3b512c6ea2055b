"""Terse builders for the engine's inputs, with the seed's figures as defaults.

Units built by `units_year` get their whole total through one common item
scored at that total, plus one annex-4 and one annex-5 ballot rating them 0
(so they are complete: a unit without ballots is 缺项 and has no grade), no
adjustments; a test about ranking or prizes can say
`units_year({1: [95, 90, 90, 80]})` and read units `G1-1` … `G1-4`.
Cadres built by `person` get their total through one democratic tally and one
leadership rating, so `person("c1", 75)` is a cadre whose total is 75.00.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from decimal import Decimal

from app.scoring.inputs import (
    Adjustment,
    AdjustmentRules,
    Cadre,
    CadreRules,
    Category,
    DemocraticBallot,
    GroupRule,
    Item,
    LeaderRating,
    MarkCounts,
    RatingBallot,
    Unit,
    YearInput,
)

YEAR = 2017
Number = int | str | Decimal


def D(value: Number) -> Decimal:
    """Decimal from an int, a decimal string or a Decimal (never a float)."""
    if isinstance(value, float):  # pragma: no cover - guard against binary floats in tests
        raise TypeError("use a string, not a float")
    return value if isinstance(value, Decimal) else Decimal(value)


# ---------------------------------------------------------------- seed figures

SEED_GROUPS: dict[int, GroupRule] = {
    1: GroupRule(1, "第一组", first_prize=1, second_prize=2),
    2: GroupRule(2, "第二组", first_prize=2, second_prize=3),
    3: GroupRule(3, "第三组", first_prize=1, second_prize=0),
}

UNIT_CATEGORY_CAPS: dict[str, tuple[str, Decimal | None]] = {
    "recognition": ("bonus", None),
    "media": ("bonus", D(2)),
    "honor_provincial": ("bonus", D(4)),
    "honor_city": ("bonus", D(2)),
    "central_task": ("bonus", D(1)),
    "criticized_city_office": ("deduction", D(2)),
    "criticized_city_dept": ("deduction", D(4)),
    "task_failed": ("deduction", D(8)),
    "ranked_bottom": ("deduction", None),
}

CADRE_CATEGORY_CAPS: dict[str, tuple[str, Decimal | None]] = {
    "individual_honor": ("bonus", None),
    "leader_endorsement": ("bonus", None),
    "publication": ("bonus", None),
    "criticized": ("deduction", None),
    "inspection_absence": ("deduction", None),
    "meeting_absence": ("deduction", None),
}


def adjustment_rules(caps: Mapping[str, tuple[str, Decimal | None]], total_cap: Number) -> AdjustmentRules:
    return AdjustmentRules(
        categories={cid: Category(cid, kind, cap) for cid, (kind, cap) in caps.items()},
        bonus_cap=D(total_cap),
        deduction_cap=D(total_cap),
    )


UNIT_RULES = adjustment_rules(UNIT_CATEGORY_CAPS, 10)  # 加分/减分最高不超过 10 分
CADRE_ADJUSTMENT_RULES = adjustment_rules(CADRE_CATEGORY_CAPS, 5)  # 加分、减分项目最高均不超过 5 分

CADRE_RULES = CadreRules(
    mark_scores={"优秀": D(70), "称职": D(65), "基本称职": D(60), "不称职": D(55)},
    excellent_rates={"civil_servant": D("0.15"), "institution": D("0.10")},
)

TOTAL_ITEM = Item(id="total", unit=None, part="common", title="总分", max=D(100), may_exceed=True)


# ---------------------------------------------------------------- units


def unit_name(group: int, index: int) -> str:
    """The i-th (1-based) unit of a group built by `units_year`."""
    return f"G{group}-{index}"


def five(*scores: Number) -> tuple[Decimal, ...]:
    assert len(scores) == 5, "a rating has five criterion scores"
    return tuple(D(s) for s in scores)


def ballot(form: str, serial: int, scores: Mapping[str, Sequence[Number]], void: str | None = None) -> RatingBallot:
    return RatingBallot(form, serial, {unit: five(*s) for unit, s in scores.items()}, void)


def base_year(**fields) -> YearInput:
    """An empty year with the seed's groups and rules; `fields` override any YearInput field."""
    values = {
        "year": YEAR,
        "groups": SEED_GROUPS,
        "units": (),
        "items": (),
        "item_scores": {},
        "unit_ballots": (),
        "unit_adjustment_rules": UNIT_RULES,
    }
    values.update(fields)
    return YearInput(**values)


def units_year(groups: Mapping[int, Sequence[Number]], *, incomplete: Iterable[str] = (), **fields) -> YearInput:
    """Units G{group}-{i} whose totals are the given numbers (one common item scored at the total, and one zero
    ballot of each form). Units named in `incomplete` are left off the ballots (缺项)."""
    units = []
    scores = {}
    for group, totals in groups.items():
        for index, total in enumerate(totals, start=1):
            name = unit_name(group, index)
            units.append(Unit(name, name, group))
            scores[(name, TOTAL_ITEM.id)] = D(total)
    rated = {u.name: (0, 0, 0, 0, 0) for u in units if u.name not in set(incomplete)}
    ballots = (ballot("leaders", 1, rated), ballot("heads", 1, rated)) if rated else ()
    values = {"units": tuple(units), "items": (TOTAL_ITEM,), "item_scores": scores, "unit_ballots": ballots}
    values.update(fields)
    return base_year(**values)


def event(
    targets: str | Iterable[str],
    category: str,
    points: Number,
    matter: str | None = None,
    shares: Sequence[Number] | None = None,
    rules: AdjustmentRules = UNIT_RULES,
) -> Adjustment:
    """One adjustment event; its kind is its category's kind."""
    names = (targets,) if isinstance(targets, str) else tuple(targets)
    return Adjustment(
        targets=names,
        kind=rules.categories[category].kind,
        category=category,
        points=D(points),
        matter=matter,
        shares=None if shares is None else tuple(D(s) for s in shares),
    )


def cadre_event(targets: str | Iterable[str], category: str, points: Number, matter: str | None = None) -> Adjustment:
    return event(targets, category, points, matter, rules=CADRE_ADJUSTMENT_RULES)


def by_name(result) -> dict:
    """Units or cadres of a YearResult, keyed by name / id."""
    units = {u.name: u for u in result.units}
    cadres = {c.id: c for c in result.cadres}
    return {**units, **cadres}


# ---------------------------------------------------------------- cadres


LEADER_CRITERION_MAX = D(6)  # 德、能、勤、绩、廉，每项计 6 分


def spread(total: Decimal, count: int = 5, each_max: Decimal = LEADER_CRITERION_MAX) -> tuple[Decimal, ...]:
    """`count` scores of at most `each_max` that sum to `total` (greedy)."""
    assert D(0) <= total <= each_max * count, total
    scores = []
    left = total
    for _ in range(count):
        part = min(left, each_max)
        scores.append(part)
        left -= part
    return tuple(scores)


def person(
    cid: str,
    total: Number,
    *,
    category: str = "civil_servant",
    level: str = "科员",
    unit: str = "",
    is_head: bool = False,
    barred: str | None = None,
) -> tuple[Cadre, Decimal]:
    """A cadre and the total (55 ≤ total ≤ 100) the builder gives them."""
    return Cadre(cid, f"干部{cid}", unit, category, level, is_head, barred), D(total)


def cadres_year(
    people: Sequence[tuple[Cadre, Decimal]],
    unit_groups: Mapping[int, Sequence[Number]] | None = None,
    **fields,
) -> YearInput:
    """A year with these cadres (and optionally units from `units_year`).

    Total ≥ 70: democratic 70 (one 优秀 mark) + leaders (total − 70);
    total < 70: democratic 55 (one 不称职 mark) + leaders (total − 55).
    """
    tallies: dict[str, MarkCounts] = {}
    ratings: list[LeaderRating] = []
    for cadre, total in people:
        if total >= 70:
            tallies[cadre.id] = MarkCounts(excellent=1)
            rest = total - 70
        else:
            tallies[cadre.id] = MarkCounts(incompetent=1)
            rest = total - 55
        ratings.append(LeaderRating(1, cadre.id, spread(rest)))
    base = units_year(unit_groups or {})
    values = {
        "cadres": tuple(cadre for cadre, _ in people),
        "cadre_rules": CADRE_RULES,
        "democratic_tallies": tallies,
        "leader_ratings": tuple(ratings),
        "cadre_adjustment_rules": CADRE_ADJUSTMENT_RULES,
    }
    values.update(fields)
    return replace(base, **values)


def pool(prefix: str, totals: Sequence[Number], **cadre_fields) -> list[tuple[Cadre, Decimal]]:
    """Cadres {prefix}1 … {prefix}n with the given totals, all in one pool."""
    return [person(f"{prefix}{i}", total, **cadre_fields) for i, total in enumerate(totals, start=1)]


def democratic_ballots(marks_per_ballot: Sequence[Mapping[str, str]], void: Mapping[int, str] | None = None):
    void = void or {}
    return tuple(
        DemocraticBallot(serial, dict(marks), void.get(serial)) for serial, marks in enumerate(marks_per_ballot, 1)
    )
