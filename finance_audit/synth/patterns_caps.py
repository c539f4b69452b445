"""Planted gifts over a cap, gifts from donors the law bars (companies where banned,
anonymous donors, donors the UK register marks impermissible, companies without a number),
and money from foreign non-profits and non-EU parties; with their lawful look-alikes."""

from __future__ import annotations

import numpy as np
import polars as pl

from finance_audit.synth import world
from finance_audit.synth.patterns_gifts import ANONYMOUS, HOME, NON_EU, _dates, _span
from finance_audit.synth.plant import Ctx, jurisdictions, law, leg, noisy, plain, shifted

# first year a cap held all year (Austria's came in July 2019)
CAP_SINCE = {"AT": "2019", "NL": "2023", "EU": "2017", "PL": "2025"}


def over_cap(ctx: Ctx) -> list[pl.DataFrame]:
    """FA602: one donor's gifts to one party in a calendar year pass the cap in force; the gift
    that takes the total over it is flagged."""
    r, n = ctx.r("over_cap"), ctx.count(300)
    jur = jurisdictions(r, n, ("FR", "AT", "IT", "NL", "EU", "PL"))
    since = np.array([int(CAP_SINCE.get(j, "2014")[:4]) + (j == "AT") for j in jur])
    year = since + (r.random(n) * (2026 - since)).astype(np.int64)
    first = world.iso((year - 1970).astype("datetime64[Y]").astype("datetime64[D]")
                      + r.integers(9, 100, n).astype("timedelta64[D]"))
    cap = law(pl.DataFrame({"jurisdiction": jur.astype(str), "date": first}), "donation_cap_eur")
    k = r.integers(1, 4, n)
    citizens = np.where(jur == "EU", np.asarray(world.EU_COUNTRIES[:7], dtype=object)[
        r.integers(0, 7, n)], jur)
    who = ctx.people(citizens)
    recipient = ctx.recipients(r, jur)
    legs, offset, total = [], np.zeros(n, dtype=np.int64), np.zeros(n)
    for i in range(3):
        share = np.where(k == 1, r.uniform(1.1, 1.7, n), r.uniform(0.56, 0.8, n))
        offset = offset + (r.integers(65, 91, n) if i else 0)
        crossing = (total <= cap) & (total + share * cap > cap)
        total = total + share * cap
        written = plain(who) if i == 0 else noisy(who, r, ("none", "reorder", "case"),
                                                  (0.6, 0.25, 0.15))
        role = np.where(crossing, "flag", "support")
        frame = leg("over_cap", f"g{i}", jur=jur, date=shifted(first, offset),
                    eur=share * cap * 0.999, who=written, kind="donation", ctype="individual",
                    recipient=recipient, r=r, category="donation-cap", rule="FA602",
                    role=pl.Series(role), expect=pl.Series(np.where(crossing, "donation-cap",
                                                                    "")))
        legs.append(frame.filter(pl.Series(k > i)))
    return legs


def cap_decoys(ctx: Ctx) -> list[pl.DataFrame]:
    """Gifts under the French cap split over two years; big gifts before a cap existed."""
    out = []
    r, n = ctx.r("cap_over_two_years"), ctx.count(100)
    jur = np.array(["FR"] * n, dtype=object)
    year = r.integers(2014, 2025, n)
    dec = (year - 1970).astype("datetime64[Y]").astype("datetime64[D]") + r.integers(
        340, 354, n).astype("timedelta64[D]")
    who = ctx.people(jur)
    recipient = ctx.recipients(r, jur)
    for i, day in enumerate((dec, dec + r.integers(25, 40, n).astype("timedelta64[D]"))):
        out.append(leg("cap_over_two_years", f"g{i}", jur=jur, date=world.iso(day),
                       eur=r.uniform(4_000, 7_000, n), who=plain(who), kind="donation",
                       ctype="individual", recipient=recipient, r=r, category="donation-cap",
                       rule="FA602", role="decoy", expect=""))
    r, n = ctx.r("gift_before_cap"), ctx.count(100)
    jur = jurisdictions(r, n, ("AT", "NL"))
    date = _dates(r, jur, {}, until={"AT": "2019-06-30", "NL": "2022-12-31"})
    eur = np.where(jur == "AT", r.uniform(9_000, 15_000, n), r.uniform(110_000, 200_000, n))
    out.append(leg("gift_before_cap", "gift", jur=jur, date=date, eur=eur,
                   who=plain(ctx.people(jur)), kind="donation", ctype="individual",
                   recipient=ctx.recipients(r, jur), r=r, category="donation-cap",
                   rule="FA602", role="decoy", expect=""))
    return out


def donor_types(ctx: Ctx) -> list[pl.DataFrame]:
    """FA703 company gifts where banned, FA702 anonymous gifts above the limit, FA701 a UK
    company gift without its number, FA401 gifts the UK register marks impermissible."""
    out = []
    r, n = ctx.r("company_where_banned"), ctx.count(250)
    who = ctx.entities("company_where_banned", n, (pl.col("segment") == "company")
                       & pl.col("country").is_in(["FR", "HU", "PL"])
                       & (pl.col("status") != "dissolved").fill_null(True))
    jur = who["country"].to_numpy().astype(object)
    out.append(leg("company_where_banned", "gift", jur=jur,
                   date=_dates(r, jur, {"HU": "2018-01-01"}),
                   eur=_span(r, np.full(n, 500.0), np.full(n, 7_000.0)), who=noisy(who, r),
                   kind="donation", ctype="company", recipient=ctx.recipients(r, jur), r=r,
                   category="donor-type", rule="FA703", role="flag", expect="donor-type"))
    r, n = ctx.r("anonymous_gift"), ctx.count(250)
    jur = jurisdictions(r, n, (*HOME, "EU"))
    date = _dates(r, jur, {"IT": "2019-03-01", "EU": "2017-01-01"})
    probe = pl.DataFrame({"jurisdiction": jur.astype(str), "date": date})
    limit = law(probe, "anonymous_donation_limit_eur")
    half = law(probe, "publication_threshold_eur") * 0.48
    lo = limit * 1.05 + 15
    hi = np.where(np.isnan(half), limit + 300, np.where(half > lo + 20, half, limit + 2_500))
    names = np.array([ANONYMOUS[j][i % len(ANONYMOUS[j])] for i, j in enumerate(jur)])
    who = pl.DataFrame({"counterparty": names, "counterparty_country": [None] * n,
                        "noise": ["none"] * n, "entity_id": [None] * n},
                       schema_overrides={"counterparty_country": pl.String,
                                         "entity_id": pl.String})
    out.append(leg("anonymous_gift", "gift", jur=jur, date=date, eur=_span(r, lo, hi), who=who,
                   kind="donation", ctype="unknown", recipient=ctx.recipients(r, jur), r=r,
                   category="donor-type", rule="FA702", role="flag", expect="donor-type"))
    r, n = ctx.r("gb_company_without_number"), ctx.count(150)
    jur = np.array(["GB"] * n, dtype=object)
    who = ctx.entities("gb_company_without_number", n, (pl.col("segment") == "company")
                       & (pl.col("country") == "GB"))
    out.append(leg("gb_company_without_number", "gift", jur=jur, date=_dates(r, jur, {}),
                   eur=_span(r, np.full(n, 1_500.0), np.full(n, 20_000.0)),
                   who=noisy(who, r, ("none", "typo", "legal_form", "case")), kind="donation",
                   ctype="company", recipient=ctx.recipients(r, jur), r=r,
                   category="donor-type", rule="FA701", role="flag", expect="donor-type",
                   DonorStatus="Company"))
    r, n = ctx.r("impermissible_donor"), ctx.count(150)
    jur = np.array(["GB"] * n, dtype=object)
    action = np.asarray(["Forfeited", "Returned", None], dtype=object)[r.integers(0, 3, n)]
    out.append(leg("impermissible_donor", "gift", jur=jur, date=_dates(r, jur, {}),
                   eur=_span(r, np.full(n, 800.0), np.full(n, 20_000.0)),
                   who=plain(ctx.people(jur)), kind="donation", ctype="individual",
                   recipient=ctx.recipients(r, jur), r=r, category="donor-type", rule="FA401",
                   role="flag", expect="donor-type", DonorStatus="Impermissible Donor",
                   DonationAction=pl.Series(action.tolist(), dtype=pl.String)))
    out += _donor_type_decoys(ctx)
    return out


def _donor_type_decoys(ctx: Ctx) -> list[pl.DataFrame]:
    """A small anonymous gift in Germany; a French société anonyme giving to a German party."""
    r, n = ctx.r("small_anonymous_gift"), ctx.count(100)
    jur = np.array(["DE"] * n, dtype=object)
    who = pl.DataFrame({"counterparty": ["Anonym"] * n, "counterparty_country": [None] * n,
                        "noise": ["none"] * n, "entity_id": [None] * n},
                       schema_overrides={"counterparty_country": pl.String,
                                         "entity_id": pl.String})
    out = [leg("small_anonymous_gift", "gift", jur=jur, date=_dates(r, jur, {}),
               eur=_span(r, np.full(n, 50.0), np.full(n, 450.0)), who=who, kind="donation",
               ctype="unknown", recipient=ctx.recipients(r, jur), r=r, category="donor-type",
               rule="FA702", role="decoy", expect="")]
    r, n = ctx.r("societe_anonyme_donor"), ctx.count(100)
    jur = np.array(["DE"] * n, dtype=object)
    firms = ctx.entities("societe_anonyme_donor", n, (pl.col("segment") == "company")
                         & (pl.col("country") == "FR"))
    who = firms.with_columns(pl.format("{} Société Anonyme", pl.col("core")).alias("name"))
    out.append(leg("societe_anonyme_donor", "gift", jur=jur, date=_dates(r, jur, {}),
                   eur=_span(r, np.full(n, 1_500.0), np.full(n, 9_000.0)), who=plain(who),
                   kind="donation", ctype="company", recipient=ctx.recipients(r, jur), r=r,
                   category="donor-type", rule="FA702", role="decoy", expect=""))
    return out


def nonprofits(ctx: Ctx) -> list[pl.DataFrame]:
    """FA801 grants and gifts from foreign non-profits; FA802 contributions from parties
    outside the EU to European parties; and their lawful look-alikes."""
    out = []
    r, n = ctx.r("foreign_ngo_grant"), ctx.count(200)
    jur = jurisdictions(r, n, HOME)
    who = ctx.entities("foreign_ngo_grant", n, (pl.col("segment") == "nonprofit")
                       & pl.col("country").is_in(NON_EU))
    jur = np.where(jur == who["country"].to_numpy(), "DE", jur)
    out.append(leg("foreign_ngo_grant", "grant", jur=jur, date=_dates(r, jur, {}),
                   eur=_span(r, np.full(n, 10_000.0), np.full(n, 300_000.0)),
                   who=noisy(who, r, ("none", "typo", "translit", "case")), kind="transfer",
                   ctype=pl.Series(np.where(r.random(n) < 0.7, "association", "trust")),
                   recipient=ctx.recipients(r, jur, "association", k_from=2, k_to=4), r=r,
                   rtype="association", category="foreign-nonprofit", rule="FA801",
                   role="flag", expect="foreign-nonprofit"))
    r, n = ctx.r("foreign_ngo_gift"), ctx.count(150)
    jur = jurisdictions(r, n, ("NL", "DE"))
    who = ctx.entities("foreign_ngo_gift", n, (pl.col("segment") == "nonprofit")
                       & pl.col("country").is_in(NON_EU))
    date = _dates(r, jur, {}, until={"NL": "2022-12-31"})
    eur = np.where(jur == "NL", r.uniform(5_000, 90_000, n), r.uniform(2_000, 50_000, n))
    out.append(leg("foreign_ngo_gift", "gift", jur=jur, date=date, eur=eur,
                   who=noisy(who, r, ("none", "typo", "translit", "case")), kind="donation",
                   ctype="association", recipient=ctx.recipients(r, jur), r=r,
                   category="foreign-nonprofit", rule="FA801", role="flag",
                   expect=pl.Series(np.where(jur == "DE", "foreign-nonprofit;foreign-donation",
                                             "foreign-nonprofit"))))
    r, n = ctx.r("non_eu_party"), ctx.count(150)
    jur = np.array(["EU"] * n, dtype=object)
    who = ctx.entities("non_eu_party", n, (pl.col("segment") == "party")
                       & pl.col("country").is_in(["TR", "RS", "UA", "CH", "GB"]))
    brexit = np.datetime64("2020-02-01")
    date = world.iso(np.where(who["country"].to_numpy() == "GB",
                              brexit + r.integers(0, 2000, n).astype("timedelta64[D]"),
                              np.datetime64("2017-01-01")
                              + r.integers(0, 3200, n).astype("timedelta64[D]")))
    out.append(leg("non_eu_party", "gift", jur=jur, date=date,
                   eur=_span(r, np.full(n, 1_600.0), np.full(n, 4_400.0)),
                   who=noisy(who, r, ("none", "case", "translit")), kind="donation",
                   ctype="party", recipient=ctx.recipients(r, jur), r=r,
                   category="foreign-nonprofit", rule="FA802", role="flag",
                   expect="foreign-nonprofit;foreign-donation"))
    # decoys: a British party before Brexit; an EU foundation giving to a German party
    r, n = ctx.r("gb_party_before_brexit"), ctx.count(100)
    jur = np.array(["EU"] * n, dtype=object)
    who = ctx.entities("gb_party_before_brexit", n, (pl.col("segment") == "party")
                       & (pl.col("country") == "GB"))
    out.append(leg("gb_party_before_brexit", "gift", jur=jur,
                   date=_dates(r, jur, {"EU": "2017-01-01"}, until={"EU": "2019-12-31"}),
                   eur=_span(r, np.full(n, 1_600.0), np.full(n, 4_400.0)), who=plain(who),
                   kind="donation", ctype="party", recipient=ctx.recipients(r, jur), r=r,
                   category="foreign-nonprofit", rule="FA802", role="decoy", expect=""))
    r, n = ctx.r("eu_foundation_gift"), ctx.count(100)
    jur = np.array(["DE"] * n, dtype=object)
    who = ctx.entities("eu_foundation_gift", n, (pl.col("segment") == "assoc")
                       & pl.col("country").is_in(["FR", "NL", "IT", "AT", "PL"]))
    out.append(leg("eu_foundation_gift", "gift", jur=jur, date=_dates(r, jur, {}),
                   eur=_span(r, np.full(n, 2_000.0), np.full(n, 9_000.0)), who=plain(who),
                   kind="donation", ctype="trust", recipient=ctx.recipients(r, jur), r=r,
                   category="foreign-nonprofit", rule="FA801", role="decoy", expect=""))
    return out
