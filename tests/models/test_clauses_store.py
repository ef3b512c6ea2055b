"""The store side of issue 12: the migration, the year's assessment date moving late cadre bonuses to the next year
(never both), quota mode and overrides, 不定等次 and barred grounds, 突出贡献奖 — through the loader to the results."""

from __future__ import annotations

import json
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from app.models import cadre_status, schema, store, unit_data, year_settings
from app.models.db import APPLICATION_ID, open_database
from app.models.errors import LockedYearError, ValidationError
from app.models.loader import compute_results, load_year_input
from app.models.roster import CadreFields, save_cadre

MIGRATION = schema.MIGRATIONS.index(schema.migrate_clauses)


def test_an_older_file_gets_the_new_columns_and_its_barred_cadres_a_ground(tmp_path: Path) -> None:
    """A file as the program before issue 12 left it, its year locked (审定): the migration reads each barred
    reason's words — 处分 → ①受到处分, 失职 → ②严重失职, anything else 其他 (the reason is the note)."""
    path = tmp_path / "old.sqlite"
    with open_database(tmp_path / "source.sqlite") as source:
        store.ensure_year(source, 2017)
        year_row = dict(source.query("SELECT * FROM years")[0])
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    for migrate in schema.MIGRATIONS[:MIGRATION]:
        migrate(conn)
    old_columns = [r[1] for r in conn.execute("PRAGMA table_info(years)")]
    year_row = {k: v for k, v in year_row.items() if k in old_columns}
    conn.execute(
        f"INSERT INTO years ({', '.join(year_row)}) VALUES ({', '.join('?' * len(year_row))})", tuple(year_row.values())
    )
    for cid, barred in (("c1", "因严重违法违纪行为受到处分"), ("c2", "工作严重失职"), ("c3", "组织决定"), ("c4", None)):
        conn.execute(
            "INSERT INTO cadres (year, id, name, unit, category, level, barred) VALUES (2017, ?, ?, '办公室', "
            "'civil_servant', '科员', ?)",
            (cid, cid, barred),
        )
    conn.execute("UPDATE years SET locked_at = '2018-01-20', lock_reason = '审定' WHERE year = 2017")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {MIGRATION}")
    conn.execute("COMMIT")
    conn.close()
    with open_database(path) as db:
        assert db.query("PRAGMA user_version")[0][0] == schema.SCHEMA_VERSION
        stored = {r["id"]: r["barred_ground"] for r in db.query("SELECT id, barred_ground FROM cadres")}
        assert stored == {"c1": "受到处分", "c2": "严重失职", "c3": "其他", "c4": None}
        assert {c.id: c.ground for c in store.read_cadres(db, 2017)} == stored
        assert store.read_year_settings(db, 2017) == store.YearSettings(None, None)


def two_years(db) -> None:
    """2017 and 2018, each with the same two cadres (c1, c2) and nothing else keyed."""
    for year in (2017, 2018):
        store.ensure_year(db, year)
        with db.atomic("名册", "test") as conn:
            for cid in ("c1", "c2"):
                store.upsert_cadre(conn, year, store.CadreRow(cid, f"干部{cid}", "办公室", "civil_servant", "科员"))


def test_a_bonus_dated_after_the_assessment_date_counts_next_year_never_both(tmp_path: Path) -> None:
    """干部办法三（三）1：表彰奖励在本年度干部考核之后公布的，相关加分项目计入下一年度考核成绩. 2017's assessment was
    on 2018-01-10; c1's 市级先进个人 (2 分) is dated 2018-02-01: not in 2017, in 2018 (once), marked as carried."""
    with open_database(tmp_path / "y.sqlite") as db:
        two_years(db)
        with db.atomic("考核日期", "test") as conn:
            store.write_year_settings(conn, 2017, store.YearSettings("2018-01-10"))
            store.insert_adjustment(
                conn,
                2017,
                store.AdjustmentRow(
                    "cadre", "bonus", "individual_honor", "市级先进个人", Decimal(2), ("c1",), date="2018-02-01"
                ),
            )
            store.insert_adjustment(
                conn,
                2017,
                store.AdjustmentRow(
                    "cadre", "bonus", "publication", "党刊文章", Decimal("0.2"), ("c2",), date="2017-06-01"
                ),
            )
        r2017 = {c.id: c for c in compute_results(db, 2017).cadres}
        r2018 = {c.id: c for c in compute_results(db, 2018).cadres}
        assert (r2017["c1"].bonus, r2018["c1"].bonus) == (Decimal(0), Decimal(2))
        assert (r2017["c2"].bonus, r2018["c2"].bonus) == (Decimal("0.2"), Decimal(0))
        carried = load_year_input(db, 2018).carried_cadre_adjustments
        assert [(e.targets, e.carried_from, e.date.isoformat()) for e in carried] == [(("c1",), 2017, "2018-02-01")]
        # Without an assessment date nothing moves: it counts in 2017 as before.
        with db.atomic("考核日期", "test") as conn:
            store.write_year_settings(conn, 2017, store.YearSettings(None))
        assert {c.id: c.bonus for c in compute_results(db, 2017).cadres}["c1"] == Decimal(2)
        assert {c.id: c.bonus for c in compute_results(db, 2018).cadres}["c1"] == Decimal(0)


def test_quota_mode_overrides_not_assessed_and_special_awards_reach_the_results(tmp_path: Path) -> None:
    with open_database(tmp_path / "q.sqlite") as db:
        two_years(db)
        with db.atomic("设置", "test") as conn:
            store.write_year_settings(conn, 2017, store.YearSettings(None, "proportional"))
            store.set_quota_override(conn, 2017, store.QuotaOverrideRow("civil_servant/科员", 1, "市人社局批复"))
            store.set_cadre_special_award(conn, 2017, store.CadreAwardRow("c1", "突出贡献奖", "党委会议"))
            row = store.CadreRow(
                "c2", "干部c2", "办公室", "civil_servant", "科员", not_assessed="不定等次", not_assessed_reason="借调"
            )
            store.upsert_cadre(conn, 2017, row)
        data = load_year_input(db, 2017)
        assert data.cadre_rules.quota_mode == "proportional"
        assert data.quota_overrides["civil_servant/科员"].quota == 1
        assert data.cadre_special_awards == {"c1": "突出贡献奖"}
        assert {c.id: c.not_assessed for c in data.cadres} == {"c1": None, "c2": "不定等次"}
        audit = db.query("SELECT tbl FROM audit_log WHERE tbl IN ('quota_overrides', 'cadre_special_awards')")
        assert sorted(r["tbl"] for r in audit) == ["cadre_special_awards", "quota_overrides"]
        years_audit = db.query("SELECT new FROM audit_log WHERE tbl = 'years' AND action = 'update'")
        assert json.loads(years_audit[-1]["new"])["quota_mode"] == "proportional"


# ---------------------------------------------------------------- validation of what the clerk keys


def refused(call, *expected: str) -> None:
    with pytest.raises(ValidationError) as info:
        call()
    text = " ".join(str(p) for p in info.value.problems)
    for part in expected:
        assert part in text, text


def test_barred_grounds_not_assessed_and_special_awards_are_checked(tmp_path: Path) -> None:
    with open_database(tmp_path / "c.sqlite") as db:
        two_years(db)
        with db.atomic("名册", "test") as conn:
            store.upsert_cadre(conn, 2017, store.CadreRow("c3", "干部c3", "财务科", "civil_servant", "科员"))
            refused(lambda: cadre_status.set_barred(db, conn, 2017, "c1", "其他", " "), "须写明具体原因")
            refused(
                lambda: cadre_status.set_barred(db, conn, 2017, "c1", "记过", ""), "应为受到处分、严重失职、其他之一"
            )
            cadre_status.set_barred(db, conn, 2017, "c1", "受到处分", "")
            refused(lambda: cadre_status.set_not_assessed(db, conn, 2017, "c2", "不定等次", ""), "请写明不定等次的原因")
            cadre_status.set_not_assessed(db, conn, 2017, "c2", "不定等次", "借调")
            refused(lambda: cadre_status.set_special_award(db, conn, 2017, "c2", "党委"), "不能评突出贡献奖")
            refused(lambda: cadre_status.set_special_award(db, conn, 2017, "c1", " "), "请写明突出贡献奖的依据")
            cadre_status.set_special_award(db, conn, 2017, "c1", "党委会议")
            cadre_status.set_special_award(db, conn, 2017, "c3", "党委会议")
            store.upsert_cadre(conn, 2017, store.CadreRow("c4", "干部c4", "财务科", "civil_servant", "科员"))
            refused(
                lambda: cadre_status.set_special_award(db, conn, 2017, "c4", "党委"),
                "最多设 2 名，已有：干部c1、干部c3",
            )
            # 突出贡献奖 is for 称职 or better (干部办法五): its holder is not made 不定等次 while he holds it.
            refused(lambda: cadre_status.set_not_assessed(db, conn, 2017, "c3", "不定等次", "借调"), "已评突出贡献奖")
        cadres = {c.id: c for c in store.read_cadres(db, 2017)}
        assert (cadres["c1"].barred, cadres["c1"].ground) == ("因严重违法违纪行为受到处分", "受到处分")
        assert (cadres["c2"].not_assessed, cadres["c2"].not_assessed_reason) == ("不定等次", "借调")


def test_assessment_date_quota_mode_and_overrides_are_checked(tmp_path: Path) -> None:
    with open_database(tmp_path / "s.sqlite") as db:
        two_years(db)
        with db.atomic("设置", "test") as conn:
            refused(lambda: year_settings.set_assessment_date(db, conn, 2017, "2018-02-30"), "不存在")
            refused(lambda: year_settings.set_assessment_date(db, conn, 2017, "2020-01-10"), "应在 2017 年或 2018 年内")
            assert year_settings.set_assessment_date(db, conn, 2017, "2018年1月10日") == "2018-01-10"
            refused(lambda: year_settings.set_quota_mode(db, conn, 2017, "by_unit"), "无效")
            year_settings.set_quota_mode(db, conn, 2017, "proportional")
            refused(
                lambda: year_settings.set_quota_override(db, conn, 2017, "civil_servant/正科", "1.5", ""),
                "没有“公务员·正科”",
                "不小于 0 的整数",
                "请写明依据",
            )
            year_settings.set_quota_override(db, conn, 2017, "civil_servant/科员", "1", "市人社局批复")
        assert store.read_year_settings(db, 2017) == store.YearSettings("2018-01-10", "proportional")
        with db.atomic("审定锁定", "test") as conn:
            conn.execute("UPDATE years SET locked_at = '2018-01-20', lock_reason = '审定' WHERE year = 2017")
        with db.atomic("设置", "test") as conn:
            refused(lambda: year_settings.set_assessment_date(db, conn, 2017, "2018-01-11"), "已审定锁定")


def test_off_tier_points_are_refused_with_the_allowed_values(tmp_path: Path) -> None:
    """科室办法三（一）3（1）②：省级以上…每次加 0.5 分…市级以上…每次加 0.2 分 — 0.3 is refused, the message says what is
    allowed; 干部办法三（三）1⑤ (0.3 / 0.2) likewise for cadres."""
    with open_database(tmp_path / "t.sqlite") as db:
        scheme = store.ensure_year(db, 2017)
        refused(
            lambda: unit_data.build_adjustment(scheme, "unit", "media", "0.3", ["办公室"], {"办公室"}),
            "每次只能是 0.5、0.2 分，不能是 0.3 分",
        )
        assert unit_data.build_adjustment(scheme, "unit", "media", "0.2", ["办公室"], {"办公室"}).points == Decimal(
            "0.2"
        )
        refused(
            lambda: unit_data.build_adjustment(scheme, "cadre", "publication", "0.5", ["c1"], {"c1"}),
            "每次只能是 0.3、0.2 分",
        )


def test_a_locked_years_assessment_date_and_quota_mode_are_guarded_in_the_file(tmp_path: Path) -> None:
    """Like the rest of a locked (审定) year's row: no writer changes them until the year is unlocked."""
    with open_database(tmp_path / "l.sqlite") as db:
        two_years(db)
        with db.atomic("审定锁定", "test") as conn:
            conn.execute("UPDATE years SET locked_at = '2018-01-20', lock_reason = '审定' WHERE year = 2017")
        for column, value in (("assessment_date", "2018-01-10"), ("quota_mode", "proportional")):
            with pytest.raises(LockedYearError), db.atomic("改", "test") as conn:
                conn.execute(f"UPDATE years SET {column} = ? WHERE year = 2017", (value,))
        with pytest.raises(LockedYearError), db.atomic("删", "test") as conn:
            conn.execute("DELETE FROM years WHERE year = 2017")
        with pytest.raises(LockedYearError), db.atomic("改", "test") as conn:
            store.set_quota_override(conn, 2017, store.QuotaOverrideRow("civil_servant/科员", 1, "x"))
        # The copy of the events carried in from the year before (app.models.carried) is keyed data too.
        from app.models.carried import store_copies

        entry = {"cadre": "c1", "kind": "bonus", "category": "individual_honor", "points": 2, "date": "2017-02-01"}
        with pytest.raises(LockedYearError), db.atomic("改", "test") as conn:
            store_copies(conn, 2017, {"cadre": [entry]})


def test_editing_a_person_in_the_roster_keeps_what_the_form_does_not_show(tmp_path: Path) -> None:
    """The roster form and sheet carry no 不定等次 and no chosen ground: saving the person keeps them (the ground only
    while the reason's words stay the same)."""
    with open_database(tmp_path / "r.sqlite") as db:
        scheme = store.ensure_year(db, 2017)
        with db.atomic("名册", "test") as conn:
            row = save_cadre(
                db, conn, 2017, scheme, CadreFields("王五", "财务科", "公务员", "科员", "否", "党委认定"), None
            )
            cadre_status.set_barred(db, conn, 2017, row.id, "受到处分", "党委认定")
            cadre_status.set_not_assessed(db, conn, 2017, row.id, "不参加评优", "借调")
            save_cadre(
                db, conn, 2017, scheme, CadreFields("王五", "财务科", "公务员", "副科", "否", "党委认定"), row.id
            )
        [kept] = store.read_cadres(db, 2017)
        assert (kept.level, kept.ground, kept.not_assessed, kept.not_assessed_reason) == (
            "副科",
            "受到处分",
            "不参加评优",
            "借调",
        )
        with db.atomic("名册", "test") as conn:
            save_cadre(
                db, conn, 2017, scheme, CadreFields("王五", "财务科", "公务员", "副科", "否", "工作失职"), row.id
            )
        assert store.read_cadres(db, 2017)[0].ground == "严重失职"


def test_a_bonus_carried_into_a_year_whose_scheme_dropped_its_category_still_counts(tmp_path: Path) -> None:
    """干部办法三（三）1：表彰奖励在本年度干部考核之后公布的，相关加分项目计入下一年度考核成绩. 2018's own scheme (edited
    in 年度与方案) no longer has 发表文章 (`publication`), which 2018 itself never used; 2017's 0.3-point article dated
    after 2017's assessment date still counts in 2018, under 2017's category — not a traceback on the results."""
    from app.models.schemes import load_builtin_scheme, register_scheme

    with open_database(tmp_path / "y.sqlite") as db:
        store.ensure_year(db, 2017)
        body = load_builtin_scheme("jxw-2017")
        body["id"] = "jxw-2017@2018"
        section = body["cadres"]["adjustments"]
        section["categories"] = [c for c in section["categories"] if c["id"] != "publication"]
        with db.atomic("方案", "test") as conn:
            register_scheme(conn, body)
        store.ensure_year(db, 2018, "jxw-2017@2018")
        for year in (2017, 2018):
            with db.atomic("名册", "test") as conn:
                store.upsert_cadre(conn, year, store.CadreRow("c1", "干部c1", "办公室", "civil_servant", "科员"))
        with db.atomic("考核日期", "test") as conn:
            store.write_year_settings(conn, 2017, store.YearSettings("2018-01-10"))
            store.insert_adjustment(
                conn,
                2017,
                store.AdjustmentRow(
                    "cadre", "bonus", "publication", "省级党刊文章", Decimal("0.3"), ("c1",), date="2018-03-01"
                ),
            )
        assert compute_results(db, 2017).cadres[0].bonus == Decimal(0)
        assert compute_results(db, 2018).cadres[0].bonus == Decimal("0.3")
