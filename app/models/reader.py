"""Typed readers for JSON-shaped input (the year file, one district event from the page): each reads one value
at a JSON path and returns it, or records a `Problem` naming that path and returns None, so one pass over a
file reports every problem at once."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from typing import Any

from app.models.errors import Problem, ValidationError
from app.models.jsontext import text_problem
from app.models.schemes import Scheme
from app.scoring.numbers import to_decimal

# A section's keys: (required, optional); any other key is refused as unknown.
Keys = tuple[set[str], set[str]]
# Bounds beyond any real count, serial, rank or amount (yuan): they keep every value storable in SQLite and
# computable in Decimal's 28 digits, so an absurd figure is refused with its path, not met by a traceback.
MAX_INTEGER = 10**9
MAX_NUMBER = Decimal(10) ** 15
MAX_DECIMALS = 6


def shown(value: Any) -> str:
    """A value as the message quotes it (JSON, Chinese left readable; a long value cut short)."""
    text = str(value) if isinstance(value, Decimal) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "…"


class Reader:
    """Collects the problems of one input; `raise_if_problems()` turns them into one `ValidationError`."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def raise_if_problems(self) -> None:
        if self.problems:
            raise ValidationError(self.problems)

    # --- scalars ---

    def number(self, value: Any, path: str, low: Decimal | None = None, high: Decimal | None = None) -> Decimal | None:
        if isinstance(value, bool) or not isinstance(value, (int, Decimal, str)):
            self.problem(path, f"应为数字，实际为 {shown(value)}")
            return None
        try:
            number = to_decimal(value)
        except (ValueError, TypeError):
            self.problem(path, f"应为数字，实际为 {value!r}")
            return None
        if abs(number) > MAX_NUMBER:
            self.problem(path, f"{shown(value)} 超出可用范围（绝对值不超过 {MAX_NUMBER:,f}）")
            return None
        if number.as_tuple().exponent < -MAX_DECIMALS:  # type: ignore[operator]
            self.problem(path, f"{shown(value)} 小数位数过多（最多 {MAX_DECIMALS} 位）")
            return None
        if low is not None and number < low:
            self.problem(path, f"{number} 小于下限 {low}")
            return None
        if high is not None and number > high:
            self.problem(path, f"{number} 超过上限 {high}")
            return None
        return number

    def integer(self, value: Any, path: str, low: int | None = None, high: int = MAX_INTEGER) -> int | None:
        """A whole number, given as a JSON number or a decimal string ("12"), at most `high`."""
        number = None
        if not isinstance(value, bool) and isinstance(value, (int, Decimal, str)):
            try:
                number = to_decimal(value)
            except (ValueError, TypeError):
                number = None
        if number is not None and abs(number) > high:  # before int(): 1e999999999 has a billion digits
            self.problem(path, f"{shown(value)} 超出可用范围（不超过 {high}）")
            return None
        if number is None or number != number.to_integral_value():
            self.problem(path, f"应为整数，实际为 {shown(value)}")
            return None
        if low is not None and number < low:
            self.problem(path, f"应不小于 {low}，实际为 {value}")
            return None
        return int(number)

    def text(self, value: Any, path: str, optional: bool = False) -> str | None:
        if value is None and optional:
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem(path, "应为非空文字")
            return None
        return self._visible(value.strip(), path)

    def _visible(self, text: str, path: str) -> str | None:
        """Text that stores and prints as it reads (no control or bidi-override characters), or None."""
        problem = text_problem(text)
        if problem:
            self.problem(path, problem)
            return None
        return text

    def free_text(self, value: Any, path: str) -> str | None:
        """Optional text kept as written (a note, a progress report); None when absent."""
        if value is not None and not isinstance(value, str):
            self.problem(path, "应为文字")
            return None
        return None if value is None else self._visible(value, path)

    def boolean(self, value: Any, path: str) -> bool | None:
        if not isinstance(value, bool):
            self.problem(path, "应为 true 或 false")
            return None
        return value

    def date(self, value: Any, path: str) -> str | None:
        """An optional YYYY-MM-DD date, returned in its ISO spelling."""
        if value is None:
            return None
        try:
            if isinstance(value, str):
                return date.fromisoformat(value).isoformat()
        except ValueError:
            pass
        self.problem(path, f"日期应为 YYYY-MM-DD，实际为 {value!r}")
        return None

    def month(self, value: Any, path: str) -> str | None:
        """A YYYY-MM month."""
        if isinstance(value, str) and len(value) == 7 and is_month(value):
            return value
        self.problem(path, f"月份应为 YYYY-MM，实际为 {value!r}")
        return None

    def unit(self, value: Any, path: str, scheme: Scheme) -> str | None:
        """A unit's name or short name or alias → its name in the scheme."""
        name = scheme.resolve_unit(value) if isinstance(value, str) else None
        if name is None:
            self.problem(path, f"未知科室（单位）：{shown(value)}")
        return name

    # --- objects ---

    def unknown_and_missing(self, entry: dict[str, Any], path: str, keys: Keys) -> bool:
        """Refuse unknown keys and missing required ones; True when the entry's keys are right."""
        required, optional = keys
        unknown = sorted(set(entry) - required - optional)
        for key in unknown:
            self.problem(f"{path}.{key}", "未知字段")
        missing = sorted(required - set(entry))
        for key in missing:
            self.problem(f"{path}.{key}", "缺少必填字段")
        return not unknown and not missing

    def entries(self, data: dict[str, Any], section: str, keys: Keys) -> list[tuple[str, dict[str, Any]]]:
        """The section's objects with their paths, after checking keys (unknown keys are errors)."""
        raw = data.get(section)
        if raw is None:
            return []
        if not isinstance(raw, list):
            self.problem(f"$.{section}", "应为数组")
            return []
        result = []
        for index, entry in enumerate(raw):
            path = f"$.{section}[{index}]"
            if not isinstance(entry, dict):
                self.problem(path, "应为对象")
                continue
            if self.unknown_and_missing(entry, path, keys):
                result.append((path, entry))
        return result


def is_month(text: str) -> bool:
    """YYYY-MM in ASCII digits: the month is part of a report's key, so "2017- 9" or "２０１７-09" (which int() and
    str.isdigit() take) would be another month beside "2017-09"."""
    return re.fullmatch(r"[0-9]{4}-[0-9]{2}", text) is not None and 1 <= int(text[5:]) <= 12
