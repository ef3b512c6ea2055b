"""The base of every PDF renderer: build into a BytesIO through hooks (like an invoice renderer),
with the state printed from recorded in the file's metadata."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from io import BytesIO
from typing import Any

from app.documents.fonts import FontSet, resolve_fonts

MM = 72 / 25.4  # points per millimetre
Progress = Callable[[int, int], None]  # (done, total)

# Characters that may not start a line / end a line (中文排版禁则, the common subset).
NO_LINE_START = set("，。、；：？！）》〕】」』”’…—·%,.;:?!)]}")
NO_LINE_END = set("（《〔【「『“‘([{")


def is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def wrap_cjk(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """Break text into lines no wider than `width` (character by character, with 禁则)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for char in paragraph:
            if measure(line + char) <= width or not line:
                line += char
                continue
            if (char in NO_LINE_START and len(line) > 1) or (line[-1] in NO_LINE_END and len(line) > 1):
                lines.append(line[:-1])
                line = line[-1] + char
            else:
                lines.append(line)
                line = char
        lines.append(line)
    return lines


class PdfRenderer:
    """Subclasses set `title` and implement `draw(canvas)` (or override `build`)."""

    title = ""
    pagesize: tuple[float, float] = (210 * MM, 297 * MM)

    def __init__(self, fonts: FontSet | None = None, stamp: str = "", progress: Progress | None = None) -> None:
        self.fonts = fonts or resolve_fonts()
        self.stamp = stamp
        self.progress = progress

    def report(self, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(done, total)

    def render(self) -> bytes:
        buffer = BytesIO()
        self.build(buffer)
        return buffer.getvalue()

    def new_canvas(self, buffer: BytesIO, **kwargs: Any):
        from reportlab.pdfgen.canvas import Canvas

        kwargs.setdefault("initialFontName", self.fonts["song"])  # never ReportLab's unembedded Helvetica
        canvas = Canvas(buffer, pagesize=self.pagesize, pageCompression=1, **kwargs)
        self.describe(canvas)
        return canvas

    def describe(self, canvas) -> None:
        canvas.setTitle(self.title)
        canvas.setAuthor("考评通")
        canvas.setCreator("考评通 (ReportLab)")
        canvas.setSubject(self.stamp)
        canvas.setKeywords(self.stamp)

    def build(self, buffer: BytesIO) -> None:
        canvas = self.new_canvas(buffer)
        self.draw(canvas)
        canvas.save()

    def draw(self, canvas) -> None:
        raise NotImplementedError

    # --- drawing helpers ---------------------------------------------------------------------

    def width_of(self, text: str, role: str, size: float) -> float:
        return self.fonts.width(text, role, size)

    def text(self, canvas, x: float, y: float, text: str, role: str, size: float, align: str = "left") -> None:
        """One line of text in the role's face (another face for a character it lacks)."""
        if align in ("center", "right"):
            width = self.width_of(text, role, size)
            x -= width / 2 if align == "center" else width
        draw_runs(canvas, self.fonts, x, y, text, role, size)

    def fit_size(self, text: str, role: str, size: float, width: float, smallest: float = 5) -> float:
        """The largest size ≤ `size` at which `text` fits in `width`."""
        while size > smallest and self.width_of(text, role, size) > width:
            size -= 0.5
        return size

    def cell_text(
        self, canvas, x: float, y: float, w: float, h: float, text: str, role: str, size: float, align: str = "center"
    ) -> None:
        """Text fitted into a cell (shrunk, then wrapped to two lines), vertically centred."""
        pad = 1.2 * MM
        fitted = size
        lines = [text]
        if self.width_of(text, role, size) > w - 2 * pad:
            # Wrap at full size where the lines fit the cell's height; else shrink, then wrap.
            fitted = size
            while True:
                lines = wrap_cjk(text, w - 2 * pad, lambda s, f=fitted: self.width_of(s, role, f))
                if len(lines) * fitted * 1.15 <= h - pad or fitted <= size * 0.6:
                    break
                fitted -= 0.5
        leading = fitted * 1.15
        top = y + h / 2 + leading * len(lines) / 2 - fitted * 0.85
        for i, line in enumerate(lines):
            line_y = top - i * leading
            if align == "center":
                self.text(canvas, x + w / 2, line_y, line, role, fitted, "center")
            else:
                self.text(canvas, x + pad, line_y, line, role, fitted)


class FlowingRenderer(PdfRenderer):
    """A document of flowing paragraphs and tables (ReportLab platypus): subclasses give `story()`, `footer_text`
    and their margins; every page's footer reads 第 n 页 共 N 页, the state printed from and `footer_text`."""

    footer_text = ""  # the footer's left end, e.g. 2025年度考评结果
    margins_mm: tuple[float, float, float] = (15, 12, 15)  # left and right, top, bottom
    footer_size: float = 8

    def story(self) -> list:
        raise NotImplementedError

    def footer(self, canvas, page: int, total: int) -> None:
        width, _height = self.pagesize
        side = self.margins_mm[0] * MM
        canvas.setFont(self.fonts["song"], self.footer_size)
        canvas.drawCentredString(width / 2, 8 * MM, f"第 {page} 页 共 {total} 页")
        canvas.drawRightString(width - side, 8 * MM, self.stamp)
        canvas.drawString(side, 8 * MM, self.footer_text)

    def build(self, buffer: BytesIO) -> None:
        from reportlab.platypus import SimpleDocTemplate

        side, top, bottom = (m * MM for m in self.margins_mm)
        document = SimpleDocTemplate(
            buffer,
            pagesize=self.pagesize,
            leftMargin=side,
            rightMargin=side,
            topMargin=top,
            bottomMargin=bottom,
            title=self.title,
            author="考评通",
            subject=self.stamp,
            keywords=self.stamp,
            creator="考评通 (ReportLab)",
            initialFontName=self.fonts["song"],
        )
        document.build(self.story(), canvasmaker=numbered_canvas_class(self.fonts, self.pagesize, self.footer))


def draw_runs(canvas, fonts: FontSet, x: float, y: float, text: str, role: str, size: float) -> float:
    """Draw `text` from x on baseline y, face by face; the x after it."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    for piece, name in fonts.runs(text, role):
        canvas.setFont(name, size)
        canvas.drawString(x, y, piece)
        x += stringWidth(piece, name, size)
    return x


def text_runs(text_object, fonts: FontSet, text: str, role: str, size: float) -> None:
    """`text` into a ReportLab text object (which keeps its character spacing), face by face."""
    for piece, name in fonts.runs(text, role):
        text_object.setFont(name, size)
        text_object.textOut(piece)


def numbered_canvas_class(fonts: FontSet, pagesize: tuple[float, float], footer: Callable[[Any, int, int], None]):
    """A Canvas that knows the page count when the document ends ("第 1 页 共 5 页")."""
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # A canvas starts on Helvetica, which a PDF then names without embedding it (issue 11.3).
            kwargs["initialFontName"] = fonts["song"]
            super().__init__(*args, **kwargs)
            self._saved: list[dict] = []

        def showPage(self) -> None:
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved)
            for state in self._saved:
                self.__dict__.update(state)
                footer(self, self._pageNumber, total)
                Canvas.showPage(self)
            Canvas.save(self)

    return NumberedCanvas
