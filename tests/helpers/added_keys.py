"""The keys issue 12 added to the results object, in one place.

Results pinned before that issue (tests/golden/results.json, the hashes of tests/models/test_decisions.py) are
compared with these keys taken out: for a complete, undisputed year nothing else may change.
"""

from __future__ import annotations

from typing import Any

ADDED_KEYS: dict[str, frozenset[str]] = {
    "top": frozenset({"pools"}),
    "units": frozenset({"provisional", "provisional_reasons", "decided", "veto_reason"}),
    "cadres": frozenset(
        {
            "provisional",
            "provisional_reasons",
            "unit",
            "is_head",
            "votes",
            "raters",
            "special_award",
            "decided",
            "not_assessed",
        }
    ),
}


def without_added_keys(payload: dict[str, Any]) -> dict[str, Any]:
    """A copy of a results object as the program wrote it before issue 12."""
    old = {k: v for k, v in payload.items() if k not in ADDED_KEYS["top"]}
    for section in ("units", "cadres"):
        old[section] = [{k: v for k, v in entry.items() if k not in ADDED_KEYS[section]} for entry in payload[section]]
    return old
