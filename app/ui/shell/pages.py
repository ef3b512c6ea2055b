"""The pages of the main window, in navigation order. Each lives in its own module."""

from __future__ import annotations

from app.ui.shell.page import Page
from app.ui.shell.session import Session


def build_pages(session: Session) -> list[Page]:
    from app.ui.audit.page import AuditPage
    from app.ui.district.page import DistrictPage
    from app.ui.keying.democratic_page import DemocraticKeyingPage
    from app.ui.keying.leader_ratings_page import LeaderRatingsPage
    from app.ui.keying.rating_page import RatingKeyingPage
    from app.ui.keying.reconcile_page import ReconcilePage
    from app.ui.printing.page import PrintPage
    from app.ui.results.page import ResultsPage
    from app.ui.roster.page import RosterPage
    from app.ui.scanning.page import ScanPage
    from app.ui.unit_data.adjustments_page import AdjustmentsPage
    from app.ui.unit_data.scoring_page import ScoringPage
    from app.ui.years.page import YearsPage

    return [
        ResultsPage(session),
        ScoringPage(session),
        AdjustmentsPage(session),
        RosterPage(session),
        RatingKeyingPage(session),
        DemocraticKeyingPage(session),
        LeaderRatingsPage(session),
        ReconcilePage(session),
        PrintPage(session),
        ScanPage(session),
        DistrictPage(session),
        YearsPage(session),
        AuditPage(session),
    ]
