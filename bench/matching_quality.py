"""Matching quality on labelled pairs built from real registries (`make bench`).

Positives: an entity's alias, held out of the index, must resolve to that entity (OFAC and
UN aliases of one person or organisation, and the curated registry's cross-script and
transliterated aliases). An alias is kept as a positive when it is written in Cyrillic or
Greek, or shares a *distinctive* word (four letters or more, and found in the names of fewer
than COMMON_WORD_ENTITIES entities of its kind) with another name of the entity. Aliases that
share only common words ("IAN LIMITED" for "CEC LIMITED", "ALPHA GROUP" for "KGB ALPHA") are
other names altogether, as are a vessel's former name, a translation or a nickname: they
cannot be found from the name, so they are not scored as positives (their recall is printed
for information).
Negatives: names that must not match anything: real EU bank names from the national bank
registries (legitimate banks, not on any sanctions list, save the EU branches of a few
listed Iranian banks, whose matches are not counted: see below) and near-miss decoys made from a
watch-list name by replacing one word with another entity's: for a person, the longest word
by a word of another person's name; for an organisation with two distinctive words or more,
the longest distinctive word by a distinctive word of another organisation (the decoy keeps
the rest of the name). Descriptors are never swapped: "NOVIN ENERGY TRADE" for "NOVIN ENERGY
COMPANY", or "LIMITED NUCLEAR FUEL CENTRE" for "ESFAHAN NUCLEAR FUEL CENTRE", describes the
same body, or none, and the positives treat such pairs as one body (AMIROLMOMENIN FACTORIES /
AMIROLMOMENIN INDUSTRIES).

What counts as a correct match (the ground truth, audited):
- the true entity;
- an entity listed under the very same name (after normalization, or in Latin letters with
  brackets and punctuation aside, or written with or without spaces, legal forms aside:
  "SMILE WALLET LIMITED" / "SMILEWALLET B.V.", "Abdul Malik AL HOUTHI" / "ABDULMALIK
  AL-HOUTHI") elsewhere: the same person or body on the OFAC and the UN list, or an
  ambiguous name that both entities carry; a person's name is the same with the patronymic
  one list gives and the other leaves out ("UMAROV, Doku" / "DOKU KHAMATOVICH UMAROV");
- an entity of the same kind on another list that shares an identifier with the true entity
  (passport, national id, tax, registration or IMO number): the two records are one body;
- a person on another list born on the same day as the true entity, whose names share a word
  of four letters or more ("Ermias GHERMAY" / ERMIAS GHIRMAY): one person, by facts the
  matcher does not score.
For a negative, a match whose registry name is the query's own name (the same Latin words,
legal form aside) is neither right nor wrong (a listed bank's EU branch) and is not counted;
nor is a negative's match to an entity one of whose names it holds word for word (as written,
or legal forms aside, with what brackets hold read as words). An EU bank of that kind is a
listed bank's branch ("Saman Bank Niederlassung Frankfurt" of SAMAN BANK); a decoy of that
kind is no near miss: the swap made a listed name or a longer form of one, not the name of
another body. Swapping a word of CHAM WINGS AIRLINES makes "CHAM WINGS FREIGHT", a longer form
of its alias CHAM WINGS; swapping one of BANDAR IMAM KHOMEINI PETROCHEMICAL COMPANY may make a
longer form of another listed body, BANDAR IMAM PETROCHEMICAL COMPANY; swapping the word of a
legal form keeps the whole name ("BALLITO BAY SHIPPING MONETA" of BALLITO BAY SHIPPING
INCORPORATED); swapping a person's surname may make the very name of another listed person.

Prints precision, recall and F1 by person and organization at the shipped threshold, a sweep
of thresholds (how the threshold was chosen), and blocking recall (the share of positives
whose true entity reached scoring). Also:
- the ceiling of the threshold: F1 were every positive whose true entity scores in the review
  band a match, with no false match added, which no threshold and no reordering inside the
  band can beat; and how far below the band the other misses score;
- recall by the shape of each positive: how its alias differs from the nearest other name of
  its entity (same words, a shorter or a longer form, one word swapped, several words
  differ), judged on plain words apart from the matcher. A near-miss decoy is "one word
  swapped" by construction, so an alias of that shape, or of several words differing, is told
  from a decoy only by what its words mean;
- false alerts on real filings: every donor, lender and recipient name of the real UK,
  German and Dutch registers in ../shared/data (when it is there) resolved against the OFAC
  and UN lists. None of them is listed, so each match is a false alert a reviewer would read.

    .venv/bin/python bench/matching_quality.py [--seed 3] [--sample 4000]
"""

from __future__ import annotations

import argparse
import random
import re
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from anyascii import anyascii
from rapidfuzz import fuzz

from finance_audit import api
from finance_audit.match.candidates import RegistryIndex, build_index, candidates
from finance_audit.match.flows import resolve_flows
from finance_audit.match.normalize import normalize_names
from finance_audit.match.resolve import QUERY_SCHEMA
from finance_audit.match.score import POSSIBLE_THRESHOLD, THRESHOLD, MatchSettings, score
from finance_audit.registry import default_registry_paths, load_registry
from finance_audit.store import Store

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
# The real donor and lender registers (`make realdata` imports the same files).
DONOR_FILES = ("uk-ec-donations/Q1_2024.csv", "uk-ec-donations/donor_may2024.csv",
               "uk-ec-pef/donations-2005.csv", "uk-ec-pef/donations-2012.csv",
               "uk-ec-pef/loans-2010.csv", "uk-ec-pef/loans-2011.csv", "uk-ec-pef/loans-2012.csv",
               "uk-ec-pef/loans-2013.csv", "de-donations/donations.csv",
               "de-donations/lobbycontrol_parteispenden_original_data.csv",
               "nl-donations/giften_2023.ods", "nl-donations/giften_2024.ods")
WORD_ALIKE = 80  # rapidfuzz ratio at which two words count as one word spelled two ways
# A Slavic patronymic in plain Latin words (-ovich, -evich, -ovych, -ovna, -evna, -ivna, ...)
PLAIN_PATRONYMIC = r"[a-z]{3,}(?:ovich|evich|ovych|evych|ovitch|ovna|evna|ivna|ichna)"
SCORED_FROM = 0.3  # pairs scored below this are left out of the results
COMMON_WORD_ENTITIES = 20  # a word in the names of this many entities of a kind is common
EU = ("AT", "BE", "DE", "FR", "NL", "IT", "ES", "PL", "CZ", "SK", "SI", "FI", "SE", "LT",
      "LV", "EE", "HR", "RO", "HU", "PT", "IE", "LU", "DK")


def load_sources() -> dict[str, pl.DataFrame]:
    return {fmt: load_registry(path, fmt).entities for path, fmt in default_registry_paths()}


def _words(name: str) -> set[str]:
    return {w for w in re.split(r"[^\w]+", name.lower()) if len(w) >= 4}


def _is_variant(alias: str, names: list[str], common: frozenset[str]) -> bool:
    """A variant of another name of the entity (a distinctive word in common), or a
    cross-script one."""
    if re.search(r"[\u0370-\u03ff\u0400-\u04ff]", alias):
        return True
    return any((_words(alias) & _words(other)) - common for other in names if other != alias)


def common_words(watch: pl.DataFrame) -> dict[str, frozenset[str]]:
    """Words (4+ letters) in the names of COMMON_WORD_ENTITIES or more entities, by group."""
    out = {}
    for group, kinds in (("person", ["person"]), ("organization", None)):
        rows = watch.filter(pl.col("kind").is_in(kinds) if kinds else pl.col("kind") != "person")
        counts: dict[str, int] = {}
        for name, aliases in rows.select("name", "aliases").iter_rows():
            for word in set().union(*(_words(n) for n in [name, *aliases])):
                counts[word] = counts.get(word, 0) + 1
        out[group] = frozenset(w for w, n in counts.items() if n >= COMMON_WORD_ENTITIES)
    return out


def _is_close_variant(alias: str, names: list[str]) -> bool:
    """The same name written differently: most words shared (Jaccard >= 0.5, words of 3+
    letters, case and punctuation ignored), or another script."""
    if re.search(r"[\u0370-\u03ff\u0400-\u04ff]", alias):
        return True
    mine = {w for w in re.split(r"[^\w]+", alias.lower()) if len(w) >= 3}
    for other in names:
        if other == alias:
            continue
        theirs = {w for w in re.split(r"[^\w]+", other.lower()) if len(w) >= 3}
        if mine and theirs and len(mine & theirs) / len(mine | theirs) >= 0.5:
            return True
    return False


def _plain_words(name: str) -> list[str]:
    """A name's words in Latin letters, lower case, brackets and punctuation aside: apart
    from the matcher's normalization (its legal forms, folding and translations)."""
    return re.findall(r"[a-z0-9]+", anyascii(re.sub(r"\([^)]*\)", " ", name)).lower())


def same_name_groups(watch: pl.DataFrame) -> pl.DataFrame:
    """(entity_id, other_id) for entities listed under an identical normalized name, for
    entities of one kind on two lists that share an identifier (the same body twice), and
    for persons on two lists born on one day whose names share a word."""
    names = pl.concat([
        watch.select("entity_id", "name"),
        watch.select("entity_id", pl.col("aliases").alias("name")).explode("name"),
    ]).drop_nulls()
    normalized = normalize_names(names["name"])
    keyed = names.join(normalized.select("name", "fold_sorted"), on="name")
    # The same name written with or without spaces, legal forms aside ("SMILE WALLET LIMITED"
    # / "SMILEWALLET B.V."), as the matcher joins "VAKIL ABAD" and "VAKILABAD".
    joined = names.join(normalized.select(
        "name", ("joined:" + pl.col("core").str.replace_all(r"[^a-z0-9]", "")).alias(
            "fold_sorted")), on="name").filter(pl.col("fold_sorted") != "joined:")
    # The same name written with a qualifier in brackets ("INDUSTRIAL FACTORIES OF PRECISION
    # (IFP) MACHINERY" / "INDUSTRIAL FACTORIES OF PRECISION-MACHINERY", "AL-HARAMAIN
    # FOUNDATION (PAKISTAN)"): brackets and punctuation aside, in Latin letters, words sorted.
    # Independent of the matcher's normalization (its legal forms, folding and translations).
    plain = names.with_columns(
        pl.col("name").map_elements(lambda name: " ".join(sorted(_plain_words(name))),
                                    return_dtype=pl.String).alias("fold_sorted")
    ).filter(pl.col("fold_sorted") != "")
    # A person's name with the patronymic one list gives and the other leaves out ("UMAROV,
    # Doku" / "DOKU KHAMATOVICH UMAROV"), in plain words: the same person, or the same name.
    persons = names.join(watch.filter(pl.col("kind") == "person").select("entity_id"),
                         on="entity_id", how="semi")
    kin_free = persons.with_columns(
        pl.col("name").map_elements(
            lambda name: " ".join(sorted(w for w in _plain_words(name)
                                         if not re.fullmatch(PLAIN_PATRONYMIC, w))),
            return_dtype=pl.String).alias("fold_sorted")
    ).filter(pl.col("fold_sorted").str.contains(" "))
    keyed = pl.concat([
        keyed.select("entity_id", "fold_sorted"),
        joined.select("entity_id", "fold_sorted"),
        plain.select("entity_id", ("plain:" + pl.col("fold_sorted")).alias("fold_sorted")),
        kin_free.select("entity_id", ("kin:" + pl.col("fold_sorted")).alias("fold_sorted")),
    ]).unique()
    by_name = keyed.join(keyed, on="fold_sorted").select(
        "entity_id", pl.col("entity_id_right").alias("other_id")
    )
    ids = watch.select(
        "entity_id", (pl.col("kind") == "person").alias("person"),
        pl.col("entity_id").str.extract(r"^([^:]+):", 1).fill_null("").alias("list"),
        "identifiers",
    ).explode("identifiers").drop_nulls("identifiers")
    by_id = ids.join(ids, on=["identifiers", "person"]).filter(
        pl.col("list") != pl.col("list_right")
    ).select("entity_id", pl.col("entity_id_right").alias("other_id"))
    return pl.concat([by_name, by_id, _same_birth_and_word(watch, names)]).unique()


def _same_birth_and_word(watch: pl.DataFrame, names: pl.DataFrame) -> pl.DataFrame:
    """(entity_id, other_id) for persons on two lists born on the same day, whose names share
    a word of four letters or more ("Ermias GHERMAY" / ERMIAS GHIRMAY): the same person, by
    facts the matcher does not score."""
    persons = watch.filter(pl.col("kind") == "person")
    born = persons.select(
        "entity_id", pl.col("entity_id").str.extract(r"^([^:]+):", 1).fill_null("").alias("list"),
        pl.col("birth_dates").alias("born"),
    ).explode("born").filter(pl.col("born").str.contains(r"^\d{4}-\d{2}-\d{2}$"))
    words = names.join(persons.select("entity_id"), on="entity_id", how="semi").with_columns(
        pl.col("name").map_elements(lambda name: [w for w in _plain_words(name) if len(w) >= 4],
                                    return_dtype=pl.List(pl.String)).alias("word")
    ).explode("word").select("entity_id", "word").drop_nulls().unique()
    pairs = born.join(born, on="born").filter(pl.col("list") != pl.col("list_right")).select(
        "entity_id", pl.col("entity_id_right").alias("other_id")).unique()
    return pairs.join(words, on="entity_id").join(
        words.rename({"entity_id": "other_id"}), on=["other_id", "word"]).select(
        "entity_id", "other_id").unique()


def own_name_key(names: pl.Series) -> pl.DataFrame:
    """(name, key): a name's Latin words, sorted, legal form aside, transliteration
    variants not folded ("KBC" is not "KBK")."""
    return normalize_names(names).select(
        "name", pl.col("core").str.split(" ").list.sort().list.join(" ").alias("key")
    )


def build_pairs(sources: dict[str, pl.DataFrame], sample: int, seed: int):
    rng = random.Random(seed)
    watch = pl.concat([sources[f] for f in ("canonical", "ofac-sdn", "un-xml") if f in sources],
                      how="vertical_relaxed")
    with_alias = watch.filter(
        (pl.col("aliases").list.len() > 0) & pl.col("kind").is_in(["person", "company", "bank",
                                                                    "organization"])
    )
    common = common_words(watch)
    rows = with_alias.select("entity_id", "kind", "name", "aliases").to_dicts()
    rng.shuffle(rows)
    held: dict[str, str] = {}
    queries = []
    other_names = []  # aliases sharing only common words: printed, not scored
    for row in rows:
        if len(queries) >= sample:
            break
        group = "person" if row["kind"] == "person" else "organization"
        names = [row["name"], *row["aliases"]]
        variants = [a for a in row["aliases"] if _is_variant(a, names, common[group])]
        if not variants:
            loose = [a for a in row["aliases"] if _is_variant(a, names, frozenset())]
            if loose:
                held[row["entity_id"]] = rng.choice(loose)
                other_names.append({"name": held[row["entity_id"]], "truth": row["entity_id"],
                                    "group": group})
            continue
        alias = rng.choice(variants)
        held[row["entity_id"]] = alias
        close = _is_close_variant(alias, [row["name"], *row["aliases"]])
        queries.append({"name": alias, "type": "person" if row["kind"] == "person" else "org",
                        "truth": row["entity_id"], "group": "person" if row["kind"] == "person"
                        else "organization",
                        "label": "spelling variant" if close else "alias sharing a word"})
    # The index must not contain the held-out alias itself.
    indexed = watch.with_columns(
        pl.struct("entity_id", "aliases").map_elements(
            lambda s: [a for a in s["aliases"] if a != held.get(s["entity_id"])],
            return_dtype=pl.List(pl.String),
        ).alias("aliases")
    )
    banks = sources.get("bank-json")
    if banks is not None:
        eu_banks = banks.filter(pl.col("country").is_in(EU)).select("name").unique(
            maintain_order=True)
        names = eu_banks["name"].to_list()
        rng.shuffle(names)
        for name in names[: sample // 2]:
            queries.append({"name": name, "type": "org", "truth": None,
                            "group": "organization", "label": "EU bank (not sanctioned)"})
    # Near misses: a watch-list name with its rarest word swapped for another entity's word.
    # Names of two words or more, counted as written: the sample must not move when the
    # matcher's legal forms or translations change.
    long_names = watch.filter(pl.col("name").str.split(" ").list.len() >= 2)
    donors = long_names.select("entity_id", "name", "kind").to_dicts()

    def distinctive(word: str) -> bool:
        return bool(_words(word)) and not _words(word) & common["organization"]

    person_vocabulary = [w for n in donors if n["kind"] == "person" for w in n["name"].split()
                         if len(w) >= 5]
    # An organisation's descriptor ("GENERAL", "COMPANY") is not what names it: the word
    # replaced, and the word put in its place, are distinctive ones.
    org_vocabulary = [w for n in donors if n["kind"] != "person" for w in n["name"].split()
                      if len(w) >= 5 and distinctive(w)]
    rng.shuffle(donors)
    # As many decoys of each group as the first sample/2 names hold; a name that makes no
    # decoy gives its turn to the next one of its group.
    wanted = {True: 0, False: 0}
    for row in donors[: sample // 2]:
        wanted[row["kind"] == "person"] += 1
    for row in donors:
        words = row["name"].split()
        person = row["kind"] == "person"
        if wanted[person] <= 0:
            continue
        replaceable = [i for i, w in enumerate(words) if person or distinctive(w)]
        # A near miss keeps the rest of the name: an organisation's decoy keeps another of
        # its distinctive words (replacing the one word of "ALMAZ-ANTEY" makes a name that is
        # not near it at all).
        if not replaceable or (not person and len(replaceable) < 2):
            continue
        longest = max(replaceable, key=lambda i: len(words[i]))
        words[longest] = rng.choice(person_vocabulary if person else org_vocabulary)
        decoy = " ".join(words)
        if decoy != row["name"]:
            wanted[person] -= 1
            queries.append({"name": decoy, "type": "person" if row["kind"] == "person" else "org",
                            "truth": None, "group": "person" if row["kind"] == "person"
                            else "organization", "label": "near-miss decoy",
                            "source": row["entity_id"]})
    return watch, indexed, pl.DataFrame(queries, infer_schema_length=None), pl.DataFrame(
        other_names, schema={"name": pl.String, "truth": pl.String, "group": pl.String})


SHAPES = ("same words", "a shorter form", "a longer form", "one word swapped",
          "several words differ")


def alias_shape(alias: str, names: list[str]) -> str:
    """How an alias differs from the nearest other name of its entity, judged on plain words
    (Latin letters, brackets aside; two words alike at rapidfuzz ratio WORD_ALIKE), apart
    from the matcher's own normalization. A near-miss decoy is "one word swapped" by
    construction: an alias of that shape is told from a decoy only by what the words mean."""
    mine = _plain_words(alias)
    best = len(SHAPES) - 1
    for other in names:
        theirs = _plain_words(other)
        extra = [w for w in mine if not any(fuzz.ratio(w, t) >= WORD_ALIKE for t in theirs)]
        lacking = [w for w in theirs if not any(fuzz.ratio(w, m) >= WORD_ALIKE for m in mine)]
        if not extra and not lacking:
            shape = 0
        elif not extra or not lacking:
            shape = 1 if not extra else 2
        else:
            shape = 3 if len(extra) == 1 and len(lacking) == 1 else 4
        best = min(best, shape)
    return SHAPES[best]


def held_name_hits(results: pl.DataFrame, queries: pl.DataFrame, watch: pl.DataFrame,
                   same: pl.DataFrame) -> pl.DataFrame:
    """(query_id, entity_id) of negatives matched to an entity (or the same body) one of whose
    names the negative holds word for word (as written, or legal forms aside with what
    brackets hold read as words): a listed bank's branch in the EU, or a decoy whose swap made
    a listed name or a longer form of one, not the name of another body.
    "Saman Bank Niederlassung Frankfurt" and "Middle East Bank, Munich Branch" are the
    Frankfurt and Munich branches of the listed Iranian SAMAN BANK and MIDDLE EAST BANK: the
    bank registries list them among the EU's banks, yet they are the listed bodies. Swapping a
    word of "CHAM WINGS AIRLINES" makes "CHAM WINGS FREIGHT", a longer form of its alias "CHAM
    WINGS"; swapping one of another body's name makes "BANDAR IMAM OCTOBER PETROCHEMICAL
    COMPANY", a longer form of the listed BANDAR IMAM PETROCHEMICAL COMPANY; swapping a
    person's surname may make the very name of another listed person ("HAQQANI, Abdul Aziz").
    Neither right nor wrong, like a negative's own listed name (own_name_hits)."""
    names_of = dict(watch.select(
        "entity_id", pl.concat_list(pl.col("name"), pl.col("aliases")).alias("names")
    ).iter_rows())

    def holds_a_name(row: dict) -> bool:
        # Word for word: "BAHJAT TROOPS OF THE MINISTRY OF INTERNAL AFFAIRS" has lost one of
        # the two "INTERNAL"s of "INTERNAL TROOPS OF THE MINISTRY OF INTERNAL AFFAIRS". The
        # legal forms aside, as for own_name_hits: "RAJBROOK SMOOTH LTD" holds RAJBROOK
        # LIMITED's name.
        for words_of in (_plain_words, lambda name: _plain_words(core[name])):
            mine = Counter(words_of(row["name"]))
            if any(Counter(words) <= mine for other in names_of.get(row["other_id"], [])
                   if (words := words_of(other))):
                return True
        return False

    negatives = queries.filter(pl.col("truth").is_null()).select("query_id", "name")
    hits = results.join(negatives, on="query_id").select("query_id", "name", "entity_id").unique()
    bodies = pl.concat([hits.with_columns(pl.col("entity_id").alias("other_id")),
                        hits.join(same, on="entity_id")]).unique()
    named = pl.concat([bodies["name"], pl.Series([n for other in bodies["other_id"].unique()
                                                  for n in names_of.get(other, [])])]).unique()
    core = dict(normalize_names(named).select("name", "core").iter_rows())
    return bodies.filter(pl.struct("name", "other_id").map_elements(
        holds_a_name, return_dtype=pl.Boolean)).select("query_id", "entity_id").unique()


def real_donor_flows() -> pl.DataFrame | None:
    """The flows of the real UK, German and Dutch registers (../shared/data), imported into a
    scratch store; None when the files are not beside the project."""
    paths = [DATA / name for name in DONOR_FILES]
    if not all(path.exists() for path in paths):
        return None
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "donors.duckdb"
        api.import_files(paths, db=db)
        with Store(db) as store:
            return store.frame(
                "SELECT flow_id, jurisdiction, recipient, counterparty, counterparty_type, "
                "counterparty_country, counterparty_id, paid_by, assigned_to FROM flows "
                "ORDER BY flow_id")


def evaluate(results: pl.DataFrame, queries: pl.DataFrame, threshold: float,
             same: pl.DataFrame) -> pl.DataFrame:
    matched = results.filter(pl.col("score") >= threshold).select("query_id", "entity_id")
    # A match to the same name listed under another id is the truth for positives; for
    # negatives, a match whose registry name is the query's own name is not an error either.
    matched = matched.join(queries.select("query_id", "truth"), on="query_id").join(
        same, left_on=["entity_id", "truth"], right_on=["other_id", "entity_id"], how="left",
        coalesce=False,
    ).with_columns(
        pl.when(pl.col("entity_id_right").is_not_null()).then(pl.col("truth"))
        .otherwise(pl.col("entity_id")).alias("entity_id")
    ).select("query_id", "entity_id").unique()
    per_query = queries.join(
        matched.group_by("query_id").agg(pl.col("entity_id")), on="query_id", how="left"
    ).with_columns(pl.col("entity_id").fill_null([]))
    return per_query.with_columns(
        (pl.col("truth").is_not_null() & pl.col("entity_id").list.contains(pl.col("truth")))
        .alias("tp"),
        (pl.col("entity_id").list.len() - (
            pl.col("truth").is_not_null() & pl.col("entity_id").list.contains(pl.col("truth"))
        ).cast(pl.Int64)).alias("fp"),
    ).group_by("group").agg(
        pl.col("tp").sum(), pl.col("fp").sum(), pl.col("truth").is_not_null().sum()
        .alias("positives"), pl.len().alias("queries"),
    ).with_columns(
        (pl.col("tp") / (pl.col("tp") + pl.col("fp"))).alias("precision"),
        (pl.col("tp") / pl.col("positives")).alias("recall"),
    ).with_columns(
        (2 * pl.col("precision") * pl.col("recall") / (pl.col("precision") + pl.col("recall")))
        .alias("f1")
    ).sort("group")


def labelled_sample(doc: str):
    """The registries and the labelled sample of the command line's --sample and --seed:
    (the arguments, sources, and build_pairs' watch, indexed, labelled, others)."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--sample", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    sources = load_sources()
    return args, sources, *build_pairs(sources, args.sample, args.seed)


def prepared_queries(labelled: pl.DataFrame) -> pl.DataFrame:
    """The labelled names as the matcher's queries (numbered in order, no country and no
    identifiers, normalized), with their truth, group, label and source."""
    queries = labelled.with_row_index("query_id").with_columns(
        pl.lit(None, pl.String).alias("country"),
        pl.lit([], dtype=pl.List(pl.String)).alias("identifiers"),
    )
    return queries.select(list(QUERY_SCHEMA) + ["truth", "group", "label", "source"]).join(
        normalize_names(queries["name"]), on="name", how="inner")


@dataclass(frozen=True)
class ScoredSample:
    """The labelled sample scored as every quality bench scores it."""

    index: RegistryIndex
    everything: pl.DataFrame  # the labelled queries and the other names (label "other name")
    results_all: pl.DataFrame  # scores of everything, from the review band's 0.3
    prepared: pl.DataFrame  # the labelled queries alone
    found: pl.DataFrame  # their candidates
    score_seconds: float  # the time score() took


def scored_sample(indexed: pl.DataFrame, labelled: pl.DataFrame,
                  others: pl.DataFrame) -> ScoredSample:
    """Index `indexed`, and score the labelled queries with the other names (whose recall is
    printed apart) against it."""
    index = build_index(indexed)
    everything = prepared_queries(pl.concat([labelled, others.with_columns(
        pl.lit("other name").alias("label"), pl.lit(None, pl.String).alias("type"))],
        how="diagonal_relaxed"))
    found_all = candidates(everything, index)
    started = time.perf_counter()
    results_all = score(everything, found_all, index, MatchSettings(possible_threshold=SCORED_FROM))
    seconds = time.perf_counter() - started
    prepared = everything.filter(pl.col("label") != "other name")
    found = found_all.join(prepared.select("query_id"), on="query_id", how="semi")
    return ScoredSample(index, everything, results_all, prepared, found, seconds)


def own_name_hits(results: pl.DataFrame, negatives: pl.DataFrame,
                  registry_names: pl.Series) -> pl.DataFrame:
    """(query_id, entity_id) of negatives matched to a listed name that is their own (the
    same Latin words, legal form aside): a listed bank's EU branch, neither right nor
    wrong."""
    own = own_name_key(pl.concat([negatives["name"], registry_names]).unique())
    return results.join(negatives.select("query_id", "name"), on="query_id").join(
        own.rename({"key": "q_key"}), on="name"
    ).join(own.rename({"name": "r_name", "key": "r_key"}), on="r_name").filter(
        pl.col("q_key") == pl.col("r_key")).select("query_id", "entity_id")


def main() -> None:
    started = time.perf_counter()
    _, sources, watch, indexed, labelled, others = labelled_sample(__doc__)
    sample = scored_sample(indexed, labelled, others)
    index, everything, results_all = sample.index, sample.everything, sample.results_all
    prepared, found = sample.prepared, sample.found
    same = same_name_groups(watch)
    # Reaching the true entity, or one listed under the very same name, counts.
    reached = found.join(index.names.select("name_id", "entity_id"), on="name_id").join(
        prepared.select("query_id", "truth"), on="query_id"
    ).join(same, left_on=["entity_id", "truth"], right_on=["other_id", "entity_id"]).select(
        "query_id").unique()
    positives = prepared.filter(pl.col("truth").is_not_null())
    blocking_recall = reached.height / max(positives.height, 1)
    print(f"labelled queries: {prepared.height:,} ({positives.height:,} positives: held-out "
          f"aliases; {prepared.height - positives.height:,} negatives: EU banks and near-miss "
          f"decoys) against {index.entities:,} watch-list entities")
    same_ids = same.filter(pl.col("entity_id") != pl.col("other_id"))
    print(f"ground truth: {same_ids.height // 2:,} pairs of entities count as one body or one "
          f"name (the same normalized or bracket-free name, a person's name with a "
          f"patronymic aside, or one identifier on two lists); "
          f"{others.height:,} aliases sharing only common words with the entity's other names "
          f"are not scored as positives")
    print(f"blocking recall: {blocking_recall:.4f} ({reached.height:,} of {positives.height:,} "
          f"positives reach scoring; {found.height / prepared.height:.1f} candidates per query)")
    print(f"\nat the shipped threshold {THRESHOLD}:")
    own_hits = own_name_hits(results_all, prepared.filter(pl.col("truth").is_null()),
                             index.names["name"])
    held = held_name_hits(results_all, prepared, watch, same)
    results = results_all.join(prepared.select("query_id"), on="query_id", how="semi").join(
        own_hits, on=["query_id", "entity_id"], how="anti").join(
        held, on=["query_id", "entity_id"], how="anti")
    held_at = results_all.filter(pl.col("score") >= THRESHOLD).join(
        held, on=["query_id", "entity_id"], how="semi").join(
        prepared.select("query_id", "source"), on="query_id")
    held_banks = held_at.filter(pl.col("source").is_null())["query_id"].n_unique()
    held_decoys = held_at.filter(pl.col("source").is_not_null())["query_id"].n_unique()
    print(f"({own_hits.select('query_id').n_unique():,} negatives carry the very name of a listed "
          f"entity, e.g. a listed bank's EU branch; {held_banks:,} EU banks and {held_decoys:,} "
          f"decoys matched at the threshold hold, word for word, a name of the entity they "
          f"matched: a listed bank's branch (\"Saman Bank Niederlassung Frankfurt\"), or a "
          f"swap that made a listed name or a longer form of one (\"CHAM WINGS FREIGHT\" of "
          f"CHAM WINGS AIRLINES, alias CHAM WINGS): those matches are not counted)")
    table = evaluate(results, prepared, THRESHOLD, same)
    columns = ["group", "queries", "positives", "tp", "fp", "precision", "recall", "f1"]
    print("all positives (aliases sharing a distinctive word with another name, or in another "
          "script):")
    print(table.select(columns))
    close = prepared.filter(pl.col("truth").is_null() | (pl.col("label") == "spelling variant"))
    print("spelling variants only (most words shared, or another script) and all negatives:")
    print(evaluate(results, close, THRESHOLD, same).select(columns))
    other_queries = everything.filter(pl.col("label") == "other name")
    if other_queries.height:
        other_found = evaluate(results_all, other_queries, THRESHOLD, same)
        print("for information, aliases sharing only common words (not scored above): recall "
              + ", ".join(f"{r['group']} {r['recall']:.3f} of {r['positives']}"
                          for r in other_found.iter_rows(named=True)))
    # How far each positive is from its entity's other names, and recall by that shape.
    names_of = dict(indexed.select(
        "entity_id", pl.concat_list(pl.col("name"), pl.col("aliases")).alias("names")
    ).iter_rows())
    shaped = positives.with_columns(
        pl.struct("name", "truth").map_elements(
            lambda s: alias_shape(s["name"], names_of[s["truth"]]), return_dtype=pl.String
        ).alias("shape")
    )
    by_shape = evaluate(results, shaped.with_columns(
        (pl.col("group") + ": " + pl.col("shape")).alias("group")), THRESHOLD, same)
    order = {f"{g}: {shape}": i for i, (g, shape) in enumerate(
        (g, shape) for g in ("organization", "person") for shape in SHAPES)}
    print("recall by how the alias differs from the entity's nearest other name (plain words, "
          f"alike at rapidfuzz ratio {WORD_ALIKE}; every near-miss decoy is 'one word "
          "swapped'):")
    with pl.Config(tbl_rows=20, fmt_str_lengths=50):
        print(by_shape.sort(pl.col("group").replace_strict(order, default=99)).select(
            "group", "positives", "tp", "recall"))
    print("\nthreshold sweep (how the threshold was chosen):")
    sweep = []
    for t in (0.6, 0.7, 0.8, 0.83, 0.84, 0.85, 0.86, 0.87, 0.88, 0.9, 0.95):
        row = evaluate(results, prepared, t, same)
        for r in row.iter_rows(named=True):
            sweep.append({"threshold": t, **{k: r[k] for k in ("group", "precision", "recall",
                                                             "f1")}})
    sweep_frame = pl.DataFrame(sweep)
    with pl.Config(tbl_rows=40):
        print(sweep_frame.pivot(on="group", index="threshold", values=["precision", "recall",
                                                                       "f1"]))
    truth_group = pl.concat([
        same.rename({"entity_id": "truth", "other_id": "entity_id"}),
        positives.select("truth", pl.col("truth").alias("entity_id")),
    ]).unique()
    found_true = results.filter(pl.col("score") >= THRESHOLD).join(
        positives.select("query_id", "truth"), on="query_id"
    ).join(truth_group, on=["truth", "entity_id"]).select("query_id").unique()
    print_ceiling(results, prepared, positives, truth_group, same, table)
    misses = positives.filter(pl.col("label") == "spelling variant").join(
        found_true, on="query_id", how="anti")
    best = results.sort("score", descending=True).group_by("query_id", maintain_order=True).first()
    missed = misses.join(best.select("query_id", "r_name", "score"), on="query_id", how="left")
    print("\nsome missed spelling variants (query, best candidate, its score):")
    for row in missed.filter(pl.col("group") == "organization").head(25).iter_rows(named=True):
        print(f"  {row['name']!r} -> {row['r_name']!r} {row['score']}")
    wrong = results.filter(pl.col("score") >= THRESHOLD).join(
        prepared.select("query_id", "name", "truth", "label", "group"), on="query_id"
    ).join(truth_group, on=["truth", "entity_id"], how="anti").filter(
        pl.col("group") == "organization")
    print("\nsome organisation matches counted false (query, label, matched name, score):")
    for row in wrong.head(25).iter_rows(named=True):
        print(f"  {row['name']!r} [{row['label']}] -> {row['r_name']!r} {row['score']}")
    donor_flows = real_donor_flows()
    if donor_flows is None:
        print(f"\nno real donor registers at {DATA}: real-donor false matches not measured")
    else:
        # The registry a check uses, the curated list aside: the banks weigh the words as
        # they do in use, though only matches to the OFAC and UN lists are counted.
        listed = pl.concat([sources[f] for f in ("ofac-sdn", "un-xml", "bank-json")
                            if f in sources], how="vertical_relaxed")
        real_donor_matches(donor_flows, build_index(listed))
    print(f"\ntotal {time.perf_counter() - started:.1f} s")


def print_ceiling(results: pl.DataFrame, prepared: pl.DataFrame, positives: pl.DataFrame,
                  truth_group: pl.DataFrame, same: pl.DataFrame, table: pl.DataFrame) -> None:
    """What the threshold alone could reach: F1 were every positive whose true entity scores
    in the review band a match, with no false match added. No choice of threshold, and no
    reordering of the pairs inside the band, does better; what it leaves is the misses that
    score below the band or are no candidate at all."""
    true_pairs = results.join(positives.select("query_id", "truth"), on="query_id").join(
        truth_group, on=["truth", "entity_id"], how="semi")
    in_band = pl.col("score").is_between(POSSIBLE_THRESHOLD, THRESHOLD, closed="left")
    band = true_pairs.filter(in_band).select("query_id", "entity_id").with_columns(
        pl.lit(True).alias("_band"))
    raised = results.join(band, on=["query_id", "entity_id"], how="left").with_columns(
        pl.when(pl.col("_band")).then(pl.lit(THRESHOLD)).otherwise(pl.col("score"))
        .alias("score")).drop("_band")
    ceiling = evaluate(raised, prepared, THRESHOLD, same)
    best_true = true_pairs.group_by("query_id").agg(pl.col("score").max())
    missed = positives.join(best_true, on="query_id", how="left").filter(
        pl.col("score").is_null() | (pl.col("score") < THRESHOLD))
    below = missed.group_by("group").agg(
        (pl.col("score") < POSSIBLE_THRESHOLD).sum().alias(
            f"{SCORED_FROM} to {POSSIBLE_THRESHOLD}"),
        pl.col("score").is_null().sum().alias(f"under {SCORED_FROM} or not scored"),
        pl.col("score").is_between(POSSIBLE_THRESHOLD, THRESHOLD, closed="left").sum()
        .alias("in the band"))
    print(f"\nceiling of the threshold: were every positive whose true entity scores in the "
          f"review band [{POSSIBLE_THRESHOLD}, {THRESHOLD}) a match, and no false match added "
          f"(misses by the true entity's best score):")
    print(table.select("group", pl.col("f1").alias("f1 now")).join(
        ceiling.select("group", pl.col("recall").alias("recall at the ceiling"),
                       pl.col("f1").alias("f1 at the ceiling")), on="group").join(
        below, on="group", how="left").sort("group"))


def real_donor_matches(flows: pl.DataFrame, index) -> None:
    """Names in the real UK, German and Dutch registers (donors, lenders, intermediaries and
    the parties that received) matched to the OFAC and UN lists. None of them is a listed
    person or body (each match was read by hand), so every match is a false alert: the
    flooding a reviewer of these registers would see. (The curated registry is left out: it
    lists European parties and their foundations, which do give to UK parties.)"""
    matches = resolve_flows(flows, index).filter(
        pl.col("entity_id").str.starts_with("ofac:") | pl.col("entity_id").str.starts_with("un:"))
    names = pl.concat([
        flows.select(pl.col("counterparty").alias("name"), "counterparty_type"),
        *[flows.select(pl.col(c).alias("name"), pl.lit(None, pl.String)
                       .alias("counterparty_type"))
          for c in ("paid_by", "assigned_to", "recipient")],
    ]).drop_nulls("name").unique("name", keep="first", maintain_order=True)
    kind = pl.when(pl.col("counterparty_type") == "individual").then(pl.lit("person")).otherwise(
        pl.lit("organization or not stated"))  # the Dutch register states no type
    names = names.with_columns(kind.alias("group"))
    matched = matches.filter(pl.col("decision") == "match").select("name").unique()
    # A name kept for review (a possible) and matched to nothing: what a reviewer also reads.
    possible = matches.filter(pl.col("decision") == "possible").select("name").unique().join(
        matched, on="name", how="anti")
    table = names.group_by("group").agg(
        pl.len().alias("names"),
        pl.col("name").is_in(matched["name"].implode()).sum().alias("matched"),
        pl.col("name").is_in(possible["name"].implode()).sum().alias("possible only"),
    ).with_columns((pl.col("matched") / pl.col("names") * 10_000).round(1)
                   .alias("per_10000")).sort("group")
    print(f"\nreal donor names ({len(DONOR_FILES)} UK, German and Dutch register files, "
          f"{flows.height:,} flows; none is listed) matched to the OFAC and UN lists at the "
          "threshold: false alerts (and names kept as possible only, for review)")
    print(table)
    shown = matches.filter(pl.col("decision") == "match").sort("score", descending=True)
    for row in shown.unique("name", keep="first", maintain_order=True).iter_rows(named=True):
        print(f"  {row['name']!r} -> {row['matched_name']!r} {row['score']:.3f}")


if __name__ == "__main__":
    main()
