"""The review (adjudication) of scanned democratic ballots: only the unclear rows come to the screen — the row as
scanned, large, beside the cadre's name and the program's best reading — and one keystroke decides and moves
on (1–4 a grade, 0 no mark, V the whole ballot 废票). When a ballot's last unclear row is decided it is stored
at once (one transaction, the decisions audited with what the reader saw); Ctrl+Z undoes it. A ballot that
waits as a whole (a page missing, no mark at all) is voided (V) or dropped to be scanned again (Delete)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.documents.ballot_layout import GRADES, DemocraticLayout
from app.models.errors import AppraisalError
from app.models.scanning.commit import NO_MARK, commit_review
from app.models.scanning.pending import INCOMPLETE, REVIEW, STATUS_NAMES, Pending, discard_pending, read_pending
from app.ui.scanning.images import ImageCache, framed, row_view
from app.ui.scanning.queue import ANSWER_KEYS, ReviewQueue
from app.ui.shell.session import Session

KEYS_HELP = (
    "1 优秀　2 称职　3 基本称职　4 不称职　0 未标记　V 整张废票　｜　P 查看整页　Backspace 上一处　"
    "PgDn/PgUp 下一张/上一张　Delete 删除此票（重新扫描）　Ctrl+Z 撤销已保存的一张"
)


class PageDialog(QDialog):
    """A whole stored page, the row under review framed (non-modal: the review keys keep working)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("扫描的整页")
        self.resize(900, 760)
        self.label = QLabel()
        self.label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        area = QScrollArea()
        area.setWidget(self.label)
        area.setWidgetResizable(True)
        layout = QVBoxLayout(self)
        layout.addWidget(area)

    def show_page(self, pixmap: QPixmap, title: str) -> None:
        self.setWindowTitle(title)
        self.label.setPixmap(pixmap.scaledToWidth(860, Qt.TransformationMode.SmoothTransformation))
        self.show()
        self.raise_()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_P, Qt.Key.Key_Escape):
            self.hide()
            return
        super().keyPressEvent(event)


class ReviewPanel(QWidget):
    said = Signal(str)  # for the page's status line
    changed = Signal()  # a ballot was stored or dropped

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.queue = ReviewQueue([])
        self.layout_for: DemocraticLayout | None = None
        self.images: ImageCache | None = None
        self.dialog: PageDialog | None = None
        self._pixmap: QPixmap | None = None  # the picture on screen, at its full size
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.summary = QLabel()
        self.summary.setObjectName("reviewSummary")
        self.summary.setStyleSheet("#reviewSummary { font-weight: bold; }")
        self.who = QLabel()
        big = QFont()
        big.setPointSize(18)
        big.setBold(True)
        self.who.setFont(big)
        self.crop = QLabel()
        self.crop.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.crop.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.crop.setMinimumHeight(140)
        self.reading = QLabel()
        reading_font = QFont()
        reading_font.setPointSize(13)
        self.reading.setFont(reading_font)
        self.reading.setWordWrap(True)
        self.where = QLabel()
        self.where.setStyleSheet("color: #555;")
        self.keys = QLabel(KEYS_HELP)
        self.keys.setWordWrap(True)
        self.keys.setStyleSheet("color: #333; background: #eef3fb; padding: 6px;")
        self.list = QListWidget()
        self.list.setMaximumWidth(260)
        self.list.currentRowChanged.connect(self._picked)
        self.list.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        body = QVBoxLayout()
        body.addWidget(self.who)
        body.addWidget(self.crop)
        body.addWidget(self.reading)
        body.addWidget(self.where)
        body.addStretch(1)
        body.addWidget(self.keys)
        row = QHBoxLayout()
        row.addLayout(body, 1)
        row.addWidget(self.list)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(row, 1)

    # --- loading --------------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the waiting ballots again; the one on screen stays, with the answers given so far."""
        year = self.session.year
        if year is None:
            self.queue = ReviewQueue([])
            self.show_current()
            return
        from app.scanning.layouts import load_expected  # pure: the printed layout, to place each row

        self.layout_for = load_expected(self.session.db, year).democratic
        if self.images is None or self.images.db is not self.session.db:
            self.images = ImageCache(self.session.db)
        current = self.queue.item.id if self.queue.item else None
        step, answers, position = self.queue.step, dict(self.queue.answers), self.queue.position
        self.queue = ReviewQueue(read_pending(self.session.db, year))
        ids = [item.id for item in self.queue.items]
        if current in ids:
            self.queue.position, self.queue.step, self.queue.answers = ids.index(current), step, answers
        else:
            self.queue.go(position)
        self.show_current()

    def _fill_list(self) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for number, item in enumerate(self.queue.items, 1):
            what = STATUS_NAMES[item.status]
            if item.status == REVIEW:
                what += f"（{len(item.unclear)} 处）"
            elif item.status == INCOMPLETE:
                what += f"（缺第 {'、'.join(map(str, item.missing))} 页）"
            QListWidgetItem(f"{number}. {what}", self.list)
        if self.queue.item is not None:
            self.list.setCurrentRow(self.queue.position)
        self.list.blockSignals(False)

    def _picked(self, row: int) -> None:
        if 0 <= row < len(self.queue.items) and row != self.queue.position:
            self.queue.go(row)
            self.show_current()
            self.setFocus()

    # --- showing --------------------------------------------------------------------------------------

    def show_current(self) -> None:
        self._fill_list()
        queue = self.queue
        waiting = [i for i in queue.items if i.status != REVIEW]
        text = f"待复核 {queue.rows_left} 处，涉及 {sum(1 for i in queue.items if i.status == REVIEW)} 张"
        if waiting:
            text += f"；另有需整张处理的 {len(waiting)} 张（缺页或无标记）"
        self.summary.setText(text if queue.items else "没有待复核的扫描选票。")
        item, row = queue.item, queue.row
        if item is None:
            self.who.setText("")
            self.crop.clear()
            self._pixmap = None
            self.reading.setText("扫描完成的选票都已保存。新扫描的选票中如有看不清的标记，会出现在这里。")
            self.where.setText("")
            return
        if row is None:
            self._show_whole(item)
            return
        assert self.layout_for is not None and self.images is not None
        printed = self.layout_for.rows[row.index]
        page = self.images.get(item.pages[printed.page].image)
        self._fit(QPixmap.fromImage(row_view(page, printed, row.grade, zoom=2.4)))
        self.who.setText(f"第 {row.index + 1} 行　{printed.unit}　{printed.name}")
        best = GRADES[row.grade] if row.grade is not None else "无标记"
        scores = "　".join(f"{GRADES[g]} {s:.2f}" for g, s in enumerate(row.scores))
        self.reading.setText(f"程序识读：<b>{best}</b>（{row.reason}）　　各格墨迹：{scores}")
        self.where.setText(
            f"本票第 {queue.step + 1}/{len(item.unclear)} 处（第 {printed.page} 页）·扫描于 {item.scanned_on}"
        )

    def _show_whole(self, item: Pending) -> None:
        assert self.images is not None
        first = min(item.pages)
        page = self.images.get(item.pages[first].image)
        self._fit(QPixmap.fromImage(page).scaledToHeight(420, Qt.TransformationMode.SmoothTransformation))
        if item.status == INCOMPLETE:
            missing = "、".join(map(str, item.missing))
            self.who.setText(f"这张选票缺第 {missing} 页")
            self.reading.setText(
                "请把这张选票（各页一起）重新扫描，扫好后按 Delete 删除此条；或按 V 认定为废票。"
                "（为无记名，扫描件不保存能配对各页的信息，另一次扫描的页不能补到这里。）"
            )
        else:
            self.who.setText("这张选票没有任何标记")
            self.reading.setText("按 V 认定为废票（空白票），或按 Delete 删除后重新扫描。按 P 查看整页。")
        self.where.setText(f"已扫描第 {'、'.join(map(str, sorted(item.pages)))} 页·扫描于 {item.scanned_on}")

    def _fit(self, pixmap: QPixmap) -> None:
        """Show the row as large as the panel allows (and never wider than it)."""
        self._pixmap = pixmap
        width = max(self.crop.width() - 8, 300)
        if pixmap.width() > width:
            pixmap = pixmap.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
        self.crop.setPixmap(pixmap)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._pixmap is not None:
            self._fit(self._pixmap)

    def open_page(self) -> None:
        item = self.queue.item
        if item is None or self.images is None or self.layout_for is None:
            return
        row = self.queue.row
        number = self.layout_for.rows[row.index].page if row is not None else min(item.pages)
        image = self.images.get(item.pages[number].image)
        if row is not None:
            image = framed(image, self.layout_for.rows[row.index].rect)
        if self.dialog is None:
            self.dialog = PageDialog(self)
        self.dialog.show_page(QPixmap.fromImage(image), f"扫描的整页：第 {number} 页")
        self.setFocus()

    # --- deciding -------------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text, key = event.text().upper(), event.key()
        if event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            super().keyPressEvent(event)  # Ctrl+Z, Alt+… belong to the window
            return
        if text in ANSWER_KEYS:
            self.decide(ANSWER_KEYS[text])
        elif text == "V":
            self.store(void=True)
        elif text == "P":
            self.open_page()
        elif key == Qt.Key.Key_Backspace:
            if not self.queue.back():
                self.said.emit("已是这张选票的第一处。")
            self.show_current()
        elif key == Qt.Key.Key_Delete:
            self.drop()
        elif key in (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
            step = 1 if key == Qt.Key.Key_PageDown else -1
            self.queue.go((self.queue.position + step) % max(len(self.queue.items), 1))
            self.show_current()
        else:
            super().keyPressEvent(event)

    def decide(self, answer: str) -> None:
        item = self.queue.item
        if item is None:
            return
        if self.queue.row is None:
            self.said.emit("这张选票要整张处理：V 认定为废票，Delete 删除后重新扫描。")
            return
        if self.queue.answer(answer):
            self.store()
        else:
            self.show_current()

    def store(self, void: bool = False) -> None:
        item, year = self.queue.item, self.session.year
        if item is None or year is None:
            return
        answers = dict(self.queue.answers)
        what = "认定为废票" if void else "复核"
        try:
            with self.session.write(f"扫描的民主测评票{what}后保存", source="scan") as conn:
                serial = commit_review(conn, year, item.id, answers, void=void)
        except AppraisalError as exc:
            if not void:
                self.queue.retract()  # the last answer is taken back: nothing was stored
            self.said.emit(f"未保存：{exc}")
            self.show_current()
            return
        decided = sum(1 for a in answers.values() if a != NO_MARK)
        self.reload()  # the stored ballot is no longer waiting: the next one comes up
        tail = "（废票）" if void else f"（复核 {len(answers)} 处，其中 {decided} 处有标记）"
        self.said.emit(f"已保存为民主测评表第 {serial} 号{tail}。Ctrl+Z 可撤销。")
        self.changed.emit()

    def drop(self) -> None:
        item, year = self.queue.item, self.session.year
        if item is None or year is None:
            return
        try:
            with self.session.write("删除扫描的民主测评票（待重新扫描）", source="scan") as conn:
                discard_pending(conn, year, item.id)
        except AppraisalError as exc:
            self.said.emit(f"未删除：{exc}")
            return
        self.reload()
        self.said.emit("已删除这张扫描件，请重新扫描这张选票。Ctrl+Z 可撤销。")
        self.changed.emit()
