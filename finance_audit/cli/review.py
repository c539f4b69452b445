"""`review`: decisions on flags that the next runs remember."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from finance_audit import reviews
from finance_audit.cli.common import (
    DEFAULT_DB_PATH,
    DbOption,
    console,
    frame_table,
    handles_errors,
)
from finance_audit.errors import UsageError


def register(app: typer.Typer) -> None:
    @app.command("review")
    @handles_errors
    def review_command(
        target: Annotated[str, typer.Argument(
            help="A flag id to decide on, or list, export or import.")],
        file: Annotated[Path | None, typer.Argument(help="The file for import.")] = None,
        decision: Annotated[str | None, typer.Option(
            "--decision", help="confirmed, dismissed or unsure.")] = None,
        note: Annotated[str, typer.Option("--note", help="Why, for the next reviewer.")] = "",
        reviewer: Annotated[str | None, typer.Option("--reviewer")] = None,
        output: Annotated[Path | None, typer.Option(
            "-o", "--output", help="For export: a .yaml or .json file.")] = None,
        db: DbOption = DEFAULT_DB_PATH,
    ) -> None:
        """Record a decision on a flag; list, export or import decisions.

        Decisions follow the flag's stable id into later runs: `check` shows dismissed flags
        apart and --fail-on ignores them; a decision whose flag no longer appears is reported.

        Example: [bold]finance-audit review 3f2a9c0e1b7d4a55 --decision dismissed --note "MP
        salary contribution"[/bold]; [bold]finance-audit review export -o reviews.yaml[/bold]
        """
        out = console()
        if target == "list":
            rows = reviews.decisions(db)
            out.print(frame_table(rows.select("flag_id", "rule", "decision", "note", "reviewer",
                                              "decided_at", "flag_present"),
                                  f"{rows.height:,} review decisions"))
        elif target == "export":
            if output is None:
                raise UsageError("review export needs -o FILE (.yaml or .json)")
            n = reviews.export(output, db)
            out.print(f"{n:,} decisions written to {output}")
        elif target == "import":
            if file is None:
                raise UsageError("review import needs a FILE")
            n = reviews.import_file(file, db)
            out.print(f"{n:,} decisions imported from {file}")
        else:
            if decision is None:
                raise UsageError("a decision needs --decision confirmed|dismissed|unsure")
            row = reviews.record(target, decision, note, reviewer=reviewer, db=db)
            out.print(f"{row['flag_id']} ({row['rule']}): {row['decision']}")
