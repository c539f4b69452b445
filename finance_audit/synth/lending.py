"""Background loans (and their repayments, extensions, rate resets), supply contracts and
transfers, all lawful: domestic banks on commercial terms (people lend small sums, where the
law lets them), suppliers near market value, associations and parties passing domestic money
to parties and campaigns.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from finance_audit.synth import world
from finance_audit.synth.flows import CONTRACT_TEXT, _campaigns, _pick_recipient, local_amounts
from finance_audit.synth.registry import Indexer, named, pick_by_country
from finance_audit.synth.world import Rng, choice

HOME = tuple(j for j in world.JURISDICTIONS if j != "EU")
HOME_WEIGHTS = tuple(world.JURISDICTIONS[j] for j in HOME)
# which loans are changed later, and how
CHANGE_SHARE = 0.35
CHANGES = ("repaid", "extended", "rate")


def _months(days: pl.Series, months: np.ndarray) -> pl.Series:
    return pl.DataFrame({"d": days, "m": months}).select(
        pl.col("d").dt.offset_by(pl.format("{}mo", pl.col("m"))))["d"]


def loans(n: int, cat: pl.DataFrame, recip: pl.DataFrame, rng: Rng,
          indexer: Indexer) -> pl.DataFrame:
    """n loans from domestic banks (and some people) plus changes to about a third of them."""
    r = rng("background", "loans")
    jur = choice(r, HOME, n, HOME_WEIGHTS)
    date = world.iso(world.dates(r, jur, hi="2025-06-30"))
    person = (r.random(n) < 0.15) & (jur != "PL")  # Poland: banks only
    bank = pick_by_country(cat, jur, r.random(n), (pl.col("segment") == "bank"))
    people = named("persons", jur[person], indexer)
    lender = bank["name"].to_numpy().astype(object)
    lender[person] = people["name"].to_numpy()
    eur = np.where(person, np.clip(15_000 * np.exp(r.normal(0, 0.7, n)), 1_000, 45_000),
                   np.clip(150_000 * np.exp(r.normal(0, 1.0, n)), 10_000, 5_000_000))
    rate = np.where(person & (r.random(n) < 0.3), 0.0, np.round(r.uniform(1.5, 6.5, n), 2))
    term = r.integers(6, 45, n)
    party = _pick_recipient(recip, jur, "party", r.random(n))
    frame = pl.DataFrame({"jurisdiction": jur.astype(str)})
    frame = frame.with_columns(
        pl.format("bL{}", pl.int_range(pl.len())).alias("_pid"),
        party["recipient"], pl.lit("party").alias("recipient_type"),
        pl.lit("loan").alias("kind"),
        pl.Series("counterparty", lender.tolist(), dtype=pl.String),
        pl.Series("counterparty_type", np.where(person, "individual", "bank")),
        pl.col("jurisdiction").alias("counterparty_country"),
        world.currency(pl.col("jurisdiction")).alias("currency"),
        date.alias("date"), pl.Series("interest_rate", rate),
        pl.Series("_term", term),
        pl.lit("outstanding").alias("status"),
        pl.when(pl.Series(person)).then(pl.lit("Loan from a member"))
        .otherwise(pl.lit("Bank loan")).alias("description"),
    )
    frame = frame.with_columns(_months(frame["date"], term).alias("end_date"),
                               local_amounts(frame, eur, r, round_share=0.6))
    return pl.concat([frame.drop("_term"), _changes(frame, r)], how="diagonal_relaxed")


def _changes(loans: pl.DataFrame, r: np.random.Generator) -> pl.DataFrame:
    """One change for some loans: an early repayment, an extension or a new rate."""
    picked = loans.filter(pl.Series(r.random(loans.height) < CHANGE_SHARE))
    n = picked.height
    what = choice(r, CHANGES, n, (0.5, 0.3, 0.2))
    span = (picked["end_date"] - picked["date"]).dt.total_days().to_numpy()
    after = np.maximum(1, (r.random(n) * (span - 1)).astype(np.int64))
    date = picked["date"].to_numpy() + after.astype("timedelta64[D]")
    later = r.integers(6, 13, n)
    frame = picked.with_columns(
        pl.lit("loan_change").alias("kind"), pl.format("bC{}", pl.col("_pid")).alias("_pid"),
        pl.col("_pid").alias("_ref"), world.iso(date).alias("date"),
        pl.Series("_what", what))
    frame = frame.with_columns(
        pl.when(pl.col("_what") == "repaid").then(pl.col("date"))
        .when(pl.col("_what") == "extended").then(_months(frame["end_date"], later))
        .otherwise(pl.col("end_date")).alias("end_date"),
        pl.when(pl.col("_what") == "repaid").then(pl.lit("repaid"))
        .otherwise(pl.lit("outstanding")).alias("status"),
        pl.when(pl.col("_what") == "rate").then(pl.Series(np.round(r.uniform(1.5, 6.5, n), 2)))
        .otherwise(pl.col("interest_rate")).alias("interest_rate"),
        pl.when(pl.col("_what") == "repaid").then(pl.lit("Early repayment of loan {ref}"))
        .when(pl.col("_what") == "extended").then(pl.lit("Extension of loan {ref}"))
        .otherwise(pl.lit("New interest rate for loan {ref}")).alias("description"),
    )
    return frame.filter(pl.col("date") <= pl.date(2025, 12, 31)).drop("_what", "_term")


def contracts(n: int, cat: pl.DataFrame, recip: pl.DataFrame, rng: Rng) -> pl.DataFrame:
    """Parties buying from domestic suppliers, at or near the market price where one is given."""
    r = rng("background", "contracts")
    jur = choice(r, HOME, n, HOME_WEIGHTS)
    supplier = pick_by_country(cat, jur, r.random(n), (pl.col("segment") == "company")
                               & (pl.col("status") != "dissolved").fill_null(True))
    party = _pick_recipient(recip, jur, "party", r.random(n))
    eur = np.clip(15_000 * np.exp(r.normal(0, 1.2, n)), 500, 2_000_000)
    frame = pl.DataFrame({"jurisdiction": jur.astype(str)}).with_columns(
        party["recipient"], party["lang"].alias("_rlang"), pl.lit("party").alias("recipient_type"),
        pl.lit("contract").alias("kind"), supplier["name"].alias("counterparty"),
        pl.lit("company").alias("counterparty_type"),
        pl.col("jurisdiction").alias("counterparty_country"),
        world.currency(pl.col("jurisdiction")).alias("currency"),
        world.iso(world.dates(r, jur)).alias("date"),
        pl.Series("description", choice(r, CONTRACT_TEXT, n).astype(str)),
    )
    frame = frame.with_columns(local_amounts(frame, eur, r, round_share=0.3))
    benchmark = r.random(n) < 0.3
    frame = frame.with_columns(
        pl.when(pl.Series(benchmark)).then(
            (pl.col("amount") * pl.Series(r.uniform(0.94, 1.06, n))).round(2))
        .alias("market_value"))
    return _campaigns(frame, r.random(n) < 0.15).drop("_rlang")


def transfers(n: int, cat: pl.DataFrame, recip: pl.DataFrame, rng: Rng) -> pl.DataFrame:
    """Associations passing domestic money to parties; parties funding their campaigns;
    European parties funding member parties' events."""
    r = rng("background", "transfers")
    jur = choice(r, (*HOME, "EU"), n, (*HOME_WEIGHTS, 0.05))
    what = np.where(jur == "EU", "euro", choice(r, ("assoc", "campaign"), n, (0.4, 0.6)))
    party = _pick_recipient(recip, jur, "party", r.random(n))
    # background associations that pass money on are the first two of each jurisdiction
    assoc = recip.filter((pl.col("recipient_type") == "association") & (pl.col("k") < 2))
    sizes = dict(assoc.group_by("jurisdiction").len().iter_rows())
    k = (r.random(n) * np.array([sizes.get(j, 1) for j in jur])).astype(np.int64)
    via = pl.DataFrame({"jurisdiction": jur.astype(str), "k": k}).join(
        assoc.select("jurisdiction", "k", "recipient"), on=["jurisdiction", "k"], how="left",
        maintain_order="left")["recipient"]
    member = pick_by_country(cat, choice(r, world.EU_COUNTRIES[:7], n), r.random(n),
                             pl.col("segment") == "party")
    eur = np.clip(np.where(what == "campaign", 20_000, 8_000) * np.exp(r.normal(0, 0.9, n)),
                  500, 500_000)
    frame = pl.DataFrame({"jurisdiction": jur.astype(str), "_what": what}).with_columns(
        party["recipient"], party["lang"].alias("_rlang"), pl.lit("transfer").alias("kind"),
        world.iso(world.dates(r, jur, lo="2017-01-01")).alias("date"),
        world.currency(pl.col("jurisdiction")).alias("currency"),
        via.alias("_via"), member["name"].alias("_member"), member["country"].alias("_mc"))
    w = pl.col("_what")
    frame = frame.with_columns(
        pl.when(w == "euro").then(pl.col("_member")).otherwise(pl.col("recipient"))
        .alias("recipient"),
        pl.when(w == "euro").then(pl.col("recipient")).when(w == "assoc").then(pl.col("_via"))
        .otherwise(pl.col("recipient")).alias("counterparty"),
        pl.when(w == "assoc").then(pl.lit("association")).otherwise(pl.lit("party"))
        .alias("counterparty_type"),
        pl.when(w == "euro").then(pl.lit("BE")).otherwise(pl.col("jurisdiction"))
        .alias("counterparty_country"),
        pl.lit("party").alias("recipient_type"),
        pl.when(w == "euro").then(pl.lit("Grant for a conference"))
        .when(w == "campaign").then(pl.lit("Campaign funding"))
        .otherwise(pl.lit("Contribution")).alias("description"),
    )
    frame = _campaigns(frame, (what == "campaign"))
    frame = frame.with_columns(local_amounts(frame, eur, r, round_share=0.5))
    return frame.drop("_what", "_rlang", "_via", "_member", "_mc")
