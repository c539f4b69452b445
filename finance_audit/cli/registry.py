"""`registry load`, `list` and `remove`: the registries names are matched against."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from finance_audit import resolution
from finance_audit.cli.common import (
    DEFAULT_DB_PATH,
    DbOption,
    console,
    frame_table,
    handles_errors,
    print_json,
)
from finance_audit.cli.imports import Output
from finance_audit.cli.progress import QuietOption, print_summary, progress_for
from finance_audit.progress import Timings

registry_app = typer.Typer(
    help="Load and list registries of foreign entities, banks and sanctioned parties.",
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
)


@registry_app.command("load")
@handles_errors
def load_command(
    files: Annotated[list[Path], typer.Argument(help="Registry files (a folder for bank-json).")],
    format: Annotated[str | None, typer.Option(
        "--format", "-f",
        help="canonical, ofac-sdn (the SDN list's sdn.csv or the Consolidated list's "
        "cons_prim.csv), un-xml, ftm or bank-json; recognized from the content when left "
        "out.")] = None,
    name: Annotated[str | None, typer.Option(
        "--name", help="Source name (default: from the format or the file name). Loading a "
        "source again replaces its earlier version.")] = None,
    db: DbOption = DEFAULT_DB_PATH,
    output: Annotated[Output, typer.Option("--format-output", help="table or json.")]
    = Output.table,
    quiet: QuietOption = False,
) -> None:
    """Load registry files into the store, one source each, replacing older versions.

    Example: [bold]finance-audit registry load sdn.csv --name ofac-2021[/bold]
    """
    timings = Timings()
    with progress_for(quiet) as progress, timings.stage("load"):
        results = resolution.load_registry_files(files, db=db, format=format, name=name,
                                                 progress=progress)
    print_summary(timings, quiet)
    if output is Output.json:
        print_json([r.__dict__ for r in results])
        return
    table = Table(show_edge=False, header_style="bold")
    for column in ("source", "format", "version", "entities", "aliases", "ownership", ""):
        table.add_column(column, justify="right" if column in ("entities", "aliases",
                                                               "ownership") else "left")
    for r in results:
        table.add_row(r.source, r.format, r.version, f"{r.entities:,}", f"{r.aliases:,}",
                      f"{r.ownership:,}", "already loaded" if r.skipped else "loaded")
    console().print(table)


@registry_app.command("list")
@handles_errors
def list_command(
    db: DbOption = DEFAULT_DB_PATH,
    output: Annotated[Output, typer.Option("--format", help="table or json.")] = Output.table,
) -> None:
    """List the registry sources in the store, with versions and counts.

    Example: [bold]finance-audit registry list --db year.duckdb[/bold]
    """
    sources = resolution.registry_sources(db)
    if output is Output.json:
        print_json(sources.to_dicts())
        return
    if sources.is_empty():
        console().print("No registries loaded yet; [bold]finance-audit match[/bold] loads the "
                        "default registry, [bold]finance-audit registry load[/bold] adds yours.")
        return
    console().print(frame_table(sources, "Registry sources"))


@registry_app.command("remove")
@handles_errors
def remove_command(
    sources: Annotated[list[str], typer.Argument(help="Source names, as `registry list` "
                                                       "shows them.")],
    db: DbOption = DEFAULT_DB_PATH,
    output: Annotated[Output, typer.Option("--format", help="table or json.")] = Output.table,
) -> None:
    """Remove registry sources from the store: their entities and ownership edges.

    The next [bold]match[/bold] or [bold]check[/bold] matches against what is left; until
    then the store's matches and flags are those of the last run. A default source
    (default:...) is loaded again by the next match or check, unless it is run with
    --no-default-registry.

    Example: [bold]finance-audit registry remove ofac-2021 --db year.duckdb[/bold]
    """
    removed = resolution.remove_registry_sources(sources, db)
    if output is Output.json:
        print_json([r.__dict__ for r in removed])
        return
    table = Table(show_edge=False, header_style="bold")
    for column in ("source", "entities", "ownership", "matches of the last run"):
        table.add_column(column, justify="left" if column == "source" else "right")
    for r in removed:
        table.add_row(r.source, f"{r.entities:,}", f"{r.ownership:,}", f"{r.matches:,}")
    console().print(table)
    if any(r.matches for r in removed):
        console().print("The last run's matches name removed entities: run "
                        "[bold]finance-audit match[/bold] (or [bold]check[/bold]) again.")
    if any(r.is_default for r in removed):
        console().print("A default source returns with the next match or check, unless it "
                        "is run with --no-default-registry.")


def register(app: typer.Typer) -> None:
    app.add_typer(registry_app, name="registry")
