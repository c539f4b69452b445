"""Planted deals and routes: contracts with foreign state-owned or sanctioned companies,
prices far from market value, foreign money passed through associations, payers other than
the declared donor; with their lawful look-alikes."""

from __future__ import annotations

import numpy as np
import polars as pl

from finance_audit.synth import names, world
from finance_audit.synth.patterns_gifts import HOME, NON_EU, _dates, _span
from finance_audit.synth.patterns_loans import ANY_LENDER, _entity_rows
from finance_audit.synth.plant import Ctx, jurisdictions, leg, noisy, plain, shifted
from finance_audit.synth.registry import pick_by_country

TEXTS = ("Supply of diesel fuel", "Printing of campaign material", "Billboard rental",
         "Consultancy services", "Media services", "Event organisation")


def _abroad(ctx: Ctx, r: np.random.Generator, name: str, n: int, segment: str,
            allowed: tuple[str, ...] = HOME, where: pl.Expr | None = None
            ) -> tuple[pl.DataFrame, np.ndarray]:
    """n entities of a segment and, for each, a jurisdiction other than its country."""
    cond = pl.col("segment") == segment
    who = ctx.entities(name, n, cond if where is None else cond & where)
    jur = jurisdictions(r, n, allowed)
    home = who["country"].to_numpy()
    alt = np.array([next(j for j in allowed if j != h) for h in home], dtype=object)
    return who, np.where(jur == home, alt, jur)


def _contract(pattern: str, *, jur, who, eur, r, ctx, category, rule, role, expect,
              market=None) -> pl.DataFrame:
    n = len(jur)
    frame = leg(pattern, "contract", jur=jur, date=_dates(r, jur, {}), eur=eur, who=who,
                kind="contract", ctype="company", recipient=ctx.recipients(r, jur), r=r,
                category=category, rule=rule, role=role, expect=expect,
                description=pl.Series(np.asarray(TEXTS)[r.integers(0, len(TEXTS), n)]))
    if market is not None:
        frame = frame.with_columns((pl.col("amount") * pl.Series(market)).round(2)
                                   .alias("market_value"))
    return frame


def deals(ctx: Ctx) -> list[pl.DataFrame]:
    """FA302 contracts with foreign state-owned, state-held or sanctioned companies; FA303
    prices far below or above the market value; and the lawful cases."""
    out = []
    for name, segment, per, expect in (
            ("soe_contract", "soe", 200, "commercial-deal"),
            ("state_held_supplier", "state_owned", 100, "commercial-deal"),
            ("sanctioned_supplier", "sanctioned_company", 100, "sanctions;commercial-deal"),
            ("foreign_private_supplier", "foreign_company", 100, "")):
        r, n = ctx.r(name), ctx.count(per)
        who, jur = _abroad(ctx, r, name, n, segment)
        noise = noisy(who, r) if expect else plain(who)
        out.append(_contract(name, jur=jur, who=noise, r=r, ctx=ctx,
                             eur=_span(r, np.full(n, 10_000.0), np.full(n, 800_000.0)),
                             category="commercial-deal", rule="FA302",
                             role="flag" if expect else "decoy", expect=expect))
    r, n = ctx.r("domestic_soe_contract"), ctx.count(100)
    who = ctx.entities("domestic_soe_contract", n, (pl.col("segment") == "soe")
                       & pl.col("country").is_in(["HU", "AT", "IT", "FR"]))
    out.append(_contract("domestic_soe_contract", jur=who["country"].to_numpy().astype(object),
                         who=plain(who), r=r, ctx=ctx,
                         eur=_span(r, np.full(n, 10_000.0), np.full(n, 300_000.0)),
                         category="commercial-deal", rule="FA302", role="decoy", expect=""))
    for name, lo, hi, per, role in (("below_market", 0.3, 0.8, 150, "flag"),
                                    ("above_market", 1.2, 2.0, 100, "flag"),
                                    ("near_market", 0.95, 1.05, 100, "decoy")):
        r, n = ctx.r(name), ctx.count(per)
        jur = jurisdictions(r, n, HOME)
        who = _entity_rows(pick_by_country(ctx.cat, jur, r.random(n),
                                           (pl.col("segment") == "company")))
        out.append(_contract(name, jur=jur, who=noisy(who, r) if role == "flag" else plain(who),
                             r=r, ctx=ctx, eur=_span(r, np.full(n, 5_000.0),
                                                     np.full(n, 300_000.0)),
                             category="commercial-deal", rule="FA303", role=role,
                             expect="commercial-deal" if role == "flag" else "",
                             market=1 / r.uniform(lo, hi, n)))
    return out


def _via(ctx: Ctx, pattern: str, r: np.random.Generator, jur: np.ndarray, source: pl.DataFrame,
         wait: tuple[int, int], *, role: str, registered: bool = True,
         in_kind: np.ndarray | None = None) -> list[pl.DataFrame]:
    """Money into an association, and a comparable sum from it to a party `wait` days later."""
    n = len(jur)
    if registered:
        via = ctx.recipients(r, jur, "association", k_from=2, k_to=4)
    else:  # an association no registry knows, one per instance
        langs = np.array([world.LANG[j] for j in jur], dtype=object)
        via = pl.Series(np.empty(n, dtype=object))
        built = []
        for code in sorted(set(langs)):
            rows = np.flatnonzero(langs == code)
            idx = ctx.indexer.take("associations", code, len(rows))
            built.append(names.associations(code, idx).with_columns(pl.Series("_r", rows)))
        via = pl.concat(built).sort("_r")["name"]
    date = _dates(r, jur, {}, hi="2025-01-31")  # the money goes out up to 300 days later
    eur = _span(r, np.full(n, 20_000.0), np.full(n, 200_000.0))
    kind = in_kind if in_kind is not None else np.full(n, "transfer")
    first = [leg(pattern, "in", jur=jur, date=date, eur=eur, who=source,
                 kind="transfer", ctype="company", recipient=via, r=r, rtype="association",
                 category="pass-through", rule="FA501",
                 role="support" if role == "flag" else "decoy", expect="")
             .with_columns(pl.Series("kind", kind))]
    # the out flow names the association, sometimes in capitals; its noise column tells how
    # the source's name was written, the name the pattern turns on
    upper = r.random(n) < 0.15
    out_who = pl.DataFrame({"counterparty": via, "counterparty_country": jur.astype(str),
                            "noise": source["noise"], "entity_id": source["entity_id"]})
    out_who = out_who.with_columns(pl.when(pl.Series(upper))
                                   .then(pl.col("counterparty").str.to_uppercase())
                                   .otherwise(pl.col("counterparty")).alias("counterparty"))
    first.append(leg(pattern, "out", jur=jur, date=shifted(date, r.integers(*wait, n)),
                     eur=eur * r.uniform(0.6, 0.98, n), who=out_who, kind="transfer",
                     ctype="association", recipient=ctx.recipients(r, jur), r=r,
                     category="pass-through", rule="FA501", role=role,
                     expect="pass-through" if role == "flag" else "",
                     description="Contribution"))
    return first


def pass_through(ctx: Ctx) -> list[pl.DataFrame]:
    """FA501 foreign money (or money from a foreign-owned company) through an association to a
    party; FA502 a donor's gift paid by a foreign or foreign-owned company, or by a
    sanctioned one; and the lawful look-alikes."""
    out = []
    r, n = ctx.r("foreign_via_association"), ctx.count(250)
    # from outside the EU: German law lets EU-seated companies give
    who, jur = _abroad(ctx, r, "foreign_via_association", n, "foreign_company",
                       where=pl.col("country").is_in(list(NON_EU)))
    loan_in = np.isin(jur, ANY_LENDER) & (r.random(n) < 0.3)
    out += _via(ctx, "foreign_via_association", r, jur, noisy(who, r), (3, 80), role="flag",
                in_kind=np.where(loan_in, "loan", "transfer"))
    r, n = ctx.r("foreign_owned_via_association"), ctx.count(120)
    # not in Germany, where a company seated in the EU may give whoever owns it
    who = ctx.entities("foreign_owned_via_association", n, (pl.col("segment") == "foreign_owned")
                       & pl.col("country").is_in([j for j in HOME if j != "DE"]))
    out += _via(ctx, "foreign_owned_via_association", r,
                who["country"].to_numpy().astype(object),
                noisy(who, r, ("none", "case", "legal_form", "typo")), (3, 80), role="flag")
    r, n = ctx.r("domestic_via_association"), ctx.count(100)
    jur = jurisdictions(r, n, HOME)
    who = _entity_rows(pick_by_country(ctx.cat, jur, r.random(n), pl.col("segment") == "company"))
    out += _via(ctx, "domestic_via_association", r, jur, plain(who), (3, 60), role="decoy",
                registered=False)
    r, n = ctx.r("late_pass_on"), ctx.count(100)
    who, jur = _abroad(ctx, r, "late_pass_on", n, "foreign_company")
    out += _via(ctx, "late_pass_on", r, jur, plain(who), (120, 300), role="decoy",
                registered=False)
    for name, segment, per, expect in (
            ("foreign_payer", "foreign_company", 150, "pass-through"),
            ("offshore_payer", "holding", 100, "pass-through"),
            ("foreign_owned_payer", "foreign_owned", 100, "pass-through"),
            ("sanctioned_payer", "sanctioned_company", 100, "sanctions;pass-through")):
        r, n = ctx.r(name), ctx.count(per)
        payer, jur = _abroad(ctx, r, name, n, segment,
                             where=pl.col("country").is_in(list(HOME))
                             if segment == "foreign_owned" else None)
        if segment == "foreign_owned":
            jur = payer["country"].to_numpy().astype(object)
        paid = noisy(payer, r, ("none", "typo", "legal_form", "case", "translit"),
                     column="paid_by")
        donor = plain(ctx.people(jur))
        out.append(leg(name, "gift", jur=jur, date=_dates(r, jur, {}),
                       eur=_span(r, np.full(n, 500.0), np.full(n, 7_000.0)), who=donor,
                       kind="donation", ctype="individual", recipient=ctx.recipients(r, jur),
                       r=r, category="pass-through", rule="FA502", role="flag", expect=expect,
                       paid_by=paid["paid_by"])
                   .with_columns(paid["noise"].alias("noise"), payer["entity_id"]))
    r, n = ctx.r("payer_is_the_donor"), ctx.count(100)
    jur = jurisdictions(r, n, HOME)
    donor = plain(ctx.people(jur))
    out.append(leg("payer_is_the_donor", "gift", jur=jur, date=_dates(r, jur, {}),
                   eur=_span(r, np.full(n, 200.0), np.full(n, 5_000.0)), who=donor,
                   kind="donation", ctype="individual", recipient=ctx.recipients(r, jur), r=r,
                   category="pass-through", rule="FA502", role="decoy", expect="",
                   paid_by=donor["counterparty"].str.to_lowercase()))
    return out
