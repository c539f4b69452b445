"""A synthetic registry in the canonical format: states, parties, associations, non-profits,
banks (domestic, foreign, revoked), state-owned companies, sanctioned persons and companies,
offshore holdings, foreign-owned domestic companies, foreign companies and persons, PEPs,
beneficial owners and the domestic company register, with aliases, identifiers, topics,
status and ownership edges.

`build_registry` returns the registry rows and a catalogue (the same entities with the name
parts and segment the flow generator picks from).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import polars as pl

from finance_audit.synth import names, pools, world
from finance_audit.synth.world import Rng, choice

HOME = ("GB", "DE", "FR", "AT", "NL", "IT", "HU", "PL")
DOMESTIC = {"GB": 19, "DE": 19, "FR": 12, "AT": 7, "NL": 10, "IT": 13, "HU": 7, "PL": 10,
            "BE": 1, "LU": 1, "ES": 1}
REGISTRY_COLUMNS = ("entity_id", "name", "kind", "country", "aliases", "identifiers", "topics",
                    "status", "status_date", "owner_id", "source")
FOREIGN_PARTIES = {"TR": 4, "RS": 3, "UA": 3, "CH": 3}
PARTIES_PER_JURISDICTION = 10


@dataclass(frozen=True)
class Segment:
    code: str
    share: float
    minimum: int
    kind: str
    builder: str
    countries: dict[str, float]
    topics: str
    source: str
    first: tuple[str, ...] = ()  # countries of the first rows, so small registries have them


def _w(codes: tuple[str, ...], first: float = 1.0) -> dict[str, float]:
    return {c: (first if i == 0 else 1.0) for i, c in enumerate(codes)}


SEGMENTS = (
    Segment("assoc", 0.01, 60, "organization", "associations", DOMESTIC, "",
            "synth-association-register", HOME * 6),
    Segment("nonprofit", 0.004, 24, "organization", "associations",
            {"US": 5, "CH": 1, "GB": 1, "RU": 1, "TR": 1, "AE": 1}, "", "synth-ngo-monitor",
            ("US", "CH", "RU", "TR")),
    Segment("bank", 0.004, 30, "bank", "banks", DOMESTIC, "fin.bank", "synth-bank-supervisors",
            HOME * 2 + ("BE", "LU")),
    Segment("bank_revoked", 0.0008, 12, "bank", "banks", DOMESTIC, "fin.bank",
            "synth-bank-supervisors", ("DE", "AT", "NL", "IT", "HU", "GB") * 2),
    Segment("bank_foreign", 0.002, 24, "bank", "banks", _w(world.NON_EEA_BANKS, 3), "fin.bank",
            "synth-bank-supervisors"),
    Segment("soe", 0.003, 24, "company", "companies", _w(world.SOE_COUNTRIES, 3), "gov.soe",
            "synth-state-owned", ("HU", "AT", "IT", "FR", "RU", "CN")),
    Segment("state_owned", 0.001, 12, "company", "companies", _w(world.SOE_COUNTRIES, 3), "",
            "synth-company-register"),
    Segment("sanctioned_person", 0.004, 24, "person", "persons", _w(world.SANCTIONED, 5),
            "sanction", "synth-sanctions", ("RU", "RU", "BY")),
    Segment("sanctioned_company", 0.003, 24, "company", "companies", _w(world.SANCTIONED, 5),
            "sanction", "synth-sanctions"),
    Segment("holding", 0.01, 24, "company", "companies", _w(world.OFFSHORE, 3), "",
            "synth-offshore-register"),
    Segment("foreign_owned", 0.01, 24, "company", "companies", DOMESTIC, "",
            "synth-company-register", HOME * 3),
    Segment("foreign_company", 0.04, 40, "company", "companies",
            {**_w(world.NON_EU, 2), "GB": 1, "ES": 1, "GR": 1, "CY": 1}, "",
            "synth-company-register", world.NON_EU),
    Segment("foreign_person", 0.05, 40, "person", "persons",
            {**_w(world.NON_EU, 2), "ES": 1, "GR": 1, "BY": 1}, "", "synth-beneficial-owners"),
    Segment("pep", 0.03, 24, "person", "persons", DOMESTIC, "role.pep", "synth-peps", HOME * 3),
    Segment("person", 0.15, 60, "person", "persons", DOMESTIC, "", "synth-beneficial-owners",
            HOME * 6),
    Segment("company", 0.0, 0, "company", "companies", DOMESTIC, "", "synth-company-register",
            HOME * 6),
)


@dataclass
class Indexer:
    """Hands out disjoint index ranges per (builder, language), so no two names repeat."""

    next: dict[tuple[str, str], int] = field(default_factory=dict)

    def take(self, builder: str, lang: str, n: int) -> np.ndarray:
        start = self.next.get((builder, lang), 0)
        self.next[(builder, lang)] = start + n
        return np.arange(start, start + n, dtype=np.int64)


BUILDERS = {"persons": names.persons, "companies": names.companies, "banks": names.banks,
            "associations": names.associations, "parties": names.parties}


def named(builder: str, countries: np.ndarray, indexer: Indexer) -> pl.DataFrame:
    """Names for rows whose country decides the language; one builder call per language."""
    langs = np.array([world.LANG[c] for c in countries], dtype=object)
    out = []
    for code in sorted(set(langs)):
        rows = np.flatnonzero(langs == code)
        built = BUILDERS[builder](code, indexer.take(builder, code, len(rows)))
        out.append(built.with_columns(pl.Series("_row", rows), pl.lit(code).alias("lang")))
    frame = pl.concat(out, how="diagonal_relaxed").sort("_row").drop("_row")
    for col in ("core", "form", "given", "family"):
        if col not in frame.columns:
            frame = frame.with_columns(pl.lit(None, pl.String).alias(col))
    if "female" not in frame.columns:
        frame = frame.with_columns(pl.lit(None, pl.Boolean).alias("female"))
    return frame.select("name", "native", "alt", "core", "form", "given", "family", "female",
                        "lang")


def _segment_rows(seg: Segment, n: int, rng: Rng, indexer: Indexer) -> pl.DataFrame:
    r = rng("registry", seg.code)
    countries = choice(r, list(seg.countries), n, list(seg.countries.values()))
    countries[:min(n, len(seg.first))] = seg.first[:n]
    frame = named(seg.builder, countries, indexer)
    extra = r.random(n)
    topics = [seg.topics] * n
    if seg.code == "sanctioned_company":
        topics = np.where(extra < 0.3, "sanction;gov.soe", "sanction")
    elif seg.code == "sanctioned_person":
        topics = np.where(extra < 0.3, "sanction;role.pep", "sanction")
    elif seg.code == "bank_foreign":
        topics = np.where(extra < 0.25, "fin.bank;gov.soe", "fin.bank")
    elif seg.code == "holding":
        topics = np.where(extra < 0.5, "corp.shell", "")
    kind = "person" if seg.builder == "persons" else seg.kind
    return frame.with_columns(
        pl.lit(seg.code).alias("segment"), pl.lit(kind).alias("kind"),
        pl.Series("country", countries.astype(str)), pl.Series("topics", np.asarray(topics, str)),
        pl.lit(seg.source).alias("source"),
    )


def _fixed_rows(indexer: Indexer) -> pl.DataFrame:
    """States, and the parties that file (and some abroad)."""
    states = pl.DataFrame({"country": list(world.STATE_NAMES),
                           "name": list(world.STATE_NAMES.values())}).with_columns(
        pl.col("name").alias("native"), pl.col("name").alias("alt"),
        pl.lit("state").alias("segment"), pl.lit("public_body").alias("kind"),
        pl.lit("gov.national").alias("topics"), pl.lit("synth-states").alias("source"))
    wanted = {c: PARTIES_PER_JURISDICTION for c in world.JURISDICTIONS if c != "EU"}
    taken: set[str] = set()
    parties = pl.concat([_distinct_parties(c, k, indexer, taken) for c, k in
                         {**wanted, **FOREIGN_PARTIES}.items()])
    euro = pl.DataFrame({"name": list(pools.EUROPARTIES)}).with_columns(
        pl.col("name").alias("native"), pl.col("name").alias("alt"), pl.lit("BE").alias("country"),
        pl.lit("en").alias("lang"))
    parties = pl.concat([parties, euro], how="diagonal_relaxed").with_columns(
        pl.lit("party").alias("segment"), pl.lit("organization").alias("kind"),
        pl.lit("pol.party").alias("topics"), pl.lit("synth-party-register").alias("source"))
    return pl.concat([states, parties], how="diagonal_relaxed")


def _distinct_parties(country: str, k: int, indexer: Indexer, taken: set[str]
                      ) -> pl.DataFrame:
    """k party names of a country that no other party has (a small, fixed set)."""
    found: list[pl.DataFrame] = []
    while sum(f.height for f in found) < k:
        batch = named("parties", np.array([country] * 4 * k, dtype=object), indexer)
        fresh = batch.filter(~pl.col("name").is_in(list(taken))).unique("name",
                                                                        maintain_order=True)
        fresh = fresh.head(k - sum(f.height for f in found))
        taken.update(fresh["name"].to_list())
        found.append(fresh)
    return pl.concat(found).with_columns(pl.lit(country).alias("country"))


def _counts(entities: int, fixed: int) -> dict[str, int]:
    counts = {s.code: max(s.minimum, round(s.share * entities)) for s in SEGMENTS[:-1]}
    counts["company"] = max(entities - fixed - sum(counts.values()), 40)
    return counts


def _identifiers(frame: pl.DataFrame) -> pl.DataFrame:
    """Company numbers in each country's style, and BICs for banks (unique by construction)."""
    row = frame["_i"].to_numpy()
    digits = pl.Series("_d", names.permute(row, 100_000_000, 9)).cast(pl.String).str.zfill(8)
    letters = names.permute(row, 26 ** 4, 13)
    code4 = np.stack([(letters // 26 ** k) % 26 + 65 for k in (3, 2, 1, 0)], axis=1)
    code4 = np.ascontiguousarray(code4.astype(np.uint8)).view("S4").ravel().astype(str)
    d, country = pl.col("_d"), pl.col("country")
    reg = (pl.when(country == "GB").then(d)
           .when(country == "DE").then(pl.format("HRB {}", d.str.slice(2)))
           .when(country == "AT").then(pl.format("FN {}k", d.str.slice(2)))
           .when(country == "HU").then(pl.format("01-09-{}", d.str.slice(2)))
           .when(country == "IT").then(pl.format("IT0{}22", d))
           .when(country == "PL").then(pl.format("00{}", d))
           .otherwise(pl.format("{}1", d)))
    return frame.with_columns(digits, pl.Series("_b", code4)).with_columns(
        pl.when(pl.col("kind") == "company").then(reg).alias("reg"),
        pl.when(pl.col("kind") == "bank").then(pl.format("{}{}2X", pl.col("_b"), country))
        .alias("bic"),
    ).drop("_d", "_b")


def build_registry(entities: int, rng: Rng, indexer: Indexer) -> tuple[pl.DataFrame,
                                                                        pl.DataFrame]:
    """(registry rows in the canonical columns, catalogue with segments and name parts)."""
    fixed = _fixed_rows(indexer)
    counts = _counts(entities, fixed.height)
    parts = [fixed] + [_segment_rows(s, counts[s.code], rng, indexer) for s in SEGMENTS]
    cat = pl.concat(parts, how="diagonal_relaxed").with_row_index("_i")
    prefix = pl.col("segment").replace_strict(
        {"state": "st", "party": "pa", "assoc": "as", "nonprofit": "np", "bank": "bk",
         "bank_revoked": "br", "bank_foreign": "bf", "soe": "so", "state_owned": "sb",
         "sanctioned_person": "sp", "sanctioned_company": "sc", "holding": "ho",
         "foreign_owned": "fo", "foreign_company": "fc", "foreign_person": "fp", "pep": "pe",
         "person": "pn", "company": "co"})
    cat = cat.with_columns(pl.format("syn-{}-{}", prefix, pl.col("_i").cast(pl.String)
                                     .str.zfill(7)).alias("entity_id"))
    cat = _identifiers(cat)
    cat = _status(cat, rng("registry", "status"))
    cat = _owners(cat, rng("registry", "owners"))
    cat = _aliases(cat)
    rows = cat.select(
        "entity_id", "name", "kind", "country", "aliases",
        pl.concat_str([pl.format("reg:{}", pl.col("reg")), pl.format("bic:{}", pl.col("bic"))],
                      separator=";", ignore_nulls=True).alias("identifiers"),
        pl.col("topics").replace("", None), "status",
        pl.col("status_date").dt.strftime("%Y-%m-%d"), "owner_id", "source")
    return rows.select(REGISTRY_COLUMNS), cat.drop("_i")


def _status(cat: pl.DataFrame, r: np.random.Generator) -> pl.DataFrame:
    n = cat.height
    u = r.random(n)
    day = np.datetime64("2015-01-01") + r.integers(0, 3650, n).astype("timedelta64[D]")
    seg = pl.col("segment")
    status = (pl.when(seg == "bank_revoked").then(
        pl.when(pl.Series(u) < 0.7).then(pl.lit("revoked")).otherwise(pl.lit("dissolved")))
        # one company in 25 of each country dissolved (so every country has some)
        .when((seg == "company") & (pl.int_range(pl.len()).over("segment", "country") % 25 == 3))
        .then(pl.lit("dissolved"))
        .when(seg.is_in(["bank", "bank_foreign", "company", "soe"])).then(pl.lit("active")))
    return cat.with_columns(status.alias("status")).with_columns(
        pl.when(pl.col("status").is_in(["revoked", "dissolved"]))
        .then(pl.Series(day).cast(pl.Date)).alias("status_date"))


def _pick_owner(cat: pl.DataFrame, owned: pl.Expr, owners: pl.Expr, r: np.random.Generator,
                same_country: bool) -> pl.DataFrame:
    """owner_id for rows matching `owned`, drawn from rows matching `owners`."""
    target = cat.filter(owned).select("_i", "country")
    pool = cat.filter(owners).select(pl.col("entity_id").alias("owner"), "country")
    if target.is_empty() or pool.is_empty():
        return pl.DataFrame(schema={"_i": pl.UInt32, "owner": pl.String})
    if same_country:
        pool = pool.with_columns(pl.int_range(pl.len()).over("country").alias("_k"),
                                 pl.len().over("country").alias("_n"))
        sizes = target.join(pool.select("country", "_n").unique(), on="country", how="inner",
                            maintain_order="left")
        pick = sizes.with_columns(pl.Series("_k", (r.random(sizes.height)
                                                   * sizes["_n"].to_numpy()).astype(np.int64)))
        return pick.join(pool, on=["country", "_k"]).select("_i", "owner")
    k = r.integers(0, pool.height, target.height)
    return target.select("_i").with_columns(pool["owner"].gather(k).alias("owner"))


def _owners(cat: pl.DataFrame, r: np.random.Generator) -> pl.DataFrame:
    seg = pl.col("segment")
    u = pl.Series(r.random(cat.height))
    links = [
        _pick_owner(cat, (seg == "company") & (u < 0.25), seg == "person", r, True),
        _pick_owner(cat, seg == "foreign_owned", seg.is_in(["holding", "foreign_person"]), r,
                    False),
        _pick_owner(cat, (seg == "holding") & (u < 0.8),
                    (seg == "foreign_person") & pl.col("country").is_in(
                        ["RU", "UA", "KZ", "CN", "TR", "AE", "US"]), r, False),
        _pick_owner(cat, seg.is_in(["soe", "state_owned"]) | ((seg == "bank_foreign") & (u < 0.3))
                    | ((seg == "bank") & (u < 0.1)), seg == "state", r, True),
        _pick_owner(cat, (seg == "sanctioned_company") & (u < 0.5), seg == "sanctioned_person", r,
                    True),
    ]
    owners = pl.concat(links).unique("_i", keep="first")
    return cat.join(owners.rename({"owner": "owner_id"}), on="_i", how="left").sort("_i")


# sources that list other spellings: sanctions lists, watch lists of foreign entities and
# state-owned firms, leaks of offshore holdings; company and bank registers list none
WITH_ALIASES = ("sanctioned_person", "sanctioned_company", "soe", "state_owned", "bank_foreign",
                "foreign_company", "foreign_person", "holding", "nonprofit")


def _aliases(cat: pl.DataFrame) -> pl.DataFrame:
    """Native-script and other-scheme spellings, the name without its legal form for a third
    of companies, and `FAMILY, Given` for sanctioned persons, as lists print them."""
    other = [pl.when(pl.col("native") != pl.col("name")).then(pl.col("native")),
             pl.when(pl.col("alt") != pl.col("name")).then(pl.col("alt")),
             pl.when((pl.col("kind") == "company") & (pl.col("_i") % 3 == 0)).then(pl.col("core")),
             pl.when(pl.col("segment") == "sanctioned_person").then(
                 pl.format("{}, {}", pl.col("family").str.to_uppercase(), pl.col("given")))]
    listed = pl.col("segment").is_in(WITH_ALIASES)
    return cat.with_columns(pl.when(listed).then(
        pl.concat_list(other).list.drop_nulls().list.unique(maintain_order=True)
        .list.join(";").replace("", None)).alias("aliases"))


def pick_by_country(cat: pl.DataFrame, countries: np.ndarray, u: np.ndarray,
                    where: pl.Expr) -> pl.DataFrame:
    """For each row, an entity matching `where` in the row's country (u in [0, 1) chooses
    which); rows whose country has none get nulls."""
    pool = cat.filter(where).with_columns(pl.int_range(pl.len()).over("country").alias("_k"),
                                          pl.len().over("country").alias("_n"))
    want = pl.DataFrame({"country": np.asarray(countries).astype(str), "_u": u})
    want = want.join(pool.select("country", "_n").unique(), on="country", how="left",
                     maintain_order="left").with_columns(
        (pl.col("_u") * pl.col("_n")).floor().cast(pl.Int64).alias("_k"))
    return want.join(pool.drop("_n"), on=["country", "_k"], how="left",
                     maintain_order="left").drop("_u", "_n", "_k")


def distinct_by_country(cat: pl.DataFrame, countries: np.ndarray, where: pl.Expr,
                        r: np.random.Generator, indexer: Indexer, builder: str
                        ) -> pl.DataFrame:
    """One entity per row, never the same twice within a country: registry entities matching
    `where` first, then new names no registry knows, with company numbers of their own
    (`SC` and six digits, a form the registry never uses). Columns name, reg, entity_id."""
    pool = cat.filter(where).select("country", "name", "reg", "entity_id")
    pool = pool[r.permutation(pool.height)].with_columns(
        pl.int_range(pl.len()).over("country").alias("_k"))
    want = pl.DataFrame({"country": np.asarray(countries).astype(str)}).with_columns(
        pl.int_range(pl.len()).over("country").alias("_k"))
    hit = want.join(pool, on=["country", "_k"], how="left", maintain_order="left")
    missing = hit["name"].is_null().to_numpy()
    if not missing.any():
        return hit.select("name", "reg", "entity_id")
    made = named(builder, np.asarray(countries, dtype=object)[missing], indexer)
    numbers = indexer.take("unregistered", "reg", int(missing.sum()))
    name = hit["name"].to_numpy().astype(object)
    reg = hit["reg"].to_numpy().astype(object)
    name[missing] = made["name"].to_numpy()
    reg[missing] = [f"SC{v % 1_000_000:06d}" for v in numbers] if builder == "companies" \
        else None
    return pl.DataFrame({"name": name.tolist(), "reg": reg.tolist(),
                         "entity_id": hit["entity_id"].to_list()},
                        schema={"name": pl.String, "reg": pl.String, "entity_id": pl.String})
