"""Ingest benchmark: generate N canonical filing rows, import them, print rows/s and peak memory.

Target (issue 2): at least 250,000 rows/s end to end into DuckDB and peak memory under 2 GB
for 1,000,000 rows on a 2-core machine. The import runs in a child process so its peak
resident memory is measured alone, not together with the generator's.

    .venv/bin/python bench/ingest.py [--rows 1000000] [--seed 7]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

FIRST = ["Anna", "Peter", "Maria", "Jan", "Sophie", "Lukas", "Emma", "Thomas", "Julia", "Marco",
         "Elena", "Pierre", "Claire", "Piotr", "Agnieszka", "Ján", "Zoltán", "Ingrid", "Sven",
         "Giulia"]
LAST = ["Müller", "Schmidt", "de Vries", "Jansen", "Dubois", "Martin", "Rossi", "Bianchi",
        "Kowalski", "Nowak", "Horváth", "Novák", "Andersson", "Smith", "Jones", "Taylor",
        "García", "Fernández", "O'Brien", "Papadopoulos"]
FIRMS = ["Nord", "Süd", "Alpen", "Rhein", "Baltic", "Atlas", "Helios", "Orion", "Delta", "Nova"]
FORMS = ["GmbH", "AG", "Ltd", "B.V.", "S.A.", "SARL", "S.p.A.", "sp. z o.o.", "Kft.", "s.r.o."]
PARTIES = ["Partei A", "Partei B", "Parti C", "Partij D", "Party E", "Partito F", "Partia G"]
COUNTRIES = ["DE", "FR", "NL", "GB", "AT", "IT", "PL", "HU", "CZ", "ES", "CH", "RU", "US", "CY"]
KINDS = ["donation"] * 8 + ["loan", "transfer"]


def _pick(values: list[str], n: int, salt: int) -> pl.Expr:
    index = (pl.int_range(n, dtype=pl.UInt64).hash(salt) % len(values)).cast(pl.Int64)
    return pl.lit(pl.Series(values)).gather(index)


MESSY_SHARE = 15  # percent of rows written by hand: "12345,67" amounts, dd.mm.yyyy dates


def generate(rows: int, seed: int) -> pl.DataFrame:
    """Canonical rows as a register's export writes them: mostly plain numbers and ISO dates,
    with MESSY_SHARE percent in the formats people type (decimal commas, dd.mm.yyyy)."""
    r = pl.int_range(rows, dtype=pl.UInt64)
    person = pl.concat_str([_pick(FIRST, rows, seed + 1), _pick(LAST, rows, seed + 2)],
                           separator=" ")
    firm = pl.concat_str([_pick(FIRMS, rows, seed + 3), _pick(LAST, rows, seed + 4),
                          _pick(FORMS, rows, seed + 5)], separator=" ")
    is_firm = (r.hash(seed + 6) % 3) == 0
    cents = (r.hash(seed + 7) % 5_000_000) + 10_000
    day = (r.hash(seed + 8) % 5000).cast(pl.Int64)
    date = pl.lit("2010-01-01").str.to_date() + pl.duration(days=day)
    messy = (r.hash(seed + 13) % 100) < MESSY_SHARE
    return pl.select(
        pl.format("B-{}", r).alias("flow_id"),
        _pick(COUNTRIES[:10], rows, seed + 9).alias("jurisdiction"),
        _pick(PARTIES, rows, seed + 10).alias("recipient"),
        _pick(KINDS, rows, seed + 11).alias("kind"),
        pl.when(is_firm).then(firm).otherwise(person).alias("counterparty"),
        pl.when(is_firm).then(pl.lit("company")).otherwise(pl.lit("individual"))
        .alias("counterparty_type"),
        _pick(COUNTRIES, rows, seed + 12).alias("counterparty_country"),
        pl.format("{}{}{}", cents // 100, pl.when(messy).then(pl.lit(",")).otherwise(pl.lit(".")),
                  (cents % 100).cast(pl.String).str.zfill(2))
        .alias("amount"),
        pl.lit("EUR").alias("currency"),
        pl.when(messy).then(date.dt.strftime("%d.%m.%Y")).otherwise(date.dt.strftime("%Y-%m-%d"))
        .alias("date"),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "filings.csv"
        started = time.perf_counter()
        generate(args.rows, args.seed).write_csv(source)
        print(f"generated {args.rows:,} rows ({MESSY_SHARE}% with hand-typed amounts and dates, "
              f"{source.stat().st_size / 1e6:.0f} MB) "
              f"in {time.perf_counter() - started:.1f} s")
        child = (
            "import sys, time, json; from finance_audit import api; t=time.perf_counter(); "
            "r=api.import_files([sys.argv[1]], db=sys.argv[2])[0]; "
            "print(json.dumps({'seconds': time.perf_counter()-t, 'stored': r.stored, "
            "'rejected': r.rejected, 'error': r.error}))"
        )
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", child, str(source), str(Path(tmp) / "bench.duckdb")],
            capture_output=True, text=True, check=True,
        )
        wall = time.perf_counter() - started
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        result = eval(done.stdout.strip().splitlines()[-1].replace("null", "None"))
        print(f"import: {result['stored']:,} stored, {result['rejected']:,} rejected, "
              f"error={result['error']}")
        print(f"import time {result['seconds']:.2f} s "
              f"({args.rows / result['seconds']:,.0f} rows/s); "
              f"process wall {wall:.2f} s incl. start-up "
              f"({args.rows / wall:,.0f} rows/s)")
        print(f"peak memory of the import process: {peak_mb:,.0f} MB")


if __name__ == "__main__":
    main()
