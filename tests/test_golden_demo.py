"""The demo year's results and every document's text, pinned: a restructure must not change what the program says.

The golden files under `tests/golden/` were written by `python -m tests.test_golden_demo` (run from the project root)
from the code before the rooms restructure. When a change *means* to alter a result or a document, regenerate them
in the same commit and say why in its message; the diff of the golden text is then the reviewable record of what
changed. Dates (printing day, 成文日期) and the data fingerprint are replaced by placeholders, they change daily.
"""

from __future__ import annotations

import json
import re
import sys
from io import BytesIO
from pathlib import Path

import pytest

from tests.helpers.added_keys import ADDED_KEYS
from tests.helpers.added_keys import without_added_keys as drop_added_keys

GOLDEN = Path(__file__).parent / "golden"
DOCUMENTS = (
    "ballot-leaders",
    "ballot-heads",
    "ballot-democratic",
    "sheet-leader-ratings",
    "results",
    "certificates",
    "notice",
)
_DATES = (
    (re.compile(r"\d{4}年\d{1,2}月\d{1,2}日"), "<日期>"),
    (re.compile(r"\d{4}-\d{2}-\d{2}( \d{2}:\d{2})?"), "<日期>"),
    (re.compile(r"数据指纹 [0-9a-f]+"), "数据指纹 <指纹>"),
)


def normalized(text: str) -> str:
    for pattern, placeholder in _DATES:
        text = pattern.sub(placeholder, text)
    return "\n".join(line.rstrip() for line in text.splitlines()).strip() + "\n"


def document_text(pdf: bytes) -> str:
    from pypdf import PdfReader

    pages = PdfReader(BytesIO(pdf)).pages
    return "\n\f\n".join(normalized(page.extract_text()) for page in pages)


def current_outputs(path: Path) -> dict[str, str]:
    """What the program says about the demo year: the results JSON (with flags) and each document's text."""
    from app.cli import main

    out = path.parent
    outputs: dict[str, str] = {}
    results = out / "results.json"
    assert (
        main(["results", str(path), "--year", "2017", "--format", "json", "--with-flags", "--out", str(results)]) == 0
    )
    outputs["results.json"] = json.dumps(json.loads(results.read_text("utf-8")), ensure_ascii=False, indent=1) + "\n"
    for doc in DOCUMENTS:
        pdf = out / f"{doc}.pdf"
        assert main(["print", str(path), "--year", "2017", doc, "--out", str(pdf), "--copies", "2"]) == 0
        outputs[f"{doc}.txt"] = document_text(pdf.read_bytes())
    return outputs


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> dict[str, str]:
    path = tmp_path_factory.mktemp("golden") / "demo.sqlite"
    path.write_bytes(demo_template.read_bytes())
    return current_outputs(path)


def without_added_keys(text: str) -> str:
    """The results JSON with the keys issue 12 added taken out: the golden file is the baseline from before it, and
    the demo year is complete and undisputed, so apart from these keys not a figure may change."""
    return json.dumps(drop_added_keys(json.loads(text)), ensure_ascii=False, indent=1) + "\n"


@pytest.mark.parametrize("name", ["results.json", *(f"{doc}.txt" for doc in DOCUMENTS)])
def test_demo_output_is_unchanged(outputs: dict[str, str], name: str) -> None:
    expected = (GOLDEN / name).read_text("utf-8")
    current = without_added_keys(outputs[name]) if name == "results.json" else outputs[name]
    assert current == expected, f"{name} differs from tests/golden/{name}"


def test_the_added_keys_are_there_and_nothing_of_the_demo_is_provisional(outputs: dict[str, str]) -> None:
    """The demo year is complete and has no open tie: every new key is present, nothing is provisional, no decision
    applied, every cadre counted votes and raters, and each pool's 优秀 count is the cadres'."""
    payload = json.loads(outputs["results.json"])
    assert ADDED_KEYS["top"] <= set(payload)
    for section in ("units", "cadres"):
        for entry in payload[section]:
            assert ADDED_KEYS[section] <= set(entry), entry
            assert entry["provisional"] is False and entry["provisional_reasons"] == [] and entry["decided"] is False
    assert all(c["votes"] > 0 and c["raters"] > 0 for c in payload["cadres"])
    heads = {c["unit"] for c in payload["cadres"] if c["is_head"]}
    assert heads == {u["name"] for u in payload["units"]}  # every unit has its principal head on the roster
    for pool in payload["pools"]:
        members = [c for c in payload["cadres"] if c["pool"] == pool["pool"]]
        assert pool["size"] == len(members) and pool["excellent"] == sum(c["grade"] == "优秀" for c in members)


if __name__ == "__main__":  # regenerate the golden files
    import tempfile

    from app.models.db import open_database
    from app.models.demo import build_demo_year

    with tempfile.TemporaryDirectory() as folder:
        demo = Path(folder) / "demo.sqlite"
        with open_database(demo) as db:
            build_demo_year(db)
        GOLDEN.mkdir(exist_ok=True)
        for name, text in current_outputs(demo).items():
            (GOLDEN / name).write_text(text, "utf-8")
            print("wrote", GOLDEN / name, file=sys.stderr)
