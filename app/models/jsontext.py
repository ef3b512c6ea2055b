"""JSON a clerk brings (a year file, a scheme file, a batch from another PC) read into Python values, and
decimals written back as JSON numbers.

Whatever the bytes, the reader either returns values every later step can handle or raises one
`ValidationError` whose problems name the JSON path: UTF-8 only (a BOM, as Windows Notepad writes it, is
accepted; GBK and the like are refused with the advice to save as UTF-8), no duplicate keys, no NaN or
Infinity, no nesting deeper than `MAX_DEPTH`, no lone surrogates, no control, format (bidirectional override,
zero-width) or separator characters in any text.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from app.models.errors import Problem, ValidationError

MAX_DEPTH = 32  # a year file nests 4 deep; anything far deeper is not one
# A year file of 150 cadres and 150 ballots is 0.6 MB; parsing takes about seven times the file's size in memory,
# so a file far beyond any bureau's year is refused before it is read (a 220 MB one ended in a MemoryError).
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_PROBLEMS = 50  # enough to fix a file by; a binary file would otherwise list thousands
UTF8_BOM = b"\xef\xbb\xbf"
OTHER_BOMS = {
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe": "UTF-16",
    b"\xfe\xff": "UTF-16",
}
SAVE_AS_UTF8 = "请用记事本或 WPS 打开，另存为 UTF-8 编码后再导入"
# Invisible characters that change how text reads or prints, refused as the roster refuses them
# (app.models.roster.invisible_character): controls (tab and line breaks aside), format characters — the
# bidirectional overrides (U+202E turns "abc" into "cba" on screen), zero-width ones, the BOM inside text —
# and the line and paragraph separators.
ALLOWED_CONTROLS = {"\t", "\n", "\r"}
INVISIBLE_CATEGORIES = {"Cc", "Cf", "Cs", "Zl", "Zp"}


class _Object(dict):
    """A JSON object that remembers the keys it was given twice (json keeps only the last value)."""

    duplicates: list[str]


def _object(pairs: list[tuple[str, Any]]) -> _Object:
    obj = _Object(pairs)
    seen: set[str] = set()
    obj.duplicates = []
    for key, _value in pairs:
        if key in seen and key not in obj.duplicates:
            obj.duplicates.append(key)
        seen.add(key)
    return obj


class _BadConstant(ValueError):
    pass


def _constant(name: str) -> Any:
    raise _BadConstant(name)


def _float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise _BadConstant(text)
    return value


def _integer(text: str) -> int | Decimal:
    # Python refuses to turn more than 4300 digits into an int (ValueError); such a number is out of every
    # range anyway, and the typed readers refuse it with its path.
    return int(text) if len(text) <= 20 else Decimal(text)


def _too_big(size: int) -> ValidationError:
    return ValidationError(
        [
            Problem(
                "$",
                f"文件过大（{size / 2**20:.0f} MB，最多 {MAX_FILE_BYTES // 2**20} MB）：年度文件、方案文件一般只有几 MB，"
                "请确认选择的是考评通导出的文件",
            )
        ]
    )


def read_input(path: str | Path) -> bytes:
    """A file the clerk chose, read whole unless it is far bigger than any year file could be."""
    size = Path(path).stat().st_size
    if size > MAX_FILE_BYTES:
        raise _too_big(size)
    return Path(path).read_bytes()


def decode_text(raw: bytes | str) -> str:
    """UTF-8 bytes (with or without a BOM) → text; anything else is refused with the advice to save as UTF-8."""
    if isinstance(raw, str):
        return raw.removeprefix("\ufeff")
    for bom, name in OTHER_BOMS.items():
        if raw.startswith(bom):
            raise ValidationError([Problem("$", f"文件是 {name} 编码，不是 UTF-8。{SAVE_AS_UTF8}")])
    try:
        return raw.removeprefix(UTF8_BOM).decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start + (len(UTF8_BOM) if raw.startswith(UTF8_BOM) else 0)
        guess = "，看来是 GBK（ANSI）编码" if _looks_like_gbk(raw) else ""
        raise ValidationError(
            [Problem("$", f"文件不是 UTF-8 编码（第 {offset + 1} 个字节无法读取{guess}）。{SAVE_AS_UTF8}")]
        ) from None


def _looks_like_gbk(raw: bytes) -> bool:
    try:
        raw.decode("gbk")
    except UnicodeDecodeError:
        return False
    return True


def parse_json(raw: bytes | str, exact: bool = True) -> Any:
    """The file's JSON value, checked as the module says. `exact`: decimals as `Decimal` (never binary floats);
    otherwise as floats (the shipped schemes)."""
    if len(raw) > MAX_FILE_BYTES:
        raise _too_big(len(raw))
    text = decode_text(raw)
    try:
        data = json.loads(
            text,
            parse_float=Decimal if exact else _float,
            parse_int=_integer,
            parse_constant=_constant,
            object_pairs_hook=_object,
        )
    except json.JSONDecodeError as exc:
        raise ValidationError(
            [Problem("$", f"JSON 格式错误：第 {exc.lineno} 行第 {exc.colno} 列，{exc.msg}")]
        ) from None
    except _BadConstant as exc:
        raise ValidationError([Problem("$", f"JSON 中不能有 {str(exc)[:20]}，数值应为普通大小的数字")]) from None
    except RecursionError:
        raise ValidationError([Problem("$", f"嵌套层数过深（超过 {MAX_DEPTH} 层），不是年度文件或方案文件")]) from None
    problems = check_values(data)
    if problems:
        raise ValidationError(problems)
    return data


def check_values(data: Any) -> list[Problem]:
    """Every problem of the parsed value that the typed readers cannot see: repeated keys, nesting depth,
    lone surrogates and invisible control characters, each with its JSON path. Iterative: no depth limit of
    its own."""
    problems: list[Problem] = []
    stack: list[tuple[str, Any, int]] = [("$", data, 0)]
    while stack and len(problems) < MAX_PROBLEMS:
        path, value, depth = stack.pop()
        if depth > MAX_DEPTH:
            problems.append(Problem(path, f"嵌套层数过深（超过 {MAX_DEPTH} 层）"))
            continue
        if isinstance(value, str):
            problem = text_problem(value)
            if problem:
                problems.append(Problem(path, problem))
        elif isinstance(value, dict):
            for key in getattr(value, "duplicates", ()):
                problems.append(Problem(f"{path}.{_printable(key)}", f"字段“{_printable(key)}”重复出现，只能写一次"))
            for key, item in reversed(list(value.items())):
                key_problem = text_problem(key)
                if key_problem:
                    problems.append(Problem(f"{path}.{_printable(key)}", f"字段名{key_problem}"))
                    continue
                stack.append((f"{path}.{key}", item, depth + 1))
        elif isinstance(value, list):
            for index in range(len(value) - 1, -1, -1):
                stack.append((f"{path}[{index}]", value[index], depth + 1))
    return problems


def text_problem(text: str) -> str | None:
    """Why this text cannot be stored or printed as it is (None: it can)."""
    for char in text:
        code = ord(char)
        if 0xD800 <= code <= 0xDFFF:
            return f"含有无效的 Unicode 字符（单独的代理项 U+{code:04X}），请检查文件的编码"
        if char in ALLOWED_CONTROLS:
            continue
        if unicodedata.category(char) in INVISIBLE_CATEGORIES:
            return f"含有不可见的控制字符 U+{code:04X}（{_char_name(char)}），请删除"
    return None


def typed_text_problems(fields: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> list[Problem]:
    """Text typed on a page (label → text) checked as the year-file reader checks it: a character the reader
    refuses, stored, would make the clerk's own export unreadable on import (`text_problem`)."""
    pairs = fields.items() if isinstance(fields, Mapping) else fields
    return [
        Problem(label, f"“{_printable(value)}”{problem}")
        for label, value in pairs
        if isinstance(value, str) and (problem := text_problem(value))
    ][:MAX_PROBLEMS]


def refuse_typed_text(fields: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> None:
    """`typed_text_problems`, raised as one ValidationError (nothing is written)."""
    problems = typed_text_problems(fields)
    if problems:
        raise ValidationError(problems)


def texts_in(value: Any) -> list[str]:
    """Every text inside a JSON-shaped value (keys included), for `typed_text_problems` over a whole body."""
    found: list[str] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, dict):
            found.extend(k for k in item if isinstance(k, str))
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
    return found


def _char_name(char: str) -> str:
    names = {"\x00": "NUL", "\x1b": "ESC", "\x7f": "DEL", "\u202e": "从右到左改写", "\u202d": "从左到右改写"}
    return names.get(char) or unicodedata.name(char, "控制字符")


def _printable(text: str) -> str:
    """A key as a message may quote it: invisible characters shown as \\uXXXX."""
    return "".join(char if text_problem(char) is None else f"\\u{ord(char):04x}" for char in text)


def num(value: Decimal) -> int | float:
    """A decimal as a JSON number: integral values as ints, others by their shortest repr."""
    return int(value) if value == value.to_integral_value() else float(value)
