"""A full disk is reported before keying starts, with the space needed (issue 16 §6): on the full disk of the
fault-injection run the next keying failed only at its write."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.models import space
from app.models.db import open_database
from app.models.store import ensure_year


@pytest.fixture
def small_file(tmp_path: Path) -> Path:
    path = tmp_path / "d.sqlite"
    with open_database(path) as db:
        ensure_year(db, 2017)
    return path


def test_enough_space_says_nothing(small_file: Path) -> None:
    assert space.space_problem(small_file) is None
    assert space.space_problem(":memory:") is None


def test_a_short_disk_is_named_with_what_it_has_and_needs(small_file: Path, monkeypatch) -> None:
    monkeypatch.setattr(space, "free_space", lambda folder: 3 * space.MB)
    problem = space.space_problem(small_file)
    assert problem is not None
    needed = space.KEYING_HEADROOM + space.size_of(small_file)  # the backups share the disk in the tests
    assert f"只剩 3.0 MB，至少需要 {needed / space.MB:.1f} MB" in problem
    assert str(small_file.parent) in problem and "请先清理磁盘" in problem


def test_backups_on_another_disk_are_measured_there(small_file: Path, monkeypatch) -> None:
    monkeypatch.setattr(space, "_same_disk", lambda first, second: False)
    backups = space.data_dir()
    monkeypatch.setattr(space, "free_space", lambda folder: 0 if folder == backups else 10**12)
    problem = space.space_problem(small_file)
    assert problem is not None and f"{backups} 所在" in problem and f"{small_file.parent} 所在" not in problem
