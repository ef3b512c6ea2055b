"""The year file's `committee_decisions` extension (党委审定 of ties): imported, validated with JSON paths, and
exported only when present, so a file without decisions stays exactly the spec's format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.models.committee import set_decision
from app.models.db import open_database
from app.models.decisions import decision_map
from app.models.demo import DEMO_YEAR
from app.models.errors import ValidationError
from app.models.results_json import results_object
from app.models.yearfile.export import export_year
from app.models.yearfile.reading import parse_year_file
from app.models.yearfile.writing import import_year_file
from tests.helpers.decision_fixtures import tied_demo


def round_trip(data: dict) -> dict:
    return parse_year_file(json.dumps(data, ensure_ascii=False, default=str))


@pytest.fixture
def tied_file(demo_path: Path) -> tuple[dict, dict]:
    with open_database(demo_path) as db:
        subjects = tied_demo(db, DEMO_YEAR)
        assert "committee_decisions" not in export_year(db, DEMO_YEAR)  # no decision: the spec's format
        plain = export_year(db, DEMO_YEAR)
        with db.atomic("党委审定", "test") as conn:
            set_decision(db, conn, DEMO_YEAR, "unit", subjects["units"][1], "一等奖", "纪要5号")
            set_decision(db, conn, DEMO_YEAR, "cadre", subjects["cadres"][1], "优秀", "纪要5号")
        data = export_year(db, DEMO_YEAR)
        expected = results_object(db, DEMO_YEAR)
    assert {k: v for k, v in data.items() if k != "committee_decisions"} == plain
    return data, {"subjects": subjects, "results": expected}


def test_decisions_round_trip(tied_file, tmp_path: Path) -> None:
    data, facts = tied_file
    lower_unit, lower_cadre = facts["subjects"]["units"][1], facts["subjects"]["cadres"][1]
    assert data["committee_decisions"] == [
        {"kind": "unit", "subject": lower_unit, "outcome": "一等奖", "reason": "纪要5号"},
        {"kind": "cadre", "subject": lower_cadre, "outcome": "优秀", "reason": "纪要5号"},
    ]
    with open_database(tmp_path / "fresh.sqlite") as db:
        summary = import_year_file(db, round_trip(data))
        assert summary.counts["committee_decisions"] == 2
        assert decision_map(db, DEMO_YEAR) == {("unit", lower_unit): "一等奖", ("cadre", lower_cadre): "优秀"}
        assert results_object(db, DEMO_YEAR) == facts["results"]
        assert round_trip(export_year(db, DEMO_YEAR)) == round_trip(data)


@pytest.mark.parametrize(
    ("entry", "path", "message"),
    [
        ({"kind": "科室", "subject": "办公室", "outcome": "一等奖", "reason": "x"}, ".kind", "应为"),
        ({"kind": "unit", "subject": "办公室", "outcome": "优秀", "reason": "x"}, ".outcome", "一等奖、二等奖、无"),
        ({"kind": "unit", "subject": "无此科", "outcome": "一等奖", "reason": "x"}, ".subject", "未知科室"),
        ({"kind": "unit", "subject": "办公室", "outcome": "一等奖", "reason": " "}, ".reason", "非空"),
        ({"kind": "unit", "subject": "办公室", "outcome": "一等奖", "reason": "x"}, ".subject", "不在需党委审定"),
        ({"kind": "cadre", "subject": "c999", "outcome": "优秀", "reason": "x"}, ".subject", "未知干部"),
    ],
)
def test_bad_decisions_are_refused_with_their_path(tied_file, tmp_path: Path, entry, path, message) -> None:
    data, _facts = tied_file
    data = {**data, "committee_decisions": [entry]}
    with open_database(tmp_path / "fresh.sqlite") as db:
        with pytest.raises(ValidationError) as caught:
            import_year_file(db, round_trip(data))
        assert any(p.path == f"$.committee_decisions[0]{path}" and message in p.message for p in caught.value.problems)
        assert db.query("SELECT count(*) FROM years")[0][0] == 0  # nothing written


def test_more_prizes_than_the_tie_has_places_is_refused(tied_file, tmp_path: Path) -> None:
    data, facts = tied_file
    upper, lower = facts["subjects"]["units"]
    data = {
        **data,
        "committee_decisions": [
            {"kind": "unit", "subject": s, "outcome": "一等奖", "reason": "x"} for s in (upper, lower)
        ],
    }
    with open_database(tmp_path / "fresh.sqlite") as db:
        with pytest.raises(ValidationError, match="只占1个一等奖名次"):
            import_year_file(db, round_trip(data))
        assert db.query("SELECT count(*) FROM years")[0][0] == 0
