"""Name normalization, shared by registries and filings.

Every name becomes: Latin lower-case text (`latin`), its legal form folded to a class
(`legal_form`, kept as a feature, never matched on), the name without it (`core`), and fold
tokens (`fold_tokens`) that let transliteration schemes meet (Pervyy / Pervyi / Pervij all fold
to `pervi`). Work is done once per unique name and, for transliteration and folding, once per
unique token, so a million names cost a vocabulary's worth of Python, not a million calls.

Transliteration uses anyascii: a small, maintained, dependency-free table that writes Cyrillic
the way registries and the press do (Щукин -> Shchukin, Ромашка -> Romashka; ICU's Any-Latin
gives ISO-9 forms such as `sukin`, `romaska`), and covers Greek and other scripts too.
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

import polars as pl
from anyascii import anyascii

from finance_audit.data import load_data

# Words that make a name an organisation's even without a legal form.
ORG_WORDS = frozenset({
    "bank", "banka", "banco", "banque", "bankasi", "holding", "holdings", "group", "company",
    "corporation", "association", "foundation", "fund", "trust", "party", "verein", "stichting",
    "union", "institute", "society", "club", "council", "ministry", "agency", "committee",
    "partei", "partij", "parti", "partito", "partia", "industries", "international",
})

# Capitals in brackets at the end of a name: an acronym ("(GDAE)"), or a place ("(TANZANIA)").
TRAILING_BRACKETS = r"\s*\(([\p{Lu}0-9&.\- ]{2,8})\)\s*$"
STATUS_AT_END = (
    r"(?i)[\s,]*(?:\(\s*)?\b(?:in (?:liquidation|administration|receivership|insolvency"
    r"|insolvenz|abwicklung|liquidazione|liquidaci[oó]n)|en liquidation|w likwidacji"
    r"|v likvidaci|dissolved)\b\s*\)?\s*$"
    r"|\s*\((?:formerly|previously|former name|f/k/a|fka)\b[^)]*\)\s*$"
)

# Titles before a person's name and honours after it ("Mr", "Lord", "Dr. Prof.", "Rt Hon";
# "OBE", "QC", "MP"), as registers write them (the UK's DonorName: "Mr Oleg Deripaska"):
# they are no words of the name.
_MEN_TITLES = ("mr", "sir", "lord", "viscount", "herr", "dhr")
_WOMEN_TITLES = ("mrs", "miss", "dame", "lady", "baroness", "viscountess", "countess", "frau",
                 "mevr", "mme", "mlle")
_TITLES = (
    *_MEN_TITLES, *_WOMEN_TITLES, "mx", "dr", "prof", "professor", "rt hon", "the rt hon",
    "right hon", "the right hon", "the hon", "rev", "revd", "the rev", "cllr",
)  # not "Hon" (HON HAI), "Ing" (ING BANK), "Earl" or "Baron": names as often
# AM and MLA: members of the Welsh and Northern Irish assemblies; DL: a deputy lieutenant (the
# UK registers write "Jane Hutt AM", "... DL").
_HONOURS = ("obe", "cbe", "mbe", "kbe", "dbe", "gbe", "qc", "kc", "mp", "mep", "msp", "am", "mla",
            "dl")
# "Ms" only as a title is written: MS AMLIN is a company. The UK's PEF exports write "na" (no
# title) where the title goes: "na Barbara Follett", 1,228 names.
TITLES_AT_START = (r"^(?:(?:(?i:" + "|".join(t.replace(" ", r"\.?\s+") for t in _TITLES)
                   + r")|Ms|na)\.?\s+)+")
HONOURS_AT_END = r"(?i)(?:[\s,]+(?:" + "|".join(_HONOURS) + r")\b\.?)+\s*$"
# The German registers write a person's degrees after the given name, or before it: "Trüpel,
# Helga, Dr.", "Schnabel, Hermann, Prof. Dr.", "... Dr. h.c.", "... Dipl.-Ing.", "Ehler, Dr.
# Christian".
DEGREES_AFTER_COMMA = (r"(?i),\s*(?:(?:prof|dr|h\.?\s?c|dipl\.?[\s-]?(?:ing|kfm|oec|vw))\b\.?"
                       r"[\s-]*)+$")
DEGREES_BEFORE_GIVEN_NAME = r"(?i)(,\s*)(?:(?:prof|dr)\b\.?\s*)+(\p{L})"



def title_gender(name: pl.Expr) -> pl.Expr:
    """"m" or "f" for a name that starts with a man's or a woman's title ("Lord na Goodhart",
    "Ms Jane Doe"), else null."""
    men = r"(?i)^(?:" + "|".join(_MEN_TITLES) + r")\b"
    women = r"^(?:(?i:" + "|".join(_WOMEN_TITLES) + r")|Ms)\b"
    return (pl.when(name.str.contains(men)).then(pl.lit("m"))
            .when(name.str.contains(women)).then(pl.lit("f")))


# Fold rules, in order: spellings that transliteration schemes write differently.
_FOLD_RULES = (
    ("shch", "s"), ("sch", "s"), ("sh", "s"), ("zh", "z"), ("kh", "h"), ("tch", "c"),
    ("ch", "c"), ("ts", "c"), ("tz", "c"), ("cz", "c"), ("ph", "f"), ("th", "t"), ("ck", "k"),
    ("ya", "a"), ("ia", "a"), ("yu", "u"), ("iu", "u"), ("yo", "o"), ("ye", "e"), ("ie", "e"),
    ("q", "k"), ("c", "k"), ("w", "v"), ("x", "ks"), ("y", "i"), ("j", "i"),
)
# Doubled letters fold to one; doubled digits do not ("99TH" is not "9TH", 1999 not 19).
_DOUBLES = re.compile(r"([a-z])\1+")
# Two or three consonants are an acronym, spelled letter by letter: not folded, so "KBC" stays
# apart from "KBK" and "CCC" does not become one letter. Nor is a word of two letters, which
# would else become another ("WE" the Turkish "VE", "and").
_ACRONYM = r"^([b-df-hj-np-tv-xz0-9]{2,3}|[a-z0-9]{1,2})$"


def fold_token(token: str) -> str:
    """The fold key of one Latin token: scheme differences and doubled letters removed."""
    if re.match(_ACRONYM, token):
        return token
    for old, new in _FOLD_RULES:
        token = token.replace(old, new)
    return _DOUBLES.sub(r"\1", token)


def latin_token(token: str) -> str:
    """One token in lower-case ASCII letters and digits."""
    if token.isascii():
        return token
    return re.sub(r"[^a-z0-9]+", "", anyascii(token).lower())


@cache
def legal_form_classes() -> dict[str, str]:
    """Legal-form text, in fold form, -> its generic class."""
    table: dict[str, str] = {}
    for klass, forms in load_data("legal_forms")["classes"].items():
        for form in forms:
            folded = " ".join(fold_token(word) for word in str(form).split())
            table.setdefault(folded, klass)
    return table


@cache
def legal_form_countries() -> dict[str, str]:
    """Legal-form text, as written (Latin), -> the countries whose company law has it,
    comma-joined (legal_forms.yaml `countries`); forms used the world over are not in it. Not
    in fold form: SIA (Latvian) folds as SA does."""
    return {str(form): ",".join(group["countries"])
            for group in load_data("legal_forms")["countries"] for form in group["forms"]}


@cache
def _start_forms() -> frozenset[str]:
    """Legal forms, in fold form, also recognised at the start of a name ("OOO Romashka")."""
    return frozenset(" ".join(fold_token(w) for w in str(f).split())
                     for f in load_data("legal_forms")["start"])


@cache
def _short_forms() -> frozenset[str]:
    """Legal forms of one word of three letters or fewer, as written (Latin): "oy", "ooo"."""
    forms = load_data("legal_forms")["classes"].values()
    return frozenset(str(f) for group in forms for f in group
                     if " " not in str(f) and len(str(f)) <= 3)


@cache
def _legal_form_patterns() -> tuple[str, str]:
    forms = sorted(legal_form_classes(), key=len, reverse=True)
    end = "(?:^| )(" + "|".join(re.escape(f) for f in forms) + ")$"
    starts = _start_forms()
    start_forms = sorted((f for f in forms if f in starts), key=len, reverse=True)
    start = "^(" + "|".join(re.escape(f) for f in start_forms) + ") "
    return end, start


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def fold_column(tokens: pl.DataFrame, column: str, out: str) -> pl.DataFrame:
    """fold_token over a whole column (the same rules, as polars string passes)."""
    token = pl.col(column)
    folded = token
    for old, new in _FOLD_RULES:
        folded = folded.str.replace_all(old, new, literal=True)
    folded = pl.when(token.str.contains(_ACRONYM)).then(token).otherwise(folded)
    # Twenty-six passes over a column run on one core eagerly; the streaming engine splits
    # the column between the cores.
    frame = tokens.lazy().with_columns(folded.alias(out)).collect(engine="streaming")
    # Collapsing doubled letters is one regex pass per letter: only the few tokens that have
    # a doubled letter (one literal search finds them) take those passes.
    doubled = pl.col(out).str.contains("|".join(c + c for c in _LETTERS)) & ~token.str.contains(
        _ACRONYM)
    single = pl.col(out)
    for letter in _LETTERS:
        single = single.str.replace_all(letter + "{2,}", letter)
    return pl.concat([
        frame.filter(~doubled),
        frame.filter(doubled).with_columns(single.alias(out)),
    ])


@cache
def _form_edge_words() -> tuple[frozenset[str], frozenset[str]]:
    """The fold words that end a legal form, and those that begin a start-of-name form."""
    forms = legal_form_classes()
    starts = _start_forms()
    return (frozenset(f.split()[-1] for f in forms),
            frozenset(f.split()[0] for f in forms if f in starts))


@cache
def _place_names() -> tuple[list[str], list[str]]:
    """Countries' long names and the place word each is read as (name_words.yaml
    `place_names`, and "republic of X" for each place X, with "rep" for "republic" too), and
    cities' names of several words and the one word each is read as (cities.yaml
    `city_names`), space-padded and longest first."""
    data = load_data("name_words")
    phrases = {f"republic of {place}": place for place in data["places"]}
    for place, names in [*data["place_names"].items(),
                         *load_data("cities")["city_names"].items()]:
        phrases.update({str(name): str(place) for name in names})
    # Filings abbreviate "republic" ("ISLAMIC REP OF IRAN").
    phrases.update({" ".join("rep" if w == "republic" else w for w in name.split()): place
                    for name, place in list(phrases.items()) if "republic" in name.split()})
    phrases.update({f"the {name}": place for name, place in list(phrases.items())})
    ordered = sorted(phrases, key=lambda name: (-len(name), name))
    return [f" {name} " for name in ordered], [f" {phrases[name]} " for name in ordered]


@cache
def _cities_as_written() -> frozenset[str]:
    """Cities (cities.yaml), in lower case as written."""
    return frozenset(str(w).lower() for w in load_data("cities")["cities"])


@cache
def _places_as_written() -> frozenset[str]:
    """Countries and their adjectives (finance_audit/data/name_words.yaml `places`), and
    cities, in lower case as written."""
    words = set(_cities_as_written())
    for place, others in load_data("name_words")["places"].items():
        words.update(str(w).lower() for w in [place, *(others or [])])
    return frozenset(words)


@cache
def _place_words() -> frozenset[str]:
    """`_places_as_written`, folded."""
    return frozenset(fold_token(w) for w in _places_as_written())


@cache
def _city_words() -> frozenset[str]:
    """Cities, folded."""
    return frozenset(fold_token(w) for w in _cities_as_written())


@cache
def branch_words() -> frozenset[str]:
    """Words that name an office elsewhere (finance_audit/data/name_words.yaml `branches`),
    folded."""
    return frozenset(fold_token(str(w).lower()) for w in load_data("name_words")["branches"])


@cache
def stopword_keys() -> frozenset[str]:
    """The stopwords of finance_audit/data/name_words.yaml, by their keys after translation
    (word_keys): "von" and "le" are "of" and "the"."""
    return word_keys(load_data("name_words")["stopwords"])


def word_runs(frame: pl.DataFrame, words: str, lengths: range, keep: list[str]
              ) -> pl.DataFrame:
    """(keep..., start, length, initials) for every run of `lengths` words in a row of the list
    column `words`: the first letters of the run's words, joined (not folded). The runs whose
    initials a word may spell: "DTO" of FLORES DRUG TRAFFICKING ORGANIZATION."""
    longest = int(frame.select(pl.col(words).list.len().max()).item() or 0)
    runs = [
        frame.filter(pl.col(words).list.len() >= start + length).select(
            *keep, pl.lit(start, pl.UInt32).alias("start"),
            pl.lit(length, pl.UInt32).alias("length"),
            pl.col(words).list.slice(start, length).list.eval(pl.element().str.slice(0, 1))
            .list.join("").alias("initials"))
        for length in lengths for start in range(longest - length + 1)
    ]
    if not runs:
        return pl.DataFrame(schema={**{k: frame.schema[k] for k in keep}, "start": pl.UInt32,
                                    "length": pl.UInt32, "initials": pl.String})
    return pl.concat(runs)


def _form_taken(found: pl.Expr, words: pl.Expr, removed: pl.Expr, remaining: pl.Expr
                ) -> pl.Expr:
    """Whether a legal form found (`found`, in fold form, of `words` words; `removed`, as
    written) comes off a name that keeps `remaining` words. A form of one short word is taken
    only as written ("OJI" folds like "Oy" but is a name, not a Finnish company)."""
    return found.is_not_null() & (remaining > 0) & (
        (words > 1) | (found.str.len_chars() > 3) | removed.is_in(list(_short_forms())))


SEAT_WORDS = 3  # a seat after a legal form: a country or city, and up to two words of its district


def _without_place_after_form(result: pl.DataFrame, end: str, lasts: frozenset[str]
                              ) -> pl.DataFrame:
    """A country or a city after a legal form at the end of a name ("REYCO GMBH GERMANY",
    "MANGOPAY SA FRANCE", "... BANK LTD, MOSCOW") says where the company or its branch sits,
    not which company it is: it is dropped, so the form before it comes off as at the end of a
    name. So is the district that may follow the city (Serbian registers write "ARANEKS DOO
    BEOGRAD-VOZDOVAC", "... DOO, BEOGRAD STARI GRAD"). Only when that form would be taken
    there. A district follows a city, not a country: in "JOINT STOCK COMMERCIAL BANK 'RUSSIAN
    FINANCIAL ALLIANCE'" the words after the form are the bank's name."""
    folds = pl.col("fold_tokens")
    places, cities, ends = list(_place_words()), list(_city_words()), list(lasts)
    # A district is no other place and no branch: "HSBC Bank plc, London, Zweigniederlassung
    # Zürich" is the Zürich branch, whose name would otherwise be the head office's.
    elsewhere = list(_place_words() | branch_words())
    # The longest seat first: in "X DOO BEOGRAD STARI GRAD" the seat is three words.
    seat_words = pl.lit(None, pl.Int64)
    for k in range(1, SEAT_WORDS + 1):
        district = [~folds.list.get(-i, null_on_oob=True).is_in(elsewhere) for i in range(1, k)]
        seat_words = pl.when(
            pl.all_horizontal(folds.list.get(-k, null_on_oob=True).is_in(
                                  places if k == 1 else cities),
                              folds.list.get(-k - 1, null_on_oob=True).is_in(ends),
                              *district).fill_null(False)
        ).then(pl.lit(k)).otherwise(seat_words)
    result = result.with_columns(seat_words.alias("_seat"))
    after_form = pl.col("_seat").is_not_null()
    placed = result.filter(after_form)
    if placed.is_empty():
        return result.drop("_seat")
    n = folds.list.len() - pl.col("_seat")
    found = folds.list.head(n).list.join(" ").str.extract(end, 1)
    words = found.str.count_matches(" ") + 1
    removed = pl.col("core_tokens").list.head(n).list.tail(words).list.join(" ")
    take = _form_taken(found, words, removed, n - words)
    placed = placed.with_columns(
        pl.when(take).then(pl.col(c).list.head(n)).otherwise(pl.col(c)).alias(c)
        for c in ("core_tokens", "fold_tokens")
    )
    return pl.concat([placed, result.filter(~after_form)]).drop("_seat")


TEXT_HASH_SEED = 20191010  # any fixed seed: both sides of a join hash alike


def join_on_text(left: pl.DataFrame, right: pl.DataFrame, on: str, **how) -> pl.DataFrame:
    """`left.join(right, on=on, **how)` for a text column `on`, matched by its 64-bit hash:
    integers hash and compare at twice the speed of strings, and two of a million words
    share a hash about once in thirty million runs."""
    return join_on_hashed_text(left, hashed_text(right, on), on, **how)


def hashed_text(frame: pl.DataFrame, on: str) -> pl.DataFrame:
    """`frame` with its text column `on` replaced by the hash `join_on_text` joins on: a table
    joined again and again (the registry's words) is hashed once."""
    return frame.with_columns(pl.col(on).hash(TEXT_HASH_SEED).alias("_text_hash")).drop(on)


def join_on_hashed_text(left: pl.DataFrame, right: pl.DataFrame, on: str,
                        **how) -> pl.DataFrame:
    """`join_on_text` with a `right` that `hashed_text` made."""
    return left.with_columns(pl.col(on).hash(TEXT_HASH_SEED).alias("_text_hash")).join(
        right, on="_text_hash", **how).drop("_text_hash")


def _translate_tokens(tokens: pl.Series) -> pl.DataFrame:
    """Latin, fold and translated forms of each unique token (`latin_token`, `fold_token`,
    `translated_token`); only non-ASCII tokens go through Python."""
    vocabulary = pl.DataFrame({"token": tokens.drop_nulls().unique()})
    foreign = vocabulary.filter(~pl.col("token").str.contains(r"^[\x00-\x7f]*$"))
    latin = foreign.with_columns(
        pl.col("token").map_elements(latin_token, return_dtype=pl.String).alias("latin_token")
    )
    return fold_column(vocabulary.join(latin, on="token", how="left").with_columns(
        pl.coalesce("latin_token", "token").alias("latin_token")
    ), "latin_token", "fold_token").with_columns(
        _translated(pl.col("latin_token"), pl.col("fold_token")).alias("translated_token"))


# A fold key this long stands for one word, however a scheme writes it (GOSUDARSTVENNOI,
# GOSUDARSTVENNOYE); a shorter one also for other words: "won" and "wan" fold like "von" and
# "van" (of), "lee" like "le" (the), "vest" like "west". Words whose fold is shorter
# translate only as the group writes them.
TRANSLATE_BY_FOLD_MIN = 5


class Translations(NamedTuple):
    """finance_audit/data/name_words.yaml `translations`, as lookups to the fold key of the
    first word of each group."""

    by_fold: dict[str, str]  # a fold key of TRANSLATE_BY_FOLD_MIN letters or more
    by_word: dict[str, str]  # a group's word as written


@cache
def _translations() -> Translations:
    by_fold, by_word = {}, {}
    for group in load_data("name_words")["translations"]:
        first = fold_token(str(group[0]).lower())
        for word in (str(w).lower() for w in group[1:]):
            folded = fold_token(word)
            if folded == first:
                continue
            by_word[word] = first
            if len(folded) >= TRANSLATE_BY_FOLD_MIN:
                by_fold[folded] = first
    return Translations(by_fold, by_word)


def _translated(latin: pl.Expr, fold: pl.Expr) -> pl.Expr:
    """A word's key for comparison: its group's key when it is a group's word as written, or
    when its fold key is long and a group's; else its fold key."""
    table = _translations()
    # The Persian ezafe written on to a word ("SANATE ESHRAGH", "SHERKATE DOODEH", "SAZMANE
    # ...": industries, company, organization of ...) is no part of it.
    ezafe = pl.when(fold.str.len_chars() > TRANSLATE_BY_FOLD_MIN).then(
        fold.str.strip_suffix("e"))
    return pl.coalesce(
        latin.replace_strict(table.by_word, default=None, return_dtype=pl.String),
        fold.replace_strict(table.by_fold, default=None, return_dtype=pl.String),
        ezafe.replace_strict(table.by_fold, default=None, return_dtype=pl.String),
        fold,
    )


def normalize_names(names: pl.Series) -> pl.DataFrame:
    """Normalized forms of each unique, non-empty name in `names`.

    Columns: name (as given), latin, legal_form (class or null), legal_text, core, fold
    (fold tokens of the core, space-joined), fold_sorted (the same, sorted), fold_tokens
    (list), org_hint (a legal form or an organisation word is present), form_countries (the
    countries whose company law has its legal form; empty when any country's may).
    """
    frame = pl.DataFrame({"name": names.cast(pl.String)}).drop_nulls().unique(maintain_order=True)
    # A dozen regex passes over a column run on one core eagerly; the streaming engine splits
    # the column between the cores (and keeps the rows' order).
    # A trailing acronym in brackets ("... Atomic Energy (GDAE)") is another name for the
    # same thing, not a word of this one; a place in brackets ("UNIVERSAL FOUNDATION
    # (TANZANIA)") says where the body is.
    bracketed = pl.col("name").str.extract(TRAILING_BRACKETS, 1)
    cleaned = frame.lazy().with_columns(
        pl.when(bracketed.str.to_lowercase().is_in(list(_places_as_written())))
        .then(pl.col("name"))
        .otherwise(pl.col("name").str.replace(TRAILING_BRACKETS, ""))
        # What became of a body ("(in liquidation)", "in Abwicklung") and its former name in
        # brackets ("(formerly ROSNEFT TRADING)") are no words of its name.
        .str.replace(STATUS_AT_END, "")
        .str.replace(TITLES_AT_START, "")
        .str.replace(HONOURS_AT_END, "")
        .str.replace(DEGREES_AFTER_COMMA, "")
        .str.replace(DEGREES_BEFORE_GIVEN_NAME, "${1}${2}")
        .str.normalize("NFKC")
        .str.to_lowercase()
        # The Persian ezafe ("BANK-E SAMAN", "MEHR-E EQTESAD-E IRANIAN") links two words as
        # "of" does; it is written as often without ("MEHR EQTESAD IRANIAN").
        .str.replace_all(r"(\p{L}{2})-e\b", "$1")
        # "M/s." (messrs) heads South Asian firms' names ("M/S. AL ZAROONI EXCHANGE"): it is
        # no word of the name.
        .str.replace(r"^(?:m\s*/\s*s|messrs)\b\.?\s+", "")
        # Chinese exporters abbreviate "import and export" ("GOLDEN SUN I/E DALIAN").
        .str.replace_all(r"\bi\s*/\s*e\b", "import export")
        .str.replace_all(r"\bimp\.?\s*(&|/|and)\s*exp\b\.?", "import $1 export")
        # An English possessive is the owner's name ("IRAN'S LAW ENFORCEMENT FORCES" for
        # LAW ENFORCEMENT FORCES OF ... IRAN, "EGYPT'S SOLDIERS").
        .str.replace_all(r"(\p{L}{2})['’]s\b", "$1")
        .str.replace_all(r"[.'’ʼ`´]", "")
        .str.replace_all(r"[^\p{L}\p{N}]+", " ")
        .alias("_clean")
    ).with_columns(
        # Padded, so that a long name is replaced only as whole words.
        (" " + pl.col("_clean") + " ").str.replace_many(*_place_names(), leftmost=True)
        .str.strip_chars()
        .alias("_clean")
    ).collect(engine="streaming").with_row_index("_i")
    tokens = cleaned.select("_i", pl.col("_clean").str.split(" ").alias("token")).explode("token")
    tokens = tokens.filter(pl.col("token") != "")
    table = _translate_tokens(tokens["token"])
    tokens = join_on_text(tokens, table, "token", how="left", maintain_order="left").filter(
        pl.col("latin_token") != ""
    )
    per_name = tokens.group_by("_i", maintain_order=True).agg(
        pl.col("latin_token").alias("latin_tokens"), pl.col("fold_token").alias("all_folds")
    )
    result = cleaned.join(per_name, on="_i", how="left").with_columns(
        pl.col("latin_tokens").fill_null(pl.lit([], dtype=pl.List(pl.String))),
        pl.col("all_folds").fill_null(pl.lit([], dtype=pl.List(pl.String))),
    ).with_columns(
        pl.col("latin_tokens").list.join(" ").alias("latin"),
        pl.lit(None, pl.String).alias("legal_text"),
        pl.lit(None, pl.String).alias("legal_fold"),
        pl.col("latin_tokens").alias("core_tokens"),
        pl.col("all_folds").alias("fold_tokens"),
    )
    # Legal forms are found on the fold forms, so transliteration variants of one form
    # ("obshchestvo"/"obschestvo") are one form; stacked forms ("Co. L.L.C.") come off twice.
    end, start = _legal_form_patterns()
    lasts, firsts = _form_edge_words()
    result = _without_place_after_form(result, end, lasts)
    for pattern in (end, end, start):
        is_start = pattern is start
        # Only names whose first or last word can begin or end a form are searched.
        edge = pl.col("fold_tokens").list.first() if is_start else pl.col("fold_tokens").list.last()
        searched = result.filter(edge.is_in(list(firsts if is_start else lasts)))
        rest = result.filter(~edge.is_in(list(firsts if is_start else lasts)) | edge.is_null())
        found = pl.col("fold_tokens").list.join(" ").str.extract(pattern, 1)
        words = found.str.count_matches(" ") + 1
        searched = searched.with_columns(found.alias("_found"), words.alias("_words"))
        words, remaining = pl.col("_words"), pl.col("fold_tokens").list.len() - pl.col("_words")
        removed = (
            pl.col("core_tokens").list.head(words) if is_start
            else pl.col("core_tokens").list.tail(words)
        ).list.join(" ")
        searched = searched.with_columns(removed.alias("_removed"), remaining.alias("_remaining"))
        searched = searched.with_columns(
            _form_taken(pl.col("_found"), words, pl.col("_removed"), pl.col("_remaining"))
            .alias("_take")
        )
        take, remaining = pl.col("_take"), pl.col("_remaining")
        searched = searched.with_columns(
            pl.when(take & pl.col("legal_text").is_null()).then(pl.col("_removed"))
            .otherwise(pl.col("legal_text")).alias("legal_text"),
            pl.when(take & pl.col("legal_fold").is_null()).then(pl.col("_found"))
            .otherwise(pl.col("legal_fold")).alias("legal_fold"),
            *[
                pl.when(take).then(
                    pl.col(c).list.tail(remaining) if is_start else pl.col(c).list.head(remaining)
                ).otherwise(pl.col(c)).alias(c)
                for c in ("core_tokens", "fold_tokens")
            ],
        ).drop("_found", "_words", "_removed", "_remaining", "_take")
        result = pl.concat([searched, rest])
    result = result.sort("_i").with_columns(
        pl.col("legal_fold").replace_strict(legal_form_classes(), default=None)
        .alias("legal_form"),
        pl.col("core_tokens").list.join(" ").alias("core"),
    )
    org_words = pl.lit(pl.Series(sorted(ORG_WORDS))).implode()
    # Words are compared translated; legal forms were found on the words as folded. A word's
    # translation depends on its Latin form alone.
    words = table.unique("latin_token")
    result = result.filter(pl.col("latin") != "").with_columns(
        pl.col("core_tokens").list.eval(pl.element().replace_strict(
            words["latin_token"], words["translated_token"])).alias("fold_tokens"))
    # Sorting a million short lists one by one is slow; one sort of all their words is not.
    in_order = result.select("_i", "fold_tokens").explode("fold_tokens").drop_nulls().sort(
        "_i", "fold_tokens").group_by("_i", maintain_order=True).agg(
        pl.col("fold_tokens").alias("_sorted"))
    return (
        result.join(in_order, on="_i", how="left", maintain_order="left")
        .with_columns(
            pl.col("fold_tokens").list.join(" ").alias("fold"),
            pl.col("_sorted").list.join(" ").fill_null("").alias("fold_sorted"),
            (
                pl.col("legal_form").is_not_null()
                | (pl.col("latin").str.split(" ").list.set_intersection(org_words).list.len()
                   > 0)
            ).alias("org_hint"),
        )
        .select("name", "latin", "legal_form", "legal_text", "core", "fold", "fold_sorted",
                "fold_tokens", pl.col("core_tokens").alias("latin_tokens"), "org_hint",
                pl.col("legal_text").replace_strict(legal_form_countries(), default=None,
                                                    return_dtype=pl.String)
                .str.split(",").fill_null(pl.lit([], dtype=pl.List(pl.String)))
                .alias("form_countries"))
    )


def word_keys(words) -> frozenset[str]:
    """The keys `words` are compared by, as normalize_names makes them (folded and
    translated: "von" is "of", "le" is "the")."""
    names = normalize_names(pl.Series([str(w) for w in words], dtype=pl.String))
    return frozenset(names["fold_tokens"].explode().drop_nulls())
