"""The set-up every list table of the window shares, and sizing its columns cheaply.

`list_table` is the one place that says how a read-mostly table behaves (one row selected at a time, no
row numbers, the last column takes the rest of the width). `fit_columns` sizes the columns to their header
and a sample of rows: measuring every cell of a 150-row table costs more than reading the data (the results
page spent 170 ms in `resizeColumnsToContents` at start-up, for a tab not even on screen).
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QEvent, QObject, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

FIT_SAMPLE_ROWS = 30  # rows measured when sizing columns


def list_table(
    model: QAbstractItemModel,
    view: QTableView | None = None,
    *,
    parent: QWidget | None = None,
    cells: bool = False,
    editable: bool = False,
    stretch_last: bool = True,
    line_rows: bool = False,
    wrap: bool = True,
) -> QTableView:
    """`model` in `view` (a new QTableView when None): one row (`cells`: one cell) selected at a time, read-only
    unless `editable`, no row numbers; `line_rows`: rows one text line high (plus padding); `wrap`: long
    text wraps instead of being cut short with "…"."""
    view = view if view is not None else QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(
        QAbstractItemView.SelectionBehavior.SelectItems if cells else QAbstractItemView.SelectionBehavior.SelectRows
    )
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    if not editable:
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(stretch_last)
    view.setWordWrap(wrap)
    if line_rows:
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    return view


def sample_rows(count: int, sample: int = FIT_SAMPLE_ROWS) -> list[int]:
    """Every row of a short table; of a long one, `sample` rows spread evenly from the first to the last (the
    rows of a sorted table differ along it: the first rows of the cadres are all 公务员)."""
    if count <= sample:
        return list(range(count))
    return sorted({round(i * (count - 1) / (sample - 1)) for i in range(sample)})


def fit_columns(view: QTableView, sample: int = FIT_SAMPLE_ROWS) -> None:
    """Each column as wide as its header and the widest of a sample of its rows (not every row)."""
    model = view.model()
    header = view.horizontalHeader()
    grid = 1 if view.showGrid() else 0
    rows = sample_rows(model.rowCount(), sample)
    last = header.logicalIndex(header.count() - 1)  # the last one shown
    for column in range(model.columnCount()):
        if view.isColumnHidden(column) or (header.stretchLastSection() and column == last):
            continue  # a stretched last column takes the rest of the width, whatever its text
        width = header.sectionSizeHint(column)
        for row in rows:
            width = max(width, view.sizeHintForIndex(model.index(row, column)).width() + grid)
        view.setColumnWidth(column, width)


def widen_to_fit(view: QTableView, limit: int = 2000) -> None:
    """Widen (never narrow) each column whose text no longer fits, every row looked at: a grade that became
    优秀（暂定）, set in italics, after the columns were fitted. Only cells whose text measures wider than the
    column are measured the delegate's way, so a refresh costs a string width per cell. A table whose text
    wraps needs none of it."""
    if view.wordWrap():
        return
    model = view.model()
    header = view.horizontalHeader()
    grid = 1 if view.showGrid() else 0
    plain = view.fontMetrics()
    last = header.logicalIndex(header.count() - 1)
    rows = min(model.rowCount(), limit)
    for column in range(model.columnCount()):
        if view.isColumnHidden(column) or (header.stretchLastSection() and column == last):
            continue
        width = view.columnWidth(column)
        margin: int | None = None  # the delegate's padding round the text, measured on the column's first cell
        for row in range(rows):
            index = model.index(row, column)
            text = index.data()
            if text is None or text == "":
                continue
            font = index.data(Qt.ItemDataRole.FontRole)
            advance = (QFontMetrics(font) if isinstance(font, QFont) else plain).horizontalAdvance(str(text))
            if margin is None:
                margin = max(0, view.sizeHintForIndex(index).width() + grid - advance)
            if advance + margin > width:
                width = max(width, view.sizeHintForIndex(index).width() + grid)
        if width > view.columnWidth(column):
            view.setColumnWidth(column, width)


class _FitOnce(QObject):
    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view
        view.installEventFilter(self)
        view.model().modelReset.connect(self.refit)
        view.model().layoutChanged.connect(self.refit)
        view.model().dataChanged.connect(self.refit)

    def refit(self) -> None:
        """The first time: fit. After that: only widen what no longer fits (the clerk's widths stay)."""
        if self.view.property("fitted"):
            widen_to_fit(self.view)
        else:
            self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show:
            self.fit()
        return False

    def fit(self) -> None:
        view = self.view
        if view.property("fitted") or not view.isVisible() or not view.model().rowCount():
            return
        view.setProperty("fitted", True)
        fit_columns(view)


def fit_once(view: QTableView) -> None:
    """Fit the columns the first time the table is on screen with rows, then leave them (and the clerk's
    widths) alone: fitting again after every refresh would measure the cells on every page switch, and a
    table on a tab not shown yet costs nothing until it is."""
    _FitOnce(view).fit()


def keep_columns_whole(view: QTableView) -> None:
    """A short list beside a page's work (the units of 科室评分): the view never narrower than its columns' text,
    every row measured, so a splitter cannot squeeze a name into "…"."""
    model = view.model()
    header = view.horizontalHeader()
    grid = 1 if view.showGrid() else 0
    needed = sum(
        max(
            [header.sectionSizeHint(c)]
            + [view.sizeHintForIndex(model.index(r, c)).width() + grid for r in range(model.rowCount())]
        )
        for c in range(model.columnCount())
        if not view.isColumnHidden(c)
    )
    view.setMinimumWidth(needed + view.verticalScrollBar().sizeHint().width() + 2 * view.frameWidth())
