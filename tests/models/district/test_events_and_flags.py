"""Indicator tracking beyond tests/test_rules_district.py: one event's own points (what the calculator lists and
what 考绩贡献加分 credits), the month's flags for 督查 and 约谈, the month's deadlines and what is missing.

Seed clauses are quoted per test.
"""

from __future__ import annotations

from datetime import date

import pytest

from app.models.db import open_database
from app.models.district.entry import parse_event_date, parse_share, parse_submitted, yuan_from_yi
from app.models.district.indicators import (
    Indicator,
    delete_indicator,
    read_indicators,
    read_peers,
    save_indicator,
    set_peers,
)
from app.models.district.reports import Report, save_report
from app.models.district.status import deadlines, month_status
from app.models.district.wording import comparison_text
from app.models.errors import ValidationError
from app.models.store import ensure_year
from app.scoring.district import DistrictEvent, IndicatorMonth, event_points, indicator_flags
from tests.helpers.builders import D

YEAR = 2017


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        # 单体投资规模达到20亿元每个给予加10分，单体投资规模每增加5亿元再累加2分
        (DistrictEvent("big_project", investment=D("3000000000")), ("bonus", D(14))),
        (DistrictEvent("big_project", investment=D("1999999999")), ("bonus", D(0))),
        # 每进1位加0.3分，单项最多加2分 / 每退1位减0.3分，单项最多减2分
        (DistrictEvent("rank_change", indicator="i", measure="total", last_year_rank=5, rank=3), ("bonus", D("0.6"))),
        (DistrictEvent("rank_change", indicator="i", measure="total", last_year_rank=11, rank=1), ("bonus", D(2))),
        (
            DistrictEvent("rank_change", indicator="i", measure="growth", last_year_rank=2, rank=4),
            ("deduction", D("0.6")),
        ),
        # 第一等次加3分，每降一个等次少加1分，不分等次的加2分 / 1.5、少 0.5、1
        (DistrictEvent("honor_national", tier=2), ("bonus", D(2))),
        (DistrictEvent("honor_provincial", tier=None), ("bonus", D(1))),
        # 三分之二以上同类单位均受到表彰或获得荣誉的，不予加分
        (DistrictEvent("honor_provincial", tier=1, peers_honored_share=D(2) / D(3)), ("bonus", D(0))),
        # 每项减1－2分
        (DistrictEvent("poor_implementation", points=D("1.5")), ("deduction", D("1.5"))),
        # 省级以上…每次减5分；市委市政府…每次减3分；媒体曝光…每次减3分
        (DistrictEvent("criticized_provincial"), ("deduction", D(5))),
        (DistrictEvent("criticized_city"), ("deduction", D(3))),
        (DistrictEvent("media_exposure"), ("deduction", D(3))),
    ],
)
def test_each_events_own_points(event, expected):
    """The calculator lists each event's own points, before the group caps (本项最多…, 累计最多…)."""
    assert event_points(event) == expected


def test_event_points_refuse_an_unknown_category():
    with pytest.raises(ValueError, match="unknown"):
        event_points(DistrictEvent("honor_city"))


def m(ident: str, month: str, rank: int | None, lucheng: int | None = None, ouhai: int | None = None):
    peers = {k: v for k, v in (("鹿城区", lucheng), ("瓯海区", ouhai)) if v is not None}
    return IndicatorMonth(ident, month, rank, peers)


def test_fell_back_against_the_same_month_last_year():
    """退步指标 — the issue: "fell back against last month or last year": 2nd last September, 4th now."""
    flags = indicator_flags([m("i01", "2016-09", 2), m("i01", "2017-08", 4), m("i01", "2017-09", 4)], "2017-09")
    flag = flags[0]
    assert (flag.back_on_year, flag.back_on_month, flag.fell_back, flag.behind) == (2, None, True, False)


def test_a_tie_for_last_is_behind_and_counts_its_months():
    """落后指标 — last among the peers (a tie for last counts); 多次排名靠后 counts this year's months."""
    reports = [
        m("i01", "2017-06", 3, 1, 2),
        m("i01", "2017-07", 2, 1, 2),
        m("i01", "2017-08", 1, 2, 3),
        m("i01", "2017-09", 3, 3, 1),
        m("i01", "2016-10", 3, 1, 2),
    ]
    flag = indicator_flags(reports, "2017-09")[0]
    assert flag.behind and flag.times_behind == 3  # June, July, September; last year's October does not count
    assert flag.talk(3) and not flag.talk(4)


def test_still_flagged_after_supervision_is_put_up_for_a_talk():
    """督查后仍未见起效的，提请…约谈 — flagged in August (fell back), still flagged in September."""
    reports = [m("i01", "2017-07", 1, 2, 3), m("i01", "2017-08", 2, 1, 3), m("i01", "2017-09", 3, 1, 2)]
    flag = indicator_flags(reports, "2017-09")[0]
    assert flag.flagged_before and flag.talk(3)
    # Recovered in September: no flag, no talk, even though August was flagged.
    better = indicator_flags([*reports[:2], m("i01", "2017-09", 1, 2, 3)], "2017-09")[0]
    assert not better.flagged and not better.talk(3)


def test_an_unreported_month_has_no_flags():
    assert indicator_flags([m("i01", "2017-08", 3, 1, 2)], "2017-09") == []


@pytest.fixture
def db(tmp_path):
    handle = open_database(tmp_path / "s.sqlite")
    ensure_year(handle, YEAR)
    with handle.atomic("测试", "test") as conn:
        save_indicator(conn, YEAR, Indicator("i01", "规上工业增加值", "区经信局"))
        save_indicator(conn, YEAR, Indicator("i02", "固定资产投资", "区发改局"))
    yield handle
    handle.close()


def test_deadlines_are_the_13th_and_the_15th():
    """每月13日之前经分管领导签字后上报 … 于每月15日前报送到区考绩办."""
    assert deadlines("2017-09") == (date(2017, 9, 13), date(2017, 9, 15))


def test_month_status_lists_what_is_missing_and_late(db):
    """经单位主要负责人签字盖章，并由区分管领导审签后 … 每月13日之前 … 上报 — a report sent on the 14th is late."""
    with db.atomic("测试", "test") as conn:
        save_report(conn, YEAR, Report("i01", "2017-09", 2, signed=True, leader_signed=True, submitted="2017-09-14"))
    status = month_status(db, YEAR, "2017-09", date(2017, 9, 16))
    missing = {x.indicator.id: x.what for x in status.missing}
    assert missing == {"i01": ("逾期报送（2017-09-14）",), "i02": ("未报送",)}
    assert (status.days_to_unit_deadline, status.days_to_district_deadline) == (-3, -1)
    assert "已过 1 天" in status.headline() and status.complete == 0


def test_a_complete_month(db):
    with db.atomic("测试", "test") as conn:
        for ident in ("i01", "i02"):
            save_report(
                conn,
                YEAR,
                Report(ident, "2017-09", 1, signed=True, leader_signed=True, submitted="2017-09-13"),
            )
    status = month_status(db, YEAR, "2017-09", date(2017, 9, 13))
    assert status.missing == () and status.complete == 2 and "就是今天" in status.headline()


def test_an_indicator_in_use_cannot_be_deleted(db):
    with db.atomic("测试", "test") as conn:
        save_report(conn, YEAR, Report("i01", "2017-09", 2))
    with pytest.raises(ValidationError, match="不能删除"), db.atomic("测试", "test") as conn:
        delete_indicator(conn, YEAR, "i01")
    with db.atomic("测试", "test") as conn:
        delete_indicator(conn, YEAR, "i02")
    assert [i.id for i in read_indicators(db, YEAR)] == ["i01"]


def test_a_report_of_an_unknown_indicator_is_refused(db):
    with pytest.raises(ValidationError, match="未知指标"), db.atomic("测试", "test") as conn:
        save_report(conn, YEAR, Report("i09", "2017-09", 2))


def test_peers_default_to_the_seeds_and_are_stored_with_the_district(db):
    """“目前三区比较情况”要体现我区与鹿城区、瓯海区相比的优势和不足; the spec writes peers as 本区, 鹿城区, 瓯海区."""
    assert read_peers(db, YEAR) == ["鹿城区", "瓯海区"]
    with db.atomic("测试", "test") as conn:
        set_peers(conn, YEAR, ["瓯海区", "洞头区"])
    assert read_peers(db, YEAR) == ["瓯海区", "洞头区"]
    stored = [r["name"] for r in db.query("SELECT name FROM indicator_peers WHERE year = ? ORDER BY position", (YEAR,))]
    assert stored == ["本区", "瓯海区", "洞头区"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12", "2017-09-12"), ("9-12", "2017-09-12"), ("9月12日", "2017-09-12"), ("2017-09-12", "2017-09-12"), ("", None)],
)
def test_submitted_date_as_typed(text, expected):
    assert parse_submitted(text, "2017-09") == expected


def test_event_date_january_is_the_next_january():
    """有效期为当年2月至次年1月 — "1-15" keyed in 2017 is 2018-01-15."""
    assert parse_event_date("1-15", 2017) == "2018-01-15"
    assert parse_event_date("5-20", 2017) == "2017-05-20"


def test_share_and_investment_as_typed():
    assert D(parse_share("2/3")) == D(2) / D(3)
    assert parse_share("50%") == "0.5"
    assert yuan_from_yi("27.4") == "2740000000"
    with pytest.raises(ValidationError):
        parse_share("1.5")


def test_comparison_text():
    """目前三区比较情况要体现我区与鹿城区、瓯海区相比的优势和不足."""
    report = Report("i01", "2017-09", 2, True, {"鹿城区": 1, "瓯海区": 3})
    assert comparison_text(report, ["鹿城区", "瓯海区"]) == "本区第2位（预估）；鹿城区第1位、瓯海区第3位，落后于鹿城区"


def test_times_behind_counts_over_the_years_window():
    """多次排名靠后 within the year's 2月–次年1月: January 2018 still counts 2017's autumn; February 2017 does not
    count January 2017 (last year's window)."""
    reports = [m("i01", "2017-11", 3, 1, 2), m("i01", "2017-12", 3, 1, 2), m("i01", "2018-01", 3, 1, 2)]
    assert indicator_flags(reports, "2018-01")[0].times_behind == 3
    early = [m("i01", "2017-01", 3, 1, 2), m("i01", "2017-02", 3, 1, 2)]
    assert indicator_flags(early, "2017-02")[0].times_behind == 1
