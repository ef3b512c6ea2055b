"""Bad input of any shape (issue 16): `appraisal import` and `appraisal scheme-import` exit 2 with a Chinese message
naming the JSON path, never a traceback, and write nothing (the file byte-identical, or absent when it was new).

Spec (interchange.md): "Every problem in an imported file is reported with its JSON path … and nothing is
written. Exit codes: 0 success, 2 bad input". Windows Notepad saves UTF-8 with a BOM: accepted.
"""

from __future__ import annotations

import json
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from app.cli import main
from app.models.errors import ValidationError
from app.models.jsontext import MAX_FILE_BYTES, parse_json
from app.models.yearfile.cadres import KEYS as CADRE_KEYS
from app.models.yearfile.catalogue import KEYS as CATALOGUE_KEYS
from app.models.yearfile.decisions import KEYS as DECISION_KEYS
from app.models.yearfile.district import KEYS as DISTRICT_KEYS
from app.models.yearfile.unit_data import KEYS as UNIT_KEYS

BASE = {"format": "appraisal-year/1", "year": 2017}
SMALL = {
    **BASE,
    "cadres": [
        {"id": "c1", "name": "张三", "unit": "办公室", "category": "civil_servant", "level": "科长", "is_head": True},
        {"id": "c2", "name": "李四", "unit": "财务科", "category": "institution", "level": "管理岗"},
    ],
    "item_scores": [{"unit": "办公室", "item": "common-01", "score": 2}],
    "indicators": [{"id": "i01", "name": "规上工业增加值"}],
}


def import_bytes(tmp_path: Path, db: Path, raw: bytes, capsys) -> tuple[int, str]:
    source = tmp_path / "in.json"
    source.write_bytes(raw)
    capsys.readouterr()
    code = main(["import", str(db), str(source)])
    return code, capsys.readouterr().err


@pytest.fixture
def small_db(tmp_path: Path) -> Path:
    db = tmp_path / "small.sqlite"
    source = tmp_path / "small.json"
    source.write_text(json.dumps(SMALL, ensure_ascii=False), encoding="utf-8")
    assert main(["import", str(db), str(source)]) == 0
    return db


def entry(sections: dict, name: str) -> dict:
    return {**BASE, name: sections}


HOSTILE = {
    "a serial of 1e23": (
        b'{"format":"appraisal-year/1","year":2017,"unit_ballots":[{"form":"leaders","ballot":1e23,'
        b'"scores":{"\xe5\x8a\x9e\xe5\x85\xac\xe5\xae\xa4":[4,4,4,4,4]}}]}',
        "$.unit_ballots[0].ballot",
        "超出可用范围",
    ),
    "a year of 1e20": (b'{"format":"appraisal-year/1","year":1e20}', "$.year", "超出可用范围"),
    "a year with a hundred thousand digits": (
        b'{"format":"appraisal-year/1","year":' + b"9" * 100_000 + b"}",
        "$.year",
        "超出可用范围",
    ),
    "an exponent of a billion": (
        b'{"format":"appraisal-year/1","year":2017,"item_scores":[{"unit":"\xe5\x8a\x9e'
        b'\xe5\x85\xac\xe5\xae\xa4","item":"common-01","score":1e-999999999}]}',
        "$.item_scores[0].score",
        "小数位数过多",
    ),
    "points of 1e30": (
        json.dumps(
            {
                **BASE,
                "unit_adjustments": [{"units": ["办公室"], "kind": "bonus", "category": "honor_city", "points": 1e30}],
            }
        ).encode(),
        "$.unit_adjustments[0].points",
        "超出可用范围",
    ),
    "deep nesting": (
        b'{"format":"appraisal-year/1","year":2017,"peers":' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        "$",
        "嵌套层数过深",
    ),
    "nesting a little too deep": (
        b'{"format":"appraisal-year/1","year":2017,"x":' + b"[" * 40 + b"]" * 40 + b"}",
        "$.x",
        "嵌套层数过深",
    ),
    "a lone surrogate in a name": (
        json.dumps(
            {
                **BASE,
                "cadres": [{"id": "c9", "name": "\ud800", "unit": "办公室", "category": "institution", "level": "x"}],
            }
        ).encode(),
        "$.cadres[0].name",
        "单独的代理项 U+D800",
    ),
    "NUL in a name": (
        json.dumps(
            {
                **BASE,
                "cadres": [
                    {"id": "c9", "name": "王\u0000五", "unit": "办公室", "category": "institution", "level": "x"}
                ],
            }
        ).encode(),
        "$.cadres[0].name",
        "U+0000（NUL）",
    ),
    "ESC in a level": (
        json.dumps(
            {
                **BASE,
                "cadres": [
                    {"id": "c9", "name": "王五", "unit": "办公室", "category": "institution", "level": "\u001b[31m红"}
                ],
            }
        ).encode(),
        "$.cadres[0].level",
        "U+001B（ESC）",
    ),
    "a right-to-left override in a reason": (
        json.dumps({**BASE, "vetoes": [{"unit": "办公室", "reason": "\u202e因原"}]}).encode(),
        "$.vetoes[0].reason",
        "U+202E",
    ),
    "a control character in a key": (json.dumps({**BASE, "votes\u0007": 1}).encode(), "$.votes\\u0007", "控制字符"),
    "a repeated year": (b'{"format":"appraisal-year/1","year":2017,"year":2018}', "$.year", "字段“year”重复出现"),
    "a repeated key in an entry": (
        b'{"format":"appraisal-year/1","year":2017,"vetoes":[{"unit":"a","unit":"b"}]}',
        "$.vetoes[0].unit",
        "重复出现",
    ),
    "NaN": (
        b'{"format":"appraisal-year/1","year":2017,"item_scores":[{"unit":"x","item":"common-01","score":NaN}]}',
        "$",
        "NaN",
    ),
    "Infinity": (b'{"format":"appraisal-year/1","year":Infinity}', "$", "Infinity"),
    "GBK": (
        json.dumps({**BASE, "vetoes": [{"unit": "办公室", "reason": "违纪"}]}, ensure_ascii=False).encode("gbk"),
        "$",
        "请用记事本或 WPS 打开，另存为 UTF-8",
    ),
    "UTF-16": ('{"format":"appraisal-year/1","year":2017}'.encode("utf-16"), "$", "UTF-16"),
    "a list where an object goes": (
        json.dumps(
            {
                **BASE,
                "decisions": 1,
                "committee_decisions": [{"kind": [], "subject": "办公室", "outcome": "一等奖", "reason": "x"}],
            }
        ).encode(),
        "$.committee_decisions[0].kind",
        "应为",
    ),
    "an indicator given as a list": (
        json.dumps({**BASE, "indicator_reports": [{"indicator": ["i01"], "month": "2017-09"}]}).encode(),
        "$.indicator_reports[0].indicator",
        "未知指标",
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_input_exits_2_naming_the_place_and_writes_nothing(case, small_db, tmp_path, capsys) -> None:
    raw, path, message = HOSTILE[case]
    before = small_db.read_bytes()
    code, err = import_bytes(tmp_path, small_db, raw, capsys)
    assert code == 2, err
    assert path in err and message in err, err
    assert "Traceback" not in err
    assert small_db.read_bytes() == before
    fresh = tmp_path / "fresh.sqlite"
    code, err = import_bytes(tmp_path, fresh, raw, capsys)
    assert code == 2 and not fresh.exists(), err
    assert not list(tmp_path.glob("fresh.sqlite*")), "a refused import leaves nothing beside the new file either"


def test_a_utf8_bom_is_accepted(tmp_path, capsys) -> None:
    """Windows Notepad writes UTF-8 with a BOM."""
    raw = b"\xef\xbb\xbf" + json.dumps(SMALL, ensure_ascii=False).encode("utf-8")
    code, err = import_bytes(tmp_path, tmp_path / "bom.sqlite", raw, capsys)
    assert code == 0, err


def test_the_scheme_file_goes_through_the_same_reader(small_db, tmp_path, capsys) -> None:
    before = small_db.read_bytes()
    for raw, message in (
        (b'{"id":"x","id":"y"}', "字段“id”重复出现"),
        ('{"id": "县方案", "title": "违纪"}'.encode("gbk"), "另存为 UTF-8"),
        (b'{"id":"x","units":' + b"[" * 50_000 + b"]" * 50_000 + b"}", "嵌套层数过深"),
        (b'{"id":"\\u202ex","units":[1]}', "U+202E"),
        (b'{"id":"x","units":[1e999]}', "1e999"),
    ):
        source = tmp_path / "scheme.json"
        source.write_bytes(raw)
        capsys.readouterr()
        assert main(["scheme-import", str(small_db), str(source)]) == 2
        err = capsys.readouterr().err
        assert message in err and "Traceback" not in err, err
        assert small_db.read_bytes() == before
    source.write_bytes(b"\xef\xbb\xbf" + json.dumps({"id": "空"}).encode())
    assert main(["scheme-import", str(small_db), str(source)]) == 2  # read (BOM accepted), then refused as no scheme
    assert "units" in capsys.readouterr().err


# --- hypothesis: arbitrary JSON and arbitrary bytes -----------------------------------------------------

text = st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from("\x00\x1b\u202e\ud800"), max_size=6)
atoms = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | text
    | st.sampled_from(
        [
            "办公室",
            "财务科",
            "c1",
            "c2",
            "i01",
            "leaders",
            "heads",
            "bonus",
            "deduction",
            "2017-09",
            "2017-05-20",
            "优秀",
            "一等奖",
            "unit",
            "cadre",
            "honor_city",
            "c01",
            "big_project",
            "1e23",
        ]
    )
)
json_values = st.recursive(
    atoms, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3), max_leaves=10
)
SECTIONS = {**CATALOGUE_KEYS, **UNIT_KEYS, **CADRE_KEYS, **DISTRICT_KEYS, **DECISION_KEYS}


# One good entry per section: an example mutates one of its values, so checks deep inside are reached too.
GOOD = {
    "units": {"name": "办公室", "group": 1},
    "items": {"id": "common-01", "max": 2},
    "categories": {"id": "honor_city", "kind": "bonus"},
    "item_scores": {"unit": "办公室", "item": "common-01", "score": 1.5, "note": "备注"},
    "unit_ballots": {"form": "leaders", "ballot": 3, "scores": {"办公室": [4, 4, 3.5, 4, 4]}},
    "unit_adjustments": {
        "units": ["办公室", "财务科"],
        "kind": "bonus",
        "category": "honor_city",
        "points": 1,
        "shares": [0.5, 0.5],
        "date": "2017-05-20",
        "matter": "表彰",
    },
    "vetoes": {"unit": "财务科", "reason": "违纪"},
    "special_awards": {"unit": "办公室", "reason": "突出"},
    "cadres": {"id": "c3", "name": "王五", "unit": "办公室", "category": "institution", "level": "管理岗"},
    "democratic_ballots": {"ballot": 1, "marks": {"c1": "优秀", "c2": "称职"}},
    "democratic_tallies": {"cadre": "c2", "优秀": 1, "称职": 2, "基本称职": 0, "不称职": 0},
    "leader_ratings": {"rater": 1, "cadre": "c1", "scores": [6, 6, 5, 6, 6]},
    "cadre_adjustments": {"cadre": "c1", "kind": "bonus", "category": "individual_honor", "points": 1},
    "indicators": {"id": "i02", "name": "固定资产投资", "lead_unit": "发改局"},
    "indicator_reports": {
        "indicator": "i01",
        "month": "2017-09",
        "rank": 2,
        "peer_ranks": {"鹿城区": 1},
        "signed": True,
        "submitted": "2017-09-12",
        "progress": "进展",
    },
    "district_events": {
        "category": "big_project",
        "investment": 2740000000,
        "date": "2017-05-20",
        "credited_units": ["办公室"],
    },
    "committee_decisions": {"kind": "unit", "subject": "办公室", "outcome": "一等奖", "reason": "纪要"},
}


@st.composite
def entries(draw, name: str) -> dict:
    choice = draw(st.integers(0, 3))
    if choice < 3:
        good = dict(GOOD[name])
        if choice == 2:
            good[draw(st.sampled_from(sorted(good)))] = draw(json_values)
        return good
    required, optional = SECTIONS[name]
    keys = sorted(required | optional)
    return draw(st.dictionaries(st.sampled_from(keys) | text, json_values, min_size=len(required)))


@st.composite
def year_files(draw) -> object:
    """Mostly files shaped like a year file (known sections and keys, one good entry with a wild value, or wild
    entries), sometimes any JSON value at all."""
    if draw(st.integers(0, 4)) == 0:
        return draw(json_values)
    year = draw(st.sampled_from([2017, 2017, 2017, 2018, "2017"]) | atoms)
    data: dict = {"format": "appraisal-year/1", "year": year}
    for name in draw(st.lists(st.sampled_from(sorted(SECTIONS)), max_size=3, unique=True)):
        data[name] = draw(st.lists(entries(name), max_size=2))
    if draw(st.integers(0, 3)) == 0:
        data[draw(st.sampled_from(["peers", "criteria", "scheme"]))] = draw(json_values)
    return data


def check_one(raw: bytes, db: Path, base: bytes, tmp_path: Path, capsys) -> None:
    db.write_bytes(base)
    for side in ("-wal", "-shm"):
        Path(f"{db}{side}").unlink(missing_ok=True)
    code, err = import_bytes(tmp_path, db, raw, capsys)
    event(f"exit {code}")  # --hypothesis-show-statistics: how many examples were imported, how many refused
    assert code in (0, 2), err
    assert "Traceback" not in err
    if code == 2:
        assert db.read_bytes() == base, err
        assert err.startswith("输入有误") or err.startswith("错误"), err


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=year_files())
def test_arbitrary_json_exits_0_or_2_and_writes_nothing_on_2(data, small_db, tmp_path, capsys) -> None:
    raw = json.dumps(data, ensure_ascii=bool(hash(str(data)) % 2)).encode("utf-8", "surrogatepass")
    check_one(raw, small_db, (tmp_path / "base.bin").read_bytes(), tmp_path, capsys)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    raw=st.binary(max_size=200)
    | st.builds(
        lambda t: t.encode("utf-8", "surrogatepass"),
        st.text(alphabet=st.sampled_from(string.printable + '[]{}":,0123456789e.-办公室\ufeff\\u'), max_size=80),
    )
)
def test_arbitrary_bytes_exit_0_or_2_and_write_nothing_on_2(raw, small_db, tmp_path, capsys) -> None:
    check_one(raw, small_db, (tmp_path / "base.bin").read_bytes(), tmp_path, capsys)


@pytest.fixture(autouse=True)
def base_copy(small_db: Path, tmp_path: Path) -> None:
    """The small file as it was before any example, restored before each one."""
    (tmp_path / "base.bin").write_bytes(small_db.read_bytes())


def test_a_file_far_bigger_than_any_year_is_refused_before_it_is_read(small_db, tmp_path, capsys) -> None:
    """A year file is well under a megabyte (150 cadres, 150 ballots: 0.6 MB). A 220 MB one was read whole — 1.5 GB
    of memory, 100 s — and with less memory ended in a MemoryError traceback, exit 1. The size is checked first
    (a sparse file: nothing of it is read)."""
    huge = tmp_path / "huge.json"
    with huge.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    before = small_db.read_bytes()
    for command in (["import", str(small_db)], ["scheme-import", str(small_db)], ["import", str(tmp_path / "n.db")]):
        capsys.readouterr()
        assert main([*command, str(huge)]) == 2
        err = capsys.readouterr().err
        assert "文件过大" in err and "Traceback" not in err, err
    assert small_db.read_bytes() == before and not (tmp_path / "n.db").exists()
    with pytest.raises(ValidationError, match="文件过大"):
        parse_json(b" " * (MAX_FILE_BYTES + 1))
