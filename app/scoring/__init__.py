"""Pure computation: dataclasses in, results out. No Qt, no SQL, no I/O."""

from app.scoring.engine import compute_year
from app.scoring.inputs import YearInput
from app.scoring.results import YearResult

__all__ = ["YearInput", "YearResult", "compute_year"]
