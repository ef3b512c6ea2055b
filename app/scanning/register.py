"""From a scanned page to the printed layout: find the QR code (which page of what), then the four
corner marks near where the code says they are, and warp the page onto the layout's millimetre grid.

The registered page is SCALE pixels per millimetre (≈ 203 dpi) whatever the scan's resolution, upright,
with the layout's coordinates × SCALE as pixel coordinates."""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from app.documents.ballot_layout import (
    MARK_CENTRES,
    MARK_SIZE,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    CodeError,
    PageCode,
    code_symbol,
    parse_code,
)

SCALE = 8.0  # px per mm of the registered page
CANVAS = (round(PAGE_WIDTH * SCALE), round(PAGE_HEIGHT * SCALE))  # (width, height)
SEARCH_MM = 14.0  # a corner mark is looked for this far around where the code predicts it


class PageProblem(Exception):
    """A page that cannot be read: `status` as in the report, `reason` in Chinese."""

    def __init__(self, status: str, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass
class Registered:
    code: PageCode = field(repr=False)  # holds the sheet token: kept in memory only
    page: np.ndarray = field(repr=False)  # registered grey page, CANVAS size
    dpi: float  # the scan's resolution, as measured from the code
    upside_down: bool
    code_area: tuple[int, int, int, int] = (0, 0, 0, 0)  # where the code was found, in registered pixels


def normalise(image: np.ndarray) -> tuple[np.ndarray, float]:
    """Downscale very fine scans (area-averaged, so thin strokes keep their darkness) to about 1.2 × SCALE.
    Returns the image and the factor applied."""
    short = min(image.shape[:2])
    px_per_mm = short / PAGE_WIDTH
    if px_per_mm <= SCALE * 1.25:
        return image, 1.0
    factor = SCALE * 1.2 / px_per_mm
    size = (round(image.shape[1] * factor), round(image.shape[0] * factor))
    return cv2.resize(image, size, interpolation=cv2.INTER_AREA), factor


def is_blank(image: np.ndarray) -> bool:
    """An empty side (duplex scanning of one-sided paper): almost no dark pixel."""
    small = cv2.resize(image, (image.shape[1] // 4 or 1, image.shape[0] // 4 or 1), interpolation=cv2.INTER_AREA)
    paper = float(np.percentile(small, 90))
    return float(np.mean(small < paper - 60)) < 0.002


def read_code(image: np.ndarray) -> tuple[str, np.ndarray] | None:
    """The first QR code on the page: its text and the symbol's corners (TL, TR, BR, BL as printed)."""
    import zxingcpp

    formats = zxingcpp.BarcodeFormat.QRCode
    attempts = [image]
    for attempt in range(3):
        if attempt == 1:  # heavy noise or blur: a smoothed, binarised copy often decodes
            blurred = cv2.GaussianBlur(image, (3, 3), 0)
            attempts.append(cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)[1])
        if attempt == 2 and min(image.shape) < 2000:  # small modules (150 dpi): upscale
            attempts.append(cv2.resize(image, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC))
        if attempt >= len(attempts):
            continue
        source = attempts[attempt]
        for result in zxingcpp.read_barcodes(source, formats=formats):
            if not result.valid or not result.text:
                continue
            position = result.position
            corners = np.array(
                [
                    [position.top_left.x, position.top_left.y],
                    [position.top_right.x, position.top_right.y],
                    [position.bottom_right.x, position.bottom_right.y],
                    [position.bottom_left.x, position.bottom_left.y],
                ],
                dtype=np.float64,
            )
            if attempt == 2:
                corners /= 2
            return result.text, corners
    return None


def _symbol_mm() -> np.ndarray:
    """The layout's QR symbol corners. zxing reports the finder patterns' outer corners; the fourth,
    where no finder is, it estimates — good enough for a first guess."""
    s = code_symbol()
    return np.array([[s.x, s.y], [s.right, s.y], [s.right, s.bottom], [s.x, s.bottom]], dtype=np.float64)


def _find_mark(image: np.ndarray, centre: np.ndarray, px_per_mm: float) -> np.ndarray | None:
    """The centroid of the solid square nearest `centre` within SEARCH_MM, or None."""
    half = int(SEARCH_MM * px_per_mm)
    h, w = image.shape
    x0, y0 = max(int(centre[0]) - half, 0), max(int(centre[1]) - half, 0)
    x1, y1 = min(int(centre[0]) + half, w), min(int(centre[1]) + half, h)
    if x1 - x0 < 8 or y1 - y0 < 8:
        return None
    window = image[y0:y1, x0:x1]
    _, binary = cv2.threshold(window, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    count, _, stats, centroids = cv2.connectedComponentsWithStats(binary, connectivity=8)
    side = MARK_SIZE * px_per_mm
    best, best_distance = None, None
    for label in range(1, count):
        bw, bh, area = stats[label, cv2.CC_STAT_WIDTH], stats[label, cv2.CC_STAT_HEIGHT], stats[label, cv2.CC_STAT_AREA]
        if not (0.7 * side <= bw <= 1.45 * side and 0.7 * side <= bh <= 1.45 * side):
            continue
        if area < 0.75 * bw * bh or area < 0.45 * side * side:
            continue  # a square is solid; a QR finder or text is not
        point = centroids[label] + (x0, y0)
        distance = float(np.hypot(*(point - centre)))
        if best_distance is None or distance < best_distance:
            best, best_distance = point, distance
    return best


def _has_corner_marks(image: np.ndarray) -> bool:
    """Without a code: do at least two image corners hold a registration square (so it is our page)?"""
    h, w = image.shape
    px_per_mm = min(h, w) / PAGE_WIDTH
    inset = 12.0 * px_per_mm
    corners = [(inset, inset), (w - inset, inset), (w - inset, h - inset), (inset, h - inset)]
    found = sum(_find_mark(image, np.array(c), px_per_mm) is not None for c in corners)
    return found >= 2


def register(image: np.ndarray) -> Registered:
    """Code → marks → homography → the registered page. Raises PageProblem."""
    image, factor = normalise(image)
    found = read_code(image)
    if found is None:
        if is_blank(image):
            raise PageProblem("not_a_ballot", "空白页")
        if not _has_corner_marks(image):
            raise PageProblem("not_a_ballot", "不是本程序打印的选票（没有二维码，也没有四角的定位标记）")
        raise PageProblem("unreadable", "找不到或无法识读页面右下角的二维码（污损、折叠或扫描太淡？）")
    text, corners = found
    try:
        code = parse_code(text)
    except CodeError as exc:
        raise PageProblem("not_a_ballot", str(exc)) from exc
    symbol = _symbol_mm()
    similarity, _ = cv2.estimateAffinePartial2D(symbol, corners)
    if similarity is None:
        raise PageProblem("unreadable", "二维码位置无法确定")
    px_per_mm = float(np.hypot(similarity[0, 0], similarity[1, 0]))
    mm_points, image_points, missing = [], [], []
    for name, (mx, my) in MARK_CENTRES.items():
        guess = similarity @ np.array([mx, my, 1.0])
        point = _find_mark(image, guess, px_per_mm)
        if point is None:
            missing.append(name)
            continue
        mm_points.append((mx, my))
        image_points.append(point)
    if len(missing) > 1:
        where = "、".join(_CORNER_NAMES[name] for name in missing)
        raise PageProblem("unreadable", f"找不到{where}的定位标记（页面被裁切、折角或污损？）")
    source = np.array(mm_points, dtype=np.float32) * SCALE
    target = np.array(image_points, dtype=np.float32)
    if missing:  # a corner cut off by skew: three marks fix an affine map, enough for a scanner's page
        homography = np.vstack([cv2.getAffineTransform(source, target), [0.0, 0.0, 1.0]])
    else:
        homography = cv2.getPerspectiveTransform(source, target)
    _check_fit(homography, symbol, corners, px_per_mm)
    page = cv2.warpPerspective(
        image, homography, CANVAS, flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP, borderValue=255
    )
    upside_down = bool(similarity[0, 0] < 0)
    found_at = cv2.perspectiveTransform(corners.reshape(-1, 1, 2).astype(np.float32), np.linalg.inv(homography))
    x0, y0 = found_at.reshape(-1, 2).min(axis=0)
    x1, y1 = found_at.reshape(-1, 2).max(axis=0)
    area = (int(x0), int(y0), int(np.ceil(x1)), int(np.ceil(y1)))
    return Registered(code, page, px_per_mm * 25.4 / factor, upside_down, area)


_CORNER_NAMES = {"tl": "左上角", "tr": "右上角", "br": "右下角", "bl": "左下角"}


def _check_fit(homography: np.ndarray, symbol: np.ndarray, corners: np.ndarray, px_per_mm: float) -> None:
    """The marks and the code must agree: a mark found on the wrong blob shows here."""
    projected = cv2.perspectiveTransform((symbol * SCALE).reshape(-1, 1, 2).astype(np.float32), homography)
    error = np.hypot(*(projected.reshape(-1, 2) - corners).T)
    if float(np.median(error)) > 2.5 * px_per_mm:
        raise PageProblem("unreadable", "定位标记与二维码位置不符，页面可能变形或不是完整的一页")
