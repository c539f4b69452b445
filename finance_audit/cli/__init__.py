"""The `finance-audit` command: parses, calls the library, renders. Nothing is decided here."""

from __future__ import annotations

import inspect
import re
import sys

import typer
from typer.main import solve_typer_info_help

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


def _one_line_paragraphs(text: str | None) -> str | None:
    """`text` with each paragraph on one line, and brackets that are no style escaped.

    Typer's rich help keeps a docstring's line breaks, so a paragraph wrapped at the source's
    width breaks mid-sentence in a narrower terminal; on one line, the terminal wraps it. And
    it reads "[tool.finance-audit]" as a style tag and drops it.
    """
    if text is None:
        return None
    paragraphs = [" ".join(line.strip() for line in paragraph.splitlines())
                  for paragraph in inspect.cleandoc(text).split("\n\n")]
    return re.sub(r"\[(?!/?bold\])", r"\\[", "\n\n".join(paragraphs))


def _help_unwrapped(typer_app: typer.Typer) -> None:
    """Every command's and group's help in `typer_app` as `_one_line_paragraphs`."""
    for command in typer_app.registered_commands:
        command.help = _one_line_paragraphs(
            inspect.getdoc(command.callback) if command.help is None else command.help)
    for group in typer_app.registered_groups:
        group.help = _one_line_paragraphs(solve_typer_info_help(group))
        if group.typer_instance is not None:
            _help_unwrapped(group.typer_instance)


_help_unwrapped(app)


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
