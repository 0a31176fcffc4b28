"""One call that verifies a scorer of your own: every law that applies, then the
differential check against perfeval under the policy you declare.

>>> from perfeval.testing import verify, perfeval_scorer
>>> report = verify(indicator=perfeval_scorer("mof-2020"), policy="mof-2020", max_examples=20)
>>> report.ok, len(report.passed) > 5
(True, True)

Give the parts you have, as keywords or as an object with methods of these names:
``score_indicator(row, year=None)`` (:class:`~perfeval.testing.laws.IndicatorScorer`),
``score_funds(block)``, ``score_table(table)`` (returning
:class:`~perfeval.testing.laws.TableScores`), ``grade(total)``, ``grade_table(table)``,
``audit(table)``, ``read(text, target=False)`` (a cell reader),
``explain_indicator(row, year=None)`` and ``explain_funds(block)`` (the sentences that
explain a score) and ``read_columns(direction, value, unit=None)`` (a reader of split
target columns). The declared policy is held to laws of its own too: its formulas
describe themselves, its grade labels read back, invalid settings are refused. Each law
runs as a Hypothesis test over the strategies of :mod:`perfeval.testing.strategies` drawn
under *policy*, shrinks a failure to a minimal example, and is reported by name: a
:class:`VerificationReport`, raised as :class:`VerificationError` when a law failed
(unless ``raise_on_failure=False``).
"""

from __future__ import annotations

import functools
import random
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, Final

import attrs
import hypothesis
from hypothesis import HealthCheck, Phase, given
from hypothesis import strategies as st

from perfeval.errors import InvalidTypeError
from perfeval.formulas import LinearReverse
from perfeval.policy import MOF_2020, Policy, resolve_policy
from perfeval.testing import laws
from perfeval.testing import strategies as pst
from perfeval.testing.laws import LawViolation

__all__ = [
    "LAWS",
    "Law",
    "LawFailure",
    "Parts",
    "VerificationError",
    "VerificationReport",
    "verify",
]

_PARTS: Final = ("indicator", "funds", "table", "grader", "table_grader", "auditor", "reader",
                  "explainer", "funds_explainer", "column_reader")  # fmt: skip
_METHODS: Final = {
    "indicator": "score_indicator",
    "funds": "score_funds",
    "table": "score_table",
    "grader": "grade",
    "table_grader": "grade_table",
    "auditor": "audit",
    "reader": "read",
    "explainer": "explain_indicator",
    "funds_explainer": "explain_funds",
    "column_reader": "read_columns",
}


@attrs.frozen(kw_only=True)
class Parts:
    """The parts of a scorer under verification; ``None`` for a part not given."""

    # Typed Any: a law runs only when its part was given (see verify()).
    indicator: Any = None
    """An :class:`~perfeval.testing.laws.IndicatorScorer`."""
    funds: Any = None
    """A :class:`~perfeval.testing.laws.FundsScorer`."""
    table: Any = None
    """A :class:`~perfeval.testing.laws.TableScorer`."""
    grader: Any = None
    """A :class:`~perfeval.testing.laws.Grader`."""
    table_grader: Any = None
    """A :class:`~perfeval.testing.laws.TableGrader`."""
    auditor: Any = None
    """An :class:`~perfeval.testing.laws.Auditor`."""
    reader: Any = None
    """A :class:`~perfeval.testing.laws.Reader`."""
    explainer: Any = None
    """An :class:`~perfeval.testing.laws.Explainer` of row scores."""
    funds_explainer: Any = None
    """A :class:`~perfeval.testing.laws.FundsExplainer`."""
    column_reader: Any = None
    """A :class:`~perfeval.testing.laws.ColumnReader` of split target columns."""
    policy: Any = None
    """The declared policy: its formulas and grade scale are held to the laws of
    formulas and grades whatever parts are given."""


Check = Callable[[Parts, Any, Policy], object]
Examples = Callable[[Policy], st.SearchStrategy[Any]]


@attrs.frozen(kw_only=True)
class Law:
    """One law as :func:`verify` runs it: the part it needs, whether it asks perfeval for
    the answer, the examples it is fed and the check."""

    name: str
    part: str
    """The part of :class:`Parts` it checks (``policy``: the declared policy itself)."""
    oracle_free: bool
    """Whether it holds the scorer to the rules as the policy declares them, without
    perfeval's answer (``False``: the differential check)."""
    examples: Examples
    check: Check
    doc: str
    also: tuple[str, ...] = ()
    """Other parts it needs (an explanation is checked against its scorer's score)."""


@attrs.frozen(kw_only=True)
class LawFailure:
    """A law the scorer broke: its name, the message, and the minimal example."""

    law: str
    oracle_free: bool
    message: str
    example: str

    def __str__(self) -> str:
        return f"{self.law}: {self.message}\n    minimal example: {self.example}"


@attrs.frozen(kw_only=True)
class VerificationReport:
    """What :func:`verify` found: the laws passed and the laws failed."""

    policy: Policy
    passed: tuple[str, ...]
    failures: tuple[LawFailure, ...]
    skipped: tuple[str, ...]
    """Laws whose part was not given."""

    @property
    def ok(self) -> bool:
        """Whether every law that ran held."""
        return not self.failures

    @property
    def failed(self) -> tuple[str, ...]:
        """The names of the laws that failed."""
        return tuple(failure.law for failure in self.failures)

    def __str__(self) -> str:
        head = (
            f"verified under {self.policy.id}: {len(self.passed)} laws held, "
            f"{len(self.failures)} failed, {len(self.skipped)} not applicable"
        )
        return "\n".join([head, *(f"- {failure}" for failure in self.failures)])


class VerificationError(LawViolation):
    """A scorer broke at least one law; :attr:`report` lists each with its example."""

    def __init__(self, report: VerificationReport) -> None:
        super().__init__(str(report))
        self.report = report


# Describing examples -------------------------------------------------------------------


def _describe(example: object) -> str:
    from perfeval.funds import FundBlock
    from perfeval.indicators import Indicator
    from perfeval.table import Table

    if isinstance(example, tuple):
        return "; ".join(_describe(item) for item in example)
    if isinstance(example, Indicator):
        return laws._row(example)
    if isinstance(example, FundBlock):
        return f"fund block {laws._block(example)}"
    if isinstance(example, Table):
        funds = "no funds" if example.funds is None else f"funds {laws._block(example.funds)}"
        rows = " | ".join(laws._row(row) for row in example.indicators)
        return f"table {example.project} ({example.year}), {funds}; rows: {rows}"
    if isinstance(example, Decimal):
        return format(example, "f")
    return repr(example)


# The laws -------------------------------------------------------------------------------

_STEPS: Final = st.sampled_from([Decimal("0.01"), Decimal(1)]) | st.decimals(0, 1000, places=2)


def _rows(policy: Policy) -> st.SearchStrategy[Any]:
    """(row, table year, step): every kind of row, drawn under *policy*."""
    return st.tuples(
        pst.indicators(kinds=pst.KINDS, policy=policy), st.sampled_from([2023, 2024]), _STEPS
    )


def _row_law(law: Callable[..., object], *, with_policy: bool = True) -> Check:
    def check(parts: Parts, example: Any, policy: Policy) -> None:
        row, year, _step = example
        if with_policy:
            law(parts.indicator, row, policy=policy, year=year)
        else:
            law(parts.indicator, row, year=year)

    return check


def _monotone(parts: Parts, example: Any, policy: Policy) -> None:
    row, year, step = example
    laws.check_monotone(parts.indicator, row, step=step, policy=policy, year=year)
    laws.check_time_limit_monotone(parts.indicator, row, step=step, year=year)


def _agrees_rows(parts: Parts, example: Any, policy: Policy) -> None:
    row, year, _step = example
    laws.check_agrees_with_perfeval(parts.indicator, row, policy, year=year)


def _blocks(policy: Policy) -> st.SearchStrategy[Any]:
    """Fund blocks under *policy*, printing a weight or leaving it blank."""
    return pst.fund_blocks(policy=policy) | pst.fund_blocks(policy=policy, weight=None)


def _tables(policy: Policy) -> st.SearchStrategy[Any]:
    """(table, seed of a row order): tables drawn under *policy*."""
    return st.tuples(pst.tables(policy=policy, max_indicators=9), st.integers(0, 2**16))


def _row_order(parts: Parts, example: Any, _policy: Policy) -> None:
    table, seed = example
    order = list(range(len(table.indicators)))
    random.Random(seed).shuffle(order)
    laws.check_row_order(parts.table, table, order=order)


def _table_grade(parts: Parts, example: Any, policy: Policy) -> None:
    assert parts.table_grader is not None
    laws.check_table_grade(parts.table_grader, example[0], policy=policy, scorer=parts.table)


def _same_grade(parts: Parts, example: Any, policy: Policy) -> None:
    assert parts.table_grader is not None
    table = example[0]
    got = parts.table_grader(table)
    expected = laws.perfeval_table_grader(policy)(table)
    if got != expected:
        raise LawViolation(f"{table.project}: graded {got!r}, perfeval grades {expected!r}")


def _faults(policy: Policy) -> st.SearchStrategy[Any]:
    return st.sampled_from(pst.FAULTS).flatmap(
        lambda fault: st.tuples(st.just(fault), pst.faulty_tables(fault=fault, policy=policy))
    )


def _catches(parts: Parts, example: Any, _policy: Policy) -> None:
    assert parts.auditor is not None
    fault, (table, where) = example
    laws.check_catches_fault(parts.auditor, table, fault, where)


def _printed(policy: Policy) -> st.SearchStrategy[Any]:
    return pst.printed_tables(policy=policy, max_indicators=9)


def _audit_agrees(parts: Parts, example: Any, policy: Policy) -> None:
    assert parts.auditor is not None
    table = example[0]
    wanted = ("error", "warning")
    got = {(c, w) for c, w, s in laws._findings(parts.auditor, table) if s in wanted}
    expected = {
        (c, w) for c, w, s in laws._findings(laws.perfeval_auditor(policy), table) if s in wanted
    }
    if got != expected:
        raise LawViolation(
            f"{table.project}: the auditor reports {sorted(got - expected)} that perfeval "
            f"does not, and misses {sorted(expected - got)}"
        )


def _totals(policy: Policy) -> st.SearchStrategy[Any]:
    return st.tuples(pst.totals(policy=policy), pst.totals(policy=policy))


def _phrases(_policy: Policy) -> st.SearchStrategy[Any]:
    """[(text, as a target?), …]: a few printed cells across the grammar, and text it does
    not cover (a few per example: the grammar has many shapes, each cheap to read)."""
    return st.lists(st.tuples(pst.phrases(), st.booleans()), min_size=1, max_size=12)


def _read(parts: Parts, example: Any, _policy: Policy) -> None:
    reader = parts.reader
    assert reader is not None
    for text, target in example:
        laws.check_read_or_unreadable(functools.partial(reader, target=target), text)


def _negations(_policy: Policy) -> st.SearchStrategy[Any]:
    return st.tuples(pst.negated_statements(), st.booleans())


def _negation(parts: Parts, example: Any, _policy: Policy) -> None:
    reader = parts.reader
    assert reader is not None
    text, target = example
    laws.check_negation_not_met(lambda cell: reader(cell, target=target), text)


def _reads_alike(parts: Parts, example: Any, _policy: Policy) -> None:
    assert parts.reader is not None
    for text, target in example:
        laws.check_reading_agrees_with_perfeval(parts.reader, text, target=target)


def _explained(parts: Parts, example: Any, policy: Policy) -> None:
    row, year, _step = example
    laws.check_row_explained(parts.indicator, parts.explainer, row, policy=policy, year=year)


def _funds_explained(parts: Parts, block: Any, policy: Policy) -> None:
    laws.check_funds_explained(parts.funds, parts.funds_explainer, block, policy=policy)


def _numbers(_policy: Policy) -> st.SearchStrategy[Any]:
    """(weight, target, actual, floor): the numbers of a missed target (target and actual
    above 0) and a floor for a linear formula of another region."""
    positive = st.decimals(min_value=Decimal("0.01"), max_value=10**5, places=2)
    return st.tuples(pst.weights(), positive, positive, pst.floors())


def _described(_parts: Parts, example: Any, policy: Policy) -> None:
    weight, target, actual, floor = example
    formulas = laws.policy_formulas(policy)
    others = [*formulas, LinearReverse(floor=floor)]
    for formula in formulas:
        laws.check_formula_described(formula, weight, target, actual, others=others)


def _invalid(policy: Policy) -> st.SearchStrategy[Any]:
    return pst.invalid_settings(policy=policy)


def _refused(_parts: Parts, invalid: Any, _policy: Policy) -> None:
    laws.check_refused(invalid.build, invalid.field, invalid.what)


def _labels(policy: Policy) -> st.SearchStrategy[Any]:
    return st.tuples(pst.totals(policy=policy), st.sampled_from(pst.NOT_GRADES))


def _labels_read(_parts: Parts, example: Any, policy: Policy) -> None:
    total, unknown = example
    laws.check_grade_labels(policy.grades, total, unknown=unknown)


def _reprints(_policy: Policy) -> st.SearchStrategy[Any]:
    return st.lists(pst.reprinted_cells(), min_size=1, max_size=4)


def _reprint_read(parts: Parts, example: Any, _policy: Policy) -> None:
    for plain, printed, target in example:
        laws.check_reprint_read_alike(parts.reader, plain, printed, target=target)


def _columns(_policy: Policy) -> st.SearchStrategy[Any]:
    return st.lists(pst.target_columns(), min_size=1, max_size=4)


def _columns_read(parts: Parts, example: Any, _policy: Policy) -> None:
    for columns in example:
        laws.check_columns_read_as_cell(parts.column_reader, parts.reader, *columns)


def _catalogue(_policy: Policy) -> list[Any]:
    """Every cell of :data:`~perfeval.testing.strategies.GRAMMAR_CELLS`, as a target and
    as an actual: one explicit example, read before the drawn ones."""
    return [[(cell, target) for cell in pst.GRAMMAR_CELLS for target in (True, False)]]


def _none(_policy: Policy) -> list[Any]:
    return []


def _hard_rows(_policy: Policy) -> list[Any]:
    """The rows of :data:`~perfeval.testing.strategies.HARD_ROWS`, in the tables of 2023
    and 2024."""
    return [(row, year, Decimal(1)) for row in pst.hard_rows() for year in (2023, 2024)]


def _hard_blocks(_policy: Policy) -> list[Any]:
    return list(pst.hard_blocks())


#: Examples every run checks besides those it draws, by the examples they go with: the
#: classic slips are checked every time, not when a draw happens upon them.
_EXPLICIT: Final[dict[Examples, Callable[[Policy], list[Any]]]] = {
    _phrases: _catalogue,
    _rows: _hard_rows,
    _blocks: _hard_blocks,
}


def _law(
    name: str,
    part: str,
    examples: Examples,
    check: Check,
    doc: str,
    *,
    oracle_free: bool = True,
    also: tuple[str, ...] = (),
) -> Law:
    return Law(name=name, part=part, oracle_free=oracle_free, examples=examples, check=check,
               doc=doc, also=also)  # fmt: skip


#: Every law :func:`verify` runs, in order: the oracle-free laws, then the differential
#: checks against perfeval. Laws that draw the same examples run over one stream.
LAWS: Final[tuple[Law, ...]] = (
    _law("row within weight", "indicator", _rows, _row_law(laws.check_score_within_weight),
         "0 ≤ score ≤ weight, and a score wherever the rules compute one"),
    _law("row 无 left out", "indicator", _rows,
         _row_law(laws.check_not_applicable, with_policy=False), "a 无 row has no score"),
    _law("row met scores its weight", "indicator", _rows,
         _row_law(laws.check_met_scores_weight),
         "a met target, a reached range, a kept deadline score the weight"),
    _law("row missed by the formula", "indicator", _rows,
         _row_law(laws.check_missed_by_formula),
         "a missed target scores the policy's formula, capped, half up once"),
    _law("row judged", "indicator", _rows, _row_law(laws.check_judged_rows),
         "rows no rule computes take the printed score, capped"),
    _law("row deadline", "indicator", _rows, _row_law(laws.check_deadline),
         "a deadline is kept up to the last day of its period, in the table's year"),
    _law("row monotone", "indicator", _rows, _monotone,
         "more of a positive actual never scores less; more of a reverse one, or more "
         "time, never scores more"),
    _law("row unit invariance", "indicator", _rows,
         _row_law(laws.check_unit_invariance, with_policy=False),
         "the same amounts in another unit score the same"),
    _law("funds score", "funds", _blocks,
         lambda parts, block, policy: laws.check_funds_score(parts.funds, block, policy=policy),
         "weight × executed / budget, capped, half up, with the policy's weight"),
    _law("funds unit invariance", "funds", _blocks,
         lambda parts, block, _p: laws.check_funds_unit_invariance(parts.funds, block),
         "the same block in 元, 千元, 万元 or 亿元 scores the same"),
    _law("table rows", "table", _tables,
         lambda parts, ex, policy: laws.check_rows_in_table(parts.table, ex[0], policy=policy),
         "the funds and every row inside a table, with its year and the policy's weights"),
    _law("table total", "table", _tables,
         lambda parts, ex, policy: laws.check_total_is_sum(parts.table, ex[0], policy=policy),
         "the total is the sum of the rows, rescaled when the policy says"),
    _law("table row order", "table", _tables, _row_order,
         "the rows in another order score the same"),
    _law("table grade", "table_grader", _tables, _table_grade,
         "a table is graded on its total, and not while missing rows could change it"),
    _law("grade bands", "grader", _totals,
         lambda parts, ex, policy: laws.check_grade_bands(parts.grader, ex[0], ex[1],
                                                          policy.grades),
         "grades follow the declared scale on both sides of every boundary"),
    _law("audit clean", "auditor", _printed,
         lambda parts, table, _p: laws.check_audit_clean(parts.auditor, table),
         "a correctly printed table is not flagged"),
    _law("audit catches faults", "auditor", _faults, _catches,
         "every planted fault is reported where it sits"),
    _law("reading read or reported", "reader", _phrases, _read,
         "a cell is read or reported unreadable, never dropped"),
    _law("reading negations", "reader", _negations, _negation,
         "a negated statement (效果不明显, 未能按时完成) is never read as met"),
    _law("row explained", "explainer", _rows, _explained,
         "an explanation states its score, the figures the rule used and the formula's "
         "computation", also=("indicator",)),
    _law("funds explained", "funds_explainer", _blocks, _funds_explained,
         "a funds explanation states its score, weight, budget and executed amount, and no "
         "rate when it is undefined", also=("funds",)),
    _law("reading reprinted", "reader", _reprints, _reprint_read,
         "a cell in full-width digits, with spaces or in Chinese numerals reads as its ASCII "
         "print"),
    _law("columns read as a cell", "column_reader", _columns, _columns_read,
         "a target in split columns reads as the same target in one cell", also=("reader",)),
    _law("policy formulas described", "policy", _numbers, _described,
         "a formula's description states its numbers and tells formulas apart; its value is "
         "the same every way it is computed"),
    _law("policy grade labels", "policy", _labels, _labels_read,
         "every printed grade reads back to its band, and nothing else does"),
    _law("policy refuses invalid settings", "policy", _invalid, _refused,
         "a policy, formula, grade scale or fund row built from invalid settings is refused "
         "with perfeval's error naming the setting"),
    _law("agrees with perfeval: rows", "indicator", _rows, _agrees_rows,
         "each row scores as perfeval scores it under the policy", oracle_free=False),
    _law("agrees with perfeval: funds", "funds", _blocks,
         lambda parts, block, policy: laws.check_funds_agree_with_perfeval(parts.funds, block,
                                                                           policy),
         "the funds score is perfeval's", oracle_free=False),
    _law("agrees with perfeval: tables", "table", _tables,
         lambda parts, ex, policy: laws.check_table_agrees_with_perfeval(parts.table, ex[0],
                                                                         policy),
         "funds, rows and total are perfeval's", oracle_free=False),
    _law("agrees with perfeval: table grade", "table_grader", _tables, _same_grade,
         "the table's grade is perfeval's", oracle_free=False),
    _law("agrees with perfeval: audit", "auditor", _tables, _audit_agrees,
         "the same errors and warnings, at the same places", oracle_free=False),
    _law("agrees with perfeval: readings", "reader", _phrases, _reads_alike,
         "every cell read as perfeval reads it", oracle_free=False),
)  # fmt: skip


# Running them ---------------------------------------------------------------------------


def _parts(scorer: object, given_parts: dict[str, Any]) -> Parts:
    found: dict[str, Any] = {}
    for part in _PARTS:
        value = given_parts.get(part)
        if value is None and scorer is not None:
            value = getattr(scorer, _METHODS[part], None)
        if value is not None and not callable(value):
            raise InvalidTypeError(f"expected a callable for {part}", field=part, value=value)
        found[part] = value
    if scorer is not None and callable(scorer) and not any(found.values()):
        found["indicator"] = scorer  # a bare function scores rows
    return Parts(**found)


def _settings(max_examples: int, shrink: bool) -> hypothesis.settings:
    phases = [Phase.explicit, Phase.reuse, Phase.generate, Phase.target]
    if shrink:
        phases.append(Phase.shrink)
    return hypothesis.settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,
        database=None,
        report_multiple_bugs=False,
        suppress_health_check=list(HealthCheck),
        phases=phases,
        print_blob=False,
    )


def _run(
    group: Sequence[Law], parts: Parts, policy: Policy, settings: hypothesis.settings
) -> tuple[LawFailure | None, tuple[Law, ...]]:
    """Run the laws of *group* (which draw the same examples) over one stream of
    examples; the first law broken is shrunk to its minimal example. Returns the failure,
    if any, and the laws that held (all of them when none failed)."""
    seen: dict[str, tuple[Law, object, str]] = {}
    examples = group[0].examples

    def test(example: Any) -> None:
        for law in group:
            try:
                law.check(parts, example, policy)
            except LawViolation as violation:
                seen["last"] = (law, example, str(violation))
                raise
            except Exception as error:  # the scorer itself failed: that breaks the law too
                message = f"the scorer raised {type(error).__name__}: {error}"
                seen["last"] = (law, example, message)
                raise LawViolation(message) from error

    run: Callable[..., None] = given(examples(policy))(test)
    for explicit in _EXPLICIT.get(examples, _none)(policy):
        run = hypothesis.example(explicit)(run)
    checked: Callable[[], None] = settings(run)
    try:
        checked()
    except LawViolation:
        law, example, message = seen["last"]
        failure = LawFailure(
            law=law.name, oracle_free=law.oracle_free, message=message,
            example=_describe(example),
        )  # fmt: skip
        return failure, ()
    return None, tuple(group)


#: What the laws of the policy alone found, per policy and settings: they do not depend on
#: the parts verified, and a derandomized run finds the same again.
_POLICY_VERDICTS: dict[object, tuple[LawFailure | None, tuple[Law, ...]]] = {}


def _run_once(
    group: Sequence[Law],
    parts: Parts,
    policy: Policy,
    settings: hypothesis.settings,
    how: tuple[int, bool],
) -> tuple[LawFailure | None, tuple[Law, ...]]:
    """:func:`_run`, once per policy and settings for the laws of the policy alone."""
    if any(law.part != "policy" for law in group):
        return _run(group, parts, policy, settings)
    key = (tuple(law.name for law in group), policy, how)
    try:
        known = _POLICY_VERDICTS.get(key)
    except TypeError:  # a policy holding an unhashable formula of its own: run it
        return _run(group, parts, policy, settings)
    if known is None:
        known = _run(group, parts, policy, settings)
        if len(_POLICY_VERDICTS) >= 256:
            _POLICY_VERDICTS.clear()
        _POLICY_VERDICTS[key] = known
    return known


def verify(
    scorer: object = None,
    *,
    policy: Policy | str = MOF_2020,
    indicator: Callable[..., Decimal | None] | None = None,
    funds: Callable[[Any], Decimal | None] | None = None,
    table: Callable[[Any], Any] | None = None,
    grader: Callable[[Decimal], str] | None = None,
    table_grader: Callable[[Any], str | None] | None = None,
    auditor: Callable[[Any], Any] | None = None,
    reader: Callable[..., Any] | None = None,
    explainer: Callable[..., str] | None = None,
    funds_explainer: Callable[[Any], str] | None = None,
    column_reader: Callable[..., Any] | None = None,
    differential: bool = True,
    only: Sequence[str] | None = None,
    max_examples: int = 200,
    shrink: bool = True,
    fail_fast: bool = False,
    raise_on_failure: bool = True,
) -> VerificationReport:
    """Run every law that applies to the parts given (*scorer*'s methods, or the keyword
    parts) under *policy*, then (with *differential*) compare each part with perfeval under
    the same policy.

    Each law draws *max_examples* examples (derandomized: the same run every time) and
    shrinks a failure to a minimal example (unless *shrink* is false); *only* restricts
    the run to the laws of those names (:data:`LAWS`); *fail_fast* stops at the first
    failure. Returns the :class:`VerificationReport`; raises :class:`VerificationError`
    carrying it when a law failed, unless *raise_on_failure* is false.
    """
    chosen = resolve_policy(policy)
    parts = _parts(scorer, {"indicator": indicator, "funds": funds, "table": table,
                            "grader": grader, "table_grader": table_grader,
                            "auditor": auditor, "reader": reader, "explainer": explainer,
                            "funds_explainer": funds_explainer,
                            "column_reader": column_reader})  # fmt: skip
    if not any(getattr(parts, part) for part in _PARTS):
        raise InvalidTypeError(
            "nothing to verify: give a scorer or one of " + ", ".join(_PARTS), field="scorer",
            value=scorer,
        )  # fmt: skip
    parts = attrs.evolve(parts, policy=chosen)
    settings = _settings(max_examples, shrink)
    passed: list[str] = []
    failures: list[LawFailure] = []
    skipped: list[str] = []
    groups: dict[tuple[Examples, bool], list[Law]] = {}
    for law in LAWS:
        if only is not None and law.name not in only:
            continue
        needed = (law.part, *law.also)
        if any(getattr(parts, part) is None for part in needed) or (
            not differential and not law.oracle_free
        ):
            skipped.append(law.name)
            continue
        groups.setdefault((law.examples, law.oracle_free), []).append(law)
    # the oracle-free laws first, then the differential checks
    ordered = sorted(groups.values(), key=lambda group: not group[0].oracle_free)
    for group in ordered:
        remaining = list(group)
        while remaining:
            failure, held = _run_once(remaining, parts, chosen, settings, (max_examples, shrink))
            if failure is None:
                passed.extend(law.name for law in held)
                break
            failures.append(failure)
            if fail_fast:
                break
            remaining = [law for law in remaining if law.name != failure.law]
        if failures and fail_fast:
            break
    names = [law.name for law in LAWS]
    passed.sort(key=names.index)
    failures.sort(key=lambda failure: names.index(failure.law))
    report = VerificationReport(
        policy=chosen, passed=tuple(passed), failures=tuple(failures), skipped=tuple(skipped)
    )
    if failures and raise_on_failure:
        raise VerificationError(report)
    return report
