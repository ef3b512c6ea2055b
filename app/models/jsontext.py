"""JSON text a clerk brings (a year file, a scheme file) read into Python values, and decimals written back as
JSON numbers."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from app.models.errors import Problem, ValidationError


def parse_json(text: str, exact: bool = True) -> Any:
    """JSON with decimals kept exact (never binary floats) unless `exact` is False; a syntax error is a
    `ValidationError` at `$` naming the line and column."""
    try:
        return json.loads(text, parse_float=Decimal) if exact else json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError([Problem("$", f"JSON 格式错误：第 {exc.lineno} 行第 {exc.colno} 列，{exc.msg}")]) from exc


def num(value: Decimal) -> int | float:
    """A decimal as a JSON number: integral values as ints, others by their shortest repr."""
    return int(value) if value == value.to_integral_value() else float(value)
