"""`demo`: the main job on the bundled fixtures, so a new user sees the tool work."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from finance_audit import api, checks, resolution
from finance_audit.cli.common import console, handles_errors
from finance_audit.cli.imports import render
from finance_audit.cli.progress import QuietOption, print_summary, progress_for
from finance_audit.cli.rules import render_flags
from finance_audit.cli.status import render_status
from finance_audit.engine.rules import pack_version
from finance_audit.errors import UsageError
from finance_audit.progress import Timings
from finance_audit.report.html import write_html

DEMO_DB = Path("out/demo.duckdb")


def fixtures_dir() -> Path:
    """The repository's fixtures folder, beside the package in a source checkout."""
    return Path(__file__).resolve().parents[2] / "fixtures"


def demo_files(root: Path) -> list[Path]:
    """The real excerpts, the layout samples and the scenarios (not the scenario registry),
    as paths relative to the working directory where they can be, so the store's provenance
    reads the same on every machine."""
    files = sorted(p for p in (root / "real").glob("*") if p.is_file() and p.suffix != ".md")
    files += sorted((root / "layouts").glob("*.csv"))
    files += sorted((root / "scenarios").glob("*.csv"))
    here = Path.cwd()
    return [p.relative_to(here) if p.is_relative_to(here) else p
            for p in files if p.name != "registry.csv"]


def register(app: typer.Typer) -> None:
    @app.command("demo")
    @handles_errors
    def demo_command(
        fixtures: Annotated[Path | None, typer.Option(
            "--fixtures", help="Folder of fixtures (default: the bundled ones).")] = None,
        db: Annotated[Path, typer.Option("--db", help="Store to (re)create.")] = DEMO_DB,
        quiet: QuietOption = False,
    ) -> None:
        """Run the main job on the bundled fixtures: import, resolve names, run the rules,
        write the HTML report.

        The store (out/demo.duckdb) is recreated on every run so the demo starts clean; the
        report goes beside it (out/report.html).

        Example: [bold]finance-audit demo[/bold]
        """
        root = fixtures or fixtures_dir()
        files = demo_files(root)
        if not files:
            raise UsageError(f"no fixtures found in {root}")
        db.parent.mkdir(parents=True, exist_ok=True)
        for stale in (db, db.with_name(db.name + ".wal")):
            stale.unlink(missing_ok=True)
        out = console()
        out.print(f"Importing {len(files)} fixture files into {db} ...")
        timings = Timings()
        with progress_for(quiet) as progress, timings.stage("import"):
            results = api.import_files(files, db=db, progress=progress)
        render(results)
        render_status(api.status(db))
        out.print("\nResolving every name against the default registry (OFAC SDN, UN list, "
                  "national bank registries, precedent entities) ...")
        with progress_for(quiet) as progress, timings.stage("resolve"):
            summary = resolution.match_store(db, progress=progress)
        out.print(
            f"{summary.names:,} names: {summary.matched_names:,} matched, "
            f"{summary.possible_names:,} possible; {summary.donors:,} distinct donors. "
            "See the matches and donors tables."
        )
        out.print("\nRunning the rule pack ...")
        with progress_for(quiet) as progress, timings.stage("rules"):
            evaluation, rules = checks.run_rules(db, settings={"demo": "default settings"},
                                                 progress=progress)
        render_flags(checks.CheckResult([], summary, evaluation, rules, pack_version(rules)))
        report = db.with_name("report.html")
        with timings.stage("report"):
            write_html(db, report)
        out.print(f"\nStore written to [bold]{db}[/bold]; try: finance-audit status --db {db}")
        out.print(f"Report written to [bold]{report}[/bold]: open it in a browser.")
        print_summary(timings, quiet)
