"""An edited year's scheme travels with its year: the year file names the scheme (`scheme`), and the spec
says importing an export into an empty file reproduces the same results. An edited scheme gets its own id
(`jxw-2017@2018`), and its scheme file is imported first on the other PC."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli import main
from app.models import years as ym
from app.models.db import Database, open_database
from app.models.errors import ValidationError
from app.models.results_json import results_object
from app.models.schemes import DEFAULT_SCHEME_ID
from app.models.store import year_info, year_scheme
from app.models.yearfile.export import export_year
from app.models.yearfile.writing import import_year_file
from tests.helpers.scheme_years import demo_with_edited_2018


@pytest.fixture
def db(demo_path: Path) -> Iterator[Database]:
    database = demo_with_edited_2018(demo_path)
    yield database
    database.close()


def test_saving_an_edited_scheme_gives_it_its_own_registered_id(db: Database) -> None:
    info = year_info(db, 2018)
    assert info is not None and info.scheme_id == f"{DEFAULT_SCHEME_ID}@2018"
    registered = db.query("SELECT body, builtin FROM schemes WHERE id = ?", (info.scheme_id,))[0]
    assert not registered["builtin"]
    assert json.loads(registered["body"]) == year_scheme(db, 2018).body
    assert year_info(db, 2017).scheme_id == DEFAULT_SCHEME_ID  # type: ignore[union-attr]  # 2017 untouched
    assert "b01-99" not in year_scheme(db, 2017).items_by_id


def test_the_year_file_of_an_edited_year_needs_its_scheme_file_first(db: Database, tmp_path: Path) -> None:
    """Spec: export … importing it into an empty DB reproduces the same results."""
    year_file = export_year(db, 2018)
    assert year_file["scheme"] == f"{DEFAULT_SCHEME_ID}@2018"
    with open_database(tmp_path / "other.sqlite") as other:
        with pytest.raises(ValidationError) as refused:
            import_year_file(other, year_file)
        assert "scheme-import" in str(refused.value.problems[0])
        assert other.query("SELECT count(*) FROM years")[0][0] == 0
        with other.atomic("导入方案", "test") as conn:
            assert ym.import_scheme(conn, other, ym.export_scheme(db, 2018)) == f"{DEFAULT_SCHEME_ID}@2018"
        import_year_file(other, year_file)
        assert results_object(other, 2018) == results_object(db, 2018)
        assert export_year(other, 2018) == year_file


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "缺少方案编号"),
        ({"id": "x"}, "没有科室"),
        ({"id": DEFAULT_SCHEME_ID, "units": [{"name": "办公室"}]}, "内置方案"),
    ],
)
def test_a_bad_scheme_file_is_refused_and_nothing_written(db: Database, data: object, message: str) -> None:
    before = db.query("SELECT id, body FROM schemes ORDER BY id")
    with pytest.raises(ValidationError) as refused, db.atomic("导入方案", "test") as conn:
        ym.import_scheme(conn, db, data)
    assert message in str(refused.value.problems[0])
    assert db.query("SELECT id, body FROM schemes ORDER BY id") == before


def test_a_scheme_that_fails_the_scheme_checks_is_refused(db: Database) -> None:
    body = ym.export_scheme(db, 2018)
    body["id"] = "county-2019"
    body["units"][1]["name"] = body["units"][0]["name"]  # two units with one name
    with pytest.raises(ValidationError), db.atomic("导入方案", "test") as conn:
        ym.import_scheme(conn, db, body)
    assert not db.query("SELECT 1 FROM schemes WHERE id = 'county-2019'")


def test_cli_scheme_export_and_import_then_the_year_file(db: Database, tmp_path: Path, capsys) -> None:
    db.close()
    source = db.path
    scheme_file, year_file, target = tmp_path / "s.json", tmp_path / "y.json", tmp_path / "t.sqlite"
    assert main(["scheme-export", source, "--year", "2018", "--out", str(scheme_file)]) == 0
    assert main(["export", source, "--year", "2018", "--out", str(year_file)]) == 0
    assert main(["import", str(target), str(year_file)]) == 2
    assert "scheme-import" in capsys.readouterr().err
    assert main(["scheme-import", str(target), str(year_file)]) == 2  # a year file is not a scheme file
    assert main(["scheme-import", str(target), str(scheme_file)]) == 0
    assert main(["import", str(target), str(year_file)]) == 0
    capsys.readouterr()
    assert main(["results", str(target), "--year", "2018"]) == 0
    imported = capsys.readouterr().out
    assert main(["results", source, "--year", "2018"]) == 0
    assert capsys.readouterr().out == imported


def test_a_scheme_edit_that_would_leave_keyed_points_off_their_tiers_is_refused(db: Database) -> None:
    """科室办法三（一）3（1）②：省级…每次加 0.5 分，市级…每次加 0.2 分 — the points of a keyed event must be one of its
    category's figures (else refused with the allowed values). 2018 holds a 0.5 媒体 event; editing 媒体's figures to
    0.2 only was saved, leaving the event off its tiers, and 2018's own year file was then refused by the import
    (“每次只能是 0.2 分，不能是 0.5 分”). Refused at the scheme's save instead, naming the event."""
    from decimal import Decimal

    from app.models import store

    with db.atomic("加分", "test") as conn:
        store.insert_adjustment(
            conn, 2018, store.AdjustmentRow("unit", "bonus", "media", "省级党报报道", Decimal("0.5"), ("办公室",))
        )
    body = copy.deepcopy(year_scheme(db, 2018).body)
    media = next(c for c in body["unit_adjustments"]["categories"] if c["id"] == "media")
    media["options"] = [o for o in media["options"] if o["points"] != 0.5]
    with pytest.raises(ValidationError) as refused, db.atomic("修改 2018 方案", "test") as conn:
        ym.save_scheme(conn, db, 2018, body)
    assert "0.5" in str(refused.value) and "省级党报报道" in str(refused.value)
    media["free_points"] = True  # the office may take any figure for the category: then it stands
    with db.atomic("修改 2018 方案", "test") as conn:
        ym.save_scheme(conn, db, 2018, body)


def test_saving_a_scheme_that_says_what_the_year_says_writes_nothing(db: Database) -> None:
    """An unchanged scheme (its id aside, keys in any order) is not an edit: no own id, no registered scheme, no
    change row. Before, it was registered as `jxw-2017@2019` and the year file then named a scheme another PC
    lacked, for nothing."""
    with db.atomic("新建 2019 年度", "test") as conn:
        ym.create_year_from(conn, db, 2019, copy_of=2017)
    before_year = dict(db.query("SELECT * FROM years WHERE year = 2019")[0])
    before_schemes = db.query("SELECT count(*) FROM schemes")[0][0]
    before_changes = db.query("SELECT count(*) FROM changes")[0][0]
    body = year_scheme(db, 2019).body
    reordered = {key: copy.deepcopy(body[key]) for key in reversed(list(body))}
    for same in (copy.deepcopy(body), reordered, {**copy.deepcopy(body), "id": "someone-else"}):
        with db.atomic("修改 2019 方案", "test") as conn:
            assert ym.save_scheme(conn, db, 2019, same) is False
    assert dict(db.query("SELECT * FROM years WHERE year = 2019")[0]) == before_year
    assert year_info(db, 2019).scheme_id == DEFAULT_SCHEME_ID  # type: ignore[union-attr]
    assert db.query("SELECT count(*) FROM schemes")[0][0] == before_schemes
    assert db.query("SELECT count(*) FROM changes")[0][0] == before_changes
    assert export_year(db, 2019)["scheme"] == DEFAULT_SCHEME_ID  # another PC has the built-in one

    edited = copy.deepcopy(body)  # one real change still gives the year its own scheme
    edited["business_items"]["办公室"][0]["text"] += "（2019 修订）"
    with db.atomic("修改 2019 方案", "test") as conn:
        assert ym.save_scheme(conn, db, 2019, edited) is True
    assert year_info(db, 2019).scheme_id == f"{DEFAULT_SCHEME_ID}@2019"  # type: ignore[union-attr]
    with db.atomic("修改 2019 方案", "test") as conn:  # saved again unchanged: its own id stays, not re-registered
        assert ym.save_scheme(conn, db, 2019, year_scheme(db, 2019).body) is False
    assert db.query("SELECT count(*) FROM schemes")[0][0] == before_schemes + 1
