"""Aligning the words of candidate pairs, over whole columns: each query word's most similar
registry word, one to one, weighed by rarity and by what kind of word it is (a descriptor, a
stopword, a place, a number, a city after the name, a patronymic); the token score and the
features a pair's name score and form rest on (`finance_audit.match.score` decides with them).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
from rapidfuzz import fuzz
from rapidfuzz.process import cpdist

from finance_audit.match.candidates import RegistryIndex
from finance_audit.match.normalize import fold_column, join_on_text
from finance_audit.match.other_names import in_other_names
from finance_audit.match.words import (
    TOKEN_MATCH,
    WEIGHT_POWER,
    name_words,
    surnames,
    token_classes,
)

PARTIAL_CREDIT = 0.7  # a query word this similar to a registry word earns part of its weight
PERSON_PARTIAL_CREDIT = 0.85
INITIAL_WEIGHT = 0.3
GENERIC_WEIGHT = 0.3
EXTRA_QUERY_COST = 1.0  # a query word the registry name lacks costs its full weight
EXTRA_REGISTRY_COST = 0.3
EXTRA_QUERY_COST_MIDDLE_NAMES = 0.5  # a filed person's words the listed name lacks, when it
# holds that whole name ("John Michael Smith" / SMITH, John)
EXTRA_REGISTRY_COST_ORG = 0.6
# Organisation names: a difference on one side only (a short form, "BANK REFAH" for "BANK
# REFAH KARGARAN"; a longer one, "KALAI INDUSTRIES MANAGEMENT" for "KALAI INDUSTRIES") costs
# less than words that differ on both sides ("CENTRAL BANK OF IRAN" / "... OF SYRIA"), which
# name another body, unless what differs is only descriptors ("AMIROLMOMENIN FACTORIES" /
# "AMIROLMOMENIN INDUSTRIES"). Each needs a rare word in common.
EXTRA_REGISTRY_COST_SHORT_FORM = 0.1  # of the listed name's other words' weight
# A longer form pays this share of the query's other words' weight. bench/matching_quality's
# organisation F1 is 0.003 to 0.004 higher at 0.2 than at 0.25 (seeds 3 to 5); at 0.15 the
# real UK donor "Castle Rising Holdings Ltd" matches CASTLE HOLDING GMBH.
EXTRA_QUERY_COST_LONG_FORM = 0.2
# ... when the rare word the names share is no word of everyday language (data/common_words.txt)
EXTRA_QUERY_COST_COINED_LONG_FORM = 0.15
DESCRIPTOR_COST = 0.6  # of the weight of descriptors that differ on both sides
DESCRIPTOR_COST_SAME_KIND = 0.3  # ... when they name one kind of body or one line of business
PLACE_WEIGHT_SHARE = 0.35  # a city after a listed name: at most this share of the top weight
RARE_SHARE = 0.5  # a word this rare (its weight to the rarest word's) can carry a short form
SHORT_FORM_SIM = 0.9  # ... when the names spell it this alike
FOLD_ONLY_LEN = 4  # a word of this many fold letters or fewer, alike to another only by
FOLD_ONLY_SIM = 0.9  # folding, is this similar to it
ABBREVIATION_MIN = 4  # an organisation's word this long that starts another is its short form
ABBREVIATION_SIM = 0.85
DESCRIBED_MIN_LEN = 5  # a shared word this long carries "only descriptors differ" alone
DESCRIBED_MIN_WORDS = 4  # ... as do this many words in common, when one kind's descriptors differ
OWN_WORD_MIN_LEN = 8  # a word this long that one listed body alone carries is its own name,
OWN_WORD_MIN_ENTITIES = 1000  # among this many bodies at least (in a few, every word is rare)
UNSPECIFIED_FORM = "corporation"  # legal_forms.yaml's class of generic company words


def legal_form_conflict() -> pl.Expr:
    """The query's legal form and the listed name's differ. "CO.", "COMPANY", "INC", "CORP" say
    a body is a company, not which form it has: they conflict with no form ("ALMAZ-ANTEY
    CORP" / "ALMAZ-ANTEY JSC"). A listed name written without a form has its entity's ("TRANS
    LOGISTIC" of TRANS LOGISTIK, OOO is not a German limited partnership)."""
    listed_form = pl.coalesce("r_legal_form", "entity_legal_form")
    forms = [pl.col("q_legal_form"), listed_form]
    return (pl.all_horizontal([f.is_not_null() & (f != UNSPECIFIED_FORM) for f in forms])
            & (pl.col("q_legal_form") != listed_form))


def _alike_by_folding(cross: pl.DataFrame) -> pl.Expr:
    """Whether a (query token, registry token) row of `cross` is two short words spelled
    apart and alike by folding alone: their Latin words differ and fold alike before
    translation (words that are one by translation are the same word)."""
    c = pl.col
    short = cross.with_row_index("_row").filter(
        (c("q_id") == c("r_id")) & (c("q_len") <= FOLD_ONLY_LEN)
        & (c("q_latin") != c("r_latin"))).select("_row", "q_latin", "r_latin")
    alike = fold_column(fold_column(short, "q_latin", "q_plain"), "r_latin", "r_plain").filter(
        c("q_plain") == c("r_plain"))
    return pl.int_range(pl.len(), dtype=pl.UInt32).is_in(alike["_row"].implode())


def _short_words_as_written(cross: pl.DataFrame) -> pl.DataFrame:
    """`cross` with an organisation's short word (FOLD_ONLY_LEN letters or fewer, as
    written) near another only in fold form scored as the two are written: "GOOD" and "GOLD"
    fold to "god" and "gold" (0.86), but are 0.75 alike, and the decoy "MEROE OF GOOD"
    matched MEROE GOLD CO. LTD. A longer word's fold is what lets transliterations meet
    ("HIJAB" / "HEJAB"); one fold token (`_alike_by_folding`) and words one by translation
    are left as they are."""
    c = pl.col
    written_len = pl.min_horizontal(c("q_latin").str.len_chars(), c("r_latin").str.len_chars())
    rows = cross.with_row_index("_row").filter(
        ~c("person") & (written_len <= FOLD_ONLY_LEN)
        & (c("sim") >= TOKEN_MATCH) & (c("q_id") != c("r_id"))
        & (c("q_latin") != c("r_latin")))
    if rows.is_empty():
        return cross
    written = pl.Series(cpdist(rows["q_latin"].to_list(), rows["r_latin"].to_list(),
                               scorer=fuzz.ratio, workers=-1), dtype=pl.Float64) / 100.0
    lower = rows.select("_row", pl.min_horizontal(written, c("sim")).alias("_written"))
    return cross.with_row_index("_row").join(lower, on="_row", how="left").with_columns(
        pl.coalesce("_written", "sim").alias("sim")).drop("_row", "_written")


def _run_together(side: pl.DataFrame, other: pl.DataFrame) -> pl.DataFrame:
    """`side`'s (pair_id, tok, latin) rows, in order, with two neighbouring words that run
    together make a word of `other` of the same pair taken as that one word (their Latin
    words joined too): "DAE DONG" is "DAEDONG", "SEA PORT" "SEAPORT", "AL AMER" "ALAMER"
    (romanizations split syllables and articles as they like). Rows come ordered by pair,
    words in their order."""
    c = pl.col
    next_in_pair = c("pair_id").shift(-1) == c("pair_id")
    rows = side.with_row_index("_row").with_columns(
        pl.when(next_in_pair).then(c("tok") + c("tok").shift(-1)).alias("_joined"),
        pl.when(next_in_pair).then(c("latin") + c("latin").shift(-1)).alias("_joined_latin"))
    joined = rows.filter(c("_joined").is_not_null())

    def keyed(text: str) -> pl.Expr:
        # One integer for the (pair, text) couple: joins on it are far cheaper than on two
        # columns, one of them text.
        return (c("pair_id").hash(1) ^ c(text).hash(2)).alias("_key")

    hits = pl.concat([
        joined.with_columns(keyed("_joined")).join(
            other.select("pair_id", c("tok").alias("_joined")).select(keyed("_joined")),
            on="_key", how="semi").select("_row", "_joined"),
        # Or their Latin words: "NAFT IRAN" is NAFTIRAN, though "naft" alone translates (oil).
        joined.with_columns(keyed("_joined_latin")).drop("_joined").join(
            other.select("pair_id", c("latin").alias("_joined_latin"), c("tok").alias("_joined"))
            .with_columns(keyed("_joined_latin"))
            .filter(c("_key").is_first_distinct()).select("_key", "_joined"),
            on="_key").select("_row", "_joined"),
    ]).unique("_row", keep="first", maintain_order=True)
    if hits.is_empty():
        return side
    # Of three words in a row that each run into the next, only the first two join.
    hits = hits.sort("_row").filter((c("_row").shift(1) != c("_row") - 1).fill_null(True))
    # `_row` is each row's place: the few words that join are written in place.
    at = hits["_row"]
    return rows.select(
        "_row", "pair_id", rows["tok"].scatter(at, hits["_joined"]),
        rows["latin"].scatter(at, rows["_joined_latin"].gather(at)),
    ).filter(~c("_row").is_in((at + 1).implode())).drop("_row")


def token_alignment(
    pairs: pl.DataFrame, index: RegistryIndex
) -> tuple[pl.DataFrame, Alignment]:
    """Per pair: token score and the features behind it; and each query token's best registry
    token with both tokens' words (an Alignment), for the explanations of the pairs kept.

    Tokens are handled as integer ids into one table of the batch's words, so the pairwise
    work (every query token against every registry token of its pair) joins and groups
    integers; strings are compared once, by rapidfuzz.
    """
    top = max(float(index.token_weights["weight"].max() or 1.0), 1.0)
    # Squared idf: a rare word outweighs a common one by far more than their idf ratio, so a
    # shared rare name carries a match that differs only in descriptive words.
    top = top ** WEIGHT_POWER
    c = pl.col
    person_pairs = pairs.select("pair_id", (c("kind") == "person").alias("person"))
    forms_differ = pairs.select("pair_id", legal_form_conflict().alias("forms_differ"),
                                (c("kind") == "bank").alias("listed_bank"),
                                *_leading_splinters(), *_leading_splinters("r_"))
    qt = pairs.select("pair_id", c("q_fold_tokens").alias("tok"), c("q_latin_tokens").alias(
        "latin")).explode("tok", "latin").drop_nulls("tok")
    rt = pairs.select("pair_id", c("r_fold_tokens").alias("tok"), c("r_latin_tokens").alias(
        "latin")).explode("tok", "latin").drop_nulls("tok")
    qt, rt = _run_together(qt, rt), _run_together(rt, qt)
    # Each query word's place in its name, for a city that follows the name: its row less
    # its pair's first row (the rows are in order; a binary search finds the first row, five
    # times faster than numbering the rows within each pair).
    qt = qt.with_columns((pl.int_range(pl.len(), dtype=pl.UInt32) - c("pair_id").search_sorted(
        c("pair_id"), side="left").cast(pl.UInt32)).alias("pos"))
    classes = token_classes(pl.concat([qt["tok"], rt["tok"]]), index, top)
    side = classes.select("tok", "id", "len", "key")

    written = list(name_words().stopwords_written)

    def ids(frame: pl.DataFrame, prefix: str) -> tuple[pl.DataFrame, pl.DataFrame]:
        """Each word of a name once, and the (pair_id, id, count) of the words it has twice
        or more."""
        kept = ["id", "len", "key", "latin", *(["pos"] if "pos" in frame.columns else [])]
        rows = join_on_text(frame, side, "tok", how="left").select(
            "pair_id",
            *[c(k).alias(prefix + k) for k in kept],
            # An initial stands for a name as written, not as folded: "J." is James ("iames").
            c("latin").str.slice(0, 1).hash().alias(prefix + "first"),
            c("latin").is_in(written).alias(prefix + "stop_written"),
        )
        # One integer per (pair, word): its first rows and its repeats are found at a third
        # of the cost of a unique over two columns; few words repeat, and only those are
        # counted.
        word = _pair_key("pair_id", prefix + "id")
        repeated = rows.filter(word.is_duplicated()).group_by("pair_id", prefix + "id").len(
            prefix + "count")
        return rows.filter(word.is_first_distinct()), repeated

    (qt, q_repeated), (rt, r_repeated) = ids(qt, "q_"), ids(rt, "r_")
    qt = qt.join(person_pairs, on="pair_id", how="left")
    r_copies = _extra_copies(q_repeated, r_repeated, person_pairs)
    cross = qt.join(rt, on="pair_id")
    vocabulary = classes["tok"]
    left, right = vocabulary.gather(cross["q_id"]), vocabulary.gather(cross["r_id"])
    sim = pl.Series(cpdist(left.to_list(), right.to_list(), scorer=fuzz.ratio, workers=-1),
                    dtype=pl.Float64) / 100.0
    # One word starting another is its abbreviation.
    starts = pl.select(pl.lit(left).str.starts_with(pl.lit(right))
                       | pl.lit(right).str.starts_with(pl.lit(left))).to_series()
    del left, right
    # One- and two-letter tokens must be equal (or, in a person's name, an initial); longer
    # ones may differ by an edit ("jon"/"john" 0.86), which their character similarity
    # already expresses. An organisation's one letter is a part of an acronym ("A.S.P.") or a
    # word ("Y", "M Invest"), not an initial. In an organisation's name, places and numbers
    # are the same only when they name one place or one number: "Iran" is not "Ireland",
    # "Fourth Ocean" is not "Fourteenth Ocean". An organisation's word of ABBREVIATION_MIN
    # letters or more that starts another is its abbreviation ("SERV." for "SERVICES").
    org = ~c("person")
    initial = ((c("q_len") == 1) | (c("r_len") == 1)) & (c("q_first") == c("r_first"))
    shorter = pl.min_horizontal("q_len", "r_len")
    # Folding lets transliteration schemes meet, but in a short word it also meets other
    # words: SHINE and SINIE fold alike, as do AXA and AQSA. Two short words alike only by
    # folding are near, not the same word; two spelled alike after translation are the same.
    cross = _short_words_as_written(cross.with_columns(sim.alias("sim"), starts.alias("starts")))
    fold_only = _alike_by_folding(cross)
    cross = cross.with_columns(
        pl.when(fold_only).then(FOLD_ONLY_SIM)
        .when(c("q_id") == c("r_id")).then(1.0)
        .when(c("person") & initial).then(0.8)
        .when((c("q_len") <= 2) | (c("r_len") <= 2)).then(0.0)
        .when(org & (c("q_key").is_not_null() | c("r_key").is_not_null()))
        .then((c("q_key") == c("r_key")).fill_null(False).cast(pl.Float64))
        .when(org & (shorter >= ABBREVIATION_MIN) & c("starts"))
        .then(pl.max_horizontal("sim", pl.lit(ABBREVIATION_SIM)))
        .otherwise(c("sim")).alias("sim")
    ).select("pair_id", "q_id", "r_id", "sim", "person", "q_stop_written", "r_stop_written")
    classes = classes.select("id", "tok", "w", "generic", "stop", "place", "city", "branch",
                             "splinter",
                             "patronymic", "number", "len", "lines", "kinds", "common")

    classify = [(c("len") == 1).alias("initial"), (c("place") & ~c("person")).alias("is_place"),
                (c("city") & ~c("person")).alias("is_city")]

    def as_written(stop_written: str) -> list[pl.Expr]:
        # A word with a stopword's key that is written as no stopword ("Ian", "Jin") is a
        # word of the name.
        lookalike = c("stop") & ~c(stop_written)
        return [(c("generic") & ~lookalike).alias("generic"),
                (c("stop") & ~lookalike).alias("stop")]

    # An initial is weak evidence: "A." fits every name that starts with an A; a generic
    # word ("trading", "group") tells little about which company it is.
    weigh = (
        pl.when(c("initial")).then(c("w") * INITIAL_WEIGHT)
        .when(c("generic") | c("is_place")).then(c("w") * GENERIC_WEIGHT)
        .otherwise(c("w")).alias("w")
    )
    one_to_one = _one_to_one(cross)
    best_q = (
        in_other_names(one_to_one, pairs, classes, index,
                        qt.select("pair_id", "q_id", "q_pos", "q_latin"))
        .join(qt.select("pair_id", "q_id", "q_pos"), on=["pair_id", "q_id"], how="left",
              maintain_order="left")
        .join(classes.rename({"id": "q_id", "tok": "qt"}), on="q_id", how="left",
              maintain_order="left")
        .join(classes.select(c("id").alias("r_id"), c("tok").alias("rt"),
                             c("generic").alias("r_generic")), on="r_id",
              how="left", maintain_order="left")
        # A word spelled near a descriptor of the other name ("TOREX" / "STORES") says no
        # more than that descriptor.
        .with_columns((c("generic") | (c("r_generic").fill_null(False)
                                       & (c("sim") >= TOKEN_MATCH))).alias("generic"))
        .drop("r_generic")
        .join(surnames(pairs, "q_name", "qt", listed=False), on=["pair_id", "qt"], how="left",
              maintain_order="left")
        .with_columns(c("surname").fill_null(False))
        .with_columns(as_written("q_stop_written"))
        .with_columns(classify).with_columns(weigh)
    )
    # In order, so each pair's costs are summed in one order whatever order the joins left.
    # A listed word is matched only by a filed word that matched no other listed word: "The
    # Spring Lunch" (a UK donor) has one "spring", which SPRING SHIPPING LIMITED's SPRING
    # takes; SHIPPING (0.83 like "spring") is a word the filed name lacks, and the pair is no
    # longer form. Below TOKEN_MATCH a listed word still costs less for looking like a filed
    # one, whichever listed word that filed word matched.
    claims = one_to_one.select("pair_id", "q_id", c("r_id").alias("_claimed"))
    cross_r = cross.join(claims, on=["pair_id", "q_id"], how="left").with_columns(
        pl.when(c("_claimed").is_null() | (c("_claimed") == c("r_id"))
                | (c("sim") < TOKEN_MATCH)).then(c("sim")).otherwise(0.0).alias("sim"))
    best_r = (
        cross_r.group_by("pair_id", "r_id").agg(c("sim").max(), c("person").first(),
                                                c("r_stop_written").first())
        .sort("pair_id", "r_id")
        .join(classes.rename({"id": "r_id", "tok": "rt"}), on="r_id", how="left",
              maintain_order="left")
        .join(surnames(pairs, "r_name", "rt", listed=True), on=["pair_id", "rt"], how="left",
              maintain_order="left")
        .with_columns(c("surname").fill_null(False))
        .with_columns(as_written("r_stop_written"))
        .with_columns(classify).with_columns(weigh)
        .join(r_copies, on=["pair_id", "r_id"], how="left", maintain_order="left")
        .with_columns(c("copies").fill_null(0))
    )
    matched = c("sim") >= TOKEN_MATCH
    generic = c("generic")
    whole = ~c("initial")
    # Unmatched words of one side: words that name the body, and any word but a stopword or a
    # single letter.
    naming = ~c("generic") & ~c("is_place")
    worded = ~c("stop") & ~c("initial")
    # A person's name near another ("Mary"/"Mark", "Wittmeyer"/"Wisser") is another person:
    # partial credit for persons starts higher.
    credit_from = pl.when(c("person")).then(PERSON_PARTIAL_CREDIT).otherwise(PARTIAL_CREDIT)
    credit = pl.when(c("sim") >= credit_from).then(c("sim")).otherwise(0.0)
    # A rare naming word in common: what lets one name be the short form of another.
    # Evidence of the body is what the pair's own name shares; a word of another of its names
    # only spares its cost.
    own = matched & c("elsewhere").is_null()
    # A short word alike only by folding is too weak to carry a short form: AXA BANQUE is not
    # AL-AQSA ISLAMIC BANK. (The character similarity of a word of FOLD_ONLY_LEN letters is
    # never FOLD_ONLY_SIM: 2m / (a + b) = 0.9 needs 20m / 9 letters in all.) Nor is a word of
    # two letters, a piece of an acronym ("CB Bank" is not JSC CB 'IS BANK').
    alike_by_folding = (c("sim") == FOLD_ONLY_SIM) & (c("len") <= FOLD_ONLY_LEN)
    rare_shared = (own & naming & (c("w") >= RARE_SHARE * top) & ~alike_by_folding
                   & (c("len") >= 3))
    # A city after a listed name says where the body or its branch sits, not which body it
    # is: however rarely the lists name it (HAMBURG, BANGKOK), it costs as a descriptor of no
    # more than PLACE_WEIGHT_SHARE of the rarest word's weight; "branch" says no more.
    seat = c("is_city") & ~matched
    # After every matched word: "KOBE YAMAGUCHI-GUMI" is another gang than YAMAGUCHI-GUMI.
    after_the_name = c("q_pos").filter(seat).min() > c("q_pos").filter(matched).max()
    seat_weight = (
        pl.when(seat).then(pl.min_horizontal("w", PLACE_WEIGHT_SHARE * top) * GENERIC_WEIGHT)
        .when(c("branch") & ~matched).then(0.0).otherwise(c("w")))
    # A word the listed name has more often than the filed one is, for its copies beyond the
    # filed name's, a word the filed name lacks: "X TROOPS OF THE MINISTRY OF INTERNAL
    # AFFAIRS" is not INTERNAL TROOPS OF THE MINISTRY OF INTERNAL AFFAIRS. (A filed name that
    # repeats a word adds nothing: translated, "JAHAN FOOLAD STEEL" is "jahan steel steel".)
    left_over = ~matched | (c("copies") > 0)
    kin_weight = pl.when(c("person") & c("patronymic")).then(c("w") * GENERIC_WEIGHT).otherwise(
        c("w"))
    q_side = best_q.group_by("pair_id", maintain_order=True).agg(
        (c("w") * credit).sum().alias("q_sum"),
        (c("w") * (1.0 - credit)).sum().alias("u_q"),
        # A filing may give the patronymic a list leaves out ("Sergei Viktorovich Lavrov" for
        # LAVROV, Sergey), as a list may give one the filing leaves out (u_r_kin).
        (kin_weight * (1.0 - credit)).sum().alias("u_q_kin"),
        (kin_weight * (1.0 - credit)).filter(~matched).sum().alias("u_q_kin_extra"),
        (seat_weight * (1.0 - credit)).sum().alias("u_q_seated"),
        (seat.any() & after_the_name.fill_null(False)).alias("q_seat"),
        (naming & whole & ~matched & ~c("is_city")).any().alias("q_naming_extra_but_seat"),
        (worded & ~matched).any().alias("q_extra"),
        (naming & whole & ~matched).any().alias("q_naming_extra"),
        (c("is_place") & ~matched).any().alias("q_place_extra"),
        (c("number") & ~matched).any().alias("q_number_extra"),
        (own & ~generic).any().alias("distinctive"),
        rare_shared.any().alias("rare"),
        # A short form keeps the listed name's rare word spelled near the same: "BANK OF
        # ALAND" ("aland" 0.89 like "land") is not BANK OF EAST LAND.
        (rare_shared & (c("sim") >= SHORT_FORM_SIM)).any().alias("rare_close"),
        (rare_shared & ~c("common") & (c("len") >= DESCRIBED_MIN_LEN)
         & (c("sim") >= SHORT_FORM_SIM)).any().alias("rare_coined"),
        (rare_shared & ~c("common")).any().alias("rare_uncommon"),
        (c("is_city") & ~matched).any().alias("q_city_extra"),
        (c("common") & naming & whole & ~matched).any().alias("q_common_extra"),
        (own & naming & whole).sum().alias("naming_matched"),
        (rare_shared & (c("len") >= DESCRIBED_MIN_LEN)).any().alias("long_rare"),
        (own & naming & (c("sim") == 1.0) & (c("len") >= OWN_WORD_MIN_LEN)
         & (c("w") >= top) & (index.entities >= OWN_WORD_MIN_ENTITIES)).any()
        .alias("own_word"),
        (matched & worded).sum().alias("q_words_matched"),
        matched.sum().alias("q_matched"),
        # One short word ("SP", "VVD") says too little to match on by itself, and a short
        # word only counts when spelled the same ("ASLEF" is not "ALEPH").
        ((own & ~generic & (c("len") >= 4) & ((c("sim") == 1.0) | (c("len") >= 7))).any()
         | ((own & whole).sum() >= 2)).alias("strong"),
        # "A. Mahmood" names one word of a person: a lead to review, not a match.
        (c("person").first() & (pl.len() >= 2)
         & ((matched & whole).sum() == 1)).alias("one_name"),
        (c("initial") & ~matched).any().alias("q_initial_extra"),
        (c("splinter") & ~matched).any().alias("q_splinter_extra"),
        (c("surname") & worded & ~c("patronymic")).any().alias("q_surname_named"),
        (c("surname") & worded & matched).any().alias("q_surname_matched"),
    )
    q_side = q_side.join(_unmatched_groups(best_q, ~matched, "q_"), on="pair_id", how="left",
                         maintain_order="left")
    r_side = best_r.group_by("pair_id").agg(
        (c("w") * (1.0 - c("sim") + c("copies"))).sum().alias("u_r"),
        # Filings name a Russian or Ukrainian person without the patronymic the lists give
        # ("Oleg Deripaska" for DERIPASKA, Oleg Vladimirovich): it says whose child, not who.
        (pl.when(c("person") & c("patronymic")).then(c("w") * GENERIC_WEIGHT)
         .otherwise(c("w")) * (1.0 - c("sim") + c("copies"))).sum().alias("u_r_kin"),
        (worded & left_over).any().alias("r_extra"),
        pl.len().alias("r_tokens"),
        (naming & whole & left_over).any().alias("r_naming_extra"),
        (c("is_place") & ~matched).any().alias("r_place_extra"),
        (c("number") & ~matched).any().alias("r_number_extra"),
        (c("splinter") & left_over).any().alias("r_splinter_extra"),
        c("rt").filter((c("copies") > 0) & worded).alias("r_repeated"),
        # The list says which of a person's names is the surname; a filed name that has none
        # of its words ("John Marek" / TAYLOR, Mark John) is another person's, whatever given
        # names the two share. So is a listed name without the filed surname ("Händel,
        # Thomas", as the German register writes it, / Adrian TOMAS).
        (c("surname") & worded & ~c("patronymic")).any().alias("r_surname_named"),
        (c("surname") & worded & matched).any().alias("r_surname_matched"),
        (c("surname") & worded & ~c("patronymic") & ~matched).any().alias("r_surname_unmatched"),
    ).join(_unmatched_groups(best_r, ~matched, "r_"), on="pair_id", how="left")
    # Each query token earns its weight times its best similarity (a typo costs a little, a
    # different word most of its weight); what the registry name has beyond the query costs
    # part of its weight (a middle name, a dropped "bank").
    # Persons often file without a middle name. An organisation's name whose every word is
    # in the other's is its short (or long) form, and the other's extra words cost little;
    # words that differ on both sides more often name another body ("Banco Central de
    # Venezuela" / "Banco de Venezuela").
    person = c("person")
    # One word is a short form only of a name whose other words are descriptors ("SADRA" of
    # "SADRA RESEARCH CENTER"): a word of a name that carries other naming words ("RAIL" of
    # "PARSIAN RAIL TRANSPORT DEVELOPMENT", "COMMUNITY" of "RECONSTRUCTION OF THE ISLAMIC
    # COMMUNITY") leaves out what says which body it is. Two words may ("BANK REFAH").
    # Unless that one word is long and no other listed body carries it: a coined name
    # ("LINCANDISA" of "LINEAS AEREAS ANDINAS LINCANDISA") names that body alone.
    one_word_of_many = c("r_naming_extra") & (c("q_words_matched") < 2) & ~c("own_word")
    short_form = ~person & ~c("q_extra") & c("rare_close") & ~one_word_of_many
    long_form = ~person & ~c("r_extra") & ~short_form & c("rare")
    # Only descriptors differ ("AMIROLMOMENIN FACTORIES" / "AMIROLMOMENIN INDUSTRIES"). A
    # name of descriptors and places alone has no rare word to carry that, but descriptors of
    # one kind of body in place of each other, in a name whose other words are the same and
    # many, name one body: SYRIAN GENERAL ORGANIZATION / AUTHORITY FOR MARITIME TRANSPORT.
    only_descriptors = (~person & ~c("q_naming_extra") & ~c("r_naming_extra")
                        & ~c("q_place_extra") & ~c("r_place_extra"))
    one_kind = c("q_kinds").list.set_intersection("r_kinds").list.len() > 0
    described = only_descriptors & (
        (c("rare") & ((c("naming_matched") >= 2) | c("long_rare")))
        | (one_kind & (c("q_words_matched") >= DESCRIBED_MIN_WORDS)))
    # The listed name, whole, and the city it sits in ("Bank Melli Iran Hamburg Branch",
    # "Commerzbank Hamburg"): its branch there, even when the name is of generic words only.
    # Not under another legal form: a GmbH in Cologne of a Russian OOO is another company.
    seated = (~person & ~c("r_extra") & c("q_seat") & ~c("q_naming_extra_but_seat")
              & c("strong") & ~c("forms_differ"))
    # A longer filed name that holds a coined listed name ("LOS CUINIS DRUG TRAFFICKING
    # ORGANIZATION" / LOS CUINIS) is that body; one that holds a listed name of everyday words
    # ("Castle Rising Holdings" / CASTLE HOLDING) may be any body: its other words cost more.
    # So do a place's (SHANGHAI KAIKAI TECHNOLOGY is not NANJING KAIKAI's), and everyday words
    # added to a coined one ("Hampden Buildings", a UK donor, is not the UK bank HAMPDEN & CO).
    # The coined word is spelled near the same, as a short form's rare word must be: the
    # near-miss decoy "JAHAN PITIC TRAVEL AND TOURISM" is not MAHAN TRAVEL AND TOURISM's.
    coined_long_form = (long_form & c("rare_coined") & ~c("q_place_extra")
                        & ~c("q_city_extra") & ~c("q_common_extra"))
    # Descriptors that differ but name one kind of body (FATEMIYOUN BATTALION / FATEMIYOUN
    # DIVISION, RAZAVI BROKERAGE HOUSE / FIRM) cost less than two kinds (a CENTRE / a FACTORY);
    # so do descriptors of one line of business (HYOKSIN EXPORT AND IMPORT / HYOKSIN TRADING).
    same_kind = one_kind | (c("q_lines").list.set_intersection("r_lines").list.len() > 0)
    descriptor_cost = pl.when(same_kind).then(DESCRIPTOR_COST_SAME_KIND).otherwise(DESCRIPTOR_COST)
    # A filed person's name that holds the whole listed name and more (middle names: "John
    # Michael Smith" / SMITH, John) is that person's, as the listed name's middle names cost
    # little when the filing leaves them out.
    # Each listed word matched by a word of its own ("SAYYED" is near both "SAYYED" and
    # "SA'ID", and matches the first alone).
    middle_names = (person & c("q_extra") & ~c("r_extra") & (c("q_words_matched") >= 2)
                    & (c("q_matched") >= c("r_tokens")))
    query_cost = (
        pl.when(described).then(descriptor_cost)
        .when(coined_long_form).then(EXTRA_QUERY_COST_COINED_LONG_FORM)
        .when(long_form | seated).then(EXTRA_QUERY_COST_LONG_FORM).otherwise(EXTRA_QUERY_COST)
    )
    registry_cost = (
        pl.when(person).then(EXTRA_REGISTRY_COST)
        .when(short_form).then(EXTRA_REGISTRY_COST_SHORT_FORM)
        .when(described).then(descriptor_cost)
        .otherwise(EXTRA_REGISTRY_COST_ORG)
    )
    features = q_side.join(r_side, on="pair_id", how="left").join(
        person_pairs, on="pair_id", how="left"
    ).join(forms_differ, on="pair_id", how="left").with_columns(
        c("u_r").fill_null(0.0), c("u_r_kin").fill_null(0.0), c("r_extra").fill_null(False),
        c("r_naming_extra").fill_null(False), c("q_lines").fill_null([]),
        c("q_kinds").fill_null([]),
        c("r_place_extra").fill_null(False), c("r_number_extra").fill_null(False),
        c("r_lines").fill_null([]), c("r_kinds").fill_null([]), c("r_tokens").fill_null(0),
        c("r_repeated").fill_null([]),
    ).with_columns(
        pl.when(c("listed_bank") & (c("r_lines").list.len() == 0))
        .then(pl.lit(["finance"], dtype=pl.List(pl.String))).otherwise(c("r_lines"))
        .alias("r_business"),
    ).with_columns(
        (c("q_sum") / (c("q_sum") + pl.when(middle_names).then(
            c("u_q_kin") - (1.0 - EXTRA_QUERY_COST_MIDDLE_NAMES) * c("u_q_kin_extra"))
                       .when(person & ~c("r_extra")).then(query_cost * c("u_q_kin"))
                       .when(seated).then(query_cost * c("u_q_seated"))
                       .otherwise(query_cost * c("u_q"))
                       + registry_cost * pl.when(person & ~c("q_extra")).then("u_r_kin")
                       .otherwise("u_r")))
        .fill_nan(0.0).alias("token_score"),
        (~person & c("q_place_extra") & c("r_place_extra")).alias("place_conflict"),
        (~person & c("q_number_extra") & c("r_number_extra")).alias("number_conflict"),
        # Each name keeps a trade the other lacks, and none is the same trade ("CREDIT" /
        # "AVIATION"): two bodies of one family name, not one body. A listed bank's trade is
        # finance, though its name may not say so ("Access Industries (UK) Ltd", a UK donor,
        # is not Access Bank's ACCESS UK LTD).
        (~person & (c("q_lines").list.len() > 0) & (c("r_business").list.len() > 0)
         & (c("q_lines").list.set_intersection("r_business").list.len() == 0))
        .alias("line_conflict"),
        (coined_long_form & ~described).alias("coined_long"),
        # "Sinn Féin" (a UK party) is REPUBLICAN SINN FEIN without its first word, the word
        # that names the body that split from it: another body, as REAL IRA is not the IRA.
        pl.when(~person & c("r_lead_splinter") & c("r_splinter_extra").fill_null(False))
        .then(c("r_lead")).when(~person & c("q_lead_splinter") & c("q_splinter_extra"))
        .then(c("q_lead")).alias("splinter"),
        # One everyday word in common, and no other ("Progress" / PROGRESS BANK, "Metro" /
        # METRO BANK PLC): many bodies carry it, however few of the listed ones do.
        (~person & c("rare") & ~c("rare_uncommon") & (c("q_words_matched") < 2)
         & (c("q_extra") | c("r_extra"))).alias("everyday_only"),
        (described & same_kind).alias("same_kind"),
        # A filed initial that fits no listed name the filed name leaves unmatched ("F.
        # Karimi" / KARIMI, Ali): another person of the same surname.
        (person & c("q_initial_extra") & c("r_extra")).alias("initial_conflict"),
        # A listed surname of two words, one of them matched, the other in place of a filed
        # name the list lacks ("DEL MOHAMED PUENTE, Ramon Antonio" / DEL ROSARIO PUENTE, Ramon
        # Antonio): a relative, not the person. A lead for review, not a match.
        (person & c("r_surname_matched").fill_null(False)
         & c("r_surname_unmatched").fill_null(False) & c("q_naming_extra"))
        .alias("surname_conflict"),
        # Which name's surname the other lacks: "listed", "filed" or null.
        pl.when(person & c("r_surname_named").fill_null(False)
                & ~c("r_surname_matched").fill_null(False)).then(pl.lit("listed"))
        .when(person & c("q_surname_named") & ~c("q_surname_matched")).then(pl.lit("filed"))
        .alias("surname_left_out"),
        pl.when(middle_names).then(pl.lit("middle names"))
        .when(person).then(pl.lit("person"))
        .when(~c("q_extra") & ~c("r_extra")).then(pl.lit("same words"))
        .when(short_form).then(pl.lit("short form"))
        # A longer form whose added words are descriptors pays the descriptors' rate, as the
        # query's cost says: such a form is no evidence of the body ("The Morning Group
        # Consultants", a UK donor, is not the French bank MORNING).
        .when(described).then(pl.lit("descriptors differ"))
        .when(long_form).then(pl.lit("long form"))
        .when(seated).then(pl.lit("seated"))
        # Every query word is in the listed name, but it is one word of a name with other
        # naming words ("SANOVERA" of "SANOVERA PHARM COMPANY"): scored as words that differ.
        .when(~person & ~c("q_extra") & one_word_of_many).then(pl.lit("one word of the name"))
        .otherwise(pl.lit("words differ")).alias("form"),
    ).drop("person", "forms_differ", "listed_bank", "q_lead", "r_lead", "q_lead_splinter",
           "r_lead_splinter", "q_splinter_extra", "r_splinter_extra")
    return features, Alignment(
        best_q.select("pair_id", "q_id", "r_id", "sim", "elsewhere", "initials", "spelled",
                      "spelled_out"),
        qt.select("pair_id", "q_id", c("q_latin").alias("qt")),
        rt.select("pair_id", "r_id", c("r_latin").alias("rt")))


def _unmatched_groups(words: pl.DataFrame, unmatched: pl.Expr, prefix: str) -> pl.DataFrame:
    """(pair_id, lines, kinds), each with `prefix`: the lines of business (in order) and the
    kinds of body that the `unmatched` words of each pair's name name. Few words name either,
    so only theirs are grouped: per group, lists are costly to gather."""
    c = pl.col
    return words.filter(unmatched & ((c("lines").list.len() > 0) | (c("kinds").list.len() > 0))
                        ).group_by("pair_id").agg(
        c("lines").explode().drop_nulls().unique().sort().alias(prefix + "lines"),
        c("kinds").explode().drop_nulls().unique().alias(prefix + "kinds"))


def _extra_copies(q_repeated: pl.DataFrame, r_repeated: pl.DataFrame,
                  person_pairs: pl.DataFrame) -> pl.DataFrame:
    """(pair_id, r_id, copies): how many more times a listed organisation's name has a word
    than the filed name of its pair (at least once); `ids` keeps each word of a name once. A
    person's name repeating a name ("Mohamed Mohamed Ali") is scored as before: lists and
    filings write those as they please."""
    c = pl.col
    return (
        r_repeated.join(q_repeated, left_on=["pair_id", "r_id"], right_on=["pair_id", "q_id"],
                        how="left")
        .join(person_pairs, on="pair_id", how="left")
        .filter(~c("person").fill_null(False))
        .select("pair_id", "r_id", (c("r_count").cast(pl.Int64) - c("q_count").fill_null(1))
                .clip(0).cast(pl.Float64).alias("copies"))
        .filter(c("copies") > 0)
    )


def _best_of(cross: pl.DataFrame) -> pl.DataFrame:
    """Each query token's best registry token (the lowest id when tied: ids are in
    alphabetical order)."""
    c = pl.col
    # Grouped on one integer per (pair, query token): a third cheaper than on the two columns.
    return cross.with_columns(_pair_key("pair_id", "q_id").alias("_key")).filter(
        c("sim") == c("sim").max().over("_key")).group_by("_key").agg(
        c("pair_id").first(), c("q_id").first(), c("r_id").min(), c("sim").first(),
        c("person").first(), c("q_stop_written").first()).drop("_key")


def _pair_key(pair_id: str, token_id: str) -> pl.Expr:
    """One integer for a (pair, token) couple: hashing and set lookups on it are far cheaper
    than on two columns."""
    return (pl.col(pair_id).cast(pl.UInt64) * (1 << 32)) + pl.col(token_id).cast(pl.UInt64)


def _one_to_one(cross: pl.DataFrame) -> pl.DataFrame:
    """Each query token's registry token, one query token to a registry token: two query
    words never both match one registry word ("UNISON THE UNION" is not "PALESTINE UNION" by
    its "union" twice). Where two claim one, the closer keeps it (the lower id when tied) and
    the other takes its best among the tokens nobody kept, in rounds until no two claim one;
    with none left, it matches nothing (r_id null, similarity 0)."""
    c = pl.col
    kept, taken = [], None
    open_ = cross
    while True:
        first = _best_of(open_).with_columns(_pair_key("pair_id", "r_id").alias("_claim"))
        # Few registry tokens are claimed twice: only those are ranked.
        contested = first.filter(c("_claim").is_duplicated())
        ranked = contested.sort(["_claim", "sim", "q_id"], descending=[False, True, False])
        winners = pl.concat([first.filter(~c("_claim").is_duplicated()),
                             ranked.filter(c("_claim").is_first_distinct())])
        kept.append(winners.drop("_claim"))
        losers = ranked.filter(~c("_claim").is_first_distinct())
        if losers.height == 0:
            break
        taken = winners["_claim"] if taken is None else pl.concat([taken, winners["_claim"]])
        lost = _pair_key("pair_id", "q_id").is_in(
            losers.select(_pair_key("pair_id", "q_id").alias("_key"))["_key"].implode())
        # A loser's candidates are among this round's: each round searches fewer rows.
        open_ = open_.filter(lost).filter(~_pair_key("pair_id", "r_id").is_in(taken.implode()))
        left_out = losers.join(open_.select("pair_id", "q_id").unique(),
                               on=["pair_id", "q_id"], how="anti")
        kept.append(left_out.select(
            "pair_id", "q_id", pl.lit(None, pl.UInt32).alias("r_id"), pl.lit(0.0).alias("sim"),
            "person", "q_stop_written"))
        if open_.height == 0:
            break
    return pl.concat(kept, how="vertical_relaxed").sort("pair_id", "q_id")


@dataclass(frozen=True)
class Alignment:
    """Each query token's registry token per pair (ids), and the tokens' words in Latin
    letters, for the explanations of the pairs that are kept."""

    best: pl.DataFrame  # pair_id, q_id, r_id, sim, elsewhere, initials, spelled, spelled_out
    query_words: pl.DataFrame  # pair_id, q_id, qt
    registry_words: pl.DataFrame  # pair_id, r_id, rt


def aligned_text(alignment: Alignment, pairs: pl.DataFrame) -> pl.DataFrame:
    """(pair_id, aligned): "qt=rt 1.0, qt≈rt 0.83, qt≠rt 0.4, qt in another name 'NAME'"
    for the pairs of `pairs`, with the words as filed and as listed (in Latin letters), not
    their fold forms: a reviewer reads "east=iztok", "axa≈aqsa", "nanjing in another name"."""
    c = pl.col
    kept = pairs.select("pair_id")

    def of_kept(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.join(kept, on="pair_id", how="semi", maintain_order="left")

    tokens = (
        of_kept(alignment.best)
        .join(of_kept(alignment.query_words), on=["pair_id", "q_id"], how="left",
              maintain_order="left")
        .join(of_kept(alignment.registry_words), on=["pair_id", "r_id"], how="left",
              maintain_order="left")
    )
    aligned = pl.format("{}{}{} {}", c("qt"),
                        pl.when(c("sim") == 1.0).then(pl.lit("="))
                        .when(c("sim") >= TOKEN_MATCH).then(pl.lit("≈")).otherwise(pl.lit("≠")),
                        c("rt").fill_null("—"), c("sim").round(2))
    elsewhere = pl.when(c("spelled_out")).then(
        pl.format("{} of '{}', whose initials are a word of '{}'", c("qt"), c("spelled"),
                  c("elsewhere"))
    ).when(c("initials") & c("spelled").is_not_null()).then(
        pl.format("{} the initials of '{}' in '{}'", c("qt"), c("spelled"), c("elsewhere"))
    ).when(c("initials")).then(
        pl.format("{} the initials of '{}'", c("qt"), c("elsewhere"))
    ).otherwise(pl.format("{} in another name '{}'", c("qt"), c("elsewhere")))
    return tokens.group_by(
        "pair_id", maintain_order=True
    ).agg(
        pl.when(c("elsewhere").is_null()).then(aligned).otherwise(elsewhere)
        .str.join(", ").alias("aligned"),
    )


def _leading_splinters(side: str = "q_") -> list[pl.Expr]:
    """`{side}lead`, the first word of the name that is no stopword, as written, and
    `{side}lead_splinter`, whether it is a word that names a splinter (REAL, CONTINUITY)."""
    words = name_words()
    folded, written = pl.col(f"{side}fold_tokens"), pl.col(f"{side}latin_tokens")
    at = pl.when(folded.list.first().is_in(list(words.stopwords))).then(1).otherwise(0)
    return [written.list.get(at, null_on_oob=True).alias(f"{side}lead"),
            folded.list.get(at, null_on_oob=True).is_in(list(words.splinters))
            .fill_null(False).alias(f"{side}lead_splinter")]


def alignment_defaults() -> list[pl.Expr]:
    """Pairs without tokens to align: nothing matched."""
    return [
        pl.col("token_score").fill_null(0.0), pl.col("distinctive").fill_null(False),
        pl.col("strong").fill_null(False), pl.col("one_name").fill_null(False),
        pl.col("place_conflict").fill_null(False), pl.col("number_conflict").fill_null(False),
        pl.col("line_conflict").fill_null(False), pl.col("coined_long").fill_null(False),
        pl.col("everyday_only").fill_null(False),
        pl.col("same_kind").fill_null(False), pl.col("initial_conflict").fill_null(False),
        pl.col("surname_conflict").fill_null(False),
        pl.col("q_lines").fill_null([]), pl.col("r_lines").fill_null([]),
        pl.col("r_repeated").fill_null([]),
        pl.col("form").fill_null("same words"),
    ]
