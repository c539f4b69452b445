"""The canonical data model in one place: columns, types and vocabularies (DESIGN §3, §6)."""

from __future__ import annotations

KINDS = ("donation", "loan", "loan_change", "contract", "transfer")
RECIPIENT_TYPES = (
    "party",
    "campaign",
    "candidate",
    "regulated_donee",
    "association",
    "company",
)
COUNTERPARTY_TYPES = (
    "individual",
    "company",
    "bank",
    "association",
    "trust",
    "party",
    "public_body",
    "unknown",
)

# Columns of a canonical filings file, in the order a canonical export writes them.
REQUIRED_FLOW_COLUMNS = ("recipient", "kind", "counterparty", "amount", "date")
CANONICAL_COLUMNS = (
    "flow_id",
    "jurisdiction",
    "recipient",
    "recipient_type",
    "recipient_unit",
    "kind",
    "counterparty",
    "counterparty_type",
    "counterparty_country",
    "counterparty_id",
    "amount",
    "currency",
    "date",
    "paid_by",
    "interest_rate",
    "end_date",
    "status",
    "assigned_to",
    "description",
    "market_value",
)

# The stored flows table: canonical columns with their types, then what the cleaner derives,
# then provenance. store.py creates the table from this list.
FLOW_TABLE = (
    ("flow_id", "VARCHAR NOT NULL"),
    ("jurisdiction", "VARCHAR"),
    ("recipient", "VARCHAR NOT NULL"),
    ("recipient_type", "VARCHAR NOT NULL"),
    ("recipient_unit", "VARCHAR"),
    ("kind", "VARCHAR NOT NULL"),
    ("counterparty", "VARCHAR NOT NULL"),
    ("counterparty_type", "VARCHAR NOT NULL"),
    ("counterparty_country", "VARCHAR"),
    ("counterparty_id", "VARCHAR"),
    ("amount", "DOUBLE NOT NULL"),
    ("currency", "VARCHAR NOT NULL"),
    ("amount_eur", "DOUBLE"),
    ("fx_rate", "DOUBLE"),
    ("date", "DATE NOT NULL"),
    ("date_precision", "VARCHAR NOT NULL"),
    ("paid_by", "VARCHAR"),
    ("interest_rate", "DOUBLE"),
    ("end_date", "DATE"),
    ("status", "VARCHAR"),
    ("assigned_to", "VARCHAR"),
    ("description", "VARCHAR"),
    ("market_value", "DOUBLE"),
    ("batch_id", "INTEGER NOT NULL"),
    ("source_file", "VARCHAR NOT NULL"),
    ("source_row", "INTEGER NOT NULL"),
    ("source_sha256", "VARCHAR NOT NULL"),
    # The record as filed, JSON text (VARCHAR: DuckDB's JSON functions read it as it is,
    # and skipping the JSON type's re-validation of text we encoded ourselves saves a fifth
    # of the insert time).
    ("raw", "VARCHAR NOT NULL"),
)
FLOW_TABLE_COLUMNS = tuple(name for name, _ in FLOW_TABLE)


_POLARS_TYPES = {"VARCHAR": "String", "DOUBLE": "Float64", "DATE": "Date", "INTEGER": "Int32"}


def flow_frame_schema() -> dict[str, object]:
    """The polars dtypes of a stored flow, in table order (fixed, so chunks always agree)."""
    import polars as pl

    return {
        name: getattr(pl, _POLARS_TYPES[sql.split()[0]]) for name, sql in FLOW_TABLE
    }
