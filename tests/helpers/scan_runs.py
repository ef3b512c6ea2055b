"""Scans for the storage, review and secrecy tests: ballots printed through the CLI, filled in by the corpus
generator (the truth of every row kept), degraded like an office scan, written to an image-only PDF; and the
sheet tokens read back from the printed codes with zxing (independently of the program)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from app.cli import main
from app.documents.ballot_layout import DemocraticLayout
from app.models.demo import DEMO_YEAR
from tests.helpers.scan_corpus import Corpus, Degrade, Page, Truth, degrade, mark_page, place, rasterize, write_pdf

CLEAR_MIX = {"tick": 70, "cross": 15, "fill": 5, "blank": 10}  # nothing a good reader should send to review
UNCLEAR_MIX = {"tick": 60, "double": 20, "faint": 20}  # plenty to review


@dataclass
class Scan:
    path: Path  # the scanned PDF
    printed: Path  # the printed PDF it came from
    pages: list[Page]  # in scan order, with the truth of every row

    def truths(self, ballot: int) -> dict[str, Truth]:
        return {k: t for p in self.pages if p.ballot == ballot for k, t in p.truths.items()}


def print_pdf(db_path: Path, out: Path, *extra: str) -> Path:
    args = ["print", str(db_path), "--year", str(DEMO_YEAR), "ballot-democratic", "--out", str(out), *extra]
    assert main(args) == 0
    return out


def filled_scan(
    db_path: Path,
    folder: Path,
    layout: DemocraticLayout,
    copies: int,
    seed: int,
    mix: dict[str, int] | None = None,
    name: str = "scan.pdf",
    angle: float = 1.5,
) -> Scan:
    """`copies` ballots printed, each row marked (mix: the kinds of scan_corpus), scanned at 200 dpi."""
    printed = print_pdf(db_path, folder / f"printed-{seed}.pdf", "--copies", str(copies))
    rng = random.Random(seed)
    pages = []
    for i, raster in enumerate(rasterize(printed.read_bytes(), 200)):
        sheet = i % layout.pages + 1
        marked, truths = mark_page(raster, layout, sheet, 200, rng, mix)
        d = Degrade(200, angle=rng.uniform(-angle, angle), noise=3.0, jpeg=85)
        pages.append(Page(degrade(marked, d, np.random.default_rng(seed + i)), i // layout.pages, sheet, truths, d))
    out = folder / name
    place(Corpus(layout, pages), out, pages)
    return Scan(out, printed, pages)


def write_scan(pages: list[Page], path: Path) -> Path:
    """Some of a scan's pages, in this order, as another scanned PDF."""
    write_pdf(pages, path)
    return path


def printed_tokens(pdf: Path) -> set[str]:
    """Every sheet token printed in a PDF's codes, read with zxing from the rendered pages."""
    import zxingcpp

    tokens = set()
    for image in rasterize(pdf.read_bytes(), 150):
        for found in zxingcpp.read_barcodes(image):
            parts = found.text.split("/")
            assert parts[0] == "KP1", found.text
            tokens.add(parts[6])
    return tokens
