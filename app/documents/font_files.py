"""Which font faces a PC has: Windows' Fonts folders and registry, fontconfig (`fc-list`) on Linux (统信UOS and
麒麟 register their 方正 faces there), or any folders given. A face is known by every family name its file carries
(English and Chinese, e.g. FangSong and 仿宋), its outline format, and whether it is a Chinese face.

Nothing here runs at import time: the program asks when it resolves the fonts for a document, and caches."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

FONT_SUFFIXES = (".ttf", ".ttc", ".otf", ".otc")
# OS/2 ulCodePageRange1 bits: 932 Japanese, 936 Simplified Chinese, 949 Korean, 950 Traditional Chinese.
CJK_CODEPAGE_BITS = (1 << 17) | (1 << 18) | (1 << 20)
CHINESE_LANGUAGE_IDS = {0x0804, 0x0404, 0x0C04, 0x1004, 0x1404}  # Windows name-table languages
FAMILY_NAME_IDS = (1, 16)  # family, typographic family


@dataclass(frozen=True)
class Face:
    """One face of a font file (a .ttc holds several: `index`)."""

    families: tuple[str, ...]  # every family name the file gives, first the English one
    path: Path
    index: int = 0
    truetype: bool = True  # TrueType (glyf) outlines; False: CFF/OTF, which ReportLab cannot embed
    cjk: bool = False

    @property
    def family(self) -> str:
        """The name to show: the Chinese one where the file has it (仿宋 rather than FangSong), in simplified
        characters where it has both (文泉驿微米黑, not 文泉驛微米黑)."""
        chinese = [name for name in self.families if any("\u4e00" <= ch <= "\u9fff" for ch in name)]
        chinese.sort(key=lambda name: not _simplified(name))
        return chinese[0] if chinese else self.families[0]

    def named(self, family: str) -> bool:
        wanted = normal_name(family)
        return any(normal_name(name) == wanted for name in self.families)


def _simplified(name: str) -> bool:
    try:
        name.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def normal_name(name: str) -> str:
    """Family names compare without case and spaces (“AR PL UKai CN” = “ARPLUKaiCN”)."""
    return "".join(name.split()).casefold()


# --- reading the file itself ------------------------------------------------------------------------------


class _Reader:
    """Reads only the parts of a font file it needs (a Chinese font file can be 50 MB)."""

    def __init__(self, handle) -> None:
        self.handle = handle

    def read(self, offset: int, length: int) -> bytes:
        self.handle.seek(offset)
        data = self.handle.read(length)
        if len(data) < length:
            raise ValueError("truncated font file")
        return data


def _tables(reader: _Reader, offset: int) -> dict[bytes, tuple[int, int]]:
    """The table directory of the sfnt at `offset`: tag → (offset, length)."""
    count = struct.unpack(">H", reader.read(offset + 4, 2))[0]
    directory = reader.read(offset + 12, 16 * count)
    tables = {}
    for i in range(count):
        tag, _checksum, start, length = struct.unpack_from(">4sLLL", directory, 16 * i)
        tables[tag] = (start, length)
    return tables


def _names(data: bytes) -> tuple[list[str], bool]:
    """Family names of a name table (Windows Unicode and Mac records) and whether any is in Chinese."""
    _format, count, strings = struct.unpack_from(">HHH", data, 0)
    english: list[str] = []
    other: list[str] = []
    chinese = False
    for i in range(count):
        platform, encoding, language, name_id, length, offset = struct.unpack_from(">6H", data, 6 + 12 * i)
        if name_id not in FAMILY_NAME_IDS:
            continue
        raw = data[strings + offset : strings + offset + length]
        if platform == 3 and encoding in (0, 1, 10):
            text = raw.decode("utf-16-be", "replace")
        elif platform == 1 and encoding == 0:
            text = raw.decode("latin-1")
        elif platform == 1 and encoding == 25:  # Mac Simplified Chinese
            text = raw.decode("gb18030", "replace")
        else:
            continue
        text = text.strip("\x00 ").strip()
        if not text:
            continue
        if platform == 3 and language in CHINESE_LANGUAGE_IDS:
            chinese = True
        target = english if (platform == 3 and language == 0x0409) or platform == 1 else other
        if text not in english and text not in other:
            target.append(text)
    return english + other, chinese


def _face_at(reader: _Reader, offset: int, path: Path, index: int) -> Face | None:
    tables = _tables(reader, offset)
    if b"name" not in tables:
        return None
    families, chinese = _names(reader.read(*tables[b"name"]))
    if not families:
        return None
    cjk = chinese or any(any("\u4e00" <= ch <= "\u9fff" for ch in name) for name in families)
    if not cjk and b"OS/2" in tables and tables[b"OS/2"][1] >= 82:
        code_pages = struct.unpack(">L", reader.read(tables[b"OS/2"][0] + 78, 4))[0]
        cjk = bool(code_pages & CJK_CODEPAGE_BITS)
    return Face(tuple(families), path, index, truetype=b"glyf" in tables, cjk=cjk)


def read_faces(path: Path) -> list[Face]:
    """The faces of one .ttf/.ttc/.otf file, read from its tables (nothing for a damaged file)."""
    try:
        with path.open("rb") as handle:
            reader = _Reader(handle)
            head = reader.read(0, 12)
            if head[:4] == b"ttcf":
                count = struct.unpack_from(">L", head, 8)[0]
                offsets = struct.unpack(f">{count}L", reader.read(12, 4 * count))
            else:
                offsets = (0,)
            faces = [_face_at(reader, offset, path, index) for index, offset in enumerate(offsets)]
    except (OSError, struct.error, ValueError, UnicodeError):
        return []
    return [face for face in faces if face is not None]


def font_files(folders: Iterable[Path]) -> Iterator[Path]:
    for folder in folders:
        if not folder.is_dir():
            continue
        for root, _dirs, files in os.walk(folder):
            for name in sorted(files):
                if name.lower().endswith(FONT_SUFFIXES):
                    yield Path(root) / name


def folder_faces(folders: Iterable[Path]) -> list[Face]:
    """Every face in the folders (and their sub-folders), read from the files."""
    faces: list[Face] = []
    seen: set[Path] = set()
    for path in font_files(folders):
        if path not in seen:
            seen.add(path)
            faces.extend(read_faces(path))
    return faces


# --- what the system says ----------------------------------------------------------------------------------


def fontconfig_faces(fc_list: str | None = None) -> list[Face] | None:
    """Every face fontconfig knows (`fc-list`), or None when there is no fontconfig."""
    command = fc_list or shutil.which("fc-list")
    if command is None:
        return None
    try:
        output = subprocess.run(
            [command, "--format", "%{file}\t%{index}\t%{fontformat}\t%{lang}\t%{family}\n"],
            capture_output=True,
            timeout=20,
            check=True,
        ).stdout.decode("utf-8", "replace")
    except (OSError, subprocess.SubprocessError):
        return None
    faces = []
    for line in output.splitlines():
        parts = line.split("\t")
        if len(parts) != 5 or not parts[0].lower().endswith(FONT_SUFFIXES):
            continue
        file, index, fontformat, langs, family = parts
        families = tuple(name.strip() for name in family.replace("\\,", "\x00").split(",") if name.strip())
        families = tuple(name.replace("\x00", ",") for name in families)
        if not families:
            continue
        cjk = any(lang.split("-")[0] in ("zh", "ja") for lang in langs.split("|"))
        truetype = fontformat.strip() == "TrueType"
        faces.append(Face(families, Path(file), int(index or 0), truetype, cjk))
    return faces


def windows_font_dirs() -> list[Path]:
    windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
    local = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    return [windir / "Fonts", local / "Microsoft" / "Windows" / "Fonts"]


def windows_registry_files() -> list[Path]:  # pragma: no cover - Windows only
    """Font files the registry lists (also those installed outside the Fonts folder, e.g. per user)."""
    try:
        import winreg
    except ImportError:
        return []
    key_path = r"SOFTWARE\Microsoft\Windows NT\CurrentVersion\Fonts"
    files: list[Path] = []
    for hive in (winreg.HKEY_LOCAL_MACHINE, winreg.HKEY_CURRENT_USER):
        try:
            key = winreg.OpenKey(hive, key_path)
        except OSError:
            continue
        with key:
            index = 0
            while True:
                try:
                    _name, value, _kind = winreg.EnumValue(key, index)
                except OSError:
                    break
                index += 1
                path = Path(str(value))
                if not path.is_absolute():
                    path = windows_font_dirs()[0] / path
                if path.suffix.lower() in FONT_SUFFIXES:
                    files.append(path)
    return files


def other_font_dirs(platform: str) -> list[Path]:
    home = Path.home()
    if platform == "darwin":
        return [Path("/Library/Fonts"), Path("/System/Library/Fonts"), home / "Library" / "Fonts"]
    return [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), home / ".fonts", home / ".local/share/fonts"]


def system_faces(platform: str = sys.platform) -> list[Face]:
    """Every face the PC has: the Windows Fonts folders and registry; fontconfig elsewhere (or the usual
    folders when there is no fc-list)."""
    if platform.startswith("win"):
        faces = folder_faces(windows_font_dirs())
        known = {face.path for face in faces}
        for path in windows_registry_files():
            if path not in known:
                known.add(path)
                faces.extend(read_faces(path))
        return faces
    found = fontconfig_faces() if platform != "darwin" else None
    return found if found is not None else folder_faces(other_font_dirs(platform))
