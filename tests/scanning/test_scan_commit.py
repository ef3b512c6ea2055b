"""`appraisal scan … --commit` (issue 18 point 4): complete ballots without an unclear mark are stored like keyed
ones (entered by 扫描, with their page images), the rest wait for review and are not counted; serials are
taken at commit time; the same file run again stores nothing twice; scans keep the day, never the time."""

from __future__ import annotations

import json
from pathlib import Path

from app.cli import main
from app.documents.ballot_layout import GRADES
from app.models.audit import undo_last
from app.models.ballots.forms import DEMOCRATIC
from app.models.ballots.keying import next_serial
from app.models.ballots.reconciliation import form_counts
from app.models.ballots.verification import compare_passes, open_findings
from app.models.db import open_database
from app.models.demo import DEMO_YEAR
from app.models.scanning.pending import INCOMPLETE, REVIEW, read_pending
from app.models.scanning.store import ballot_pages, image_data
from app.models.store import insert_democratic_ballot, year_scheme
from tests.helpers.scan_runs import CLEAR_MIX, UNCLEAR_MIX, filled_scan, write_scan


def scan(db_path: Path, *inputs: Path, report: Path | None = None, commit: bool = True) -> int:
    args = ["scan", str(db_path), "--year", str(DEMO_YEAR), *map(str, inputs), "--workers", "1"]
    return main(args + (["--commit"] if commit else []) + (["--report", str(report)] if report else []))


def stored(db_path: Path, serial: int) -> dict:
    with open_database(db_path, readonly=True) as db:
        row = db.query(
            "SELECT * FROM democratic_ballots WHERE year = ? AND serial = ? AND pass = 1", (DEMO_YEAR, serial)
        )
        return dict(row[0]) if row else {}


def test_clear_ballots_are_stored_as_scanned_with_their_images(scan_demo, demo_path, tmp_path, capsys) -> None:
    layout = scan_demo[2].democratic
    run = filled_scan(demo_path, tmp_path, layout, 2, seed=11, mix=CLEAR_MIX)
    report = tmp_path / "r.json"
    assert scan(demo_path, run.path, report=report) == 0
    body = json.loads(report.read_text(encoding="utf-8"))
    assert [b["serial"] for b in body["ballots"]] == [151, 152]  # after the demo's 150 keyed ballots
    assert [p["serial"] for p in body["pages"]] == [151, 151, 152, 152]
    assert "已保存民主测评票 2 张（编号 151–152，录入方式：扫描）" in capsys.readouterr().err
    for ballot, serial in ((0, 151), (1, 152)):
        row = stored(demo_path, serial)
        assert row["entry"] == "scanned" and row["keyed_by"] is None and row["keyed_on"] is None
        assert len(row["keyed_at"]) == 10  # the day, never the time
        truth = {k: GRADES[t.intent] for k, t in run.truths(ballot).items() if t.intent is not None}
        assert json.loads(row["marks"]) == truth  # the generator's marks, mark by mark
    with open_database(demo_path, readonly=True) as db:
        pages = ballot_pages(db, DEMO_YEAR, DEMOCRATIC, 151)
        assert sorted(pages) == [1, 2]
        assert all((image_data(db, d) or b"").startswith(b"\x89PNG") for d in pages.values())
        counts = {c.form: c for c in form_counts(db, DEMO_YEAR, year_scheme(db, DEMO_YEAR))}
        assert counts[DEMOCRATIC].keyed == 152  # 清点与核对 counts the scanned ballots


def test_unclear_and_incomplete_ballots_wait_uncounted_and_leave_no_gap(scan_demo, demo_path, tmp_path) -> None:
    layout = scan_demo[2].democratic
    unclear = filled_scan(demo_path, tmp_path, layout, 1, seed=12, mix=UNCLEAR_MIX, name="unclear.pdf")
    clear = filled_scan(demo_path, tmp_path, layout, 2, seed=13, mix=CLEAR_MIX, name="clear.pdf")
    half = write_scan([clear.pages[2]], tmp_path / "half.pdf")  # page 1 of the second clear ballot only
    first_clear = write_scan(clear.pages[:2], tmp_path / "first.pdf")
    report = tmp_path / "r.json"
    assert scan(demo_path, unclear.path, half, first_clear, report=report) == 0
    ballots = json.loads(report.read_text(encoding="utf-8"))["ballots"]
    assert [(b["serial"], b.get("waiting")) for b in ballots] == [(None, REVIEW), (None, INCOMPLETE), (151, None)]
    assert set(ballots[0]["unclear"]) <= set(ballots[0]["marks"]) and ballots[0]["unclear"]
    with open_database(demo_path, readonly=True) as db:
        waiting = read_pending(db, DEMO_YEAR, DEMOCRATIC)
        assert [w.status for w in waiting] == [REVIEW, INCOMPLETE]
        assert waiting[1].missing == [2] and all(len(w.scanned_on) == 10 for w in waiting)
        assert next_serial(db, DEMO_YEAR, DEMOCRATIC) == 152  # the waiting ones took no serial
        counts = {c.form: c for c in form_counts(db, DEMO_YEAR, year_scheme(db, DEMO_YEAR))}
        count = counts[DEMOCRATIC]
        assert (count.keyed, count.scanned, count.waiting_scans) == (151, 1, 2)  # 清点与核对: waiting not counted
        assert "民主测评表：还有 2 张扫描件待在“扫描录入”页复核（未计入已录入）" in count.warnings()


def test_the_same_file_run_again_stores_nothing_twice(scan_demo, demo_path, tmp_path, capsys) -> None:
    layout = scan_demo[2].democratic
    run = filled_scan(demo_path, tmp_path, layout, 2, seed=14, mix=CLEAR_MIX)
    assert scan(demo_path, run.path) == 0
    capsys.readouterr()
    report = tmp_path / "again.json"
    assert scan(demo_path, run.path, report=report) == 0  # nothing new is no error
    body = json.loads(report.read_text(encoding="utf-8"))
    assert body["ballots"] == [] and {p["status"] for p in body["pages"]} == {"duplicate"}
    assert "另有 4 页在此前的扫描中已处理" in capsys.readouterr().err
    with open_database(demo_path, readonly=True) as db:
        assert next_serial(db, DEMO_YEAR, DEMOCRATIC) == 153


def test_without_commit_nothing_is_written(scan_demo, demo_path, tmp_path) -> None:
    layout = scan_demo[2].democratic
    run = filled_scan(demo_path, tmp_path, layout, 1, seed=15, mix=CLEAR_MIX)
    before = demo_path.read_bytes()
    assert scan(demo_path, run.path, commit=False) == 0
    assert demo_path.read_bytes() == before


def test_a_scan_keeps_the_day_only_in_the_audit_log_and_the_change_list(scan_demo, demo_path, tmp_path) -> None:
    layout = scan_demo[2].democratic
    run = filled_scan(demo_path, tmp_path, layout, 2, seed=16, mix=UNCLEAR_MIX)
    clear = filled_scan(demo_path, tmp_path, layout, 1, seed=17, mix=CLEAR_MIX, name="clear.pdf")
    with open_database(demo_path) as db:
        last = db.query("SELECT max(id) FROM audit_log")[0][0]
    assert scan(demo_path, run.path, clear.path) == 0
    with open_database(demo_path, readonly=True) as db:
        rows = db.query("SELECT at, tbl FROM audit_log WHERE id > ?", (last,))
        assert {r["tbl"] for r in rows} >= {"democratic_ballots", "scan_ballot_pages", "scan_pending", "scan_inputs"}
        assert {len(r["at"]) for r in rows} == {10}
        changes = db.query("SELECT at FROM changes WHERE id IN (SELECT change_id FROM audit_log WHERE id > ?)", (last,))
        assert changes and {len(r["at"]) for r in changes} == {10}
        # a keyed ballot keeps its time as before
    with open_database(demo_path) as db:
        with db.atomic("录入民主测评表第 999 号") as conn:
            insert_democratic_ballot(conn, DEMO_YEAR, 999, {"c001": "优秀"})
        assert len(db.query("SELECT at FROM changes ORDER BY id DESC LIMIT 1")[0][0]) > 10


def test_undoing_a_scan_commit_removes_ballot_and_images_and_the_file_can_be_taken_in_again(
    scan_demo, demo_path, tmp_path
) -> None:
    layout = scan_demo[2].democratic
    run = filled_scan(demo_path, tmp_path, layout, 1, seed=18, mix=CLEAR_MIX)
    assert scan(demo_path, run.path) == 0
    with open_database(demo_path) as db:
        undo_last(db)
        assert stored(demo_path, 151) == {} and ballot_pages(db, DEMO_YEAR, DEMOCRATIC, 151) == {}
    assert scan(demo_path, run.path) == 0
    assert stored(demo_path, 151)["entry"] == "scanned"


def test_a_keyed_second_pass_is_compared_with_the_scan(scan_demo, demo_path, tmp_path) -> None:
    """Verification as today: a sample keyed again (pass 2) against the scanned first pass."""
    layout = scan_demo[2].democratic
    run = filled_scan(demo_path, tmp_path, layout, 2, seed=19, mix=CLEAR_MIX)
    assert scan(demo_path, run.path) == 0
    with open_database(demo_path) as db:
        same = json.loads(stored(demo_path, 151)["marks"])
        other = dict(json.loads(stored(demo_path, 152)["marks"]))
        changed = next(iter(other))
        other[changed] = "不称职" if other[changed] != "不称职" else "优秀"
        with db.atomic("第二遍录入") as conn:
            insert_democratic_ballot(conn, DEMO_YEAR, 151, same, keying_pass=2)
            insert_democratic_ballot(conn, DEMO_YEAR, 152, other, keying_pass=2)
            compared, differences = compare_passes(conn, DEMO_YEAR, DEMOCRATIC)
        assert (compared, differences) == (2, 1)
        assert [(f.serial, f.row_key) for f in open_findings(db, DEMO_YEAR)] == [(152, changed)]


def test_a_page_scanned_twice_names_the_serial_its_ballot_was_stored_under(scan_demo, demo_path, tmp_path) -> None:
    """Issue 18's report: `serial` is the serial the ballot gets. With --commit a waiting ballot takes none, so a
    later ballot is stored under a smaller serial than the scan first proposed; a page of it scanned twice must
    say that serial too (before, it kept the proposed one: a serial no ballot has, or another ballot's)."""
    layout = scan_demo[2].democratic
    waiting = filled_scan(demo_path, tmp_path, layout, 1, seed=61, mix={"double": 1}, name="a.pdf")
    clear = filled_scan(demo_path, tmp_path, layout, 1, seed=62, mix=CLEAR_MIX, name="b.pdf")
    stack = write_scan(waiting.pages + clear.pages + clear.pages[:1], tmp_path / "stack.pdf")
    report = tmp_path / "r.json"
    assert scan(demo_path, stack, report=report) == 2  # a page twice: not every page read
    body = json.loads(report.read_text(encoding="utf-8"))
    assert [b["serial"] for b in body["ballots"]] == [None, 151]
    assert [p["status"] for p in body["pages"]] == ["read"] * 4 + ["duplicate"]
    assert [p["serial"] for p in body["pages"]] == [None, None, 151, 151, 151]
    assert stored(demo_path, 151)["entry"] == "scanned" and stored(demo_path, 152) == {}
