"""Issue 16.7 (the warning): `missing_glyphs` reads the faces' character maps, so a name whose character no face can
draw is named before printing instead of printing as a blank. A FontSet also counts the faces it falls back on for
a character its roles' faces lack (the CJK extension faces, issue 16 point 5)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.documents.font_files import read_faces
from app.documents.fonts import missing_glyphs, register, resolve_fonts

HANAZONO_A = Path("/usr/share/fonts/truetype/hanazono/HanaMinA.ttf")


def bundled() -> list[str]:
    """The registered names of the shipped roles' faces (AR PL SungtiL GB, WenQuanYi), no extension face."""
    return resolve_fonts([]).faces()


def test_the_roles_faces_lack_extension_characters() -> None:
    assert missing_glyphs("王建国", bundled()) == []
    assert missing_glyphs("王䶮 李𬱖 王䶮", bundled()) == ["䶮", "𬱖"]  # each once, spaces aside
    assert missing_glyphs("张\u202e三\x1b", bundled()) == ["\u202e", "\x1b"]


def test_a_face_that_has_the_character_settles_it() -> None:
    if not HANAZONO_A.is_file():
        pytest.skip("fonts-hanazono is not installed")
    name = register(read_faces(HANAZONO_A)[0])
    assert missing_glyphs("王䶮", [*bundled(), name]) == []
    assert missing_glyphs("王䶮", [name]) == []


def test_a_font_set_lists_its_faces_once_and_counts_its_fallbacks() -> None:
    fonts = resolve_fonts([])
    assert len(fonts.faces()) == len(set(fonts.faces())) == 2  # the shipped serif and sans
    expected = [] if fonts.extension_faces else ["䶮"]  # HanaMinA/B shipped: the extension face has it
    assert missing_glyphs("䶮", fonts) == expected
    assert missing_glyphs("\U0003134a", fonts) == ["\U0003134a"]  # Extension G: no free face has it
