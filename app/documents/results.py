"""The ranked results for the committee (委党委审定): per group every component, then the cadres per pool.
A4 landscape, the header row repeated on every page, 第 n 页 共 m 页, year and date in the title,
ties (并列, 待党委审定) and vetoes (一票否决) marked."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

from app.documents.data import YearDocuments, chinese_date, pool_label
from app.documents.fonts import FontSet
from app.documents.markup import paragraph
from app.documents.render import MM, PdfRenderer, numbered_canvas_class
from app.scoring.numbers import round2
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


def unit_remarks(unit: UnitResult) -> str:
    notes = []
    if unit.veto:
        notes.append("一票否决")
    if unit.tie:
        notes.append("并列，已由党委审定" if unit.decided else "并列，待党委审定")
    if unit.special_award:
        notes.append("突出业绩奖")
    if unit.incomplete:
        notes.append("数据不完整")
    return "；".join(notes)


def cadre_remarks(cadre: CadreResult) -> str:
    notes = []
    if cadre.tie:
        notes.append("并列，已由党委审定" if cadre.decided else "并列，待党委审定")
    if cadre.barred:
        notes.append("不得评为优秀")
    if cadre.incomplete:
        notes.append("数据不完整")
    return "；".join(notes)


def unit_rows(units: list[UnitResult]) -> list[tuple[str, ...]]:
    ranks = [u.rank for u in units]
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
            u.prize or "",
            u.grade or "待定",
            unit_remarks(u),
        )
        for u in units
    ]


def cadre_rows(cadres: list[CadreResult], unit_short: dict[str, str]) -> list[tuple[str, ...]]:
    ranks = [c.rank_in_pool for c in cadres]
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
            c.grade or "待定",
            cadre_remarks(c),
        )
        for c in cadres
    ]


class ResultsRenderer(PdfRenderer):
    pagesize = (297 * MM, 210 * MM)

    def __init__(self, data: YearDocuments, fonts: FontSet | None = None) -> None:
        super().__init__(fonts, stamp=data.stamp())
        self.data = data
        self.title = f"{data.year} 年度绩效考评结果"

    def styles(self):
        from reportlab.lib.styles import ParagraphStyle

        return {
            "title": ParagraphStyle("title", fontName=self.fonts["xbs"], fontSize=18, leading=26, alignment=1),
            "sub": ParagraphStyle("sub", fontName=self.fonts["song"], fontSize=11, leading=16, alignment=1),
            "h2": ParagraphStyle("h2", fontName=self.fonts["hei"], fontSize=13, leading=20, spaceBefore=6),
            "cell": ParagraphStyle("cell", fontName=self.fonts["song"], fontSize=10, leading=12, wordWrap="CJK"),
            "note": ParagraphStyle("note", fontName=self.fonts["song"], fontSize=9, leading=13, wordWrap="CJK"),
        }

    def table(
        self,
        header: tuple[str, ...],
        rows: list[tuple[str, ...]],
        widths: list[float],
        shade: list[int],
        numbers: tuple[int, int],
    ):
        from reportlab.lib import colors
        from reportlab.platypus import LongTable

        styles = self.styles()
        wrapped = {1, 2, len(header) - 1}  # names and remarks wrap inside their cells, never overflow
        body = [list(header)] + [
            [paragraph(cell, styles["cell"]) if col in wrapped and cell else cell for col, cell in enumerate(row)]
            for row in rows
        ]
        table = LongTable(body, colWidths=widths, repeatRows=1)
        style = [
            ("FONT", (0, 0), (-1, 0), self.fonts["hei"], 10),
            ("FONT", (0, 1), (-1, -1), self.fonts["song"], 10),
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("ALIGN", (0, 0), (-1, 0), "CENTER"),
            ("ALIGN", (0, 1), (0, -1), "CENTER"),
            ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.88, 0.88, 0.88)),
            ("ALIGN", (numbers[0], 1), (numbers[1], -1), "RIGHT"),
        ]
        for row in shade:
            style.append(("BACKGROUND", (0, row + 1), (-1, row + 1), colors.Color(0.95, 0.95, 0.95)))
        table.setStyle(style)
        return table

    def story(self) -> list:
        from reportlab.platypus import Spacer

        styles = self.styles()
        data = self.data
        story: list = [
            paragraph(f"{data.prefix}{data.year}年度科室（单位）绩效考评结果", styles["title"]),
            paragraph(f"（报委党委审定）　制表日期：{chinese_date(data.printed_at.date())}", styles["sub"]),
            Spacer(1, 3 * MM),
        ]
        widths = [21, 50, 19, 19, 21, 21, 15, 15, 19, 17, 15, 0]
        widths[-1] = 265 - sum(widths)
        for group, units in data.units_by_group().items():
            rule = data.scheme.groups.get(group)
            name = rule.name if rule else f"第{group}组"
            quota = f"（一等奖 {rule.first_prize} 名，二等奖 {rule.second_prize} 名）" if rule else ""
            story.append(paragraph(f"{name}{quota}", styles["h2"]))
            shade = [i for i, u in enumerate(units) if u.tie or u.veto]
            story.append(self.table(UNIT_HEADER, unit_rows(units), [w * MM for w in widths], shade, (2, 8)))
        unit_short = {u.name: u.short for u in data.scheme.units}
        cadre_widths = [21, 24, 46, 22, 22, 17, 17, 22, 18, 0]
        cadre_widths[-1] = 265 - sum(cadre_widths)
        summaries = {p.pool: p for p in data.result.pools}
        for pool, cadres in data.cadres_by_pool().items():
            summary = summaries.get(pool)
            counts = f"（{summary.size} 人，优秀名额 {summary.quota} 名）" if summary else ""
            story.append(paragraph(f"干部年度考核　{pool_label(pool)}{counts}", styles["h2"]))
            shade = [i for i, c in enumerate(cadres) if c.tie]
            story.append(
                self.table(CADRE_HEADER, cadre_rows(cadres, unit_short), [w * MM for w in cadre_widths], shade, (3, 7))
            )
        if data.result.warnings:
            story.append(paragraph("提示", styles["h2"]))
            for warning in data.result.warnings:
                story.append(paragraph(str(warning), styles["note"]))
        return story

    def footer(self, canvas, page: int, total: int) -> None:
        width, _height = self.pagesize
        canvas.setFont(self.fonts["song"], 9)
        canvas.drawCentredString(width / 2, 8 * MM, f"第 {page} 页 共 {total} 页")
        canvas.drawRightString(width - 16 * MM, 8 * MM, self.stamp)
        canvas.drawString(16 * MM, 8 * MM, f"{self.data.year} 年度考评结果")

    def build(self, buffer: BytesIO) -> None:
        from reportlab.platypus import SimpleDocTemplate

        document = SimpleDocTemplate(
            buffer,
            pagesize=self.pagesize,
            leftMargin=16 * MM,
            rightMargin=16 * MM,
            topMargin=14 * MM,
            bottomMargin=16 * MM,
            title=self.title,
            author="考评通",
            subject=self.stamp,
            keywords=self.stamp,
            creator="考评通 (ReportLab)",
        )
        document.build(self.story(), canvasmaker=numbered_canvas_class(self.fonts, self.pagesize, self.footer))
