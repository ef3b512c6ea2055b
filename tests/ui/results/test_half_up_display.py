"""Every figure shown or printed is rounded half-up (四舍五入), like the engine: Python's format() alone rounds a
Decimal half-even (f"{Decimal('0.125'):.2f}" == "0.12"), so a shared bonus of 0.5 split among four units read
0.12 on the 加分与扣分 page while the engine credits 0.13.

Seed: “受表彰工作由几个科室（单位）共同承担的，将总分值分解后分别加分”; spec (How the numbers are computed 1,
3): averages are rounded half-up (四舍五入) to 2 decimals; totals carry 2 decimals."""

from __future__ import annotations

from decimal import Decimal

from app.documents.results import fixed
from app.models.loader import compute_results
from app.models.store import AdjustmentRow, insert_adjustment
from app.ui.results.models import fmt2
from app.ui.unit_data.adjustments_models import AdjustmentEventsModel
from app.ui.unit_data.adjustments_page import AdjustmentsPage
from app.ui.unit_data.scoring_models import fmt
from tests.helpers.data_pages import YEAR, fresh_session, show_page

D = Decimal


def test_formatters_round_half_up() -> None:
    for show in (fixed, fmt2, fmt):
        assert show(D("0.125")) == "0.13"
        assert show(D("2.345")) == "2.35"
        assert show(D("98.5")) == "98.50"


def test_a_split_bonus_reads_as_the_engine_credits_it(qtbot, tmp_path) -> None:
    session = fresh_session(tmp_path)
    try:
        names = [u.name for u in session.scheme().units[:4]]
        with session.write("test: shared media bonus") as conn:
            row = AdjustmentRow("unit", "bonus", "media", "省级媒体报道", D("0.5"), tuple(names))
            insert_adjustment(conn, YEAR, row)
        page = AdjustmentsPage(session)
        show_page(qtbot, page)
        page.refresh()
        model = page.editor.events_model
        shown = model.index(0, AdjustmentEventsModel.A_TARGETS).data()
        credited = {u.name: u.bonus for u in compute_results(session.db, YEAR).units if u.name in names}
        assert set(credited.values()) == {D("0.13")}  # 0.5 / 4 = 0.125 → 0.13 half-up
        assert shown.count(" 0.13") == 4 and "0.12" not in shown, shown
    finally:
        session.db.close()
