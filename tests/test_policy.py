"""perfeval.policy: a policy is a value that carries its formulas; every entry chooses alike."""

import copy
import io
import json
import multiprocessing
import pickle
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal
from decimal import Decimal as D
from fractions import Fraction
from pathlib import Path

import attrs
import pytest

from perfeval import Indicator
from perfeval.batch import audit_many, score_many
from perfeval.cli import main
from perfeval.document import table_from_mapping
from perfeval.errors import InvalidPolicyError, InvalidTypeError
from perfeval.formulas import LinearReverse, Ratio
from perfeval.policy import (
    MOF_2020,
    Policy,
    PolicyFormula,
    get_policy,
    policy_to_mapping,
    register_policy,
)
from perfeval.policy_files import dumps_policy, loads_policy, read_policy
from perfeval.scoring import score_indicator
from perfeval.table import score_table

FLOORED = """
id = "{id}"
title = {{ zh = "某省规则", en = "A province's rules" }}
[settings]
reverse_form = "floored"
[formulas.reverse]
floored = {{ kind = "linear", floor = "{floor}" }}
"""


def _policy_file(tmp_path: Path, policy_id: str, floor: str) -> Path:
    path = tmp_path / f"{policy_id}.toml"
    path.write_text(FLOORED.format(id=policy_id, floor=floor), encoding="utf-8")
    return path


def _document(document, policy_id=None):
    """A table whose cost row misses its bound far enough for the floor to decide."""
    document = copy.deepcopy(document)
    document["indicators"][3].update(target="≤50万元", actual="150万元", score=None)
    document["total_score"] = None
    document["grade"] = None
    if policy_id is not None:
        document["policy"] = policy_id
    return document


@pytest.fixture
def spawn():
    """Worker processes started with spawn, as on Windows, macOS and Dask."""
    before = multiprocessing.get_start_method(allow_none=True)
    multiprocessing.set_start_method("spawn", force=True)
    yield
    multiprocessing.set_start_method(before, force=True)


def test_two_files_may_name_their_own_formulas_alike(tmp_path, document):
    half = read_policy(_policy_file(tmp_path, "half", "0.5"), register=True)
    fifth = read_policy(_policy_file(tmp_path, "fifth", "0.2"), register=True)
    table = table_from_mapping(_document(document))
    assert score_table(table, half).indicators[3].score == D("5.00")  # weight 10 × 0.5
    assert score_table(table, fifth).indicators[3].score == D("2.00")
    assert get_policy("half").formula("reverse") == LinearReverse(floor=D("0.5"))
    assert get_policy("fifth").formula("reverse") == LinearReverse(floor=D("0.2"))
    assert "max(0.2," in score_table(table, "fifth").indicators[3].formula


def test_a_policy_compares_hashes_and_pickles_by_value(tmp_path):
    policy = read_policy(_policy_file(tmp_path, "by-value", "0.5"))
    again = loads_policy(FLOORED.format(id="by-value", floor="0.5"))
    assert policy == again
    assert hash(policy) == hash(again)
    assert pickle.loads(pickle.dumps(policy)) == policy
    assert loads_policy(dumps_policy(policy)) == policy
    assert policy.formulas == (PolicyFormula("reverse", "floored", LinearReverse(D("0.5"))),)


def test_a_policys_own_formula_wins_over_a_built_in_id_only_in_that_policy():
    floor = LinearReverse(floor=D("0.5"))
    mine = attrs.evolve(MOF_2020, id="own-linear", reverse_form="linear",
                        formulas={"reverse": {"linear": floor}})  # fmt: skip
    assert mine.formula("reverse") is floor
    assert attrs.evolve(MOF_2020, reverse_form="linear").formula("reverse") == LinearReverse()


@pytest.mark.parametrize(
    ("formulas", "error", "field"),
    [
        ({"sideways": {"f": LinearReverse()}}, InvalidPolicyError, "formulas"),
        ({"reverse": {"f": "linear"}}, InvalidTypeError, "formulas.reverse.f"),
        ({"reverse": {"": LinearReverse()}}, InvalidTypeError, "formulas.reverse"),
        ("linear", InvalidTypeError, "formulas"),
    ],
)
def test_a_policys_formulas_are_checked_when_it_is_made(formulas, error, field):
    with pytest.raises(error) as caught:
        Policy(id="bad", formulas=formulas)
    assert caught.value.field == field


def test_a_form_naming_no_formula_of_the_policy_is_refused():
    with pytest.raises(InvalidPolicyError) as caught:
        Policy(
            id="bad", reverse_form="floored", formulas={"positive": {"floored": LinearReverse()}}
        )
    assert caught.value.field == "reverse_form"


def test_a_formula_of_a_class_of_ones_own_cannot_be_written_to_a_file():
    @attrs.frozen
    class Half:
        def value(self, weight, target, actual):
            return weight / 2

        def describe(self, weight, target, actual):
            return f"{weight} / 2"

    policy = Policy(id="half", reverse_form="half", formulas={"reverse": {"half": Half()}})
    with pytest.raises(InvalidPolicyError) as caught:
        dumps_policy(policy)
    assert caught.value.field == "formulas.reverse.half"


def test_score_many_honours_each_tables_own_policy(document):
    linear = table_from_mapping(_document(document, "mof-2020-linear-reverse"))
    national = table_from_mapping(_document(document))
    cards = list(score_many([linear, national]))
    assert [card.policy.id for card in cards] == ["mof-2020-linear-reverse", "mof-2020"]
    assert [card.total for card in cards] == [score_table(linear).total,
                                              score_table(national).total]  # fmt: skip
    assert cards[0].total != cards[1].total
    forced = list(score_many([linear], "mof-2020"))
    assert forced[0].policy is MOF_2020
    assert [r.scorecard.policy.id for r in audit_many([linear])] == ["mof-2020-linear-reverse"]


def _score_in_worker(table, policy):
    card = score_table(table, policy)
    return card.total, [row.formula for row in card.indicators]


def test_a_policy_file_scores_alike_in_spawn_workers(tmp_path, document, spawn):
    policy = read_policy(_policy_file(tmp_path, "spawn-floored", "0.5"), register=True)
    table = table_from_mapping(_document(document))
    named = table_from_mapping(_document(document, "spawn-floored"))
    here = _score_in_worker(table, policy)
    assert here[1][3].startswith("10 × max(0.5,")
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        assert pool.submit(_score_in_worker, table, policy).result() == here
    cards = list(score_many([named, table], workers=2, chunk_size=1))
    assert [card.total for card in cards] == [here[0], score_table(table).total]
    assert cards[0].indicators[3].formula == here[1][3]


def test_the_command_line_scores_a_policy_file_alike_in_spawn_workers(tmp_path, document):
    path = _policy_file(tmp_path, "cli-floored", "0.2")
    folder = tmp_path / "tables"
    folder.mkdir()
    for index in range(3):
        data = _document(document, "cli-floored" if index else None)
        (folder / f"t{index}.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    expected = io.StringIO()
    args = ["score", str(folder), "--policy-file", str(path), "--format", "json"]
    main(args, stdout=expected)
    script = (
        "import multiprocessing, sys\n"
        "multiprocessing.set_start_method('spawn')\n"
        "from perfeval.cli import main\n"
        f"sys.exit(main({[*args, '--workers', '2']!r}))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == json.loads(expected.getvalue())
    table = table_from_mapping(_document(document))
    floored = score_table(table, read_policy(path)).total
    assert json.loads(done.stdout)["mean_total"] == str(floored)
    assert floored != score_table(table).total


def test_a_pickled_scorecard_explains_its_rows_in_a_fresh_process(tmp_path, document):
    policy = loads_policy(FLOORED.format(id="pickled", floor="0.5"))
    card = score_table(table_from_mapping(_document(document)), policy)
    path = tmp_path / "card.pickle"
    path.write_bytes(pickle.dumps(card))
    script = (
        "import pickle, sys\n"
        f"card = pickle.loads(open({str(path)!r}, 'rb').read())\n"
        "print(card.indicators[3].formula)\n"
        "print(card.indicators[3].explain('en'))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    row = card.indicators[3]
    assert done.stdout == f"{row.formula}\n{row.explain('en')}\n"
    assert "max(0.5," in row.formula


@pytest.mark.parametrize(
    "setting",
    [{"reverse_form": "linar"}, {"equal_form": "sym"}, {"strict_operators": "strickt"},
     {"positive_form": "nope"}, {"reverse_level2": "cost"}],
)  # fmt: skip
def test_misspelt_policy_settings_are_refused(setting):
    with pytest.raises((InvalidPolicyError, InvalidTypeError)):
        attrs.evolve(MOF_2020, **setting)


@attrs.frozen
class _Half(Ratio):
    """A region's form derived from the ratio, changing only its value."""

    def value(self, weight: Decimal, target: Decimal, actual: Decimal) -> Fraction:
        return super().value(weight, target, actual) / 2


@attrs.frozen
class _Scaled:
    """A formula of one's own with a field named ratio."""

    ratio: Decimal = D("0.9")

    def value(self, weight: Decimal, target: Decimal, actual: Decimal) -> Fraction:
        return Fraction(weight) * Fraction(actual) / Fraction(target) * Fraction(self.ratio)

    def describe(self, weight: Decimal, target: Decimal, actual: Decimal) -> str:
        return f"{weight} × {actual} / {target} × {self.ratio}"


@pytest.mark.parametrize(("formula", "score"), [(_Half(), "4.00"), (_Scaled(), "7.20")])
def test_a_policy_formula_of_ones_own_is_scored_by_its_own_value(formula, score):
    form_id = f"test-{type(formula).__name__.lower()}"
    policy = Policy(
        id=f"{form_id}-policy", positive_form=form_id, formulas={"positive": {form_id: formula}}
    )
    row = Indicator(name="x", target="≥100", actual="80", weight="10")
    assert score_indicator(row, policy).score == D(score)


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: attrs.evolve(MOF_2020, cap_execution_score="no"), "cap_execution_score"),
        (lambda: attrs.evolve(MOF_2020, rescale_not_applicable=1), "rescale_not_applicable"),
        (lambda: attrs.evolve(MOF_2020, match_printed_precision=None), "match_printed_precision"),
        (lambda: get_policy(["mof-2020"]), "policy"),
        (lambda: policy_to_mapping("mof-2020"), "policy"),
        (lambda: register_policy(None), "policy"),
        (lambda: attrs.evolve(MOF_2020, reverse_level2={"cost": True}), "reverse_level2"),
    ],
)
def test_a_wrong_policy_switch_or_argument_is_refused_naming_it(call, field):
    """A switch is True or False: "no" would have read as true."""
    with pytest.raises(InvalidTypeError) as caught:
        call()
    assert caught.value.field == field


def test_the_switches_still_take_booleans():
    assert attrs.evolve(MOF_2020, cap_execution_score=False).cap_execution_score is False
