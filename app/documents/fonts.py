"""CJK fonts for the PDFs: the office's own 仿宋/宋体/黑体/小标宋 when the PC has them, else the shipped
WenQuanYi Micro Hei (resources/fonts, Apache-2.0). Every glyph is embedded (subset) in the PDF, so a
printed file looks the same on any PC. ReportLab reads TrueType (.ttf/.ttc) only, never OTF/CFF."""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

BUNDLED_FONT = "wqy-microhei.ttc"
BUNDLED_LABEL = "文泉驿微米黑（程序自带）"

# role → (label, candidate file names, lower case, best first)
ROLE_CANDIDATES: dict[str, tuple[str, tuple[str, ...]]] = {
    "fangsong": ("仿宋", ("simfang.ttf", "fangsong_gb2312.ttf", "仿宋_gb2312.ttf", "stfangso.ttf", "仿宋.ttf")),
    "song": ("宋体", ("simsun.ttc", "simsun.ttf", "stsong.ttf", "nsimsun.ttf", "宋体.ttf")),
    "hei": ("黑体", ("simhei.ttf", "msyh.ttc", "msyh.ttf", "stheiti.ttf", "黑体.ttf")),
    "xbs": ("小标宋", ("fzxbsjw.ttf", "方正小标宋简体.ttf", "fzxbsjw--gb1-0.ttf", "方正小标宋_gbk.ttf")),
    "kai": ("楷体", ("simkai.ttf", "kaiti_gb2312.ttf", "stkaiti.ttf", "楷体.ttf")),
}
# Where a role has no font of its own, borrow another role's (小标宋 → 宋体 → 黑体 …).
ROLE_FALLBACKS: dict[str, tuple[str, ...]] = {
    "fangsong": ("song", "kai"),
    "song": ("fangsong",),
    "hei": ("song",),
    "xbs": ("song", "hei"),
    "kai": ("fangsong", "song"),
}


def system_font_dirs(platform: str = sys.platform) -> list[Path]:
    home = Path.home()
    if platform.startswith("win"):
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        local = Path(os.environ.get("LOCALAPPDATA", home / "AppData" / "Local"))
        return [windir / "Fonts", local / "Microsoft" / "Windows" / "Fonts"]
    if platform == "darwin":
        return [Path("/Library/Fonts"), Path("/System/Library/Fonts"), home / "Library" / "Fonts"]
    return [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), home / ".fonts", home / ".local/share/fonts"]


def index_font_files(dirs: Iterable[Path]) -> dict[str, Path]:
    """Lower-case file name → path for every TrueType file under the folders (first found wins)."""
    found: dict[str, Path] = {}
    for folder in dirs:
        if not folder.is_dir():
            continue
        for root, _dirs, files in os.walk(folder):
            for name in files:
                if name.lower().endswith((".ttf", ".ttc")):
                    found.setdefault(name.lower(), Path(root) / name)
    return found


def bundled_font_path() -> Path:
    return Path(str(resources.files("resources") / "fonts" / BUNDLED_FONT))


@dataclass(frozen=True)
class FontChoice:
    role: str
    name: str  # the ReportLab font name to use
    path: Path
    label: str  # what the clerk is told (e.g. 仿宋 (simfang.ttf) or the bundled font)
    bundled: bool


@dataclass
class FontSet:
    """The registered font for each role: fangsong (正文), song, hei, xbs (小标宋, titles), kai."""

    choices: dict[str, FontChoice] = field(default_factory=dict)

    def __getitem__(self, role: str) -> str:
        return self.choices[role].name

    @property
    def uses_bundled(self) -> list[str]:
        return [ROLE_CANDIDATES[r][0] for r, c in self.choices.items() if c.bundled]

    def describe(self) -> str:
        return "；".join(f"{ROLE_CANDIDATES[r][0]}：{c.label}" for r, c in self.choices.items())

    def faces(self) -> list[str]:
        """The ReportLab names of every face a document may draw a character with (each once)."""
        return list(dict.fromkeys(choice.name for choice in self.choices.values()))


def missing_glyphs(text: str, fonts: FontSet | Sequence[str]) -> list[str]:
    """The characters of `text` that no face in `fonts` has a glyph for, each once, in order (whitespace aside):
    they would print as blanks (issue 16.7: 王䶮 printed as 王). Reads the faces' cmaps (ReportLab's charToGlyph)."""
    from reportlab.pdfbase import pdfmetrics

    names = fonts.faces() if isinstance(fonts, FontSet) else list(fonts)
    cmaps = [pdfmetrics.getFont(name).face.charToGlyph for name in names]
    missing: list[str] = []
    for char in text:
        if char.isspace() or char in missing:
            continue
        if not any(ord(char) in cmap for cmap in cmaps):
            missing.append(char)
    return missing


def _register(path: Path, name: str) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if name in pdfmetrics.getRegisteredFontNames():
        return
    font = TTFont(name, str(path), subfontIndex=0) if path.suffix.lower() == ".ttc" else TTFont(name, str(path))
    pdfmetrics.registerFont(font)


def font_name(path: Path) -> str:
    """ReportLab's registry is global: one name per file (two folders may hold different simfang.ttf)."""
    digest = hashlib.sha1(str(path).encode("utf-8")).hexdigest()[:8]
    return f"KPT-{path.stem}-{digest}"


def resolve_fonts(search_dirs: Sequence[Path] | None = None) -> FontSet:
    """Pick and register a font for every role. `search_dirs=[]` means: the bundled font only."""
    key = None if search_dirs is None else tuple(str(p) for p in search_dirs)
    return _resolve(key)


@lru_cache(maxsize=8)
def _resolve(dirs_key: tuple[str, ...] | None) -> FontSet:
    dirs = system_font_dirs() if dirs_key is None else [Path(p) for p in dirs_key]
    files = index_font_files(dirs)
    own: dict[str, Path] = {}
    for role, (_label, names) in ROLE_CANDIDATES.items():
        for candidate in names:
            if candidate in files:
                own[role] = files[candidate]
                break
    fonts = FontSet()
    registered: dict[Path, str] = {}
    for role in ROLE_CANDIDATES:
        path = own.get(role)
        if path is None:
            path = next((own[other] for other in ROLE_FALLBACKS[role] if other in own), None)
        bundled = False
        for attempt in ([path] if path is not None else []) + [bundled_font_path()]:
            name = registered.get(attempt) or font_name(attempt)
            try:
                _register(attempt, name)
            except Exception:  # a damaged or CFF-flavoured file: try the next one
                continue
            registered[attempt] = name
            bundled = attempt == bundled_font_path()
            label = BUNDLED_LABEL if bundled else f"{attempt.name}"
            fonts.choices[role] = FontChoice(role, name, attempt, label, bundled)
            break
        else:  # pragma: no cover - the bundled font is always readable
            raise RuntimeError("找不到可用的中文字体（程序自带字体缺失）")
    return fonts
