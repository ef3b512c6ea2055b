"""A small rank chart drawn with QPainter: the district's rank per month against the peers', rank 1 on top."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

OWN_COLOUR = QColor("#c62828")
PEER_COLOURS = (QColor("#1565c0"), QColor("#2e7d32"), QColor("#6a1b9a"), QColor("#ef6c00"))


@dataclass(frozen=True)
class Series:
    name: str
    ranks: tuple[int | None, ...]  # one per month, None where not reported
    own: bool = False


class RankChart(QWidget):
    """Months along the bottom, ranks up the side with 1 at the top (the rank axis inverted)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = ""
        self.months: tuple[str, ...] = ()
        self.series: tuple[Series, ...] = ()
        self.setMinimumSize(320, 160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(520, 220)

    def set_data(self, title: str, months: Sequence[str], series: Sequence[Series]) -> None:
        self.title = title
        self.months = tuple(months)
        self.series = tuple(series)
        self.update()

    def worst_rank(self) -> int:
        ranks = [r for s in self.series for r in s.ranks if r is not None]
        return max([3, *ranks])

    def y_of(self, plot: QRectF, rank: int) -> float:
        """Rank 1 at the top of the plot, the worst rank at the bottom (the rank axis inverted)."""
        return plot.top() + (rank - 1) * plot.height() / max(1, self.worst_rank() - 1)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        font = QFont(self.font())
        painter.setFont(font)
        metrics = painter.fontMetrics()
        line = metrics.height()
        painter.setPen(QColor("#222"))
        painter.drawText(QRectF(8, 4, self.width() - 16, line), Qt.AlignmentFlag.AlignLeft, self.title)
        if not self.months or not self.series:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "（尚无月度进展）")
            painter.end()
            return
        left, right = 8 + metrics.horizontalAdvance("第10位") + 6, 12
        top, bottom = 4 + line * 2 + 16, line + 10
        plot = QRectF(left, top, max(10, self.width() - left - right), max(10, self.height() - top - bottom))
        worst = self.worst_rank()

        def y_of(rank: int) -> float:
            return self.y_of(plot, rank)

        def x_of(index: int) -> float:
            count = len(self.months)
            return plot.center().x() if count == 1 else plot.left() + index * plot.width() / (count - 1)

        grid = QPen(QColor("#ddd"))
        for rank in range(1, worst + 1):
            painter.setPen(grid)
            painter.drawLine(QPointF(plot.left(), y_of(rank)), QPointF(plot.right(), y_of(rank)))
            painter.setPen(QColor("#555"))
            painter.drawText(
                QRectF(4, y_of(rank) - line / 2, left - 8, line),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                f"第{rank}位",
            )
        for index, month in enumerate(self.months):
            painter.drawText(
                QRectF(x_of(index) - 30, plot.bottom() + 4, 60, line),
                Qt.AlignmentFlag.AlignCenter,
                f"{int(month[5:])}月",
            )
        # Legend on the second line.
        x = 8.0
        for n, series in enumerate(self.series):
            colour = OWN_COLOUR if series.own else PEER_COLOURS[n % len(PEER_COLOURS)]
            painter.setPen(QPen(colour, 3 if series.own else 2))
            legend_top = 8 + line
            painter.drawLine(QPointF(x, legend_top + line / 2), QPointF(x + 18, legend_top + line / 2))
            painter.setPen(QColor("#222"))
            painter.drawText(QRectF(x + 22, legend_top, 120, line), Qt.AlignmentFlag.AlignLeft, series.name)
            x += 30 + metrics.horizontalAdvance(series.name) + 12
        for n, series in enumerate(self.series):
            colour = OWN_COLOUR if series.own else PEER_COLOURS[n % len(PEER_COLOURS)]
            pen = QPen(colour, 3 if series.own else 1.5)
            if not series.own:
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            points = [QPointF(x_of(i), y_of(rank)) if rank is not None else None for i, rank in enumerate(series.ranks)]
            for a, b in pairwise(points):
                if a is not None and b is not None:
                    painter.drawLine(a, b)
            painter.setBrush(colour)
            for point in points:
                if point is not None:
                    painter.drawEllipse(point, 3.5 if series.own else 2.5, 3.5 if series.own else 2.5)
            painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.end()
