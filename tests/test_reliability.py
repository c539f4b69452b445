"""Interrupted imports leave no trace; a second writer is told the store is busy."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import polars as pl

ROWS = 1_000_000


def _big_file(path: Path) -> None:
    n = pl.int_range(ROWS, dtype=pl.UInt64, eager=True)
    pl.DataFrame({
        "flow_id": "K-" + n.cast(pl.String),
        "jurisdiction": "DE", "recipient": "Partei A", "kind": "donation",
        "counterparty": "Spender " + (n % 5000).cast(pl.String),
        "amount": ((n % 9000) + 100).cast(pl.String), "date": "2021-03-01",
    }).write_csv(path)


def _finance_audit(*args: str) -> list[str]:
    return [sys.executable, "-c", "from finance_audit.cli import main; main()", *args]


def test_a_killed_import_leaves_no_batch_and_a_rerun_completes(tmp_path):
    source, db = tmp_path / "big.csv", tmp_path / "store.duckdb"
    _big_file(source)
    # A first, small import creates the store, so the kill lands inside the big one.
    small = tmp_path / "small.csv"
    small.write_text("recipient,kind,counterparty,amount,date,jurisdiction\n"
                     "Partei B,donation,Jemand,100,2021-01-01,DE\n")
    assert subprocess.run(_finance_audit("import", str(small), "--db", str(db)),
                          capture_output=True).returncode == 0
    process = subprocess.Popen(_finance_audit("import", str(source), "--db", str(db)),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.5)
    assert process.poll() is None, "the import finished before it could be interrupted"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    con = duckdb.connect(str(db))
    assert con.execute("SELECT count(*) FROM batches").fetchall() == [(1,)]
    assert con.execute("SELECT count(*) FROM flows").fetchall() == [(1,)]
    con.close()
    rerun = subprocess.run(_finance_audit("import", str(source), "--db", str(db),
                                          "--format", "json"), capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute(
        "SELECT rows_read, rows_stored, rows_duplicate, rows_rejected FROM batches "
        "ORDER BY batch_id"
    ).fetchall() == [(1, 1, 0, 0), (ROWS, ROWS, 0, 0)]
    con.close()


def test_a_second_writer_is_told_the_store_is_busy_and_by_whom(tmp_path):
    db = tmp_path / "store.duckdb"
    small = tmp_path / "small.csv"
    small.write_text("recipient,kind,counterparty,amount,date,jurisdiction\n"
                     "Partei B,donation,Jemand,100,2021-01-01,DE\n")
    assert subprocess.run(_finance_audit("import", str(small), "--db", str(db)),
                          capture_output=True).returncode == 0
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('ready', flush=True);"
         " time.sleep(30)", str(db)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        second = subprocess.run(_finance_audit("import", str(small), "--db", str(db)),
                                capture_output=True, text=True)
        assert second.returncode == 2
        assert second.stderr.strip().endswith(
            f"the store is in use by process {holder.pid}; wait for it to finish and try again"
        )
        assert "Traceback" not in second.stderr
        # With --wait the second writer waits for the first to finish, then imports.
        waiting = subprocess.Popen(
            _finance_audit("import", str(small), "--db", str(db), "--wait", "20",
                           "--format", "json"),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(1.0)
        assert waiting.poll() is None
        holder.kill()
        holder.wait()
        out, err = waiting.communicate(timeout=30)
        assert waiting.returncode == 0, err
        assert '"already_imported": 1' in out
    finally:
        holder.kill()
        holder.wait()
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM flows").fetchall() == [(1,)]
    con.close()
