"""Import + compute + results for a full year and a county-sized one; prints medians.

    .venv/bin/python benchmarks/bench_engine.py [--repeat N]

Full year: 25 units, 12 + 25 rating ballots, 150 cadres, 150 democratic ballots (each marking all
150), 9 leader raters. County: 100 units, 3,000 cadres, 3,000 democratic ballots; each unit's 30 staff
mark the 30 cadres of their own unit (how a county bureau holds 民主测评), plus a "wide" variant in
which each of the 3,000 ballots marks 300 cadres (900,000 marks) to show how it scales.
"""

from __future__ import annotations

import argparse
import copy
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


import tests.helpers.full_year as full_year  # noqa: E402
from app.models.db import open_database  # noqa: E402
from app.models.loader import compute_results  # noqa: E402
from app.models.results_json import results_object  # noqa: E402
from app.models.schemes import load_builtin_scheme, register_scheme  # noqa: E402
from app.models.yearfile.reading import parse_year_file  # noqa: E402
from app.models.yearfile.writing import import_year_file  # noqa: E402


def county_scheme(units: int = 100) -> dict[str, Any]:
    base = load_builtin_scheme("jxw-2017")
    body = copy.deepcopy(base)
    body["id"] = "county-bench"
    templates = list(base["units"])
    body["units"], body["business_items"] = [], {}
    for index in range(units):
        template = templates[index % len(templates)]
        name = f"{template['name']}{index // len(templates) + 1}"
        body["units"].append({**template, "name": name, "short": name, "aliases": [], "group": index % 3 + 1})
        body["business_items"][name] = [
            {**item, "id": f"u{index:03d}-{n:02d}"} for n, item in enumerate(base["business_items"][template["name"]])
        ]
    return body


def county_year(scheme: dict[str, Any], cadres_per_unit: int = 30, wide: int = 0) -> dict[str, Any]:
    units = [u["name"] for u in scheme["units"]]
    cadres = []
    for u_index, unit in enumerate(units):
        for slot in range(cadres_per_unit):
            cadres.append(
                {
                    "id": f"k{u_index:03d}{slot:02d}",
                    "name": f"干部{u_index}-{slot}",
                    "unit": unit,
                    "category": "civil_servant" if u_index % 5 else "institution",
                    "level": ("正科", "副科", "科员")[min(slot, 2)],
                    "is_head": slot == 0,
                    "barred": None,
                }
            )
    marks = ("优秀", "称职", "称职", "基本称职")
    ballots = []
    for serial in range(1, len(cadres) + 1):
        if wide:
            start = (serial * 7) % (len(cadres) - wide)
            marked = cadres[start : start + wide]
        else:
            unit_index = (serial - 1) // cadres_per_unit
            marked = cadres[unit_index * cadres_per_unit : (unit_index + 1) * cadres_per_unit]
        ballots.append({"ballot": serial, "marks": {c["id"]: marks[(serial + i) % 4] for i, c in enumerate(marked)}})
    items = [{"unit": u, "item": i["id"], "score": i["max"]} for u in units for i in scheme["business_items"][u]]
    items += [{"unit": u, "item": i["id"], "score": i["max"]} for u in units for i in scheme["common_items"]]
    rating = [{"form": "leaders", "ballot": b, "scores": {u: [4, 4, 3.5, 4, 4] for u in units}} for b in range(1, 13)]
    return {
        "format": "appraisal-year/1",
        "year": 2017,
        "scheme": scheme["id"],
        "item_scores": items,
        "unit_ballots": rating,
        "cadres": cadres,
        "democratic_ballots": ballots,
        "leader_ratings": [
            {"rater": r, "cadre": c["id"], "scores": [6, 5.5, 6, 6, 6]} for r in range(1, 10) for c in cadres
        ],
    }


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def bench(label: str, data: dict[str, Any], repeat: int, scheme: dict[str, Any] | None = None) -> None:
    text = json.dumps(data, ensure_ascii=False)
    imports, computes, results, explained = [], [], [], []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as folder, open_database(Path(folder) / "b.sqlite") as db:
            if scheme:
                with db.atomic(reason="导入考评方案", source="scheme") as conn:
                    register_scheme(conn, scheme)
            imports.append(timed(lambda db=db: import_year_file(db, parse_year_file(text))))
            computes.append(timed(lambda db=db: compute_results(db, 2017)))
            results.append(timed(lambda db=db: json.dumps(results_object(db, 2017), ensure_ascii=False)))
            explained.append(
                timed(lambda db=db: json.dumps(results_object(db, 2017, explain=True), ensure_ascii=False))
            )
    plain, explain = statistics.median(results), statistics.median(explained)
    print(
        f"{label:<44} import {statistics.median(imports):8.1f} ms   compute {statistics.median(computes):7.1f} ms"
        f"   results(json) {plain:7.1f} ms   --explain {explain:7.1f} ms ({explain / plain:.1f}×)"
        f"   (median of {repeat}, file {len(text) / 1e6:.1f} MB)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    bench("full year (25 units, 150 cadres, 150 ballots)", full_year.year_file(), args.repeat)
    scheme = county_scheme()
    bench("county (100 units, 3000 cadres, 3000 ballots)", county_year(scheme), max(3, args.repeat // 2), scheme)
    bench("county wide (3000 ballots × 300 marks)", county_year(scheme, wide=300), 3, scheme)


if __name__ == "__main__":
    main()
