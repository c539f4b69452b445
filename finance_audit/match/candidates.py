"""Candidate generation by blocking: only pairs that share a rare key are ever scored.

Keys of a name: its fold tokens (`t:`), pairs of its tokens (`p:`, so "john smith" stays a
rare key although both words are common), and each token of four letters or more with one
letter deleted (`d:`, the symmetric-delete trick: two tokens one edit apart always share such a
key, so one typo does not hide a name). A key's weight is its inverse document
frequency over registry entities; keys shared by more than `key_cap` entities are dropped, so
no block grows with the registry. Each query keeps its `top_k` names by summed key weight, and
up to RARE_K more that share its rarest key.
Identifiers (BIC, LEI, company numbers) are joined exactly and always become candidates.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import polars as pl

from finance_audit.match.normalize import normalize_names

KEY_CAP = 200  # a key shared by more registry entities than this is too common to block on
TOP_K = 20  # candidates per query; bench/matching_quality measures the recall this keeps
RARE_K = 5  # and at most this many more, by the rarest key they share with the query
PAIR_TOKENS = 5  # pair keys from the first five tokens: at most ten per name


@dataclass(frozen=True)
class RegistryIndex:
    """Registry names, normalized, with their blocking keys and weights."""

    names: pl.DataFrame  # name_id, entity_id, name, is_alias, normalized columns, entity columns
    keys: pl.DataFrame  # key, name_id, weight
    token_weights: pl.DataFrame  # fold token -> weight (idf), for scoring
    entities: int
    key_cap: int


def blocking_keys(
    frame: pl.DataFrame, id_column: str, known_tokens: pl.DataFrame | None = None
) -> pl.DataFrame:
    """(id, key) rows for each name's fold tokens, token pairs and one-letter deletions.

    With `known_tokens` (the registry's vocabulary), deletion keys are made only for tokens
    the registry does not know: a word spelled as in the registry needs no typo rescue.
    """
    tokens = frame.select(id_column, "fold_tokens").explode("fold_tokens").rename(
        {"fold_tokens": "token"}
    ).filter(pl.col("token").str.len_chars() >= 2).unique()
    single = tokens.select(id_column, ("t:" + pl.col("token")).alias("key"))
    # Two neighbouring words run together, so "Petro Iran" meets "Petroiran" and
    # "South East" meets "Southeast".
    compounds = frame.select(
        id_column,
        pl.col("fold_tokens").list.eval(
            pl.element() + pl.element().shift(-1)
        ).list.drop_nulls().alias("key"),
    ).explode("key").drop_nulls().select(id_column, ("t:" + pl.col("key")).alias("key"))
    unknown = tokens if known_tokens is None else tokens.join(
        known_tokens, on="token", how="anti")
    ends = _deletion_keys(unknown, id_column)
    firsts = frame.select(
        id_column,
        pl.col("fold_tokens").list.eval(pl.element().filter(pl.element().str.len_chars() >= 2))
        .list.head(PAIR_TOKENS).list.unique().list.sort().alias("toks"),
    ).filter(pl.col("toks").list.len() >= 2)
    pairs = []
    for i in range(PAIR_TOKENS):
        for j in range(i + 1, PAIR_TOKENS):
            pairs.append(
                firsts.filter(pl.col("toks").list.len() > j).select(
                    id_column,
                    pl.format("p:{}|{}", pl.col("toks").list.get(i), pl.col("toks").list.get(j))
                    .alias("key"),
                )
            )
    return pl.concat([single, compounds, ends, *pairs]).unique()


def _deletion_keys(tokens: pl.DataFrame, id_column: str) -> pl.DataFrame:
    """`d:` keys: each token of 3+ letters itself, and with one letter deleted from 4+."""
    vocabulary = tokens.select("token").unique().filter(pl.col("token").str.len_chars() >= 3)
    longest = int(vocabulary["token"].str.len_chars().max() or 0)
    variants = [vocabulary.select("token", ("d:" + pl.col("token")).alias("key"))]
    deletable = vocabulary.filter(pl.col("token").str.len_chars() >= 4)
    for position in range(min(longest, 24)):
        variants.append(
            deletable.filter(pl.col("token").str.len_chars() > position).select(
                "token",
                ("d:" + pl.col("token").str.slice(0, position)
                 + pl.col("token").str.slice(position + 1)).alias("key"),
            )
        )
    table = pl.concat(variants).unique()
    return tokens.join(table, on="token").select(id_column, "key")


def build_index(entities: pl.DataFrame, *, key_cap: int | None = None) -> RegistryIndex:
    """Index every primary name and alias of `entities` (the registry loaders' schema)."""
    names = pl.concat([
        entities.select("entity_id", "name", pl.lit(False).alias("is_alias")),
        entities.select(
            "entity_id", pl.col("aliases").alias("name"), pl.lit(True).alias("is_alias")
        ).explode("name"),
    ]).drop_nulls("name").unique(["entity_id", "name"], keep="first", maintain_order=True)
    normalized = normalize_names(names["name"])
    names = (
        names.join(normalized, on="name", how="inner", maintain_order="left")
        .with_row_index("name_id")
        .join(
            entities.select("entity_id", "kind", "country", "countries", "identifiers", "topics",
                            pl.col("name").alias("entity_name")),
            on="entity_id", how="left", maintain_order="left",
        )
    )
    total = max(entities.height, 1)
    cap = key_cap or KEY_CAP
    keys = blocking_keys(names, "name_id").join(
        names.select("name_id", "entity_id"), on="name_id"
    )
    frequency = keys.group_by("key").agg(pl.col("entity_id").n_unique().alias("df"))
    frequency = frequency.with_columns(
        (pl.lit(math.log(total + 1)) - (pl.col("df") + 1).log()).clip(0.05)
        .alias("weight")
    )
    token_weights = frequency.filter(pl.col("key").str.starts_with("t:")).select(
        pl.col("key").str.slice(2).alias("token"), "weight"
    )
    kept = frequency.filter(pl.col("df") <= cap).with_columns(
        pl.when(pl.col("key").str.starts_with("d:")).then(pl.col("weight") * 0.5)
        .otherwise(pl.col("weight")).alias("weight")
    )
    keys = keys.join(kept.select("key", "weight"), on="key").select("key", "name_id", "weight")
    return RegistryIndex(names, keys, token_weights, total, cap)


def candidates(queries: pl.DataFrame, index: RegistryIndex, *, top_k: int = TOP_K) -> pl.DataFrame:
    """(query_id, name_id, block_weight, via) for normalized queries (with fold_tokens).

    `queries` needs query_id, fold_tokens and identifiers (list of scheme:value).
    """
    query_keys = blocking_keys(queries, "query_id", index.token_weights.select("token"))
    by_key = (
        query_keys.join(index.keys, on="key")
        .group_by("query_id", "name_id")
        .agg(pl.col("weight").sum().alias("block_weight"),
             pl.col("weight").max().alias("_rarest"))
        # The best by summed weight, and the few that share the query's rarest key: many
        # names sharing its common words ("... INDUSTRIES GROUP") do not crowd out the one
        # sharing its rare word ("SANAM").
        .filter(
            (pl.col("block_weight").rank("ordinal", descending=True).over("query_id") <= top_k)
            | (pl.struct(pl.col("_rarest"), pl.col("block_weight"))
               .rank("ordinal", descending=True).over("query_id") <= RARE_K)
        )
        .drop("_rarest")
        .sort(["query_id", "block_weight", "name_id"], descending=[False, True, False])
        .with_columns(pl.lit("name").alias("via"))
    )
    registry_ids = index.names.select("name_id", "entity_id", "identifiers", "is_alias").filter(
        ~pl.col("is_alias")
    ).explode("identifiers").drop_nulls("identifiers")
    by_id = (
        queries.select("query_id", "identifiers").explode("identifiers").drop_nulls()
        .join(registry_ids, on="identifiers")
        .select("query_id", "name_id", pl.lit(100.0).alias("block_weight"),
                pl.lit("identifier").alias("via"))
    )
    return (
        pl.concat([by_id, by_key])
        .unique(["query_id", "name_id"], keep="first", maintain_order=True)
    )
