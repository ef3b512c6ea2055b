"""市对区考绩 (seed 004): indicators, peers, the monthly 附1 progress reports, the month's deadlines, the
落后/退步 flags and the 考绩法 bonus/deduction events — reading and writing, no Qt.

Writes take the connection of one `db.atomic()` block; bad input raises `ValidationError` before anything
is written. Event bodies are checked by the year file's own validator, so the GUI and an import refuse the same.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from app.models.db import Database
from app.models.errors import Problem, ValidationError
from app.models.store import AdjustmentRow
from app.scoring.district import (
    CHARGE_CATEGORY,
    CONTRIBUTION_CATEGORY,
    DistrictEvent,
    DistrictResult,
    IndicatorFlag,
    IndicatorMonth,
    compute_district,
    event_points,
    indicator_flags,
    previous_month,
)
from app.scoring.inputs import Adjustment

OWN = "本区"  # the district itself in the peers list (the spec: "peers": ["本区", "鹿城区", "瓯海区"])
DEFAULT_PEERS = ("鹿城区", "瓯海区")  # 目前三区比较情况：我区与鹿城区、瓯海区相比
UNIT_DAY = 13  # 每月 13 日之前经分管领导签字后上报（单位 → 局）
DISTRICT_DAY = 15  # 每月 15 日前报送到区考绩办
TALK_AFTER = 3  # 多次排名靠后: this many months last among the peers → 提请约谈

CATEGORY_NAMES = {
    "big_project": "引进产业大项目",
    "rank_change": "指标排名",
    "honor_national": "荣获表彰（中央、国务院）",
    "honor_provincial": "荣获表彰（部委、省委省政府）",
    "poor_implementation": "重要事项落实不力",
    "criticized_provincial": "通报批评（省级以上）",
    "criticized_city": "通报批评（市委市政府）",
    "media_exposure": "媒体曝光",
}
GROUP_NAMES = {
    "big_project": "引进产业大项目",
    "rank_gain": "指标排名（加分）",
    "honors": "荣获上级表彰荣誉",
    "rank_loss": "指标排名（减分）",
    "poor_implementation": "重要事项落实不力",
    "criticized_provincial": "通报批评（省级以上）",
    "criticized_city": "通报批评（市委市政府）",
    "media_exposure": "媒体曝光",
}
# The seed's 附2 clauses, shown beside the calculator.
RULE_TEXT = {
    "big_project": "引进重大制造业或生产性服务业项目，单体投资规模达到20亿元每个给予加10分，"
    "单体投资规模每增加5亿元再累加2分，本项最多加20分。",
    "rank_change": "每项指标总量或增速与上年比每进1位加0.3分，单项最多加2分，累计最多加10分；"
    "每退1位减0.3分，单项最多减2分，累计最多减10分。",
    "honor_national": "获得中央、国务院（包括中办、国办）发文表彰或授予荣誉称号的，第一等次加3分，"
    "每降一个等次少加1分，不分等次的加2分。三分之二以上同类单位均受到表彰的，不予加分。本项最高加分不超过10分。",
    "honor_provincial": "获得国家部委和省委、省政府（省“两办”）发文表彰或授予荣誉称号的，第一等次加1.5分，"
    "每降一个等次少加0.5分，不分等次的加1分。三分之二以上同类单位均受到表彰的，不予加分。本项最高加分不超过10分。",
    "poor_implementation": "领导批示、重点督办事项或市长热线、电视问政、新政聚焦等重点交办事项落实不力，"
    "每项减1－2分，累计最多减10分。",
    "criticized_provincial": "因工作不力、失误或作风建设问题，被省级以上党政机关部门通报批评的每次减5分。",
    "criticized_city": "被市委市政府（市“两办”）通报批评的每次减3分。",
    "media_exposure": "发生重大突发性事件、群体性事件或负面消息被媒体曝光后，因应对处置不当被媒体反复炒作，"
    "引发成为全国性舆论事件、对温州形象造成重大负面影响的，每次减3分。",
}
CAPS_TEXT = "加分最高不超过30分，减分最高不超过30分；加减分事项的有效期为当年2月至次年1月，以文件发布、证书颁发等为准。"


# --- indicators and peers -------------------------------------------------------------------------


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    lead_unit: str | None = None
    content: str | None = None  # 考核主要内容
    target: str | None = None  # 年终承诺目标
    liaison: str | None = None  # 线上对接人员


def read_indicators(db: Database, year: int) -> list[Indicator]:
    return [
        Indicator(r["id"], r["name"], r["lead_unit"], r["content"], r["target"], r["liaison"])
        for r in db.query("SELECT * FROM indicators WHERE year = ? ORDER BY position, id", (year,))
    ]


def next_indicator_id(db: Database, year: int) -> str:
    taken = {r["id"] for r in db.query("SELECT id FROM indicators WHERE year = ?", (year,))}
    n = len(taken) + 1
    while f"i{n:02d}" in taken:
        n += 1
    return f"i{n:02d}"


def save_indicator(conn: Any, year: int, indicator: Indicator) -> None:
    """Add or change an indicator (its id stays)."""
    problems = []
    if not indicator.id.strip():
        problems.append(Problem("编号", "指标编号不能为空"))
    if not indicator.name.strip():
        problems.append(Problem(f"指标 {indicator.id}", "考绩指标名称不能为空"))
    if problems:
        raise ValidationError(problems)
    position = conn.execute("SELECT COALESCE(MAX(position), 0) + 1 FROM indicators WHERE year = ?", (year,)).fetchone()
    conn.execute(
        "INSERT INTO indicators (year, id, name, lead_unit, content, target, liaison, position) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (year, id) DO UPDATE SET name = excluded.name, "
        "lead_unit = excluded.lead_unit, content = excluded.content, target = excluded.target, "
        "liaison = excluded.liaison",
        (
            year,
            indicator.id.strip(),
            indicator.name.strip(),
            _blank_none(indicator.lead_unit),
            _blank_none(indicator.content),
            _blank_none(indicator.target),
            _blank_none(indicator.liaison),
            position[0],
        ),
    )


def delete_indicator(conn: Any, year: int, indicator_id: str) -> None:
    used = conn.execute(
        "SELECT (SELECT COUNT(*) FROM indicator_reports WHERE year = ? AND indicator = ?) + "
        "(SELECT COUNT(*) FROM district_events WHERE year = ? AND json_extract(body, '$.indicator') = ?)",
        (year, indicator_id, year, indicator_id),
    ).fetchone()[0]
    if used:
        raise ValidationError([Problem(f"指标 {indicator_id}", "已有月度进展或加减分事项，不能删除")])
    conn.execute("DELETE FROM indicators WHERE year = ? AND id = ?", (year, indicator_id))


def read_peers(db: Database, year: int) -> list[str]:
    """The peer districts compared with (without 本区); the seed's 鹿城区、瓯海区 when none are set."""
    stored = [r["name"] for r in db.query("SELECT name FROM indicator_peers WHERE year = ? ORDER BY position", (year,))]
    peers = [name for name in stored if name != OWN]
    return peers if stored else list(DEFAULT_PEERS)


def set_peers(conn: Any, year: int, peers: list[str]) -> None:
    names = [p.strip() for p in peers if p.strip() and p.strip() != OWN]
    if not names:
        raise ValidationError([Problem("比较区", "至少要有一个比较的区")])
    if len(set(names)) != len(names):
        raise ValidationError([Problem("比较区", "区名重复")])
    conn.execute("DELETE FROM indicator_peers WHERE year = ?", (year,))
    for position, name in enumerate([OWN, *names]):
        conn.execute("INSERT INTO indicator_peers (year, position, name) VALUES (?, ?, ?)", (year, position, name))


# --- monthly reports (附1) ------------------------------------------------------------------------


@dataclass(frozen=True)
class Report:
    indicator: str
    month: str  # YYYY-MM
    rank: int | None = None  # 最新排名（或预估排名）
    estimated: bool = False
    peer_ranks: dict[str, int] = field(default_factory=dict)  # 目前三区比较情况
    progress: str | None = None
    signed: bool = False  # 单位主要负责人签字
    leader_signed: bool = False  # 区分管领导审签
    submitted: str | None = None  # YYYY-MM-DD

    def as_month(self) -> IndicatorMonth:
        return IndicatorMonth(self.indicator, self.month, self.rank, dict(self.peer_ranks))


def _report(row: Any) -> Report:
    return Report(
        indicator=row["indicator"],
        month=row["month"],
        rank=row["rank"],
        estimated=bool(row["estimated"]),
        peer_ranks=json.loads(row["peer_ranks"]),
        progress=row["progress"],
        signed=bool(row["signed"]),
        leader_signed=bool(row["leader_signed"]),
        submitted=row["submitted"],
    )


def read_reports(db: Database, year: int, month: str | None = None) -> list[Report]:
    if month is None:
        rows = db.query("SELECT * FROM indicator_reports WHERE year = ? ORDER BY month, indicator", (year,))
    else:
        rows = db.query("SELECT * FROM indicator_reports WHERE year = ? AND month = ?", (year, month))
    return [_report(r) for r in rows]


def month_reports(db: Database, year: int, month: str) -> dict[str, Report]:
    return {r.indicator: r for r in read_reports(db, year, month)}


def check_month(month: str) -> str:
    try:
        y, m = month.split("-")
        if len(y) == 4 and y.isdigit() and 1 <= int(m) <= 12 and len(m) == 2:
            return month
    except ValueError:
        pass
    raise ValidationError([Problem("月份", f"月份应为 YYYY-MM，实际为 {month!r}")])


def save_report(conn: Any, year: int, report: Report) -> None:
    """Store one indicator's month (replacing what was keyed before)."""
    check_month(report.month)
    where = f"{report.month} {report.indicator}"
    problems = []
    known = conn.execute("SELECT 1 FROM indicators WHERE year = ? AND id = ?", (year, report.indicator)).fetchone()
    if known is None:
        problems.append(Problem(where, f"未知指标 {report.indicator!r}"))
    if report.rank is not None and report.rank < 1:
        problems.append(Problem(f"{where} 排名", "排名应为正整数"))
    for peer, rank in report.peer_ranks.items():
        if rank < 1:
            problems.append(Problem(f"{where} {peer}", "排名应为正整数"))
    if report.submitted is not None:
        try:
            date.fromisoformat(report.submitted)
        except ValueError:
            problems.append(Problem(f"{where} 报送日期", f"日期应为 YYYY-MM-DD，实际为 {report.submitted!r}"))
    if problems:
        raise ValidationError(problems)
    conn.execute(
        "INSERT INTO indicator_reports (year, indicator, month, rank, estimated, peer_ranks, progress, signed, "
        "leader_signed, submitted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (year, indicator, month) "
        "DO UPDATE SET rank = excluded.rank, estimated = excluded.estimated, peer_ranks = excluded.peer_ranks, "
        "progress = excluded.progress, signed = excluded.signed, leader_signed = excluded.leader_signed, "
        "submitted = excluded.submitted",
        (
            year,
            report.indicator,
            report.month,
            report.rank,
            int(report.estimated),
            json.dumps(report.peer_ranks, ensure_ascii=False),
            _blank_none(report.progress),
            int(report.signed),
            int(report.leader_signed),
            report.submitted,
        ),
    )


def delete_report(conn: Any, year: int, indicator: str, month: str) -> None:
    conn.execute(
        "DELETE FROM indicator_reports WHERE year = ? AND indicator = ? AND month = ?", (year, indicator, month)
    )


def report_months(db: Database, year: int) -> list[str]:
    return [
        r["month"] for r in db.query("SELECT DISTINCT month FROM indicator_reports WHERE year = ? ORDER BY 1", (year,))
    ]


# --- the month's deadlines and what is missing ----------------------------------------------------


@dataclass(frozen=True)
class Missing:
    indicator: Indicator
    what: tuple[str, ...]  # 未报送 / 未填排名 / 单位主要负责人未签字 / 区分管领导未审签 / 逾期报送


@dataclass(frozen=True)
class MonthStatus:
    month: str
    unit_deadline: date  # 13 日：单位经分管领导签字后上报
    district_deadline: date  # 15 日：报送区考绩办
    today: date
    missing: tuple[Missing, ...]
    complete: int  # indicators with nothing missing
    total: int

    @property
    def days_to_unit_deadline(self) -> int:
        return (self.unit_deadline - self.today).days

    @property
    def days_to_district_deadline(self) -> int:
        return (self.district_deadline - self.today).days

    def headline(self) -> str:
        parts = [f"{self.month[:4]}年{int(self.month[5:])}月：已齐 {self.complete}/{self.total} 项"]
        for label, day, left in (
            ("单位上报（经分管领导签字）", self.unit_deadline, self.days_to_unit_deadline),
            ("报送区考绩办", self.district_deadline, self.days_to_district_deadline),
        ):
            when = f"{day.month}月{day.day}日"
            if left > 0:
                parts.append(f"{label}截止 {when}，还有 {left} 天")
            elif left == 0:
                parts.append(f"{label}截止 {when}，就是今天")
            else:
                parts.append(f"{label}截止 {when}，已过 {-left} 天")
        return "；".join(parts)


def deadlines(month: str) -> tuple[date, date]:
    year, mon = (int(p) for p in check_month(month).split("-"))
    return date(year, mon, UNIT_DAY), date(year, mon, DISTRICT_DAY)


def month_status(db: Database, year: int, month: str, today: date) -> MonthStatus:
    unit_deadline, district_deadline = deadlines(month)
    reports = month_reports(db, year, month)
    indicators = read_indicators(db, year)
    missing = []
    for indicator in indicators:
        report = reports.get(indicator.id)
        if report is None:
            missing.append(Missing(indicator, ("未报送",)))
            continue
        what = []
        if report.rank is None:
            what.append("未填排名")
        if not report.signed:
            what.append("单位主要负责人未签字")
        if not report.leader_signed:
            what.append("区分管领导未审签")
        if report.submitted and report.submitted > unit_deadline.isoformat():
            what.append(f"逾期报送（{report.submitted}）")
        if what:
            missing.append(Missing(indicator, tuple(what)))
    return MonthStatus(
        month=month,
        unit_deadline=unit_deadline,
        district_deadline=district_deadline,
        today=today,
        missing=tuple(missing),
        complete=len(indicators) - len(missing),
        total=len(indicators),
    )


# --- flags (落后指标、退步指标) and history ---------------------------------------------------------


def all_months(db: Database, year: int) -> list[IndicatorMonth]:
    """This year's reports and last year's (for 与上年同期相比)."""
    rows = db.query(
        "SELECT indicator, month, rank, peer_ranks FROM indicator_reports WHERE year IN (?, ?)", (year, year - 1)
    )
    return [IndicatorMonth(r["indicator"], r["month"], r["rank"], json.loads(r["peer_ranks"])) for r in rows]


def month_flags(db: Database, year: int, month: str) -> list[IndicatorFlag]:
    order = {ind.id: n for n, ind in enumerate(read_indicators(db, year))}
    flags = indicator_flags(all_months(db, year), check_month(month))
    return sorted((f for f in flags if f.indicator in order), key=lambda f: order[f.indicator])


def flag_text(flag: IndicatorFlag, talk_after: int = TALK_AFTER) -> tuple[str, str, str]:
    """(类别, 情况, 措施) as the flags list and the notice word them."""
    kinds = []
    if flag.behind:
        kinds.append("落后指标")
    if flag.fell_back:
        kinds.append("退步指标")
    facts = []
    if flag.behind:
        facts.append(f"三区比较居末位（本年第 {flag.times_behind} 次）")
    if flag.back_on_month is not None:
        facts.append(f"比上月退后 {flag.back_on_month} 位")
    if flag.back_on_year is not None:
        facts.append(f"比上年同期退后 {flag.back_on_year} 位")
    if flag.talk(talk_after):
        reason = "多次排名靠后" if flag.times_behind >= talk_after else "督查后仍未见起效"
        action = f"提请约谈（{reason}）"
    else:
        action = "跟踪督查"
    return "、".join(kinds), "；".join(facts), action


def history(db: Database, year: int, indicator: str) -> list[Report]:
    return [r for r in read_reports(db, year) if r.indicator == indicator]


def months_of_year(year: int) -> list[str]:
    """The months a year's 附1 table is kept for: February to the next January, as the validity window."""
    return [f"{year}-{m:02d}" for m in range(2, 13)] + [f"{year + 1}-01"]


def last_month(month: str) -> str:
    return previous_month(month)


# --- the 考绩法 bonus/deduction events ---------------------------------------------------------------


@dataclass(frozen=True)
class EventRow:
    id: int
    body: dict[str, Any]
    event: DistrictEvent
    kind: str  # bonus | deduction
    points: Decimal  # the event's own points, before the group caps

    @property
    def category(self) -> str:
        return self.body["category"]

    @property
    def credited_units(self) -> list[str]:
        return list(self.body.get("credited_units") or [])

    @property
    def charged_units(self) -> list[str]:
        return list(self.body.get("charged_units") or [])


def to_event(body: dict[str, Any]) -> DistrictEvent:
    def dec(key: str) -> Decimal | None:
        return None if body.get(key) is None else Decimal(str(body[key]))

    return DistrictEvent(
        category=body["category"],
        matter=body.get("matter") or "",
        investment=dec("investment"),
        indicator=body.get("indicator"),
        measure=body.get("measure"),
        last_year_rank=body.get("last_year_rank"),
        rank=body.get("rank"),
        tier=body.get("tier"),
        peers_honored_share=dec("peers_honored_share"),
        points=dec("points"),
        date=date.fromisoformat(body["date"]) if body.get("date") else None,
    )


def read_events(db: Database, year: int) -> list[EventRow]:
    rows = []
    for r in db.query("SELECT id, body FROM district_events WHERE year = ? ORDER BY id", (year,)):
        body = json.loads(r["body"])
        event = to_event(body)
        kind, points = event_points(event)
        rows.append(EventRow(r["id"], body, event, kind, points))
    return rows


def district_result(db: Database, year: int) -> DistrictResult:
    return compute_district([row.event for row in read_events(db, year)])


def check_event(db: Database, year: int, entry: dict[str, Any]) -> dict[str, Any]:
    """The year file's rules for one event (known category, its fields, the validity window, credited units)."""
    from app.models import store
    from app.models.yearfile import SECTION_KEYS, Validator

    validator = Validator(db, {"district_events": [entry]})
    required, optional = SECTION_KEYS["district_events"]
    for key in sorted(set(entry) - required - optional):
        validator.problem(f"事项.{key}", "未知字段")
    if "category" not in entry:
        validator.problem("事项.category", "缺少类别")
    if validator.problems:
        raise ValidationError(validator.problems)
    indicator_ids = {r["id"] for r in db.query("SELECT id FROM indicators WHERE year = ?", (year,))}
    event = validator.district_event(entry, "事项", indicator_ids, store.year_scheme(db, year))
    if event is not None:
        validator.event_in_window(event, "事项", year)
    if validator.problems or event is None:
        raise ValidationError(validator.problems or [Problem("事项", "无法读取")])
    return event


def event_body(event: dict[str, Any]) -> str:
    return json.dumps(event, ensure_ascii=False, default=str, sort_keys=True)


def add_event(conn: Any, db: Database, year: int, entry: dict[str, Any]) -> int:
    event = check_event(db, year, entry)
    cursor = conn.execute(
        "INSERT INTO district_events (year, category, body, date) VALUES (?, ?, ?, ?)",
        (year, event["category"], event_body(event), event.get("date")),
    )
    return int(cursor.lastrowid)


def update_event(conn: Any, db: Database, year: int, event_id: int, entry: dict[str, Any]) -> None:
    event = check_event(db, year, entry)
    conn.execute(
        "UPDATE district_events SET category = ?, body = ?, date = ? WHERE year = ? AND id = ?",
        (event["category"], event_body(event), event.get("date"), year, event_id),
    )


def delete_event(conn: Any, year: int, event_id: int) -> None:
    conn.execute("DELETE FROM district_events WHERE year = ? AND id = ?", (year, event_id))


# --- 考绩贡献加分 and 失分扣分: derived, never stored twice ---------------------------------------------


def derived_adjustments(db: Database, year: int) -> list[Adjustment]:
    """The unit adjustments the district events imply, computed on every read (never stored as adjustments).

    - 凡是符合市对区考绩加分条件，为我区在市考绩争取加分的事项，都按“考绩贡献加分”计入有关单位年终考绩分值: each
      bonus event credited to units becomes one unit bonus of category `district_contribution`;
    - 对于因区委区政府重点工作推进不力，导致我区在市考绩失分的，按照考绩办法的有关规定，扣减责任部门年终考绩分数:
      each deduction event charged to units becomes one unit deduction of category `district_charge`.

    Either is worth the event's own points (before the district's group caps), split equally among its units
    as any shared adjustment; the unit's own caps (加分/减分最高不超过 10 分) apply in the engine.
    """
    return [adjustment for _row, adjustment in _derived(db, year)]


def _derived(db: Database, year: int) -> list[tuple[EventRow, Adjustment]]:
    pairs = []
    for row in read_events(db, year):
        if row.points <= 0:
            continue
        matter = row.body.get("matter") or CATEGORY_NAMES[row.category]
        if row.kind == "bonus" and row.credited_units:
            units, category, label = row.credited_units, CONTRIBUTION_CATEGORY, "考绩贡献"
        elif row.kind == "deduction" and row.charged_units:
            units, category, label = row.charged_units, CHARGE_CATEGORY, "考绩失分"
        else:
            continue
        pairs.append((row, Adjustment(tuple(units), row.kind, category, row.points, f"{label}：{matter}#{row.id}")))
    return pairs


DERIVED_NOTE = "由市对区考绩事项自动计算（只读，在“市对区考绩”页修改）"


def derived_adjustment_rows(db: Database, year: int) -> list[AdjustmentRow]:
    """The derived unit adjustments as rows of the 加分与扣分 page's list (no id: not stored, not editable)."""
    return [
        AdjustmentRow(
            "unit",
            adjustment.kind,
            adjustment.category,
            adjustment.matter,
            adjustment.points,
            adjustment.targets,
            date=row.body.get("date"),
            note=DERIVED_NOTE,
        )
        for row, adjustment in _derived(db, year)
    ]


def contribution_adjustments(db: Database, year: int) -> list[Adjustment]:
    """考绩贡献加分 alone (see `derived_adjustments`)."""
    return [a for a in derived_adjustments(db, year) if a.category == CONTRIBUTION_CATEGORY]


def charge_adjustments(db: Database, year: int) -> list[Adjustment]:
    """市对区考绩失分扣分 alone (see `derived_adjustments`)."""
    return [a for a in derived_adjustments(db, year) if a.category == CHARGE_CATEGORY]


def _blank_none(text: str | None) -> str | None:
    return text.strip() if text and text.strip() else None


# --- what a clerk types → values (the GUI's cells and form fields) -----------------------------------


def parse_rank(text: str, where: str) -> int | None:
    """A rank: a whole number ≥ 1; empty clears it."""
    text = text.strip()
    if not text:
        return None
    if not text.isdigit() or int(text) < 1:
        raise ValidationError([Problem(where, f"排名应为正整数，实际为 {text!r}")])
    return int(text)


def parse_submitted(text: str, month: str) -> str | None:
    """报送日期: "12" (that day of the report's month), "9-12" / "9.12" / "9月12日", or "2017-09-12"."""
    text = text.strip().replace("月", "-").replace("日", "").replace(".", "-").replace("/", "-")
    if not text:
        return None
    year, mon = (int(p) for p in month.split("-"))
    parts = text.split("-")
    try:
        if len(parts) == 1:
            when = date(year, mon, int(parts[0]))
        elif len(parts) == 2:
            when = date(year if int(parts[0]) >= mon - 1 else year + 1, int(parts[0]), int(parts[1]))
        else:
            when = date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        raise ValidationError(
            [Problem(f"{month} 报送日期", f"日期写法不对：{text!r}（如 12、9-12、{month}-12）")]
        ) from None
    return when.isoformat()


def parse_share(text: str) -> str | None:
    """同类单位受表彰的比例: "2/3", "0.5", "50%"; empty means not known."""
    text = text.strip()
    if not text:
        return None
    try:
        if "/" in text:
            top, bottom = text.split("/")
            share = Decimal(top) / Decimal(bottom)
        elif text.endswith("%"):
            share = Decimal(text[:-1]) / 100
        else:
            share = Decimal(text)
    except (ArithmeticError, ValueError):
        raise ValidationError(
            [Problem("同类单位受表彰比例", f"应为 2/3、0.5 或 50% 这样的比例，实际为 {text!r}")]
        ) from None
    if not 0 <= share <= 1:
        raise ValidationError([Problem("同类单位受表彰比例", "应在 0 到 1 之间")])
    return str(share)


def yuan_from_yi(text: str) -> str:
    """单体投资规模 keyed in 亿元 → yuan, the year file's unit."""
    try:
        value = Decimal(text.strip())
    except ArithmeticError:
        raise ValidationError([Problem("投资规模", f"应为亿元数，实际为 {text!r}")]) from None
    return str((value * 100_000_000).normalize().quantize(Decimal(1)))


def yi_text(yuan: Any) -> str:
    value = Decimal(str(yuan)) / 100_000_000
    return f"{value.normalize():f} 亿元"


def comparison_text(report: Report | None, peers: list[str]) -> str:
    """目前三区比较情况 as one line: 本区第2位（预估）；鹿城区第1位、瓯海区第3位."""
    if report is None or report.rank is None:
        return ""
    own = f"{OWN}第{report.rank}位" + ("（预估）" if report.estimated else "")
    others = [f"{p}第{report.peer_ranks[p]}位" for p in peers if p in report.peer_ranks]
    ahead = [p for p in peers if p in report.peer_ranks and report.peer_ranks[p] < report.rank]
    tail = f"，落后于{'、'.join(ahead)}" if ahead else ("，三区领先" if others else "")
    return own + ("；" + "、".join(others) if others else "") + tail


def parse_event_date(text: str, year: int) -> str | None:
    """An event's date: "5-20" (January means next January, the window's end) or "2017-05-20"; empty: none."""
    text = text.strip().replace("月", "-").replace("日", "").replace(".", "-").replace("/", "-")
    if not text:
        return None
    parts = text.split("-")
    try:
        if len(parts) == 2:
            mon = int(parts[0])
            return date(year + 1 if mon == 1 else year, mon, int(parts[1])).isoformat()
        return date(int(parts[0]), int(parts[1]), int(parts[2])).isoformat()
    except (ValueError, IndexError):
        raise ValidationError([Problem("日期", f"日期写法不对：{text!r}（如 5-20 或 {year}-05-20）")]) from None


def split_names(text: str) -> list[str]:
    for sep in ("，", ",", "；", ";", " "):
        text = text.replace(sep, "、")
    return [name for name in (part.strip() for part in text.split("、")) if name]


def yi_number(yuan: Any) -> str:
    """Yuan → the 亿元 figure a clerk types (2740000000 → "27.4")."""
    return f"{(Decimal(str(yuan)) / 100_000_000).normalize():f}"
