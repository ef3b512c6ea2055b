"""优秀 quotas per pool (category of staff × position level), as the 人事科 rules them.

干部办法五（一）：公务员年度考核优秀等次人数比例一般控制在本单位参与年度考核总人数的 15％以内，事业单位 10％以内，
最终优秀等次比例以市人社局审核通过为准。不同职务层次优秀名额不得相互挤占，按比例进行评选。

Two readings, a scheme setting (`quota_mode`):
- `per_pool` (the default): each (category, level) pool gets floor(rate × pool size). Small levels may get no
  place at all (pools of 8, 6, 7 at 15% → 1, 0, 1).
- `proportional`: floor(rate × all people of the category) places, shared out to the levels in proportion to
  their sizes by the largest-remainder method (8, 6, 7 → 3 places → 1, 1, 1).
Either way the office may set one pool's figure to the 人社局's approval, with the reason (`QuotaOverride`).
Cadres marked 不参加评优 / 不定等次 are outside the base.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from app.scoring.inputs import QuotaOverride

PER_POOL, PROPORTIONAL = "per_pool", "proportional"
QUOTA_MODES = (PER_POOL, PROPORTIONAL)
QUOTA_MODE_NAMES = {PER_POOL: "按各职务层次分别计算", PROPORTIONAL: "按类别总数计算、按比例分配到各职务层次"}


def pool_quota(rate: Decimal, size: int) -> int:
    """floor(rate × pool size): 优秀 一般控制在 15%/10% 以内."""
    return int((rate * size).to_integral_value(rounding=ROUND_FLOOR))


def percent(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f}%"


@dataclass(frozen=True)
class QuotaComputation:
    """How one pool's quota was reached, for the explanation and the committee's table."""

    pool: str
    category: str
    base: int  # the pool's people in the quota base (not 不参加评优 / 不定等次)
    rate: Decimal
    mode: str
    computed: int  # by the mode
    category_base: int = 0  # proportional: the category's people in the base
    category_places: int = 0  # proportional: floor(rate × category_base)
    exact: Decimal | None = None  # proportional: category_places × base / category_base
    remainder_place: bool = False  # proportional: one of the places left after the floors went here
    override: QuotaOverride | None = None

    @property
    def quota(self) -> int:
        return self.override.quota if self.override is not None else self.computed

    def text(self) -> str:
        if self.mode == PROPORTIONAL:
            exact = f"{self.exact.quantize(Decimal('0.01')):f}" if self.exact is not None else "0"
            text = (
                f"本类别参加考核 {self.category_base} 人 × {percent(self.rate)} = "
                f"{(self.rate * self.category_base).normalize():f}，取整 {self.category_places} 名；"
                f"按人数比例分到本职务层次 {self.category_places} × {self.base}/{self.category_base} = {exact}"
                + ("，按最大余数法再得 1 名" if self.remainder_place else "")
                + f"，共 {self.computed} 名"
            )
        else:
            text = (
                f"本职务层次参加考核 {self.base} 人 × {percent(self.rate)} = "
                f"{(self.rate * self.base).normalize():f}，取整 {self.computed} 名"
            )
        if self.override is not None:
            text += f"；按市人社局审核定为 {self.override.quota} 名（{self.override.reason}）"
        return text


def pool_quotas(
    bases: dict[str, tuple[str, int]],
    rates: dict[str, Decimal],
    mode: str,
    overrides: dict[str, QuotaOverride] | None = None,
) -> dict[str, QuotaComputation]:
    """Quotas for every pool. `bases` maps pool id → (category, people in the base), in the pools' order."""
    overrides = overrides or {}
    result: dict[str, QuotaComputation] = {}
    if mode != PROPORTIONAL:
        for pool, (category, base) in bases.items():
            rate = rates[category]
            result[pool] = QuotaComputation(
                pool, category, base, rate, PER_POOL, pool_quota(rate, base), override=overrides.get(pool)
            )
        return result
    by_category: dict[str, list[str]] = {}
    for pool, (category, _base) in bases.items():
        by_category.setdefault(category, []).append(pool)
    for category, pools in by_category.items():
        rate = rates[category]
        category_base = sum(bases[p][1] for p in pools)
        places = pool_quota(rate, category_base)
        exact = {p: (Decimal(places) * bases[p][1] / category_base if category_base else Decimal(0)) for p in pools}
        floors = {p: int(exact[p].to_integral_value(rounding=ROUND_FLOOR)) for p in pools}
        left = places - sum(floors.values())
        # Largest remainder first; equal remainders: the larger level, then the pools' order.
        order = sorted(pools, key=lambda p: (-(exact[p] - floors[p]), -bases[p][1], pools.index(p)))
        extra = set(order[:left])
        for p in pools:
            result[p] = QuotaComputation(
                p,
                category,
                bases[p][1],
                rate,
                PROPORTIONAL,
                floors[p] + (1 if p in extra else 0),
                category_base=category_base,
                category_places=places,
                exact=exact[p],
                remainder_place=p in extra,
                override=overrides.get(p),
            )
    return {pool: result[pool] for pool in bases}
