"""Matching quality with the negatives the issue names: names of *other listed bodies*.

bench/matching_quality.py makes its near-miss negatives by swapping one word of a listed
name. This bench asks whether that makes the measurement harder than it should be. Its
negatives are the primary names of real OFAC and UN entities, held out of the index
entirely, each sharing a distinctive word with a name that stays in it ("BANK SEPAH" while
BANK SEPAH INTERNATIONAL PLC stays; "ISIL-YEMEN" while ISIL stays), plus the same real EU bank
names. The positives, the index and the ground truth are those of matching_quality at the
same seed; a held-out body's match to an entity listed as the same body or under the same
name (another list's record of it) is neither right nor wrong.

Many of these negatives are related bodies (a subsidiary, a branch, a splinter), which a
screening reviewer wants to see but which count as false here: read the figures as a floor.

    .venv/bin/python bench/matching_negatives.py [--seed 3] [--sample 4000]
"""

from __future__ import annotations

import random
import time

import polars as pl
from matching_quality import (
    _words,
    common_words,
    evaluate,
    labelled_sample,
    own_name_hits,
    prepared_queries,
    same_name_groups,
)

from finance_audit.match.candidates import build_index, candidates
from finance_audit.match.score import THRESHOLD, MatchSettings, score

KINDS = ("person", "company", "bank", "organization")


def listed_negatives(watch: pl.DataFrame, positives: pl.DataFrame, same: pl.DataFrame,
                     count: int, seed: int) -> list[dict]:
    """`count` entities, none a positive's, whose primary name shares a distinctive word with
    a name of another entity (not the same body): near misses among real listed names."""
    common = common_words(watch)
    rows = watch.filter(pl.col("kind").is_in(KINDS)).select(
        "entity_id", "kind", "name", "aliases").to_dicts()
    owners: dict[tuple[str, str], set[str]] = {}
    for row in rows:
        group = "person" if row["kind"] == "person" else "organization"
        for word in set().union(*(_words(n) for n in [row["name"], *row["aliases"]])):
            owners.setdefault((group, word), set()).add(row["entity_id"])
    family: dict[str, set[str]] = {}
    for entity, other in same.iter_rows():
        family.setdefault(entity, {entity}).add(other)
    taken = set(positives["truth"].drop_nulls().to_list())
    eligible = []
    for row in rows:
        if row["entity_id"] in taken:
            continue
        group = "person" if row["kind"] == "person" else "organization"
        body = family.get(row["entity_id"], {row["entity_id"]})
        if any(owners[(group, w)] - body for w in _words(row["name"]) - common[group]):
            eligible.append({**row, "group": group})
    random.Random(seed).shuffle(eligible)
    return eligible[:count]


def main() -> None:
    started = time.perf_counter()
    args, _, watch, indexed, labelled, _ = labelled_sample(__doc__)
    same = same_name_groups(watch)
    kept = labelled.filter(pl.col("label") != "near-miss decoy")
    held = listed_negatives(watch, kept, same, args.sample // 2, args.seed)
    held_ids = [row["entity_id"] for row in held]
    index = build_index(indexed.filter(~pl.col("entity_id").is_in(held_ids)))
    negatives = pl.DataFrame([
        {"name": row["name"], "type": "person" if row["group"] == "person" else "org",
         "truth": None, "group": row["group"], "label": "another listed body",
         "source": row["entity_id"]} for row in held
    ], infer_schema_length=None)
    prepared = prepared_queries(pl.concat([kept, negatives], how="diagonal_relaxed"))
    results = score(prepared, candidates(prepared, index), index,
                    MatchSettings(possible_threshold=0.3))
    # Not counted: a held-out body's match to another list's record of it (or of its very
    # name), and a negative's match to a listed name that is its own (an EU bank's branch).
    sources_of = prepared.filter(pl.col("source").is_not_null()).select("query_id", "source")
    same_body = results.join(sources_of, on="query_id").join(
        same, left_on=["source", "entity_id"], right_on=["entity_id", "other_id"]
    ).select("query_id", "entity_id")
    own_name = own_name_hits(results, prepared.filter(pl.col("truth").is_null()),
                             index.names["name"])
    counted = results.join(pl.concat([same_body, own_name]).unique(),
                           on=["query_id", "entity_id"], how="anti")
    by_label = prepared.group_by("label").len().sort("label")
    print(f"labelled queries: {prepared.height:,} "
          + ", ".join(f"{n:,} {label}" for label, n in by_label.iter_rows())
          + f"; {len(held_ids):,} bodies held out of an index of {index.entities:,} entities")
    print(f"not counted: {same_body['query_id'].n_unique():,} held-out bodies matched to "
          f"another list's record of themselves, {own_name['query_id'].n_unique():,} "
          "negatives matched to their own name")
    columns = ["group", "queries", "positives", "tp", "fp", "precision", "recall", "f1"]
    for threshold in (0.8, THRESHOLD, 0.9):
        print(f"\nat {threshold}{' (shipped)' if threshold == THRESHOLD else ''}:")
        print(evaluate(counted, prepared, threshold, same).select(columns))
    wrong = counted.filter(pl.col("score") >= THRESHOLD).join(
        prepared.filter(pl.col("label") == "another listed body").select(
            "query_id", "name", "group"), on="query_id").sort(
        ["group", "score", "query_id"], descending=[False, True, False])
    # A listed name that holds every word of the held-out one is most often the same family
    # of bodies: a parent, a subsidiary, a branch.
    words = wrong.with_columns(
        pl.col("name").map_elements(lambda n: sorted(_words(n)), return_dtype=pl.List(pl.String))
        .alias("q_words"),
        pl.col("r_name").map_elements(lambda n: sorted(_words(n)),
                                      return_dtype=pl.List(pl.String)).alias("r_words"))
    within = words.filter((pl.col("q_words").list.set_difference("r_words").list.len() == 0)
                          | (pl.col("r_words").list.set_difference("q_words").list.len() == 0))
    print(f"\n{wrong.height:,} matches of held-out bodies at the threshold; in "
          f"{within.height:,} one name holds every word (4+ letters) of the other, a related "
          "body more often than not, and some are one body listed twice without a shared "
          "identifier. Organisations first:")
    for row in wrong.head(30).iter_rows(named=True):
        print(f"  {row['name']!r} -> {row['r_name']!r} {row['score']:.3f}")
    print(f"\ntotal {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
