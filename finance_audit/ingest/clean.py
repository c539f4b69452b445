"""Parse and validate canonical text columns into typed flows, over whole columns.

Every check yields, per row, either null or "column\treason"; a row with any reason is
rejected (quarantined with the first column and all reasons), the rest are stored.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

import polars as pl

from finance_audit import schema
from finance_audit.ingest.readers import ROW

MIN_DATE = dt.date(1900, 1, 1)
MAX_AMOUNT = 1e13  # larger than any party's finances; a bigger figure is a typing error

_SYMBOLS = (("£", "GBP"), ("€", "EUR"), ("US$", "USD"), ("$", "USD"), ("₽", "RUB"),
            ("¥", "JPY"), ("zł", "PLN"), ("Kč", "CZK"), ("Ft", "HUF"))
_CODE = r"\b(EUR|GBP|USD|CHF|RUB|PLN|CZK|HUF|SEK|DKK|NOK|RON|BGN|JPY|CNY|TRY|UAH|AED|SAR)\b"

KIND_SYNONYMS = {
    "donation": "donation", "gift": "donation", "spende": "donation", "gift/donation": "donation",
    "loan": "loan", "credit": "loan", "darlehen": "loan", "lening": "loan",
    "loan_change": "loan_change", "loan change": "loan_change", "assignment": "loan_change",
    "contract": "contract", "transfer": "transfer",
}
STATUS_SYNONYMS = {
    "outstanding": "outstanding", "repaid": "repaid", "ended": "repaid", "assigned": "assigned",
    "written_off": "written_off", "written off": "written_off", "write-off": "written_off",
}


@dataclass(frozen=True)
class CleanOptions:
    """What the cleaner needs besides the rows."""

    jurisdiction: str | None = None  # --jurisdiction: fills rows that state none
    currency: str = "EUR"
    kind: str | None = None
    recipient_type: str = "party"
    counterparty_type: str = "unknown"
    date_order: str = "dmy"  # how to read 01/02/2024: dmy (Europe) or mdy (US)
    decimal: str | None = None  # "," or "." when the source says; None: decide per value
    title_year: int | None = None  # the year a sheet's title names, for rows with no date
    lenient: tuple[str, ...] = ()
    today: dt.date | None = None


def _problem(condition: pl.Expr, column: str, reason: str | pl.Expr) -> pl.Expr:
    text = reason if isinstance(reason, pl.Expr) else pl.lit(reason)
    return pl.when(condition).then(pl.concat_str([pl.lit(column + "\t"), text]))


def parse_amount(text: pl.Expr, decimal: str | None = None) -> pl.Expr:
    """Numbers as registers write them: £2,000,000.00, 135000,00 €, 1.234,56, 4600.0000."""
    cleaned = text.str.replace_all(r"[\s\u00a0'’]", "")
    negative = cleaned.str.contains(r"^[-−(]|-$")
    digits = cleaned.str.replace_all(r"[^0-9,.]", "")
    has_comma = digits.str.contains(",", literal=True)
    has_dot = digits.str.contains(".", literal=True)
    comma_groups = digits.str.contains(r"^\d{1,3}(,\d{3})+$")
    dot_groups = digits.str.contains(r"^\d{1,3}(\.\d{3}){2,}$")
    last_is_comma = digits.str.contains(r"\.[^,]*,\d*$")
    if decimal == ",":
        comma_decimal = (
            pl.when(has_comma & has_dot)
            .then(last_is_comma)
            .otherwise(has_comma | digits.str.contains(r"^\d{1,3}(\.\d{3})+$"))
        )
    elif decimal == ".":
        comma_decimal = pl.when(has_comma & has_dot).then(last_is_comma).otherwise(False)
    else:
        comma_decimal = (
            pl.when(has_comma & has_dot)
            .then(last_is_comma)
            .when(has_comma)
            .then(~comma_groups)
            .otherwise(dot_groups)
        )
    normal = (
        pl.when(comma_decimal)
        .then(digits.str.replace_all(".", "", literal=True).str.replace(",", ".", literal=True))
        .otherwise(digits.str.replace_all(",", "", literal=True))
    )
    value = (
        pl.when(
            digits.str.contains(r"^[\d.,]*\d[\d.,]*$")
            & ~cleaned.str.contains(r"[0-9][^0-9,.]+[0-9]")
        ).then(normal.cast(pl.Float64, strict=False))
    )
    return pl.when(negative).then(-value).otherwise(value)


def currency_from_amount(text: pl.Expr) -> pl.Expr:
    """The currency a symbol or code inside an amount's text names, else null."""
    code = text.str.to_uppercase().str.extract(_CODE, 1)
    expr = pl.lit(None, dtype=pl.String)
    for symbol, iso in reversed(_SYMBOLS):
        expr = pl.when(text.str.contains(symbol, literal=True)).then(pl.lit(iso)).otherwise(expr)
    return pl.coalesce(code, expr)


def parse_date(text: pl.Expr, date_order: str = "dmy") -> tuple[pl.Expr, pl.Expr]:
    """A date and its precision from ISO, dd/mm/yyyy, dd.mm.yyyy, mm/yyyy or a bare year."""
    t = text.str.strip_chars()
    slash = "%d/%m/%Y" if date_order == "dmy" else "%m/%d/%Y"
    day = pl.coalesce(
        pl.when(t.str.contains(r"^\d{4}-\d{1,2}-\d{1,2}([T ].*)?$"))
        .then(t.str.extract(r"^(\d{4}-\d{1,2}-\d{1,2})", 1).str.to_date("%Y-%m-%d", strict=False)),
        pl.when(t.str.contains(r"^\d{1,2}/\d{1,2}/\d{4}( .*)?$"))
        .then(t.str.extract(r"^(\S+)", 1).str.to_date(slash, strict=False)),
        pl.when(t.str.contains(r"^\d{1,2}\.\d{1,2}\.\d{4}$")).then(
            t.str.to_date("%d.%m.%Y", strict=False)
        ),
        pl.when(t.str.contains(r"^\d{1,2}-\d{1,2}-\d{4}$")).then(
            t.str.to_date("%d-%m-%Y", strict=False)
        ),
    )
    month = pl.coalesce(
        pl.when(t.str.contains(r"^\d{4}-\d{1,2}$")).then(
            (t + "-01").str.to_date("%Y-%m-%d", strict=False)
        ),
        pl.when(t.str.contains(r"^\d{1,2}/\d{4}$")).then(
            ("01/" + t).str.to_date("%d/%m/%Y", strict=False)
        ),
    )
    year = pl.when(t.str.contains(r"^\d{4}$")).then(
        (t + "-01-01").str.to_date("%Y-%m-%d", strict=False)
    )
    value = pl.coalesce(day, month, year)
    precision = (
        pl.when(day.is_not_null()).then(pl.lit("day"))
        .when(month.is_not_null()).then(pl.lit("month"))
        .when(year.is_not_null()).then(pl.lit("year"))
    )
    return value, precision


def parse_rate(text: pl.Expr) -> pl.Expr:
    """Interest in percent a year: 6, 6%, 0.00%, 5,5 %, Nil."""
    t = text.str.strip_chars().str.to_lowercase()
    nil = t.is_in(["nil", "none", "zero", "interest free", "interest-free", "0", "-"])
    number = t.str.extract(
        r"^([0-9]+(?:[.,][0-9]+)?)\s*%?(?:\s*(?:p\.?a\.?|a year|per annum))?$", 1
    )
    return pl.when(nil).then(pl.lit(0.0)).otherwise(
        number.str.replace(",", ".", literal=True).cast(pl.Float64, strict=False)
    )


def normalize_name(text: pl.Expr) -> pl.Expr:
    """Names as filed, trimmed, with runs of white space (and stray NULs) made one space."""
    return text.str.replace_all(r"[\s\u00a0\x00]+", " ").str.strip_chars().replace("", None)


def normalize_company_id(text: pl.Expr, jurisdiction: pl.Expr) -> pl.Expr:
    """`":03275808"` -> `03275808`; UK numbers zero-padded to 8; `bic:...` keeps its scheme."""
    t = text.str.strip_chars().str.strip_chars_start(":").str.strip_chars()
    scheme = t.str.extract(r"^([A-Za-z]{2,6}):", 1).str.to_lowercase()
    body = pl.when(scheme.is_not_null()).then(t.str.replace(r"^[A-Za-z]{2,6}:", "")).otherwise(t)
    body = body.str.replace_all(r"[^0-9A-Za-z]", "").str.to_uppercase()
    padded = (
        pl.when((jurisdiction == "GB") & body.str.contains(r"^\d{1,7}$") & scheme.is_null())
        .then(body.str.zfill(8))
        .otherwise(body)
    )
    result = pl.when(scheme.is_not_null()).then(scheme + ":" + padded).otherwise(padded)
    return result.replace("", None)


@cache
def country_names() -> dict[str, str]:
    """Country names in the EU's languages (CLDR via babel) and codes, folded, to ISO alpha-2."""
    from babel import Locale

    from finance_audit.data import load_data

    names: dict[str, str] = {}
    locales = ("en", "de", "fr", "nl", "it", "es", "pt", "pl", "sv", "da", "fi", "cs", "sk",
               "sl", "hu", "ro", "bg", "el", "hr", "lt", "lv", "et", "ga", "mt", "ru")
    for locale in locales:
        for code, name in Locale(locale).territories.items():
            if len(code) == 2 and code.isalpha():
                names.setdefault(name.lower(), code)
    for code in {c for c in names.values()}:
        names[code.lower()] = code
    for alias, code in load_data("country_aliases")["aliases"].items():
        names[str(alias).lower()] = code
    return names


def normalize_country(text: pl.Expr) -> pl.Expr:
    """ISO alpha-2 from a code or a country name; null where it cannot be told."""
    key = text.str.strip_chars().str.replace_all(r"\s+", " ").str.to_lowercase()
    return key.replace_strict(country_names(), default=None, return_dtype=pl.String)


def _vocabulary(text: pl.Expr, synonyms: dict[str, str]) -> pl.Expr:
    key = text.str.strip_chars().str.to_lowercase().str.replace_all(r"[\s-]+", "_")
    table = {re.sub(r"[\s-]+", "_", k): v for k, v in synonyms.items()}
    return key.replace_strict(table, default=None, return_dtype=pl.String)


def clean(mapped: pl.DataFrame, options: CleanOptions) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Typed flows and rejects (ROW, column, reason, raw) from mapped text columns."""
    today = options.today or dt.date.today()
    latest = today + dt.timedelta(days=365)
    c = pl.col
    title_year = (
        pl.lit(dt.date(options.title_year, 1, 1)) if options.title_year else pl.lit(None, pl.Date)
    )
    amount_value = parse_amount(c("amount"), options.decimal)
    date_value, date_precision = parse_date(c("date"), options.date_order)
    end_value, _ = parse_date(c("end_date"), options.date_order)
    jurisdiction_text = c("jurisdiction").str.strip_chars().str.to_uppercase()
    jurisdiction = pl.coalesce(
        normalize_country(c("jurisdiction")), pl.lit(options.jurisdiction, pl.String)
    )
    kind_text = pl.coalesce(c("kind"), pl.lit(options.kind, pl.String))
    kind = _vocabulary(kind_text, KIND_SYNONYMS)
    recipient_type_text = pl.coalesce(c("recipient_type"), pl.lit(options.recipient_type))
    counterparty_type_text = pl.coalesce(
        c("counterparty_type"), pl.lit(options.counterparty_type)
    )
    typed = mapped.with_columns(
        normalize_name(c("recipient")).alias("recipient"),
        normalize_name(c("counterparty")).alias("counterparty"),
        normalize_name(c("paid_by")).alias("paid_by"),
        normalize_name(c("assigned_to")).alias("assigned_to"),
        normalize_name(c("recipient_unit")).alias("recipient_unit"),
        normalize_name(c("description")).alias("description"),
        amount_value.alias("_amount"),
        pl.coalesce(
            c("currency").str.strip_chars().str.to_uppercase(),
            currency_from_amount(c("amount")),
            pl.lit(options.currency),
        ).alias("_currency"),
        pl.coalesce(date_value, pl.when(c("date").is_null()).then(title_year)).alias("_date"),
        pl.coalesce(
            date_precision, pl.when(c("date").is_null() & title_year.is_not_null()).then(
                pl.lit("year"))
        ).alias("_date_precision"),
        end_value.alias("_end_date"),
        jurisdiction.alias("_jurisdiction"),
        jurisdiction_text.alias("_jurisdiction_text"),
        kind.alias("_kind"),
        _vocabulary(recipient_type_text, {t: t for t in schema.RECIPIENT_TYPES})
        .alias("_recipient_type"),
        _vocabulary(counterparty_type_text, {t: t for t in schema.COUNTERPARTY_TYPES})
        .alias("_counterparty_type"),
        normalize_country(c("counterparty_country")).alias("_counterparty_country"),
        parse_rate(c("interest_rate")).alias("_interest_rate"),
        parse_amount(c("market_value"), options.decimal).alias("_market_value"),
        _vocabulary(c("status"), STATUS_SYNONYMS).alias("_status"),
    )
    lenient = set(options.lenient)

    def bad_value(column: str, parsed: str, reason: str) -> pl.Expr:
        if column in lenient:
            return pl.lit(None, pl.String)
        return _problem(c(column).is_not_null() & c(parsed).is_null(), column,
                        pl.format(reason, c(column)))

    problems = [
        *(
            _problem(c(col).is_null(), col, "required value is empty")
            for col in ("recipient", "counterparty")
        ),
        _problem(c("amount").is_null(), "amount", "required value is empty"),
        bad_value("amount", "_amount", "not an amount: {}"),
        _problem(c("_amount") < 0, "amount", pl.format("negative amount: {}", c("amount"))),
        _problem(c("_amount") > MAX_AMOUNT, "amount",
                 pl.format("amount out of range: {}", c("amount"))),
        _problem(c("date").is_null() & c("_date").is_null(), "date", "required value is empty"),
        bad_value("date", "_date", "not a valid date: {}"),
        _problem(c("_date") < MIN_DATE, "date",
                 pl.format("date before 1900: {}", c("date"))),
        _problem(c("_date") > latest, "date",
                 pl.format("date more than a year after the import: {}", c("date"))),
        bad_value("end_date", "_end_date", "not a valid date: {}"),
        _problem(kind_text.is_null(), "kind", "required value is empty"),
        _problem(kind_text.is_not_null() & c("_kind").is_null(), "kind",
                 pl.format("unknown kind: {} (one of: " + ", ".join(schema.KINDS) + ")",
                           kind_text)),
        _problem(c("_recipient_type").is_null(), "recipient_type",
                 pl.format("unknown recipient type: {}", recipient_type_text)),
        _problem(c("_counterparty_type").is_null(), "counterparty_type",
                 pl.format("unknown counterparty type: {}", counterparty_type_text)),
        _problem(c("jurisdiction").is_not_null() & normalize_country(c("jurisdiction")).is_null(),
                 "jurisdiction", pl.format("unknown country: {}", c("jurisdiction"))),
        bad_value("counterparty_country", "_counterparty_country", "unknown country: {}"),
        bad_value("interest_rate", "_interest_rate", "not an interest rate: {}"),
        bad_value("market_value", "_market_value", "not an amount: {}"),
        bad_value("status", "_status", "unknown loan status: {}"),
        _problem(~c("_currency").str.contains(r"^[A-Z]{3}$"), "currency",
                 pl.format("not a currency code: {}", c("_currency"))),
    ]
    typed = typed.with_columns(
        pl.concat_list([p for p in problems]).list.drop_nulls().alias("_problems")
    )
    bad = c("_problems").list.len() > 0
    rejects = typed.filter(bad).select(
        c(ROW),
        c("_problems").list.first().str.split("\t").list.first().alias("column"),
        # The first problem in full, then the others with their columns.
        pl.concat_str(
            [
                c("_problems").list.first().str.split("\t").list.last(),
                pl.when(c("_problems").list.len() > 1).then(
                    pl.lit("; also ")
                    + c("_problems")
                    .list.slice(1)
                    .list.eval(pl.element().str.replace("\t", ": ", literal=True))
                    .list.join("; ")
                ).otherwise(pl.lit("")),
            ]
        ).alias("reason"),
        c("raw"),
    )
    good = typed.filter(~bad).select(
        c("flow_id").str.strip_chars(),
        c("_jurisdiction").alias("jurisdiction"),
        c("recipient"),
        c("_recipient_type").alias("recipient_type"),
        c("recipient_unit"),
        c("_kind").alias("kind"),
        c("counterparty"),
        c("_counterparty_type").alias("counterparty_type"),
        c("_counterparty_country").alias("counterparty_country"),
        normalize_company_id(c("counterparty_id"), c("_jurisdiction")).alias("counterparty_id"),
        c("_amount").alias("amount"),
        c("_currency").alias("currency"),
        c("_date").alias("date"),
        c("_date_precision").alias("date_precision"),
        c("paid_by"),
        c("_interest_rate").alias("interest_rate"),
        c("_end_date").alias("end_date"),
        c("_status").alias("status"),
        c("assigned_to"),
        c("description"),
        c("_market_value").alias("market_value"),
        c(ROW),
        c("raw"),
    )
    return good, rejects
