"""Candidate generation by blocking: only pairs that share a rare key are ever scored.

Keys of a name: its fold tokens (`t:`), pairs of its tokens (`p:`, so "john smith" stays a
rare key although both words are common), and each token of four letters or more with one
letter deleted (`d:`, the symmetric-delete trick: two tokens one edit apart always share such a
key, so one typo does not hide a name), and the whole name (`n:`, its fold tokens sorted, so a
name of common words only still meets its exact namesakes). A key's weight is its inverse
document frequency over registry entities; keys shared by more than `key_cap` entities (a
whole name: ten times as many) are dropped, so no block grows with the registry. Each query
keeps its `top_k` names by summed key weight, and up to RARE_K more that share its rarest key.
Identifiers (BIC, LEI, company numbers) are joined exactly and always become candidates.

Keys are held as 64-bit hashes of their text (`KEY_SEED`): joins and counts over tens of
millions of keys then move integers, not strings. A hash is stable within one polars version,
which is why the index kept in the store (`finance_audit.match.stored`) records that version.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache, cached_property

import duckdb
import polars as pl

from finance_audit.match.normalize import (
    fold_column,
    hashed_text,
    join_on_hashed_text,
    join_on_text,
    normalize_names,
    stopword_keys,
    word_runs,
)

KEY_CAP = 200  # a key shared by more registry entities than this is too common to block on
TOP_K = 20  # candidates per query; bench/matching_quality measures the recall this keeps
RARE_K = 5  # and at most this many more, by the rarest key they share with the query
PAIR_TOKENS = 5  # pair keys from the first five tokens: at most ten per name
WHOLE_CAP_FACTOR = 10  # a whole name may be shared by ten times key_cap entities
ACRONYM_MIN = 4  # letters of a bracketed acronym indexed as another name of its entity
SPELLED_RUNS = (3, 6)  # words in a row whose initials pair with the name's other words
SPELLED_NAME_MAX = 12  # ... in a registry name of at most this many words
WORD, DELETION, WHOLE, PAIR = 0, 1, 2, 3  # kinds of key
KEY_SEED = 20191010  # the resolution's date: any fixed seed gives the same keys on both sides
NAME_COLUMNS = ("name_id", "entity_id", "entity_name", "kind", "countries", "name", "is_alias",
                "fold_sorted", "fold_tokens", "latin_tokens", "legal_form", "identifiers")


@dataclass(frozen=True)
class RegistryIndex:
    """Registry names, normalized, with their blocking keys and weights."""

    names: pl.DataFrame  # NAME_COLUMNS and entity_legal_form: each name and alias, normalized,
    # with its entity's facts
    keys: pl.DataFrame  # key (u64 hash), name_id, weight; sorted by key
    token_weights: pl.DataFrame  # fold token -> weight (idf), for scoring
    entities: int
    key_cap: int

    @cached_property
    def hashed_token_weights(self) -> pl.DataFrame:
        """token_weights by the hash of each token (`hashed_text`): each batch looks up its
        words without hashing the registry's whole vocabulary again."""
        return hashed_text(self.token_weights, "token")

    @cached_property
    def folds(self) -> pl.DataFrame:
        """name_id, fold_sorted and fold_joined (the fold tokens run together, in order) of
        each name: what the first tier of scoring compares, run together once per index
        rather than once per candidate."""
        return self.names.select("name_id", "fold_sorted",
                                 pl.col("fold_tokens").list.join("").alias("fold_joined"))


def _key(text: pl.Expr) -> pl.Expr:
    return text.hash(KEY_SEED).alias("key")


def blocking_keys(
    frame: pl.DataFrame,
    id_column: str,
    known_tokens: pl.DataFrame | None = None,
    common_tokens: pl.DataFrame | None = None,
    *,
    unique: bool = True,
    spelled: bool = False,
) -> pl.DataFrame:
    """(id, key, kind) rows for each name's fold tokens, token pairs, one-letter deletions and
    whole name; `key` is the u64 hash of the key's text, `kind` WORD, PAIR, DELETION or WHOLE.

    Both token tables are hashed as `hashed_text` makes them. With `known_tokens` (the
    registry's vocabulary), deletion keys are made only for tokens the registry does not know:
    a word spelled as in the registry needs no typo rescue. With
    `common_tokens` (the registry's words too common to block on), none are made for those:
    their deletions would be as common and dropped. Without `unique`, a key a name has twice
    (two of its words one letter apart) is returned twice. With `spelled` (registry names),
    also the pairs of the initials of words in a row with the name's other words
    (`_spelled_pairs`).
    """
    tokens = frame.select(id_column, "fold_tokens").explode("fold_tokens").rename(
        {"fold_tokens": "token"}
    ).filter(pl.col("token").str.len_chars() >= 2).unique()
    single = tokens.select(id_column, _key("t:" + pl.col("token")))
    # Two neighbouring words run together, so "Petro Iran" meets "Petroiran" and
    # "South East" meets "Southeast".
    compounds = _compounds(frame, id_column).select(id_column, _key("t:" + pl.col("token")))
    typo_tokens = tokens
    for skip in (known_tokens, common_tokens):
        if skip is not None:
            typo_tokens = join_on_hashed_text(typo_tokens, skip, "token", how="anti")
    ends = _deletion_keys(typo_tokens, id_column)
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
                    _key(pl.format("p:{}|{}", pl.col("toks").list.get(i),
                                   pl.col("toks").list.get(j))),
                )
            )
    # The whole name, its words in order of the alphabet: a name of common words only
    # ("Zhao Steel Co., Ltd.") still meets the registry names that are spelled just like it.
    exact = frame.filter(pl.col("fold_sorted") != "").select(
        id_column, _key("n:" + pl.col("fold_sorted")))
    # Two words run together are a pair of words, not one rare word of both names.
    if spelled:
        pairs.append(_spelled_pairs(frame, id_column))
    keys = pl.concat([
        single.with_columns(pl.lit(WORD, pl.UInt8).alias("kind")),
        pl.concat([compounds, *pairs]).with_columns(pl.lit(PAIR, pl.UInt8).alias("kind")),
        ends.with_columns(pl.lit(DELETION, pl.UInt8).alias("kind")),
        exact.with_columns(pl.lit(WHOLE, pl.UInt8).alias("kind")),
    ])
    if not unique:
        return keys
    return _without_repeats(keys.sort("key", id_column), id_column)


def _spelled_pairs(frame: pl.DataFrame, id_column: str) -> pl.DataFrame:
    """(id, key) pair keys of the initials of SPELLED_RUNS words in a row (stopwords aside)
    with each of the name's first PAIR_TOKENS other words: FLORES DRUG TRAFFICKING
    ORGANIZATION is filed as "FLORES DTO", whose words are common, though the pair of them is
    not. The scorer reads such initials as the words they spell (`align._initials`)."""
    stop = list(stopword_keys())
    # Most names are too short to hold a run and another word: they are left out first.
    frame = frame.filter(pl.col("fold_tokens").list.len() > SPELLED_RUNS[0])
    words = frame.select(id_column, pl.col("fold_tokens").list.eval(
        pl.element().filter(~pl.element().is_in(stop)))
        .alias("words")).filter(pl.col("words").list.len().is_between(
            SPELLED_RUNS[0] + 1, SPELLED_NAME_MAX))
    first, last = SPELLED_RUNS
    runs = word_runs(words, "words", range(first, last + 1), [id_column, "words"]).select(
        id_column, "initials",
        pl.concat_list(pl.col("words").list.head(pl.col("start")),
                       pl.col("words").list.slice(pl.col("start") + pl.col("length")))
        .list.head(PAIR_TOKENS).alias("other"))
    spelled = fold_column(runs, "initials", "folded").explode("other").drop_nulls(
        "other").filter(pl.col("other").str.len_chars() >= 2)
    low = pl.min_horizontal("folded", "other")
    high = pl.max_horizontal("folded", "other")
    return spelled.select(id_column, _key(pl.format("p:{}|{}", low, high)))


def _without_repeats(keys: pl.DataFrame, id_column: str) -> pl.DataFrame:
    """`keys`, sorted so that a repeated (key, id) sits next to its first, without the repeats:
    a fraction of the memory of a hash-based unique over tens of millions of rows."""
    repeated = (pl.col(id_column) == pl.col(id_column).shift(1)) & (
        pl.col("key") == pl.col("key").shift(1))
    return keys.filter(~repeated.fill_null(False))


def _compounds(frame: pl.DataFrame, id_column: str) -> pl.DataFrame:
    """(id, token) for each two neighbouring fold tokens written as one."""
    inner = pl.col("fold_tokens").list.len() - 1
    return frame.select(
        id_column,
        pl.col("fold_tokens").list.head(inner).alias("left"),
        pl.col("fold_tokens").list.tail(inner).alias("right"),
    ).explode(["left", "right"]).drop_nulls().select(
        id_column, (pl.col("left") + pl.col("right")).alias("token"))


def _deletion_keys(tokens: pl.DataFrame, id_column: str) -> pl.DataFrame:
    """`d:` keys: each token of 3+ letters itself, and with one letter deleted from 4+."""
    vocabulary = tokens.select("token").unique().filter(pl.col("token").str.len_chars() >= 3)
    longest = int(vocabulary["token"].str.len_chars().max() or 0)
    variants = [vocabulary.select("token", _key("d:" + pl.col("token")))]
    deletable = vocabulary.filter(pl.col("token").str.len_chars() >= 4)
    for position in range(min(longest, 24)):
        variants.append(
            deletable.filter(pl.col("token").str.len_chars() > position).select(
                "token",
                _key("d:" + pl.col("token").str.slice(0, position)
                     + pl.col("token").str.slice(position + 1)),
            )
        )
    # No unique(): a key twice for one word (a doubled letter) is dropped with the name's
    # other repeated keys.
    table = pl.concat(variants)
    return join_on_text(tokens, table, "token").select(id_column, "key")


def _idf(df: pl.Expr, total: int) -> pl.Expr:
    return (pl.lit(math.log(total + 1)) - (df + 1).log()).clip(0.05)


def _bracketed_acronyms(names: pl.DataFrame) -> pl.DataFrame:
    """(entity_id, name, is_alias) for the acronyms listed names carry in brackets:
    "PETROIRAN DEVELOPMENT COMPANY (PEDCO) LIMITED" is also PEDCO, which a filing may name
    alone. Acronyms of ACRONYM_MIN letters or more: a shorter one names too many bodies. And
    only what abbreviates the name: capitals in brackets are as often a place or a
    qualifier ("NIOC INTERNATIONAL AFFAIRS (LONDON) LIMITED", "AL-HARAMAIN FOUNDATION
    (PAKISTAN)", "ELLISSA SAL (HOLDING)"), which is no name of the body."""
    found = names.select(
        "entity_id", pl.col("name").alias("_full"),
        pl.col("name").str.extract_all(r"\(([\p{Lu}0-9&.\-]+)\)").alias("name"),
        pl.lit(True).alias("is_alias"),
    ).explode("name").drop_nulls("name").with_columns(
        pl.col("name").str.strip_chars("()").str.replace_all(r"[.\-]", "")
    ).filter(pl.col("name").str.count_matches(r"\p{Lu}") >= ACRONYM_MIN)
    if found.is_empty():
        return found.drop("_full")
    # Few names carry capitals in brackets (204 in the default registry, none in most
    # filings' registries): one Python check each costs nothing.
    spelled = found.select(
        pl.struct("name", "_full").map_elements(
            lambda row: _abbreviates(row["name"], row["_full"]), return_dtype=pl.Boolean)
    ).to_series()
    return found.filter(spelled).drop("_full")


def _abbreviates(acronym: str, name: str) -> bool:
    """Whether `acronym` is spelled by the starts of two or more words of `name`, in order
    (words may be skipped): PEDCO by PEtroiran Development COmpany, NFRPC by Nuclear Fuel
    Research (and) Production Centre; LONDON, PAKISTAN or HOLDING by nothing."""
    letters = re.sub(r"[^A-Z0-9]", "", acronym.upper())
    words = [w for w in re.findall(r"[A-Z0-9]+", name.upper()) if w != letters]

    @cache
    def spelled(i: int, j: int, used: int) -> bool:
        if i == len(letters):
            return used >= 2
        for k in range(j, len(words)):
            word = words[k]
            for length in range(1, min(len(word), len(letters) - i) + 1):
                if word[:length] != letters[i:i + length]:
                    break
                if spelled(i + length, k + 1, used + 1):
                    return True
        return False

    return spelled(0, 0, 0)


def build_index(entities: pl.DataFrame, *, key_cap: int | None = None) -> RegistryIndex:
    """Index every primary name and alias of `entities` (the registry loaders' schema)."""
    entities = entities.with_row_index("entity_row")
    names = pl.concat([
        entities.select("entity_id", "name", pl.lit(False).alias("is_alias")),
        entities.select(
            "entity_id", pl.col("aliases").alias("name"), pl.lit(True).alias("is_alias")
        ).explode("name"),
    ]).drop_nulls("name")
    names = pl.concat([names, _bracketed_acronyms(names)]).unique(
        ["entity_id", "name"], keep="first", maintain_order=True)
    normalized = normalize_names(names["name"])
    names = (
        join_on_text(names, normalized, "name", how="inner", maintain_order="left")
        .with_row_index("name_id")
    )
    names = join_on_text(
        names, entities.select("entity_id", "entity_row", "kind", "countries", "identifiers",
                               pl.col("name").alias("entity_name")),
        "entity_id", how="left", maintain_order="left",
    )
    total = max(entities.height, 1)
    cap = key_cap or KEY_CAP
    # Each name's entity, by its name_id: a gather, not a join, for tens of millions of keys,
    # while name_id is each name's row (an entity id given twice would repeat its names).
    entity_rows = names["entity_row"]
    by_row = names.height == 0 or names["name_id"].max() == names.height - 1

    def with_entity_row(frame: pl.DataFrame) -> pl.DataFrame:
        if not by_row:
            return frame.join(names.select("name_id", "entity_row"), on="name_id")
        return frame.with_columns(entity_rows.gather(frame["name_id"]).alias("entity_row"))

    # Word weights (for scoring and for the words too common to make typo keys of) come from
    # the words themselves; every key's weight from its hash.
    words = with_entity_row(pl.concat([
        names.select("name_id", pl.col("fold_tokens").alias("token")).explode("token")
        .filter(pl.col("token").str.len_chars() >= 2),
        _compounds(names, "name_id"),
    ])).group_by("token").agg(pl.col("entity_row").n_unique().alias("df"))
    token_weights = words.select("token", _idf(pl.col("df"), total).alias("weight"))
    common = hashed_text(words.filter(pl.col("df") > cap).select("token"), "token")
    # Sorted by key, then entity: a repeated (key, name) sits next to its first, and a key's
    # entities are counted by the rows where the entity changes, with no hash table over
    # tens of millions of rows.
    keys = _without_repeats(with_entity_row(blocking_keys(
        names, "name_id", common_tokens=common, unique=False, spelled=True))
        .sort("key", "entity_row", "name_id"), "name_id")
    same_key = pl.col("key") == pl.col("key").shift(1)
    new_entity = ~(same_key & (pl.col("entity_row") == pl.col("entity_row").shift(1)))
    keys = keys.with_columns(
        pl.col("key").set_sorted(), new_entity.fill_null(True).alias("new_entity")
    ).with_columns(pl.col("new_entity").sum().over("key").alias("df")).filter(
        (pl.col("df") <= cap)
        | ((pl.col("kind") == WHOLE) & (pl.col("df") <= cap * WHOLE_CAP_FACTOR))
    )
    weight = _idf(pl.col("df"), total)
    keys = keys.select(
        "key", "name_id",
        pl.when(pl.col("kind") == DELETION).then(weight * 0.5).otherwise(weight).alias("weight"),
    )
    return RegistryIndex(_with_entity_form(names.select(NAME_COLUMNS)), _sorted_by_key(keys),
                         token_weights, total, cap)


def _with_entity_form(names: pl.DataFrame) -> pl.DataFrame:
    """`names` with `entity_legal_form`: the legal form of the entity's first name that states
    one (its primary name's, when it does). An alias written without a form ("TRANS
    LOGISTIC") is still the name of that company (TRANS LOGISTIK, OOO)."""
    return names.with_columns(
        pl.col("legal_form").drop_nulls().first().over("entity_id", order_by="name_id")
        .alias("entity_legal_form"))


def _sorted_by_key(keys: pl.DataFrame) -> pl.DataFrame:
    """The keys in order of their hash, and marked so: polars then joins a batch's keys
    against them five to ten times faster than against the same keys unordered."""
    if not keys["key"].is_sorted():
        keys = keys.sort("key", "name_id")
    return keys.with_columns(pl.col("key").set_sorted())


def index_tables(index: RegistryIndex) -> dict[str, pl.DataFrame]:
    """The index as the store keeps it (store.INDEX_TABLES)."""
    return {"index_names": index.names, "index_keys": index.keys,
            "index_tokens": index.token_weights}


def index_from_tables(tables: dict[str, pl.DataFrame], entities: int,
                      key_cap: int = KEY_CAP) -> RegistryIndex:
    """An index kept by the store, as `build_index` made it."""
    names = tables["index_names"]
    if not names["name_id"].is_sorted():  # the store keeps them in order; a sort is slow
        names = names.sort("name_id")
    names = names.select(NAME_COLUMNS).with_columns(pl.col("name_id").cast(pl.UInt32))
    keys = tables["index_keys"].select(
        pl.col("key").cast(pl.UInt64), pl.col("name_id").cast(pl.UInt32), "weight")
    return RegistryIndex(_with_entity_form(names), _sorted_by_key(keys), tables["index_tokens"],
                         max(entities, 1), key_cap)


def candidates(queries: pl.DataFrame, index: RegistryIndex, *, top_k: int = TOP_K) -> pl.DataFrame:
    """(query_id, name_id, block_weight, word_weight, via) for normalized queries (with
    fold_tokens). word_weight: the weight of the rarest word the two names share.

    `queries` needs query_id, fold_tokens and identifiers (list of scheme:value).
    """
    query_keys = blocking_keys(queries, "query_id",
                               index.hashed_token_weights.select("_text_hash"))
    shared = query_keys.join(index.keys, on="key").select("query_id", "name_id", "weight",
                                                          "kind")
    # The best by summed weight, and the few that share the query's rarest key: many names
    # sharing its common words ("... INDUSTRIES GROUP") do not crowd out the one sharing its
    # rare word ("SANAM"). Ties go to the lower name_id and sums are rounded, so the same
    # inputs keep the same candidates however the work is split between threads.
    with duckdb.connect() as con:
        con.register("shared", shared)
        by_key = con.sql(
            """
            WITH summed AS (
                SELECT query_id, name_id, round(sum(weight), 9) AS block_weight,
                       max(weight) AS rarest,
                       coalesce(max(weight) FILTER (WHERE kind = ?), 0.0) AS word_weight
                FROM shared GROUP BY query_id, name_id
            ), ranked AS (
                SELECT *, row_number() OVER (PARTITION BY query_id
                                             ORDER BY block_weight DESC, name_id) AS by_sum,
                          row_number() OVER (PARTITION BY query_id
                                             ORDER BY rarest DESC, block_weight DESC,
                                                      name_id) AS by_rarest
                FROM summed
            )
            SELECT query_id, name_id, block_weight, word_weight, 'name' AS via FROM ranked
            WHERE by_sum <= ? OR by_rarest <= ?
            ORDER BY query_id, block_weight DESC, name_id
            """,
            params=[WORD, top_k, RARE_K],
        ).pl()
    registry_ids = index.names.select("name_id", "entity_id", "identifiers", "is_alias").filter(
        ~pl.col("is_alias")
    ).explode("identifiers").drop_nulls("identifiers")
    by_id = (
        queries.select("query_id", "identifiers").explode("identifiers").drop_nulls()
        .join(registry_ids, on="identifiers")
        .select("query_id", "name_id", pl.lit(100.0).alias("block_weight"),
                pl.lit(100.0).alias("word_weight"), pl.lit("identifier").alias("via"))
    )
    by_id = by_id.unique(["query_id", "name_id"], keep="first", maintain_order=True)
    return pl.concat([by_id, by_key.join(by_id, on=["query_id", "name_id"], how="anti",
                                         maintain_order="left")])
