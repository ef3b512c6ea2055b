"""The progress history of the 市对区考绩指标 as an Excel workbook: every month's 附1 rows, the ranks month by
month (one row per indicator), and the 考绩法 events with their points."""

from __future__ import annotations

from app.models.db import Database
from app.models.district.events import district_result, read_events
from app.models.district.indicators import read_indicators, read_peers
from app.models.district.reports import read_reports
from app.models.district.status import flag_text, month_flags
from app.models.district.wording import CATEGORY_NAMES, GROUP_NAMES, comparison_text
from app.models.errors import AppraisalError
from app.workbooks.cells import append_row, workbook_bytes
from app.workbooks.style import FONT, new_workbook


def progress_history_bytes(db: Database, year: int) -> bytes:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    indicators = read_indicators(db, year)
    if not indicators:
        raise AppraisalError(f"{year} 年度还没有市对区考绩指标。")
    peers = read_peers(db, year)
    reports = read_reports(db, year)
    names = {i.id: i for i in indicators}
    order = {i.id: n for n, i in enumerate(indicators)}
    bold = Font(name=FONT, bold=True)
    title_font = Font(name=FONT, size=14, bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    flagged_fill = PatternFill("solid", fgColor="F8C4C4")

    book = new_workbook()
    sheet = book.active
    sheet.title = "逐月进展"
    append_row(sheet, [f"{year}年市对区考绩指标逐月进展"])
    header = ["月份", "序号", "考绩指标", "牵头单位", "考核主要内容", "最新排名", "预估"]
    header += [f"{p}排名" for p in peers]
    header += [
        "目前三区比较情况",
        "年终承诺目标",
        "进展情况",
        "单位主要负责人签字",
        "区分管领导审签",
        "报送日期",
        "标记",
    ]
    append_row(sheet, header)
    flags_by_month = {
        month: {f.indicator: f for f in month_flags(db, year, month)} for month in sorted({r.month for r in reports})
    }
    for report in sorted(reports, key=lambda r: (r.month, order.get(r.indicator, 999))):
        indicator = names.get(report.indicator)
        if indicator is None:
            continue
        flag = flags_by_month[report.month].get(report.indicator)
        kinds = flag_text(flag)[0] if flag is not None and flag.flagged else ""
        append_row(
            sheet,
            [
                report.month,
                order[report.indicator] + 1,
                indicator.name,
                indicator.lead_unit or "",
                indicator.content or "",
                report.rank,
                "是" if report.estimated else "",
                *(report.peer_ranks.get(p) for p in peers),
                comparison_text(report, peers),
                indicator.target or "",
                report.progress or "",
                "已签" if report.signed else "未签",
                "已签" if report.leader_signed else "未签",
                report.submitted or "",
                kinds,
            ],
        )
        if kinds:
            for cell in sheet[sheet.max_row]:
                cell.fill = flagged_fill
    widths = [9, 6, 18, 14, 18, 9, 6, *([9] * len(peers)), 36, 14, 40, 10, 10, 12, 16]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for cell in sheet[2]:
        cell.font = bold
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = wrap
    sheet.freeze_panes = "D3"

    trend = book.create_sheet("排名走势")
    months = sorted({r.month for r in reports})
    append_row(trend, [f"{year}年市对区考绩指标排名走势"])
    append_row(trend, ["考绩指标", "牵头单位", *(f"{int(m[5:])}月" for m in months)])
    ranks = {(r.indicator, r.month): r for r in reports}
    for indicator in indicators:
        row: list[object] = [indicator.name, indicator.lead_unit or ""]
        for month in months:
            report = ranks.get((indicator.id, month))
            row.append(None if report is None else report.rank)
        append_row(trend, row)
    for cell in trend[2]:
        cell.font = bold
    trend.column_dimensions["A"].width = 18
    trend.column_dimensions["B"].width = 14

    events = book.create_sheet("考绩法加减分")
    append_row(events, [f"{year}年考绩法加减分"])
    # One column for both derived kinds: a bonus names its 考绩贡献加分 units, a deduction its 责任单位.
    append_row(events, ["日期", "类别", "事项", "加/减", "本项分值", "记入单位（考绩贡献加分／失分扣分）"])
    for row_event in read_events(db, year):
        append_row(
            events,
            [
                row_event.body.get("date") or "",
                CATEGORY_NAMES[row_event.category],
                row_event.body.get("matter") or "",
                "加分" if row_event.kind == "bonus" else "减分",
                float(row_event.points),
                "、".join(row_event.credited_units if row_event.kind == "bonus" else row_event.charged_units),
            ],
        )
    result = district_result(db, year)
    append_row(events, [])
    for group, amount in result.by_category.items():
        append_row(events, ["", GROUP_NAMES[group], "（本项封顶后）", "", float(amount), ""])
    append_row(events, ["", "加分合计（最高 30 分）", "", "", float(result.bonus), ""])
    append_row(events, ["", "减分合计（最高 30 分）", "", "", float(result.deduction), ""])
    append_row(events, ["", "净得分", "", "", float(result.net), ""])
    for cell in events[2]:
        cell.font = bold
    for title_sheet in (sheet, trend, events):
        title_sheet["A1"].font = title_font
    for column, width in zip("ABCDEF", (12, 26, 30, 8, 10, 24), strict=True):
        events.column_dimensions[column].width = width

    return workbook_bytes(book)


def write_progress_history(db: Database, year: int, out: str) -> None:
    from app.documents.output import write_bytes

    write_bytes(out, progress_history_bytes(db, year))
