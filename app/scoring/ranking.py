"""Competition ranking (1, 2, 2, 4) and quota places with ties left to the committee."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from decimal import Decimal
from itertools import groupby
from typing import TypeVar

K = TypeVar("K", bound=Hashable)
Outcome = TypeVar("Outcome")


def competition_ranks(totals: Sequence[tuple[K, Decimal]]) -> dict[K, int]:
    """Highest total first; equal totals share a rank and the next rank skips (1, 2, 2, 4)."""
    ordered = sorted(totals, key=lambda pair: pair[1], reverse=True)
    ranks: dict[K, int] = {}
    for position, (key, total) in enumerate(ordered, start=1):
        if position > 1 and total == ordered[position - 2][1]:
            ranks[key] = ranks[ordered[position - 2][0]]
        else:
            ranks[key] = position
    return ranks


def place_outcomes(
    ordered: Sequence[tuple[K, Decimal]], outcome_for_place: Callable[[int], Outcome]
) -> tuple[dict[K, Outcome], set[K]]:
    """Give entities (already sorted by total, highest first) consecutive places 1, 2, 3 ….

    Tied entities take consecutive places; where those places would lead to
    different outcomes, none of them gets one: they are returned as ties for
    the committee to decide, and the entities after them are unaffected.
    """
    outcomes: dict[K, Outcome] = {}
    ties: set[K] = set()
    place = 1
    for _total, members_iter in groupby(ordered, key=lambda pair: pair[1]):
        members = [key for key, _ in members_iter]
        possible = {outcome_for_place(p) for p in range(place, place + len(members))}
        if len(possible) == 1:
            only = possible.pop()
            for key in members:
                outcomes[key] = only
        else:
            ties.update(members)
        place += len(members)
    return outcomes, ties


def tie_places(
    ordered: Sequence[tuple[K, Decimal]], outcome_for_place: Callable[[int], Outcome]
) -> list[tuple[tuple[K, ...], tuple[Outcome, ...]]]:
    """The tied groups place_outcomes leaves to the committee: (members, the outcome of each place they take)."""
    groups = []
    place = 1
    for _total, members_iter in groupby(ordered, key=lambda pair: pair[1]):
        members = tuple(key for key, _ in members_iter)
        places = tuple(outcome_for_place(p) for p in range(place, place + len(members)))
        if len(set(places)) > 1:
            groups.append((members, places))
        place += len(members)
    return groups
