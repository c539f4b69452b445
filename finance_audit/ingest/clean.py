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


def _problem(condition: pl.Expr, column: str, reason: str | pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """A check: when `condition` holds, the row is bad, for the message "column\treason"."""
    text = reason if isinstance(reason, pl.Expr) else pl.lit(reason)
    return condition.fill_null(False), pl.concat_str([pl.lit(column + "\t"), text])


def parse_amount(text: pl.Expr, decimal: str | None = None) -> pl.Expr:
    """Numbers as registers write them: £2,000,000.00, 135000,00 €, 1.234,56, 4600.0000.

    `decimal` is the source's decimal separator where the profile knows it; otherwise each
    value decides: with both separators the last one is the decimal mark, a lone comma is a
    thousands separator only in groups of three (2,000,000), a lone dot is decimal unless it
    repeats (1.234.567).
    """
    negative = text.str.contains(r"^\s*[-−(]|-\s*$")
    digits = text.str.replace_all(r"[^0-9,.]", "")
    has_comma = digits.str.contains(",", literal=True)
    has_dot = digits.str.contains(".", literal=True)
    reversed_digits = digits.str.reverse()
    last_is_comma = reversed_digits.str.find(",", literal=True) < reversed_digits.str.find(
        ".", literal=True
    )
    if decimal == ",":
        comma_decimal = pl.when(has_comma & has_dot).then(last_is_comma).otherwise(
            has_comma | digits.str.contains(r"^\d{1,3}(\.\d{3})+$")
        )
    elif decimal == ".":
        comma_decimal = pl.when(has_comma & has_dot).then(last_is_comma).otherwise(False)
    else:
        comma_decimal = (
            pl.when(has_comma & has_dot)
            .then(last_is_comma)
            .when(has_comma)
            .then(~digits.str.contains(r"^\d{1,3}(,\d{3})+$"))
            .when(has_dot)
            .then(digits.str.contains(r"^\d{1,3}(\.\d{3}){2,}$"))
            .otherwise(False)
        )
    normal = (
        pl.when(comma_decimal)
        .then(digits.str.replace_all(".", "", literal=True).str.replace(",", ".", literal=True))
        .otherwise(digits.str.replace_all(",", "", literal=True))
    )
    # Letters or symbols between digits ("12abc34", "1e99") make it text, not an amount.
    value = pl.when(~text.str.contains(r"[0-9][^0-9,.\s'’\u00a0]+[0-9]")).then(
        normal.cast(pl.Float64, strict=False)
    )
    return pl.when(negative).then(-value).otherwise(value)


_CURRENCY_MARK = (
    r"(£|€|US\$|\$|₽|¥|\bZŁ\b|\bKČ\b|\bFT\b"
    r"|\b(?:EUR|GBP|USD|CHF|RUB|PLN|CZK|HUF|SEK|DKK|NOK|RON|BGN|JPY|CNY|TRY|UAH|AED|SAR)\b)"
)


def currency_from_amount(text: pl.Expr) -> pl.Expr:
    """The currency a symbol or code inside an amount's text names, else null."""
    mark = text.str.to_uppercase().str.extract(_CURRENCY_MARK, 1)
    return mark.replace({symbol.upper(): iso for symbol, iso in _SYMBOLS})


def parse_date(text: pl.Expr, date_order: str = "dmy") -> tuple[pl.Expr, pl.Expr]:
    """A date and its precision from ISO, dd/mm/yyyy, dd.mm.yyyy, mm/yyyy or a bare year.

    The formats are tried in turn on the first ten characters (a time after the date is
    ignored); each parse is strict, so a text only ever fits the format it is written in and
    an impossible date (31/02/2021) fits none.
    """
    t = text.str.strip_chars().str.slice(0, 10)
    slash = "%d/%m/%Y" if date_order == "dmy" else "%m/%d/%Y"
    # Every format needs a four-digit year: chrono would read "1/2/0" as the year 0.
    four_digit_year = t.str.contains(r"(^|\D)\d{4}(\D|$)")
    day = pl.when(four_digit_year).then(pl.coalesce(
        [t.str.to_date(f, strict=False) for f in ("%Y-%m-%d", slash, "%d.%m.%Y", "%d-%m-%Y")]
    ))
    short = t.str.contains(r"^\d{1,2}/\d{4}$|^\d{4}-\d{1,2}$")
    month = pl.when(short).then(
        pl.coalesce(
            (t + "-01").str.to_date("%Y-%m-%d", strict=False),
            ("01/" + t).str.to_date("%d/%m/%Y", strict=False),
        )
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
def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes (CLDR's list, through babel)."""
    from babel import Locale

    return frozenset(c for c in Locale("en").territories if len(c) == 2 and c.isalpha())


@cache
def country_names() -> dict[str, str]:
    """Country names in the EU's languages and Russian (CLDR via babel), codes and aliases,
    lower-cased, to ISO alpha-2."""
    from babel import Locale

    from finance_audit.data import load_data

    names: dict[str, str] = {}
    locales = ("en", "de", "fr", "nl", "it", "es", "pt", "pl", "sv", "da", "fi", "cs", "sk",
               "sl", "hu", "ro", "bg", "el", "hr", "lt", "lv", "et", "ga", "mt", "ru")
    for locale in locales:
        for code, name in Locale(locale).territories.items():
            if len(code) == 2 and code.isalpha():
                names.setdefault(name.lower(), code)
    for code in country_codes():
        names[code.lower()] = code
    for alias, code in load_data("country_aliases")["aliases"].items():
        names[str(alias).lower()] = code
    return names


def country_table(values: pl.Series) -> dict[str, str]:
    """The lookup `normalize_country` needs for these values: codes alone when they are all
    codes (most files), else every name in every language (built once, on demand)."""
    keys = values.drop_nulls().str.strip_chars().str.to_lowercase().unique()
    codes = {c.lower(): c for c in country_codes()}
    if keys.is_in(list(codes)).all():
        return codes
    return country_names()


def normalize_country(text: pl.Expr, table: dict[str, str] | None = None) -> pl.Expr:
    """ISO alpha-2 from a code or a country name; null where it cannot be told."""
    key = text.str.strip_chars().str.replace_all(r"\s+", " ").str.to_lowercase()
    return key.replace_strict(table or country_names(), default=None, return_dtype=pl.String)


def _vocabulary(text: pl.Expr, synonyms: dict[str, str]) -> pl.Expr:
    """A controlled value from free text: case, spaces, hyphens and underscores ignored."""
    key = text.str.strip_chars().str.to_lowercase().str.replace_all(r"[\s-]+", "_")
    table = {re.sub(r"[\s-]+", "_", k): v for k, v in synonyms.items()}
    return key.replace_strict(table, default=None, return_dtype=pl.String)


def _with_fast_paths(mapped: pl.DataFrame, options: CleanOptions) -> pl.DataFrame:
    """Parse amounts and dates written plainly (1234.5, 2021-03-01) with one cast, and run the
    many-format parsers only on the rows that need them: machine-written files are mostly
    plain, and the general parsers cost a dozen string passes each."""
    plain_amount = r"^-?[0-9]+(\.[0-9]+)?$"
    frame = mapped.with_columns(
        pl.when(pl.col("amount").str.contains(plain_amount))
        .then(pl.col("amount").cast(pl.Float64, strict=False))
        .alias("_amount"),
        pl.lit(None, pl.String).alias("_amount_currency"),
        pl.when(pl.col("date").str.contains(r"^\d{4}-\d{2}-\d{2}$"))
        .then(pl.col("date").str.to_date("%Y-%m-%d", strict=False)).alias("_date_parsed"),
        pl.when(pl.col("date").str.len_chars() == 10).then(pl.lit("day")).alias("_date_precision"),
    )
    messy_amount = pl.col("_amount").is_null() & pl.col("amount").is_not_null()
    messy_date = pl.col("_date_parsed").is_null() & pl.col("date").is_not_null()
    slow = frame.filter(messy_amount | messy_date)
    if slow.is_empty():
        return frame.with_columns(pl.col("_date_precision").cast(pl.String))
    value, precision = parse_date(pl.col("date"), options.date_order)
    fixed = slow.select(
        pl.col(ROW),
        pl.coalesce("_amount", parse_amount(pl.col("amount"), options.decimal)).alias("_amount"),
        currency_from_amount(pl.col("amount")).alias("_amount_currency"),
        pl.coalesce("_date_parsed", value).alias("_date_parsed"),
        pl.when(pl.col("_date_parsed").is_not_null()).then(pl.lit("day")).otherwise(precision)
        .alias("_date_precision"),
    )
    return frame.update(fixed, on=ROW, how="left", include_nulls=True)


def clean(mapped: pl.DataFrame, options: CleanOptions) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Typed flows and rejects (ROW, column, reason, raw) from mapped text columns."""
    today = options.today or dt.date.today()
    latest = today + dt.timedelta(days=365)
    c = pl.col
    title_year = (
        pl.lit(dt.date(options.title_year, 1, 1)) if options.title_year else pl.lit(None, pl.Date)
    )
    mapped = _with_fast_paths(mapped, options)
    end_value, _ = parse_date(c("end_date"), options.date_order)
    countries = country_table(
        pl.concat([mapped["jurisdiction"], mapped["counterparty_country"]])
    )
    jurisdiction = pl.coalesce(
        normalize_country(c("jurisdiction"), countries), pl.lit(options.jurisdiction, pl.String)
    )
    kind_text = pl.coalesce(c("kind"), pl.lit(options.kind, pl.String))
    kind = _vocabulary(kind_text, KIND_SYNONYMS)
    recipient_type_text = pl.coalesce(c("recipient_type"), pl.lit(options.recipient_type))
    counterparty_type_text = pl.coalesce(
        c("counterparty_type"), pl.lit(options.counterparty_type)
    )
    typed = mapped.lazy().with_columns(
        normalize_name(c("recipient")).alias("recipient"),
        normalize_name(c("counterparty")).alias("counterparty"),
        normalize_name(c("paid_by")).alias("paid_by"),
        normalize_name(c("assigned_to")).alias("assigned_to"),
        normalize_name(c("recipient_unit")).alias("recipient_unit"),
        normalize_name(c("description")).alias("description"),
        pl.coalesce(
            c("currency").str.strip_chars().str.to_uppercase(),
            c("_amount_currency"),
            pl.lit(options.currency),
        ).alias("_currency"),
        pl.coalesce(c("_date_parsed"), pl.when(c("date").is_null()).then(title_year))
        .alias("_date"),
        pl.coalesce(
            c("_date_precision"), pl.when(c("date").is_null() & title_year.is_not_null()).then(
                pl.lit("year"))
        ).alias("_date_precision"),
        end_value.alias("_end_date"),
        jurisdiction.alias("_jurisdiction"),
        kind.alias("_kind"),
        _vocabulary(recipient_type_text, {t: t for t in schema.RECIPIENT_TYPES})
        .alias("_recipient_type"),
        _vocabulary(counterparty_type_text, {t: t for t in schema.COUNTERPARTY_TYPES})
        .alias("_counterparty_type"),
        normalize_country(c("counterparty_country"), countries).alias("_counterparty_country"),
        parse_rate(c("interest_rate")).alias("_interest_rate"),
        parse_amount(c("market_value"), options.decimal).alias("_market_value"),
        _vocabulary(c("status"), STATUS_SYNONYMS).alias("_status"),
    )
    lenient = set(options.lenient)

    def bad_value(column: str, parsed: str, reason: str) -> tuple[pl.Expr, pl.Expr]:
        if column in lenient:
            return pl.lit(False), pl.lit(None, pl.String)
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
        _problem(c("jurisdiction").is_not_null()
                 & normalize_country(c("jurisdiction"), countries).is_null(),
                 "jurisdiction", pl.format("unknown country: {}", c("jurisdiction"))),
        bad_value("counterparty_country", "_counterparty_country", "unknown country: {}"),
        bad_value("interest_rate", "_interest_rate", "not an interest rate: {}"),
        bad_value("market_value", "_market_value", "not an amount: {}"),
        bad_value("status", "_status", "unknown loan status: {}"),
        _problem(~c("_currency").str.contains(r"^[A-Z]{3}$"), "currency",
                 pl.format("not a currency code: {}", c("_currency"))),
    ]
    # One lazy plan for all parsing and checks lets polars share repeated sub-expressions
    # (each column is parsed once however many checks read it) and use every core. Messages
    # are built only for the rows that fail, which are few.
    typed = typed.with_columns(
        pl.any_horizontal([condition for condition, _ in problems]).alias("_bad")
    ).collect()
    bad = c("_bad")
    messages = pl.concat_list(
        [pl.when(condition).then(message) for condition, message in problems]
    ).list.drop_nulls()
    rejects = typed.filter(bad).with_columns(messages.alias("_problems")).select(
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
