"""`match`, `match score`, `match explain`: who every counterparty is."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import polars as pl
import typer

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
from finance_audit.errors import UnreadableFileError, UsageError
from finance_audit.ingest.readers import read_grid
from finance_audit.match.score import POSSIBLE_THRESHOLD, THRESHOLD, MatchSettings
from finance_audit.progress import Timings

match_app = typer.Typer(
    context_settings={"help_option_names": ["-h", "--help"]},
    invoke_without_command=True,
)

Threshold = Annotated[float, typer.Option(
    "--threshold", min=0.0, max=1.0,
    help=f"Score from which a candidate is a match (default {THRESHOLD}, chosen from "
    "measured precision and recall).")]
NoDefault = Annotated[bool, typer.Option(
    "--no-default-registry", help="Use only the registries loaded with `registry load`.")]


@match_app.callback()
@handles_errors
def match_command(
    ctx: typer.Context,
    db: DbOption = DEFAULT_DB_PATH,
    threshold: Threshold = THRESHOLD,
    no_default_registry: NoDefault = False,
    output: Annotated[Output, typer.Option("--format", help="table or json.")] = Output.table,
    quiet: QuietOption = False,
) -> None:
    """Resolve every donor, lender, payer and contract partner in the store.

    Writes the `matches` table (each with score and explanation) and the `donors` table
    (one id per donor across spellings). The default registry is loaded first unless
    --no-default-registry.

    Example: [bold]finance-audit match --db year.duckdb[/bold]
    """
    if ctx.invoked_subcommand is not None:
        return
    settings = MatchSettings(threshold=threshold,
                             possible_threshold=min(POSSIBLE_THRESHOLD, threshold))
    timings = Timings()
    with progress_for(quiet) as progress, timings.stage("resolve"):
        summary = resolution.match_store(db, settings=settings, progress=progress,
                                         use_default_registry=not no_default_registry)
    print_summary(timings, quiet)
    if output is Output.json:
        print_json({k: v for k, v in summary.__dict__.items()
                    if k not in ("defaults_loaded", "settings")}
                   | {"threshold": settings.threshold})
        return
    out = console()
    for loaded in summary.defaults_loaded:
        if not loaded.skipped:
            out.print(f"loaded default registry source {loaded.source}: "
                      f"{loaded.entities:,} entities")
    out.print(
        f"{summary.names:,} names in {summary.flows:,} flows: {summary.matched_names:,} "
        f"matched, {summary.possible_names:,} possible (review band "
        f"{settings.possible_threshold}-{settings.threshold}); {summary.donors:,} distinct "
        "donors"
    )
    with resolution.Store(db, read_only=True) as store:
        # One row per name and entity, with the number of flows that name it: a donor who
        # gave six times is one match to review, not six rows.
        top = store.frame(
            "SELECT m.role, m.name, e.name AS entity, m.entity_id, e.country, m.score, "
            "m.decision, count(DISTINCT m.flow_id) AS flows "
            "FROM matches m JOIN entities e USING (entity_id) "
            "GROUP BY ALL ORDER BY m.decision, m.score DESC, m.name, m.entity_id, m.role "
            "LIMIT 20"
        )
    if top.height:
        out.print(frame_table(top, "Strongest matches, by name and entity (all in the "
                                   "matches table)"))


@match_app.command("score")
@handles_errors
def score_command(
    pairs: Annotated[Path, typer.Option("--pairs", help="CSV with left,right[,kind].")],
    output_file: Annotated[Path | None, typer.Option("-o", "--output",
                                                     help="Write the scored CSV here.")] = None,
    threshold: Threshold = THRESHOLD,
    db: DbOption = DEFAULT_DB_PATH,
    no_default_registry: NoDefault = False,
) -> None:
    """Score name pairs: every row, in order, with score, match and explanation.

    Words weigh as rare as they are among the registry `match` searches (the store's, if
    there is one, and the default one) and the file's right-hand names, so each pair scores
    as `match` would score it. The store is only read.

    Example: [bold]finance-audit match score --pairs names.csv -o scored.csv[/bold]
    """
    grid = read_grid(pairs)
    frame = grid.frame
    header = [str(v or "").strip().lower() for v in frame.row(0)[:-2]] if not \
        grid.header_known else list(frame.columns)
    if "left" not in header or "right" not in header:
        raise UnreadableFileError("needs columns left and right (and optionally kind)",
                                  file=str(pairs))
    names = {f"c{i}": h for i, h in enumerate(header) if h in ("left", "right", "kind")}
    table = frame.slice(1).select([pl.col(c).alias(n) for c, n in names.items()])
    scored = resolution.score_pair_file(table, MatchSettings(threshold=threshold), db=db,
                                        use_default_registry=not no_default_registry)
    if output_file:
        scored.write_csv(output_file)
        console().print(f"{scored.height:,} pairs scored, "
                        f"{scored['match'].sum():,} matches; written to {output_file}")
    else:
        print(scored.write_csv(), end="")


@match_app.command("explain")
@handles_errors
def explain_command(
    name: Annotated[str, typer.Argument(help="The name to look up.")],
    db: DbOption = DEFAULT_DB_PATH,
    kind: Annotated[str | None, typer.Option("--kind", help="person or org.")] = None,
    country: Annotated[str | None, typer.Option("--country", help="ISO alpha-2.")] = None,
    top: Annotated[int, typer.Option("--top", help="How many candidates.")] = 5,
    no_default_registry: NoDefault = False,
    output: Annotated[Output, typer.Option("--format", help="table or json.")] = Output.table,
) -> None:
    """Show the best registry candidates for one name and why each scores as it does.

    Example: [bold]finance-audit match explain "Pervyi Cheshsko-Rossiiskii Bank"[/bold]
    """
    if kind not in (None, "person", "org"):
        raise UsageError("--kind is person or org")
    found = resolution.explain_name(name, db=db, kind=kind, country=country, top=top,
                                    use_default_registry=not no_default_registry)
    if output is Output.json:
        print_json(found.to_dicts())
        return
    out = console()
    if found.is_empty():
        out.print(f"No candidate shares a distinctive word with {name!r}.")
        return
    for row in found.iter_rows(named=True):
        out.print(f"[bold]{row['score']:.3f}[/bold] {row['decision']:8} {row['entity_name']} "
                  f"({row['entity_id']})", highlight=False)
        out.print(f"  {row['explanation']}", markup=False, soft_wrap=True)
        out.print(f"  listed: {listed_facts(row)}", markup=False, soft_wrap=True,
                  style="dim")
        for other in row["also_listed"] or []:
            out.print(f"  also listed as {other['name']} ({other['entity_id']}): "
                      f"{other['reason']}", markup=False, soft_wrap=True, style="dim")


def listed_facts(row: dict) -> str:
    """What the registry says of a candidate, in one line: "person; EG; born 1951-06-19;
    program SDGT; source ofac-sdn"."""
    parts = [row["kind"] or "kind not stated"]
    if row["countries"]:
        parts.append(", ".join(row["countries"]))
    if row["birth_dates"]:
        parts.append("born " + " or ".join(map(birth_date_words, row["birth_dates"])))
    if row["program"]:
        parts.append(f"program {row['program']}")
    parts.append(f"source {row['source']}")
    return "; ".join(parts)


def birth_date_words(date: str) -> str:
    """An ISO 8601 birth date as the registry keeps it, in words: "1955~" is "about 1955",
    "1960/1962" is "between 1960 and 1962"."""
    ends = [f"about {end[:-1]}" if end.endswith("~") else end for end in date.split("/")]
    return f"between {ends[0]} and {ends[1]}" if len(ends) == 2 else ends[0]


def register(app: typer.Typer) -> None:
    app.add_typer(match_app, name="match")
