"""The canonical registry file (DESIGN §6): a CSV of entities the user or the project curates.

Required columns `entity_id,name,kind,country`; optional `aliases`, `identifiers`, `topics`
(`;`-separated), `status`, `status_date` (ISO), `owner_id` (an ownership edge owner -> this
entity, share unknown), `source` and a person's `birth_dates` (`;`-separated ISO 8601:
`1951-06-19`, `1965-02`, `1948`, `1955~` approximately, `1960/1962` between). The file is
read by the project's own reader, so any encoding, delimiter or spreadsheet the filings import
accepts works here too. A bad row stops the load with its row number: a registry is small and
hand-made, and a silently dropped entry would be a missed match.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from finance_audit.ingest.readers import ROW, read_bytes, read_grid
from finance_audit.registry import KINDS, STATUSES, RegistryData, RegistryError
from finance_audit.registry.common import (
    ISO_BIRTH_DATE,
    country_expr,
    file_entry,
    finish,
    ownership_frame,
)

REQUIRED = ("entity_id", "name", "kind", "country")
OPTIONAL = ("aliases", "identifiers", "topics", "status", "status_date", "owner_id", "source",
            "birth_dates")


def load(path: Path) -> RegistryData:
    """Load a canonical registry file.

    Raises:
        UnreadableFileError: the file is missing, empty or not a table.
        RegistryError: a required column or value is missing, or a value is invalid.
    """
    file = str(path)
    data = read_bytes(path)
    grid = read_grid(path, data).frame
    rows = _named_columns(grid, file)
    rows = rows.filter(~pl.all_horizontal(pl.col(c).is_null() for c in REQUIRED + OPTIONAL))
    rows = _validated(rows, file)
    source = pl.coalesce(pl.col("source"), pl.lit(path.stem))
    entities = rows.select(
        pl.col("entity_id"),
        pl.col("name"),
        _split("aliases").alias("aliases"),
        pl.col("kind"),
        pl.col("country"),
        pl.concat_list("country").alias("countries"),
        _split("identifiers").alias("identifiers"),
        _split("topics").list.eval(pl.element().str.to_lowercase()).alias("topics"),
        pl.col("status"),
        pl.col("status_date"),
        pl.lit(None, dtype=pl.String).alias("program"),
        source.alias("source"),
        _split("birth_dates").alias("birth_dates"),
    )
    edges = rows.filter(pl.col("owner_id").is_not_null()).select(
        pl.col("owner_id"),
        pl.col("entity_id").alias("owned_id"),
        pl.lit(None, dtype=pl.Float64).alias("share"),
        source.alias("source"),
    )
    return RegistryData(
        format="canonical",
        entities=finish(entities, file=file),
        ownership=ownership_frame(edges),
        files=(file_entry(path, data),),
    )


def _named_columns(grid: pl.DataFrame, file: str) -> pl.DataFrame:
    """The data rows under their header names (trimmed, blanks null), plus the row number."""
    if grid.height == 0:
        raise RegistryError("the file has no header", file=file)
    cells = [c for c in grid.columns if c.startswith("c")]
    header = [str(v).strip().lower() if v is not None else "" for v in grid.select(cells).row(0)]
    for name in REQUIRED:
        if name not in header:
            raise RegistryError(f"no {name!r} column (the header needs {','.join(REQUIRED)})",
                                file=file)
    named = {}
    for cell, name in zip(cells, header, strict=True):
        if name in REQUIRED + OPTIONAL:
            if name in named:
                raise RegistryError(f"the column {name!r} appears twice", file=file)
            named[name] = cell
    text = [
        pl.col(named[n]).str.strip_chars().replace("", None).alias(n)
        if n in named else pl.lit(None, dtype=pl.String).alias(n)
        for n in REQUIRED + OPTIONAL
    ]
    return grid.slice(1).select(pl.col(ROW), *text)


def _validated(rows: pl.DataFrame, file: str) -> pl.DataFrame:
    """Rows with kind, country, status and date parsed; the first bad row raises."""
    for name in REQUIRED:
        _refuse(rows, pl.col(name).is_null(), name, f"no {name}", file)
    kind = pl.col("kind").str.to_lowercase().str.replace_all(r"[\s-]+", "_")
    _refuse(rows, ~kind.is_in(KINDS), "kind",
            "kind {value!r} is not one of " + ", ".join(KINDS), file, value="kind")
    _refuse(rows, country_expr(pl.col("country")).is_null(), "country",
            "country {value!r} is not a country name or ISO code", file, value="country")
    status = pl.col("status").str.to_lowercase()
    _refuse(rows, status.is_not_null() & ~status.is_in(STATUSES), "status",
            "status {value!r} is not one of " + ", ".join(STATUSES), file, value="status")
    date = pl.col("status_date").str.to_date("%Y-%m-%d", strict=False)
    _refuse(rows, pl.col("status_date").is_not_null() & date.is_null(), "status_date",
            "status_date {value!r} is not a date YYYY-MM-DD", file, value="status_date")
    ident = _split("identifiers")
    _refuse(rows, ident.list.eval(~pl.element().str.contains(r"^[^:\s]+:\S")).list.any(),
            "identifiers", "identifiers {value!r} need the form scheme:value", file,
            value="identifiers")
    births = _split("birth_dates")
    _refuse(rows, births.list.eval(~pl.element().str.contains(ISO_BIRTH_DATE)).list.any(),
            "birth_dates", "birth_dates {value!r} are not ISO 8601 dates (1951-06-19, 1965-02, "
            "1948, 1955~ or 1960/1962)", file, value="birth_dates")
    _refuse(rows, (births.list.len() > 0) & (kind != "person"), "birth_dates",
            "birth_dates are a person's, and this is a {value}", file, value="kind")
    rows = rows.with_columns(kind, country_expr(pl.col("country")), status, date)
    _refuse(rows, ~pl.col("entity_id").is_first_distinct(), "entity_id",
            "entity_id {value!r} is repeated", file, value="entity_id")
    return rows


def _refuse(rows: pl.DataFrame, bad: pl.Expr, column: str, message: str, file: str,
            value: str | None = None) -> None:
    """Raise a RegistryError naming the first row where `bad` holds."""
    hits = rows.filter(bad.fill_null(False))
    if hits.height:
        hit = hits.row(0, named=True)
        text = message.format(value=hit[value]) if value else message
        raise RegistryError(text, file=file, row=hit[ROW], column=column)


def _split(column: str) -> pl.Expr:
    """A `;`-separated cell as a list of trimmed, non-empty items."""
    return (
        pl.col(column)
        .str.split(";")
        .list.eval(pl.element().str.strip_chars())
        .list.eval(pl.element().filter(pl.element() != ""))
    )
