"""Records of one person or body on two registries: OFAC's and the UN's record of one man, a
bank registry's record of a listed bank.

No list names another's reference, so a link is found in what both records say:
- the same identifier (scheme and value: a BIC, LEI, passport or company number);
- for two persons, names that match at the threshold (one record's name matches the other
  record, either way) and a year of birth in common. Names alone are not enough: OFAC's
  "AL-TIKRITI, Saddam Hussein" (born 1937) matches the UN's UDAY SADDAM HUSSEIN AL-TIKRITI
  (born 1964), his son, at 0.89;
- for two bodies, a name of the same words in the same order with the same legal form, held
  by a few bodies only, and no two countries that differ.
Only records of two sources are linked: one list's two records are two entries of it. Links
are looked for from the records a run needs them for (those it matched, the candidates
`match explain` shows), not between every pair of a registry of millions.
"""

from __future__ import annotations

import polars as pl

from finance_audit.match.candidates import RegistryIndex
from finance_audit.match.resolve import QUERY_SCHEMA, resolve
from finance_audit.match.score import MatchSettings

LINK_SCHEMA = {"entity_id": pl.String, "other_id": pl.String, "reason": pl.String}
# A name held by more bodies than this ("NATIONAL BANK") says nothing of any two of them.
SAME_NAME_MAX = 5


def also_listed(wanted: pl.Series, entities: pl.DataFrame, index: RegistryIndex,
                settings: MatchSettings | None = None) -> pl.DataFrame:
    """Links (LINK_SCHEMA) from each entity of `wanted` (ids) to the records of other sources
    that are the same person or body, with the first reason that holds (an identifier, then
    names), sorted. `entities` holds the registry (entity_id, name, kind, countries,
    identifiers, source, birth_dates); `index` is its index."""
    if entities["source"].n_unique() < 2 or wanted.is_empty():
        return pl.DataFrame(schema=LINK_SCHEMA)
    mine = entities.join(wanted.unique().to_frame("entity_id"), on="entity_id", how="semi")
    sources = entities.select("entity_id", "source")
    found = pl.concat([
        _by_identifier(mine, entities),
        _persons_by_name_and_birth(mine, entities, index, settings or MatchSettings()),
        _bodies_by_name(mine, entities, index),
    ])
    return (
        found.join(sources, on="entity_id", maintain_order="left")
        .join(sources.rename({"entity_id": "other_id", "source": "other_source"}), on="other_id",
              maintain_order="left")
        .filter(pl.col("source") != pl.col("other_source"))
        .select(list(LINK_SCHEMA))
        .unique(["entity_id", "other_id"], keep="first", maintain_order=True)
        .sort("entity_id", "other_id")
    )


def _identifiers(entities: pl.DataFrame, id_column: str) -> pl.DataFrame:
    return entities.select(pl.col("entity_id").alias(id_column),
                           pl.col("identifiers").alias("identifier")).explode(
        "identifier").drop_nulls()


def _by_identifier(mine: pl.DataFrame, entities: pl.DataFrame) -> pl.DataFrame:
    held = _identifiers(mine, "entity_id")
    others = _identifiers(entities, "other_id").join(held.select("identifier").unique(),
                                                     on="identifier", how="semi")
    return held.join(others, on="identifier").sort("entity_id", "other_id", "identifier").select(
        "entity_id", "other_id", ("same identifier " + pl.col("identifier")).alias("reason"))


def _years(entities: pl.DataFrame, id_column: str) -> pl.DataFrame:
    """Every year a record's birth dates cover ("1960/1962" covers three)."""
    dated = entities.filter(pl.col("birth_dates").list.len() > 0).select(
        pl.col("entity_id").alias(id_column), pl.col("birth_dates").alias("date")).explode("date")
    start = pl.col("date").str.slice(0, 4).cast(pl.Int32, strict=False)
    end = pl.coalesce(pl.col("date").str.extract(r"/(\d{4})", 1).cast(pl.Int32, strict=False),
                      start)
    return dated.select(id_column, pl.int_ranges(start, end + 1).alias("year")).explode(
        "year").drop_nulls().unique()


def _persons_by_name_and_birth(mine: pl.DataFrame, entities: pl.DataFrame,
                               index: RegistryIndex, settings: MatchSettings) -> pl.DataFrame:
    dated = entities.filter((pl.col("kind") == "person") & (pl.col("birth_dates").list.len() > 0))
    persons = dated.join(mine.select("entity_id"), on="entity_id", how="semi")
    if persons.is_empty():
        return pl.DataFrame(schema=LINK_SCHEMA)
    # From each of these persons' names to the other records, and from the other records'
    # names to these persons: a name matches another only one way at times (the UN's "Abu
    # Hamza Al-Masri" falls short of OFAC's AL-MASRI, Abu Hamza, which matches it at 1.0).
    # From their side, only records whose name shares two words with these persons' names
    # (or its one word) are tried.
    forward = _name_matches(persons, index, settings)
    words = index.names.join(persons.select("entity_id"), on="entity_id", how="semi").select(
        pl.col("fold_tokens").explode().alias("token")).unique()
    sharing = (
        index.names.filter(~pl.col("is_alias"))
        .select("entity_id", pl.col("fold_tokens").list.len().alias("words"),
                pl.col("fold_tokens").alias("token"))
        .explode("token").join(words, on="token", how="semi")
        .group_by("entity_id").agg(pl.len().alias("shared"), pl.col("words").first())
        .filter(pl.col("shared") >= pl.min_horizontal("words", pl.lit(2)))
        .select("entity_id")
    )
    others = dated.join(sharing, on="entity_id", how="semi").join(
        persons.select("entity_id"), on="entity_id", how="anti")
    backward = _name_matches(others, index, settings).join(
        persons.select(pl.col("entity_id").alias("other_id")), on="other_id", how="semi"
    ).select(pl.col("other_id").alias("entity_id"), pl.col("entity_id").alias("other_id"),
             "score", pl.col("r_name").alias("q_name"), pl.col("q_name").alias("r_name"))
    matched = pl.concat([forward, backward]).filter(pl.col("entity_id") != pl.col("other_id"))
    shared = (
        matched.join(_years(persons, "entity_id"), on="entity_id")
        .join(_years(dated.join(matched.select(pl.col("other_id").alias("entity_id")),
                                on="entity_id", how="semi"), "other_id"),
              on=["other_id", "year"])
        .sort("entity_id", "other_id", "score", "q_name", "r_name",
              descending=[False, False, True, False, False])
        .group_by("entity_id", "other_id", maintain_order=True)
        .agg(pl.col("score").first(), pl.col("q_name").first(), pl.col("r_name").first(),
             pl.col("year").min())
    )
    return shared.sort("entity_id", "other_id").select(
        "entity_id", "other_id",
        pl.format("names match ({}: '{}' and '{}') and both were born in {}",
                  pl.col("score").round(2), "q_name", "r_name", "year").alias("reason"))


def _name_matches(persons: pl.DataFrame, index: RegistryIndex,
                  settings: MatchSettings) -> pl.DataFrame:
    """(entity_id, other_id, score, q_name, r_name): the persons' records whose names each
    of `persons`' own name matches."""
    if persons.is_empty():
        return pl.DataFrame(schema={"entity_id": pl.String, "other_id": pl.String,
                                    "score": pl.Float64, "q_name": pl.String,
                                    "r_name": pl.String})
    persons = persons.with_columns(pl.int_range(pl.len(), dtype=pl.UInt32).alias("query_id"))
    queries = persons.select(
        "query_id", "name", pl.lit("person").alias("type"),
        pl.lit(None, dtype=pl.String).alias("country"),
        pl.lit([], dtype=pl.List(pl.String)).alias("identifiers"),
    ).cast(QUERY_SCHEMA)
    return (
        resolve(queries, index, settings)
        .filter(pl.col("decision") == "match")
        .rename({"entity_id": "other_id"})
        .join(persons.select("query_id", "entity_id", pl.col("name").alias("q_name")),
              on="query_id")
        .select("entity_id", "other_id", "score", "q_name", "r_name")
    )


def _bodies_by_name(mine: pl.DataFrame, entities: pl.DataFrame,
                    index: RegistryIndex) -> pl.DataFrame:
    # Its words in Latin letters, in their order, and its legal form: not its fold keys,
    # which let "COATS" and "KOACH" or "MELLI BANK" and "BANK MELLI" meet.
    same = pl.concat_str(pl.col("latin_tokens").list.join(" "), pl.lit("|"),
                         pl.col("legal_form").fill_null(""))
    bodies = index.names.filter((pl.col("kind") != "person")
                                & (pl.col("latin_tokens").list.len() > 0))
    held = bodies.join(mine.select("entity_id"), on="entity_id", how="semi").select(
        "entity_id", same.alias("same"), "name")
    named = bodies.select("entity_id", same.alias("same"), "name").join(
        held.select("same").unique(), on="same", how="semi")
    few = named.group_by("same").agg(pl.col("entity_id").n_unique().alias("bodies")).filter(
        pl.col("bodies") <= SAME_NAME_MAX)
    countries = entities.select("entity_id", "countries")
    pairs = (
        held.join(few, on="same", how="semi")
        .join(named.rename({"entity_id": "other_id", "name": "other_name"}), on="same")
        .filter(pl.col("entity_id") != pl.col("other_id"))
        .join(countries, on="entity_id")
        .join(countries.rename({"entity_id": "other_id", "countries": "other_countries"}),
              on="other_id")
        .filter((pl.col("countries").list.len() == 0) | (pl.col("other_countries").list.len() == 0)
                | (pl.col("countries").list.set_intersection("other_countries").list.len() > 0))
    )
    return pairs.sort("entity_id", "other_id", "name", "other_name").unique(
        ["entity_id", "other_id"], keep="first", maintain_order=True,
    ).select("entity_id", "other_id",
             pl.format("the same name: '{}' and '{}'", "name", "other_name").alias("reason"))
