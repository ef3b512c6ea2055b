"""考评明细 (issue 12, §3): one page per unit, one line per cadre, made from the same explanation as the side panel
and `results --explain`; user text printed literally."""

from __future__ import annotations

import re
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.cli import main
from app.documents.data import gather
from app.documents.export import render_document
from app.models import cadre_status, store
from app.models.db import open_database
from app.models.demo import DEMO_YEAR


@pytest.fixture(scope="module")
def detail_demo(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Path:
    path = tmp_path_factory.mktemp("detail") / "demo.sqlite"
    path.write_bytes(demo_template.read_bytes())
    return path


def pages(pdf: bytes) -> list[str]:
    return [re.sub(r"\s+", "", page.extract_text()) for page in PdfReader(BytesIO(pdf)).pages]


def test_one_page_per_unit_then_one_line_per_cadre(detail_demo: Path) -> None:
    with open_database(detail_demo, readonly=True) as db:
        data = gather(db, DEMO_YEAR)
        text = pages(render_document(data, "detail"))
    units = data.result.units
    ordered = [u for group in data.units_by_group().values() for u in group]
    for page, unit in zip(text, ordered, strict=False):
        assert unit.name in page and f"总分{unit.total:.2f}" in page
        assert "计分与评定依据" in page and "科室办法" in page
    assert len(ordered) == len(units) == 25
    cadre_text = "".join(text[len(units) :])
    assert "干部年度考核明细" in cadre_text
    for pool in data.result.pools:
        assert f"优秀名额{pool.quota}名" in cadre_text
    # every cadre once: name and total side by side on its line
    for cadre in data.result.cadres:
        assert f"{cadre.total:.2f}" in cadre_text and cadre.name in cadre_text


def test_one_units_page_for_its_head(detail_demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "one.pdf"
    assert (
        main(["print", str(detail_demo), "--year", str(DEMO_YEAR), "detail", "--unit", "民爆科", "--out", str(out)])
        == 0
    )
    text = pages(out.read_bytes())
    assert "民用爆炸物品管理与安全生产科" in text[0] and "办公室" not in text[0].split("一、")[0]
    assert len(text) == 2  # the unit's page and its cadres' lines
    assert (
        main(["print", str(detail_demo), "--year", str(DEMO_YEAR), "detail", "--unit", "无此科", "--out", str(out)])
        == 2
    )


def test_user_text_is_printed_literally(detail_demo: Path, tmp_path: Path) -> None:
    """A matter typed with markup characters prints as typed (escaped for ReportLab's Paragraph)."""
    path = tmp_path / "copy.sqlite"
    path.write_bytes(detail_demo.read_bytes())
    matter = "<b>报道</b> & 表彰"
    with open_database(path) as db:
        with db.atomic("测试", "test") as conn:
            store.insert_adjustment(
                conn, DEMO_YEAR, store.AdjustmentRow("unit", "bonus", "honor_city", matter, Decimal(1), ("财务科",))
            )
        data = gather(db, DEMO_YEAR)
        text = pages(render_document(data, "detail", unit="财务科"))
    assert re.sub(r"\s+", "", matter) in text[0]


def test_the_notice_and_the_certificates_name_the_cadres_special_award(detail_demo: Path, tmp_path: Path) -> None:
    """干部办法五：…设 1—2 名突出贡献奖…以市经信委文件形式予以通报表彰: the notice lists the 突出贡献奖 and each gets a
    certificate; one granted only to 称职 or better (a 基本称职 person's award is withheld, not printed)."""
    path = tmp_path / "awards.sqlite"
    path.write_bytes(detail_demo.read_bytes())
    with open_database(path) as db:
        result = gather(db, DEMO_YEAR).result
        competent = next(c for c in result.cadres if c.grade == "称职")
        with db.atomic("突出贡献奖", "test") as conn:
            cadre_status.set_special_award(db, conn, DEMO_YEAR, competent.id, "委党委会议")
        data = gather(db, DEMO_YEAR)
        notice = "".join(pages(render_document(data, "notice")))
        certificates = pages(render_document(data, "certificates"))
    assert "突出贡献奖（1名）" in notice and competent.name in notice.split("突出贡献奖（1名）")[1]
    awarded = [page for page in certificates if "荣获突出贡献奖" in page]
    assert len(awarded) == 1 and f"{competent.name}同志" in awarded[0]


def test_the_running_title_is_written_without_a_space_in_the_year(detail_demo: Path) -> None:
    """As on the results sheet (“2017年度考评结果”): no space between a number and the Chinese after it."""
    with open_database(detail_demo, readonly=True) as db:
        pdf = render_document(gather(db, DEMO_YEAR), "detail")
    reader = PdfReader(BytesIO(pdf))
    assert reader.metadata.title == f"{DEMO_YEAR}年度考评明细"
    for page in reader.pages[:3]:
        assert f"{DEMO_YEAR}年度考评明细" in page.extract_text()
        assert f"{DEMO_YEAR} 年度" not in page.extract_text()
