"""The typefaces of the printed documents (GB/T 9704-2012: 小标宋 titles, 仿宋 body, 黑体/楷体 headings, 宋体 tables):
found on the PC by family name (Windows folders and registry, fontconfig), picked by the clerk, else the closest
face the program ships — a serif for 宋/仿宋, never the sans — and every character set in a face that has it."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from io import BytesIO
from pathlib import Path

import pytest

from app.documents import fonts as font_module
from app.documents.data import gather, read_font_choices, write_font_choices
from app.documents.export import render_document
from app.documents.font_files import Face, fontconfig_faces, read_faces
from app.documents.fonts import EXTENSIONS, SANS, SERIF, resolve_fonts, shipped_face, unusable_faces, usable_faces
from app.models.db import open_database
from app.models.demo import DEMO_YEAR, build_demo_year
from tests.helpers.fonts import renamed_font

pdfplumber = pytest.importorskip("pdfplumber")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):
    db = open_database(tmp_path_factory.mktemp("fonts") / "demo.sqlite")
    build_demo_year(db)
    yield db, gather(db, DEMO_YEAR)
    db.close()


@pytest.fixture
def office_pc(tmp_path: Path) -> Path:
    """A Fonts folder with an office's 仿宋 and 方正小标宋简体 (stand-ins: Vera renamed) and a CFF 黑体."""
    folder = tmp_path / "Fonts"
    folder.mkdir()
    renamed_font(folder / "simfang.ttf", "FangSong", "仿宋")
    renamed_font(folder / "FZXBSJW.TTF", "FZXiaoBiaoSong-B05S", "方正小标宋简体")
    renamed_font(folder / "SourceHanSans.otf", "Source Han Sans SC", "黑体", cff=True)
    return folder


def test_faces_are_known_by_every_family_name_in_the_file(office_pc: Path) -> None:
    """A face is found by its Chinese or English name, whatever its file is called."""
    (face,) = read_faces(office_pc / "simfang.ttf")
    assert face.named("仿宋") and face.named("fangsong") and face.family == "仿宋"
    assert face.truetype and face.cjk
    (cff,) = read_faces(office_pc / "SourceHanSans.otf")
    assert not cff.truetype  # CFF outlines: ReportLab cannot embed them
    assert read_faces(office_pc / "missing.ttf") == []
    (office_pc / "broken.ttf").write_bytes(b"\x00\x01\x00\x00garbage")
    assert read_faces(office_pc / "broken.ttf") == []


def test_the_office_faces_are_used_and_the_rest_fall_back_to_the_shipped_serif(office_pc: Path) -> None:
    """仿宋 and 方正小标宋 from the PC; no 楷体/宋体: the shipped serif (AR PL SungtiL GB), not the sans; no usable
    黑体 (only a CFF one): the shipped WenQuanYi; the CFF face is named as unusable."""
    fonts = resolve_fonts([office_pc])
    assert fonts.choices["fangsong"].family == "仿宋" and fonts.choices["fangsong"].official
    assert fonts.choices["xbs"].family == "方正小标宋简体" and fonts.choices["xbs"].official
    for role in ("kai", "song"):
        assert fonts.choices[role].face.named(SERIF.family) and fonts.choices[role].bundled
    assert fonts.choices["hei"].face.named(SANS.family)
    assert fonts.missing() == ["黑体", "楷体", "宋体"]
    summary = "\n".join(fonts.role_lines())
    assert "正文（仿宋）：仿宋" in summary and "本机缺楷体" in summary and "本机缺黑体" in summary
    assert [f.family for f in unusable_faces((str(office_pc),))] == ["黑体"]
    assert "黑体" not in [f.family for f in usable_faces((str(office_pc),))]


def test_a_pc_without_office_faces_sets_the_body_in_a_serif() -> None:
    """Issue 19: no 公文 is set in a sans face. With only what the program ships, body, title and tables are set in
    AR PL SungtiL GB; only 黑体 (the first heading level) is a sans."""
    fonts = resolve_fonts([])
    for role in ("fangsong", "xbs", "song", "kai"):
        assert fonts.choices[role].face.named("AR PL SungtiL GB"), role
    assert fonts.choices["hei"].face.named("WenQuanYi Micro Hei")
    assert all(choice.bundled for choice in fonts.choices.values())


def test_the_clerks_choice_is_kept_in_the_file_and_wins(office_pc: Path, demo) -> None:
    db, _data = demo
    with db.atomic("选择字体", "test") as conn:
        write_font_choices(conn, DEMO_YEAR, {"song": "仿宋", "hei": "方正黑体_GBK", "bogus": "x"})
    choices = read_font_choices(db, DEMO_YEAR)
    assert choices == {"song": "仿宋", "hei": "方正黑体_GBK"}
    fonts = resolve_fonts([office_pc], choices)
    assert fonts.choices["song"].family == "仿宋" and fonts.choices["song"].source == "chosen"
    hei = fonts.choices["hei"]  # chosen but not on this PC: the automatic face, and the page says so
    assert hei.unavailable == "方正黑体_GBK" and hei.face.named(SANS.family)
    assert "所选“方正黑体_GBK”" in "\n".join(fonts.role_lines())
    assert gather(db, DEMO_YEAR).font_choices == (("hei", "方正黑体_GBK"), ("song", "仿宋"))
    with db.atomic("选择字体", "test") as conn:
        write_font_choices(conn, DEMO_YEAR, {})


def test_fontconfig_lists_the_faces_of_uos_and_kylin(tmp_path: Path) -> None:
    """On 统信UOS / 麒麟 the 方正 faces come through fontconfig: the program reads `fc-list` (only when asked)."""
    script = tmp_path / "fc-list"
    script.write_text(
        "#!/bin/sh\n"
        "printf '/usr/share/fonts/fonts-cesi/FZXBSK.TTF\\t0\\tTrueType\\tzh-cn|zh-sg\\t方正小标宋_GBK,FZXiaoBiaoSong-B05\\n'\n"
        "printf '/usr/share/fonts/noto/NotoSansCJK.ttc\\t2\\tCFF\\tja|zh-cn\\tNoto Sans CJK SC\\n'\n"
        "printf '/usr/share/fonts/dejavu/DejaVuSans.ttf\\t0\\tTrueType\\ten|fr\\tDejaVu Sans\\n'\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    faces = fontconfig_faces(str(script))
    assert faces is not None and len(faces) == 3
    xbs, noto, dejavu = faces
    assert xbs.named("方正小标宋_GBK") and xbs.truetype and xbs.cjk and xbs.family == "方正小标宋_GBK"
    assert noto.index == 2 and not noto.truetype
    assert not dejavu.cjk
    assert fontconfig_faces(str(tmp_path / "no-fc-list")) is None


def test_nothing_is_asked_of_the_system_at_import_time() -> None:
    """fc-list runs when the fonts are resolved (once, cached), never when a module is imported."""
    code = (
        "import subprocess, sys\n"
        "def refuse(*a, **k): raise SystemExit('fc-list at import time')\n"
        "subprocess.run = refuse\n"
        "import app.documents.fonts, app.documents.notice, app.documents.export, app.ui.printing.page\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(__file__).parents[2])
    assert done.returncode == 0, done.stderr


def test_a_paragraph_sets_a_lacking_character_in_another_face_and_keeps_markup_literal() -> None:
    """Results cells are Paragraphs: user text stays literal and a character the style's face lacks is set in a
    face that has it (<font face> with the program's own font name)."""
    from reportlab.lib.styles import ParagraphStyle

    from app.documents.markup import paragraph

    fonts = resolve_fonts()
    text = "<b>王䶮</b>"
    style = ParagraphStyle("t", fontName=fonts["song"], fontSize=10)
    para = paragraph(text, style, fonts.runs(text, "song"))
    assert "<b>" not in para.text and "&lt;b&gt;" in para.text
    if fonts.font_for("䶮", "song") not in (None, fonts["song"]):
        assert f'<font face="{fonts.font_for("䶮", "song")}">䶮</font>' in para.text


# --- characters a face lacks (生僻字, issue 16 point 5) -------------------------------------------------


def extension_faces() -> list[Face]:
    return resolve_fonts([]).extension_faces or resolve_fonts().extension_faces


@pytest.mark.skipif(not extension_faces(), reason="no CJK extension face (HanaMinA/B) shipped or installed")
def test_extension_characters_print_in_a_face_that_has_them(demo) -> None:
    """王䶮 (U+4DAE, Ext A) and 李𬱖 (U+2C456, Ext E) print, each glyph in a face that has it, embedded."""
    _db, data = demo
    fonts = resolve_fonts([]) if resolve_fonts([]).extension_faces else resolve_fonts()
    assert fonts.uncovered("王䶮李𬱖") == []
    runs = fonts.runs("王䶮", "fangsong")
    assert [piece for piece, _ in runs] == ["王", "䶮"] and runs[0][1] != runs[1][1]
    cadre = data.roster[0]
    renamed = replace(cadre, name="李𬱖")
    result = data.result
    excellent = next(c for c in result.cadres if c.grade == "优秀")
    cadres = tuple(replace(c, name="李𬱖") if c.id == excellent.id else c for c in result.cadres)
    odd = replace(data, roster=(renamed, *data.roster[1:]), result=replace(result, cadres=cadres))
    pdf = render_document(odd, "certificates", fonts=fonts)
    with pdfplumber.open(BytesIO(pdf)) as document:
        text = "".join(page.extract_text() for page in document.pages)
        faces = {c["fontname"].split("+")[-1] for page in document.pages for c in page.chars if c["text"] == "𬱖"}
    assert "李𬱖同志" in text.replace(" ", "")
    assert faces and all("HanaMin" in face for face in faces)


def test_a_character_no_face_has_is_named() -> None:
    fonts = resolve_fonts([])
    assert fonts.uncovered("王\U0003134a\U000e0100") == ["\U0003134a", "\U000e0100"] or (
        fonts.uncovered("王\U0003134a") == ["\U0003134a"]
    )


def test_shipped_faces_and_their_licences_are_in_the_resources() -> None:
    folder = font_module.shipped_path(SERIF.file).parent
    for shipped in (SERIF, SANS):
        face = shipped_face(shipped)
        assert face is not None and face.named(shipped.family) and face.truetype
    assert (folder / "LICENSE-Arphic-Public-License.txt").is_file() and (folder / "gbsn00lp-copyright.txt").is_file()
    if any(shipped_face(s) for s in EXTENSIONS):
        assert (folder / "hanazono-copyright.txt").is_file()


UKAI = Path("/usr/share/fonts/truetype/arphic/ukai.ttc")


@pytest.mark.skipif(not UKAI.is_file() or not extension_faces(), reason="needs AR PL UKai and a CJK extension face")
def test_a_character_mapped_to_an_empty_glyph_prints_in_a_face_that_draws_it(demo, tmp_path: Path) -> None:
    """Issue 16.7's own example: 王䶮 printed as 王 on certificates. AR PL UKai (楷体 on a Linux PC, the
    certificates' addressee and body) maps 43 CJK Ext A characters, 䶮 among them, to glyphs without an outline:
    its cmap says "covered", so the name was set in UKai, printed blank, and no warning came. A face draws a
    character only when its glyph has an outline (spaces aside)."""
    from app.documents.fonts import coverage, register

    ukai = register(next(f for f in read_faces(UKAI) if "AR PL UKai CN" in f.families))
    assert 0x4DAE not in coverage(ukai) and ord("王") in coverage(ukai) and 0x3000 in coverage(ukai)
    fonts = resolve_fonts(choices={"kai": "AR PL UKai CN"})
    assert fonts["kai"] == ukai
    runs = fonts.runs("王䶮同志", "kai")
    assert [piece for piece, _ in runs] == ["王", "䶮", "同志"] and runs[1][1] != ukai
    _db, data = demo
    excellent = next(c for c in data.result.cadres if c.grade == "优秀")
    cadres = tuple(replace(c, name="王䶮") if c.id == excellent.id else c for c in data.result.cadres)
    pdf = render_document(replace(data, result=replace(data.result, cadres=cadres)), "certificates", fonts=fonts)
    with pdfplumber.open(BytesIO(pdf)) as document:
        faces = {c["fontname"].split("+")[-1] for page in document.pages for c in page.chars if c["text"] == "䶮"}
    assert faces and not any("UKai" in face for face in faces), faces  # UMing or HanaMinA draw it
