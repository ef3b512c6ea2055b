"""A scanned-ballot corpus made from scratch: democratic ballots printed by the program, rasterized with
pypdfium2, marked by hand-like strokes (ticks, crosses, filled boxes, circles, faint pencil, two marks, a
crossed-out mark with a new one, marks over the box edge, blank rows), then degraded like an office
scanner does (rotation, shift, copier scaling, blur, noise, JPEG, bilevel, upside down) and written to
PDF / TIFF / JPEG files, with the truth of every row kept beside them.

Used by tests/scanning/ and benchmarks/bench_scan.py. The truth is the generator's, independent of the
reader: `evaluate` compares the reader's output with it mark by mark."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from app.documents.ballot_layout import BallotRow, DemocraticLayout, Rect

CLEAN_KINDS = ("tick", "cross", "fill", "circle")
OTHER_KINDS = ("faint", "double", "crossed_out", "over_edge", "blank")
# A ballot's rows: mostly clean marks, every awkward kind present.
DEFAULT_MIX = {
    "tick": 62,
    "cross": 10,
    "fill": 5,
    "circle": 5,
    "blank": 8,
    "faint": 3,
    "double": 3,
    "crossed_out": 2,
    "over_edge": 2,
}


@dataclass(frozen=True)
class Truth:
    kind: str
    intent: int | None  # the grade the voter meant (None: blank, or no single intent for two marks)

    @property
    def clean(self) -> bool:
        return self.kind in CLEAN_KINDS


@dataclass(frozen=True)
class Degrade:
    dpi: int = 200
    angle: float = 0.0  # degrees
    scale: float = 1.0
    shift: tuple[float, float] = (0.0, 0.0)  # mm
    blur: float = 0.0  # Gaussian sigma, px
    noise: float = 0.0  # Gaussian sigma, grey levels
    speckle: float = 0.0  # share of pixels flipped to black
    jpeg: int | None = None  # quality
    bilevel: bool = False
    upside_down: bool = False


@dataclass
class Page:
    image: np.ndarray
    ballot: int  # index of the printed ballot
    sheet: int  # page number within it (1-based)
    truths: dict[str, Truth]
    degrade: Degrade


@dataclass
class Corpus:
    layout: DemocraticLayout
    pages: list[Page]
    files: dict[tuple[str, int], Page] = field(default_factory=dict)  # (input path, 0-based page) → page


def print_ballots(data, copies: int, fonts=None) -> bytes:
    from app.documents.ballots import DemocraticBallotRenderer

    return DemocraticBallotRenderer(data, copies=copies, fonts=fonts).render()


def layout_of(data) -> DemocraticLayout:
    from app.documents.ballots import DemocraticBallotRenderer

    return DemocraticBallotRenderer(data, copies=1).layout


def rasterize(pdf: bytes, dpi: int) -> list[np.ndarray]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    pages = []
    try:
        for page in document:
            bitmap = page.render(scale=dpi / 72, grayscale=True)
            array = np.array(bitmap.to_numpy())
            pages.append(array[:, :, 0] if array.ndim == 3 else array)
            page.close()
    finally:
        document.close()
    return pages


# --- marks ---------------------------------------------------------------------------------------------------


class Pen:
    """Strokes in mm on a page raster at `dpi`, darkening only (ink over print)."""

    def __init__(self, shape: tuple[int, int], dpi: int) -> None:
        self.layer = np.full(shape, 255, dtype=np.uint8)
        self.px = dpi / 25.4

    def _pts(self, points: Sequence[tuple[float, float]]) -> np.ndarray:
        return np.array([[round(x * self.px * 16), round(y * self.px * 16)] for x, y in points], dtype=np.int32)

    def stroke(self, points: Sequence[tuple[float, float]], width_mm: float, grey: int) -> None:
        thickness = max(1, round(width_mm * self.px))
        cv2.polylines(self.layer, [self._pts(points)], False, grey, thickness, cv2.LINE_AA, shift=4)

    def fill(self, points: Sequence[tuple[float, float]], grey: int) -> None:
        cv2.fillPoly(self.layer, [self._pts(points)], grey, cv2.LINE_AA, shift=4)

    def ellipse(self, centre: tuple[float, float], axes: tuple[float, float], width_mm: float, grey: int) -> None:
        c = (round(centre[0] * self.px * 16), round(centre[1] * self.px * 16))
        a = (round(axes[0] * self.px * 16), round(axes[1] * self.px * 16))
        thickness = max(1, round(width_mm * self.px))
        cv2.ellipse(self.layer, c, a, 0, 0, 360, grey, thickness, cv2.LINE_AA, shift=4)

    def onto(self, image: np.ndarray) -> np.ndarray:
        return np.minimum(image, self.layer)


def _at(box: Rect, u: float, v: float) -> tuple[float, float]:
    return (box.x + box.w * u, box.y + box.h * v)


def tick(pen: Pen, box: Rect, rng: random.Random, grey: int, width: float, dx: float = 0.0) -> None:
    j = rng.uniform
    a = _at(box, j(0.18, 0.32) + dx, j(0.42, 0.6))
    b = _at(box, j(0.38, 0.5) + dx, j(0.72, 0.86))
    c = _at(box, j(0.68, 0.84) + dx, j(0.14, 0.28))
    pen.stroke([a, b, c], width, grey)


def cross(pen: Pen, box: Rect, rng: random.Random, grey: int, width: float) -> None:
    j = rng.uniform
    pen.stroke([_at(box, j(0.22, 0.32), j(0.18, 0.28)), _at(box, j(0.68, 0.78), j(0.72, 0.82))], width, grey)
    pen.stroke([_at(box, j(0.68, 0.78), j(0.18, 0.28)), _at(box, j(0.22, 0.32), j(0.72, 0.82))], width, grey)


def filled(pen: Pen, box: Rect, rng: random.Random, grey: int) -> None:
    j = rng.uniform
    points = [_at(box, j(0.12, 0.2), j(0.15, 0.25)), _at(box, j(0.8, 0.88), j(0.12, 0.22))]
    points += [_at(box, j(0.82, 0.9), j(0.78, 0.88)), _at(box, j(0.1, 0.18), j(0.75, 0.85))]
    pen.fill(points, grey)


def circle(pen: Pen, box: Rect, rng: random.Random, grey: int, width: float) -> None:
    cx, cy = _at(box, rng.uniform(0.45, 0.55), rng.uniform(0.45, 0.55))
    pen.ellipse((cx, cy), (box.w * rng.uniform(0.28, 0.36), box.h * rng.uniform(0.26, 0.34)), width, grey)


def scribble(pen: Pen, box: Rect, rng: random.Random, grey: int, width: float) -> None:
    """Crossing out: a dense zig-zag over the box."""
    points = []
    for i in range(7):
        points.append(_at(box, 0.15 + 0.7 * (i % 2), 0.15 + 0.7 * i / 6 + rng.uniform(-0.04, 0.04)))
    pen.stroke(points, width, grey)
    cross(pen, box, rng, grey, width)


def pick_kind(rng: random.Random, mix: dict[str, int]) -> str:
    kinds = list(mix)
    return rng.choices(kinds, weights=[mix[k] for k in kinds])[0]


def mark_row(pen: Pen, row: BallotRow, kind: str, rng: random.Random, bilevel: bool = False) -> Truth:
    grade = rng.randrange(len(row.boxes))
    ink = rng.randint(10, 70)
    width = rng.uniform(0.35, 0.7)
    box = row.boxes[grade]
    if kind == "blank":
        return Truth(kind, None)
    if kind == "tick":
        tick(pen, box, rng, ink, width)
    elif kind == "cross":
        cross(pen, box, rng, ink, width)
    elif kind == "fill":
        filled(pen, box, rng, ink)
    elif kind == "circle":
        circle(pen, box, rng, ink, width)
    elif kind == "faint":  # pencil, lightly (on a bilevel scan a light pen: the scanner drops pencil)
        grey = rng.randint(60, 90) if bilevel else rng.randint(140, 180)
        tick(pen, box, rng, grey, rng.uniform(0.3, 0.45))
    elif kind == "double":
        other = (grade + rng.randrange(1, len(row.boxes))) % len(row.boxes)
        tick(pen, box, rng, ink, width)
        tick(pen, row.boxes[other], rng, ink, width)
        return Truth(kind, None)
    elif kind == "crossed_out":  # the first choice scribbled over, the new one ticked
        other = (grade + rng.randrange(1, len(row.boxes))) % len(row.boxes)
        scribble(pen, row.boxes[other], rng, ink, width)
        tick(pen, box, rng, ink, width)
    elif kind == "over_edge":  # a tick straddling the box's left or right line
        side = -1 if grade > 0 and (grade == len(row.boxes) - 1 or rng.random() < 0.5) else 1
        tick(pen, box, rng, ink, width, dx=side * rng.uniform(0.3, 0.45))
    else:
        raise ValueError(kind)
    return Truth(kind, grade)


def mark_page(
    image: np.ndarray, layout: DemocraticLayout, page: int, dpi: int, rng: random.Random, mix=None, bilevel=False
) -> tuple[np.ndarray, dict[str, Truth]]:
    pen = Pen(image.shape, dpi)
    truths = {}
    for row in layout.page_rows(page):
        truths[row.key] = mark_row(pen, row, pick_kind(rng, mix or DEFAULT_MIX), rng, bilevel)
    return pen.onto(image), truths


# --- accidents on the paper: ink that is no vote --------------------------------------------------------------


def pen_line(
    image: np.ndarray, dpi: int, start: tuple[float, float], end: tuple[float, float], grey: int, width: float
):
    """A stray pen stroke (mm) across the page: a pen slipping, a line drawn while holding the sheet."""
    pen = Pen(image.shape, dpi)
    pen.stroke([start, end], width, grey)
    return pen.onto(image)


def stain(image: np.ndarray, dpi: int, centre: tuple[float, float], radius: float, darkest: float, rim: bool):
    """A coffee drop (mm): a soft round tint multiplying the page, with a darker rim where the drop dried."""
    px = dpi / 25.4
    h, w = image.shape
    x0, x1 = max(int((centre[0] - radius) * px) - 1, 0), min(int((centre[0] + radius) * px) + 2, w)
    y0, y1 = max(int((centre[1] - radius) * px) - 1, 0), min(int((centre[1] + radius) * px) + 2, h)
    yy, xx = np.mgrid[y0:y1, x0:x1]
    d = np.hypot(xx / px - centre[0], yy / px - centre[1]) / radius
    factor = np.where(d < 1, darkest + (1 - darkest) * 0.3 * d**4, 1.0)
    if rim:
        factor = np.where((d > 0.9) & (d < 1), darkest - 0.08, factor)
    out = image.copy()
    out[y0:y1, x0:x1] = np.clip(out[y0:y1, x0:x1] * factor, 0, 255).astype(np.uint8)
    return out


# --- the scanner ---------------------------------------------------------------------------------------------


def degrade(image: np.ndarray, d: Degrade, rng: np.random.Generator) -> np.ndarray:
    h, w = image.shape
    px = d.dpi / 25.4
    angle = d.angle + (180.0 if d.upside_down else 0.0)
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, d.scale)
    matrix[0, 2] += d.shift[0] * px
    matrix[1, 2] += d.shift[1] * px
    out = cv2.warpAffine(image, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)
    if d.blur:
        out = cv2.GaussianBlur(out, (0, 0), d.blur)
    if d.noise:
        out = np.clip(out.astype(np.float32) + rng.normal(0, d.noise, out.shape), 0, 255).astype(np.uint8)
    if d.speckle:
        out[rng.random(out.shape) < d.speckle] = 0
    if d.bilevel:
        out = np.where(out < 128, 0, 255).astype(np.uint8)
    if d.jpeg:
        ok, data = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, d.jpeg])
        assert ok
        out = cv2.imdecode(data, cv2.IMREAD_GRAYSCALE)
    return out


def random_degrade(rng: random.Random, dpi: int, **overrides) -> Degrade:
    """A plausible office scan: a little skew, shift and copier scaling, some blur and noise, often JPEG."""
    values = {
        "dpi": dpi,
        "angle": rng.uniform(-3, 3),
        "scale": rng.uniform(0.97, 1.03),
        "shift": (rng.uniform(-2, 2), rng.uniform(-2, 2)),
        "blur": rng.choice([0.0, 0.6, 1.0]),
        "noise": rng.choice([0.0, 4.0, 8.0]),
        "speckle": rng.choice([0.0, 0.0005]),
        "jpeg": rng.choice([None, 75, 90]),
        "upside_down": rng.random() < 0.15,
    }
    values.update(overrides)
    return Degrade(**values)


def make_corpus(
    data, copies: int, seed: int, dpi: int = 200, degrade_for=None, mix=None, fonts=None, spoil=None
) -> Corpus:
    """`copies` ballots, every page marked and degraded (`degrade_for(rng, ballot, sheet) -> Degrade`);
    `spoil(image, layout, sheet, dpi, rng) -> image` adds ink that is no vote (a stray line, a stain) after
    the marks, so the truths stay the voter's."""
    rng = random.Random(seed)
    noise_rng = np.random.default_rng(seed)
    layout = layout_of(data)
    rasters = rasterize(print_ballots(data, copies, fonts), dpi)
    pages = []
    for i, raster in enumerate(rasters):
        ballot, sheet = divmod(i, layout.pages)
        d = degrade_for(rng, ballot, sheet + 1) if degrade_for else random_degrade(rng, dpi)
        if d.dpi != dpi:
            raise ValueError("rasterize per dpi: make one corpus per resolution")
        marked, truths = mark_page(raster, layout, sheet + 1, dpi, rng, mix, d.bilevel)
        if spoil is not None:
            marked = spoil(marked, layout, sheet + 1, dpi, rng)
        pages.append(Page(degrade(marked, d, noise_rng), ballot, sheet + 1, truths, d))
    return Corpus(layout, pages)


# --- files ---------------------------------------------------------------------------------------------------


def write_pdf(pages: Sequence[Page], path: Path) -> None:
    """Image-only PDF, as a scanner writes it (JPEG, or 1-bit for bilevel pages)."""
    from PIL import Image

    images = []
    for page in pages:
        image = Image.fromarray(page.image)
        images.append(image.convert("1") if page.degrade.bilevel else image)
    images[0].save(path, "PDF", save_all=True, append_images=images[1:], resolution=float(pages[0].degrade.dpi))


def write_tiff(pages: Sequence[Page], path: Path) -> None:
    from PIL import Image

    images = [Image.fromarray(p.image).convert("1") if p.degrade.bilevel else Image.fromarray(p.image) for p in pages]
    images[0].save(path, "TIFF", save_all=True, append_images=images[1:], compression="tiff_deflate")


def write_image(page: Page, path: Path) -> None:
    from PIL import Image

    Image.fromarray(page.image).save(path)


def place(corpus: Corpus, path: Path, pages: Sequence[Page]) -> None:
    """Write `pages` to `path` (by suffix) and remember which page lies where."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        write_pdf(pages, path)
    elif suffix in (".tif", ".tiff"):
        write_tiff(pages, path)
    else:
        assert len(pages) == 1
        write_image(pages[0], path)
    for index, page in enumerate(pages):
        corpus.files[(str(path), index)] = page


# --- scoring the reader against the truth ----------------------------------------------------------------------


@dataclass
class Tally:
    marks: int = 0
    definite_right: int = 0
    definite_wrong: list[tuple[str, int, str, Truth, str]] = field(default_factory=list)
    review: int = 0
    clean: int = 0
    clean_review: int = 0
    review_by_kind: dict[str, int] = field(default_factory=dict)

    @property
    def clean_review_share(self) -> float:
        return self.clean_review / self.clean if self.clean else 0.0

    def add(self, other: Tally) -> None:
        self.marks += other.marks
        self.definite_right += other.definite_right
        self.definite_wrong += other.definite_wrong
        self.review += other.review
        self.clean += other.clean
        self.clean_review += other.clean_review
        for kind, n in other.review_by_kind.items():
            self.review_by_kind[kind] = self.review_by_kind.get(kind, 0) + n


def evaluate(corpus: Corpus, result) -> Tally:
    """Every row of every read page against its truth. A definite reading is right when it is the voter's
    intent (blank for a blank row); two marks have no single intent, so any definite reading is wrong."""
    tally = Tally()
    for entry in result.pages:
        if entry.status != "read":
            continue
        ref = entry.reading.ref
        page = corpus.files[(ref.input, ref.index)]
        for row in entry.reading.rows:
            truth = page.truths[row.key]
            tally.marks += 1
            tally.clean += truth.clean
            if row.state == "unclear":
                tally.review += 1
                tally.clean_review += truth.clean
                tally.review_by_kind[truth.kind] = tally.review_by_kind.get(truth.kind, 0) + 1
                continue
            read = row.grade if row.state == "grade" else None
            right = truth.kind != "double" and read == truth.intent
            if right:
                tally.definite_right += 1
            else:
                tally.definite_wrong.append((ref.input, ref.index, row.key, truth, row.state + str(row.scores)))
    return tally
