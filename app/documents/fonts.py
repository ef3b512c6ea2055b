"""The typefaces of the printed documents, by role, as GB/T 9704-2012 sets a 公文: 小标宋 for titles, 仿宋 for the
body, 黑体 and 楷体 for the first and second heading levels, 宋体 for tables (and the page numbers).

Each role takes the office's own face when the PC has it (Windows' 方正小标宋简体/仿宋/黑体/楷体/宋体, the 方正 faces
of 统信UOS and 麒麟), the face the clerk picked on 打印与导出 (kept per year, `year_documents` kind "fonts"), else the
closest face the program ships (`resources/fonts`): AR PL SungtiL GB (文鼎ＰＬ简报宋, a 宋 serif, Arphic Public
License) for the 宋/仿宋/楷/小标宋 roles, WenQuanYi Micro Hei (a sans, Apache-2.0) for 黑体 — never a sans for
the body.

A character the role's face lacks (a name outside GB2312, a CJK extension character 生僻字) is set in the next face
that has it: the other roles' faces, the system's extension faces (SimSun-ExtB/ExtG, MingLiU-ExtB …), then the
shipped HanaMinA/HanaMinB (花園明朝, CJK Ext A–F, Hanazono Font License or SIL OFL 1.1) and WenQuanYi. Every
glyph is embedded (subset). ReportLab reads TrueType outlines only: CFF/OTF faces are listed as unusable."""

from __future__ import annotations

import hashlib
import struct
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from app.documents.font_files import Face, folder_faces, normal_name, read_faces, system_faces

# role → what it is used for (the print page's labels)
ROLES: dict[str, str] = {
    "xbs": "标题",
    "fangsong": "正文",
    "hei": "一级标题",
    "kai": "二级标题",
    "song": "表格",
}
# role → the face GB/T 9704 names (what the clerk is told is missing)
ROLE_FACES: dict[str, str] = {"xbs": "小标宋", "fangsong": "仿宋", "hei": "黑体", "kai": "楷体", "song": "宋体"}
# The office's faces, best first (Windows, 方正 on Windows/统信UOS/麒麟, their English names).
OFFICIAL: dict[str, tuple[str, ...]] = {
    "xbs": (
        "方正小标宋简体",
        "方正小标宋_GBK",
        "方正小标宋_GB18030",
        "方正小标宋",
        "FZXiaoBiaoSong-B05S",
        "FZXiaoBiaoSong-B05",
        "小标宋",
        "小标宋体",
    ),
    "fangsong": (
        "仿宋_GB2312",
        "FangSong_GB2312",
        "仿宋",
        "FangSong",
        "方正仿宋_GBK",
        "方正仿宋简体",
        "方正仿宋_GB18030",
        "FZFangSong-Z02S",
        "FZFangSong-Z02",
    ),
    "hei": ("黑体", "SimHei", "方正黑体_GBK", "方正黑体简体", "方正黑体_GB18030", "FZHei-B01S", "FZHei-B01"),
    "kai": (
        "楷体_GB2312",
        "KaiTi_GB2312",
        "楷体",
        "KaiTi",
        "方正楷体_GBK",
        "方正楷体简体",
        "方正楷体_GB18030",
        "FZKai-Z03S",
        "FZKai-Z03",
    ),
    "song": (
        "宋体",
        "SimSun",
        "方正书宋_GBK",
        "方正书宋简体",
        "方正书宋_GB18030",
        "FZShuSong-Z01S",
        "新宋体",
        "NSimSun",
    ),
}
# Close substitutes a PC may have (华文 faces of Office/macOS, free faces of Linux): better than the shipped ones.
CLOSE: dict[str, tuple[str, ...]] = {
    "xbs": ("华文中宋", "STZhongsong", "方正粗宋简体", "FZCuSong-B09S"),
    "fangsong": ("华文仿宋", "STFangsong"),
    "hei": ("华文黑体", "STHeiti", "微软雅黑", "Microsoft YaHei"),
    "kai": ("华文楷体", "STKaiti", "AR PL UKai CN", "AR PL KaitiM GB", "LXGW WenKai"),
    "song": ("华文宋体", "STSong", "AR PL UMing CN"),
}
# Faces for characters beyond the everyday set (CJK extensions), tried after the roles' faces.
EXTENSION_FAMILIES = (
    "SimSun-ExtG",
    "SimSun-ExtB",
    "MingLiU-ExtB",
    "PMingLiU-ExtB",
    "MingLiU_HKSCS-ExtB",
    "方正宋体S-超大字符集",
    "FZSongS-Extended",
    "Jigmo",
    "Jigmo2",
    "Jigmo3",
)
# The name a Word file gives a role whose face this PC lacks: the face an office PC has.
WORD_FAMILY: dict[str, str] = {
    "xbs": "方正小标宋简体",
    "fangsong": "仿宋",
    "hei": "黑体",
    "kai": "楷体",
    "song": "宋体",
}


@dataclass(frozen=True)
class Shipped:
    file: str
    family: str
    label: str


SERIF = Shipped("gbsn00lp.ttf", "AR PL SungtiL GB", "文鼎ＰＬ简报宋")
SANS = Shipped("wqy-microhei.ttc", "WenQuanYi Micro Hei", "文泉驿微米黑")
EXTENSIONS = (Shipped("HanaMinA.ttf", "HanaMinA", "花园明朝A"), Shipped("HanaMinB.ttf", "HanaMinB", "花园明朝B"))
ROLE_SHIPPED: dict[str, Shipped] = {"xbs": SERIF, "fangsong": SERIF, "hei": SANS, "kai": SERIF, "song": SERIF}
FONT_KIND = "fonts"  # year_documents kind of the clerk's choices (role → family)
# Kept for callers of the first version: the shipped sans.
BUNDLED_FONT = SANS.file
BUNDLED_LABEL = f"{SANS.label}（程序自带）"


def shipped_path(file: str) -> Path:
    return Path(str(resources.files("resources") / "fonts" / file))


def bundled_font_path() -> Path:
    return shipped_path(SANS.file)


def shipped_face(shipped: Shipped) -> Face | None:
    """The shipped file's face, or None when the file is not there (the extension faces are optional)."""
    path = shipped_path(shipped.file)
    if not path.is_file():
        return None
    faces = read_faces(path)
    return faces[0] if faces else None


@dataclass(frozen=True)
class FontChoice:
    role: str
    name: str  # the registered ReportLab font name
    face: Face
    source: str  # "office" | "chosen" | "close" | "shipped"
    unavailable: str = ""  # the family the clerk chose that this PC does not have

    @property
    def path(self) -> Path:
        return self.face.path

    @property
    def bundled(self) -> bool:
        return self.source == "shipped"

    @property
    def family(self) -> str:
        return self.face.family

    @property
    def label(self) -> str:
        return f"{self.face.family}（程序自带）" if self.bundled else self.face.family

    @property
    def official(self) -> bool:
        """The face GB/T 9704 names (or the clerk's own pick), not a substitute."""
        return self.source in ("office", "chosen")

    @property
    def word_family(self) -> str:
        """The family a .docx names: this face when it is the office's, else the face an office PC has."""
        return self.face.family if self.official else WORD_FAMILY[self.role]


_REGISTERED: dict[tuple[Path, int], str] = {}


def _utf16_hex(code: int) -> str:
    return "".join(
        f"{unit:04X}"
        for unit in struct.unpack(f">{len(chr(code).encode('utf-16-be')) // 2}H", chr(code).encode("utf-16-be"))
    )


def _to_unicode_cmap(fontname: str, subset: Sequence[int]) -> str:
    """ReportLab's ToUnicode CMap with characters beyond the BMP (CJK Ext B–G) written as UTF-16 surrogate pairs,
    as the PDF standard wants: ReportLab writes <2CC56>, and a reader (pdftotext, copy and paste) gets another
    character than the one printed."""
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *(f"<{i:02X}> <{_utf16_hex(code)}>" for i, code in enumerate(subset)),
        "endbfchar",
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ]
    return "\n".join(lines)


def font_name(face: Face) -> str:
    """ReportLab's registry is global: one name per file and face (two folders may hold different simfang.ttf)."""
    digest = hashlib.sha1(f"{face.path}#{face.index}".encode()).hexdigest()[:8]
    return f"KPT-{face.path.stem}-{face.index}-{digest}"


def register(face: Face) -> str:
    """Register the face with ReportLab once; its name. Raises for a file ReportLab cannot read."""
    key = (face.path, face.index)
    if key in _REGISTERED:
        return _REGISTERED[key]
    from reportlab.pdfbase import pdfmetrics, ttfonts
    from reportlab.pdfbase.ttfonts import TTFont

    ttfonts.makeToUnicodeCMap = _to_unicode_cmap  # see there: characters beyond the BMP stay readable
    name = font_name(face)
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, str(face.path), subfontIndex=face.index))
    _REGISTERED[key] = name
    return name


def try_register(face: Face) -> str | None:
    if not face.truetype:
        return None
    try:
        return register(face)
    except Exception:  # a damaged file, or CFF outlines behind a .ttf name
        return None


_COVERAGE: dict[str, Mapping[int, int]] = {}


def coverage(name: str) -> Mapping[int, int]:
    """Code point → glyph of a registered face, for the characters it draws. A cmap entry whose glyph has no
    outline draws nothing: AR PL UKai maps 43 CJK Ext A characters (䶮 among them) so, and most faces map U+0000 to
    .notdef. Such a character counts as missing, so another face sets it or the warning names it; spaces keep
    their empty glyphs."""
    found = _COVERAGE.get(name)
    if found is None:
        from reportlab.pdfbase import pdfmetrics

        face = pdfmetrics.getFont(name).face
        positions = getattr(face, "glyphPos", None)  # the 'loca' offsets: an empty glyph starts where the next does
        if positions:
            found = {
                code: glyph
                for code, glyph in face.charToGlyph.items()
                if glyph != 0
                and (
                    glyph + 1 >= len(positions)
                    or positions[glyph + 1] > positions[glyph]
                    or unicodedata.category(chr(code)) == "Zs"
                )
            }
        else:
            found = face.charToGlyph
        _COVERAGE[name] = found
    return found


def find_face(faces: Sequence[Face], families: Sequence[str]) -> Face | None:
    """The first TrueType face carrying one of `families` (in the order of `families`)."""
    for family in families:
        wanted = normal_name(family)
        for face in faces:
            if face.truetype and any(normal_name(name) == wanted for name in face.families):
                return face
    return None


@dataclass
class FontSet:
    """The registered font for each role, and the faces tried for characters a role's face lacks."""

    choices: dict[str, FontChoice] = field(default_factory=dict)
    extension_faces: list[Face] = field(default_factory=list)  # tried in order, registered when first needed
    _chains: dict[str, list[Face | str]] = field(default_factory=dict, repr=False)
    _char_font: dict[tuple[str, str], str | None] = field(default_factory=dict, repr=False)
    _own: dict[str, set[str]] = field(default_factory=dict, repr=False)  # role → characters its own face has

    def __getitem__(self, role: str) -> str:
        return self.choices[role].name

    @property
    def uses_bundled(self) -> list[str]:
        return [ROLE_FACES[r] for r, c in self.choices.items() if c.bundled]

    def faces(self) -> list[str]:
        """The registered names of the roles' faces, each once (the extension faces are added when needed)."""
        return list(dict.fromkeys(choice.name for choice in self.choices.values()))

    def missing(self) -> list[str]:
        """Roles whose office face this PC does not have (e.g. ['仿宋', '小标宋'])."""
        return [ROLE_FACES[r] for r, c in self.choices.items() if not c.official]

    def role_lines(self) -> list[str]:
        """What the print page says at its top: the face of every role, and what this PC lacks."""
        lines = []
        for role, choice in self.choices.items():
            if choice.official:
                lines.append(f"{ROLES[role]}（{ROLE_FACES[role]}）：{choice.family}")
            else:
                wanted = f"所选“{choice.unavailable}”" if choice.unavailable else ROLE_FACES[role]
                lines.append(f"{ROLES[role]}（{ROLE_FACES[role]}）：{choice.label}，本机缺{wanted}")
        return lines

    # --- characters a face lacks -------------------------------------------------------------------

    def _chain(self, role: str) -> list[Face | str]:
        if role not in self._chains:
            own = [self.choices[role].face]
            others = [self.choices[r].face for r in ("song", "fangsong", "kai", "xbs", "hei") if r != role]
            sans = [f for f in (shipped_face(SANS),) if f is not None]
            if role == "hei":  # a sans: the shipped sans before the serifs
                chain = own + sans + others + self.extension_faces
            else:
                chain = own + [f for f in others if f != self.choices["hei"].face] + self.extension_faces + sans
                chain.append(self.choices["hei"].face)
            unique: list[Face | str] = []
            for face in chain:
                if face not in unique:
                    unique.append(face)
            self._chains[role] = unique
        return self._chains[role]

    def font_for(self, char: str, role: str) -> str | None:
        """The registered font that draws `char` for `role` (its own face first), or None when none has it."""
        key = (char, role)
        if key in self._char_font:
            return self._char_font[key]
        code = ord(char)
        found = None
        chain = self._chain(role)
        for position, face in enumerate(chain):
            if isinstance(face, Face):  # registered when first needed (the extension faces are large)
                name = try_register(face)
                if name is None:
                    continue
                chain[position] = face = name
            if code in coverage(face):
                found = face
                break
        self._char_font[key] = found
        return found

    def runs(self, text: str, role: str) -> list[tuple[str, str]]:
        """`text` cut into (piece, font name) runs: the role's font, another face where it lacks a glyph.
        A character no face has stays in the role's font (it prints as a blank: `uncovered` names it)."""
        own = self[role]
        if self.all_own(text, role):
            return [(text, own)] if text else []
        table = coverage(own)
        out: list[tuple[str, str]] = []
        for char in text:
            name = own if ord(char) in table else (self.font_for(char, role) or own)
            if out and out[-1][1] == name:
                out[-1] = (out[-1][0] + char, name)
            else:
                out.append((char, name))
        return out

    def uncovered(self, text: str, role: str = "song") -> list[str]:
        """The characters of `text` no face available here can draw."""
        seen: list[str] = []
        for char in text:
            if char.isspace() or char in seen:
                continue
            if self.font_for(char, role) is None:
                seen.append(char)
        return seen

    def all_own(self, text: str, role: str) -> bool:
        """Whether the role's own face has every character of `text` (the common case, kept fast: the characters
        seen so far are remembered per role)."""
        known = self._own.setdefault(role, set())
        chars = set(text)
        if chars <= known:
            return True
        table = coverage(self[role])
        fresh = {ch for ch in chars - known if ord(ch) in table or ch in "\n\r\t"}
        known |= fresh
        return chars <= known

    def width(self, text: str, role: str, size: float) -> float:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        if self.all_own(text, role):
            return stringWidth(text, self[role], size)
        return sum(stringWidth(piece, name, size) for piece, name in self.runs(text, role))


def missing_glyphs(text: str, fonts: FontSet | Sequence[str]) -> list[str]:
    """The characters of `text` that no face can draw, each once, in order (whitespace aside): they would print as
    blanks (issue 16.7: 王䶮 printed as 王). For a FontSet: its roles' faces and every face it falls back on for a
    character (CJK extension faces included); for a list of registered names: those faces' cmaps only."""
    if isinstance(fonts, FontSet):
        return fonts.uncovered(text)

    cmaps = [coverage(name) for name in fonts]
    missing: list[str] = []
    for char in text:
        if char.isspace() or char in missing:
            continue
        if not any(ord(char) in cmap for cmap in cmaps):
            missing.append(char)
    return missing


def resolve_fonts(search_dirs: Sequence[Path] | None = None, choices: Mapping[str, str] | None = None) -> FontSet:
    """Pick and register a font for every role. `search_dirs=None`: the system's faces; `[]`: only what the
    program ships; otherwise the faces in those folders. `choices`: role → family the clerk picked."""
    dirs_key = None if search_dirs is None else tuple(str(p) for p in search_dirs)
    chosen = tuple(sorted((role, family) for role, family in (choices or {}).items() if family and role in ROLES))
    return _resolve(dirs_key, chosen)


@lru_cache(maxsize=4)
def available_faces(dirs_key: tuple[str, ...] | None = None) -> tuple[Face, ...]:
    """The faces of the system (None) or of the folders; fontconfig is asked here, once."""
    return tuple(system_faces() if dirs_key is None else folder_faces(Path(p) for p in dirs_key))


def usable_faces(dirs_key: tuple[str, ...] | None = None) -> list[Face]:
    """The Chinese TrueType faces the clerk can pick (the system's, then the shipped ones), one per family."""
    faces: list[Face] = []
    families: set[str] = set()
    shipped = [shipped_face(s) for s in (SERIF, SANS)]
    for face in [*available_faces(dirs_key), *(f for f in shipped if f is not None)]:
        if face.cjk and face.truetype and normal_name(face.family) not in families:
            families.add(normal_name(face.family))
            faces.append(face)
    return faces


def unusable_faces(dirs_key: tuple[str, ...] | None = None) -> list[Face]:
    """Chinese faces ReportLab cannot embed (CFF/OTF outlines), to tell the clerk why they are not offered."""
    return [face for face in available_faces(dirs_key) if face.cjk and not face.truetype]


def _candidates(faces: Sequence[Face], role: str, picks: Mapping[str, str]) -> list[tuple[Face, str, str]]:
    """(face, source, unavailable) for a role, best first: the clerk's pick, the office's face, a close one, the
    shipped one (the sans last of all)."""
    out: list[tuple[Face | None, str, str]] = []
    unavailable = ""
    if role in picks:
        face = find_face(faces, (picks[role],)) or next(
            (s for s in (shipped_face(SERIF), shipped_face(SANS)) if s and s.named(picks[role])), None
        )
        if face is None:
            unavailable = picks[role]
        else:
            out.append((face, "shipped" if _is_shipped(face) else "chosen", ""))
    out.append((find_face(faces, OFFICIAL[role]), "office", unavailable))
    out.append((find_face(faces, CLOSE[role]), "close", unavailable))
    out.append((shipped_face(ROLE_SHIPPED[role]), "shipped", unavailable))
    out.append((shipped_face(SANS), "shipped", unavailable))
    return [(face, source, missing) for face, source, missing in out if face is not None]


def plan_fonts(search_dirs: Sequence[Path] | None = None, choices: Mapping[str, str] | None = None) -> FontSet:
    """What `resolve_fonts` would pick, without reading the fonts into ReportLab (cheap: for the print page's
    banner). The choices carry no registered name; do not draw with it."""
    dirs_key = None if search_dirs is None else tuple(str(p) for p in search_dirs)
    faces = available_faces(dirs_key)
    plan = FontSet()
    for role in ROLES:
        face, source, unavailable = _candidates(faces, role, choices or {})[0]
        plan.choices[role] = FontChoice(role, "", face, source, unavailable)
    return plan


@lru_cache(maxsize=16)
def _resolve(dirs_key: tuple[str, ...] | None, chosen: tuple[tuple[str, str], ...]) -> FontSet:
    faces = available_faces(dirs_key)
    picks = dict(chosen)
    fonts = FontSet()
    for role in ROLES:
        for face, source, unavailable in _candidates(faces, role, picks):
            name = try_register(face)
            if name is not None:
                fonts.choices[role] = FontChoice(role, name, face, source, unavailable)
                break
        else:  # pragma: no cover - the shipped font is always readable
            raise RuntimeError("找不到可用的中文字体（程序自带字体缺失）")
    extension = [find_face(faces, (family,)) for family in EXTENSION_FAMILIES]
    shipped_extensions = [shipped_face(s) for s in EXTENSIONS]
    if not any(shipped_extensions):  # not shipped (a slim build): the system's copy, if any
        shipped_extensions = [find_face(faces, (s.family,)) for s in EXTENSIONS]
    fonts.extension_faces = [f for f in [*extension, *shipped_extensions] if f is not None]
    return fonts


def _is_shipped(face: Face) -> bool:
    return face.path.parent == shipped_path(SERIF.file).parent
