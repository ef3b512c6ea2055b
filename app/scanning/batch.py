"""A scan run: every page of every input read (on two cores), pages paired into ballots by their sheet
token, serials given in the order each ballot's first page was scanned, every problem reported.

Nothing here writes to the database: `intake.Intake` takes a `ScanResult` into the year's file (commits what
is complete and clear, keeps the rest waiting for the clerk)."""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field

from app.scanning.layouts import Expected, load_expected
from app.scanning.marks import RowReading
from app.scanning.reader import PageReading, grade_name, read_page
from app.scanning.sources import PageRef, close_sources, count_pages
from app.scanning.testdeck import DeckResult, check_test_ballot

Progress = Callable[[int, int], None]  # (pages done, pages in all)
PARALLEL_FROM = 6  # fewer pages are read in this process (starting workers costs ~1 s)


@dataclass
class ScannedBallot:
    """The pages of one democratic ballot found in this scan (paired by token, which only its pages' codes
    hold, in memory). `serial`: the serial it gets (taken again at commit; None while it waits)."""

    serial: int | None
    pages: dict[int, PageReading]  # page number → its reading
    page_count: int
    waiting: str | None = None  # after intake: why it waits for the clerk (pending.REVIEW, INCOMPLETE, EMPTY)

    @property
    def token(self) -> str:
        """Memory only: pairs this ballot with a later file's pages in the same scan session."""
        return next(iter(self.pages.values())).code.token  # type: ignore[union-attr]

    @property
    def label(self) -> str:
        return f"第 {self.serial} 号选票" if self.serial is not None else "一张选票"

    @property
    def complete(self) -> bool:
        return len(self.pages) == self.page_count

    @property
    def missing(self) -> list[int]:
        return [p for p in range(1, self.page_count + 1) if p not in self.pages]

    @property
    def rows(self) -> list[RowReading]:
        return [row for number in sorted(self.pages) for row in self.pages[number].rows]

    @property
    def marks(self) -> dict[str, str | None]:
        return {row.key: grade_name(row.grade) for row in self.rows}

    @property
    def unclear(self) -> list[str]:
        return [row.key for row in self.rows if row.unclear]


@dataclass
class ScannedSheet:
    """An annex-4/5 ballot or a leader's sheet: its pages, identified and registered, for keying from the image."""

    form: str  # "leaders", "heads", "leader-ratings" (as in the code)
    pages: dict[int, PageReading]
    page_count: int

    @property
    def complete(self) -> bool:
        return len(self.pages) == self.page_count


@dataclass
class PageEntry:
    """A row of the report's `pages`."""

    reading: PageReading
    status: str
    reason: str
    serial: int | None = None
    ballot: ScannedBallot | None = field(default=None, repr=False)  # the democratic ballot it is a page of

    def as_json(self) -> dict:
        code = self.reading.code if self.status in ("read", "duplicate") else None
        return {
            "input": self.reading.ref.input,
            "page": self.reading.ref.index + 1,
            "form": code.form if code else None,
            "serial": self.serial,
            "sheet": code.page if code else None,
            "status": self.status,
            "reason": self.reason,
        }


@dataclass
class ScanResult:
    year: int
    pages: list[PageEntry]
    ballots: list[ScannedBallot]
    tests: list[DeckResult] = field(default_factory=list)
    sheets: list[ScannedSheet] = field(default_factory=list)

    @property
    def all_read(self) -> bool:
        """Every page read (an empty side, from duplex scanning, and a page taken in before are no error)."""
        return all(p.status == "read" or p.reading.blank or p.reading.taken for p in self.pages)

    @property
    def taken_before(self) -> int:
        return sum(1 for p in self.pages if p.reading.taken)

    def problems(self) -> list[str]:
        """Chinese lines for the clerk: each page not read, each ballot missing a page."""
        lines = []
        for entry in self.pages:
            if entry.status != "read" and not entry.reading.blank and not entry.reading.taken:
                ref = entry.reading.ref
                lines.append(f"{ref.name} 第 {ref.index + 1} 页：{entry.reason}")
        for ballot in self.ballots:
            if not ballot.complete:
                found = "、".join(f"{p.ref.name} 第 {p.ref.index + 1} 页" for p in ballot.pages.values())
                missing = "、".join(f"第 {n} 页" for n in ballot.missing)
                lines.append(f"{ballot.label}缺{missing}（已扫描：{found}）")
        for test in self.tests:
            if not test.complete:
                lines.append(f"测试票 {test.variant} 缺页")
        return lines

    def report(self) -> dict:
        """The JSON report of docs/guide/scanning.md (and the interchange spec)."""
        body: dict = {
            "pages": [entry.as_json() for entry in self.pages],
            "ballots": [
                {
                    "form": "democratic",
                    "serial": ballot.serial,
                    "complete": ballot.complete,
                    "marks": ballot.marks,
                    "unclear": ballot.unclear,
                    **({"waiting": ballot.waiting} if ballot.waiting else {}),
                }
                for ballot in self.ballots
            ],
        }
        if self.tests:
            body["test_deck"] = [test.as_json() for test in self.tests]
        return body


def page_refs(inputs: Sequence[str]) -> list[PageRef]:
    """Every page of every input, in order; a SourceError (Chinese) for an input that cannot be opened."""
    return [PageRef(path, index) for path in inputs for index in range(count_pages(path))]


def _read_all(
    refs: list[PageRef], expected: Expected, workers: int, progress: Progress | None, store: bool = False
) -> list[PageReading]:
    readings: list[PageReading] = []
    if workers <= 1 or len(refs) < PARALLEL_FROM:
        for ref in refs:
            readings.append(read_page(ref, expected, store=store))
            if progress:
                progress(len(readings), len(refs))
        close_sources()
        return readings
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # spawn, not fork: the GUI (phase B) calls this from a Qt process
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        chunk = max(1, min(8, len(refs) // (workers * 4)))
        stores = [store] * len(refs)
        for reading in pool.map(read_page, refs, [expected] * len(refs), [False] * len(refs), stores, chunksize=chunk):
            readings.append(reading)
            if progress:
                progress(len(readings), len(refs))
    return readings


def default_workers() -> int:
    return max(1, min(2, os.cpu_count() or 1))


def assemble(readings: list[PageReading], first_serial: int, year: int) -> ScanResult:
    """Pair pages by token, flag pages scanned twice, number ballots in scan order."""
    entries: list[PageEntry] = []
    seen: dict[tuple[str, int], PageReading] = {}
    ballots: dict[str, ScannedBallot] = {}  # token → ballot; dropped with this function's frame
    tests: dict[str, list[PageReading]] = {}
    sheets: dict[str, ScannedSheet] = {}
    for reading in readings:
        entry = PageEntry(reading, reading.status, reading.reason)
        entries.append(entry)
        code = reading.code
        if reading.status != "read" or code is None:
            continue
        key = (code.token, code.page)
        if key in seen:
            first = seen[key].ref
            entry.status = "duplicate"
            entry.reason = f"与 {first.name} 第 {first.index + 1} 页是同一张选票的同一页（重复扫描）"
            if code.form == "democratic" and not reading.test:
                entry.ballot = ballots[code.token]
                entry.serial = entry.ballot.serial
            continue
        seen[key] = reading
        if code.form != "democratic":  # annex 4/5 and leader sheets: kept for keying beside their image
            sheet = sheets.setdefault(code.token, ScannedSheet(code.form, {}, code.pages))
            sheet.pages[code.page] = reading
            continue
        if reading.test:
            tests.setdefault(code.token, []).append(reading)
            continue
        ballot = ballots.get(code.token)
        if ballot is None:
            ballot = ballots[code.token] = ScannedBallot(first_serial + len(ballots), {}, code.pages)
        ballot.pages[code.page] = reading
        entry.ballot, entry.serial = ballot, ballot.serial
    checks = [check_test_ballot(pages) for pages in tests.values()]
    return ScanResult(year, entries, list(ballots.values()), checks, list(sheets.values()))


TAKEN_REASON = "此页已在此前的扫描中处理过（同一文件），未再读取"


def scan(
    inputs: Sequence[str],
    expected: Expected,
    first_serial: int,
    workers: int | None = None,
    progress: Progress | None = None,
    store: bool = False,
    skip: Mapping[str, Collection[int]] | None = None,
) -> ScanResult:
    """Read every page of `inputs` against this year's layouts. Raises SourceError for an input that
    cannot be opened at all (before any page is read). `store`: keep each page's image as it is stored
    (`PageReading.stored`); `skip`: input → 0-based pages taken in by an earlier run, not read again."""
    refs = page_refs(inputs)
    skip = skip or {}
    to_read = [ref for ref in refs if ref.index not in skip.get(ref.input, ())]
    read = _read_all(to_read, expected, default_workers() if workers is None else workers, progress, store)
    by_ref = dict(zip(to_read, read, strict=True))
    readings = [by_ref.get(ref) or PageReading(ref, "duplicate", TAKEN_REASON, taken=True) for ref in refs]
    return assemble(readings, first_serial, expected.year)


def scan_year(db, year: int, inputs: Sequence[str], **kwargs) -> ScanResult:
    """`scan` with the year's layouts and its next free democratic serial read from the file."""
    from app.models.ballots.forms import DEMOCRATIC
    from app.models.ballots.keying import next_serial

    return scan(inputs, load_expected(db, year), next_serial(db, year, DEMOCRATIC), **kwargs)
