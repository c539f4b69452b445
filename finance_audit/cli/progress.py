"""Progress bars for long work, drawn with rich on stderr when it is a terminal, and the
one-line timing summary a run ends with."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

from finance_audit.progress import SILENT, Timings
from finance_audit.progress import Progress as ProgressLike

QuietOption = Annotated[bool, typer.Option(
    "--quiet", "-q", help="No progress bars and no timing summary.")]


class _Count(ProgressColumn):
    """'12,345 / 1,000,000 rows' (or just the count while the total is unknown)."""

    def render(self, task) -> Text:
        unit = task.fields.get("unit", "")
        if task.total is None:
            return Text(f"{task.completed:,.0f} {unit}")
        return Text(f"{task.completed:,.0f}/{task.total:,.0f} {unit}")


class _Rate(ProgressColumn):
    """Items a second, once there is a rate to show."""

    def render(self, task) -> Text:
        speed = task.finished_speed or task.speed
        if not speed:
            return Text("")
        return Text(f"{speed:,.0f} {task.fields.get('unit', '')}/s", style="dim")


class _Handle:
    def __init__(self, bars: Progress, task_id: int) -> None:
        self._bars, self._id = bars, task_id

    def advance(self, amount: int = 1) -> None:
        self._bars.advance(self._id, amount)

    def set_total(self, total: int) -> None:
        self._bars.update(self._id, total=total)


class Bars:
    """A rich progress display: one line per task, with counts, rate and elapsed time."""

    def __init__(self, console: Console | None = None) -> None:
        self._bars = Progress(
            SpinnerColumn(), TextColumn("{task.description}"), BarColumn(bar_width=20),
            TaskProgressColumn(), _Count(), _Rate(), TimeElapsedColumn(),
            console=console or Console(stderr=True), transient=False,
        )
        self._bars.start()

    @contextmanager
    def task(self, description: str, total: int | None = None,
             unit: str = "rows") -> Iterator[_Handle]:
        task_id = self._bars.add_task(description, total=total, unit=unit)
        handle = _Handle(self._bars, task_id)
        try:
            yield handle
            task = next(t for t in self._bars.tasks if t.id == task_id)
            total = task.total if task.total is not None else task.completed
            self._bars.update(task_id, total=total, completed=total)
        finally:
            self._bars.stop_task(task_id)

    def stop(self) -> None:
        self._bars.stop()


@contextmanager
def progress_for(quiet: bool) -> Iterator[ProgressLike]:
    """Bars on a terminal, nothing when stderr is piped or with --quiet."""
    if quiet or not sys.stderr.isatty():
        yield SILENT
        return
    bars = Bars()
    try:
        yield bars
    finally:
        bars.stop()


def print_summary(timings: Timings, quiet: bool) -> None:
    """The run's one-line timing summary, on stderr."""
    if not quiet:
        print(f"finance-audit: {timings.summary()}", file=sys.stderr)
