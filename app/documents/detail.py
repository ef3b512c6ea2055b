"""考评明细: what the office hands a unit head who asks “why did we get this?” — one page per unit (items, ballots,
each bonus and deduction with what counted, the total, the place and the clause behind every step), then one line
per cadre, pool by pool (votes, raters, adjustments, total, place and why). Made from the same explanation as the
考评结果 page's side panel and `results --explain`."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from app.documents.data import YearDocuments, chinese_date, pool_label, unit_labels
from app.documents.fonts import FontSet
from app.documents.markup import paragraph
from app.documents.render import MM, FlowingRenderer
from app.models.errors import AppraisalError
from app.scoring.explain import Explanation, YearExplanation, explain_year
from app.scoring.explain.model import COMPONENT, OUTCOME, PROVISIONAL
from app.scoring.numbers import round2
from app.scoring.remarks import grade_text
from app.scoring.results import CadreResult, UnitResult

PARTS = (("common", "共性工作"), ("business", "业务工作"))
FORMS = (("leaders", "委领导评分（附件 4）"), ("heads", "科室负责人评分（附件 5）"))
CADRE_HEADER = ("名次", "姓名", "科室（单位）", "民主测评", "领导评价", "加分", "减分", "总分", "等次", "依据")
GRADE_WIDTH = 19  # mm: 不参加评优 on one line, 优秀（暂定） on two
CELL_PADDING = 6  # ReportLab's default left and right padding of a table cell, in points


def fixed(value: Decimal | None) -> str:
    return "—" if value is None else f"{round2(value):.2f}"


def figure(value: Decimal | None) -> str:
    """A keyed figure without trailing zeros (0.5, 2, 0.67)."""
    return "—" if value is None else f"{round2(value).normalize():f}"


@dataclass(frozen=True)
class DetailData:
    documents: YearDocuments
    explanation: YearExplanation
    unit: str | None = None  # print only this unit's page and its cadres


def detail_data(documents: YearDocuments, unit: str | None = None) -> DetailData:
    """The explanation of the gathered result, from the inputs it was computed from (no database here)."""
    if documents.inputs is None:
        raise AppraisalError("考评明细需要计分所依据的数据，请从数据文件重新生成。")
    chosen = None
    if unit:
        chosen = documents.scheme.resolve_unit(unit)
        if chosen is None:
            raise AppraisalError(f"没有名为“{unit}”的科室（单位）。")
    return DetailData(documents, explain_year(documents.inputs, documents.result), chosen)


def cadre_basis(explanation: Explanation, cadre: CadreResult) -> str:
    """The outcome lines, shortened for one table cell; what keeps it open, if anything."""
    parts = [line.text for line in explanation.lines if line.topic == OUTCOME]
    if cadre.special_award:
        parts.append("突出贡献奖")
    open_parts = [line.text.removeprefix("暂定：") for line in explanation.lines if line.topic == PROVISIONAL]
    if open_parts:
        parts.append("暂定：" + "；".join(open_parts))
    return "；".join(parts)


class DetailRenderer(FlowingRenderer):
    margins_mm = (15, 12, 15)
    footer_size = 8

    def __init__(self, detail: DetailData, fonts: FontSet | None = None) -> None:
        super().__init__(fonts, stamp=detail.documents.stamp())
        self.detail = detail
        self.title = f"{detail.documents.year}年度考评明细"
        self.footer_text = self.title
        self._styles: dict | None = None

    def styles(self):
        if self._styles is None:
            self._styles = self._make_styles()
        return self._styles

    def _make_styles(self):
        from reportlab.lib.styles import ParagraphStyle

        song, hei = self.fonts["song"], self.fonts["hei"]
        return {
            "title": ParagraphStyle("title", fontName=self.fonts["xbs"], fontSize=16, leading=24, alignment=1),
            "unit": ParagraphStyle("unit", fontName=hei, fontSize=14, leading=20, spaceBefore=2),
            "sub": ParagraphStyle("sub", fontName=song, fontSize=10, leading=15),
            "h3": ParagraphStyle("h3", fontName=hei, fontSize=11, leading=16, spaceBefore=5, spaceAfter=2),
            "cell": ParagraphStyle("cell", fontName=song, fontSize=8.5, leading=10.5, wordWrap="CJK"),
            "line": ParagraphStyle(
                "line", fontName=song, fontSize=9, leading=12.5, wordWrap="CJK", leftIndent=8, firstLineIndent=-8
            ),
        }

    def para(self, text: str, style: str):
        """User text as a Paragraph (literally), a character the style's face lacks set in one that has it."""
        role = {"title": "xbs", "unit": "hei", "h3": "hei"}.get(style, "song")
        return paragraph(text, self.styles()[style], self.fonts.runs(text, role))

    def grade_cell(self, grade: str, width_mm: float) -> str:
        """The 等次 on one line, or broken before its bracket (优秀 / （暂定）) when the column is too narrow."""
        if self.fonts.width(grade, "song", 9) <= width_mm * MM - 2 * CELL_PADDING:
            return grade
        return grade.replace("（", "\n（", 1)

    def table(self, rows: list[list], widths: list[float], numbers: tuple[int, int] | None = None, shade=()):
        from reportlab.lib import colors
        from reportlab.platypus import LongTable

        table = LongTable(rows, colWidths=[w * MM for w in widths], repeatRows=1)
        style = [
            ("FONT", (0, 0), (-1, 0), self.fonts["hei"], 9),
            ("FONT", (0, 1), (-1, -1), self.fonts["song"], 9),
            ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("ALIGN", (0, 0), (-1, 0), "CENTER"),
            ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.88, 0.88, 0.88)),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ]
        if numbers:
            style.append(("ALIGN", (numbers[0], 1), (numbers[1], -1), "RIGHT"))
        for row in shade:
            style.append(("BACKGROUND", (0, row), (-1, row), colors.Color(0.94, 0.94, 0.94)))
        table.setStyle(style)
        return table

    def unit_page(self, unit: UnitResult, explanation: Explanation) -> list:
        from reportlab.platypus import Spacer

        data = self.detail.documents
        rule = data.scheme.groups.get(unit.group)
        group = rule.name if rule else f"第{unit.group}组"
        outcome = f"等次 {unit.grade or '待定'}，奖项 {unit.prize or '无'}"
        if unit.special_award:
            outcome += "，突出业绩奖"
        flag = "（暂定）" if unit.provisional else ""
        story: list = [
            self.para(f"{data.prefix}{data.year}年度科室（单位）绩效考评明细", "title"),
            self.para(unit.name, "unit"),
            self.para(
                f"{group}　总分 {fixed(unit.total)}　组内第 {unit.rank} 名　{outcome}{flag}　"
                f"制表日期：{chinese_date(data.printed_at.date())}",
                "sub",
            ),
            self.para("一、定量考核（附件 2、3）", "h3"),
        ]
        components = explanation.data["components"]
        rows: list[list] = [["类别", "考核项目", "分值", "得分"]]
        shade = []
        for part, word in PARTS:
            entry = components[part]
            for item in entry["items"]:
                score = "未评分" if item["score"] is None else figure(item["score"])
                rows.append([word, self.para(item["title"], "cell"), figure(item["max"]), score])
            shade.append(len(rows))
            rows.append([f"{word}小计", "", figure(entry["points"]), fixed(entry["score"])])
        story.append(self.table(rows, [24, 118, 18, 20], (2, 3), shade))
        story.append(self.para("二、定性考核（附件 4、5，取平均值）", "h3"))
        rows = [["评分表", "有效张数", "废票", "合计", "得分"]]
        for form, word in FORMS:
            entry = components[form]
            rows.append([word, str(entry["ballots"]), str(entry["void"]), fixed(entry["sum"]), fixed(entry["score"])])
        story.append(self.table(rows, [64, 26, 22, 34, 34], (1, 4)))
        events = explanation.data["adjustments"]["events"]
        if events:
            story.append(self.para("三、加减分", "h3"))
            rows = [["加/减", "类别", "事项", "分值", "本单位", "计入"]]
            for event in events:
                counted = "计入" if event["counted"] else "同一事项取最大，不计"
                if event["carried_from"]:
                    counted += f"（{event['carried_from']} 年度转入）"
                rows.append(
                    [
                        "加分" if event["kind"] == "bonus" else "减分",
                        self.para(event["category_name"], "cell"),
                        self.para(event["matter"] or "", "cell"),
                        figure(event["points"]),
                        figure(event["share"]),
                        self.para(counted, "cell"),
                    ]
                )
            story.append(self.table(rows, [13, 45, 58, 14, 16, 34], (3, 4)))
        story.append(self.para("四、计分与评定依据", "h3"))
        for line in explanation.lines:
            if line.topic == COMPONENT and "缺" not in line.text:
                continue  # the tables above show them
            story.append(self.para(f"• {line.text}〔{line.clause}〕", "line"))
        story.append(Spacer(1, 2 * MM))
        return story

    def cadre_pages(self) -> list:
        data = self.detail.documents
        chosen = self.detail.unit
        story: list = [self.para(f"{data.prefix}{data.year}年度干部年度考核明细", "title")]
        if chosen:
            story.append(self.para(chosen, "unit"))
        unit_short = unit_labels(data.scheme)
        summaries = {p.pool: p for p in data.result.pools}
        for pool, cadres in data.cadres_by_pool().items():
            shown = [c for c in cadres if not chosen or c.unit == chosen]
            if not shown:
                continue
            summary = summaries[pool]
            how = f"：{summary.computation.text()}" if summary.computation else ""
            story.append(
                self.para(
                    f"{pool_label(pool)}　{summary.size} 人，优秀名额 {summary.quota} 名{how}，"
                    f"现评优秀 {summary.excellent} 人",
                    "h3",
                )
            )
            rows: list[list] = [list(CADRE_HEADER)]
            shade = []
            for cadre in shown:
                explanation = self.detail.explanation.cadres[cadre.id]
                votes = explanation.data["components"]["democratic"]["counted"]
                raters = explanation.data["components"]["leaders"]["raters"]
                if cadre.provisional:
                    shade.append(len(rows))
                rows.append(
                    [
                        str(cadre.rank_in_pool),
                        self.para(cadre.name, "cell"),
                        self.para(unit_short.get(cadre.unit, cadre.unit), "cell"),
                        # the count under the score without brackets: （148 票） was wider than the column
                        f"{fixed(cadre.democratic)}\n{votes} 票",
                        f"{fixed(cadre.leaders)}\n{raters} 人",
                        fixed(cadre.bonus),
                        fixed(cadre.deduction),
                        fixed(cadre.total),
                        self.grade_cell(grade_text(cadre), GRADE_WIDTH),
                        self.para(cadre_basis(explanation, cadre), "cell"),
                    ]
                )
            story.append(self.table(rows, [10, 15, 22, 15, 15, 11, 11, 13, GRADE_WIDTH, 49], (3, 7), shade))
        story.append(
            self.para(
                "依据：干部办法三（民主测评、领导评价、加减分）、五（一）（优秀名额）、五（二）—（四）（等次）。",
                "line",
            )
        )
        return story

    def story(self) -> list:
        from reportlab.platypus import PageBreak

        detail = self.detail
        story: list = []
        for units in detail.documents.units_by_group().values():
            for unit in units:
                if detail.unit and unit.name != detail.unit:
                    continue
                story += [*self.unit_page(unit, detail.explanation.units[unit.name]), PageBreak()]
        if detail.documents.result.cadres:
            story += self.cadre_pages()
        elif story:
            story.pop()  # no trailing blank page
        return story
