"""What a printed document is made from: plain data gathered once from the file (scheme, roster,
engine results, the notice's wording), so renderers never touch the database and tests can feed them
hand-made data and read the text back."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import date, datetime

from app.documents.certificate_layout import CERTIFICATE_KIND, CertificateSettings
from app.documents.fonts import FONT_KIND, ROLES
from app.models.db import Database
from app.models.documents import read_assessment_date, read_document, write_document
from app.models.errors import AppraisalError
from app.models.loader import load_year_input
from app.models.results_json import results_payload
from app.models.schemes import Scheme
from app.models.store import CadreRow, read_cadres, year_info, year_scheme
from app.scoring import compute_year
from app.scoring.inputs import YearInput
from app.scoring.results import CadreResult, UnitResult, YearResult

NOTICE_KIND = "notice"
PRIZE_ORDER = ("一等奖", "二等奖")
SPECIAL_AWARD = "突出业绩奖"
CATEGORY_NAMES = {"civil_servant": "公务员", "institution": "事业单位"}


def chinese_date(day: date) -> str:
    """成文日期: Arabic numerals, year in full (GB/T 9704-2012 7.3.5.2)."""
    return f"{day.year}年{day.month}月{day.day}日"


_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_WIDE = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef\U00020000-\U0003ffff"
_SPACE_BEFORE_NUMBER = re.compile(rf"(?<=[{_WIDE}])[ \u00a0]+(?=[0-9A-Za-z+\-])")
_SPACE_AFTER_NUMBER = re.compile(rf"(?<=[0-9A-Za-z%.])[ \u00a0]+(?=[{_WIDE}])")


def running_text(text: str) -> str:
    """Running text of an official document: dates written out (2017-09-14 → 2017年9月14日) and no space
    between a Chinese character and a number (共 6 项 → 共6项), as the office types them."""
    text = _ISO_DATE.sub(lambda m: f"{int(m[1])}年{int(m[2])}月{int(m[3])}日", text)
    text = _SPACE_BEFORE_NUMBER.sub("", text)
    return _SPACE_AFTER_NUMBER.sub("", text)


def parse_iso_date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def normalize_date(text: str, what: str) -> str:
    """'2018-1-15', '2018.01.15', '2018/1/15' or '2018年1月15日' → '2018年1月15日'; '' stays ''."""
    text = text.strip()
    if not text:
        return ""
    match = re.fullmatch(r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?", text)
    if match:
        try:
            return chinese_date(date(*(int(g) for g in match.groups())))
        except ValueError:
            pass
    raise AppraisalError(f"{what}“{text}”不是有效日期，应写作 2018年1月15日 或 2018-01-15。")


def unit_labels(scheme: Scheme) -> dict[str, str]:
    """A unit's name in a narrow column of the results and the 考评明细: its short name when that is shorter (新工化
    推进科), else the full name — a "short" name as long as the full one (运行监测协调科 for 运行协调监测科, as the
    seed's forms spell it) is a second spelling, and one document spells a unit one way."""
    return {u.name: u.short if len(u.short) < len(u.name) else u.name for u in scheme.units}


def pool_label(pool: str) -> str:
    category, _, level = pool.partition("/")
    return f"{CATEGORY_NAMES.get(category, category)}（{level}）"


def scheme_prefix(scheme: Scheme) -> str:
    """The part of the scheme's title before the year: 市经信委“四讲四比”主题活动."""
    title = scheme.body.get("title", "")
    head = re.split(r"\d{4}\s*年度", title)[0].strip()
    return head or scheme.body.get("issuer", "")


def date_placeholder(year: int) -> str:
    """A 成文日期 to be written by hand: the year, blank month and day (2018年　月　日)."""
    return f"{year}年\u3000\u3000月\u3000\u3000日"


@dataclass(frozen=True)
class NoticeSettings:
    """The notice of commendation's editable wording (table year_documents, kind 'notice')."""

    authority: str = "市经信委文件"  # 发文机关标志 (red header)
    number_prefix: str = "市经信发"
    number_year: int = 0  # 0: the year after the appraisal
    number: str = "1"
    title: str = ""  # empty: built from the year
    addressee: str = "委机关各科室、二级机构各单位："
    opening: str = ""  # empty: the default first paragraph
    closing: str = (
        "希望受到表彰的科室（单位）和个人珍惜荣誉，戒骄戒躁，再接再厉；全委干部职工要以先进为榜样，"
        "凭发展论英雄，以项目比能力，从担当看品格，为全面完成各项目标任务作出新的更大贡献。"
    )
    issuer: str = "市经信委"  # 发文机关署名 (全称或规范化简称)
    issuer_full: str = "市经济和信息化委员会"  # the full name, for certificates (奖状落款)
    date: str = ""  # 成文日期; empty: the year's assessment date, else asked for (a blank to write by hand)
    printer: str = "市经信委办公室"  # 印发机关
    print_date: str = ""  # 印发日期, empty: the 成文日期
    cc: str = ""  # 抄送机关 (7.4.2), empty: no 抄送 line
    sealed: bool = False  # 加盖印章 (7.3.5.1): room for the seal, 成文日期 four characters in

    @classmethod
    def from_json(cls, body: dict) -> NoticeSettings:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in body.items() if k in known}
        if "number_year" in values:
            values["number_year"] = int(values["number_year"] or 0)
        if "sealed" in values:
            values["sealed"] = bool(values["sealed"])
        for key, value in values.items():
            if key not in ("number_year", "sealed") and not isinstance(value, str):
                values[key] = "" if value is None else str(value)
        return cls(**values)

    def to_json(self) -> dict:
        return asdict(self)

    def document_year(self, year: int) -> int:
        return self.number_year or year + 1

    def document_number(self, year: int) -> str:
        """发文字号: 市经信发〔2018〕1号 (hexagonal brackets 〔〕, no 第, no leading zeros)."""
        number = str(self.number).strip().lstrip("0") or "0"
        return f"{self.number_prefix}〔{self.document_year(year)}〕{number}号"

    def notice_title(self, year: int, prefix: str) -> str:
        return self.title or f"关于表彰{year}年度{prefix}绩效考评先进科室（单位）和优秀等次人员的通报"

    def notice_date(self, proposed: date | None, year: int) -> str:
        """成文日期: as set; else the proposed day (the assessment's date); else a blank to fill in by hand."""
        if self.date:
            return self.date
        return chinese_date(proposed) if proposed is not None else date_placeholder(self.document_year(year))

    def notice_print_date(self, proposed: date | None, year: int) -> str:
        return self.print_date or self.notice_date(proposed, year)

    def cc_text(self) -> str:
        """抄送：A，B。 — the list as typed (、 ， ; or new lines between names), a full stop at the end (7.4.2)."""
        names = [n.strip() for n in re.split(r"[，,、；;\n]+", self.cc.strip().rstrip("。.")) if n.strip()]
        return f"抄送：{'，'.join(names)}。" if names else ""

    def opening_text(self, year: int, prefix: str) -> str:
        return self.opening or (
            f"根据《{prefix}{year}年度科室（单位）绩效考评办法》和《干部考核办法》，经考评办统计汇总、"
            f"委党委审定，现将{year}年度科室（单位）绩效考评和干部年度考核结果通报如下，"
            "对获奖科室（单位）和评定为优秀等次的人员予以通报表彰。"
        )


def read_notice_settings(db: Database, year: int) -> NoticeSettings:
    stored = read_document(db, year, NOTICE_KIND)
    if stored is None:
        return NoticeSettings()
    try:
        return NoticeSettings.from_json(stored)
    except (ValueError, TypeError, AttributeError):
        return NoticeSettings()


def write_notice_settings(conn, year: int, settings: NoticeSettings) -> None:
    """Store inside the caller's audited transaction (db.atomic / session.write)."""
    write_document(conn, year, NOTICE_KIND, settings.to_json())


@dataclass(frozen=True)
class Recipient:
    """One certificate: a unit's prize or special award, or a cadre rated 优秀."""

    kind: str  # "unit" | "cadre"
    name: str
    award: str  # 一等奖 / 二等奖 / 突出业绩奖 / 优秀
    unit: str = ""  # the cadre's unit
    group: int = 0
    provisional: bool = False  # the prize or 优秀 could still change: the sheet says so (暂定)


@dataclass(frozen=True)
class YearDocuments:
    """Everything the year's documents print, gathered once."""

    year: int
    scheme: Scheme
    roster: tuple[CadreRow, ...]  # ballot order
    result: YearResult
    notice: NoticeSettings = field(default_factory=NoticeSettings)
    printed_at: datetime = field(default_factory=lambda: datetime.now().replace(microsecond=0))
    fingerprint: str = ""
    assessment_date: date | None = None  # proposed as the 成文日期
    font_choices: tuple[tuple[str, str], ...] = ()  # role → family the clerk picked (year_documents "fonts")
    certificate: CertificateSettings = field(default_factory=CertificateSettings)
    inputs: YearInput | None = None  # what the result was computed from: the 考评明细 explains it

    @property
    def prefix(self) -> str:
        return scheme_prefix(self.scheme)

    @property
    def issuer(self) -> str:
        return self.notice.issuer or self.scheme.body.get("issuer", "")

    @property
    def issuer_full(self) -> str:
        """The issuing body's full name (certificates): the notice settings' 全称, else the 署名."""
        return self.notice.issuer_full or self.issuer

    def document_date(self) -> str:
        """成文日期 of the notice and the certificates (as set, the assessment's date, or a blank to fill in)."""
        return self.notice.notice_date(self.assessment_date, self.year)

    def fonts(self):
        """The fonts for this year's documents (the clerk's picks over the office's and the shipped faces)."""
        from app.documents.fonts import resolve_fonts

        return resolve_fonts(choices=dict(self.font_choices))

    def stamp(self) -> str:
        return f"数据指纹 {self.fingerprint} · 打印于 {self.printed_at:%Y-%m-%d %H:%M}"

    def units_by_group(self) -> dict[int, list[UnitResult]]:
        groups: dict[int, list[UnitResult]] = {g: [] for g in sorted(self.scheme.groups)}
        order = {u.name: i for i, u in enumerate(self.scheme.units)}
        for unit in sorted(self.result.units, key=lambda u: (u.group, u.rank, order.get(u.name, 0))):
            groups.setdefault(unit.group, []).append(unit)
        return groups

    def cadres_by_pool(self) -> dict[str, list[CadreResult]]:
        pools: dict[str, list[CadreResult]] = {}
        for pool in self.result.pools:
            pools[pool.pool] = []
        position = {c.id: i for i, c in enumerate(self.roster)}
        for cadre in sorted(self.result.cadres, key=lambda c: (c.rank_in_pool, position.get(c.id, 0))):
            pools.setdefault(cadre.pool, []).append(cadre)
        return pools

    def prize_units(self, prize: str) -> list[UnitResult]:
        return [u for units in self.units_by_group().values() for u in units if u.prize == prize]

    def special_award_units(self) -> list[UnitResult]:
        return [u for units in self.units_by_group().values() for u in units if u.special_award]

    def special_award_cadres(self) -> list[CadreResult]:
        """突出贡献奖 granted (称职 or better), in ballot (roster) order."""
        position = {c.id: i for i, c in enumerate(self.roster)}
        return sorted((c for c in self.result.cadres if c.special_award), key=lambda c: position.get(c.id, 0))

    def excellent_cadres(self) -> list[CadreResult]:
        """优秀 cadres in ballot (roster) order, so the list reads by unit."""
        position = {c.id: i for i, c in enumerate(self.roster)}
        return sorted((c for c in self.result.cadres if c.grade == "优秀"), key=lambda c: position.get(c.id, 0))

    def recipients(self) -> list[Recipient]:
        out = [
            Recipient("unit", u.name, prize, group=u.group, provisional=u.provisional)
            for prize in PRIZE_ORDER
            for u in self.prize_units(prize)
        ]
        out += [
            Recipient("unit", u.name, SPECIAL_AWARD, group=u.group, provisional=u.provisional)
            for u in self.special_award_units()
        ]
        out += [
            Recipient("cadre", c.name, "优秀", unit=c.unit, provisional=c.provisional) for c in self.excellent_cadres()
        ]
        out += [
            Recipient("cadre", c.name, "突出贡献奖", unit=c.unit, provisional=c.provisional)
            for c in self.special_award_cadres()
        ]
        return out

    def with_notice(self, notice: NoticeSettings) -> YearDocuments:
        return replace(self, notice=notice)


def fingerprint(result: YearResult, roster: tuple[CadreRow, ...]) -> str:
    """A short hash of what the documents show, so a reprint after a change is noticed."""
    payload = {"results": results_payload(result), "roster": [asdict(c) for c in roster]}
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def gather(db: Database, year: int, result: YearResult | None = None) -> YearDocuments:
    if year_info(db, year) is None:
        raise AppraisalError(f"数据文件中没有 {year} 年度。")
    scheme = year_scheme(db, year)
    roster = tuple(read_cadres(db, year))
    inputs = load_year_input(db, year)
    result = result if result is not None else compute_year(inputs)
    return YearDocuments(
        year=year,
        scheme=scheme,
        roster=roster,
        result=result,
        notice=read_notice_settings(db, year),
        fingerprint=fingerprint(result, roster),
        assessment_date=parse_iso_date(read_assessment_date(db, year)),
        font_choices=tuple(sorted(read_font_choices(db, year).items())),
        certificate=CertificateSettings.from_json(read_document(db, year, CERTIFICATE_KIND)),
        inputs=inputs,
    )


def read_font_choices(db: Database, year: int) -> dict[str, str]:
    """role → family name the clerk picked for the year's documents (empty: automatic)."""
    stored = read_document(db, year, FONT_KIND)
    if not isinstance(stored, dict):
        return {}
    return {
        role: str(family) for role, family in stored.items() if role in ROLES and isinstance(family, str) and family
    }


def write_font_choices(conn, year: int, choices: dict[str, str]) -> None:
    """Store inside the caller's audited transaction (session.write)."""
    write_document(
        conn, year, FONT_KIND, {role: family for role, family in choices.items() if role in ROLES and family}
    )


def write_certificate_settings(conn, year: int, settings: CertificateSettings) -> None:
    """Store inside the caller's audited transaction (session.write)."""
    write_document(conn, year, CERTIFICATE_KIND, settings.to_json())


def open_matters(result: YearResult) -> list[str]:
    """What is not settled yet (Chinese lines for the clerk): ties the committee has not decided (报委党委审定),
    units or cadres whose data are incomplete, and whatever the certificates and the notice would name that is still
    provisional (a prize while its group is incomplete, an 优秀 that hangs on a tie or a missing ballot)."""
    lines = []
    tied_units = [u for u in result.units if u.tie and not u.decided]
    if tied_units:
        groups: dict[int, list[str]] = {}
        for unit in tied_units:
            groups.setdefault(unit.group, []).append(unit.name)
        parts = [f"第{g}组 {'、'.join(names)}" for g, names in sorted(groups.items())]
        lines.append(f"科室（单位）并列待党委审定：{'；'.join(parts)}")
    tied_cadres = [c for c in result.cadres if c.tie and not c.decided]
    if tied_cadres:
        lines.append(f"干部优秀名额边界并列待党委审定：{'、'.join(f'{c.name}（{c.unit}）' for c in tied_cadres)}")
    incomplete = [u.name for u in result.units if u.incomplete]
    if incomplete:
        lines.append(f"数据未录齐的科室（单位）：{some(incomplete)}")
    prized = [u.name for u in result.units if u.provisional and (u.prize or u.special_award) and not u.tie]
    if prized:
        lines.append(f"奖项暂定（同组有科室缺项）：{some(prized)}")
    waiting = [f"{c.name}（{c.unit}）" for c in result.cadres if c.grade is None and c.basis == "pending"]
    if waiting:
        lines.append(f"等次待党委对科室一等奖并列审定后确定的干部：{some(waiting)}")
    missing = [f"{c.name}（{c.unit}）" for c in result.cadres if c.incomplete and not c.not_assessed]
    if missing:
        lines.append(f"缺民主测评票或领导评价的干部：{some(missing)}")
    shaky = [f"{c.name}（{c.unit}）" for c in result.cadres if c.grade == "优秀" and c.provisional]
    if shaky:
        lines.append(f"优秀等次暂定的干部：{some(shaky)}")
    return lines


def some(names: list[str], shown: int = 8) -> str:
    return "、".join(names[:shown]) + (f" 等 {len(names)} 个" if len(names) > shown else "")


def gather_certificate_settings(db: Database, year: int) -> CertificateSettings:
    """The year's certificate stock and positions (year_documents kind "certificates"), or the defaults."""
    return CertificateSettings.from_json(read_document(db, year, CERTIFICATE_KIND))
