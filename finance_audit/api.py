"""The Python face of finance-audit: what the CLI calls, and what notebooks call.

Functions return polars frames and dataclasses; none prints or exits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import polars as pl

from finance_audit.errors import FinanceAuditError
from finance_audit.ingest.load import open_source
from finance_audit.ingest.profiles import load_profile
from finance_audit.progress import SILENT, Progress, Task
from finance_audit.store import DEFAULT_DB, Store


@dataclass(frozen=True)
class FileResult:
    """What importing one file did. `error` is set when nothing in it could be used."""

    file: str
    profile: str | None = None
    batch_id: int | None = None
    already_imported: int | None = None  # the batch that holds this exact file already
    read: int = 0
    stored: int = 0
    duplicates: int = 0
    rejected: int = 0
    blank: int = 0
    without_rate: int = 0
    reject_reasons: tuple[tuple[str, int], ...] = ()
    error: str | None = None
    exit_code: int = 0

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["reject_reasons"] = [{"reason": r, "rows": n} for r, n in self.reject_reasons]
        return data


def _reasons(rejects: pl.DataFrame, top: int = 5) -> tuple[tuple[str, int], ...]:
    if rejects.is_empty():
        return ()
    # Group by the kind of problem, not the value, so "not a valid date: 31/02/2021" and
    # "not a valid date: 30/02/2020" count together.
    kinds = rejects.select(
        pl.concat_str(
            [pl.col("column").fill_null("record"), pl.col("reason").str.replace(r"[:;].*$", "")],
            separator=": ",
        ).alias("kind")
    )
    counted = kinds.group_by("kind").len().sort(["len", "kind"], descending=[True, False])
    return tuple((k, n) for k, n in counted.head(top).iter_rows())


def import_file(
    store: Store,
    path: str | Path,
    *,
    profile: str | None = None,
    jurisdiction: str | None = None,
    today: dt.date | None = None,
    task: Task | None = None,
) -> FileResult:
    """Import one file into an open store, in one transaction; `task` counts its records.

    Raises:
        FinanceAuditError: the file cannot be used at all; the store is left as it was.
    """
    source = open_source(Path(path), profile=profile, jurisdiction=jurisdiction, today=today)
    earlier = store.batch_for(source.sha256, source.profile.name, source.jurisdiction)
    if earlier is not None:
        return FileResult(file=source.path, profile=source.profile.name, already_imported=earlier)
    reasons: list[pl.DataFrame] = []
    if task is not None:
        task.set_total(source.table.frame.height + source.table.rejects.height)

    def chunks() -> Iterator[tuple[pl.DataFrame, pl.DataFrame]]:
        for flows, rejects in source.chunks():
            reasons.append(rejects.select("column", "reason"))
            yield flows, rejects
            if task is not None:
                task.advance(flows.height + rejects.height)

    counts = store.write_batch(
        {
            "source_file": source.path,
            "source_sha256": source.sha256,
            "profile": source.profile.name,
            "format": source.format,
            "encoding": source.encoding,
            "sheet": source.sheet,
            "jurisdiction": source.jurisdiction,
        },
        chunks(),
        blank=source.blank_rows,
    )
    return FileResult(
        file=source.path,
        profile=source.profile.name,
        batch_id=counts.batch_id,
        read=counts.read,
        stored=counts.stored,
        duplicates=counts.duplicate,
        rejected=counts.rejected,
        blank=counts.blank,
        without_rate=counts.without_rate,
        reject_reasons=_reasons(pl.concat(reasons)) if reasons else (),
    )


def import_files(
    paths: Iterable[str | Path],
    *,
    db: str | Path = DEFAULT_DB,
    profile: str | None = None,
    jurisdiction: str | None = None,
    today: dt.date | None = None,
    wait: float = 0.0,
    progress: Progress = SILENT,
) -> list[FileResult]:
    """Import files into the store at `db`, each in its own transaction.

    A file that cannot be used at all is reported in its FileResult (`error`, `exit_code`)
    and leaves the store as it was; the other files are still imported.
    """
    if profile:
        load_profile(profile)  # a wrong profile name fails once, before any file is read
    results = []
    with Store(db, wait=wait) as store:
        for path in paths:
            try:
                with progress.task(f"import {Path(path).name}") as task:
                    results.append(
                        import_file(store, path, profile=profile, jurisdiction=jurisdiction,
                                    today=today, task=task)
                    )
            except FinanceAuditError as err:
                if err.file is None:
                    err.file = str(path)
                results.append(FileResult(file=str(path), error=str(err),
                                          exit_code=err.exit_code))
    return results


@dataclass(frozen=True)
class StoreStatus:
    """What a store holds, as frames ready to show or analyse."""

    batches: pl.DataFrame
    by_year: pl.DataFrame
    by_jurisdiction: pl.DataFrame
    by_kind: pl.DataFrame
    by_recipient: pl.DataFrame
    totals: dict[str, int]


def status(db: str | Path = DEFAULT_DB, *, top_recipients: int = 10) -> StoreStatus:
    """Batches and rows by year, jurisdiction, kind and recipient."""
    with Store(db, read_only=True) as store:
        batches = store.frame(
            "SELECT batch_id, source_file, profile, rows_read, rows_stored, rows_duplicate, "
            "rows_rejected, rows_without_rate, imported_at FROM batches ORDER BY batch_id"
        )

        def grouped(expr: str, order: str = "1") -> pl.DataFrame:
            return store.frame(
                f"SELECT {expr} AS key, count(*) AS flows, round(sum(amount_eur), 2) AS eur "
                f"FROM flows GROUP BY 1 ORDER BY {order}"
            )

        totals_row = store.con.execute(
            "SELECT (SELECT count(*) FROM batches), (SELECT count(*) FROM flows), "
            "(SELECT count(*) FROM quarantine), "
            "(SELECT count(*) FROM flows WHERE amount_eur IS NULL), "
            "(SELECT count(*) FROM entities), "
            "(SELECT count(*) FROM matches WHERE decision = 'match'), "
            "(SELECT count(*) FROM flags), (SELECT count(*) FROM reviews)"
        ).fetchall()[0]
        recipients = store.frame(
            "SELECT recipient AS key, count(*) AS flows, round(sum(amount_eur), 2) AS eur "
            "FROM flows GROUP BY 1 ORDER BY flows DESC, key LIMIT ?",
            [top_recipients],
        )
        return StoreStatus(
            batches=batches,
            by_year=grouped("CAST(year(date) AS VARCHAR)"),
            by_jurisdiction=grouped("jurisdiction"),
            by_kind=grouped("kind"),
            by_recipient=recipients,
            totals=dict(
                zip(("batches", "flows", "quarantined", "without_rate", "entities", "matches",
                     "flags", "reviews"), totals_row, strict=True)
            ),
        )


def quarantine(db: str | Path = DEFAULT_DB, *, batch_id: int | None = None) -> pl.DataFrame:
    """The rejected rows, with file, row, column and reason (and the raw record)."""
    with Store(db, read_only=True) as store:
        if batch_id is None:
            return store.frame(
                "SELECT * FROM quarantine ORDER BY batch_id, source_row"
            )
        return store.frame(
            "SELECT * FROM quarantine WHERE batch_id = ? ORDER BY source_row", [batch_id]
        )
