"""The bad-file corpus (tests/corpus/README.md): each file meets its expectation."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from finance_audit.cli import app
from finance_audit.report.export import neutralize

CORPUS = Path(__file__).parent / "corpus"
runner = CliRunner()


def imported(path: Path, db: Path):
    result = runner.invoke(app, ["import", str(path), "--db", str(db), "--format", "json"])
    assert "Traceback" not in result.output
    return result, json.loads(result.stdout)["files"][0]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty.csv", "the file is empty"),
        ("header-only.csv", "the file has a header but no records below it"),
        ("binary.csv", "the file is binary, not a text table"),
        ("wrong-delimiter.csv", "unknown layout (first row has: "
                                "recipient,kind,counterparty,amount,date,jurisdiction, read as "
                                "';'-separated); name one with --profile"),
        ("malformed.json", "malformed JSON at line 1, column 40: Expecting property name "
                           "enclosed in double quotes"),
    ],
)
def test_unusable_files_exit_2_with_one_line_and_store_nothing(db, name, message):
    result, summary = imported(CORPUS / name, db)
    assert result.exit_code == 2
    assert summary["error"] == f"{CORPUS / name}: {message}"
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM batches").fetchall() == [(0,)]
    con.close()


@pytest.mark.parametrize(
    ("name", "counts", "reasons"),
    [
        ("truncated.csv", (2, 1, 0, 1), ["the record has 3 fields; the header has 6"]),
        ("duplicate-columns.csv", (1, 1, 0, 0), []),
        ("two-encodings.csv", (2, 2, 0, 0), []),
        ("bad-values.csv", (7, 1, 0, 6), [
            "not an amount: ten euros", "amount out of range: 99999999999999999999",
            "negative amount: -50", "date more than a year after the import: 3017-01-01",
            "date before 1900: 0222-01-01", "date more than a year after the import: 2099-01-01",
        ]),
        ("données 2024 Σύνολο.csv", (1, 1, 0, 0), []),
        ("hostile-names.csv", (3, 3, 0, 0), []),
    ],
)
def test_files_with_bad_rows_store_the_good_ones_and_account_for_the_rest(db, name, counts,
                                                                          reasons):
    result, summary = imported(CORPUS / name, db)
    assert result.exit_code == 0, result.output
    assert (summary["read"], summary["stored"], summary["duplicates"],
            summary["rejected"]) == counts
    con = duckdb.connect(str(db), read_only=True)
    assert [r[0] for r in con.execute(
        "SELECT reason FROM quarantine ORDER BY source_row").fetchall()] == reasons
    assert con.execute(
        "SELECT count(*) FROM batches WHERE rows_read <> rows_stored + rows_duplicate "
        "+ rows_rejected").fetchall() == [(0,)]
    con.close()


def test_two_encodings_in_one_file_are_both_decoded(db):
    imported(CORPUS / "two-encodings.csv", db)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT counterparty FROM flows ORDER BY source_row").fetchall() == [
        ("Müller GmbH",), ("Müller AG",)
    ]
    con.close()


def test_a_duplicated_column_is_kept_under_a_second_name(db):
    imported(CORPUS / "duplicate-columns.csv", db)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT amount, raw->>'$.amount_2' FROM flows").fetchall() == [
        (100.0, "999")
    ]
    con.close()


def test_a_ten_megabyte_field_is_kept_whole(tmp_path, db):
    path = tmp_path / "huge-field.csv"
    huge = "x" * (10 * 1024 * 1024)
    path.write_text("recipient,kind,counterparty,amount,date,jurisdiction,description\n"
                    f"Party A,donation,Donor,100,2021-01-01,DE,{huge}\n")
    result, summary = imported(path, db)
    assert (summary["stored"], summary["rejected"]) == (1, 0)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT length(description) FROM flows").fetchall() == [(len(huge),)]
    con.close()


def test_hostile_names_stay_text_and_are_neutralized_in_csv(db):
    imported(CORPUS / "hostile-names.csv", db)
    con = duckdb.connect(str(db), read_only=True)
    flows = con.sql("SELECT recipient, counterparty FROM flows ORDER BY source_row").pl()
    con.close()
    assert flows["counterparty"].to_list() == [
        "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "+cmd|calc"
    ]
    safe = neutralize(flows)
    assert safe.rows() == [
        ("'=HYPERLINK(\"http://x.invalid\";\"click\")", "<script>alert(1)</script>"),
        ("Party B", "<img src=x onerror=alert(1)>"),
        ("Party C", "'+cmd|calc"),
    ]
