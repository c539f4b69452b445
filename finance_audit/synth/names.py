"""Synthetic names over whole columns: persons, companies, banks, associations, parties.

Person, company, bank and association builders map integer indexes to names one-to-one
within a language: index k is decoded (after a fixed permutation) into pool positions, so two
different indexes never give the same name, even after the folding a matcher applies (party
names come from a few patterns and are made distinct by the registry). Callers keep registry
entities and filers' donors on disjoint index ranges, so a donor is never a registry entity's
namesake by construction, only by likeness. Each name comes in three forms: `name` (Latin,
as a register writes it), `native` (Cyrillic or Greek where the language uses them) and `alt`
(another transliteration, or diacritics folded as many filers type them).
"""

from __future__ import annotations

import math
import re
import unicodedata
import zlib
from dataclasses import dataclass
from functools import cache

import numpy as np
import polars as pl
from anyascii import anyascii

from finance_audit.synth import pools

# --- transliteration of the pools (pool-sized work, not per row) ----------------------------

_CYR = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
                ["a", "b", "v", "g", "d", "e", "yo", "zh", "z", "i", "y", "k", "l", "m", "n", "o",
                 "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e",
                 "yu", "ya"], strict=True))
# other schemes a filer uses: German press (w, sch, tsch, j), French press (ou, ch, tch)
_CYR_ALT = {
    "de": {"в": "w", "ж": "sch", "й": "j", "х": "ch", "ц": "z", "ч": "tsch", "ш": "sch",
           "щ": "schtsch", "ю": "ju", "я": "ja", "ё": "jo", "е": "e", "з": "s"},
    "fr": {"у": "ou", "ж": "j", "х": "kh", "ч": "tch", "ш": "ch", "щ": "chtch", "ю": "iou",
           "я": "ia", "й": "i", "ё": "io"},
}
_GREEK_PAIRS = (("ου", "ou"), ("αι", "ai"), ("ει", "ei"), ("οι", "oi"), ("αυ", "av"),
                ("ευ", "ev"), ("μπ", "mp"), ("ντ", "nt"), ("γκ", "gk"), ("γγ", "ng"))
_GREEK = dict(zip("αβγδεζηθικλμνξοπρσςτυφχψω",
                  ["a", "v", "g", "d", "e", "z", "i", "th", "i", "k", "l", "m", "n", "x", "o",
                   "p", "r", "s", "s", "t", "y", "f", "ch", "ps", "o"], strict=True))
_GREEK_ALT = {"η": "e", "υ": "i", "χ": "h", "β": "b", "ω": "o", "φ": "ph"}
_GERMAN = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}


def _case(text: str, like: str) -> str:
    if len(like) > 1 and like.isupper():
        return text.upper()
    return text[:1].upper() + text[1:] if like[:1].isupper() else text


def _cyrillic(word: str, scheme: str = "bgn") -> str:
    table = {**_CYR, **_CYR_ALT.get(scheme, {})}
    low = word.lower()
    if scheme == "fr":
        low = low.replace("ий", "i").replace("ый", "y")
    out = "".join(table.get(ch, ch) for ch in low)
    return " ".join(_case(w, o) for w, o in zip(out.split(" "), word.split(" "), strict=False))


def _greek(word: str, scheme: str = "elot") -> str:
    low = "".join(c for c in unicodedata.normalize("NFD", word.lower())
                  if not unicodedata.combining(c))
    for src, dst in _GREEK_PAIRS:
        low = low.replace(src, dst if scheme == "elot" else dst.replace("ou", "u"))
    table = {**_GREEK, **(_GREEK_ALT if scheme != "elot" else {})}
    out = "".join(table.get(ch, ch) for ch in low)
    return " ".join(_case(w, o) for w, o in zip(out.split(" "), word.split(" "), strict=False))


def latin(word: str, lang: str) -> str:
    """A pool word as a register writes it in Latin script."""
    if lang == "ru":
        return _cyrillic(word)
    if lang == "el":
        return _greek(word)
    return word


def alternative(word: str, lang: str) -> str:
    """The same word as another filer writes it: another scheme, or diacritics dropped."""
    if lang == "ru":
        return _cyrillic(word, "de")
    if lang == "el":
        return _greek(word, "phonetic")
    if lang in ("de", "hu") and any(c in word for c in _GERMAN):
        return "".join(_GERMAN.get(c, c) for c in word)
    return anyascii(word)


# the spellings a matcher folds together (transliteration schemes, Polish cz, German tz...),
# then some more: a key coarser than any matcher's keeps pool words far enough apart
_FOLDS = (("shch", "s"), ("sch", "s"), ("sh", "s"), ("zh", "z"), ("kh", "h"), ("tch", "c"),
          ("ch", "c"), ("ts", "c"), ("tz", "c"), ("cz", "c"), ("sz", "s"), ("ph", "f"),
          ("th", "t"), ("ck", "k"), ("ya", "a"), ("ia", "a"), ("yu", "u"), ("iu", "u"),
          ("yo", "o"), ("ye", "e"), ("ie", "e"), ("q", "k"), ("c", "k"), ("w", "v"), ("x", "ks"),
          ("y", "i"), ("j", "i"), ("h", ""), ("z", "s"), ("ou", "u"), ("ae", "a"), ("oe", "o"),
          ("ue", "u"))


def fold_keys(words: pl.Series) -> pl.Series:
    """Deliberately coarse keys: two words with the same key are too alike to tell apart."""
    key = words.str.to_lowercase().str.replace_all(r"[^a-z]", "")
    for old, new in _FOLDS:
        key = key.str.replace_all(old, new, literal=True)
    for letter in "abcdefghijklmnopqrstuvwxyz":  # doubled letters count once
        key = key.str.replace_all(letter + letter + "+", letter)
    return key


def _unique(words: list[str], lang_code: str, taken: set[str]) -> list[str]:
    """Words whose fold keys are new (the first of equals wins); `taken` is updated."""
    latin_words = [anyascii(latin(w, lang_code)) if not w.isascii() else w for w in words]
    frame = pl.DataFrame({"word": words, "key": fold_keys(pl.Series(latin_words))})
    frame = frame.filter((pl.col("key") != "") & ~pl.col("key").is_in(list(taken))
                         & pl.col("key").is_first_distinct())
    taken.update(frame["key"].to_list())
    return frame["word"].to_list()


# --- pools as frames with their three forms --------------------------------------------------

@dataclass(frozen=True)
class Lang:
    """One language's pools, each word in its three forms (name, native, alt)."""

    code: str
    given: pl.DataFrame  # name, native, alt, female
    family_m: pl.DataFrame
    family_f: pl.DataFrame
    sectors: pl.DataFrame
    places: pl.DataFrame
    brands: pl.DataFrame  # family names, places and invented words: a company's first word
    causes: pl.DataFrame
    family_first: bool


def _forms(words: list[str], lang: str) -> pl.DataFrame:
    return pl.DataFrame({"name": [latin(w, lang) for w in words], "native": words,
                         "alt": [alternative(w, lang) for w in words]}, schema=dict.fromkeys(
                             ("name", "native", "alt"), pl.String))


LATIN_LANGS = ("en", "de", "fr", "nl", "it", "hu", "pl", "tr", "zh", "ar", "es")


def _coined(lang: str, taken: set[str]) -> list[str]:
    """Invented brand words; languages in Latin script share out the words between them,
    so two countries' firms do not get the same invented name by construction."""
    syl = pools.SYLLABLES["ru" if lang == "ru" else "el" if lang == "el" else "latin"]
    words = [a + b for a in syl for b in syl] + [a + b + c for a in syl for b in syl
                                                  for c in syl]
    if lang in LATIN_LANGS:
        share = LATIN_LANGS.index(lang)
        words = [w for w in words if zlib.crc32(w.encode()) % len(LATIN_LANGS) == share]
    return _unique([w.capitalize() for w in words], lang, taken)


@cache
def lang(code: str) -> Lang:
    """The pools of one language, with fold-level duplicates removed."""
    male, female = pools.GIVEN[code]
    n = min(len(male), len(female))
    taken: set[str] = set()
    given_m, given_f = _unique(list(male[:n]), code, taken), _unique(list(female[:n]), code,
                                                                      taken)
    roots, suffixes_m, suffixes_f = pools.FAMILY[code]
    suffixes_f = suffixes_f or suffixes_m
    pairs = [(r + sm, r + sf) for r in roots for sm, sf in zip(suffixes_m, suffixes_f,
                                                                 strict=True)]
    keep = set(_unique([m for m, _ in pairs], code, taken))
    pairs = [(m, f) for m, f in pairs if m in keep]
    given = pl.concat([_forms(given_m, code).with_columns(pl.lit(False).alias("female")),
                       _forms(given_f, code).with_columns(pl.lit(True).alias("female"))])
    places = _unique(list(pools.PLACES[code]), code, taken)
    brands = [m for m, _ in pairs] + places + _coined(code, taken)
    return Lang(
        code=code, given=given,
        family_m=_forms([m for m, _ in pairs], code), family_f=_forms([f for _, f in pairs], code),
        sectors=_forms(list(pools.SECTORS[code]), code), places=_forms(places, code),
        brands=_forms(brands, code), causes=_forms(list(pools.CAUSES[code]), code),
        family_first=code in ("hu", "zh"),
    )


# --- index decoding ---------------------------------------------------------------------------

def permute(index: np.ndarray, size: int, salt: int) -> np.ndarray:
    """A fixed one-to-one shuffle of 0..size-1 (an affine map with a multiplier coprime to
    size), so neighbouring indexes get unrelated names."""
    mult = (2654435761 + 2 * salt) % size or 1
    while math.gcd(mult, size) != 1:
        mult = (mult + 1) % size or 1
    return (index.astype(np.int64) * mult + 7919 * salt) % size


def _take(frame: pl.DataFrame, positions: np.ndarray, prefix: str) -> pl.DataFrame:
    picked = frame.select(pl.col("name", "native", "alt").gather(positions))
    return picked.rename({c: f"{prefix}_{c}" for c in picked.columns})


def _join(parts: list[str], form: str, sep: str = " ") -> pl.Expr:
    return pl.concat_str([pl.col(f"{p}_{form}") for p in parts], separator=sep)


@cache
def _given_pairs(code: str) -> np.ndarray:
    """Ordered pairs of given names of one sex ("Anna Maria", never also "Maria Anna")."""
    female = lang(code).given["female"].to_numpy()
    n = len(female)
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n) if female[i] == female[j]]
    return np.array(pairs, dtype=np.int64)


def persons(code: str, index: np.ndarray) -> pl.DataFrame:
    """Person names for indexes: `name`, `native`, `alt`, `given`, `family`, `female`.

    Indexes below (given names x family names) get one given name; above it, two.
    """
    pool = lang(code)
    g, f = pool.given.height, pool.family_m.height
    single = g * f
    pairs = _given_pairs(code)
    index = np.asarray(index, dtype=np.int64)
    one = index < single
    local = permute(np.where(one, index, 0) % single, single, 1)
    local2 = permute(np.where(one, 0, index - single) % (len(pairs) * f), len(pairs) * f, 11)
    pair = pairs[local2 % len(pairs)]
    given = np.where(one, local % g, pair[:, 0])
    second = np.where(one, -1, pair[:, 1])
    family = np.where(one, local // g, local2 // len(pairs)) % f
    frame = pl.concat([
        _take(pool.given, given, "g"), _take(pool.given, np.maximum(second, 0), "m"),
        _take(pool.family_m, family, "fm"), _take(pool.family_f, family, "ff"),
    ], how="horizontal").with_columns(
        pl.Series("female", pool.given["female"].to_numpy()[given]),
        pl.Series("double", second >= 0))
    out = {}
    for form in ("name", "native", "alt"):
        given_name = pl.when(pl.col("double")).then(
            pl.concat_str([pl.col(f"g_{form}"), pl.col(f"m_{form}")], separator=" ")
        ).otherwise(pl.col(f"g_{form}"))
        fam = pl.when(pl.col("female")).then(pl.col(f"ff_{form}")).otherwise(pl.col(f"fm_{form}"))
        out[form] = (pl.concat_str([fam, given_name], separator=" ") if pool.family_first
                     else pl.concat_str([given_name, fam], separator=" "))
        if form == "name":
            out["given"], out["family"] = given_name, fam
    return frame.select(**out, female="female")


def form_for(code: str, index: np.ndarray, weights: tuple[float, ...] = (0.7, 0.15, 0.1, 0.05)
             ) -> pl.Series:
    """A legal form per index: mostly the language's usual one."""
    forms = pools.FORMS[code]
    cut = np.cumsum(weights[:len(forms)]) / sum(weights[:len(forms)])
    u = (permute(np.asarray(index, dtype=np.int64), 10_007, 5) + 0.5) / 10_007
    return pl.Series(forms)[np.searchsorted(cut, u)]


def companies(code: str, index: np.ndarray) -> pl.DataFrame:
    """Company names `{brand} {sector} {form}`: `name`, `native`, `alt`, `core` (no form),
    `form`. The legal form does not make a name: two indexes never differ only by it."""
    pool = lang(code)
    b, s = pool.brands.height, pool.sectors.height
    size = b * s
    index = np.asarray(index, dtype=np.int64)
    # family names first, then places, then invented words: low indexes (the registry's
    # domestic companies) mostly carry a family name, as real firms do
    tiers = np.array([pool.family_m.height, pool.places.height, b - pool.family_m.height
                      - pool.places.height]) * s
    starts = np.concatenate([[0], np.cumsum(tiers)[:-1]])
    within = index % size
    tier = np.searchsorted(np.cumsum(tiers), within, side="right")
    local = np.zeros_like(within)
    for t in range(3):
        mask = tier == t
        local[mask] = starts[t] + permute(within[mask] - starts[t], int(tiers[t]), 2 + t)
    extra = index // size  # past the space: a place word tells the companies apart
    frame = pl.concat([_take(pool.brands, local // s, "b"), _take(pool.sectors, local % s, "s"),
                       _take(pool.places, extra % pool.places.height, "p")], how="horizontal"
                      ).with_columns(pl.Series("extra", extra))
    form = form_for(code, index)
    native_form = form.replace(pools.NATIVE_FORMS)
    out = {}
    for f in ("name", "native", "alt"):
        parts = ["b", "s", "p"]
        core = pl.when(pl.col("extra") > 0).then(_join(parts, f)).otherwise(_join(parts[:2], f))
        out[f"core_{f}"] = core
    frame = frame.with_columns(**out).with_columns(pl.Series("form", form),
                                                   pl.Series("native_form", native_form))
    if code == "ru":  # ООО «Уралэнерго»: the native form leads, the Latin one trails
        native = pl.format("{} «{}»", pl.col("native_form"), pl.col("core_native"))
    else:
        native = pl.concat_str(["core_native", "native_form"], separator=" ")
    return frame.select(
        name=pl.concat_str(["core_name", "form"], separator=" "), native=native,
        alt=pl.concat_str(["core_alt", "form"], separator=" "), core="core_name", form="form",
    )


def _pattern(code: str, patterns: tuple[str, ...], index: np.ndarray, salt: int,
             words: str = "places") -> pl.DataFrame:
    """Names from patterns with {x} (a place or brand word) and {n}, {n2} (causes)."""
    pool = lang(code)
    xs = pool.brands if words == "brands" else pool.places
    size = xs.height * len(patterns)
    index = np.asarray(index, dtype=np.int64)
    local = permute(index % size, size, salt)
    extra = index // size
    frame = pl.concat([
        _take(xs, local // len(patterns), "x"),
        _take(pool.causes, (local + extra) % pool.causes.height, "n"),
        _take(pool.causes, (local + extra + 1) % pool.causes.height, "n2"),
        _take(pool.brands, extra % pool.brands.height, "e"),
    ], how="horizontal").with_columns(pl.Series("pattern", local % len(patterns)),
                                      pl.Series("extra", extra))
    out = {}
    for form in ("name", "native", "alt"):
        x = pl.when(pl.col("extra") > 0).then(
            pl.concat_str([pl.col(f"x_{form}"), pl.col(f"e_{form}")], separator=" ")
        ).otherwise(pl.col(f"x_{form}"))
        expr = None
        for i, pattern in enumerate(patterns):
            filled = _fill(pattern, x, pl.col(f"n_{form}"), pl.col(f"n2_{form}"), code, form)
            expr = (pl.when(pl.col("pattern") == i).then(filled) if expr is None
                    else expr.when(pl.col("pattern") == i).then(filled))
        out[form] = expr.otherwise(pl.lit(None, pl.String))
    return frame.select(**out)


def _fill(pattern: str, x: pl.Expr, n: pl.Expr, n2: pl.Expr, code: str, form: str
          ) -> pl.Expr:
    pieces = re.split(r"(\{x\}|\{n2\}|\{n\})", pattern)
    values = {"{x}": x, "{n}": n, "{n2}": n2}
    convert = {"name": latin, "alt": alternative}.get(form, lambda w, _: w)
    return pl.concat_str([values.get(p, pl.lit(convert(p, code))) for p in pieces if p != ""])


def banks(code: str, index: np.ndarray) -> pl.DataFrame:
    return _pattern(code, pools.BANKS[code], index, 3, words="brands")


def associations(code: str, index: np.ndarray) -> pl.DataFrame:
    return _pattern(code, pools.ASSOCIATIONS[code], index, 4, words="brands")


def parties(code: str, index: np.ndarray) -> pl.DataFrame:
    return _pattern(code, pools.PARTIES[code], index, 6)
