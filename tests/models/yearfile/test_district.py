"""Indicator tracking in the year file (spec "Indicator tracking"): indicators, peers, reports and events
round-trip; 考绩贡献加分 credited to a unit feeds its annual score; bad input is refused with its JSON path.

Seed clauses checked here:
- 凡是符合市对区考绩加分条件，为我区在市考绩争取加分的事项，都按“考绩贡献加分”计入有关单位年终考绩分值.
- 备注：加减分事项的有效期为2015年2月至2016年1月，以文件发布、证书颁发等为准.
- 《2015年市对区考绩指标进展情况表》（附件1）经单位主要负责人签字盖章，并由区分管领导审签.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from app.models.db import open_database
from app.models.district.events import read_events
from app.models.district.reports import month_reports

YEAR = 2017
BASE = {"format": "appraisal-year/1", "year": YEAR}
DISTRICT = {
    "indicators": [
        {"id": "i01", "name": "规上工业增加值", "lead_unit": "经信局", "content": "总量和增速", "target": "全市第2位"},
        {"id": "i02", "name": "固定资产投资", "lead_unit": "发改局", "liaison": "李晓红"},
    ],
    "peers": ["本区", "鹿城区", "瓯海区"],
    "indicator_reports": [
        {
            "indicator": "i01",
            "month": "2017-08",
            "rank": 2,
            "estimated": False,
            "peer_ranks": {"鹿城区": 1, "瓯海区": 3},
            "progress": "增速回升",
            "signed": True,
            "submitted": "2017-08-12",
        },
        {
            "indicator": "i01",
            "month": "2017-09",
            "rank": 3,
            "estimated": True,
            "peer_ranks": {"鹿城区": 1, "瓯海区": 2},
            "signed": True,
            "leader_signed": True,
            "submitted": "2017-09-13",
        },
        {"indicator": "i02", "month": "2017-09", "rank": 1, "estimated": False, "peer_ranks": {}, "signed": False},
    ],
    "district_events": [
        {
            "category": "big_project",
            "matter": "某项目",
            "investment": 2740000000,
            "date": "2017-03-01",
            "credited_units": ["办公室"],
        },
        {"category": "rank_change", "indicator": "i01", "measure": "total", "last_year_rank": 5, "rank": 3},
        {
            "category": "honor_national",
            "matter": "全国文明城区",
            "tier": None,
            "peers_honored_share": 0.5,
            "date": "2018-01-31",
        },
        {
            "category": "honor_provincial",
            "matter": "省级示范",
            "tier": 2,
            "date": "2017-02-01",
            "credited_units": ["财务科", "办公室"],
        },
        {"category": "poor_implementation", "matter": "督办事项", "points": 1.5},
        {"category": "criticized_provincial", "matter": "省通报"},
        {"category": "criticized_city", "matter": "市通报"},
        {"category": "media_exposure", "matter": "曝光"},
    ],
}


def write(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def results(db: Path, capsys) -> dict:
    capsys.readouterr()
    assert main(["results", str(db), "--year", str(YEAR), "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def export(db: Path, out: Path) -> dict:
    assert main(["export", str(db), "--year", str(YEAR), "--out", str(out)]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.fixture
def loaded(tmp_path) -> Path:
    db = tmp_path / "d.sqlite"
    assert main(["import", str(db), str(write(tmp_path / "in.json", {**BASE, **DISTRICT}))]) == 0
    return db


def test_indicators_reports_and_events_round_trip(loaded, tmp_path, capsys):
    """Spec: export writes the year so that importing it into an empty DB reproduces the same results."""
    first = export(loaded, tmp_path / "a.json")
    for key in ("indicators", "peers", "indicator_reports", "district_events"):
        assert first[key] == DISTRICT[key] or key == "indicator_reports", key
    # Reports: the spec's fields; `leader_signed` only where true; progress/submitted only where given.
    assert [r["month"] for r in first["indicator_reports"]] == ["2017-08", "2017-09", "2017-09"]
    assert first["indicator_reports"][1]["leader_signed"] is True
    assert "leader_signed" not in first["indicator_reports"][0]
    assert first["indicator_reports"][2] == DISTRICT["indicator_reports"][2]
    again = tmp_path / "again.sqlite"
    assert main(["import", str(again), str(tmp_path / "a.json")]) == 0
    assert export(again, tmp_path / "b.json") == first
    assert results(again, capsys) == results(loaded, capsys)
    with open_database(again) as db:
        report = month_reports(db, YEAR, "2017-09")["i01"]
        assert (report.estimated, report.signed, report.leader_signed, report.submitted) == (
            True,
            True,
            True,
            "2017-09-13",
        )


def test_reimporting_the_same_file_adds_no_event_twice(loaded, tmp_path, capsys):
    """Importing the same file again changes nothing (events are matched by content)."""
    before = results(loaded, capsys)
    assert main(["import", str(loaded), str(tmp_path / "in.json")]) == 0
    assert results(loaded, capsys) == before


def test_district_object_of_the_results(loaded, capsys):
    """Spec: by_category after each group's cap, before the caps of 30; deductions positive."""
    got = results(loaded, capsys)["district"]
    # 12 (27.4 亿) | 2 places × 0.3 | national untiered 2 + provincial tier 2 → 1 | 1.5 | 5 | 3 | 3
    assert got["by_category"] == {
        "big_project": 12,
        "rank_gain": 0.6,
        "honors": 3,
        "rank_loss": 0,
        "poor_implementation": 1.5,
        "criticized_provincial": 5,
        "criticized_city": 3,
        "media_exposure": 3,
    }
    assert (got["bonus"], got["deduction"], got["net"]) == (15.6, 12.5, 3.1)
    assert got["laggards"] == ["i01"]


def test_credited_contribution_feeds_the_units_annual_score(tmp_path, capsys):
    """都按“考绩贡献加分”计入有关单位年终考绩分值 — the provincial honour (tier 2: 1 point) credited to 财务科 and
    办公室 adds 0.5 to each (shared equally, as any shared bonus); the project's 12 to 办公室 alone hits the unit's
    bonus cap of 10 (加分最高不超过 10 分)."""
    plain = tmp_path / "plain.sqlite"
    assert main(["import", str(plain), str(write(tmp_path / "p.json", BASE))]) == 0
    base_units = {u["name"]: u for u in results(plain, capsys)["units"]}
    honour = {**DISTRICT["district_events"][3]}
    db = tmp_path / "c.sqlite"
    data = {**BASE, "indicators": DISTRICT["indicators"], "district_events": [honour]}
    assert main(["import", str(db), str(write(tmp_path / "c.json", data))]) == 0
    units = {u["name"]: u for u in results(db, capsys)["units"]}
    for name in ("财务科", "办公室"):
        assert units[name]["bonus"] == base_units[name]["bonus"] + 0.5
        assert units[name]["total"] == round(base_units[name]["total"] + 0.5, 2)
    project = {**DISTRICT["district_events"][0]}
    assert main(["import", str(db), str(write(tmp_path / "d.json", {**BASE, "district_events": [project]}))]) == 0
    assert {u["name"]: u for u in results(db, capsys)["units"]}["办公室"]["bonus"] == 10
    # Nothing is stored twice: the unit adjustments table holds no derived row.
    with open_database(db) as handle:
        assert handle.query("SELECT COUNT(*) FROM adjustments WHERE year = ?", (YEAR,))[0][0] == 0


def test_short_unit_names_are_accepted_for_credit(tmp_path, capsys):
    """Everywhere a unit is named, full or short name is accepted."""
    event = {"category": "honor_provincial", "matter": "m", "tier": 1, "credited_units": ["运行监测协调科"]}
    db = tmp_path / "s.sqlite"
    assert main(["import", str(db), str(write(tmp_path / "s.json", {**BASE, "district_events": [event]}))]) == 0
    with open_database(db) as handle:
        assert read_events(handle, YEAR)[0].credited_units == ["运行协调监测科"]


@pytest.mark.parametrize(
    ("event", "path", "message"),
    [
        ({"category": "criticized_city", "credited_units": ["办公室"]}, "credited_units", "减分"),
        ({"category": "big_project", "investment": 1, "credited_units": ["无此科"]}, "credited_units[0]", "未知科室"),
        ({"category": "big_project", "investment": 1, "credited_units": []}, "credited_units", "名称数组"),
        ({"category": "criticized_city", "date": "2017-01-31"}, "date", "有效期"),
        ({"category": "criticized_city", "date": "2018-02-01"}, "date", "有效期"),
        ({"category": "honor_national", "tier": 0}, "tier", "不小于 1"),
        ({"category": "honor_national", "tier": None, "peers_honored_share": 1.5}, "peers_honored_share", "上限"),
        ({"category": "poor_implementation", "points": 2.5}, "points", "上限"),
        ({"category": "poor_implementation", "points": 0.5}, "points", "下限"),
        (
            {"category": "rank_change", "indicator": "i09", "measure": "total", "last_year_rank": 2, "rank": 1},
            "indicator",
            "未知指标",
        ),
        (
            {"category": "rank_change", "indicator": "i01", "measure": "level", "last_year_rank": 2, "rank": 1},
            "measure",
            "total",
        ),
        ({"category": "big_project", "investment": 1, "tier": 1}, "tier", "不使用此字段"),
        ({"category": "honor_city"}, "category", "未知类别"),
    ],
)
def test_bad_events_are_refused_with_their_path_and_nothing_written(tmp_path, capsys, event, path, message):
    """Bad input: every problem with its JSON path on stderr, exit 2, and the file unchanged."""
    db = tmp_path / "bad.sqlite"
    assert (
        main(["import", str(db), str(write(tmp_path / "ok.json", {**BASE, "indicators": DISTRICT["indicators"]}))]) == 0
    )
    before = db.read_bytes()
    capsys.readouterr()
    assert main(["import", str(db), str(write(tmp_path / "bad.json", {**BASE, "district_events": [event]}))]) == 2
    err = capsys.readouterr().err
    assert f"$.district_events[0].{path}" in err and message in err
    assert db.read_bytes() == before


def test_the_window_bounds_are_inclusive(tmp_path):
    """有效期为当年2月至次年1月: 2月1日 and 次年1月31日 are inside."""
    events = [{"category": "criticized_city", "date": d} for d in ("2017-02-01", "2018-01-31")]
    db = tmp_path / "w.sqlite"
    assert main(["import", str(db), str(write(tmp_path / "w.json", {**BASE, "district_events": events}))]) == 0


def test_a_bad_report_is_refused(tmp_path, capsys):
    """Reports: month YYYY-MM, ranks whole numbers ≥ 1, flags true/false."""
    report = {"indicator": "i01", "month": "2017-9", "rank": 1}
    flags = {"indicator": "i01", "month": "2017-09", "leader_signed": "是"}
    data = {**BASE, "indicators": DISTRICT["indicators"], "indicator_reports": [report, flags]}
    assert main(["import", str(tmp_path / "r.sqlite"), str(write(tmp_path / "r.json", data))]) == 2
    err = capsys.readouterr().err
    assert "$.indicator_reports[0].month" in err and "$.indicator_reports[1].leader_signed" in err
