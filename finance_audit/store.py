"""The DuckDB store: schema and its version, batches, flows, quarantine (DESIGN §6).

Users may query the file directly; the tables and columns here are a promise to them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import queue
import re
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import duckdb
import polars as pl
import pyarrow as pa

from finance_audit import __version__, schema
from finance_audit.errors import StoreError

SCHEMA_VERSION = 8
T = TypeVar("T")
DEFAULT_DB = "finance-audit.duckdb"

BATCH_TABLE = (
    ("batch_id", "INTEGER PRIMARY KEY"),
    ("source_file", "VARCHAR NOT NULL"),
    ("source_sha256", "VARCHAR NOT NULL"),
    ("profile", "VARCHAR NOT NULL"),
    ("format", "VARCHAR"),
    ("encoding", "VARCHAR"),
    ("sheet", "VARCHAR"),
    ("jurisdiction", "VARCHAR"),
    ("rows_read", "INTEGER NOT NULL"),
    ("rows_stored", "INTEGER NOT NULL"),
    ("rows_duplicate", "INTEGER NOT NULL"),
    ("rows_rejected", "INTEGER NOT NULL"),
    ("rows_blank", "INTEGER NOT NULL"),
    ("rows_without_rate", "INTEGER NOT NULL"),
    ("tool_version", "VARCHAR NOT NULL"),
    ("imported_at", "TIMESTAMP NOT NULL"),
)
QUARANTINE_TABLE = (
    ("batch_id", "INTEGER NOT NULL"),
    ("source_file", "VARCHAR NOT NULL"),
    ("source_row", "INTEGER"),
    ("column", "VARCHAR"),
    ("reason", "VARCHAR NOT NULL"),
    ("raw", "VARCHAR"),
)


_ENTITY_TABLE_V2 = (
    ("entity_id", "VARCHAR NOT NULL"),
    ("name", "VARCHAR NOT NULL"),
    ("aliases", "VARCHAR[]"),
    ("kind", "VARCHAR NOT NULL"),
    ("country", "VARCHAR"),
    ("countries", "VARCHAR[]"),
    ("identifiers", "VARCHAR[]"),
    ("topics", "VARCHAR[]"),
    ("status", "VARCHAR"),
    ("status_date", "DATE"),
    ("program", "VARCHAR"),
    ("source", "VARCHAR NOT NULL"),
)
_ENTITY_BIRTH_COLUMN = ("birth_dates", "VARCHAR[]")  # ISO 8601, as registry.ENTITY_SCHEMA
ENTITY_TABLE = (*_ENTITY_TABLE_V2, _ENTITY_BIRTH_COLUMN)
OWNERSHIP_TABLE = (
    ("owner_id", "VARCHAR NOT NULL"),
    ("owned_id", "VARCHAR NOT NULL"),
    ("share", "DOUBLE"),
    ("source", "VARCHAR NOT NULL"),
)
REGISTRY_SOURCE_TABLE = (
    ("source", "VARCHAR PRIMARY KEY"),
    ("format", "VARCHAR NOT NULL"),
    ("version", "VARCHAR NOT NULL"),  # sha256 over the files read, first 16 hex digits
    ("files", "VARCHAR NOT NULL"),  # JSON: [{path, sha256, modified}]
    ("entities", "INTEGER NOT NULL"),
    ("aliases", "INTEGER NOT NULL"),
    ("ownership", "INTEGER NOT NULL"),
    ("is_default", "BOOLEAN NOT NULL"),
    ("loaded_at", "TIMESTAMP NOT NULL"),
)
MATCH_TABLE = (
    ("flow_id", "VARCHAR NOT NULL"),
    ("role", "VARCHAR NOT NULL"),  # counterparty, paid_by, assigned_to, recipient
    ("name", "VARCHAR NOT NULL"),  # the name as filed
    ("entity_id", "VARCHAR NOT NULL"),
    ("score", "DOUBLE NOT NULL"),
    ("decision", "VARCHAR NOT NULL"),  # match or possible
    ("matched_name", "VARCHAR NOT NULL"),  # the registry name or alias that matched
    ("explanation", "VARCHAR NOT NULL"),
    ("features", "VARCHAR NOT NULL"),  # JSON: the scores and conflicts behind the score
)
DONOR_TABLE = (
    ("flow_id", "VARCHAR NOT NULL"),
    ("donor_id", "VARCHAR NOT NULL"),  # one id for one donor across spellings
    ("donor_name", "VARCHAR NOT NULL"),  # the most frequent spelling
    ("evidence", "VARCHAR NOT NULL"),  # why the spellings are one donor
)


def _schema_v1() -> list[str]:
    return [
        "CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
        "CREATE SEQUENCE batch_seq START 1",
        _create_sql("batches", BATCH_TABLE),
        _create_sql("flows", schema.FLOW_TABLE),
        _create_sql("quarantine", QUARANTINE_TABLE),
    ]


def _schema_v2() -> list[str]:
    """Registries, matches and resolved donors (issue: registries and entity resolution)."""
    return [
        _create_sql("registry_sources", REGISTRY_SOURCE_TABLE),
        _create_sql("entities", _ENTITY_TABLE_V2),
        _create_sql("ownership", OWNERSHIP_TABLE),
        _create_sql("matches", MATCH_TABLE),
        _create_sql("donors", DONOR_TABLE),
    ]


FLAG_TABLE = (
    ("flag_id", "VARCHAR NOT NULL"),  # stable: a hash of rule code, flow ids and entity id
    ("rule", "VARCHAR NOT NULL"),
    ("rule_name", "VARCHAR NOT NULL"),
    ("rule_version", "VARCHAR NOT NULL"),
    ("category", "VARCHAR NOT NULL"),
    ("severity", "VARCHAR NOT NULL"),
    ("summary", "VARCHAR NOT NULL"),
    ("reason", "VARCHAR NOT NULL"),
    ("flow_ids", "VARCHAR[] NOT NULL"),
    ("recipient", "VARCHAR"),
    ("counterparty", "VARCHAR"),
    ("amount_eur", "DOUBLE"),
    ("date", "DATE"),
    ("jurisdiction", "VARCHAR"),
    ("entity_id", "VARCHAR"),
    ("entity_name", "VARCHAR"),
    ("entity_country", "VARCHAR"),
    ("entity_score", "DOUBLE"),
    ("chain", "VARCHAR"),  # JSON list of hops {from, to, amount_eur, date}
    ("precedent", "VARCHAR[]"),
    ("evidence", "VARCHAR"),  # JSON list of {flow_id, source_file, source_row, raw}
)


def _schema_v3() -> list[str]:
    """Flags from the rule pack (issue: the rule engine)."""
    return [_create_sql("flags", FLAG_TABLE)]


REVIEW_TABLE = (
    ("flag_id", "VARCHAR PRIMARY KEY"),
    ("decision", "VARCHAR NOT NULL"),  # confirmed, dismissed or unsure
    ("note", "VARCHAR NOT NULL"),
    ("reviewer", "VARCHAR"),
    ("decided_at", "TIMESTAMP NOT NULL"),
    ("rule", "VARCHAR"),  # what the flag was, so a decision outlives its flag readably
    ("reason", "VARCHAR"),
)


def _schema_v4() -> list[str]:
    """Review decisions, kept across runs by the stable flag_id (issue: reviews)."""
    return [_create_sql("reviews", REVIEW_TABLE)]


# The registry's blocking index (finance_audit.match.candidates), kept so that a check pays
# for indexing a million-entity registry once per registry version, not on every run. It is
# derived data: `registry_index` in meta says which registry versions and matcher built it.
_INDEX_NAME_TABLE_V5 = (
    ("name_id", "UINTEGER NOT NULL"),
    ("entity_id", "VARCHAR NOT NULL"),
    ("entity_name", "VARCHAR"),
    ("kind", "VARCHAR"),
    ("countries", "VARCHAR[]"),
    ("name", "VARCHAR NOT NULL"),
    ("is_alias", "BOOLEAN NOT NULL"),
    ("fold_sorted", "VARCHAR"),
    ("fold_tokens", "VARCHAR[]"),
    ("legal_form", "VARCHAR"),
    ("identifiers", "VARCHAR[]"),
)
# Each name's words in Latin letters, one per fold token: what tells SHINE from SINIE, which
# fold alike, and what the explanations show.
_INDEX_LATIN_COLUMN = ("latin_tokens", "VARCHAR[]")
INDEX_NAME_TABLE = (*_INDEX_NAME_TABLE_V5, _INDEX_LATIN_COLUMN)
INDEX_KEY_TABLE = (
    ("key", "UBIGINT NOT NULL"),  # 64-bit hash of the key's text
    ("name_id", "UINTEGER NOT NULL"),
    ("weight", "DOUBLE NOT NULL"),
)
INDEX_TOKEN_TABLE = (("token", "VARCHAR NOT NULL"), ("weight", "DOUBLE NOT NULL"))
INDEX_TABLES = {"index_names": INDEX_NAME_TABLE, "index_keys": INDEX_KEY_TABLE,
                "index_tokens": INDEX_TOKEN_TABLE}


def _schema_v5() -> list[str]:
    """The registry's blocking index (issue: national-scale data)."""
    return [_create_sql(table, columns) for table, columns in
            {**INDEX_TABLES, "index_names": _INDEX_NAME_TABLE_V5}.items()]


def _schema_v6() -> list[str]:
    """The index keeps each name's Latin words (issue: registries and entity resolution). The
    kept index was built by an older matcher, so it is rebuilt on the next run anyway."""
    return ["DELETE FROM index_names", "DELETE FROM index_keys", "DELETE FROM index_tokens",
            "DELETE FROM meta WHERE key = 'registry_index'",
            f"ALTER TABLE index_names ADD COLUMN {_INDEX_LATIN_COLUMN[0]} "
            f"{_INDEX_LATIN_COLUMN[1]}"]


def _schema_v7() -> list[str]:
    """Listed persons' birth dates (issue: registries and entity resolution). Sources loaded
    before lose their version, so the next load of each reads them with their dates: the
    default registry's at the next run, a user's at their next `registry load`."""
    return [f"ALTER TABLE entities ADD COLUMN {_ENTITY_BIRTH_COLUMN[0]} "
            f"{_ENTITY_BIRTH_COLUMN[1]}",
            "UPDATE registry_sources SET version = 'before-birth-dates' "
            "WHERE format IN ('canonical', 'ofac-sdn', 'un-xml', 'ftm')"]


# Records of one person or body on two registry sources (finance_audit.match.crosswalk),
# for the entities the last resolution run matched.
LINK_TABLE = (
    ("entity_id", "VARCHAR NOT NULL"),
    ("other_id", "VARCHAR NOT NULL"),
    ("reason", "VARCHAR NOT NULL"),
)


def _schema_v8() -> list[str]:
    """Links between the records of one person or body on two registries (issue: registries
    and entity resolution)."""
    return [_create_sql("entity_links", LINK_TABLE)]


MIGRATIONS = {1: _schema_v1, 2: _schema_v2, 3: _schema_v3, 4: _schema_v4, 5: _schema_v5,
              6: _schema_v6, 7: _schema_v7, 8: _schema_v8}


def quote_ident(name: str) -> str:
    """The one place identifiers enter SQL: double-quoted, inner quotes doubled."""
    return '"' + name.replace('"', '""') + '"'


def _create_sql(table: str, columns: tuple[tuple[str, str], ...]) -> str:
    body = ", ".join(f"{quote_ident(n)} {t}" for n, t in columns)
    return f"CREATE TABLE IF NOT EXISTS {quote_ident(table)} ({body})"


@dataclass(frozen=True)
class BatchCounts:
    """What one import did; read = stored + duplicate + rejected."""

    batch_id: int
    read: int
    stored: int
    duplicate: int
    rejected: int
    blank: int
    without_rate: int


class Store:
    """An open store. Use as a context manager; writes happen in one transaction per file."""

    def __init__(
        self, path: str | Path = DEFAULT_DB, *, read_only: bool = False, wait: float = 0.0
    ) -> None:
        """Open (or create) the store. With `wait`, a store another process is writing is
        retried for up to that many seconds before giving up."""
        self.path = Path(path)
        if read_only and not self.path.exists():
            raise StoreError("no store here yet; import some filings first", file=str(path))
        deadline = time.monotonic() + wait
        while True:
            try:
                self.con = duckdb.connect(str(self.path), read_only=read_only)
                break
            except duckdb.IOException as err:
                if "lock" not in str(err).lower() or time.monotonic() >= deadline:
                    raise StoreError(_lock_message(str(err)), file=str(path)) from err
                time.sleep(0.2)
            except duckdb.Error as err:
                raise StoreError(f"not a finance-audit store ({err})", file=str(path)) from err
        # Every query that users see orders its rows explicitly; letting DuckDB write rows in
        # any order halves the cost of a large import (parallel, better-compressed row groups).
        self.con.execute("SET preserve_insertion_order = false")
        self.con.execute("SET enable_progress_bar = false")  # the library never prints
        if not read_only:
            self._migrate()
        else:
            self._check_version()
            if (self._version() or 0) < SCHEMA_VERSION:
                # An older store is brought up to date once, then read as asked.
                self.con.close()
                Store(self.path).close()
                self.con = duckdb.connect(str(self.path), read_only=True)
                self.con.execute("SET enable_progress_bar = false")

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    def _version(self) -> int | None:
        rows = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'"
        ).fetchall()
        if rows[0][0] == 0:
            return None
        found = self.con.execute(
            "SELECT value FROM meta WHERE key = 'schema_version'"
        ).fetchall()
        return int(found[0][0]) if found else None

    def _check_version(self) -> None:
        version = self._version()
        if version is None:
            raise StoreError("not a finance-audit store (no schema version)", file=str(self.path))
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"store schema version {version} is newer than this finance-audit "
                f"({__version__}, schema {SCHEMA_VERSION}); upgrade finance-audit",
                file=str(self.path),
            )

    def _migrate(self) -> None:
        version = self._version()
        if version is None:
            tables = self.con.execute(
                "SELECT count(*) FROM information_schema.tables"
            ).fetchall()[0][0]
            if tables:
                raise StoreError(
                    "a DuckDB file that is not a finance-audit store; choose another --db",
                    file=str(self.path),
                )
        else:
            self._check_version()
            if version == SCHEMA_VERSION:
                return
        # Each step brings a store from the version before it; all steps run in one
        # transaction, so an interrupted migration leaves the store as it was.
        self.con.execute("BEGIN")
        try:
            for step in range((version or 0) + 1, SCHEMA_VERSION + 1):
                for statement in MIGRATIONS[step]():
                    self.con.execute(statement)
            self.con.execute(
                "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?), ('written_by', ?)",
                [str(SCHEMA_VERSION), __version__],
            )
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    def batch_for(self, sha256: str, profile: str, jurisdiction: str | None) -> int | None:
        """The batch that already imported this exact file the same way, if any."""
        found = self.con.execute(
            "SELECT batch_id FROM batches WHERE source_sha256 = ? AND profile = ? "
            "AND jurisdiction IS NOT DISTINCT FROM ? ORDER BY batch_id LIMIT 1",
            [sha256, profile, jurisdiction],
        ).fetchall()
        return found[0][0] if found else None

    def write_batch(
        self,
        meta: dict[str, object],
        chunks: Iterable[tuple[pl.DataFrame, pl.DataFrame]],
        *,
        blank: int,
    ) -> BatchCounts:
        """Store one file's flows and rejects, chunk by chunk, in one transaction.

        A flow is a duplicate when its flow_id is already stored, or appears earlier in the
        same file (the first record wins). Nothing of the file is stored if any step fails.
        """
        con = self.con
        tally = {"valid": 0, "without_rate": 0}
        rejected_parts: list[pl.DataFrame] = []
        column_list = ", ".join(quote_ident(c) for c in schema.FLOW_TABLE_COLUMNS)
        con.execute("BEGIN")
        try:
            batch_id = con.execute("SELECT nextval('batch_seq')").fetchall()[0][0]
            # One INSERT over a stream of chunks: DuckDB writes the row groups straight to the
            # file, where one INSERT per chunk would go through the write-ahead log and cost
            # twice as much. Ids already seen in earlier chunks are dropped on the way.
            seen = pl.Series("flow_id", [], dtype=pl.String)
            flow_schema = schema.flow_frame_schema()

            def batches() -> Iterator[pa.RecordBatch]:
                nonlocal seen
                for flows, rejects in prefetched(chunks):
                    if rejects.height:
                        rejected_parts.append(rejects)
                    if not flows.width:
                        continue
                    tally["valid"] += flows.height
                    tally["without_rate"] += flows["amount_eur"].null_count()
                    fresh = flows
                    if flows["flow_id"].n_unique() < flows.height:
                        fresh = flows.unique(subset="flow_id", keep="first", maintain_order=True)
                    if seen.len():
                        fresh = fresh.filter(~pl.col("flow_id").is_in(seen.implode()))
                    seen = pl.concat([seen, fresh["flow_id"]])
                    typed = fresh.with_columns(pl.lit(batch_id).alias("batch_id")).select(
                        [pl.col(n).cast(t) for n, t in flow_schema.items()]
                    )
                    yield from typed.to_arrow().to_batches()

            arrow_schema = pl.DataFrame(schema=flow_schema).to_arrow().schema
            con.register("_fa_incoming", pa.RecordBatchReader.from_batches(arrow_schema,
                                                                           batches()))
            try:
                con.execute(
                    f"INSERT INTO flows ({column_list}) "
                    f"SELECT {column_list} FROM _fa_incoming ANTI JOIN flows USING (flow_id)"
                )
            finally:
                con.unregister("_fa_incoming")
            if rejected_parts:
                self._insert_rejects(batch_id, str(meta["source_file"]),
                                     pl.concat(rejected_parts))
            valid, without_rate = tally["valid"], tally["without_rate"]
            rejected = sum(r.height for r in rejected_parts)
            read = valid + rejected
            stored = con.execute(
                "SELECT count(*) FROM flows WHERE batch_id = ?", [batch_id]
            ).fetchall()[0][0]
            counts = BatchCounts(
                batch_id=batch_id,
                read=read,
                stored=stored,
                duplicate=valid - stored,
                rejected=rejected,
                blank=blank,
                without_rate=without_rate,
            )
            row = {
                **meta,
                "batch_id": batch_id,
                "rows_read": counts.read,
                "rows_stored": counts.stored,
                "rows_duplicate": counts.duplicate,
                "rows_rejected": counts.rejected,
                "rows_blank": counts.blank,
                "rows_without_rate": counts.without_rate,
                "tool_version": __version__,
                "imported_at": dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0),
            }
            names = [n for n, _ in BATCH_TABLE]
            con.execute(
                f"INSERT INTO batches ({', '.join(quote_ident(n) for n in names)}) "
                f"VALUES ({', '.join('?' for _ in names)})",
                [row.get(n) for n in names],
            )
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return counts

    def _insert_rejects(self, batch_id: int, source_file: str, rejects: pl.DataFrame) -> None:
        self.con.register(
            "_fa_rejects",
            rejects.select(
                pl.lit(batch_id, pl.Int32).alias("batch_id"),
                pl.lit(source_file).alias("source_file"),
                pl.col("source_row").cast(pl.Int32),
                pl.col("column"),
                pl.col("reason"),
                pl.col("raw"),
            ),
        )
        try:
            self.con.execute("INSERT INTO quarantine SELECT * FROM _fa_rejects")
        finally:
            self.con.unregister("_fa_rejects")

    def replace_registry(
        self,
        meta: dict[str, object],
        entities: pl.DataFrame,
        ownership: pl.DataFrame,
    ) -> None:
        """Load one registry source, replacing its earlier version, in one transaction.

        Raises:
            StoreError: an entity id is already held by another source.
        """
        con = self.con
        source = str(meta["source"])
        entities = entities.with_columns(pl.lit(source).alias("source"))
        ownership = ownership.with_columns(pl.lit(source).alias("source"))
        con.execute("BEGIN")
        try:
            con.register("_fa_entities", entities.select([n for n, _ in ENTITY_TABLE]))
            clash = con.execute(
                "SELECT e.entity_id, e.source FROM entities e JOIN _fa_entities n "
                "USING (entity_id) WHERE e.source <> ? ORDER BY 1 LIMIT 1", [source]
            ).fetchall()
            if clash:
                raise StoreError(
                    f"entity id {clash[0][0]!r} is already loaded from source "
                    f"{clash[0][1]!r}; give this registry other ids or --name {clash[0][1]}"
                )
            con.execute("DELETE FROM entities WHERE source = ?", [source])
            con.execute("DELETE FROM ownership WHERE source = ?", [source])
            con.execute("INSERT INTO entities SELECT * FROM _fa_entities")
            if ownership.height:
                con.register("_fa_ownership", ownership.select([n for n, _ in OWNERSHIP_TABLE]))
                con.execute("INSERT INTO ownership SELECT * FROM _fa_ownership")
            names = [n for n, _ in REGISTRY_SOURCE_TABLE]
            row = {
                **meta,
                "entities": entities.height,
                "aliases": int(entities["aliases"].list.len().sum() or 0),
                "ownership": ownership.height,
                "loaded_at": dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0),
            }
            con.execute(
                f"INSERT OR REPLACE INTO registry_sources VALUES "
                f"({', '.join('?' for _ in names)})",
                [row[n] for n in names],
            )
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        finally:
            for view in ("_fa_entities", "_fa_ownership"):
                try:
                    con.unregister(view)
                except duckdb.Error:
                    pass

    def remove_registry(self, source: str) -> dict[str, int]:
        """Remove one registry source (its entities, ownership edges and its row in
        registry_sources) in one transaction: the counts removed, and how many of the last
        resolution run's matches point to its entities."""
        con = self.con
        con.execute("BEGIN")
        try:
            counts = {
                "entities": con.execute("SELECT count(*) FROM entities WHERE source = ?",
                                        [source]).fetchall()[0][0],
                "ownership": con.execute("SELECT count(*) FROM ownership WHERE source = ?",
                                         [source]).fetchall()[0][0],
                "matches": con.execute(
                    "SELECT count(*) FROM matches WHERE entity_id IN "
                    "(SELECT entity_id FROM entities WHERE source = ?)", [source]
                ).fetchall()[0][0],
            }
            for table in ("entities", "ownership", "registry_sources"):
                con.execute(f"DELETE FROM {table} WHERE source = ?", [source])
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return counts

    def _replace_tables(
        self, contents: dict[str, tuple[pl.DataFrame, tuple[tuple[str, str], ...]]],
        meta: dict[str, str] | None = None,
    ) -> None:
        """Replace whole tables' contents, and set `meta` values, in one transaction."""
        con = self.con
        con.execute("BEGIN")
        try:
            for table, (frame, columns) in contents.items():
                con.execute(f"DELETE FROM {quote_ident(table)}")
                con.register("_fa_rows", frame.select([n for n, _ in columns]))
                # By name: a column added by a migration sits last in the table.
                names = ", ".join(quote_ident(n) for n, _ in columns)
                con.execute(f"INSERT INTO {quote_ident(table)} ({names}) SELECT * FROM _fa_rows")
                con.unregister("_fa_rows")
            for key, value in (meta or {}).items():
                self.set_meta(key, value)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise

    def replace_matches(self, matches: pl.DataFrame, donors: pl.DataFrame,
                        links: pl.DataFrame | None = None) -> None:
        """Store a resolution run's matches, donor ids and the links of the entities it
        matched to their records on other sources, replacing the last run's."""
        tables = {"matches": (matches, MATCH_TABLE), "donors": (donors, DONOR_TABLE)}
        if links is not None:
            tables["entity_links"] = (links, LINK_TABLE)
        self._replace_tables(tables)

    def replace_flags(self, flags: pl.DataFrame) -> None:
        """Store a rule run's flags, replacing the last run's, in one transaction."""
        self._replace_tables({"flags": (flags, FLAG_TABLE)})

    INDEX = "registry_index"  # the meta key naming what built the kept registry index

    def replace_index(self, built_from: str, tables: dict[str, pl.DataFrame]) -> None:
        """Keep the registry's blocking index (INDEX_TABLES), built from `built_from`."""
        with self._in_insertion_order():
            self._replace_tables(
                {name: (tables[name], columns) for name, columns in INDEX_TABLES.items()},
                {self.INDEX: built_from},
            )

    def kept_index(self, built_from: str) -> dict[str, pl.DataFrame] | None:
        """The kept registry index if it was built from `built_from`, else None."""
        if self.get_meta(self.INDEX) != built_from:
            return None
        with self._in_insertion_order():
            return {name: self.frame(f"SELECT * FROM {quote_ident(name)}")
                    for name in INDEX_TABLES}

    @contextlib.contextmanager
    def _in_insertion_order(self) -> Iterator[None]:
        """Rows written and read back in the order given: the index's keys are kept sorted,
        and read back so they need no sort of tens of millions of rows (0.9 s a million
        entities)."""
        self.con.execute("SET preserve_insertion_order = true")
        try:
            yield
        finally:
            self.con.execute("SET preserve_insertion_order = false")

    LAST_RUN = "last_run"  # the meta key of the last rule run's record (checks.run_rules)

    def set_meta(self, key: str, value: str) -> None:
        """Keep one value in the store's meta table (the last rule run's record, ...)."""
        self.con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [key, value])

    def get_meta(self, key: str) -> str | None:
        found = self.con.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchall()
        return found[0][0] if found else None

    def frame(self, sql: str, params: list[object] | None = None) -> pl.DataFrame:
        """Run a read-only query and return a polars frame."""
        return self.con.sql(sql, params=params).pl() if params else self.con.sql(sql).pl()


def prefetched(items: Iterable[T], depth: int = 1) -> Iterator[T]:
    """Iterate `items` in a worker thread, one step ahead: the next chunk is cleaned (polars
    releases the GIL) while DuckDB writes the current one."""
    done = object()
    box: queue.Queue = queue.Queue(maxsize=depth)

    def work() -> None:
        try:
            for item in items:
                box.put(item)
            box.put(done)
        except BaseException as err:  # handed to the consumer, raised there
            box.put(err)

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    while True:
        item = box.get()
        if item is done:
            break
        if isinstance(item, BaseException):
            raise item
        yield item
    worker.join()


def _lock_message(error: str) -> str:
    holder = re.search(r"PID (\d+)", error)
    who = f" by process {holder.group(1)}" if holder else ""
    return f"the store is in use{who}; wait for it to finish and try again"
