"""Planted loans: foreign banks, lenders the law does not permit, claims assigned to
non-banks, lenders that lost their licence or were dissolved, non-commercial terms, loans
extended again and again; with their lawful look-alikes."""

from __future__ import annotations

import numpy as np
import polars as pl

from finance_audit.synth import world
from finance_audit.synth.patterns_gifts import _dates, _span
from finance_audit.synth.plant import (
    Ctx,
    jurisdictions,
    leg,
    months_after,
    noisy,
    plain,
    shifted,
)
from finance_audit.synth.registry import pick_by_country

ANY_LENDER = ("DE", "AT", "NL", "IT", "HU")  # loans_from: any
BANK_NOISE = ("none", "typo", "translit", "case", "no_country")


def _bank(ctx: Ctx, r: np.random.Generator, jur: np.ndarray, segment: str = "bank",
          where: pl.Expr | None = None) -> pl.DataFrame:
    cond = pl.col("segment") == segment
    return pick_by_country(ctx.cat, jur, r.random(len(jur)), cond if where is None
                           else cond & where)


def _entity_rows(picked: pl.DataFrame) -> pl.DataFrame:
    return picked.select("entity_id", "name", "native", "alt", "core", "form", "given",
                         "family", "kind", "country", "lang")


def loan(pattern: str, *, jur, date, eur, who, ctype, recipient, r, category, rule, role,
         expect, rate=None, term=None, end=None, name: str = "loan", **extra) -> pl.DataFrame:
    """A loan leg: commercial terms unless told otherwise."""
    n = len(jur)
    rate = np.round(r.uniform(2.0, 6.0, n), 2) if rate is None else rate
    end = months_after(date, r.integers(12, 45, n) if term is None else term) if end is None \
        else end
    return leg(pattern, name, jur=jur, date=date, eur=eur, who=who, kind="loan", ctype=ctype,
               recipient=recipient, r=r, category=category, rule=rule, role=role,
               expect=expect, interest_rate=pl.Series(rate, dtype=pl.Float64), end_date=end,
               status=extra.pop("status", "outstanding"), **extra)


def foreign_loans(ctx: Ctx) -> list[pl.DataFrame]:
    """FA201: a loan from a bank outside the EU/EEA (medium) or in another member state (low)."""
    out = []
    r, n = ctx.r("foreign_bank_loan"), ctx.count(250)
    jur = jurisdictions(r, n, ANY_LENDER)
    who = ctx.entities("foreign_bank_loan", n, pl.col("segment") == "bank_foreign")
    out.append(loan("foreign_bank_loan", jur=jur, date=_dates(r, jur, {}, hi="2025-06-30"),
                    eur=_span(r, np.full(n, 200_000.0), np.full(n, 5_000_000.0)),
                    who=noisy(who, r, BANK_NOISE), ctype="bank",
                    recipient=ctx.recipients(r, jur), r=r, category="foreign-loan",
                    rule="FA201", role="flag", expect="foreign-loan"))
    r, n = ctx.r("eea_bank_loan"), ctx.count(150)
    jur = jurisdictions(r, n, ("FR", "DE", "IT", "NL"))
    abroad = np.array([{"FR": "DE", "DE": "AT", "IT": "FR", "NL": "BE"}[j] for j in jur],
                      dtype=object)
    abroad = np.where(r.random(n) < 0.5, abroad, np.where(jur == "DE", "LU", "AT"))
    who = _entity_rows(_bank(ctx, r, abroad))
    out.append(loan("eea_bank_loan", jur=jur, date=_dates(r, jur, {"FR": "2018-01-01"},
                                                          hi="2025-06-30"),
                    eur=_span(r, np.full(n, 100_000.0), np.full(n, 3_000_000.0)),
                    who=noisy(who, r, BANK_NOISE), ctype="bank",
                    recipient=ctx.recipients(r, jur), r=r, category="foreign-loan",
                    rule="FA201", role="flag", expect="foreign-loan"))
    r, n = ctx.r("domestic_bank_no_country"), ctx.count(100)
    jur = jurisdictions(r, n, ANY_LENDER)
    who = _entity_rows(_bank(ctx, r, jur))
    out.append(loan("domestic_bank_no_country", jur=jur, date=_dates(r, jur, {}, hi="2025-06-30"),
                    eur=_span(r, np.full(n, 50_000.0), np.full(n, 900_000.0)),
                    who=noisy(who, r, ("no_country",)), ctype="bank",
                    recipient=ctx.recipients(r, jur), r=r, category="foreign-loan",
                    rule="FA201", role="decoy", expect=""))
    return out


def lenders_not_permitted(ctx: Ctx) -> list[pl.DataFrame]:
    """FA202: French loans from companies, banks outside the EEA or people for over five years
    (from 2018); Polish loans from people; British loans from abroad."""
    out = []
    r, n = ctx.r("fr_company_lender"), ctx.count(120)
    jur = np.array(["FR"] * n, dtype=object)
    who = ctx.entities("fr_company_lender", n, (pl.col("segment") == "company")
                       & (pl.col("country") == "FR")
                       & (pl.col("status") != "dissolved").fill_null(True))
    out.append(loan("fr_company_lender", jur=jur, date=_dates(r, jur, {"FR": "2018-01-01"},
                                                              hi="2025-06-30"),
                    eur=_span(r, np.full(n, 10_000.0), np.full(n, 45_000.0)), who=noisy(who, r),
                    ctype="company", recipient=ctx.recipients(r, jur), r=r,
                    category="lender-not-permitted", rule="FA202", role="flag",
                    expect="lender-not-permitted"))
    r, n = ctx.r("pl_person_lender"), ctx.count(120)
    jur = np.array(["PL"] * n, dtype=object)
    out.append(loan("pl_person_lender", jur=jur, date=_dates(r, jur, {}, hi="2025-06-30"),
                    eur=_span(r, np.full(n, 5_000.0), np.full(n, 40_000.0)),
                    who=noisy(ctx.people(jur), r), ctype="individual",
                    recipient=ctx.recipients(r, jur), r=r, category="lender-not-permitted",
                    rule="FA202", role="flag", expect="lender-not-permitted",
                    rate=np.round(r.uniform(0, 5, n), 2)))
    r, n = ctx.r("gb_foreign_lender"), ctx.count(120)
    jur = np.array(["GB"] * n, dtype=object)
    who = ctx.entities("gb_foreign_lender", n, (pl.col("segment") == "foreign_company")
                       & (pl.col("country") != "GB"))
    out.append(loan("gb_foreign_lender", jur=jur, date=_dates(r, jur, {}, hi="2025-06-30"),
                    eur=_span(r, np.full(n, 10_000.0), np.full(n, 40_000.0)),
                    who=noisy(who, r), ctype="company", recipient=ctx.recipients(r, jur), r=r,
                    category="lender-not-permitted", rule="FA202", role="flag",
                    expect="lender-not-permitted"))
    r, n = ctx.r("fr_foreign_bank_lender"), ctx.count(100)
    jur = np.array(["FR"] * n, dtype=object)
    who = ctx.entities("fr_foreign_bank_lender", n, pl.col("segment") == "bank_foreign")
    out.append(loan("fr_foreign_bank_lender", jur=jur,
                    date=_dates(r, jur, {"FR": "2018-01-01"}, hi="2025-06-30"),
                    eur=_span(r, np.full(n, 100_000.0), np.full(n, 3_000_000.0)),
                    who=noisy(who, r, ("none", "typo", "translit", "case")), ctype="bank",
                    recipient=ctx.recipients(r, jur), r=r, category="lender-not-permitted",
                    rule="FA202", role="flag", expect="lender-not-permitted;foreign-loan"))
    r, n = ctx.r("fr_person_long_loan"), ctx.count(100)
    jur = np.array(["FR"] * n, dtype=object)
    out.append(loan("fr_person_long_loan", jur=jur,
                    date=_dates(r, jur, {"FR": "2018-01-01"}, hi="2025-06-30"),
                    eur=_span(r, np.full(n, 5_000.0), np.full(n, 45_000.0)),
                    who=noisy(ctx.people(jur), r), ctype="individual",
                    recipient=ctx.recipients(r, jur), r=r, category="lender-not-permitted",
                    rule="FA202", role="flag", expect="lender-not-permitted",
                    term=r.integers(62, 97, n)))
    # decoys: a French company loan before 2018; a UK individual's loan
    r, n = ctx.r("fr_company_loan_before_2018"), ctx.count(100)
    jur = np.array(["FR"] * n, dtype=object)
    who = ctx.entities("fr_company_loan_before_2018", n, (pl.col("segment") == "company")
                       & (pl.col("country") == "FR")
                       & (pl.col("status") != "dissolved").fill_null(True))
    out.append(loan("fr_company_loan_before_2018", jur=jur,
                    date=_dates(r, jur, {}, hi="2017-08-31"),
                    eur=_span(r, np.full(n, 10_000.0), np.full(n, 45_000.0)), who=plain(who),
                    ctype="company", recipient=ctx.recipients(r, jur), r=r,
                    category="lender-not-permitted", rule="FA202", role="decoy", expect=""))
    r, n = ctx.r("gb_uk_individual_lender"), ctx.count(100)
    jur = np.array(["GB"] * n, dtype=object)
    out.append(loan("gb_uk_individual_lender", jur=jur, date=_dates(r, jur, {}, hi="2025-06-30"),
                    eur=_span(r, np.full(n, 5_000.0), np.full(n, 38_000.0)),
                    who=plain(ctx.people(jur)), ctype="individual",
                    recipient=ctx.recipients(r, jur), r=r, category="lender-not-permitted",
                    rule="FA202", role="decoy", expect=""))
    return out


def _with_loan(ctx: Ctx, pattern: str, r: np.random.Generator, jur: np.ndarray,
               lender: pl.DataFrame, changes: list[dict], category: str, rule: str,
               loan_role: str = "support") -> list[pl.DataFrame]:
    """A bank loan on commercial terms and changes to it. A change gives its leg `name`,
    `after` (days after the loan), `who` (the creditor as filed), optionally `extend` (months
    past the loan's end date), and the flow's other columns."""
    n = len(jur)
    date = _dates(r, jur, {}, hi="2022-12-31")
    eur = _span(r, np.full(n, 100_000.0), np.full(n, 2_000_000.0))
    base = loan(pattern, jur=jur, date=date, eur=eur, who=lender, ctype="bank",
                recipient=ctx.recipients(r, jur), r=r, category=category, rule=rule,
                role=loan_role, expect="", term=r.integers(24, 40, n))
    legs = [base]
    for change in changes:
        change = dict(change)
        who, offset = change.pop("who"), change.pop("after")
        if "extend" in change:
            change["end_date"] = months_after(base["end_date"], change.pop("extend"))
        legs.append(leg(pattern, change.pop("name"), jur=jur, date=shifted(date, offset),
                        eur=eur, who=who, kind="loan_change", recipient=base["recipient"], r=r,
                        category=category, rule=rule,
                        _ref=base["_instance"] + "/loan", **change)
                    .with_columns(base["amount"].alias("amount")))
    return legs


def loan_changes(ctx: Ctx) -> list[pl.DataFrame]:
    """FA203: a bank's claim assigned to a company (abroad: high), or the creditor changed
    without the word; a claim assigned from one domestic bank to another (decoy)."""
    out = []
    for name, marked, per in (("assigned_to_nonbank", True, 200),
                              ("creditor_changed", False, 100)):
        r, n = ctx.r(name), ctx.count(per)
        jur = jurisdictions(r, n, ANY_LENDER)
        abroad = r.random(n) < 0.6
        firms = pl.concat([
            _entity_rows(ctx.entities(f"{name}/f", n, pl.col("segment") == "foreign_company")),
            _entity_rows(pick_by_country(ctx.cat, jur, r.random(n),
                                         (pl.col("segment") == "company")
                                         & (pl.col("status") != "dissolved").fill_null(True))),
        ])[np.where(abroad, np.arange(n), np.arange(n) + n)]
        creditor = noisy(firms, r, ("none", "typo", "legal_form", "case", "translit"))
        extra = dict(assigned_to=creditor["counterparty"], status="assigned",
                     description="Assignment of loan {ref} to a new creditor") if marked else \
            dict(status="outstanding", description="Loan {ref}: new creditor")
        out += _with_loan(ctx, name, r, jur, plain(_entity_rows(_bank(ctx, r, jur))), [dict(
            name="change", after=r.integers(180, 600, n), who=creditor, ctype="company",
            role="flag", expect="loan-change", **extra)], "loan-change", "FA203")
    r, n = ctx.r("assigned_between_banks"), ctx.count(100)
    jur = jurisdictions(r, n, ANY_LENDER)
    other = plain(_entity_rows(_bank(ctx, r, jur)))
    out += _with_loan(ctx, "assigned_between_banks", r, jur,
                      plain(_entity_rows(_bank(ctx, r, jur))), [dict(
                          name="change", after=r.integers(180, 600, n), who=other, ctype="bank",
                          role="decoy", expect="", assigned_to=other["counterparty"],
                          status="assigned", description="Assignment of loan {ref}")],
                      "loan-change", "FA203", loan_role="decoy")
    return out


def lender_status(ctx: Ctx) -> list[pl.DataFrame]:
    """FA204: a loan from a bank that lost (or later lost) its licence, or from a company
    later dissolved; a donation from a dissolved company is not this rule (decoy)."""
    out = []
    r, n = ctx.r("revoked_bank_loan"), ctx.count(150)
    who = ctx.entities("revoked_bank_loan", n, (pl.col("segment") == "bank_revoked")
                       & pl.col("country").is_in(["DE", "AT", "NL", "IT", "HU", "GB"]))
    jur = who["country"].to_numpy().astype(object)
    status_day = who["status_date"].to_numpy().astype("datetime64[D]")
    before = r.random(n) < 0.7
    day = np.where(before, status_day - r.integers(200, 1100, n).astype("timedelta64[D]"),
                   status_day + r.integers(10, 400, n).astype("timedelta64[D]"))
    day = np.clip(day, np.datetime64("2014-01-01"), np.datetime64("2025-06-30"))
    out.append(loan("revoked_bank_loan", jur=jur, date=world.iso(day),
                    eur=_span(r, np.full(n, 100_000.0), np.full(n, 2_000_000.0)),
                    who=noisy(who, r, BANK_NOISE), ctype="bank",
                    recipient=ctx.recipients(r, jur), r=r, category="lender-status",
                    rule="FA204", role="flag", expect="lender-status",
                    status=pl.Series(np.where(r.random(n) < 0.2, "repaid", "outstanding"))))
    r, n = ctx.r("dissolved_company_loan"), ctx.count(100)
    who = ctx.entities("dissolved_company_loan", n, (pl.col("segment") == "company")
                       & (pl.col("status") == "dissolved")
                       & pl.col("country").is_in(["DE", "AT", "NL", "IT"]))
    jur = who["country"].to_numpy().astype(object)
    out.append(loan("dissolved_company_loan", jur=jur, date=_dates(r, jur, {}, hi="2025-06-30"),
                    eur=_span(r, np.full(n, 20_000.0), np.full(n, 45_000.0)),
                    who=noisy(who, r, ("none", "typo", "legal_form", "case")), ctype="company",
                    recipient=ctx.recipients(r, jur), r=r, category="lender-status",
                    rule="FA204", role="flag", expect="lender-status"))
    r, n = ctx.r("dissolved_company_gift"), ctx.count(100)
    who = ctx.entities("dissolved_company_gift", n, (pl.col("segment") == "company")
                       & (pl.col("status") == "dissolved")
                       & pl.col("country").is_in(["DE", "NL", "IT"]))
    jur = who["country"].to_numpy().astype(object)
    out.append(leg("dissolved_company_gift", "gift", jur=jur, date=_dates(r, jur, {}),
                   eur=_span(r, np.full(n, 500.0), np.full(n, 4_000.0)), who=plain(who),
                   kind="donation", ctype="company", recipient=ctx.recipients(r, jur), r=r,
                   category="lender-status", rule="FA204", role="decoy", expect=""))
    return out


def loan_terms(ctx: Ctx) -> list[pl.DataFrame]:
    """FA205 interest-free large loans, long bullet loans, write-offs; FA206 loans extended
    twice or more; small interest-free loans and one extension are lawful (decoys)."""
    out = []
    r, n = ctx.r("interest_free_loan"), ctx.count(150)
    jur = jurisdictions(r, n, (*ANY_LENDER, "GB"))
    who = ctx.people(jur)
    out.append(loan("interest_free_loan", jur=jur, date=_dates(r, jur, {}, hi="2025-06-30"),
                    eur=_span(r, np.full(n, 60_000.0), np.full(n, 500_000.0)),
                    who=noisy(who, r), ctype="individual", recipient=ctx.recipients(r, jur),
                    r=r, category="loan-terms", rule="FA205", role="flag",
                    expect="loan-terms", rate=np.round(r.uniform(0, 0.5, n), 2)))
    r, n = ctx.r("long_bullet_loan"), ctx.count(150)
    jur = jurisdictions(r, n, (*ANY_LENDER, "GB"))
    out.append(loan("long_bullet_loan", jur=jur, date=_dates(r, jur, {}, hi="2025-06-30"),
                    eur=_span(r, np.full(n, 100_000.0), np.full(n, 3_000_000.0)),
                    who=noisy(_entity_rows(_bank(ctx, r, jur)), r, BANK_NOISE), ctype="bank",
                    recipient=ctx.recipients(r, jur), r=r, category="loan-terms",
                    rule="FA205", role="flag", expect="loan-terms",
                    term=r.integers(62, 121, n),
                    description="Whole principal repayable in one payment (bullet)"))
    r, n = ctx.r("written_off"), ctx.count(120)
    jur = jurisdictions(r, n, ANY_LENDER)
    lender = noisy(_entity_rows(_bank(ctx, r, jur)), r, BANK_NOISE)
    out += _with_loan(ctx, "written_off", r, jur, lender, [dict(
        name="change", after=r.integers(200, 900, n), who=lender, ctype="bank", role="flag",
        expect="loan-terms", status="written_off", description="Loan {ref} written off")],
        "loan-terms", "FA205")
    for name, times, per, role in (("extended_again", 3, 150, "flag"),
                                   ("extended_once", 1, 100, "decoy")):
        r, n = ctx.r(name), ctx.count(per)
        jur = jurisdictions(r, n, ANY_LENDER)
        lender = noisy(_entity_rows(_bank(ctx, r, jur)), r, BANK_NOISE)
        k = np.full(n, 1) if times == 1 else r.integers(2, times + 1, n)
        legs = _with_loan(ctx, name, r, jur, lender, [dict(
            name=f"ext{i}", after=np.full(n, 300 * (i + 1)) + r.integers(0, 60, n), who=lender,
            ctype="bank", role=pl.Series(np.where((k == i + 1) & (role == "flag"), "flag",
                                                  np.where(role == "flag", "support",
                                                           "decoy"))),
            expect=pl.Series(np.where((k == i + 1) & (role == "flag"), "loan-terms", "")),
            status="outstanding", description="Extension of loan {ref}",
            extend=np.full(n, 12 * (i + 1)) + r.integers(0, 6, n))
            for i in range(times)], "loan-terms", "FA206",
            loan_role="support" if role == "flag" else "decoy")
        out += [legs[0]] + [g.filter(pl.Series(k > i)) for i, g in enumerate(legs[1:])]
    r, n = ctx.r("small_interest_free_loan"), ctx.count(100)
    jur = jurisdictions(r, n, ANY_LENDER)
    out.append(loan("small_interest_free_loan", jur=jur,
                    date=_dates(r, jur, {}, hi="2025-06-30"),
                    eur=_span(r, np.full(n, 5_000.0), np.full(n, 40_000.0)),
                    who=plain(ctx.people(jur)), ctype="individual",
                    recipient=ctx.recipients(r, jur), r=r, category="loan-terms", rule="FA205",
                    role="decoy", expect="", rate=np.zeros(n)))
    return out
