"""What several district tests share: a scheme that declares the derived district categories itself."""

from __future__ import annotations

import json

from app.models.db import Database
from app.scoring.district import CHARGE_CATEGORY, CONTRIBUTION_CATEGORY
from tests.helpers.data_pages import YEAR


def declare_derived_categories(db: Database) -> None:
    """A scheme that declares both derived categories itself (with caps of its own)."""
    body = json.loads(db.query("SELECT scheme FROM years WHERE year = ?", (YEAR,))[0]["scheme"])
    categories = body["unit_adjustments"]["categories"]
    categories.append({"id": CONTRIBUTION_CATEGORY, "kind": "bonus", "name": "考绩贡献加分", "cap": 5})
    categories.append({"id": CHARGE_CATEGORY, "kind": "deduction", "name": "市对区考绩失分扣分", "cap": 4})
    with db.atomic("测试：方案声明派生类别", "test") as conn:
        conn.execute("UPDATE years SET scheme = ? WHERE year = ?", (json.dumps(body, ensure_ascii=False), YEAR))
