"""市对区考绩 sections (seed 004): indicators, peers, the monthly reports and the 考绩法 events. An event is read
by the district's own `read_event`, the same check the 市对区考绩 page runs."""

from __future__ import annotations

from app.models.district.checks import EVENT_KEYS, event_in_window, read_event
from app.models.district.indicators import Indicator, indicator_ids
from app.models.district.reports import Report
from app.models.reader import Keys
from app.models.yearfile.plan import Plan, YearFile

KEYS: dict[str, Keys] = {
    "indicators": ({"id", "name"}, {"lead_unit", "content", "target", "liaison"}),
    "indicator_reports": (
        {"indicator", "month"},
        # `leader_signed` (区分管领导审签) is this program's addition to the spec's fields.
        {"rank", "estimated", "peer_ranks", "progress", "signed", "leader_signed", "submitted"},
    ),
    "district_events": EVENT_KEYS,
}
TOP_KEYS = {"peers"}  # an array of names, not of entries


def read(file: YearFile, plan: Plan) -> None:
    known = indicator_ids(file.db, plan.year)
    for path, entry in file.section("indicators", KEYS["indicators"]):
        indicator_id = file.text(entry["id"], f"{path}.id")
        name = file.text(entry["name"], f"{path}.name")
        lead_unit, content, target, liaison = (
            file.text(entry.get(k), f"{path}.{k}", optional=True) for k in ("lead_unit", "content", "target", "liaison")
        )
        if indicator_id and name:
            known.add(indicator_id)
            plan.indicators.append(Indicator(indicator_id, name, lead_unit, content, target, liaison))
    peers = file.data.get("peers")
    if peers is not None:
        if not isinstance(peers, list) or not all(isinstance(p, str) and p.strip() for p in peers):
            file.problem("$.peers", "应为区名文字数组")
        else:
            plan.peers = [p.strip() for p in peers]
    read_reports(file, plan, known)
    for path, entry in file.section("district_events", KEYS["district_events"]):
        event = read_event(file, entry, path, known, plan.scheme)
        if event is not None and event_in_window(file, event, path, plan.year):
            plan.district_events.append(event)


def read_reports(file: YearFile, plan: Plan, known: set[str]) -> None:
    for path, entry in file.section("indicator_reports", KEYS["indicator_reports"]):
        indicator = entry["indicator"]
        if not isinstance(indicator, str) or indicator not in known:
            file.problem(f"{path}.indicator", f"未知指标 {indicator!r}")
            continue
        month = file.month(entry["month"], f"{path}.month")
        if month is None:
            continue
        rank = entry.get("rank")
        if rank is not None:
            rank = file.integer(rank, f"{path}.rank", low=1)
        raw_peers = entry.get("peer_ranks", {})
        if not isinstance(raw_peers, dict):
            file.problem(f"{path}.peer_ranks", "应为 区名 → 名次（正整数） 的对象")
            continue
        peer_ranks = {peer: file.integer(v, f"{path}.peer_ranks.{peer}", low=1) for peer, v in raw_peers.items()}
        if None in peer_ranks.values():
            continue
        flags = {k: file.boolean(entry.get(k, False), f"{path}.{k}") for k in ("estimated", "signed", "leader_signed")}
        submitted = file.date(entry.get("submitted"), f"{path}.submitted")
        progress = file.free_text(entry.get("progress"), f"{path}.progress")
        plan.indicator_reports.append(
            Report(
                indicator=indicator,
                month=month,
                rank=rank,
                estimated=bool(flags["estimated"]),
                peer_ranks={peer: value for peer, value in peer_ranks.items() if value is not None},
                progress=progress,
                signed=bool(flags["signed"]),
                leader_signed=bool(flags["leader_signed"]),
                submitted=submitted,
            )
        )
