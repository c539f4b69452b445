"""Synthetic filings and registry with planted patterns, for measuring the rule pack.

`generate(out_dir, flows=..., entities=..., seed=...)` writes, reproducibly from the seed:

- `filings_XX.parquet`, one per jurisdiction (GB, DE, FR, AT, NL, IT, HU, PL and EU for
  European parties): canonical filings, every value as text as a register exports it; the GB
  file also carries the UK register's `DonorStatus` and `DonationAction`;
- `registry.csv`: a canonical registry with ownership edges (`owner_id`);
- `truth.csv`: one row per planted flow: `flow_id`, `pattern`, `instance` (flows of one
  planted case share it), `category`, `rule` (the rule the pattern was written for), `role`
  (`flag`: a rule should flag it; `support`: part of the pattern, not flagged itself;
  `decoy`: a lawful look-alike that must not be flagged), `expect` (the categories this flow
  should raise, `;`-separated; empty for none), `entity_id` (the registry entity behind the
  pattern), `noise` (how the filer wrote the name).

Everything is built over whole columns (numpy and polars); nothing here prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from finance_audit.errors import UsageError
from finance_audit.synth import flows as background
from finance_audit.synth import (
    lending,
    patterns_caps,
    patterns_deals,
    patterns_gifts,
    patterns_loans,
    world,
)
from finance_audit.synth.flows import EXTRA_COLUMNS, FLOW_COLUMNS, empty_flows
from finance_audit.synth.plant import Ctx
from finance_audit.synth.registry import Indexer, build_registry

PATTERNS = (
    patterns_gifts.foreign_donor, patterns_gifts.foreign_decoys,
    patterns_gifts.sanctioned_donors, patterns_gifts.structuring,
    patterns_gifts.structuring_decoys, patterns_caps.over_cap, patterns_caps.cap_decoys,
    patterns_caps.donor_types, patterns_caps.nonprofits, patterns_loans.foreign_loans,
    patterns_loans.lenders_not_permitted, patterns_loans.loan_changes,
    patterns_loans.lender_status, patterns_loans.loan_terms, patterns_deals.deals,
    patterns_deals.pass_through,
)
TRUTH_FILE_COLUMNS = ("flow_id", "pattern", "instance", "category", "rule", "role", "expect",
                      "entity_id", "noise")
MIN_FLOWS = 1_000


@dataclass(frozen=True)
class SynthResult:
    """What `generate` wrote."""

    out_dir: Path
    filings: tuple[Path, ...]
    registry: Path
    truth: Path
    flows: int
    entities: int
    planted: int
    counts: dict[str, int] = field(default_factory=dict)  # truth rows by role


def planted_flows(ctx: Ctx) -> pl.DataFrame:
    """Every pattern's flows, in a fixed order."""
    parts = [frame for pattern in PATTERNS for frame in pattern(ctx)]
    return pl.concat([p.select(sorted(p.columns)) for p in parts], how="diagonal_relaxed")


def background_flows(n: int, ctx: Ctx) -> pl.DataFrame:
    """n lawful flows: loans and their changes, contracts, transfers, and donations."""
    shares = background.KIND_SHARE
    loans = lending.loans(max(1, int(n * shares["loan"])), ctx.cat, ctx.recip, ctx.rng,
                          ctx.indexer)
    contracts = lending.contracts(max(1, int(n * shares["contract"])), ctx.cat, ctx.recip,
                                  ctx.rng)
    transfers = lending.transfers(max(1, int(n * shares["transfer"])), ctx.cat, ctx.recip,
                                  ctx.rng)
    rest = n - loans.height - contracts.height - transfers.height
    gifts = background.donations(rest, ctx.cat, ctx.recip, ctx.rng, ctx.indexer)
    return pl.concat([empty_flows(), loans, contracts, transfers, gifts], how="diagonal_relaxed")


def _final_ids(frame: pl.DataFrame, rng: world.Rng) -> pl.DataFrame:
    """Flow ids as a register numbers them (per jurisdiction and year, in date order): they
    tell nothing about which flows are planted. Descriptions that cite a loan get its id."""
    key = rng("ids").integers(0, 2**62, frame.height)
    frame = frame.with_columns(pl.Series("_key", key)).sort("jurisdiction", "date", "_key")
    frame = frame.with_columns(pl.format(
        "{}-{}-{}", pl.col("jurisdiction"), pl.col("date").dt.year(),
        (pl.int_range(pl.len()).over("jurisdiction", pl.col("date").dt.year()) + 1)
        .cast(pl.String).str.zfill(7)).alias("flow_id"))
    ids = frame.filter(pl.col("_pid").is_not_null()).select(
        pl.col("_pid").alias("_ref"), pl.col("flow_id").alias("_ref_id"))
    frame = frame.join(ids, on="_ref", how="left", maintain_order="left")
    return frame.with_columns(
        pl.when(pl.col("_ref_id").is_not_null())
        .then(pl.col("description").str.replace("{ref}", pl.col("_ref_id"), literal=True))
        .otherwise(pl.col("description")).alias("description"))


def _as_text(frame: pl.DataFrame) -> pl.DataFrame:
    """Every value as the text a register exports (amounts with two decimals)."""
    return frame.with_columns(
        *[_money(c) for c in ("amount", "market_value")],
        pl.col("interest_rate").round(2).cast(pl.String),
        pl.col("date").dt.strftime("%Y-%m-%d"), pl.col("end_date").dt.strftime("%Y-%m-%d"),
    )


def _money(column: str) -> pl.Expr:
    cents = (pl.col(column) * 100).round(0).cast(pl.Int64)
    return pl.when(cents.is_not_null()).then(pl.format(
        "{}.{}", cents // 100, (cents % 100).cast(pl.String).str.zfill(2))).alias(column)


def generate(out_dir: str | Path, *, flows: int, entities: int, seed: int = 1) -> SynthResult:
    """Write synthetic filings, a registry and the truth of what was planted to `out_dir`.

    Raises:
        UsageError: too few flows or entities for the planted patterns, or `out_dir` is a
            file.
    """
    if flows < MIN_FLOWS:
        raise UsageError(f"--flows must be at least {MIN_FLOWS:,} (the planted patterns alone "
                         "need a few hundred)")
    if entities < MIN_FLOWS:
        raise UsageError(f"--entities must be at least {MIN_FLOWS:,}")
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise UsageError("is a file, not a folder", file=str(out))
    rng, indexer = world.Rng(seed), Indexer()
    registry, catalogue = build_registry(entities, rng, indexer)
    ctx = Ctx(catalogue, background.recipients(catalogue), rng, indexer, flows)
    planted = planted_flows(ctx)
    if planted.height >= flows // 2:
        raise UsageError(f"--flows {flows:,} is too few: the planted patterns take "
                         f"{planted.height:,}; ask for at least {planted.height * 2:,}")
    combined = pl.concat([background_flows(flows - planted.height, ctx), planted],
                         how="diagonal_relaxed")
    combined = _final_ids(combined, rng)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    text = _as_text(combined)
    for code in world.JURISDICTIONS:
        part = text.filter(pl.col("jurisdiction") == code)
        columns = FLOW_COLUMNS if code == "GB" else tuple(
            c for c in FLOW_COLUMNS if c not in EXTRA_COLUMNS)
        path = out / f"filings_{code}.parquet"
        part.select(columns).write_parquet(path, statistics=False)
        written.append(path)
    truth = combined.filter(pl.col("_instance").is_not_null()).select(
        "flow_id", "pattern", pl.col("_instance").alias("instance"), "category", "rule", "role",
        pl.col("expect").fill_null(""), "entity_id", "noise").select(TRUTH_FILE_COLUMNS
                                                                     ).sort("flow_id")
    truth.write_csv(out / "truth.csv")
    registry.write_csv(out / "registry.csv")
    return SynthResult(
        out_dir=out, filings=tuple(written), registry=out / "registry.csv",
        truth=out / "truth.csv", flows=combined.height, entities=registry.height,
        planted=truth.height,
        counts={str(k): int(v) for k, v in truth.group_by("role").len().iter_rows()},
    )

