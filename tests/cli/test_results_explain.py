"""`appraisal results … --format json [--explain] [--with-flags]`: the committee-facing fields of issue 12."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from app.cli import main
from app.models import store
from app.models.db import open_database
from app.models.demo import DEMO_YEAR


def run_json(capsys, *args: str) -> dict:
    capsys.readouterr()
    assert main(list(args)) == 0
    return json.loads(capsys.readouterr().out)


def test_explain_adds_an_explanation_that_adds_up(demo_path: Path, capsys) -> None:
    """Every unit and cadre gets `explanation`; its figures are the result's own (total, components, capped
    adjustments) and each of its lines names a clause."""
    payload = run_json(capsys, "results", str(demo_path), "--year", str(DEMO_YEAR), "--format", "json", "--explain")
    for unit in payload["units"]:
        explanation = unit["explanation"]
        components = explanation["components"]
        assert explanation["total"] == unit["total"]
        assert (components["common"]["score"], components["business"]["score"]) == (unit["common"], unit["business"])
        assert (components["leaders"]["score"], components["heads"]["score"]) == (unit["leaders"], unit["heads"])
        assert explanation["adjustments"]["bonus"]["counted"] == unit["bonus"]
        assert explanation["rank"]["rank"] == unit["rank"]
        assert all(line["clause"] and line["text"] for line in explanation["lines"])
        items = components["common"]["items"] + components["business"]["items"]
        assert round(sum(i["score"] for i in items), 2) == round(unit["common"] + unit["business"], 2)
    for cadre in payload["cadres"]:
        explanation = cadre["explanation"]
        assert explanation["components"]["democratic"]["counted"] == cadre["votes"]
        assert explanation["components"]["leaders"]["raters"] == cadre["raters"]
        assert explanation["pool"]["quota"] == next(p["quota"] for p in payload["pools"] if p["pool"] == cadre["pool"])
    plain = run_json(capsys, "results", str(demo_path), "--year", str(DEMO_YEAR), "--format", "json")
    assert "explanation" not in plain["units"][0] and "explanation" not in plain["cadres"][0]


def test_explain_is_for_json_only(demo_path: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "r.pdf"
    code = main(
        ["results", str(demo_path), "--year", str(DEMO_YEAR), "--format", "pdf", "--out", str(out), "--explain"]
    )
    assert code == 2 and not out.exists()
    assert "--explain 只用于 --format json" in capsys.readouterr().err


@pytest.fixture
def graded_year(tmp_path: Path) -> Path:
    """Three cadres of one pool with totals 90 (称职 or 优秀), 65 (基本称职) and 57 (不称职), one tally and one rating
    each; no units keyed."""
    path = tmp_path / "graded.sqlite"
    with open_database(path) as db:
        store.ensure_year(db, 2017)
        with db.atomic("测试", "test") as conn:
            for cid, mark, scores in (
                ("c1", (1, 0, 0, 0), ("6", "6", "6", "1", "1")),  # 70 + 20
                ("c2", (0, 0, 0, 1), ("2", "2", "2", "2", "2")),  # 55 + 10
                ("c3", (0, 0, 0, 1), ("0", "0", "0", "0", "2")),  # 55 + 2
            ):
                store.upsert_cadre(conn, 2017, store.CadreRow(cid, f"干部{cid}", "办公室", "civil_servant", "科员"))
                store.set_tally(conn, 2017, cid, mark)
                store.set_leader_rating(conn, 2017, 1, cid, [Decimal(s) for s in scores])
    return path


def test_with_flags_adds_the_follow_ups_of_basic_and_incompetent(graded_year: Path, capsys) -> None:
    """干部办法六（二）：年度考核被评定为基本称职、不称职等次的：1、对其诫勉谈话，限期改进；2、一年内不得晋升职务；
    3、不享受年度考核奖金."""
    payload = run_json(capsys, "results", str(graded_year), "--year", "2017", "--format", "json", "--with-flags")
    grades = {c["id"]: (c["total"], c["grade"]) for c in payload["cadres"]}
    assert grades == {"c1": (90, "称职"), "c2": (65, "基本称职"), "c3": (57, "不称职")}
    follow = {f["entity"]: f["text"] for f in payload["flags"] if f["kind"] == "follow_up"}
    assert set(follow) == {"c2", "c3"}
    assert all("诫勉谈话，限期改进；一年内不得晋升职务；不享受年度考核奖金" in t for t in follow.values())
    pool = payload["pools"][0]
    assert (pool["pool"], pool["size"], pool["quota"], pool["excellent"]) == ("civil_servant/科员", 3, 0, 0)
    cadre = payload["cadres"][0]
    assert (cadre["unit"], cadre["is_head"], cadre["votes"], cadre["raters"], cadre["special_award"]) == (
        "办公室",
        False,
        1,
        1,
        False,
    )


def test_printing_certificates_headless_says_what_is_open(demo_path: Path, tmp_path: Path, capsys) -> None:
    """Issue 12: certificates or the notice while something they name is provisional — the window asks; the command
    line has no one to ask, so it warns on stderr (what is open) and still prints (exit 0)."""
    with open_database(demo_path) as db, db.atomic("删一项得分", "test") as conn:
        conn.execute("DELETE FROM item_scores WHERE year = ? AND unit = '财务科' AND item = 'common-01'", (DEMO_YEAR,))
    out = tmp_path / "奖状.pdf"
    capsys.readouterr()
    assert main(["print", str(demo_path), "--year", str(DEMO_YEAR), "certificates", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "尚有未定事项" in err and "财务科" in err and out.exists()
