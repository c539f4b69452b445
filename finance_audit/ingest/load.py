"""One file, end to end: bytes -> grid -> profile -> clean -> EUR -> rows to store."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from finance_audit.errors import UnreadableFileError, UsageError
from finance_audit.ingest.clean import CleanOptions, clean, normalize_country
from finance_audit.ingest.fx import add_eur
from finance_audit.ingest.profiles import (
    Profile,
    find_layout,
    load_profile,
    map_columns,
    source_table,
)
from finance_audit.ingest.readers import ROW, Grid, read_bytes, read_grid


@dataclass(frozen=True)
class ParsedFile:
    """A file read, mapped and cleaned, ready for the store."""

    path: str
    sha256: str
    profile: Profile
    grid: Grid
    jurisdiction: str | None
    flows: pl.DataFrame  # typed canonical columns with provenance and EUR
    rejects: pl.DataFrame  # source_row, column, reason, raw
    blank_rows: int

    @property
    def without_rate(self) -> int:
        return self.flows.filter(pl.col("amount_eur").is_null()).height


def check_jurisdiction(code: str | None) -> str | None:
    """A --jurisdiction value as ISO alpha-2, or a UsageError."""
    if code is None:
        return None
    found = pl.select(normalize_country(pl.lit(code))).item()
    if found is None:
        raise UsageError(f"--jurisdiction {code!r} is not a country code (use e.g. GB, DE, FR)")
    return found


def _title_year(title: str) -> int | None:
    years = re.findall(r"\b(19\d{2}|20\d{2})\b", title)
    return int(years[-1]) if years else None


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def parse_file(
    path: Path,
    *,
    profile: str | None = None,
    jurisdiction: str | None = None,
    today: dt.date | None = None,
) -> ParsedFile:
    """Read and clean one file without touching a store.

    Raises:
        UnreadableFileError: nothing in the file is usable (empty, binary, unknown layout).
        ProfileError, UsageError: the profile or the jurisdiction asked for is wrong.
    """
    file = str(path)
    data = read_bytes(path)
    sha256 = file_sha256(data)
    chosen = load_profile(profile) if profile else None
    grid = read_grid(path, data)
    try:
        layout = find_layout(grid, chosen, file)
        table = source_table(grid, layout)
        mapped = map_columns(table, layout.profile)
    except UnreadableFileError as err:
        err.file = file
        raise
    used = layout.profile
    defaults = used.defaults
    jurisdiction = check_jurisdiction(jurisdiction) or defaults.get("jurisdiction")
    if jurisdiction is None and mapped["jurisdiction"].null_count() == mapped.height:
        raise UsageError(
            "no jurisdiction: the file names none; pass --jurisdiction (e.g. GB, DE, FR)",
            file=file,
        )
    options = CleanOptions(
        jurisdiction=jurisdiction,
        currency=defaults.get("currency", "EUR"),
        kind=defaults.get("kind"),
        recipient_type=defaults.get("recipient_type", "party"),
        counterparty_type=defaults.get("counterparty_type", "unknown"),
        date_order=defaults.get("date_order", "dmy"),
        decimal=defaults.get("decimal"),
        title_year=_title_year(table.title) if used.date_from_title else None,
        lenient=used.lenient,
        today=today,
    )
    good, bad = clean(mapped, options)
    good = add_eur(good).with_columns(
        pl.coalesce(
            pl.col("flow_id"),
            pl.format("h:{}:{}", pl.lit(sha256[:16]), pl.col(ROW)),
        ).alias("flow_id"),
        pl.lit(file).alias("source_file"),
        pl.col(ROW).cast(pl.Int32).alias("source_row"),
        pl.lit(sha256).alias("source_sha256"),
    )
    rejects = pl.concat(
        [table.rejects, bad.select(table.rejects.columns)], how="vertical"
    ).sort(ROW).rename({ROW: "source_row"})
    return ParsedFile(
        path=file,
        sha256=sha256,
        profile=used,
        grid=grid,
        jurisdiction=jurisdiction,
        flows=good,
        rejects=rejects,
        blank_rows=table.blank_rows,
    )
