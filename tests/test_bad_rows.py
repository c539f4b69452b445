"""Bad values are quarantined with file, row, column and reason; nothing is lost."""

from __future__ import annotations

import duckdb

from finance_audit import api
from tests.conftest import FORMATS, TODAY

BAD = FORMATS / "canonical-bad-rows.csv"


def test_bad_values_go_to_quarantine_with_column_and_reason(db):
    result = api.import_files([BAD], db=db, today=TODAY)[0]
    assert (result.read, result.stored, result.duplicates, result.rejected) == (13, 3, 1, 9)
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute(
        'SELECT source_file, source_row, "column", reason FROM quarantine ORDER BY source_row'
    ).fetchall()
    assert rows == [
        (str(BAD), 3, "date", "not a valid date: 31/02/2021"),
        (str(BAD), 4, "date", "date more than a year after the import: 3017-01-01"),
        (str(BAD), 5, "date", "date before 1900: 0222-05-01"),
        (str(BAD), 6, "amount", "negative amount: -50"),
        (str(BAD), 7, "amount", "not an amount: one thousand"),
        (str(BAD), 8, "counterparty", "required value is empty"),
        (str(BAD), 9, "kind", "unknown kind: gift card (one of: donation, loan, loan_change, "
                              "contract, transfer)"),
        (str(BAD), 10, "counterparty_country", "unknown country: Atlantis"),
        (str(BAD), 11, "amount", "not an amount: 1e99"),
    ]
    # The raw record is kept as filed, so a reviewer can fix and re-file it.
    assert con.execute(
        "SELECT raw->>'$.counterparty', raw->>'$.date' FROM quarantine WHERE source_row = 3"
    ).fetchall() == [("Bad Date Donor", "31/02/2021")]
    # A rouble gift after 1 March 2022 has no ECB rate: stored, amount kept, no EUR value.
    assert con.execute(
        "SELECT amount, currency, amount_eur FROM flows WHERE flow_id = 'B-11'"
    ).fetchall() == [(100000.0, "RUB", None)]
    assert result.without_rate == 1
    # The second B-12 in the same file is a duplicate; the first one wins.
    assert con.execute(
        "SELECT counterparty FROM flows WHERE flow_id = 'B-12'"
    ).fetchall() == [("Good Donor",)]
    con.close()


def test_summary_names_the_kinds_of_problem(db):
    result = api.import_files([BAD], db=db, today=TODAY)[0]
    assert result.reject_reasons == (
        ("amount: not an amount", 2),
        ("amount: negative amount", 1),
        ("counterparty: required value is empty", 1),
        ("counterparty_country: unknown country", 1),
        ("date: date before 1900", 1),
    )


def test_a_row_with_several_problems_lists_them_all(tmp_path, db):
    path = tmp_path / "two-problems.csv"
    path.write_text("recipient,kind,counterparty,amount,date\nParty,donation,,abc,2021-01-01\n")
    api.import_files([path], db=db, jurisdiction="DE", today=TODAY)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute('SELECT "column", reason FROM quarantine').fetchall() == [
        ("counterparty", "required value is empty; also amount: not an amount: abc")
    ]
    con.close()


def test_ragged_records_are_rejected_not_truncated(tmp_path, db):
    path = tmp_path / "ragged.csv"
    path.write_text(
        "recipient,kind,counterparty,amount,date\n"
        "Party,donation,Donor A,100,2021-01-01\n"
        "Party,donation,Donor B,100,2021-01-01,surplus\n"
        "Party,donation,Donor C\n"
        "\n"
        "Party,donation,Donor D,100,2021-01-02\n"
    )
    result = api.import_files([path], db=db, jurisdiction="DE", today=TODAY)[0]
    assert (result.read, result.stored, result.rejected, result.blank) == (4, 2, 2, 1)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute(
        'SELECT source_row, reason FROM quarantine ORDER BY source_row'
    ).fetchall() == [
        (3, "the record has 6 fields; the header has 5"),
        (4, "the record has 3 fields; the header has 5"),
    ]
    assert con.execute("SELECT source_row FROM flows ORDER BY 1").fetchall() == [(2,), (6,)]
    con.close()
