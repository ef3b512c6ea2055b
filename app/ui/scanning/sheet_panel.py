"""Beside the keying grid of annex-4/5 ballots and leaders' sheets (issue 18 point 5): the scanned page being
keyed, its current row framed, so the clerk keys the numbers from the screen without handling the paper. The
program identifies the page from its code and places the rows from the printed layout; it does not read
handwritten numbers. When the keyed form is committed, its image goes with it (`take`), and the next scanned
one comes up. In 核对录入 the stored form's image is shown instead (a ballot can always be seen again)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QScrollArea, QTableView, QVBoxLayout, QWidget

from app.documents.ballot_layout import SheetLayout
from app.models.ballots.forms import FORM_TITLES, LEADER_RATINGS
from app.models.scanning.commit import take_sheet
from app.models.scanning.pending import Pending, read_pending
from app.models.scanning.store import ballot_pages
from app.ui.scanning.images import ImageCache, framed, pixels
from app.ui.shell.session import Session

LAYOUT_FORMS = {"leaders": "leaders", "heads": "heads", LEADER_RATINGS: "leader-ratings"}
WIDTH = 560  # the page image's width on screen (px): an A4 page at ≈ 2.7 px/mm, rows still legible


class SheetPanel(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.form = ""
        self.sheet: SheetLayout | None = None
        self.places: dict[str, tuple[int, int]] = {}  # row key → (page, body row) on the printed form
        self.waiting: list[Pending] = []
        self.position = 0
        self.stored: dict[int, str] | None = None  # a stored form's pages, shown instead of the waiting ones
        self.offer_waiting = True  # first keying: the waiting scanned forms are offered
        self.key_of = lambda row: ""  # grid row → row key, set by `follow`
        self.current_key = ""
        self.images: ImageCache | None = None
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.previous = QPushButton("◀ 上一张")
        self.next = QPushButton("下一张 ▶")
        for button in (self.previous, self.next):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys stay in the grid
        self.previous.clicked.connect(lambda: self.step(-1))
        self.next.clicked.connect(lambda: self.step(1))
        self.image = QLabel()
        self.image.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.area = QScrollArea()
        self.area.setWidget(self.image)
        self.area.setWidgetResizable(True)
        self.area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        buttons = QHBoxLayout()
        buttons.addWidget(self.previous)
        buttons.addWidget(self.next)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(buttons)
        layout.addWidget(self.area, 1)
        self.setMinimumWidth(WIDTH + 30)
        self.hide()

    # --- what is shown ------------------------------------------------------------------------------

    def set_form(self, form: str) -> None:
        """The form keyed on the page (models' name: leaders, heads, leader_ratings); reads what waits."""
        year = self.session.year
        self.form = form
        self.sheet, self.places = None, {}
        if year is not None and form in LAYOUT_FORMS:
            from app.scanning.layouts import load_expected  # pure: the printed layout, to place rows

            self.sheet = load_expected(self.session.db, year).sheets.get(LAYOUT_FORMS[form])
        if self.sheet is not None:
            for grid in self.sheet.grids:
                for body_row, key in enumerate(grid.keys):
                    self.places[key] = (grid.page, body_row)
        if self.images is None or self.images.db is not self.session.db:
            self.images = ImageCache(self.session.db)
        self.reload()

    def reload(self) -> None:
        """The waiting scanned forms again (the one on screen stays when it still waits)."""
        year = self.session.year
        current = self.item.id if self.item else None
        self.waiting = read_pending(self.session.db, year, self.form) if year is not None and self.form else []
        ids = [w.id for w in self.waiting]
        self.position = ids.index(current) if current in ids else min(self.position, max(len(ids) - 1, 0))
        self.render()

    @property
    def item(self) -> Pending | None:
        if self.stored is not None or not self.waiting or not self.offer_waiting:
            return None
        return self.waiting[min(self.position, len(self.waiting) - 1)]

    def show_for(self, first_keying: bool, checking: int | None = None) -> None:
        """What the keying page does now: first keying offers the waiting scanned forms; checking (核对录入)
        `serial` shows its stored image, if it was keyed from a scan; anything else shows none."""
        year = self.session.year
        pages = ballot_pages(self.session.db, year, self.form, checking) if checking and year is not None else {}
        self.stored = pages or None
        self.offer_waiting = first_keying
        self.reload()  # a new form on the grid: one may have been taken along by the commit before

    def step(self, delta: int) -> None:
        if self.waiting:
            self.position = (self.position + delta) % len(self.waiting)
            self.render()

    def follow(self, view: QTableView, key_of) -> None:
        """Frame the row of the grid's current cell (call after the grid got its model)."""
        self.key_of = key_of
        view.selectionModel().currentChanged.connect(self._moved)
        self._moved(view.currentIndex())

    def _moved(self, index: QModelIndex, _previous: QModelIndex | None = None) -> None:
        key = self.key_of(index.row()) if index.isValid() else ""
        if key != self.current_key:
            self.current_key = key
            if not self.isHidden():
                self.render()

    def render(self) -> None:
        pages = self.stored if self.stored is not None else (self.item.images if self.item else {})
        if not pages or self.images is None:
            self.hide()
            return
        self.show()
        place = self.places.get(self.current_key)
        number = place[0] if place and place[0] in pages else min(pages)
        image = self.images.get(pages[number])
        if place and self.sheet is not None and place[0] == number:
            image = framed(image, self.sheet.grids[number - 1].row_rect(place[1]))
        pixmap = QPixmap.fromImage(image).scaledToWidth(WIDTH, Qt.TransformationMode.SmoothTransformation)
        self.image.setPixmap(pixmap)
        if place and self.sheet is not None and place[0] == number:
            frame = pixels(self.sheet.grids[number - 1].row_rect(place[1]))
            self.area.ensureVisible(WIDTH // 2, round(frame.center().y() * WIDTH / image.width()), 10, 120)
        title = FORM_TITLES.get(self.form, self.form)
        if self.stored is not None:
            self.title.setText(f"已保存的扫描件：{title}（第 {number} 页，共 {len(pages)} 页）")
        else:
            item = self.item
            assert item is not None
            missing = f"；缺第 {'、'.join(map(str, item.missing))} 页" if item.missing else ""
            self.title.setText(
                f"扫描件 {self.position + 1}/{len(self.waiting)}：{title}，第 {number} 页{missing}。"
                "照图录入，红框为当前行；提交后图像随表保存，自动换下一张。"
            )
        self.previous.setVisible(self.stored is None and len(self.waiting) > 1)
        self.next.setVisible(self.stored is None and len(self.waiting) > 1)

    # --- committing ----------------------------------------------------------------------------------

    def take(self, conn, year: int, serial: int) -> None:
        """Inside the keying page's commit: the scanned form on screen is the one keyed; it goes along."""
        item = self.item
        if item is not None and not self.isHidden():
            take_sheet(conn, year, item.id, self.form, serial)
