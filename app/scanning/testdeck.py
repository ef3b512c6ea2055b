"""The test deck (测试票): ballots printed with a known pattern of marks (ballot_layout.deck_mark), which a
scan checks mark by mark before the real count and never commits. It tells the office whether its
scanner settings work."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.documents.ballot_layout import GRADES, DeckMark, deck_mark
from app.scanning.marks import RowReading

KIND_NAMES = {"tick": "勾", "cross": "叉", "blank": "空白", "double": "两处标记", "faint": "淡勾"}


@dataclass(frozen=True)
class MarkCheck:
    index: int  # row in ballot order (0-based)
    key: str  # cadre id
    printed: DeckMark
    reading: RowReading

    @property
    def ok(self) -> bool:
        expect, state = self.printed.expect, self.reading.state
        if expect == "grade":
            return state == "grade" and self.reading.grade == self.printed.grade
        if expect == "blank":
            return state == "blank"
        if expect == "unclear":
            return state == "unclear"
        return state == "unclear" or (state == "grade" and self.reading.grade == self.printed.grade)

    def describe(self, reading: bool = False) -> str:
        if not reading:
            grades = "、".join(GRADES[g] for g in self.printed.grades)
            return KIND_NAMES[self.printed.kind] + (f"（{grades}）" if grades else "")
        r = self.reading
        if r.state == "blank":
            return "未标记"
        if r.state == "grade":
            return GRADES[r.grade or 0]
        best = GRADES[r.grade] if r.grade is not None else "无"
        return f"待复核：{r.reason}（最可能：{best}）"


@dataclass
class DeckResult:
    variant: int
    complete: bool
    checks: list[MarkCheck] = field(default_factory=list)
    pages: list[tuple[str, int]] = field(default_factory=list)  # (input, page)

    @property
    def wrong(self) -> list[MarkCheck]:
        return [c for c in self.checks if not c.ok]

    def as_json(self) -> dict:
        return {
            "variant": self.variant,
            "complete": self.complete,
            "pages": [{"input": name, "page": page} for name, page in self.pages],
            "marks": len(self.checks),
            "right": len(self.checks) - len(self.wrong),
            "wrong": [
                {"row": c.index + 1, "cadre": c.key, "printed": c.describe(), "read": c.describe(True)}
                for c in self.wrong
            ],
        }


def check_test_ballot(pages) -> DeckResult:
    """`pages`: the PageReadings of one test ballot (same token)."""
    first = pages[0].code
    variant = first.test_variant or 0
    result = DeckResult(variant, len({p.code.page for p in pages}) == first.pages)
    for reading in sorted(pages, key=lambda p: p.code.page):
        result.pages.append((reading.ref.input, reading.ref.index + 1))
        for row in reading.rows:
            result.checks.append(MarkCheck(row.index, row.key, deck_mark(variant, row.index), row))
    return result
