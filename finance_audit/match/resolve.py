"""Resolving names against a registry index: the one entry point the CLI and API call."""

from __future__ import annotations

import time

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


QUERY_CHUNK = 200_000  # queries blocked and scored at a time: bounds the candidate tables


def resolve(
    queries: pl.DataFrame, index: RegistryIndex, settings: MatchSettings | None = None, *,
    seconds: dict[str, float] | None = None,
) -> pl.DataFrame:
    """Scored matches and possibles for `queries` (QUERY_SCHEMA) against `index`.

    With `seconds`, adds the wall time spent normalizing, blocking and scoring to it.
    """
    clock = _Clock(seconds)
    normalized = normalize_names(queries["name"])
    prepared = join_on_text(queries, normalized, "name", how="inner", maintain_order="left")
    clock.lap("normalize")
    parts = []
    for offset in range(0, max(prepared.height, 1), QUERY_CHUNK):
        chunk = prepared.slice(offset, QUERY_CHUNK)
        found = candidates(chunk, index)
        clock.lap("block")
        parts.append(score(chunk, found, index, settings))
        clock.lap("score")
    return pl.concat(parts).sort(["query_id", "score", "entity_id"],
                                 descending=[False, True, False])


class _Clock:
    """Adds the time since its last lap to a named total, when there is one to add to."""

    def __init__(self, totals: dict[str, float] | None) -> None:
        self.totals = totals
        self.last = time.perf_counter()

    def lap(self, name: str) -> None:
        if self.totals is not None:
            now = time.perf_counter()
            self.totals[name] = self.totals.get(name, 0.0) + now - self.last
            self.last = now
