"""Text typed on the pages holds nothing the year-file reader refuses (issue 16: NUL, ESC, U+202E … refused in
every text field, not only cadre names). The pages wrote a unit name, a matter, a reason, an indicator or the
notice's wording with a zero-width space or a direction override pasted in; `appraisal export` wrote it; and the
year file (or scheme file) was then refused on import — on the second PC, or from the archive — although the
spec says importing an export reproduces the year. Each write refuses such text, naming the field."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from app.documents.data import NoticeSettings, write_notice_settings
from app.models import cadre_status, committee, unit_data
from app.models import scheme_rows as sr
from app.models import years as ym
from app.models.ballots.keying import commit_democratic_ballot, set_void
from app.models.db import Database, open_database
from app.models.district.demo import write_demo_district
from app.models.district.indicators import read_indicators, save_indicator, set_peers
from app.models.district.reports import Report, save_report
from app.models.errors import ValidationError
from app.models.store import QuotaOverrideRow, read_cadres, set_quota_override, year_scheme

YEAR = 2017
PASTED = "新型工业化\u200b推进"  # a zero-width space, as text copied from a web page brings it


def scheme_unit_renamed(db: Database, conn) -> None:
    body = ym.year_scheme_body(db, YEAR)
    rows = sr.unit_rows(body)
    rows.append({**rows[-1], "name": PASTED, "short": "", "orig": ""})  # a new unit, as 添加科室 makes it
    ym.save_scheme(conn, db, YEAR, sr.put_unit_rows(body, rows))


def scheme_item_titled(db: Database, conn) -> None:
    body = ym.year_scheme_body(db, YEAR)
    body["common_items"][0]["title"] = PASTED
    ym.save_scheme(conn, db, YEAR, body)


def adjustment(db: Database, conn) -> None:
    scheme = year_scheme(db, YEAR)
    row = unit_data.build_adjustment(
        scheme, "unit", "honor_city", "1", [scheme.units[0].name], {u.name for u in scheme.units}, matter=PASTED
    )
    unit_data.save_adjustment(conn, YEAR, row)


def adjustment_note(db: Database, conn) -> None:
    scheme = year_scheme(db, YEAR)
    row = unit_data.build_adjustment(
        scheme, "unit", "honor_city", "1", [scheme.units[0].name], {u.name for u in scheme.units}, note="\u202e注"
    )
    unit_data.save_adjustment(conn, YEAR, row)


def veto(db: Database, conn) -> None:
    scheme = year_scheme(db, YEAR)
    unit_data.set_veto(db, conn, YEAR, scheme, scheme.units[-1].name, "违纪\x1b")


def item_note(db: Database, conn) -> None:
    scheme = year_scheme(db, YEAR)
    unit_data.save_item_score(conn, YEAR, scheme, scheme.units[0].name, scheme.items[0].id, "1", note=PASTED)


def void_reason(db: Database, conn) -> None:
    cadre = read_cadres(db, YEAR)[0].id
    commit_democratic_ballot(conn, YEAR, 999, {cadre: "优秀"})
    set_void(conn, YEAR, "democratic", 999, "\x00空白票")


def quota_reason(db: Database, conn) -> None:
    cadre = read_cadres(db, YEAR)[0]
    set_quota_override(conn, YEAR, QuotaOverrideRow(f"{cadre.category}/{cadre.level}", 1, PASTED))


def not_assessed_reason(db: Database, conn) -> None:
    cadre_status.set_not_assessed(db, conn, YEAR, read_cadres(db, YEAR)[0].id, "不定等次", PASTED)


def cadre_award_reason(db: Database, conn) -> None:
    cadre_status.set_special_award(db, conn, YEAR, read_cadres(db, YEAR)[0].id, PASTED)


def decision_reason(db: Database, conn) -> None:
    committee.set_decision(db, conn, YEAR, "unit", year_scheme(db, YEAR).units[0].name, "一等奖", PASTED)


def indicator_name(db: Database, conn) -> None:
    write_demo_district(conn, db, YEAR)
    save_indicator(conn, YEAR, replace(read_indicators(db, YEAR)[0], name=PASTED))


def indicator_progress(db: Database, conn) -> None:
    write_demo_district(conn, db, YEAR)
    save_report(conn, YEAR, Report(read_indicators(db, YEAR)[0].id, f"{YEAR}-10", rank=1, progress=PASTED))


def peers(db: Database, conn) -> None:
    set_peers(conn, YEAR, ["鹿城区", PASTED])


def notice_wording(db: Database, conn) -> None:
    write_notice_settings(conn, YEAR, NoticeSettings(addressee="委机关各科室\u202e："))


WRITES: dict[str, Callable[[Database, object], None]] = {
    f.__name__: f
    for f in (
        scheme_unit_renamed,
        scheme_item_titled,
        adjustment,
        adjustment_note,
        veto,
        item_note,
        void_reason,
        quota_reason,
        not_assessed_reason,
        cadre_award_reason,
        decision_reason,
        indicator_name,
        indicator_progress,
        peers,
        notice_wording,
    )
}


@pytest.mark.parametrize("write", sorted(WRITES))
def test_a_page_refuses_text_the_year_file_would_refuse(write: str, demo_path: Path) -> None:
    with open_database(demo_path) as db:
        changes = db.query("SELECT count(*) FROM audit_log")[0][0]
        with pytest.raises(ValidationError, match="不可见的控制字符") as refused, db.atomic("录入", "test") as conn:
            WRITES[write](db, conn)
        assert "Traceback" not in str(refused.value)
        assert db.query("SELECT count(*) FROM audit_log")[0][0] == changes  # nothing written


def test_what_the_pages_accept_exports_and_reads_back(demo_path: Path, tmp_path: Path) -> None:
    """The same writes with visible text (markup and formula-like text included) export and import whole."""
    from app.cli import main

    with open_database(demo_path) as db:
        scheme = year_scheme(db, YEAR)
        with db.atomic("录入", "test") as conn:
            unit_data.set_veto(db, conn, YEAR, scheme, scheme.units[-1].name, "<b>违纪</b>=1")
            row = unit_data.build_adjustment(
                scheme, "unit", "honor_city", "1", [scheme.units[0].name], {u.name for u in scheme.units}, matter="@x"
            )
            unit_data.save_adjustment(conn, YEAR, row)
            write_demo_district(conn, db, YEAR)
    out = tmp_path / "year.json"
    assert main(["export", str(demo_path), "--year", str(YEAR), "--out", str(out)]) == 0
    assert main(["import", str(tmp_path / "copy.sqlite"), str(out)]) == 0
