"""Reading the grade boxes of a registered democratic ballot page.

Each box's **score** is the mean darkness of its inside, the printed box lines left out (an inset of
INSET_X × INSET_Y mm from every edge), darkness measured against the page itself: 0 is this page's paper,
1 is this page's printed black (the registration squares). Mean darkness survives blur and resolution
changes, and it puts pen, pencil and bilevel scans on one scale.

Thresholds are per page, from the page's own boxes (after vxsuite's *definite* and *marginal* mark
thresholds, made relative):
- `base`: the median box score (most boxes on a ballot are blank) and `noise` its spread;
- `mark`: a low percentile of the scores of the page's clearly marked rows (its typical tick);
- `definite` = base + a share of `mark` (within fixed bounds): at or above it a box is marked;
- `marginal` = base + a smaller share: below it a box is empty; between the two it is unclear.
A row is one grade when exactly one box is definite and no other box reaches marginal; blank when no box
reaches marginal; otherwise unclear (faint, two marks, a crossed-out mark and a new one). Ink between the
boxes well above their column's usual (the printed lines) makes the row unclear too: a mark outside its box.
Per column, not per page: a renderer or scanner may draw one column's lines a pixel thicker than the other's
(pdftoppm at 150 dpi does), which would otherwise put every row of that column in review.

Two kinds of ink are no mark however dark a box is on average, and make the row unclear instead of a grade:
- a stroke **through** the row, crossing both its top and its bottom line (a pen slipping across the sheet,
  a line drawn down a column): a mark stays inside its box, so ink on both sides of both lines is no tick;
- a **tint** without a stroke (a coffee drop, a smudge): a mark has pen-dark pixels (INK_LEVEL of the page's
  printed black), a stain only lightens the paper evenly. (A light pencil tick has none either: unclear.)
docs/guide/scanning.md explains the numbers."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from app.documents.ballot_layout import MARK_CENTRES, MARK_SIZE, BallotRow, DemocraticLayout, Rect
from app.scanning.register import SCALE

INSET_X = 1.1  # mm kept clear of a box's vertical lines
INSET_Y = 0.9  # mm kept clear of its horizontal lines
DEFAULT_MARK = 0.12  # a typical pen tick's score, when a page has too few marks to tell
DEFINITE_SHARE, DEFINITE_LOW, DEFINITE_HIGH = 0.35, 0.030, 0.070
MARGINAL_SHARE, MARGINAL_LOW, MARGINAL_HIGH = 0.12, 0.008, 0.030
STRAY_LIMIT = 0.05  # mean darkness between the boxes above the column's usual: a mark outside its box
# A stroke through a row: darkness both above and below a horizontal line (CROSS_GAP–CROSS_REACH mm from it, in
# one CROSS_WINDOW mm wide window over the boxes), above what is usual there, at the row's top and bottom lines.
CROSS_GAP, CROSS_REACH, CROSS_WINDOW, CROSS_LIMIT = 0.3, 0.9, 1.5, 0.15
# Pen-dark: a mark has at least INK_SHARE of its box's inside at INK_LEVEL of the printed black or darker (a tick
# at 150 dpi, blurred: 6 % and more at 0.5); a coffee drop or a smudge has none (it peaks near 0.3).
INK_LEVEL, INK_SHARE = 0.45, 0.01

FAINT, DOUBLE, OUTSIDE = "标记太淡", "多处标记", "标记超出方框"


@dataclass(frozen=True)
class Thresholds:
    base: float
    noise: float
    mark: float
    marginal: float
    definite: float


@dataclass(frozen=True)
class RowReading:
    key: str  # cadre id
    index: int  # row in ballot order (0-based)
    scores: tuple[float, ...]  # per grade box
    stray: float  # darkness between the boxes, above its column's usual
    state: str  # "grade", "blank" or "unclear"
    grade: int | None  # the best reading (index into GRADES); None: no mark
    reason: str = ""  # why unclear (FAINT, DOUBLE, OUTSIDE)

    @property
    def unclear(self) -> bool:
        return self.state == "unclear"


def _pixels(rect: Rect) -> tuple[int, int, int, int]:
    return (round(rect.x * SCALE), round(rect.y * SCALE), round(rect.right * SCALE), round(rect.bottom * SCALE))


def darkness(page: np.ndarray) -> np.ndarray:
    """0 = this page's paper, 1 = its printed black (the registration squares), as float32."""
    inks = []
    for cx, cy in MARK_CENTRES.values():
        inner = Rect(cx - MARK_SIZE / 2, cy - MARK_SIZE / 2, MARK_SIZE, MARK_SIZE).inset(1.2)
        x0, y0, x1, y1 = _pixels(inner)
        inks.append(float(np.median(page[y0:y1, x0:x1])))
    ink = float(np.median(inks))
    h, w = page.shape
    paper = float(np.percentile(page[h // 8 : h * 7 // 8 : 4, w // 8 : w * 7 // 8 : 4], 90))
    span = max(paper - ink, 40.0)
    values = (paper - page.astype(np.float32)) / span
    return np.clip(values, 0.0, 1.0, out=values)


def _mean(integral: np.ndarray, box: tuple[int, int, int, int]) -> float:
    x0, y0, x1, y1 = box
    total = integral[y1, x1] - integral[y0, x1] - integral[y1, x0] + integral[y0, x0]
    return float(total) / max((x1 - x0) * (y1 - y0), 1)


@dataclass(frozen=True)
class Measured:
    scores: tuple[float, ...]  # mean darkness inside each box
    stray: float  # mean darkness between the boxes
    inked: tuple[bool, ...]  # each box holds pen-dark pixels (INK_SHARE at INK_LEVEL)
    through: float  # a stroke through the row, across its top and its bottom line (see _crossings)


def _side(dark: np.ndarray, lines: list[float], span: tuple[int, int], start: float, stop: float) -> np.ndarray:
    """Per horizontal line (y in mm), the mean darkness from `start` to `stop` mm below it, in each window of
    CROSS_WINDOW over the pixel columns `span`."""
    left, right = span
    k = round(CROSS_WINDOW * SCALE)
    profiles = np.stack(
        [dark[round((y + start) * SCALE) : round((y + stop) * SCALE), left:right].mean(axis=0) for y in lines]
    )
    sums = np.cumsum(np.pad(profiles, ((0, 0), (1, 0))), axis=1)
    return (sums[:, k:] - sums[:, :-k]) / k


def _crossings(dark: np.ndarray, rows: list[BallotRow]) -> dict[int, float]:
    """Row index → how much a stroke runs through the row: the smaller of its top line's and its bottom line's
    crossing, a line's crossing being the most ink found on both sides of it in one window over the boxes,
    above what is usual at that place of the column (the printed vertical lines cross every line)."""
    out: dict[int, float] = {}
    for column in sorted({row.column for row in rows}):
        chunk = sorted((row for row in rows if row.column == column), key=lambda row: row.line)
        span = (round(chunk[0].boxes[0].x * SCALE), round(chunk[0].boxes[-1].right * SCALE))
        lines = [row.rect.y for row in chunk] + [chunk[-1].rect.bottom]
        both = np.minimum(
            _side(dark, lines, span, -CROSS_REACH, -CROSS_GAP), _side(dark, lines, span, CROSS_GAP, CROSS_REACH)
        )
        crossing = (both - np.median(both, axis=0)).max(axis=1)  # per line
        for n, row in enumerate(chunk):
            out[row.index] = float(min(crossing[n], crossing[n + 1]))
    return out


def measure(page: np.ndarray, rows: list[BallotRow]) -> list[Measured]:
    """Box scores, darkness between the boxes, pen-dark ink and strokes through, per row."""
    dark = darkness(page)
    integral = cv2.integral(dark, sdepth=cv2.CV_64F)
    crossings = _crossings(dark, rows) if rows else {}
    out = []
    for row in rows:
        inner = [_pixels(box.inset(INSET_X, INSET_Y)) for box in row.boxes]
        scores = tuple(_mean(integral, box) for box in inner)
        # pen-dark pixels, counted only where a box could be read as marked at all (most boxes are blank)
        inked = tuple(
            score >= DEFINITE_LOW and float(np.mean(dark[y0:y1, x0:x1] >= INK_LEVEL)) >= INK_SHARE
            for score, (x0, y0, x1, y1) in zip(scores, inner, strict=True)
        )
        band = Rect(row.boxes[0].x, row.rect.y, row.boxes[-1].right - row.boxes[0].x, row.rect.h).inset(0, INSET_Y)
        bx0, by0, bx1, by1 = _pixels(band)
        band_sum = _mean(integral, (bx0, by0, bx1, by1)) * (bx1 - bx0) * (by1 - by0)
        inner_sum, inner_area = 0.0, 0
        for box, score in zip(row.boxes, scores, strict=True):
            x0, y0, x1, y1 = _pixels(box.inset(INSET_X, INSET_Y))
            inner_sum += score * (x1 - x0) * (y1 - y0)
            inner_area += (x1 - x0) * (y1 - y0)
        between_area = (bx1 - bx0) * (by1 - by0) - inner_area
        stray = (band_sum - inner_sum) / max(between_area, 1)
        out.append(Measured(scores, stray, inked, crossings[row.index]))
    return out


def thresholds(all_scores: list[tuple[float, ...]]) -> Thresholds:
    values = np.array([s for scores in all_scores for s in scores], dtype=np.float64)
    if values.size == 0:
        return Thresholds(0, 0, DEFAULT_MARK, MARGINAL_LOW, DEFINITE_LOW)
    base = float(np.median(values))
    noise = max(float(1.4826 * np.median(np.abs(values - base))), 0.001)
    maxima = np.array([max(scores) for scores in all_scores]) - base
    clear = maxima[maxima > max(0.06, 10 * noise)]
    mark = float(np.percentile(clear, 20)) if clear.size >= 4 else DEFAULT_MARK
    definite = min(max(DEFINITE_SHARE * mark, DEFINITE_LOW, 8 * noise), DEFINITE_HIGH)
    marginal = min(max(MARGINAL_SHARE * mark, MARGINAL_LOW, 4 * noise), MARGINAL_HIGH, definite * 0.6)
    return Thresholds(base, noise, mark, base + marginal, base + definite)


def classify(
    row: BallotRow,
    scores: tuple[float, ...],
    stray: float,
    limits: Thresholds,
    inked: tuple[bool, ...] | None = None,
    through: float = 0.0,
) -> RowReading:
    """`stray`: ink between the boxes above its column's usual; `inked`: which boxes hold pen-dark pixels
    (None: all); `through`: a stroke across the row's top and bottom lines (`_crossings`)."""
    key, index = row.key, row.index
    order = sorted(range(len(scores)), key=lambda g: scores[g], reverse=True)
    top, second = scores[order[0]], scores[order[1]]
    best = order[0] if top >= limits.marginal else None
    if stray > STRAY_LIMIT or (through > CROSS_LIMIT and best is not None):
        return RowReading(key, index, scores, stray, "unclear", best, OUTSIDE)
    if second >= limits.marginal:
        return RowReading(key, index, scores, stray, "unclear", best, DOUBLE)
    if top >= limits.definite and (inked is None or inked[order[0]]):
        return RowReading(key, index, scores, stray, "grade", best)
    if top >= limits.marginal:
        return RowReading(key, index, scores, stray, "unclear", best, FAINT)
    return RowReading(key, index, scores, stray, "blank", None)


def read_rows(page: np.ndarray, layout: DemocraticLayout, page_number: int) -> tuple[list[RowReading], Thresholds]:
    rows = layout.page_rows(page_number)
    measured = measure(page, rows)
    limits = thresholds([m.scores for m in measured])
    columns = {row.column for row in rows}
    usual = {
        column: float(np.median([m.stray for row, m in zip(rows, measured, strict=True) if row.column == column]))
        for column in columns
    }
    readings = [
        classify(row, m.scores, m.stray - usual[row.column], limits, m.inked, m.through)
        for row, m in zip(rows, measured, strict=True)
    ]
    return readings, limits
