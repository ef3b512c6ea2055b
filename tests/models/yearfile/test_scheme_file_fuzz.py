"""`appraisal scheme-import` reads a scheme file from another PC (issue 16: “Bad input of any shape gets exit 2 and a
Chinese message …, never a traceback”). Hypothesis takes the shipped scheme and damages it where a hand edit
would: a value replaced by any JSON value, a key removed, a list emptied or shortened. Each import exits 0 or 2,
never with a traceback, and on 2 the file is left byte-identical."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from app.cli import main
from tests.models.yearfile.test_hostile_input import json_values

SCHEME = json.loads(
    (Path(__file__).resolve().parents[3] / "resources" / "schemes" / "jxw-2017.json").read_text(encoding="utf-8")
)


def paths(value: Any, here: tuple = ()) -> list[tuple]:
    """Every place in the scheme: object keys and list positions."""
    found = [here]
    if isinstance(value, dict):
        for key, inner in value.items():
            found += paths(inner, (*here, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += paths(inner, (*here, index))
    return found


PLACES = [p for p in paths(SCHEME) if p]


@st.composite
def damaged_schemes(draw) -> Any:
    scheme = copy.deepcopy(SCHEME)
    scheme["id"] = draw(st.sampled_from(["county-2019", "county-2019", "", "jxw-2017"]) | json_values)
    for _ in range(draw(st.integers(1, 3))):
        place = draw(st.sampled_from(PLACES))
        parent = scheme
        try:
            for step in place[:-1]:
                parent = parent[step]
            last = place[-1]
            parent[last]  # still there after an earlier damage
        except (KeyError, IndexError, TypeError):
            continue
        how = draw(st.integers(0, 2))
        if how == 0:
            parent[last] = draw(json_values)
        elif how == 1:
            del parent[last]
        elif isinstance(parent[last], list):
            del parent[last][draw(st.integers(0, max(len(parent[last]) - 1, 0))) :]
        else:
            parent[last] = draw(st.sampled_from([None, "", 0, -1, 1e300, [], {}]))
    return scheme


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(scheme=damaged_schemes())
def test_a_damaged_scheme_file_exits_0_or_2_and_writes_nothing_on_2(
    scheme, tmp_path_factory, demo_template: Path, capsys
) -> None:
    folder = tmp_path_factory.mktemp("scheme")
    db = folder / "s.sqlite"
    db.write_bytes(demo_template.read_bytes())
    before = db.read_bytes()
    source = folder / "scheme.json"
    source.write_text(json.dumps(scheme, ensure_ascii=False), encoding="utf-8", errors="surrogatepass")
    capsys.readouterr()
    code = main(["scheme-import", str(db), str(source)])
    err = capsys.readouterr().err
    event(f"exit {code}")
    assert code in (0, 2), err
    assert "Traceback" not in err
    if code == 2:
        assert db.read_bytes() == before, err
        assert err.startswith(("输入有误", "错误")), err
