"""市对区考绩 prints (seed 004): the month's 附1 progress table (A4 landscape) and the monthly summary notice
(一月一汇总一通报) in the GB/T 9704 layout of the notice of commendation (reusing `notice.NoticeRenderer`), with the
month's table bound in as its 附件: pages of their own after the 成文日期 and before the 版记 (7.3.7), the table
turned on the portrait page (横排表格: its head towards the binding on odd pages, 9.1), numbered on.

The wording of the notice's frame (发文机关标志, 文号, 主送, 署名, 印发) is kept per year in `year_documents`
(kind `indicator_notice`); the defaults are the district 考绩办's, as in the seed's 温龙考办〔2015〕12号.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from io import BytesIO

from app.documents.data import NoticeSettings, read_font_choices
from app.documents.fonts import FontSet, resolve_fonts
from app.documents.notice import BLOCK_H, BLOCK_W, LEFT_MARGIN, PAGE_H, PAGE_W, Flow, NoticePage, NoticeRenderer
from app.documents.notice import block_bottom as notice_block_bottom
from app.documents.render import MM, PdfRenderer, wrap_cjk
from app.models.db import Database
from app.models.district.events import EventRow, district_result, read_events
from app.models.district.indicators import Indicator, read_indicators, read_peers
from app.models.district.reports import Report, check_month, month_reports
from app.models.district.status import TALK_AFTER, MonthStatus, flag_text, month_flags, month_status
from app.models.district.wording import CATEGORY_NAMES, comparison_text
from app.models.documents import read_document, write_document
from app.models.errors import AppraisalError, Problem, ValidationError
from app.scoring.district import IndicatorFlag

NOTICE_KIND = "indicator_notice"
NUMERALS = "一二三四五六七八九十"


def sub_numeral(n: int) -> str:
    return f"（{NUMERALS[n]}）" if n < 10 else f"（{n + 1}）"


@dataclass
class DistrictMonth:
    """Everything the two prints of one month show, read once from the database."""

    year: int
    month: str
    peers: list[str]
    indicators: list[Indicator]
    reports: dict[str, Report]
    flags: list[IndicatorFlag]
    status: MonthStatus
    result: object  # DistrictResult
    events: list[EventRow]
    printed_at: datetime = field(default_factory=lambda: datetime.now().replace(microsecond=0))

    @property
    def month_label(self) -> str:
        return f"{self.month[:4]}年{int(self.month[5:])}月"

    def stamp(self) -> str:
        return f"市对区考绩 {self.month} · 打印于 {self.printed_at:%Y-%m-%d %H:%M}"


def gather_month(db: Database, year: int, month: str, today: date | None = None) -> DistrictMonth:
    check_month(month)
    indicators = read_indicators(db, year)
    if not indicators:
        raise ValidationError([Problem("--year", f"{year} 年度还没有市对区考绩指标，无法打印。")])
    return DistrictMonth(
        year=year,
        month=month,
        peers=read_peers(db, year),
        indicators=indicators,
        reports=month_reports(db, year, month),
        flags=month_flags(db, year, month),
        status=month_status(db, year, month, today or date.today()),
        result=district_result(db, year),
        events=read_events(db, year),
    )


# The wording as stored (kind `indicator_notice`): the NoticeSettings fields the monthly notice's frame uses,
# `number` and `title` as patterns — {月} is the notice's month, {年} its year — so one setting serves every month.
# `number_year` 0 means the notice's own year. The 成文日期 and 印发日期 are the day it is printed.
WORDING_FIELDS: tuple[tuple[str, str], ...] = (
    ("authority", "发文机关标志"),
    ("number_prefix", "发文机关代字"),
    ("number_year", "文号年份（0 为通报月份所在年）"),
    ("number", "发文顺序号（{月} 为月份）"),
    ("title", "标题（{年}、{月} 为年月）"),
    ("addressee", "主送机关"),
    ("issuer", "发文机关署名"),
    ("printer", "印发机关"),
)
DEFAULT_WORDING: dict[str, str] = {
    "authority": "区考绩委员会办公室文件",
    "number_prefix": "考办",
    "number_year": "0",
    "number": "{月}",
    "title": "关于{年}年{月}月市对区考绩指标进展情况的通报",
    "addressee": "区属各有关单位：",
    "issuer": "区考绩委员会办公室",
    "printer": "区考绩委员会办公室",
}


def _fill(pattern: str, month: str) -> str:
    return pattern.replace("{年}", month[:4]).replace("{月}", str(int(month[5:])))


def read_wording(db: Database, year: int) -> dict[str, str]:
    """The stored wording over the defaults, patterns unresolved (what the district page's editor shows)."""
    wording = dict(DEFAULT_WORDING)
    stored = read_document(db, year, NOTICE_KIND)
    if isinstance(stored, dict):
        wording.update({k: str(v) for k, v in stored.items() if k in DEFAULT_WORDING and v not in (None, "")})
    return wording


def check_wording(values: dict[str, str]) -> dict[str, str]:
    """The editor's fields → the wording to store: blanks take the defaults; every problem is listed."""
    labels = dict(WORDING_FIELDS)
    wording = {key: (values.get(key) or "").strip() or default for key, default in DEFAULT_WORDING.items()}
    problems = []
    year_text = wording["number_year"]
    if not (year_text == "0" or (year_text.isdigit() and len(year_text) == 4)):
        problems.append(Problem(labels["number_year"], f"应为四位年份或 0，实际为“{year_text}”"))
    number = _fill(wording["number"], "2000-12")
    if not number.isdigit():
        problems.append(
            Problem(
                labels["number"], f"应为阿拉伯数字（如 12，不编虚位）或含 {{月}} 的写法，实际为“{wording['number']}”"
            )
        )
    for key, pattern in wording.items():
        stray = _fill(pattern, "2000-12")
        if "{" in stray or "}" in stray:
            problems.append(Problem(labels[key], f"只能用 {{年}}、{{月}} 两个占位符：“{pattern}”"))
    if problems:
        raise ValidationError(problems)
    return wording


def write_wording(conn, year: int, values: dict[str, str]) -> dict[str, str]:
    """Check and store the monthly notice's wording inside the caller's audited transaction."""
    wording = check_wording(values)
    write_document(conn, year, NOTICE_KIND, wording)
    return wording


def notice_settings(db: Database, year: int, month: str) -> NoticeSettings:
    """The month's notice frame: the year's wording with {年}/{月} filled in for `month`."""
    wording = read_wording(db, year)
    number_year = int(wording["number_year"]) if wording["number_year"].isdigit() else 0
    return NoticeSettings(
        authority=wording["authority"],
        number_prefix=wording["number_prefix"],
        number_year=number_year or int(month[:4]),
        number=_fill(wording["number"], month),
        title=_fill(wording["title"], month),
        addressee=wording["addressee"],
        opening="",
        closing="",
        issuer=wording["issuer"],
        printer=wording["printer"],
    )


# --- the monthly notice (一月一汇总一通报) ------------------------------------------------------------


def notice_flows(doc: DistrictMonth) -> list[Flow]:
    label = doc.month_label
    names = {i.id: i for i in doc.indicators}
    reported = [i for i in doc.indicators if i.id in doc.reports and doc.reports[i.id].rank is not None]
    first = sum(1 for i in reported if _place(doc, i.id) == 1)
    last = sum(1 for f in doc.flags if f.behind)
    flagged = [f for f in doc.flags if f.flagged]
    talks = [f for f in flagged if f.talk(TALK_AFTER)]
    flows = [
        Flow(
            "根据《关于切实做好近期市对区考绩工作的通知》要求，区考绩办对市对区考绩指标进展情况实行“一月一汇总一通报”。"
            f"现将{label}各指标进展情况通报如下："
        ),
        Flow("一、总体情况", role="hei"),
        Flow(
            f"本月列入跟踪的市对区考绩指标共{len(doc.indicators)}项，已报送排名{len(reported)}项。"
            f"与{'、'.join(doc.peers)}相比，居三区首位的{first}项，居三区末位的{last}项；"
            f"落后指标、退步指标共{len(flagged)}项，其中提请约谈{len(talks)}项。"
        ),
        Flow("二、落后指标和退步指标", role="hei"),
    ]
    if flagged:
        for n, flag in enumerate(flagged):
            kinds, facts, _ = flag_text(flag)
            if flag.talk(TALK_AFTER):
                reason = "多次排名靠后" if flag.times_behind >= TALK_AFTER else "督查后仍未见起效"
                action = f"因{reason}，提请区委、区政府主要领导约谈"
            else:
                action = "区考绩办跟踪督查"
            indicator = names[flag.indicator]
            report = doc.reports[flag.indicator]
            rank = f"第{flag.rank}位" + ("（预估）" if report.estimated else "")
            flows.append(
                Flow(
                    f"{sub_numeral(n)}{indicator.name}（牵头单位：{indicator.lead_unit or '未定'}）：本月排名{rank}，"
                    f"{facts}，列为{kinds}；{action}。"
                )
            )
    else:
        flows.append(Flow("本月无落后指标和退步指标。"))
    flows.append(Flow("三、报送情况", role="hei"))
    status = doc.status
    deadline = f"{status.unit_deadline.month}月{status.unit_deadline.day}日"
    if status.missing:
        flows.append(
            Flow(
                f"按规定，各牵头单位应于每月13日前经分管领导签字后报送进展情况表。本月（截至{deadline}）尚有"
                f"{len(status.missing)}项报送不全："
            )
        )
        for n, missing in enumerate(status.missing):
            flows.append(
                Flow(
                    f"{sub_numeral(n)}{missing.indicator.name}（{missing.indicator.lead_unit or '未定牵头单位'}）："
                    f"{'、'.join(missing.what)}。"
                )
            )
    else:
        flows.append(Flow("本月各牵头单位均已按时报送进展情况表，并经单位主要负责人签字、区分管领导审签。"))
    result = doc.result
    bonus_events = sum(1 for e in doc.events if e.kind == "bonus" and e.points > 0)
    deduction_events = sum(1 for e in doc.events if e.kind == "deduction" and e.points > 0)
    flows.append(Flow("四、考绩法加减分情况", role="hei"))
    flows.append(
        Flow(
            f"截至本月，已认定加分事项{bonus_events}项，预计加分{result.bonus:.2f}分；"  # type: ignore[attr-defined]
            f"减分事项{deduction_events}项，预计减分{result.deduction:.2f}分；"  # type: ignore[attr-defined]
            f"合计{result.net:+.2f}分。"  # type: ignore[attr-defined]
            "凡是符合市对区考绩加分条件，为我区在市考绩争取加分的事项，都按“考绩贡献加分”计入有关单位年终考绩分值。"
        )
    )
    charged = [e for e in doc.events if e.kind == "deduction" and e.points > 0 and e.charged_units]
    if charged:
        items = "；".join(
            f"{e.body.get('matter') or CATEGORY_NAMES[e.category]}（{'、'.join(e.charged_units)}）" for e in charged
        )
        flows.append(
            Flow(
                "对于因区委区政府重点工作推进不力，导致我区在市考绩失分的，按照考绩办法的有关规定，扣减责任部门年终"
                f"考绩分数：{items}。"
            )
        )
    flows.append(Flow("五、工作要求", role="hei"))
    flows.append(
        Flow(
            "各指标牵头单位要密切关注指标数据变化，对落后指标、退步指标查找原因、倒排计划、全力攻坚。"
            "区考绩办将及时进行跟踪督查；对于多次排名靠后或督查后仍未见起效的，提请区委、区政府主要领导进行约谈。"
        )
    )
    flows.append(Flow(""))
    flows.append(Flow(f"附件：{attachment_title(doc)}"))
    return flows


def attachment_title(doc: DistrictMonth) -> str:
    """The table's title, the same words in the 附件说明 and on the 附件 (7.3.7: 表述一致)."""
    return f"{doc.year}年市对区考绩指标进展情况表（{doc.month_label}）"


def _place(doc: DistrictMonth, indicator: str) -> int | None:
    """The district's place among itself and the peers (1 = ahead of all)."""
    report = doc.reports.get(indicator)
    if report is None or report.rank is None:
        return None
    return 1 + sum(1 for rank in report.peer_ranks.values() if rank < report.rank)


@dataclass
class _Frame:
    """What NoticeRenderer.layout() reads from its data: the year (for the 文号) and the print time."""

    year: int
    printed_at: datetime


class DistrictNoticeRenderer(NoticeRenderer):
    """The notice of commendation's GB/T 9704 layout with the month's summary as its body and the month's
    progress table as its 附件."""

    def __init__(self, doc: DistrictMonth, settings: NoticeSettings, fonts: FontSet | None = None) -> None:
        PdfRenderer.__init__(self, fonts, stamp=doc.stamp())
        self.doc = doc
        self.data = _Frame(doc.year, doc.printed_at)  # type: ignore[assignment]
        self.settings = settings
        self.title = settings.title
        self.table = ProgressTableRenderer(doc, self.fonts, attachment=True)
        self._table_pages: list[TablePage] | None = None

    def content(self) -> list[Flow]:
        return notice_flows(self.doc)

    def proposed_date(self) -> date | None:
        """The monthly summary is dated the day it goes out, when that is in the reported month or the next (the
        reports are due on the 13th); a past month printed later gets a blank to date by hand (2017年　月　日),
        never a 成文日期 years after its 文号 (考办〔2017〕9号 beside 2026年12月6日)."""
        today = self.doc.printed_at.date()
        year, month = (int(part) for part in self.doc.month.split("-"))
        after_next = year * 12 + month + 1  # months since year 0 of the month after the next
        if date(year, month, 1) <= today < date(after_next // 12, after_next % 12 + 1, 1):
            return today
        return None

    def table_pages(self) -> list[TablePage]:
        if self._table_pages is None:
            self._table_pages = self.table.paginate(attachment_frame())
        return self._table_pages

    def attachment_pages(self) -> int:
        return len(self.table_pages())

    def draw_attachment(self, canvas, page: NoticePage) -> None:
        """The table turned on the portrait page, inside the 版心 so the page number stays where it always is, its
        head on the left (GB/T 9704-2012 10.1): the binding edge of an odd page and the outer edge of an even one,
        whose sheet is bound on its right."""
        canvas.translate(PAGE_W, 0)
        canvas.rotate(90)
        index = page.attachment or 0
        self.table.draw_page(canvas, attachment_frame(), self.table_pages(), index)


# --- the 附1 progress table (A4 landscape) --------------------------------------------------------

COLUMNS = (
    ("序号", 12),
    ("考绩指标", 34),
    ("考核主要内容", 40),
    ("最新排名\n（或预估排名）", 24),
    ("目前三区比较情况", 58),
    ("年终承诺目标", 30),
    ("进展情况", 69),
)
NOTE = (
    "注：1.本表填写要突出重点，简明扼要。2.无法进行排名的考绩指标，要结合考核细则进行预估，尽量提供较为准确的三区排名。"
    "3.“目前三区比较情况”要体现我区与{peers}相比的优势和不足。"
)


@dataclass(frozen=True)
class TableFrame:
    """Where the table may go, in the coordinates of a landscape page (points)."""

    width: float  # the landscape page
    height: float
    left: float
    right: float
    top: float
    bottom: float


STANDALONE = TableFrame(297 * MM, 210 * MM, 15 * MM, 282 * MM, 195 * MM, 22 * MM)


def attachment_frame() -> TableFrame:
    """The portrait 版心 as seen on the page turned for the table (see DistrictNoticeRenderer.draw_attachment), the
    same on odd and even pages (the 版心 is not mirrored): landscape u = portrait y; v = page width − portrait x."""
    block_left, block_right = LEFT_MARGIN, LEFT_MARGIN + BLOCK_W
    bottom = notice_block_bottom()
    return TableFrame(PAGE_H, PAGE_W, bottom, bottom + BLOCK_H, PAGE_W - block_left, PAGE_W - block_right)


@dataclass
class TablePage:
    rows: list[tuple[list[list[str]], float]]  # each row's wrapped cells and its height
    note: bool = False  # the 注 lines go at the foot of this page


class ProgressTableRenderer(PdfRenderer):
    """2015年市对区考绩指标进展情况表 (附1), one row per indicator, rows wrapped to fit, pages as needed. As the
    monthly notice's 附件 (`attachment`), it is headed 附件 and its title, without the units' signature line."""

    pagesize = (297 * MM, 210 * MM)
    SIZE, LEADING = 10.5, 13.5

    def __init__(self, doc: DistrictMonth, fonts: FontSet | None = None, attachment: bool = False) -> None:
        super().__init__(fonts, stamp=doc.stamp())
        self.doc = doc
        self.attachment = attachment
        self.title = attachment_title(doc)

    def row_cells(self, number: int, indicator: Indicator) -> list[str]:
        report = self.doc.reports.get(indicator.id)
        rank = ""
        if report is not None and report.rank is not None:
            rank = f"第{report.rank}位" + ("\n（预估）" if report.estimated else "")
        return [
            str(number),
            indicator.name,
            indicator.content or "",
            rank,
            comparison_text(report, self.doc.peers),
            indicator.target or "",
            "" if report is None else report.progress or "",
        ]

    def wrapped(self, text: str, width: float, size: float) -> list[str]:
        lines: list[str] = []
        for part in text.split("\n"):
            lines.extend(wrap_cjk(part, width - 2.4 * MM, lambda s: self.width_of(s, "song", size)) or [""])
        return lines

    def widths(self, frame: TableFrame) -> list[float]:
        widths = [w * MM for _, w in COLUMNS]
        scale = (frame.right - frame.left) / sum(widths)
        return [w * scale for w in widths]

    def head_height(self) -> float:
        return 12 * MM

    def header_bottom(self, frame: TableFrame) -> float:
        """Where the column heads end (the rows start) below the title lines."""
        lines = 22 * MM if self.attachment else 31 * MM
        return frame.top - lines - self.head_height()

    def note_lines(self, frame: TableFrame) -> list[str]:
        note = NOTE.format(peers="、".join(self.doc.peers))
        return wrap_cjk(note, frame.right - frame.left, lambda s: self.width_of(s, "fangsong", 10.5))

    def paginate(self, frame: TableFrame) -> list[TablePage]:
        widths = self.widths(frame)
        pages = [TablePage([])]
        y = self.header_bottom(frame)
        for number, indicator in enumerate(self.doc.indicators, start=1):
            cells = self.row_cells(number, indicator)
            wrapped = [self.wrapped(text, w, self.SIZE) for text, w in zip(cells, widths, strict=True)]
            height = max(max(len(lines) for lines in wrapped) * self.LEADING + 4 * MM, 12 * MM)
            if y - height < frame.bottom and pages[-1].rows:
                pages.append(TablePage([]))
                y = self.header_bottom(frame)
            pages[-1].rows.append((wrapped, height))
            y -= height
        if y - (len(self.note_lines(frame)) + 1) * 14 < frame.bottom:
            pages.append(TablePage([]))
        pages[-1].note = True
        return pages

    def draw_header(self, canvas, frame: TableFrame, widths: list[float]) -> float:
        left, top = frame.left, frame.top
        middle = (frame.left + frame.right) / 2
        if self.attachment:  # 7.3.7: 附件 in 3号黑体 on the first line, its title centred on the second
            self.text(canvas, left, top - 16, "附件", "hei", 16)
            size = self.fit_size(self.title, "xbs", 18, frame.right - frame.left)
            self.text(canvas, middle, top - 16 - 28.95, self.title, "xbs", size, "center")
            y = top - 22 * MM
        else:
            self.text(canvas, left, top, "附1:", "hei", 12)
            self.text(canvas, middle, top - 10 * MM, f"{self.doc.year}年市对区考绩指标进展情况表", "xbs", 20, "center")
            self.text(canvas, middle, top - 17 * MM, f"（{self.doc.month_label}）", "kai", 12, "center")
            y = top - 26 * MM
            self.text(canvas, left, y, "单位（盖章）：", "fangsong", 12)
            self.text(canvas, left + 95 * MM, y, "单位主要负责人（签字）：", "fangsong", 12)
            self.text(canvas, left + 185 * MM, y, "区分管领导（签字）：", "fangsong", 12)
            y -= 5 * MM
        head_h = self.head_height()
        x = left
        canvas.setLineWidth(0.8)
        for (title, _), w in zip(COLUMNS, widths, strict=True):
            canvas.rect(x, y - head_h, w, head_h)
            lines = title.split("\n")
            # Each line fitted into its cell: a long head (最新排名（或预估排名）) never crosses the rules.
            size = min(self.fit_size(line, "hei", 11, w - 2 * MM) for line in lines)
            leading = size * 1.2
            for i, line in enumerate(lines):
                line_y = y - head_h / 2 + (len(lines) - 1) * leading / 2 - i * leading - size * 0.35
                self.text(canvas, x + w / 2, line_y, line, "hei", size, "center")
            x += w
        return y - head_h

    def draw_page(self, canvas, frame: TableFrame, pages: list[TablePage], index: int) -> None:
        widths = self.widths(frame)
        y = self.draw_header(canvas, frame, widths)
        page = pages[index]
        size, leading = self.SIZE, self.LEADING
        for wrapped, height in page.rows:
            x = frame.left
            canvas.setLineWidth(0.6)
            for column, (lines, w) in enumerate(zip(wrapped, widths, strict=True)):
                canvas.rect(x, y - height, w, height)
                block = len(lines) * leading
                first = y - (height - block) / 2 - size
                for i, line in enumerate(lines):
                    if column in (0, 3):
                        self.text(canvas, x + w / 2, first - i * leading, line, "song", size, "center")
                    else:
                        self.text(canvas, x + 1.2 * MM, first - i * leading, line, "song", size)
                x += w
            y -= height
        if page.note:
            y -= 16
            for line in self.note_lines(frame):
                self.text(canvas, frame.left, y, line, "fangsong", 10.5)
                y -= 14

    def draw(self, canvas) -> None:
        pages = self.paginate(STANDALONE)
        for index in range(len(pages)):
            self.draw_page(canvas, STANDALONE, pages, index)
            self.footer(canvas, index)
            canvas.showPage()

    def footer(self, canvas, page: int) -> None:
        self.text(canvas, self.pagesize[0] / 2, 10 * MM, f"— {page + 1} —", "song", 10, "center")
        canvas.setFillGray(0.45)
        self.text(canvas, self.pagesize[0] - 15 * MM, 10 * MM, self.stamp, "song", 7, "right")
        canvas.setFillGray(0)

    def build(self, buffer: BytesIO) -> None:
        canvas = self.new_canvas(buffer)
        self.draw(canvas)
        canvas.save()


def district_pdf_bytes(
    db: Database, year: int, kind: str, month: str, today: date | None = None, fonts: FontSet | None = None
) -> bytes:
    doc = gather_month(db, year, month, today)
    fonts = fonts or resolve_fonts(choices=read_font_choices(db, year))
    if kind == "indicator-progress":
        return ProgressTableRenderer(doc, fonts).render()
    if kind == "indicator-notice":
        return DistrictNoticeRenderer(doc, notice_settings(db, year, month), fonts).render()
    raise AppraisalError(f"没有名为 {kind} 的文档。")


def write_district_pdf(db: Database, year: int, kind: str, month: str, out: str, today: date | None = None) -> None:
    from app.documents.output import write_bytes

    write_bytes(out, district_pdf_bytes(db, year, kind, month, today))
