"""Scoring candidate pairs and saying why, over whole columns (rapidfuzz's bulk scorers).

Two tiers. Tier 1 scores every candidate pair with one order-free character similarity of the
fold forms and keeps the best few per query. Tier 2 aligns tokens of the survivors: each query
token finds its most similar registry token; matched tokens count by their rarity (idf); extra
query tokens cost fully, extra registry tokens (middle names, a dropped "bank") a little.
A match needs at least one matched token that is not a generic word, so "CORP" or "Bank of the
West" never match on the generic part. Identifiers confirm (same BIC, LEI or company number)
or veto (same scheme, different value); a person-versus-organisation, country or legal-form
conflict lowers the score. The score is 0..1; `threshold` decides a match and
`possible_threshold` the review band below it.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
from rapidfuzz import fuzz
from rapidfuzz.process import cpdist

from finance_audit.match.candidates import RegistryIndex
from finance_audit.match.normalize import fold_token

# Chosen from bench/matching_quality (precision, recall and F1 over labelled real pairs).
THRESHOLD = 0.85
POSSIBLE_THRESHOLD = 0.7
TIER1_KEEP = 3
SHORT_NAME_CAP = 0.6
PARTIAL_CREDIT = 0.7  # a query word this similar to a registry word earns part of its weight
PERSON_PARTIAL_CREDIT = 0.85
ONE_NAME_CAP = 0.8
INITIAL_WEIGHT = 0.3
WEIGHT_POWER = 2.0
GENERIC_WEIGHT = 0.3
TOKEN_MATCH = 0.8  # a token pair at least this similar counts as the same word
EXTRA_QUERY_COST = 1.0  # a query word the registry name lacks costs its full weight
EXTRA_REGISTRY_COST = 0.3
EXTRA_REGISTRY_COST_ORG = 0.6
GENERIC_WORDS = frozenset(fold_token(w) for w in (
    "bank", "banka", "banco", "banque", "the", "of", "and", "de", "la", "le", "der", "die", "das",
    "und", "et", "von", "van", "du", "des", "del", "di", "da", "for", "company", "group",
    "holding", "holdings", "international", "trade", "trading", "invest", "investment",
    "investments", "capital", "services", "management", "corporation", "industries", "national",
    "general", "global", "limited", "finance", "financial", "commercial", "development",
    "industrial", "manufacturing", "insurance", "enterprise", "enterprises", "factory",
    "factories", "institute", "center", "centre", "department", "organization", "co",
))
PERSON_KINDS = ("person",)
ORG_KINDS = ("company", "bank", "organization", "public_body")


@dataclass(frozen=True)
class MatchSettings:
    """The knobs of scoring; saved with every result."""

    threshold: float = THRESHOLD
    possible_threshold: float = POSSIBLE_THRESHOLD
    tier1_keep: int = TIER1_KEEP
    country_penalty: float = 0.15
    type_penalty: float = 0.3
    legal_form_penalty: float = 0.1
    identifier_veto: float = 0.5


def _sim(left: pl.Series, right: pl.Series) -> pl.Series:
    scores = cpdist(left.to_list(), right.to_list(), scorer=fuzz.ratio, workers=-1)
    return pl.Series(scores, dtype=pl.Float64) / 100.0


def _order_free_sim(pairs: pl.DataFrame) -> pl.Series:
    """Character similarity that ignores word order and word breaks: the better of the sorted
    tokens compared and the tokens run together ("buali sina" / "bu ali sina")."""
    joined_q = pairs["q_fold_tokens"].list.join("")
    joined_r = pairs["r_fold_tokens"].list.join("")
    return pl.select(pl.max_horizontal(
        _sim(pairs["q_fold_sorted"], pairs["r_fold_sorted"]), _sim(joined_q, joined_r)
    )).to_series()


def _pairs(queries: pl.DataFrame, found: pl.DataFrame, index: RegistryIndex) -> pl.DataFrame:
    q = queries.select(
        "query_id",
        *[pl.col(c).alias("q_" + c) for c in ("name", "fold_sorted", "fold_tokens",
                                              "legal_form", "org_hint", "type", "country",
                                              "identifiers")],
    )
    r = index.names.select(
        "name_id", "entity_id", "entity_name", "kind", "countries",
        *[pl.col(c).alias("r_" + c) for c in ("name", "is_alias", "fold_sorted", "fold_tokens",
                                              "legal_form", "identifiers")],
    )
    return found.join(q, on="query_id").join(r, on="name_id")


def _token_alignment(pairs: pl.DataFrame, index: RegistryIndex) -> pl.DataFrame:
    """Per pair: token score, whether a distinctive token matched, and the aligned tokens."""
    top = max(float(index.token_weights["weight"].max() or 1.0), 1.0)
    # Squared idf: a rare word outweighs a common one by far more than their idf ratio, so a
    # shared rare name carries a match that differs only in descriptive words.
    top = top ** WEIGHT_POWER
    weights = index.token_weights.select(
        pl.col("token").alias("tok"), (pl.col("weight") ** WEIGHT_POWER).alias("w")
    )
    qt = pairs.select("pair_id", pl.col("q_fold_tokens").alias("qt")).explode("qt").unique()
    rt = pairs.select("pair_id", pl.col("r_fold_tokens").alias("rt")).explode("rt").unique()
    cross = qt.join(rt, on="pair_id").drop_nulls()
    sim = _sim(cross["qt"], cross["rt"])
    # One- and two-letter tokens must be equal (or an initial); longer ones may differ by an
    # edit ("jon"/"john" 0.86), which their character similarity already expresses.
    short = (pl.col("qt").str.len_chars() <= 2) | (pl.col("rt").str.len_chars() <= 2)
    initial = ((pl.col("qt").str.len_chars() == 1) & pl.col("rt").str.starts_with(pl.col("qt"))) | (
        (pl.col("rt").str.len_chars() == 1) & pl.col("qt").str.starts_with(pl.col("rt"))
    )
    cross = cross.with_columns(sim.alias("sim")).with_columns(
        pl.when(pl.col("qt") == pl.col("rt")).then(1.0)
        .when(initial).then(0.8)
        .when(short).then(0.0)
        .otherwise(pl.col("sim")).alias("sim")
    )
    best_q = (
        cross.sort(["pair_id", "qt", "sim", "rt"], descending=[False, False, True, False])
        .group_by("pair_id", "qt", maintain_order=True).first()
        .join(weights, left_on="qt", right_on="tok", how="left")
        .with_columns(pl.col("w").fill_null(top))
        # An initial is weak evidence: "A." fits every name that starts with an A; a generic
        # word ("trading", "group") tells little about which company it is.
        .with_columns(
            pl.when(pl.col("qt").str.len_chars() == 1).then(pl.col("w") * INITIAL_WEIGHT)
            .when(pl.col("qt").is_in(list(GENERIC_WORDS))).then(pl.col("w") * GENERIC_WEIGHT)
            .otherwise(pl.col("w")).alias("w")
        )
    )
    best_r = (
        cross.group_by("pair_id", "rt").agg(pl.col("sim").max())
        .join(weights, left_on="rt", right_on="tok", how="left")
        .with_columns(pl.col("w").fill_null(top))
        .with_columns(
            pl.when(pl.col("rt").is_in(list(GENERIC_WORDS))).then(pl.col("w") * GENERIC_WEIGHT)
            .otherwise(pl.col("w")).alias("w")
        )
    )
    person_pairs = pairs.select("pair_id", (pl.col("kind") == "person").alias("person"))
    best_q = best_q.join(person_pairs, on="pair_id", how="left")
    matched = pl.col("sim") >= TOKEN_MATCH
    generic = pl.col("qt").is_in(list(GENERIC_WORDS))
    whole = pl.col("qt").str.len_chars() > 1  # not an initial
    # A person's name near another ("Mary"/"Mark", "Wittmeyer"/"Wisser") is another person:
    # partial credit for persons starts higher.
    credit_from = pl.when(pl.col("person")).then(PERSON_PARTIAL_CREDIT).otherwise(PARTIAL_CREDIT)
    credit = pl.when(pl.col("sim") >= credit_from).then(pl.col("sim")).otherwise(0.0)
    q_side = best_q.group_by("pair_id").agg(
        (pl.col("w") * credit).sum().alias("q_sum"),
        (EXTRA_QUERY_COST * pl.col("w")).sum().alias("q_w"),
        (matched & ~generic).any().alias("distinctive"),
        # One short word ("SP", "VVD") says too little to match on by itself, and a short
        # word only counts when spelled the same ("ASLEF" is not "ALEPH").
        ((matched & ~generic & (pl.col("qt").str.len_chars() >= 4)
          & ((pl.col("sim") == 1.0) | (pl.col("qt").str.len_chars() >= 7))).any()
         | ((matched & whole).sum() >= 2)).alias("strong"),
        # "A. Mahmood" names one word of a person: a lead to review, not a match.
        (pl.col("person").first() & (pl.len() >= 2)
         & ((matched & whole).sum() == 1)).alias("one_name"),
        pl.format("{}{}{} {}", pl.col("qt"),
                  pl.when(pl.col("qt") == pl.col("rt")).then(pl.lit("="))
                  .when(matched).then(pl.lit("≈")).otherwise(pl.lit("≠")),
                  pl.col("rt"), pl.col("sim").round(2))
        .str.join(", ").alias("aligned"),
    )
    r_side = best_r.group_by("pair_id").agg(
        (pl.col("w") * (1.0 - pl.col("sim"))).sum().alias("u_r")
    )
    # Each query token earns its weight times its best similarity (a typo costs a little, a
    # different word most of its weight); what the registry name has beyond the query costs
    # EXTRA_REGISTRY_COST of its weight (a middle name, a dropped "bank").
    # Persons often file without a middle name; an organisation's extra word ("Banco
    # Central de Venezuela" for "Banco de Venezuela") more often names another body.
    return q_side.join(r_side, on="pair_id", how="left").join(
        person_pairs, on="pair_id", how="left"
    ).with_columns(
        (pl.col("q_sum") / (
            pl.col("q_w")
            + pl.when(pl.col("person")).then(EXTRA_REGISTRY_COST)
            .otherwise(EXTRA_REGISTRY_COST_ORG) * pl.col("u_r").fill_null(0.0)
        )).fill_nan(0.0).alias("token_score")
    ).drop("person")


def score(
    queries: pl.DataFrame,
    found: pl.DataFrame,
    index: RegistryIndex,
    settings: MatchSettings | None = None,
) -> pl.DataFrame:
    """Scored (query, entity) pairs at or above the review band, best name per entity.

    `queries` has query_id, name, fold_sorted, fold_tokens, legal_form, org_hint, type
    ("person", "org" or null), country (ISO2 or null), identifiers (list).
    """
    settings = settings or MatchSettings()
    pairs = _pairs(queries, found, index)
    if pairs.is_empty():
        return _empty_result()
    pairs = pairs.with_columns(_order_free_sim(pairs).alias("sort_sim"))
    # Tier 1: an identifier candidate always stays; otherwise the best few by similarity.
    pairs = (
        pairs.sort(["query_id", "sort_sim", "name_id"], descending=[False, True, False])
        .with_columns(pl.int_range(pl.len()).over("query_id").alias("_rank"))
        .filter((pl.col("via") == "identifier") | (pl.col("_rank") < settings.tier1_keep))
        .drop("_rank")
        .with_row_index("pair_id")
    )
    aligned = _token_alignment(pairs, index)
    pairs = pairs.join(aligned, on="pair_id", how="left").with_columns(
        pl.col("token_score").fill_null(0.0), pl.col("distinctive").fill_null(False),
        pl.col("strong").fill_null(False), pl.col("one_name").fill_null(False),
    )
    return _decide(pairs, settings)


def _decide(
    pairs: pl.DataFrame, settings: MatchSettings, *, keep_all: bool = False
) -> pl.DataFrame:
    c = pl.col
    same_scheme_ids = c("q_identifiers").list.eval(pl.element().str.extract(r"^([a-z_]+):", 1))
    id_hit = c("q_identifiers").list.set_intersection(c("r_identifiers")).list.len() > 0
    scheme_overlap = (
        same_scheme_ids.list.set_intersection(
            c("r_identifiers").list.eval(pl.element().str.extract(r"^([a-z_]+):", 1))
        ).list.len() > 0
    )
    q_org = (c("q_type") == "org") | ((c("q_type").is_null()) & c("q_org_hint"))
    # Vessels and aircraft are on sanctions lists but never give, lend or sign: a filed name
    # that matches one is scored as a conflict whatever its type.
    type_conflict = ((c("q_type") == "person") & c("kind").is_in(ORG_KINDS)) | (
        q_org & c("kind").is_in(PERSON_KINDS)
    ) | (c("kind") == "vessel")
    country_conflict = c("q_country").is_not_null() & (c("countries").list.len() > 0) & ~(
        c("countries").list.contains(c("q_country"))
    )
    legal_conflict = c("q_legal_form").is_not_null() & c("r_legal_form").is_not_null() & (
        c("q_legal_form") != c("r_legal_form")
    )
    name_score = 0.6 * c("token_score") + 0.4 * c("sort_sim")
    name_score = (
        pl.when(~c("distinctive")).then(pl.min_horizontal(name_score, pl.lit(0.5)))
        .when(~c("strong")).then(pl.min_horizontal(name_score, pl.lit(SHORT_NAME_CAP)))
        .when(c("one_name")).then(pl.min_horizontal(name_score, pl.lit(ONE_NAME_CAP)))
        .otherwise(name_score)
    )
    penalties = (
        pl.when(type_conflict).then(settings.type_penalty).otherwise(0.0)
        + pl.when(country_conflict).then(settings.country_penalty).otherwise(0.0)
        + pl.when(legal_conflict).then(settings.legal_form_penalty).otherwise(0.0)
        + pl.when(scheme_overlap & ~id_hit).then(settings.identifier_veto).otherwise(0.0)
    )
    raw = pl.when(id_hit).then(pl.max_horizontal(name_score, pl.lit(0.97))).otherwise(name_score)
    scored = pairs.with_columns(
        id_hit.alias("identifier_match"),
        (scheme_overlap & ~id_hit).alias("identifier_conflict"),
        type_conflict.alias("type_conflict"),
        country_conflict.alias("country_conflict"),
        legal_conflict.alias("legal_form_conflict"),
        name_score.alias("name_score"),
        (raw - penalties).clip(0.0, 1.0).round(4).alias("score"),
    )
    if keep_all:
        return scored.with_columns(explanation(settings).alias("explanation"))
    scored = scored.filter(c("score") >= settings.possible_threshold)
    best = (
        scored.sort(["query_id", "entity_id", "score", "name_id"],
                    descending=[False, False, True, False])
        .group_by("query_id", "entity_id", maintain_order=True).first()
        .with_columns(
            pl.when(c("score") >= settings.threshold).then(pl.lit("match"))
            .otherwise(pl.lit("possible")).alias("decision")
        )
    )
    return best.with_columns(explanation(settings).alias("explanation")).select(
        "query_id", "entity_id", "entity_name", "r_name", "r_is_alias", "score", "decision",
        "name_score", "token_score", "sort_sim", "identifier_match", "identifier_conflict",
        "type_conflict", "country_conflict", "legal_form_conflict", "via", "explanation",
    ).sort(["query_id", "score", "entity_id"], descending=[False, True, False])


def score_pairs(pairs: pl.DataFrame, settings: MatchSettings | None = None) -> pl.DataFrame:
    """Score given `left,right[,kind]` pairs directly (no blocking), every row in order.

    Token weights come from the right-hand names of the file, so a file of many pairs
    weighs words by how rare they are among its own names.
    """
    from finance_audit.match.candidates import build_index
    from finance_audit.match.normalize import normalize_names

    settings = settings or MatchSettings()
    n = pairs.height
    kind = pairs["kind"].str.to_lowercase() if "kind" in pairs.columns else pl.Series(
        [None] * n, dtype=pl.String)
    is_person = kind.is_in(["person", "individual"])
    is_org = kind.is_in(["company", "org", "organization", "organisation", "bank"])
    entities = pl.DataFrame({
        "entity_id": [str(i) for i in range(n)],
        "name": pairs["right"].cast(pl.String).fill_null(""),
        "aliases": [[] for _ in range(n)],
        "kind": pl.select(pl.when(pl.lit(is_person)).then(pl.lit("person"))
                          .when(pl.lit(is_org)).then(pl.lit("company"))
                          .otherwise(pl.lit("unknown"))).to_series(),
        "country": [None] * n,
        "countries": [[] for _ in range(n)],
        "identifiers": [[] for _ in range(n)],
        "topics": [[] for _ in range(n)],
    }, schema_overrides={"country": pl.String, "aliases": pl.List(pl.String),
                         "countries": pl.List(pl.String), "identifiers": pl.List(pl.String),
                         "topics": pl.List(pl.String)})
    index = build_index(entities)
    normalized = normalize_names(pairs["left"].cast(pl.String))
    queries = pl.DataFrame({
        "query_id": pl.int_range(n, dtype=pl.UInt32, eager=True),
        "name": pairs["left"].cast(pl.String),
        "type": pl.select(pl.when(pl.lit(is_person)).then(pl.lit("person"))
                          .when(pl.lit(is_org)).then(pl.lit("org"))).to_series(),
        "country": pl.Series([None] * n, dtype=pl.String),
        "identifiers": pl.Series([[] for _ in range(n)], dtype=pl.List(pl.String)),
    }).join(normalized, on="name", how="inner")
    primary = index.names.filter(~pl.col("is_alias")).select(
        pl.col("entity_id").cast(pl.UInt32).alias("query_id"), "name_id"
    )
    found = primary.with_columns(pl.lit(0.0).alias("block_weight"), pl.lit("pair").alias("via"))
    scored = pl.DataFrame()
    pairs_frame = _pairs(queries, found, index)
    if not pairs_frame.is_empty():
        pairs_frame = pairs_frame.with_columns(
            _order_free_sim(pairs_frame).alias("sort_sim")
        ).with_row_index("pair_id")
        aligned = _token_alignment(pairs_frame, index)
        pairs_frame = pairs_frame.join(aligned, on="pair_id", how="left").with_columns(
            pl.col("token_score").fill_null(0.0), pl.col("distinctive").fill_null(False),
            pl.col("strong").fill_null(False), pl.col("one_name").fill_null(False),
        )
        scored = _decide(pairs_frame, settings, keep_all=True).select(
            "query_id", "score", "explanation"
        )
    result = pairs.with_row_index("query_id").with_columns(pl.col("query_id").cast(pl.UInt32))
    if scored.is_empty():
        scored = pl.DataFrame(schema={"query_id": pl.UInt32, "score": pl.Float64,
                                      "explanation": pl.String})
    return (
        result.join(scored, on="query_id", how="left", maintain_order="left")
        .with_columns(
            pl.col("score").fill_null(0.0),
            (pl.col("score").fill_null(0.0) >= settings.threshold).alias("match"),
            pl.col("explanation").fill_null("nothing to compare: a name is empty after "
                                            "normalization"),
        )
        .drop("query_id")
    )


def explanation(settings: MatchSettings) -> pl.Expr:
    """The sentence a reviewer reads: what matched, how well, and what counted against it."""
    c = pl.col

    def flag(condition: pl.Expr, text: str) -> pl.Expr:
        return pl.when(condition).then(pl.lit(text)).otherwise(pl.lit(""))

    return pl.concat_str(
        [
            pl.format("'{}' vs {} '{}' of {}: ", c("q_name"),
                      pl.when(c("r_is_alias")).then(pl.lit("alias")).otherwise(pl.lit("name")),
                      c("r_name"), c("entity_name")),
            pl.format("tokens [{}] -> {}; ", c("aligned").fill_null("none"),
                      c("token_score").round(2)),
            pl.format("order-free similarity of '{}' and '{}' {}; ", c("q_fold_sorted"),
                      c("r_fold_sorted"), c("sort_sim").round(2)),
            pl.format("name score {}", c("name_score").round(2)),
            flag(~c("distinctive"), " (capped at 0.5: only generic words matched)"),
            flag(c("distinctive") & ~c("strong"),
                 f" (capped at {SHORT_NAME_CAP}: one short word is all that matched)"),
            flag(c("strong") & c("one_name"),
                 f" (capped at {ONE_NAME_CAP}: only one name of the person matched)"),
            flag(c("identifier_match"), "; identifier in common: raised to at least 0.97"),
            flag(c("identifier_conflict"),
                 f"; same kind of identifier, different value: -{settings.identifier_veto}"),
            flag(c("type_conflict"), f"; person vs organisation: -{settings.type_penalty}"),
            flag(c("country_conflict"), f"; country differs: -{settings.country_penalty}"),
            flag(c("legal_form_conflict"),
                 f"; legal form differs: -{settings.legal_form_penalty}"),
            pl.format(" => {} ({})", c("score"),
                      pl.when(c("score") >= settings.threshold).then(pl.lit("match"))
                      .when(c("score") >= settings.possible_threshold)
                      .then(pl.lit("possible: review"))
                      .otherwise(pl.lit("no match"))),
        ]
    )


def _empty_result() -> pl.DataFrame:
    return pl.DataFrame(schema={
        "query_id": pl.UInt32, "entity_id": pl.String, "entity_name": pl.String,
        "r_name": pl.String, "r_is_alias": pl.Boolean, "score": pl.Float64,
        "decision": pl.String, "name_score": pl.Float64, "token_score": pl.Float64,
        "sort_sim": pl.Float64, "identifier_match": pl.Boolean,
        "identifier_conflict": pl.Boolean, "type_conflict": pl.Boolean,
        "country_conflict": pl.Boolean, "legal_form_conflict": pl.Boolean, "via": pl.String,
        "explanation": pl.String,
    })
