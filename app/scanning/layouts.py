"""What this year's printed pages look like, from its scheme and roster: the same functions and inputs the
printer uses (app.documents.ballot_layout), so a page printed for this year matches and any other is refused.

Pure (no image libraries): the scan page and the keying pages use it to place a row on a stored page image."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from app.documents.ballot_layout import (
    DemocraticLayout,
    SheetLayout,
    democratic_layout,
    leader_sheet_layout,
    rating_layout,
)


@dataclass(frozen=True)
class Expected:
    """This year's layouts: the democratic ballot, and the other forms' hashes and page counts."""

    year: int
    democratic: DemocraticLayout
    others: dict[str, tuple[str, int]]  # form → (layout hash, pages)
    sheets: dict[str, SheetLayout] = field(default_factory=dict)  # form → its grids (rows to highlight)


def expected_layouts(year: int, scheme, roster: Sequence) -> Expected:
    """The layouts the renderer prints for this year (same functions, same inputs)."""
    units = {u.name: u.short for u in scheme.units}
    democratic = democratic_layout(year, [(c.id, units.get(c.unit, c.unit), c.name) for c in roster])
    sheets: dict[str, SheetLayout] = {}
    for form in ("leaders", "heads"):
        criteria = scheme.body.get("criteria", {}).get(form)
        if criteria:
            sheets[form] = rating_layout(year, form, [u.name for u in scheme.units], len(criteria["items"]))
    items = scheme.body.get("cadres", {}).get("leaders", {}).get("items", [])
    sheets["leader-ratings"] = leader_sheet_layout(year, [c.id for c in roster], len(items))
    others = {form: (sheet.layout, sheet.pages) for form, sheet in sheets.items()}
    return Expected(year, democratic, others, sheets)


def load_expected(db, year: int) -> Expected:
    from app.models.store import read_cadres, year_scheme

    return expected_layouts(year, year_scheme(db, year), read_cadres(db, year))
