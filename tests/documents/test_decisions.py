"""Certificates, the notice and the print page follow 党委审定 (seed: 提出获奖科室和突出贡献奖名单，报委党委审定;
spec §4: tied units "get prize null, grade null and tie true, and the choice is left to the committee")."""

from __future__ import annotations

import re
from io import BytesIO

from pypdf import PdfReader

from app.documents.data import gather, open_matters
from app.documents.export import render_document
from app.models.committee import set_decision
from app.models.db import Database
from app.models.demo import DEMO_YEAR
from app.scoring import compute_year
from tests.helpers.builders import cadres_year, person, pool, units_year


def text_of(pdf: bytes) -> str:
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages))


def decide(db: Database, kind: str, subject: str, outcome: str) -> None:
    with db.atomic("党委审定", "test") as conn:
        set_decision(db, conn, DEMO_YEAR, kind, subject, outcome, "委党委会议纪要")


def test_certificates_and_notice_follow_the_decision(tied) -> None:
    db, subjects = tied
    upper, lower = subjects["units"]
    before = gather(db, DEMO_YEAR)
    assert not any(r.name in (upper, lower) for r in before.recipients() if r.kind == "unit")
    decide(db, "unit", lower, "一等奖")
    decide(db, "unit", upper, "二等奖")
    data = gather(db, DEMO_YEAR)
    prizes = {r.name: r.award for r in data.recipients() if r.kind == "unit"}
    assert (prizes[lower], prizes[upper]) == ("一等奖", "二等奖")
    certificates = text_of(render_document(data, "certificates"))
    assert lower in certificates and upper in certificates
    notice = text_of(render_document(data, "notice"))
    first = notice.index("一等奖（优秀等次）")
    second = notice.index("二等奖（良好等次）")
    assert first < notice.index(lower) < second < notice.index(upper)
    assert not any(line.startswith("科室（单位）并列") for line in open_matters(data.result))
    sheet = text_of(render_document(data, "results"))
    assert "已由党委审定" in sheet


def test_open_matters_name_what_certificates_and_the_notice_would_print_provisionally() -> None:
    """Issue 12: printing certificates or the notice while anything they name is provisional asks first and says what
    is open — a prize while its group is 缺项, a head whose 一等奖 tie is undecided, 优秀 that hangs on a missing
    ballot."""
    result = compute_year(units_year({1: [95, 90, 85]}, incomplete=["G1-2"]))
    lines = open_matters(result)
    assert any(line.startswith("数据未录齐的科室（单位）：G1-2") for line in lines)
    assert any(line.startswith("奖项暂定") and "G1-1" in line and "G1-3" in line for line in lines)
    people = [person("h", 72, unit="G3-1", is_head=True), *pool("a", [95, 80, 79, 78, 77, 76])]
    lines = open_matters(compute_year(cadres_year(people, unit_groups={3: [90, 90]})))
    assert any(line.startswith("等次待党委对科室一等奖并列审定后确定的干部") and "干部h" in line for line in lines)
