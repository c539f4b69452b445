"""What the investigator's report shows, gathered from the store in a few whole-table queries:
the last rule run's flags with their flows, registry matches, entities, chains, precedents,
the law in force on each flow's date, review decisions, and the manifest of the run.

Plain dicts and lists come out, ready for a template; nothing here writes HTML.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import polars as pl
import yaml

from finance_audit import __version__
from finance_audit.checks import last_run
from finance_audit.engine.evaluate import in_report_order
from finance_audit.engine.rules import SEVERITY_RANK, Rule, default_rules_dir, load_rules
from finance_audit.store import Store

# The provisions of a jurisdiction profile that bear on each category of flag.
LAW_KEYS = {
    "foreign-donation": ("foreign_donation_ban", "foreign_donation_threshold_eur"),
    "foreign-nonprofit": ("foreign_donation_ban", "foreign_donation_threshold_eur"),
    "pass-through": ("foreign_donation_ban", "foreign_donation_threshold_eur"),
    "foreign-loan": ("loans_from", "loan_below_market_is_donation"),
    "lender-not-permitted": ("loans_from",),
    "loan-change": ("loans_from",),
    "lender-status": ("loans_from",),
    "loan-terms": ("loan_below_market_is_donation", "loans_from"),
    "structuring": ("publication_threshold_eur", "publication_immediate_eur",
                    "anonymous_donation_limit_eur", "foreign_donation_threshold_eur"),
    "donation-cap": ("donation_cap_eur", "donor_total_cap_eur", "party_total_cap_eur"),
    "donor-type": ("company_donations",),
    "reporting": ("publication_threshold_eur", "publication_immediate_eur"),
    "sanctions": ("foreign_donation_ban",),
    "commercial-deal": ("foreign_donation_ban", "loan_below_market_is_donation"),
}
COUNTRY_PREFIX = re.compile(r"^[A-Z]{2}:")
FLOW_FIELDS = ("flow_id", "kind", "recipient", "recipient_unit", "counterparty",
               "counterparty_country", "paid_by", "amount", "currency", "amount_eur", "date",
               "interest_rate", "end_date", "status", "assigned_to", "source_file",
               "source_row")


@dataclass
class ReportData:
    """Everything the HTML template reads."""

    payload: dict  # what the page's script renders the list and the cards from
    precedents: list[dict]
    rules: list[dict]
    manifest: dict
    overview: dict = field(default_factory=dict)
    choices: dict[str, list[str]] = field(default_factory=dict)


@cache
def precedents() -> dict[str, dict]:
    """The precedent cases the rules cite (reference/precedents.yaml, shipped), by id."""
    text = resources.files("finance_audit.data").joinpath("precedents.yaml").read_text("utf-8")
    return {case["id"]: case for case in yaml.safe_load(text)}


def _flags(store: Store) -> pl.DataFrame:
    flags = store.frame(
        "SELECT f.*, r.decision AS review_decision, r.note AS review_note, "
        "r.reviewer AS review_reviewer, r.decided_at AS review_at "
        "FROM flags f LEFT JOIN reviews r USING (flag_id)")
    return in_report_order(flags)


def _flows(store: Store) -> dict[str, dict]:
    frame = store.frame(
        f"SELECT {', '.join(FLOW_FIELDS)} FROM flows "
        "WHERE flow_id IN (SELECT unnest(flow_ids) FROM flags)")
    return {row["flow_id"]: row for row in frame.iter_rows(named=True)}


def _matches(store: Store) -> dict[tuple[str, str], list[dict]]:
    frame = store.frame(
        "SELECT m.flow_id, m.entity_id, m.role, m.name, m.matched_name, m.score, m.decision, "
        "m.explanation FROM matches m JOIN (SELECT DISTINCT unnest(flow_ids) AS flow_id, "
        "entity_id FROM flags WHERE entity_id IS NOT NULL) USING (flow_id, entity_id) "
        "ORDER BY m.flow_id, m.role")
    found: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in frame.iter_rows(named=True):
        found[(row["flow_id"], row["entity_id"])].append(row)
    return found


def _entities(store: Store) -> dict[str, dict]:
    frame = store.frame(
        "SELECT entity_id, name, kind, country, countries, identifiers, topics, status, "
        "status_date, program, source, aliases[1:12] AS aliases, len(aliases) AS alias_count, "
        "birth_dates "
        "FROM entities WHERE entity_id IN (SELECT entity_id FROM flags)")
    return {row["entity_id"]: row for row in frame.iter_rows(named=True)}


def _also_listed(store: Store) -> dict[str, list[list[str]]]:
    """Per flagged entity, its records on the store's other registry sources:
    [other id, other name, why they are thought one]."""
    frame = store.frame(
        "SELECT l.entity_id, l.other_id, e.name, l.reason FROM entity_links l "
        "JOIN entities e ON e.entity_id = l.other_id "
        "WHERE l.entity_id IN (SELECT entity_id FROM flags) ORDER BY l.entity_id, l.other_id")
    found: dict[str, list[list[str]]] = defaultdict(list)
    for entity_id, other_id, name, reason in frame.iter_rows():
        found[entity_id].append([other_id, name, reason])
    return found


def _law_in_force(flags: pl.DataFrame, rules_dir: Path) -> dict[str, list[dict]]:
    """Per flag, the provisions bearing on its category in force in its jurisdiction on its
    date: one join over all flags, not a lookup per flag."""
    from finance_audit.engine.law import load_jurisdictions

    folder = rules_dir / "jurisdictions"
    if not folder.is_dir():
        folder = default_rules_dir() / "jurisdictions"
    provisions = load_jurisdictions(folder).provisions
    wanted = pl.DataFrame(
        [(category, key) for category, keys in LAW_KEYS.items() for key in keys],
        schema=["category", "key"], orient="row")
    rows = (
        flags.select("flag_id", "category", "jurisdiction", "date")
        .join(wanted, on="category")
        .join(provisions, on=["jurisdiction", "key"])
        .filter((pl.col("valid_from") <= pl.col("date"))
                & (pl.col("valid_to").is_null() | (pl.col("valid_to") >= pl.col("date"))))
        .sort("flag_id", "key")
    )
    law: dict[str, list[dict]] = defaultdict(list)
    for row in rows.iter_rows(named=True):
        value = row["value_text"] if row["value_text"] is not None else row["value_num"]
        if isinstance(value, float):
            value = f"EUR {value:,.0f}" if row["key"].endswith("_eur") else f"{value:g}"
        law[row["flag_id"]].append({
            "key": row["key"], "value": value, "reference": row["reference"],
            "valid_from": row["valid_from"], "valid_to": row["valid_to"],
            "note": (row["note"] or "").strip(),
        })
    return law


def _references_for(references: tuple[str, ...], jurisdiction: str | None) -> list[str]:
    """A rule's statutes for the flag's own country ("FR: Loi 88-227 …") and those that name
    none; all of them when none is the flag's country's."""
    own = [r for r in references if not COUNTRY_PREFIX.match(r)
           or r.startswith(f"{jurisdiction}:")]
    return own or list(references)


def _merge_roles(found: list[dict]) -> list[dict]:
    """One line per name matched: the same name filed as counterparty and assignee is one
    match with two roles."""
    merged: dict[tuple, dict] = {}
    for m in found:
        key = (m["flow_id"], m["name"], m["matched_name"], m["score"])
        if key in merged:
            merged[key]["role"] += f" and {m['role']}"
        else:
            merged[key] = dict(m)
    return list(merged.values())


def _paths(chain: list[dict]) -> list[list[dict]]:
    """Hops joined into paths where one hop's payee is the next hop's payer, so a chain reads
    payer → intermediary → party."""
    paths: list[list[dict]] = []
    for hop in chain:
        if paths and paths[-1][-1]["to"] == hop.get("from"):
            paths[-1].append(hop)
        else:
            paths.append([hop])
    return paths


def _manifest(store: Store, run: dict, rules: tuple[Rule, ...]) -> dict:
    registries = store.frame(
        "SELECT source, format, version, entities, aliases, ownership, is_default "
        "FROM registry_sources ORDER BY source").to_dicts()
    inputs = store.frame(
        "SELECT batch_id, source_file, source_sha256, profile, rows_read, rows_stored, "
        "rows_duplicate AS duplicates, rows_rejected FROM batches ORDER BY batch_id").to_dicts()
    return {
        "tool_version": __version__,
        "run_at": run.get("run_at"),
        "pack_version": run.get("pack_version"),
        "rules_dir": run.get("rules_dir"),
        "rules": sorted(run.get("rules", {}).items()),
        "rule_names": {r.code: r.name for r in rules},
        "params": run.get("params") or {},
        "settings": sorted((run.get("settings") or {}).items()),
        "registries": registries,
        "inputs": inputs,
    }


def _overview(frame: pl.DataFrame, flows: dict[str, dict]) -> dict:
    """Counts and money over the flags still open (not dismissed in review)."""
    flags = frame.to_dicts()
    live = [f for f in flags if f["review_decision"] != "dismissed"]

    def count(key) -> list[tuple[str, float]]:
        counts: dict[str, int] = defaultdict(int)
        for flag in live:
            counts[str(key(flag) or "-")] += 1
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))

    money_by_category: dict[str, float] = defaultdict(float)
    counted: set[tuple[str, str]] = set()
    flagged_flows: set[str] = set()
    for flag in live:
        for flow_id in flag["flow_ids"]:
            if flow_id not in flows:
                continue
            flagged_flows.add(flow_id)
            if (flag["category"], flow_id) not in counted:
                counted.add((flag["category"], flow_id))
                money_by_category[flag["category"]] += flows[flow_id]["amount_eur"] or 0.0
    money_by_period: dict[str, float] = defaultdict(float)
    dates = [flows[f]["date"] for f in flagged_flows if flows[f]["date"]]
    by_month = bool(dates) and max(dates).year - min(dates).year <= 5
    for flow_id in flagged_flows:
        flow = flows[flow_id]
        if flow["date"] is not None:
            period = flow["date"].strftime("%Y-%m" if by_month else "%Y")
            money_by_period[period] += flow["amount_eur"] or 0.0
    severity = sorted(count(lambda f: f["severity"]),
                      key=lambda kv: -SEVERITY_RANK.get(kv[0], -1))
    return {
        "open": len(live),
        "dismissed": len(flags) - len(live),
        "severity": severity,
        "category": count(lambda f: f["category"]),
        "rule": count(lambda f: f["rule"]),
        "recipient": count(lambda f: f["recipient"])[:15],
        "year": sorted(count(lambda f: f["date"].year if f["date"] else None)),
        "money_total": sum(flows[f]["amount_eur"] or 0.0 for f in flagged_flows),
        "money_category": sorted(money_by_category.items(), key=lambda kv: (-kv[1], kv[0])),
        "timeline": _fill_periods(money_by_period, by_month),
        "timeline_unit": "month" if by_month else "year",
        "unconverted": sum(1 for f in flagged_flows if flows[f]["amount_eur"] is None),
    }


def _fill_periods(amounts: dict[str, float], by_month: bool) -> list[tuple[str, float]]:
    """Every period between the first and the last, so gaps show as gaps."""
    if not amounts:
        return []
    first, last = min(amounts), max(amounts)
    periods = []
    if by_month:
        year, month = int(first[:4]), int(first[5:])
        while f"{year:04d}-{month:02d}" <= last:
            periods.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    else:
        periods = [str(y) for y in range(int(first), int(last) + 1)]
    return [(p, amounts.get(p, 0.0)) for p in periods]


def _flow_record(flow: dict, raw: str | None, files: dict[str, int]) -> dict:
    """A flow as the page's script reads it: short keys, empty values left out, the record as
    filed beside the values as read."""
    filed = json.loads(raw) if raw else {}
    record = {
        "k": flow.get("kind"), "fr": flow.get("counterparty"),
        "cc": flow.get("counterparty_country"), "pb": flow.get("paid_by"),
        "to": flow.get("recipient"), "u": flow.get("recipient_unit"),
        "a": flow.get("amount"), "cur": flow.get("currency"), "eur": flow.get("amount_eur"),
        "d": iso(flow.get("date")) or None, "ir": flow.get("interest_rate"),
        "ed": iso(flow.get("end_date")) or None, "st": flow.get("status"),
        "as": flow.get("assigned_to"),
        "src": files.setdefault(str(flow.get("source_file")), len(files)),
        "row": flow.get("source_row"),
        "raw": [[k, v] for k, v in filed.items() if v not in (None, "")],
    }
    return {k: v for k, v in record.items() if v is not None}


def _entity_record(entity: dict, also_listed: list[list[str]] | None = None) -> dict:
    record = {
        "x": also_listed or None,
        "n": entity["name"], "k": entity["kind"], "c": entity["country"],
        "b": entity["birth_dates"] or None,
        "t": entity["topics"] or None, "ids": entity["identifiers"] or None,
        "st": entity["status"], "sd": iso(entity["status_date"]) or None,
        "pg": entity["program"], "src": entity["source"], "al": entity["aliases"] or None,
        "an": entity["alias_count"],
    }
    return {k: v for k, v in record.items() if v is not None}


def _index(table: dict, value: tuple) -> int:
    """The position of `value` in a list of unique values kept as a dict (value → index)."""
    return table.setdefault(value, len(table))


def gather(db: str | Path) -> ReportData:
    """Read the last rule run and everything behind its flags from the store at `db`."""
    with Store(db, read_only=True) as store:
        run = last_run(store)
        frame = _flags(store)
        flows = _flows(store)
        matches = _matches(store)
        entities = _entities(store)
        also_listed = _also_listed(store)
        rules_dir = Path(run.get("rules_dir") or default_rules_dir())
        rules = load_rules(rules_dir if rules_dir.is_dir() else default_rules_dir())
        manifest = _manifest(store, run, rules)
    law = _law_in_force(frame, rules_dir)
    rule_info = {r.code: r for r in rules}
    cases = precedents()
    files: dict[str, int] = {}
    laws: dict[str, int] = {}
    refsets: dict[str, int] = {}
    flow_records: dict[str, dict] = {}
    match_records: dict[str, list] = {}
    records = []
    for flag in frame.iter_rows(named=True):
        # The record as filed travels in the flag's evidence; each flow is read from it once.
        unseen = any(f not in flow_records for f in flag["flow_ids"])
        for item in json.loads(flag["evidence"] or "[]") if unseen else ():
            if item["flow_id"] not in flow_records:
                flow = flows.get(item["flow_id"]) or {"source_file": item["source_file"],
                                                      "source_row": item["source_row"]}
                flow_records[item["flow_id"]] = _flow_record(flow, item.get("raw"), files)
        for flow_id in flag["flow_ids"]:
            key = f"{flow_id}\t{flag['entity_id']}"
            if flag["entity_id"] and key not in match_records:
                match_records[key] = [
                    [m["role"], m["name"], m["matched_name"], m["score"], m["decision"],
                     m["explanation"]]
                    for m in _merge_roles(matches.get((flow_id, flag["entity_id"]), []))]
        rule = rule_info.get(flag["rule"])
        review = None
        if flag["review_decision"]:
            review = [flag["review_decision"], flag["review_note"], flag["review_reviewer"],
                      iso(flag["review_at"])]
        record = {
            "i": flag["flag_id"], "r": flag["rule"], "s": flag["severity"],
            "c": flag["category"], "to": flag["recipient"] or "-",
            "fr": flag["counterparty"] or "-", "eur": flag["amount_eur"],
            "d": iso(flag["date"]) or None, "j": flag["jurisdiction"] or "-",
            "y": str(flag["date"].year) if flag["date"] else "-",
            "why": flag["reason"], "f": flag["flow_ids"], "e": flag["entity_id"],
            "sc": flag["entity_score"], "v": flag["rule_version"],
            "ch": _paths(json.loads(flag["chain"])) if flag["chain"] else None,
            "p": [p for p in flag["precedent"] or []] or None,
            "law": [_index(laws, (p["key"], p["value"], p["reference"], iso(p["valid_from"]),
                                  iso(p["valid_to"]), p["note"]))
                    for p in law.get(flag["flag_id"], [])],
            "rf": _index(refsets, tuple(_references_for(rule.references if rule else (),
                                                        flag["jurisdiction"]))),
            "rv": review,
        }
        records.append({k: v for k, v in record.items() if v is not None})
    cited = sorted({p for flag in records for p in flag.get("p", ()) if p in cases})
    fired = sorted({flag["r"] for flag in records})
    payload = {
        "flags": records,
        "flows": flow_records,
        "entities": {k: _entity_record(v, also_listed.get(k))
                     for k, v in sorted(entities.items())},
        "matches": match_records,
        "law": [list(k) for k in laws],
        "refs": [list(k) for k in refsets],
        "files": list(files),
        "rules": {code: [rule_info[code].name, rule_info[code].summary]
                  for code in fired if code in rule_info},
        "precedents": {p: cases[p]["title"] for p in cited},
    }
    return ReportData(
        payload=payload,
        precedents=[cases[p] for p in cited],
        rules=[rule_info[c] for c in fired if c in rule_info],
        manifest=manifest,
        overview=_overview(frame, flows),
        choices={
            "severity": sorted({f["s"] for f in records},
                               key=lambda s: -SEVERITY_RANK.get(s, -1)),
            "category": sorted({f["c"] for f in records}),
            "recipient": sorted({f["to"] for f in records}),
            "jurisdiction": sorted({f["j"] for f in records}),
            "year": sorted({f["y"] for f in records}),
            "review": ["open", "confirmed", "unsure", "dismissed", "not reviewed"],
        },
    )


def iso(value: object) -> str:
    """Dates and times as ISO text; anything else as text."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return "" if value is None else str(value)
