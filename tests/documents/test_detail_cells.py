"""考评明细 (detail): no text crosses a column rule (project rule: text never overflows a box), measured with
pdfplumber in a settled year and in one made provisional (one item score deleted: 优秀（暂定） in 等次)."""

from __future__ import annotations

import pytest

from app.documents.data import gather
from app.documents.export import render_document
from app.models.db import open_database
from app.models.demo import DEMO_YEAR
from app.models.unit_data import clear_item_score
from tests.documents.test_results_cells import crossings

pdfplumber = pytest.importorskip("pdfplumber")


@pytest.mark.parametrize("provisional", [False, True])
def test_no_character_of_the_detail_crosses_a_column_rule(demo_path, provisional) -> None:
    with open_database(demo_path) as db:
        if provisional:
            item = db.conn.execute(
                "SELECT item FROM item_scores WHERE year = ? AND unit = '人事科' ORDER BY item LIMIT 1", (DEMO_YEAR,)
            ).fetchone()[0]
            with db.atomic("测试：删去一项得分", "test") as conn:
                clear_item_score(conn, DEMO_YEAR, "人事科", item)
        data = gather(db, DEMO_YEAR)
    assert any(c.provisional for c in data.result.cadres) == provisional
    assert crossings(render_document(data, "detail")) == []
