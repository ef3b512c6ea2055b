"""What the documents print from the demo year, settled or made provisional, for the document tests."""

from __future__ import annotations

from pathlib import Path

from app.documents.data import YearDocuments, gather
from app.models.db import open_database
from app.models.demo import DEMO_YEAR
from app.models.unit_data import clear_item_score


def demo_documents(demo_path: Path, provisional: bool = False) -> YearDocuments:
    """The demo year's document data; `provisional`: with one item score of 人事科 deleted first, so its group's
    prizes and some 优秀 become provisional."""
    with open_database(demo_path) as db:
        if provisional:
            item = db.conn.execute(
                "SELECT item FROM item_scores WHERE year = ? AND unit = '人事科' ORDER BY item LIMIT 1", (DEMO_YEAR,)
            ).fetchone()[0]
            with db.atomic("测试：删去一项得分", "test") as conn:
                clear_item_score(conn, DEMO_YEAR, "人事科", item)
        return gather(db, DEMO_YEAR)
