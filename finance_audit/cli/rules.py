"""`rules list|show|test` and `check`: the rule pack and the main job."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import polars as pl
import typer
from rich.table import Table

from finance_audit import checks, reviews
from finance_audit.cli.common import (
    console,
    handles_errors,
)
from finance_audit.cli.progress import QuietOption, print_summary, progress_for
from finance_audit.engine.rules import SEVERITY_RANK, default_rules_dir, load_rules
from finance_audit.errors import UsageError
from finance_audit.progress import Timings
from finance_audit.report import write_report
from finance_audit.settings import load_settings

rules_app = typer.Typer(
    context_settings={"help_option_names": ["-h", "--help"]}, no_args_is_help=True,
    help="List, show and test the rule pack.",
)
RulesDir = Annotated[Path | None, typer.Option(
    "--rules", help="A rule pack folder (default: the shipped rules/).")]


class FlagFormat(StrEnum):
    table = "table"
    html = "html"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    xlsx = "xlsx"
    ftm = "ftm"


class FailOn(StrEnum):
    low = "low"
    medium = "medium"
    high = "high"


@rules_app.command("list")
@handles_errors
def list_command(rules: RulesDir = None) -> None:
    """List the rules: code, severity, category, the pattern flagged.

    Example: [bold]finance-audit rules list[/bold]
    """
    table = Table(show_edge=False, header_style="bold")
    for column in ("code", "severity", "category", "name", "summary"):
        table.add_column(column, overflow="fold")
    for rule in load_rules(rules or default_rules_dir()):
        table.add_row(rule.code, rule.severity, rule.category, rule.name, rule.summary)
    console().print(table)


@rules_app.command("show")
@handles_errors
def show_command(code: str, rules: RulesDir = None) -> None:
    """Show one rule: why it matters, its parameters, precedent and legal references.

    Example: [bold]finance-audit rules show FA101[/bold]
    """
    found = [r for r in load_rules(rules or default_rules_dir())
             if code.upper() in (r.code, *r.aliases)]
    if not found:
        raise UsageError(f"no rule {code}; see finance-audit rules list")
    rule = found[0]
    out = console()
    out.print(f"[bold]{rule.code} {rule.name}[/bold] ({rule.category}, {rule.severity})")
    out.print(rule.summary)
    out.print(f"\n[bold]Why[/bold]\n{rule.why}")
    if rule.known_false_positives:
        out.print(f"\n[bold]Known false positives[/bold]\n{rule.known_false_positives}")
    out.print("\n[bold]Parameters[/bold]")
    for name, spec in rule.params.items():
        out.print(f"  {name} = {spec['default']!r}: {spec['description']}")
    out.print(f"\n[bold]Precedent[/bold] {', '.join(rule.precedent) or '-'}")
    out.print("[bold]References[/bold]")
    for ref in rule.references:
        out.print(f"  {ref}", markup=False)
    out.print(f"\n[dim]{rule.path} (version {rule.version}), {len(rule.tests)} cases[/dim]")


@rules_app.command("test")
@handles_errors
def test_command(folder: Annotated[Path | None, typer.Argument(
    help="A rule pack folder (default: the shipped rules/).")] = None) -> None:
    """Run a rule pack's own cases: each must flag exactly the flows it expects.

    Example: [bold]finance-audit rules test my-rules/[/bold]
    """
    results = checks.run_rule_tests(folder)
    out = console()
    failed = [r for r in results if not r.passed]
    for r in failed:
        why = r.error or (f"expected {list(r.expected)}, flagged {list(r.flagged)}"
                          + (f", severities {list(r.severities)} (expected "
                             f"{r.expected_severity})" if r.expected_severity else ""))
        out.print(f"[red]FAIL[/red] {r.rule} {r.case}: {why}", soft_wrap=True)
    out.print(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    if failed:
        raise typer.Exit(1)


SUFFIX_FORMATS = {".html": "html", ".htm": "html", ".json": "json", ".jsonl": "jsonl",
                  ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet", ".xlsx": "xlsx",
                  ".ftm": "ftm"}


def format_from_suffix(output: Path) -> FlagFormat:
    """-o report.html without --format writes HTML, and so on for each format's suffix."""
    found = SUFFIX_FORMATS.get(output.suffix.lower())
    if found is None:
        raise UsageError(f"cannot tell the format from {output.name}; add --format "
                         f"({', '.join(f.value for f in FlagFormat if f is not FlagFormat.table)})")
    return FlagFormat(found)


def render_flags(result: checks.CheckResult, top: int = 15,
                 flags: pl.DataFrame | None = None) -> None:
    out = console()
    flags = result.flags if flags is None else flags
    dismissed = pl.DataFrame()
    if "review_decision" in flags.columns:
        dismissed = flags.filter(pl.col("review_decision") == "dismissed")
        flags = flags.filter(pl.col("review_decision").fill_null("") != "dismissed")
    counts = flags.group_by("severity", "rule", "rule_name").len().sort(
        [pl.col("severity").replace_strict(SEVERITY_RANK, return_dtype=pl.Int8), "rule"],
        descending=[True, False])
    out.print(f"[bold]{flags.height:,} flags[/bold] from {len(result.rules)} rules "
              f"(rule pack {result.pack_version}) over {result.match.flows:,} flows")
    table = Table(show_edge=False, header_style="bold", title="Flags by rule",
                  title_justify="left")
    for column in ("severity", "rule", "pattern", "flags"):
        table.add_column(column, justify="right" if column == "flags" else "left")
    for severity, rule, name, n in counts.iter_rows():
        colour = {"high": "red", "medium": "yellow"}.get(severity, "white")
        table.add_row(f"[{colour}]{severity}[/{colour}]", rule, name, f"{n:,}")
    out.print(table)
    for row in flags.head(top).iter_rows(named=True):
        out.print(f"[bold]{row['severity']:6}[/bold] {row['rule']} {row['reason']}",
                  soft_wrap=True, highlight=False)
    if flags.height > top:
        out.print(f"... {flags.height - top:,} more; --format html -o report.html (or json, "
                  "jsonl, csv, parquet, xlsx, ftm) writes them all", style="dim")
    if dismissed.height:
        out.print(f"{dismissed.height:,} flags dismissed in review are not counted above "
                  "(finance-audit review list)", style="dim")


def register(app: typer.Typer) -> None:
    app.add_typer(rules_app, name="rules")

    @app.command("check")
    @handles_errors
    def check_command(
        files: Annotated[list[Path] | None, typer.Argument(
            help="Filing files to import first (any format `import` reads).")] = None,
        registry: Annotated[list[Path] | None, typer.Option(
            "--registry", help="An extra registry file (format recognized); repeatable.")]
        = None,
        rules: RulesDir = None,
        jurisdiction: Annotated[str | None, typer.Option(
            "--jurisdiction", "-j", help="Country for rows that name none.")] = None,
        profile: Annotated[str | None, typer.Option("--profile", "-p")] = None,
        db: Annotated[Path | None, typer.Option(
            "--db", help="The store (default finance-audit.duckdb).")] = None,
        fmt: Annotated[FlagFormat | None, typer.Option("--format", help="Output format.")]
        = None,
        output: Annotated[Path | None, typer.Option("-o", "--output",
                                                    help="Write the flags here.")] = None,
        fail_on: Annotated[FailOn | None, typer.Option(
            "--fail-on", help="Exit 1 when a flag is at or above this severity.")] = None,
        no_default_registry: Annotated[bool, typer.Option("--no-default-registry")] = False,
        verbose: Annotated[bool, typer.Option(
            "--verbose", "-v", help="Say where each non-default setting came from.")] = False,
        quiet: QuietOption = False,
    ) -> None:
        """Import filings, resolve every name, run the rule pack, report the flags.

        Settings come from defaults, then finance-audit.toml (or [tool.finance-audit] in
        pyproject.toml) in the working directory, then these flags.

        Exit codes: 0 done; 1 flags at or above --fail-on; 2 bad usage or unusable input.

        Example: [bold]finance-audit check loans.csv --fail-on high[/bold]
        """
        settings = load_settings(flags={
            "db": str(db) if db else None, "rules": str(rules) if rules else None,
            "jurisdiction": jurisdiction, "profile": profile,
            "registries": [str(r) for r in registry or []],
            "default_registry": False if no_default_registry else None,
            "fail_on": fail_on.value if fail_on else None,
            "format": fmt.value if fmt else None,
        })
        if verbose:
            for key, (value, origin) in sorted(settings.changed().items()):
                print(f"setting {key} = {value!r} (from {origin})", file=sys.stderr)
        chosen_format = FlagFormat(settings["format"])
        if chosen_format is FlagFormat.table and output is not None:
            chosen_format = format_from_suffix(output)
        timings = Timings()
        with progress_for(quiet) as progress:
            result = checks.check(
                list(files or []), db=settings["db"], progress=progress,
                registries=[Path(r) for r in settings["registries"]],
                rules_dir=Path(settings["rules"]) if settings["rules"] else None,
                jurisdiction=settings["jurisdiction"], profile=settings["profile"],
                use_default_registry=bool(settings["default_registry"]),
                params=settings["params"], match_threshold=float(settings["match_threshold"]),
                settings={k: f"{v!r} ({origin})" for k, (v, origin) in settings.all().items()},
            )
        timings.seconds.update(result.seconds)
        unusable = [r for r in result.imports if r.error]
        for r in unusable:
            print(f"finance-audit: {r.error}", file=sys.stderr)
        flags = reviews.with_reviews(result.flags, settings["db"])
        if chosen_format is FlagFormat.table and output is None:
            render_flags(result, flags=flags)
        else:
            with timings.stage("report"):
                write_report(flags, chosen_format.value, output, settings["db"],
                             {r.code: r.version for r in result.rules})
            if output is not None:
                console().print(f"{flags.height:,} flags written to {output}")
        orphans = reviews.decisions(settings["db"]).filter(~pl.col("flag_present"))
        for row in orphans.iter_rows(named=True):
            print(f"finance-audit: review of {row['flag_id']} ({row['rule']}, "
                  f"{row['decision']}) matches no flag of this run", file=sys.stderr)
        print_summary(timings, quiet)
        if unusable:
            raise typer.Exit(2)
        if settings["fail_on"] is not None:
            threshold = SEVERITY_RANK[str(settings["fail_on"])]
            live = flags.filter(pl.col("review_decision").fill_null("") != "dismissed")
            if any(SEVERITY_RANK[s] >= threshold for s in live["severity"].to_list()):
                raise typer.Exit(1)
