"""Progress of long work: the library counts what it does; the CLI draws bars only on a
terminal and ends with a one-line timing summary."""

from __future__ import annotations

import io
from contextlib import contextmanager

from rich.console import Console
from typer.testing import CliRunner

from finance_audit import api, checks
from finance_audit.cli import app
from finance_audit.cli.progress import Bars, progress_for
from finance_audit.progress import SILENT, Timings
from tests.conftest import REAL, SCENARIOS, TODAY


class Recorded:
    """A Progress that remembers each task's total and what it was advanced by."""

    def __init__(self) -> None:
        self.tasks: dict[str, dict] = {}

    @contextmanager
    def task(self, description, total=None, unit="rows"):
        record = {"total": total, "done": 0, "unit": unit}
        self.tasks[description] = record

        class Handle:
            def advance(self, amount=1):
                record["done"] += amount

            def set_total(self, value):
                record["total"] = value

        yield Handle()


def test_import_counts_every_record_read(db):
    progress = Recorded()
    results = api.import_files([REAL / "uk-ec-donations-Q1_2024-excerpt.csv",
                                REAL / "uk-pef-loans-2010-excerpt.csv"], db=db, today=TODAY,
                               progress=progress)
    assert {name: (t["total"], t["done"]) for name, t in progress.tasks.items()} == {
        f"import {r.file.rsplit('/', 1)[-1]}": (r.read, r.read) for r in results}
    assert all(r.read > 0 for r in results)


def test_rules_count_each_rule_and_resolution_each_stage(db):
    api.import_files([SCENARIOS / "fn_fcrb_loan_2014.csv"], db=db, today=TODAY)
    progress = Recorded()
    result = checks.check([], db=db, registries=[SCENARIOS / "registry.csv"],
                          use_default_registry=False, progress=progress)
    assert progress.tasks["run the rules"] == {
        "total": len(result.rules), "done": len(result.rules), "unit": "rules"}
    assert progress.tasks["resolve names"] == {"total": 5, "done": 5, "unit": "flows"}
    assert progress.tasks["registry registry.csv"] == {"total": 36, "done": 36,
                                                       "unit": "entities"}
    assert progress.tasks["index the registry"]["done"] == 36


def test_bars_show_counts_and_totals_on_a_terminal():
    out = io.StringIO()
    bars = Bars(Console(file=out, force_terminal=True, width=120))
    with bars.task("import big.csv") as task:
        task.set_total(250_000)
        task.advance(250_000)
    with bars.task("registry x", unit="entities") as task:
        task.advance(1_003)  # a total never given becomes the count reached
    bars.stop()
    text = out.getvalue()
    assert "import big.csv" in text and "250,000/250,000 rows" in text
    assert "1,003/1,003 entities" in text


def test_no_bars_when_piped_or_quiet():
    with progress_for(quiet=True) as progress:
        assert progress is SILENT
    with progress_for(quiet=False) as progress:  # pytest's stderr is not a terminal
        assert progress is SILENT


def test_timing_summary_names_each_stage():
    timings = Timings()
    timings.seconds.update({"import": 1.25, "resolve": 30.0, "rules": 2.0})
    assert timings.summary() == ("done in 33.2 s (import 1.2 s, resolve 30.0 s, "
                                 "rules 2.0 s)")


def test_check_ends_with_the_summary_on_stderr_unless_quiet(tmp_path):
    runner = CliRunner()
    args = ["check", str(SCENARIOS / "pvv_horowitz_2015.csv"), "--no-default-registry",
            "--db", str(tmp_path / "s.duckdb"), "--format", "json"]
    loud = runner.invoke(app, args)
    assert loud.exit_code == 0, loud.output
    (line,) = loud.stderr.splitlines()
    assert line.startswith("finance-audit: done in ")
    assert all(f"{stage} " in line for stage in ("import", "resolve", "rules", "report"))
    assert loud.stdout.startswith("[")  # the flags alone on stdout
    quiet = runner.invoke(app, [*args, "--quiet"])
    assert quiet.exit_code == 0 and quiet.stderr == ""
