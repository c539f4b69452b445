"""Importing the real register excerpts: exact counts and exact values."""

from __future__ import annotations

import datetime as dt

import duckdb

from finance_audit import api
from tests.conftest import LAYOUTS, REAL, TODAY


def _one(db, sql, params=None):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def _counts(result):
    return (result.profile, result.read, result.stored, result.duplicates, result.rejected)


def test_uk_ec_exports_store_each_ecref_once_and_counts_add_up(db):
    files = [
        REAL / "uk-ec-donations-Q1_2024-excerpt.csv",
        REAL / "uk-ec-donations-jan_may_2024-excerpt.csv",
        REAL / "uk-ec-donations-prepoll1_2024.csv",
    ]
    results = api.import_files(files, db=db, today=TODAY)
    assert [_counts(r) for r in results] == [
        ("uk-ec-donations", 43, 43, 0, 0),
        ("uk-ec-donations", 29, 20, 9, 0),
        ("uk-ec-donations", 53, 53, 0, 0),
    ]
    assert _one(db, "SELECT count(*), count(DISTINCT flow_id) FROM flows") == [(116, 116)]
    assert _one(
        db, "SELECT count(*) FROM batches WHERE rows_read = rows_stored + rows_duplicate "
        "+ rows_rejected"
    ) == [(3,)]


def test_uk_ec_values_are_parsed_and_the_raw_fields_stay_reachable(db):
    api.import_files([REAL / "uk-ec-donations-Q1_2024-excerpt.csv"], db=db, today=TODAY)
    row = _one(
        db,
        "SELECT jurisdiction, recipient, recipient_type, counterparty, counterparty_type, "
        "counterparty_id, amount, currency, amount_eur, fx_rate, date, source_row "
        "FROM flows WHERE flow_id = 'C0578477'",
    )
    assert row == [(
        "GB", "Conservative and Unionist Party", "party", "THE PHOENIX PARTNERSHIP (LEEDS) LTD",
        "company", "04077829", 2000000.0, "GBP", 2330513.41, 0.85818, dt.date(2024, 1, 17), 2,
    )]
    impermissible = _one(
        db,
        "SELECT flow_id, counterparty, raw->>'$.DonationAction', raw->>'$.DonorStatus', "
        "raw->>'$.IsIrishSource', raw->>'$.DonationType' FROM flows "
        "WHERE raw->>'$.DonorStatus' = 'Impermissible Donor' ORDER BY flow_id",
    )
    assert [r[0] for r in impermissible] == ["I0575982", "I0578522", "I0578523"]
    assert {r[3] for r in impermissible} == {"Impermissible Donor"}
    assert {r[4] for r in impermissible} == {"False"}


def test_prepoll_rows_without_accepted_date_take_the_received_date(db):
    api.import_files([REAL / "uk-ec-donations-prepoll1_2024.csv"], db=db, today=TODAY)
    assert _one(
        db, "SELECT counterparty, date, amount FROM flows WHERE flow_id = 'C0578598'"
    ) == [("Anna Turley", dt.date(2024, 5, 30), 12000.0)]


def test_reimporting_the_same_file_adds_nothing(db):
    path = REAL / "uk-ec-donations-Q1_2024-excerpt.csv"
    first = api.import_files([path], db=db, today=TODAY)[0]
    again = api.import_files([path], db=db, today=TODAY)[0]
    assert first.stored == 43
    assert again.already_imported == first.batch_id
    assert _one(db, "SELECT count(*) FROM flows") == [(43,)]
    assert _one(db, "SELECT count(*) FROM batches") == [(1,)]


def test_pef_windows_1252_exports_decode_the_pound_sign(db):
    results = api.import_files(
        [REAL / "uk-pef-donations-2005-excerpt.csv", REAL / "uk-pef-donations-2012-excerpt.csv"],
        db=db, today=TODAY,
    )
    assert [_counts(r) for r in results] == [
        ("uk-pef-donations", 41, 41, 0, 0),
        ("uk-pef-donations", 22, 22, 0, 0),
    ]
    assert _one(
        db, "SELECT counterparty, amount, currency, date, raw->>'$.Value' FROM flows "
        "WHERE flow_id = 'C0000021'"
    ) == [("Dame Maureen Thomas", 3500.0, "GBP", dt.date(2005, 1, 18), "£3,500.00")]
    # A donor name that runs over four physical lines inside quotes stays one record,
    # and the address after the first comma is cut from the name (kept in raw).
    assert _one(
        db, "SELECT counterparty, counterparty_type, amount FROM flows WHERE flow_id = 'C0079007'"
    ) == [("Associated Society of Locomotive Engineers and Firemen", "association", 1000.0)]
    assert _one(
        db, "SELECT counterparty, counterparty_id FROM flows WHERE flow_id = 'V0077052'"
    ) == [("Canary Wharf Group PLC", "04191122")]


def test_pef_loans_parse_rates_status_and_end_dates(db):
    results = api.import_files(
        [REAL / "uk-pef-loans-2010-excerpt.csv", REAL / "uk-pef-loans-2014-so-far.csv"],
        db=db, today=TODAY,
    )
    assert [_counts(r) for r in results] == [
        ("uk-pef-loans", 30, 30, 0, 0),
        ("uk-pef-loans", 4, 4, 0, 0),
    ]
    assert _one(
        db,
        "SELECT kind, counterparty, counterparty_id, amount, interest_rate, status, date, "
        "end_date, raw->>'$.Rate' FROM flows WHERE flow_id = 'AL0097155'",
    ) == [(
        "loan", "Svenska Handelsbanken AB (PUBL)", "FC014392", 110000.0, None, "outstanding",
        dt.date(2014, 3, 24), dt.date(2018, 3, 24), "Libor + 3%",
    )]
    assert _one(
        db, "SELECT counterparty, interest_rate, status FROM flows WHERE flow_id = 'AL0036290'"
    ) == [("William Philip Seymour Richards", 0.0, "outstanding")]


def test_bundestag_disclosures_map_countries_from_german_names(db):
    result = api.import_files([REAL / "de-bundestag-donations.csv"], db=db, today=TODAY)[0]
    assert _counts(result) == ("de-bundestag", 292, 292, 0, 0)
    assert _one(
        db, "SELECT counterparty_country, count(*) FROM flows GROUP BY 1 ORDER BY 1"
    ) == [("CY", 1), ("DE", 280), ("GB", 2), ("LU", 1), ("NL", 8)]
    # Trailing spaces in party names ("FDP ") are trimmed.
    assert _one(db, "SELECT count(*) FROM flows WHERE recipient LIKE '% '") == [(0,)]
    assert _one(
        db, "SELECT recipient, counterparty, counterparty_type, amount, date FROM flows "
        "WHERE counterparty = 'Frau Dr. Irene Nierstenhöfer'"
    ) == [("MLPD", "Frau Dr. Irene Nierstenhöfer", "individual", 113969.15,
           dt.date(2011, 12, 28))]


def test_dutch_gifts_find_the_header_below_the_summary_block(db):
    result = api.import_files([REAL / "nl-bzk-giften_2023.ods"], db=db, today=TODAY)[0]
    assert _counts(result) == ("nl-bzk-gifts", 283, 283, 0, 0)
    # The first detail row sits on sheet row 32, under the header on row 31.
    assert _one(
        db, "SELECT recipient, counterparty, amount, date, date_precision, source_row "
        "FROM flows ORDER BY source_row LIMIT 1"
    ) == [("VVD", "E.A. Nijkerk", 75000.0, dt.date(2023, 2, 13), "day", 32)]
    # A gift that is only a donor's total, without a date, takes the title's year.
    assert _one(
        db, "SELECT amount, date, date_precision FROM flows WHERE counterparty = "
        "'A. van Huffelen'"
    ) == [(11999.0, dt.date(2023, 1, 1), "year")]
    assert _one(
        db, "SELECT recipient_unit, count(*) FROM flows WHERE recipient_unit IS NOT NULL "
        "GROUP BY 1 ORDER BY 1"
    ) == [("CDA Businessclub", 1),
          ("Stichting Ondersteuning VVD Tweede Kamer-verkiezing (SOV)", 25)]


def test_lobbycontrol_layout_reads_comma_amounts_and_quarantines_double_values(db):
    result = api.import_files([LAYOUTS / "de-lobbycontrol-sample.csv"], db=db, today=TODAY)[0]
    assert _counts(result) == ("de-lobbycontrol", 5, 3, 0, 2)
    assert _one(db, "SELECT counterparty, amount, date, date_precision FROM flows "
                "ORDER BY source_row") == [
        ("Beispiel Maschinenbau GmbH", 135000.0, dt.date(2011, 1, 1), "year"),
        ("Muster, Max", 20000.0, dt.date(2013, 1, 1), "year"),
        ("Beispiel Maschinenbau GmbH", 1234.56, dt.date(2014, 1, 1), "year"),
    ]
    assert _one(db, 'SELECT source_row, "column", reason FROM quarantine ORDER BY source_row') == [
        (5, "amount", "not an amount: 13941,87 €,11485,00 €"),
        (6, "recipient", "required value is empty"),
    ]
