"""The set-up every list table of the window shares, and sizing its columns cheaply.

`list_table` is the one place that says how a read-mostly table behaves (one row selected at a time, no
row numbers, the last column takes the rest of the width). `fit_columns` sizes the columns to their header
and a sample of rows: measuring every cell of a 150-row table costs more than reading the data (the results
page spent 170 ms in `resizeColumnsToContents` at start-up), and the first rows are as wide as the rest.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

FIT_SAMPLE_ROWS = 40  # rows measured when sizing columns (Qt measures the rows in view and then samples)


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


def fit_columns(view: QTableView, sample: int = FIT_SAMPLE_ROWS) -> None:
    """Each column as wide as its header and the widest of a sample of its rows (not every row)."""
    view.verticalHeader().setResizeContentsPrecision(sample)
    view.resizeColumnsToContents()


def fit_once(view: QTableView) -> None:
    """Fit the columns the first time the model has rows, then leave them (and the clerk's widths) alone:
    fitting again after every refresh would measure the cells again on every page switch."""
    model = view.model()

    def fit() -> None:
        if model.rowCount() and not view.property("fitted"):
            view.setProperty("fitted", True)
            fit_columns(view)

    model.modelReset.connect(fit)
    model.layoutChanged.connect(fit)
    fit()
