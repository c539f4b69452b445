"""FollowTheMoney entities as JSON Lines, as OpenSanctions, Aleph and nomenklatura export them.

One entity per line: `{"id", "schema", "properties": {name: [...], ...}}`. Parties (Person,
Company, Organization, LegalEntity, PublicBody; Vessel and Airplane as kind `vessel`) become
entities under their own FtM id. `Ownership` entities become ownership edges, `Sanction`
entities add the topic `sanction` (and their program) to the entity they name, and `Address`
entities lend their country to the parties that point at them. Other schemas (Payment,
Directorship, ...) are skipped. Lines with the same id are fragments of one entity and are
merged, as FtM tools do. Countries are ISO codes in lower case (`ru`): they are upper-cased.
A person's `birthDate` is kept as its ISO date.

The file is read by polars' NDJSON reader with a fixed schema of the properties used here, so
unknown properties cost nothing.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from finance_audit.ingest.readers import read_bytes
from finance_audit.registry import RegistryData, RegistryError
from finance_audit.registry.common import (
    TEXT_LIST,
    birth_date,
    country_codes_expr,
    file_entry,
    finish,
    has_legal_form,
    ownership_frame,
    text_list,
)

SOURCE = "ftm"
KINDS = {
    "Person": "person",
    "Company": "company",
    "Organization": "organization",
    "LegalEntity": "organization",
    "PublicBody": "public_body",
    "Vessel": "vessel",
    "Airplane": "vessel",
}
# FtM identifier properties -> identifier scheme.
IDENTIFIERS = {
    "swiftBic": "bic",
    "leiCode": "lei",
    "registrationNumber": "reg",
    "innCode": "inn",
    "ogrnCode": "ogrn",
    "okpoCode": "okpo",
    "bikCode": "bik",
    "taxNumber": "tax",
    "vatCode": "vat",
    "dunsCode": "duns",
    "imoNumber": "imo",
    "mmsi": "mmsi",
    "passportNumber": "passport",
    "idNumber": "national_id",
}
NAMES = ("name", "alias", "previousName", "weakAlias")
# Country properties, in the order that picks an entity's main country.
COUNTRIES = ("mainCountry", "jurisdiction", "country", "nationality", "citizenship", "flag")
OTHER = ("topics", "status", "dissolutionDate", "addressEntity", "owner", "asset",
         "percentage", "entity", "program", "birthDate")
PROPERTIES = (*NAMES, *COUNTRIES, *IDENTIFIERS, *OTHER)
SCHEMA = pl.Schema(
    {
        "id": pl.String,
        "schema": pl.String,
        "datasets": TEXT_LIST,
        "properties": pl.Struct({p: TEXT_LIST for p in PROPERTIES}),
    }
)


def load(path: Path) -> RegistryData:
    """Load a FollowTheMoney JSON Lines file.

    Raises:
        UnreadableFileError: the file is missing or cannot be read.
        RegistryError: a line is not an FtM entity (bad JSON, no id or schema, a property
            that is not a list of strings).
    """
    file = str(path)
    data = read_bytes(path)
    try:
        lines = pl.read_ndjson(data, schema=SCHEMA).unnest("properties")
    except pl.exceptions.PolarsError as err:
        message = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise RegistryError(f"not FollowTheMoney JSON lines: {message}", file=file) from err
    if lines.filter(pl.col("id").is_null() | pl.col("schema").is_null()).height:
        raise RegistryError("a line has no id or no schema", file=file)
    merged = lines.group_by("id", maintain_order=True).agg(
        pl.col("schema").first(),
        _values("datasets"),
        *[_values(p) for p in PROPERTIES],
    ).with_columns(text_list(pl.col(p)) for p in ("datasets", *PROPERTIES))
    source = pl.coalesce(pl.col("datasets").list.first(), pl.lit(SOURCE))
    return RegistryData(
        format="ftm",
        entities=finish(_entities(merged, source), file=file),
        ownership=ownership_frame(_ownership(merged, source)),
        files=(file_entry(path, data),),
    )


def _values(column: str) -> pl.Expr:
    """In an aggregation, the group's lists joined into one list without nulls."""
    return pl.col(column).list.explode(keep_nulls=False, empty_as_null=False).drop_nulls()


def _entities(merged: pl.DataFrame, source: pl.Expr) -> pl.DataFrame:
    """The party entities, with sanctions and address countries joined in."""
    sanctions = (
        merged.filter(pl.col("schema") == "Sanction")
        .select(pl.col("entity").alias("id"), pl.col("program"))
        .explode("id")
        .drop_nulls("id")
        .group_by("id", maintain_order=True)
        .agg(
            _values("program").first().alias("sanction_program"),
            pl.lit(True).alias("sanctioned"),
        )
    )
    addresses = merged.filter(pl.col("schema") == "Address").select(
        pl.col("id").alias("address_id"), pl.col("country").alias("address_countries")
    )
    parties = merged.filter(pl.col("schema").is_in(list(KINDS)))
    address_countries = (
        parties.select("id", pl.col("addressEntity").alias("address_id"))
        .explode("address_id")
        .join(addresses, on="address_id", how="inner")
        .group_by("id", maintain_order=True)
        .agg(_values("address_countries"))
    )
    parties = parties.join(sanctions, on="id", how="left").join(
        address_countries, on="id", how="left"
    )
    names = pl.concat_list([pl.col(p) for p in NAMES])
    bank = pl.col("topics").list.contains("fin.bank") | (pl.col("swiftBic").list.len() > 0)
    kind = pl.col("schema").replace_strict(KINDS, default=None)
    kind = (
        pl.when(kind.is_in(["company", "organization"]) & bank).then(pl.lit("bank"))
        .when((pl.col("schema") == "LegalEntity") & has_legal_form(names.list.first()))
        .then(pl.lit("company"))
        .otherwise(kind)
    )
    identifiers = pl.concat_list(
        [pl.col(p).list.eval(pl.lit(f"{s}:") + pl.element()) for p, s in IDENTIFIERS.items()]
    )
    none = pl.lit([], dtype=TEXT_LIST)
    topics = pl.concat_list(
        pl.col("topics"),
        pl.when(pl.col("sanctioned").fill_null(False)).then(pl.lit(["sanction"])).otherwise(none),
        pl.when(kind == "bank").then(pl.lit(["fin.bank"])).otherwise(none),
    )
    status = pl.col("status").list.first().str.to_lowercase()
    return parties.select(
        pl.col("id").alias("entity_id"),
        names.list.first().alias("name"),
        names.list.slice(1).alias("aliases"),
        kind.alias("kind"),
        pl.lit(None, dtype=pl.String).alias("country"),
        pl.concat_list([*[pl.col(c) for c in COUNTRIES], text_list(pl.col("address_countries"))])
        .list.eval(country_codes_expr(pl.element())).alias("countries"),
        identifiers.alias("identifiers"),
        topics.alias("topics"),
        pl.when(status.str.contains("dissol|liquidat|struck|closed|inactive")).then(
            pl.lit("dissolved")
        )
        .when(status.str.contains("revok|withdrawn")).then(pl.lit("revoked"))
        .when(status.str.contains("active")).then(pl.lit("active"))
        .alias("status"),
        pl.col("dissolutionDate").list.first().str.slice(0, 10)
        .str.to_date("%Y-%m-%d", strict=False).alias("status_date"),
        pl.col("sanction_program").alias("program"),
        source.alias("source"),
        # FtM dates are ISO 8601 already, at times with a time of day after the date.
        pl.col("birthDate").list.eval(birth_date(
            pl.element().str.extract(r"^(\d{4}(?:-\d{2}){0,2})", 1))).list.drop_nulls()
        .alias("birth_dates"),
    )


def _ownership(merged: pl.DataFrame, source: pl.Expr) -> pl.DataFrame:
    """Ownership entities as edges owner -> asset; `percentage` (in percent) as a fraction."""
    percent = (
        pl.col("percentage").list.first().str.extract(r"(\d+(?:[.,]\d+)?)", 1)
        .str.replace(",", ".").cast(pl.Float64, strict=False)
    )
    return (
        merged.filter(pl.col("schema") == "Ownership")
        .select(
            pl.col("owner").list.first().alias("owner_id"),
            pl.col("asset").list.first().alias("owned_id"),
            pl.when(percent.is_between(0, 100)).then(percent / 100).alias("share"),
            source.alias("source"),
        )
    )
