"""A small, made-up 市对区考绩 indicator set for a demo year: six indicators, monthly reports from February to
September and a few 考绩法 events, so the 市对区考绩 page and its prints have something to show."""

from __future__ import annotations

import sqlite3

from app.models.db import Database
from app.models.district.events import add_event
from app.models.district.indicators import DEFAULT_PEERS, Indicator, save_indicator, set_peers
from app.models.district.reports import Report, save_report
from app.models.store import year_scheme

INDICATORS = (
    ("i01", "规上工业增加值", "区经信局", "总量和增速", "三区第1位", "王建平"),
    ("i02", "固定资产投资", "区发改局", "总量、增速及结构", "三区第2位", "李晓红"),
    ("i03", "城乡居民收入", "区统计局", "增速", "三区第2位", "陈立"),
    ("i04", "城市管理综合考评", "区城管执法局", "市容环境、执法规范", "全市第3位", "黄一苗"),
    ("i05", "招商引资", "区商务局", "实到外资和内资", "三区第1位", "周海"),
    ("i06", "生态环境质量", "区环保局", "PM2.5、水质达标率", "三区第2位", "郑杰"),
)
# Per indicator: the district's rank, 鹿城区's and 瓯海区's for February … September.
RANKS = {
    "i01": ((2, 1, 3), (2, 1, 3), (1, 2, 3), (1, 2, 3), (2, 1, 3), (2, 1, 3), (1, 2, 3), (1, 2, 3)),
    "i02": ((3, 1, 2), (3, 1, 2), (2, 1, 3), (2, 1, 3), (3, 1, 2), (3, 2, 1), (3, 1, 2), (3, 1, 2)),
    "i03": ((2, 1, 3), (2, 1, 3), (2, 1, 3), (2, 3, 1), (2, 3, 1), (2, 1, 3), (2, 1, 3), (2, 1, 3)),
    "i04": ((4, 2, 5), (3, 2, 5), (3, 2, 6), (3, 1, 6), (2, 1, 6), (2, 1, 5), (3, 1, 5), (5, 2, 4)),
    "i05": ((1, 2, 3), (1, 2, 3), (1, 3, 2), (1, 3, 2), (1, 3, 2), (1, 2, 3), (1, 2, 3), (1, 2, 3)),
    "i06": ((2, 1, 3), (2, 1, 3), (3, 1, 2), (3, 1, 2), (2, 1, 3), (2, 1, 3), (2, 1, 3), (1, 2, 3)),
}
PROGRESS = {
    "i01": "1—{m}月规上工业增加值增速居三区前列，重点企业技改投产拉动明显。",
    "i02": "1—{m}月固定资产投资总量偏低，两个重大项目开工滞后，正倒排计划攻坚。",
    "i03": "1—{m}月城乡居民收入增速与鹿城区差距缩小，低收入农户增收项目推进中。",
    "i04": "{m}月市容环境测评得分下降，背街小巷整治和违停执法需加强。",
    "i05": "1—{m}月实到外资完成年度目标的七成，在谈项目三个。",
    "i06": "{m}月PM2.5浓度同比下降，两个断面水质待提升。",
}


def add_demo_district(db: Database, year: int, last_month: int = 9) -> None:
    with db.atomic("演示数据：市对区考绩指标", "demo") as conn:
        write_demo_district(conn, db, year, last_month)


def write_demo_district(conn: sqlite3.Connection, db: Database, year: int, last_month: int = 9) -> None:
    """Inside the caller's transaction (the GUI's session.write or add_demo_district)."""
    months = [f"{year}-{m:02d}" for m in range(2, last_month + 1)]
    set_peers(conn, year, list(DEFAULT_PEERS))
    for ident, name, lead, content, target, liaison in INDICATORS:
        save_indicator(conn, year, Indicator(ident, name, lead, content, target, liaison))
    for ident, ranks in RANKS.items():
        for n, month in enumerate(months):
            own, lucheng, ouhai = ranks[n]
            latest = n == len(months) - 1
            save_report(
                conn,
                year,
                Report(
                    indicator=ident,
                    month=month,
                    rank=own,
                    estimated=ident in ("i03", "i06"),
                    peer_ranks={"鹿城区": lucheng, "瓯海区": ouhai},
                    progress=PROGRESS[ident].format(m=int(month[5:])),
                    signed=not (latest and ident == "i02"),
                    leader_signed=not (latest and ident in ("i02", "i04")),
                    submitted=f"{month}-{11 if ident != 'i04' else 14}",
                ),
            )
    scheme_units = [u.name for u in year_scheme(db, year).units]
    events = [
        {
            "category": "big_project",
            "matter": "年产 30 万吨新材料项目签约",
            "investment": "2740000000",
            "date": f"{year}-05-20",
            "credited_units": scheme_units[:1],
        },
        {
            "category": "rank_change",
            "indicator": "i01",
            "measure": "growth",
            "last_year_rank": 6,
            "rank": 3,
            "date": f"{year}-07-15",
        },
        {
            "category": "honor_provincial",
            "matter": "省级生态文明建设示范区",
            "tier": None,
            "peers_honored_share": "0.4",
            "date": f"{year}-06-30",
            "credited_units": scheme_units[1:2],
        },
        {
            "category": "poor_implementation",
            "matter": "市长热线交办事项办理超时",
            "points": "1.5",
            "date": f"{year}-04-10",
            "charged_units": scheme_units[2:3],  # 扣减责任部门年终考绩分数
        },
    ]
    for entry in events:
        add_event(conn, db, year, {k: v for k, v in entry.items() if v or k == "tier"})
