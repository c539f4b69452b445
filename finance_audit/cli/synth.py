"""`synth`: write synthetic filings, a registry and the truth of what was planted in them."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from finance_audit.cli.common import console, handles_errors, print_json
from finance_audit.cli.imports import Output


def register(app: typer.Typer) -> None:
    @app.command("synth")
    @handles_errors
    def synth_command(
        output: Annotated[Path, typer.Option(
            "-o", "--output", help="Folder to write into (created if missing).")],
        flows: Annotated[int, typer.Option(
            "--flows", help="How many filings rows, planted patterns included.")] = 100_000,
        entities: Annotated[int, typer.Option(
            "--entities", help="How many registry entities.")] = 100_000,
        seed: Annotated[int, typer.Option(
            "--seed", help="The same seed writes the same files, byte for byte.")] = 1,
        fmt: Annotated[Output, typer.Option("--format", help="table or json.")] = Output.table,
    ) -> None:
        """Write synthetic filings with planted foreign-interference patterns, a registry,
        and truth.csv (which flows carry which pattern, and the decoys that must not be
        flagged), to measure the rule pack's precision and recall.

        Example: [bold]finance-audit synth --flows 20000 --entities 20000 --seed 7 -o synth/[/bold]
        """
        from finance_audit.synth import generate

        started = time.perf_counter()
        result = generate(output, flows=flows, entities=entities, seed=seed)
        seconds = time.perf_counter() - started
        if fmt is Output.json:
            print_json({"out_dir": str(result.out_dir),
                        "filings": [str(p) for p in result.filings],
                        "registry": str(result.registry), "truth": str(result.truth),
                        "flows": result.flows, "entities": result.entities,
                        "planted": result.planted, "roles": result.counts,
                        "seconds": round(seconds, 2)})
            return
        out = console()
        out.print(f"[bold]{result.flows:,}[/bold] flows in {len(result.filings)} files, "
                  f"[bold]{result.entities:,}[/bold] registry entities, "
                  f"{result.planted:,} planted flows in truth.csv "
                  f"({', '.join(f'{v:,} {k}' for k, v in sorted(result.counts.items()))}) "
                  f"written to {result.out_dir} in {seconds:.1f} s")
        out.print(f"check them: finance-audit check {result.out_dir}/filings_*.parquet "
                  f"--registry {result.registry}")
