"""docs/year-file.md documents every field the program writes beyond the spec (issue 12: “documents every field the
program writes beyond ../shared/spec/interchange.md”). The test exports a year holding every new field and
walks the file: a key the spec never names must appear as `key` in docs/year-file.md."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import tests.helpers.full_year as full_year
from app.cli import main
from tests.models.yearfile.test_clauses import with_clauses, write

ROOT = Path(__file__).resolve().parents[3]
SPEC = ROOT.parent / "shared" / "spec" / "interchange.md"
DOCS = (ROOT / "docs" / "year-file.md").read_text(encoding="utf-8")


MAPS = ("scores", "marks")  # objects keyed by data (a ballot's units, its cadre ids), as the spec shows them


def keys(value: object, path: str = "$") -> Iterator[tuple[str, str]]:
    """(key, where) for every object key in the file, list indices collapsed, data-keyed maps skipped."""
    if isinstance(value, dict):
        for key, inner in value.items():
            if path.rsplit(".", 1)[-1] not in MAPS:
                yield key, f"{path}.{key}"
            yield from keys(inner, f"{path}.{key}")
    elif isinstance(value, list):
        for inner in value:
            yield from keys(inner, f"{path}[]")


@pytest.mark.skipif(not SPEC.is_file(), reason="the spec lives beside the repository (../shared/spec)")
def test_every_key_the_export_writes_is_in_the_spec_or_in_the_docs(tmp_path: Path) -> None:
    spec = SPEC.read_text(encoding="utf-8")
    db = tmp_path / "year.sqlite"
    assert main(["import", str(db), str(write(tmp_path / "2017.json", with_clauses(2017)))]) == 0
    assert main(["import", str(db), str(write(tmp_path / "2018.json", full_year.year_file(2018)))]) == 0
    written: dict[str, str] = {}
    for year in (2017, 2018):  # 2018 carries 2017's late bonus (carried_cadre_adjustments)
        out = tmp_path / f"out{year}.json"
        assert main(["export", str(db), "--year", str(year), "--out", str(out)]) == 0
        for key, where in keys(json.loads(out.read_text(encoding="utf-8"))):
            written.setdefault(key, where)
    assert {"carried_cadre_adjustments", "quota_overrides", "barred_ground"} <= set(written)  # the walk sees them
    beyond = {k: w for k, w in written.items() if not re.search(rf"(?<![\w-]){re.escape(k)}(?![\w-])", spec)}
    undocumented = {k: w for k, w in beyond.items() if f"`{k}`" not in DOCS}
    assert not undocumented, (
        f"written by the export, named neither in the spec nor in docs/year-file.md: {undocumented}"
    )
