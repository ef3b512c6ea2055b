"""The demo year (示例): complete, realistic, quota-consistent and deterministic."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from app.models.db import Database, open_database
from app.models.demo import DEMO_YEAR, build_demo_year, ensure_default_database
from app.models.errors import AppraisalError
from app.models.loader import compute_results
from app.models.paths import default_database_path
from app.models.store import list_years, year_info, year_scheme
from app.scoring.results import YearResult


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, YearResult]]:
    db = open_database(tmp_path_factory.mktemp("demo") / "demo.sqlite")
    build_demo_year(db)
    yield db, compute_results(db, DEMO_YEAR)
    db.close()


def test_demo_year_is_marked_demo(demo: tuple[Database, YearResult]) -> None:
    db, _ = demo
    info = year_info(db, DEMO_YEAR)
    assert info is not None and info.is_demo
    assert info.label == "2017 年度（示例）"


def test_every_unit_is_complete_and_plausible(demo: tuple[Database, YearResult]) -> None:
    db, result = demo
    scheme = year_scheme(db, DEMO_YEAR)
    assert {u.name for u in result.units} == {u.name for u in scheme.units}
    for unit in result.units:
        assert not unit.incomplete, unit.name
        assert unit.missing_items == ()
        assert Decimal(75) <= unit.total <= Decimal(100), (unit.name, unit.total)
    # Every item score within its points, except where the rule adds points.
    for row in db.query("SELECT unit, item, score FROM item_scores WHERE year = ?", (DEMO_YEAR,)):
        item = scheme.items_by_id[row["item"]]
        assert Decimal(row["score"]) >= 0
        assert item.may_exceed or Decimal(row["score"]) <= item.max


def test_ballots_as_described(demo: tuple[Database, YearResult]) -> None:
    db, result = demo
    counts = {
        r["form"]: (r["n"], r["void"])
        for r in db.query(
            "SELECT form, count(*) AS n, count(void) AS void FROM rating_ballots WHERE year = ? GROUP BY form",
            (DEMO_YEAR,),
        )
    }
    assert counts == {"leaders": (12, 0), "heads": (25, 1)}
    democratic = db.query("SELECT count(*), count(void) FROM democratic_ballots WHERE year = ?", (DEMO_YEAR,))[0]
    assert tuple(democratic) == (150, 1)
    # Some ballot leaves a unit blank, so not every unit was rated on every valid ballot.
    assert any(u.leader_ballots < 12 or u.head_ballots < 24 for u in result.units)


def test_group_prizes_fill_the_quotas(demo: tuple[Database, YearResult]) -> None:
    db, result = demo
    scheme = year_scheme(db, DEMO_YEAR)
    for group, rule in scheme.groups.items():
        members = [u for u in result.units if u.group == group]
        prizes = Counter(u.prize for u in members)
        assert prizes["一等奖"] == rule.first_prize, group
        assert prizes["二等奖"] == rule.second_prize, group
        assert not any(u.tie for u in members)
    assert sum(u.special_award for u in result.units) == 1


def test_cadre_roster_and_pools(demo: tuple[Database, YearResult]) -> None:
    _, result = demo
    assert len(result.cadres) == 150
    assert [c.id for c in result.cadres[:3]] == ["c001", "c002", "c003"]
    assert len({c.name for c in result.cadres}) == 150
    heads = Counter(c.unit for c in result.cadres if c.is_head)
    assert len(heads) == 25 and set(heads.values()) == {1}
    assert {p.pool for p in result.pools} == {
        "civil_servant/正科",
        "civil_servant/副科",
        "civil_servant/科员",
        "institution/管理岗",
        "institution/专技岗",
    }
    for pool in result.pools:
        assert pool.excellent == pool.quota, pool
    barred = [c for c in result.cadres if c.barred]
    assert len(barred) == 1 and barred[0].grade != "优秀"
    assert not any(c.incomplete for c in result.cadres)
    # First-prize units' principal heads are 优秀 (the seed's rule), so the demo shows it.
    first_prize = {u.name for u in result.units if u.prize == "一等奖"}
    assert all(c.grade == "优秀" for c in result.cadres if c.is_head and c.unit in first_prize)


def test_generation_is_deterministic(tmp_path: Path, demo: tuple[Database, YearResult]) -> None:
    _, first = demo
    with open_database(tmp_path / "again.sqlite") as db:
        build_demo_year(db)
        assert compute_results(db, DEMO_YEAR) == first
    with open_database(tmp_path / "other.sqlite") as db:
        build_demo_year(db, seed=7)
        assert compute_results(db, DEMO_YEAR) != first


def test_refuses_an_existing_year(demo: tuple[Database, YearResult]) -> None:
    db, _ = demo
    with pytest.raises(AppraisalError):
        build_demo_year(db)


def test_default_database_gets_the_demo_once(tmp_path: Path) -> None:
    path = default_database_path()
    assert path.parent == Path(tmp_path / "appdata")  # conftest keeps it out of the user's folder
    with ensure_default_database(path) as db:
        assert [y.year for y in list_years(db)] == [DEMO_YEAR]
        changes = db.query("SELECT count(*) FROM audit_log")[0][0]
    with ensure_default_database(path) as db:  # a second start adds nothing
        assert db.query("SELECT count(*) FROM audit_log")[0][0] == changes
