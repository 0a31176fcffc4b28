"""How often the strategies reach each hard case, per 1,000 draws.

The names of the hard cases a drawn row, fund block, table or total falls in are given by
:func:`row_cases`, :func:`block_cases`, :func:`table_cases` and :func:`total_cases`;
:func:`measure` draws from each strategy and counts them. ``python -m
perfeval.testing.frequencies`` (or ``benchmarks/kit_frequencies.py``) prints the table
recorded in docs/verify.md.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, Final, TextIO

from perfeval.funds import FundBlock
from perfeval.indicators import Indicator
from perfeval.policy import MOF_2020, Policy, resolve_policy
from perfeval.scoring import Rule, score_indicator
from perfeval.table import Table, score_table
from perfeval.targets import Achievement, Blank, Comparison, Deadline, Reading, Unreadable
from perfeval.testing.laws import expected_row

__all__ = ["block_cases", "measure", "row_cases", "table_cases", "total_cases"]

_CENT: Final = Decimal("0.01")


def _half_cent(value: Decimal | None) -> bool:
    return value is not None and (value * 1000) % 10 == 5


def row_cases(row: Indicator, *, year: int = 2023, policy: Policy = MOF_2020) -> set[str]:
    """The hard cases *row* is: its numbers, units, dates, tiers and weight."""
    found: set[str] = set()
    target, actual = row.target, row.actual
    result = score_indicator(row, policy, year=year)
    if row.weight is not None and row.weight != row.weight.to_integral_value():
        found.add("weight with decimals")
    if row.not_applicable:
        found.add("无 row")
    if result.rule is Rule.JUDGED:
        found.add("judged row")
    if result.rule is Rule.UNSCORED:
        found.add("cut off, or no weight")
    if any(problem.code == "unit-mismatch" for problem in result.problems):
        found.add("units of different kinds")
    if (
        isinstance(target, Deadline)
        and target.dated
        and target.day is None
        and (target.month in (6, 9, 12))
    ):
        found.add("deadline at a period's end (上半年, 第三季度, 年底)")
    if isinstance(target, Comparison) and isinstance(actual, Comparison):
        values = [target.value, actual.value]
        if target.value == 0:
            found.add("zero target")
        if any(v >= 10**7 for v in values):
            found.add("large amount (≥ 1e7)")
        if any(0 < v <= 1 for v in values):
            found.add("tiny amount (≤ 1)")
        if target.unit is not None and actual.unit is not None and target.unit != actual.unit:
            found.add("actual in another unit")
            if actual.unit.symbol == "小时":
                found.add("hours against a limit in days")
        if target.unit is not None and actual.unit is None:
            found.add("bare actual beside a unit")
        a, t = result.actual_value, result.target_value
        if a is not None and t is not None:
            if a == t:
                found.add("actual equal to target")
            elif abs(a - t) == _CENT:
                found.add("actual a cent from target")
        expected = expected_row(row, policy, year=year)
        exact = expected.exact if expected.rule == "formula" else None
        if exact is not None and (exact * 1000).denominator == 1 and (exact * 1000) % 10 == 5:
            found.add("exact half-cent score")
        reverse = target.direction is not None and target.direction.reverse
        if expected.rule == "formula" and reverse and actual.value > 2 * target.value > 0:
            found.add("more than twice a reverse target")
    if isinstance(target, Deadline) and target.dated:
        found.add("deadline")
        if target.day is not None:
            found.add("deadline with a day")
        else:
            found.add("deadline at a month's end")
        if target.year is None:
            found.add("deadline without a year")
        if target.month == 2 and target.day == 29:
            found.add("leap day")
        if isinstance(actual, Deadline) and actual.dated:
            done, due = actual.key(year), target.key(year)
            if done == due or (
                actual.day is not None
                and target.day is None
                and (done[0], done[1]) == (due[0], due[1])
                and done[2] >= 28
            ):
                found.add("done on the deadline's last day")  # fmt: skip
            elif done > due and _next_day(due, done):
                found.add("done a day late")
    if result.tier is not None and row.score is not None:
        low, high = result.tier
        if row.score in (low.quantize(_CENT), (high - _CENT).quantize(_CENT)):
            found.add("score at a tier edge")
        if result.achievement is not Achievement.MET and row.score == high.quantize(_CENT):
            found.add("score at a tier edge")
    if row.score is not None and row.weight is not None and row.score > row.weight:
        found.add("printed score above the weight")
    found |= _printed_cases(target, actual)
    if isinstance(target, Comparison) and target.unit is not None and target.unit.per_unit:
        found.add("per-unit standard (每亩300元)")
    choice = result.unit_choice
    if choice is not None:
        found.add(_CHOICES[choice.how])
    if isinstance(target, Blank | Unreadable):
        found.add("blank or unreadable target")
    return found


_CHOICES: Final = {
    "fraction": "rate typed as a fraction (0.9823)",
    "base-unit": "amount in 元 beside 万元",
    "per-unit": "amount read per the standard's unit",
}
_FULL_WIDTH_DIGIT: Final = re.compile("[０-９]")
_SPACED_DIGITS: Final = re.compile(r"\d\s+\d")
_GROUPED: Final = re.compile(r"\d,\d{3}")


def _printed_cases(target: Reading, actual: Reading) -> set[str]:
    """How the two cells print their numbers: in Chinese numerals, full-width, spaced,
    with thousands separators."""
    found: set[str] = set()
    for reading in (target, actual):
        text = reading.text
        if "chinese-numeral" in getattr(reading, "notes", ()):
            found.add("number in Chinese numerals")
        if _FULL_WIDTH_DIGIT.search(text):
            found.add("full-width digits")
        if _SPACED_DIGITS.search(text):
            found.add("digits spaced out")
        if _GROUPED.search(text):
            found.add("thousands separators")
    return found


def _next_day(due: tuple[int, int, int], done: tuple[int, int, int]) -> bool:
    import datetime

    try:
        end = datetime.date(due[0], due[1], min(due[2], _last(due[0], due[1])))
        return datetime.date(*done) == end + datetime.timedelta(days=1)
    except ValueError:
        return False


def _last(year: int, month: int) -> int:
    import calendar

    return calendar.monthrange(year, month)[1]


def block_cases(block: FundBlock, *, policy: Policy = MOF_2020) -> set[str]:
    """The hard cases a fund block is."""
    from perfeval.funds import score_funds

    found: set[str] = set()
    row = block.scored_row
    result = score_funds(block, policy)
    if block.rate.undefined_reason in ("blank-budget", "blank-executed"):
        found.add("rate undefined: a blank amount")
    if row is None or row.annual_budget is None or row.executed is None:
        return found
    budget, executed = row.annual_budget, row.executed
    if budget.is_zero():
        found.add("zero budget")
    elif executed > budget:
        found.add("over-budget funds")
    elif executed == budget:
        found.add("executed = budget")
    if result.exact is not None and not result.capped:
        if _half_cent(result.exact):
            found.add("half-cent funds score")
        elif abs(result.exact - result.exact.quantize(_CENT) - Decimal("0.005")) < Decimal(
            "0.0005"
        ) or abs(result.exact.quantize(_CENT) - result.exact - Decimal("0.005")) < Decimal(
            "0.0005"
        ):
            found.add("funds score a hair off a half cent")
    if budget >= 10**7 or executed >= 10**7:
        found.add("large amount (≥ 1e7)")
    if block.unit != "万元":
        found.add("block in another unit")
    if block.weight is None:
        found.add("funds weight left blank")
    if block.filled_from_sources:
        found.add("total row with a blank cell (the sources' sum)")
    if block.total is None:
        found.add("no total row (derived from the sources)")
    return found


def table_cases(table: Table, *, policy: Policy = MOF_2020) -> set[str]:
    """The hard cases a table is, its rows' and its fund block's included."""
    found: set[str] = set()
    card = score_table(table, policy)
    for row in table.indicators:
        cases = row_cases(row, year=table.year or 2023, policy=policy)
        if "无 row" in cases:
            found.add("not-applicable row")
        if "actual in another unit" in cases:
            found.add("actual in another unit")
        if "exact half-cent score" in cases:
            found.add("half-cent row score")
    if table.funds is not None:
        found |= block_cases(table.funds, policy=policy) & {
            "over-budget funds",
            "half-cent funds score",
            "zero budget",
        }
    bounds = [band.lower for band in policy.grades.bands if band.lower is not None]
    if card.total in bounds:
        found.add("total on a grade boundary")
    elif any(abs(card.total - bound) == _CENT for bound in bounds):
        found.add("total a cent from a grade boundary")
    if not card.complete:
        found.add("a row without a score")
    if card.grade is None:
        found.add("no grade (missing rows could change it)")
    return found


def total_cases(total: Decimal, *, policy: Policy = MOF_2020) -> set[str]:
    """The hard cases a total to grade is."""
    found: set[str] = set()
    for band in policy.grades.bands:
        if band.lower is None:
            continue
        step = total - band.lower
        if step == 0:
            found.add("total at a boundary")
        elif step == Decimal("-0.005"):
            found.add("total at boundary − 0.005")
        elif step == Decimal("0.005"):
            found.add("total at boundary + 0.005")
    return found


def measure(draws: int = 1000, *, policy: Policy | str = MOF_2020) -> dict[str, Counter[str]]:
    """Draw *draws* rows, fund blocks, tables and totals under *policy* (derandomized: the
    same figures every run) and count the hard cases: per strategy, per case."""
    from hypothesis import strategies as st

    from perfeval.testing import strategies as pst

    chosen = resolve_policy(policy)
    counts: dict[str, Counter[str]] = {}
    plans: Sequence[tuple[str, st.SearchStrategy[Any], Callable[[Any], set[str]]]] = (
        ("indicators(kinds=KINDS)", pst.indicators(kinds=pst.KINDS, policy=chosen),
         lambda row: row_cases(row, policy=chosen)),
        ("fund_blocks()", pst.fund_blocks(policy=chosen),
         lambda block: block_cases(block, policy=chosen)),
        ("tables()", pst.tables(policy=chosen),
         lambda table: table_cases(table, policy=chosen)),
        ("totals()", pst.totals(policy=chosen), lambda total: total_cases(total, policy=chosen)),
    )  # fmt: skip
    for name, strategy, cases in plans:
        counts[name] = _count(strategy, cases, draws)
    return counts


def _count(strategy: Any, cases: Callable[[Any], set[str]], draws: int) -> Counter[str]:
    from hypothesis import HealthCheck, given, settings

    counter: Counter[str] = Counter()

    @settings(max_examples=draws, database=None, derandomize=True, deadline=None,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(strategy)
    def count(example: Any) -> None:
        counter["(draws)"] += 1
        counter.update(cases(example))

    count()
    return counter


def _print(counts: dict[str, Counter[str]], out: TextIO) -> None:
    for name, counter in counts.items():
        draws = counter.pop("(draws)", 0) or 1
        out.write(f"\n{name} ({draws} draws)\n")
        for case, seen in sorted(counter.items(), key=lambda item: -item[1]):
            out.write(f"  {case:45} {round(1000 * seen / draws):5d} per 1,000\n")


def main(argv: Sequence[str] | None = None) -> int:
    """Print each hard case's frequency per 1,000 draws."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--draws", type=int, default=1000)
    parser.add_argument("--policy", default="mof-2020")
    options = parser.parse_args(argv)
    _print(measure(options.draws, policy=options.policy), sys.stdout)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
