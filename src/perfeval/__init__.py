"""perfeval: exact, explainable scoring of 项目支出绩效自评表 (performance self-evaluation tables).

The public API is re-exported here; the modules behind it are an implementation detail.
Edge modules (:mod:`perfeval.formatting`, :mod:`perfeval.document`,
:mod:`perfeval.serialization`, :mod:`perfeval.spreadsheet`, :mod:`perfeval.render`,
:mod:`perfeval.seed`, :mod:`perfeval.cli`, :mod:`perfeval.testing`) are imported by path
and never by this package.

**The list of exports** is the ``if TYPE_CHECKING:`` block below, one line a name::

    from perfeval.MODULE import NAME as NAME

and nothing else: it is the package's ``__all__``. To export a name, add its line there.

*For type checkers* the block is plain imports (``as NAME`` marks a re-export under
``mypy --strict``), and the package has no ``__getattr__`` they can see, so a misspelt or
unexported name (``from perfeval import scroe_table``) is an error.

*At run time* the block does not run, so ``import perfeval`` imports no module of its own.
The first time a public name is asked for, ``__getattr__`` reads the block from this file
(with :mod:`ast`, once), imports that name's module and keeps the name: ``perfeval.score_table``
loads the scoring modules then, and a command imports only what it uses. Measured
(CPython 3.11, ``benchmarks/startup.py``): ``import perfeval`` costs about 1 ms over bare
Python; importing every module instead, which would also have kept one list, costs about
150 ms. Reading the block, once, costs under 2 ms of parsing; :mod:`ast` itself (9 ms) is
loaded anyway by the modules behind every name but those of :mod:`perfeval.errors` and
:mod:`perfeval.number`. The runtime needs this file's source, which wheels and source
trees ship.

Two more things live here. ``_DEPRECATED`` names the helpers this package exported
before they were made internal: ``perfeval.in_tier`` still answers, with a
:class:`DeprecationWarning` naming the module where it lives, but type checkers and
``__all__`` no longer know it. And the package module is of a small subclass: the function
:func:`perfeval.audit` and the module :mod:`perfeval.audit` share a name, and importing the
module would otherwise replace the function.
"""

from __future__ import annotations

import sys
import types

TYPE_CHECKING = False  # typing itself costs milliseconds to import; type checkers know this name
if TYPE_CHECKING:  # the list of exports: see above
    from perfeval.audit import CHECKS as CHECKS
    from perfeval.audit import AuditReport as AuditReport
    from perfeval.audit import TotalVerdict as TotalVerdict
    from perfeval.audit import audit as audit
    from perfeval.audit import check as check
    from perfeval.audit import total_verdict as total_verdict
    from perfeval.batch import audit_many as audit_many
    from perfeval.batch import score_many as score_many
    from perfeval.department import Bands as Bands
    from perfeval.department import Checklist as Checklist
    from perfeval.department import Deduction as Deduction
    from perfeval.department import IndicatorRule as IndicatorRule
    from perfeval.department import Judged as Judged
    from perfeval.department import LeafRule as LeafRule
    from perfeval.department import Node as Node
    from perfeval.department import NodeScore as NodeScore
    from perfeval.department import audit_tree as audit_tree
    from perfeval.department import score_node as score_node
    from perfeval.errors import DocumentError as DocumentError
    from perfeval.errors import InvalidAmountError as InvalidAmountError
    from perfeval.errors import InvalidIndicatorError as InvalidIndicatorError
    from perfeval.errors import InvalidNumberError as InvalidNumberError
    from perfeval.errors import InvalidPolicyError as InvalidPolicyError
    from perfeval.errors import InvalidTypeError as InvalidTypeError
    from perfeval.errors import LimitError as LimitError
    from perfeval.errors import PerfevalError as PerfevalError
    from perfeval.errors import TargetParseError as TargetParseError
    from perfeval.errors import UnknownCodeError as UnknownCodeError
    from perfeval.errors import UnknownPolicyError as UnknownPolicyError
    from perfeval.findings import CATALOGUE as CATALOGUE
    from perfeval.findings import CODES as CODES
    from perfeval.findings import Check as Check
    from perfeval.findings import Code as Code
    from perfeval.findings import Finding as Finding
    from perfeval.findings import Severity as Severity
    from perfeval.formulas import FORMULAS as FORMULAS
    from perfeval.formulas import Formula as Formula
    from perfeval.formulas import InverseRatio as InverseRatio
    from perfeval.formulas import LinearReverse as LinearReverse
    from perfeval.formulas import Ratio as Ratio
    from perfeval.formulas import Symmetric as Symmetric
    from perfeval.formulas import formula_for as formula_for
    from perfeval.funds import ExecutionRate as ExecutionRate
    from perfeval.funds import FundBlock as FundBlock
    from perfeval.funds import FundDiscrepancy as FundDiscrepancy
    from perfeval.funds import FundRow as FundRow
    from perfeval.funds import FundsScore as FundsScore
    from perfeval.funds import fund_source as fund_source
    from perfeval.funds import score_funds as score_funds
    from perfeval.grades import NATIONAL_GRADES as NATIONAL_GRADES
    from perfeval.grades import GradeBand as GradeBand
    from perfeval.grades import GradeScale as GradeScale
    from perfeval.groups import GROUPS as GROUPS
    from perfeval.groups import Group as Group
    from perfeval.groups import match_group as match_group
    from perfeval.indicators import Indicator as Indicator
    from perfeval.limits import DEFAULT_LIMITS as DEFAULT_LIMITS
    from perfeval.limits import Limits as Limits
    from perfeval.monitoring import DEFAULT_MONITORING as DEFAULT_MONITORING
    from perfeval.monitoring import Likelihood as Likelihood
    from perfeval.monitoring import MonitoredFunds as MonitoredFunds
    from perfeval.monitoring import MonitoredIndicator as MonitoredIndicator
    from perfeval.monitoring import MonitoringPolicy as MonitoringPolicy
    from perfeval.monitoring import MonitoringResult as MonitoringResult
    from perfeval.monitoring import MonitoringTable as MonitoringTable
    from perfeval.monitoring import WarningLevel as WarningLevel
    from perfeval.monitoring import monitor as monitor
    from perfeval.number import to_amount as to_amount
    from perfeval.policy import MOF_2020 as MOF_2020
    from perfeval.policy import POLICIES as POLICIES
    from perfeval.policy import Policy as Policy
    from perfeval.policy import PolicyFormula as PolicyFormula
    from perfeval.policy import get_policy as get_policy
    from perfeval.policy import policy_ids as policy_ids
    from perfeval.policy import register_policy as register_policy
    from perfeval.policy import registered_policies as registered_policies
    from perfeval.policy import resolve_policy as resolve_policy
    from perfeval.policy_files import dumps_policy as dumps_policy
    from perfeval.policy_files import loads_policy as loads_policy
    from perfeval.policy_files import read_policy as read_policy
    from perfeval.report import Report as Report
    from perfeval.report import build_report as build_report
    from perfeval.scoring import IndicatorScore as IndicatorScore
    from perfeval.scoring import Route as Route
    from perfeval.scoring import RowDecision as RowDecision
    from perfeval.scoring import Rule as Rule
    from perfeval.scoring import decide_row as decide_row
    from perfeval.scoring import score_indicator as score_indicator
    from perfeval.table import RowChange as RowChange
    from perfeval.table import Scorecard as Scorecard
    from perfeval.table import Table as Table
    from perfeval.table import score_table as score_table
    from perfeval.targets import Achievement as Achievement
    from perfeval.targets import Blank as Blank
    from perfeval.targets import Comparison as Comparison
    from perfeval.targets import Deadline as Deadline
    from perfeval.targets import Direction as Direction
    from perfeval.targets import NotApplicable as NotApplicable
    from perfeval.targets import Qualitative as Qualitative
    from perfeval.targets import Reading as Reading
    from perfeval.targets import Unit as Unit
    from perfeval.targets import Unreadable as Unreadable
    from perfeval.targets import parse_actual as parse_actual
    from perfeval.targets import parse_target as parse_target
    from perfeval.targets import structured_target as structured_target

__version__ = "0.1.0.dev0"

#: Helpers this package used to export, and where they live: still answered at run time,
#: with a DeprecationWarning, but neither in ``__all__`` nor seen by type checkers.
_DEPRECATED: dict[str, str] = {
    "agrees": "perfeval.audit",
    "compare": "perfeval.table",
    "exceeds_weight": "perfeval.checks",
    "in_tier": "perfeval.checks",
    "note_required": "perfeval.checks",
    "quantize_half_up": "perfeval.number",
    "tier_bounds": "perfeval.checks",
    "to_decimal": "perfeval.number",
}

#: Where each public name lives, read from the block above on first use.
_exports: dict[str, str] | None = None


def _read_exports() -> dict[str, str]:
    """Each public name and its module: the imports of this file's ``if TYPE_CHECKING:`` block."""
    global _exports
    if _exports is None:
        import ast

        with open(__file__, "rb") as file:
            tree = ast.parse(file.read(), __file__)
        block = next(
            node.body
            for node in tree.body
            if isinstance(node, ast.If)
            and isinstance(node.test, ast.Name)
            and node.test.id == "TYPE_CHECKING"
        )
        _exports = {
            alias.name: statement.module
            for statement in block
            if isinstance(statement, ast.ImportFrom) and statement.module
            for alias in statement.names
        }
    return _exports


def _attribute(name: str) -> object:
    """A public name, imported on first use and kept; a deprecated one, with a warning."""
    from importlib import import_module

    module = _read_exports().get(name)
    if module is not None:
        value = getattr(import_module(module), name)
        globals()[name] = value
        return value
    if name == "__all__":
        names = globals()["__all__"] = list(_read_exports())
        return names
    module = _DEPRECATED.get(name)
    if module is not None:
        import warnings

        warnings.warn(
            f"perfeval.{name} is internal and no longer exported by the package; "
            f"it lives in {module} ({module}.{name})",
            DeprecationWarning,
            stacklevel=2,
        )
        return getattr(import_module(module), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _names() -> list[str]:
    return sorted({*globals(), *_read_exports()})


if not TYPE_CHECKING:  # a __getattr__ type checkers saw would let every name through
    __getattr__ = _attribute
    __dir__ = _names


class _Package(types.ModuleType):
    """The package module: a submodule that shares a public name (:mod:`perfeval.audit` and
    :func:`perfeval.audit`) must not replace the name when the submodule is imported."""

    def __setattr__(self, name: str, value: object) -> None:
        if (
            isinstance(value, types.ModuleType)
            and value.__name__ == f"{__name__}.{name}"
            and name in vars(value)  # checked first: only perfeval.audit gets further
            and _read_exports().get(name) == value.__name__
        ):
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
