"""Reporting flags: the investigator's HTML report and the exports other tools read."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from finance_audit.errors import UsageError

FORMATS = ("html", "json", "jsonl", "csv", "parquet", "xlsx", "ftm")
NEEDS_FILE = ("html", "parquet", "xlsx", "ftm")


def write_report(flags: pl.DataFrame, fmt: str, output: Path | None, db: str | Path,
                 rule_versions: dict[str, str] | None = None) -> None:
    """Write `flags` (the store's last rule run, with review decisions) as `fmt` to `output`
    (stdout for the text formats when None)."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt}; choose one of {', '.join(FORMATS)}")
    if output is None and fmt in NEEDS_FILE:
        raise UsageError(f"--format {fmt} needs -o FILE")
    if fmt == "html":
        from finance_audit.report.html import write_html

        write_html(db, output)
    elif fmt == "xlsx":
        from finance_audit.report.formats import write_xlsx

        write_xlsx(flags, db, output, rule_versions)
    elif fmt == "ftm":
        from finance_audit.report.formats import write_ftm

        write_ftm(flags, db, output)
    else:
        from finance_audit.report.export import write_flags

        write_flags(flags, fmt, output)
