"""Exports that carry more than the flag rows: XLSX (flags, flows involved, manifest) and
FollowTheMoney JSON Lines (Payment and Debt for flows, Person/Company/LegalEntity for
parties, flags as notes), which Aleph and nomenklatura load.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import polars as pl

from finance_audit import __version__
from finance_audit.report.export import neutralize
from finance_audit.store import Store


def _flows_involved(store: Store, flags: pl.DataFrame) -> pl.DataFrame:
    ids = flags.select(pl.col("flow_ids").explode().alias("flow_id")).unique()
    store.con.register("_fa_ids", ids)
    try:
        return store.frame(
            "SELECT f.* EXCLUDE (raw), f.raw AS as_filed FROM flows f JOIN _fa_ids USING "
            "(flow_id) ORDER BY f.date, f.flow_id"
        )
    finally:
        store.con.unregister("_fa_ids")


def manifest(store: Store, rule_versions: dict[str, str] | None = None) -> pl.DataFrame:
    """What a result was made from: tool, rules, registries, input files, time."""
    rows = [("tool", "finance-audit", __version__),
            ("run", "generated_at", dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))]
    rows += [("rule", code, version) for code, version in sorted((rule_versions or {}).items())]
    for source, version in store.con.execute(
            "SELECT source, version FROM registry_sources ORDER BY source").fetchall():
        rows.append(("registry", source, version))
    for path, sha in store.con.execute(
            "SELECT source_file, source_sha256 FROM batches ORDER BY batch_id").fetchall():
        rows.append(("input", path, sha))
    return pl.DataFrame(rows, schema=["kind", "name", "version"], orient="row")


def write_xlsx(flags: pl.DataFrame, db: str | Path, output: Path,
               rule_versions: dict[str, str] | None = None) -> None:
    """One workbook: a sheet of flags, one of the flows involved, one of the manifest."""
    import xlsxwriter

    flat = flags.with_columns(pl.col("flow_ids").list.join(";"),
                              pl.col("precedent").list.join(";"))
    with Store(db, read_only=True) as store:
        flows = _flows_involved(store, flags)
        made_from = manifest(store, rule_versions)
    with xlsxwriter.Workbook(output) as book:
        for name, frame in (("flags", flat), ("flows", flows), ("manifest", made_from)):
            # Spreadsheet formulas in filed names are written as text, never evaluated.
            neutralize(frame.with_columns(pl.col(pl.Date).cast(pl.String))).write_excel(
                book, worksheet=name, autofit=True)


def _ftm_id(*parts: object) -> str:
    return hashlib.sha1("|".join(str(p) for p in parts).encode("utf-8")).hexdigest()


_PARTY_SCHEMA = {"individual": "Person", "company": "Company", "bank": "Company"}


def write_ftm(flags: pl.DataFrame, db: str | Path, output: Path) -> int:
    """FollowTheMoney entities, one JSON object per line; returns how many were written."""
    with Store(db, read_only=True) as store:
        flows = _flows_involved(store, flags)
    notes: dict[str, list[str]] = {}
    for row in flags.select("flow_ids", "rule", "severity", "reason").iter_rows(named=True):
        for flow_id in row["flow_ids"]:
            notes.setdefault(flow_id, []).append(
                f"[{row['severity']}] {row['rule']}: {row['reason']}")
    entities: dict[str, dict] = {}

    def party(name: str, kind: str | None, country: str | None) -> str:
        schema = _PARTY_SCHEMA.get(kind or "", "LegalEntity")
        key = _ftm_id("fa-party", name.casefold())
        entity = entities.setdefault(key, {"id": key, "schema": schema,
                                           "properties": {"name": [name]}})
        if country:
            entity["properties"].setdefault("country", [])
            if country.lower() not in entity["properties"]["country"]:
                entity["properties"]["country"].append(country.lower())
        return key

    for row in flows.iter_rows(named=True):
        payer = party(row["counterparty"], row["counterparty_type"], row["counterparty_country"])
        payee = party(row["recipient"], "party" if row["recipient_type"] == "party" else None,
                      row["jurisdiction"])
        loan = row["kind"] in ("loan", "loan_change")
        props = {
            "amount": [str(row["amount"])], "currency": [row["currency"]],
            "date": [row["date"].isoformat()],
            "recordId": [f"{row['source_file']}, row {row['source_row']}"],
            "summary": [f"{row['kind']} {row['flow_id']} (row {row['source_row']})"],
            "description": notes.get(row["flow_id"], []),
        }
        if row["amount_eur"] is not None:
            props["amountEur"] = [str(row["amount_eur"])]
        if loan:
            props.update({"debtor": [payee], "creditor": [payer]})
        else:
            props.update({"payer": [payer], "beneficiary": [payee]})
        key = _ftm_id("fa-flow", row["flow_id"])
        entities[key] = {"id": key, "schema": "Debt" if loan else "Payment", "properties": props}
    with output.open("w", encoding="utf-8") as handle:
        for entity in entities.values():
            handle.write(json.dumps(entity, ensure_ascii=False, sort_keys=True) + "\n")
    return len(entities)
