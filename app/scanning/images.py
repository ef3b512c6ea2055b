"""The page image kept with a scanned ballot: small, readable, and without the sheet token.

A registered page (8 px/mm, upright) becomes a PNG at `STORE_SCALE` px/mm (≈ 152 dpi) in four greys —
paper, light (pencil), mid, ink — measured against the page's own paper and printed black, so a faint
pencil tick stays visibly faint for the review while scanner noise on the paper vanishes (PNG then
compresses well: about 60 KB a page; docs/guide/scanning.md has the measurements). The QR code area
(`CODE_BOX`, with its quiet zone) is painted white first: the stored image holds no token.

PNG, not WebP or JPEG: Qt decodes PNG everywhere (the review screen shows these bytes with QImage), and
four flat greys are what PNG's filters compress best. Nothing time-related is written into the file."""

from __future__ import annotations

import cv2
import numpy as np

from app.documents.ballot_layout import CODE_BOX, STORE_SCALE
from app.scanning.register import SCALE

LEVELS = 4  # greys kept: 255 (paper), 170, 85, 0
LIGHTEST = 0.12  # darkness below this share of ink is paper (noise, the scanner's grey background)


CODE_MARGIN = 1.5  # mm of white around where the code was found (the registration is good to a few tenths)


def blank_code(page: np.ndarray, found: tuple[int, int, int, int] = (0, 0, 0, 0)) -> np.ndarray:
    """A copy of a registered page with the code white: the printed CODE_BOX (quiet zone included) and the
    rectangle where the code was actually found (`found`, registered pixels), with a margin. The token is gone."""
    out = page.copy()
    margin = round(CODE_MARGIN * SCALE)
    boxes = [(CODE_BOX.x * SCALE, CODE_BOX.y * SCALE, CODE_BOX.right * SCALE, CODE_BOX.bottom * SCALE)]
    if found[2] > found[0]:
        boxes.append(found)
    for x0, y0, x1, y1 in boxes:
        top, left = max(int(y0) - margin, 0), max(int(x0) - margin, 0)
        out[top : int(y1) + margin + 1, left : int(x1) + margin + 1] = 255
    return out


def stored_page(page: np.ndarray, found: tuple[int, int, int, int] = (0, 0, 0, 0)) -> bytes:
    """PNG bytes of a registered page as it is kept: code blanked, STORE_SCALE px/mm, LEVELS greys."""
    clean = blank_code(page, found)
    small = cv2.resize(clean, None, fx=STORE_SCALE / SCALE, fy=STORE_SCALE / SCALE, interpolation=cv2.INTER_AREA)
    h, w = small.shape
    paper = float(np.percentile(small[h // 8 : h * 7 // 8 : 4, w // 8 : w * 7 // 8 : 4], 90))
    ink = float(np.percentile(small[::4, ::4], 0.5))
    # one table for the 256 greys (a lookup per pixel, not arithmetic): darkness → one of LEVELS greys
    darkness = (paper - np.arange(256, dtype=np.float32)) / max(paper - ink, 40.0)
    steps = np.rint(np.clip(darkness, 0.0, 1.0) * (LEVELS - 1))
    steps[darkness < LIGHTEST] = 0
    grey = cv2.LUT(small, (255 - steps * (255 // (LEVELS - 1))).astype(np.uint8))
    # run-length deflate: flat greys compress better and three times faster than the default filters
    params = [cv2.IMWRITE_PNG_COMPRESSION, 6, cv2.IMWRITE_PNG_STRATEGY, cv2.IMWRITE_PNG_STRATEGY_RLE]
    ok, data = cv2.imencode(".png", grey, params)
    if not ok:  # pragma: no cover - cv2 encodes any 2-D uint8 array
        raise ValueError("PNG encoding failed")
    return data.tobytes()
