"""Small read-only facts about a year for the main window's status bar, and change detection."""

from __future__ import annotations

from dataclasses import dataclass

from app.models.db import Database


@dataclass(frozen=True)
class KeyingCounts:
    """What has been keyed so far (first keying pass only; the verification pass is a copy)."""

    leader_ballots: int = 0
    leader_void: int = 0
    head_ballots: int = 0
    head_void: int = 0
    democratic_ballots: int = 0
    democratic_void: int = 0
    leader_raters: int = 0
    leader_sheets_verified: int = 0  # leaders' sheets checked against the paper (核对录入)
    item_scores: int = 0
    verified_ballots: int = 0  # first-keying ballots checked against the paper (double entry), all forms
    second_pass_ballots: int = 0  # ballots keyed a second time (independent verification), all forms
    open_findings: int = 0  # differences between two keyings not yet settled

    @property
    def keyed_ballots(self) -> int:
        return self.leader_ballots + self.head_ballots + self.democratic_ballots


def keying_counts(db: Database, year: int) -> KeyingCounts:
    forms = {
        r["form"]: (r["n"], r["void"])
        for r in db.query(
            "SELECT form, count(*) AS n, count(void) AS void FROM rating_ballots "
            "WHERE year = ? AND pass = 1 GROUP BY form",
            (year,),
        )
    }
    democratic = db.query(
        "SELECT count(*) AS n, count(void) AS void FROM democratic_ballots WHERE year = ? AND pass = 1", (year,)
    )[0]
    raters = db.query("SELECT count(DISTINCT rater) AS n FROM leader_ratings WHERE year = ?", (year,))[0]
    items = db.query("SELECT count(*) AS n FROM item_scores WHERE year = ?", (year,))[0]
    checks = db.query(
        "SELECT (SELECT count(*) FROM rating_ballots WHERE year = :y AND pass = 1 AND verified_at IS NOT NULL) + "
        "(SELECT count(*) FROM democratic_ballots WHERE year = :y AND pass = 1 AND verified_at IS NOT NULL) AS verified, "
        "(SELECT count(*) FROM rating_ballots WHERE year = :y AND pass = 2) + "
        "(SELECT count(*) FROM democratic_ballots WHERE year = :y AND pass = 2) AS second, "
        "(SELECT count(*) FROM verification_findings WHERE year = :y AND resolved_at IS NULL) AS open, "
        "(SELECT count(*) FROM leader_sheets s WHERE s.year = :y AND s.verified_at IS NOT NULL AND EXISTS "
        "(SELECT 1 FROM leader_ratings r WHERE r.year = s.year AND r.rater = s.rater)) AS sheets",
        {"y": year},
    )[0]
    return KeyingCounts(
        leader_ballots=forms.get("leaders", (0, 0))[0],
        leader_void=forms.get("leaders", (0, 0))[1],
        head_ballots=forms.get("heads", (0, 0))[0],
        head_void=forms.get("heads", (0, 0))[1],
        democratic_ballots=democratic["n"],
        democratic_void=democratic["void"],
        leader_raters=raters["n"],
        leader_sheets_verified=checks["sheets"],
        item_scores=items["n"],
        verified_ballots=checks["verified"],
        second_pass_ballots=checks["second"],
        open_findings=checks["open"],
    )


def data_version(db: Database) -> int:
    """Changes whenever another connection (another window, the command line, a second clerk's PC on
    a shared folder) commits to the file; our own commits do not change it."""
    return int(db.query("PRAGMA data_version")[0][0])
