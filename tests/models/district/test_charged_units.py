"""扣减责任部门年终考绩分数 (seed 004 §四): a district deduction event may name the units responsible for it
(`charged_units`); each such event becomes a unit deduction of category `district_charge` (市对区考绩失分扣分),
derived on every read and never stored twice, like 考绩贡献加分 (`credited_units`, `district_contribution`).

Seed clauses checked here:
- 同时，严格落实考绩扣分制度，对于因区委区政府重点工作推进不力，导致我区在市考绩失分的，按照考绩办法的有关规定，
  扣减责任部门年终考绩分数，确保各项工作有效落实. (seed 004 §四)
- 凡是符合市对区考绩加分条件，为我区在市考绩争取加分的事项，都按“考绩贡献加分”计入有关单位年终考绩分值. (§三)
- 减分最高不超过10分 (the bureau scheme's cap on a unit's deductions, seed 000).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.cli import main
from app.models.db import Database, open_database
from app.models.district.events import (
    add_event,
    charge_adjustments,
    contribution_adjustments,
    derived_adjustments,
    read_events,
)
from app.models.district.indicators import Indicator, save_indicator, set_peers
from app.models.loader import compute_results
from app.scoring.district import CHARGE_CATEGORY, CONTRIBUTION_CATEGORY
from app.ui.district.page import DistrictPage
from app.ui.unit_data.adjustments_page import AdjustmentsPage
from tests.helpers.data_pages import YEAR, fresh_session, show_page, type_chinese

BASE = {"format": "appraisal-year/1", "year": YEAR}
INDICATORS = [{"id": "i01", "name": "规上工业增加值", "lead_unit": "经信局"}]


def write(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def imported(tmp_path: Path, events: list[dict], name: str = "y") -> Path:
    db = tmp_path / f"{name}.sqlite"
    data = {**BASE, "indicators": INDICATORS, "district_events": events}
    assert main(["import", str(db), str(write(tmp_path / f"{name}.json", data))]) == 0
    return db


def unit_results(path: Path) -> dict:
    with open_database(path) as db:
        return {u.name: u for u in compute_results(db, YEAR).units}


@pytest.fixture
def plain(tmp_path) -> dict:
    return unit_results(imported(tmp_path, [], "plain"))


def test_a_charged_deduction_lowers_the_responsible_units_totals(tmp_path, plain) -> None:
    """扣减责任部门年终考绩分数 — 被市委市政府通报批评的每次减3分, charged to 办公室 and 财务科: the event's own
    3 points split equally (1.50 each), as any shared adjustment; a unit not charged is untouched."""
    event = {
        "category": "criticized_city",
        "matter": "市府办通报",
        "date": "2017-06-01",
        "charged_units": ["办公室", "财务科"],
    }
    units = unit_results(imported(tmp_path, [event]))
    for name in ("办公室", "财务科"):
        assert units[name].deduction == plain[name].deduction + Decimal("1.50")
        assert units[name].total == plain[name].total - Decimal("1.50")
        assert units[name].adjustments_by_category == {CHARGE_CATEGORY: Decimal("1.50")}
    untouched = next(name for name in units if name not in ("办公室", "财务科"))
    assert units[untouched].total == plain[untouched].total


def test_the_units_deduction_cap_still_applies(tmp_path, plain) -> None:
    """减分最高不超过10分: 省级通报 5 + 市级通报 3 + 媒体曝光 3 = 11 charged to 办公室 → its deduction stops at 10;
    the category itself has no cap of its own (11 before the unit's cap)."""
    events = [
        {"category": "criticized_provincial", "matter": "省通报", "charged_units": ["办公室"]},
        {"category": "criticized_city", "matter": "市通报", "charged_units": ["办公室"]},
        {"category": "media_exposure", "matter": "曝光", "charged_units": ["办公室"]},
    ]
    office = unit_results(imported(tmp_path, events))["办公室"]
    assert office.adjustments_by_category[CHARGE_CATEGORY] == Decimal("11.00")
    assert office.deduction == Decimal("10.00")
    assert office.total == plain["办公室"].total - 10


def test_a_rank_loss_and_poor_implementation_are_charged_their_own_points(tmp_path, plain) -> None:
    """每退1位减0.3分: 3rd → 6th costs 0.9, charged to 办公室; 落实不力 1.5 charged to 财务科. Each event's own
    points (before the district's group caps) are what the responsible unit loses."""
    events = [
        {"category": "rank_change", "indicator": "i01", "measure": "total", "last_year_rank": 3, "rank": 6,
         "charged_units": ["办公室"]},
        {"category": "poor_implementation", "matter": "督办事项", "points": 1.5, "charged_units": ["财务科"]},
    ]  # fmt: skip
    units = unit_results(imported(tmp_path, events))
    assert units["办公室"].deduction == plain["办公室"].deduction + Decimal("0.90")
    assert units["财务科"].deduction == plain["财务科"].deduction + Decimal("1.50")


def test_nothing_is_stored_twice_and_both_derived_kinds_are_read(tmp_path) -> None:
    """The derived adjustments are computed from the events on every read; the adjustments table stays empty."""
    events = [
        {"category": "honor_provincial", "matter": "省级示范", "tier": 1, "credited_units": ["办公室"]},
        {"category": "criticized_city", "matter": "市通报", "charged_units": ["财务科"]},
    ]
    path = imported(tmp_path, events)
    with open_database(path) as db:
        assert db.query("SELECT COUNT(*) FROM adjustments WHERE year = ?", (YEAR,))[0][0] == 0
        derived = derived_adjustments(db, YEAR)
        assert [(a.category, a.kind, a.targets, a.points) for a in derived] == [
            (CONTRIBUTION_CATEGORY, "bonus", ("办公室",), Decimal("1.5")),
            (CHARGE_CATEGORY, "deduction", ("财务科",), Decimal(3)),
        ]
        assert [a.category for a in charge_adjustments(db, YEAR)] == [CHARGE_CATEGORY]
        assert [a.category for a in contribution_adjustments(db, YEAR)] == [CONTRIBUTION_CATEGORY]


def export(path: Path, out: Path) -> dict:
    assert main(["export", str(path), "--year", str(YEAR), "--out", str(out)]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


def test_charged_units_round_trip_and_plain_files_keep_the_spec_format(tmp_path) -> None:
    """The year file: `charged_units` is exported as given and imports back to the same file and results; a
    file without it exports without it (the spec's own fields only)."""
    charged = {
        "category": "media_exposure",
        "matter": "曝光",
        "date": "2017-09-01",
        "charged_units": ["运行监测协调科"],
    }
    plain = {"category": "criticized_city", "matter": "市通报"}
    path = imported(tmp_path, [charged, plain])
    first = export(path, tmp_path / "a.json")
    assert first["district_events"] == [{**charged, "charged_units": ["运行协调监测科"]}, plain]  # short name resolved
    again = tmp_path / "again.sqlite"
    assert main(["import", str(again), str(tmp_path / "a.json")]) == 0
    assert export(again, tmp_path / "b.json") == first
    assert unit_results(again) == unit_results(path)
    bare = export(imported(tmp_path, [plain], "bare"), tmp_path / "c.json")
    assert all(set(event) <= {"category", "matter"} for event in bare["district_events"])


@pytest.mark.parametrize(
    ("event", "path", "message"),
    [
        ({"category": "big_project", "investment": 1, "charged_units": ["办公室"]}, "charged_units", "是加分"),
        ({"category": "honor_national", "tier": 1, "charged_units": ["办公室"]}, "charged_units", "是加分"),
        (
            {"category": "rank_change", "indicator": "i01", "measure": "total", "last_year_rank": 5, "rank": 3,
             "charged_units": ["办公室"]},
            "charged_units",
            "名次未后退",
        ),
        (
            {"category": "rank_change", "indicator": "i01", "measure": "growth", "last_year_rank": 3, "rank": 5,
             "credited_units": ["办公室"]},
            "credited_units",
            "名次后退",
        ),
        ({"category": "criticized_city", "charged_units": ["无此科"]}, "charged_units[0]", "未知科室"),
        ({"category": "criticized_city", "charged_units": []}, "charged_units", "责任单位"),
        ({"category": "criticized_city", "charged_units": "办公室"}, "charged_units", "名称数组"),
        ({"category": "criticized_city", "charged_units": ["办公室", "办公室"]}, "charged_units", "重复"),
    ],
)  # fmt: skip
def test_bad_charges_are_refused_with_their_path_and_nothing_written(tmp_path, capsys, event, path, message) -> None:
    """`charged_units` only on a deduction (a rank move only when the rank fell back), as `credited_units` only
    on a bonus; bad input: the JSON path and a Chinese message, exit 2, the file unchanged."""
    db = imported(tmp_path, [])
    before = db.read_bytes()
    capsys.readouterr()
    assert main(["import", str(db), str(write(tmp_path / "bad.json", {**BASE, "district_events": [event]}))]) == 2
    err = capsys.readouterr().err
    assert f"$.district_events[0].{path}" in err and message in err
    assert db.read_bytes() == before


def declare_derived_categories(db: Database) -> None:
    """A scheme that declares both derived categories itself (with caps of its own)."""
    body = json.loads(db.query("SELECT scheme FROM years WHERE year = ?", (YEAR,))[0]["scheme"])
    categories = body["unit_adjustments"]["categories"]
    categories.append({"id": CONTRIBUTION_CATEGORY, "kind": "bonus", "name": "考绩贡献加分", "cap": 5})
    categories.append({"id": CHARGE_CATEGORY, "kind": "deduction", "name": "市对区考绩失分扣分", "cap": 4})
    with db.atomic("测试：方案声明派生类别", "test") as conn:
        conn.execute("UPDATE years SET scheme = ? WHERE year = ?", (json.dumps(body, ensure_ascii=False), YEAR))


def test_a_scheme_may_cap_the_derived_category_but_never_takes_it_keyed(tmp_path, capsys) -> None:
    """A scheme declaring `district_charge` with a cap of 4: 5 + 3 charged → 4; a unit adjustment keyed in either
    derived category is refused (it would count the district event twice)."""
    path = imported(
        tmp_path,
        [
            {"category": "criticized_provincial", "matter": "省通报", "charged_units": ["办公室"]},
            {"category": "criticized_city", "matter": "市通报", "charged_units": ["办公室"]},
        ],
    )
    with open_database(path) as db:
        declare_derived_categories(db)
    assert unit_results(path)["办公室"].adjustments_by_category[CHARGE_CATEGORY] == Decimal("4.00")
    before = path.read_bytes()
    for index, (kind, category) in enumerate((("deduction", CHARGE_CATEGORY), ("bonus", CONTRIBUTION_CATEGORY))):
        keyed = {"units": ["办公室"], "kind": kind, "category": category, "points": 1}
        capsys.readouterr()
        bad = write(tmp_path / f"keyed{index}.json", {**BASE, "unit_adjustments": [keyed]})
        assert main(["import", str(path), str(bad)]) == 2
        err = capsys.readouterr().err
        assert "$.unit_adjustments[0].category" in err and "自动计算" in err
    assert path.read_bytes() == before


# --- the GUI ------------------------------------------------------------------------------------


@pytest.fixture
def session(tmp_path):
    session = fresh_session(tmp_path)
    with session.db.atomic("测试：指标", "test") as conn:
        set_peers(conn, YEAR, ["鹿城区", "瓯海区"])
        save_indicator(conn, YEAR, Indicator("i01", "规上工业增加值", "区经信局"))
    yield session
    session.db.close()


def office(session) -> object:
    return next(u for u in compute_results(session.db, YEAR).units if u.name == "办公室")


def test_keying_a_charged_deduction_on_the_events_tab(qtbot, session) -> None:
    """扣减责任部门年终考绩分数 — the clerk picks 通报批评（市委市政府）, types the matter and the responsible
    unit, Enter: the event lists its 责任单位 and 办公室 loses its 3 points. The field shows for deductions only."""
    page = DistrictPage(session)
    show_page(qtbot, page)
    page.refresh_now()
    tab = page.events
    page.tabs.setCurrentWidget(tab)
    before = office(session).deduction
    tab.category.setCurrentIndex(tab.category.findData("big_project"))
    assert not tab.charge.isVisibleTo(tab) and tab.credit.isVisibleTo(tab)
    tab.category.setCurrentIndex(tab.category.findData("criticized_city"))
    assert tab.charge.isVisibleTo(tab) and not tab.credit.isVisibleTo(tab)
    tab.category.setCurrentIndex(tab.category.findData("rank_change"))
    assert tab.charge.isVisibleTo(tab) and tab.credit.isVisibleTo(tab)  # which one counts: the rank's direction
    tab.category.setCurrentIndex(tab.category.findData("criticized_city"))
    tab.matter.setFocus()
    type_chinese(tab.matter, "市府办通报")
    tab.date.setFocus()
    qtbot.keyClicks(tab.date, "6-1")
    tab.charge.setFocus()
    type_chinese(tab.charge, "办公室")
    qtbot.keyClick(tab.charge, Qt.Key.Key_Return)
    assert tab.model.rowCount() == 1, page.message.text()
    assert tab.model.data(tab.model.index(0, tab.model.E_CHARGE)) == "办公室"
    assert tab.model.data(tab.model.index(0, tab.model.E_POINTS)) == "−3.00"
    assert office(session).deduction == before + 3
    # Enter on the row loads it, the responsible unit included; an unknown unit is refused, nothing changes.
    tab.view.setFocus()
    tab.view.setCurrentIndex(tab.model.index(0, 0))
    qtbot.keyClick(tab.view, Qt.Key.Key_Return)
    assert tab.charge.text() == "办公室"
    tab.charge.clear()
    type_chinese(tab.charge, "无此科")
    qtbot.keyClick(tab.charge, Qt.Key.Key_Return)
    assert "未知科室" in page.message.text()
    assert read_events(session.db, YEAR)[0].charged_units == ["办公室"]
    # A bonus cannot be charged: a rank that improved refuses a 责任单位.
    qtbot.keyClick(tab.charge, Qt.Key.Key_Escape)
    tab.category.setCurrentIndex(tab.category.findData("rank_change"))
    tab.last_year_rank.setFocus()
    qtbot.keyClicks(tab.last_year_rank, "5")
    tab.rank.setFocus()
    qtbot.keyClicks(tab.rank, "3")
    tab.charge.setFocus()
    type_chinese(tab.charge, "办公室")
    qtbot.keyClick(tab.charge, Qt.Key.Key_Return)
    assert "名次未后退" in page.message.text()
    assert len(read_events(session.db, YEAR)) == 1


def test_the_units_page_lists_derived_rows_read_only_and_never_offers_their_categories(qtbot, session) -> None:
    """加分与扣分: 考绩贡献加分 and 市对区考绩失分扣分 come from the 市对区考绩 events — listed (read-only, with a
    note saying where to change them), counted in the totals, never offered for keying even when the scheme
    declares them; Enter or Delete on such a row is refused and changes nothing."""
    declare_derived_categories(session.db)
    with session.write("测试：事项") as conn:
        add_event(
            conn, session.db, YEAR, {"category": "criticized_city", "matter": "市通报", "charged_units": ["办公室"]}
        )
        add_event(
            conn, session.db, YEAR, {"category": "honor_provincial", "matter": "省级示范", "tier": 1,
                                     "credited_units": ["财务科"]}
        )  # fmt: skip
    page = AdjustmentsPage(session)
    show_page(qtbot, page)
    page.refresh_now()
    editor = page.editor
    offered = [editor.category_box.itemData(i) for i in range(editor.category_box.count())]
    assert offered and CHARGE_CATEGORY not in offered and CONTRIBUTION_CATEGORY not in offered
    model = editor.events_model
    views = [model.view_at(i) for i in range(model.rowCount())]
    assert [(v.category, v.row.kind, v.row.targets, v.row.id) for v in views] == [
        ("市对区考绩失分扣分", "deduction", ("办公室",), None),
        ("考绩贡献加分", "bonus", ("财务科",), None),
    ]
    assert all("市对区考绩" in (v.row.note or "") for v in views)
    totals = editor.totals_model
    assert totals.line(totals.row_of("办公室")).deduction == Decimal("3.00")
    assert totals.line(totals.row_of("财务科")).bonus == Decimal("1.50")
    editor.events_view.setFocus()
    editor.events_view.setCurrentIndex(model.index(0, 0))
    qtbot.keyClick(editor.events_view, Qt.Key.Key_Return)
    assert "不能在此修改或删除" in editor.message.text() and editor.editing is None
    qtbot.keyClick(editor.events_view, Qt.Key.Key_Delete)
    assert "不能在此修改或删除" in editor.message.text()
    assert model.rowCount() == 2 and len(read_events(session.db, YEAR)) == 2
