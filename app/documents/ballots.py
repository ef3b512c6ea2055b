"""Blank ballots, numbered 1…N: annex 4 (班子成员评分表) and annex 5 (科室负责人评分表) rating of units,
the democratic-evaluation ballot (民主测评表, every cadre by unit, four grade boxes), and the
leadership rating sheet (计分表（领导评价）, 德能勤绩廉).

Every copy shares one drawn page (a PDF form XObject); only the serial differs, so hundreds of copies
cost little time and little file size. The serial printed is the integer the keying screens expect
(1…N per form); `first_serial` continues a run printed earlier."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from app.documents.data import YearDocuments
from app.documents.fonts import FontSet
from app.documents.render import MM, PdfRenderer, Progress

DEMOCRATIC_MARKS = ("优秀", "称职", "基本称职", "不称职")
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


class BallotRenderer(PdfRenderer):
    """Numbered copies of pages drawn once: subclasses implement `page_count` and `draw_page`."""

    serial_label = "编号："
    serial_digits = 3

    def __init__(
        self,
        data: YearDocuments,
        copies: int = 1,
        first_serial: int = 1,
        fonts: FontSet | None = None,
        progress: Progress | None = None,
    ) -> None:
        super().__init__(fonts, stamp=data.stamp(), progress=progress)
        self.data = data
        self.copies = copies
        self.first_serial = first_serial

    def page_count(self) -> int:
        raise NotImplementedError

    def draw_page(self, canvas, page: int) -> None:
        raise NotImplementedError

    def serials(self) -> range:
        return range(self.first_serial, self.first_serial + self.copies)

    def draw_serial(self, canvas, serial: int, page: int, pages: int) -> None:
        width, height = self.pagesize
        label = f"{self.serial_label}{serial:0{self.serial_digits}d}"
        self.text(canvas, width - 18 * MM, height - 14 * MM, label, "hei", 12, "right")
        if pages > 1:
            self.text(canvas, width / 2, 9 * MM, f"{label}　第 {page + 1} 页 共 {pages} 页", "song", 9, "center")

    def draw(self, canvas) -> None:
        pages = self.page_count()
        for page in range(pages):
            canvas.beginForm(f"page{page}")
            self.draw_page(canvas, page)
            canvas.endForm()
        total = len(self.serials())
        for done, serial in enumerate(self.serials(), start=1):
            for page in range(pages):
                canvas.doForm(f"page{page}")
                self.draw_serial(canvas, serial, page, pages)
                canvas.showPage()
            if done % 10 == 0 or done == total:
                self.report(done, total)


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

    def page_count(self) -> int:
        return 1

    def title_lines(self) -> list[str]:
        return [
            self.data.prefix,
            f"{self.data.year} 年度科室（单位）绩效考核定性考核评分表",
        ]

    def draw_page(self, canvas, page: int) -> None:
        width, height = self.pagesize
        self.text(canvas, 18 * MM, height - 14 * MM, f"{FORM_LABELS.get(self.form, '')}：", "hei", 14)
        y = height - 26 * MM
        for line in self.title_lines():
            self.text(canvas, width / 2, y, line, "xbs", 17, "center")
            y -= 9 * MM
        self.text(canvas, width / 2, y, f"（{self.form_title}）", "kai", 15, "center")
        units = self.data.scheme.units
        widths = [40 * MM] + [21 * MM] * len(self.criteria) + [19 * MM]
        x = (width - sum(widths)) / 2
        heights = [15 * MM, 8 * MM] + [7.4 * MM] * len(units)
        grid = Grid(x, y - 6 * MM, widths, heights)
        grid.draw(canvas)
        header = ["打分内容", *(name for name, _ in self.criteria), "小计"]
        points = ["分值", *(pts for _, pts in self.criteria), self.max_total]
        for col, label in enumerate(header):
            self.cell_text(canvas, grid.col_x(col), grid.row_top(1), widths[col], heights[0], label, "hei", 11)
        for col, label in enumerate(points):
            self.cell_text(canvas, grid.col_x(col), grid.row_top(2), widths[col], heights[1], label, "hei", 11)
        for row, unit in enumerate(units, start=2):
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
    """民主测评表: every cadre by unit (ballot order), two columns a page, four grade boxes each."""

    serial_digits = 4
    first_page_rows = 36
    other_page_rows = 41

    def __init__(self, data: YearDocuments, **kwargs) -> None:
        super().__init__(data, **kwargs)
        self.title = f"{data.year} 年度民主测评表"
        units = {u.name: u.short for u in data.scheme.units}
        self.rows = [(units.get(c.unit, c.unit), c.name) for c in data.roster]
        self.pages = self.paginate()

    def paginate(self) -> list[list[list[tuple[str, str]]]]:
        """Pages of two columns of (unit, name) rows."""
        pages: list[list[list[tuple[str, str]]]] = []
        rest = list(self.rows)
        while rest or not pages:
            per_column = self.first_page_rows if not pages else self.other_page_rows
            columns = [rest[:per_column], rest[per_column : 2 * per_column]]
            rest = rest[2 * per_column :]
            pages.append(columns)
        return pages

    def page_count(self) -> int:
        return len(self.pages)

    def draw_page(self, canvas, page: int) -> None:
        width, height = self.pagesize
        top = height - 20 * MM
        if page == 0:
            issuer = self.data.scheme.body.get("issuer", "")
            self.text(
                canvas,
                width / 2,
                height - 24 * MM,
                f"{issuer}{self.data.year}年度科级及以下工作人员民主测评表",
                "xbs",
                17,
                "center",
            )
            notes = (
                "说明：1、本表无记名填写；2、请在每位考核对象对应的等次栏内划“√”，每人只划一格；"
                "3、民主测评分为优秀（70 分）、称职（65 分）、基本称职（60 分）、不称职（55 分）四个等次。"
            )
            from app.documents.render import wrap_cjk

            y = height - 33 * MM
            for line in wrap_cjk(notes, width - 36 * MM, lambda s: self.width_of(s, "song", 10)):
                self.text(canvas, 18 * MM, y, line, "song", 10)
                y -= 5 * MM
            top = y - 1 * MM
        column_width = (width - 36 * MM - 4 * MM) / 2
        widths = [25 * MM, 16 * MM] + [(column_width - 41 * MM) / 4] * 4
        row_height = 6.1 * MM
        header_height = 9 * MM
        for index, column in enumerate(self.pages[page]):
            if not column:
                continue
            x = 18 * MM + index * (column_width + 4 * MM)
            grid = Grid(x, top, widths, [header_height] + [row_height] * len(column))
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
    rows_first = 36
    rows_other = 40

    def __init__(self, data: YearDocuments, **kwargs) -> None:
        super().__init__(data, **kwargs)
        self.title = f"{data.year} 年度工作人员计分表（领导评价）"
        units = {u.name: u.short for u in data.scheme.units}
        self.items = [
            (i["name"], plain(Decimal(str(i["max"])))) for i in data.scheme.body["cadres"]["leaders"]["items"]
        ]
        self.points = plain(sum((Decimal(m) for _, m in self.items), Decimal(0)))
        self.rows = [(str(n), units.get(c.unit, c.unit), c.name) for n, c in enumerate(data.roster, start=1)]
        self.pages: list[list[tuple[str, str, str]]] = []
        rest = list(self.rows)
        while rest or not self.pages:
            size = self.rows_first if not self.pages else self.rows_other
            self.pages.append(rest[:size])
            rest = rest[size:]

    def page_count(self) -> int:
        return len(self.pages)

    def draw_page(self, canvas, page: int) -> None:
        width, height = self.pagesize
        top = height - 20 * MM
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
            top = height - 44 * MM
        widths = [12 * MM, 36 * MM, 22 * MM] + [17 * MM] * len(self.items) + [19 * MM]
        x = (width - sum(widths)) / 2
        rows = self.pages[page]
        grid = Grid(x, top, widths, [11 * MM] + [6.1 * MM] * len(rows))
        grid.draw(canvas)
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
                self.cell_text(canvas, grid.col_x(col), grid.row_top(1), widths[col], 11 * MM, label, "hei", 10)
            else:
                self.text(canvas, cx, top - 4.8 * MM, lines[0], "hei", 10, "center")
                self.text(canvas, cx, top - 9 * MM, lines[1], "song", 8, "center")
        for row, (number, unit, name) in enumerate(rows, start=1):
            bottom = grid.row_top(row + 1)
            self.cell_text(canvas, grid.col_x(0), bottom, widths[0], 6.1 * MM, number, "song", 9)
            self.cell_text(canvas, grid.col_x(1), bottom, widths[1], 6.1 * MM, unit, "song", 9, "left")
            self.cell_text(canvas, grid.col_x(2), bottom, widths[2], 6.1 * MM, name, "song", 10)
