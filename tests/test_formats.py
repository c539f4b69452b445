"""Every reader and encoding gives the same flows as the canonical CSV."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl
import pytest

from finance_audit.errors import UnreadableFileError
from finance_audit.ingest.load import parse_file
from tests.conftest import FORMATS, TODAY

SAMPLE = FORMATS / "canonical-sample.csv"
COMPARED = ["flow_id", "jurisdiction", "recipient", "kind", "counterparty", "counterparty_type",
            "counterparty_country", "counterparty_id", "amount", "currency", "date",
            "interest_rate", "end_date", "status", "assigned_to", "market_value", "amount_eur"]


def _flows(path: Path) -> pl.DataFrame:
    parsed = parse_file(path, today=TODAY)
    assert parsed.rejects.is_empty(), parsed.rejects.to_dicts()
    return parsed.flows.select(COMPARED)


def _text_rows() -> list[list[str]]:
    import csv

    with SAMPLE.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def _write_delimited(path: Path, delimiter: str, encoding: str, newline: str = "\n") -> Path:
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator=newline).writerows(_text_rows())
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def test_canonical_sample_parses_every_kind_and_format_of_value():
    flows = _flows(SAMPLE)
    assert flows.rows() == [
        ("S-001", "DE", "Beispielpartei", "donation", "Musterfirma GmbH", "company", "DE",
         "reg:HRB12345", 12500.0, "EUR", dt.date(2021, 3, 14), None, None, None, None, None,
         12500.0),
        ("S-002", "DE", "Beispielpartei", "donation", "Erika Mustermann", "individual", "DE",
         None, 2500.0, "EUR", dt.date(2021, 5, 2), None, None, None, None, None, 2500.0),
        ("S-003", "FR", "Parti Exemple", "loan", "Banque Exemple SA", "bank", "FR",
         "bic:BEXAFRPP", 250000.0, "EUR", dt.date(2021, 6, 1), 2.5, dt.date(2026, 6, 1),
         "outstanding", None, None, 250000.0),
        ("S-004", "GB", "Example Party", "donation", "Example Holdings Ltd, 1 High Street",
         "company", "GB", "00123456", 10000.0, "GBP", dt.date(2024, 1, 17), None, None, None,
         None, None, 11652.57),
        ("S-005", "AT", "Beispielpartei Österreich", "transfer", "Verein Beispiel",
         "association", "AT", None, 7000.0, "EUR", dt.date(2019, 4, 30), None, None, None,
         None, None, 7000.0),
        ("S-006", "IT", "Partito Esempio", "contract", "Fornitore Esempio Srl", "company", "IT",
         None, 90000.0, "EUR", dt.date(2018, 10, 18), None, None, None, None, 120000.0,
         90000.0),
        ("S-007", "FR", "Parti Exemple", "loan_change", "Banque Exemple SA", "bank", "FR", None,
         250000.0, "EUR", dt.date(2022, 2, 1), None, None, "assigned", "Société Tierce SARL",
         None, 250000.0),
        ("S-008", "CH", "Partei Beispiel", "donation", "Swiss Donor AG", "company", "CH", None,
         9000.0, "CHF", dt.date(2017, 2, 13), None, None, None, None, None, 8432.49),
    ]


@pytest.mark.parametrize(
    ("name", "delimiter", "encoding", "newline"),
    [
        ("semicolon-cp1252.csv", ";", "cp1252", "\r\n"),
        ("tab-utf16.tsv", "\t", "utf-16", "\n"),
        ("pipe-bom.csv", "|", "utf-8-sig", "\r\n"),
        ("comma-utf16le-nobom.csv", ",", "utf-16-le", "\n"),
    ],
)
def test_delimiters_and_encodings_are_detected(tmp_path, name, delimiter, encoding, newline):
    path = _write_delimited(tmp_path / name, delimiter, encoding, newline)
    assert _flows(path).equals(_flows(SAMPLE))


def test_spreadsheets_json_and_parquet_give_the_same_flows(tmp_path):
    text = pl.read_csv(SAMPLE, infer_schema=False)
    text.write_excel(tmp_path / "sample.xlsx")
    text.write_json(tmp_path / "sample.json")
    text.write_ndjson(tmp_path / "sample.jsonl")
    text.write_parquet(tmp_path / "sample.parquet")
    wrapped = {"data": json.loads((tmp_path / "sample.json").read_text())}
    (tmp_path / "wrapped.json").write_text(json.dumps(wrapped))
    expected = _flows(SAMPLE)
    for name in ("sample.xlsx", "sample.json", "sample.jsonl", "sample.parquet", "wrapped.json"):
        assert _flows(tmp_path / name).equals(expected), name


def test_typed_parquet_columns_are_read_as_values(tmp_path):
    frame = pl.DataFrame({
        "recipient": ["Partei A"], "kind": ["donation"], "counterparty": ["Donor"],
        "amount": [1500.5], "date": [dt.date(2020, 2, 29)], "jurisdiction": ["DE"],
    })
    frame.write_parquet(tmp_path / "typed.parquet")
    flows = parse_file(tmp_path / "typed.parquet", today=TODAY).flows
    assert flows.select("amount", "date").rows() == [(1500.5, dt.date(2020, 2, 29))]


def test_header_below_title_rows_in_a_spreadsheet_is_found(tmp_path):
    import xlsxwriter

    book = xlsxwriter.Workbook(tmp_path / "titled.xlsx")
    sheet = book.add_worksheet("Spenden")
    sheet.merge_range("A1:E1", "Spendenübersicht 2021", book.add_format({"bold": True}))
    sheet.write_row(3, 0, ["recipient", "kind", "counterparty", "amount", "date"])
    sheet.write_row(4, 0, ["Partei A", "donation", "Firma B", 5000, "2021-03-01"])
    book.close()
    parsed = parse_file(tmp_path / "titled.xlsx", jurisdiction="DE", today=TODAY)
    assert parsed.flows.select("counterparty", "amount", "source_row").rows() == [
        ("Firma B", 5000.0, 5)
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"   \n\n", "the file is empty"),
        (b"\x00\x01\x02\x03binary\x00\xff" * 50, "the file is binary, not a text table"),
        (b"hello,world\n1,2\n", "unknown layout (first row has: hello, world); "
                               "name one with --profile"),
        (b'[{"recipient": "A", "kind": ', "malformed JSON at line 1, column 29"),
        (b"PK\x03\x04 not really a zip", "a damaged zip archive, not a spreadsheet"),
    ],
)
def test_unusable_files_raise_one_clear_error(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(UnreadableFileError) as caught:
        parse_file(path, jurisdiction="DE", today=TODAY)
    assert str(caught.value).startswith(f"{path}: {message}")
