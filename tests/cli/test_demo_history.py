"""Demo data never decides a person's fate (issue 20 point 1), headless: export the demo 2017, import it as
2018, and `results --year 2018 --with-flags` lists no 连续 follow-up — though with 2017 a real year the same
data gives them (so the test would see the bug). Seed: 连续两年排序在末位……诫勉谈话; 连续三年被评定为优秀……三等功."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from app.models.db import open_database
from app.models.demo import DEMO_YEAR, build_demo_year

CONSECUTIVE = ("talk_warning", "third_class_merit")


@pytest.fixture
def two_years(tmp_path: Path) -> Path:
    """The demo 2017, and 2018 imported from its export (the same data, a real year)."""
    path = tmp_path / "file.sqlite"
    with open_database(path) as db:
        build_demo_year(db)
    exported = tmp_path / "2017.json"
    assert main(["export", str(path), "--year", str(DEMO_YEAR), "--out", str(exported)]) == 0
    data = json.loads(exported.read_text(encoding="utf-8"))
    data["year"] = 2018
    as_2018 = tmp_path / "2018.json"
    as_2018.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main(["import", str(path), str(as_2018)]) == 0
    return path


def flags_of(path: Path, out: Path) -> dict:
    assert main(["results", str(path), "--year", "2018", "--format", "json", "--with-flags", "--out", str(out)]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


def test_a_demo_year_feeds_no_consecutive_follow_up(two_years: Path, tmp_path: Path) -> None:
    with open_database(two_years) as db:
        info = {r["year"]: r["is_demo"] for r in db.query("SELECT year, is_demo FROM years")}
    assert info == {2017: 1, 2018: 0}  # imported from the demo's export, 2018 is a real year
    result = flags_of(two_years, tmp_path / "r.json")
    assert [f for f in result["flags"] if f["kind"] in CONSECUTIVE] == []
    assert not any("连续" in f["text"] and "示例" not in f["text"] for f in result["flags"])
    # Where the rule would have applied, the flag says why it does not.
    explained = [f for f in result["flags"] if "2017 年度是示例数据" in f["text"]]
    assert explained and all(f["kind"] == "written_explanation" for f in explained)
    assert any("2017 年度是示例年度" in w for w in result["warnings"])


def test_the_same_data_with_a_real_2017_gives_the_follow_ups(two_years: Path, tmp_path: Path) -> None:
    with open_database(two_years) as db, db.atomic("测试：2017 当作正式年度") as conn:
        conn.execute("UPDATE years SET is_demo = 0 WHERE year = 2017")
    result = flags_of(two_years, tmp_path / "r.json")
    talks = [f for f in result["flags"] if f["kind"] == "talk_warning"]
    assert talks and all("连续二年" in f["text"] for f in talks)
    assert not any("示例" in f["text"] for f in result["flags"])
