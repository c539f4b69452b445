"""Scores of name pairs by OpenSanctions' nomenklatura matching algorithms (the peers).

Run by the peers' own venv, `.venv-peers` (`make bench-peers` builds it), never by the
tool's: nomenklatura is no dependency of finance-audit, and this script imports nothing from
it. `bench/matching_peers.py` writes the pairs, runs this script and reads the scores back.

    .venv-peers/bin/python bench/peer_scores.py PAIRS.parquet SCORES.parquet [logic-v1 ...]

PAIRS holds pair_id, q_name, q_schema, r_name, r_schema (FollowTheMoney schema names); SCORES
gets pair_id, algorithm, score for every pair and every algorithm named (by default logic-v1
and logic-v2), each scored by PROCESSES worker processes.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from multiprocessing import Pool

import polars as pl
from followthemoney import model
from nomenklatura.matching import ALGORITHMS, get_algorithm

PROCESSES = 2
CHUNK = 2000  # pairs per task: large enough that passing them to a worker costs little
DEFAULT_ALGORITHMS = ("logic-v1", "logic-v2")

_algorithm = None
_config = None
_entities: dict[tuple[str, str, str], object] = {}


def _start_worker(name: str) -> None:
    global _algorithm, _config
    _algorithm = get_algorithm(name)
    # Heuristic algorithms (logic-v2) read their settings from the config: the defaults
    # must be filled in, or compare() sees none.
    _config = _algorithm.default_config()


def _entity(side: str, schema: str, name: str):
    """One entity per (side, schema, name). nomenklatura caches a name's analysis by entity
    id, so two names under one id would share one analysis: each name gets an id of its
    own, the same in every worker."""
    key = (side, schema, name)
    entity = _entities.get(key)
    if entity is None:
        entity = model.make_entity(schema)
        entity.id = side + hashlib.sha1(f"{schema}\x00{name}".encode()).hexdigest()
        entity.add("name", name)
        _entities[key] = entity
    return entity


def _score_chunk(rows: list[tuple[str, str, str, str]]) -> list[float]:
    # The library compares one pair per call.
    return [float(_algorithm.compare(_entity("q-", q_schema, q_name),
                                     _entity("r-", r_schema, r_name), _config).score)
            for q_name, q_schema, r_name, r_schema in rows]


def score_pairs(pairs: pl.DataFrame, name: str) -> pl.DataFrame:
    """(pair_id, algorithm, score) of every pair under algorithm `name`."""
    # Pairs of one query side by side: its analysis stays cached in the worker that has it.
    pairs = pairs.sort("q_name", "q_schema", "pair_id")
    rows = pairs.select("q_name", "q_schema", "r_name", "r_schema").rows()
    chunks = [rows[i:i + CHUNK] for i in range(0, len(rows), CHUNK)]
    with Pool(PROCESSES, initializer=_start_worker, initargs=(name,)) as pool:
        scores = [s for chunk in pool.imap(_score_chunk, chunks) for s in chunk]
    return pairs.select("pair_id", pl.lit(name).alias("algorithm"),
                        pl.Series("score", scores, dtype=pl.Float64))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pairs", help="parquet: pair_id, q_name, q_schema, r_name, r_schema")
    parser.add_argument("scores", help="parquet written: pair_id, algorithm, score")
    parser.add_argument("algorithms", nargs="*", default=list(DEFAULT_ALGORITHMS))
    args = parser.parse_args()
    unknown = [name for name in args.algorithms if get_algorithm(name) is None]
    if unknown:
        sys.exit(f"peer_scores.py: unknown algorithm {', '.join(unknown)} (nomenklatura has "
                 f"{', '.join(a.NAME for a in ALGORITHMS)})")
    pairs = pl.read_parquet(args.pairs)
    scored = []
    for name in args.algorithms:
        started = time.perf_counter()
        scored.append(score_pairs(pairs, name))
        print(f"peer_scores.py: {name}: {pairs.height:,} pairs in "
              f"{time.perf_counter() - started:.0f} s ({PROCESSES} processes)", file=sys.stderr)
    pl.concat(scored).write_parquet(args.scores)


if __name__ == "__main__":
    main()
