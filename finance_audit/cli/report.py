"""`report`: the last rule run's flags as the investigator's HTML report or an export."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from finance_audit import checks, reviews
from finance_audit.cli.common import DEFAULT_DB_PATH, DbOption, console, handles_errors
from finance_audit.report import FORMATS, write_report

ReportFormat = StrEnum("ReportFormat", {f: f for f in FORMATS})


def register(app: typer.Typer) -> None:
    @app.command("report")
    @handles_errors
    def report_command(
        output: Annotated[Path | None, typer.Option(
            "-o", "--output", help="Write here (needed for html, parquet, xlsx, ftm).")] = None,
        fmt: Annotated[ReportFormat, typer.Option("--format", help="Output format.")]
        = ReportFormat.html,
        db: DbOption = DEFAULT_DB_PATH,
    ) -> None:
        """Report the flags of the store's last check: one self-contained HTML page (overview,
        filterable list, a card per flag with its flows, match, chain, precedent, law and
        review, and the run's manifest), or JSON, JSON Lines, CSV, Parquet, XLSX, FtM.

        Example: [bold]finance-audit report -o report.html[/bold]
        """
        flags, versions = checks.stored_flags(db)
        write_report(reviews.with_reviews(flags, db), fmt.value, output, db, versions)
        if output is not None:
            console().print(f"{flags.height:,} flags written to {output}")
