"""The review queue (no Qt): the waiting democratic ballots in scan order and, within each, the unclear rows
to decide; answers are kept until the ballot's last row is decided, then the page stores it in one go."""

from __future__ import annotations

from app.models.ballots.forms import MARKS
from app.models.scanning.commit import NO_MARK
from app.models.scanning.pending import DEMOCRATIC, REVIEW, Pending, PendingRow

# One key per decision (issue 18 point 3): 1–4 a grade, 0 no mark; V declares the whole ballot 废票.
ANSWER_KEYS = {"1": MARKS[0], "2": MARKS[1], "3": MARKS[2], "4": MARKS[3], "0": NO_MARK}


class ReviewQueue:
    def __init__(self, items: list[Pending]) -> None:
        self.items = [item for item in items if item.form == DEMOCRATIC]
        self.position = 0  # the ballot on screen
        self.step = 0  # its unclear row on screen
        self.answers: dict[str, str] = {}  # cadre id → answer, for the ballot on screen

    @property
    def item(self) -> Pending | None:
        return self.items[self.position] if self.position < len(self.items) else None

    @property
    def row(self) -> PendingRow | None:
        """The unclear row on screen (None: the ballot waits as a whole — a page missing, or no mark)."""
        item = self.item
        if item is None or item.status != REVIEW:
            return None
        rows = item.unclear
        return rows[min(self.step, len(rows) - 1)]

    def answer(self, value: str) -> bool:
        """Record the answer on the row on screen and move on; True when the ballot is settled."""
        row = self.row
        if row is None:
            return False
        self.answers[row.key] = value
        assert self.item is not None
        if len(self.answers) == len(self.item.unclear):
            return True
        self.step += 1
        return False

    def back(self) -> bool:
        """To the previous row of this ballot (its answer is taken back); False at its first row."""
        if self.step == 0 or self.row is None:
            return False
        self.step -= 1
        self.answers.pop(self.item.unclear[self.step].key, None)  # type: ignore[union-attr]
        return True

    def retract(self) -> None:
        """Take back the answer on the row on screen (its ballot could not be stored: the clerk answers again)."""
        row = self.row
        if row is not None:
            self.answers.pop(row.key, None)

    def go(self, position: int) -> None:
        """Another waiting ballot (answers on the one left are dropped: nothing of it was stored); past the end of
        the list (the last one was stored or dropped): the last that still waits."""
        self.position = max(0, min(position, len(self.items) - 1))
        self.step = 0
        self.answers = {}

    @property
    def rows_left(self) -> int:
        """Unclear rows still to decide over every waiting ballot."""
        return sum(len(item.unclear) for item in self.items if item.status == REVIEW) - len(self.answers)
