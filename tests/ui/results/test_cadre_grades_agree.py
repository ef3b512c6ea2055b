"""Review: every place that shows a cadre's grade agrees with `compute_results` — the results page's 干部 tab, the
`appraisal results` JSON, the certificates (奖状) and the notice's list of 优秀 cadres — on the demo year and on a
year made of the awkward cases (a tie at the quota line, a barred cadre with the best score, a one-person pool).

Seed: 五、等次评定（一）优秀等次：公务员…15％以内，事业单位…10％以内…不同职务层次优秀名额不得相互挤占;
三、（三）3、有下列情形的，本年度考核不予评为优秀等次; 六、（一）1、被评定为优秀等次的，以市经信委文件形式予以通报表彰.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from app.cli import main
from app.documents.certificates import certificate_wording
from app.documents.data import gather
from app.documents.notice import NoticeRenderer
from app.models.db import Database, open_database
from app.models.demo import DEMO_YEAR, build_demo_year
from app.models.loader import compute_results
from app.models.store import CadreRow, ensure_year, set_leader_rating, set_tally, upsert_cadre
from app.ui.results.cadre_models import C_GRADE, C_NAME, P_EXCELLENT, P_QUOTA, P_SIZE
from app.ui.results.models import ROW_ROLE
from app.ui.results.page import ResultsPage
from app.ui.shell.session import Session

YEAR = 2018  # beside the demo year 2017 in the same file
# (id, name, category, level, barred, (优秀, 称职) marks, leaders' per-criterion score)
AWKWARD = [
    # 公务员·科员, 7 people, quota floor(0.15 × 7) = 1: k1 and k2 tie at the top → both 待定 (并列需党委审定)
    *[
        (f"k{i}", f"科员{i}", "civil_servant", "科员", None, (10, 0), Decimal(6) if i <= 2 else Decimal(5))
        for i in range(1, 8)
    ],
    # 公务员·副科, 7 people, quota 1: f1 has the best total but is barred → f2 takes the place
    ("f1", "副科一", "civil_servant", "副科", "严重违法违纪受处分", (10, 0), Decimal(6)),
    *[(f"f{i}", f"副科{i}", "civil_servant", "副科", None, (9, 1), Decimal(6) - Decimal(i) / 10) for i in range(2, 8)],
    # 事业单位·专技岗, one person with top marks: quota floor(0.10 × 1) = 0 → 称职
    ("s1", "专技一", "institution", "专技岗", None, (10, 0), Decimal(6)),
]


def build_awkward_year(db: Database) -> None:
    ensure_year(db, YEAR)
    with db.atomic("名册与测评", "test") as conn:
        for position, (cid, name, category, level, barred, marks, score) in enumerate(AWKWARD):
            upsert_cadre(conn, YEAR, CadreRow(cid, name, "办公室", category, level, False, barred, position))
            set_tally(conn, YEAR, cid, (*marks, 0, 0))
            set_leader_rating(conn, YEAR, 1, cid, [score] * 5)


@pytest.fixture(scope="module")
def years(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("agree") / "years.sqlite"
    with open_database(path) as db:
        build_demo_year(db)
        build_awkward_year(db)
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture
def db(tmp_path: Path, years: Path) -> Iterator[Database]:
    path = tmp_path / "years.sqlite"
    path.write_bytes(years.read_bytes())
    database = open_database(path)
    yield database
    database.close()


def test_the_awkward_year_is_graded_as_the_seed_says(db: Database) -> None:
    """15％以内 → floor; a boundary tie goes to the committee (grade null); 不予评为优秀 → the next one; a pool of one
    has no 优秀 place (10％ of 1 rounds down to 0)."""
    result = compute_results(db, YEAR)
    grades = {c.id: (c.grade, c.tie) for c in result.cadres}
    assert grades["k1"] == grades["k2"] == (None, True)
    assert grades["k3"] == ("称职", False)
    assert grades["f1"] == ("称职", False)
    assert grades["f2"] == ("优秀", False)
    assert grades["s1"] == ("称职", False)
    assert {p.pool: (p.size, p.quota, p.excellent) for p in result.pools} == {
        "civil_servant/科员": (7, 1, 0),
        "civil_servant/副科": (7, 1, 1),
        "institution/专技岗": (1, 0, 0),
    }


@pytest.mark.parametrize("year", [YEAR, DEMO_YEAR], ids=["awkward", "demo"])
def test_json_agrees_with_the_engine(db: Database, year: int, tmp_path: Path, capsys) -> None:
    """`appraisal results … --format json`: `grade` 优秀/称职/基本称职/不称职 or null where a boundary tie leaves it to
    the committee — the same as the engine, cadre by cadre."""
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert main(["results", str(db.path), "--year", str(year), "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    result = compute_results(db, year)
    expected = {c.id: (c.pool, str(c.total), c.rank_in_pool, c.grade, c.tie, c.incomplete) for c in result.cadres}
    got = {
        c["id"]: (
            c["pool"],
            str(Decimal(str(c["total"])).quantize(Decimal("0.01"))),
            c["rank_in_pool"],
            c["grade"],
            c["tie"],
            c["incomplete"],
        )
        for c in payload["cadres"]
    }
    assert got == expected


@pytest.mark.parametrize("year", [YEAR, DEMO_YEAR], ids=["awkward", "demo"])
def test_results_page_cadre_tab_agrees_with_the_engine(qtbot, db: Database, year: int) -> None:
    """The 干部 tab shows the engine's grade (待定 for a boundary tie) and each pool's size, quota and 优秀 count."""
    session = Session(db)
    session.set_year(year)
    page = ResultsPage(session)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    result = compute_results(db, year)
    model = page.cadre_model
    shown = {model.index(r, 0).data(ROW_ROLE).id: model.index(r, C_GRADE).data() for r in range(model.rowCount())}
    assert shown == {c.id: c.grade or "待定" for c in result.cadres}
    names = {model.index(r, 0).data(ROW_ROLE).id: model.index(r, C_NAME).data() for r in range(model.rowCount())}
    assert names == {c.id: c.name for c in result.cadres}
    pools = page.pool_model
    rows = {pools.pool_at(r): r for r in range(1, pools.rowCount())}
    assert set(rows) == {p.pool for p in result.pools}
    for summary in result.pools:
        row = rows[summary.pool]
        cells = [pools.index(row, column).data() for column in (P_SIZE, P_QUOTA, P_EXCELLENT)]
        assert cells == [str(summary.size), str(summary.quota), str(summary.excellent)]


@pytest.mark.parametrize("year", [YEAR, DEMO_YEAR], ids=["awkward", "demo"])
def test_certificates_and_notice_list_exactly_the_excellent_cadres(db: Database, year: int) -> None:
    """被评定为优秀等次的，以市经信委文件形式予以通报表彰 — one certificate per 优秀 cadre and the notice's list of
    优秀等次人员: exactly the engine's 优秀, no tied (待定) and no barred person."""
    result = compute_results(db, year)
    excellent = {c.id for c in result.cadres if c.grade == "优秀"}
    data = gather(db, year)
    assert {c.id for c in data.excellent_cadres()} == excellent
    names = {c.id: c.name for c in result.cadres}
    recipients = [r for r in data.recipients() if r.kind == "cadre"]
    assert sorted(r.name for r in recipients) == sorted(names[cid] for cid in excellent)
    for recipient in recipients:
        addressee, body = certificate_wording(data, recipient)
        assert addressee == f"{recipient.name}同志：" and "优秀等次" in body
    flows = NoticeRenderer(data).content()
    heading = next((i for i, flow in enumerate(flows) if "年度考核优秀等次人员" in flow.text), None)
    if not excellent:
        assert heading is None
        return
    assert heading is not None and f"（{len(excellent)}名）" in flows[heading].text
    entries = []
    for flow in flows[heading + 1 :]:
        if flow.role == "hei" or flow.text == data.notice.closing:
            break
        entries.append(flow.text)
    listed = [name for text in entries for name in text.split("：", 1)[1].split("、")]
    assert sorted(listed) == sorted(names[cid] for cid in excellent)
