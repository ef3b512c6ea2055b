"""The typed readers every JSON input goes through (`app.models.reader.Reader`): a value comes back typed, or
None with exactly one problem naming its path — never an exception, whatever JSON value it is given."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.models.district.reports import check_month
from app.models.errors import ValidationError
from app.models.reader import Reader

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.decimals(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=3), children, max_size=3),
    max_leaves=8,
)


def read_each(value: object) -> list[tuple[object, int]]:
    results = []
    for read in (
        lambda r: r.number(value, "$.x", low=Decimal(0), high=Decimal(10)),
        lambda r: r.integer(value, "$.x", low=1),
        lambda r: r.text(value, "$.x"),
        lambda r: r.text(value, "$.x", optional=True),
        lambda r: r.date(value, "$.x"),
        lambda r: r.month(value, "$.x"),
        lambda r: r.boolean(value, "$.x"),
        lambda r: r.free_text(value, "$.x"),
    ):
        reader = Reader()
        results.append((read(reader), len(reader.problems)))
        assert all(p.path == "$.x" for p in reader.problems)
    return results


@given(json_values)
def test_a_reader_returns_a_value_or_records_one_problem(value: object) -> None:
    for result, problems in read_each(value):
        assert problems in (0, 1)
        if problems:
            assert result is None


def test_typed_values_and_their_messages() -> None:
    reader = Reader()
    assert reader.number("2.80", "$.a") == Decimal("2.80")
    assert reader.integer("12", "$.b", low=1) == 12
    assert reader.integer(Decimal("3.0"), "$.c") == 3
    assert reader.text("  办公室 ", "$.d") == "办公室"
    assert reader.date("2017-05-20", "$.e") == "2017-05-20"
    assert reader.month("2017-09", "$.f") == "2017-09"
    assert reader.problems == []
    assert reader.number(11, "$.g", high=Decimal(10)) is None
    assert reader.integer(1.5, "$.h") is None
    assert reader.integer(True, "$.i") is None  # a JSON true is not the number 1
    assert reader.text("  ", "$.j") is None
    assert reader.month("2017-13", "$.k") is None
    assert [(p.path, p.message) for p in reader.problems] == [
        ("$.g", "11 超过上限 10"),
        ("$.h", "应为整数，实际为 1.5"),
        ("$.i", "应为整数，实际为 true"),
        ("$.j", "应为非空文字"),
        ("$.k", "月份应为 YYYY-MM，实际为 '2017-13'"),
    ]


def test_entries_refuse_unknown_and_missing_keys_with_their_path() -> None:
    reader = Reader()
    data = {"cadres": [{"id": "c1", "name": "张三"}, {"id": "c2", "nmae": "李四"}, "c3"]}
    entries = reader.entries(data, "cadres", ({"id", "name"}, {"level"}))
    assert entries == [("$.cadres[0]", {"id": "c1", "name": "张三"})]
    assert [(p.path, p.message) for p in reader.problems] == [
        ("$.cadres[1].nmae", "未知字段"),
        ("$.cadres[1].name", "缺少必填字段"),
        ("$.cadres[2]", "应为对象"),
    ]


@pytest.mark.parametrize("spelling", ["2017-+9", "2017- 9", "2017-9 ", "２０１７-09", "2017-０９", "2017-٠٩"])
def test_a_month_is_four_and_two_ascii_digits(spelling: str) -> None:
    """A month is stored as written and is part of the report's key: "2017- 9" or "２０１７-09" (int() and
    str.isdigit() take signs, spaces and any script's digits) would be a second September beside "2017-09",
    which `print indicator-progress --month 2017-09` never finds."""
    reader = Reader()
    assert reader.month(spelling, "$.m") is None
    assert [p.path for p in reader.problems] == ["$.m"]
    with pytest.raises(ValidationError, match="月份应为 YYYY-MM"):
        check_month(spelling)
