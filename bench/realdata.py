"""Import every real file in ../shared/data and check the counts (`make realdata`).

Not part of `make test`: these files are not all ours to copy (LobbyControl's is not), and
the tests run on the excerpts in fixtures/. Prints one line per file and exits non-zero when
a check fails.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import duckdb
import polars as pl

from finance_audit import api, checks, resolution

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"

# file -> (profile, read, stored, duplicates, rejected), importing in this order into one store
EXPECTED = {
    "uk-ec-donations/Q1_2024.csv": ("uk-ec-donations", 971, 971, 0, 0),
    "uk-ec-donations/data2024_prepoll1_2024.csv": ("uk-ec-donations", 53, 53, 0, 0),
    "uk-ec-donations/data2024_prepoll2_2024.csv": ("uk-ec-donations", 38, 38, 0, 0),
    "uk-ec-donations/data2024_prepoll3_2024.csv": ("uk-ec-donations", 39, 39, 0, 0),
    "uk-ec-donations/donor_may2024.csv": ("uk-ec-donations", 65, 44, 21, 0),
    "uk-ec-donations/jan_may_2024.csv": ("uk-ec-donations", 1003, 0, 1003, 0),
    "uk-ec-pef/donations-2005.csv": ("uk-pef-donations", 4260, 4260, 0, 0),
    "uk-ec-pef/donations-2012.csv": ("uk-pef-donations", 2398, 2398, 0, 0),
    "uk-ec-pef/loans-2010.csv": ("uk-pef-loans", 100, 100, 0, 0),
    "uk-ec-pef/loans-2011.csv": ("uk-pef-loans", 49, 49, 0, 0),
    "uk-ec-pef/loans-2012.csv": ("uk-pef-loans", 31, 31, 0, 0),
    "uk-ec-pef/loans-2013.csv": ("uk-pef-loans", 31, 31, 0, 0),
    "uk-ec-pef/loans-2014-so-far.csv": ("uk-pef-loans", 4, 4, 0, 0),
    "de-donations/donations.csv": ("de-bundestag", 292, 292, 0, 0),
    # 3 cells hold two amounts ("12782,25 €,17895,15 €"), 1 row names no recipient
    "de-donations/lobbycontrol_parteispenden_original_data.csv":
        ("de-lobbycontrol", 10263, 10259, 0, 4),
    "nl-donations/giften_2023.ods": ("nl-bzk-gifts", 283, 283, 0, 0),
    # 3 placeholder rows of parties that reported no gifts (no donor)
    "nl-donations/giften_2024.ods": ("nl-bzk-gifts", 3519, 3516, 0, 3),
}
DISTINCT_ECREFS_IN_CURRENT_EXPORTS = 1145


def main() -> int:
    if not DATA.exists():
        print(f"no real data at {DATA}; nothing to check")
        return 0
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "real.duckdb"
        started = time.perf_counter()
        results = api.import_files([DATA / name for name in EXPECTED], db=db)
        seconds = time.perf_counter() - started
        for (name, expected), result in zip(EXPECTED.items(), results, strict=True):
            got = (result.profile, result.read, result.stored, result.duplicates,
                   result.rejected)
            ok = got == expected and result.error is None
            failures += not ok
            print(f"{'ok ' if ok else 'BAD'} {name}: profile {got[0]}, read {got[1]:,}, "
                  f"stored {got[2]:,}, duplicates {got[3]:,}, rejected {got[4]:,}"
                  + ("" if ok else f"  (expected {expected}; {result.error or ''})"))
        con = duckdb.connect(str(db), read_only=True)
        ecrefs = con.execute(
            "SELECT count(DISTINCT flow_id) FROM flows WHERE source_file LIKE "
            "'%uk-ec-donations%'"
        ).fetchall()[0][0]
        impermissible = con.execute(
            "SELECT count(*) FROM flows WHERE raw->>'$.DonorStatus' = 'Impermissible Donor'"
        ).fetchall()[0][0]
        balanced = con.execute(
            "SELECT count(*) FROM batches WHERE rows_read <> rows_stored + rows_duplicate "
            "+ rows_rejected"
        ).fetchall()[0][0]
        con.close()
        started = time.perf_counter()
        summary = resolution.match_store(db)
        evaluation, _ = checks.run_rules(db)
        checked = time.perf_counter() - started
        flags = evaluation.flags.with_columns(
            pl.col("flow_ids").list.first().alias("flow_id")
        )
        con = duckdb.connect(str(db), read_only=True)
        sources = con.sql("SELECT flow_id, split_part(source_file, '/data/', 2) AS file "
                          "FROM flows").pl()
        unflagged_impermissible = con.execute(
            "SELECT count(*) FROM flows f WHERE raw->>'$.DonorStatus' = 'Impermissible Donor' "
            "AND flow_id NOT IN (SELECT unnest(flow_ids) FROM flags WHERE rule = 'FA401')"
        ).fetchall()[0][0]
        con.close()
    per_rule = (
        flags.join(sources, on="flow_id", how="left")
        .with_columns(pl.col("file").str.extract(r"^([^/]+)/", 1).alias("source"))
        .group_by("source", "rule", "severity").len()
        .sort(["source", "rule", "severity"])
    )
    print(f"\nresolution and rules over the real files: {summary.names:,} names, "
          f"{summary.matches:,} matches, {flags.height:,} flags in {checked:.1f} s")
    with pl.Config(tbl_rows=100):
        print(per_rule)
    failures += unflagged_impermissible != 0
    print(f"{'ok ' if unflagged_impermissible == 0 else 'BAD'} Impermissible Donor records "
          f"not flagged by FA401: {unflagged_impermissible}")
    ok = ecrefs == DISTINCT_ECREFS_IN_CURRENT_EXPORTS
    failures += not ok
    print(f"{'ok ' if ok else 'BAD'} distinct ECRefs across the current UK exports: {ecrefs:,}")
    failures += balanced != 0
    print(f"{'ok ' if balanced == 0 else 'BAD'} batches whose counts do not add up: {balanced}")
    print(f"    Impermissible Donor records stored: {impermissible}")
    print(f"{sum(r.read for r in results):,} rows in {len(results)} files imported in "
          f"{seconds:.1f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
