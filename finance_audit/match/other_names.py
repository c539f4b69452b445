"""Words of a filed organisation's name that the compared listed name lacks, found in the
entity's other names: a word one of them holds, the initials of one of them or of words in a
row of one, or words in a row whose initials are a word of one. Such a word costs nothing, and
proves nothing (`finance_audit.match.align` weighs it so).
"""

from __future__ import annotations

import polars as pl

from finance_audit.match.candidates import RegistryIndex
from finance_audit.match.normalize import fold_column, stopword_keys, word_runs
from finance_audit.match.words import TOKEN_MATCH

RUN_MIN, RUN_MAX = 3, 6  # words in a row whose initials a word may spell ("DTO", "FSUE")


def in_other_names(best: pl.DataFrame, pairs: pl.DataFrame, classes: pl.DataFrame,
                    index: RegistryIndex, positions: pl.DataFrame) -> pl.DataFrame:
    """`best` (each query token's registry token) with `elsewhere`: the name of the entity, other
    than the pair's, that holds an organisation's query word this name lacks. Such a word is no
    extra: "NANJING KAIKAI TECHNOLOGY" is the listed KAIKAI TECHNOLOGY, whose entity is also
    NANJING KAIKAI POLYURETHANE; "PISHGAMAN ... GOSTARESH OFOQ" takes GOSTARESH from another of
    its names. So is a word that spells the initials of one of its names, the pair's own
    included (`initials`: "AIG - ARMAMENT INDUSTRIES GROUP"), or of words in a row of one
    (`spelled`), and so are words in a row whose initials are a word of one of its names
    ("CONTINUITY IRISH REPUBLICAN ARMY" of CONTINUITY IRA). It costs nothing, but it is not
    evidence of which body the name is (the words of the pair's own name are): an entity with
    a hundred aliases holds most words."""
    c = pl.col
    loose = best.filter((c("sim") < TOKEN_MATCH) & ~c("person")).join(
        pairs.select("pair_id", "entity_id", "name_id"), on="pair_id"
    ).join(classes.select(c("id").alias("q_id"), "tok", "stop", "len"), on="q_id").filter(
        ~c("stop") & (c("len") >= 2))
    if loose.is_empty():
        return best.with_columns(pl.lit(None, pl.String).alias("elsewhere"),
                                 pl.lit(False).alias("initials"),
                                 pl.lit(None, pl.String).alias("spelled"),
                                 pl.lit(False).alias("spelled_out"))
    others = index.names.filter(c("entity_id").is_in(loose["entity_id"].unique().implode()))
    # Joined on one integer for the (entity, word) couple, not on two strings.
    couple = (c("entity_id").hash(1) ^ c("tok").hash(2)).alias("_couple")
    vocabulary = pl.concat([
        others.select("entity_id", c("name_id").alias("other_id"), c("fold_tokens").alias("tok"),
                      pl.lit(False).alias("initials"),
                      pl.lit(None, pl.String).alias("spelled")).explode("tok"),
        _initials(others, loose.filter(c("len") <= RUN_MAX)["entity_id"]),
    ]).select(couple, "other_id", "initials", "spelled")
    # The first other name holding the word (by name_id), so the explanation is reproducible;
    # a word before initials, a whole name's before some words'. Initials may be the pair's
    # own name's ("AIG - ARMAMENT INDUSTRIES GROUP").
    found = loose.with_columns(couple).join(vocabulary, on="_couple").filter(
        (c("other_id") != c("name_id")) | c("initials")
    ).sort("initials", c("spelled").is_not_null(), "other_id", "spelled").group_by(
        "pair_id", "q_id").agg(
        c("other_id").first(), c("initials").first(), c("spelled").first(),
        pl.lit(False).alias("spelled_out"),
    )
    # Words in a row spelling a word of the entity's names; a word that another name holds
    # is explained by that name.
    own_words = pairs.select("pair_id", c("q_fold_tokens").alias("folded")).explode("folded")
    spelled_out = _spelled_out(loose, positions, vocabulary.filter(~c("initials")),
                               own_words).join(
        found.select("pair_id", "q_id"), on=["pair_id", "q_id"], how="anti")
    found = pl.concat([found, spelled_out], how="vertical_relaxed").join(
        others.select(c("name_id").alias("other_id"), c("name").alias("elsewhere")),
        on="other_id").drop("other_id")
    return best.join(found, on=["pair_id", "q_id"], how="left", maintain_order="left").with_columns(
        c("initials").fill_null(False), c("spelled_out").fill_null(False),
        pl.when(c("elsewhere").is_not_null()).then(pl.lit(1.0)).otherwise(c("sim")).alias("sim"),
        pl.when(c("elsewhere").is_not_null()).then(pl.lit(None, pl.UInt32)).otherwise(c("r_id"))
        .alias("r_id"))


def _spelled_out(loose: pl.DataFrame, positions: pl.DataFrame, vocabulary: pl.DataFrame,
                 own_words: pl.DataFrame) -> pl.DataFrame:
    """(pair_id, q_id, other_id, initials, spelled, spelled_out) for the query words that,
    RUN_MIN to RUN_MAX in a row (a stopword may stand between two), spell a word of the
    entity's names (`vocabulary`: _couple, other_id): "IRISH REPUBLICAN ARMY" is the IRA of
    CONTINUITY IRA, "AUTODEFENSAS UNIDAS DE COLOMBIA" the AUC. Not words that spell a word
    the query itself holds (`own_words`: pair_id, folded): they spell out the filer's own
    acronym ("MKB Medizinische Kliniken Betriebsgesellschaft mbH", a German donor, is not the
    Hungarian MKB Bank, though both are MKB)."""
    c = pl.col
    empty = pl.DataFrame(schema={"pair_id": loose.schema["pair_id"],
                                 "q_id": loose.schema["q_id"], "other_id": pl.UInt32,
                                 "initials": pl.Boolean, "spelled": pl.String,
                                 "spelled_out": pl.Boolean})
    # Only pairs with RUN_MIN such words or more have a run of them.
    words = loose.select("pair_id", "q_id", "entity_id", "tok").filter(
        pl.len().over("pair_id") >= RUN_MIN).join(
        positions, on=["pair_id", "q_id"]).sort("pair_id", "q_pos").with_row_index("_row")
    if words.is_empty():
        return empty
    # Plain shifts over rows sorted by pair, each checked to stay in its pair: far cheaper
    # than shifts within groups over every unmatched word of a million queries.
    letter = c("tok").str.slice(0, 1)
    runs = []
    for length in range(RUN_MIN, RUN_MAX + 1):
        in_row = [(c("pair_id").shift(-k) == c("pair_id"))
                  & ((c("q_pos").shift(-k) - c("q_pos").shift(1 - k)) <= 2)
                  for k in range(1, length)]
        runs.append(words.select(
            "_row", "pair_id", "entity_id", pl.lit(length, pl.UInt32).alias("_words"),
            pl.concat_str([letter.shift(-k) for k in range(length)]).alias("_initials"),
            pl.all_horizontal(in_row).fill_null(False).alias("_in_row"),
        ).filter(c("_in_row")).drop("_in_row"))
    runs = pl.concat(runs)
    if runs.is_empty():
        return empty
    # As many letters as words: the initials of "ANIMAL LOBBY LINITED" fold to "al", a
    # stopword of the entity's IDARAT AL-'AMN AL-SIYYASI (the real UK donor "Political Animal
    # Lobby Linited" met POLITICAL SECURITY DIRECTORATE at 0.99).
    folded = fold_column(runs.select("_initials").unique(), "_initials", "folded")
    couple = (c("entity_id").hash(1) ^ c("folded").hash(2)).alias("_couple")
    hits = runs.join(folded, on="_initials").filter(
        c("folded").str.len_chars() == c("_words")).join(
        own_words, on=["pair_id", "folded"], how="anti").with_columns(couple).join(
        vocabulary.select("_couple", "other_id"), on="_couple"
    ).sort("pair_id", "_row", "other_id").unique(["pair_id", "_row"], keep="first")
    if hits.is_empty():
        return empty
    # The words of each run, by their rows.
    members = hits.select("pair_id", "_row", "_words", "other_id").with_columns(
        pl.int_ranges(c("_row"), c("_row") + c("_words")).alias("_member")).explode("_member")
    members = members.join(words.select(c("_row").alias("_member"), "q_id", "q_latin"),
                           on="_member").sort("pair_id", "_row", "_member")
    spelled = members.group_by("pair_id", "_row", maintain_order=True).agg(
        c("q_latin").str.join(" ").alias("spelled"))
    return members.join(spelled, on=["pair_id", "_row"]).select(
        "pair_id", "q_id", "other_id", pl.lit(True).alias("initials"), "spelled",
        pl.lit(True).alias("spelled_out")).unique(
        ["pair_id", "q_id"], keep="first", maintain_order=True).cast(
        {"pair_id": loose.schema["pair_id"], "q_id": loose.schema["q_id"],
         "other_id": pl.UInt32})


def _initials(names: pl.DataFrame, spelling: pl.Series) -> pl.DataFrame:
    """(entity_id, other_id, tok, initials, spelled) for the initials of names of three words
    or more, with and without their stopwords, in fold form: "AIG" is ARMAMENT INDUSTRIES
    GROUP, "PPA" PRODUCTIVE PROJECTS ADMINISTRATION, "MOD" or "MD" MINISTRY OF DEFENSE. And
    for the initials of RUN_MIN to RUN_MAX words in a row of a longer name (`spelled`: those
    words): "DTO" of FLORES DRUG TRAFFICKING ORGANIZATION, "NII" of NAUCHNO-ISSLEDOVATELSKIY
    INSTITUT KVANT, "FSUE SRPE" of FEDERAL STATE UNITARY ENTERPRISE STATE RESEARCH AND
    PRODUCTION ENTERPRISE BAZALT: of the names of the entities `spelling`, whose pairs have
    a word short enough to spell them."""
    c = pl.col
    stop = list(stopword_keys())
    words = names.select("entity_id", c("name_id").alias("other_id"), "fold_tokens",
                         "latin_tokens")
    spelled = pl.concat([
        words.select("entity_id", "other_id", c("fold_tokens").alias("words")),
        words.select("entity_id", "other_id", c("fold_tokens").list.eval(
            pl.element().filter(~pl.element().is_in(stop))).alias("words")),
    ]).filter(c("words").list.len() >= 3).select(
        "entity_id", "other_id",
        c("words").list.eval(pl.element().str.slice(0, 1)).list.join("").alias("tok"),
        pl.lit(None, pl.String).alias("spelled"),
    )
    # Runs of words with and without the stopwords, short of the whole name.
    longer = words.filter((c("fold_tokens").list.len() > RUN_MIN)
                          & c("entity_id").is_in(spelling.unique().implode()))
    kept_at = c("fold_tokens").list.eval(pl.element().is_in(stop).not_().arg_true())
    runs = [
        word_runs(variant, "fold_tokens", range(RUN_MIN, RUN_MAX + 1),
                  ["entity_id", "other_id", "fold_tokens", "latin_tokens"]).filter(
            c("length") < c("fold_tokens").list.len()).select(
            "entity_id", "other_id", c("initials").alias("tok"),
            c("latin_tokens").list.slice(c("start"), c("length")).list.join(" ")
            .alias("spelled"))
        for variant in (longer, longer.with_columns(kept_at.alias("_at")).select(
            "entity_id", "other_id", c("fold_tokens").list.gather("_at"),
            c("latin_tokens").list.gather("_at")))
    ]
    spelled = pl.concat([spelled, *runs]).unique()
    return fold_column(spelled, "tok", "folded").select(
        "entity_id", "other_id", c("folded").alias("tok"), pl.lit(True).alias("initials"),
        "spelled")
