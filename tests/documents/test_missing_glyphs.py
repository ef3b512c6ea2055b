"""Issue 16.7 (the warning): `missing_glyphs` reads the faces' character maps, so a name whose character no face can
draw is named before printing instead of printing as a blank."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.documents.fonts import _register, bundled_font_path, font_name, missing_glyphs, resolve_fonts

HANAZONO_A = Path("/usr/share/fonts/truetype/hanazono/HanaMinA.ttf")


def bundled() -> list[str]:
    return resolve_fonts([]).faces()


def test_the_bundled_font_lacks_extension_characters() -> None:
    assert missing_glyphs("王建国", bundled()) == []
    assert missing_glyphs("王䶮 李𬱖 王䶮", bundled()) == ["䶮", "𬱖"]  # each once, spaces aside
    assert missing_glyphs("张\u202e三\x1b", bundled()) == ["\u202e", "\x1b"]


def test_a_face_that_has_the_character_settles_it() -> None:
    if not HANAZONO_A.is_file():
        pytest.skip("fonts-hanazono is not installed")
    name = font_name(HANAZONO_A)
    _register(HANAZONO_A, name)
    assert missing_glyphs("王䶮", [*bundled(), name]) == []
    assert missing_glyphs("王䶮", [name]) == []


def test_a_font_set_lists_its_faces_once() -> None:
    fonts = resolve_fonts([])
    assert fonts.faces() == [font_name(bundled_font_path())]
    assert missing_glyphs("䶮", fonts) == ["䶮"]
