"""One scanned page, start to finish: load, register, check it belongs to this year's layout, read its rows.

Runs in worker processes: takes a PageRef and the expected layouts (plain, picklable dataclasses) and
returns a PageReading without the image (the registered image is large; phase B's review asks for the
crops it needs with `row_crop`)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from app.documents.ballot_layout import GRADES, PageCode, Rect
from app.scanning.layouts import Expected
from app.scanning.marks import RowReading, Thresholds, read_rows
from app.scanning.register import SCALE, PageProblem, register
from app.scanning.sources import PageRef, SourceError, load_page

FORM_NAMES = {
    "democratic": "民主测评表",
    "leaders": "附件 4 评分表",
    "heads": "附件 5 评分表",
    "leader-ratings": "领导评价计分表",
}


@dataclass
class PageReading:
    ref: PageRef
    status: str  # "read", "unreadable", "wrong_layout", "not_a_ballot" ("duplicate" is decided later)
    reason: str = ""
    code: PageCode | None = field(default=None, repr=False)  # holds the sheet token: memory only
    rows: list[RowReading] = field(default_factory=list)
    limits: Thresholds | None = None
    dpi: float = 0.0
    upside_down: bool = False
    blank: bool = False  # an empty side: reported, but not an error
    taken: bool = False  # taken in by an earlier run of the same file: not read again, not an error
    image: np.ndarray | None = field(default=None, repr=False)  # the registered page, when asked for
    stored: bytes | None = field(default=None, repr=False)  # the page as kept (images.stored_page), when asked for

    @property
    def form(self) -> str | None:
        return self.code.form if self.code else None

    @property
    def test(self) -> bool:
        return bool(self.code and self.code.test_variant is not None)


def check_layout(code: PageCode, expected: Expected) -> None:
    if code.year != expected.year:
        raise PageProblem(
            "wrong_layout", f"这是 {code.year} 年度的{FORM_NAMES[code.form]}，不是 {expected.year} 年度的"
        )
    if code.form == "democratic":
        layout, pages = expected.democratic.layout, expected.democratic.pages
    elif code.form in expected.others:
        layout, pages = expected.others[code.form]
    else:
        raise PageProblem("wrong_layout", f"本年度没有{FORM_NAMES[code.form]}")
    if code.layout != layout or code.pages != pages:
        raise PageProblem(
            "wrong_layout",
            f"这张{FORM_NAMES[code.form]}是按另一份名册或排序打印的（人员或顺序已改动），请用当前名册重新打印的选票",
        )


def read_page(ref: PageRef, expected: Expected, keep_image: bool = False, store: bool = False) -> PageReading:
    """`keep_image`: the registered page in `.image`; `store`: the page as kept with its ballot in `.stored`
    (PNG, code blanked; not for test ballots, which are never kept)."""
    try:
        image = load_page(ref)
    except SourceError as exc:
        return PageReading(ref, "unreadable", str(exc))
    try:
        registered = register(image)
        check_layout(registered.code, expected)
    except PageProblem as exc:
        return PageReading(ref, exc.status, exc.reason, blank=exc.reason == "空白页")
    except Exception as exc:  # cv2/zxing on a strange image: this page is reported, the run goes on
        return PageReading(ref, "unreadable", f"无法处理此页图像（{type(exc).__name__}）")
    reading = PageReading(ref, "read", code=registered.code, dpi=registered.dpi, upside_down=registered.upside_down)
    if registered.code.form == "democratic":
        reading.rows, reading.limits = read_rows(registered.page, expected.democratic, registered.code.page)
    if keep_image:
        reading.image = registered.page
    if store and not reading.test:
        from app.scanning.images import stored_page

        reading.stored = stored_page(registered.page, registered.code_area)
    return reading


def row_crop(image: np.ndarray, rect: Rect, margin: float = 2.0) -> np.ndarray:
    """A row of a registered page (with `margin` mm around), for the review screen."""
    x0, y0 = max(round((rect.x - margin) * SCALE), 0), max(round((rect.y - margin) * SCALE), 0)
    x1, y1 = round((rect.right + margin) * SCALE), round((rect.bottom + margin) * SCALE)
    return image[y0:y1, x0:x1]


def grade_name(grade: int | None) -> str | None:
    return None if grade is None else GRADES[grade]
