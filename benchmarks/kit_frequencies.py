"""The verification kit, measured: how often its strategies reach each hard case, and how
much of the scoring code its laws alone reach.

    python benchmarks/kit_frequencies.py                  # hard cases per 1,000 draws
    python benchmarks/kit_frequencies.py --draws 5000 --policy mof-2020-rescaled
    python -m coverage run --branch --source=perfeval benchmarks/kit_frequencies.py --laws
    python -m coverage report \
        --include='*/scoring.py,*/targets.py,*/formulas.py,*/funds.py,*/grades.py'

``--laws`` runs nothing but :func:`perfeval.testing.verify` over perfeval's own parts
(explanations in Chinese and in English by turns, the reader of one cell and of split
columns included) under every built-in policy and five regional ones (the laws alone, as a
user runs them), so that coverage.py measures the branches the laws reach. The figures are
recorded in docs/verify.md.
"""

from __future__ import annotations

import argparse
import sys

from perfeval.testing.frequencies import main as frequencies


def run_the_laws(max_examples: int) -> None:
    """Every law over perfeval's own parts, under every built-in policy and a few drawn
    ones."""

    from perfeval import POLICIES
    from perfeval.testing import (
        perfeval_auditor,
        perfeval_column_reader,
        perfeval_explainer,
        perfeval_funds_explainer,
        perfeval_funds_scorer,
        perfeval_reader,
        perfeval_scorer,
        perfeval_table_grader,
        perfeval_table_scorer,
        verify,
    )

    def laws(policy: object, locale: str) -> None:
        report = verify(
            policy=policy,  # type: ignore[arg-type]
            indicator=perfeval_scorer(policy),  # type: ignore[arg-type]
            funds=perfeval_funds_scorer(policy),  # type: ignore[arg-type]
            table=perfeval_table_scorer(policy),  # type: ignore[arg-type]
            grader=lambda total: policy.grades.grade(total).label,  # type: ignore[attr-defined]
            table_grader=perfeval_table_grader(policy),  # type: ignore[arg-type]
            auditor=perfeval_auditor(policy),  # type: ignore[arg-type]
            reader=perfeval_reader,
            explainer=perfeval_explainer(policy, locale),  # type: ignore[arg-type]
            funds_explainer=perfeval_funds_explainer(policy, locale),  # type: ignore[arg-type]
            column_reader=perfeval_column_reader,
            max_examples=max_examples,
            raise_on_failure=False,
        )
        print(report)

    for index, policy in enumerate([*POLICIES.values(), *regional_policies()]):
        laws(policy, ("zh_CN", "en")[index % 2])


def regional_policies() -> list[object]:
    """Policies of the kinds provinces declare: every setting the built-in ones keep (a
    blank funds weight left unscored among them), and a reverse formula of a province's
    own."""
    from decimal import Decimal

    import attrs

    from perfeval import MOF_2020
    from perfeval.formulas import LinearReverse
    from perfeval.grades import GradeBand, GradeScale

    scale = GradeScale(
        bands=(
            GradeBand(label="优", name="excellent", lower=Decimal(85)),
            GradeBand(label="合格", name="pass", lower=Decimal(60)),
            GradeBand(label="不合格", name="fail"),
        ),
        basis="rounded",
    )
    return [
        attrs.evolve(MOF_2020, id="strict-symmetric", strict_operators="strict",
                     equal_form="symmetric"),
        attrs.evolve(MOF_2020, id="floored", reverse_form="floored",
                     formulas={"reverse": {"floored": LinearReverse(floor=Decimal("0.5"))}}),
        attrs.evolve(MOF_2020, id="three-bands", grades=scale, rescale_not_applicable=True,
                     default_funds_weight=None),
        attrs.evolve(MOF_2020, id="fifteen-85", funds_weight=Decimal(15),
                     indicator_points=Decimal(85), cap_execution_score=False,
                     default_funds_weight=None),
        attrs.evolve(MOF_2020, id="steep-reverse", reverse_form="steep",
                     formulas={"reverse": {"steep": SteepReverse()}}),
    ]  # fmt: skip


class SteepReverse:
    """A province's own reverse form: half the weight lost for every 10% over the target,
    weight × max(0, 1 − 5 × (actual − target) / target)."""

    def value(self, weight: object, target: object, actual: object) -> object:
        from fractions import Fraction

        w, t, a = Fraction(weight), Fraction(target), Fraction(actual)  # type: ignore[arg-type]
        return max(Fraction(0), w * (1 - 5 * (a - t) / t))

    def describe(self, weight: object, target: object, actual: object) -> str:
        from perfeval.number import fixed

        w, t, a = fixed(weight), fixed(target), fixed(actual)  # type: ignore[arg-type]
        return f"{w} × max(0, 1 − 5 × ({a} − {t}) / {t})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SteepReverse)

    def __hash__(self) -> int:
        return hash(SteepReverse)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="the verification kit, measured")
    parser.add_argument("--laws", action="store_true", help="run the laws alone (for coverage)")
    parser.add_argument("--max-examples", type=int, default=200)
    known, rest = parser.parse_known_args()
    if known.laws:
        run_the_laws(known.max_examples)
        sys.exit(0)
    sys.exit(frequencies(rest))
