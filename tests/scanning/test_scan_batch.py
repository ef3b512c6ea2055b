"""A scan run: pages paired by their sheet token wherever they lie, serials in the order each ballot's first
page was scanned (from the year's next free serial), and every page that is not a clean read reported —
missing, twice, unreadable, another layout, not a ballot — never guessed silently."""

from __future__ import annotations

import json
import random
from dataclasses import replace

import cv2
import numpy as np
import pytest

from app.documents.ballot_layout import CODE_BOX
from app.models.ballots.forms import DEMOCRATIC
from app.models.ballots.keying import next_serial
from app.scanning.batch import scan, scan_year
from app.scanning.summary import summary_lines
from tests.helpers.scan_corpus import Degrade, Page, evaluate, make_corpus, place, random_degrade, rasterize


@pytest.fixture(scope="module")
def four_ballots(scan_demo):
    _db, data, _expected = scan_demo
    return make_corpus(data, 4, 21, 200, degrade_for=lambda rng, b, s: random_degrade(rng, 200))


def fresh(corpus):
    return replace(corpus, files={})


def test_pages_shuffled_across_files_pair_up_and_number_in_scan_order(scan_demo, four_ballots, tmp_path) -> None:
    """Seed: 以无记名方式 — the box mixes the stack; the report names input and page of every sheet."""
    db, _data, expected = scan_demo
    corpus = fresh(four_ballots)
    pages = list(corpus.pages)
    random.Random(3).shuffle(pages)
    place(corpus, tmp_path / "first.pdf", pages[:3])
    place(corpus, tmp_path / "second.tif", pages[3:])
    result = scan_year(db, 2017, [str(tmp_path / "first.pdf"), str(tmp_path / "second.tif")], workers=1)
    assert result.all_read and len(result.ballots) == 4
    start = next_serial(db, 2017, DEMOCRATIC)
    assert start == 151  # the demo year has 150 keyed ballots
    assert [b.serial for b in result.ballots] == [151, 152, 153, 154]
    order = []  # ballots in the order their first page was scanned
    for page in pages:
        if page.ballot not in order:
            order.append(page.ballot)
    for ballot, printed in zip(result.ballots, order, strict=True):
        assert ballot.complete and {p.ballot for p in corpus_pages(corpus, ballot)} == {printed}
    report = result.report()
    assert set(report) == {"pages", "ballots"}
    for entry, page in zip(report["pages"], pages, strict=True):
        assert set(entry) == {"input", "page", "form", "serial", "sheet", "status", "reason"}
        assert entry["status"] == "read" and entry["form"] == "democratic" and entry["sheet"] == page.sheet
        assert entry["serial"] == 151 + order.index(page.ballot)
    for ballot in report["ballots"]:
        assert set(ballot) == {"form", "serial", "complete", "marks", "unclear"}
        assert list(ballot["marks"]) == [row.key for row in expected.democratic.rows]  # cadre ids, ballot order
        assert set(ballot["marks"].values()) <= {"优秀", "称职", "基本称职", "不称职", None}
        assert set(ballot["unclear"]) <= set(ballot["marks"])
    json.dumps(report)  # plain JSON


def corpus_pages(corpus, ballot) -> list[Page]:
    return [corpus.files[(p.ref.input, p.ref.index)] for p in ballot.pages.values()]


def test_a_missing_page_and_a_page_scanned_twice_are_reported(scan_demo, four_ballots, tmp_path) -> None:
    _db, _data, expected = scan_demo
    corpus = fresh(four_ballots)
    pages = list(corpus.pages)
    missing = pages.pop(3)  # ballot 1's second page
    pages.insert(5, pages[0])  # ballot 0's first page again
    place(corpus, tmp_path / "stack.pdf", pages)
    result = scan([str(tmp_path / "stack.pdf")], expected, 7, workers=1)
    statuses = [p.status for p in result.pages]
    assert statuses.count("duplicate") == 1 and statuses[5] == "duplicate"
    assert "stack.pdf 第 1 页" in result.pages[5].reason and result.pages[5].serial == 7
    assert not result.all_read
    incomplete = [b for b in result.ballots if not b.complete]
    assert len(incomplete) == 1 and incomplete[0].missing == [missing.sheet]
    assert any(f"第 {incomplete[0].serial} 号选票缺第 2 页" in line for line in summary_lines(result))
    # an incomplete ballot reports only the rows it has
    assert len(result.report()["ballots"][1]["marks"]) == len(expected.democratic.page_rows(1))
    assert evaluate(corpus, result).definite_wrong == []


def test_unreadable_code_blank_side_and_foreign_pages_are_told_apart(scan_demo, four_ballots, tmp_path) -> None:
    _db, _data, expected = scan_demo
    corpus = fresh(four_ballots)
    page = corpus.pages[0]
    blotted = page.image.copy()
    px = page.degrade.dpi / 25.4
    h, w = blotted.shape
    # the code sits bottom-right; on an upside-down scan top-left: blot both corners' code areas
    for x0, y0 in ((CODE_BOX.x, CODE_BOX.y), (210 - CODE_BOX.right, 297 - CODE_BOX.bottom)):
        cv2.rectangle(
            blotted, (int(x0 * px) - 40, int(y0 * px) - 40), (int((x0 + 17) * px) + 40, int((y0 + 17) * px) + 40), 0, -1
        )
    blank = np.full((h, w), 250, dtype=np.uint8)
    letter = np.full((h, w), 255, dtype=np.uint8)
    cv2.putText(letter, "Dear colleagues, the meeting is at 3 pm.", (100, 300), cv2.FONT_HERSHEY_SIMPLEX, 2, 0, 3)
    pages = [replace(page, image=blotted), replace(page, image=blank), replace(page, image=letter)]
    place(corpus, tmp_path / "odd.pdf", pages)
    result = scan([str(tmp_path / "odd.pdf")], expected, 1, workers=1)
    assert [p.status for p in result.pages] == ["unreadable", "not_a_ballot", "not_a_ballot"]
    assert "二维码" in result.pages[0].reason and result.pages[1].reason == "空白页"
    assert "不是本程序打印的选票" in result.pages[2].reason
    assert not result.all_read
    assert result.pages[1].reading.blank  # an empty side is reported but is no error of its own
    assert len(summary_lines(result)) == 1 + 2  # the count, then the two problems (not the blank side)


def test_pages_printed_from_another_roster_or_year_are_refused(scan_demo, tmp_path) -> None:
    """A page printed before the roster changed would put marks against the wrong people: refused."""
    _db, data, expected = scan_demo
    roster = list(data.roster)
    roster[0], roster[1] = roster[1], roster[0]
    reordered = make_corpus(replace(data, roster=tuple(roster)), 1, 3, 150, degrade_for=lambda r, b, s: Degrade(150))
    other_year = make_corpus(replace(data, year=2016), 1, 3, 150, degrade_for=lambda r, b, s: Degrade(150))
    place(reordered, tmp_path / "old.pdf", reordered.pages[:1])
    place(other_year, tmp_path / "2016.pdf", other_year.pages[:1])
    result = scan([str(tmp_path / "old.pdf"), str(tmp_path / "2016.pdf")], expected, 1, workers=1)
    assert [p.status for p in result.pages] == ["wrong_layout", "wrong_layout"]
    assert "名册" in result.pages[0].reason and "2016 年度" in result.pages[1].reason
    assert result.ballots == []


def test_two_workers_read_the_same_as_one(scan_demo, four_ballots, tmp_path) -> None:
    _db, _data, expected = scan_demo
    corpus = fresh(four_ballots)
    place(corpus, tmp_path / "all.pdf", corpus.pages)
    one = scan([str(tmp_path / "all.pdf")], expected, 1, workers=1)
    two = scan([str(tmp_path / "all.pdf")], expected, 1, workers=2)
    assert one.report() == two.report()


def test_no_token_leaves_the_reader(scan_demo, four_ballots, tmp_path) -> None:
    """The sheet token pairs pages in memory only: not in the report, the summary or any repr."""
    _db, _data, expected = scan_demo
    corpus = fresh(four_ballots)
    place(corpus, tmp_path / "s.pdf", corpus.pages)
    result = scan([str(tmp_path / "s.pdf")], expected, 1, workers=1)
    tokens = {p.reading.code.token for p in result.pages}
    assert len(tokens) == 4
    said = json.dumps(result.report(), ensure_ascii=False) + "\n".join(summary_lines(result))
    said += repr(result.pages) + repr(result.ballots)
    assert not any(token in said for token in tokens)


def test_pages_rasterized_from_a_vector_print_read_perfectly(scan_demo, tmp_path) -> None:
    """The unmarked printout itself, straight from the PDF: every row blank, no review."""
    _db, data, expected = scan_demo
    from tests.helpers.scan_corpus import print_ballots

    pdf = tmp_path / "print.pdf"
    pdf.write_bytes(print_ballots(data, 1))
    result = scan([str(pdf)], expected, 1, workers=1)
    assert result.all_read and result.ballots[0].complete
    assert set(result.ballots[0].marks.values()) == {None} and result.ballots[0].unclear == []
    assert len(rasterize(pdf.read_bytes(), 100)) == 2
