"""One 考绩法 event, one check: the 市对区考绩 page (`check_event`) and the year file's import read an event with
the same `read_event`, so both refuse the same entry with the same message (only the place differs: 事项 on
the page, the JSON path in the file), and both write `indicator_reports` through the one upsert.

Seed 004 附2: 加减分事项的有效期为当年2月至次年1月; 重要事项落实不力 每项减1－2分.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from app.models.db import Database
from app.models.district.checks import check_event
from app.models.district.indicators import Indicator, save_indicator
from app.models.district.reports import Report, month_reports, save_report
from app.models.errors import ValidationError
from app.models.store import ensure_year
from app.models.yearfile.writing import import_year_file

YEAR = 2017
APP = Path(__file__).resolve().parents[3] / "app"

BAD_EVENTS = [
    {"category": "criticized_city", "date": "2018-02-01"},  # after the window
    {"category": "poor_implementation", "points": "2.5"},  # 每项减1－2分
    {"category": "honor_national", "tier": 0},
    {"category": "big_project", "investment": 1, "tier": 1},  # a field the category does not use
    {"category": "big_project", "investment": 1, "credited_units": ["没有这个科室"]},
    {"category": "criticized_city", "credited_units": ["办公室"]},  # a deduction credits nobody
    {"category": "rank_change", "indicator": "i09", "measure": "total", "last_year_rank": 2, "rank": 1},
    {"category": "honor_city"},
]


@pytest.fixture
def year_db(tmp_path: Path) -> Database:
    from app.models.db import open_database

    db = open_database(tmp_path / "d.sqlite")
    ensure_year(db, YEAR)
    with db.atomic("指标", "test") as conn:
        save_indicator(conn, YEAR, Indicator("i01", "规上工业增加值"))
    yield db
    db.close()


def messages(problems, prefix: str) -> list[str]:
    """Each problem as (field path below the event, message), with the event's own place cut off."""
    return [f"{p.path.removeprefix(prefix)}: {p.message}" for p in problems]


@pytest.mark.parametrize("entry", BAD_EVENTS, ids=[json.dumps(e, ensure_ascii=False) for e in BAD_EVENTS])
def test_the_page_and_the_year_file_refuse_an_event_alike(year_db: Database, entry: dict) -> None:
    with pytest.raises(ValidationError) as on_page:
        check_event(year_db, YEAR, entry)
    with pytest.raises(ValidationError) as in_file:
        import_year_file(year_db, {"format": "appraisal-year/1", "year": YEAR, "district_events": [entry]})
    page = messages(on_page.value.problems, "事项")
    imported = messages(in_file.value.problems, "$.district_events[0]")
    assert page and page == imported


def test_a_good_event_reads_the_same_on_the_page_and_in_the_file(year_db: Database) -> None:
    entry = {"category": "poor_implementation", "matter": " 热线超时 ", "points": "1.5", "date": "2017-04-10"}
    event = check_event(year_db, YEAR, entry)
    assert event == {"category": "poor_implementation", "matter": "热线超时", "points": 1.5, "date": "2017-04-10"}
    summary = import_year_file(year_db, {"format": "appraisal-year/1", "year": YEAR, "district_events": [entry]})
    assert summary.counts["district_events"] == 1


def test_a_report_from_a_year_file_goes_through_the_pages_upsert(year_db: Database) -> None:
    """The page keys a month, then a year file brings the same month: one row, the file's values (the upsert
    replaces), text trimmed as the page trims it."""
    with year_db.atomic("进展", "test") as conn:
        save_report(conn, YEAR, Report("i01", "2017-08", rank=3, peer_ranks={"鹿城区": 1}, progress="页面"))
    report = {"indicator": "i01", "month": "2017-08", "rank": 2, "peer_ranks": {"鹿城区": 3}, "progress": " 文件 "}
    import_year_file(year_db, {"format": "appraisal-year/1", "year": YEAR, "indicator_reports": [report]})
    stored = month_reports(year_db, YEAR, "2017-08")
    assert list(stored) == ["i01"]
    assert (stored["i01"].rank, stored["i01"].peer_ranks, stored["i01"].progress) == (2, {"鹿城区": 3}, "文件")


@pytest.mark.parametrize("table", ["indicator_reports", "indicators", "district_events", "indicator_peers"])
def test_each_district_table_is_written_in_one_place(table: str) -> None:
    """No second, unchecked copy of a district write (the year file once had its own UPSERT of the reports)."""
    writes = re.compile(rf"INSERT (OR \w+ )?INTO {table}\b")
    places = [
        str(path.relative_to(APP)) for path in APP.rglob("*.py") if writes.search(path.read_text(encoding="utf-8"))
    ]
    assert len(places) == 1, places
    assert places[0].startswith("models/district/")
