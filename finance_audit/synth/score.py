"""Precision and recall of a run's flags against a synthetic truth file.

A flag is about its first flow (`flow_ids[0]`, the flow the rule flagged). For each category,
the flagged set is the flows with at least one flag of that category at severity low or
above; the expected set is the flows whose truth row lists the category in `expect`.
Precision is |flagged and expected| / |flagged|, recall |flagged and expected| / |expected|,
per category and over all (flow, category) pairs. Info flags (FA701 where no filing in the
jurisdiction records company numbers) say the filing format lacks a column, not that a flow
is suspect, so they are left out of both.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

COUNTED = ("high", "medium", "low")


@dataclass(frozen=True)
class Score:
    """Per-category and overall figures, and the flags that were not expected."""

    by_category: pl.DataFrame  # category, expected, flagged, found, precision, recall
    overall: dict[str, float]
    false_positives: pl.DataFrame  # flow_id, category, rules, role (null: background)
    missed: pl.DataFrame  # truth rows of expected (flow, category) pairs not flagged
    by_noise: pl.DataFrame  # noise, expected, found, recall: how filer noise costs recall


def expected_pairs(truth: pl.DataFrame) -> pl.DataFrame:
    return (truth.select("flow_id", pl.col("expect").fill_null("").str.split(";")
                         .alias("category"))
            .explode("category").filter(pl.col("category") != "").unique())


def flagged_pairs(flags: pl.DataFrame) -> pl.DataFrame:
    return (flags.filter(pl.col("severity").is_in(COUNTED))
            .select(pl.col("flow_ids").list.first().alias("flow_id"), "category", "rule")
            .group_by("flow_id", "category").agg(pl.col("rule").unique().sort()
                                                 .str.join(",").alias("rules")))


def score(flags: pl.DataFrame, truth: pl.DataFrame) -> Score:
    """Compare flags (the flag contract) with truth.csv's rows."""
    expected = expected_pairs(truth).with_columns(pl.lit(True).alias("expected"))
    flagged = flagged_pairs(flags).with_columns(pl.lit(True).alias("flagged"))
    pairs = expected.join(flagged, on=["flow_id", "category"], how="full", coalesce=True)
    pairs = pairs.with_columns(pl.col("expected").fill_null(False),
                               pl.col("flagged").fill_null(False))
    by = pairs.group_by("category").agg(
        pl.col("expected").sum().alias("expected"), pl.col("flagged").sum().alias("flagged"),
        (pl.col("expected") & pl.col("flagged")).sum().alias("found"),
    ).with_columns(
        (pl.col("found") / pl.col("flagged")).alias("precision"),
        (pl.col("found") / pl.col("expected")).alias("recall"),
    ).sort("category")
    found = int(by["found"].sum())
    overall = {"expected": int(by["expected"].sum()), "flagged": int(by["flagged"].sum()),
               "found": found,
               "precision": found / max(int(by["flagged"].sum()), 1),
               "recall": found / max(int(by["expected"].sum()), 1)}
    roles = truth.select("flow_id", "pattern", "role").unique("flow_id")
    false_pos = pairs.filter(pl.col("flagged") & ~pl.col("expected")).join(
        roles, on="flow_id", how="left").select("flow_id", "category", "rules", "pattern",
                                                 "role").sort("category", "flow_id")
    missed = pairs.filter(pl.col("expected") & ~pl.col("flagged")).select(
        "flow_id", "category").join(truth, on="flow_id", how="left").sort("category", "flow_id")
    by_noise = pairs.filter(pl.col("expected")).join(
        truth.select("flow_id", "noise").unique("flow_id"), on="flow_id", how="left"
    ).group_by("noise").agg(pl.len().alias("expected"), pl.col("flagged").sum().alias("found")
                            ).with_columns((pl.col("found") / pl.col("expected"))
                                           .alias("recall")).sort("noise")
    return Score(by, overall, false_pos, missed, by_noise)
