"""One file, end to end: bytes -> grid -> profile -> clean -> EUR -> rows to store."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from finance_audit.errors import UnreadableFileError, UsageError
from finance_audit.ingest.clean import CleanOptions, clean, normalize_country
from finance_audit.ingest.fx import add_eur
from finance_audit.ingest.profiles import (
    Profile,
    SourceTable,
    check_columns,
    find_layout,
    header_key,
    load_profile,
    map_columns,
    source_table,
)
from finance_audit.ingest.readers import ROW, read_bytes, read_grid

CHUNK_ROWS = 250_000  # records mapped and cleaned at a time: bounds memory on large files


@dataclass(frozen=True)
class SourceFile:
    """A file opened and understood (format, header, profile), ready to be cleaned in chunks."""

    path: str
    sha256: str
    profile: Profile
    format: str
    encoding: str | None
    sheet: str | None
    jurisdiction: str | None
    table: SourceTable
    options: CleanOptions

    @property
    def blank_rows(self) -> int:
        return self.table.blank_rows

    def chunks(self, rows: int = CHUNK_ROWS) -> Iterator[tuple[pl.DataFrame, pl.DataFrame]]:
        """(flows, rejects) for successive runs of records; the ragged records come first."""
        reject_columns = ["source_row", "column", "reason", "raw"]
        if self.table.rejects.height:
            yield _empty_flows(), self.table.rejects.rename({ROW: "source_row"})
        frame = self.table.frame
        for offset in range(0, frame.height, rows):
            mapped = map_columns(frame.slice(offset, rows), self.table, self.profile)
            good, bad = clean(mapped, self.options)
            yield self._provenance(add_eur(good)), bad.rename({ROW: "source_row"}).select(
                reject_columns
            )

    def _provenance(self, flows: pl.DataFrame) -> pl.DataFrame:
        return flows.with_columns(
            pl.coalesce(
                pl.col("flow_id"),
                pl.format("h:{}:{}", pl.lit(self.sha256[:16]), pl.col(ROW)),
            ).alias("flow_id"),
            pl.lit(self.path).alias("source_file"),
            pl.col(ROW).cast(pl.Int32).alias("source_row"),
            pl.lit(self.sha256).alias("source_sha256"),
        ).drop(ROW)


def _empty_flows() -> pl.DataFrame:
    return pl.DataFrame()


@dataclass(frozen=True)
class ParsedFile:
    """A whole file cleaned in memory: for tests, notebooks and small files."""

    source: SourceFile
    flows: pl.DataFrame
    rejects: pl.DataFrame


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


def open_source(
    path: Path,
    *,
    profile: str | None = None,
    jurisdiction: str | None = None,
    today: dt.date | None = None,
) -> SourceFile:
    """Read a file and find its layout; cleaning happens chunk by chunk in `chunks()`.

    Raises:
        UnreadableFileError: nothing in the file is usable (empty, binary, unknown layout).
        ProfileError, UsageError: the profile or the jurisdiction asked for is wrong.
    """
    file = str(path)
    chosen = load_profile(profile) if profile else None
    jurisdiction = check_jurisdiction(jurisdiction)
    data = read_bytes(path)
    sha256 = file_sha256(data)
    grid = read_grid(path, data)
    del data
    try:
        layout = find_layout(grid, chosen, file)
        table = source_table(grid, layout)
        check_columns(table, layout.profile)
    except UnreadableFileError as err:
        err.file = file
        raise
    used = layout.profile
    defaults = used.defaults
    jurisdiction = jurisdiction or defaults.get("jurisdiction")
    if jurisdiction is None and not _names_jurisdiction(table, used):
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
    return SourceFile(
        path=file,
        sha256=sha256,
        profile=used,
        format=grid.format,
        encoding=grid.encoding,
        sheet=grid.sheet,
        jurisdiction=jurisdiction,
        table=table,
        options=options,
    )


def _names_jurisdiction(table: SourceTable, profile: Profile) -> bool:
    """Whether any record states its own jurisdiction."""
    spec = profile.columns.get("jurisdiction")
    if not spec:
        return False
    if "value" in spec:
        return True
    keys = {header_key(c): c for c in table.columns}
    sources = [keys[header_key(c)] for c in spec["columns"] if header_key(c) in keys]
    return any(table.frame[c].null_count() < table.frame.height for c in sources)


def parse_file(
    path: Path,
    *,
    profile: str | None = None,
    jurisdiction: str | None = None,
    today: dt.date | None = None,
) -> ParsedFile:
    """Read and clean a whole file in memory without touching a store."""
    source = open_source(path, profile=profile, jurisdiction=jurisdiction, today=today)
    flows, rejects = [], []
    for good, bad in source.chunks():
        if good.width:
            flows.append(good)
        rejects.append(bad)
    return ParsedFile(
        source=source,
        flows=pl.concat(flows) if flows else _empty_flows(),
        rejects=pl.concat(rejects).sort("source_row"),
    )
