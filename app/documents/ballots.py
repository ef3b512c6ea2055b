"""Blank ballots, numbered 1…N: annex 4 (班子成员评分表) and annex 5 (科室负责人评分表) rating of units,
the democratic-evaluation ballot (民主测评表, every cadre by unit, four grade boxes), and the
leadership rating sheet (计分表（领导评价）, 德能勤绩廉).

Every copy shares one drawn page (a PDF form XObject); only the page's QR code (and the serial, where one
is printed) differs, so hundreds of copies cost little time and little file size. The geometry comes from
`app.documents.ballot_layout`, which the scanner reads with; the marks and the code from
`app.documents.ballot_codes`.

The democratic ballot prints no serial unless asked (`numbered=True`): a number handed out in print order
would let anyone who noted who got which sheet find that person's marks (无记名). The code's sheet token
is random per ballot and stored nowhere. Annex 4/5 ballots and the leaders' sheet keep their serial (the
integer the keying screens expect, 1…N per form; `first_serial` continues a run printed earlier)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from app.documents import ballot_codes
from app.documents.ballot_layout import (
    DEM_COLUMN_X,
    DEM_HEADER_H,
    DEM_NOTES_LEADING,
    DEM_NOTES_Y,
    DEM_ROW_H,
    DEM_TITLE_Y,
    DEM_WIDTHS,
    GRADES,
    LEADER_ROW_H,
    PAGE_WIDTH,
    RATING_TITLE_Y,
    TEST_LABEL,
    DemocraticLayout,
    PageCode,
    SheetLayout,
    deck_mark,
    democratic_layout,
    leader_sheet_layout,
    pdf_y,
    pt,
    rating_layout,
)
from app.documents.data import YearDocuments
from app.documents.fonts import FontSet
from app.documents.render import MM, PdfRenderer, Progress

DEMOCRATIC_MARKS = GRADES
FORM_LABELS = {"leaders": "附件 4", "heads": "附件 5"}


def plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def rating_notes(form: str, max_total: str) -> str:
    """The seed's 说明 line under annex 4 / annex 5."""
    if form == "leaders":
        who = "该表格为班子成员评分表，请班子成员按考核办法为每个科室评分"
    else:
        who = "该表格为科室（单位）负责人评分表，请各科室（单位）负责人按考核办法为每个科室评分"
    return f"说明：1、{who}；2、小计总分不能超过 {max_total} 分；3、每个科室的最后得分计分方法为取平均值。"


@dataclass(frozen=True)
class Grid:
    """A ruled table: column widths, row heights, drawn from its top-left corner."""

    x: float
    top: float
    widths: Sequence[float]
    heights: Sequence[float]

    def col_x(self, col: int) -> float:
        return self.x + sum(self.widths[:col])

    def row_top(self, row: int) -> float:
        return self.top - sum(self.heights[:row])

    @property
    def width(self) -> float:
        return sum(self.widths)

    @property
    def bottom(self) -> float:
        return self.top - sum(self.heights)

    def draw(self, canvas, skip_h: set[tuple[int, int]] | None = None) -> None:
        """`skip_h`: (row boundary, column) pairs whose horizontal rule is left out (merged cells)."""
        skip_h = skip_h or set()
        canvas.setLineWidth(0.6)
        canvas.rect(self.x, self.bottom, self.width, self.top - self.bottom)
        for row in range(1, len(self.heights)):
            y = self.row_top(row)
            for col in range(len(self.widths)):
                if (row, col) not in skip_h:
                    canvas.line(self.col_x(col), y, self.col_x(col + 1), y)
        for col in range(1, len(self.widths)):
            x = self.col_x(col)
            canvas.line(x, self.top, x, self.bottom)


def layout_grid(x: float, top: float, widths: Sequence[float], heights: Sequence[float]) -> Grid:
    """A Grid (PDF points, from the bottom) from layout millimetres (from the top)."""
    return Grid(pt(x), pdf_y(top), [pt(w) for w in widths], [pt(h) for h in heights])


class BallotRenderer(PdfRenderer):
    """Copies of pages drawn once, each page with its corner marks and QR code (see ballot_layout).
    Subclasses set `form` and implement `page_count`, `layout_key` and `draw_page`."""

    serial_label = "编号："
    serial_digits = 3
    form = ""
    numbered = True

    def __init__(
        self,
        data: YearDocuments,
        copies: int = 1,
        first_serial: int = 1,
        fonts: FontSet | None = None,
        progress: Progress | None = None,
        numbered: bool | None = None,
        duplex: bool = True,
    ) -> None:
        super().__init__(fonts, stamp=data.stamp(), progress=progress)
        self.data = data
        self.copies = copies
        self.first_serial = first_serial
        if numbered is not None:
            self.numbered = numbered
        self.duplex = duplex

    def page_count(self) -> int:
        raise NotImplementedError

    def layout_key(self) -> str:
        raise NotImplementedError

    def draw_page(self, canvas, page: int) -> None:
        raise NotImplementedError

    def draw_copy(self, canvas, copy: int, page: int) -> None:
        """What differs between copies besides the code and the serial (the test deck's marks)."""

    def test_variant(self, copy: int) -> int | None:
        return None

    def serials(self) -> range:
        return range(self.first_serial, self.first_serial + self.copies)

    def draw_serial(self, canvas, serial: int, page: int, pages: int) -> None:
        width, height = self.pagesize
        label = f"{self.serial_label}{serial:0{self.serial_digits}d}"
        self.text(canvas, width - 18 * MM, height - 14 * MM, label, "hei", 12, "right")
        if pages > 1:
            self.text(canvas, width / 2, 9 * MM, f"{label}　第 {page + 1} 页 共 {pages} 页", "song", 9, "center")

    def build(self, buffer) -> None:
        """Page streams binary (Flate only): every page now has its own code, and ReportLab's pure-Python
        ASCII85 step would double the printing time for no reader's benefit."""
        from reportlab import rl_config

        before = rl_config.useA85
        rl_config.useA85 = 0
        try:
            super().build(buffer)
        finally:
            rl_config.useA85 = before

    def draw(self, canvas) -> None:
        pages = self.page_count()
        for page in range(pages):
            canvas.beginForm(f"page{page}")
            self.draw_page(canvas, page)
            ballot_codes.draw_marks(canvas)
            if pages > 1 and not self.numbered:
                self.text(canvas, self.pagesize[0] / 2, 9 * MM, f"第 {page + 1} 页 共 {pages} 页", "song", 9, "center")
            canvas.endForm()
        layout = self.layout_key()
        for copy, serial in enumerate(self.serials()):
            token = ballot_codes.new_token()  # this ballot's pages share it; it is written nowhere else
            for page in range(pages):
                canvas.doForm(f"page{page}")
                self.draw_copy(canvas, copy, page)
                code = PageCode(self.data.year, self.form, page + 1, pages, layout, token, self.test_variant(copy))
                ballot_codes.draw_code(canvas, code.text())
                if self.numbered:
                    self.draw_serial(canvas, serial, page, pages)
                canvas.showPage()
            if self.duplex and pages > 1 and pages % 2:
                canvas.showPage()  # an empty back, so the next ballot starts on its own sheet
            done = copy + 1
            if done % 10 == 0 or done == self.copies:
                self.report(done, self.copies)


class RatingBallotRenderer(BallotRenderer):
    """Annex 4 (form 'leaders') or annex 5 (form 'heads'): every unit in the seed's order × five criteria."""

    def __init__(self, data: YearDocuments, form: str, **kwargs) -> None:
        super().__init__(data, **kwargs)
        self.form = form
        criteria = data.scheme.body["criteria"][form]
        self.form_title = criteria.get("title", "")
        self.criteria = [(c["name"], plain(Decimal(str(c["max"])))) for c in criteria["items"]]
        self.max_total = plain(
            Decimal(str(criteria.get("max_total", sum(Decimal(str(c["max"])) for c in criteria["items"]))))
        )
        self.title = f"{data.year} 年度定性考核评分表（{self.form_title}）"
        self.layout: SheetLayout = rating_layout(
            data.year, form, [u.name for u in data.scheme.units], len(self.criteria)
        )

    def page_count(self) -> int:
        return 1

    def layout_key(self) -> str:
        return self.layout.layout

    def title_lines(self) -> list[str]:
        return [
            self.data.prefix,
            f"{self.data.year} 年度科室（单位）绩效考核定性考核评分表",
        ]

    def draw_page(self, canvas, page: int) -> None:
        width, _height = self.pagesize
        self.text(canvas, 18 * MM, pdf_y(14), f"{FORM_LABELS.get(self.form, '')}：", "hei", 14)
        for line, y in zip(self.title_lines(), RATING_TITLE_Y, strict=False):
            self.text(canvas, width / 2, pdf_y(y), line, "xbs", 17, "center")
        self.text(canvas, width / 2, pdf_y(RATING_TITLE_Y[2]), f"（{self.form_title}）", "kai", 15, "center")
        spec = self.layout.grids[0]
        grid = layout_grid(spec.x, spec.top, spec.widths, spec.heights)
        grid.draw(canvas)
        widths, heights = grid.widths, grid.heights
        header = ["打分内容", *(name for name, _ in self.criteria), "小计"]
        points = ["分值", *(pts for _, pts in self.criteria), self.max_total]
        for col, label in enumerate(header):
            self.cell_text(canvas, grid.col_x(col), grid.row_top(1), widths[col], heights[0], label, "hei", 11)
        for col, label in enumerate(points):
            self.cell_text(canvas, grid.col_x(col), grid.row_top(2), widths[col], heights[1], label, "hei", 11)
        for row, unit in enumerate(self.data.scheme.units, start=2):
            self.cell_text(
                canvas, grid.col_x(0), grid.row_top(row + 1), widths[0], heights[row], unit.short, "song", 11
            )
        notes = rating_notes(self.form, self.max_total)
        lines = self.wrap(notes, grid.width, "song", 10)
        note_y = grid.bottom - 6 * MM
        for line in lines:
            self.text(canvas, grid.x, note_y, line, "song", 10)
            note_y -= 5 * MM

    def wrap(self, text: str, width: float, role: str, size: float) -> list[str]:
        from app.documents.render import wrap_cjk

        return wrap_cjk(text, width, lambda s: self.width_of(s, role, size))


class DemocraticBallotRenderer(BallotRenderer):
    """民主测评表 (附件 1): every cadre by unit (ballot order), two columns a page, one box per grade.
    No serial unless `numbered=True`; `test_deck=True` prints 测试票 with a known pattern of marks."""

    serial_digits = 4
    form = "democratic"
    numbered = False

    def __init__(self, data: YearDocuments, test_deck: bool = False, **kwargs) -> None:
        super().__init__(data, **kwargs)
        self.test_deck = test_deck
        self.title = f"{data.year} 年度民主测评表" + ("（测试票）" if test_deck else "")
        units = {u.name: u.short for u in data.scheme.units}
        self.layout: DemocraticLayout = democratic_layout(
            data.year, [(c.id, units.get(c.unit, c.unit), c.name) for c in data.roster]
        )

    def page_count(self) -> int:
        return self.layout.pages

    def layout_key(self) -> str:
        return self.layout.layout

    def test_variant(self, copy: int) -> int | None:
        return copy + 1 if self.test_deck else None

    def draw_copy(self, canvas, copy: int, page: int) -> None:
        variant = self.test_variant(copy)
        if variant is None:
            return
        for row in self.layout.page_rows(page + 1):
            ballot_codes.draw_deck_mark(canvas, row, deck_mark(variant, row.index))
        label = f"测试票 {variant}"
        self.text(canvas, pt(TEST_LABEL.x), pdf_y(TEST_LABEL.bottom - 2), label, "hei", 30)

    def draw_page(self, canvas, page: int) -> None:
        width, _height = self.pagesize
        if page == 0:
            issuer = self.data.scheme.body.get("issuer", "")
            heading = f"{issuer}{self.data.year}年度科级及以下工作人员民主测评表"
            self.text(canvas, width / 2, pdf_y(DEM_TITLE_Y), heading, "xbs", 17, "center")
            notes = (
                "说明：1、本表无记名填写；2、请在每位考核对象对应的等次栏内划“√”，每人只划一格；"
                "3、民主测评分为优秀（70 分）、称职（65 分）、基本称职（60 分）、不称职（55 分）四个等次。"
            )
            from app.documents.render import wrap_cjk

            y = DEM_NOTES_Y
            for line in wrap_cjk(notes, pt(PAGE_WIDTH - 36), lambda s: self.width_of(s, "song", 10)):
                self.text(canvas, 18 * MM, pdf_y(y), line, "song", 10)
                y += DEM_NOTES_LEADING
        top = self.layout.table_top(page + 1)
        for index in (0, 1):
            column = [(row.unit, row.name) for row in self.layout.column_rows(page + 1, index)]
            if not column:
                continue
            grid = layout_grid(DEM_COLUMN_X[index], top, DEM_WIDTHS, [DEM_HEADER_H] + [DEM_ROW_H] * len(column))
            widths, header_height, row_height = grid.widths, grid.heights[0], pt(DEM_ROW_H)
            skip = {
                (row, 0) for row in range(2, len(column) + 1) if column[row - 1][0] == column[row - 2][0]
            }  # one unit cell spans its cadres
            grid.draw(canvas, skip)
            for col, label in enumerate(("科室（单位）", "姓名", *DEMOCRATIC_MARKS)):
                self.cell_text(canvas, grid.col_x(col), grid.row_top(1), widths[col], header_height, label, "hei", 9)
            for row, (unit, name) in enumerate(column, start=1):
                cell_bottom = grid.row_top(row + 1)
                if row == 1 or column[row - 2][0] != unit:
                    self.cell_text(canvas, grid.col_x(0), cell_bottom, widths[0], row_height, unit, "song", 9, "left")
                self.cell_text(canvas, grid.col_x(1), cell_bottom, widths[1], row_height, name, "song", 10)


class LeaderRatingSheetRenderer(BallotRenderer):
    """计分表（领导评价）: one numbered copy per leadership member (the rater number keyed with it)."""

    serial_label = "评分人编号："
    serial_digits = 2
    form = "leader-ratings"

    def __init__(self, data: YearDocuments, **kwargs) -> None:
        super().__init__(data, **kwargs)
        self.title = f"{data.year} 年度工作人员计分表（领导评价）"
        units = {u.name: u.short for u in data.scheme.units}
        self.items = [
            (i["name"], plain(Decimal(str(i["max"])))) for i in data.scheme.body["cadres"]["leaders"]["items"]
        ]
        self.points = plain(sum((Decimal(m) for _, m in self.items), Decimal(0)))
        self.layout: SheetLayout = leader_sheet_layout(data.year, [c.id for c in data.roster], len(self.items))
        rows = [(str(n), units.get(c.unit, c.unit), c.name) for n, c in enumerate(data.roster, start=1)]
        self.pages: list[list[tuple[str, str, str]]] = []
        for grid in self.layout.grids:
            self.pages.append(rows[: len(grid.keys)])
            rows = rows[len(grid.keys) :]

    def page_count(self) -> int:
        return len(self.pages)

    def layout_key(self) -> str:
        return self.layout.layout

    def draw_page(self, canvas, page: int) -> None:
        width, height = self.pagesize
        if page == 0:
            issuer = self.data.scheme.body.get("issuer", "")
            self.text(
                canvas,
                width / 2,
                height - 24 * MM,
                f"{issuer}{self.data.year}年度科级及以下工作人员计分表",
                "xbs",
                17,
                "center",
            )
            self.text(canvas, width / 2, height - 32 * MM, "（领导评价）", "kai", 14, "center")
            note = (
                f"说明：德、能、勤、绩、廉五项，每项计 {self.items[0][1]} 分；"
                "领导评价得分=领导评价所得总分/打分人数（保留两位小数）。"
            )
            self.text(canvas, 18 * MM, height - 40 * MM, note, "song", 10)
        spec = self.layout.grids[page]
        rows = self.pages[page]
        grid = layout_grid(spec.x, spec.top, spec.widths, spec.heights)
        grid.draw(canvas)
        widths = grid.widths
        top = grid.top
        row_height = pt(LEADER_ROW_H)
        header = [
            "序号",
            "科室（单位）",
            "姓名",
            *(f"{n}\n（{m} 分）" for n, m in self.items),
            f"合计\n（{self.points} 分）",
        ]
        for col, label in enumerate(header):
            lines = label.split("\n")
            cx = grid.col_x(col) + widths[col] / 2
            if len(lines) == 1:
                self.cell_text(canvas, grid.col_x(col), grid.row_top(1), widths[col], grid.heights[0], label, "hei", 10)
            else:
                self.text(canvas, cx, top - 4.8 * MM, lines[0], "hei", 10, "center")
                self.text(canvas, cx, top - 9 * MM, lines[1], "song", 8, "center")
        for row, (number, unit, name) in enumerate(rows, start=1):
            bottom = grid.row_top(row + 1)
            self.cell_text(canvas, grid.col_x(0), bottom, widths[0], row_height, number, "song", 9)
            self.cell_text(canvas, grid.col_x(1), bottom, widths[1], row_height, unit, "song", 9, "left")
            self.cell_text(canvas, grid.col_x(2), bottom, widths[2], row_height, name, "song", 10)
