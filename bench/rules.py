"""Rule-pack benchmark: the whole pack over N flows with resolved counterparties (`make bench`).

Target (issue 4): under 20 s for 1,000,000 flows on a 2-core machine. Generates canonical
flows (donations, loans, loan changes, contracts, transfers; several jurisdictions and
years; 3% foreign counterparties, as registers show, 0.5% named like entities of the
default registry, most company donors with a registration number), imports them, resolves
every name against the default registry, then times each rule. Prints import and resolve
times too, for context.

    .venv/bin/python bench/rules.py [--flows 1000000]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ingest import COUNTRIES, _pick, generate  # noqa: E402

from finance_audit import api, checks, resolution  # noqa: E402

KINDS = ["donation"] * 14 + ["loan", "loan", "loan_change", "contract", "transfer"]
WATCHED = ["First Czech-Russian Bank", "Rosneft Oil Company", "BANCO NACIONAL DE CUBA",
           "Vernonsia Holdings Ltd", "Rock Holdings Ltd", "SBERBANK", "Konti LLC"]


def flows(n: int, seed: int) -> pl.DataFrame:
    base = generate(n, seed)
    r = pl.int_range(n, dtype=pl.UInt64)
    watched = (r.hash(seed + 21) % 200) == 0
    kind = _pick(KINDS, n, seed + 22)
    foreign = (r.hash(seed + 27) % 100) < 3  # registers show a few percent foreign names
    return base.with_columns(
        kind.alias("kind"),
        pl.when(foreign).then(pl.col("counterparty_country")).otherwise(pl.col("jurisdiction"))
        .alias("counterparty_country"),
        pl.when((pl.col("counterparty_type") == "company") & ((r.hash(seed + 28) % 10) > 0))
        .then(pl.format("{}", (r.hash(seed + 29) % 90_000_000) + 10_000_000))
        .alias("counterparty_id"),
        pl.when(watched).then(_pick(WATCHED, n, seed + 23)).otherwise(pl.col("counterparty"))
        .alias("counterparty"),
        pl.when(kind == "loan").then(pl.lit("bank")).otherwise(pl.col("counterparty_type"))
        .alias("counterparty_type"),
        pl.when(kind.is_in(["loan", "loan_change"]))
        .then((r.hash(seed + 24) % 8).cast(pl.String)).alias("interest_rate"),
        pl.when(kind == "contract").then(pl.lit("120000")).alias("market_value"),
        pl.when(kind == "loan_change").then(_pick(COUNTRIES, n, seed + 25) + " Assignee Ltd")
        .alias("assigned_to"),
        pl.when((r.hash(seed + 26) % 50) == 0).then(pl.lit("Payer Holdings Ltd"))
        .alias("paid_by"),
        pl.when(kind == "transfer").then(pl.lit("association")).otherwise(pl.lit("party"))
        .alias("recipient_type"),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--flows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "flows.csv"
        db = Path(tmp) / "bench.duckdb"
        flows(args.flows, args.seed).write_csv(source)
        started = time.perf_counter()
        result = api.import_files([source], db=db)[0]
        imported = time.perf_counter() - started
        started = time.perf_counter()
        summary = resolution.match_store(db)
        resolved = time.perf_counter() - started
        started = time.perf_counter()
        evaluation, rules = checks.run_rules(db)
        total = time.perf_counter() - started
    print(f"{result.stored:,} flows imported in {imported:.1f} s; {summary.names:,} names "
          f"resolved in {resolved:.1f} s ({summary.matches:,} matches)")
    print(f"rule pack: {len(rules)} rules, {evaluation.flags.height:,} flags, "
          f"{total:.1f} s in all (loading the store's tables and shaping the flags included)")
    counts = dict(evaluation.flags.group_by("rule").len().iter_rows())
    for code, seconds in evaluation.seconds.items():
        print(f"  {code}: {seconds:6.2f} s  {counts.get(code, 0):>9,} flags")
    print(f"peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")


if __name__ == "__main__":
    main()
