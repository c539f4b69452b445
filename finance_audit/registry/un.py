"""The UN Security Council consolidated sanctions list (XML, `CONSOLIDATED_LIST`).

`INDIVIDUAL` records become persons, `ENTITY` records organizations (companies when the name
carries a legal form, banks when it carries a bank word). The id is `un:` plus the
REFERENCE_NUMBER (`un:QDi.001`), the program the UN_LIST_TYPE (`Al-Qaida`, `DPRK`, ...).
Aliases of every quality are kept (the list marks them Good/Low or a.k.a./f.k.a.; a matcher
may weigh them, the loader does not drop them), with the name in its original script. A
person's dates of birth are ISO 8601 ("1960~" approximately, "1950/1955" between).

The XML is parsed with the standard library, which resolves no external entities; a file
that declares a DOCTYPE or entities is refused anyway, as the UN list never has one. The
walk over records is Python, bounded by the list's size (about a thousand records).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import polars as pl

from finance_audit.ingest.readers import read_bytes
from finance_audit.registry import RegistryData, RegistryError
from finance_audit.registry.common import (
    TEXT_LIST,
    birth_date,
    country_expr,
    file_entry,
    finish,
    ownership_frame,
    party_kind,
)

SOURCE = "un-consolidated"
NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
# TYPE_OF_DOCUMENT (lower-cased, spaces collapsed) -> identifier scheme.
DOCUMENT_SCHEMES = {
    "passport": "passport",
    "numéro de passeport": "passport",
    "número de pasaporte": "passport",
    "national identification number": "national_id",
}


def load(path: Path) -> RegistryData:
    """Load the UN consolidated list.

    Raises:
        UnreadableFileError: the file is missing or cannot be read.
        RegistryError: the file is not well-formed XML or not the UN consolidated list.
    """
    file = str(path)
    data = read_bytes(path)
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data:
        raise RegistryError("XML with a DOCTYPE or entity declarations is refused", file=file)
    try:
        root = ET.fromstring(data)
    except ET.ParseError as err:
        raise RegistryError(f"not well-formed XML ({err})", file=file) from err
    if root.tag != "CONSOLIDATED_LIST":
        raise RegistryError(f"the root element is {root.tag}, not CONSOLIDATED_LIST", file=file)
    records = [
        _record(element, person=element.tag == "INDIVIDUAL")
        for element in root.iter()
        if element.tag in ("INDIVIDUAL", "ENTITY")
    ]
    missing = next((r for r in records if not r["reference"] or not r["name"]), None)
    if missing is not None:
        raise RegistryError(
            f"a record (DATAID {missing['dataid']}) has no REFERENCE_NUMBER or name", file=file
        )
    frame = pl.DataFrame(
        records,
        schema={
            "dataid": pl.String, "reference": pl.String, "name": pl.String,
            "person": pl.Boolean, "aliases": TEXT_LIST, "places": TEXT_LIST,
            "identifiers": TEXT_LIST, "program": pl.String, "birth_dates": TEXT_LIST,
        },
    )
    entities = frame.select(
        ("un:" + pl.col("reference")).alias("entity_id"),
        pl.col("name"),
        pl.col("aliases"),
        pl.when(pl.col("person")).then(pl.lit("person"))
        .otherwise(party_kind(pl.col("name"))).alias("kind"),
        pl.lit(None, dtype=pl.String).alias("country"),
        pl.col("places").list.eval(country_expr(pl.element())).alias("countries"),
        pl.col("identifiers"),
        pl.lit(["sanction"]).alias("topics"),
        pl.lit(None, dtype=pl.String).alias("status"),
        pl.lit(None, dtype=pl.Date).alias("status_date"),
        pl.col("program"),
        pl.lit(SOURCE).alias("source"),
        pl.col("birth_dates").list.eval(birth_date(pl.element())).list.drop_nulls(),
    ).with_columns(
        pl.when(pl.col("kind") == "bank")
        .then(pl.lit(["sanction", "fin.bank"]))
        .otherwise(pl.col("topics"))
        .alias("topics")
    )
    return RegistryData(
        format="un-xml",
        entities=finish(entities, file=file),
        ownership=ownership_frame(),
        files=(file_entry(path, data),),
    )


def _text(element: ET.Element | None) -> str | None:
    """An element's text, stripped, or None when absent or blank."""
    if element is None or element.text is None:
        return None
    text = " ".join(element.text.split())
    return text or None


def _birth_date(element: ET.Element) -> str | None:
    """An INDIVIDUAL_DATE_OF_BIRTH as ISO 8601: its DATE or YEAR, or FROM_YEAR/TO_YEAR for
    BETWEEN, with "~" when the list says APPROXIMATELY (as the type, or as the NOTE). Else
    its NOTE, which `load` reads as English ("Nov. 1973", "August 1961"), as it reads any
    value that is no ISO date; what it cannot read is left out."""
    note = _text(element.find("NOTE"))
    approximate = "APPROXIMATELY" in (_text(element.find("TYPE_OF_DATE")), (note or "").upper())
    mark = "~" if approximate else ""
    start, end = _text(element.find("FROM_YEAR")), _text(element.find("TO_YEAR"))
    if start and end:
        return f"{start}{mark}/{end}{mark}"
    value = _text(element.find("DATE")) or _text(element.find("YEAR"))
    if value:
        return value + mark
    return note


def _record(element: ET.Element, *, person: bool) -> dict:
    """One INDIVIDUAL or ENTITY as plain values; countries still as the list writes them."""
    parts = [_text(element.find(tag)) for tag in NAME_PARTS]
    name = " ".join(p for p in parts if p)
    aliases = [_text(element.find("NAME_ORIGINAL_SCRIPT"))]
    aliases += [_text(a.find("ALIAS_NAME")) for a in element.findall("*")
                if a.tag.endswith("_ALIAS")]
    if " ; " in name:  # one record naming two bodies: "CAGL ; GREAT LAKES BUSINESS COMPANY"
        aliases += [p.strip() for p in name.split(" ; ")]
    addresses = element.findall("INDIVIDUAL_ADDRESS/COUNTRY") + element.findall(
        "ENTITY_ADDRESS/COUNTRY"
    )
    places = [_text(e) for e in addresses + element.findall("NATIONALITY/VALUE")]
    identifiers = []
    for document in element.findall("INDIVIDUAL_DOCUMENT"):
        kind = (_text(document.find("TYPE_OF_DOCUMENT")) or "").lower()
        number = _text(document.find("NUMBER"))
        if kind in DOCUMENT_SCHEMES and number:
            identifiers.append(f"{DOCUMENT_SCHEMES[kind]}:{number}")
    return {
        "dataid": _text(element.find("DATAID")),
        "reference": _text(element.find("REFERENCE_NUMBER")),
        "name": name,
        "person": person,
        "aliases": [a for a in aliases if a],
        "places": [p for p in places if p],
        "identifiers": identifiers,
        "birth_dates": [d for d in map(_birth_date, element.findall("INDIVIDUAL_DATE_OF_BIRTH"))
                        if d],
        "program": _text(element.find("UN_LIST_TYPE")),
    }
