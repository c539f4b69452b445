"""Our matcher against OpenSanctions' nomenklatura algorithms, under matching_quality's protocol.

`make bench-peers`. The labelled sample, the ground truth, the matches left uncounted and the
precision, recall and F1 are bench/matching_quality.py's own (its functions, the same --seed
and --sample): our figures at the shipped threshold are the ones it prints.

The peers are scored on our blocking's candidates: for each query, the entities whose names
our blocking hands to scoring (matching_quality prints that blocking recall: a positive whose
entity is not among them is missed by every matcher here alike). Each candidate entity is
compared under every one of its listed names (the held-out alias aside), and the pair scores
as its best name. Like our matcher, the peers see names and kinds only (no country, no
identifier): a query is a FollowTheMoney Person or Organization by its type, a listed entity
a Person, Company, Organization, PublicBody or Vessel by its kind.

nomenklatura is no dependency of the tool: bench/peer_scores.py scores the pairs in a venv
of its own (--peers-python, by default .venv-peers/bin/python, which `make bench-peers`
builds), two processes per algorithm.

    .venv/bin/python bench/matching_peers.py [--seed 3] [--sample 4000] [--algorithms ...]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polars as pl
from matching_quality import (
    build_pairs,
    evaluate,
    held_name_hits,
    load_sources,
    own_name_hits,
    same_name_groups,
    scored_sample,
)

from finance_audit.match.score import THRESHOLD

ROOT = Path(__file__).resolve().parents[1]
PEER_SCORES = ROOT / "bench" / "peer_scores.py"
THRESHOLDS = tuple(sorted({0.5, 0.6, 0.7, 0.8, THRESHOLD, 0.9}))
# The best organisation F1 is looked for on a finer grid than the table's.
SWEEP = tuple(round(0.30 + i / 100, 2) for i in range(70))
OURS = "ours"
SCHEMA_OF_KIND = {"person": "Person", "company": "Company", "bank": "Company",
                  "organization": "Organization", "public_body": "PublicBody",
                  "vessel": "Vessel"}


def arguments() -> argparse.Namespace:
    # matching_quality's --sample and --seed, with its defaults: the same sample.
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--algorithms", nargs="+", default=["logic-v1", "logic-v2"],
                        help="nomenklatura algorithms (logic-v1, logic-v2, name-based, ofac, "
                             "regression-v1, ...)")
    parser.add_argument("--peers-python", type=Path, default=Path(".venv-peers/bin/python"),
                        help="the python of the venv holding nomenklatura (relative to the "
                             "repository root)")
    return parser.parse_args()


def name_pairs(prepared: pl.DataFrame, found: pl.DataFrame, index, indexed: pl.DataFrame
               ) -> pl.DataFrame:
    """(query_id, entity_id, r_name, q_name, q_schema, r_schema): every listed name of every
    entity our blocking found for a query."""
    entities = found.join(index.names.select("name_id", "entity_id"), on="name_id").select(
        "query_id", "entity_id").unique()
    names = pl.concat([
        indexed.select("entity_id", "kind", pl.col("name").alias("r_name")),
        indexed.select("entity_id", "kind", pl.col("aliases").alias("r_name")).explode("r_name"),
    ]).drop_nulls("r_name").unique(["entity_id", "r_name"]).with_columns(
        pl.col("kind").replace_strict(SCHEMA_OF_KIND, default="LegalEntity").alias("r_schema"))
    queries = prepared.select(
        "query_id", pl.col("name").alias("q_name"),
        pl.when(pl.col("type") == "person").then(pl.lit("Person"))
        .otherwise(pl.lit("Organization")).alias("q_schema"))
    return entities.join(queries, on="query_id").join(names, on="entity_id").select(
        "query_id", "entity_id", "r_name", "q_name", "q_schema", "r_schema")


def peer_scores(pairs: pl.DataFrame, algorithm: str, python: Path, workdir: Path
                ) -> tuple[pl.DataFrame, float]:
    """(pair_id, algorithm, score) from bench/peer_scores.py in the peers' venv, and its
    wall time (the interpreter's start and the library's loading included)."""
    source, target = workdir / "pairs.parquet", workdir / f"scores-{algorithm}.parquet"
    if not source.exists():
        pairs.write_parquet(source)
    started = time.perf_counter()
    done = subprocess.run([str(python), str(PEER_SCORES), str(source), str(target), algorithm])
    if done.returncode:
        sys.exit(f"matching_peers.py: {PEER_SCORES.name} {algorithm} failed "
                 f"(exit {done.returncode})")
    return pl.read_parquet(target), time.perf_counter() - started


def counted(results: pl.DataFrame, prepared: pl.DataFrame, watch: pl.DataFrame,
            same: pl.DataFrame, registry_names: pl.Series) -> pl.DataFrame:
    """The (query, entity) results of the labelled queries that matching_quality counts:
    a negative's match to its own listed name, or to an entity one of whose names it holds
    word for word, is neither right nor wrong. `results` may hold several rows for a
    (query, entity), one per name at its best score: any of them may be the query's own."""
    own = own_name_hits(results, prepared.filter(pl.col("truth").is_null()), registry_names)
    longer = held_name_hits(results, prepared, watch, same)
    return results.join(prepared.select("query_id"), on="query_id", how="semi").join(
        own, on=["query_id", "entity_id"], how="anti").join(
        longer, on=["query_id", "entity_id"], how="anti").unique(
        ["query_id", "entity_id"], keep="first", maintain_order=True)


def best_names(pairs: pl.DataFrame, scores: pl.DataFrame) -> pl.DataFrame:
    """(query_id, entity_id, r_name, score): an entity scores as its best name; every name
    at that score is kept (for own_name_hits)."""
    scored = pairs.join(scores.select("pair_id", "score"), on="pair_id")
    return scored.filter(
        pl.col("score") == pl.col("score").max().over("query_id", "entity_id")
    ).select("query_id", "entity_id", "r_name", "score")


def sweep(results: pl.DataFrame, prepared: pl.DataFrame, same: pl.DataFrame,
          thresholds) -> pl.DataFrame:
    """(threshold, group, positives, queries, tp, fp, precision, recall, f1)."""
    return pl.concat([evaluate(results, prepared, t, same).select(
        pl.lit(t).alias("threshold"), "group", "positives", "queries", "tp", "fp",
        "precision", "recall", "f1") for t in thresholds])


def main() -> None:
    args = arguments()
    python = args.peers_python if args.peers_python.is_absolute() else ROOT / args.peers_python
    if not python.exists():
        sys.exit(f"matching_peers.py: no peers python at {python} (`make bench-peers` builds "
                 f".venv-peers with nomenklatura)")
    sources = load_sources()
    watch, indexed, labelled, others = build_pairs(sources, args.sample, args.seed)
    # As matching_quality scores them: with the other names, which it prints apart.
    sample = scored_sample(indexed, labelled, others)
    index, ours, prepared, found = sample.index, sample.results_all, sample.prepared, sample.found
    seconds = {OURS: sample.score_seconds}
    same = same_name_groups(watch)
    results = {OURS: counted(ours, prepared, watch, same, index.names["name"])}

    pairs = name_pairs(prepared, found, index, indexed)
    unique = pairs.select("q_name", "q_schema", "r_name", "r_schema").unique(
        maintain_order=True).with_row_index("pair_id")
    pairs = pairs.join(unique, on=["q_name", "q_schema", "r_name", "r_schema"])
    print(f"labelled queries: {prepared.height:,} (seed {args.seed}, sample {args.sample}); "
          f"our blocking's candidates: {pairs.select('query_id', 'entity_id').n_unique():,} "
          f"(query, entity) pairs, {pairs.height:,} (query, listed name) pairs, "
          f"{unique.height:,} distinct name pairs for the peers")
    with tempfile.TemporaryDirectory() as tmp:
        for algorithm in args.algorithms:
            scores, seconds[algorithm] = peer_scores(unique, algorithm, python, Path(tmp))
            results[algorithm] = counted(best_names(pairs, scores), prepared, watch, same,
                                         unique["r_name"])

    table = pl.concat([sweep(frame, prepared, same, THRESHOLDS).with_columns(
        pl.lit(name).alias("algorithm")) for name, frame in results.items()])
    for group in ("person", "organization"):
        rows = table.filter(pl.col("group") == group)
        positives = rows["positives"][0]
        print(f"\n{group}: {positives:,} positives, {rows['queries'][0] - positives:,} "
              f"negatives")
        with pl.Config(tbl_rows=100, tbl_hide_dataframe_shape=True,
                       tbl_hide_column_data_types=True):
            print(rows.select("threshold", "algorithm", "tp", "fp",
                              *[pl.col(c).round(4) for c in ("precision", "recall", "f1")]))

    summary = []
    for name, frame in results.items():
        at = table.filter((pl.col("algorithm") == name) & (pl.col("threshold") == THRESHOLD))
        organizations = sweep(frame, prepared.filter(pl.col("group") == "organization"), same,
                              SWEEP).sort("f1", "threshold", descending=[True, False])
        summary.append({
            "algorithm": name,
            "person F1": at.filter(pl.col("group") == "person")["f1"][0],
            "organization F1": at.filter(pl.col("group") == "organization")["f1"][0],
            "best organization F1": organizations["f1"][0],
            "at threshold": organizations["threshold"][0],
            "seconds": round(seconds[name], 1),
        })
    print(f"\nF1 at the shipped threshold {THRESHOLD}, and the best organisation F1 over "
          f"thresholds {SWEEP[0]} to {SWEEP[-1]}; seconds: our score() over all the "
          f"candidates, a peer's run of peer_scores.py ({unique.height:,} distinct name "
          f"pairs, 2 processes)")
    with pl.Config(tbl_hide_dataframe_shape=True, tbl_hide_column_data_types=True,
                   tbl_width_chars=120):
        print(pl.DataFrame(summary).with_columns(pl.col("^.*F1$").round(6)))


if __name__ == "__main__":
    main()
