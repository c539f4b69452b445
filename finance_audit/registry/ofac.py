"""The OFAC SDN list in its legacy CSV set: `sdn.csv`, with `alt.csv`, `add.csv` and
`sdn_comments.csv` joined from the same folder when they are there; and OFAC's Consolidated
(non-SDN) list in the same format: `cons_prim.csv`, with `cons_alt.csv`, `cons_add.csv` and
`cons_comments.csv`. Each list joins its own companions only, though both lie in one folder.

The files have no header; `-0-` (often with a trailing space) means null, and `sdn.csv` ends
with a lone Ctrl-Z. One entity per SDN record (`ofac:<ent_num>`). The Remarks column is
semicolon-separated facts; the ones a matcher can use become data here: `a.k.a. 'X'` and
`f.k.a. 'X'` aliases, `SWIFT/BIC`, registration, tax, IMO and passport numbers,
nationality or citizenship, and a person's `DOB` (as ISO 8601: "DOB circa 1955" is "1955~").
`sdn_comments.csv` carries the rest of Remarks longer than the column holds, so it is appended
to them. Everything is whole-column polars work.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl

from finance_audit.ingest.encoding import to_utf8
from finance_audit.ingest.readers import read_bytes
from finance_audit.registry import RegistryData, RegistryError
from finance_audit.registry.common import (
    country_expr,
    english_birth_date,
    file_entry,
    finish,
    ownership_frame,
    party_kind,
    text_list,
)

SOURCE = "ofac-sdn"
SDN_COLUMNS = (
    "ent_num", "name", "sdn_type", "program", "title", "call_sign", "vess_type", "tonnage",
    "grt", "vess_flag", "vess_owner", "remarks",
)
ALT_COLUMNS = ("ent_num", "alt_num", "alt_type", "alt_name", "alt_remarks")
ADD_COLUMNS = ("ent_num", "add_num", "address", "city_state_zip", "country", "add_remarks")
COMMENT_COLUMNS = ("ent_num", "remarks_extension")

# Remarks facts that are identifiers: scheme, then the label that introduces the value. The
# first label that matches wins, so the IMO labels come before the generic ones they start
# like. The value runs to an optional "(Country)" and an optional "issued ..."/"expires ...".
IDENTIFIER_LABELS = (
    ("imo", r"(?:Vessel Registration Identification|Identification Number|Company Number) IMO"),
    ("bic", r"SWIFT/BIC"),
    ("bik", r"BIK \(RU\)"),
    ("ogrn", r"OGRN"),
    ("inn", r"INN"),
    ("lei", r"(?:LEI|Legal Entity Identifier)"),
    ("mmsi", r"MMSI"),
    ("duns", r"D-U-N-S Number"),
    ("vat", r"V\.A\.T\. Number"),
    ("tax", r"(?:Tax ID No\.|US FEIN|R\.F\.C\.|RFC|C\.U\.I\.T\.|NIT #|RUC #|RTN)"),
    ("reg", r"(?:Registration ID|Registration Number|(?:UK )?Company Number"
            r"|Commercial Registry Number|Business Registration (?:Number|Document #)"
            r"|Certificate of Incorporation Number|Legal Entity Number|LE Number"
            r"|Business Number|Trade License No\.|Chamber of Commerce Number"
            r"|Public Registration Number|Registered Charity No\.)"),
    ("passport", r"(?:Diplomatic )?Passport"),
    ("national_id", r"(?:National ID No\.|Cedula No\.|C\.U\.R\.P\.|D\.N\.I\."
                    r"|Identification Number)"),
)
_VALUE = r"\s+(.+?)(?:\s*\(([^()]+)\))?(?:\s+(?:issued|expires)\b.*)?$"
_ALIAS = r"^[afn]\.k\.a\.,?\s+'(.+)'$"
_NATIONALITY = r"(?i)^(?:nationality(?: of registration)?|citizen)\s+(.+)$"
_BIC = r"^[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?$"


# The main file of each list, and its companions as `_entities` knows them (the SDN list's
# names) with their names in that list.
COMPANIONS = {
    "sdn.csv": {"alt.csv": "alt.csv", "add.csv": "add.csv",
                "sdn_comments.csv": "sdn_comments.csv"},
    "cons_prim.csv": {"alt.csv": "cons_alt.csv", "add.csv": "cons_add.csv",
                      "sdn_comments.csv": "cons_comments.csv"},
}
COLUMNS = {"alt.csv": ALT_COLUMNS, "add.csv": ADD_COLUMNS, "sdn_comments.csv": COMMENT_COLUMNS}
CONSOLIDATED = "cons_prim.csv"


def main_file(path: Path) -> Path | None:
    """The list's main file: `path` itself, or in a folder its `sdn.csv`, else its
    `cons_prim.csv`."""
    if not path.is_dir():
        return path
    return _companion(path, "sdn.csv") or _companion(path, CONSOLIDATED)


def list_name(path: Path) -> str:
    """The source name a list loads under by default: `ofac-consolidated` for the
    Consolidated list, so that loading it does not replace the SDN list; else `ofac-sdn`."""
    main = main_file(path)
    return ("ofac-consolidated" if main is not None and main.name.lower() == CONSOLIDATED
            else "ofac-sdn")


def load(path: Path) -> RegistryData:
    """Load `sdn.csv` or `cons_prim.csv` (or the folder holding it) and its list's companion
    files beside it.

    Raises:
        UnreadableFileError: a file is missing or cannot be read.
        RegistryError: the file is not an OFAC list file.
    """
    sdn_path = main_file(path)
    if sdn_path is None:
        raise RegistryError("the folder has neither sdn.csv nor cons_prim.csv", file=str(path))
    data = read_bytes(sdn_path)
    files = [file_entry(sdn_path, data)]
    sdn = _read_table(sdn_path, data, SDN_COLUMNS)
    extra: dict[str, pl.DataFrame] = {}
    companions = COMPANIONS.get(sdn_path.name.lower(), COMPANIONS["sdn.csv"])
    for name, file_name in companions.items():
        other = _companion(sdn_path.parent, file_name)
        if other is not None and other != sdn_path:
            other_data = read_bytes(other)
            files.append(file_entry(other, other_data))
            extra[name] = _read_table(other, other_data, COLUMNS[name])
    entities = _entities(sdn, extra)
    return RegistryData(
        format="ofac-sdn",
        entities=finish(entities, file=str(sdn_path)),
        ownership=ownership_frame(),
        files=tuple(files),
    )


def _companion(folder: Path, name: str) -> Path | None:
    """The file `name` in `folder`, in any letter case (OFAC has published both)."""
    for candidate in sorted(folder.iterdir()):
        if candidate.name.lower() == name and candidate.is_file():
            return candidate
    return None


def _read_table(path: Path, data: bytes, columns: tuple[str, ...]) -> pl.DataFrame:
    """One headerless OFAC CSV as text columns, `-0-` as null, without the Ctrl-Z line."""
    text, _ = to_utf8(data, file=str(path))
    text = text.rstrip(b"\x1a\r\n\t ")
    try:
        frame = pl.read_csv(text, has_header=False, infer_schema=False, quote_char='"')
    except pl.exceptions.PolarsError as err:
        message = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise RegistryError(f"not an OFAC CSV file: {message}", file=str(path)) from err
    if frame.width != len(columns):
        raise RegistryError(
            f"{frame.width} columns, but OFAC's {path.name} has {len(columns)}", file=str(path)
        )
    frame = frame.rename(dict(zip(frame.columns, columns, strict=True)))
    frame = frame.with_columns(pl.all().str.strip_chars().replace({"-0-": None, "": None}))
    bad = frame.with_row_index("row", offset=1).filter(
        ~pl.col("ent_num").str.contains(r"^\d+$").fill_null(False)
    )
    if bad.height:
        raise RegistryError(
            f"ent_num {bad['ent_num'][0]!r} is not a number", file=str(path),
            row=int(bad["row"][0]), column="ent_num",
        )
    return frame


def _entities(sdn: pl.DataFrame, extra: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """One row per SDN record with the companion files and the Remarks facts joined."""
    if "sdn_comments.csv" in extra:
        more = extra["sdn_comments.csv"].group_by("ent_num", maintain_order=True).agg(
            pl.col("remarks_extension").str.join("")
        )
        sdn = sdn.join(more, on="ent_num", how="left").with_columns(
            pl.concat_str("remarks", "remarks_extension", ignore_nulls=True).alias("remarks")
        )
    frame = sdn.join(_remark_facts(sdn), on="ent_num", how="left")
    if "alt.csv" in extra:
        alt = extra["alt.csv"].group_by("ent_num", maintain_order=True).agg(
            pl.col("alt_name").drop_nulls().alias("alt_names")
        )
        frame = frame.join(alt, on="ent_num", how="left")
    else:
        frame = frame.with_columns(pl.lit(None, dtype=pl.List(pl.String)).alias("alt_names"))
    if "add.csv" in extra:
        add = extra["add.csv"].group_by("ent_num", maintain_order=True).agg(
            country_expr(pl.col("country")).drop_nulls().alias("address_countries")
        )
        frame = frame.join(add, on="ent_num", how="left")
    else:
        frame = frame.with_columns(
            pl.lit(None, dtype=pl.List(pl.String)).alias("address_countries")
        )

    person = pl.col("sdn_type") == "individual"
    bic_country = pl.col("bics").list.eval(pl.element().str.slice(4, 2))
    names = pl.concat_list(text_list(pl.col("alt_names")), text_list(pl.col("remark_aliases")))
    reordered = pl.concat_list("name", names).list.eval(_first_last(pl.element()))
    kind = (
        pl.when(person)
        .then(pl.lit("person"))
        .when(pl.col("sdn_type").is_in(["vessel", "aircraft"]))
        .then(pl.lit("vessel"))
        .otherwise(party_kind(pl.col("name"), bank=pl.col("bics").list.len() > 0))
    )
    return frame.with_columns(kind.alias("kind")).select(
        ("ofac:" + pl.col("ent_num")).alias("entity_id"),
        pl.col("name"),
        pl.when(person).then(pl.concat_list(names, reordered)).otherwise(names).alias("aliases"),
        pl.col("kind"),
        pl.lit(None, dtype=pl.String).alias("country"),
        pl.concat_list(
            text_list(pl.col("address_countries")),
            text_list(pl.col("nationalities")),
            text_list(bic_country),
            text_list(pl.col("id_countries")),
            pl.concat_list(country_expr(pl.col("vess_flag"))),
        ).alias("countries"),
        pl.concat_list(
            text_list(pl.col("bics").list.eval("bic:" + pl.element())),
            text_list(pl.col("ids")),
        ).alias("identifiers"),
        pl.when(pl.col("kind") == "bank")
        .then(pl.lit(["sanction", "fin.bank"]))
        .otherwise(pl.lit(["sanction"]))
        .alias("topics"),
        pl.lit(None, dtype=pl.String).alias("status"),
        pl.lit(None, dtype=pl.Date).alias("status_date"),
        pl.col("program").str.replace_all(r"\]\s*\[", "; ").str.replace_all(r"[\[\]]", "")
        .alias("program"),
        pl.lit(SOURCE).alias("source"),
        pl.col("birth_dates"),
    )


def _first_last(name: pl.Expr) -> pl.Expr:
    """`LAST, First` as `First LAST`; a name without a comma stays as it is."""
    return name.str.replace(r"^\s*([^,]+?),\s*(.+?)\s*$", "${2} ${1}")


def _identifier_chain(part: pl.Expr) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """Scheme, raw value and raw country of the first identifier label that starts `part`."""
    patterns = [(name, rf"^{label}{_VALUE}") for name, label in IDENTIFIER_LABELS]

    def first_match(pick: Callable[[str, str], pl.Expr]) -> pl.Expr:
        chain: Any = pl  # pl.when(...) starts the chain, .when(...) extends it
        for name, pattern in patterns:
            chain = chain.when(part.str.contains(pattern)).then(pick(name, pattern))
        return chain

    return (
        first_match(lambda name, _: pl.lit(name)),
        first_match(lambda _, pattern: part.str.extract(pattern, 1)),
        first_match(lambda _, pattern: part.str.extract(pattern, 2)),
    )


def _remark_facts(sdn: pl.DataFrame) -> pl.DataFrame:
    """Aliases, nationalities, BICs and identifiers from Remarks, aggregated per ent_num."""
    parts = (
        sdn.select("ent_num", pl.col("remarks").str.split(";").alias("part"))
        .explode("part")
        .with_columns(
            pl.col("part").str.strip_chars().str.strip_chars_end(". ")
            .str.replace(r"^(?i:alt\.)\s+", "")
        )
    )
    part = pl.col("part")
    scheme, value, place = _identifier_chain(part)
    value = value.str.replace_all(r"\s+", "").str.to_uppercase()
    place = country_expr(place)
    # Russian registration and tax numbers are the OGRN (13/15 digits) and INN (10/12).
    scheme = (
        pl.when((scheme == "reg") & (place == "RU") & value.str.contains(r"^\d{13}(?:\d{2})?$"))
        .then(pl.lit("ogrn"))
        .when((scheme == "tax") & (place == "RU") & value.str.contains(r"^\d{10}(?:\d{2})?$"))
        .then(pl.lit("inn"))
        .otherwise(scheme)
    )
    facts = parts.with_columns(
        part.str.extract(_ALIAS, 1).alias("alias"),
        country_expr(part.str.extract(_NATIONALITY, 1)).alias("nationality"),
        pl.when(scheme == "bic").then(value).alias("bic"),
        pl.when(scheme.is_not_null() & (scheme != "bic")).then(scheme + ":" + value).alias("id"),
        pl.when(scheme.is_not_null()).then(place).alias("id_country"),
        pl.when(part.str.contains(r"^DOB\s")).then(
            english_birth_date(part.str.replace(r"^DOB\s+", ""))).alias("birth_date"),
    ).with_columns(pl.when(pl.col("bic").str.contains(_BIC)).then(pl.col("bic")).alias("bic"))
    return facts.group_by("ent_num", maintain_order=True).agg(
        pl.col("alias").drop_nulls().alias("remark_aliases"),
        pl.col("nationality").drop_nulls().alias("nationalities"),
        pl.col("bic").drop_nulls().alias("bics"),
        pl.col("id").drop_nulls().alias("ids"),
        pl.col("id_country").drop_nulls().alias("id_countries"),
        pl.col("birth_date").drop_nulls().alias("birth_dates"),
    )
