"""The read-only views rules are written against, in a sandboxed DuckDB connection.

Rules run in an in-memory DuckDB with external access disabled and its configuration locked:
a rule can read these views and nothing else: no files, no ATTACH, no extensions, no network.
The views (documented in rules/README.md):

  v_flows          every flow (the canonical columns, amount_eur, provenance, raw) with
                   donor_id and donor_name (one id per donor across spellings)
  v_counterparty   per flow, the registry entity its counterparty matched (best match), with
                   country = stated country, else the entity's; is_bank, is_sanctioned,
                   is_state_owned, entity_status, entity_status_date, score
  v_matches        every match decision (all roles: counterparty, paid_by, assigned_to,
                   recipient) with the entity's attributes
  v_entity_links   records of one party on two registry sources (entity_id, other_id,
                   reason), both ways
  v_entities       registry entities with is_bank, is_sanctioned, is_state_owned
  v_ownership      owner -> owned edges with both sides' names, countries and topics
  v_flow_law       per flow, the provisions in force in its jurisdiction on its date
  v_law            all dated provisions; v_flow_exceptions: lawful exceptions that fit a flow
  v_eu_members     (country, valid_from, valid_to) membership of the EU, and EEA
"""

from __future__ import annotations

import duckdb
import polars as pl

LAW_KEYS_NUMERIC = (
    "foreign_donation_threshold_eur", "anonymous_donation_limit_eur",
    "publication_threshold_eur", "publication_immediate_eur", "donation_cap_eur",
    "party_total_cap_eur", "donor_total_cap_eur",
)
LAW_KEYS_TEXT = ("foreign_donation_ban", "company_donations", "loans_from",
                 "loan_below_market_is_donation")


def _flow_law_sql() -> tuple[str, str]:
    """v_flow_law, worked out once per (jurisdiction, date) that flows carry (a few thousand)
    rather than once per flow (millions), then given to each flow."""
    columns = [
        f"max(l.value_num) FILTER (WHERE l.key = '{k}') AS {k}" for k in LAW_KEYS_NUMERIC
    ] + [f"max(l.value_text) FILTER (WHERE l.key = '{k}') AS {k}" for k in LAW_KEYS_TEXT]
    by_day = (
        "CREATE TABLE _fa_law_by_day AS SELECT d.jurisdiction, d.date, "
        + ", ".join(columns)
        + ", string_agg(DISTINCT l.reference, '; ' ORDER BY l.reference) AS law_references "
        "FROM (SELECT DISTINCT jurisdiction, date FROM _fa_flows) d "
        "LEFT JOIN _fa_law l ON l.jurisdiction = d.jurisdiction "
        "AND d.date >= l.valid_from AND (l.valid_to IS NULL OR d.date <= l.valid_to) "
        "GROUP BY d.jurisdiction, d.date"
    )
    per_flow = (
        "CREATE TABLE v_flow_law AS SELECT f.flow_id, f.jurisdiction, f.date, "
        + ", ".join(f"d.{k}" for k in (*LAW_KEYS_NUMERIC, *LAW_KEYS_TEXT, "law_references"))
        + " FROM _fa_flows f LEFT JOIN _fa_law_by_day d "
        "ON d.jurisdiction IS NOT DISTINCT FROM f.jurisdiction "
        "AND d.date IS NOT DISTINCT FROM f.date"
    )
    return by_day, per_flow


VIEW_SQL = (
    "CREATE VIEW v_entities AS SELECT e.*, "
    "(e.kind = 'bank' OR list_contains(e.topics, 'fin.bank')) AS is_bank, "
    "list_contains(e.topics, 'sanction') AS is_sanctioned, "
    "list_contains(e.topics, 'gov.soe') AS is_state_owned FROM _fa_entities e",
    "CREATE VIEW v_flows AS SELECT f.*, d.donor_id, d.donor_name FROM _fa_flows f "
    "LEFT JOIN _fa_donors d USING (flow_id)",
    "CREATE VIEW v_matches AS SELECT m.flow_id, m.role, m.name, m.entity_id, m.score, "
    "m.decision, m.matched_name, m.explanation, e.name AS entity_name, e.kind AS entity_kind, "
    "e.country AS entity_country, e.countries AS entity_countries, e.topics AS entity_topics, "
    "e.status AS entity_status, e.status_date AS entity_status_date, e.is_bank, "
    "e.is_sanctioned, e.is_state_owned, e.source AS entity_source "
    "FROM _fa_matches m JOIN v_entities e USING (entity_id) WHERE m.decision = 'match'",
    # Both ways of each link the resolution found (finance_audit.match.crosswalk), the
    # record's own reason first: a link found from one side only holds for both.
    "CREATE VIEW v_entity_links AS SELECT DISTINCT ON (entity_id, other_id) entity_id, "
    "other_id, reason FROM (SELECT entity_id, other_id, reason, 0 AS side "
    "FROM _fa_entity_links UNION ALL SELECT other_id, entity_id, reason, 1 "
    "FROM _fa_entity_links) ORDER BY entity_id, other_id, side",
    # A bank registry lists a bank under every country it has a branch in, so its country
    # says nothing about where a filed lender is: only watch-list entities lend theirs.
    "CREATE TABLE v_counterparty AS SELECT f.flow_id, "
    "coalesce(f.counterparty_country, CASE WHEN coalesce(m.entity_source, '') "
    "NOT LIKE '%bank-registry%' THEN m.entity_country END) AS country, "
    "f.counterparty_country AS stated_country, m.entity_id, m.entity_name, m.entity_kind, "
    "m.entity_country, m.entity_countries, m.entity_topics, "
    "coalesce(m.is_bank, f.counterparty_type = 'bank') AS is_bank, "
    "coalesce(m.is_sanctioned, false) AS is_sanctioned, "
    "coalesce(m.is_state_owned, false) AS is_state_owned, m.entity_status, "
    "m.entity_status_date, m.entity_source, m.score FROM _fa_flows f LEFT JOIN ("
    "SELECT * FROM v_matches WHERE role = 'counterparty' "
    "QUALIFY row_number() OVER (PARTITION BY flow_id ORDER BY score DESC, entity_id) = 1"
    ") m USING (flow_id)",
    "CREATE VIEW v_ownership AS SELECT o.owner_id, o.owned_id, o.share, o.source, "
    "ow.name AS owner_name, ow.country AS owner_country, ow.kind AS owner_kind, "
    "ow.topics AS owner_topics, od.name AS owned_name, od.country AS owned_country "
    "FROM _fa_ownership o LEFT JOIN _fa_entities ow ON ow.entity_id = o.owner_id "
    "LEFT JOIN _fa_entities od ON od.entity_id = o.owned_id",
    "CREATE VIEW v_law AS SELECT * FROM _fa_law",
    "CREATE VIEW v_eu_members AS SELECT * FROM _fa_eu_members",
    "CREATE VIEW v_flow_exceptions AS SELECT f.flow_id, x.id AS exception_id, x.applies_to, "
    "x.description, x.reference FROM _fa_flows f JOIN _fa_exceptions x "
    "ON x.jurisdiction = f.jurisdiction AND f.date >= x.valid_from "
    "AND (x.valid_to IS NULL OR f.date <= x.valid_to) "
    "LEFT JOIN v_counterparty c USING (flow_id) "
    "WHERE (len(x.counterparty_countries) = 0 "
    "OR list_contains(x.counterparty_countries, c.country)) "
    "AND (len(x.counterparty_types) = 0 "
    "OR list_contains(x.counterparty_types, f.counterparty_type)) "
    "AND (len(x.recipients) = 0 OR list_contains(x.recipients, lower(f.recipient))) "
    "AND (len(x.counterparties) = 0 OR list_contains(x.counterparties, lower(f.counterparty)))",
)


def sandbox(tables: dict[str, pl.DataFrame]) -> duckdb.DuckDBPyConnection:
    """An in-memory connection with the store's data as views, closed to the outside world.

    `tables` holds frames for flows, donors, matches, entities, entity_links, ownership, law,
    exceptions and eu_members.
    """
    con = duckdb.connect(":memory:", config={
        "enable_external_access": False,
        "preserve_insertion_order": False,
    })
    con.execute("SET enable_progress_bar = false")
    con.execute("SET lock_configuration = true")
    for name, frame in tables.items():
        con.register(f"_fa_{name}", frame)
    # v_counterparty and v_flow_law are computed once per run (most rules read them); the
    # sandbox is in memory and thrown away after the run, so nothing persists.
    for statement in (*VIEW_SQL, *_flow_law_sql()):
        con.execute(statement)
    return con
