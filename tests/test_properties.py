"""Property tests: the cleaners never raise on any text, and do what they promise on any value."""

from __future__ import annotations

import datetime as dt

import polars as pl
from hypothesis import example, given, settings
from hypothesis import strategies as st

from finance_audit.ingest.clean import (
    normalize_company_id,
    normalize_name,
    parse_amount,
    parse_date,
)
from finance_audit.match.normalize import fold_token, normalize_names

texts = st.lists(st.text(max_size=40), min_size=1, max_size=30)


def column(values: list[str], expr) -> list:
    return pl.DataFrame({"v": values}, schema={"v": pl.String}).select(expr).to_series().to_list()


@settings(max_examples=200, deadline=None, derandomize=True)
@given(texts)
@example(["1/0", "1/2/0", "0-1-1"])  # found by hypothesis: chrono read them as the year 0
def test_cleaners_never_raise_on_any_text(values):
    v = pl.col("v")
    for decimal in (None, ",", "."):
        column(values, parse_amount(v, decimal))
    column(values, parse_date(v)[0])
    column(values, normalize_name(v))
    column(values, normalize_company_id(v, pl.lit("GB")))
    normalize_names(pl.Series(values, dtype=pl.String))


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.lists(st.integers(min_value=0, max_value=10**11), min_size=1, max_size=20),
       st.sampled_from(["{:,}.{:02d}", "{}.{:02d}", "£{:,}.{:02d}"]))
def test_amounts_written_with_thousands_separators_round_trip(cents_list, pattern):
    texts_ = [pattern.format(c // 100, c % 100) for c in cents_list]
    parsed = column(texts_, parse_amount(pl.col("v")))
    assert parsed == [c / 100 for c in cents_list]


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.lists(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
                min_size=1, max_size=20),
       st.sampled_from(["%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y"]))
def test_dates_round_trip_in_every_supported_format(dates, fmt):
    parsed = column([d.strftime(fmt) for d in dates], parse_date(pl.col("v"))[0])
    assert parsed == dates


@settings(max_examples=200, deadline=None, derandomize=True)
@given(texts)
def test_name_normalization_and_folding_are_idempotent(values):
    once = column(values, normalize_name(pl.col("v")))
    assert column(once, normalize_name(pl.col("v"))) == once
    for token in (t for value in values for t in value.lower().split() if t.isascii()):
        assert fold_token(fold_token(token)) == fold_token(fold_token(fold_token(token)))
