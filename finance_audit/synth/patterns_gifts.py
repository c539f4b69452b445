"""Planted gifts: foreign donations, sanctioned donors, structuring, caps, donor types and
foreign non-profits, each with its lawful look-alikes (decoys)."""

from __future__ import annotations

import numpy as np
import polars as pl

from finance_audit.synth import names, pools, world
from finance_audit.synth.plant import Ctx, days, jurisdictions, law, leg, noisy, plain, shifted

NON_EU = list(world.NON_EU)
HOME = ("GB", "DE", "FR", "AT", "NL", "IT", "HU", "PL")
ANONYMOUS = {"DE": ("Anonym", "Unbekannter Spender", "anonymer Spender"),
             "AT": ("Anonym", "Anonyme Spende"), "GB": ("Anonymous", "Unknown donor",
                                                       "ANONYMOUS DONOR"),
             "FR": ("Donateur anonyme", "Anonyme"), "NL": ("Anoniem", "Anonieme gever"),
             "IT": ("Anonimo", "Donatore anonimo"), "HU": ("Névtelen adományozó", "Anonim"),
             "PL": ("Anonimowy darczyńca", "Darczyńca anonimowy"), "EU": ("Anonymous donor",)}
SINCE = {"FR": "2018-01-01", "NL": "2023-01-01", "IT": "2019-03-01"}  # foreign bans


def _dates(r: np.random.Generator, jur: np.ndarray, since: dict[str, str],
           lo: str = "2014-01-01", hi: str = "2025-12-31", until: dict | None = None
           ) -> pl.Series:
    out = np.empty(len(jur), dtype="datetime64[D]")
    for code in sorted(set(jur)):  # a set iterates in an order that varies by process
        mask = jur == code
        out[mask] = days(r, int(mask.sum()), since.get(code, lo), (until or {}).get(code, hi))
    return world.iso(out)


def _span(r, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    return lo + (hi - lo) * r.random(len(lo))


def foreign_donor(ctx: Ctx) -> list[pl.DataFrame]:
    """FA101: a gift from abroad above the threshold in force (non-EU donors)."""
    r, n = ctx.r("foreign_donor"), ctx.count(500)
    jur = jurisdictions(r, n, HOME)
    company = np.isin(jur, ["DE", "GB", "NL", "IT", "AT"]) & (r.random(n) < 0.4)
    people = ctx.entities("foreign_donor/p", n, (pl.col("segment") == "foreign_person")
                          & pl.col("country").is_in(NON_EU))
    firms = ctx.entities("foreign_donor/c", n, (pl.col("segment") == "foreign_company")
                         & pl.col("country").is_in(NON_EU))
    who = pl.concat([people.filter(pl.Series(~company)), firms.filter(pl.Series(company))])
    order = np.concatenate([np.flatnonzero(~company), np.flatnonzero(company)])
    who = who[np.argsort(order)]
    date = _dates(r, jur, SINCE)
    probe = pl.DataFrame({"jurisdiction": jur.astype(str), "date": date})
    threshold = np.nan_to_num(law(probe, "foreign_donation_threshold_eur"))
    hi = np.select([np.isin(jur, ["FR", "AT"]), np.isin(jur, ["HU", "PL"])], [7_000, 5_000],
                   30_000)
    eur = _span(r, threshold * 1.4 + 300, hi)
    return [leg("foreign_donor", "gift", jur=jur, date=date, eur=eur, who=noisy(who, r),
                kind="donation", ctype=pl.Series(np.where(company, "company", "individual")),
                recipient=ctx.recipients(r, jur), r=r, category="foreign-donation",
                rule="FA101", role="flag", expect=_numberless(company, jur, "foreign-donation"))]


def _numberless(company: np.ndarray, jur: np.ndarray, expect: str) -> pl.Series:
    """A company gift to a British party filed without a company number is also FA701's."""
    return pl.Series(np.where(company & (jur == "GB"), expect + ";donor-type", expect))


def foreign_decoys(ctx: Ctx) -> list[pl.DataFrame]:
    """Lawful foreign gifts: an EU citizen to a German party, a small gift from outside the EU,
    a Dutch gift from abroad before the 2023 ban."""
    out = []
    cases = (("eu_citizen_de", "DE", ("FR", "IT", "ES", "PL", "NL"), 1_500, 9_500, {}, {}),
             ("foreign_below_threshold", "DE", ("US", "CH", "TR", "RU"), 100, 950, {}, {}),
             ("nl_foreign_before_ban", "NL", ("US", "CH", "TR"), 5_000, 60_000, {},
              {"NL": "2022-12-31"}))
    for name, j, countries, lo, hi, since, until in cases:
        r, n = ctx.r(name), ctx.count(120)
        jur = np.array([j] * n, dtype=object)
        who = ctx.people(np.asarray(countries, dtype=object)[r.integers(0, len(countries), n)])
        date = _dates(r, jur, since, until=until)
        out.append(leg(name, "gift", jur=jur, date=date, eur=_span(r, np.full(n, lo),
                                                                   np.full(n, hi)),
                       who=plain(who), kind="donation", ctype="individual",
                       recipient=ctx.recipients(r, jur), r=r, category="foreign-donation",
                       rule="FA101", role="decoy", expect=""))
    return out


def sanctioned_donors(ctx: Ctx) -> list[pl.DataFrame]:
    """FA301: a sanctioned person living in the jurisdiction gives (sanctions only), or a
    sanctioned person or company abroad gives (sanctions and foreign-donation)."""
    out = []
    r, n = ctx.r("sanctioned_resident"), ctx.count(150)
    jur = jurisdictions(r, n, ("GB", "DE", "AT", "NL", "IT"))
    who = ctx.entities("sanctioned_resident", n, pl.col("segment") == "sanctioned_person")
    who = noisy(who.with_columns(pl.Series("country", jur.astype(str))), r,
                ("none", "typo", "translit", "reorder", "case"))
    eur = _span(r, np.full(n, 1_000.0), np.where(jur == "AT", 7_000.0, 20_000.0))
    out.append(leg("sanctioned_resident", "gift", jur=jur, date=_dates(r, jur, {}), eur=eur,
                   who=who, kind="donation", ctype="individual",
                   recipient=ctx.recipients(r, jur), r=r, category="sanctions", rule="FA301",
                   role="flag", expect="sanctions"))
    r, n = ctx.r("sanctioned_abroad"), ctx.count(150)
    jur = jurisdictions(r, n, ("GB", "DE", "IT", "NL"))
    firm = r.random(n) < 0.4
    who = pl.concat([
        ctx.entities("sanctioned_abroad/p", n, pl.col("segment") == "sanctioned_person"),
        ctx.entities("sanctioned_abroad/c", n, pl.col("segment") == "sanctioned_company"),
    ])[np.where(firm, np.arange(n) + n, np.arange(n))]
    date = _dates(r, jur, SINCE)
    out.append(leg("sanctioned_abroad", "gift", jur=jur, date=date,
                   eur=_span(r, np.full(n, 2_000.0), np.full(n, 40_000.0)), who=noisy(who, r),
                   kind="donation", ctype=pl.Series(np.where(firm, "company", "individual")),
                   recipient=ctx.recipients(r, jur), r=r, category="sanctions", rule="FA301",
                   role="flag", expect=_numberless(firm, jur, "sanctions;foreign-donation")))
    # decoy: a resident who shares a sanctioned person's family name, not the person
    r, n = ctx.r("sanctioned_namesake"), ctx.count(120)
    jur = jurisdictions(r, n, ("GB", "DE"))
    listed = ctx.entities("sanctioned_namesake", n, (pl.col("segment") == "sanctioned_person")
                          & (pl.col("lang") == "ru"))
    other = ctx.people(np.array(["RU"] * n, dtype=object))
    # another given name; where that happens to be the name of someone on the list, the
    # flow is no decoy and the truth says so
    listed_names = ctx.cat.filter(pl.col("segment") == "sanctioned_person")["name"].implode()
    name = other["given"] + " " + listed["family"]
    same = name.is_in(listed_names).to_numpy()
    who = other.with_columns(name.alias("name"), pl.Series("country", jur.astype(str)))
    out.append(leg("sanctioned_namesake", "gift", jur=jur, date=_dates(r, jur, {}),
                   eur=_span(r, np.full(n, 100.0), np.full(n, 2_000.0)),
                   who=plain(who), kind="donation", ctype="individual",
                   recipient=ctx.recipients(r, jur), r=r, category="sanctions", rule="FA301",
                   role="decoy", expect=pl.Series(np.where(same, "sanctions", "")))
               )
    return out


def structuring(ctx: Ctx) -> list[pl.DataFrame]:
    """FA601: one donor, three to five gifts to one party within 60 days, each just under the
    publication threshold in force (or, from abroad, under the foreign limit)."""
    out = []
    r, n = ctx.r("structuring"), ctx.count(400)
    jur = jurisdictions(r, n, ("DE", "AT", "NL", "GB", "IT", "HU", "EU"))
    start = _dates(r, jur, {"IT": "2019-03-01", "EU": "2017-01-01"}, hi="2025-09-30")
    probe = pl.DataFrame({"jurisdiction": jur.astype(str), "date": start})
    t0 = law(probe, "publication_threshold_eur")
    t1 = law(probe.with_columns(shifted(start, np.full(n, 75)).alias("date")),
             "publication_threshold_eur")
    start = shifted(start, np.where(t0 == t1, 0, 120))
    probe = pl.DataFrame({"jurisdiction": jur.astype(str), "date": start})
    threshold = law(probe, "publication_threshold_eur")
    k = np.where(jur == "AT", 3, r.integers(3, 6, n))
    citizens = np.where(jur == "EU", np.asarray(world.EU_COUNTRIES[:7], dtype=object)[
        r.integers(0, 7, n)], jur)
    out += _series(ctx, "structuring", r, jur, start, threshold, k, ctx.people(citizens),
                   "individual", unit=True)
    # from abroad, each gift under the German limit for foreign donors
    r, n = ctx.r("structuring_foreign"), ctx.count(150)
    jur = np.array(["DE"] * n, dtype=object)
    start = _dates(r, jur, {}, hi="2025-09-30")
    who = ctx.people(np.asarray(NON_EU, dtype=object)[r.integers(0, len(NON_EU), n)])
    out += _series(ctx, "structuring_foreign", r, jur, start, np.full(n, 1_000.0),
                   r.integers(3, 5, n), who, "individual")
    return out


def _series(ctx: Ctx, pattern: str, r: np.random.Generator, jur: np.ndarray, start: pl.Series,
            threshold: np.ndarray, k: np.ndarray, who: pl.DataFrame, ctype: str,
            unit: bool = False, share: tuple[float, float] = (0.62, 0.96),
            gap: tuple[int, int] = (5, 18), flag_last: bool = True,
            category: str = "structuring", rule: str = "FA601") -> list[pl.DataFrame]:
    """k gifts per instance from one donor to one recipient (and unit); the last is flagged."""
    n = len(jur)
    recipient = ctx.recipients(r, jur)
    units = _units(r, jur) if unit else np.full(n, None, dtype=object)
    offset = np.zeros(n, dtype=np.int64)
    legs = []
    for i in range(int(k.max())):
        live = k > i
        if i:
            offset = offset + r.integers(gap[0], gap[1] + 1, n)
        written = noisy(who, r, ("none", "reorder", "case"), (0.6, 0.25, 0.15)) if i else \
            plain(who)
        last = i == k - 1
        role = np.where(last & flag_last, "flag", "support") if flag_last else \
            np.full(n, "decoy")
        frame = leg(pattern, f"g{i}", jur=jur, date=shifted(start, offset),
                    eur=threshold * r.uniform(*share, n), who=written, kind="donation",
                    ctype=ctype, recipient=recipient, r=r, category=category, rule=rule,
                    role=pl.Series(role), expect=pl.Series(np.where(role == "flag", category,
                                                                    "")),
                    recipient_unit=pl.Series(units.tolist(), dtype=pl.String))
        legs.append(frame.filter(pl.Series(live)))
    return legs


def _units(r: np.random.Generator, jur: np.ndarray) -> np.ndarray:
    """Half the gifts go to an accounting unit of the party (where registers name them)."""
    out = np.full(len(jur), None, dtype=object)
    for code, patterns in pools.UNITS.items():
        mask = (jur == code) & (r.random(len(jur)) < 0.5)
        places = names.lang(world.LANG[code]).places["name"].to_numpy()
        picked = places[r.integers(0, len(places), int(mask.sum()))]
        shape = np.asarray(patterns[1:], dtype=object)[r.integers(0, len(patterns) - 1,
                                                                  int(mask.sum()))]
        out[mask] = [p.replace("{x}", x) for p, x in zip(shape, picked, strict=True)]
    return out


def structuring_decoys(ctx: Ctx) -> list[pl.DataFrame]:
    """Monthly small gifts of a member, and two gifts under the threshold months apart."""
    r, n = ctx.r("monthly_member"), ctx.count(120)
    jur = np.array(["DE"] * n, dtype=object)
    out = _series(ctx, "monthly_member", r, jur, _dates(r, jur, {}, hi="2025-06-30"),
                  np.full(n, 1_000.0), np.full(n, 4), ctx.people(jur), "individual",
                  share=(0.1, 0.4), gap=(28, 31), flag_last=False)
    r, n = ctx.r("gifts_far_apart"), ctx.count(120)
    jur = jurisdictions(r, n, ("DE", "NL"))
    start = _dates(r, jur, {}, hi="2025-06-30")
    threshold = law(pl.DataFrame({"jurisdiction": jur.astype(str), "date": start}),
                    "publication_threshold_eur")
    out += _series(ctx, "gifts_far_apart", r, jur, start, threshold, np.full(n, 2),
                   ctx.people(jur), "individual", share=(0.6, 0.9), gap=(75, 150),
                   flag_last=False)
    return out
