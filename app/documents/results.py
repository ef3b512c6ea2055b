"""The ranked results for the committee (委党委审定): per group every component, then the cadres per pool.
A4 landscape; every page that continues a group or pool repeats its heading (…（续）) and the column heads; a
heading never stands at a page foot without at least three of its rows; 第 n 页 共 m 页, year and date in the
title; the remarks the 考评结果 page shows (并列待党委审定, 一票否决, 组内末位, 缺项 …); and on the last page the lines
where 制表人、审核人 and 考核办负责人 sign and date, with room for the seal."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from app.documents.data import YearDocuments, chinese_date, pool_label, unit_labels
from app.documents.fonts import FontSet
from app.documents.markup import paragraph
from app.documents.render import MM, FlowingRenderer
from app.scoring.numbers import round2
from app.scoring.remarks import cadre_notes, grade_text, unit_notes
from app.scoring.results import CadreResult, UnitResult

UNIT_HEADER = (
    "名次",
    "科室（单位）",
    "共性工作",
    "业务工作",
    "委领导评分",
    "负责人评分",
    "加分",
    "减分",
    "总分",
    "奖项",
    "等次",
    "备注",
)
CADRE_HEADER = ("名次", "姓名", "科室（单位）", "民主测评", "领导评价", "加分", "减分", "总分", "等次", "备注")


def fixed(value: Decimal) -> str:
    return f"{round2(value):.2f}"  # half-up; format() alone would round half-even


def rank_text(rank: int, shared: bool) -> str:
    return f"{rank}（并列）" if shared else str(rank)


DECIDED = "（党委审定）"
SIGNERS = ("制表人", "审核人", "考核办负责人")
SIGN_SIZE = 11
SEAL_WIDTH = 40 * MM
CELL_PADDING = 6  # ReportLab's default left and right padding of a table cell, in points
MIN_ROWS = 3  # a heading at a page foot keeps at least this many of its rows with it


def unit_remarks(unit: UnitResult, flags: Sequence[str] = ()) -> str:
    """The 备注 of the 考评结果 page (and the engine's follow-ups for the unit: 组内末位 …)."""
    return "；".join(unit_notes(unit, flags))


def cadre_remarks(cadre: CadreResult, flags: Sequence[str] = ()) -> str:
    return "；".join(cadre_notes(cadre, flags))


def prize_text(unit: UnitResult) -> str:
    """The 奖项 column as the screen shows it: the prize (党委审定 when the committee chose), 突出业绩奖."""
    prize = f"{unit.prize or '未获奖'}{DECIDED}" if unit.decided else unit.prize
    return "、".join(a for a in (prize, "突出业绩奖" if unit.special_award else None) if a)


def unit_rows(units: list[UnitResult], notes: Mapping[str, Sequence[str]] | None = None) -> list[tuple[str, ...]]:
    ranks = [u.rank for u in units]
    notes = notes or {}
    return [
        (
            rank_text(u.rank, ranks.count(u.rank) > 1),
            u.name,
            fixed(u.common),
            fixed(u.business),
            fixed(u.leaders),
            fixed(u.heads),
            fixed(u.bonus),
            fixed(u.deduction),
            fixed(u.total),
            prize_text(u),
            grade_text(u),
            unit_remarks(u, notes.get(u.name, ())),
        )
        for u in units
    ]


def cadre_rows(
    cadres: list[CadreResult], unit_short: dict[str, str], notes: Mapping[str, Sequence[str]] | None = None
) -> list[tuple[str, ...]]:
    ranks = [c.rank_in_pool for c in cadres]
    notes = notes or {}
    return [
        (
            rank_text(c.rank_in_pool, ranks.count(c.rank_in_pool) > 1),
            c.name,
            unit_short.get(c.unit, c.unit),
            fixed(c.democratic),
            fixed(c.leaders),
            fixed(c.bonus),
            fixed(c.deduction),
            fixed(c.total),
            f"{c.grade}{DECIDED}" if c.decided and c.grade else grade_text(c),
            cadre_remarks(c, notes.get(c.id, ())),
        )
        for c in cadres
    ]


def continued_table_class():
    """A LongTable whose first two rows (the group's heading, the column heads) repeat on every page it runs
    onto, the heading marked （续）; it will not split when fewer than MIN_ROWS rows would stay with the heading."""
    from reportlab.platypus import LongTable

    class ContinuedTable(LongTable):
        continued: object = None  # the heading cell for the pages after the first

        def split(self, availWidth, availHeight):
            parts = super().split(availWidth, availHeight)
            if not parts:
                return parts
            first_rows = len(parts[0]._cellvalues) - self.repeatRows
            if first_rows < min(MIN_ROWS, len(self._cellvalues) - self.repeatRows):
                return []  # the heading would stand alone at the page foot: all of it to the next page
            for part in parts[1:]:
                part.continued = self.continued
                part._cellvalues[0] = [self.continued, *part._cellvalues[0][1:]]
            return parts

    return ContinuedTable


class ResultsRenderer(FlowingRenderer):
    margins_mm = (16, 14, 16)
    footer_size = 9
    pagesize = (297 * MM, 210 * MM)

    def __init__(self, data: YearDocuments, fonts: FontSet | None = None) -> None:
        super().__init__(fonts or data.fonts(), stamp=data.stamp())
        self.data = data
        self.title = f"{data.year}年度绩效考评结果"
        self.footer_text = f"{data.year}年度考评结果"

    def styles(self):
        from reportlab.lib.styles import ParagraphStyle

        return {
            "title": ParagraphStyle("title", fontName=self.fonts["xbs"], fontSize=18, leading=26, alignment=1),
            "sub": ParagraphStyle("sub", fontName=self.fonts["song"], fontSize=11, leading=16, alignment=1),
            "h2": ParagraphStyle("h2", fontName=self.fonts["hei"], fontSize=13, leading=18),
            "cell": ParagraphStyle("cell", fontName=self.fonts["song"], fontSize=10, leading=12, wordWrap="CJK"),
            "note": ParagraphStyle("note", fontName=self.fonts["song"], fontSize=9, leading=13, wordWrap="CJK"),
            "sign": ParagraphStyle("sign", fontName=self.fonts["song"], fontSize=11, leading=15),
        }

    def paragraph(self, text: str, style: str, role: str = "song"):
        """User text (names, units, remarks) as a Paragraph: literal, other faces where the role's lacks a glyph."""
        return paragraph(text, self.styles()[style], self.fonts.runs(text, role))

    def table(
        self,
        heading: str,
        header: tuple[str, ...],
        rows: list[tuple[str, ...]],
        widths: list[float],
        shade: list[int],
        numbers: tuple[int, int],
    ):
        from reportlab.lib import colors

        # names, 奖项 and remarks wrap inside their cells, never overflow; a grade too long for its column
        # (称职（党委审定）) breaks before its bracket, so 称职 stays whole on the first line
        wrapped = {1, 2, len(header) - 1} | ({9} if header == UNIT_HEADER else set())
        grade = header.index("等次")

        def fitted(cell: str) -> str:
            if self.width_of(cell, "song", 10) <= widths[grade] - 2 * CELL_PADDING:
                return cell
            return cell.replace("（", "\n（", 1)

        body = [
            [self.paragraph(heading, "h2", "hei"), *([""] * (len(header) - 1))],
            list(header),
            *(
                [
                    self.paragraph(cell, "cell") if col in wrapped and cell else fitted(cell) if col == grade else cell
                    for col, cell in enumerate(row)
                ]
                for row in rows
            ),
        ]
        table = continued_table_class()(body, colWidths=widths, repeatRows=2)
        table.continued = self.paragraph(f"{heading}（续）", "h2", "hei")
        style = [
            ("SPAN", (0, 0), (-1, 0)),
            ("TOPPADDING", (0, 0), (-1, 0), 8),
            ("BOTTOMPADDING", (0, 0), (-1, 0), 4),
            ("LEFTPADDING", (0, 0), (-1, 0), 0),
            ("FONT", (0, 0), (-1, 1), self.fonts["hei"], 10),  # every cell names a CJK face (no Helvetica)
            ("FONT", (0, 2), (-1, -1), self.fonts["song"], 10),
            ("GRID", (0, 1), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("ALIGN", (0, 1), (-1, 1), "CENTER"),
            ("ALIGN", (0, 2), (0, -1), "CENTER"),
            ("BACKGROUND", (0, 1), (-1, 1), colors.Color(0.88, 0.88, 0.88)),
            ("ALIGN", (numbers[0], 2), (numbers[1], -1), "RIGHT"),
        ]
        for row in shade:
            style.append(("BACKGROUND", (0, row + 2), (-1, row + 2), colors.Color(0.95, 0.95, 0.95)))
        table.setStyle(style)
        return table

    def signatures(self) -> list:
        """制表人、审核人、考核办负责人: a line to sign on, the date, and the seal's room at the right (kept together)."""
        from reportlab.platypus import KeepTogether, Spacer, Table

        date = "\u3000\u3000年\u3000\u3000月\u3000\u3000日"
        row_sign: list[str] = []
        row_date: list[str] = []
        for who in SIGNERS:
            row_sign += [f"{who}（签字）：", ""]
            row_date += ["日期：", date]
        row_sign.append("（考核办公章）")
        row_date.append("")
        # Each label as wide as its text (and the cells' padding), so none runs under the line before it; the lines
        # share what is left of the 265 mm between the margins, beside 40 mm for the seal.
        from reportlab.pdfbase.pdfmetrics import stringWidth

        labels = [stringWidth(f"{who}（签字）：", self.fonts["song"], SIGN_SIZE) + 12 for who in SIGNERS]
        line = (265 * MM - SEAL_WIDTH - sum(labels)) / len(SIGNERS)
        widths = [width for label in labels for width in (label, line)] + [SEAL_WIDTH]
        table = Table([row_sign, row_date], colWidths=widths, rowHeights=[14 * MM, 10 * MM])
        style = [
            ("FONT", (0, 0), (-1, -1), self.fonts["song"], SIGN_SIZE),
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("ALIGN", (0, 0), (-1, -1), "RIGHT"),
            ("ALIGN", (1, 1), (1, 1), "LEFT"),
            ("SPAN", (-1, 0), (-1, 1)),
            ("VALIGN", (-1, 0), (-1, 1), "MIDDLE"),
            ("ALIGN", (-1, 0), (-1, 1), "CENTER"),
            ("TEXTCOLOR", (-1, 0), (-1, 1), (0.55, 0.55, 0.55)),
        ]
        for column in (1, 3, 5):  # the line to sign on; the date under it
            style.append(("LINEBELOW", (column, 0), (column, 0), 0.6, (0, 0, 0)))
            style.append(("ALIGN", (column, 1), (column, 1), "LEFT"))
        table.setStyle(style)
        return [KeepTogether([Spacer(1, 8 * MM), table])]

    def story(self) -> list:
        from reportlab.platypus import Spacer

        from app.scoring.remarks import result_notes

        data = self.data
        notes = result_notes(data.result)
        story: list = [
            self.paragraph(f"{data.prefix}{data.year}年度科室（单位）绩效考评结果", "title", "xbs"),
            self.paragraph(f"（报委党委审定）　制表日期：{chinese_date(data.printed_at.date())}", "sub"),
            Spacer(1, 3 * MM),
        ]
        # 等次 as wide as 优秀（暂定） and 不参加评优 (the longest grades) with the cell's padding
        widths = [21, 48, 19, 19, 21, 21, 14, 14, 19, 17, 19, 0]
        widths[-1] = 265 - sum(widths)
        for group, units in data.units_by_group().items():
            rule = data.scheme.groups.get(group)
            name = rule.name if rule else f"第{group}组"
            quota = f"（一等奖{rule.first_prize}名，二等奖{rule.second_prize}名）" if rule else ""
            shade = [i for i, u in enumerate(units) if u.tie or u.veto]
            rows = unit_rows(units, notes)
            story.append(self.table(f"{name}{quota}", UNIT_HEADER, rows, [w * MM for w in widths], shade, (2, 8)))
        unit_short = unit_labels(data.scheme)
        cadre_widths = [21, 24, 46, 19, 19, 17, 17, 22, 26, 0]  # 等次 holds 不参加评优 and 称职（暂定）
        cadre_widths[-1] = 265 - sum(cadre_widths)
        summaries = {p.pool: p for p in data.result.pools}
        for pool, cadres in data.cadres_by_pool().items():
            summary = summaries.get(pool)
            counts = f"（{summary.size}人，优秀名额{summary.quota}名）" if summary else ""
            shade = [i for i, c in enumerate(cadres) if c.tie]
            rows = cadre_rows(cadres, unit_short, notes)
            heading = f"干部年度考核　{pool_label(pool)}{counts}"
            story.append(self.table(heading, CADRE_HEADER, rows, [w * MM for w in cadre_widths], shade, (3, 7)))
        if data.result.warnings:
            story.append(self.paragraph("提示", "h2", "hei"))
            for warning in data.result.warnings:
                story.append(self.paragraph(str(warning), "note"))
        story.extend(self.signatures())
        return story
