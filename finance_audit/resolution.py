"""Registries and entity resolution, as the CLI and notebooks call them.

Functions open the store, call the registry loaders and the matcher, and return frames and
dataclasses; none prints or exits.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
import json
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from finance_audit.errors import StoreError, UsageError
from finance_audit.match.candidates import (
    KEY_CAP,
    RegistryIndex,
    build_index,
    index_from_tables,
    index_tables,
)
from finance_audit.match.flows import flow_names, resolve_donors, resolve_flows
from finance_audit.match.resolve import QUERY_SCHEMA, resolve
from finance_audit.match.score import MatchSettings, score_pairs
from finance_audit.progress import SILENT, Progress
from finance_audit.store import DEFAULT_DB, Store

ENTITY_COLUMNS = ("entity_id", "name", "aliases", "kind", "country", "countries",
                  "identifiers", "topics", "status", "status_date", "program", "source",
                  "birth_dates")
INDEXED_COLUMNS = ENTITY_COLUMNS[:8]  # what build_index reads of an entity
DEFAULT_PREFIX = "default:"


@dataclass(frozen=True)
class SourceResult:
    """What loading one registry source did."""

    source: str
    format: str
    version: str
    entities: int
    aliases: int
    ownership: int
    skipped: bool = False  # this exact version was loaded already


def _source_name(path: Path, fmt: str) -> str:
    if fmt == "ofac-sdn":
        from finance_audit.registry.ofac import list_name

        return list_name(path)
    fixed = {"un-xml": "un-consolidated", "bank-json": "bank-registry"}
    return fixed.get(fmt, path.stem if path.is_file() else path.name)


def _version(files: tuple[tuple[str, str], ...]) -> str:
    digest = hashlib.sha256("".join(sha for _, sha in files).encode()).hexdigest()
    return digest[:16]


def load_into(
    store: Store,
    path: Path,
    *,
    format: str | None = None,
    name: str | None = None,
    is_default: bool = False,
) -> SourceResult:
    """Load one registry file (or bank folder) into an open store, replacing its last version."""
    from finance_audit.registry import load_registry

    data = load_registry(path, format)
    source = name or _source_name(path, data.format)
    version = _version(data.files)
    held = store.con.execute(
        "SELECT version FROM registry_sources WHERE source = ?", [source]
    ).fetchall()
    counts = dict(
        entities=data.entities.height,
        aliases=int(data.entities["aliases"].list.len().sum() or 0),
        ownership=data.ownership.height,
    )
    if held and held[0][0] == version:
        return SourceResult(source, data.format, version, skipped=True, **counts)
    files = [
        {
            "path": p,
            "sha256": sha,
            "modified": dt.date.fromtimestamp(Path(p).stat().st_mtime).isoformat()
            if Path(p).exists() else None,
        }
        for p, sha in data.files
    ]
    store.replace_registry(
        {"source": source, "format": data.format, "version": version,
         "files": json.dumps(files), "is_default": is_default},
        data.entities.select(ENTITY_COLUMNS),
        data.ownership,
    )
    return SourceResult(source, data.format, version, **counts)


def load_registry_files(
    paths: list[str | Path],
    *,
    db: str | Path = DEFAULT_DB,
    format: str | None = None,
    name: str | None = None,
    progress: Progress = SILENT,
) -> list[SourceResult]:
    """Load registry files into the store at `db`; each file is one source."""
    results = []
    with Store(db) as store:
        for p in paths:
            with progress.task(f"registry {Path(p).name}", unit="entities") as task:
                result = load_into(store, Path(p), format=format,
                                   name=name if len(paths) == 1 else None)
                task.set_total(result.entities)
                task.advance(result.entities)
            results.append(result)
    return results


@dataclass(frozen=True)
class RemovedSource:
    """What removing one registry source took out of the store."""

    source: str
    entities: int
    ownership: int
    matches: int  # of the last resolution run, pointing to its entities
    is_default: bool


def remove_registry_sources(sources: list[str], db: str | Path = DEFAULT_DB
                            ) -> list[RemovedSource]:
    """Remove registry sources from the store at `db`, each in one transaction.

    Raises:
        StoreError: there is no store at `db`.
        UsageError: a source is not loaded (none is removed then).
    """
    if not Path(db).exists():
        raise StoreError("no store here yet; nothing to remove", file=str(db))
    with Store(db) as store:
        loaded = dict(store.con.execute(
            "SELECT source, is_default FROM registry_sources").fetchall())
        unknown = [s for s in sources if s not in loaded]
        if unknown:
            raise UsageError(
                f"no registry source {unknown[0]!r} in the store; loaded: "
                + (", ".join(sorted(loaded)) or "none") + " (`registry list` shows them)")
        return [RemovedSource(source, is_default=bool(loaded[source]),
                              **store.remove_registry(source))
                for source in dict.fromkeys(sources)]


def ensure_default_registry(store: Store, progress: Progress = SILENT) -> list[SourceResult]:
    """Load the registry shipped with the tool where the store lacks it or holds another
    version: the curated precedent entities, OFAC SDN, the UN list and the bank registries."""
    from finance_audit.registry import default_registry_paths

    results = []
    for path, fmt in default_registry_paths():
        name = DEFAULT_PREFIX + _source_name(path, fmt)
        with progress.task(f"registry {name}", unit="entities") as task:
            result = load_into(store, path, format=fmt, name=name, is_default=True)
            task.set_total(result.entities)
            task.advance(result.entities)
        results.append(result)
    return results


def registry_sources(db: str | Path = DEFAULT_DB) -> pl.DataFrame:
    """The registry sources in the store with their versions and counts."""
    with Store(db, read_only=True) as store:
        return store.frame(
            "SELECT source, format, version, entities, aliases, ownership, is_default, "
            "loaded_at FROM registry_sources ORDER BY is_default DESC, source"
        )


def _index_origin(store: Store) -> str:
    """What an index of the store's registry is built from: each source's version, the
    matcher's code and data, and the libraries whose output it keeps (polars hashes, anyascii
    transliterations). A kept index is used only when all of these are unchanged."""
    sources = store.con.execute(
        "SELECT source, version FROM registry_sources ORDER BY source").fetchall()
    entities = store.con.execute("SELECT count(*) FROM entities").fetchall()[0][0]
    package = Path(__file__).parent
    matcher = hashlib.sha256()
    for part in ("match/candidates.py", "match/normalize.py", "data/legal_forms.yaml",
                 "data/name_words.yaml", "data/cities.yaml"):
        matcher.update((package / part).read_bytes())
    return json.dumps({
        "sources": [list(row) for row in sources], "entities": entities,
        "key_cap": KEY_CAP, "matcher": matcher.hexdigest()[:16],
        "polars": pl.__version__, "anyascii": importlib.metadata.version("anyascii"),
    })


def registry_links(store: Store, index: RegistryIndex, wanted: pl.Series) -> pl.DataFrame:
    """Links from the entities `wanted` (ids) to their records on the store's other registry
    sources, found with the shipped settings whatever a run's threshold."""
    from finance_audit.match.crosswalk import LINK_SCHEMA, also_listed

    sources = store.con.execute("SELECT count(DISTINCT source) FROM entities").fetchall()[0][0]
    if sources < 2 or wanted.is_empty():
        return pl.DataFrame(schema=LINK_SCHEMA)
    entities = store.frame(
        "SELECT entity_id, name, kind, countries, identifiers, source, birth_dates "
        "FROM entities ORDER BY entity_id")
    return also_listed(wanted, entities, index)


def store_index(store: Store, *, keep: bool = True) -> RegistryIndex:
    """A blocking index over every entity in the store: the one kept in the store when it was
    built from the registry now loaded, else built afresh (and kept, with `keep`)."""
    origin = _index_origin(store)
    kept = store.kept_index(origin)
    if kept is not None:
        return index_from_tables(kept, json.loads(origin)["entities"])
    entities = store.frame(f"SELECT {', '.join(ENTITY_COLUMNS)} FROM entities ORDER BY entity_id")
    index = build_index(entities)
    del entities
    if keep:
        store.replace_index(origin, index_tables(index))
    return index


@dataclass(frozen=True)
class MatchSummary:
    """What a resolution run found."""

    names: int
    matched_names: int
    possible_names: int
    matches: int
    possibles: int
    donors: int
    flows: int
    defaults_loaded: tuple[SourceResult, ...]
    settings: MatchSettings


def match_store(
    db: str | Path = DEFAULT_DB,
    *,
    settings: MatchSettings | None = None,
    use_default_registry: bool = True,
    progress: Progress = SILENT,
) -> MatchSummary:
    """Resolve every name in the store's flows against its registries; resolve donors."""
    settings = settings or MatchSettings()
    with Store(db) as store:
        loaded = tuple(ensure_default_registry(store, progress)) if use_default_registry else ()
        flows = store.frame(
            "SELECT flow_id, jurisdiction, recipient, counterparty, counterparty_type, "
            "counterparty_country, counterparty_id, paid_by, assigned_to FROM flows "
            "ORDER BY flow_id"
        )
        with progress.task("index the registry", unit="entities") as task:
            index = store_index(store)
            task.set_total(index.entities)
            task.advance(index.entities)
        with progress.task("resolve names", total=flows.height, unit="flows") as task:
            matches = resolve_flows(flows, index, settings)
            task.advance(flows.height)
        with progress.task("resolve donors", total=flows.height, unit="flows") as task:
            donors = resolve_donors(flows)
            task.advance(flows.height)
        with progress.task("link records across lists"):
            links = registry_links(store, index, matches["entity_id"])
        store.replace_matches(matches, donors, links)
    per_name = matches.group_by("flow_id", "role").agg(
        (pl.col("decision") == "match").any().alias("any_match")
    )
    return MatchSummary(
        names=flow_names(flows).height,
        matched_names=per_name.filter(pl.col("any_match")).height,
        possible_names=per_name.filter(~pl.col("any_match")).height,
        matches=matches.filter(pl.col("decision") == "match").height,
        possibles=matches.filter(pl.col("decision") == "possible").height,
        donors=donors["donor_id"].n_unique(),
        flows=flows.height,
        defaults_loaded=loaded,
        settings=settings,
    )


def explain_name(
    name: str,
    *,
    db: str | Path = DEFAULT_DB,
    kind: str | None = None,
    country: str | None = None,
    top: int = 5,
    use_default_registry: bool = True,
) -> pl.DataFrame:
    """The best candidates for one name with their scores and explanations, and what the
    registry says of each candidate: its kind, countries, program, source, for a person
    birth dates (what a reviewer weighs against what they know of the name), and the
    records of the same person or body on the store's other registry sources (`also_listed`:
    entity_id, name and the reason they are thought one)."""
    query = pl.DataFrame(
        {"query_id": [0], "name": [name], "type": [kind], "country": [country],
         "identifiers": [[]]},
        schema=QUERY_SCHEMA,
    )
    with Store(db) as store:
        if use_default_registry:
            ensure_default_registry(store)
        index = store_index(store)
        found = resolve(query, index, MatchSettings(kept_from=0.0)).head(top)
        links = registry_links(store, index, found["entity_id"])
        store.con.register("_fa_wanted", pl.concat([found["entity_id"], links["other_id"]])
                           .unique().to_frame("entity_id"))
        facts = store.frame(
            "SELECT entity_id, name, kind, countries, birth_dates, program, source "
            "FROM entities WHERE entity_id IN (SELECT entity_id FROM _fa_wanted)")
        store.con.unregister("_fa_wanted")
    also = links.join(facts.select(pl.col("entity_id").alias("other_id"),
                                   pl.col("name").alias("other_name")), on="other_id",
                      maintain_order="left").group_by(
        "entity_id", maintain_order=True).agg(pl.struct(
            pl.col("other_id").alias("entity_id"), pl.col("other_name").alias("name"),
            "reason").alias("also_listed"))
    return found.select("entity_id", "entity_name", "r_name", "score", "decision",
                        "explanation").join(
        facts.drop("name"), on="entity_id", how="left", maintain_order="left").join(
        also, on="entity_id", how="left", maintain_order="left")


def score_pair_file(
    pairs: pl.DataFrame,
    settings: MatchSettings | None = None,
    *,
    db: str | Path = DEFAULT_DB,
    use_default_registry: bool = True,
) -> pl.DataFrame:
    """Score `left,right[,kind]` pairs directly (no blocking): every row, in order.

    Words weigh as rare as they are among the names `match` would search (the store's
    registry, when the store exists, and the default one) and the file's right-hand names,
    so a pair scores as `match` scores it: in a file of a few pairs, every word would be
    rare. Nothing is written to the store."""
    return score_pairs(pairs, settings or MatchSettings(),
                       registry=_weighing_registry(Path(db), use_default_registry))


def _weighing_registry(db: Path, use_default_registry: bool) -> pl.DataFrame | None:
    """The entities whose names weigh the words of a pair file: the store's, and the
    default registry's when the store does not hold it already."""
    frames, has_default = [], False
    if db.exists():
        with Store(db, read_only=True) as store:
            frames.append(store.frame(
                f"SELECT {', '.join(ENTITY_COLUMNS)} FROM entities ORDER BY entity_id"))
            has_default = bool(store.con.execute(
                "SELECT count(*) FROM registry_sources WHERE is_default").fetchall()[0][0])
    if use_default_registry and not has_default:
        from finance_audit.registry import default_registry_paths, load_registry

        frames.extend(load_registry(path, fmt).entities for path, fmt in default_registry_paths())
    frames = [frame for frame in frames if frame.height]
    if not frames:
        return None
    return pl.concat([frame.select(INDEXED_COLUMNS) for frame in frames],
                     how="vertical_relaxed")
