"""Helpers every registry loader shares: countries, kinds, identifiers and the final frame.

Each loader builds a frame with the ENTITY_SCHEMA columns in any state of tidiness (lists with
nulls and repeats, names with stray spaces) and hands it to `finish`, so the rules for what a
clean entity looks like live in one place.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

import polars as pl

from finance_audit.registry import ENTITY_SCHEMA, KINDS, OWNERSHIP_SCHEMA, RegistryError

TEXT_LIST = pl.List(pl.String)

# Country names the sanctions lists use that CLDR (through `country_names()`) does not know.
# Keys are lower-case. Names that denote no single ISO country ("undetermined", "None
# Identified", "possibly Palestinian", "Netherlands Antilles", "former Soviet Union",
# "Region: Kafia Kingi") are left unmapped on purpose.
COUNTRY_FIXES = {
    "antigua and barbuda": "AG",
    "bahamas, the": "BS",
    "bosnia and herzegovina": "BA",
    "burma": "MM",
    "cabo verde. previously cape verde.": "CV",
    "congo, democratic republic of the": "CD",
    "congo, republic of the": "CG",
    "democratic republic of the congo": "CD",
    "cote d ivoire": "CI",
    "hong kong": "HK",
    "china, hong kong special administrative region": "HK",
    "macau": "MO",
    "korea, north": "KP",
    "korea, south": "KR",
    "democratic people's republic of korea": "KP",
    "iran (islamic republic of)": "IR",
    "syrian arab republic": "SY",
    "united republic of tanzania": "TZ",
    "viet nam": "VN",
    "palestinian": "PS",
    "state of palestine": "PS",
    "west bank": "PS",
    "region: gaza": "PS",
    "region: crimea": "UA",
    "region: northern mali": "ML",
    "macedonia, the former yugoslav republic of": "MK",
    "man, isle of": "IM",
    "saint kitts and nevis": "KN",
    "saint vincent and the grenadines": "VC",
    "st. vincent and the grenadines": "VC",
    "the gambia": "GM",
    "trinidad and tobago": "TT",
    "turkey": "TR",
    "virgin islands, british": "VG",
}

# A bank's name: the word in the languages the lists use, also as the end of a word
# (SBERBANK, GAZPROMBANK, Промсвязьбанк).
BANK_WORDS = r"(?i)(?:bank|banka|banco|banque|bankasi|bankası|banca|банк|банка)\b"

# Legal forms that make an entity a company rather than an organization. Matched on the
# upper-cased name with dots removed and commas as spaces ("S.A. DE C.V." -> "SA DE CV").
_LEGAL_FORMS = (
    "LTD", "LIMITED", "LLC", "LLP", "INC", "INCORPORATED", "CORP", "CORPORATION", "CO",
    "COMPANY", "COMPANIA", "COMPAGNIE", "CIA", "GMBH", "AG", "SA", "SAS", "SARL", "SRL", "SPA",
    "SL", "BV", "NV", "PLC", "OOO", "OAO", "ZAO", "PAO", "AO", "JSC", "OJSC", "CJSC", "PJSC",
    "KFT", "ZRT", "NYRT", "SP Z OO", "SRO", "DOO", "OY", "SDN BHD", "BHD", "PTE",
    "PVT", "FZE", "FZCO", "FZC", "FZ LLC", "LTDA", "SAC", "CV", "SAPI", "EIRL", "HOLDING",
    "HOLDINGS", "TRADING", "INDUSTRIES", "ENTERPRISES", "ООО", "ОАО", "ЗАО", "ПАО", "АО",
)
LEGAL_FORM = r"(?:^|\s)(?:" + "|".join(f.replace(" ", r"\s+") for f in _LEGAL_FORMS) + r")(?:\s|$)"


# A birth date as the loaders keep it: ISO 8601 day, month or year, "~" when approximate,
# and a span as two of them with "/" between.
_ISO_DATE = r"\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?~?"
ISO_BIRTH_DATE = rf"^{_ISO_DATE}(?:/{_ISO_DATE})?$"
_SPAN = r"^(.+?)\s*(?:\bto\b|-)\s*(.+)$"
_MONTHS = {m: f"{i:02d}" for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}


def english_date(text: pl.Expr) -> pl.Expr:
    """ISO 8601 from a date as the lists write it in English: "10 Dec 1948", "Feb 1965",
    "1948"; null for anything else."""
    text = text.str.strip_chars()
    year = text.str.extract(r"(\d{4})$", 1)
    month = (text.str.extract(r"(?:^|\s)([A-Za-z]{3})[A-Za-z]*\.?\s+\d{4}$", 1)
             .str.to_lowercase().replace_strict(_MONTHS, default=None, return_dtype=pl.String))
    day = text.str.extract(r"^(\d{1,2})\s", 1).str.zfill(2)
    return (
        pl.when(text.str.contains(r"^\d{1,2}\s+[A-Za-z]{3,9}\.?\s+\d{4}$"))
        .then(pl.concat_str(year, pl.lit("-"), month, pl.lit("-"), day))
        .when(text.str.contains(r"^[A-Za-z]{3,9}\.?\s+\d{4}$"))
        .then(pl.concat_str(year, pl.lit("-"), month))
        .when(text.str.contains(r"^\d{4}$")).then(year)
    )


def birth_date(text: pl.Expr) -> pl.Expr:
    """A birth date as ISO_BIRTH_DATE: kept when it is one already, else read as English
    (`english_birth_date`); null when it is neither."""
    return pl.when(text.str.contains(ISO_BIRTH_DATE)).then(text).otherwise(
        english_birth_date(text))


def english_birth_date(text: pl.Expr) -> pl.Expr:
    """A birth date as ISO_BIRTH_DATE from the lists' English: "circa 1955" ("1955~"),
    "1960 to 1962" or "circa 1955-1958" (a span, "1960/1962"); null when it is none of these."""
    text = text.str.strip_chars()
    approximate = text.str.contains(r"(?i)^(?:circa|approximately|about|c\.)\s")
    bare = text.str.replace(r"(?i)^(?:circa|approximately|about|c\.)\s+", "")
    start = bare.str.extract(_SPAN, 1)
    end = bare.str.extract(_SPAN, 2)
    mark = pl.when(approximate).then(pl.lit("~")).otherwise(pl.lit(""))
    return (
        pl.when(start.is_not_null())
        .then(pl.concat_str(english_date(start), mark, pl.lit("/"), english_date(end), mark))
        .otherwise(pl.concat_str(english_date(bare), mark))
    )


def file_entry(path: Path, data: bytes) -> tuple[str, str]:
    """(path, sha256 hex) of a file read, as RegistryData.files lists it."""
    return str(path), hashlib.sha256(data).hexdigest()


@cache
def country_table() -> dict[str, str]:
    """Lower-cased country names and codes -> ISO alpha-2: the project's table plus fixes."""
    from finance_audit.ingest.clean import country_names

    return {**country_names(), **COUNTRY_FIXES}


def country_expr(text: pl.Expr) -> pl.Expr:
    """ISO alpha-2 from a country name or code (any case, stray spaces); null if unknown."""
    key = text.str.strip_chars().str.replace_all(r"\s+", " ").str.to_lowercase()
    return key.replace_strict(country_table(), default=None, return_dtype=pl.String)


def country_codes_expr(code: pl.Expr) -> pl.Expr:
    """ISO alpha-2 from an ISO code in any case (`ru`, `gb-sct` -> GB), else from a name."""
    from finance_audit.ingest.clean import country_codes

    iso = code.str.extract(r"^\s*([A-Za-z]{2})(?:-[A-Za-z0-9]+)?\s*$", 1).str.to_uppercase()
    return pl.when(iso.is_in(sorted(country_codes()))).then(iso).otherwise(country_expr(code))


def unmapped_countries(names: pl.Series) -> list[str]:
    """The distinct country names in `names` that `country_expr` cannot map (for reports)."""
    frame = pl.DataFrame({"name": names.cast(pl.String)}).drop_nulls().unique()
    missing = frame.filter(country_expr(pl.col("name")).is_null())
    return sorted(missing["name"].to_list())


def is_bank_name(name: pl.Expr) -> pl.Expr:
    """True where the name carries a bank word (bank, banco, банк, SBERBANK, ...), but not
    "non-bank" (a Russian non-bank credit organization is not a bank)."""
    return (name.str.contains(BANK_WORDS) & ~name.str.contains(r"(?i)\bnon-?bank")).fill_null(False)


def has_legal_form(name: pl.Expr) -> pl.Expr:
    """True where the name carries a company legal form (Ltd, S.A., OOO, GmbH, ...)."""
    folded = name.str.to_uppercase().str.replace_all(r"\.", "").str.replace_all(r"[,;()]", " ")
    return folded.str.contains(LEGAL_FORM).fill_null(False)


def party_kind(name: pl.Expr, bank: pl.Expr | None = None) -> pl.Expr:
    """Kind of a non-person entity: `bank` (bank word, or `bank` true), `company` (a legal
    form in the name), else `organization`."""
    is_bank = is_bank_name(name) if bank is None else (bank.fill_null(False) | is_bank_name(name))
    return (
        pl.when(is_bank)
        .then(pl.lit("bank"))
        .when(has_legal_form(name))
        .then(pl.lit("company"))
        .otherwise(pl.lit("organization"))
    )


def text_list(expr: pl.Expr) -> pl.Expr:
    """A list column with nulls for missing lists made empty."""
    return expr.cast(TEXT_LIST).fill_null(pl.lit([], dtype=TEXT_LIST))


def _clean_identifier(item: pl.Expr) -> pl.Expr:
    """`scheme:value` with the scheme lower-cased and the value upper-cased, no spaces."""
    compact = item.str.replace_all(r"\s+", "")
    scheme = compact.str.extract(r"^([^:]+):.", 1).str.to_lowercase()
    value = compact.str.replace(r"^[^:]+:", "").str.to_uppercase()
    return pl.when(scheme.is_not_null()).then(scheme + ":" + value)


def _bic_other_form(item: pl.Expr) -> pl.Expr:
    """The other spelling of a head-office BIC: 8 characters <-> 8 + XXX; null otherwise."""
    return (
        pl.when(item.str.contains(r"^bic:[A-Z0-9]{8}$"))
        .then(item + "XXX")
        .when(item.str.contains(r"^bic:[A-Z0-9]{8}XXX$"))
        .then(item.str.head(12))
    )


def finish(frame: pl.DataFrame, *, file: str) -> pl.DataFrame:
    """The loader's frame in ENTITY_SCHEMA: lists cleaned and deduplicated, sorted by id.

    Aliases lose blanks, repeats (case-insensitively) and the primary name; `country`, when
    missing, is the first of `countries`, and is always among them; identifiers are
    normalized and a head-office BIC gets its other form.

    Raises:
        RegistryError: an entity without id or name, an unknown kind, or a repeated id.
    """
    spaces = r"\s+"
    name = pl.col("name").str.strip_chars().str.replace_all(spaces, " ")
    aliases = (
        pl.concat_list(name, text_list(pl.col("aliases")))
        .list.eval(
            pl.element().str.strip_chars().str.replace_all(spaces, " ")
            .str.replace(r'^"(.+)"$', "${1}")
        )
        .list.eval(pl.element().filter(pl.element().is_not_null() & (pl.element() != "")))
        .list.eval(pl.element().filter(pl.element().str.to_lowercase().is_first_distinct()))
        .list.slice(1)
    )
    countries = text_list(pl.col("countries"))
    country = pl.coalesce(pl.col("country"), countries.list.first())
    identifiers = text_list(pl.col("identifiers")).list.eval(_clean_identifier(pl.element()))
    if "birth_dates" not in frame.columns:
        frame = frame.with_columns(pl.lit(None, dtype=TEXT_LIST).alias("birth_dates"))
    out = (
        frame.with_columns(name.alias("name"))
        .with_columns(
            aliases.alias("aliases"),
            country.alias("country"),
            pl.concat_list(country, countries).list.drop_nulls().list.unique(maintain_order=True)
            .alias("countries"),
            identifiers.alias("identifiers"),
            text_list(pl.col("topics")).list.drop_nulls().list.unique(maintain_order=True)
            .alias("topics"),
            text_list(pl.col("birth_dates")).list.drop_nulls().list.unique(maintain_order=True)
            .alias("birth_dates"),
        )
        .with_columns(
            pl.concat_list(
                "identifiers", pl.col("identifiers").list.eval(_bic_other_form(pl.element()))
            )
            .list.drop_nulls()
            .list.unique(maintain_order=True)
            .alias("identifiers")
        )
        .select([pl.col(c).cast(t) for c, t in ENTITY_SCHEMA.items()])
    )
    _check(out, file)
    return out.sort("entity_id")


def _check(entities: pl.DataFrame, file: str) -> None:
    nameless = entities.filter(
        pl.col("entity_id").is_null() | pl.col("name").is_null() | (pl.col("name") == "")
    )
    if nameless.height:
        raise RegistryError(f"entity {nameless['entity_id'][0]!r} has no name", file=file)
    odd = entities.filter(~pl.col("kind").is_in(KINDS) | pl.col("kind").is_null())
    if odd.height:
        raise RegistryError(
            f"entity {odd['entity_id'][0]!r} has kind {odd['kind'][0]!r}", file=file
        )
    repeated = entities.filter(pl.col("entity_id").is_duplicated())
    if repeated.height:
        raise RegistryError(f"entity id {repeated['entity_id'][0]!r} is repeated", file=file)


def ownership_frame(frame: pl.DataFrame | None = None) -> pl.DataFrame:
    """Ownership edges in OWNERSHIP_SCHEMA (empty when `frame` is None), deduplicated."""
    if frame is None:
        return pl.DataFrame(schema=OWNERSHIP_SCHEMA)
    edges = frame.select([pl.col(c).cast(t) for c, t in OWNERSHIP_SCHEMA.items()])
    return edges.drop_nulls(["owner_id", "owned_id"]).unique(maintain_order=True)
