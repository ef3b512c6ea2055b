"""Taking a scan into the year's file (`appraisal scan --commit`, the 扫描录入 page).

Per democratic ballot of a `ScanResult`, one transaction each (a killed run leaves whole ballots or none):
- complete, every row read clearly, at least one mark → stored at once under the next free serial
  (entered by 扫描, with its page images);
- otherwise it waits for the clerk (`scan_pending`, with its images and readings): unclear rows, a page
  missing, or no mark at all. Serials are taken when a ballot is stored, so waiting ones leave no gap.
Annex-4/5 ballots and leaders' sheets wait to be keyed beside their image. Test ballots are never stored.
Every page taken in is recorded by its file's SHA-256, so running the same file again stores nothing twice.

Sheet tokens stay in memory: an `Intake` remembers, for its own life only (one command, one session of the
scan page), which waiting ballot misses a page, so a later file of the same session can complete it. The
transactions themselves are app.models.scanning.takein's."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from app.models.ballots.forms import FORM_TITLES, LEADER_RATINGS, MARKS
from app.models.db import Database
from app.models.scanning import takein
from app.models.scanning.pending import EMPTY, INCOMPLETE, REVIEW, PendingRow, is_waiting
from app.models.scanning.store import file_digest, taken_pages
from app.scanning.batch import ScannedBallot, ScanResult
from app.scanning.reader import PageReading

MODEL_FORMS = {"leaders": "leaders", "heads": "heads", "leader-ratings": LEADER_RATINGS}
WAITING_NAMES = {REVIEW: "有待复核的标记", INCOMPLETE: "缺页", EMPTY: "没有任何标记"}


@dataclass
class TakeIn:
    """What one `Intake.take` did."""

    committed: list[int] = field(default_factory=list)  # serials stored
    waiting: dict[str, int] = field(default_factory=dict)  # REVIEW / INCOMPLETE / EMPTY → ballots waiting
    completed: int = 0  # waiting ballots of this session that a later file completed
    sheets: int = 0  # annex-4/5 ballots and leaders' sheets waiting to be keyed

    def lines(self) -> list[str]:
        out = []
        if self.committed:
            first, last = self.committed[0], self.committed[-1]
            span = f"第 {first} 号" if first == last else f"编号 {first}–{last}"
            out.append(f"已保存民主测评票 {len(self.committed)} 张（{span}，录入方式：扫描）。")
        waiting = "，".join(f"{WAITING_NAMES[k]} {n} 张" for k, n in self.waiting.items() if n)
        if waiting:
            out.append(f"待处理（在“扫描录入”页复核，未计入已录入）：{waiting}。")
        return out


def _rows(reading: PageReading) -> list[PendingRow]:
    return [PendingRow(r.key, r.index, r.state, r.grade, r.reason, tuple(r.scores)) for r in reading.rows]


def _image(reading: PageReading) -> bytes:
    if reading.stored is None:
        raise ValueError("a scan taken in must be read with store=True (the page images are kept)")
    return reading.stored


class Intake:
    def __init__(self, db: Database, year: int) -> None:
        self.db = db
        self.year = year
        self._waiting: dict[str, int] = {}  # sheet token → waiting ballot missing a page (memory only)
        self._digests: dict[str, str] = {}  # input path → file SHA-256

    # --- before a run -----------------------------------------------------------------------------------

    def digest(self, path: str) -> str:
        if path not in self._digests:
            self._digests[path] = file_digest(path)
        return self._digests[path]

    def skip(self, inputs: Sequence[str]) -> dict[str, set[int]]:
        """input → its pages (0-based) already taken in: `scan(..., skip=)` does not read them again."""
        # a path that is no file is left to the reader, which says so in Chinese
        return {p: set(taken_pages(self.db, self.year, self.digest(p))) for p in inputs if os.path.isfile(p)}

    # --- after it -----------------------------------------------------------------------------------------

    def _inputs(self, readings: Iterable[PageReading]) -> list[tuple[str, int]]:
        return [(self.digest(r.ref.input), r.ref.index) for r in readings]

    def _pages(self, readings: dict[int, PageReading]) -> dict[int, takein.PageData]:
        return {number: (_image(r), _rows(r)) for number, r in readings.items()}

    def take(self, result: ScanResult, on_commit: Callable[[int], None] | None = None) -> TakeIn:
        """Store or keep waiting every ballot and sheet of `result` (one transaction each); sets each
        ballot's `serial` (None while waiting) and `waiting`, and the pages' serials, for the report."""
        done = TakeIn()
        for ballot in result.ballots:
            self._take_ballot(ballot, done)
            if ballot.serial is not None and on_commit is not None:
                on_commit(ballot.serial)
        for entry in result.pages:  # its pages, and a second copy of one, say the serial it was stored under
            if entry.ballot is not None:
                entry.serial = entry.ballot.serial
        for sheet in result.sheets:
            form = MODEL_FORMS[sheet.form]
            reason = f"扫描{FORM_TITLES[form]}，待对照图像录入"
            pages = self._pages(sheet.pages)
            takein.keep_waiting(
                self.db, self.year, form, sheet.page_count, pages, self._inputs(sheet.pages.values()), reason
            )
            done.sheets += 1
        duplicates = [p.reading for p in result.pages if p.status == "duplicate" and not p.reading.taken]
        takein.record_other(self.db, self.year, self._inputs(duplicates))
        return done

    def _take_ballot(self, ballot: ScannedBallot, done: TakeIn) -> None:
        earlier = self._waiting.get(ballot.token)
        if earlier is not None and not is_waiting(self.db, self.year, earlier):
            del self._waiting[ballot.token]  # dropped by the clerk (to scan the paper again): a new ballot
            earlier = None
        if earlier is not None:
            self._complete_earlier(ballot, earlier, done)
            return
        marks = {k: v for k, v in ballot.marks.items() if v is not None}
        inputs = self._inputs(ballot.pages.values())
        if ballot.complete and not ballot.unclear and marks:
            images = {n: _image(r) for n, r in ballot.pages.items()}
            ballot.serial = takein.store_ballot(self.db, self.year, marks, images, inputs)
            done.committed.append(ballot.serial)
            return
        status = INCOMPLETE if not ballot.complete else REVIEW if ballot.unclear else EMPTY
        pages = self._pages(ballot.pages)
        pending = takein.keep_waiting(
            self.db, self.year, "democratic", ballot.page_count, pages, inputs, "扫描的民主测评票待复核"
        )
        if status == INCOMPLETE:
            self._waiting[ballot.token] = pending
        ballot.serial, ballot.waiting = None, status
        done.waiting[status] = done.waiting.get(status, 0) + 1

    def _complete_earlier(self, ballot: ScannedBallot, pending_id: int, done: TakeIn) -> None:
        """A page missing from a ballot of an earlier file of this session arrived."""
        item = takein.add_pages(
            self.db, self.year, pending_id, self._pages(ballot.pages), self._inputs(ballot.pages.values())
        )
        ballot.serial = None
        if not item.complete:
            ballot.waiting = INCOMPLETE
            return
        del self._waiting[ballot.token]
        done.completed += 1
        marks = {r.key: MARKS[r.grade] for r in item.rows if r.grade is not None and r.state == "grade"}
        if item.unclear or not marks:
            ballot.waiting = REVIEW if item.unclear else EMPTY
            done.waiting[ballot.waiting] = done.waiting.get(ballot.waiting, 0) + 1
            return
        ballot.serial = takein.store_waiting(self.db, self.year, pending_id, marks)
        done.committed.append(ballot.serial)
