"""The pages of the main window, in navigation order: a title and how to build the page.

The navigation list needs only the titles; a page's module (and what it imports) is loaded when the page is
built. To add a page: write its class (a `Page` in its feature's room), a `build_…` function here that imports
and makes it, and a `PageSpec` line in PAGES at its place in the navigation (the first nine get Ctrl+1…9).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.ui.shell.page import Page
from app.ui.shell.session import Session


@dataclass(frozen=True)
class PageSpec:
    title: str  # the navigation entry; the page class says the same
    build: Callable[[Session], Page]

    def make(self, session: Session) -> Page:
        page = self.build(session)
        assert page.title == self.title, f"{type(page).__name__}.title {page.title!r} is not {self.title!r}"
        return page


def build_results(session: Session) -> Page:
    from app.ui.results.page import ResultsPage

    return ResultsPage(session)


def build_scoring(session: Session) -> Page:
    from app.ui.unit_data.scoring_page import ScoringPage

    return ScoringPage(session)


def build_adjustments(session: Session) -> Page:
    from app.ui.unit_data.adjustments_page import AdjustmentsPage

    return AdjustmentsPage(session)


def build_roster(session: Session) -> Page:
    from app.ui.roster.page import RosterPage

    return RosterPage(session)


def build_rating_keying(session: Session) -> Page:
    from app.ui.keying.rating_page import RatingKeyingPage

    return RatingKeyingPage(session)


def build_democratic_keying(session: Session) -> Page:
    from app.ui.keying.democratic_page import DemocraticKeyingPage

    return DemocraticKeyingPage(session)


def build_leader_ratings(session: Session) -> Page:
    from app.ui.keying.leader_ratings_page import LeaderRatingsPage

    return LeaderRatingsPage(session)


def build_reconcile(session: Session) -> Page:
    from app.ui.keying.reconcile_page import ReconcilePage

    return ReconcilePage(session)


def build_printing(session: Session) -> Page:
    from app.ui.printing.page import PrintPage

    return PrintPage(session)


def build_scanning(session: Session) -> Page:
    from app.ui.scanning.page import ScanPage

    return ScanPage(session)


def build_district(session: Session) -> Page:
    from app.ui.district.page import DistrictPage

    return DistrictPage(session)


def build_years(session: Session) -> Page:
    from app.ui.years.page import YearsPage

    return YearsPage(session)


def build_audit(session: Session) -> Page:
    from app.ui.audit.page import AuditPage

    return AuditPage(session)


PAGES: tuple[PageSpec, ...] = (
    PageSpec("考评结果", build_results),
    PageSpec("科室评分", build_scoring),
    PageSpec("加分与扣分", build_adjustments),
    PageSpec("干部名册", build_roster),
    PageSpec("评分表录入", build_rating_keying),
    PageSpec("民主测评录入", build_democratic_keying),
    PageSpec("领导评价录入", build_leader_ratings),
    PageSpec("清点与核对", build_reconcile),
    PageSpec("打印与导出", build_printing),
    PageSpec("扫描录入", build_scanning),
    PageSpec("市对区考绩", build_district),
    PageSpec("年度与方案", build_years),
    PageSpec("操作记录", build_audit),
)


def build_pages(session: Session) -> list[Page]:
    return [spec.make(session) for spec in PAGES]
