"""Column widths for the 市对区考绩 tables, so that each shows every column whole on a 1280×800 laptop.

The 附1 table has 14 columns and the 考绩法 list sits beside its form: sized to their text on one line they ran
off the right edge (报送日期, 尚缺, 本项分值 and the units reachable only by scrolling sideways). Here a column of
numbers, dates, marks or an indicator's title keeps its text on one line, as wide as its header and its cells; a
column of prose wraps at most `caps` characters wide; the `stretch` columns (the longest prose) share what is
left of the table's width, so the table never scrolls sideways and a larger screen widens the prose. Rows grow
to their wrapped text, again whenever a column's width changes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QObject, QRect, QTimer
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionViewItem, QTableView

from app.ui.widgets.tables import fit_columns, sample_rows


class _RowHeights(QObject):
    """Rows as high as their wrapped text after the columns change width (once per burst of resizes)."""

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(0)
        self.timer.timeout.connect(view.resizeRowsToContents)
        view.horizontalHeader().sectionResized.connect(self.timer.start)


def unbreakable_width(view: QTableView, column: int) -> int:
    """The width the column's longest unbreakable run needs (a date such as （2017-09-14）, a number): text wraps
    between words and Chinese characters only, so a narrower column would cut that run with "…"."""
    model = view.model()
    grid = 1 if view.showGrid() else 0
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    option.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
    option.rect = QRect(0, 0, 1, 1)  # as narrow as can be: every line holds one run
    widest = 0
    for row in sample_rows(model.rowCount()):
        index = model.index(row, column)
        widest = max(widest, view.itemDelegateForIndex(index).sizeHint(option, index).width() + grid)
    return widest


def arrange_columns(view: QTableView, *, caps: Mapping[int, float], stretch: Sequence[int]) -> None:
    """Fit every column to its header and cells, narrow each column of `caps` to that many characters (its text
    wraps), and let the `stretch` columns share the rest of the width. The view must wrap words."""
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    for column in range(header.count()):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
    fit_columns(view)
    em = view.fontMetrics().horizontalAdvance("中")
    # The delegate's room round the text (QCommonStyle: a focus-frame margin and 1 px each side) and the grid.
    margin = 2 * (view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1) + 1
    for column, chars in caps.items():
        limit = max(round(chars * em) + margin, header.sectionSizeHint(column), unbreakable_width(view, column))
        if view.columnWidth(column) > limit:
            view.setColumnWidth(column, limit)
    for column in stretch:
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    if view.findChild(_RowHeights) is None:
        _RowHeights(view)
    view.resizeRowsToContents()
