"""Flags to JSON, JSON Lines, CSV and Parquet, with the DESIGN §6 flag contract."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polars as pl

# Cells a spreadsheet would run as a formula; prefixed with ' when exported to CSV.
FORMULA_START = r"^[=+\-@\t\r]"


def flag_records(flags: pl.DataFrame) -> list[dict]:
    """Flags as JSON-ready dicts: entity, chain and evidence as objects, dates as ISO text."""
    records = []
    for row in flags.iter_rows(named=True):
        row = dict(row)
        row["date"] = row["date"].isoformat() if row["date"] else None
        row["entity"] = None if row["entity_id"] is None else {
            "entity_id": row["entity_id"], "name": row["entity_name"],
            "country": row["entity_country"], "score": row["entity_score"],
        }
        for key in ("entity_id", "entity_name", "entity_country", "entity_score"):
            row.pop(key)
        row["chain"] = json.loads(row["chain"]) if row["chain"] else None
        row["evidence"] = json.loads(row["evidence"]) if row["evidence"] else []
        records.append(row)
    return records


def neutralize(frame: pl.DataFrame) -> pl.DataFrame:
    """Text cells that a spreadsheet would read as a formula get a leading apostrophe."""
    return frame.with_columns(
        pl.when(pl.col(c).str.contains(FORMULA_START)).then("'" + pl.col(c)).otherwise(pl.col(c))
        .alias(c)
        for c, t in frame.schema.items() if t == pl.String
    )


def write_flags(flags: pl.DataFrame, fmt: str, output: Path | None) -> None:
    """Write flags in `fmt` to `output` (stdout when None, except parquet)."""
    if fmt in ("json", "jsonl"):
        records = flag_records(flags)
        text = (json.dumps(records, ensure_ascii=False, indent=2) + "\n" if fmt == "json"
                else "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
        if output is None:
            sys.stdout.write(text)
        else:
            output.write_text(text, encoding="utf-8")
        return
    flat = flags.with_columns(
        pl.col("flow_ids").list.join(";"), pl.col("precedent").list.join(";")
    )
    if fmt == "csv":
        flat = neutralize(flat)
        if output is None:
            sys.stdout.write(flat.write_csv())
        else:
            flat.write_csv(output)
        return
    if fmt == "parquet":
        flags.write_parquet(output)
        return
    raise ValueError(f"unknown format {fmt}")
