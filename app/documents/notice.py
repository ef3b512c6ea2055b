"""The notice of commendation (通报表彰) in the national format for party and government documents,
GB/T 9704-2012 《党政机关公文格式》:

- A4; 天头 (top margin) 37 mm, 订口 (left margin) 28 mm; 版心 (text block) 156 mm × 225 mm (5.2);
- body 3号 (16 pt) 仿宋, 22 lines a page × 28 characters a line, filling the block (5.2.2);
- 发文机关标志 red, 小标宋, centred, its top edge 35 mm below the block's top (7.2.2);
- 发文字号 two lines below it, centred, year in hexagonal brackets 〔〕 (7.2.4: 〔2018〕1号);
- a red rule as wide as the block 4 mm below the document number (7.2.6);
- 标题 2号 小标宋 two lines below the rule (7.3.1); 主送机关 one line below the title, flush left (7.3.2);
- 发文机关署名 one line below the body, 2 characters in from the right, 成文日期 on the next line starting
  2 characters right of the signature's first character; a 成文日期 longer than that ends 2 characters (32 pt)
  in from the right and pushes the signature left (7.3.5.2). Sealed (7.3.5.1, an option): 成文日期 4 characters
  in, the signature centred over it, two empty lines above them for the seal;
- 附件 (the district's table) on pages of their own after the 成文日期 and before the 版记, numbered on (7.3.7);
- 页码 4号 半角 宋体 "— 1 —", its dashes 7 mm below the block, odd pages right and even pages left, one
  character in (7.5);
- 版记 on the document's last face: 印发机关 (one character in) and 印发日期 "…印发" (one character from the
  right) on the last line, between two thick rules as wide as the block, the end rule on the block's bottom
  edge (7.4.1: 末条分隔线与公文最后一面的版心下边缘重合; 7.4.3). Printed on both sides (6.2: 双面印刷) the
  last face is an even page: a body ending on an odd page puts the 版记 on the next (even) page, numbered as
  usual — no blank page comes before it; a body filling an even page to its last line needs a new sheet: a
  blank odd page, then the 版记 page, and neither carries a number (7.5: 公文的版记页前有空白页的，空白页和
  版记页均不编排页码). A 抄送 line (4号, one character in on both sides, continuation lines aligned after the
  colon, a full stop at the end) stands above the 印发 line, a thin rule between them (7.4.1, 7.4.2).
- Running text writes dates out and puts no space between a Chinese character and a number.

The layout is computed first (`NoticeRenderer.layout()`, plain numbers in points) and then drawn, so the
geometry is testable without parsing the PDF."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from io import BytesIO

from app.documents.data import YearDocuments, running_text
from app.documents.fonts import FontSet
from app.documents.render import MM, NO_LINE_END, NO_LINE_START, PdfRenderer, text_runs

PAGE_W, PAGE_H = 210 * MM, 297 * MM
TOP_MARGIN, LEFT_MARGIN = 37 * MM, 28 * MM
BLOCK_W, BLOCK_H = 156 * MM, 225 * MM
LINES, CHARS = 22, 28
BODY_SIZE = 16.0  # 3号
TITLE_SIZE = 22.0  # 2号
FOLIO_SIZE = 14.0  # 4号
COLOPHON_SIZE = 14.0  # 4号
HEADING_ROLE = "hei"  # 一级标题 (黑体): kept with the line after it
PITCH_X = BLOCK_W / CHARS
PITCH_Y = BLOCK_H / LINES
RED = (0.86, 0.0, 0.0)
ASCENT, DESCENT = 0.86, 0.14  # share of the em above / below the baseline (CJK faces)
AUTHORITY_GAP = 35 * MM
RULE_GAP = 4 * MM
FOLIO_GAP = 7 * MM
THICK_RULE = 0.35 * MM
THIN_RULE = 0.25 * MM
PROVISIONAL_NOTE = "暂定稿：标注“暂定”的奖项和等次尚未确定，定稿前不得印发。"


@dataclass
class PlacedText:
    text: str
    x: float  # left end of the text
    baseline: float
    role: str
    size: float
    color: tuple[float, float, float] = (0, 0, 0)
    char_space: float = 0.0
    line: int | None = None  # grid line (0…21) for text on the line grid


@dataclass
class Rule:
    x1: float
    x2: float
    y: float
    width: float
    color: tuple[float, float, float] = (0, 0, 0)


@dataclass
class NoticePage:
    number: int
    texts: list[PlacedText] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    folio: PlacedText | None = None
    folio_dash_y: float = 0.0
    numbered: bool = True  # False: the blank page before a 版记 page, and that 版记 page (7.5)
    attachment: int | None = None  # the n-th page of the 附件 (drawn by the renderer), else None


@dataclass
class Flow:
    """A paragraph or line on the line grid."""

    text: str
    role: str = "fangsong"
    size: float = BODY_SIZE
    indent: int = 2  # characters (first line)
    align: str = "left"  # left | center | right
    right_pad: int = 0  # characters from the right (right-aligned lines)
    shift: float = 0.0  # extra x offset in points


def block_top() -> float:
    return PAGE_H - TOP_MARGIN


def block_bottom() -> float:
    return block_top() - BLOCK_H


def line_baseline(line: int, size: float = BODY_SIZE) -> float:
    """Baseline of grid line `line` (0 = first) for text of `size`, centred in the line's height."""
    top = block_top() - line * PITCH_Y
    return top - (PITCH_Y - size) / 2 - size * ASCENT


def line_of(y: float) -> int:
    """The first grid line whose top is at or below y."""
    index = 0
    while block_top() - index * PITCH_Y > y + 0.01:
        index += 1
    return index


class NoticeRenderer(PdfRenderer):
    pagesize = (PAGE_W, PAGE_H)

    def __init__(self, data: YearDocuments, fonts: FontSet | None = None) -> None:
        super().__init__(fonts or data.fonts(), stamp=data.stamp())
        self.data = data
        self.settings = data.notice
        self.title = self.settings.notice_title(data.year, data.prefix)

    def document_date(self) -> str:
        """成文日期: as set, else the assessment's date, else a blank to fill in (never silently the print day)."""
        return self.settings.notice_date(self.proposed_date(), self.data.year)

    def proposed_date(self) -> date | None:
        return self.data.assessment_date

    def print_date(self) -> str:
        return self.settings.notice_print_date(self.proposed_date(), self.data.year)

    # --- 附件 pages (none here; the district notice binds its table) ---------------------------------------

    def attachment_pages(self) -> int:
        return 0

    def draw_attachment(self, canvas, page: NoticePage) -> None:
        raise NotImplementedError

    # --- measuring -----------------------------------------------------------------------------

    def char_space(self, size: float) -> float:
        """Extra space per character so 28 full-width 3号 characters fill the 156 mm line."""
        return PITCH_X - size if size == BODY_SIZE else 0.0

    def advance(self, text: str, role: str, size: float) -> float:
        return self.width_of(text, role, size) + len(text) * self.char_space(size)

    def extent(self, text: str, role: str = "fangsong", size: float = BODY_SIZE) -> float:
        """From the first glyph's left edge to the last glyph's right edge (no spacing after the last)."""
        return self.advance(text, role, size) - (self.char_space(size) if text else 0.0)

    def break_lines(self, text: str, role: str, size: float, first_width: float, width: float) -> list[str]:
        lines: list[str] = []
        line = ""
        limit = first_width
        for char in text:
            if self.advance(line + char, role, size) <= limit + 0.01 or not line:
                line += char
                continue
            if (char in NO_LINE_START or line[-1] in NO_LINE_END) and len(line) > 1:
                # Carry back far enough that the new line does not start with closing punctuation either
                # (“起效）” + “。” → “效）。”) and the old one does not end with an opening mark.
                cut = len(line) - 1
                while cut > 1 and (line[cut] in NO_LINE_START or line[cut - 1] in NO_LINE_END):
                    cut -= 1
                lines.append(line[:cut])
                line = line[cut:] + char
            else:
                lines.append(line)
                line = char
            limit = width
        lines.append(line)
        return lines

    # --- content -------------------------------------------------------------------------------

    def content(self) -> list[Flow]:
        data = self.data
        settings = self.settings
        flows = [Flow(settings.opening_text(data.year, data.prefix))]
        # Nothing printed as final that can still change: each provisional prize or 优秀 is marked where it is
        # named, and the draft says so above the body (the window asks first, the CLI warns; paper does neither).
        printed = [*(u for u in data.result.units if u.prize or u.special_award), *data.excellent_cadres()]
        printed += data.special_award_cadres()
        if any(subject.provisional for subject in printed):
            flows.insert(0, Flow(PROVISIONAL_NOTE, role=HEADING_ROLE))

        def named(subject) -> str:
            return f"{subject.name}（暂定）" if subject.provisional else subject.name

        sections: list[tuple[str, list[str]]] = []
        for prize, grade in (("一等奖", "优秀"), ("二等奖", "良好")):
            entries = []
            for group, units in data.units_by_group().items():
                names = [named(u) for u in units if u.prize == prize]
                if names:
                    rule = data.scheme.groups.get(group)
                    entries.append(f"{rule.name if rule else group}：{'、'.join(names)}")
            if entries:
                sections.append((f"{prize}（{grade}等次）科室（单位）", entries))
        special = [named(u) for u in data.special_award_units()]
        if special:
            sections.append(("突出业绩奖科室（单位）", ["、".join(special)]))
        excellent = data.excellent_cadres()
        if excellent:
            # One spelling per unit in one document: the scheme's full name, as in the prize lists above.
            by_unit: dict[str, list[str]] = {}
            for cadre in excellent:
                by_unit.setdefault(data.scheme.resolve_unit(cadre.unit) or cadre.unit, []).append(named(cadre))
            sections.append(
                (
                    f"年度考核优秀等次人员（{len(excellent)}名）",
                    [f"{unit}：{'、'.join(names)}" for unit, names in by_unit.items()],
                )
            )
        # 干部办法五：设 1—2 名突出贡献奖…以市经信委文件形式予以通报表彰 (only those granted: 称职 or better).
        awarded = data.special_award_cadres()
        if awarded:
            sections.append(
                (
                    f"突出贡献奖（{len(awarded)}名）",
                    ["、".join(f"{named(c)}（{data.scheme.resolve_unit(c.unit) or c.unit}）" for c in awarded)],
                )
            )
        numerals = "一二三四五六七八九十"
        for index, (heading, entries) in enumerate(sections):
            flows.append(Flow(f"{numerals[index]}、{heading}", role=HEADING_ROLE))
            flows.extend(Flow(entry) for entry in entries)
        if settings.closing:
            flows.append(Flow(settings.closing))
        return flows

    # --- layout --------------------------------------------------------------------------------

    def signature(self) -> list[Flow]:
        """发文机关署名 and 成文日期 with the empty lines above them (7.3.5.1 sealed, 7.3.5.2 not)."""
        left, right = LEFT_MARGIN, LEFT_MARGIN + BLOCK_W
        issuer = running_text(self.settings.issuer)
        day = running_text(self.document_date())
        issuer_w, date_w = self.extent(issuer), self.extent(day)
        if self.settings.sealed:  # 成文日期右空四字; 署名 centred over it; room for the seal above
            date_x = right - 4 * BODY_SIZE - date_w
            issuer_x = date_x + (date_w - issuer_w) / 2
            empty = 2
        else:  # 署名右空二字; 成文日期首字右移二字, or 右空二字 when longer (署名 moves left with it)
            issuer_x = right - 2 * BODY_SIZE - issuer_w
            date_x = issuer_x + 2 * PITCH_X
            overflow = date_x + date_w - (right - 2 * BODY_SIZE)
            if overflow > 0:
                issuer_x -= overflow
                date_x -= overflow
            empty = 1
        return [
            *(Flow("", indent=0) for _ in range(empty)),
            Flow(issuer, indent=0, shift=issuer_x - left),
            Flow(day, indent=0, shift=date_x - left),
        ]

    def colophon_lines(self) -> list[str]:
        """The 抄送 line(s) of the 版记: after the first, lines align with the first name after the colon."""
        cc = running_text(self.settings.cc_text())
        if not cc:
            return []
        one = PITCH_X
        lead = self.width_of("抄送：", "fangsong", COLOPHON_SIZE)
        lines = self.break_lines(cc, "fangsong", COLOPHON_SIZE, BLOCK_W - 2 * one, BLOCK_W - 2 * one - lead)
        return lines

    def layout(self) -> list[NoticePage]:
        data = self.data
        settings = self.settings
        left, right = LEFT_MARGIN, LEFT_MARGIN + BLOCK_W
        page = NoticePage(1)
        pages = [page]
        # 发文机关标志
        authority = settings.authority
        size = min(60.0, self.fit_size(authority, "xbs", 60, BLOCK_W))
        mark_top = block_top() - AUTHORITY_GAP
        mark_baseline = mark_top - size * ASCENT
        width = self.width_of(authority, "xbs", size)
        page.texts.append(PlacedText(authority, (PAGE_W - width) / 2, mark_baseline, "xbs", size, RED))
        # 发文字号: two empty lines below the mark
        number = settings.document_number(data.year)
        number_line = line_of(mark_baseline - size * DESCENT) + 2
        number_baseline = line_baseline(number_line)
        width = self.advance(number, "fangsong", BODY_SIZE)
        page.texts.append(
            PlacedText(
                number,
                (PAGE_W - width) / 2,
                number_baseline,
                "fangsong",
                BODY_SIZE,
                (0, 0, 0),
                self.char_space(BODY_SIZE),
                number_line,
            )
        )
        rule_y = number_baseline - BODY_SIZE * DESCENT - RULE_GAP
        page.rules.append(Rule(left, right, rule_y, 1.0, RED))
        # 标题: two empty lines below the rule, centred, lines of even length
        line = line_of(rule_y) + 2
        for text in self.title_lines(self.title):
            width = self.width_of(text, "xbs", TITLE_SIZE)
            page.texts.append(
                PlacedText(text, (PAGE_W - width) / 2, line_baseline(line, TITLE_SIZE), "xbs", TITLE_SIZE, line=line)
            )
            line += 1
        line += 1  # 主送机关 one line below the title
        flows = [Flow(settings.addressee, indent=0), *self.content()]
        flows = [Flow(running_text(f.text), f.role, f.size, f.indent, f.align, f.right_pad, f.shift) for f in flows]
        flows.extend(self.signature())
        for flow in flows:
            indent = flow.indent * PITCH_X
            wrapped = (
                self.break_lines(flow.text, flow.role, flow.size, BLOCK_W - indent, BLOCK_W) if flow.text else [""]
            )
            if flow.role == HEADING_ROLE and line + len(wrapped) >= LINES:
                line = LINES  # a heading goes overleaf with its first entry, never alone on a page's last line
            for index, text in enumerate(wrapped):
                if line >= LINES:
                    page = NoticePage(page.number + 1)
                    pages.append(page)
                    line = 0
                x = left + flow.shift + (indent if index == 0 else 0)
                if text:
                    page.texts.append(
                        PlacedText(
                            text,
                            x,
                            line_baseline(line, flow.size),
                            flow.role,
                            flow.size,
                            line=line,
                            char_space=self.char_space(flow.size),
                        )
                    )
                line += 1
        for index in range(self.attachment_pages()):  # 附件另面编排，在版记之前 (7.3.7)
            page = NoticePage(page.number + 1, attachment=index)
            pages.append(page)
            line = LINES
        cc_lines = self.colophon_lines()
        page = self.colophon_page(pages, line, 1 + len(cc_lines))
        last = LINES - 1
        first = last - len(cc_lines)
        page.rules.append(Rule(left, right, block_top() - first * PITCH_Y, THICK_RULE))
        if cc_lines:  # 抄送 above 印发, a thin rule between them
            page.rules.append(Rule(left, right, block_top() - last * PITCH_Y, THIN_RULE))
        page.rules.append(Rule(left, right, block_bottom(), THICK_RULE))
        one = PITCH_X  # 左空一字 / 右空一字: one character of the grid
        lead = self.width_of("抄送：", "fangsong", COLOPHON_SIZE)
        for index, text in enumerate(cc_lines):
            x = left + one + (lead if index else 0)
            row = first + index
            page.texts.append(
                PlacedText(text, x, line_baseline(row, COLOPHON_SIZE), "fangsong", COLOPHON_SIZE, line=row)
            )
        baseline = line_baseline(last, COLOPHON_SIZE)
        printer = settings.printer
        printed = f"{running_text(self.print_date())}印发"
        page.texts.append(PlacedText(printer, left + one, baseline, "fangsong", COLOPHON_SIZE, line=last))
        width = self.width_of(printed, "fangsong", COLOPHON_SIZE)
        page.texts.append(PlacedText(printed, right - one - width, baseline, "fangsong", COLOPHON_SIZE, line=last))
        for each in pages:
            if each.numbered:
                self.place_folio(each)
        return pages

    @staticmethod
    def colophon_page(pages: list[NoticePage], line: int, rows: int = 1) -> NoticePage:
        """The page the 版记 goes on — the last face, an even page (版记应置于公文最后一面; printed on both
        sides) — adding pages after the body's last page (`pages[-1]`, next free grid line `line`) as needed;
        the 版记 takes the page's last `rows` lines."""
        page = pages[-1]
        if page.number % 2:  # the body ends on a front side: the 版记 goes on its back, numbered as usual
            page = NoticePage(page.number + 1)
            pages.append(page)
        elif line > LINES - rows:  # an even page without room: a new sheet, blank front, 版记 on the back
            blank = NoticePage(page.number + 1, numbered=False)
            page = NoticePage(page.number + 2, numbered=False)
            pages.extend((blank, page))
        return page

    def title_lines(self, title: str) -> list[str]:
        """The title in as few lines as fit, of about equal length, never breaking inside quotation marks or
        brackets nor before closing punctuation (7.3.1: 回行时，要做到词意完整，排列对称)."""
        fits = lambda text: self.width_of(text, "xbs", TITLE_SIZE) <= BLOCK_W  # noqa: E731
        if fits(title):
            return [title]
        safe = []  # positions where a line may end
        depth = 0
        for index, char in enumerate(title):
            depth += char in "“《（〔("
            depth -= char in "”》）〕)"
            following = title[index + 1] if index + 1 < len(title) else ""
            if depth == 0 and following not in NO_LINE_START and char not in NO_LINE_END:
                safe.append(index + 1)

        def preferred(position: int) -> bool:
            """Before an opening quotation mark or bracket, or after 的/和/及/与/度: where a phrase ends."""
            return title[position] in "“《（" or title[position - 1] in "的和及与度"

        count = 2
        while count < 6:
            target = len(title) / count
            lines, start = [], 0
            for part in range(1, count):
                ideal = round(target * part)
                candidates = [p for p in safe if start < p < len(title)]
                if not candidates:
                    break
                end = min(candidates, key=lambda p, i=ideal: abs(p - i) - 2.5 * preferred(p))
                lines.append(title[start:end])
                start = end
            lines.append(title[start:])
            if all(fits(line) for line in lines) and "" not in lines:
                return lines
            count += 1
        return self.break_lines(title, "xbs", TITLE_SIZE, BLOCK_W, BLOCK_W)

    def place_folio(self, page: NoticePage) -> None:
        text = f"— {page.number} —"
        width = self.width_of(text, "song", FOLIO_SIZE)
        dash_y = block_bottom() - FOLIO_GAP
        baseline = dash_y - FOLIO_SIZE * 0.3  # the dash sits about 0.3 em above the baseline
        one = self.width_of("一", "song", FOLIO_SIZE)
        x = LEFT_MARGIN + BLOCK_W - one - width if page.number % 2 else LEFT_MARGIN + one
        page.folio = PlacedText(text, x, baseline, "song", FOLIO_SIZE)
        page.folio_dash_y = dash_y

    # --- drawing -------------------------------------------------------------------------------

    def draw(self, canvas) -> None:
        for page in self.layout():
            if page.attachment is not None:
                canvas.saveState()
                self.draw_attachment(canvas, page)
                canvas.restoreState()
            for rule in page.rules:
                canvas.setStrokeColorRGB(*rule.color)
                canvas.setLineWidth(rule.width)
                canvas.line(rule.x1, rule.y, rule.x2, rule.y)
            for placed in [*page.texts, *([page.folio] if page.folio else [])]:
                text = canvas.beginText(placed.x, placed.baseline)
                text.setCharSpace(placed.char_space)
                text.setFillColorRGB(*placed.color)
                text_runs(text, self.fonts, placed.text, placed.role, placed.size)
                canvas.drawText(text)
            canvas.showPage()

    def build(self, buffer: BytesIO) -> None:
        canvas = self.new_canvas(buffer)
        self.draw(canvas)
        canvas.save()
