"""The year file's fields beyond the spec (issue 12, docs/year-file.md): read with their JSON paths, written,
exported, round-tripping; every refusal is exit 2 with the path, and the file is left byte-identical."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

import tests.helpers.full_year as full_year
from app.cli import main
from app.models import store
from app.models.db import open_database


def write(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def results(db: Path, capsys, year: int = 2017, *extra: str) -> dict:
    capsys.readouterr()
    assert main(["results", str(db), "--year", str(year), "--format", "json", *extra]) == 0
    return json.loads(capsys.readouterr().out)


def with_clauses(year: int = 2017) -> dict:
    """The realistic full year plus every field of issue 12."""
    data = full_year.year_file(year)
    cadres = data["cadres"]
    first, second, third = cadres[6]["id"], cadres[7]["id"], cadres[3]["id"]  # c007, c008: no other adjustment
    cadres[3]["not_assessed"] = {"kind": "不定等次", "reason": "新录用试用期"}
    cadres[4]["barred"] = "党委认定暂缓评优"
    cadres[4]["barred_ground"] = "其他"
    cadres[5]["barred"] = None
    cadres[5]["barred_ground"] = "严重失职"
    data["assessment_date"] = f"{year + 1}-01-10"
    data["quota_mode"] = "proportional"
    pool = f"{cadres[6]['category']}/{cadres[6]['level']}"
    data["quota_overrides"] = [{"pool": pool, "quota": 2, "reason": "市人社局审核批复"}]
    data["special_awards"] = [
        {"unit": "投资规划科", "award": "突出业绩奖"},
        {"cadre": first, "award": "突出贡献奖", "reason": "党委会议"},
        {"cadre": second},
    ]
    data["cadre_adjustments"] = [
        *data.get("cadre_adjustments", []),
        {
            "cadre": first,
            "kind": "bonus",
            "category": "individual_honor",
            "matter": "2017 年度市级先进工作者",
            "points": 2,
            "date": f"{year + 1}-02-01",
        },
    ]
    assert third
    return data


def test_every_new_field_round_trips(tmp_path: Path, capsys) -> None:
    db = tmp_path / "year.sqlite"
    assert main(["import", str(db), str(write(tmp_path / "in.json", with_clauses()))]) == 0
    exported = tmp_path / "out.json"
    assert main(["export", str(db), "--year", "2017", "--out", str(exported)]) == 0
    data = json.loads(exported.read_text("utf-8"))
    source = with_clauses()
    assert (data["assessment_date"], data["quota_mode"]) == ("2018-01-10", "proportional")
    assert data["quota_overrides"] == source["quota_overrides"]
    cadre_awards = [a for a in data["special_awards"] if "cadre" in a]
    assert [(a["cadre"], a["award"]) for a in cadre_awards] == [
        (source["cadres"][6]["id"], "突出贡献奖"),
        (source["cadres"][7]["id"], "突出贡献奖"),
    ]
    by_id = {c["id"]: c for c in data["cadres"]}
    assert by_id[source["cadres"][3]["id"]]["not_assessed"] == {"kind": "不定等次", "reason": "新录用试用期"}
    assert (by_id[source["cadres"][4]["id"]]["barred"], by_id[source["cadres"][4]["id"]]["barred_ground"]) == (
        "党委认定暂缓评优",
        "其他",
    )
    # A ground without words takes the seed's.
    assert by_id[source["cadres"][5]["id"]]["barred"] == "因工作严重失职造成重大事故、不良影响和后果"
    late = [a for a in data["cadre_adjustments"] if a.get("date") == "2018-02-01"]
    assert len(late) == 1  # kept in the year it was keyed in
    fresh = tmp_path / "fresh.sqlite"
    assert main(["import", str(fresh), str(exported)]) == 0
    assert results(fresh, capsys) == results(db, capsys)
    again = tmp_path / "again.json"
    assert main(["export", str(fresh), "--year", "2017", "--out", str(again)]) == 0
    assert json.loads(again.read_text("utf-8")) == data


def test_the_new_fields_change_the_results_as_the_seed_says(tmp_path: Path, capsys) -> None:
    db = tmp_path / "year.sqlite"
    source = with_clauses()
    assert main(["import", str(db), str(write(tmp_path / "in.json", source))]) == 0
    payload = results(db, capsys)
    cadres = {c["id"]: c for c in payload["cadres"]}
    first, second, third = (source["cadres"][i]["id"] for i in (6, 7, 3))
    assert cadres[third]["grade"] is None and cadres[third]["not_assessed"] == "不定等次"
    assert cadres[first]["bonus"] == 0  # dated after the assessment date: it counts in 2018
    pool = next(p for p in payload["pools"] if p["pool"] == source["quota_overrides"][0]["pool"])
    assert (pool["quota"], pool["quota_mode"], pool["quota_override"]["reason"]) == (
        2,
        "proportional",
        "市人社局审核批复",
    )
    assert cadres[first]["special_award"] == (cadres[first]["grade"] in ("优秀", "称职"))
    assert cadres[second]["special_award"] == (cadres[second]["grade"] in ("优秀", "称职"))
    # 2018 holds the same people: the late bonus shows there, carried over, and once.
    next_year = full_year.year_file(2018)
    assert main(["import", str(db), str(write(tmp_path / "2018.json", next_year))]) == 0
    later = results(db, capsys, 2018, "--explain")
    carried = {c["id"]: c for c in later["cadres"]}[first]
    assert carried["bonus"] == 2
    events = carried["explanation"]["adjustments"]["events"]
    assert [(e["matter"], e["carried_from"]) for e in events if e["carried_from"]] == [
        ("2017 年度市级先进工作者", 2017)
    ]
    assert any("转入本年度" in line["text"] for line in carried["explanation"]["lines"])


BAD = {
    "a third 突出业绩奖": (
        {"special_awards": [{"unit": u} for u in ("办公室", "财务科", "人事科")]},
        "$.special_awards[2]",
    ),
    "a third 突出贡献奖": ({"special_awards": [{"cadre": c} for c in ("c1", "c2", "c3")]}, "$.special_awards[2]"),
    "an award naming both": ({"special_awards": [{"unit": "办公室", "cadre": "c1"}]}, "$.special_awards[0]"),
    "a unit with the cadres' award": (
        {"special_awards": [{"unit": "办公室", "award": "突出贡献奖"}]},
        "$.special_awards[0].award",
    ),
    "an unknown cadre's award": ({"special_awards": [{"cadre": "c9"}]}, "$.special_awards[0].cadre"),
    "off-tier media points": (
        {"unit_adjustments": [{"units": ["办公室"], "kind": "bonus", "category": "media", "points": 0.3}]},
        "$.unit_adjustments[0].points",
    ),
    "off-tier cadre points": (
        {"cadre_adjustments": [{"cadre": "c1", "kind": "bonus", "category": "individual_honor", "points": 2.5}]},
        "$.cadre_adjustments[0].points",
    ),
    "其他 without its note": ({"cadres": "other"}, "$.cadres[0].barred_ground"),
    "an unknown ground": ({"cadres": "unknown ground"}, "$.cadres[0].barred_ground"),
    "不定等次 without a reason": ({"cadres": "no reason"}, "$.cadres[0].not_assessed"),
    "a bad assessment date": ({"assessment_date": "2018-13-01"}, "$.assessment_date"),
    "an assessment date years away": ({"assessment_date": "2025-01-10"}, "$.assessment_date"),
    "an unknown quota mode": ({"quota_mode": "by_unit"}, "$.quota_mode"),
    "an override for no pool": (
        {"quota_overrides": [{"pool": "civil_servant/处级", "quota": 1, "reason": "x"}]},
        "$.quota_overrides[0].pool",
    ),
    "an override without a reason": (
        {"quota_overrides": [{"pool": "civil_servant/科员", "quota": 1, "reason": ""}]},
        "$.quota_overrides[0].reason",
    ),
    "a negative override": (
        {"quota_overrides": [{"pool": "civil_servant/科员", "quota": -1, "reason": "x"}]},
        "$.quota_overrides[0].quota",
    ),
}
CADRE_VARIANTS = {
    "other": {"barred": None, "barred_ground": "其他"},
    "unknown ground": {"barred": "记过", "barred_ground": "记过"},
    "no reason": {"not_assessed": {"kind": "不定等次", "reason": ""}},
}


@pytest.fixture
def small_db(tmp_path: Path) -> Path:
    """Three 科员 c1…c3 in 办公室, nothing else."""
    path = tmp_path / "small.sqlite"
    with open_database(path) as db:
        store.ensure_year(db, 2017)
        with db.atomic("名册", "test") as conn:
            for cid in ("c1", "c2", "c3"):
                store.upsert_cadre(conn, 2017, store.CadreRow(cid, f"干部{cid}", "办公室", "civil_servant", "科员"))
    return path


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_new_fields_exit_2_with_the_path_and_write_nothing(
    case: str, small_db: Path, tmp_path: Path, capsys
) -> None:
    extra, path = copy.deepcopy(BAD[case])
    if extra.get("cadres") in CADRE_VARIANTS:
        variant = CADRE_VARIANTS[extra["cadres"]]
        extra["cadres"] = [
            {"id": "c1", "name": "干部c1", "unit": "办公室", "category": "civil_servant", "level": "科员", **variant}
        ]
    source = write(tmp_path / "bad.json", {"format": "appraisal-year/1", "year": 2017, **extra})
    before = small_db.read_bytes()
    capsys.readouterr()
    assert main(["import", str(small_db), str(source)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:" in err, err
    assert small_db.read_bytes() == before


def test_the_limit_counts_the_awards_already_in_the_year(small_db: Path, tmp_path: Path, capsys) -> None:
    """突出业绩奖设 1-2 个科室: two stored, one more in a file is the third — refused at its path, with the names."""
    first = write(
        tmp_path / "a.json",
        {"format": "appraisal-year/1", "year": 2017, "special_awards": [{"unit": "办公室"}, {"unit": "财务科"}]},
    )
    assert main(["import", str(small_db), str(first)]) == 0
    again = write(
        tmp_path / "b.json",
        {
            "format": "appraisal-year/1",
            "year": 2017,
            "special_awards": [{"unit": "财务科", "reason": "更正理由"}, {"unit": "人事科"}],
        },
    )
    capsys.readouterr()
    assert main(["import", str(small_db), str(again)]) == 2
    err = capsys.readouterr().err
    assert "$.special_awards[1]:" in err and "已有：办公室、财务科" in err


def test_an_override_left_without_its_level_does_not_break_the_export(small_db: Path, tmp_path: Path, capsys) -> None:
    """最终优秀等次比例以市人社局审核通过为准: c1 was the only 副科 and the 人社局's figure was set for 副科; then the
    roster moved c1 to 科员. The override names no one now (it moves no result), yet the export still wrote it and
    the program's own import refused its own file (“名册中没有职务层次”). Export → import must round-trip."""
    first = write(
        tmp_path / "a.json",
        {
            "format": "appraisal-year/1",
            "year": 2017,
            "cadres": [{"id": "c1", "name": "干部c1", "unit": "办公室", "category": "civil_servant", "level": "副科"}],
            "quota_overrides": [{"pool": "civil_servant/副科", "quota": 1, "reason": "市人社局审核批复"}],
        },
    )
    assert main(["import", str(small_db), str(first)]) == 0
    moved = write(
        tmp_path / "b.json",
        {
            "format": "appraisal-year/1",
            "year": 2017,
            "cadres": [{"id": "c1", "name": "干部c1", "unit": "办公室", "category": "civil_servant", "level": "科员"}],
        },
    )
    assert main(["import", str(small_db), str(moved)]) == 0
    exported = tmp_path / "out.json"
    assert main(["export", str(small_db), "--year", "2017", "--out", str(exported)]) == 0
    fresh = tmp_path / "fresh.sqlite"
    capsys.readouterr()
    assert main(["import", str(fresh), str(exported)]) == 0, capsys.readouterr().err
    assert results(fresh, capsys) == results(small_db, capsys)


def test_a_cadre_holding_a_special_award_cannot_be_made_not_assessed_by_a_file(
    small_db: Path, tmp_path: Path, capsys
) -> None:
    """干部办法五：年度考核评定为称职及以上等次…设 1—2 名突出贡献奖, and 七 (不定等次: no grade). The import refuses a
    突出贡献奖 for a 不定等次 person; a later file marking c1 (who holds the award) 不定等次 slipped through, and the
    year then exported a file its own import refused. Refused at the cadre's path instead, naming the award."""
    award = write(
        tmp_path / "a.json", {"format": "appraisal-year/1", "year": 2017, "special_awards": [{"cadre": "c1"}]}
    )
    assert main(["import", str(small_db), str(award)]) == 0
    later = write(
        tmp_path / "b.json",
        {
            "format": "appraisal-year/1",
            "year": 2017,
            "cadres": [
                {
                    "id": "c1",
                    "name": "干部c1",
                    "unit": "办公室",
                    "category": "civil_servant",
                    "level": "科员",
                    "not_assessed": {"kind": "不定等次", "reason": "借调"},
                }
            ],
        },
    )
    before = small_db.read_bytes()
    capsys.readouterr()
    assert main(["import", str(small_db), str(later)]) == 2
    err = capsys.readouterr().err
    assert "$.cadres[0].not_assessed:" in err and "突出贡献奖" in err, err
    assert small_db.read_bytes() == before


def test_a_decision_whose_tie_is_gone_does_not_break_the_export(demo_path: Path, tmp_path: Path, capsys) -> None:
    """报委党委审定: the committee decided group 1's tie at the 一等奖 line; then a score was corrected and the tie is
    gone — the results say 党委审定未采用 and go by the totals. The export still wrote the decision, and the
    program's own import refused its own file (“不在需党委审定的并列名次中”). Export → import must round-trip."""
    from app.models.committee import set_decision
    from tests.helpers.decision_fixtures import tied_demo

    with open_database(demo_path) as db:
        upper, lower = tied_demo(db, 2017)["units"]
        with db.atomic("党委审定", "test") as conn:
            set_decision(db, conn, 2017, "unit", upper, "一等奖", "委党委会议")
            set_decision(db, conn, 2017, "unit", lower, "二等奖", "委党委会议")
        with db.atomic("更正一项得分", "test") as conn:
            conn.execute(
                "UPDATE item_scores SET score = '0' WHERE year = 2017 AND unit = ? AND item = 'common-03'", (lower,)
            )
    before = results(demo_path, capsys, 2017, "--with-flags")
    assert any("党委审定未采用" in w for w in before["warnings"])
    exported = tmp_path / "out.json"
    assert main(["export", str(demo_path), "--year", "2017", "--out", str(exported)]) == 0
    fresh = tmp_path / "fresh.sqlite"
    capsys.readouterr()
    assert main(["import", str(fresh), str(exported)]) == 0, capsys.readouterr().err
    assert results(fresh, capsys) == results(demo_path, capsys)


def two_years_with_a_late_bonus() -> tuple[dict, dict]:
    """2017 (assessed 2018-01-10) and 2018, the same two 科员 c1, c2 (70 + 20 each); c1's 市级先进个人 (2 分) is
    dated 2018-02-01: it counts in 2018 (干部办法三（三）1)."""
    people = [
        {"id": cid, "name": f"干部{cid}", "unit": "办公室", "category": "civil_servant", "level": "科员"}
        for cid in ("c1", "c2")
    ]
    marks = [{"cadre": cid, "优秀": 1, "称职": 0, "基本称职": 0, "不称职": 0} for cid in ("c1", "c2")]
    ratings = [{"rater": 1, "cadre": cid, "scores": [4, 4, 4, 4, 4]} for cid in ("c1", "c2")]
    base = {"format": "appraisal-year/1", "cadres": people, "democratic_tallies": marks, "leader_ratings": ratings}
    late = {
        "cadre": "c1",
        "kind": "bonus",
        "category": "individual_honor",
        "matter": "2017 年度市级先进个人",
        "points": 2,
        "date": "2018-02-01",
    }
    first = {**base, "year": 2017, "assessment_date": "2018-01-10", "cadre_adjustments": [late]}
    return first, {**base, "year": 2018}


def test_a_years_export_carries_the_bonus_it_took_from_the_year_before(tmp_path: Path, capsys) -> None:
    """表彰奖励在本年度干部考核之后公布的，相关加分项目计入下一年度考核成绩: c1's late 2017 bonus counts in 2018. 2018's
    export left it out (it is 2017's event), so 2018's file imported on a PC without 2017 gave c1 90, not 92 — the
    spec's export reproduces the year's results no more. The export now carries it (`carried_cadre_adjustments`);
    the other PC counts it once, marked as carried over, re-exports the same file, and still counts it once when 2017
    arrives there too."""
    first, second = two_years_with_a_late_bonus()
    db = tmp_path / "here.sqlite"
    assert main(["import", str(db), str(write(tmp_path / "2017.json", first))]) == 0
    assert main(["import", str(db), str(write(tmp_path / "2018.json", second))]) == 0
    here = results(db, capsys, 2018)
    assert {c["id"]: c["total"] for c in here["cadres"]} == {"c1": 92, "c2": 90}
    exported = tmp_path / "out.json"
    assert main(["export", str(db), "--year", "2018", "--out", str(exported)]) == 0
    data = json.loads(exported.read_text("utf-8"))
    assert data["cadre_adjustments"] == []  # 2018 keyed none of its own
    assert [(e["cadre"], e["points"], e["date"]) for e in data["carried_cadre_adjustments"]] == [
        ("c1", 2, "2018-02-01")
    ]
    there = tmp_path / "there.sqlite"
    assert main(["import", str(there), str(exported)]) == 0
    assert results(there, capsys, 2018) == here
    explained = {c["id"]: c for c in results(there, capsys, 2018, "--explain")["cadres"]}["c1"]["explanation"]
    assert [e["carried_from"] for e in explained["adjustments"]["events"]] == [2017]
    again = tmp_path / "again.json"
    assert main(["export", str(there), "--year", "2018", "--out", str(again)]) == 0
    assert json.loads(again.read_text("utf-8")) == data
    # 2017 arrives on that PC as well: the bonus is its own event now, carried from there, and counts once.
    assert main(["import", str(there), str(tmp_path / "2017.json")]) == 0
    assert results(there, capsys, 2018) == here
    assert results(there, capsys, 2017) == results(db, capsys, 2017)


def test_a_carried_entry_is_checked_like_any_other(small_db: Path, tmp_path: Path, capsys) -> None:
    """The carried entries go through the same reader: an unknown category is refused with its path."""
    source = write(
        tmp_path / "bad.json",
        {
            "format": "appraisal-year/1",
            "year": 2017,
            "carried_cadre_adjustments": [{"cadre": "c1", "kind": "bonus", "category": "no_such", "points": 2}],
        },
    )
    before = small_db.read_bytes()
    capsys.readouterr()
    assert main(["import", str(small_db), str(source)]) == 2
    assert "$.carried_cadre_adjustments[0].category:" in capsys.readouterr().err
    assert small_db.read_bytes() == before
