"""Review decisions on flags: recorded with time and reviewer, kept across runs through the
stable flag_id, exported and imported as diffable YAML or JSON.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl
import yaml

from finance_audit.errors import UsageError
from finance_audit.store import DEFAULT_DB, REVIEW_TABLE, Store

DECISIONS = ("confirmed", "dismissed", "unsure")
COLUMNS = [n for n, _ in REVIEW_TABLE]


def record(
    flag_id: str,
    decision: str,
    note: str,
    *,
    reviewer: str | None = None,
    db: str | Path = DEFAULT_DB,
    at: dt.datetime | None = None,
) -> dict[str, object]:
    """Record (or replace) the decision on one flag of the last run."""
    if decision not in DECISIONS:
        raise UsageError(f"decision must be one of {', '.join(DECISIONS)}")
    with Store(db) as store:
        found = store.con.execute(
            "SELECT rule, reason FROM flags WHERE flag_id = ?", [flag_id]).fetchall()
        if not found:
            raise UsageError(f"no flag {flag_id} in the last run; see finance-audit check")
        row = {"flag_id": flag_id, "decision": decision, "note": note, "reviewer": reviewer,
               "decided_at": (at or dt.datetime.now(dt.UTC)).replace(tzinfo=None,
                                                                     microsecond=0),
               "rule": found[0][0], "reason": found[0][1]}
        store.con.execute(
            f"INSERT OR REPLACE INTO reviews VALUES ({', '.join('?' for _ in COLUMNS)})",
            [row[c] for c in COLUMNS],
        )
    return row


def decisions(db: str | Path = DEFAULT_DB) -> pl.DataFrame:
    """Every decision, with whether its flag is still raised by the last run."""
    with Store(db, read_only=True) as store:
        return store.frame(
            "SELECT r.*, f.flag_id IS NOT NULL AS flag_present FROM reviews r "
            "LEFT JOIN flags f USING (flag_id) ORDER BY r.decided_at, r.flag_id"
        )


def export(path: Path, db: str | Path = DEFAULT_DB) -> int:
    """Write the decisions to YAML (.yaml/.yml) or JSON, sorted by flag id: diffable."""
    rows = decisions(db).drop("flag_present").sort("flag_id").to_dicts()
    for row in rows:
        row["decided_at"] = row["decided_at"].isoformat()
    if path.suffix in (".yaml", ".yml"):
        path.write_text(yaml.safe_dump({"reviews": rows}, allow_unicode=True, sort_keys=False),
                        encoding="utf-8")
    else:
        path.write_text(json.dumps({"reviews": rows}, ensure_ascii=False, indent=2) + "\n",
                        encoding="utf-8")
    return len(rows)


def import_file(path: Path, db: str | Path = DEFAULT_DB) -> int:
    """Load decisions from an export; a decision replaces the store's on the same flag."""
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text) if path.suffix in (".yaml", ".yml") else json.loads(text)
    except (OSError, ValueError, yaml.YAMLError) as err:
        raise UsageError(f"cannot read review decisions ({err})", file=str(path)) from err
    rows = (data or {}).get("reviews") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        raise UsageError("expected a mapping with a 'reviews' list", file=str(path))
    with Store(db) as store:
        for number, row in enumerate(rows):
            if not isinstance(row, dict) or row.get("decision") not in DECISIONS \
                    or not row.get("flag_id"):
                raise UsageError(f"reviews[{number}]: needs flag_id and a decision in "
                                 f"{', '.join(DECISIONS)}", file=str(path))
            decided = row.get("decided_at")
            store.con.execute(
                f"INSERT OR REPLACE INTO reviews VALUES ({', '.join('?' for _ in COLUMNS)})",
                [row["flag_id"], row["decision"], str(row.get("note") or ""), row.get("reviewer"),
                 dt.datetime.fromisoformat(str(decided)) if decided else dt.datetime.now(
                     dt.UTC).replace(tzinfo=None, microsecond=0),
                 row.get("rule"), row.get("reason")],
            )
    return len(rows)


def with_reviews(flags: pl.DataFrame, db: str | Path) -> pl.DataFrame:
    """Flags with their review decision and note (null where not reviewed)."""
    with Store(db, read_only=True) as store:
        reviews = store.frame("SELECT flag_id, decision AS review_decision, note AS review_note "
                              "FROM reviews")
    return flags.join(reviews, on="flag_id", how="left", maintain_order="left")
