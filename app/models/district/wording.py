"""The 考绩法 categories as the seed names them, its rule text, and one-line summaries for lists and prints."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from app.models.district.indicators import OWN
from app.models.district.reports import Report

CATEGORY_NAMES = {
    "big_project": "引进产业大项目",
    "rank_change": "指标排名",
    "honor_national": "荣获表彰（中央、国务院）",
    "honor_provincial": "荣获表彰（部委、省委省政府）",
    "poor_implementation": "重要事项落实不力",
    "criticized_provincial": "通报批评（省级以上）",
    "criticized_city": "通报批评（市委市政府）",
    "media_exposure": "媒体曝光",
}
GROUP_NAMES = {
    "big_project": "引进产业大项目",
    "rank_gain": "指标排名（加分）",
    "honors": "荣获上级表彰荣誉",
    "rank_loss": "指标排名（减分）",
    "poor_implementation": "重要事项落实不力",
    "criticized_provincial": "通报批评（省级以上）",
    "criticized_city": "通报批评（市委市政府）",
    "media_exposure": "媒体曝光",
}
# The seed's 附2 clauses, shown beside the calculator.
RULE_TEXT = {
    "big_project": "引进重大制造业或生产性服务业项目，单体投资规模达到20亿元每个给予加10分，"
    "单体投资规模每增加5亿元再累加2分，本项最多加20分。",
    "rank_change": "每项指标总量或增速与上年比每进1位加0.3分，单项最多加2分，累计最多加10分；"
    "每退1位减0.3分，单项最多减2分，累计最多减10分。",
    "honor_national": "获得中央、国务院（包括中办、国办）发文表彰或授予荣誉称号的，第一等次加3分，"
    "每降一个等次少加1分，不分等次的加2分。三分之二以上同类单位均受到表彰的，不予加分。本项最高加分不超过10分。",
    "honor_provincial": "获得国家部委和省委、省政府（省“两办”）发文表彰或授予荣誉称号的，第一等次加1.5分，"
    "每降一个等次少加0.5分，不分等次的加1分。三分之二以上同类单位均受到表彰的，不予加分。本项最高加分不超过10分。",
    "poor_implementation": "领导批示、重点督办事项或市长热线、电视问政、新政聚焦等重点交办事项落实不力，"
    "每项减1－2分，累计最多减10分。",
    "criticized_provincial": "因工作不力、失误或作风建设问题，被省级以上党政机关部门通报批评的每次减5分。",
    "criticized_city": "被市委市政府（市“两办”）通报批评的每次减3分。",
    "media_exposure": "发生重大突发性事件、群体性事件或负面消息被媒体曝光后，因应对处置不当被媒体反复炒作，"
    "引发成为全国性舆论事件、对温州形象造成重大负面影响的，每次减3分。",
}
CAPS_TEXT = "加分最高不超过30分，减分最高不超过30分；加减分事项的有效期为当年2月至次年1月，以文件发布、证书颁发等为准。"


def yi_text(yuan: Any) -> str:
    value = Decimal(str(yuan)) / 100_000_000
    return f"{value.normalize():f} 亿元"


def comparison_text(report: Report | None, peers: list[str]) -> str:
    """目前三区比较情况 as one line: 本区第2位（预估）；鹿城区第1位、瓯海区第3位."""
    if report is None or report.rank is None:
        return ""
    own = f"{OWN}第{report.rank}位" + ("（预估）" if report.estimated else "")
    others = [f"{p}第{report.peer_ranks[p]}位" for p in peers if p in report.peer_ranks]
    ahead = [p for p in peers if p in report.peer_ranks and report.peer_ranks[p] < report.rank]
    tail = f"，落后于{'、'.join(ahead)}" if ahead else ("，三区领先" if others else "")
    return own + ("；" + "、".join(others) if others else "") + tail
