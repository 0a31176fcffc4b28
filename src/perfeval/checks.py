"""One check per question: the answers the audit, department trees and monitoring share.

Each question a reviewer asks of a printed table is answered here, once:

- :func:`agrees`: does a printed value agree with the computed one? Equal at the printed
  value's own precision ("86%" agrees with 86.32%, "8.6" with 8.63, "9.6" with 9.63),
  give or take the policy's ``tolerance``;
- :func:`tier_bounds` and :func:`in_tier`: which scores a qualitative tier allows — 达成
  [met floor, weight], 部分达成 [partly floor, met floor), 未达成 [0, partly floor);
- :func:`exceeds_weight`: is a printed score above its weight?
- :func:`rate_reading`: how does a printed execution rate read — as a percentage
  ("86.32%", "86.32"), truncated rather than rounded ("97.80" for 97.8118…%), or as a
  ratio ("0.98", "1") — and does any reading explain it?
- :func:`note_required`: must the row explain itself (偏差原因分析)? Yes when it lost
  points or was not met, whatever the rounding.

>>> from decimal import Decimal
>>> agrees(Decimal("9.6"), Decimal("9.63"))
True
>>> in_tier(Decimal("8.00"), Achievement.PARTLY, Decimal(10))
False
"""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal
from typing import Literal

from perfeval.number import (
    CONTEXT,
    HUNDRED,
    ZERO,
    agrees_at_precision,
    decimal_places,
    divide,
    multiply,
    private_context,
    quantize_half_up,
)
from perfeval.policy import MOF_2020, Policy
from perfeval.targets import Achievement

__all__ = [
    "agrees",
    "exceeds_weight",
    "in_tier",
    "note_required",
    "rate_reading",
    "tier_bounds",
]


@private_context
def agrees(printed: Decimal, computed: Decimal, policy: Policy = MOF_2020) -> bool:
    """Whether a *printed* value agrees with a *computed* one under *policy*."""
    if policy.match_printed_precision:
        return agrees_at_precision(printed, computed, policy.tolerance)
    return abs(printed - computed) <= policy.tolerance


def tier_bounds(
    achievement: Achievement, weight: Decimal, policy: Policy = MOF_2020
) -> tuple[Decimal, Decimal]:
    """The score range of a qualitative tier: [low, high], *high* exclusive below 达成."""
    met = multiply(weight, policy.qualitative_met_floor)
    partly = multiply(weight, policy.qualitative_partly_floor)
    if achievement is Achievement.MET:
        return met, weight
    if achievement is Achievement.PARTLY:
        return partly, met
    return ZERO, partly


def in_tier(
    score: Decimal, achievement: Achievement, weight: Decimal, policy: Policy = MOF_2020
) -> bool:
    """Whether *score* lies in the tier *achievement* states: the top of 达成 is the weight
    itself; the top of a lower tier belongs to the tier above it."""
    low, high = tier_bounds(achievement, weight, policy)
    return low <= score <= high if achievement is Achievement.MET else low <= score < high


def exceeds_weight(printed: Decimal, weight: Decimal | None) -> bool:
    """Whether a printed score is above its weight (never, when the weight is unknown)."""
    return weight is not None and printed > weight


def note_required(
    score: Decimal | None, weight: Decimal | None, achievement: Achievement | None
) -> bool:
    """Whether a row must give a deviation note: it scored below its weight, or its
    target was not (fully) met even if the score rounds to the weight."""
    lost = score is not None and weight is not None and score < weight
    return lost or achievement in (Achievement.PARTLY, Achievement.NOT_MET)


@private_context
def rate_reading(
    printed: Decimal, executed: Decimal, budget: Decimal, policy: Policy = MOF_2020
) -> Literal["percent", "truncated", "ratio"] | None:
    """How a person reads the printed rate *printed* (in percent, as the cell reader gives
    it) of *executed* / *budget*: ``percent`` when it agrees at its own precision,
    ``truncated`` when it is the percentage cut off (not rounded) at its precision,
    ``ratio`` when it is the fraction itself (0.98 for 98%, 1 for 100%); ``None`` when no
    reading explains it.

    >>> rate_reading(Decimal("97.80"), Decimal("97.8618"), Decimal(100))
    'truncated'
    >>> rate_reading(Decimal("1"), Decimal(60), Decimal(60))
    'ratio'
    """
    percent = divide(executed * HUNDRED, budget)
    if agrees(printed, percent, policy):
        return "percent"
    # Printed with trailing zeros after fewer real decimals ("97.80" for 97.8): rounded
    # half up, or cut off, at any precision up to the printed one, and no finer than the
    # quotient is known (the private context's digits).
    finest = max(CONTEXT.prec - percent.adjusted() - 2, 0)
    for places in range(min(decimal_places(printed), finest), -1, -1):
        if printed == quantize_half_up(percent, places):
            return "percent"
        if printed == percent.quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN):
            return "truncated"
    if printed <= 10 and agrees(printed, divide(executed, budget), policy):
        return "ratio"
    return None
