"""The results workbook's committee-facing fields (issue 12, §4): 所得票数 and 打分人数 per cadre, and per pool its
quota, how it was reached and the 优秀 count — the same figures as the results object."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from openpyxl import load_workbook

from app.documents.data import gather, pool_label
from app.models.db import open_database
from app.models.demo import DEMO_YEAR
from app.workbooks.results import results_workbook_bytes
from app.workbooks.style import HEADER_ROW


def rows(ws) -> list[dict]:
    header = [cell.value for cell in ws[HEADER_ROW]]
    return [dict(zip(header, row, strict=False)) for row in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True)]


def test_votes_raters_and_quotas_in_the_workbook(demo_path: Path) -> None:
    with open_database(demo_path, readonly=True) as db:
        data = gather(db, DEMO_YEAR)
        book = load_workbook(BytesIO(results_workbook_bytes(db, data)))
    quotas = {row["类别及职务层次"]: row for row in rows(book["优秀名额"])}
    for pool in data.result.pools:
        row = quotas[pool_label(pool.pool)]
        assert (row["人数"], row["参加考核"], row["优秀名额"], row["现评优秀"]) == (
            pool.size,
            pool.base,
            pool.quota,
            pool.excellent,
        )
        assert "取整" in row["计算"]
    seen = 0
    by_name = {(c.name, c.rank_in_pool, c.pool): c for c in data.result.cadres}
    for pool in data.result.pools:
        sheet = next(ws for ws in book.worksheets if ws.title.startswith("干部-") and pool_label(pool.pool) in ws.title)
        for row in rows(sheet):
            cadre = by_name[(row["姓名"], row["名次"], pool.pool)]
            assert (row["所得票数"], row["打分人数"]) == (cadre.votes, cadre.raters)
            seen += 1
    assert seen == len(data.result.cadres)
