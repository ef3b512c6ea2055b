"""The year-file contract (shared/spec/interchange.md): validation with JSON paths, nothing written on
error, conflicts listed, and export → import into an empty file reproducing the same results."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import tests.helpers.full_year as full_year
from app.cli import main
from app.models.db import open_database

MINIMAL = {"format": "appraisal-year/1", "year": 2017}


def write(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def run(*args: str) -> int:
    return main(list(args))


@pytest.fixture
def loaded_db(tmp_path) -> Path:
    """A file holding the realistic full year."""
    db = tmp_path / "year.sqlite"
    assert run("import", str(db), str(write(tmp_path / "full.json", full_year.year_file()))) == 0
    return db


def results(db: Path, capsys, year: int = 2017) -> dict:
    capsys.readouterr()
    assert run("results", str(db), "--year", str(year), "--format", "json") == 0
    return json.loads(capsys.readouterr().out)


def test_export_then_import_into_an_empty_file_reproduces_the_results(loaded_db, tmp_path, capsys):
    before = results(loaded_db, capsys)
    exported = tmp_path / "export.json"
    assert run("export", str(loaded_db), "--year", "2017", "--out", str(exported)) == 0
    fresh = tmp_path / "fresh.sqlite"
    assert run("import", str(fresh), str(exported)) == 0
    assert results(fresh, capsys) == before
    # …and exporting the copy gives the same file again.
    again = tmp_path / "again.json"
    assert run("export", str(fresh), "--year", "2017", "--out", str(again)) == 0
    assert json.loads(again.read_text("utf-8")) == json.loads(exported.read_text("utf-8"))


def test_export_writes_the_catalogue(loaded_db, tmp_path):
    out = tmp_path / "e.json"
    run("export", str(loaded_db), "--year", "2017", "--out", str(out))
    data = json.loads(out.read_text("utf-8"))
    assert data["format"] == "appraisal-year/1" and data["scheme"] == "jxw-2017"
    assert len(data["units"]) == 25
    short = {u["name"]: u["short"] for u in data["units"]}
    assert short["运行协调监测科"] == "运行监测协调科" and short["军工发展与军民结合推进科"] == "军工发展科"
    for unit in data["units"]:
        business = sum(i["max"] for i in data["items"] if i["unit"] == unit["name"])
        common = sum(i["max"] for i in data["items"] if i["unit"] is None)
        assert (business, common) == (45, 25)
    assert [c["name"] for c in data["criteria"]["leaders"]] == [
        "大局观念",
        "党建及干部队伍建设工作",
        "党风廉政建设工作",
        "业务工作",
        "重点工作",
    ]
    assert {c["max"] for c in data["criteria"]["leaders"]} == {4} and {c["max"] for c in data["criteria"]["heads"]} == {
        2
    }
    media = next(c for c in data["categories"] if c["id"] == "media")
    assert media == {"id": "media", "kind": "bonus", "cap": 2}


def test_results_object_has_exactly_the_spec_fields(loaded_db, capsys):
    """The spec's fields, its December 2026 additions (provisional; per cadre unit, is_head, votes, raters,
    special_award) and the fields docs/year-file.md documents beyond them (issue 12), and nothing else."""
    payload = results(loaded_db, capsys)
    assert set(payload) == {"year", "units", "cadres", "pools"}
    assert set(payload["units"][0]) == {
        "name",
        "group",
        "common",
        "business",
        "leaders",
        "heads",
        "bonus",
        "deduction",
        "total",
        "rank",
        "grade",
        "prize",
        "special_award",
        "veto",
        "tie",
        "incomplete",
        "provisional",
        "provisional_reasons",
        "decided",
        "veto_reason",
    }
    assert set(payload["cadres"][0]) == {
        "id",
        "name",
        "pool",
        "democratic",
        "leaders",
        "bonus",
        "deduction",
        "total",
        "rank_in_pool",
        "grade",
        "tie",
        "incomplete",
        "provisional",
        "provisional_reasons",
        "unit",
        "is_head",
        "votes",
        "raters",
        "special_award",
        "decided",
        "not_assessed",
    }
    docs = (Path(__file__).parents[3] / "docs" / "year-file.md").read_text(encoding="utf-8")
    for key in ("pools", "provisional_reasons", "decided", "veto_reason", "not_assessed"):
        assert f"`{key}`" in docs, key


BAD_INPUTS = {
    "malformed JSON": ('{"format": "appraisal-year/1", "year": 2017,,}', "$"),
    "wrong type": (
        {**MINIMAL, "item_scores": [{"unit": "办公室", "item": "b01-01", "score": "abc"}]},
        "$.item_scores[0].score",
    ),
    "score above max": (
        {**MINIMAL, "item_scores": [{"unit": "办公室", "item": "b01-01", "score": 3.5}]},
        "$.item_scores[0].score",
    ),
    "negative score": (
        {**MINIMAL, "item_scores": [{"unit": "办公室", "item": "b01-01", "score": -1}]},
        "$.item_scores[0].score",
    ),
    "unknown unit": (
        {**MINIMAL, "item_scores": [{"unit": "不存在科", "item": "b01-01", "score": 1}]},
        "$.item_scores[0].unit",
    ),
    "item of another unit": (
        {**MINIMAL, "item_scores": [{"unit": "财务科", "item": "b01-01", "score": 1}]},
        "$.item_scores[0].item",
    ),
    "criterion above max": (
        {**MINIMAL, "unit_ballots": [{"form": "heads", "ballot": 1, "scores": {"办公室": [2, 2, 2, 2, 2.5]}}]},
        "$.unit_ballots[0].scores.办公室[4]",
    ),
    "duplicate serial": (
        {
            **MINIMAL,
            "unit_ballots": [
                {"form": "leaders", "ballot": 7, "scores": {"办公室": [4, 4, 4, 4, 4]}},
                {"form": "leaders", "ballot": 7, "scores": {"财务科": [4, 4, 4, 4, 4]}},
            ],
        },
        "$.unit_ballots[1].ballot",
    ),
    "ballot rating nobody": (
        {**MINIMAL, "unit_ballots": [{"form": "leaders", "ballot": 1, "scores": {}}]},
        "$.unit_ballots[0].scores",
    ),
    "unknown cadre": (
        {**MINIMAL, "democratic_ballots": [{"ballot": 1, "marks": {"c999": "优秀"}}]},
        "$.democratic_ballots[0].marks.c999",
    ),
    "bad mark": (
        {
            **MINIMAL,
            "cadres": [{"id": "c1", "name": "甲", "unit": "办公室", "category": "civil_servant", "level": "科员"}],
            "democratic_ballots": [{"ballot": 1, "marks": {"c1": "良好"}}],
        },
        "$.democratic_ballots[0].marks.c1",
    ),
    "ballots and tallies for one cadre": (
        {
            **MINIMAL,
            "cadres": [{"id": "c1", "name": "甲", "unit": "办公室", "category": "civil_servant", "level": "科员"}],
            "democratic_ballots": [{"ballot": 1, "marks": {"c1": "优秀"}}],
            "democratic_tallies": [{"cadre": "c1", "优秀": 1, "称职": 0, "基本称职": 0, "不称职": 0}],
        },
        "$.democratic_tallies[0].cadre",
    ),
    "unknown key": ({**MINIMAL, "votes": []}, "$.votes"),
    "unknown key in an entry": (
        {**MINIMAL, "vetoes": [{"unit": "办公室", "reason": "x", "by": "y"}]},
        "$.vetoes[0].by",
    ),
    "missing year": ({"format": "appraisal-year/1"}, "$.year"),
    "wrong format": ({"format": "appraisal-year/9", "year": 2017}, "$.format"),
    "bonus category as deduction": (
        {**MINIMAL, "unit_adjustments": [{"units": ["办公室"], "kind": "deduction", "category": "media", "points": 1}]},
        "$.unit_adjustments[0].kind",
    ),
    "shares not summing to one": (
        {
            **MINIMAL,
            "unit_adjustments": [
                {
                    "units": ["办公室", "财务科"],
                    "kind": "bonus",
                    "category": "honor_city",
                    "points": 1,
                    "shares": [0.5, 0.6],
                }
            ],
        },
        "$.unit_adjustments[0].shares",
    ),
    "leader rating above 6": (
        {
            **MINIMAL,
            "cadres": [{"id": "c1", "name": "甲", "unit": "办公室", "category": "institution", "level": "管理岗"}],
            "leader_ratings": [{"rater": 1, "cadre": "c1", "scores": [6, 6, 6, 6, 6.5]}],
        },
        "$.leader_ratings[0].scores[4]",
    ),
    "district event outside the validity window": (
        {**MINIMAL, "district_events": [{"category": "criticized_city", "matter": "x", "date": "2017-01-15"}]},
        "$.district_events[0].date",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_exits_2_with_its_path_and_leaves_the_file_byte_identical(case, loaded_db, tmp_path, capsys):
    content, path = BAD_INPUTS[case]
    source = tmp_path / "bad.json"
    if isinstance(content, str):
        source.write_text(content, encoding="utf-8")
    else:
        write(source, content)
    before = loaded_db.read_bytes()
    capsys.readouterr()
    assert run("import", str(loaded_db), str(source)) == 2
    err = capsys.readouterr().err
    assert f"{path}:" in err, err
    assert loaded_db.read_bytes() == before


def test_every_problem_is_reported_not_just_the_first(tmp_path, capsys):
    source = write(
        tmp_path / "bad.json",
        {
            **MINIMAL,
            "item_scores": [
                {"unit": "办公室", "item": "b01-01", "score": 9},
                {"unit": "无此科", "item": "b01-01", "score": 1},
                {"unit": "办公室", "item": "nope", "score": 1},
            ],
        },
    )
    assert run("import", str(tmp_path / "new.sqlite"), str(source)) == 2
    err = capsys.readouterr().err
    for index in range(3):
        assert f"$.item_scores[{index}]" in err
    assert not (tmp_path / "new.sqlite").exists(), "a failed import into a new file leaves no file behind"


def test_reimporting_identical_ballots_is_skipped_and_a_changed_one_is_a_conflict(loaded_db, tmp_path, capsys):
    ballot = {
        "form": "leaders",
        "ballot": 1,
        "scores": {u.name: full_year.leader_total(i, 1) for i, u in enumerate(full_year.scheme().units)},
    }
    assert run("import", str(loaded_db), str(write(tmp_path / "same.json", {**MINIMAL, "unit_ballots": [ballot]}))) == 0
    changed = json.loads(json.dumps(ballot))
    changed["scores"]["办公室"] = [1, 1, 1, 1, 1]
    before = loaded_db.read_bytes()
    capsys.readouterr()
    assert (
        run("import", str(loaded_db), str(write(tmp_path / "diff.json", {**MINIMAL, "unit_ballots": [changed]}))) == 2
    )
    err = capsys.readouterr().err
    assert "冲突" in err and '"1", "1", "1", "1", "1"' in err and "$.unit_ballots[0]" in err
    assert loaded_db.read_bytes() == before


def test_later_item_score_replaces_the_earlier_and_is_audited(loaded_db, tmp_path):
    source = write(
        tmp_path / "fix.json",
        {
            **MINIMAL,
            "item_scores": [
                {"unit": "办公室", "item": "b01-01", "score": 2.5, "note": "公文差错"},
                {"unit": "办公室", "item": "b01-01", "score": "2.8", "note": "公文差错 1 次"},
            ],
        },
    )
    assert run("import", str(loaded_db), str(source)) == 0
    with open_database(loaded_db) as db:
        row = db.query("SELECT score, note FROM item_scores WHERE year = 2017 AND unit = '办公室' AND item = 'b01-01'")
        assert (row[0]["score"], row[0]["note"]) == ("2.8", "公文差错 1 次")
        audit = db.query("SELECT old, new, reason FROM audit_log WHERE tbl = 'item_scores' AND action = 'update'")
        assert len(audit) == 1
        assert json.loads(audit[0]["old"])["score"] == "3" and json.loads(audit[0]["new"])["score"] == "2.8"
        assert audit[0]["reason"] == "导入年度文件"


def test_short_names_and_aliases_are_accepted_everywhere(tmp_path, capsys):
    source = write(
        tmp_path / "short.json",
        {
            **MINIMAL,
            "unit_ballots": [
                {
                    "form": "leaders",
                    "ballot": 1,
                    "scores": {"民爆科": [4, 4, 4, 4, 4], "运行监测协调科": [3, 3, 3, 3, 3]},
                }
            ],
        },
    )
    db = tmp_path / "s.sqlite"
    assert run("import", str(db), str(source)) == 0
    units = {u["name"]: u for u in results(db, capsys)["units"]}
    assert units["民用爆炸物品管理与安全生产科"]["leaders"] == 20 and units["运行协调监测科"]["leaders"] == 15


def test_decimal_strings_and_numbers_are_exact(tmp_path, capsys):
    source = write(
        tmp_path / "d.json",
        {
            **MINIMAL,
            "unit_ballots": [
                {"form": "leaders", "ballot": b, "scores": {"办公室": ["3.3", 3.3, "3.3", 3.3, "3.3"]}}
                for b in (1, 2, 3)
            ],
        },
    )
    db = tmp_path / "d.sqlite"
    assert run("import", str(db), str(source)) == 0
    office = next(u for u in results(db, capsys)["units"] if u["name"] == "办公室")
    assert office["leaders"] == 16.5  # 5 × 3.3 exactly, no binary-float drift


def test_district_results_are_added_when_the_year_has_indicator_data(tmp_path, capsys):
    source = write(
        tmp_path / "district.json",
        {
            **MINIMAL,
            "indicators": [
                {
                    "id": "i01",
                    "name": "规上工业增加值",
                    "lead_unit": "经信局",
                    "content": "总量和增速",
                    "target": "全市第2位",
                }
            ],
            "peers": ["本区", "鹿城区", "瓯海区"],
            "indicator_reports": [
                {"indicator": "i01", "month": "2017-08", "rank": 2, "peer_ranks": {"鹿城区": 1, "瓯海区": 3}},
                {"indicator": "i01", "month": "2017-09", "rank": 3, "peer_ranks": {"鹿城区": 1, "瓯海区": 2}},
            ],
            "district_events": [
                {"category": "big_project", "matter": "某项目", "investment": 2740000000, "date": "2017-03-01"},
                {"category": "rank_change", "indicator": "i01", "measure": "total", "last_year_rank": 5, "rank": 1},
                {"category": "rank_change", "indicator": "i01", "measure": "growth", "last_year_rank": 1, "rank": 3},
                {"category": "criticized_city", "matter": "通报"},
            ],
        },
    )
    db = tmp_path / "k.sqlite"
    assert run("import", str(db), str(source)) == 0
    district = results(db, capsys)["district"]
    # 2.74e9 → 10 + 2·1; total +4 places → 1.2, growth −2 → 0.6 (not netted); 市两办通报 3.
    assert district["by_category"]["big_project"] == 12 and district["by_category"]["rank_gain"] == 1.2
    assert district["by_category"]["rank_loss"] == 0.6 and district["deduction"] == 3.6
    assert district["bonus"] == 13.2 and district["net"] == 9.6 and district["laggards"] == ["i01"]


def test_console_script_exit_codes(tmp_path):
    db = tmp_path / "x.sqlite"
    bad = write(tmp_path / "bad.json", {"format": "appraisal-year/1", "year": "二〇一七"})
    command = [sys.executable, "-m", "app"]
    done = subprocess.run([*command, "import", str(db), str(bad)], capture_output=True, text=True, check=False)
    assert done.returncode == 2 and "$.year" in done.stderr
    good = write(tmp_path / "good.json", MINIMAL)
    assert subprocess.run([*command, "import", str(db), str(good)], capture_output=True, check=False).returncode == 0
    missing_year = subprocess.run(
        [*command, "results", str(db), "--year", "1999"], capture_output=True, text=True, check=False
    )
    assert missing_year.returncode == 2 and "1999" in missing_year.stderr
    no_args = subprocess.run([*command, "results", str(db)], capture_output=True, text=True, check=False)
    assert no_args.returncode == 2


def test_identical_events_in_one_file_both_count_but_reimporting_the_file_adds_nothing(tmp_path, capsys):
    """Each event counts on its own; importing the same file twice must not double it."""
    report = {"units": ["办公室"], "kind": "bonus", "category": "media", "points": 0.2}
    source = write(tmp_path / "media.json", {**MINIMAL, "unit_adjustments": [report, report, report]})
    db = tmp_path / "m.sqlite"
    assert run("import", str(db), str(source)) == 0
    assert run("import", str(db), str(source)) == 0
    office = next(u for u in results(db, capsys)["units"] if u["name"] == "办公室")
    assert office["bonus"] == 0.6  # three reports of 0.2, not six and not one


def test_integers_may_be_decimal_strings(tmp_path, capsys):
    """Numbers may be JSON numbers or decimal strings ("3.5")."""
    source = write(
        tmp_path / "s.json",
        {
            "format": "appraisal-year/1",
            "year": "2017",
            "unit_ballots": [{"form": "leaders", "ballot": "3", "scores": {"办公室": ["4", "4", "4", "4", "3.5"]}}],
        },
    )
    db = tmp_path / "s.sqlite"
    assert run("import", str(db), str(source)) == 0
    office = next(u for u in results(db, capsys)["units"] if u["name"] == "办公室")
    assert office["leaders"] == 19.5


def test_a_pdf_or_workbook_needs_an_output_path_and_an_unknown_format_is_refused(loaded_db, capsys):
    """Spec: `--format xlsx` and `--format pdf` write the workbook and the printed ranking (to --out)."""
    with pytest.raises(SystemExit) as unknown:
        run("results", str(loaded_db), "--year", "2017", "--format", "html")
    assert unknown.value.code == 2
    capsys.readouterr()
    assert run("results", str(loaded_db), "--year", "2017", "--format", "pdf") == 2
    assert "需要 --out" in capsys.readouterr().err
