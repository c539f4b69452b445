"""The main job: import, resolve, run the rule pack, keep the flags (`check`).

Also runs a rule pack's own cases (`rules test`). Functions return frames and dataclasses;
none prints or exits.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
import pyarrow as pa

from finance_audit import api, resolution
from finance_audit.engine.evaluate import Evaluation, evaluate, in_report_order
from finance_audit.engine.rules import Rule, default_rules_dir, load_rules, pack_version
from finance_audit.errors import UsageError
from finance_audit.match.score import MatchSettings
from finance_audit.progress import SILENT, Progress
from finance_audit.store import DEFAULT_DB, Store


def law_tables(rules_dir: Path) -> dict[str, pl.DataFrame]:
    """The jurisdiction profiles of a rule pack (rules/jurisdictions) as the views' tables."""
    from finance_audit.engine.law import eu_membership, load_jurisdictions

    folder = rules_dir / "jurisdictions"
    if not folder.is_dir():
        folder = default_rules_dir() / "jurisdictions"
    law = load_jurisdictions(folder)
    exceptions = law.exceptions.with_columns(
        pl.col("recipients").list.eval(pl.element().str.to_lowercase()),
        pl.col("counterparties").list.eval(pl.element().str.to_lowercase()),
    )
    return {"law": law.provisions, "exceptions": exceptions, "eu_members": eu_membership()}


def store_tables(store: Store) -> dict[str, pa.Table]:
    """What the views read, from the store, as Arrow tables: the rule sandbox reads them
    without another copy (a million flows with their source rows are most of a run's
    memory)."""
    return {
        "flows": store.con.sql("SELECT * FROM flows ORDER BY flow_id").to_arrow_table(),
        "donors": store.con.sql("SELECT * FROM donors ORDER BY flow_id").to_arrow_table(),
        "matches": store.con.sql(
            "SELECT * FROM matches ORDER BY flow_id, role, entity_id").to_arrow_table(),
        "entities": store.con.sql("SELECT * FROM entities ORDER BY entity_id").to_arrow_table(),
        "ownership": store.con.sql(
            "SELECT * FROM ownership ORDER BY owner_id, owned_id").to_arrow_table(),
        "entity_links": store.con.sql(
            "SELECT * FROM entity_links ORDER BY entity_id, other_id").to_arrow_table(),
    }


def run_rules(
    db: str | Path = DEFAULT_DB,
    *,
    rules_dir: Path | None = None,
    params: dict[str, dict[str, object]] | None = None,
    settings: dict[str, object] | None = None,
    progress: Progress = SILENT,
) -> tuple[Evaluation, tuple[Rule, ...]]:
    """Run a rule pack over the store and keep its flags there, with a record of the run
    (time, rule pack and versions, parameters, settings) that reports show as a manifest."""
    folder = rules_dir or default_rules_dir()
    rules = load_rules(folder)
    law = law_tables(folder)
    with progress.task("run the rules", total=len(rules), unit="rules") as task:
        # The store is closed while the rules run: its cache of the tables just read would
        # otherwise sit in memory beside the rules' own copy.
        with Store(db) as store:
            tables = store_tables(store)
        result = evaluate(tables | law, rules, params, task)
        del tables
    with Store(db) as store:
        store.replace_flags(result.flags)
        store.set_meta(Store.LAST_RUN, json.dumps({
            "run_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "rules_dir": str(folder),
            "pack_version": pack_version(rules),
            "rules": {r.code: r.version for r in rules},
            "params": params or {},
            "settings": settings or {},
        }, sort_keys=True, default=str))
    return result, rules


def last_run(store: Store) -> dict:
    """The record run_rules kept of the store's last rule run."""
    run = store.get_meta(Store.LAST_RUN)
    if run is None:
        raise UsageError("this store has no rule run to report; run finance-audit check "
                         "first", file=str(store.path))
    return json.loads(run)


def stored_flags(db: str | Path = DEFAULT_DB) -> tuple[pl.DataFrame, dict[str, str]]:
    """The flags of the store's last rule run, in report order, and the rule versions."""
    with Store(db, read_only=True) as store:
        run = last_run(store)
        flags = in_report_order(store.frame("SELECT * FROM flags"))
    return flags, run.get("rules", {})


@dataclass
class CheckResult:
    """Everything a `check` did, for rendering and for scripts."""

    imports: list[api.FileResult]
    match: resolution.MatchSummary
    evaluation: Evaluation
    rules: tuple[Rule, ...]
    pack_version: str
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def flags(self) -> pl.DataFrame:
        return self.evaluation.flags


def check(
    files: list[str | Path],
    *,
    db: str | Path = DEFAULT_DB,
    registries: list[str | Path] = (),
    rules_dir: Path | None = None,
    jurisdiction: str | None = None,
    profile: str | None = None,
    use_default_registry: bool = True,
    params: dict[str, dict[str, object]] | None = None,
    match_threshold: float | None = None,
    settings: dict[str, object] | None = None,
    progress: Progress = SILENT,
) -> CheckResult:
    """Import `files`, resolve every name, run the rules: the flags of the whole store."""
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    imports = api.import_files(files, db=db, profile=profile, jurisdiction=jurisdiction,
                               progress=progress) if files else []
    seconds["import"] = time.perf_counter() - started
    started = time.perf_counter()
    if registries:
        resolution.load_registry_files(list(registries), db=db, progress=progress)
    matching = MatchSettings(threshold=match_threshold) if match_threshold else None
    summary = resolution.match_store(db, settings=matching, progress=progress,
                                     use_default_registry=use_default_registry)
    seconds["resolve"] = time.perf_counter() - started
    started = time.perf_counter()
    evaluation, rules = run_rules(db, rules_dir=rules_dir, params=params, settings=settings,
                                  progress=progress)
    seconds["rules"] = time.perf_counter() - started
    return CheckResult(imports, summary, evaluation, rules, pack_version(rules), seconds)


@dataclass(frozen=True)
class CaseResult:
    """One rule case: what was expected, what was flagged."""

    rule: str
    case: str
    expected: tuple[str, ...]
    flagged: tuple[str, ...]
    expected_severity: str | None
    severities: tuple[str, ...]
    error: str | None = None

    @property
    def passed(self) -> bool:
        if self.error:
            return False
        if set(self.expected) != set(self.flagged):
            return False
        return self.expected_severity is None or set(self.severities) <= {self.expected_severity}


CASE_SOURCE = "registry"  # the source of a case's registry given as one list of rows


def _case_frames(case: dict) -> tuple[pl.DataFrame, dict[str, pl.DataFrame]]:
    """A case's flows, and its registry by source: `registry` is a list of canonical rows
    (one source), or a mapping of source names to such lists (a party on two lists)."""
    flows = pl.DataFrame([{k: (None if v is None else str(v)) for k, v in row.items()}
                          for row in case["flows"]])
    given = case.get("registry") or {}
    by_source = given if isinstance(given, dict) else {CASE_SOURCE: given}
    registries = {}
    for source, entries in by_source.items():
        rows = []
        for row in entries:
            row = dict(row)
            for key in ("aliases", "identifiers", "topics"):
                if isinstance(row.get(key), list):
                    row[key] = ";".join(row[key])
            rows.append({k: (None if v is None else str(v)) for k, v in row.items()})
        registries[str(source)] = pl.DataFrame(rows)
    return flows, registries


def run_case(rule: Rule, case: dict, law: dict[str, pl.DataFrame],
             today: dt.date | None = None) -> CaseResult:
    """Run one case of one rule in a throw-away store."""
    name = str(case["name"])
    expected = tuple(str(x) for x in case["expect"])
    try:
        flows, registries = _case_frames(case)
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            db = folder / "case.duckdb"
            flows.write_csv(folder / "flows.csv")
            results = api.import_files([folder / "flows.csv"], db=db, profile="canonical",
                                       today=today)
            if results[0].error:
                raise ValueError(results[0].error)
            if results[0].rejected:
                rejected = api.quarantine(db)
                raise ValueError("case flows rejected: "
                                 + "; ".join(rejected["reason"].to_list()))
            for number, (source, registry) in enumerate(registries.items()):
                path = folder / f"registry-{number}.csv"  # a source's name may be no file name
                registry.write_csv(path)
                resolution.load_registry_files([path], db=db, format="canonical", name=source)
            resolution.match_store(db, use_default_registry=False)
            with Store(db) as store:
                tables = store_tables(store)
            result = evaluate(tables | law, (rule,), {rule.code: case.get("params") or {}})
    except Exception as err:  # a case that cannot run is reported as failing, with why
        return CaseResult(rule.code, name, expected, (), None, (), error=str(err))
    flags = result.flags
    return CaseResult(
        rule.code, name, expected,
        tuple(sorted(set(flags["flow_ids"].list.first().to_list()))),
        case.get("expect_severity"),
        tuple(sorted(set(flags["severity"].to_list()))),
    )


def run_rule_tests(rules_dir: Path | None = None) -> list[CaseResult]:
    """Run every case of every rule in a rule pack."""
    folder = rules_dir or default_rules_dir()
    rules = load_rules(folder)
    law = law_tables(folder)
    return [run_case(rule, case, law) for rule in rules for case in rule.tests]
