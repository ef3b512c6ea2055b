"""The district's indicators (考绩指标) and the peer districts they are compared with."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from app.models.db import Database
from app.models.errors import Problem, ValidationError
from app.models.jsontext import refuse_typed_text, typed_text_problems

OWN = "本区"  # the district itself in the peers list (the spec: "peers": ["本区", "鹿城区", "瓯海区"])
DEFAULT_PEERS = ("鹿城区", "瓯海区")  # 目前三区比较情况：我区与鹿城区、瓯海区相比


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    lead_unit: str | None = None
    content: str | None = None  # 考核主要内容
    target: str | None = None  # 年终承诺目标
    liaison: str | None = None  # 线上对接人员


def read_indicators(db: Database, year: int) -> list[Indicator]:
    return [
        Indicator(r["id"], r["name"], r["lead_unit"], r["content"], r["target"], r["liaison"])
        for r in db.query("SELECT * FROM indicators WHERE year = ? ORDER BY position, id", (year,))
    ]


def indicator_ids(db: Database, year: int) -> set[str]:
    return {r["id"] for r in db.query("SELECT id FROM indicators WHERE year = ?", (year,))}


def next_indicator_id(db: Database, year: int) -> str:
    taken = indicator_ids(db, year)
    n = len(taken) + 1
    while f"i{n:02d}" in taken:
        n += 1
    return f"i{n:02d}"


def save_indicator(conn: sqlite3.Connection, year: int, indicator: Indicator) -> None:
    """Add or change an indicator (its id and place in the list stay; a new one goes last)."""
    problems = []
    if not indicator.id.strip():
        problems.append(Problem("编号", "指标编号不能为空"))
    if not indicator.name.strip():
        problems.append(Problem(f"指标 {indicator.id}", "考绩指标名称不能为空"))
    problems += typed_text_problems(
        {
            f"指标 {indicator.id} 编号": indicator.id,
            f"指标 {indicator.id} 名称": indicator.name,
            f"指标 {indicator.id} 牵头单位": indicator.lead_unit,
            f"指标 {indicator.id} 考核主要内容": indicator.content,
            f"指标 {indicator.id} 年终承诺目标": indicator.target,
            f"指标 {indicator.id} 线上对接人员": indicator.liaison,
        }
    )
    if problems:
        raise ValidationError(problems)
    position = conn.execute("SELECT COALESCE(MAX(position), 0) + 1 FROM indicators WHERE year = ?", (year,)).fetchone()
    conn.execute(
        "INSERT INTO indicators (year, id, name, lead_unit, content, target, liaison, position) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (year, id) DO UPDATE SET name = excluded.name, "
        "lead_unit = excluded.lead_unit, content = excluded.content, target = excluded.target, "
        "liaison = excluded.liaison",
        (
            year,
            indicator.id.strip(),
            indicator.name.strip(),
            blank_none(indicator.lead_unit),
            blank_none(indicator.content),
            blank_none(indicator.target),
            blank_none(indicator.liaison),
            position[0],
        ),
    )


def delete_indicator(conn: sqlite3.Connection, year: int, indicator_id: str) -> None:
    used = conn.execute(
        "SELECT (SELECT COUNT(*) FROM indicator_reports WHERE year = ? AND indicator = ?) + "
        "(SELECT COUNT(*) FROM district_events WHERE year = ? AND json_extract(body, '$.indicator') = ?)",
        (year, indicator_id, year, indicator_id),
    ).fetchone()[0]
    if used:
        raise ValidationError([Problem(f"指标 {indicator_id}", "已有月度进展或加减分事项，不能删除")])
    conn.execute("DELETE FROM indicators WHERE year = ? AND id = ?", (year, indicator_id))


def read_peers(db: Database, year: int) -> list[str]:
    """The peer districts compared with (without 本区); the seed's 鹿城区、瓯海区 when none are set."""
    stored = stored_peers(db, year)
    peers = [name for name in stored if name != OWN]
    return peers if stored else list(DEFAULT_PEERS)


def stored_peers(db: Database, year: int) -> list[str]:
    """The peers list as stored (as a year file gave it: 本区 included when the file names it)."""
    return [r["name"] for r in db.query("SELECT name FROM indicator_peers WHERE year = ? ORDER BY position", (year,))]


def set_peers(conn: sqlite3.Connection, year: int, peers: list[str]) -> None:
    """The page's list of peers: 本区 first, then the others, each once."""
    names = [p.strip() for p in peers if p.strip() and p.strip() != OWN]
    if not names:
        raise ValidationError([Problem("比较区", "至少要有一个比较的区")])
    if len(set(names)) != len(names):
        raise ValidationError([Problem("比较区", "区名重复")])
    replace_peers(conn, year, [OWN, *names])


def replace_peers(conn: sqlite3.Connection, year: int, names: list[str]) -> None:
    """Store the peers list as given (a year file's `peers`; a repeated name is kept once)."""
    refuse_typed_text(("比较区", name) for name in names)
    conn.execute("DELETE FROM indicator_peers WHERE year = ?", (year,))
    for position, name in enumerate(names):
        conn.execute(
            "INSERT OR IGNORE INTO indicator_peers (year, position, name) VALUES (?, ?, ?)", (year, position, name)
        )


def blank_none(text: str | None) -> str | None:
    return text.strip() if text and text.strip() else None
