"""Decimal helpers: every figure is a Decimal, rounded half-up (四舍五入)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

ZERO = Decimal(0)
CENT = Decimal("0.01")


def to_decimal(value: object) -> Decimal:
    """Convert an int, a decimal string or a Decimal; floats go through str() so 2.8 stays 2.8."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation as exc:
            raise ValueError(f"不是数字: {value!r}") from exc
        if not result.is_finite():
            raise ValueError(f"不是有限数字: {value!r}")
        return result
    raise TypeError(f"not a number: {value!r}")


def round2(value: Decimal) -> Decimal:
    """Round half-up to 2 decimals (四舍五入，保留两位小数)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def mean2(values: list[Decimal]) -> Decimal:
    """Half-up 2-decimal mean; an empty list gives 0 (callers flag it incomplete)."""
    if not values:
        return ZERO.quantize(CENT)
    return round2(sum(values, ZERO) / len(values))
