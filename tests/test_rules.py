"""The examples are the tests: every case of every shipped rule, and rules' own shape."""

from __future__ import annotations

import pytest

from finance_audit import checks
from finance_audit.engine.rules import (
    CATEGORIES,
    RuleError,
    default_rules_dir,
    load_rules,
    parse_rule,
)

RULES = load_rules(default_rules_dir())
LAW = checks.law_tables(default_rules_dir())
CASES = [(rule, case) for rule in RULES for case in rule.tests]


@pytest.mark.parametrize(
    ("rule", "case"), CASES, ids=[f"{r.code}_{c['name']}" for r, c in CASES]
)
def test_rule_case(rule, case):
    result = checks.run_case(rule, case, LAW)
    assert result.error is None, result.error
    assert set(result.flagged) == set(result.expected)
    if result.expected_severity:
        assert set(result.severities) == {result.expected_severity}


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_every_rule_has_its_headings_and_a_case_each_way(rule):
    for heading in (rule.summary, rule.why, rule.references):
        assert heading
    assert rule.category in CATEGORIES
    assert any(case["expect"] for case in rule.tests), "no case that flags"
    assert any(not case["expect"] for case in rule.tests), "no case that does not flag"


def test_the_pack_covers_every_category_it_promises():
    covered = {rule.category for rule in RULES}
    assert {"foreign-donation", "foreign-loan", "sanctions", "donor-type"} <= covered


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("code: FA999\n", "missing"),
        ("{}", "missing"),
        ("code: FA999\nname: X\nbogus: 1\n", "bogus: unknown key"),
    ],
)
def test_malformed_rules_are_refused_naming_the_key(tmp_path, text, message):
    path = tmp_path / "FA999.yaml"
    path.write_text(text)
    with pytest.raises(RuleError) as caught:
        parse_rule(path)
    assert message in str(caught.value)
    assert str(path) in str(caught.value)


def _rule_text(sql: str, params: str = "{}") -> str:
    return (
        "code: FA999\nname: TestPattern\ncategory: sanctions\nseverity: high\n"
        "summary: s\nwhy: w\nprecedent: []\nreferences: [r]\n"
        f"params: {params}\nsql: \"{sql}\"\n"
        "tests:\n  - {name: a, flows: [], expect: []}\n"
    )


@pytest.mark.parametrize(
    ("sql", "params", "message"),
    [
        ("COPY (SELECT 1) TO 'x.csv'", "{}", "sql: must be a query (SELECT), not COPY"),
        ("ATTACH 'x.db'", "{}", "sql: must be a query (SELECT), not ATTACH"),
        ("INSTALL httpfs", "{}", "sql: must be a query (SELECT)"),
        ("SELECT 1; SELECT 2", "{}", "sql: must be one query, found 2 statements"),
        ("SELECT $x", "{}", "sql: uses $x, which params does not declare"),
        ("SELECT 1", "{y: {default: 1, description: d}}",
         "params.y: declared but the sql never uses it"),
    ],
)
def test_rule_sql_that_is_not_one_plain_query_is_refused(tmp_path, sql, params, message):
    path = tmp_path / "FA999.yaml"
    path.write_text(_rule_text(sql, params))
    with pytest.raises(RuleError) as caught:
        parse_rule(path)
    assert message in str(caught.value)


def test_a_query_cannot_read_files_even_inside_a_select(tmp_path):
    rule_path = tmp_path / "FA999.yaml"
    rule_path.write_text(_rule_text(
        "SELECT 'x' AS flow_id, column0 AS reason FROM read_csv('/etc/passwd')"))
    rule = parse_rule(rule_path)
    result = checks.run_case(rule, {"name": "a", "flows": [
        {"flow_id": "T1", "jurisdiction": "DE", "recipient": "P", "kind": "donation",
         "counterparty": "D", "amount": "1", "date": "2020-01-01"}], "expect": []}, LAW)
    assert result.error is not None
    assert "disabled by configuration" in result.error
