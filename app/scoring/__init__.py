"""Pure computation: dataclasses in, results out. No Qt, no SQL, no I/O."""

from typing import Any

__all__ = ["YearInput", "YearResult", "compute_year"]


def __getattr__(name: str) -> Any:
    """The package's names load when first asked for: the window imports small parts of the engine (the seed's
    clause names) at start-up and the dataclasses and the engine only once it is on screen."""
    if name == "compute_year":
        from app.scoring.engine import compute_year

        return compute_year
    if name == "YearInput":
        from app.scoring.inputs import YearInput

        return YearInput
    if name == "YearResult":
        from app.scoring.results import YearResult

        return YearResult
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
