"""Review decisions survive re-runs, travel as files, and change what --fail-on counts."""

from __future__ import annotations

import json

import yaml
from typer.testing import CliRunner

from finance_audit.cli import app
from tests.conftest import SCENARIOS

runner = CliRunner()
REGISTRY = SCENARIOS / "registry.csv"
MKB = SCENARIOS / "rn_mkb_loan_2022.csv"


def check(db, *extra):
    return runner.invoke(app, ["check", str(MKB), "--db", str(db), "--registry", str(REGISTRY),
                               "--no-default-registry", "--format", "json", *extra])


def test_a_dismissed_flag_stays_dismissed_and_no_longer_fails_the_run(db):
    first = check(db, "--fail-on", "low")
    assert first.exit_code == 1
    flag = json.loads(first.stdout)[0]
    decided = runner.invoke(app, ["review", flag["flag_id"], "--decision", "dismissed",
                                  "--note", "EU bank, lawful since 2018", "--reviewer", "ana",
                                  "--db", str(db)])
    assert decided.exit_code == 0, decided.output
    again = check(db, "--fail-on", "low")
    assert again.exit_code == 0
    flags = json.loads(again.stdout)
    assert [(f["flag_id"], f["review_decision"], f["review_note"]) for f in flags] == [
        (flag["flag_id"], "dismissed", "EU bank, lawful since 2018")
    ]


def test_decisions_export_and_import_as_yaml(tmp_path):
    first_db, second_db = tmp_path / "a.duckdb", tmp_path / "b.duckdb"
    flag = json.loads(check(first_db).stdout)[0]
    runner.invoke(app, ["review", flag["flag_id"], "--decision", "confirmed", "--note", "n",
                        "--db", str(first_db)])
    exported = tmp_path / "reviews.yaml"
    result = runner.invoke(app, ["review", "export", "-o", str(exported), "--db", str(first_db)])
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(exported.read_text())
    assert [(r["flag_id"], r["decision"], r["rule"]) for r in data["reviews"]] == [
        (flag["flag_id"], "confirmed", "FA201")
    ]
    check(second_db)
    assert runner.invoke(app, ["review", "import", str(exported), "--db",
                               str(second_db)]).exit_code == 0
    flags = json.loads(check(second_db).stdout)
    assert flags[0]["review_decision"] == "confirmed"


def test_a_decision_whose_flag_is_gone_is_reported(tmp_path, db):
    check(db)
    orphan = tmp_path / "orphan.json"
    orphan.write_text(json.dumps({"reviews": [
        {"flag_id": "0000000000000000", "decision": "unsure", "note": "old", "rule": "FA999"}
    ]}))
    assert runner.invoke(app, ["review", "import", str(orphan), "--db", str(db)]).exit_code == 0
    result = check(db)
    assert "review of 0000000000000000 (FA999, unsure) matches no flag of this run" in \
        result.stderr


def test_an_unknown_flag_or_decision_is_a_usage_error(db):
    check(db)
    unknown = runner.invoke(app, ["review", "nope", "--decision", "confirmed", "--db", str(db)])
    assert unknown.exit_code == 2
    assert "no flag nope in the last run" in unknown.output
    bad = runner.invoke(app, ["review", "nope", "--decision", "maybe", "--db", str(db)])
    assert bad.exit_code == 2
    assert "decision must be one of confirmed, dismissed, unsure" in bad.output
