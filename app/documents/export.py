"""Entry points for the headless `results --format pdf|xlsx` and `print` commands, and the print page."""

from __future__ import annotations

from collections.abc import Callable

from app.documents.data import YearDocuments, gather, open_matters
from app.documents.fonts import FontSet, missing_glyphs
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
    "certificate-calibration": "奖状套打校准页",
    "notice": "表彰通报（公文）",
    "detail": "考评明细（每个科室一页，每名干部一行）",
}
WORD_DOCUMENTS = ("notice",)  # also written as an editable .docx (the extension of --out decides)
NUMBERED = ("ballot-leaders", "ballot-heads", "ballot-democratic", "sheet-leader-ratings")
LATER = ("indicator-progress", "indicator-notice")
UNITS_ONLY = ("ballot-leaders", "ballot-heads")  # the rating ballots list units, no person
RECIPIENTS_ONLY = ("certificates", "notice")  # these name the awarded units and the 优秀 cadres only
Warn = Callable[[str], None]


def unprintable_names(data: YearDocuments, doc: str, fonts: FontSet | None = None) -> list[str]:
    """Before printing: each person or unit the document names whose name has a character no available font can
    draw (it would print as a blank: 王䶮 as 王), naming the person and the character."""
    if doc == "certificate-calibration":  # rulers and boxes, no name
        return []
    fonts = fonts or data.fonts()
    short = {u.name: u.short for u in data.scheme.units}
    if doc in UNITS_ONLY:
        units, people = [u.name for u in data.scheme.units], []
    elif doc in RECIPIENTS_ONLY:
        recipients = data.recipients()
        units = [r.name for r in recipients if r.kind == "unit"]
        people = [(r.name, r.unit) for r in recipients if r.kind == "cadre"]
    else:
        units, people = [u.name for u in data.scheme.units], [(c.name, c.unit) for c in data.roster]
    lines = []
    for label, text in [(f"科室（单位）{u}", u) for u in dict.fromkeys(units)] + [
        (f"{name}（{short.get(unit, unit)}）", name) for name, unit in dict.fromkeys(people)
    ]:
        missing = missing_glyphs(text, fonts)
        if missing:
            chars = "、".join(f"“{c}”（U+{ord(c):04X}）" for c in missing)
            lines.append(f"{label}：{chars}")
    return lines


def glyph_warning(lines: list[str]) -> str:
    return "以下名字中的字符没有可用的字体，打印出来将是空白，请核对或手写补上：" + "；".join(lines)


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
    unit: str | None = None,
) -> bytes:
    """One document as PDF bytes, from gathered data (no database access here). `numbered`: print serials
    (default: on every ballot but the democratic one, which is 无记名); `test_deck`: democratic test ballots."""
    if doc in LATER:
        raise NotYetError(f"{doc}（指标进展表、月度通报）尚未实现，将在指标跟踪的开发任务中提供。")
    if doc not in DOCUMENTS:
        raise AppraisalError(f"没有名为 {doc} 的文档。")
    if copies < 1:
        raise AppraisalError("份数应为正整数。")
    from app.documents import ballots, certificates, detail, notice, results

    if test_deck and doc != "ballot-democratic":
        raise AppraisalError("测试票只用于民主测评表（ballot-democratic）。")
    fonts = fonts or data.fonts()
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
        "certificate-calibration": lambda: certificates.CalibrationRenderer(data, data.certificate, fonts).render(),
        "notice": lambda: notice.NoticeRenderer(data, fonts=fonts).render(),
        "detail": lambda: detail.DetailRenderer(detail.detail_data(data, unit), fonts=fonts).render(),
    }
    return builders[doc]()


def _warn_unprintable(data: YearDocuments, doc: str, warn: Warn | None) -> None:
    if warn is not None and (lines := unprintable_names(data, doc)):
        warn(glyph_warning(lines))


def write_results_pdf(db: Database, year: int, out: str, warn: Warn | None = None) -> None:
    data = gather(db, year)
    _warn_unprintable(data, "results", warn)
    write_bytes(out, render_document(data, "results"))


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
    warn: Warn | None = None,
    unit: str | None = None,
) -> None:
    """`warn` is told, before the PDF is made, of every name with a character no font can draw; `unit` prints one
    unit's page of the 考评明细."""
    if unit and doc != "detail":
        raise AppraisalError("--unit 只用于考评明细（detail）。")
    if doc in LATER:  # the district's indicator prints (seed 004) need the month and read the database
        from app.documents.district import write_district_pdf

        if not month:
            raise AppraisalError(f"{doc} 需要 --month YYYY-MM。")
        write_district_pdf(db, year, doc, month, out)
        return
    data = gather(db, year)
    _warn_unprintable(data, doc, warn)
    if warn is not None and doc in ("certificates", "notice") and (matters := open_matters(data.result)):
        # Headless there is no one to ask (the window asks first): say what is still open, then print.
        warn(f"{DOCUMENTS[doc]}按当前结果生成，尚有未定事项：" + "；".join(matters))
    if out.lower().endswith(".docx"):
        if doc not in WORD_DOCUMENTS:
            raise AppraisalError(f"{doc} 只能保存为 PDF（.docx 仅用于 {'、'.join(WORD_DOCUMENTS)}）。")
        from app.documents.notice_docx import notice_docx_bytes

        write_bytes(out, notice_docx_bytes(data))
        return
    write_bytes(
        out,
        render_document(
            data, doc, copies=copies, first_serial=first_serial, numbered=numbered, test_deck=test_deck, unit=unit
        ),
    )
