"""The `finance-audit` command: parses, calls the library, renders. Nothing is decided here."""

from __future__ import annotations

import sys

import typer

from finance_audit import __version__
from finance_audit.cli import (
    demo,
    imports,
    match,
    registry,
    report,
    review,
    rules,
    status,
    synth,
)

app = typer.Typer(
    name="finance-audit",
    help="Catch foreign money entering party politics: import filings, check them, report.",
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    rich_markup_mode="rich",
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"finance-audit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Catch foreign money entering party politics.

    Example: [bold]finance-audit import filings.csv --jurisdiction DE[/bold]
    """


imports.register(app)
status.register(app)
registry.register(app)
match.register(app)
rules.register(app)
review.register(app)
report.register(app)
synth.register(app)
demo.register(app)


def main() -> None:
    """Console entry point. Unexpected errors become exit 3 with one line, not a traceback."""
    try:
        app()
    except SystemExit:
        raise
    except Exception as err:  # the last line of defence: the CLI never shows a traceback
        import os

        if os.environ.get("FINANCE_AUDIT_DEBUG"):
            raise
        print(
            f"finance-audit: internal error: {type(err).__name__}: {err} "
            "(set FINANCE_AUDIT_DEBUG=1 for details and please report it)",
            file=sys.stderr,
        )
        sys.exit(3)
