"""Planting: the helpers every pattern uses, and filer noise.

A pattern builds its flows for n instances at once (whole columns) and labels each flow:
`role` is `flag` (a rule of the pack should flag it), `support` (part of the pattern, not
flagged itself) or `decoy` (a lawful look-alike, must not be flagged); `expect` lists the
categories a flow should raise. Names carry the noise real filers add: a typo, another
transliteration or the native script, a legal form dropped or spelled out, a person's name
reordered, the counterparty's country left out, or capitals.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import polars as pl

from finance_audit.errors import UsageError
from finance_audit.synth import pools, world
from finance_audit.synth.flows import FLOW_SCHEMA, local_amounts
from finance_audit.synth.registry import Indexer, named
from finance_audit.synth.world import Rng, choice

NOISES = ("none", "typo", "translit", "legal_form", "reorder", "no_country", "case")
NOISE_WEIGHTS = (0.38, 0.08, 0.14, 0.12, 0.10, 0.10, 0.08)  # typos in one name in twelve
TRUTH_COLUMNS = ("pattern", "category", "rule", "role", "expect", "entity_id", "noise")
ENTITY_COLUMNS = ("entity_id", "name", "native", "alt", "core", "form", "given", "family",
                  "kind", "country", "lang", "reg", "segment", "topics", "status", "status_date",
                  "owner_id")


@dataclass
class Ctx:
    """What a pattern needs: the catalogue, the recipients, random streams, name indexes."""

    cat: pl.DataFrame
    recip: pl.DataFrame
    rng: Rng
    indexer: Indexer
    flows: int

    def r(self, *name: str) -> np.random.Generator:
        return self.rng("plant", *name)

    def count(self, per_million: float, minimum: int = 2) -> int:
        return max(minimum, round(self.flows * per_million / 1_000_000))

    def entities(self, name: str, n: int, where: pl.Expr) -> pl.DataFrame:
        """n registry entities matching `where`, each pattern its own shuffled run of them."""
        pool = self.cat.filter(where).select(ENTITY_COLUMNS)
        if pool.is_empty():
            raise UsageError(f"--entities is too small: the registry has no entity to plant "
                             f"the pattern {name.split('/')[0]} with")
        salt = int.from_bytes(hashlib.blake2b(name.encode(), digest_size=4).digest(), "little")
        order = self.r("pick", name).permutation(pool.height)
        rows = order[(np.arange(n) + salt) % pool.height]
        return pool[rows]

    def people(self, countries: np.ndarray) -> pl.DataFrame:
        """New people (in no registry) of the given countries, as entity-like rows."""
        built = named("persons", np.asarray(countries, dtype=object), self.indexer)
        return built.with_columns(
            pl.lit(None, pl.String).alias("entity_id"), pl.lit("person").alias("kind"),
            pl.Series("country", np.asarray(countries).astype(str)),
            *[pl.lit(None, pl.String).alias(c) for c in ("reg", "segment", "topics", "status",
                                                         "owner_id")],
            pl.lit(None, pl.Date).alias("status_date"),
        ).select(ENTITY_COLUMNS)

    def recipients(self, r: np.random.Generator, jur: np.ndarray, rtype: str = "party",
                   k_from: int = 0, k_to: int = 99) -> pl.Series:
        """A recipient of the type per row; associations k_from <= k < k_to of each
        jurisdiction (0-1 pass money on in the background, 2-3 take planted foreign money)."""
        pool = self.recip.filter((pl.col("recipient_type") == rtype) & (pl.col("k") >= k_from)
                                 & (pl.col("k") < k_to))
        pool = pool.with_columns(pl.int_range(pl.len()).over("jurisdiction").alias("_k"))
        sizes = dict(pool.group_by("jurisdiction").len().iter_rows())
        k = (r.random(len(jur)) * np.array([sizes.get(j, 1) for j in jur])).astype(np.int64)
        return pl.DataFrame({"jurisdiction": np.asarray(jur).astype(str), "_k": k}).join(
            pool.select("jurisdiction", "_k", "recipient"), on=["jurisdiction", "_k"],
            how="left", maintain_order="left")["recipient"]


def days(r: np.random.Generator, n: int, lo: str, hi: str) -> np.ndarray:
    """Uniform days in [lo, hi]."""
    start, end = np.datetime64(lo), np.datetime64(hi)
    return start + r.integers(0, int((end - start).astype(int)) + 1, n).astype("timedelta64[D]")


def jurisdictions(r: np.random.Generator, n: int, allowed: tuple[str, ...]) -> np.ndarray:
    return choice(r, allowed, n, [world.JURISDICTIONS.get(j, 0.05) for j in allowed])


# --- noise -------------------------------------------------------------------------------------

def _typo(name: pl.Expr, u: pl.Expr, how: pl.Expr) -> pl.Expr:
    """A letter dropped, two swapped or one doubled, inside the name's longest word."""
    words = name.str.split(" ")
    longest = words.list.eval(pl.element().str.len_chars()).list.arg_max()
    word = words.list.get(longest)
    size = word.str.len_chars()
    pos = (pl.lit(1) + (u * (size - 3).clip(lower_bound=1)).floor().cast(pl.Int64)).clip(1, 40)
    changed = (
        pl.when(size < 4).then(word)
        .when(how == 0).then(word.str.slice(0, pos) + word.str.slice(pos + 1))
        .when(how == 1).then(word.str.slice(0, pos) + word.str.slice(pos + 1, 1)
                             + word.str.slice(pos, 1) + word.str.slice(pos + 2))
        .otherwise(word.str.slice(0, pos + 1) + word.str.slice(pos))
    )
    before = words.list.slice(0, longest).list.join(" ")
    after = words.list.slice(longest + 1).list.join(" ")
    return pl.concat_str([before, changed, after], separator=" ").str.strip_chars()


def noisy(frame: pl.DataFrame, r: np.random.Generator,
          allowed: tuple[str, ...] = NOISES, weights: tuple[float, ...] | None = None,
          column: str = "counterparty") -> pl.DataFrame:
    """`frame` (entity-like rows) with `column` as a filer writes it, `noise` and
    `counterparty_country` (null where the noise drops it)."""
    n = frame.height
    if weights is None:
        weights = tuple(NOISE_WEIGHTS[NOISES.index(a)] for a in allowed)
    want = pl.Series(choice(r, allowed, n, weights).astype(str)) if n else pl.Series([],
                                                                                       dtype=str)
    person = pl.col("kind") == "person"
    has_form = pl.col("form").is_not_null()
    has_alt = (pl.col("alt") != pl.col("name")) | (pl.col("native") != pl.col("name"))
    noise = (pl.when(pl.col("_want") == "translit").then(
        pl.when(has_alt).then(pl.lit("translit")).otherwise(pl.lit("case")))
        .when(pl.col("_want") == "legal_form").then(
        pl.when(has_form).then(pl.lit("legal_form")).when(person).then(pl.lit("reorder"))
        .otherwise(pl.lit("case")))
        .when(pl.col("_want") == "reorder").then(
        pl.when(person).then(pl.lit("reorder")).when(has_form).then(pl.lit("legal_form"))
        .otherwise(pl.lit("case")))
        .otherwise(pl.col("_want")))
    long_form = pl.col("form").replace(pools.LONG_FORMS)
    forms = (pl.when(pl.col("_u2") < 0.5).then(pl.col("core"))
             .when(long_form != pl.col("form")).then(
                 pl.concat_str([pl.col("core"), long_form], separator=" "))
             .otherwise(pl.col("core")))
    script = (pl.when((pl.col("native") != pl.col("name")) & (pl.col("_u2") < 0.5))
              .then(pl.col("native")).when(pl.col("alt") != pl.col("name")).then(pl.col("alt"))
              .otherwise(pl.col("native")))
    reordered = pl.when(pl.col("_u2") < 0.5).then(
        pl.format("{}, {}", pl.col("family").str.to_uppercase(), pl.col("given"))
    ).otherwise(pl.format("{} {}", pl.col("family"), pl.col("given")))
    out = frame.with_columns(
        pl.Series("_want", want), pl.Series("_u", r.random(n)), pl.Series("_u2", r.random(n)),
        pl.Series("_how", r.integers(0, 3, n)),
    ).with_columns(noise.alias("noise"))
    name = pl.col("name")
    written = (pl.when(pl.col("noise") == "typo").then(_typo(name, pl.col("_u"), pl.col("_how")))
               .when(pl.col("noise") == "translit").then(script)
               .when(pl.col("noise") == "legal_form").then(forms)
               .when(pl.col("noise") == "reorder").then(reordered)
               .when(pl.col("noise") == "case").then(name.str.to_uppercase())
               .otherwise(name))
    return out.with_columns(
        written.alias(column),
        pl.when(pl.col("noise") == "no_country").then(pl.lit(None, pl.String))
        .otherwise(pl.col("country")).alias("counterparty_country"),
    ).drop("_want", "_u", "_u2", "_how")


# --- assembling a pattern's flows -------------------------------------------------------------

def flows_of(pattern: str, rows: dict[str, object], n: int) -> pl.DataFrame:
    """A frame of n planted flows from column values (scalars or columns); the rest null."""
    frame = pl.DataFrame({k: (v if isinstance(v, pl.Series | np.ndarray | list) else [v] * n)
                          for k, v in rows.items()}, strict=False)
    frame = frame.with_columns(pl.format("{}-{}", pl.lit(pattern), pl.int_range(pl.len())
                                         ).alias("_instance"))
    missing = {c: t for c, t in {**FLOW_SCHEMA, "_leg": pl.String,
                                 **dict.fromkeys(TRUTH_COLUMNS, pl.String)}.items()
               if c not in frame.columns}
    frame = frame.with_columns(pl.lit(None, t).alias(c) for c, t in missing.items())
    return frame.with_columns(
        pl.format("{}/{}", pl.col("_instance"), pl.col("_leg").fill_null("0")).alias("_pid"),
        pl.col("pattern").fill_null(pl.lit(pattern)),
        *[pl.col(c).cast(t) for c, t in FLOW_SCHEMA.items() if c not in ("_pid",)],
    )


def amounts(frame: pl.DataFrame, eur: np.ndarray, r: np.random.Generator,
            round_share: float = 0.0) -> pl.Series:
    """EUR amounts in each row's currency (the frame needs currency and date)."""
    return local_amounts(frame, np.asarray(eur, dtype=float), r, round_share=round_share)


def law(frame: pl.DataFrame, key: str, text: bool = False) -> np.ndarray:
    values = world.law_value(frame, key, text=text)
    return values.to_numpy() if text else values.fill_null(np.nan).to_numpy()


def leg(pattern: str, name: str, *, jur: np.ndarray, date: pl.Series, eur: np.ndarray,
        who: pl.DataFrame, kind: str, ctype: str | pl.Series, recipient: pl.Series,
        r: np.random.Generator, category: str, rule: str, role: str,
        expect: str | pl.Series, rtype: str | pl.Series = "party", **extra: object
        ) -> pl.DataFrame:
    """One flow per instance of a pattern: `who` (after `noisy`) is the counterparty."""
    n = len(jur)
    base = pl.DataFrame({"jurisdiction": np.asarray(jur).astype(str), "date": date}).with_columns(
        world.currency(pl.col("jurisdiction")).alias("currency"))
    rows: dict[str, object] = {
        "jurisdiction": base["jurisdiction"], "date": base["date"], "currency": base["currency"],
        "amount": amounts(base, eur, r), "kind": kind, "counterparty_type": ctype,
        "recipient": recipient, "recipient_type": rtype,
        "counterparty": who["counterparty"], "counterparty_country": who["counterparty_country"],
        "noise": who["noise"], "entity_id": who["entity_id"], "category": category,
        "rule": rule, "role": role, "expect": expect, "_leg": name,
    }
    rows.update(extra)
    return flows_of(pattern, rows, n)


def plain(who: pl.DataFrame, column: str = "counterparty") -> pl.DataFrame:
    """Entity-like rows written as registered (no noise)."""
    return who.with_columns(pl.col("name").alias(column), pl.lit("none").alias("noise"),
                            pl.col("country").alias("counterparty_country"))


def shifted(date: pl.Series, days_: np.ndarray) -> pl.Series:
    return world.iso(date.to_numpy().astype("datetime64[D]") + days_.astype("timedelta64[D]"))


def months_after(date: pl.Series, months: np.ndarray) -> pl.Series:
    return pl.DataFrame({"d": date, "m": months}).select(
        pl.col("d").dt.offset_by(pl.format("{}mo", pl.col("m"))))["d"]
