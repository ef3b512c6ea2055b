"""The year's cadre roster (干部名册): validation and writes, and the plan for a roster import. No Qt.

Seed (干部考核办法): 考核对象为委机关、事业单位科级及以下全体在职工作人员; 公务员 and 事业单位 have separate
excellent quotas by 职务层次 (不同职务层次优秀名额不得相互挤占); each unit's 主要负责人 is chosen apart; and
有下列情形的，本年度考核不予评为优秀等次 (the barred cases, kept with their reason).
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from app.models import store
from app.models.db import Database
from app.models.errors import Problem, ValidationError
from app.models.schemes import Scheme
from app.models.store import CadreRow

# The position levels the office uses; the year's roster may add others.
COMMON_LEVELS = ("正科", "副科", "科员", "办事员", "管理岗", "专技岗", "工勤岗")
YES = {"是", "√", "✓", "Y", "YES", "1", "TRUE", "主要负责人"}
NO = {"", "否", "N", "NO", "0", "FALSE", "×"}
# What clerks write in 不得评优原因 when there is no reason: not a reason (the person is not barred).
NOT_BARRED = {"", "无", "否", "没有", "空", "-", "--", "—", "——", "/", "\\", "×", "N", "NO", "NONE", "N/A", "NULL", "0"}
NAME_MAX = 20
# Invisible characters refused in every field a person is typed or imported with: control characters (NUL, ESC …),
# the bidirectional overrides and marks (U+202E turns 张三 into a reversed display), zero-width ones, the BOM.
INVISIBLE = {chr(c) for c in (0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2028, 0x2029, 0x2060, 0xFEFF)}
INVISIBLE |= {chr(c) for c in range(0x202A, 0x202F)} | {chr(c) for c in range(0x2066, 0x206A)}


def plain(text: object) -> str:
    """Full-width letters, digits and spaces as half-width (ｃ００１ → c001, Ｙ → Y), stripped."""
    return unicodedata.normalize("NFKC", str(text or "")).strip()


def category_names(scheme: Scheme) -> dict[str, str]:
    """civil_servant → 公务员, institution → 事业单位 (from the scheme)."""
    return {c["id"]: c["name"] for c in scheme.body["cadres"]["categories_of_staff"]}


def barred_reasons(scheme: Scheme) -> list[str]:
    return list(scheme.body["cadres"].get("barred_reasons", []))


def levels(cadres: list[CadreRow]) -> list[str]:
    seen = list(COMMON_LEVELS)
    for cadre in cadres:
        if cadre.level not in seen:
            seen.append(cadre.level)
    return seen


@dataclass(frozen=True)
class CadreFields:
    """One person as typed in the form or read from a sheet row (all text)."""

    name: str
    unit: str
    category: str  # 公务员 / 事业单位 (or the id)
    level: str
    is_head: str | bool | None = False  # None: not given (a sheet without the column): keep what the roster has
    barred: str | None = ""  # None: not given, as above
    id: str = ""


def invisible_character(text: str) -> str | None:
    """The first control, format or unpaired-surrogate character of `text` (tabs and line breaks are whitespace,
    dealt with as such), described as 第 n 个字符 U+202E; None when there is none."""
    for position, char in enumerate(text, start=1):
        if char in "\t\n\r":
            continue
        if char in INVISIBLE or unicodedata.category(char) in ("Cc", "Cf", "Cs"):
            return f"第 {position} 个字符 U+{ord(char):04X}"
    return None


def parse_head(value: str | bool, where: str) -> bool:
    if isinstance(value, bool):
        return value
    text = plain(value).upper()
    if text in YES:
        return True
    if text in NO:
        return False
    raise ValidationError([Problem(where, f"“主要负责人”应填“是”或“否”，不是“{value}”。")])


def check_fields(scheme: Scheme, fields: CadreFields, where: str = "") -> tuple[CadreRow | None, list[Problem]]:
    """The person's fields on their own (the unit exists, the category is known …); ids are set later."""
    problems: list[Problem] = []
    prefix = f"{where}：" if where else ""

    def problem(column: str, message: str) -> None:
        problems.append(Problem(f"{where}{column}" if where else column, f"{prefix}{message}"))

    barred_text = fields.barred if isinstance(fields.barred, str) else ""
    for column, value in (
        ("编号", fields.id),
        ("姓名", fields.name),
        ("科室", fields.unit),
        ("职务层次", fields.level),
        ("不得评优原因", barred_text),
    ):
        found = invisible_character(value or "")
        if found:
            problem(column, f"{column}含有不可见的控制字符（{found}），请删除后重新输入。")
    if problems:
        return None, problems
    name = re.sub(r"\s+", "", fields.name or "")
    if not name:
        problem("姓名", "姓名不能为空。")
    elif len(name) > NAME_MAX:
        problem("姓名", f"姓名“{name}”过长。")
    unit = scheme.resolve_unit(fields.unit or "")
    if not (fields.unit or "").strip():
        problem("科室", "科室不能为空。")
    elif unit is None:
        problem("科室", f"单位“{fields.unit.strip()}”不存在（本年度方案中没有这个科室）。")
    names = category_names(scheme)
    by_label = {label: cid for cid, label in names.items()} | {cid: cid for cid in names}
    category = by_label.get(plain(fields.category))
    if category is None:
        problem("类别", f"类别应为“{'”或“'.join(names.values())}”，不是“{(fields.category or '').strip()}”。")
    # “正 科” and “正科” are one 职务层次: a stray space must not split a pool (不同职务层次优秀名额不得相互挤占).
    level = re.sub(r"\s+", "", plain(fields.level))
    if not level:
        problem("职务层次", "职务层次不能为空（如 正科、副科、科员、管理岗、专技岗）。")
    elif len(level) > NAME_MAX:
        problem("职务层次", f"职务层次“{level}”过长。")
    head = False
    try:
        head = False if fields.is_head is None else parse_head(fields.is_head, f"{where}主要负责人")
    except ValidationError as exc:
        problems.extend(Problem(p.path, prefix + p.message) for p in exc.problems)
    if problems:
        return None, problems
    assert unit is not None and category is not None
    barred = (fields.barred or "").strip()
    if plain(barred).upper() in NOT_BARRED:
        barred = ""  # 无 / 否 / — written in the column means no reason, not a reason called “无”
    return CadreRow(plain(fields.id), name, unit, category, level, head, barred or None), []


def next_id(taken: set[str]) -> str:
    number = 1
    while f"c{number:03d}" in taken:
        number += 1
    return f"c{number:03d}"


def earlier_roster(db: Database, year: int) -> list[CadreRow]:
    """Everyone on the rosters of the years before `year`, the most recent year first."""
    years = [r[0] for r in db.query("SELECT DISTINCT year FROM cadres WHERE year < ? ORDER BY year DESC", (year,))]
    return [cadre for earlier in years for cadre in store.read_cadres(db, earlier)]


class IdBook:
    """编号 for new people. The engine follows a person across years by 编号 (连续三年被评定为优秀等次的，记三等功
    一次), so a person who was on an earlier roster gets that 编号 again (matched by 姓名+科室, else by a 姓名 no one
    else had), and a newcomer gets an 编号 that no earlier roster used, never a departed person's."""

    def __init__(self, roster: Sequence[CadreRow], earlier: Sequence[CadreRow] = ()) -> None:
        self.this_year = {c.id for c in roster}
        self.ever = self.this_year | {c.id for c in earlier}
        self.by_person: dict[tuple[str, str], str] = {}
        ids_by_name: dict[str, set[str]] = {}
        for cadre in earlier:  # most recent year first: its 编号 wins
            self.by_person.setdefault((cadre.name, cadre.unit), cadre.id)
            ids_by_name.setdefault(cadre.name, set()).add(cadre.id)
        self.by_name = {name: next(iter(ids)) for name, ids in ids_by_name.items() if len(ids) == 1}

    def take(self, cadre_id: str) -> None:
        self.this_year.add(cadre_id)
        self.ever.add(cadre_id)

    def for_new(self, name: str, unit: str) -> str:
        known = self.by_person.get((name, unit)) or self.by_name.get(name)
        cadre_id = known if known is not None and known not in self.this_year else next_id(self.ever)
        self.take(cadre_id)
        return cadre_id


def head_problems(roster: list[CadreRow], where: dict[str, str] | None = None) -> list[Problem]:
    """Each unit has one 主要负责人."""
    heads: dict[str, list[CadreRow]] = {}
    for cadre in roster:
        if cadre.is_head:
            heads.setdefault(cadre.unit, []).append(cadre)
    problems = []
    for unit, people in heads.items():
        if len(people) > 1:
            names = "、".join(p.name for p in people)
            at = next((where[p.id] for p in reversed(people) if where and p.id in where), "主要负责人")
            problems.append(Problem(at, f"{at}：“{unit}”只能有一位主要负责人，现有 {names}。"))
    return problems


def keep_status(row: CadreRow, old: CadreRow) -> CadreRow:
    """What the form and the sheet do not carry stays as stored: 不定等次 / 不参加评优 with its reason, and the barred
    ground while the reason's words are unchanged (new words: the ground is read from them again)."""
    ground = old.barred_ground if row.barred == old.barred else None
    return replace(
        row, not_assessed=old.not_assessed, not_assessed_reason=old.not_assessed_reason, barred_ground=ground
    )


def save_cadre(
    db: Database, conn: sqlite3.Connection, year: int, scheme: Scheme, fields: CadreFields, cadre_id: str | None
) -> CadreRow:
    """Add (cadre_id None) or change one person; refused whole on any problem."""
    row, problems = check_fields(scheme, fields)
    if row is None:
        raise ValidationError(problems)
    roster = store.read_cadres(db, year)
    if cadre_id is None:
        new_id = IdBook(roster, earlier_roster(db, year)).for_new(row.name, row.unit)
        row = replace(row, id=new_id, position=max((c.position for c in roster), default=-1) + 1)
        final = [*roster, row]
    else:
        old = next((c for c in roster if c.id == cadre_id), None)
        if old is None:
            raise ValidationError([Problem("干部", f"名册中没有编号为 {cadre_id} 的干部。")])
        row = keep_status(replace(row, id=cadre_id, position=old.position), old)
        final = [row if c.id == cadre_id else c for c in roster]
    problems = head_problems(final)
    if problems:
        raise ValidationError(problems)
    store.upsert_cadre(conn, year, row)
    return row


def cadre_in_use(db: Database, year: int, cadre_id: str) -> list[str]:
    """What refers to a person (so deleting them would orphan it)."""
    uses = []
    if db.query("SELECT 1 FROM leader_ratings WHERE year = ? AND cadre = ? LIMIT 1", (year, cadre_id)):
        uses.append("领导评价")
    if db.query("SELECT 1 FROM democratic_tallies WHERE year = ? AND cadre = ? LIMIT 1", (year, cadre_id)):
        uses.append("民主测评汇总")
    for row in db.query("SELECT marks FROM democratic_ballots WHERE year = ?", (year,)):
        if f'"{cadre_id}"' in row["marks"]:
            uses.append("民主测评票")
            break
    for row in store.read_adjustments(db, year, "cadre"):
        if cadre_id in row.targets:
            uses.append("加减分事项")
            break
    return uses


def delete_cadre(db: Database, conn: sqlite3.Connection, year: int, cadre_id: str) -> None:
    uses = cadre_in_use(db, year, cadre_id)
    if uses:
        raise ValidationError(
            [Problem("干部", f"该干部已有{'、'.join(uses)}，不能删除；如已调离，请在“不得评优原因”中注明。")]
        )
    store.delete_cadre(conn, year, cadre_id)


# --- import from a sheet ------------------------------------------------------------------------------


@dataclass
class ImportPlan:
    """What an import would write: every row checked, nothing written until `apply_import`.

    An import never changes what its columns do not name (a sheet without 主要负责人 keeps every head as the roster
    has it), never takes a row for a new person when it looks like someone already on the roster (a conflict), and
    lists what needs the clerk's word before it is written: heads it would clear, a second person of the same name
    in the same unit."""

    rows: list[tuple[int, CadreRow, str]] = field(default_factory=list)  # sheet row, person, 新增/更新/不变
    problems: list[Problem] = field(default_factory=list)
    conflicts: list[Problem] = field(default_factory=list)  # rows that match someone on the roster ambiguously
    kept: int = 0  # people already on the roster and not in the sheet (left as they are)
    heads_cleared: list[tuple[int, CadreRow]] = field(default_factory=list)  # sheet row, the head as they were
    same_name: list[tuple[int, CadreRow]] = field(default_factory=list)  # new people named as someone in their unit
    missing_columns: tuple[str, ...] = ()  # optional columns the sheet does not have: their fields are kept

    @property
    def ok(self) -> bool:
        return not self.problems and not self.conflicts and bool(self.rows)

    def counts(self) -> dict[str, int]:
        result = {"新增": 0, "更新": 0, "不变": 0}
        for _, _, action in self.rows:
            result[action] += 1
        return result

    def summary(self) -> str:
        """Each kind of change counted, in one line for the preview."""
        counts = self.counts()
        parts = [f"新增 {counts['新增']} 人", f"更新 {counts['更新']} 人", f"不变 {counts['不变']} 人"]
        if self.conflicts:
            parts.append(f"冲突 {len(self.conflicts)} 行")
        if self.heads_cleared:
            parts.append(f"取消主要负责人 {len(self.heads_cleared)} 人")
        if self.same_name:
            parts.append(f"同科室同名新增 {len(self.same_name)} 人")
        text = "，".join(parts) + f"；名册中另有 {self.kept} 人不在表中，保持不变。"
        if self.missing_columns:
            names = "”“".join(self.missing_columns)
            text += f"表中没有“{names}”列：已有人员的这些信息保持名册原值，新增人员留空。"
        return text

    def questions(self) -> list[str]:
        """What the clerk must agree to before the import is written (empty: nothing to ask)."""
        asks = []
        if self.heads_cleared:
            names = "、".join(f"{row.unit}的{row.name}（第{number}行）" for number, row in self.heads_cleared[:10])
            more = f" 等 {len(self.heads_cleared)} 人" if len(self.heads_cleared) > 10 else ""
            asks.append(
                f"将取消 {len(self.heads_cleared)} 位科室（单位）主要负责人：{names}{more}。"
                "“一等奖科室主要负责人为优秀”依据此项。"
            )
        if self.same_name:
            names = "、".join(f"{row.unit}的{row.name}（第{number}行）" for number, row in self.same_name[:10])
            more = f" 等 {len(self.same_name)} 人" if len(self.same_name) > 10 else ""
            asks.append(f"将新增与同科室已有人员同名的 {len(self.same_name)} 人：{names}{more}。请确认确是另一人。")
        return asks


def plan_import(
    scheme: Scheme,
    sheet_rows: list[tuple[int, CadreFields]],
    roster: list[CadreRow],
    earlier: Sequence[CadreRow] = (),
    missing_columns: Sequence[str] = (),
) -> ImportPlan:
    """Match each sheet row to the roster (by 编号, else by 姓名+科室), check it, and list every problem
    with its row number (第5行：单位“XX科”不存在…). A new person without 编号 gets their 编号 of the earlier
    rosters (`earlier`, most recent year first; see `IdBook`). A field given as None (its column is missing)
    keeps the roster's value."""
    plan = ImportPlan(missing_columns=tuple(missing_columns))
    by_id = {c.id: c for c in roster}
    people: dict[tuple[str, str], list[CadreRow]] = {}
    for cadre in roster:
        people.setdefault((cadre.name, cadre.unit), []).append(cadre)
    ids = IdBook(roster, earlier)
    for _number, fields in sheet_rows:  # 编号 written in the sheet are not handed out to others
        if plain(fields.id):
            ids.take(plain(fields.id))
    seen_ids: dict[str, int] = {}
    seen_people: dict[tuple[str, str], tuple[int, str]] = {}  # person → first row, its 编号 as written
    where_of: dict[str, str] = {}
    position = max((c.position for c in roster), default=-1)
    if not sheet_rows:
        plan.problems.append(Problem("工作表", "工作表中没有干部（表头下面是空的）。"))
    for number, fields in sheet_rows:
        where = f"第{number}行"
        row, problems = check_fields(scheme, fields, where)
        if row is None:
            plan.problems.extend(problems)
            continue
        if row.id and row.id not in by_id and not re.fullmatch(r"[A-Za-z0-9_-]{1,20}", row.id):
            plan.problems.append(Problem(f"{where}编号", f"{where}：编号“{row.id}”只能用字母和数字。"))
            continue
        person = (row.name, row.unit)
        namesakes = people.get(person, [])
        if person in seen_people:
            first, first_id = seen_people[person]
            if not (row.id and first_id and row.id != first_id):  # two rows, one person (distinct 编号: two people)
                plan.problems.append(Problem(where, f"{where}：“{row.unit}”的“{row.name}”与第{first}行重复。"))
                continue
        if row.id:
            old = by_id.get(row.id)
            if old is None and len(namesakes) == 1:
                other = namesakes[0]
                plan.conflicts.append(
                    Problem(
                        f"{where}编号",
                        f"{where}：编号“{row.id}”不在名册中，但名册中已有{row.unit}的{row.name}（编号 {other.id}）。"
                        f"若是同一人，请把编号改为 {other.id} 或留空；若“编号”列填的是序号，请删除该列后重新导入。",
                    )
                )
                continue
        elif len(namesakes) > 1:
            listed = "、".join(c.id for c in namesakes)
            plan.conflicts.append(
                Problem(
                    f"{where}姓名",
                    f"{where}：名册中{row.unit}有 {len(namesakes)} 位{row.name}（编号 {listed}），请填写编号以区分。",
                )
            )
            continue
        else:
            old = namesakes[0] if namesakes else None
        if old is not None:
            row = replace(
                row,
                id=old.id,
                position=old.position,
                is_head=old.is_head if fields.is_head is None else row.is_head,
                barred=old.barred if fields.barred is None else row.barred,
            )
            row = keep_status(row, old)
            action = "不变" if row == old else "更新"
            if old.is_head and not row.is_head:
                plan.heads_cleared.append((number, old))
        else:
            if not row.id:
                row = replace(row, id=ids.for_new(row.name, row.unit))
            position += 1
            row = replace(row, position=position)
            action = "新增"
            if namesakes or person in seen_people:
                plan.same_name.append((number, row))
        if row.id in seen_ids:
            plan.problems.append(Problem(where, f"{where}：编号“{row.id}”与第{seen_ids[row.id]}行重复。"))
            continue
        seen_ids[row.id] = number
        seen_people.setdefault(person, (number, plain(fields.id)))
        where_of[row.id] = where
        plan.rows.append((number, row, action))
    incoming = {row.id for _, row, _ in plan.rows}
    kept = [c for c in roster if c.id not in incoming]
    plan.kept = len(kept)
    if not plan.problems:
        plan.problems.extend(head_problems([*kept, *(row for _, row, _ in plan.rows)], where_of))
    return plan


def apply_import(conn: sqlite3.Connection, year: int, plan: ImportPlan) -> int:
    """Write a checked plan (all rows, in the caller's one transaction); refuses a plan with problems or
    conflicts. The caller asks `plan.questions()` first."""
    if plan.problems or plan.conflicts:
        raise ValidationError(plan.problems + plan.conflicts)
    written = 0
    for _, row, action in plan.rows:
        if action != "不变":
            store.upsert_cadre(conn, year, row)
            written += 1
    return written


@dataclass(frozen=True)
class CarriedRoster:
    copied: int
    left_out: list[str]  # people whose 科室 the new year's scheme does not have, “姓名（科室）”


def carry_over_roster(conn: sqlite3.Connection, db: Database, source: int, year: int, units: set[str]) -> CarriedRoster:
    """新建年度: last year's roster into the new year — the same 编号 (the engine follows a person across
    years by it), names, 科室, categories, 职务层次, heads and ballot order; 不得评优 (reason and ground) and
    不定等次/不参加评优 are the old year's and are not carried. People of a 科室 the new scheme (`units`, full
    names) lacks are left out and named."""
    copied, left_out = 0, []
    for cadre in store.read_cadres(db, source):
        if cadre.unit not in units:
            left_out.append(f"{cadre.name}（{cadre.unit}）")
            continue
        fresh = replace(cadre, barred=None, barred_ground=None, not_assessed=None, not_assessed_reason=None)
        store.upsert_cadre(conn, year, fresh)
        copied += 1
    return CarriedRoster(copied, left_out)
