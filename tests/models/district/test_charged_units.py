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

from app.cli import main
from app.models.db import open_database
from app.models.district.events import (
    charge_adjustments,
    contribution_adjustments,
    derived_adjustments,
)
from app.models.loader import compute_results
from app.scoring.district import CHARGE_CATEGORY, CONTRIBUTION_CATEGORY
from tests.helpers.data_pages import YEAR
from tests.helpers.district import declare_derived_categories

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
