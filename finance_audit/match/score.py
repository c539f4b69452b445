"""Scoring candidate pairs and saying why, over whole columns (rapidfuzz's bulk scorers).

Two tiers. Tier 1 scores every candidate pair with one order-free character similarity of the
fold forms and keeps the best few per query, and the one sharing the rarest words. Tier 2
aligns tokens of the survivors (`finance_audit.match.align`): each query token finds its most
similar registry token; matched tokens count by their rarity (squared idf); a generic word (a
descriptor such as "industries", "factories", "university", a stopword, or a place named on one
side only) counts GENERIC_WEIGHT of its rarity (finance_audit/data/name_words.yaml). Extra
query tokens cost fully, extra registry tokens (middle names, a dropped "bank") a little. An
organisation's name whose words are all in the other's ("BANK REFAH" / "BANK REFAH KARGARAN",
sharing a rare word) is its short form, and the other's extra words cost little; words that
differ on both sides cost in full. Places and numbers match only when the same ("Iran" is not
"Ireland", "Fourth" not "Fourteenth"); two different places are a conflict. A city after the
whole listed name says where it sits ("Bank Melli Iran, Hamburg Branch") and costs as a
descriptor; so does a person's patronymic that one name gives and the other leaves out ("Oleg
Deripaska", "Sergei Viktorovich Lavrov"), and a filed person's name that holds the whole listed
name pays half for its other names ("John Michael Smith" / SMITH, John). A person's name
without any word of the surname the other writes as one ("TAYLOR, Mark John" for a filed "John
Marek"), or with a filed initial that fits none of the listed names it leaves out ("F. Karimi" /
KARIMI, Ali), is another person's: below the review band; another name in place of one word of
a listed surname of two is a relative's: a lead for review.
An organisation's query word that the name lacks but another name of the same entity holds
costs nothing, and proves nothing. A match needs at least one matched token that is not a
generic word, so "CORP" or "Bank of the West" never match on the generic part, unless the names
are the same generic words ("MELLI BANK" / "BANK MELLI"), which is the whole name. Identifiers
confirm (same BIC, LEI or company number) or veto (same scheme, different value); a
person-versus-organisation, country, place or legal-form conflict lowers the score; a short
form that another listed body carries in full ("STROYTRANSGAZ": STROYTRANSGAZ OJSC, not
STROYTRANSGAZ HOLDING) is a lead for review. The score is 0..1; `threshold` decides a match and
`possible_threshold` the review band below it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein
from rapidfuzz.process import cpdist

from finance_audit.match.align import (
    DESCRIPTOR_COST,
    DESCRIPTOR_COST_SAME_KIND,
    EXTRA_QUERY_COST_COINED_LONG_FORM,
    EXTRA_QUERY_COST_LONG_FORM,
    EXTRA_QUERY_COST_MIDDLE_NAMES,
    EXTRA_REGISTRY_COST_SHORT_FORM,
    Alignment,
    aligned_text,
    alignment_defaults,
    legal_form_conflict,
    token_alignment,
)
from finance_audit.match.candidates import RegistryIndex
from finance_audit.match.normalize import HONOURS_AT_END, TITLES_AT_START
from finance_audit.match.words import PATRONYMIC, written_surname

# Chosen from bench/matching_quality (precision, recall and F1 over labelled real pairs).
# Its sweep peaks at 0.85 for organisations on the seeds 3, 4 and 5 (0.84 and 0.86 within
# 0.003 of it); persons gain 0.001 to 0.002 at 0.86, but there a name spelled exactly as a
# listed one and filed in another country (1.0 less the country penalty, 0.15) would be a
# possible, not a match.
THRESHOLD = 0.85
POSSIBLE_THRESHOLD = 0.7
TIER1_KEEP = 3
TIER1_KEEP_BY_KEYS = 1  # and the best by the summed weight of the keys it shares
SHORT_NAME_CAP = 0.6
ONE_NAME_CAP = 0.8
# Below the review band: the names are two persons' (a surname or an initial left out).
ANOTHER_PERSON_CAP = 0.6
RELATIVE_CAP = 0.8  # another name in place of a word of the listed surname: for review
SPLINTER_CAP = 0.6  # below the review band: a body and the one that split from it
PLACE_CONFLICT_PENALTY = 0.2
LINE_CONFLICT_PENALTY = 0.2
TRADE_LEFT_OUT_PENALTY = 0.2
DOMINANT_SCORE = 0.95  # a query name this close to one body's name ...
DOMINANCE_MARGIN = 0.03  # ... makes another body's name this much further off ...
DOMINANCE_PENALTY = 0.15  # ... a lead for review rather than a match
JOINED_SIM = 0.95  # organisation names this similar in characters are one name spaced apart
JOINED_EDITS = 3  # ... when, run together, they are this many edits apart at most
# A name that starts with initials ("A. Koning", "J.P. Balkenende", "H.W.M. van der Wallen").
INITIALS_FIRST = r"^(?:\p{Lu}\.\s*)+\p{L}{2}"


PERSON_KINDS = ("person",)
ORG_KINDS = ("company", "bank", "organization", "public_body")


@dataclass(frozen=True)
class MatchSettings:
    """The knobs of scoring; saved with every result."""

    threshold: float = THRESHOLD
    possible_threshold: float = POSSIBLE_THRESHOLD
    # Candidates scoring below the review band are dropped, unless this keeps them (as
    # "no match": `match explain` shows the best candidates whatever their score).
    kept_from: float | None = None
    tier1_keep: int = TIER1_KEEP
    country_penalty: float = 0.15
    type_penalty: float = 0.3
    legal_form_penalty: float = 0.1
    identifier_veto: float = 0.5

    @property
    def lowest_kept(self) -> float:
        """The lowest score a result is kept with: `kept_from`, else the review band's."""
        return self.possible_threshold if self.kept_from is None else self.kept_from


def _sim(left: pl.Series, right: pl.Series) -> pl.Series:
    scores = cpdist(left.to_list(), right.to_list(), scorer=fuzz.ratio, workers=-1)
    return pl.Series(scores, dtype=pl.Float64) / 100.0


def _order_free_sim(pairs: pl.DataFrame) -> pl.Series:
    """Character similarity that ignores word order and word breaks: the better of the sorted
    tokens compared (`q_fold_sorted`, `r_fold_sorted`) and the tokens run together
    (`q_fold_joined`, `r_fold_joined`: "buali sina" / "bu ali sina")."""
    return pl.select(pl.max_horizontal(
        _sim(pairs["q_fold_sorted"], pairs["r_fold_sorted"]),
        _sim(pairs["q_fold_joined"], pairs["r_fold_joined"]),
    )).to_series()


QUERY_COLUMNS = ("name", "fold_sorted", "fold_tokens", "latin_tokens", "legal_form",
                 "legal_text", "form_countries", "org_hint", "type", "country", "identifiers")
REGISTRY_COLUMNS = ("name", "is_alias", "fold_sorted", "fold_tokens", "latin_tokens",
                    "legal_form", "identifiers")


def _pairs(queries: pl.DataFrame, found: pl.DataFrame, index: RegistryIndex) -> pl.DataFrame:
    """`found` with each side's columns (q_..., r_... and the entity's facts)."""
    q = queries.select("query_id", *[pl.col(c).alias("q_" + c) for c in QUERY_COLUMNS])
    r = index.names.select(
        "name_id", "entity_id", "entity_name", "kind", "countries", "entity_legal_form",
        *[pl.col(c).alias("r_" + c) for c in REGISTRY_COLUMNS],
    )
    return found.join(q, on="query_id").join(r, on="name_id")


def _folds_of_pairs(queries: pl.DataFrame, found: pl.DataFrame,
                    index: RegistryIndex) -> pl.DataFrame:
    """`found` with each side's fold forms, sorted and run together: what tier 1 ranks on
    (strings only: lists cost far more to join)."""
    q = queries.select("query_id", pl.col("fold_sorted").alias("q_fold_sorted"),
                       pl.col("fold_tokens").list.join("").alias("q_fold_joined"))
    r = index.folds.select("name_id", pl.col("fold_sorted").alias("r_fold_sorted"),
                           pl.col("fold_joined").alias("r_fold_joined"))
    return found.join(q, on="query_id").join(r, on="name_id")


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
    # Tier 1 ranks on the fold forms alone; the other columns join the few pairs it keeps.
    pairs = _folds_of_pairs(queries, found, index)
    if pairs.is_empty():
        return _empty_result()
    pairs = pairs.with_columns(_order_free_sim(pairs).alias("sort_sim"))
    # Tier 1: an identifier candidate always stays; otherwise the best few by character
    # similarity, the best by the weight of all the keys it shares (a misspelt word's keys
    # too), and the best by the rarest word it shares: a short name inside a long one, "MAKO
    # HOLDING" in "PRIVATE JOINT-STOCK COMPANY MAKO HOLDING", or "HOMS REFINERY" in "GENERAL
    # COMPANY FOR HOMS REFINERY", is far in characters and may share fewer keys than "KOREA
    # GENERAL COMPANY FOR ...", but shares the rarest word. Ties go to the lower name_id
    # (ordinal ranks follow the rows' order), so the pairs kept do not depend on how the
    # rows were joined.
    pairs = (
        pairs.sort("query_id", "name_id").with_columns(
            pl.col("sort_sim").rank("ordinal", descending=True).over("query_id").alias("_rank"),
            pl.col("block_weight").rank("ordinal", descending=True).over("query_id")
            .alias("_block_rank"),
            pl.col("name_id").sort_by(["word_weight", "block_weight", "name_id"],
                                      descending=[True, True, False])
            .first().over("query_id").alias("_rarest_word_name"),
        )
        .filter((pl.col("via") == "identifier") | (pl.col("_rank") <= settings.tier1_keep)
                | (pl.col("_block_rank") <= TIER1_KEEP_BY_KEYS)
                | (pl.col("name_id") == pl.col("_rarest_word_name")))
        .select("query_id", "name_id", "block_weight", "via", "sort_sim")
    )
    pairs = (
        _pairs(queries, pairs, index)
        .sort(["query_id", "sort_sim", "name_id"], descending=[False, True, False])
        .with_row_index("pair_id")
    )
    aligned, tokens = token_alignment(pairs, index)
    pairs = pairs.join(aligned, on="pair_id", how="left", maintain_order="left").with_columns(
        *alignment_defaults(),
    )
    return _decide(pairs, settings, tokens=tokens)


def _without_patronymic(pairs: pl.DataFrame) -> pl.DataFrame:
    """`pairs` with a person's order-free similarity taken without the patronymic one name
    gives and the other leaves out, when that is higher ("deripaska oleg" / "deripaska oleg
    vladimirovik": 0.68, without it 1.0), and `patronymic_left` saying so: filings name a
    Russian or Ukrainian without it, and lists do too ("LAVROV, Sergey" for a filed "Sergei
    Viktorovich Lavrov")."""
    c = pl.col

    def without(tokens: str) -> pl.Expr:
        return c(tokens).list.eval(
            pl.element().filter(~pl.element().str.contains(PATRONYMIC))).list.sort().list.join(" ")

    # Not when the other name has a word of its own: "BORTNIKOV, Aleksandr Mohammed" has
    # another middle name than BORTNIKOV, Aleksandr Vasilievich.
    # Only pairs with a word that may be a patronymic are looked at (one pass over the text).
    somewhere = PATRONYMIC.removeprefix("^").removesuffix("$") + "(?: |$)"
    person = (c("kind") == "person") & (c("q_fold_sorted").str.contains(somewhere)
                                        | c("r_fold_sorted").str.contains(somewhere))
    sans = pl.concat([
        pairs.filter(person & ~c("q_extra").fill_null(False)).select(
            "pair_id", "sort_sim", "q_fold_sorted", without("r_fold_tokens").alias("r_sans"),
            pl.lit(None, pl.String).alias("q_sans"), "r_fold_sorted"),
        pairs.filter(person & ~c("r_extra").fill_null(False)).select(
            "pair_id", "sort_sim", without("q_fold_tokens").alias("q_sans"),
            pl.lit(None, pl.String).alias("r_sans"), "q_fold_sorted", "r_fold_sorted"),
    ], how="diagonal").filter(  # a patronymic was left out
        (c("r_sans") != c("r_fold_sorted")) | (c("q_sans") != c("q_fold_sorted")))
    q_side = pl.coalesce("q_sans", "q_fold_sorted")
    r_side = pl.coalesce("r_sans", "r_fold_sorted")
    sans = sans.with_columns(
        _sim(sans.select(q_side).to_series(), sans.select(r_side).to_series()).alias("_sans_sim")
    ).filter(c("_sans_sim") > c("sort_sim")).sort("_sans_sim", descending=True).unique(
        "pair_id", keep="first", maintain_order=True).select(
        "pair_id", "q_sans", "r_sans", "_sans_sim")
    return pairs.join(sans, on="pair_id", how="left", maintain_order="left").with_columns(
        pl.coalesce("_sans_sim", "sort_sim").alias("sort_sim"),
        pl.coalesce("q_sans", "q_fold_sorted").alias("q_fold_sorted"),
        pl.coalesce("r_sans", "r_fold_sorted").alias("r_fold_sorted"),
        (c("q_sans").is_not_null() | c("r_sans").is_not_null()).alias("patronymic_left"),
    ).drop("q_sans", "r_sans", "_sans_sim")


def _name_scores() -> tuple[pl.Expr, pl.Expr]:
    """The name score, and what it rests on ("blend", "tokens" or "joined").

    Persons, and organisation names whose words differ on both sides (or one word of a name
    with other naming words): 0.6 of the token score and 0.4 of the order-free similarity.
    An organisation's short or long form, or the same words: the token score, which already
    weighs the missing words (their characters would count a second time). Organisation names
    equal but for spaces ("VAKIL ABAD" / "VAKILABAD"): at least their order-free similarity.
    """
    c = pl.col
    blend = 0.6 * c("token_score") + 0.4 * c("sort_sim")
    # Not when a place or a number differs: "99TH ... DIVISION" and "77TH ... DIVISION" are
    # near in characters, and two bodies.
    conflict = c("place_conflict") | c("number_conflict") | c("line_conflict")
    joined = pl.when((c("sort_sim") >= JOINED_SIM) & c("spaced_apart") & ~conflict).then(
        c("sort_sim")).otherwise(0.0)
    differ = c("form").is_in(["words differ", "one word of the name"])
    own = pl.when(differ).then(blend).otherwise(c("token_score"))
    person = c("kind") == "person"
    # A filed person's name that holds the listed one and more (middle names): the token score,
    # which weighs the added names (their characters would count a second time).
    middle = c("form") == "middle names"
    score = (pl.when(middle).then(c("token_score")).when(person).then(blend)
             .otherwise(pl.max_horizontal(own, joined)))
    basis = (
        pl.when(middle).then(pl.lit("tokens"))
        .when(person | (differ & (blend >= joined)))
        .then(pl.lit("blend"))
        .when(own >= joined).then(pl.lit("tokens"))
        .otherwise(pl.lit("joined"))
    )
    return score, basis


def _spaced_apart(pairs: pl.DataFrame) -> pl.Series:
    """Whether the two names of a pair are one name spaced apart: their words run together
    (in order, or in the order of the alphabet) at most JOINED_EDITS edits apart. Two long
    names that differ by a whole word are as near in characters ("DASHT NUCLEAR FUEL
    RESEARCH ... CENTRE" / "ESFAHAN NUCLEAR FUEL RESEARCH ... CENTRE", 0.95), and two bodies."""
    c = pl.col
    near = pairs.with_row_index("_row").filter(c("sort_sim") >= JOINED_SIM)
    in_order = cpdist(near["q_fold_tokens"].list.join("").to_list(),
                      near["r_fold_tokens"].list.join("").to_list(), scorer=Levenshtein.distance,
                      workers=-1)
    sorted_ = cpdist(near["q_fold_sorted"].str.replace_all(" ", "").to_list(),
                     near["r_fold_sorted"].str.replace_all(" ", "").to_list(),
                     scorer=Levenshtein.distance, workers=-1)
    apart = near["_row"].filter(pl.Series(np.minimum(in_order, sorted_) <= JOINED_EDITS))
    return pl.int_range(pairs.height, dtype=pl.UInt32, eager=True).is_in(apart.implode())


def _short_capped() -> pl.Expr:
    """One short word is too little to match on ("SP", "VVD" as a word of a listed name),
    unless it is the whole of both names, spelled the same, of three letters or more ("ENI" /
    "Eni S.p.A.")."""
    whole = ((pl.col("form") == "same words") & (pl.col("token_score") == 1.0)
             & (pl.col("q_fold_sorted").str.len_chars() >= 3))
    return ~pl.col("strong") & ~whole


def _generic_only() -> pl.Expr:
    """Only generic words matched, and the names are not the same such words."""
    return ~pl.col("distinctive") & ~(pl.col("form").is_in(["same words", "seated"])
                                      & pl.col("strong"))


def _everyday_bank() -> pl.Expr:
    """A bank's name and a filed one that share one everyday word alone ("Progress" /
    PROGRESS BANK, "Metro" / METRO BANK PLC): a filer who means the bank says so."""
    return (pl.col("kind") == "bank") & pl.col("everyday_only")


def _decide(
    pairs: pl.DataFrame, settings: MatchSettings, *, keep_all: bool = False,
    tokens: Alignment | None = None,
) -> pl.DataFrame:
    """Scores from the features of each pair; with `keep_all`, every pair, else the pairs in
    the review band or above, best name per (query, entity). `tokens`: the token alignment,
    for the explanations."""
    c = pl.col
    pairs = _without_patronymic(pairs)
    same_scheme_ids = c("q_identifiers").list.eval(pl.element().str.extract(r"^([a-z_]+):", 1))
    id_hit = c("q_identifiers").list.set_intersection(c("r_identifiers")).list.len() > 0
    scheme_overlap = (
        same_scheme_ids.list.set_intersection(
            c("r_identifiers").list.eval(pl.element().str.extract(r"^([a-z_]+):", 1))
        ).list.len() > 0
    )
    q_org = (c("q_type") == "org") | ((c("q_type").is_null()) & c("q_org_hint"))
    # A register that states no type (the Dutch one) writes its persons with initials first
    # ("A. Koning", "H.W.M. van der Wallen"): without a legal form or an organisation word,
    # such a name is a person's, and "KONING MARINE CORP" is not that donor. So is a name
    # with a title or an honour ("Johnny Mercer MP" is not MERCER LIMITED).
    written_as_person = (c("q_name").str.contains(INITIALS_FIRST)
                         | c("q_name").str.contains(TITLES_AT_START)
                         | c("q_name").str.contains(HONOURS_AT_END))
    q_person = (c("q_type") == "person").fill_null(False) | (
        c("q_type").is_null() & ~c("q_org_hint") & written_as_person)
    # Vessels and aircraft are on sanctions lists but never give, lend or sign: a filed name
    # that matches one is scored as a conflict whatever its type.
    type_conflict = (q_person & c("kind").is_in(ORG_KINDS)) | (
        q_org & c("kind").is_in(PERSON_KINDS)
    ) | (c("kind") == "vessel")
    # Where the filed body is: the country the filing states, else the countries whose
    # company law has its legal form ("Bincx B.V." is Dutch or Belgian).
    form_says = (c("q_country").is_null() & (c("q_form_countries").list.len() > 0)
                 & (c("q_type") != "person").fill_null(True))
    # (One test per source of the country: a list chosen row by row is twenty times slower.)
    listed_somewhere = c("countries").list.len() > 0
    country_conflict = listed_somewhere & (
        (c("q_country").is_not_null() & ~c("countries").list.contains(c("q_country")))
        | (form_says
           & (c("q_form_countries").list.set_intersection(c("countries")).list.len() == 0)))
    legal_conflict = legal_form_conflict()
    # A bank (or another body the bank registries list by its BIC) is its own company, often
    # of an industrial or insurance group: a filed name written whole, legal form and all,
    # that lacks the listed name's word for its trade is the group's parent or another of its
    # companies ("Volkswagen AG" / Volkswagen Bank, "Shell International Ltd" / SHELL
    # INTERNATIONAL TRADING AND SHIPPING COMPANY LIMITED). Not other bodies: the sanctions
    # lists' aliases drop their trade often ("GALAX INC." / GALAX TRADING CO., LTD.).
    trade_left_out = ((c("kind") == "bank") & ~q_person & c("q_legal_text").is_not_null()
                      & (c("q_lines").list.len() == 0) & (c("r_lines").list.len() > 0))
    pairs = pairs.with_columns(_spaced_apart(pairs).alias("spaced_apart"))
    name_score, basis = _name_scores()
    # A name of generic words only ("BANK MELLI" is "BANK NATIONAL", "STATE ADMINISTRATION
    # COUNCIL") is still that body's whole name: two such names with the same words (two or
    # more) match; a generic part shared with a longer or another name does not.
    name_score = (
        pl.when(_generic_only()).then(pl.min_horizontal(name_score, pl.lit(0.5)))
        .when(_short_capped()).then(pl.min_horizontal(name_score, pl.lit(SHORT_NAME_CAP)))
        .when(c("one_name") | _everyday_bank())
        .then(pl.min_horizontal(name_score, pl.lit(ONE_NAME_CAP)))
        .otherwise(name_score)
    )
    # "John Marek" shares two given names with TAYLOR, Mark John, and is not that person.
    name_score = pl.when(c("surname_left_out").is_not_null() | c("initial_conflict")).then(
        pl.min_horizontal(name_score, pl.lit(ANOTHER_PERSON_CAP))).otherwise(name_score)
    name_score = pl.when(c("surname_conflict")).then(
        pl.min_horizontal(name_score, pl.lit(RELATIVE_CAP))).otherwise(name_score)
    name_score = pl.when(c("splinter").is_not_null()).then(
        pl.min_horizontal(name_score, pl.lit(SPLINTER_CAP))).otherwise(name_score)
    penalties = (
        pl.when(type_conflict).then(settings.type_penalty).otherwise(0.0)
        + pl.when(country_conflict).then(settings.country_penalty).otherwise(0.0)
        + pl.when(legal_conflict).then(settings.legal_form_penalty).otherwise(0.0)
        + pl.when(scheme_overlap & ~id_hit).then(settings.identifier_veto).otherwise(0.0)
        + pl.when(c("place_conflict")).then(PLACE_CONFLICT_PENALTY).otherwise(0.0)
        + pl.when(c("line_conflict")).then(LINE_CONFLICT_PENALTY).otherwise(0.0)
        + pl.when(trade_left_out).then(TRADE_LEFT_OUT_PENALTY).otherwise(0.0)
    )
    raw = pl.when(id_hit).then(pl.max_horizontal(name_score, pl.lit(0.97))).otherwise(name_score)
    scored = pairs.with_columns(
        id_hit.alias("identifier_match"),
        (scheme_overlap & ~id_hit).alias("identifier_conflict"),
        type_conflict.alias("type_conflict"),
        country_conflict.alias("country_conflict"),
        (country_conflict & form_says).alias("country_from_form"),
        legal_conflict.alias("legal_form_conflict"),
        trade_left_out.alias("trade_left_out"),
        name_score.alias("name_score"),
        basis.alias("name_basis"),
        (raw - penalties).clip(0.0, 1.0).round(4).alias("score"),
    )
    # A short form that several bodies share ("STROYTRANSGAZ": STROYTRANSGAZ HOLDING,
    # STROYTRANSGAZ-M LLC) names the body whose name it is in full, when one is listed: a
    # body whose name is all the words of the query, or far closer to it, dominates. Another
    # body only: one body's other names do not compete with each other (SADID CARAN SABA
    # ENGINEERING COMPANY is also SABA CRANE).
    whole = pl.when(c("form") == "same words").then(c("score")).otherwise(0.0)
    leaders = scored.group_by("query_id").agg(
        c("score").max().alias("_best"), whole.max().alias("_best_whole"),
        c("r_name").get(c("score").arg_max()).alias("_best_name"),
        c("entity_id").get(c("score").arg_max()).alias("_best_entity"),
        c("r_name").get(whole.arg_max()).alias("_whole_name"),
        c("entity_id").get(whole.arg_max()).alias("_whole_entity"),
    ).filter(c("_best") >= DOMINANT_SCORE)
    best, best_whole = c("_best"), c("_best_whole")
    by_closer = (c("score") < best - DOMINANCE_MARGIN) & (c("entity_id") != c("_best_entity"))
    by_whole = ((best_whole >= DOMINANT_SCORE) & (c("form") != "same words")
                & (c("entity_id") != c("_whole_entity")))
    dominated = (c("kind") != "person") & best.is_not_null() & (by_closer | by_whole)
    scored = scored.join(leaders, on="query_id", how="left").with_columns(
        pl.when(dominated & by_whole).then(c("_whole_name"))
        .when(dominated).then(c("_best_name")).alias("better_name"),
        pl.when(dominated).then((c("score") - DOMINANCE_PENALTY).clip(0.0, 1.0).round(4))
        .otherwise(c("score")).alias("score"),
    ).drop("_best", "_best_whole", "_best_name", "_best_entity", "_whole_name",
           "_whole_entity")
    def explained(frame: pl.DataFrame) -> pl.DataFrame:
        if tokens is not None:
            frame = frame.join(aligned_text(tokens, frame), on="pair_id", how="left")
        elif "aligned" not in frame.columns:
            frame = frame.with_columns(pl.lit(None, pl.String).alias("aligned"))
        return frame.with_columns(explanation(settings).alias("explanation"))

    if keep_all:
        return explained(scored)
    scored = scored.filter(c("score") >= settings.lowest_kept)
    best = (
        scored.sort(["query_id", "entity_id", "score", "name_id"],
                    descending=[False, False, True, False])
        .group_by("query_id", "entity_id", maintain_order=True).first()
        .with_columns(
            decision(c("score"), settings).alias("decision")
        )
    )
    return explained(best).select(
        "query_id", "entity_id", "entity_name", "r_name", "r_is_alias", "score", "decision",
        "name_score", "token_score", "sort_sim", "form", "identifier_match",
        "identifier_conflict", "type_conflict", "country_conflict", "legal_form_conflict",
        "place_conflict", "via", "explanation",
    ).sort(["query_id", "score", "entity_id"], descending=[False, True, False])


PAIR_PREFIX = "pair:"  # entity ids of a pair file's right-hand names


def score_pairs(pairs: pl.DataFrame, settings: MatchSettings | None = None, *,
                registry: pl.DataFrame | None = None) -> pl.DataFrame:
    """Score given `left,right[,kind]` pairs directly (no blocking), every row in order.

    Token weights come from the right-hand names of the file and, when given, the names of
    `registry` (the registry loaders' schema): a word scores as rare as it is among them, so
    a pair scores as `match` would score it against that registry. Without a registry, a
    file of a few pairs makes every word rare.
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
        "entity_id": [f"{PAIR_PREFIX}{i}" for i in range(n)],
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
    if registry is not None:
        entities = pl.concat([entities, registry.select(entities.columns).filter(
            ~pl.col("entity_id").str.starts_with(PAIR_PREFIX))], how="vertical_relaxed")
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
    primary = index.names.filter(
        ~pl.col("is_alias") & pl.col("entity_id").str.starts_with(PAIR_PREFIX)
    ).select(
        pl.col("entity_id").str.strip_prefix(PAIR_PREFIX).cast(pl.UInt32).alias("query_id"),
        "name_id",
    )
    found = primary.with_columns(pl.lit(0.0).alias("block_weight"),
                                 pl.lit(0.0).alias("word_weight"), pl.lit("pair").alias("via"))
    scored = pl.DataFrame()
    pairs_frame = _pairs(queries, found, index)
    if not pairs_frame.is_empty():
        pairs_frame = pairs_frame.with_columns(
            _order_free_sim(pairs_frame.with_columns(
                pl.col("q_fold_tokens").list.join("").alias("q_fold_joined"),
                pl.col("r_fold_tokens").list.join("").alias("r_fold_joined")))
            .alias("sort_sim")
        ).with_row_index("pair_id")
        aligned, tokens = token_alignment(pairs_frame, index)
        pairs_frame = pairs_frame.join(aligned, on="pair_id", how="left").with_columns(
            *alignment_defaults(),
        )
        scored = _decide(pairs_frame, settings, keep_all=True, tokens=tokens).select(
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


FORM_TEXT = {
    "short form": " (a short form of the listed name: its other words cost "
                  f"{EXTRA_REGISTRY_COST_SHORT_FORM} of their weight)",
    "long form": " (a longer form of the listed name: the other words cost "
                 f"{EXTRA_QUERY_COST_LONG_FORM} of their weight)",
    "seated": " (the listed name and the city it sits in: the city costs "
              f"{EXTRA_QUERY_COST_LONG_FORM} of a descriptor's weight)",
    "descriptors differ": f" (only descriptors differ: they cost {DESCRIPTOR_COST} of their "
                          "weight)",
    "words differ": " (words differ on both sides)",
    "middle names": " (the filed name holds the listed one and more names: they cost "
                    f"{EXTRA_QUERY_COST_MIDDLE_NAMES} of their weight)",
    "one word of the name": " (one word of the listed name, whose other words also name it: "
                            "another body may carry that word)",
}
COINED_LONG_TEXT = (" (a longer form of the listed name, whose rare word is no everyday word: "
                    f"the other words cost {EXTRA_QUERY_COST_COINED_LONG_FORM} of their weight)")
SAME_KIND_TEXT = (" (only descriptors differ, and name one kind of body or one line of "
                  "business: they cost "
                  f"{DESCRIPTOR_COST_SAME_KIND} of their weight)")
BASIS_TEXT = {
    "blend": " (0.6 of the tokens, 0.4 of the order-free similarity)",
    "joined": " (the names run together are the same: the order-free similarity)",
}


def decision(score: pl.Expr, settings: MatchSettings) -> pl.Expr:
    """"match", "possible" or "no match" for `score`."""
    return (pl.when(score >= settings.threshold).then(pl.lit("match"))
            .when(score >= settings.possible_threshold).then(pl.lit("possible"))
            .otherwise(pl.lit("no match")))


def decision_text(score: pl.Expr, settings: MatchSettings) -> pl.Expr:
    """The decision for `score` as an explanation ends with it ("possible: review")."""
    return decision(score, settings).replace({"possible": "possible: review"})


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
            pl.format("tokens [{}] -> {}", c("aligned").fill_null("none"),
                      c("token_score").round(2)),
            pl.when(c("coined_long")).then(pl.lit(COINED_LONG_TEXT))
            .when((c("form") == "descriptors differ") & c("same_kind"))
            .then(pl.lit(SAME_KIND_TEXT))
            .otherwise(c("form").replace_strict(FORM_TEXT, default="")),
            pl.format("; order-free similarity of '{}' and '{}'{} {}; ", c("q_fold_sorted"),
                      c("r_fold_sorted"),
                      flag(c("patronymic_left").fill_null(False),
                           " (a patronymic one name lacks left out)"),
                      c("sort_sim").round(2)),
            pl.format("name score {}", c("name_score").round(2)),
            pl.when(c("kind") != "person").then(
                c("name_basis").replace_strict(BASIS_TEXT, default="")
            ).otherwise(pl.lit("")),
            flag(_generic_only(), " (capped at 0.5: only generic words matched)"),
            flag(c("distinctive") & _short_capped(),
                 f" (capped at {SHORT_NAME_CAP}: one short word is all that matched)"),
            flag(c("strong") & c("one_name") & c("surname_left_out").is_null()
                 & ~c("initial_conflict") & ~c("surname_conflict"),
                 f" (capped at {ONE_NAME_CAP}: only one name of the person matched)"),
            flag(c("strong") & ~c("one_name") & _everyday_bank(),
                 f" (capped at {ONE_NAME_CAP}: one everyday word is all the names share)"),
            pl.when(c("surname_left_out") == "listed").then(pl.format(
                " (capped at {}: the filed name lacks the listed surname '{}')",
                pl.lit(ANOTHER_PERSON_CAP), written_surname(c("r_name"), listed=True)))
            .when(c("surname_left_out") == "filed").then(pl.format(
                " (capped at {}: the listed name lacks the filed surname '{}')",
                pl.lit(ANOTHER_PERSON_CAP), written_surname(c("q_name"), listed=False)))
            .otherwise(flag(c("initial_conflict"),
                            f" (capped at {ANOTHER_PERSON_CAP}: a filed initial fits none of "
                            "the listed names the filed name leaves out)")),
            pl.when(c("surname_conflict")).then(pl.format(
                " (capped at {}: the filed name has another name in place of a word of the "
                "listed surname '{}')", pl.lit(RELATIVE_CAP),
                written_surname(c("r_name"), listed=True)))
            .otherwise(pl.lit("")),
            pl.when(c("splinter").is_not_null()).then(pl.format(
                " (capped at {}: only one name begins with '{}', the mark of a body that split "
                "from another)", pl.lit(SPLINTER_CAP), c("splinter"))).otherwise(pl.lit("")),
            flag(c("identifier_match"), "; identifier in common: raised to at least 0.97"),
            flag(c("identifier_conflict"),
                 f"; same kind of identifier, different value: -{settings.identifier_veto}"),
            flag(c("type_conflict"), f"; person vs organisation: -{settings.type_penalty}"),
            pl.when(c("country_from_form")).then(pl.format(
                "; country differs (the legal form '{}' is registered in {}; the listed body is "
                "in {}): -{}",
                c("q_legal_text"), c("q_form_countries").list.join(", "),
                c("countries").list.join(", "), pl.lit(settings.country_penalty)))
            .otherwise(flag(c("country_conflict"),
                            f"; country differs: -{settings.country_penalty}")),
            flag(c("legal_form_conflict"),
                 f"; legal form differs: -{settings.legal_form_penalty}"),
            flag(c("place_conflict"),
                 f"; the names name different places: -{PLACE_CONFLICT_PENALTY}"),
            pl.when(c("r_repeated").list.len() > 0).then(pl.format(
                "; the listed name has '{}' more often than the filed one: each copy more "
                "counts as a word the filed name lacks", c("r_repeated").list.join("', '")))
            .otherwise(pl.lit("")),
            pl.when(c("line_conflict")).then(pl.format(
                "; the names name different lines of business ({} / {}): -{}",
                c("q_lines").list.join(", "), c("r_business").list.join(", "),
                pl.lit(LINE_CONFLICT_PENALTY))).otherwise(pl.lit("")),
            pl.when(c("trade_left_out")).then(pl.format(
                "; the listed name names a line of business ({}) the filed one, written with "
                "its legal form, lacks: another company of the group? -{}",
                c("r_lines").list.join(", "), pl.lit(TRADE_LEFT_OUT_PENALTY)))
            .otherwise(pl.lit("")),
            pl.when(c("better_name").is_not_null()).then(pl.format(
                "; another listed name fits it better ('{}'): -{}", c("better_name"),
                pl.lit(DOMINANCE_PENALTY))).otherwise(pl.lit("")),
            pl.format(" => {} ({})", c("score"), decision_text(c("score"), settings)),
        ]
    )


def _empty_result() -> pl.DataFrame:
    return pl.DataFrame(schema={
        "query_id": pl.UInt32, "entity_id": pl.String, "entity_name": pl.String,
        "r_name": pl.String, "r_is_alias": pl.Boolean, "score": pl.Float64,
        "decision": pl.String, "name_score": pl.Float64, "token_score": pl.Float64,
        "sort_sim": pl.Float64, "form": pl.String, "identifier_match": pl.Boolean,
        "identifier_conflict": pl.Boolean, "type_conflict": pl.Boolean,
        "country_conflict": pl.Boolean, "legal_form_conflict": pl.Boolean,
        "place_conflict": pl.Boolean, "via": pl.String,
        "explanation": pl.String,
    })
