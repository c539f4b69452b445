"""The command line: summaries, exit codes, one-line errors, help on every command."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from finance_audit.cli import app
from tests.conftest import FORMATS, REAL, ROOT

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def test_import_json_summary_has_totals_and_per_file_counts(db):
    result = run("import", REAL / "uk-ec-donations-Q1_2024-excerpt.csv",
                 REAL / "uk-ec-donations-jan_may_2024-excerpt.csv", "--db", db,
                 "--format", "json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert {k: summary[k] for k in ("read", "stored", "duplicates", "rejected")} == {
        "read": 72, "stored": 63, "duplicates": 9, "rejected": 0,
    }
    assert [(f["read"], f["stored"], f["duplicates"]) for f in summary["files"]] == [
        (43, 43, 0), (29, 20, 9),
    ]


def test_unusable_file_exits_2_with_one_line_and_leaves_the_store_as_it_was(tmp_path, db):
    good = run("import", REAL / "uk-pef-loans-2014-so-far.csv", "--db", db)
    assert good.exit_code == 0, good.output
    binary = tmp_path / "photo.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    result = run("import", binary, "--db", db, "--format", "json")
    assert result.exit_code == 2
    summary = json.loads(result.stdout)
    assert summary["files"][0]["error"] == f"{binary}: the file is binary, not a text table"
    assert "Traceback" not in result.output
    status = json.loads(run("status", "--db", db, "--format", "json").stdout)
    assert status["totals"] == {"batches": 1, "flows": 4, "quarantined": 0, "without_rate": 0,
                                "entities": 0, "matches": 0, "flags": 0, "reviews": 0}


def test_missing_jurisdiction_is_a_usage_error(tmp_path, db):
    path = tmp_path / "no-country.csv"
    path.write_text("recipient,kind,counterparty,amount,date\nA,donation,B,100,2021-01-01\n")
    result = run("import", path, "--db", db)
    assert result.exit_code == 2
    assert "no jurisdiction: the file names none; pass --jurisdiction" in result.output


def test_unknown_profile_names_the_known_ones(db):
    result = run("import", FORMATS / "canonical-sample.csv", "--profile", "xx", "--db", db)
    assert result.exit_code == 2
    assert "unknown profile 'xx'; known: canonical, de-bundestag" in result.output


def test_status_counts_rows_by_year_jurisdiction_and_kind(db):
    run("import", FORMATS / "canonical-sample.csv", "--db", db)
    status = json.loads(run("status", "--db", db, "--format", "json").stdout)
    assert [(r["key"], r["flows"]) for r in status["by_kind"]] == [
        ("contract", 1), ("donation", 4), ("loan", 1), ("loan_change", 1), ("transfer", 1),
    ]
    assert [(r["key"], r["flows"]) for r in status["by_jurisdiction"]] == [
        ("AT", 1), ("CH", 1), ("DE", 2), ("FR", 2), ("GB", 1), ("IT", 1),
    ]
    assert [r["key"] for r in status["by_year"]] == ["2017", "2018", "2019", "2021", "2022", "2024"]


def test_quarantine_command_writes_rejected_rows(tmp_path, db):
    run("import", FORMATS / "canonical-bad-rows.csv", "--db", db)
    out = tmp_path / "rejected.csv"
    result = run("quarantine", "--db", db, "-o", out)
    assert result.exit_code == 0, result.output
    assert out.read_text().count("\n") == 10  # header and nine rejected rows


def test_status_without_a_store_says_so(tmp_path):
    result = run("status", "--db", tmp_path / "nothing.duckdb")
    assert result.exit_code == 2
    assert "no store here yet; import some filings first" in result.output


def _commands():
    names = [c.name for c in app.registered_commands]
    for group in app.registered_groups:
        names.append(group.name)
        names += [f"{group.name} {c.name}" for c in group.typer_instance.registered_commands]
    return sorted(names)


@pytest.mark.parametrize("command", _commands())
def test_every_command_has_help_with_an_example_and_a_readme_mention(command):
    result = run(*command.split(), "-h")
    assert result.exit_code == 0, result.output
    if command not in ("registry", "rules"):  # groups that only list their commands
        assert "Example:" in result.output
    assert f"finance-audit {command}" in (ROOT / "README.md").read_text()


def test_version_flag():
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.startswith("finance-audit ")


def test_help_paragraphs_wrap_to_the_terminal_and_keep_bracketed_words():
    # Docstrings are wrapped at the source's width; the help is wrapped at the terminal's.
    wide = runner.invoke(app, ["match", "-h"], env={"COLUMNS": "200"})
    assert ("Writes the `matches` table (each with score and explanation) and the `donors` "
            "table (one id per donor across spellings). The default registry is loaded first "
            "unless --no-default-registry.") in wide.output
    check = runner.invoke(app, ["check", "-h"], env={"COLUMNS": "200"})
    assert ("Settings come from defaults, then finance-audit.toml (or [tool.finance-audit] in "
            "pyproject.toml) in the working directory, then these flags.") in check.output
    assert "Example: finance-audit check loans.csv --fail-on high" in check.output
