"""Running a rule pack over the store's views and shaping the flags (DESIGN §6 flag contract)."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

import duckdb
import polars as pl
import pyarrow as pa

from finance_audit.engine.rules import (
    FLAG_COLUMNS,
    OPTIONAL_FLAG_COLUMNS,
    SEVERITIES,
    SEVERITY_RANK,
    Rule,
    RuleError,
)
from finance_audit.engine.views import sandbox
from finance_audit.progress import Task

FLAG_SCHEMA = {
    "flag_id": pl.String, "rule": pl.String, "rule_name": pl.String,
    "rule_version": pl.String, "category": pl.String, "severity": pl.String,
    "summary": pl.String, "reason": pl.String, "flow_ids": pl.List(pl.String),
    "recipient": pl.String, "counterparty": pl.String, "amount_eur": pl.Float64,
    "date": pl.Date, "jurisdiction": pl.String, "entity_id": pl.String,
    "entity_name": pl.String, "entity_country": pl.String, "entity_score": pl.Float64,
    "chain": pl.String, "precedent": pl.List(pl.String), "evidence": pl.String,
}
_OPTIONAL_TYPES = {
    "related_flow_ids": pl.List(pl.String), "entity_id": pl.String, "chain": pl.String,
    "severity": pl.String, "amount_eur": pl.Float64,
}


@dataclass(frozen=True)
class Evaluation:
    """Flags from one run, and how long each rule took."""

    flags: pl.DataFrame
    seconds: dict[str, float]


def _run_rule(con: duckdb.DuckDBPyConnection, rule: Rule,
              params: dict[str, object]) -> pl.DataFrame:
    values = rule.defaults() | {k: v for k, v in params.items() if k in rule.params}
    try:
        out = con.sql(rule.sql, params=values or None).pl() if values else con.sql(rule.sql).pl()
    except duckdb.Error as err:
        raise RuleError(f"sql: {str(err).splitlines()[0]}", file=str(rule.path)) from err
    missing = [c for c in FLAG_COLUMNS if c not in out.columns]
    extra = [c for c in out.columns if c not in FLAG_COLUMNS and c not in OPTIONAL_FLAG_COLUMNS]
    if missing or extra:
        problem = (f"the query must return {missing[0]}" if missing
                   else f"the query returns {extra[0]!r}, which is not in the flag contract")
        raise RuleError(f"sql: {problem}", file=str(rule.path))
    out = out.with_columns(
        [pl.lit(None).cast(dtype).alias(c) for c, dtype in _OPTIONAL_TYPES.items()
         if c not in out.columns]
    ).with_columns(*[pl.col(c).cast(t) for c, t in _OPTIONAL_TYPES.items()],
                   pl.col("flow_id").cast(pl.String), pl.col("reason").cast(pl.String))
    bad = out.filter(pl.col("severity").is_not_null() & ~pl.col("severity").is_in(SEVERITIES))
    if bad.height:
        raise RuleError(f"sql: severity {bad['severity'][0]!r} is not one of "
                        f"{', '.join(SEVERITIES)}", file=str(rule.path))
    return out.select("flow_id", "reason", *_OPTIONAL_TYPES).with_columns(
        pl.lit(rule.code).alias("rule"),
        pl.coalesce("severity", pl.lit(rule.severity)).alias("severity"),
    )


def _flag_id(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def evaluate(
    tables: dict[str, pl.DataFrame | pa.Table],
    rules: tuple[Rule, ...],
    params: dict[str, dict[str, object]] | None = None,
    task: Task | None = None,
) -> Evaluation:
    """Run every rule over the store's tables (polars frames or Arrow tables, which the
    sandbox reads without a copy); return the flags, most severe first. `task` counts the
    rules run."""
    params = params or {}
    con = sandbox(tables)
    seconds: dict[str, float] = {}
    found = []
    try:
        for rule in rules:
            if task is not None:
                task.advance()
            started = time.perf_counter()
            out = _run_rule(con, rule, params.get(rule.code, {}))
            if rule.jurisdictions and out.height:
                scope = _rows_of(con, "SELECT flow_id, jurisdiction FROM _fa_flows",
                                 "flow_id", out["flow_id"])
                out = out.join(scope, on="flow_id").filter(
                    pl.col("jurisdiction").is_in(list(rule.jurisdictions))
                ).drop("jurisdiction")
            found.append(out)
            seconds[rule.code] = time.perf_counter() - started
        flags = pl.concat(found) if found else pl.DataFrame()
        if flags.is_empty():
            return Evaluation(pl.DataFrame(schema=FLAG_SCHEMA), seconds)
        return Evaluation(_shape(con, flags, rules), seconds)
    finally:
        con.close()


def _rows_of(con: duckdb.DuckDBPyConnection, sql: str, column: str,
             wanted: pl.Series) -> pl.DataFrame:
    """The rows of `sql` whose `column` is one of `wanted`: the few rows flags need, read
    from the sandbox instead of copying whole tables out of it."""
    con.register("_fa_wanted", pl.DataFrame({column: wanted.unique()}))
    try:
        return con.sql(f"SELECT t.* FROM ({sql}) t SEMI JOIN _fa_wanted USING ({column})").pl()
    finally:
        con.unregister("_fa_wanted")


def _shape(con: duckdb.DuckDBPyConnection, flags: pl.DataFrame,
           rules: tuple[Rule, ...]) -> pl.DataFrame:
    """Fill the flag contract: parties, amounts, entity, evidence, a stable id, an order."""
    by_code = {r.code: r for r in rules}
    meta = pl.DataFrame({
        "rule": list(by_code),
        "rule_name": [r.name for r in by_code.values()],
        "rule_version": [r.version for r in by_code.values()],
        "category": [r.category for r in by_code.values()],
        "summary": [r.summary for r in by_code.values()],
        "precedent": [list(r.precedent) for r in by_code.values()],
    }, schema_overrides={"precedent": pl.List(pl.String)})
    flags = flags.with_columns(
        pl.concat_list(
            pl.concat_list(pl.col("flow_id")),
            pl.col("related_flow_ids").fill_null(pl.lit([], dtype=pl.List(pl.String)))
            .list.sort(),
        ).list.unique(maintain_order=True).alias("flow_ids"),
    )
    # One flag per rule, flows and entity: a rule that finds the same thing twice says it once.
    flags = flags.unique(["rule", "flow_ids", "entity_id"], keep="first", maintain_order=True)
    flags = flags.with_columns(
        pl.format("{}|{}|{}", "rule", pl.col("flow_ids").list.join(","),
                  pl.col("entity_id").fill_null("")).alias("_key")
    )
    keys = flags.select("_key").unique()
    keys = keys.with_columns(
        pl.col("_key").map_elements(_flag_id, return_dtype=pl.String).alias("flag_id")
    )
    flows = _rows_of(
        con, "SELECT flow_id, source_file, source_row, raw, recipient, counterparty, "
        "amount_eur, date, jurisdiction FROM _fa_flows", "flow_id",
        flags["flow_ids"].explode().drop_nulls())
    evidence = (
        flags.select("_key", "flow_ids").explode("flow_ids")
        .join(flows.select(pl.col("flow_id").alias("flow_ids"), "source_file", "source_row",
                           "raw"),
              on="flow_ids", how="left")
        .group_by("_key")
        .agg(pl.struct(pl.col("flow_ids").alias("flow_id"), "source_file", "source_row",
                       "raw").struct.json_encode().alias("item"))
        .select("_key", ("[" + pl.col("item").list.join(",") + "]").alias("evidence"))
    )
    entities = _rows_of(
        con, "SELECT entity_id, name AS entity_name, country AS entity_country "
        "FROM _fa_entities", "entity_id", flags["entity_id"].drop_nulls())
    scores = _rows_of(
        con, "SELECT flow_id, entity_id, max(score) AS entity_score FROM _fa_matches "
        "GROUP BY flow_id, entity_id", "flow_id", flags["flow_id"])
    return in_report_order(
        flags.join(keys, on="_key")
        .join(evidence, on="_key", how="left")
        .join(flows.select("flow_id", "recipient", "counterparty",
                           pl.col("amount_eur").alias("_flow_eur"), "date", "jurisdiction"),
              on="flow_id", how="left")
        .join(entities, on="entity_id", how="left")
        .join(scores, on=["flow_id", "entity_id"], how="left")
        .join(meta, on="rule", how="left")
        .with_columns(pl.coalesce("amount_eur", "_flow_eur").alias("amount_eur"))
        .select(list(FLAG_SCHEMA))
    )


def in_report_order(flags: pl.DataFrame) -> pl.DataFrame:
    """Most severe first, then by rule, date and flag id: the same order on every run."""
    rank = pl.col("severity").replace_strict(SEVERITY_RANK, return_dtype=pl.Int8)
    return flags.sort([rank, "rule", "date", "flag_id"], descending=[True, False, False, False],
                      nulls_last=True)
