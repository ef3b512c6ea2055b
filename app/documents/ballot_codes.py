"""What makes a printed ballot page machine-readable: corner marks, the QR code with its sheet token, and
the test deck's printed marks. Positions come from `ballot_layout` (shared with the scanner).

The QR code is encoded with ReportLab's own encoder (reportlab.graphics.barcode.qrencoder) at a fixed
version, level and mask, and drawn as one filled path of module runs. Encoding hundreds of codes per print
run is the cost here, so what never changes is computed once: the function patterns of the fixed version,
the data positions and the Reed–Solomon generator polynomial."""

from __future__ import annotations

import re
import secrets
from functools import cache, lru_cache
from itertools import zip_longest

from app.documents.ballot_layout import (
    CODE_BORDER,
    CODE_BOX,
    CODE_LEVEL,
    CODE_MODULES,
    CODE_VERSION,
    MARK_CENTRES,
    MARK_SIZE,
    TOKEN_HEX,
    BallotRow,
    DeckMark,
    code_module,
    pdf_y,
    pt,
)

CODE_MASK = 2  # any of the eight masks decodes; a fixed one spares evaluating all eight for every sheet


def new_token() -> str:
    """A sheet token: random, drawn per ballot at printing, never stored, never logged."""
    return secrets.token_hex(TOKEN_HEX // 2).upper()


@cache
def _encoder():
    """ReportLab's QR encoder, with what is the same for every code of a print run computed once: the
    function patterns of the fixed version and mask, the data module positions with their mask bits, the
    Reed–Solomon generator (as logarithms, so a remainder is table look-ups instead of polynomial objects)."""
    from reportlab.graphics.barcode import qrencoder

    level = getattr(qrencoder.QRErrorCorrectLevel, CODE_LEVEL)
    qr = qrencoder.QRCode(CODE_VERSION, level)
    qr.moduleCount = CODE_MODULES
    qr.modules = [[False] * CODE_MODULES for _ in range(CODE_MODULES)]
    qr.setupPositionProbePattern(0, 0)
    qr.setupPositionProbePattern(CODE_MODULES - 7, 0)
    qr.setupPositionProbePattern(0, CODE_MODULES - 7)
    qr.setupPositionAdjustPattern()
    qr.setupTimingPattern()
    qr.setupTypeInfo(False, CODE_MASK)
    template = [list(row) for row in qr.modules]
    mask = qrencoder.QRUtil.getMask(CODE_MASK)
    positions = [(row, col, bool(mask(row, col))) for col, row in qr._dataPosIterator()]
    blocks = qrencoder.QRRSBlock.getRSBlocks(CODE_VERSION, level)
    generators = {}
    for block in blocks:
        n = block.totalCount - block.dataCount
        if n not in generators:
            coefficients = qrencoder.QRUtil.getErrorCorrectPolynomial(n).num
            generators[n] = tuple(qrencoder.LOG_TABLE[c] for c in coefficients[1:])
    return qrencoder, level, template, positions, blocks, generators


@cache
def _products(generator: tuple[int, ...], factor: int) -> tuple[int, ...]:
    """factor × the generator's coefficients in GF(256): one row of a multiplication table, built as used."""
    qrencoder = _encoder()[0]
    lf = qrencoder.LOG_TABLE[factor]
    return tuple(qrencoder.EXP_TABLE[(lf + g) % 255] for g in generator)


def _remainder(data: list[int], generator: tuple[int, ...]) -> list[int]:
    """The Reed–Solomon check codewords of `data` (the remainder of data·x^n divided by the generator)."""
    ec = [0] * len(generator)
    for value in data:
        factor = value ^ ec[0]
        ec.append(0)
        del ec[0]
        if factor:
            ec = [a ^ b for a, b in zip(ec, _products(generator, factor), strict=True)]
    return ec


class _Bits:
    """A bit stream as one integer (ReportLab's QRBitBuffer keeps a list and appends bit by bit)."""

    def __init__(self) -> None:
        self.value = 0
        self.length = 0

    def put(self, number: int, length: int) -> None:
        self.value = (self.value << length) | number
        self.length += length


def code_matrix(text: str) -> list[list[bool]]:
    """The QR modules (rows of booleans, True = dark) of `text` (QR alphanumeric characters only)."""
    qrencoder, _level, template, positions, blocks, generators = _encoder()
    bits = _Bits()
    qrencoder.QRAlphaNum(text).write(bits, CODE_VERSION)  # ReportLab's own alphanumeric encoding
    capacity = sum(block.dataCount for block in blocks) * 8
    if bits.length > capacity:
        raise ValueError(f"code text too long for version {CODE_VERSION}: {text!r}")
    bits.put(0, min(4, capacity - bits.length))  # terminator
    bits.put(0, -bits.length % 8)
    pads = (0xEC, 0x11)  # the standard's alternating pad codewords
    while bits.length < capacity:
        bits.put(pads[0], 8)
        pads = pads[::-1]
    data = list(bits.value.to_bytes(capacity // 8, "big"))
    dc, ec, offset = [], [], 0
    for block in blocks:
        chunk = data[offset : offset + block.dataCount]
        offset += block.dataCount
        dc.append(chunk)
        ec.append(_remainder(chunk, generators[block.totalCount - block.dataCount]))
    codewords = [d for group in (dc, ec) for column in zip_longest(*group) for d in column if d is not None]
    modules = [list(row) for row in template]
    stream = [bool(word >> shift & 1) for word in codewords for shift in range(7, -1, -1)]
    stream += [False] * (len(positions) - len(stream))  # remainder bits
    for (row, col, flip), bit in zip(positions, stream, strict=False):
        modules[row][col] = bit ^ flip
    return modules


def code_runs(text: str) -> list[tuple[int, int, int]]:
    """Dark runs (row, first column, length) of the code, row by row."""
    runs = []
    for r, row in enumerate(code_matrix(text)):
        runs += [(r, m.start(), m.end() - m.start()) for m in _DARK_RUN.finditer(bytes(row))]
    return runs


_DARK_RUN = re.compile(b"\x01+")


@lru_cache(maxsize=4096)
def _run_operator(r: int, c: int, n: int) -> str:
    return f"{c} {r} {n} 1 re"


def draw_code(canvas, text: str) -> None:
    """The code in CODE_BOX: one path in module units (a run's rectangle is four small integers)."""
    m = pt(code_module())
    x0 = pt(CODE_BOX.x) + CODE_BORDER * m
    y0 = pdf_y(CODE_BOX.y) - CODE_BORDER * m  # the symbol's top edge
    ops = " ".join(_run_operator(r, c, n) for r, c, n in code_runs(text))
    canvas.saveState()
    canvas.setFillGray(0)
    # module (c, r) → x0 + c·m, y0 − (r + 1)·m: scale by m, flip y, shift down one module
    canvas.addLiteral(f"{m:.5f} 0 0 {-m:.5f} {x0:.4f} {y0:.4f} cm {ops} f")
    canvas.restoreState()


def draw_marks(canvas) -> None:
    """The four registration squares."""
    canvas.saveState()
    canvas.setFillGray(0)
    for cx, cy in MARK_CENTRES.values():
        canvas.rect(pt(cx - MARK_SIZE / 2), pdf_y(cy + MARK_SIZE / 2), pt(MARK_SIZE), pt(MARK_SIZE), stroke=0, fill=1)
    canvas.restoreState()


def draw_deck_mark(canvas, row: BallotRow, mark: DeckMark) -> None:
    """A test ballot's printed mark in one row: ticks, a cross, two ticks, a faint tick (or nothing)."""
    canvas.saveState()
    canvas.setLineCap(1)
    canvas.setLineJoin(1)
    for grade in mark.grades:
        box = row.boxes[grade]
        if mark.kind == "faint":
            canvas.setStrokeGray(0.72)
            canvas.setLineWidth(pt(0.3))
        else:
            canvas.setStrokeGray(0.05)
            canvas.setLineWidth(pt(0.5))
        path = canvas.beginPath()
        if mark.kind == "cross":
            path.moveTo(pt(box.x + box.w * 0.3), pdf_y(box.y + box.h * 0.22))
            path.lineTo(pt(box.x + box.w * 0.7), pdf_y(box.y + box.h * 0.78))
            path.moveTo(pt(box.x + box.w * 0.7), pdf_y(box.y + box.h * 0.22))
            path.lineTo(pt(box.x + box.w * 0.3), pdf_y(box.y + box.h * 0.78))
        else:
            path.moveTo(pt(box.x + box.w * 0.3), pdf_y(box.y + box.h * 0.5))
            path.lineTo(pt(box.x + box.w * 0.45), pdf_y(box.y + box.h * 0.78))
            path.lineTo(pt(box.x + box.w * 0.72), pdf_y(box.y + box.h * 0.2))
        canvas.drawPath(path, stroke=1, fill=0)
    canvas.restoreState()
