"""Resolving the names in the store's flows: registry matches and one id per donor."""

from __future__ import annotations

import hashlib

import polars as pl

from finance_audit.match.candidates import RegistryIndex
from finance_audit.match.normalize import normalize_names, title_gender, word_keys
from finance_audit.match.resolve import (
    QUERY_SCHEMA,
    counterparty_type_hint,
    query_identifiers,
    resolve,
)
from finance_audit.match.score import MatchSettings, decision, decision_text

ROLES = ("counterparty", "paid_by", "assigned_to", "recipient")
# A recipient files under its registered name, which is its whole name: a listed name with
# words beyond it is more likely another body's (a party and a FRIENDS OF that party). Such a
# short form is a lead for review.
RECIPIENT_SHORT_FORM_CAP = 0.8
# ... and when its naming words are all words of everyday language, as party names are
# ("Conservative Party", a short form of EUROPEAN CONSERVATIVES AND REFORMISTS PARTY), it
# says nothing of which body the listed name is: below the review band.
RECIPIENT_EVERYDAY_SHORT_FORM_CAP = 0.6
STOPWORDS = ("the", "of", "and", "de", "la", "le", "les", "der", "die", "das", "und", "et", "von",
             "van", "du", "des", "del", "di", "da", "for")


def flow_names(flows: pl.DataFrame) -> pl.DataFrame:
    """(flow_id, role, name, type, country, identifiers) for every name a flow carries.

    The counterparty brings its stated type, country and identifier; the other roles only
    their names.
    """
    parts = [
        flows.select(
            "flow_id",
            pl.lit("counterparty").alias("role"),
            pl.col("counterparty").alias("name"),
            counterparty_type_hint(pl.col("counterparty_type")).alias("type"),
            pl.col("counterparty_country").alias("country"),
            query_identifiers(pl.col("counterparty_id")).alias("identifiers"),
        )
    ]
    for role in ROLES[1:]:
        parts.append(
            flows.filter(pl.col(role).is_not_null()).select(
                "flow_id",
                pl.lit(role).alias("role"),
                pl.col(role).alias("name"),
                pl.lit(None, pl.String).alias("type"),
                pl.lit(None, pl.String).alias("country"),
                pl.lit([], dtype=pl.List(pl.String)).alias("identifiers"),
            )
        )
    return pl.concat(parts)


def resolve_flows(
    flows: pl.DataFrame, index: RegistryIndex, settings: MatchSettings | None = None
) -> pl.DataFrame:
    """Matches and possibles for every name in `flows`, one row per (flow, role, entity)."""
    names = flow_names(flows)
    queries = (
        names.select("name", "type", "country", "identifiers")
        .unique(maintain_order=True)
        .with_row_index("query_id")
        .select([pl.col(c).cast(t) for c, t in QUERY_SCHEMA.items()])
    )
    settings = settings or MatchSettings()
    found = resolve(queries, index, settings)
    links = names.join(queries, on=["name", "type", "country", "identifiers"], nulls_equal=True)
    features = pl.struct(
        "name_score", "token_score", "sort_sim", "form", "identifier_match",
        "identifier_conflict", "type_conflict", "country_conflict", "legal_form_conflict",
        "place_conflict", "via",
    ).struct.json_encode()
    recipients = names.filter(pl.col("role") == "recipient")["name"].unique()
    return (
        links.select("flow_id", "role", "name", "query_id")
        .join(found, on="query_id")
        .join(_everyday_names(recipients), on="name", how="left")
        .with_columns(_recipient_short_forms_capped(settings))
        # A recipient's match capped below the review band is no longer kept.
        .filter(pl.col("score") >= settings.lowest_kept)
        .select(
            "flow_id", "role", "name", "entity_id", "score", "decision",
            pl.col("r_name").alias("matched_name"), "explanation",
            features.alias("features"),
        )
        .sort(["flow_id", "role", "score", "entity_id"], descending=[False, False, True, False])
    )


def _everyday_names(names: pl.Series) -> pl.DataFrame:
    """(name, everyday): whether every word of each name that names it (descriptors and
    stopwords aside) is a word of everyday language (data/common_words.txt)."""
    from finance_audit.match.words import name_words

    words = name_words()
    naming = pl.col("fold_tokens").list.eval(
        pl.element().filter(~pl.element().is_in(list(words.generic))))
    return normalize_names(names).select(
        "name",
        (naming.list.eval(pl.element().is_in(list(words.common))).list.all()
         & (naming.list.len() > 0)).alias("everyday"),
    )


def _recipient_short_forms_capped(settings: MatchSettings) -> list[pl.Expr]:
    """Score, decision and explanation of a recipient's name that is a short form of a
    listed name, capped at RECIPIENT_SHORT_FORM_CAP (RECIPIENT_EVERYDAY_SHORT_FORM_CAP for a
    name of everyday words)."""
    c = pl.col
    everyday = c("everyday").fill_null(False)
    cap = pl.when(everyday).then(pl.lit(RECIPIENT_EVERYDAY_SHORT_FORM_CAP)).otherwise(
        pl.lit(RECIPIENT_SHORT_FORM_CAP))
    capped = (c("role") == "recipient") & (c("form") == "short form") & (c("score") > cap)
    score = pl.when(capped).then(cap).otherwise(c("score"))
    return [
        score.alias("score"),
        pl.when(capped).then(decision(score, settings)).otherwise(c("decision"))
        .alias("decision"),
        pl.when(capped).then(pl.format(
            "{}; but a recipient files under its registered, whole name, and the listed name "
            "has words beyond it{}: capped at {} ({})", c("explanation"),
            pl.when(everyday).then(pl.lit(", where the recipient's are everyday words"))
            .otherwise(pl.lit("")), cap, decision_text(score, settings)))
        .otherwise(c("explanation")).alias("explanation"),
    ]


def _donor_id(key: str) -> str:
    return "donor:" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def _donor_kind() -> pl.Expr:
    """The part of a donor's key that keeps a person apart from a body of the same name
    ("Mr Phillip Mould" is not Philip Mould Ltd): "person:", "org:", or nothing when the
    register states no type."""
    kind = pl.col("counterparty_type")
    return (pl.when(kind == "individual").then(pl.lit("person:"))
            .when(kind.is_null() | (kind == "unknown")).then(pl.lit(""))
            .otherwise(pl.lit("org:")))


def resolve_donors(flows: pl.DataFrame) -> pl.DataFrame:
    """One donor_id per donor across spellings, within a jurisdiction.

    Spellings are one donor when they share a company number, or normalize to the same name
    (legal form and titles dropped, words in any order, transliteration folded) and are of one
    kind (a person, or a body); a name that shares a company number with another spelling
    anywhere joins that number's donor.
    """
    donors = flows.select(
        "flow_id", "jurisdiction", "counterparty", "counterparty_id", "counterparty_type"
    )
    # Articles and conjunctions do not tell donors apart ("The Phoenix Partnership").
    # By their keys as compared: "Lee" folds like "le", but only "le" is "the".
    stop = pl.lit(pl.Series(sorted(word_keys(STOPWORDS)), dtype=pl.String)).implode()
    normalized = normalize_names(donors["counterparty"]).select(
        "name",
        pl.col("fold_tokens").list.set_difference(stop).list.sort().list.join(" ")
        .alias("fold_sorted"),
    )
    keyed = donors.join(
        normalized, left_on="counterparty", right_on="name", how="left"
    ).with_columns(
        # A name with no letters left after normalization ("---") is keyed as filed.
        pl.coalesce(pl.col("fold_sorted").replace("", None),
                    pl.col("counterparty").str.to_lowercase()).alias("fold_sorted")
    ).with_columns(
        pl.format("{}:name:{}{}", pl.col("jurisdiction").fill_null("??"), _donor_kind(),
                  pl.col("fold_sorted")).alias("name_key"),
    ).with_columns(
        # Titles are no words of a name ("Mr Alan Reid" is Alan Reid), but a man and a woman
        # of one name are two donors ("Lord na Goodhart", "Lady na Goodhart").
        pl.when(title_gender(pl.col("counterparty")).drop_nulls().n_unique().over("name_key") > 1)
        .then(pl.format("{}:{}", "name_key",
                        title_gender(pl.col("counterparty")).fill_null("?")))
        .otherwise("name_key").alias("name_key"),
        pl.when(pl.col("counterparty_id").is_not_null()).then(
            pl.format("{}:id:{}", pl.col("jurisdiction").fill_null("??"),
                      pl.col("counterparty_id"))
        ).alias("id_key"),
    )
    name_to_id = (
        keyed.filter(pl.col("id_key").is_not_null())
        .group_by("name_key").agg(pl.col("id_key").min().alias("shared_id_key"))
    )
    keyed = keyed.join(name_to_id, on="name_key", how="left").with_columns(
        pl.coalesce("id_key", "shared_id_key", "name_key").alias("donor_key"),
        pl.when(pl.col("id_key").is_not_null())
        .then(pl.format("company number {}", pl.col("counterparty_id")))
        .when(pl.col("shared_id_key").is_not_null())
        .then(pl.format("name '{}' matches a spelling with company number {}",
                        pl.col("fold_sorted"), pl.col("shared_id_key").str.extract(r":id:(.*)$")))
        .otherwise(pl.format("same name after normalization: '{}'", pl.col("fold_sorted")))
        .alias("evidence"),
    )
    keys = keyed.select("donor_key").unique()
    ids = keys.with_columns(
        pl.col("donor_key").map_elements(_donor_id, return_dtype=pl.String).alias("donor_id")
    )
    spelling = (
        keyed.group_by("donor_key", "counterparty").len()
        .sort(["donor_key", "len", "counterparty"], descending=[False, True, False])
        .group_by("donor_key", maintain_order=True).first()
        .select("donor_key", pl.col("counterparty").alias("donor_name"))
    )
    return (
        keyed.join(ids, on="donor_key").join(spelling, on="donor_key")
        .select("flow_id", "donor_id", "donor_name", "evidence")
        .sort("flow_id")
    )
