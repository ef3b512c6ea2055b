"""考评明细 (detail): no text crosses a column rule (project rule: text never overflows a box), measured with
pdfplumber in a settled year and in one made provisional (one item score deleted: 优秀（暂定） in 等次)."""

from __future__ import annotations

import pytest

from app.documents.export import render_document
from tests.documents.test_results_cells import crossings
from tests.helpers.document_data import demo_documents

pdfplumber = pytest.importorskip("pdfplumber")


@pytest.mark.parametrize("provisional", [False, True])
def test_no_character_of_the_detail_crosses_a_column_rule(demo_path, provisional) -> None:
    data = demo_documents(demo_path, provisional)
    assert any(c.provisional for c in data.result.cadres) == provisional
    assert crossings(render_document(data, "detail")) == []
