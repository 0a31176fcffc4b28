"""perfeval.report: reports over many tables."""

from decimal import Decimal

import pytest

from perfeval import FundBlock, FundRow, Table, build_report
from perfeval.errors import InvalidTypeError

D = Decimal


def test_a_report_converts_units_before_adding():
    yuan = Table(project="a", funds=FundBlock(unit="元", total=FundRow(
        source="total", unit="元", annual_budget="600000", executed="517900")))  # fmt: skip
    wan = Table(project="b", funds=FundBlock(total=FundRow(
        source="total", annual_budget="10", executed="8")))  # fmt: skip
    report = build_report([yuan, wan])
    assert report.amount("executed") == D("59.79")
    assert build_report([yuan, wan], unit="元").amount("annual_budget") == D(700000)


@pytest.mark.parametrize(
    ("tables", "field", "row"),
    [(None, "tables", None), (5, "tables", None), ([None], "table", None)],
)
def test_a_report_refuses_what_is_not_tables_naming_it(tables, field, row):
    with pytest.raises(InvalidTypeError) as caught:
        build_report(tables)
    assert (caught.value.field, caught.value.row) == (field, row)
