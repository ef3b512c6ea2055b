"""奖状: handed out, so no fingerprint or print time; the issuer's full name; the seed's words; the text block
balanced; the office's pre-printed stock with the variable text placed in millimetres, and the calibration page."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from io import BytesIO

import pytest

from app.documents.certificate_layout import NUMBER_FIELDS, PREPRINTED, CertificateSettings, check_certificate_settings
from app.documents.certificates import CalibrationRenderer, CertificateRenderer, certificate_wording
from app.documents.data import YearDocuments, gather, write_certificate_settings
from app.models.db import Database, open_database
from app.models.demo import DEMO_YEAR, build_demo_year
from app.models.errors import ValidationError

pdfplumber = pytest.importorskip("pdfplumber")
MM = 72 / 25.4


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, YearDocuments]]:
    db = open_database(tmp_path_factory.mktemp("certificates") / "demo.sqlite")
    build_demo_year(db)
    yield db, gather(db, DEMO_YEAR)
    db.close()


def first_page(pdf: bytes):
    document = pdfplumber.open(BytesIO(pdf))
    return document, document.pages[0]


def name_position(data: YearDocuments, settings: CertificateSettings) -> tuple[float, float, float, float]:
    """(x, top, page width, page height) of the first recipient's name on its certificate, in points."""
    recipient = data.recipients()[0]
    pdf = CertificateRenderer(data, [recipient], settings=settings).render()
    document, page = first_page(pdf)
    with document:
        first = recipient.name[0]
        char = next(c for c in page.chars if c["text"] == first)
        return char["x0"], char["top"], float(page.width), float(page.height)


def test_wording_follows_the_seed() -> None:
    """No space before 同志, no “个人年度考核”: 干部年度考核 … 优秀等次; units: 绩效考评 … 荣获一等奖."""

    class Data:
        year = 2017
        prefix = "市经信委“四讲四比”主题活动"

    from app.documents.data import Recipient

    addressee, body = certificate_wording(Data(), Recipient("cadre", "田婷", "优秀"))  # type: ignore[arg-type]
    assert addressee == "田婷同志：" and body == "在2017年度干部年度考核中，被评定为优秀等次。"
    addressee, body = certificate_wording(Data(), Recipient("unit", "人事科", "一等奖"))  # type: ignore[arg-type]
    assert addressee == "人事科：" and "绩效考评中，被评定为优秀等次，荣获一等奖。" in body
    _addressee, body = certificate_wording(Data(), Recipient("unit", "人事科", "突出业绩奖"))  # type: ignore[arg-type]
    assert "经委党委讨论通过，荣获突出业绩奖" in body


def test_plain_certificate_has_no_fingerprint_and_the_full_issuer(demo) -> None:
    _db, data = demo
    data = replace(data, assessment_date=date(2018, 1, 10))
    document, page = first_page(CertificateRenderer(data, data.recipients()[:1]).render())
    with document:
        text = "".join(page.extract_text().split())
        chars = page.chars
    assert "数据指纹" not in text and "打印于" not in text and data.fingerprint not in text
    assert data.issuer_full in text and "2018年1月10日" in text and "特发此状，以资鼓励。" in text
    # balanced: the block (addressee … closing) is centred between the title's foot and the signature's top
    title_bottom = max(c["bottom"] for c in chars if c["text"] == "状" and c["size"] > 40)
    issuer_top = min(c["top"] for c in chars if c["text"] == data.issuer_full[0] and c["size"] == pytest.approx(20))
    block = [c for c in chars if title_bottom < c["top"] < issuer_top]
    middle = (min(c["top"] for c in block) + max(c["bottom"] for c in block)) / 2
    assert middle == pytest.approx((title_bottom + issuer_top) / 2, abs=3)


def test_moving_the_offsets_moves_the_name_by_exactly_that_many_millimetres(demo) -> None:
    """Pre-printed stock: 整体右移 7.5 mm and 下移 −4 mm move the name 7.5 mm right and 4 mm up, to the point."""
    _db, data = demo
    base = CertificateSettings(mode=PREPRINTED)
    x0, top0, width, height = name_position(data, base)
    x1, top1, _w, _h = name_position(data, replace(base, offset_x=7.5, offset_y=-4))
    assert (width, height) == pytest.approx((297 * MM, 210 * MM))
    assert x1 - x0 == pytest.approx(7.5 * MM, abs=0.01)
    assert top1 - top0 == pytest.approx(-4 * MM, abs=0.01)
    x2, top2, _w, _h = name_position(data, replace(base, name_x=base.name_x + 12, name_y=base.name_y + 3))
    assert (x2 - x0, top2 - top0) == pytest.approx((12 * MM, 3 * MM), abs=0.01)
    assert x0 == pytest.approx(base.name_x * MM, abs=0.01)  # measured from the sheet's left edge


def test_preprinted_stock_gets_only_the_variable_text(demo) -> None:
    _db, data = demo
    settings = CertificateSettings(mode=PREPRINTED, paper_width=260, paper_height=185)
    document, page = first_page(CertificateRenderer(data, data.recipients()[:1], settings=settings).render())
    with document:
        text = "".join(page.extract_text().split())
        assert (float(page.width), float(page.height)) == pytest.approx((260 * MM, 185 * MM))
        assert not page.rects and not page.lines  # no border: the stock has its own
    assert "奖状" not in text and data.recipients()[0].name in text and data.issuer_full in text


def test_calibration_page_has_rulers_grid_and_the_boxes(demo) -> None:
    _db, data = demo
    settings = CertificateSettings(mode=PREPRINTED, offset_x=2, name_x=50)
    document, page = first_page(CalibrationRenderer(data, settings).render())
    with document:
        words = {w["text"] for w in page.extract_words()}
        assert (float(page.width), float(page.height)) == pytest.approx((297 * MM, 210 * MM))
        assert {"10", "100", "200", "290"} <= words  # the top ruler's labels
        text = "".join(page.extract_text().split())
        box = next(r for r in page.rects if abs(r["x0"] - 52 * MM) < 0.01)  # name_x + offset_x
    assert "受奖者（左50，上72毫米）" in text and "整体右移2" in text
    assert box["width"] > 0


def test_settings_are_checked_and_kept_per_year(demo) -> None:
    db, _data = demo
    with pytest.raises(ValidationError) as caught:
        check_certificate_settings(PREPRINTED, {"name_x": "abc", "offset_x": "80", "size": "12"})
    messages = str(caught.value)
    assert "受奖者 左边距" in messages and "不是数字" in messages and "超出范围" in messages
    settings = check_certificate_settings(PREPRINTED, {"name_x": "47.25", "offset_y": "-1.5"})
    assert (settings.name_x, settings.offset_y, settings.preprinted) == (47.2, -1.5, True)
    with db.atomic("奖状套打位置", "test") as conn:
        write_certificate_settings(conn, DEMO_YEAR, settings)
    assert gather(db, DEMO_YEAR).certificate == settings
    with db.atomic("奖状套打位置", "test") as conn:
        write_certificate_settings(conn, DEMO_YEAR, CertificateSettings())
    assert CertificateSettings.from_json({"mode": "x", "name_x": "999", "size": 20}) == CertificateSettings(size=20)


def test_the_calibration_page_says_each_position_as_the_form_asks_for_it(demo) -> None:
    """The clerk reads a box's label and types the figure into the field of the same name: the issuer's box says
    its centre (落款 中心距左), not its left edge, and the rulers the page speaks of are the ones it prints."""
    _db, data = demo
    settings = CertificateSettings(mode=PREPRINTED, issuer_x=200, issuer_y=150)
    document, page = first_page(CalibrationRenderer(data, settings).render())
    with document:
        text = "".join(page.extract_text().split())
        box = next(r for r in page.rects if abs(r["top"] - 150 * MM) < 0.01)
    labels = {name: label.split("（")[0].replace(" ", "") for name, label, _low, _high in NUMBER_FIELDS}
    assert labels["issuer_x"] == "落款中心距左"
    assert "落款与日期（中心距左200，上150毫米）" in text
    assert (box["x0"] + box["x1"]) / 2 == pytest.approx(200 * MM, abs=0.01)
    assert "四边" not in text and "上边和左边的毫米刻度" in text
