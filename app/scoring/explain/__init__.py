"""Every number explained: per unit and per cadre, the inputs, each step and the seed clause behind it.

`explain_year(data, result)` re-traces a computed year from the same inputs with the engine's own helpers, so
what it says is what the engine did. The GUI's side panel, `results --explain` and the printed 考评明细 all use it.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.scoring.cadres import democratic_counts, leader_sums
from app.scoring.explain.cadres import cadre_event_maps, explain_cadre, pool_label
from app.scoring.explain.model import Explanation, Line
from app.scoring.explain.units import explain_unit, unit_event_maps
from app.scoring.inputs import YearInput
from app.scoring.results import YearResult

__all__ = ["Explanation", "Line", "YearExplanation", "explain_cadre_only", "explain_year", "pool_label"]


@dataclass(frozen=True)
class YearExplanation:
    units: dict[str, Explanation]
    cadres: dict[str, Explanation]


def explain_year(data: YearInput, result: YearResult) -> YearExplanation:
    unit_events, unit_late = unit_event_maps(data)
    units = {u.name: explain_unit(data, result, u, unit_events, unit_late) for u in result.units}
    cadres: dict[str, Explanation] = {}
    if data.cadre_rules is not None and result.cadres:
        marks = democratic_counts(data)
        cadre_events, cadre_late = cadre_event_maps(data) if data.cadre_adjustment_rules else ({}, {})
        sums = leader_sums(data)
        cadres = {c.id: explain_cadre(data, result, c, marks, cadre_events, cadre_late, sums) for c in result.cadres}
    return YearExplanation(units, cadres)


def explain_cadre_only(data: YearInput, result: YearResult, cadre_id: str) -> Explanation:
    """One cadre (the side panel asks for the one selected)."""
    cadre = next(c for c in result.cadres if c.id == cadre_id)
    events, late = cadre_event_maps(data) if data.cadre_adjustment_rules else ({}, {})
    return explain_cadre(data, result, cadre, democratic_counts(data), events, late, leader_sums(data))
