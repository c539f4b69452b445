"""Progress of long work, as the library reports it: named tasks that advance by counts.

The library never draws anything; whoever calls it may pass a `Progress` that does (the CLI
draws rich progress bars on a terminal). The default, `SILENT`, does nothing.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol


class Task(Protocol):
    """One piece of work: advanced by a count, its total set once known."""

    def advance(self, amount: int = 1) -> None: ...

    def set_total(self, total: int) -> None: ...


class Progress(Protocol):
    def task(self, description: str, total: int | None = None,
             unit: str = "rows") -> AbstractContextManager[Task]: ...


class NoTask:
    """A task that reports nothing, for progress that keeps no count."""

    def advance(self, amount: int = 1) -> None:
        pass

    def set_total(self, total: int) -> None:
        pass


class Silent:
    """Reports nothing."""

    @contextmanager
    def task(self, description: str, total: int | None = None,
             unit: str = "rows") -> Iterator[Task]:
        yield NoTask()


SILENT = Silent()


class Timings:
    """Seconds per stage, in the order the stages ran: for a run's one-line summary."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started

    def summary(self) -> str:
        total = sum(self.seconds.values())
        parts = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in self.seconds.items())
        return f"done in {total:.1f} s ({parts})" if parts else f"done in {total:.1f} s"
