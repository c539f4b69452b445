"""`status`: what the store holds."""

from __future__ import annotations

from typing import Annotated

import polars as pl
import typer

from finance_audit import api
from finance_audit.cli.common import (
    DEFAULT_DB_PATH,
    DbOption,
    console,
    frame_table,
    handles_errors,
    print_json,
)
from finance_audit.cli.imports import Output


def render_status(report: api.StoreStatus) -> None:
    out = console()
    t = report.totals
    out.print(
        f"[bold]{t['flows']:,}[/bold] flows from {t['batches']:,} imported files; "
        f"{t['quarantined']:,} rows in quarantine; {t['without_rate']:,} flows without "
        "an ECB euro rate"
    )
    out.print(
        f"{t['entities']:,} registry entities; {t['matches']:,} name matches; "
        f"{t['flags']:,} flags from the last run; {t['reviews']:,} review decisions"
    )
    batches = report.batches.select(
        pl.col("batch_id").alias("batch"),
        pl.col("source_file").str.extract(r"([^/\\]+)$", 1).alias("file"),
        "profile",
        pl.col("rows_read").alias("read"),
        pl.col("rows_stored").alias("stored"),
        pl.col("rows_duplicate").alias("dup."),
        pl.col("rows_rejected").alias("rejected"),
        pl.col("rows_without_rate").alias("no rate"),
    )
    out.print(frame_table(batches, "Batches"))
    for title, frame in (
        ("By year", report.by_year),
        ("By jurisdiction", report.by_jurisdiction),
        ("By kind", report.by_kind),
        ("Top recipients", report.by_recipient),
    ):
        out.print(frame_table(frame, title))


def register(app: typer.Typer) -> None:
    @app.command("status")
    @handles_errors
    def status_command(
        db: DbOption = DEFAULT_DB_PATH,
        output: Annotated[Output, typer.Option("--format", help="table or json.")] = Output.table,
    ) -> None:
        """Show what the store holds: batches, and flows by year, jurisdiction, kind, recipient.

        Example: [bold]finance-audit status --db year.duckdb[/bold]
        """
        report = api.status(db)
        if output is Output.json:
            print_json(
                {
                    "totals": report.totals,
                    "batches": report.batches.to_dicts(),
                    "by_year": report.by_year.to_dicts(),
                    "by_jurisdiction": report.by_jurisdiction.to_dicts(),
                    "by_kind": report.by_kind.to_dicts(),
                    "by_recipient": report.by_recipient.to_dicts(),
                }
            )
        else:
            render_status(report)
