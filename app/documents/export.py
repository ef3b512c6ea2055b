"""Entry points for the headless `results --format pdf|xlsx` and `print` commands, and the print page."""

from __future__ import annotations

from collections.abc import Callable

from app.documents.data import YearDocuments, gather
from app.documents.fonts import FontSet
from app.documents.output import write_bytes
from app.documents.render import Progress
from app.models.db import Database
from app.models.errors import AppraisalError

# The documents of `appraisal print`, with their Chinese names (the print page lists them in this order).
DOCUMENTS: dict[str, str] = {
    "ballot-leaders": "定性考核评分表（班子成员，附件 4）",
    "ballot-heads": "定性考核评分表（科室负责人，附件 5）",
    "ballot-democratic": "民主测评表",
    "sheet-leader-ratings": "计分表（领导评价）",
    "results": "考评结果排名表",
    "certificates": "奖状",
    "notice": "表彰通报（公文）",
}
NUMBERED = ("ballot-leaders", "ballot-heads", "ballot-democratic", "sheet-leader-ratings")
LATER = ("indicator-progress", "indicator-notice")


class NotYetError(NotImplementedError):
    """A document of a later issue (the district indicators): the CLI reports it and exits 1."""


def render_document(
    data: YearDocuments,
    doc: str,
    copies: int = 1,
    first_serial: int = 1,
    fonts: FontSet | None = None,
    progress: Progress | None = None,
    numbered: bool | None = None,
    test_deck: bool = False,
) -> bytes:
    """One document as PDF bytes, from gathered data (no database access here). `numbered`: print serials
    (default: on every ballot but the democratic one, which is 无记名); `test_deck`: democratic test ballots."""
    if doc in LATER:
        raise NotYetError(f"{doc}（指标进展表、月度通报）尚未实现，将在指标跟踪的开发任务中提供。")
    if doc not in DOCUMENTS:
        raise AppraisalError(f"没有名为 {doc} 的文档。")
    if copies < 1:
        raise AppraisalError("份数应为正整数。")
    from app.documents import ballots, certificates, notice, results

    if test_deck and doc != "ballot-democratic":
        raise AppraisalError("测试票只用于民主测评表（ballot-democratic）。")
    numbered_kw = {"copies": copies, "first_serial": first_serial, "fonts": fonts, "progress": progress}
    numbered_kw["numbered"] = numbered
    builders: dict[str, Callable[[], bytes]] = {
        "ballot-leaders": lambda: ballots.RatingBallotRenderer(data, "leaders", **numbered_kw).render(),
        "ballot-heads": lambda: ballots.RatingBallotRenderer(data, "heads", **numbered_kw).render(),
        "ballot-democratic": lambda: ballots.DemocraticBallotRenderer(
            data, test_deck=test_deck, **numbered_kw
        ).render(),
        "sheet-leader-ratings": lambda: ballots.LeaderRatingSheetRenderer(data, **numbered_kw).render(),
        "results": lambda: results.ResultsRenderer(data, fonts=fonts).render(),
        "certificates": lambda: certificates.CertificateRenderer(data, fonts=fonts, progress=progress).render(),
        "notice": lambda: notice.NoticeRenderer(data, fonts=fonts).render(),
    }
    return builders[doc]()


def write_results_pdf(db: Database, year: int, out: str) -> None:
    write_bytes(out, render_document(gather(db, year), "results"))


def print_document(
    db: Database,
    year: int,
    doc: str,
    out: str,
    copies: int = 1,
    month: str | None = None,
    first_serial: int = 1,
    numbered: bool | None = None,
    test_deck: bool = False,
) -> None:
    if doc in LATER:  # the district's indicator prints (seed 004) need the month and read the database
        from app.documents.district import write_district_pdf

        if not month:
            raise AppraisalError(f"{doc} 需要 --month YYYY-MM。")
        write_district_pdf(db, year, doc, month, out)
        return
    write_bytes(
        out,
        render_document(
            gather(db, year), doc, copies=copies, first_serial=first_serial, numbered=numbered, test_deck=test_deck
        ),
    )
