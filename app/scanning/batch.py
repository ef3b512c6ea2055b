"""A scan run: every page of every input read (on two cores), pages paired into ballots by their sheet
token, serials given in the order each ballot's first page was scanned, every problem reported.

Nothing here writes to the database. Phase B's storage takes a `ScanResult` (its `ballots` with their
page readings) and commits what is complete and clear; the review screen takes the unclear rows."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from app.documents.ballot_layout import democratic_layout, leader_sheet_layout, rating_layout
from app.scanning.marks import RowReading
from app.scanning.reader import Expected, PageReading, grade_name, read_page
from app.scanning.sources import PageRef, close_sources, count_pages
from app.scanning.testdeck import DeckResult, check_test_ballot

Progress = Callable[[int, int], None]  # (pages done, pages in all)
PARALLEL_FROM = 6  # fewer pages are read in this process (starting workers costs ~1 s)


@dataclass
class ScannedBallot:
    """The pages of one democratic ballot found in this scan (paired by token, which is not kept here)."""

    serial: int
    pages: dict[int, PageReading]  # page number → its reading
    page_count: int

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
class PageEntry:
    """A row of the report's `pages`."""

    reading: PageReading
    status: str
    reason: str
    serial: int | None = None

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

    @property
    def all_read(self) -> bool:
        """Every page read (an empty side, from duplex scanning, is no error)."""
        return all(p.status == "read" or p.reading.blank for p in self.pages)

    def problems(self) -> list[str]:
        """Chinese lines for the clerk: each page not read, each ballot missing a page."""
        lines = []
        for entry in self.pages:
            if entry.status != "read" and not entry.reading.blank:
                ref = entry.reading.ref
                lines.append(f"{ref.name} 第 {ref.index + 1} 页：{entry.reason}")
        for ballot in self.ballots:
            if not ballot.complete:
                found = "、".join(f"{p.ref.name} 第 {p.ref.index + 1} 页" for p in ballot.pages.values())
                missing = "、".join(f"第 {n} 页" for n in ballot.missing)
                lines.append(f"第 {ballot.serial} 号选票缺{missing}（已扫描：{found}）")
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
                }
                for ballot in self.ballots
            ],
        }
        if self.tests:
            body["test_deck"] = [test.as_json() for test in self.tests]
        return body


def expected_layouts(year: int, scheme, roster: Sequence) -> Expected:
    """The layouts the renderer prints for this year (same functions, same inputs)."""
    units = {u.name: u.short for u in scheme.units}
    democratic = democratic_layout(year, [(c.id, units.get(c.unit, c.unit), c.name) for c in roster])
    others = {}
    for form in ("leaders", "heads"):
        criteria = scheme.body.get("criteria", {}).get(form)
        if criteria:
            layout = rating_layout(year, form, [u.name for u in scheme.units], len(criteria["items"]))
            others[form] = (layout.layout, layout.pages)
    items = scheme.body.get("cadres", {}).get("leaders", {}).get("items", [])
    sheet = leader_sheet_layout(year, [c.id for c in roster], len(items))
    others["leader-ratings"] = (sheet.layout, sheet.pages)
    return Expected(year, democratic, others)


def load_expected(db, year: int) -> Expected:
    from app.models.store import read_cadres, year_scheme

    return expected_layouts(year, year_scheme(db, year), read_cadres(db, year))


def page_refs(inputs: Sequence[str]) -> list[PageRef]:
    """Every page of every input, in order; a SourceError (Chinese) for an input that cannot be opened."""
    return [PageRef(path, index) for path in inputs for index in range(count_pages(path))]


def _read_all(refs: list[PageRef], expected: Expected, workers: int, progress: Progress | None) -> list[PageReading]:
    readings: list[PageReading] = []
    if workers <= 1 or len(refs) < PARALLEL_FROM:
        for ref in refs:
            readings.append(read_page(ref, expected))
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
        for reading in pool.map(read_page, refs, [expected] * len(refs), chunksize=chunk):
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
                entry.serial = ballots[code.token].serial
            continue
        seen[key] = reading
        if code.form != "democratic":
            continue  # annex 4/5 and leader sheets: identified; shown beside the keying grid (phase B)
        if reading.test:
            tests.setdefault(code.token, []).append(reading)
            continue
        ballot = ballots.get(code.token)
        if ballot is None:
            ballot = ballots[code.token] = ScannedBallot(first_serial + len(ballots), {}, code.pages)
        ballot.pages[code.page] = reading
        entry.serial = ballot.serial
    checks = [check_test_ballot(pages) for pages in tests.values()]
    return ScanResult(year, entries, list(ballots.values()), checks)


def scan(
    inputs: Sequence[str],
    expected: Expected,
    first_serial: int,
    workers: int | None = None,
    progress: Progress | None = None,
) -> ScanResult:
    """Read every page of `inputs` against this year's layouts. Raises SourceError for an input that
    cannot be opened at all (before any page is read)."""
    refs = page_refs(inputs)
    readings = _read_all(refs, expected, default_workers() if workers is None else workers, progress)
    return assemble(readings, first_serial, expected.year)


def scan_year(db, year: int, inputs: Sequence[str], **kwargs) -> ScanResult:
    """`scan` with the year's layouts and its next free democratic serial read from the file."""
    from app.models.ballots.forms import DEMOCRATIC
    from app.models.ballots.keying import next_serial

    return scan(inputs, load_expected(db, year), next_serial(db, year, DEMOCRATIC), **kwargs)
