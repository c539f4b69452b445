"""The synthetic world's fixed facts: jurisdictions, currencies, languages, elections, and the
law and exchange rates a filer would know (read from the rule pack's jurisdiction profiles and
the ECB history the tool ships), as whole-column lookups.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache

import numpy as np
import polars as pl

# jurisdictions whose filings are generated, with their share of the flows; EU = European
# political parties and foundations (Reg. 1141/2014)
JURISDICTIONS = {"GB": 0.19, "DE": 0.19, "FR": 0.12, "AT": 0.07, "NL": 0.10, "IT": 0.13,
                 "HU": 0.07, "PL": 0.10, "EU": 0.03}
CURRENCY = {"GB": "GBP", "HU": "HUF", "PL": "PLN"}  # the rest file in EUR
LANG = {
    "GB": "en", "US": "en", "IE": "en", "IM": "en", "JE": "en", "VG": "en", "MT": "en",
    "DE": "de", "AT": "de", "CH": "de", "LI": "de", "FR": "fr", "BE": "fr", "LU": "fr",
    "MC": "fr", "NL": "nl", "IT": "it", "HU": "hu", "PL": "pl", "RU": "ru", "BY": "ru",
    "KZ": "ru", "UA": "ru", "RS": "ru", "GE": "ru", "GR": "el", "CY": "el", "TR": "tr",
    "CN": "zh", "AE": "ar", "SA": "ar", "IR": "ar", "SY": "ar", "QA": "ar", "VE": "es",
    "ES": "es", "EU": "en",
}
# the language a European party's or foundation's filings are written in
STATE_NAMES = {
    "GB": "United Kingdom Government", "US": "United States Government",
    "DE": "Bundesrepublik Deutschland", "AT": "Republik Österreich", "CH": "Schweizerische "
    "Eidgenossenschaft", "FR": "République française", "NL": "Staat der Nederlanden",
    "IT": "Repubblica Italiana", "HU": "Hungarian State", "PL": "Skarb Państwa",
    "RU": "Russian Federation", "BY": "Republic of Belarus", "KZ": "Republic of Kazakhstan",
    "UA": "Ukraine", "RS": "Republic of Serbia", "GR": "Hellenic Republic",
    "CY": "Republic of Cyprus", "TR": "Republic of Türkiye", "CN": "People's Republic of China",
    "AE": "Government of the United Arab Emirates", "SA": "Kingdom of Saudi Arabia",
    "IR": "Islamic Republic of Iran", "SY": "Syrian Arab Republic", "QA": "State of Qatar",
    "VE": "Bolivarian Republic of Venezuela", "ES": "Reino de España",
    "LU": "Grand-Duché de Luxembourg", "BE": "Royaume de Belgique",
}
YEARS = (2014, 2025)
ELECTIONS = {
    "GB": ("2015-05-07", "2016-06-23", "2017-06-08", "2019-12-12", "2024-07-04"),
    "DE": ("2017-09-24", "2021-09-26", "2025-02-23"),
    "FR": ("2017-04-23", "2017-06-11", "2022-04-10", "2024-06-30"),
    "AT": ("2017-10-15", "2019-09-29", "2024-09-29"),
    "NL": ("2017-03-15", "2021-03-17", "2023-11-22", "2025-10-29"),
    "IT": ("2018-03-04", "2022-09-25"),
    "HU": ("2014-04-06", "2018-04-08", "2022-04-03"),
    "PL": ("2015-10-25", "2019-10-13", "2023-10-15"),
    "EU": ("2014-05-25", "2019-05-26", "2024-06-09"),
}
EU_COUNTRIES = ("DE", "FR", "AT", "NL", "IT", "HU", "PL", "BE", "LU", "ES", "GR", "CY", "MT")
NON_EU = ("US", "CH", "RU", "CN", "TR", "AE", "UA", "KZ", "RS", "SA")
SANCTIONED = ("RU", "BY", "IR", "SY", "VE")
OFFSHORE = ("CY", "IM", "VG", "JE", "MT", "LU", "AE", "CH")
SOE_COUNTRIES = ("RU", "CN", "AE", "KZ", "TR", "SA", "QA", "HU", "AT", "IT", "FR")
NON_EEA_BANKS = ("RU", "CH", "TR", "AE", "CN", "KZ", "US", "RS", "UA")


@dataclass(frozen=True)
class Rng:
    """Independent random streams by name: adding a stream never changes another's numbers."""

    seed: int

    def __call__(self, *name: str) -> np.random.Generator:
        digest = hashlib.blake2b("/".join(name).encode("utf-8"), digest_size=8).digest()
        return np.random.default_rng([self.seed, int.from_bytes(digest, "little")])


def choice(rng: np.random.Generator, values: tuple | list, n: int,
           weights: tuple | list | None = None) -> np.ndarray:
    """n values drawn with replacement (as an object array; polars turns it into text)."""
    p = None if weights is None else np.asarray(weights, float) / np.sum(weights)
    return np.asarray(values, dtype=object)[rng.choice(len(values), size=n, p=p)]


def dates(rng: np.random.Generator, jurisdictions: np.ndarray,
          lo: str = "2014-01-01", hi: str = "2025-12-31", peak: float = 0.35) -> np.ndarray:
    """Days (numpy datetime64) with a share `peak` in the 90 days before an election."""
    n = len(jurisdictions)
    start, end = np.datetime64(lo), np.datetime64(hi)
    span = int((end - start).astype(int)) + 1
    out = start + rng.integers(0, span, n).astype("timedelta64[D]")
    near = rng.random(n) < peak
    u = rng.random(n)
    for code, days in ELECTIONS.items():
        mask = near & (jurisdictions == code)
        elections = np.array(days, dtype="datetime64[D]")
        elections = elections[(elections >= start) & (elections <= end)]
        if mask.any() and len(elections):
            picked = elections[rng.integers(0, len(elections), int(mask.sum()))]
            before = np.floor(90 * u[mask] ** 2).astype("timedelta64[D]")
            out[mask] = np.maximum(picked - before, start)
    return out


def currency(jurisdiction: pl.Expr) -> pl.Expr:
    return jurisdiction.replace_strict(CURRENCY, default="EUR")


@cache
def law_provisions() -> pl.DataFrame:
    """The rule pack's dated provisions (numbers and words) as one table."""
    from finance_audit.engine.law import load_jurisdictions
    from finance_audit.engine.rules import default_rules_dir

    return load_jurisdictions(default_rules_dir() / "jurisdictions").provisions


def law_value(frame: pl.DataFrame, key: str, *, text: bool = False,
              date: str = "date") -> pl.Series:
    """The value of a provision in force for each row's jurisdiction and date (null where the
    law says nothing on that date)."""
    rows = frame.select(pl.col("jurisdiction"), pl.col(date).alias("_d")).with_row_index("_i")
    law = law_provisions().filter(pl.col("key") == key).select(
        "jurisdiction", "valid_from", "valid_to",
        pl.col("value_text" if text else "value_num").alias("_v")).sort("valid_from")
    hit = rows.sort("_d").join_asof(law, left_on="_d", right_on="valid_from",
                                    by="jurisdiction", strategy="backward",
                                    check_sortedness=False)
    hit = hit.with_columns(pl.when(pl.col("valid_to").is_null() | (pl.col("_d") <= pl.col(
        "valid_to"))).then(pl.col("_v")).alias("_v")).sort("_i")
    return hit["_v"]


@cache
def _rates(code: str) -> tuple[np.ndarray, np.ndarray]:
    """The ECB history of one currency: (days, units per EUR), by date."""
    from finance_audit.ingest.fx import ecb_rates

    rows = ecb_rates().filter(pl.col("currency") == code).sort("date")
    return rows["date"].to_numpy().astype("datetime64[D]"), rows["rate"].to_numpy()


def fx_rate(frame: pl.DataFrame, date: str = "date") -> pl.Series:
    """Units of each row's currency per EUR on its date, as the importer converts it (the
    rate of the day or of the nearest earlier business day within a week; EUR is 1)."""
    currencies = frame["currency"].to_numpy()
    days = frame[date].to_numpy().astype("datetime64[D]")
    out = np.full(len(days), np.nan)
    for code in set(currencies):
        mask = currencies == code
        if code == "EUR":
            out[mask] = 1.0
            continue
        known, rate = _rates(code)
        at = np.searchsorted(known, days[mask], side="right") - 1
        fresh = (at >= 0) & (days[mask] - known[np.maximum(at, 0)] <= np.timedelta64(7, "D"))
        out[mask] = np.where(fresh, rate[np.maximum(at, 0)], np.nan)
    return pl.Series("fx_rate", out).fill_nan(None)


def iso(days: np.ndarray) -> pl.Series:
    return pl.Series(days.astype("datetime64[D]")).cast(pl.Date)

