"""Reading a year file: its text into JSON values (`parse_year_file`), then every section validated into a
`Plan` (`read_year_file`), with every problem reported with its JSON path before anything is written.

A new section is one module with `KEYS` (its entries' required and optional keys) and `read(file, plan)`,
listed in `SECTIONS` below; its write goes into `app.models.yearfile.writing`, its export into `export`."""

from __future__ import annotations

from typing import Any

from app.models import store
from app.models.db import Database
from app.models.errors import Problem, ValidationError
from app.models.jsontext import parse_json
from app.models.reader import shown
from app.models.schemes import DEFAULT_SCHEME_ID, Scheme
from app.models.yearfile import cadres, carried_in, catalogue, decisions, district, unit_data, year_rules
from app.models.yearfile.plan import FORMAT, Plan, YearFile

FIRST_YEAR, LAST_YEAR = 1900, 2999  # a year's dates (the validity window runs into the next January) stay valid
# In this order: the roster before the awards, overrides and decisions that name cadres.
SECTIONS = (catalogue, unit_data, cadres, carried_in, year_rules, district, decisions)
TOP_KEYS = {
    "format",
    "year",
    "scheme",
    *catalogue.TOP_KEYS,
    *district.TOP_KEYS,
    *year_rules.TOP_KEYS,
    *(name for section in SECTIONS for name in section.KEYS),
}


def parse_year_file(raw: bytes | str) -> Any:
    """The file's bytes (or text) as JSON values, decimals kept exact (never binary floats); refused as a whole
    when it is not UTF-8 JSON or holds repeated keys, invisible control characters, absurd nesting
    (`app.models.jsontext`)."""
    return parse_json(raw)


def read_year_file(db: Database, data: Any, keying_pass: int = 1) -> Plan:
    """Every section of the file checked against the database; the plan of what an import writes, or a
    `ValidationError` listing every problem (nothing is written either way)."""
    if not isinstance(data, dict):
        raise ValidationError([Problem("$", "年度文件应为一个 JSON 对象")])
    file = YearFile(db, data, keying_pass)
    plan = _read_header(file)
    if plan is not None:
        for section in SECTIONS:
            section.read(file, plan)
    file.raise_if_problems()
    if plan is None:
        raise ValidationError([Problem("$", "无法读取年度文件")])
    return plan


def _read_header(file: YearFile) -> Plan | None:
    """format, year and scheme: the year to merge into, or a new year with the named scheme."""
    data, db = file.data, file.db
    for key in sorted(set(data) - TOP_KEYS):
        file.problem(f"$.{key}", "未知字段")
    if data.get("format") != FORMAT:
        file.problem("$.format", f'应为 "{FORMAT}"，实际为 {shown(data.get("format"))}')
    if "year" not in data:
        file.problem("$.year", "缺少必填字段")
        return None
    year = file.integer(data["year"], "$.year", low=FIRST_YEAR, high=LAST_YEAR)
    if year is None:
        return None
    existing = store.year_info(db, year)
    scheme_id = data.get("scheme", DEFAULT_SCHEME_ID)
    create_body = None
    if existing is not None:
        scheme = store.year_scheme(db, year)
        if existing.locked_at:
            file.problem("$.year", f"{year} 年度已审定锁定，不能导入数据；如需更正，请先在“年度与方案”中解锁并说明原因")
        if "scheme" in data and scheme_id != existing.scheme_id:
            file.problem("$.scheme", f"{year} 年度使用方案 {existing.scheme_id}，文件写的是 {scheme_id}")
    else:
        if not isinstance(scheme_id, str):
            file.problem("$.scheme", "应为方案编号文字")
            return None
        create_body = store.scheme_body(db, scheme_id)
        if create_body is not None and isinstance(year, int):
            create_body = store.titled_for_year(create_body, year)
        if create_body is None:
            file.problem(
                "$.scheme",
                f"没有名为 {scheme_id} 的考评方案"
                + (
                    "（这是在另一台电脑上修改过的年度方案：请先导入它的方案文件，"
                    "命令 appraisal scheme-import，或“年度与方案”中的“导入方案文件”）"
                    if "@" in scheme_id
                    else ""
                ),
            )
            return None
        scheme = Scheme(create_body)
    return Plan(year=year, scheme=scheme, create_scheme_body=create_body)
