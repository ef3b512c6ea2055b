"""党委审定 (`committee_decisions`, this program's extension, present only when the committee decided a tie):
read here for form; whether each subject is tied is checked once the file's data are in place, inside the
import's transaction (`app.models.yearfile.writing`)."""

from __future__ import annotations

from app.models.decisions import Decision, now_text
from app.models.reader import Keys
from app.models.store import read_cadres
from app.models.yearfile.plan import Plan, YearFile
from app.scoring.decisions import LADDERS

KEYS: dict[str, Keys] = {"committee_decisions": ({"kind", "subject", "outcome", "reason"}, set())}


def read(file: YearFile, plan: Plan) -> None:
    seen: set[tuple[str, str]] = set()
    cadre_ids = {c.id for c in read_cadres(file.db, plan.year)} | {c.id for c in plan.cadres}
    for path, entry in file.section("committee_decisions", KEYS["committee_decisions"]):
        kind, outcome = entry["kind"], entry["outcome"]
        subject = file.text(entry["subject"], f"{path}.subject")
        reason = file.text(entry["reason"], f"{path}.reason")
        if not isinstance(kind, str) or kind not in LADDERS:
            file.problem(f"{path}.kind", f'应为 "unit"（科室）或 "cadre"（干部），实际为 {kind!r}')
            continue
        if outcome not in LADDERS[kind]:
            file.problem(f"{path}.outcome", f"应为{'、'.join(LADDERS[kind])}之一，实际为 {outcome!r}")
            continue
        if subject is None or reason is None:
            continue
        if kind == "unit":
            subject = file.unit(subject, f"{path}.subject", plan.scheme)
        elif subject not in cadre_ids:
            file.problem(f"{path}.subject", f"未知干部编号：{subject}")
            subject = None
        if subject is None:
            continue
        if (kind, subject) in seen:
            file.problem(f"{path}.subject", f"{subject} 的党委审定重复")
            continue
        seen.add((kind, subject))
        plan.decisions.append((path, Decision(kind, subject, outcome, reason, now_text())))
