"""Matching quality on labelled pairs built from real registries (`make bench`).

Positives: an entity's alias, held out of the index, must resolve to that entity (OFAC and
UN aliases of one person or organisation, and the curated registry's cross-script and
transliterated aliases). An alias counts as a name variant when it shares a word of four
letters or more with another name of the entity, or is written in Cyrillic or Greek; aliases
that are other names altogether (a vessel's former name, a translation, a nickname) cannot be
found from the name and are left out. A match to an entity that is listed under the very same
name elsewhere (the same person on the OFAC and the UN list) counts as correct.
Negatives: names that must not match anything: real EU bank names from the national bank
registries (legitimate banks, not on any sanctions list) and near-miss decoys made from a
sanctioned name by replacing its most distinctive word with one from another entity.

Prints precision, recall and F1 by person and organization at the shipped threshold, a sweep
of thresholds (how the threshold was chosen), and blocking recall (the share of positives
whose true entity reached scoring).

    .venv/bin/python bench/matching_quality.py [--seed 3] [--sample 4000]
"""

from __future__ import annotations

import argparse
import random
import re
import time

import polars as pl

from finance_audit.match.candidates import build_index, candidates
from finance_audit.match.normalize import normalize_names
from finance_audit.match.resolve import QUERY_SCHEMA
from finance_audit.match.score import THRESHOLD, MatchSettings, score
from finance_audit.registry import default_registry_paths, load_registry

EU = ("AT", "BE", "DE", "FR", "NL", "IT", "ES", "PL", "CZ", "SK", "SI", "FI", "SE", "LT",
      "LV", "EE", "HR", "RO", "HU", "PT", "IE", "LU", "DK")


def load_sources() -> dict[str, pl.DataFrame]:
    return {fmt: load_registry(path, fmt).entities for path, fmt in default_registry_paths()}


def _words(name: str) -> set[str]:
    return {w for w in re.split(r"[^\w]+", name.lower()) if len(w) >= 4}


def _is_variant(alias: str, names: list[str]) -> bool:
    """A spelling variant of another name of the entity, or a cross-script one."""
    if re.search(r"[\u0370-\u03ff\u0400-\u04ff]", alias):
        return True
    return any(_words(alias) & _words(other) for other in names if other != alias)


def _is_close_variant(alias: str, names: list[str]) -> bool:
    """The same name written differently: most words shared (Jaccard >= 0.5, words of 3+
    letters, case and punctuation ignored), or another script."""
    if re.search(r"[\u0370-\u03ff\u0400-\u04ff]", alias):
        return True
    mine = {w for w in re.split(r"[^\w]+", alias.lower()) if len(w) >= 3}
    for other in names:
        if other == alias:
            continue
        theirs = {w for w in re.split(r"[^\w]+", other.lower()) if len(w) >= 3}
        if mine and theirs and len(mine & theirs) / len(mine | theirs) >= 0.5:
            return True
    return False


def same_name_groups(watch: pl.DataFrame) -> pl.DataFrame:
    """(entity_id, other_id) for entities listed under an identical normalized name."""
    names = pl.concat([
        watch.select("entity_id", "name"),
        watch.select("entity_id", pl.col("aliases").alias("name")).explode("name"),
    ]).drop_nulls()
    keyed = names.join(normalize_names(names["name"]).select("name", "fold_sorted"), on="name")
    keyed = keyed.select("entity_id", "fold_sorted").unique()
    return keyed.join(keyed, on="fold_sorted").select(
        "entity_id", pl.col("entity_id_right").alias("other_id")
    ).unique()


def build_pairs(sources: dict[str, pl.DataFrame], sample: int, seed: int):
    rng = random.Random(seed)
    watch = pl.concat([sources[f] for f in ("canonical", "ofac-sdn", "un-xml") if f in sources],
                      how="vertical_relaxed")
    with_alias = watch.filter(
        (pl.col("aliases").list.len() > 0) & pl.col("kind").is_in(["person", "company", "bank",
                                                                    "organization"])
    )
    rows = with_alias.select("entity_id", "kind", "name", "aliases").to_dicts()
    rng.shuffle(rows)
    held: dict[str, str] = {}
    queries = []
    for row in rows:
        if len(queries) >= sample:
            break
        variants = [a for a in row["aliases"] if _is_variant(a, [row["name"], *row["aliases"]])]
        if not variants:
            continue
        alias = rng.choice(variants)
        held[row["entity_id"]] = alias
        close = _is_close_variant(alias, [row["name"], *row["aliases"]])
        queries.append({"name": alias, "type": "person" if row["kind"] == "person" else "org",
                        "truth": row["entity_id"], "group": "person" if row["kind"] == "person"
                        else "organization",
                        "label": "spelling variant" if close else "alias sharing a word"})
    # The index must not contain the held-out alias itself.
    indexed = watch.with_columns(
        pl.struct("entity_id", "aliases").map_elements(
            lambda s: [a for a in s["aliases"] if a != held.get(s["entity_id"])],
            return_dtype=pl.List(pl.String),
        ).alias("aliases")
    )
    banks = sources.get("bank-json")
    if banks is not None:
        eu_banks = banks.filter(pl.col("country").is_in(EU)).select("name").unique()
        names = eu_banks["name"].to_list()
        rng.shuffle(names)
        for name in names[: sample // 2]:
            queries.append({"name": name, "type": "org", "truth": None,
                            "group": "organization", "label": "EU bank (not sanctioned)"})
    # Near misses: a watch-list name with its rarest word swapped for another entity's word.
    normalized = normalize_names(watch["name"]).select("name", "fold_tokens")
    long_names = watch.join(normalized, on="name").filter(pl.col("fold_tokens").list.len() >= 2)
    donors = long_names.select("name", "kind").to_dicts()
    vocabulary = [w for n in donors for w in n["name"].split() if len(w) >= 5]
    rng.shuffle(donors)
    for row in donors[: sample // 2]:
        words = row["name"].split()
        longest = max(range(len(words)), key=lambda i: len(words[i]))
        words[longest] = rng.choice(vocabulary)
        decoy = " ".join(words)
        if decoy != row["name"]:
            queries.append({"name": decoy, "type": "person" if row["kind"] == "person" else "org",
                            "truth": None, "group": "person" if row["kind"] == "person"
                            else "organization", "label": "near-miss decoy"})
    return watch, indexed, pl.DataFrame(queries)


def evaluate(results: pl.DataFrame, queries: pl.DataFrame, threshold: float,
             same: pl.DataFrame) -> pl.DataFrame:
    matched = results.filter(pl.col("score") >= threshold).select("query_id", "entity_id")
    # A match to the same name listed under another id is the truth for positives; for
    # negatives, a match whose registry name is the query's own name is not an error either.
    matched = matched.join(queries.select("query_id", "truth"), on="query_id").join(
        same, left_on=["entity_id", "truth"], right_on=["other_id", "entity_id"], how="left",
        coalesce=False,
    ).with_columns(
        pl.when(pl.col("entity_id_right").is_not_null()).then(pl.col("truth"))
        .otherwise(pl.col("entity_id")).alias("entity_id")
    ).select("query_id", "entity_id").unique()
    per_query = queries.join(
        matched.group_by("query_id").agg(pl.col("entity_id")), on="query_id", how="left"
    ).with_columns(pl.col("entity_id").fill_null([]))
    return per_query.with_columns(
        (pl.col("truth").is_not_null() & pl.col("entity_id").list.contains(pl.col("truth")))
        .alias("tp"),
        (pl.col("entity_id").list.len() - (
            pl.col("truth").is_not_null() & pl.col("entity_id").list.contains(pl.col("truth"))
        ).cast(pl.Int64)).alias("fp"),
    ).group_by("group").agg(
        pl.col("tp").sum(), pl.col("fp").sum(), pl.col("truth").is_not_null().sum()
        .alias("positives"), pl.len().alias("queries"),
    ).with_columns(
        (pl.col("tp") / (pl.col("tp") + pl.col("fp"))).alias("precision"),
        (pl.col("tp") / pl.col("positives")).alias("recall"),
    ).with_columns(
        (2 * pl.col("precision") * pl.col("recall") / (pl.col("precision") + pl.col("recall")))
        .alias("f1")
    ).sort("group")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    started = time.perf_counter()
    sources = load_sources()
    watch, indexed, labelled = build_pairs(sources, args.sample, args.seed)
    index = build_index(indexed)
    queries = labelled.with_row_index("query_id").with_columns(
        pl.lit(None, pl.String).alias("country"),
        pl.lit([], dtype=pl.List(pl.String)).alias("identifiers"),
    )
    normalized = normalize_names(queries["name"])
    prepared = queries.select(list(QUERY_SCHEMA) + ["truth", "group", "label"]).join(
        normalized, on="name", how="inner"
    )
    found = candidates(prepared, index)
    same = same_name_groups(watch)
    # Reaching the true entity, or one listed under the very same name, counts.
    reached = found.join(index.names.select("name_id", "entity_id"), on="name_id").join(
        prepared.select("query_id", "truth"), on="query_id"
    ).join(same, left_on=["entity_id", "truth"], right_on=["other_id", "entity_id"]).select(
        "query_id").unique()
    positives = prepared.filter(pl.col("truth").is_not_null())
    blocking_recall = reached.height / max(positives.height, 1)
    results = score(prepared, found, index, MatchSettings(possible_threshold=0.3))
    print(f"labelled queries: {prepared.height:,} ({positives.height:,} positives: held-out "
          f"aliases; {prepared.height - positives.height:,} negatives: EU banks and near-miss "
          f"decoys) against {index.entities:,} watch-list entities")
    print(f"blocking recall: {blocking_recall:.4f} ({reached.height:,} of {positives.height:,} "
          f"positives reach scoring; {found.height / prepared.height:.1f} candidates per query)")
    print(f"\nat the shipped threshold {THRESHOLD}:")
    results = results.join(prepared.select("query_id", "fold_sorted"), on="query_id").join(
        index.names.select(pl.col("r_name_fs").alias("fold_r") if False else
                           pl.col("name").alias("r_name"), pl.col("fold_sorted").alias("fold_r"),
                           "entity_id").unique(["entity_id", "r_name"]),
        on=["entity_id", "r_name"], how="left",
    ).filter(
        # the query's exact name belongs to this entity: an identical-name hit, not an error
        pl.col("query_id").is_in(prepared.filter(pl.col("truth").is_not_null())["query_id"]
                                 .implode())
        | (pl.col("fold_r") != pl.col("fold_sorted"))
    )
    table = evaluate(results, prepared, THRESHOLD, same)
    columns = ["group", "queries", "positives", "tp", "fp", "precision", "recall", "f1"]
    print("all positives (aliases sharing a word of 4+ letters with another name):")
    print(table.select(columns))
    close = prepared.filter(pl.col("truth").is_null() | (pl.col("label") == "spelling variant"))
    print("spelling variants only (most words shared, or another script) and all negatives:")
    print(evaluate(results, close, THRESHOLD, same).select(columns))
    print("\nthreshold sweep (how the threshold was chosen):")
    sweep = []
    for t in (0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95):
        row = evaluate(results, prepared, t, same)
        for r in row.iter_rows(named=True):
            sweep.append({"threshold": t, **{k: r[k] for k in ("group", "precision", "recall",
                                                             "f1")}})
    with pl.Config(tbl_rows=40):
        print(pl.DataFrame(sweep).pivot(on="group", index="threshold", values="f1"))
    misses = prepared.filter(pl.col("label") == "spelling variant").join(
        results.filter(pl.col("score") >= THRESHOLD).select("query_id", "entity_id"),
        left_on=["query_id", "truth"], right_on=["query_id", "entity_id"], how="anti",
    )
    best = results.sort("score", descending=True).group_by("query_id").first()
    missed = misses.join(best.select("query_id", "r_name", "score"), on="query_id", how="left")
    missed = missed.join(same.rename({"entity_id": "truth", "other_id": "x"}), on="truth",
                         how="left").group_by("query_id").first()
    print("\nsome missed spelling variants (query, best candidate, its score):")
    for row in missed.filter(pl.col("group") == "organization").head(25).iter_rows(named=True):
        print(f"  {row['name']!r} -> {row['r_name']!r} {row['score']}")
    wrong = results.filter(pl.col("score") >= THRESHOLD).join(
        prepared.select("query_id", "name", "truth", "label", "group"), on="query_id"
    ).join(same, left_on=["entity_id", "truth"], right_on=["other_id", "entity_id"],
           how="anti").filter(pl.col("group") == "organization")
    print("\nsome organisation matches counted false (query, label, matched name, score):")
    for row in wrong.head(25).iter_rows(named=True):
        print(f"  {row['name']!r} [{row['label']}] -> {row['r_name']!r} {row['score']}")
    print(f"\ntotal {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
