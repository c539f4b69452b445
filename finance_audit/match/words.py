"""What kind of word each word of a name is: the word classes of name_words.yaml (descriptors,
stopwords, places, numbers, cities, lines of business, kinds of body, everyday words), each
word's weight (its rarity among the registry's names), and which of a person's words are a
patronymic or the surname.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import polars as pl

from finance_audit.data import load_data, load_words
from finance_audit.match.candidates import RegistryIndex
from finance_audit.match.normalize import (
    branch_words,
    fold_column,
    fold_token,
    join_on_hashed_text,
    join_on_text,
    normalize_names,
    stopword_keys,
    word_keys,
)

WEIGHT_POWER = 2.0  # a word weighs its idf to this power
TOKEN_MATCH = 0.8  # a token pair at least this similar counts as the same word
# A Slavic patronymic as folded (-ovich, -evich, -ovych, -ovitch; -ovna, -evna, -ivna, -ichna).
PATRONYMIC = r"^[a-z]{3,}(?:ovik|evik|ovna|evna|ivna|ikna)$"
# A word written in capitals among words that are not: the surname, as OFAC writes a person's
# aliases ("Mark John TAYLOR", "Talal MAKHLOUF"); a Roman numeral is no surname ("John Smith III").
SURNAME_IN_CAPITALS = r"^\p{Lu}[\p{Lu}'’\-]+$"
ROMAN_NUMERAL = r"^(?:I{1,3}|IV|VI{0,3}|IX|X)$"


@dataclass(frozen=True)
class NameWords:
    """Word classes for scoring, in fold form (finance_audit/data/name_words.yaml)."""

    generic: frozenset[str]  # descriptors and stopwords
    stopwords: frozenset[str]
    numbers: frozenset[str]
    places: dict[str, str]  # word -> the place it names
    cities: frozenset[str]  # finance_audit/data/cities.yaml, countries apart
    branches: frozenset[str]  # words that name an office elsewhere ("branch", "filiale")
    lines: dict[str, tuple[str, ...]]  # word -> the lines of business it names
    kinds: dict[str, tuple[str, ...]]  # word -> the kinds of body it names
    common: frozenset[str]  # words of everyday language (data/common_words.txt)
    # Words that are stopwords as written (in Latin letters): "Ian" has the key of "an", and
    # "Jin" of "in", but neither is a stopword.
    stopwords_written: frozenset[str]
    splinters: frozenset[str]  # words that, leading a name, name a body split from another


@cache
def name_words() -> NameWords:
    """The word classes of finance_audit/data/name_words.yaml, folded as names are."""
    data = load_data("name_words")

    def fold(words) -> frozenset[str]:
        return frozenset(fold_token(str(w).lower()) for w in words)

    places = {}
    for place, others in data["places"].items():
        for word in [place, *(others or [])]:
            places[fold_token(str(word).lower())] = fold_token(str(place).lower())
    # A stopword is known by its key after translation ("von", "le" are "of", "the"): the fold
    # of a listed form would also be the key of other words ("won", "lee").
    stopwords = stopword_keys()
    listed = sorted({str(w).lower() for group in [data["stopwords"], *data["translations"]]
                     for w in group})
    keys = normalize_names(pl.Series(listed, dtype=pl.String))
    written = frozenset(keys.filter(pl.col("fold_tokens").list.eval(
        pl.element().is_in(list(stopwords))).list.all())["name"])
    cities = fold(load_data("cities")["cities"]) - places.keys()
    branches = branch_words()

    def groups(section: str) -> dict[str, tuple[str, ...]]:
        found: dict[str, set[str]] = {}
        for group, words in data[section].items():
            for key in word_keys(words):
                found.setdefault(key, set()).add(group)
        return {key: tuple(sorted(names)) for key, names in found.items()}

    common = fold_column(pl.DataFrame({"word": load_words("common_words")}), "word", "fold")
    return NameWords(fold(data["descriptors"]) | branches | stopwords, stopwords,
                     fold(data["numbers"]), places, cities, branches,
                     groups("lines"), groups("kinds"),
                     frozenset(common["fold"]), written, fold(data["splinters"]))


def token_classes(tokens: pl.Series, index: RegistryIndex, top: float) -> pl.DataFrame:
    """Per unique fold token, in sorted order (`id` is its rank): its weight, length and class
    (generic, stopword, place or number), and `key`: one id per place and per number (null
    for other words), which decides whether two places or numbers are the same."""
    words = name_words()
    places = pl.DataFrame({"tok": list(words.places), "place": list(words.places.values())},
                          schema={"tok": pl.String, "place": pl.String})

    def grouped(table: dict[str, tuple[str, ...]], name: str) -> pl.DataFrame:
        return pl.DataFrame({"tok": list(table), name: [list(g) for g in table.values()]},
                            schema={"tok": pl.String, name: pl.List(pl.String)})

    tok = pl.col("tok")
    number = tok.is_in(list(words.numbers)) | tok.str.contains(r"[0-9]")
    return (
        join_on_hashed_text(
            pl.DataFrame({"tok": tokens}).unique().sort("tok").with_row_index("id"),
            index.hashed_token_weights, "tok", how="left")
        .join(places, on="tok", how="left")
        .join(grouped(words.lines, "lines"), on="tok", how="left")
        .join(grouped(words.kinds, "kinds"), on="tok", how="left")
        .select(
            "id", "tok",
            (pl.col("weight") ** WEIGHT_POWER).fill_null(top).alias("w"),
            tok.str.len_chars().cast(pl.Int32).alias("len"),
            tok.is_in(list(words.generic)).alias("generic"),
            tok.is_in(list(words.stopwords)).alias("stop"),
            pl.col("place").is_not_null().alias("place"),
            tok.is_in(list(words.cities)).alias("city"),
            tok.is_in(list(words.branches)).alias("branch"),
            tok.str.contains(PATRONYMIC).alias("patronymic"),
            (number & pl.col("place").is_null()).alias("number"),
            pl.col("lines").fill_null([]),
            pl.col("kinds").fill_null([]),
            tok.is_in(list(words.common)).alias("common"),
            tok.is_in(list(words.splinters)).alias("splinter"),
            pl.when(pl.col("place").is_not_null()).then(pl.col("place").hash())
            .when(number).then(tok.hash()).alias("key"),
        )
        .sort("id")
    )


def written_surname(name: pl.Expr, *, listed: bool) -> pl.Expr:
    """The surname of a person's name that says which it is: the words before a comma
    ("TAYLOR, Mark John", "Händel, Thomas"), or, in a `listed` name, the words written in
    capitals among others ("Mark John TAYLOR"); else null (most UN names are all capitals,
    and say not). Filers write letters after a name in capitals too ("John Smith FRSA", "Jane
    Hutt AM"): in a filed name, capitals say nothing of the surname."""
    capitals = name.str.split(" ").list.eval(pl.element().filter(
        pl.element().str.contains(SURNAME_IN_CAPITALS)
        & ~pl.element().str.contains(ROMAN_NUMERAL))).list.join(" ")
    surname = pl.when(name.str.contains(",")).then(name.str.extract(r"^([^,]+),", 1))
    if listed:
        surname = surname.when(name.str.contains(r"\p{Ll}")).then(capitals)
    return pl.when(surname.str.contains(r"\p{L}")).then(surname.str.strip_chars())


def surnames(pairs: pl.DataFrame, name: str, token: str, *, listed: bool) -> pl.DataFrame:
    """(pair_id, `token`, surname): the fold words of the surname that column `name` of each
    person's pair writes as one (`written_surname`)."""
    c = pl.col
    written = pairs.filter(c("kind") == "person").select(
        "pair_id", written_surname(c(name), listed=listed).alias("surname")
    ).drop_nulls("surname")
    if written.is_empty():
        return pl.DataFrame(schema={"pair_id": pl.UInt32, token: pl.String,
                                    "surname": pl.Boolean})
    forms = normalize_names(written["surname"].unique()).select(
        c("name").alias("surname"), c("fold_tokens").alias(token))
    return join_on_text(written, forms, "surname").select(
        "pair_id", token, pl.lit(True).alias("surname")
    ).explode(token).drop_nulls(token).unique(["pair_id", token])
