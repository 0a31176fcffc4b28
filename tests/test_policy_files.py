"""perfeval.policy_files: policies as files, registered, named by documents and the CLI."""

from __future__ import annotations

import io
import json
import os
import re
from decimal import Decimal

import attrs
import pytest

from perfeval import MOF_2020, POLICIES, InvalidPolicyError, LinearReverse, score_table
from perfeval.cli import main
from perfeval.document import table_from_mapping
from perfeval.errors import DocumentError, InvalidTypeError, LimitError
from perfeval.output import scorecard_to_json
from perfeval.policy import get_policy, policy_from_mapping
from perfeval.policy_files import dumps_policy, loads_policy, read_policy

D = Decimal

HUNAN = """
id = "hunan-test-2024"
extends = "mof-2020"
title = { zh = "湖南省测试规则", en = "Hunan test rules" }

[settings]
reverse_form = "linear-floor-half-test"
qualitative_partly_floor = "0.5"
cap_execution_score = false

[formulas.reverse]
linear-floor-half-test = { kind = "linear", floor = "0.5" }
"""


def _equivalent():
    return attrs.evolve(
        MOF_2020,
        id="hunan-test-2024",
        title="Hunan test rules",
        title_zh="湖南省测试规则",
        reverse_form="linear-floor-half-test",
        formulas={"reverse": {"linear-floor-half-test": LinearReverse(floor=D("0.5"))}},
        qualitative_partly_floor=D("0.5"),
        cap_execution_score=False,
    )


def _document(document):
    document["indicators"][3].update(target="≤50万元", actual="150万元", score="5", note="说明")
    document["funds"]["rows"][0].update(executed="120", rate=None, score=None)
    return document


def test_a_policy_file_equals_the_evolved_policy():
    assert loads_policy(HUNAN) == _equivalent()


def test_file_document_and_python_score_alike(document, tmp_path):
    document = _document(document)
    expected = scorecard_to_json(score_table(table_from_mapping(document), _equivalent()))
    path = tmp_path / "hunan.toml"
    path.write_text(HUNAN, encoding="utf-8")
    out = io.StringIO()
    main(["score", "-", "--policy-file", str(path), "--format", "json"], stdout=out,
         stdin=io.StringIO(json.dumps(document, ensure_ascii=False)))  # fmt: skip
    printed = json.loads(out.getvalue())
    printed.pop("name")
    assert printed == json.loads(json.dumps(expected))
    read_policy(path, register=True)
    named = dict(document, policy="hunan-test-2024")
    table = table_from_mapping(named)
    assert scorecard_to_json(score_table(table, get_policy(table.policy))) == expected
    assert score_table(table, "hunan-test-2024").total == score_table(table, _equivalent()).total
    assert score_table(table, _equivalent()).indicators[3].score == D("5.00")


@pytest.mark.parametrize("policy", list(POLICIES.values()))
def test_every_built_in_policy_writes_and_reads_back(policy):
    assert loads_policy(dumps_policy(policy)) == policy
    assert loads_policy(dumps_policy(policy, format="json"), format="json") == policy


def test_the_shipped_variants_are_the_documented_settings():
    assert POLICIES["mof-2020-linear-reverse"].reverse_form == "linear"
    assert POLICIES["mof-2020-20-80"].funds_weight == D(20)
    assert POLICIES["mof-2020-20-80"].indicator_points == D(80)
    assert POLICIES["mof-2020-tier50"].qualitative_partly_floor == D("0.5")
    assert not POLICIES["mof-2020-uncapped"].cap_execution_score
    assert POLICIES["mof-2020-rescaled"].rescale_not_applicable
    assert all(policy.title_zh for policy in POLICIES.values())


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('id = "x"\n[settings]\nreverse_form = "linar"', "settings.reverse_form"),
        (
            'id = "x"\n[settings]\nqualitative_partly_floor = 1.5',
            "settings.qualitative_partly_floor",
        ),
        ('id = "x"\n[settings]\nnope = 1', "settings.nope"),
        ('id = "x"\nextends = "mof-2099"', "extends"),
        ('title = "no id"', "id"),
        ('id = "x"\n[formulas.reverse]\nf = { kind = "cubic" }', "formulas.reverse.f.kind"),
        ('id = "x"\nsurprise = 1', "surprise"),
    ],
)
def test_errors_name_the_key(text, key):
    with pytest.raises(InvalidPolicyError) as caught:
        loads_policy(text)
    assert caught.value.field == key


def test_a_toml_number_reads_as_the_exact_decimal_of_its_text(tmp_path):
    path = tmp_path / "numbers.toml"
    path.write_text(HUNAN.replace('"0.5"', "0.5"), encoding="utf-8")
    assert "= 0.5\n" in path.read_text(encoding="utf-8")
    policy = read_policy(path)
    assert policy == loads_policy(HUNAN) == _equivalent()
    assert policy.qualitative_partly_floor == D("0.5")
    assert str(policy.qualitative_partly_floor) == "0.5"
    assert policy.formula("reverse") == LinearReverse(floor=D("0.5"))
    tenth = loads_policy('id = "x"\n[settings]\nqualitative_partly_floor = 0.1')
    assert str(tenth.qualitative_partly_floor) == "0.1"  # not 0.1000000000000000055…


def test_a_json_number_reads_exactly():
    text = '{"id": "x", "settings": {"qualitative_partly_floor": 0.1, "funds_weight": 20}}'
    policy = loads_policy(text, format="json")
    assert str(policy.qualitative_partly_floor) == "0.1"
    assert policy.funds_weight == D(20)


def test_a_python_float_in_a_mapping_is_refused_naming_its_key():
    with pytest.raises(InvalidPolicyError, match="not exact") as caught:
        policy_from_mapping({"id": "x", "settings": {"qualitative_partly_floor": 0.5}})
    assert caught.value.field == "settings.qualitative_partly_floor"
    formulas = {"reverse": {"f": {"kind": "linear", "floor": 0.5}}}
    with pytest.raises(InvalidPolicyError) as caught:
        policy_from_mapping({"id": "x", "formulas": formulas})
    assert caught.value.field == "formulas.reverse.f.floor"


def test_policies_lists_a_file_with_its_titles(tmp_path):
    path = tmp_path / "p.toml"
    path.write_text(HUNAN, encoding="utf-8")
    out = io.StringIO()
    assert main(["policies", "--file", str(path)], stdout=out) == 0
    assert re.search(r"^hunan-test-2024 +湖南省测试规则$", out.getvalue(), re.MULTILINE)
    out = io.StringIO()
    main(["policies", "--locale", "en"], stdout=out)
    assert "National default" in out.getvalue()


def test_a_policy_file_that_is_not_one_fails_cleanly(tmp_path, capsys):
    path = tmp_path / "bad.toml"
    path.write_text("id = 3", encoding="utf-8")
    assert main(["demo", "--policy-file", str(path)], stdout=io.StringIO()) == 2
    assert "--policy-file" in capsys.readouterr().err


def test_policy_from_mapping_refuses_a_non_table():
    with pytest.raises(InvalidPolicyError):
        policy_from_mapping(["id"])


def test_every_door_scores_a_table_by_its_own_policy_unless_told_otherwise(document):
    from perfeval import audit
    from perfeval.table import policy_of

    document = _document(document)
    document["policy"] = "mof-2020-linear-reverse"
    table = table_from_mapping(document)
    assert policy_of(table).id == "mof-2020-linear-reverse"
    assert score_table(table).policy_id == "mof-2020-linear-reverse"
    assert audit(table).scorecard.policy_id == "mof-2020-linear-reverse"
    assert score_table(table, "mof-2020").policy_id == "mof-2020"
    linear = score_table(table, POLICIES["mof-2020-linear-reverse"]).indicators[3].score
    assert score_table(table).indicators[3].score == linear


_SETTINGS = 'format = "perfeval.policy/1"\nid = "strict"\n[settings]\n'


@pytest.mark.parametrize(
    ("settings", "field"),
    [
        ("[settings.grades]\nbands = []\n", "settings.grades.bands"),
        ('[settings.grades]\nbands = "优良中差"\n', "settings.grades.bands"),
        ('[settings.grades]\nbands = [{label = 1, lower = "90"}, {label = "差"}]\n',
         "settings.grades.bands[0].label"),
        ('[settings.grades]\nbands = [{label = "优", aliases = "A"}, {label = "差"}]\n',
         "settings.grades.bands[0].aliases"),
        ('[settings.grades]\nbands = [{label = "优", name = 9, lower = "90"}, {label = "差"}]\n',
         "settings.grades.bands[0].name"),
        ('reverse_level2 = [5, "成本"]\n', "settings.reverse_level2[0]"),
        ("reverse_level2 = [{a = 1}]\n", "settings.reverse_level2[0]"),
    ],
)  # fmt: skip
def test_policy_settings_of_the_wrong_kind_are_refused_not_turned_into_text(settings, field):
    with pytest.raises(InvalidPolicyError) as caught:
        loads_policy(_SETTINGS + settings)
    assert caught.value.field == field


def test_a_grades_table_without_bands_keeps_the_national_bands_with_its_basis():
    policy = loads_policy(_SETTINGS + '[settings.grades]\nbasis = "rounded"\n')
    assert policy.grades.bands == MOF_2020.grades.bands
    assert policy.grades.basis == "rounded"


def test_a_policy_made_in_python_refuses_group_keys_that_are_not_text():
    with pytest.raises(InvalidTypeError, match="group key is text"):
        attrs.evolve(MOF_2020, reverse_level2=[5])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_policy_file_that_is_a_pipe_with_no_writer_is_refused_not_waited_for(tmp_path):
    pipe = tmp_path / "policy.toml"
    os.mkfifo(pipe)
    with pytest.raises(DocumentError, match="is a FIFO") as caught:
        read_policy(pipe)
    assert caught.value.field == str(pipe)


def test_a_policy_file_above_its_limit_is_refused_before_it_is_parsed(tmp_path):
    big = tmp_path / "big.toml"
    big.write_text(HUNAN + "# " + "x" * (1024 * 1024) + "\n", encoding="utf-8")
    with pytest.raises(LimitError):
        read_policy(big)
