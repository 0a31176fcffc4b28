"""Hypothesis strategies for the other forms (rubrics, score-coefficient tables, department
forms) as a printed form can hold them: valid by construction, texts that are not the
forms' own headings, levels in the order a reader meets them."""

from __future__ import annotations

from decimal import Decimal

import attrs
from hypothesis import strategies as st

from perfeval.cells import is_blank
from perfeval.coefficient import CoefficientRow, CoefficientTable
from perfeval.department_form import DepartmentForm
from perfeval.funds import FundBlock, FundRow
from perfeval.layout import FoundTable
from perfeval.rubric import Level, Rubric, RubricRow
from perfeval.table import Table
from perfeval.testing import strategies as pst

#: Pieces of names: none is a heading, and no two of them make one.
WORDS = (
    "培训", "人数", "资金", "到位率", "群众", "满意度", "制度", "健全性", "养护", "里程",
    "执行率", "立项", "依据", "充分性", "绩效", "目标", "合理性", "管理", "有效性", "道路",
    "覆盖率", "农民", "增收", "服务", "质量", "达标率", "验收", "合格率", "设备", "采购",
)  # fmt: skip
#: Characters of the free texts (criteria, evidence, notes): CJK, digits, Latin, signs.
ALPHABET = (
    "依据充分得满分否则酌情扣到位率执行完成情况良好说明见附件0123456789.%×≥≤（）()，。ABCxyz -"
)


def names(*, max_words: int = 3) -> st.SearchStrategy[str]:
    """An indicator or heading name made of :data:`WORDS`."""
    return st.lists(st.sampled_from(WORDS), min_size=1, max_size=max_words).map("".join)


def texts(*, max_size: int = 24) -> st.SearchStrategy[str]:
    """A free text as a cell prints it: not blank, no spaces around it."""
    return (
        st.text(alphabet=ALPHABET, min_size=1, max_size=max_size)
        .map(str.strip)
        .filter(lambda text: bool(text) and not is_blank(text))
    )


def points(*, max_value: int = 100) -> st.SearchStrategy[Decimal]:
    """Points (a weight, a score): 0 to *max_value*, up to 2 decimals."""
    return st.decimals(min_value=0, max_value=max_value, places=2).map(Decimal.normalize)


def amounts() -> st.SearchStrategy[Decimal]:
    """An amount in 万元, up to 4 decimals."""
    return st.decimals(min_value=0, max_value=10**7, places=4)


_names, _texts = names, texts


def maybe(strategy: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return st.none() | strategy


@st.composite
def rubrics(
    draw: st.DrawFn,
    *,
    max_level1: int = 3,
    name: st.SearchStrategy[str] | None = None,
    text: st.SearchStrategy[str] | None = None,
) -> Rubric:
    """A rubric: 一级 headings, each with 二级 headings (or none) over its rows, levels that
    declare a weight and a subtotal now and then, optional groups, a total and a grade;
    names drawn from *name* (:func:`names`) and texts from *text* (:func:`texts`)."""
    names = (lambda **_: name) if name is not None else _names
    texts = (lambda **_: text) if text is not None else _texts
    levels: list[Level] = []
    rows: list[RubricRow] = []
    level1_names = draw(st.lists(names(max_words=2), min_size=1, max_size=max_level1,
                                 unique=True))  # fmt: skip
    for level1 in level1_names:
        levels.append(Level(name=level1, weight=draw(maybe(points())),
                            printed_score=draw(maybe(points()))))  # fmt: skip
        with_level2 = draw(st.booleans())
        level2_names = (
            draw(st.lists(names(max_words=2), min_size=1, max_size=2, unique=True))
            if with_level2
            else [None]
        )
        for level2 in level2_names:
            if level2 is not None:
                levels.append(Level(name=level2, parent=level1, weight=draw(maybe(points())),
                                    printed_score=draw(maybe(points()))))  # fmt: skip
            optional = draw(st.integers(0, 3)) == 0
            for _ in range(draw(st.integers(1, 3))):
                rows.append(
                    RubricRow(
                        level1=level1,
                        level2=level2,
                        name=draw(names()),
                        explanation=draw(maybe(texts())),
                        criterion=draw(maybe(texts())),
                        target=draw(maybe(texts(max_size=8))),
                        evidence=draw(maybe(texts())),
                        weight=draw(maybe(points(max_value=40))),
                        score=draw(maybe(points(max_value=40))),
                        optional=optional,
                    )
                )
    return Rubric(
        title=draw(maybe(texts())),
        levels=tuple(levels),
        rows=tuple(rows),
        printed_total=draw(maybe(points())),
        printed_total_weight=draw(maybe(points())),
        printed_grade=draw(maybe(st.sampled_from(("优", "良", "中", "差", "优秀", "合格")))),
    )


@st.composite
def fund_rows(draw: st.DrawFn, *, source: str | None = None) -> FundRow:
    """A row of amounts, its executed amount printed, its rate and score now and then."""
    chosen = source or draw(
        st.sampled_from(("current_year", "carry_over", "other")) | names(max_words=2)
    )
    return FundRow(
        source=chosen,
        initial_budget=draw(maybe(amounts())),
        annual_budget=draw(maybe(amounts())),
        executed=draw(amounts()),
        printed_rate=draw(maybe(st.decimals(min_value=0, max_value=200, places=2))),
        printed_score=draw(maybe(points(max_value=10))),
    )


@st.composite
def coefficient_tables(
    draw: st.DrawFn,
    *,
    max_rows: int = 6,
    name: st.SearchStrategy[str] | None = None,
    text: st.SearchStrategy[str] | None = None,
) -> CoefficientTable:
    """A score-coefficient table: a title, an execution block now and then (its 年度资金总额
    row and source rows), rows with coefficients as fractions (above 1 now and then);
    names and texts as for :func:`rubrics`."""
    names = (lambda **_: name) if name is not None else _names
    texts = (lambda **_: text) if text is not None else _texts
    execution = None
    if draw(st.booleans()):
        execution = FundBlock(
            weight=draw(maybe(points(max_value=20))),
            total=draw(fund_rows(source="total")),
            sources=draw(st.lists(fund_rows(), max_size=2)),
        )
    level1s = draw(st.lists(names(max_words=2), min_size=1, max_size=2, unique=True))
    rows = []
    for level1 in level1s:
        for level2 in draw(st.lists(names(max_words=2), min_size=1, max_size=2, unique=True)):
            for _ in range(draw(st.integers(1, 2))):
                rows.append(
                    CoefficientRow(
                        level1=level1,
                        level2=level2,
                        name=draw(names()),
                        core=draw(maybe(st.booleans())),
                        target=draw(maybe(texts(max_size=8))),
                        adjusted_target=draw(maybe(texts(max_size=8))),
                        actual=draw(maybe(texts(max_size=8))),
                        weight=draw(maybe(points(max_value=40))),
                        coefficient=draw(
                            maybe(st.decimals(min_value=0, max_value=Decimal("1.5"), places=4))
                        ),
                        score=draw(maybe(points(max_value=40))),
                        note=draw(maybe(texts())),
                    )
                )
    return CoefficientTable(
        title=draw(texts()) if execution is not None else draw(maybe(texts())),
        execution=execution,
        rows=tuple(rows[:max_rows]),
        printed_total=draw(maybe(points())),
    )


@st.composite
def department_forms(
    draw: st.DrawFn, *, tables: st.SearchStrategy[Table] | None = None
) -> DepartmentForm:
    """A department form: a table drawn by :func:`perfeval.testing.strategies.tables`
    (or by *tables*) with a fund block that has its 年度资金总额 row, named for the
    department, and rows by
    expenditure type. What only a hidden field holds (policy, declared weights, notes) is
    left out: :func:`perfeval.kinds.read_forms` reads printed cells."""
    department = draw(names(max_words=2)) + "局"
    if tables is None:
        tables = pst.tables(max_indicators=4) | pst.printed_tables(max_indicators=4)
    table = draw(tables)
    funds = table.funds
    if funds is None or funds.total is None:  # a department form prints its 年度资金总额 row
        funds = draw(pst.fund_blocks(defined=True))
    table = attrs.evolve(
        table,
        project=department,
        department=department,
        funds=funds,
        policy=None,
        level1_weights={},
        notes=(),
    )
    unit = funds.unit  # one money block, one unit: the rows by type are in the block's
    breakdown = draw(
        st.lists(
            fund_rows().map(lambda row: attrs.evolve(row, source="基本支出", unit=unit))
            | fund_rows().map(lambda row: attrs.evolve(row, source="项目支出", unit=unit)),
            max_size=2,
        )
    )
    found = FoundTable(name="document", document={}, cells={}, table=table)
    return DepartmentForm(department=department, found=found, breakdown=tuple(breakdown))
