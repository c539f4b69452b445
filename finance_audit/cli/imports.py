"""`import` and `quarantine`: load filings into the store and see what was rejected."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from finance_audit import api
from finance_audit.cli.common import (
    DEFAULT_DB_PATH,
    DbOption,
    console,
    frame_table,
    handles_errors,
    print_json,
)
from finance_audit.cli.progress import QuietOption, print_summary, progress_for
from finance_audit.ingest.profiles import builtin_profiles
from finance_audit.progress import Timings


class Output(StrEnum):
    table = "table"
    json = "json"


def summary(results: list[api.FileResult]) -> dict[str, object]:
    """The import summary as JSON scripts read it: totals and per file."""
    totals = {
        key: sum(getattr(r, key) for r in results)
        for key in ("read", "stored", "duplicates", "rejected")
    }
    return {**totals, "files": [r.as_dict() for r in results]}


def render(results: list[api.FileResult]) -> None:
    out = console()
    table = Table(show_edge=False, header_style="bold")
    table.add_column("file", overflow="fold", min_width=20)
    table.add_column("profile", no_wrap=True)
    for name in ("read", "stored", "dup.", "rejected", "no rate"):
        table.add_column(name, justify="right", no_wrap=True)
    for r in results:
        name = Path(r.file).name  # the full path is in the store's batches table
        if r.error:
            table.add_row(name, "[red]unusable[/red]", "", "", "", "", "")
        elif r.already_imported is not None:
            table.add_row(name, r.profile or "", "", "", "", "",
                          f"already imported (batch {r.already_imported})")
        else:
            table.add_row(name, r.profile or "", f"{r.read:,}", f"{r.stored:,}",
                          f"{r.duplicates:,}", f"{r.rejected:,}", f"{r.without_rate:,}")
    out.print(table)
    for r in results:
        if r.error:
            out.print(f"[red]✗[/red] {r.error}", soft_wrap=True)
        for reason, rows in r.reject_reasons:
            out.print(f"  {r.file}: {rows:,} rejected, {reason}", soft_wrap=True, markup=False)
    out.print("dup.: already stored (same source id); no rate: no ECB euro rate for the "
              "currency on that date, amount kept, amount_eur empty", style="dim")
    if any(r.rejected for r in results):
        out.print("Rejected rows are kept with their reasons: "
                  "[bold]finance-audit quarantine[/bold]")


def register(app: typer.Typer) -> None:
    @app.command("import")
    @handles_errors
    def import_command(
        files: Annotated[list[Path], typer.Argument(help="Filing files: CSV, XLSX, ODS, JSON, "
                                                    "JSON Lines or Parquet.")],
        profile: Annotated[str | None, typer.Option(
            "--profile", "-p",
            help="How to read the files: a profile name (see [bold]finance-audit profiles[/bold]) "
            "or a profile YAML file. Recognized from the header when left out.")] = None,
        jurisdiction: Annotated[str | None, typer.Option(
            "--jurisdiction", "-j", help="Country (ISO alpha-2) for rows that name none.")] = None,
        db: DbOption = DEFAULT_DB_PATH,
        output: Annotated[Output, typer.Option("--format", help="table or json.")] = Output.table,
        wait: Annotated[float, typer.Option(
            "--wait", help="If another process is writing the store, wait up to this many "
            "seconds for it instead of stopping.")] = 0.0,
        quiet: QuietOption = False,
    ) -> None:
        """Import filings into the store; every rejected row is kept with its reason.

        Re-importing a file adds nothing; a flow already stored under its source id
        (the UK's ECRef) counts as a duplicate.

        Example: [bold]finance-audit import Q1_2024.csv jan_may_2024.csv --db year.duckdb[/bold]
        """
        timings = Timings()
        with progress_for(quiet) as progress, timings.stage("import"):
            results = api.import_files(files, db=db, profile=profile,
                                       jurisdiction=jurisdiction, wait=wait, progress=progress)
        if output is Output.json:
            print_json(summary(results))
        else:
            render(results)
        print_summary(timings, quiet)
        failed = [r.exit_code for r in results if r.error]
        if failed:
            raise typer.Exit(max(failed))

    @app.command("profiles")
    @handles_errors
    def profiles_command() -> None:
        """List the import profiles: which register exports finance-audit reads.

        Example: [bold]finance-audit profiles[/bold]
        """
        table = Table(show_edge=False, header_style="bold")
        table.add_column("profile")
        table.add_column("reads")
        table.add_column("recognized by columns")
        for name, profile in sorted(builtin_profiles().items()):
            table.add_row(name, profile.title, ", ".join(profile.recognize))
        console().print(table)

    @app.command("quarantine")
    @handles_errors
    def quarantine_command(
        db: DbOption = DEFAULT_DB_PATH,
        batch: Annotated[int | None, typer.Option("--batch", help="Only this batch.")] = None,
        output_file: Annotated[Path | None, typer.Option(
            "-o", "--output", help="Write all rejected rows to this CSV file.")] = None,
        limit: Annotated[int, typer.Option("--limit", help="Rows to show.")] = 50,
    ) -> None:
        """Show the rows imports rejected: file, row, column and reason.

        Example: [bold]finance-audit quarantine --batch 3 -o rejected.csv[/bold]
        """
        rows = api.quarantine(db, batch_id=batch)
        if output_file:
            rows.write_csv(output_file)
            console().print(f"{rows.height:,} rejected rows written to {output_file}")
            return
        shown = rows.drop("raw").head(limit)
        console().print(frame_table(shown, f"{rows.height:,} rejected rows"))
