"""What makes a printed ballot page machine-readable: corner marks, the QR code with its sheet token, and
the test deck's printed marks. Positions come from `ballot_layout` (shared with the scanner).

The QR code is encoded with ReportLab's own encoder (reportlab.graphics.barcode.qrencoder) at a fixed
version, level and mask, and drawn as one filled path of module runs. Encoding hundreds of codes per print
run is the cost here, so what never changes is computed once: the function patterns of the fixed version,
the data positions and the Reed–Solomon generator polynomial."""

from __future__ import annotations

import secrets
from functools import cache, lru_cache

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
    TestMark,
    code_module,
    pdf_y,
    pt,
)

CODE_MASK = 2  # any of the eight masks decodes; a fixed one spares evaluating all eight for every sheet


def new_token() -> str:
    """A sheet token: random, drawn per ballot at printing, never stored, never logged."""
    return secrets.token_hex(TOKEN_HEX // 2).upper()


@cache
def _encoder_class():
    from reportlab.graphics.barcode import qrencoder

    original = qrencoder.QRUtil.getErrorCorrectPolynomial
    cached = lru_cache(maxsize=None)(original)  # a pure function of the block length; its result is never mutated

    class FixedQR(qrencoder.QRCode):
        """Version, level and mask fixed: the function patterns are drawn once and copied."""

        template: list[list[bool]] | None = None

        def build(self) -> None:
            if FixedQR.template is None:
                self.moduleCount = self.version * 4 + 17
                self.modules = [[False] * self.moduleCount for _ in range(self.moduleCount)]
                self.setupPositionProbePattern(0, 0)
                self.setupPositionProbePattern(self.moduleCount - 7, 0)
                self.setupPositionProbePattern(0, self.moduleCount - 7)
                self.setupPositionAdjustPattern()
                self.setupTimingPattern()
                self.setupTypeInfo(False, CODE_MASK)
                FixedQR.template = [list(row) for row in self.modules]
                FixedQR._dataPosList = list(self._dataPosIterator())
            self.moduleCount = self.version * 4 + 17
            self.modules = [list(row) for row in FixedQR.template]
            qrencoder.QRUtil.getErrorCorrectPolynomial = cached
            try:
                data = qrencoder.QRCode.createData(self.version, self.errorCorrectLevel, self.dataList)
            finally:
                qrencoder.QRUtil.getErrorCorrectPolynomial = original
            self.mapData(data, CODE_MASK)

    level = getattr(qrencoder.QRErrorCorrectLevel, CODE_LEVEL)
    return FixedQR, qrencoder.QRAlphaNum, level


def code_matrix(text: str) -> list[list[bool]]:
    """The QR modules (rows of booleans, True = dark) of `text` (QR alphanumeric characters only)."""
    fixed_qr, alphanumeric, level = _encoder_class()
    code = fixed_qr(CODE_VERSION, level)
    code.addData(alphanumeric(text))
    code.build()
    return code.modules


def code_runs(text: str) -> list[tuple[int, int, int]]:
    """Dark runs (row, first column, length) of the code, row by row."""
    runs = []
    for r, row in enumerate(code_matrix(text)):
        c = 0
        while c < CODE_MODULES:
            if row[c]:
                start = c
                while c < CODE_MODULES and row[c]:
                    c += 1
                runs.append((r, start, c - start))
            else:
                c += 1
    return runs


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


def draw_test_mark(canvas, row: BallotRow, mark: TestMark) -> None:
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
