"""The notice of commendation as an editable Word file (.docx, python-docx), for the office to finish in WPS or Word
and its 公文 system: the layout of the PDF (notice.py) — A4, 天头 37 mm, 订口 28 mm, a 156 × 225 mm 版心 on a
document grid of 22 lines (28.95 pt) × 28 characters; the red 发文机关标志 and rule; 发文字号; the title's lines;
主送; the body with its headings; 署名 and 成文日期 where GB/T 9704 puts them (plain or sealed); the 版记 (抄送, 印发)
at the foot of the last, even page; page numbers "— 1 —" in the footer as PAGE fields, odd pages right and even
pages left, one character in. Faces are named as the office's PC knows them (仿宋, 方正小标宋简体 …; East Asian
names through w:eastAsia), so the file opens in the office's own faces.

Word lays the text out itself: where the PC's faces have other metrics than those the PDF was set in, a line or a
page may break elsewhere. python-docx is imported only here."""

from __future__ import annotations

import re
from io import BytesIO

from app.documents.data import YearDocuments, running_text
from app.documents.fonts import FontSet
from app.documents.notice import (
    BLOCK_H,
    BLOCK_W,
    BODY_SIZE,
    COLOPHON_SIZE,
    FOLIO_SIZE,
    HEADING_ROLE,
    LEFT_MARGIN,
    LINES,
    PAGE_H,
    PAGE_W,
    PITCH_X,
    PITCH_Y,
    RULE_GAP,
    TITLE_SIZE,
    TOP_MARGIN,
    NoticeRenderer,
)

TWIPS = 20  # per point
LINE_PITCH = 579  # twips: 28.95 pt, the pitch of the 公文 templates (22 lines ≈ 225 mm)
CONDENSE = -5  # twips between characters: 16 pt − 0.25 pt, 28 characters in the 156 mm line
RED_HEX = "DC0000"  # notice.RED
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    """User text as XML can hold it: control characters and lone surrogates dropped (the text stays text)."""
    return _CONTROL.sub("", text)


def _set_fonts(run, family: str, size: float, color: str | None = None) -> None:
    """One face for Latin and East Asian text (w:rFonts ascii/hAnsi/eastAsia), the size, the colour."""
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    run.font.name = family
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), family)
    run.font.size = Pt(size)
    if color:
        run.font.color.rgb = RGBColor.from_string(color)


def _element(tag: str, **attributes: str):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement(tag)
    for key, value in attributes.items():
        element.set(qn(key.replace("_", ":", 1)), value)
    return element


# The order of w:pPr's children (ECMA-376 CT_PPrBase): Word refuses a file whose properties stand out of order.
PPR_ORDER = [
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
]


def _set_ordered(properties, element) -> None:
    """Put `element` into a w:pPr (replacing one of the same tag) where the schema's order wants it."""
    from docx.oxml.ns import qn

    for old in properties.findall(element.tag):
        properties.remove(old)
    name = element.tag.rsplit("}", 1)[-1]
    later = {qn(f"w:{tag}") for tag in PPR_ORDER[PPR_ORDER.index(name) + 1 :]}
    for position, child in enumerate(properties):
        if child.tag in later:
            properties.insert(position, element)
            return
    properties.append(element)


def _paragraph_property(paragraph, element) -> None:
    """Set a property in the paragraph's w:pPr, in the schema's order."""
    _set_ordered(paragraph._p.get_or_add_pPr(), element)


def _off_grid(paragraph, exact_pt: float | None = None) -> None:
    """A paragraph not snapped to the document grid (the 标志 and the 版记 have their own heights)."""
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt

    _paragraph_property(paragraph, _element("w:snapToGrid", w_val="0"))
    if exact_pt is not None:
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        paragraph.paragraph_format.line_spacing = Pt(exact_pt)


class NoticeDocx:
    """Builds the Word file from the same renderer (wording, title lines, signature positions, page decisions)."""

    def __init__(self, data: YearDocuments, fonts: FontSet | None = None) -> None:
        self.renderer = NoticeRenderer(data, fonts)
        self.fonts = self.renderer.fonts
        self.data = data
        self.settings = data.notice

    def family(self, role: str) -> str:
        return self.fonts.choices[role].word_family

    # --- the page ------------------------------------------------------------------------------------

    def page_setup(self, document) -> None:
        from docx.shared import Pt

        section = document.sections[0]
        section.page_width, section.page_height = Pt(PAGE_W), Pt(PAGE_H)
        section.top_margin = Pt(TOP_MARGIN)
        section.bottom_margin = Pt(PAGE_H - TOP_MARGIN - BLOCK_H)
        section.left_margin = Pt(LEFT_MARGIN)
        section.right_margin = Pt(PAGE_W - LEFT_MARGIN - BLOCK_W)
        section.gutter = Pt(0)
        section.header_distance = Pt(15 * 72 / 25.4)
        # The folio's dashes 7 mm below the 版心 (7.5): the footer's line ends about 1 mm below them.
        section.footer_distance = Pt((PAGE_H - TOP_MARGIN - BLOCK_H) - 7 * 72 / 25.4 - FOLIO_SIZE * 0.55)
        sect = section._sectPr
        for old in sect.findall(_element("w:docGrid").tag):
            sect.remove(old)
        # The line grid: 22 lines of 28.95 pt (页面设置 ▸ 文档网格 ▸ 只指定行网格, 每页 22 行). 28 characters of 3号
        # (16 pt) a line need 15.79 pt each; a character grid (linesAndChars with a negative charSpace) is squeezed
        # by Word but gives every glyph two cells in LibreOffice, so the text is condensed by 0.25 pt instead
        # (CONDENSE, in the styles) and justified: 28 characters a line everywhere.
        sect.append(_element("w:docGrid", w_type="lines", w_linePitch=str(LINE_PITCH)))
        document.settings.odd_and_even_pages_header_footer = True
        self.folios(section)

    def folios(self, section) -> None:
        """— 1 — in 4号 宋体: odd pages right, even pages left, one character in; the number a PAGE field."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        for footer, odd in ((section.footer, True), (section.even_page_footer, False)):
            footer.is_linked_to_previous = False
            paragraph = footer.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
            one = Pt(FOLIO_SIZE)
            if odd:
                paragraph.paragraph_format.right_indent = one
            else:
                paragraph.paragraph_format.left_indent = one
            _off_grid(paragraph)
            self.run(paragraph, "— ", "song", FOLIO_SIZE)
            self.page_field(paragraph)
            self.run(paragraph, " —", "song", FOLIO_SIZE)

    def page_field(self, paragraph) -> None:
        for part in ("begin", None, "separate", "1", "end"):
            run = paragraph.add_run()
            _set_fonts(run, self.family("song"), FOLIO_SIZE)
            if part in ("begin", "separate", "end"):
                run._r.append(_element("w:fldChar", w_fldCharType=part))
            elif part is None:
                instruction = _element("w:instrText")
                instruction.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                instruction.text = " PAGE "
                run._r.append(instruction)
            else:
                run.text = part

    def run(self, paragraph, text: str, role: str, size: float, color: str | None = None):
        run = paragraph.add_run(clean(text))
        _set_fonts(run, self.family(role), size, color)
        return run

    # --- the parts -------------------------------------------------------------------------------------

    def styles(self, document) -> None:
        """3号 仿宋 as the document's default and Normal style: the grid's character pitch is counted from it."""
        from docx.oxml.ns import qn
        from docx.shared import Pt

        defaults = document.styles.element.find(qn("w:docDefaults"))
        run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        for tag in ("w:sz", "w:szCs", "w:rFonts", "w:spacing"):
            for old in run_defaults.findall(qn(tag)):
                run_defaults.remove(old)
        run_defaults.append(_element("w:spacing", w_val=str(CONDENSE)))
        run_defaults.append(_element("w:sz", w_val=str(round(BODY_SIZE * 2))))
        run_defaults.append(_element("w:szCs", w_val=str(round(BODY_SIZE * 2))))
        family = self.family("fangsong")
        run_defaults.insert(0, _element("w:rFonts", w_ascii=family, w_hAnsi=family, w_eastAsia=family, w_cs=family))
        for old in run_defaults.findall(qn("w:lang")):
            run_defaults.remove(old)
        run_defaults.append(_element("w:lang", w_val="zh-CN", w_eastAsia="zh-CN", w_bidi="ar-SA"))
        normal = document.styles["Normal"]
        normal.font.name = self.family("fangsong")
        normal.element.get_or_add_rPr().get_or_add_rFonts().set(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", self.family("fangsong")
        )
        normal.font.size = Pt(BODY_SIZE)
        form = normal.paragraph_format
        form.space_before = form.space_after = Pt(0)
        form.line_spacing = 1.0
        # No automatic space between Chinese and Latin text or digits (2018年1月15日, not 2018 年 1 月): as typed.
        paragraph_defaults = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
        for properties in (paragraph_defaults, normal.element.get_or_add_pPr()):
            for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):
                _set_ordered(properties, _element(tag, w_val="0"))

    def header(self, document) -> None:
        """发文机关标志 35 mm below the block's top, 发文字号 two lines below it, the red rule 4 mm under that."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        r = self.renderer
        authority = self.settings.authority
        size = min(60.0, r.fit_size(authority, "xbs", 60, BLOCK_W))
        mark = document.add_paragraph()
        mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _off_grid(mark, size * 1.15)
        mark.paragraph_format.space_before = Pt(35 * 72 / 25.4 - size * 0.15)
        self.run(mark, authority, "xbs", size, RED_HEX)
        number = document.add_paragraph()
        number.alignment = WD_ALIGN_PARAGRAPH.CENTER
        number.paragraph_format.space_before = Pt(2 * PITCH_Y)
        self.run(number, self.settings.document_number(self.data.year), "fangsong", BODY_SIZE)
        borders = _element("w:pBdr")
        borders.append(_element("w:bottom", w_val="single", w_sz="8", w_space=str(round(RULE_GAP)), w_color=RED_HEX))
        _paragraph_property(number, borders)

    def title(self, document) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_before = Pt(2 * PITCH_Y)
        paragraph.paragraph_format.line_spacing = Pt(PITCH_Y)
        for index, line in enumerate(self.renderer.title_lines(self.renderer.title)):
            run = self.run(paragraph, "", "xbs", TITLE_SIZE)
            if index:  # the title's lines as the PDF breaks them (7.3.1: 回行时词意完整，排列对称)
                run.add_break()
            run.add_text(clean(line))
        document.add_paragraph()  # 主送机关 one line below the title

    def body(self, document) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        addressee = document.add_paragraph()
        self.run(addressee, running_text(self.settings.addressee), "fangsong", BODY_SIZE)
        for flow in self.renderer.content():
            paragraph = document.add_paragraph()
            if flow.text:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
                _paragraph_property(
                    paragraph,
                    _element(
                        "w:ind",
                        w_firstLineChars=str(flow.indent * 100),
                        w_firstLine=str(round(flow.indent * BODY_SIZE * TWIPS)),
                    ),
                )
                self.run(paragraph, running_text(flow.text), flow.role, flow.size)
                if flow.role == HEADING_ROLE:
                    paragraph.paragraph_format.keep_with_next = True  # Word breaks the pages: never a heading alone

    def signature(self, document) -> None:
        """署名 and 成文日期 right-aligned at the distances the PDF computed (7.3.5.1 / 7.3.5.2)."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        r = self.renderer
        right = LEFT_MARGIN + BLOCK_W
        for flow in r.signature():
            paragraph = document.add_paragraph()
            if not flow.text:
                continue
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            end = LEFT_MARGIN + flow.shift + r.extent(flow.text)
            paragraph.paragraph_format.right_indent = Pt(max(0.0, right - end))
            self.run(paragraph, flow.text, "fangsong", BODY_SIZE)

    def colophon(self, document) -> None:
        """The 版记 at the foot of the last, even page: paragraphs in a frame anchored to the bottom of the 版心,
        thick rules above and below, a thin one between 抄送 and 印发 (7.4). Page breaks as the PDF's layout
        decided."""
        from docx.enum.section import WD_SECTION
        from docx.enum.text import WD_BREAK, WD_TAB_ALIGNMENT
        from docx.shared import Pt

        pages = self.renderer.layout()
        colophon = pages[-1]
        body_end = max(p.number for p in pages if any(t.line is not None and t.size == BODY_SIZE for t in p.texts))
        if not colophon.numbered:  # a blank page, then the 版记: a section of their own, without page numbers
            section = document.add_section(WD_SECTION.NEW_PAGE)
            for footer in (section.footer, section.even_page_footer, section.first_page_footer):
                footer.is_linked_to_previous = False
                for paragraph in footer.paragraphs:
                    for run in list(paragraph.runs):
                        run._r.getparent().remove(run._r)
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif colophon.number > body_end:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        cc_lines = self.renderer.colophon_lines()
        one = Pt(PITCH_X)
        parts = []
        if cc_lines:
            paragraph = document.add_paragraph()
            lead = self.renderer.width_of("抄送：", "fangsong", COLOPHON_SIZE)
            paragraph.paragraph_format.left_indent = Pt(PITCH_X + lead)  # lines after the first align after the colon
            paragraph.paragraph_format.first_line_indent = Pt(-lead)
            paragraph.paragraph_format.right_indent = one
            self.run(paragraph, "".join(cc_lines), "fangsong", COLOPHON_SIZE)
            parts.append(paragraph)
            document.add_paragraph()  # frames apart: a program may join adjacent framed paragraphs into one frame
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.left_indent = one
        paragraph.paragraph_format.right_indent = one
        paragraph.paragraph_format.tab_stops.add_tab_stop(Pt(BLOCK_W - 2 * PITCH_X), WD_TAB_ALIGNMENT.RIGHT)
        printed = f"{running_text(self.renderer.print_date())}印发"
        self.run(paragraph, f"{self.settings.printer}\t{printed}", "fangsong", COLOPHON_SIZE)
        parts.append(paragraph)
        for index, part in enumerate(parts):
            # Each line in a frame of its own, one grid line high, placed on the 版心's last lines (7.4.1: the end
            # rule on the 版心's lower edge): absolute positions read the same in Word, WPS and LibreOffice.
            top = BLOCK_H - (len(parts) - index) * PITCH_Y
            _paragraph_property(
                part,
                _element(
                    "w:framePr",
                    w_w=str(round(BLOCK_W * TWIPS)),
                    w_h=str(round(PITCH_Y * TWIPS)),
                    w_hRule="exact",
                    w_hSpace="0",
                    w_wrap="notBeside",
                    w_vAnchor="margin",
                    w_hAnchor="margin",
                    w_x="0",
                    w_y=str(round(top * TWIPS)),
                ),
            )
            _off_grid(part, PITCH_Y)
            borders = _element("w:pBdr")
            # 首条分隔线 thick (0.35 mm ≈ 1 pt); between 抄送 and 印发 thin (0.25 mm ≈ 0.75 pt); the end rule thick.
            borders.append(
                _element("w:top", w_val="single", w_sz="8" if index == 0 else "6", w_space="0", w_color="000000")
            )
            if index == len(parts) - 1:
                borders.append(_element("w:bottom", w_val="single", w_sz="8", w_space="0", w_color="000000"))
            _paragraph_property(part, borders)

    def build(self) -> bytes:
        from docx import Document

        document = Document()
        document.core_properties.title = clean(self.renderer.title)
        document.core_properties.author = "考评通"
        document.core_properties.subject = self.data.stamp()
        self.styles(document)
        self.page_setup(document)
        first = document.paragraphs[0] if document.paragraphs else None
        if first is not None:  # python-docx's template starts with no paragraph; keep it that way
            first._p.getparent().remove(first._p)
        self.header(document)
        self.title(document)
        self.body(document)
        self.signature(document)
        self.colophon(document)
        buffer = BytesIO()
        document.save(buffer)
        return buffer.getvalue()


def notice_docx_bytes(data: YearDocuments, fonts: FontSet | None = None) -> bytes:
    """The notice as .docx bytes (see the module's docstring)."""
    return NoticeDocx(data, fonts).build()


__all__ = ["LINES", "NoticeDocx", "clean", "notice_docx_bytes"]
