"""Resolving names against a registry index: the one entry point the CLI and API call."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import polars as pl

from finance_audit.match.candidates import RegistryIndex, candidates
from finance_audit.match.normalize import join_on_text, normalize_names
from finance_audit.match.score import MatchSettings, score

QUERY_SCHEMA = {
    "query_id": pl.UInt32,
    "name": pl.String,
    "type": pl.String,  # "person", "org" or null
    "country": pl.String,
    "identifiers": pl.List(pl.String),
}


def counterparty_type_hint(kind: pl.Expr) -> pl.Expr:
    """A filing's counterparty_type as the matcher's person/org hint."""
    return (
        pl.when(kind == "individual").then(pl.lit("person"))
        .when(kind.is_in(["company", "bank", "association", "trust", "party", "public_body"]))
        .then(pl.lit("org"))
        .otherwise(pl.lit(None, pl.String))
    )


def query_identifiers(counterparty_id: pl.Expr) -> pl.Expr:
    """Filing identifiers as registry ones: `bic:...` kept, a bare company number -> `reg:`."""
    return (
        pl.when(counterparty_id.is_null()).then(pl.lit([], dtype=pl.List(pl.String)))
        .when(counterparty_id.str.contains(r"^[a-z_]+:"))
        .then(pl.concat_list(counterparty_id.str.to_lowercase().str.replace(
            r"^([a-z_]+):(.*)$", "$1:") + counterparty_id.str.replace(r"^[a-z_]+:", "")
            .str.to_uppercase()))
        .otherwise(pl.concat_list(pl.lit("reg:") + counterparty_id.str.to_uppercase()))
    )


QUERY_CHUNK = 125_000  # queries blocked and scored at a time: bounds the candidate tables
CHUNKS_AT_ONCE = 2  # while one chunk holds the interpreter, the other's work uses the cores


def resolve(
    queries: pl.DataFrame, index: RegistryIndex, settings: MatchSettings | None = None, *,
    seconds: dict[str, float] | None = None,
) -> pl.DataFrame:
    """Scored matches and possibles for `queries` (QUERY_SCHEMA) against `index`.

    With `seconds`, adds the wall time spent resolving to it, and the time each chunk spent
    normalizing, blocking and scoring, summed over the chunks.
    """
    clock = _Clock(seconds)

    def resolved(offset: int) -> pl.DataFrame:
        # Each chunk normalizes its own names: while one does, the other scores, and the
        # cores stay busy (normalizing all names first left one of them idle for seconds).
        started = time.perf_counter()
        chunk = queries.slice(offset, QUERY_CHUNK)
        chunk = join_on_text(chunk, normalize_names(chunk["name"]), "name", how="inner",
                             maintain_order="left")
        normalized = time.perf_counter()
        found = candidates(chunk, index)
        blocked = time.perf_counter()
        scored = score(chunk, found, index, settings)
        clock.add("chunks normalizing", normalized - started)
        clock.add("chunks blocking", blocked - normalized)
        clock.add("chunks scoring", time.perf_counter() - blocked)
        return scored

    # Strings handed to rapidfuzz are built while holding the interpreter, on one core; a
    # second chunk's polars and DuckDB work meanwhile runs on the other. Each chunk's result
    # is its own, and they are put together in order, so the result does not depend on it.
    with ThreadPoolExecutor(max_workers=CHUNKS_AT_ONCE) as pool:
        parts = list(pool.map(resolved, range(0, max(queries.height, 1), QUERY_CHUNK)))
    clock.lap("resolve")
    return pl.concat(parts).sort(["query_id", "score", "entity_id"],
                                 descending=[False, True, False])


class _Clock:
    """Adds durations to named totals, when there are totals to add to."""

    def __init__(self, totals: dict[str, float] | None) -> None:
        self.totals = totals
        self.last = time.perf_counter()
        self.lock = threading.Lock()

    def add(self, name: str, seconds: float) -> None:
        if self.totals is not None:
            with self.lock:
                self.totals[name] = self.totals.get(name, 0.0) + seconds

    def lap(self, name: str) -> None:
        """The time since the last lap."""
        now = time.perf_counter()
        self.add(name, now - self.last)
        self.last = now
