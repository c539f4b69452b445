"""Registries of foreign entities, banks and sanctioned parties, loaded into polars frames.

Every format has its own module with a `load(path) -> RegistryData`; this module holds what
they share: the frames' schemas, the error, the dispatch, format detection (from the content,
never from a file's name) and the registry shipped with the package.

Decisions other code relies on:
- `entity_id` is prefixed by source: `ofac:306`, `un:QDi.001`, `bank:HU:MKKBHUHB` (a bank with
  a BIC: country of the registry, then the BIC, 8 characters for a head office), or
  `bank:UA:300119` (no BIC: the national bank code); canonical and FtM ids are kept as given.
- `country` is the first address country, else nationality or citizenship, else the BIC's
  country, else the country of a registration number, else a vessel's flag.
- OFAC `aircraft` records are kind `vessel`: both are craft (FtM `Vessel`/`Airplane`), which
  own and pay nothing; a matcher of donors and lenders may skip the kind.
- A head-office BIC is listed in both forms (`bic:MKKBHUHB` and `bic:MKKBHUHBXXX`).
- A listed person's birth dates are kept as ISO 8601 text, as precise as the list gives them:
  evidence a reviewer weighs against what they know of a donor, not a matching feature (the
  filings state no birth dates).
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from importlib import import_module, resources
from pathlib import Path

import polars as pl

from finance_audit.errors import UnreadableFileError, UsageError

FORMATS = ("canonical", "ofac-sdn", "un-xml", "ftm", "bank-json")
KINDS = ("bank", "company", "person", "organization", "public_body", "vessel")
STATUSES = ("active", "revoked", "dissolved")

_TEXT_LIST = pl.List(pl.String)
ENTITY_SCHEMA = pl.Schema(
    {
        "entity_id": pl.String,
        "name": pl.String,
        "aliases": _TEXT_LIST,
        "kind": pl.String,
        "country": pl.String,
        "countries": _TEXT_LIST,
        "identifiers": _TEXT_LIST,
        "topics": _TEXT_LIST,
        "status": pl.String,
        "status_date": pl.Date,
        "program": pl.String,
        "source": pl.String,
        # ISO 8601: a day, month or year ("1951-06-19", "1965-02", "1948"), a span of them
        # ("1960/1962"), with "~" after a date the list gives as approximate (ISO 8601-2).
        "birth_dates": _TEXT_LIST,
    }
)
OWNERSHIP_SCHEMA = pl.Schema(
    {"owner_id": pl.String, "owned_id": pl.String, "share": pl.Float64, "source": pl.String}
)

# Format name -> module of this package that loads it.
_LOADERS = {
    "canonical": "canonical",
    "ofac-sdn": "ofac",
    "un-xml": "un",
    "ftm": "ftm",
    "bank-json": "banks",
}
_HEAD_BYTES = 65536
_CANONICAL_REQUIRED = ("entity_id", "name", "kind", "country")
_OFAC_TYPES = ("-0-", "individual", "vessel", "aircraft")


class RegistryError(UnreadableFileError):
    """A file can be read, but not as a registry of the format asked for (or of any format)."""


@dataclass(frozen=True)
class RegistryData:
    """One registry, loaded: its entities, its ownership edges and the files it came from."""

    format: str
    entities: pl.DataFrame  # ENTITY_SCHEMA, one row per entity, sorted by entity_id
    ownership: pl.DataFrame  # OWNERSHIP_SCHEMA
    files: tuple[tuple[str, str], ...]  # (path, sha256 hex) of every file read, in order


def load_registry(path: Path, format: str | None = None) -> RegistryData:
    """Load the registry at `path` (a file, or a folder for `bank-json` and `ofac-sdn`).

    Args:
        path: the registry file or folder.
        format: one of FORMATS; told from the content when not given.

    Raises:
        UsageError: `format` is not one of FORMATS.
        UnreadableFileError: the file is missing or cannot be read.
        RegistryError: the content is not a registry of that format.
    """
    path = Path(path)
    fmt = format or detect_format(path)
    if fmt not in _LOADERS:
        raise UsageError(f"unknown registry format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return import_module(f"{__name__}.{_LOADERS[fmt]}").load(path)


def default_registry_paths() -> list[tuple[Path, str]]:
    """The registries shipped with the package, as (path, format), curated entries first."""
    base = Path(str(resources.files("finance_audit.data").joinpath("registry")))
    return [
        (base / "curated.csv", "canonical"),
        (base / "ofac-sdn-2021" / "sdn.csv", "ofac-sdn"),
        (base / "un-consolidated.xml", "un-xml"),
        (base / "banks", "bank-json"),
    ]


def detect_format(path: Path) -> str:
    """Tell a registry's format from its content (the first 64 KiB), not from its name.

    Raises:
        UnreadableFileError: the file is missing or cannot be read.
        RegistryError: the content matches no registry format.
    """
    path = Path(path)
    file = str(path)
    if path.is_dir():
        names = {p.name.lower() for p in path.iterdir()}
        if any(n.startswith("bank_registry__") and n.endswith(".json") for n in names):
            return "bank-json"
        if "sdn.csv" in names or "cons_prim.csv" in names:
            return "ofac-sdn"
        raise RegistryError(
            "a folder with neither bank_registry__*.json files nor an OFAC sdn.csv or "
            "cons_prim.csv", file=file
        )
    head = _read_head(path).removeprefix(b"\xef\xbb\xbf").lstrip()
    if not head:
        raise RegistryError("the file is empty", file=file)
    if head.startswith(b"PK\x03\x04"):
        return _detect_spreadsheet(path)
    if head.startswith(b"<"):
        if re.search(rb"<CONSOLIDATED_LIST\b", head):
            return "un-xml"
        raise RegistryError(
            "XML, but not the UN consolidated list (no CONSOLIDATED_LIST)", file=file
        )
    if head[:1] in (b"{", b"["):
        return _detect_json(head, file)
    return _detect_delimited(head.decode("utf-8", errors="replace"), file)


def _read_head(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(_HEAD_BYTES)
    except FileNotFoundError as err:
        raise UnreadableFileError("no such file", file=str(path)) from err
    except OSError as err:
        raise UnreadableFileError(f"cannot be read ({err.strerror})", file=str(path)) from err


def _detect_json(head: bytes, file: str) -> str:
    first_line = head.split(b"\n", 1)[0]
    try:
        record = json.loads(first_line)
    except ValueError:
        record = None
    if isinstance(record, dict) and "schema" in record and "id" in record:
        return "ftm"
    if re.search(rb'"country_code"\s*:', head) and re.search(rb'"bank_codes?"\s*:', head):
        return "bank-json"
    raise RegistryError(
        "JSON, but neither FollowTheMoney entities nor a bank registry", file=file
    )


def _detect_delimited(text: str, file: str) -> str:
    from finance_audit.ingest.readers import detect_delimiter

    lines = text.splitlines()[:2]
    if lines:
        first = next(csv.reader(lines[:1], delimiter=detect_delimiter(text)), [])
        if set(_CANONICAL_REQUIRED) <= {cell.strip().lower() for cell in first}:
            return "canonical"
        record = next(csv.reader(lines[:1]), [])
        if len(record) == 12 and record[0].isdigit() and record[2].strip() in _OFAC_TYPES:
            return "ofac-sdn"
    raise RegistryError(
        "not a registry: the first line is neither a canonical registry header "
        "(entity_id,name,kind,country) nor an OFAC sdn.csv record",
        file=file,
    )


def _detect_spreadsheet(path: Path) -> str:
    from finance_audit.ingest.readers import read_grid

    frame = read_grid(path).frame
    first = frame.row(0) if frame.height else ()
    header = {str(v).strip().lower() for v in first if v is not None}
    if set(_CANONICAL_REQUIRED) <= header:
        return "canonical"
    raise RegistryError("a spreadsheet without the canonical registry header", file=str(path))
