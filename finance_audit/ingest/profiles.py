"""Mapping profiles: data files that say how a register's export maps to canonical columns.

A profile (finance_audit/profiles/NAME.yaml) has:
  name, title, source      what it reads and where that export comes from
  recognize                source column names whose presence identifies the layout
  defaults                 what the source implies: jurisdiction, currency, kind, date_order,
                           decimal
  columns                  canonical column -> source: a column name, a list (first non-empty
                           wins; absent columns are skipped) or a mapping with `column(s)`,
                           `map` (value -> canonical value), `default`, `value` (a constant),
                           `cut_at` (keep the text before it), `strip_prefix` (list)
  fill_down                {column, within}: a value that applies to the rows beneath it
  date_from_title          true: a row with no date takes the year named in the title above
  lenient                  canonical columns whose unparseable text becomes null, not a reject
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import polars as pl
import yaml

from finance_audit import schema
from finance_audit.errors import ProfileError, UnreadableFileError
from finance_audit.ingest.readers import NFIELDS, ROW, Grid

HEADER_SCAN_ROWS = 40
PROFILE_KEYS = {
    "name", "title", "source", "recognize", "defaults", "columns",
    "fill_down", "date_from_title", "lenient",
}
DEFAULT_KEYS = {"jurisdiction", "currency", "kind", "date_order", "decimal", "recipient_type",
                "counterparty_type"}
SPEC_KEYS = {"column", "columns", "map", "default", "value", "cut_at", "strip_prefix"}
MAPPABLE = set(schema.CANONICAL_COLUMNS)


@dataclass(frozen=True)
class Profile:
    """A validated mapping profile."""

    name: str
    title: str
    recognize: tuple[str, ...]
    columns: dict[str, dict]
    defaults: dict[str, str] = field(default_factory=dict)
    fill_down: dict | None = None
    date_from_title: bool = False
    lenient: tuple[str, ...] = ()
    source: str = ""


def header_key(name: str) -> str:
    """How header cells are compared: case, surrounding and repeated white space ignored."""
    return re.sub(r"\s+", " ", name.replace("\ufeff", "")).strip().casefold()


def _spec(canonical: str, raw: object, where: str) -> dict:
    if isinstance(raw, str):
        return {"columns": [raw]}
    if isinstance(raw, list) and all(isinstance(c, str) for c in raw):
        return {"columns": list(raw)}
    if isinstance(raw, dict):
        unknown = set(raw) - SPEC_KEYS
        if unknown:
            raise ProfileError(f"columns.{canonical}: unknown key {sorted(unknown)[0]!r}",
                               file=where)
        spec = dict(raw)
        if "column" in spec:
            spec["columns"] = [spec.pop("column")]
        if "columns" not in spec and "value" not in spec:
            raise ProfileError(f"columns.{canonical}: needs 'column', 'columns' or 'value'",
                               file=where)
        return spec
    raise ProfileError(f"columns.{canonical}: expected a column name, a list or a mapping",
                       file=where)


def parse_profile(data: object, where: str) -> Profile:
    """Validate a profile document strictly; errors name the file and the key."""
    if not isinstance(data, dict):
        raise ProfileError("a profile must be a mapping", file=where)
    unknown = set(data) - PROFILE_KEYS
    if unknown:
        raise ProfileError(f"unknown key {sorted(unknown)[0]!r}", file=where)
    for key in ("name", "recognize", "columns"):
        if key not in data:
            raise ProfileError(f"missing key {key!r}", file=where)
    defaults = data.get("defaults") or {}
    if set(defaults) - DEFAULT_KEYS:
        raise ProfileError(f"defaults: unknown key {sorted(set(defaults) - DEFAULT_KEYS)[0]!r}",
                           file=where)
    columns = {}
    for canonical, raw in (data["columns"] or {}).items():
        if canonical not in MAPPABLE:
            raise ProfileError(f"columns: {canonical!r} is not a canonical column", file=where)
        columns[canonical] = _spec(canonical, raw, where)
    for required in schema.REQUIRED_FLOW_COLUMNS:
        if required not in columns and required not in defaults:
            raise ProfileError(f"columns: nothing maps to required column {required!r}",
                               file=where)
    lenient = tuple(data.get("lenient") or ())
    return Profile(
        name=str(data["name"]),
        title=str(data.get("title", "")),
        source=str(data.get("source", "")),
        recognize=tuple(str(c) for c in data["recognize"]),
        columns=columns,
        defaults={k: str(v) for k, v in defaults.items()},
        fill_down=data.get("fill_down"),
        date_from_title=bool(data.get("date_from_title", False)),
        lenient=lenient,
    )


@cache
def builtin_profiles() -> dict[str, Profile]:
    """The profiles shipped in finance_audit/profiles, by name."""
    found = {}
    for entry in sorted(resources.files("finance_audit.profiles").iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".yaml"):
            profile = parse_profile(yaml.safe_load(entry.read_text("utf-8")), entry.name)
            if profile.name in found:
                raise ProfileError(f"duplicate profile name {profile.name!r}", file=entry.name)
            found[profile.name] = profile
    return found


def load_profile(name_or_path: str) -> Profile:
    """A shipped profile by name, or a profile file by path."""
    profiles = builtin_profiles()
    if name_or_path in profiles:
        return profiles[name_or_path]
    path = Path(name_or_path)
    if path.suffix in (".yaml", ".yml") and path.exists():
        try:
            return parse_profile(yaml.safe_load(path.read_text("utf-8")), str(path))
        except yaml.YAMLError as err:
            raise ProfileError(f"not valid YAML ({err})", file=str(path)) from err
    raise ProfileError(
        f"unknown profile {name_or_path!r}; known: {', '.join(sorted(profiles))}"
    )


@dataclass(frozen=True)
class Layout:
    """Where the header is and which profile reads the table."""

    profile: Profile
    header_index: int  # index into the grid's rows; -1 when the grid carries its own names
    header: tuple[str, ...]


def _row_cells(grid: Grid, index: int) -> list[str]:
    row = grid.frame.row(index, named=True)
    return [row[c] or "" for c in grid.frame.columns if c not in (ROW, NFIELDS)]


def _matches(profile: Profile, header: list[str]) -> bool:
    keys = {header_key(h) for h in header if h}
    return all(header_key(c) in keys for c in profile.recognize)


def find_layout(grid: Grid, profile: Profile | None, file: str) -> Layout:
    """Find the header row and the profile: the named one, or the one the header fits."""
    candidates = [profile] if profile else list(builtin_profiles().values())
    # Most specific first, so a layout that adds columns wins over the one it extends.
    candidates.sort(key=lambda p: -len(p.recognize))
    if grid.header_known:
        header = [c for c in grid.frame.columns if c not in (ROW, NFIELDS)]
        rows = [(-1, header)]
    else:
        rows = [(i, _row_cells(grid, i)) for i in range(min(HEADER_SCAN_ROWS, grid.frame.height))]
    for candidate in candidates:
        for index, cells in rows:
            if _matches(candidate, cells):
                return Layout(candidate, index, tuple(cells))
    first = next((cells for _, cells in rows if any(cells)), [])
    shown = ", ".join(c for c in first[:8] if c) or "none"
    if profile:
        raise UnreadableFileError(
            f"no header row for profile {profile.name!r} (it needs columns "
            f"{', '.join(profile.recognize)}); first row has: {shown}",
            file=file,
        )
    read_as = (f", read as {grid.delimiter!r}-separated" if grid.delimiter not in (None, ",")
               else "")
    raise UnreadableFileError(
        f"unknown layout (first row has: {shown}{read_as}); name one with --profile",
        file=file,
    )


def _unique_names(cells: tuple[str, ...]) -> list[str]:
    """Header names made unique: blank ones get a position name, repeats a suffix."""
    names, seen = [], {}
    for position, cell in enumerate(cells, start=1):
        name = re.sub(r"\s+", " ", cell).strip() or f"column_{position}"
        seen[name] = seen.get(name, 0) + 1
        names.append(name if seen[name] == 1 else f"{name}_{seen[name]}")
    return names


@dataclass(frozen=True)
class SourceTable:
    """The records below the header, under the source's own column names."""

    frame: pl.DataFrame  # source columns as filed, ROW, and any filled-down helper columns
    columns: tuple[str, ...]  # the source's columns, in order: what the raw record holds
    rejects: pl.DataFrame  # records that do not fit the header: ROW, column, reason, raw
    title: str  # the text above the header (sheet titles carry the year)
    blank_rows: int


FILLED = "_fa_filled_"  # prefix of a column a profile's fill_down derives


def raw_record(columns: tuple[str, ...] | list[str]) -> pl.Expr:
    """The record as filed, as JSON text keyed by the source's column names."""
    return pl.struct([pl.col(c) for c in columns]).struct.json_encode().alias("raw")


def source_table(grid: Grid, layout: Layout) -> SourceTable:
    """Cut the grid below its header and name the columns; ragged records become rejects."""
    frame = grid.frame
    cell_columns = [c for c in frame.columns if c not in (ROW, NFIELDS)]
    if layout.header_index >= 0:
        title = " ".join(
            " ".join(_row_cells(grid, i)) for i in range(layout.header_index)
        ).strip()
        frame = frame.slice(layout.header_index + 1)
        width = len(layout.header)
        while width > 0 and not layout.header[width - 1]:
            width -= 1  # trailing blank header cells are padding, not columns
        names = _unique_names(layout.header[:width])
        extra = cell_columns[width:]
        frame = frame.rename(dict(zip(cell_columns[:width], names, strict=True)))
    else:
        title, names, extra, width = "", cell_columns, [], len(cell_columns)
    data_columns = [*names, *extra]
    blank = pl.all_horizontal(pl.col(c).is_null() for c in data_columns) if data_columns \
        else pl.lit(True)
    blank_rows = frame.filter(blank).height
    if blank_rows:
        frame = frame.filter(~blank)
    too_many = (
        pl.any_horizontal(pl.col(c).is_not_null() for c in extra) if extra else pl.lit(False)
    ) | (pl.col(NFIELDS) > width).fill_null(False)
    too_few = (pl.col(NFIELDS) < width).fill_null(False)
    ragged = too_many | too_few
    fields = pl.coalesce(pl.col(NFIELDS).cast(pl.String), pl.lit("more"))
    rejects = frame.filter(ragged).select(
        pl.col(ROW),
        pl.lit(None, dtype=pl.String).alias("column"),
        pl.format("the record has {} fields; the header has {}", fields, pl.lit(width))
        .alias("reason"),
        raw_record(data_columns),
    )
    kept = frame.filter(~ragged) if rejects.height else frame
    kept = _fill_down(kept.select([*names, ROW]), layout.profile)
    return SourceTable(kept, tuple(names), rejects, title, blank_rows)


def _fill_down(frame: pl.DataFrame, profile: Profile) -> pl.DataFrame:
    """Carry a value down to the rows beneath it, into a helper column (the raw record keeps
    the cell as filed)."""
    if not profile.fill_down:
        return frame
    present = {header_key(c): c for c in frame.columns if c != ROW}
    column = present.get(header_key(profile.fill_down["column"]))
    if column is None:
        return frame
    within = [present[header_key(c)] for c in profile.fill_down.get("within", [])
              if header_key(c) in present]
    filled = pl.col(column).forward_fill()
    return frame.with_columns((filled.over(within) if within else filled).alias(FILLED + column))


def _spec_expr(spec: dict, present: dict[str, str]) -> pl.Expr:
    """The text of one canonical column, from the source columns a spec names."""
    if "value" in spec and not spec.get("columns"):
        return pl.lit(str(spec["value"]), dtype=pl.String)
    sources = [present[header_key(c)] for c in spec["columns"] if header_key(c) in present]
    if not sources:
        expr = pl.lit(None, dtype=pl.String)
    else:
        expr = pl.coalesce([pl.col(s) for s in sources])
    for prefix in spec.get("strip_prefix", ()):
        expr = expr.str.strip_prefix(prefix)
    if "cut_at" in spec:
        expr = expr.str.split(spec["cut_at"]).list.first()
    expr = expr.str.strip_chars().replace("", None)
    if "map" in spec:
        mapping = {header_key(str(k)): str(v) for k, v in spec["map"].items()}
        keyed = expr.str.replace_all(r"\s+", " ").str.to_lowercase()
        fallback = pl.lit(spec["default"]) if "default" in spec else expr
        expr = pl.when(expr.is_null()).then(
            pl.lit(spec.get("default"), dtype=pl.String)
        ).otherwise(keyed.replace_strict(mapping, default=fallback, return_dtype=pl.String))
    elif "default" in spec:
        expr = expr.fill_null(pl.lit(str(spec["default"])))
    return expr


def check_columns(table: SourceTable, profile: Profile) -> None:
    """Raise when a column the profile needs for a required canonical column is absent, or
    when there is nothing below the header."""
    if table.frame.is_empty() and table.rejects.is_empty():
        raise UnreadableFileError("the file has a header but no records below it")
    present = {header_key(c) for c in table.columns}
    for canonical in schema.REQUIRED_FLOW_COLUMNS:
        spec = profile.columns.get(canonical)
        if spec and "value" not in spec and not any(
            header_key(s) in present for s in spec["columns"]
        ):
            raise UnreadableFileError(
                f"missing column {' or '.join(spec['columns'])!r} "
                f"that profile {profile.name!r} needs"
            )


def map_columns(frame: pl.DataFrame, table: SourceTable, profile: Profile) -> pl.DataFrame:
    """Canonical text columns, ROW and raw for some records of a source table."""
    present = {header_key(c): c for c in table.columns}
    present.update(
        {header_key(c[len(FILLED):]): c for c in frame.columns if c.startswith(FILLED)}
    )
    exprs = [
        _spec_expr(spec, present).alias(canonical)
        for canonical, spec in profile.columns.items()
    ]
    missing = [
        pl.lit(None, dtype=pl.String).alias(c)
        for c in schema.CANONICAL_COLUMNS
        if c not in profile.columns
    ]
    return frame.select([*exprs, *missing, pl.col(ROW), raw_record(table.columns)])
