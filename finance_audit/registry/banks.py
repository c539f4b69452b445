"""National bank registries as the `schwifty` package ships them (`bank_registry__*.json`).

Each file lists `{country_code, bic, name, short_name, bank_code, primary}` records, either as
a plain JSON list or (the `*.v2.json` files) as `{"entries": [...], "expand_from":
"bank_codes", "expand_into": "bank_code"}`, where one entry holds many bank codes. A path is
one such file or a folder of them (`iban_registry__*` files are not banks and are skipped).

The registries list a bank once per bank code, and often once per branch, so records are
merged into one entity per (country, BIC) where there is a BIC, else per (country, bank
code): `bank:HU:MKKBHUHB`, `bank:UA:300119`. A record without a BIC whose bank code another
record of the same country gives a BIC joins that bank. The head office's name is the
entity's name; short names and the names of other head-office records are its aliases
(branch names are not: PrivatBank alone has nearly a thousand).
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from finance_audit.ingest.readers import read_bytes
from finance_audit.registry import RegistryData, RegistryError
from finance_audit.registry.common import file_entry, finish, ownership_frame

SOURCE = "schwifty-bank-registry"
PATTERN = "bank_registry__*.json"
_RECORD = {
    "file": pl.String, "country_code": pl.String, "bic": pl.String, "bank_code": pl.String,
    "name": pl.String, "short_name": pl.String, "primary": pl.Boolean,
}


def load(path: Path) -> RegistryData:
    """Load one bank registry file or every `bank_registry__*.json` in a folder.

    Raises:
        UnreadableFileError: a file is missing or cannot be read.
        RegistryError: a file is not JSON of either layout, or the folder has no registry.
    """
    paths = sorted(path.glob(PATTERN)) if path.is_dir() else [path]
    if not paths:
        raise RegistryError(f"the folder has no {PATTERN} files", file=str(path))
    files, records = [], []
    for one in paths:
        data = read_bytes(one)
        files.append(file_entry(one, data))
        records.extend(_records(one, data))
    frame = pl.DataFrame(records, schema=_RECORD, orient="row")
    return RegistryData(
        format="bank-json",
        entities=finish(_entities(frame), file=str(path)),
        ownership=ownership_frame(),
        files=tuple(files),
    )


def _records(path: Path, data: bytes) -> list[tuple]:
    """The file's records, one per bank code, as tuples in _RECORD's order."""
    file = str(path)
    try:
        document = json.loads(data)
    except ValueError as err:
        raise RegistryError(f"not JSON ({err})", file=file) from err
    expand_from, expand_into = "bank_codes", "bank_code"
    if isinstance(document, dict):
        expand_from = document.get("expand_from", expand_from)
        expand_into = document.get("expand_into", expand_into)
        document = document.get("entries")
    if not isinstance(document, list):
        raise RegistryError("neither a list of banks nor an object with 'entries'", file=file)
    rows = []
    for number, entry in enumerate(document, start=1):
        if not isinstance(entry, dict) or not entry.get("country_code") or not entry.get("name"):
            raise RegistryError(f"entry {number} has no country_code or name", file=file)
        codes = entry.get(expand_from)
        if not isinstance(codes, list):
            codes = [entry.get(expand_into)]
        for code in codes or [None]:
            rows.append((
                path.name, entry["country_code"], entry.get("bic"),
                None if code is None else str(code), entry["name"], entry.get("short_name"),
                entry.get("primary"),
            ))
    return rows


def _main_names(frame: pl.DataFrame) -> pl.DataFrame:
    """Each entity's name: the name most of its head-office records carry (the flag `primary`
    marks head offices in most files, but Hungary's marks every record), first seen on ties.
    """
    counts = frame.group_by("entity_id", "office", "name").agg(
        pl.len().alias("records"), pl.col("order").min().alias("first")
    )
    ranked = counts.sort(["office", "records", "first"], descending=[True, True, False])
    return ranked.unique("entity_id", keep="first", maintain_order=True).select(
        "entity_id", "name"
    )


def _entities(frame: pl.DataFrame) -> pl.DataFrame:
    """One entity per (country, BIC) or, without a BIC, per (country, bank code)."""
    text = [pl.col(c).str.strip_chars().replace("", None) for c in
            ("country_code", "bic", "bank_code", "name", "short_name")]
    frame = frame.with_columns(*text).with_columns(
        pl.col("country_code").str.to_uppercase(),
        pl.col("bic").str.to_uppercase().str.replace_all(r"\s+", ""),
    )
    head_office = pl.col("bic").str.replace(r"^([A-Z0-9]{8})XXX$", "${1}")
    frame = frame.with_row_index("order").with_columns(
        head_office.alias("bic_key")
    ).with_columns(
        pl.coalesce(
            "bic_key",
            pl.when(pl.col("bank_code").is_not_null()).then(
                pl.col("bic_key").drop_nulls().first().over("country_code", "bank_code")
            ),
        )
    ).filter(pl.col("bic_key").is_not_null() | pl.col("bank_code").is_not_null())
    frame = frame.with_columns(
        ("bank:" + pl.col("country_code") + ":" + pl.coalesce("bic_key", "bank_code"))
        .alias("entity_id")
    )
    not_branch = pl.col("primary").fill_null(True)
    frame = frame.with_columns(
        not_branch.alias("office"),
        pl.when(not_branch).then(pl.col("name")).alias("office_name"),
    )
    grouped = frame.group_by("entity_id", maintain_order=True).agg(
        pl.col("office_name").drop_nulls().alias("office_names"),
        pl.col("short_name").drop_nulls().alias("short_names"),
        pl.col("country_code").first().alias("country"),
        pl.col("bic").drop_nulls().unique(maintain_order=True).alias("bics"),
        ("bank_code:" + pl.col("country_code") + ":" + pl.col("bank_code"))
        .drop_nulls().unique(maintain_order=True).alias("codes"),
        pl.col("order").min(),
    ).join(_main_names(frame), on="entity_id", how="left")
    return grouped.sort("order").select(
        pl.col("entity_id"),
        pl.col("name"),
        pl.concat_list("office_names", "short_names").alias("aliases"),
        pl.lit("bank").alias("kind"),
        pl.col("country"),
        pl.concat_list(
            pl.col("country"), pl.col("bics").list.eval(pl.element().str.slice(4, 2))
        ).alias("countries"),
        pl.concat_list(pl.col("bics").list.eval("bic:" + pl.element()), pl.col("codes"))
        .alias("identifiers"),
        pl.lit(["fin.bank"]).alias("topics"),
        pl.lit(None, dtype=pl.String).alias("status"),
        pl.lit(None, dtype=pl.Date).alias("status_date"),
        pl.lit(None, dtype=pl.String).alias("program"),
        pl.lit(SOURCE).alias("source"),
    )
