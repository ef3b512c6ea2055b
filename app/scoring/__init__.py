"""Pure computation: dataclasses in, results out. No Qt, no SQL, no I/O."""

from typing import Any

from app.scoring.inputs import YearInput
from app.scoring.results import YearResult

__all__ = ["YearInput", "YearResult", "compute_year"]


def __getattr__(name: str) -> Any:
    """`compute_year` loads the engine when first asked for: the window imports the scheme's dataclasses at
    start-up (through app.models.schemes) and computes only once it is on screen."""
    if name == "compute_year":
        from app.scoring.engine import compute_year

        return compute_year
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
