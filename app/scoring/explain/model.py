"""What an explanation is: structured data (for the JSON and the printed 考评明细) and lines in Chinese, each
naming the seed clause it applies (for the side panel and the print)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from app.scoring.clauses import Clause
from app.scoring.decisions import DecisionKey
from app.scoring.inputs import YearInput

# Topics, in the order a reader meets them.
COMPONENT, ADJUSTMENT, TOTAL, RANK, QUOTA, OUTCOME, DECISION, AWARD, PROVISIONAL, FOLLOW_UP = (
    "component",
    "adjustment",
    "total",
    "rank",
    "quota",
    "outcome",
    "decision",
    "award",
    "provisional",
    "follow_up",
)


@dataclass(frozen=True)
class Line:
    topic: str
    clause: str  # the seed clause's reference, e.g. "科室办法三（一）3（1）③"
    text: str

    def as_dict(self) -> dict[str, str]:
        return {"topic": self.topic, "clause": self.clause, "text": self.text}

    def __str__(self) -> str:
        return f"{self.text}〔{self.clause}〕" if self.clause else self.text


@dataclass(frozen=True)
class Explanation:
    kind: str  # "unit" | "cadre"
    subject: str  # unit name | cadre id
    data: dict[str, Any]  # JSON-ready apart from Decimals
    lines: tuple[Line, ...]

    def as_dict(self) -> dict[str, Any]:
        return {**self.data, "lines": [line.as_dict() for line in self.lines]}


@dataclass
class Lines:
    """Collects lines; `add` takes a Clause or a bare reference."""

    items: list[Line] = field(default_factory=list)

    def add(self, topic: str, clause: Clause | str, text: str) -> None:
        ref = clause.ref if isinstance(clause, Clause) else clause
        self.items.append(Line(topic, ref, text))


def fmt(value: Decimal | int | None, places: int = 2) -> str:
    """A figure as the documents print it: two places (24.50), whole numbers of points as they are."""
    if value is None:
        return "—"
    if isinstance(value, int):
        return str(value)
    if places == 2:
        return f"{value.quantize(Decimal('0.01')):f}"
    return f"{value.normalize():f}"


def points(value: Decimal) -> str:
    """A keyed figure (a tier, a cap) without trailing zeros: 0.5, 2, 0.33."""
    text = f"{value.quantize(Decimal('0.01')).normalize():f}"
    return text


def explain_decision(
    data: YearInput, key: DecisionKey, decided: bool, clause: Clause, out: Lines
) -> dict[str, str] | None:
    """The 党委's recorded decision where it settled this result (a unit's or a cadre's tie): its line, its data."""
    if not decided or key not in data.decisions:
        return None
    decision = {"outcome": data.decisions[key], "reason": data.decision_reasons.get(key, "")}
    reason = f"（{decision['reason']}）" if decision["reason"] else ""
    out.add(DECISION, clause, f"党委审定：{decision['outcome']}{reason}")
    return decision
