"""The year's results as an Excel workbook for other offices: a sheet per group, the cadres per pool,
the raw ballots, the adjustments, and the item scores (the re-importable 项目得分 sheet), each
formatted to print (宋体, a title row with the year and the document, header repeated, A4, fit to width, page
numbers), in words not codes (类别: the scheme's names), with the remarks of the 考评结果 page."""

from __future__ import annotations

from decimal import Decimal

from app.documents.ballots import DEMOCRATIC_MARKS
from app.documents.data import YearDocuments, gather, pool_label, unit_labels
from app.documents.output import write_bytes
from app.documents.render import Progress
from app.documents.results import CADRE_HEADER, UNIT_HEADER, cadre_remarks, prize_text, unit_remarks
from app.models.ballots.forms import subtotal
from app.models.ballots.keying import read_tallies
from app.models.db import Database
from app.models.store import read_adjustments, read_all_leader_ratings, read_democratic_ballots, read_rating_ballots
from app.models.unit_data import adjustment_categories
from app.scoring.district import DERIVED_CATEGORIES
from app.scoring.numbers import round2
from app.scoring.remarks import grade_text, result_notes
from app.workbooks.cells import append_row, sheet_title, workbook_bytes
from app.workbooks.items import SHEET as ITEM_SHEET
from app.workbooks.items import item_rows, write_item_sheet
from app.workbooks.style import HEADER_ROW, begin_sheet, new_workbook, style_sheet


def number(value: Decimal) -> Decimal:
    """Two decimals, half-up (四舍五入) like every figure; the engine's figures already carry two."""
    return round2(value)


def results_workbook_bytes(db: Database, data: YearDocuments, progress: Progress | None = None) -> bytes:
    from openpyxl.styles import PatternFill

    year = data.year
    workbook = new_workbook()
    notes = result_notes(data.result)
    taken: set[str] = {ITEM_SHEET.lower()}
    first = True
    tie_fill = PatternFill("solid", fgColor="FFF2CC")
    unit_short = unit_labels(data.scheme)
    for group, units in data.units_by_group().items():
        ws = workbook.active if first else workbook.create_sheet()
        first = False
        rule = data.scheme.groups.get(group)
        ws.title = sheet_title(rule.name if rule else f"第{group}组", taken)
        title = f"{year}年度科室（单位）绩效考评结果　{rule.name if rule else f'第{group}组'}"
        begin_sheet(ws, title, UNIT_HEADER)
        for u in units:
            append_row(
                ws,
                [
                    u.rank,
                    u.name,
                    *(number(v) for v in (u.common, u.business, u.leaders, u.heads, u.bonus, u.deduction, u.total)),
                    prize_text(u),
                    grade_text(u),
                    unit_remarks(u, notes.get(u.name, ())),
                ],
            )
            if (u.tie and not u.decided) or u.veto:  # open matters for the committee stand out
                for cell in ws[ws.max_row]:
                    cell.fill = tie_fill
        style_sheet(ws, [6, 30, 10, 10, 11, 11, 8, 8, 10, 9, 8, 24], title)
        for row in ws.iter_rows(min_row=HEADER_ROW + 1, min_col=3, max_col=9):
            for cell in row:
                cell.number_format = "0.00"
    summaries = {p.pool: p for p in data.result.pools}
    for pool, cadres in data.cadres_by_pool().items():
        ws = workbook.create_sheet(sheet_title(f"干部-{pool_label(pool)}", taken))
        summary = summaries.get(pool)
        quota = (
            f"（{summary.size} 人，优秀名额 {summary.quota} 名，现评优秀 {summary.excellent} 人）" if summary else ""
        )
        title = f"{year}年度干部年度考核结果　{pool_label(pool)}{quota}"
        # The committee's columns: 所得票数 and 打分人数 beside the figures they divide (民主测评、领导评价).
        begin_sheet(ws, title, (*CADRE_HEADER[:8], "所得票数", "打分人数", *CADRE_HEADER[8:]))
        for c in cadres:
            append_row(
                ws,
                [
                    c.rank_in_pool,
                    c.name,
                    unit_short.get(c.unit, c.unit),
                    *(number(v) for v in (c.democratic, c.leaders, c.bonus, c.deduction, c.total)),
                    c.votes,
                    c.raters,
                    grade_text(c),
                    cadre_remarks(c, notes.get(c.id, ())),
                ],
            )
            if c.tie and not c.decided:
                for cell in ws[ws.max_row]:
                    cell.fill = tie_fill
        style_sheet(ws, [6, 10, 22, 10, 10, 8, 8, 10, 9, 9, 11, 28], title)
        for row in ws.iter_rows(min_row=HEADER_ROW + 1, min_col=4, max_col=8):
            for cell in row:
                cell.number_format = "0.00"
    write_quotas(workbook.create_sheet(sheet_title("优秀名额", taken)), data)
    steps = 6
    report = progress or (lambda done, total: None)
    report(1, steps)
    write_item_sheet(workbook.create_sheet(), item_rows(db, year), year)
    write_rating_ballots(workbook.create_sheet(sheet_title("单位评分票", taken)), db, data)
    report(2, steps)
    write_democratic(workbook.create_sheet(sheet_title("民主测评票", taken)), db, data)
    report(3, steps)
    write_leader_ratings(workbook.create_sheet(sheet_title("领导评价", taken)), db, data)
    write_adjustments(workbook.create_sheet(sheet_title("加减分", taken)), db, data)
    report(4, steps)
    workbook.properties.title = f"{year}年度考评结果"
    workbook.properties.creator = "考评通"
    workbook.properties.subject = data.stamp()
    content = workbook_bytes(workbook)
    report(steps, steps)
    return content


def write_quotas(ws, data: YearDocuments) -> None:
    """Per pool: its people, the quota and how it was reached (干部办法五（一）), the 优秀 now, who is still open."""
    title = f"{data.year}年度干部优秀名额"
    begin_sheet(
        ws,
        title,
        ("类别及职务层次", "人数", "参加考核", "优秀名额", "计算", "现评优秀", "一等奖科室负责人", "待定或暂定"),
    )
    names = {c.id: c.name for c in data.result.cadres}
    for pool in data.result.pools:
        members = [c for c in data.result.cadres if c.pool == pool.pool]
        open_ones = [c.name for c in members if c.provisional]
        append_row(
            ws,
            [
                pool_label(pool.pool),
                pool.size,
                pool.base,
                pool.quota,
                pool.computation.text() if pool.computation else "",
                pool.excellent,
                "、".join(names[c] for c in pool.heads_first),
                "、".join(open_ones),
            ],
        )
    style_sheet(ws, [18, 7, 9, 9, 60, 9, 20, 24], title)


def write_rating_ballots(ws, db: Database, data: YearDocuments) -> None:
    criteria = [c["name"] for c in data.scheme.body["criteria"]["leaders"]["items"]]
    begin_sheet(ws, f"{data.year}年度定性考核评分票", ("评分表", "编号", "科室（单位）", *criteria, "小计", "废票"))
    forms = {"leaders": "班子成员", "heads": "科室负责人"}
    order = {u.name: i for i, u in enumerate(data.scheme.units)}
    for ballot in read_rating_ballots(db, data.year):
        for unit in sorted(ballot.scores, key=lambda name: order.get(name, 99)):
            values = ballot.scores[unit]
            append_row(
                ws,
                (
                    forms.get(ballot.form, ballot.form),
                    ballot.serial,
                    unit,
                    *values,
                    subtotal(values),
                    ballot.void or "",
                ),
            )
    style_sheet(ws, [11, 6, 22, 9, 12, 12, 9, 9, 7, 16], f"{data.year}年度定性考核评分票")


def write_democratic(ws, db: Database, data: YearDocuments) -> None:
    """One row per cadre (ballot order): the counts, then the mark on every ballot (第 n 票; 废票 marked)."""
    ballots = read_democratic_ballots(db, data.year)
    marks = [ballot.marks for ballot in ballots]
    tallies = read_tallies(db, data.year)
    unit_short = {u.name: u.short for u in data.scheme.units}
    begin_sheet(
        ws,
        f"{data.year}年度民主测评票",
        (
            "人员编号",
            "姓名",
            "科室（单位）",
            *DEMOCRATIC_MARKS,
            "来源",
            *(f"第{b.serial}票" + ("（废）" if b.void else "") for b in ballots),
        ),
    )
    for cadre in data.roster:
        row = [marks_of.get(cadre.id, "") for marks_of in marks]
        if cadre.id in tallies:
            counts, source = list(tallies[cadre.id]), "手工汇总"
        else:
            valid = [b.marks.get(cadre.id) for b in ballots if not b.void]
            counts, source = [valid.count(mark) for mark in DEMOCRATIC_MARKS], "逐票录入"
        append_row(ws, (cadre.id, cadre.name, unit_short.get(cadre.unit, cadre.unit), *counts, source, *row))
    style_sheet(ws, [9, 9, 16, 6, 6, 8, 7, 9] + [7] * len(ballots), f"{data.year}年度民主测评票")
    ws.freeze_panes = f"D{HEADER_ROW + 1}"
    ws.print_title_cols = "A:C"
    ws.page_setup.fitToWidth = 0  # many ballots: several pages wide, names repeated on each


def write_leader_ratings(ws, db: Database, data: YearDocuments) -> None:
    names = {c.id: (c.name, c.unit) for c in data.roster}
    items = [i["name"] for i in data.scheme.body["cadres"]["leaders"]["items"]]
    begin_sheet(ws, f"{data.year}年度领导评价", ("评分人编号", "人员编号", "姓名", "科室（单位）", *items, "合计"))
    for rater, cadre_id, values in read_all_leader_ratings(db, data.year):
        name, unit = names.get(cadre_id, ("", ""))
        append_row(ws, (rater, cadre_id, name, unit, *values, subtotal(values)))
    style_sheet(ws, [10, 10, 10, 22, 6, 6, 6, 6, 6, 8], f"{data.year}年度领导评价", landscape=False)


def write_adjustments(ws, db: Database, data: YearDocuments) -> None:
    names = {c.id: c.name for c in data.roster}
    categories = {(kind, c.id): c.name for kind in ("unit", "cadre") for c in adjustment_categories(data.scheme, kind)}
    categories.update({("unit", cid): name for cid, (_kind, name) in DERIVED_CATEGORIES.items()})
    begin_sheet(
        ws,
        f"{data.year}年度加减分",
        ("对象", "加/减分", "类别", "事项", "分值", "涉及科室（单位）或人员", "分配比例", "日期", "备注"),
    )
    for row in read_adjustments(db, data.year):
        targets = [names.get(t, t) if row.target_kind == "cadre" else t for t in row.targets]
        append_row(
            ws,
            (
                "科室（单位）" if row.target_kind == "unit" else "干部",
                "加分" if row.kind == "bonus" else "减分",
                categories.get((row.target_kind, row.category), row.category),  # the scheme's name, not the id
                row.matter or "",
                row.points,
                "、".join(targets),
                "" if row.shares is None else "、".join(str(s) for s in row.shares),
                row.date or "",
                row.note or "",
            ),
        )
    style_sheet(ws, [12, 8, 30, 30, 7, 30, 12, 11, 20], f"{data.year}年度加减分")


def write_results_workbook(db: Database, year: int, out: str) -> None:
    """`appraisal results --format xlsx`: the workbook of the year's results."""
    write_bytes(out, results_workbook_bytes(db, gather(db, year)))
