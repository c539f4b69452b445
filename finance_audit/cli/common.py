"""What every command shares: the store option, error mapping, the console."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import polars as pl
import typer
from rich.console import Console
from rich.table import Table

from finance_audit.errors import FinanceAuditError
from finance_audit.store import DEFAULT_DB

DbOption = Annotated[
    Path,
    typer.Option("--db", help="The store: a DuckDB file, created on first import.",
                 show_default=True),
]
DEFAULT_DB_PATH = Path(DEFAULT_DB)


def console() -> Console:
    return Console(highlight=False)


def error_console() -> Console:
    return Console(stderr=True, highlight=False)


def fail(message: str, code: int) -> typer.Exit:
    """Print one line to stderr and return the Exit to raise."""
    print(f"finance-audit: {message}", file=sys.stderr)
    return typer.Exit(code)


def handles_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn library errors into one line on stderr and the error's exit code."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except FinanceAuditError as err:
            raise fail(str(err), err.exit_code) from None

    return wrapper


def frame_table(frame: pl.DataFrame, title: str | None = None) -> Table:
    """A rich table of a small frame; numbers right-aligned."""
    table = Table(title=title, title_justify="left", show_edge=False, header_style="bold")
    for name, dtype in frame.schema.items():
        numeric = dtype.is_numeric()
        table.add_column(name, justify="right" if numeric else "left", no_wrap=numeric,
                         overflow="fold")
    for row in frame.iter_rows():
        table.add_row(*("" if v is None else f"{v:,.2f}" if isinstance(v, float)
                        else f"{v:,}" if isinstance(v, int) else str(v) for v in row))
    return table


def print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
