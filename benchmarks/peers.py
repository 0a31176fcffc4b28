"""Peers: the same scoring rules as a pandas float program, as DuckDB with DECIMAL, and as
perfeval's row path and column path, on the same standard rows.

    python benchmarks/peers.py                    # 8,000 projects, about 112,000 rows
    python benchmarks/peers.py --projects 1000    # a quick run

The rows are 预算管理一体化 standard rows with text cells (``KPI_VAL`` "≥200人",
``IND_COMP`` "185.5人", ``IND_WEIGHT`` "7.5"), generated from a fixed seed so that many
computed scores end in an exact half cent (weight × actual / target = x.xx5). Each peer
parses the same text columns and applies the national rules (positive and reverse ratio
rules, bare numbers by their level-2 group, a cap at the weight, qualitative rows at their
printed score, the funds score 10 × executed / budget, half-up to 2 decimals, grades at
90/80/60). The exact answer is perfeval's row path (``load_tables`` + ``score_table``);
each peer prints its rows per second and how many rows, totals and grades it gets wrong.
Every run is on one core, in this process (DuckDB is given one thread); times are the CPU
time of this process (``time.process_time``: the machine may be shared), the best of
``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import gc
import platform
import random
import time
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any

from perfeval.bulk import score_rows
from perfeval.database import load_tables
from perfeval.formulas import INVERSE_RATIO, RATIO, column_of
from perfeval.integers import pairs
from perfeval.number import fixed
from perfeval.scoring import Test, settle_missed_column
from perfeval.table import score_table
from perfeval.targets import Comparison, Direction, parse_actual, parse_target

GROUPS = [("产出指标", "数量指标"), ("产出指标", "质量指标"), ("产出指标", "成本指标"),
          ("效益指标", "社会效益指标"), ("满意度指标", "服务对象满意度指标")]  # fmt: skip
WEIGHTS = ["5", "2.5", "7.5", "10", "12.5", "15", "3", "6"]
TARGETS = [100, 200, 40, 50, 1000, 80, 120, 300]


def standard_rows(projects: int, seed: int = 20231231) -> tuple[list[dict[str, Any]], ...]:
    """Fund rows (one total row per project) and indicator rows, as text cells."""
    rng = random.Random(seed)
    funds: list[dict[str, Any]] = []
    indicators: list[dict[str, Any]] = []
    for number in range(projects):
        code = f"P{number:07d}"
        budget = rng.randint(1000, 10_000_000)
        executed = budget * rng.randint(600, 1000) // 1000
        funds.append({"PRO_CODE": code, "PRO_NAME": f"项目{number}", "FISCAL_YEAR": 2023,
                      "FUND_SOURCE": "年度资金总额", "CUR_AMT": str(Decimal(budget) / 100),
                      "YEAR_EXE_AMT": str(Decimal(executed) / 100)})  # fmt: skip
        for index in range(rng.randint(8, 20)):
            level1, level2 = rng.choice(GROUPS)
            target = rng.choice(TARGETS)
            actual = Decimal(target * rng.randint(500, 1300)) / 1000
            if rng.random() < 0.5:
                actual = Decimal(rng.randint(target * 5, target * 13)) / 10
            weight = rng.choice(WEIGHTS)
            kind = rng.random()
            if level2 == "成本指标":
                text, comp = f"≤{target}万元", f"{actual}万元"
            elif kind < 0.6:
                text, comp = f"≥{target}人", f"{actual}人"
            elif kind < 0.85:
                text, comp = f"{target}", f"{actual}"
            else:
                text, comp = "效果明显", "效果明显"
            indicators.append({"PRO_CODE": code, "KPI_LV1": level1, "KPI_LV2": level2,
                               "KPI_LV3": f"指标{index + 1}", "KPI_VAL": text, "IND_COMP": comp,
                               "IND_WEIGHT": weight, "EVAL_SCORE": weight})  # fmt: skip
    return funds, indicators


Answer = tuple[list[str | None], dict[str, tuple[str, str | None]]]
"""Each indicator row's score (in input order) and each project's total and grade."""


def exact(funds: list[dict[str, Any]], indicators: list[dict[str, Any]]) -> Answer:
    """perfeval's row path: load every table, then score it."""
    cards = {code: score_table(table) for code, table in load_tables(funds, indicators).items()}
    scores: list[str | None] = []
    totals = {}
    for code, card in cards.items():
        scores += [None if row.score is None else fixed(row.score) for row in card.rows]
        grade = card.grade
        totals[code] = (fixed(card.total), None if grade is None else grade.label)
    return scores, totals


def column_path(funds: list[dict[str, Any]], indicators: list[dict[str, Any]]) -> Answer:
    """perfeval's column path (perfeval.bulk.score_rows)."""
    result = score_rows(funds, indicators)
    projects = result.projects
    codes, total, grade = (
        projects.column(name).to_pylist() for name in ("PRO_CODE", "total", "grade")
    )
    totals = {code: (t, g) for code, t, g in zip(codes, total, grade, strict=True)}
    return result.indicators.column("score").to_pylist(), totals


def _grade(total: float) -> str:
    return "优" if total >= 90 else "良" if total >= 80 else "中" if total >= 60 else "差"


def pandas_floats(funds: list[dict[str, Any]], indicators: list[dict[str, Any]]) -> Answer:
    """The rules in pandas with floats, parsing the same text columns."""
    import numpy as np
    import pandas as pd

    rows = pd.DataFrame(indicators)
    parts = rows["KPI_VAL"].str.extract(r"^([≥≤]?)([0-9.]+)")
    value = rows["IND_COMP"].str.extract(r"^([0-9.]+)")[0].astype(float)
    target = parts[1].astype(float)
    weight = rows["IND_WEIGHT"].astype(float)
    reverse = (parts[0] == "≤") | ((parts[0] == "") & (rows["KPI_LV2"] == "成本指标"))
    met = np.where(reverse, value <= target, value >= target)
    formula = np.where(reverse, weight * target / value, weight * value / target)
    score = np.where(met, weight, np.minimum(formula, weight)).round(2)
    score = np.where(target.isna(), rows["EVAL_SCORE"].astype(float), score)
    rows["score"] = score
    fund = pd.DataFrame(funds)
    fund["funds"] = (10 * fund["YEAR_EXE_AMT"].astype(float) / fund["CUR_AMT"].astype(float)).round(
        2
    )
    total = (
        rows.groupby("PRO_CODE", sort=False)["score"].sum() + fund.set_index("PRO_CODE")["funds"]
    )
    return (
        [f"{s:.2f}" for s in score],
        {code: (f"{t:.2f}", _grade(t)) for code, t in total.items()},
    )


def duckdb_decimal(funds: list[dict[str, Any]], indicators: list[dict[str, Any]]) -> Answer:
    """The rules in DuckDB SQL with DECIMAL(18,4), parsing the same text columns."""
    import duckdb
    import pandas as pd

    con = duckdb.connect()
    con.execute("SET threads TO 1")
    rows = pd.DataFrame(indicators).reset_index()
    fund = pd.DataFrame(funds)
    con.register("kpi", rows)
    con.register("fund", fund)
    scored = con.execute(
        """
        WITH parsed AS (
          SELECT index, PRO_CODE, KPI_LV2,
                 regexp_extract(KPI_VAL, '^([≥≤]?)', 1) AS op,
                 TRY_CAST(NULLIF(regexp_extract(KPI_VAL, '^[≥≤]?([0-9.]+)', 1), '')
                          AS DECIMAL(18,4)) AS t,
                 TRY_CAST(NULLIF(regexp_extract(IND_COMP, '^([0-9.]+)', 1), '')
                          AS DECIMAL(18,4)) AS a,
                 CAST(IND_WEIGHT AS DECIMAL(18,4)) AS w,
                 CAST(EVAL_SCORE AS DECIMAL(18,4)) AS printed
          FROM kpi),
        decided AS (
          SELECT *, op = '≤' OR (op = '' AND KPI_LV2 = '成本指标') AS rev FROM parsed)
        SELECT index, PRO_CODE, CASE
            WHEN t IS NULL THEN printed
            WHEN rev AND a <= t THEN w
            WHEN NOT rev AND a >= t THEN w
            WHEN rev THEN ROUND(LEAST(CAST(w * t / a AS DECIMAL(18,4)), w), 2)
            ELSE ROUND(LEAST(CAST(w * a / t AS DECIMAL(18,4)), w), 2) END AS score
        FROM decided ORDER BY index
        """
    ).fetchall()
    totals = con.execute(
        """
        SELECT PRO_CODE, ROUND(CAST(10 * CAST(YEAR_EXE_AMT AS DECIMAL(18,4))
                                    / CAST(CUR_AMT AS DECIMAL(18,4)) AS DECIMAL(18,4)), 2)
        FROM fund
        """
    ).fetchall()
    funds_score = {code: Decimal(value) for code, value in totals}
    sums: dict[str, Decimal] = {}
    scores = []
    for _, code, score in scored:
        scores.append(f"{Decimal(score):.2f}")
        sums[code] = sums.get(code, Decimal(0)) + Decimal(score)
    out = {}
    for code, part in sums.items():
        total = part + funds_score.get(code, Decimal(0))
        out[code] = (f"{total:.2f}", _grade(float(total)))
    return scores, out


Plain = tuple[list[Decimal], list[Comparison], list[Comparison], list[bool]]
"""The plain rows (a number against a number): weights, targets, actuals, reverse."""


def plain_rows(indicators: list[dict[str, Any]]) -> Plain:
    """The rows both arithmetic loops below score, read once (reading is not timed)."""
    weights: list[Decimal] = []
    targets: list[Comparison] = []
    actuals: list[Comparison] = []
    reverse: list[bool] = []
    for row in indicators:
        target, actual = parse_target(row["KPI_VAL"]), parse_actual(row["IND_COMP"])
        if type(target) is not Comparison or type(actual) is not Comparison:
            continue
        weights.append(Decimal(row["IND_WEIGHT"]))
        targets.append(target)
        actuals.append(actual)
        printed = target.direction
        reverse.append(
            printed is Direction.LE if printed is not None else row["KPI_LV2"] == "成本指标"
        )
    return weights, targets, actuals, reverse


def decimal_floor(rows: Plain) -> list[Decimal]:
    """The bare Decimal loop: met → the weight, else weight × a / t (or t / a) at 28
    digits, capped, quantized half up to cents."""
    weights, targets, actuals, reverse = rows
    cent = Decimal("0.01")
    out = []
    with localcontext() as context:
        context.prec = 28
        for w, target, actual, rev in zip(weights, targets, actuals, reverse, strict=True):
            t, a = target.value, actual.value
            if (a <= t) if rev else (a >= t):
                out.append(w)
                continue
            value = w * t / a if rev else w * a / t
            out.append(min(value, w).quantize(cent, ROUND_HALF_UP))
    return out


Integers = tuple[Any, Any, Any, Any]
"""The same rows as exact integer columns: weights, targets and actuals (each a pair of
NumPy columns, numerators and denominators) and which rows are reverse."""


def integer_columns(rows: Plain) -> Integers:
    """The plain rows as the column path holds them (made beforehand, not timed, as the
    floor's Decimals are)."""
    import numpy

    weights, targets, actuals, reverse = rows
    return (
        pairs([w.as_integer_ratio() for w in weights]),
        pairs([t.exact for t in targets]),
        pairs([a.exact for a in actuals]),
        numpy.array(reverse, dtype=bool),
    )


def column_arithmetic(columns: Integers) -> tuple[Any, Any, Any]:
    """perfeval's column arithmetic on the same rows' integer columns: each test's met
    column (``Test.holds_column``), each formula's exact values for its missed rows
    (``formulas.column_of``) and the one cap and rounding
    (``scoring.settle_missed_column``). Gives which rows met (scoring their weight), each
    missed row's score in hundredths, and which missed rows take their judged score."""
    import numpy

    weights, targets, actuals, reverse = columns
    count = len(reverse)
    met_rows = numpy.zeros(count, dtype=bool)
    hundredths = numpy.zeros(count, dtype=object)
    judged = numpy.zeros(count, dtype=bool)
    for rev, test, formula in ((False, Test.GE, RATIO), (True, Test.LE, INVERSE_RATIO)):
        rows = numpy.flatnonzero(reverse == rev)
        w, t, a = ((part[0][rows], part[1][rows]) for part in (weights, targets, actuals))
        met = test.holds_column(a, t)
        met_rows[rows[met]] = True
        missed = ~met  # the generated targets are all above 0
        w, t, a = ((part[0][missed], part[1][missed]) for part in (w, t, a))
        units, taken = settle_missed_column(column_of(formula)(w, t, a), w, test)
        hundredths[rows[missed]] = units
        judged[rows[missed]] = taken
    return met_rows, hundredths, judged


def _arithmetic(indicators: list[dict[str, Any]], repeat: int) -> None:
    rows = plain_rows(indicators)
    columns = integer_columns(rows)
    floor_s = perfeval_s = made_s = float("inf")
    floor = mine = None
    for _ in range(repeat):
        gc.collect()
        start = time.process_time()
        column_arithmetic(integer_columns(rows))
        made_s = min(made_s, time.process_time() - start)
        gc.collect()
        start = time.process_time()
        floor = decimal_floor(rows)
        floor_s = min(floor_s, time.process_time() - start)
        gc.collect()
        start = time.process_time()
        mine = column_arithmetic(columns)
        perfeval_s = min(perfeval_s, time.process_time() - start)
    assert floor is not None
    assert mine is not None
    met, hundredths, judged = mine
    weights = rows[0]
    differ = sum(
        1
        for i, score in enumerate(floor)
        if ((score != weights[i]) if met[i] else (judged[i] or score * 100 != hundredths[i]))
    )
    print(f"\nThe arithmetic alone on {len(weights):,} plain rows (read beforehand: Decimals "
          f"for the floor, integer columns for perfeval): bare Decimal loop {floor_s:.3f} s, "
          f"perfeval's column arithmetic {perfeval_s:.3f} s ({perfeval_s / floor_s:.2f}× the "
          f"floor); {differ:,} scores differ (the floor divides at 28 digits). With the "
          f"integer columns made from the readings: {made_s:.3f} s "
          f"({made_s / floor_s:.2f}× the floor)")  # fmt: skip


def _best(run: Callable[[], Answer], repeat: int) -> tuple[float, Answer]:
    best, answer = float("inf"), None
    for _ in range(repeat):
        gc.collect()
        start = time.process_time()
        answer = run()
        best = min(best, time.process_time() - start)
    assert answer is not None
    return best, answer


def _number(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _wrong(answer: Answer, truth: Answer) -> tuple[int, int, int]:
    """Rows, totals and grades whose value differs from the exact one (``7.50`` is
    ``7.5``: values are compared, not their text)."""
    pairs = zip(answer[0], truth[0], strict=True)
    rows = sum(1 for mine, right in pairs if _number(mine) != _number(right))
    totals = sum(
        1 for code, right in truth[1].items() if _number(answer[1][code][0]) != _number(right[0])
    )
    grades = sum(1 for code, right in truth[1].items() if answer[1][code][1] != right[1])
    return rows, totals, grades


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--projects", type=int, default=8000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    funds, indicators = standard_rows(args.projects)
    print(f"{platform.machine()}, CPython {platform.python_version()}, {platform.system()}")
    half = sum(1 for row in _half_cents(indicators))
    print(f"{len(indicators):,} indicator rows, {len(funds):,} fund rows, "
          f"{half:,} rows whose exact score ends in a half cent")  # fmt: skip
    truth_time, truth = _best(lambda: exact(funds, indicators), args.repeat)
    peers: list[tuple[str, Callable[[], Answer]]] = [
        ("perfeval column path", lambda: column_path(funds, indicators)),
        ("pandas, floats", lambda: pandas_floats(funds, indicators)),
    ]
    try:
        import duckdb  # noqa: F401

        peers.append(("DuckDB, DECIMAL(18,4)", lambda: duckdb_decimal(funds, indicators)))
    except ImportError:
        print("(DuckDB not installed: pip install duckdb to compare it)")
    count = len(indicators)
    print(f"| {'peer':<24} | {'s':>7} | {'rows/s':>9} | {'× row path':>10} | wrong rows | "
          "wrong totals | wrong grades |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|")
    print(f"| {'perfeval row path':<24} | {truth_time:7.3f} | {count / truth_time:9,.0f} | "
          f"{1:10.2f} | 0 | 0 | 0 |")  # fmt: skip
    for name, run in peers:
        seconds, answer = _best(run, args.repeat)
        rows, totals, grades = _wrong(answer, truth)
        print(f"| {name:<24} | {seconds:7.3f} | {count / seconds:9,.0f} | "
              f"{truth_time / seconds:10.2f} | {rows:,} | {totals:,} | {grades:,} |")  # fmt: skip
    _arithmetic(indicators, args.repeat)


def _half_cents(indicators: list[dict[str, Any]]) -> Any:
    """The rows whose missed score, weight × actual / target (or target / actual), has an
    exact third decimal 5: where rounding decides."""
    for row in indicators:
        target, actual = row["KPI_VAL"], row["IND_COMP"]
        if not target[-1:].isdigit() and not target.endswith(("人", "万元")):
            continue
        t = Decimal(target.lstrip("≥≤").removesuffix("人").removesuffix("万元"))
        a = Decimal(actual.removesuffix("人").removesuffix("万元"))
        w = Decimal(row["IND_WEIGHT"])
        value = w * t / a if "≤" in target or row["KPI_LV2"] == "成本指标" else w * a / t
        if value * 1000 == (value * 1000).to_integral() and (value * 1000) % 10 == 5:
            yield row


if __name__ == "__main__":
    main()
