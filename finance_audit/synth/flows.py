"""Background filings: the ordinary, lawful money a year of registers holds.

Donations from domestic individuals, companies (where the law lets them give; with their
company number where the register records it) and associations, member contributions to
European parties, gifts from EU citizens where the law exempts them, bank loans with ordinary
terms and their repayments or one extension, supply contracts near market value, and
transfers from associations to parties and from parties to their campaigns. Amounts are
log-normal with round-number and just-under-the-publication-threshold spikes, dates peak
before elections. A donor gives at most once every two years, and under the cap in force,
so a background flow breaks no rule of the pack on its own.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from finance_audit.schema import CANONICAL_COLUMNS
from finance_audit.synth import world
from finance_audit.synth.registry import Indexer, distinct_by_country, named
from finance_audit.synth.world import Rng, choice

EXTRA_COLUMNS = ("DonorStatus", "DonationAction")  # the UK register's own fields (GB files)
FLOW_COLUMNS = (*CANONICAL_COLUMNS, *EXTRA_COLUMNS)
FLOW_SCHEMA = {c: pl.String for c in FLOW_COLUMNS} | {
    "amount": pl.Float64, "date": pl.Date, "interest_rate": pl.Float64, "end_date": pl.Date,
    "market_value": pl.Float64, "_pid": pl.String, "_ref": pl.String}
KIND_SHARE = {"donation": 0.86, "loan": 0.025, "contract": 0.06, "transfer": 0.04}
CAMPAIGN = {"en": "{} General Election Campaign {}", "de": "{} Wahlkampf {}",
            "fr": "Campagne {} {}", "nl": "Campagne {} {}", "it": "Comitato elettorale {} {}",
            "hu": "{} kampány {}", "pl": "Komitet Wyborczy {} {}"}
# who gives, by jurisdiction: individual, company, association, party (EU members)
DONOR_MIX = {"GB": (70, 24, 6, 0), "DE": (75, 20, 5, 0), "AT": (80, 15, 5, 0),
             "NL": (80, 15, 5, 0), "IT": (80, 17, 3, 0), "FR": (100, 0, 0, 0),
             "HU": (100, 0, 0, 0), "PL": (100, 0, 0, 0), "EU": (40, 0, 0, 60)}
DONOR_STATUS = {"individual": "Individual", "company": "Company",
                "association": "Trade Union", "party": "Registered Political Party"}
CONTRACT_TEXT = ("Printing of campaign material", "Hire of event venue", "Poster advertising",
                 "Polling and research", "Office rent", "Web development", "Catering for party "
                 "congress", "Transport services", "Legal services", "Media buying")


def empty_flows() -> pl.DataFrame:
    return pl.DataFrame(schema=FLOW_SCHEMA)


def recipients(cat: pl.DataFrame) -> pl.DataFrame:
    """The filers: parties (and European parties), party-near associations, party companies."""
    parties = cat.filter(pl.col("segment") == "party").select(
        pl.when(pl.col("lang").is_null() | (pl.col("country") == "BE")).then(pl.lit("EU"))
        .otherwise(pl.col("country")).alias("jurisdiction"),
        pl.col("name").alias("recipient"), pl.lit("party").alias("recipient_type"), "lang")
    parties = parties.filter(pl.col("jurisdiction").is_in(list(world.JURISDICTIONS)))
    assoc = cat.filter((pl.col("segment") == "assoc")
                       & pl.col("country").is_in(list(world.JURISDICTIONS))).select(
        pl.col("country").alias("jurisdiction"), pl.col("name").alias("recipient"),
        pl.lit("association").alias("recipient_type"), "lang",
    ).filter(pl.int_range(pl.len()).over("jurisdiction") < 6)
    return pl.concat([parties, assoc]).with_columns(
        pl.int_range(pl.len()).over("jurisdiction", "recipient_type").alias("k"))


def _pick_recipient(recip: pl.DataFrame, jur: np.ndarray, rtype: str,
                    u: np.ndarray) -> pl.DataFrame:
    pool = recip.filter(pl.col("recipient_type") == rtype)
    sizes = dict(pool.group_by("jurisdiction").len().iter_rows())
    n = np.array([sizes.get(j, 0) for j in jur])
    # a few parties get most of the money (Zipf-like)
    k = np.floor(n * u ** 1.6).astype(np.int64)
    frame = pl.DataFrame({"jurisdiction": jur.astype(str), "k": k})
    return frame.join(pool, on=["jurisdiction", "k"], how="left", maintain_order="left")


def nice(value: np.ndarray) -> np.ndarray:
    """The round number nearest a value: 1, 2, 2.5 or 5 times a power of ten."""
    exp = np.floor(np.log10(np.maximum(value, 1)))
    base = value / 10 ** exp
    steps = np.array([1, 2, 2.5, 5, 10])
    return steps[np.abs(base[:, None] - steps).argmin(axis=1)] * 10 ** exp


def local_amounts(frame: pl.DataFrame, eur: np.ndarray, r: np.random.Generator,
                  round_share: float = 0.25) -> pl.Series:
    """EUR amounts in each row's currency at the importer's rate; a share rounded to the
    numbers people give in their own money (GBP 500, HUF 100,000)."""
    rate = world.fx_rate(frame).fill_null(1.0).to_numpy()
    local = eur * rate
    rounded = r.random(len(eur)) < round_share
    local = np.where(rounded, np.minimum(nice(local), local), local)
    return pl.Series("amount", np.round(np.maximum(local, 1.0), 2))


REGULAR_SHARE = 0.7  # of gifts: from donors who give every year around the same day


def _occasional(n: int, r: np.random.Generator, jur: np.ndarray, first_id: int) -> pl.DataFrame:
    """Donors who give one to five times, two or more years apart."""
    donors = len(jur)
    gifts = 1 + np.minimum(r.geometric(0.55, donors) - 1, 4)
    first = r.integers(world.YEARS[0], world.YEARS[1] + 1, donors)
    start = np.repeat(np.cumsum(gifts) - gifts, gifts)
    step = np.arange(int(gifts.sum())) - start
    gaps = r.integers(2, 5, len(step)) * (step > 0)
    years = np.repeat(first, gifts) + (np.cumsum(gaps) - np.cumsum(gaps)[start] + gaps[start])
    keep = years <= world.YEARS[1]
    return pl.DataFrame({"donor": (first_id + np.repeat(np.arange(donors), gifts))[keep],
                         "year": years[keep], "jurisdiction": np.repeat(jur, gifts)[keep]
                         .astype(str), "doy": np.full(int(keep.sum()), -1)})


def _regular(r: np.random.Generator, jur: np.ndarray) -> pl.DataFrame:
    """Donors who give every year for three to twelve years, around the same day (so any two
    of their gifts are more than 300 days apart)."""
    donors = len(jur)
    first = r.integers(world.YEARS[0] - 8, world.YEARS[1] - 1, donors)  # some gave before
    span = np.minimum(r.integers(3, 13, donors), world.YEARS[1] - first + 1)
    start = np.repeat(np.cumsum(span) - span, span)
    years = np.repeat(first, span) + np.arange(int(span.sum())) - start
    doy = np.repeat(r.integers(20, 330, donors), span) + r.integers(-12, 13, len(years))
    keep = years >= world.YEARS[0]
    return pl.DataFrame({"donor": np.repeat(np.arange(donors), span)[keep],
                         "year": years[keep],
                         "jurisdiction": np.repeat(jur, span)[keep].astype(str),
                         "doy": doy[keep]})


def _schedule(n: int, r: np.random.Generator, jurisdictions: np.ndarray) -> pl.DataFrame:
    """n gifts: most from regular yearly donors, the rest from occasional ones."""
    wanted = int(n * REGULAR_SHARE)
    regular = _regular(r, choice(r, jurisdictions, wanted // 4 + 8)).head(wanted)
    first_id = int(regular["donor"].max()) + 1 if regular.height else 0
    rest = n - regular.height
    occasional = _occasional(rest, r, choice(r, jurisdictions, int(rest / 1.4) + 16), first_id)
    frame = pl.concat([regular, occasional.head(rest)])
    if frame.height < n:  # a tiny n: top up with one-off donors
        extra = n - frame.height
        frame = pl.concat([frame, pl.DataFrame({
            "donor": np.arange(extra) + int(frame["donor"].max()) + 1,
            "year": np.full(extra, 2020), "doy": np.full(extra, -1),
            "jurisdiction": choice(r, jurisdictions, extra).astype(str)})])
    return frame


def _day_in_year(frame: pl.DataFrame, r: np.random.Generator) -> pl.Series:
    """A date in each row's year: a regular donor's own day; for occasional donors, half the
    time in the 90 days before an election that year."""
    n = frame.height
    years = frame["year"].to_numpy()
    jur = frame["jurisdiction"].to_numpy()
    doy = frame["doy"].to_numpy()
    start = (years - 1970).astype("datetime64[Y]").astype("datetime64[D]")
    days = start + np.where(doy >= 0, doy, r.integers(0, 365, n)).astype("timedelta64[D]")
    near = (r.random(n) < 0.5) & (doy < 0)
    u = r.random(n)
    for code, elections in world.ELECTIONS.items():
        for day in np.array(elections, dtype="datetime64[D]"):
            mask = near & (jur == code) & (years == day.astype("datetime64[Y]").astype(int) + 1970)
            days[mask] = day - np.floor(90 * u[mask] ** 2).astype("timedelta64[D]")
    return world.iso(days)


def donations(n: int, cat: pl.DataFrame, recip: pl.DataFrame, rng: Rng,
              indexer: Indexer) -> pl.DataFrame:
    r = rng("background", "donations")
    jurs = np.array(list(world.JURISDICTIONS))
    sched = _schedule(n, r, choice(r, jurs, 4096, list(world.JURISDICTIONS.values())))
    d = sched["donor"].to_numpy()
    jur = sched["jurisdiction"].to_numpy()
    # each donor's type, recipient and unit are fixed: people give to the party they support
    du = rng("background", "donor-traits").random((int(d.max()) + 1, 4))
    mix = np.array([DONOR_MIX[j] for j in jur], dtype=float)
    cum = np.cumsum(mix, axis=1) / mix.sum(axis=1, keepdims=True)
    dtype = np.array(["individual", "company", "association", "party"])[
        (du[d, 0][:, None] > cum).sum(axis=1)]
    frame = sched.with_columns(pl.Series("counterparty_type", dtype),
                               date=_day_in_year(sched, r))
    frame = frame.with_columns(world.currency(pl.col("jurisdiction")).alias("currency"))
    to_campaign = du[d, 3] < 0.08
    party = _pick_recipient(recip, jur, "party", du[d, 1])
    frame = frame.with_columns(party["recipient"], party["lang"].alias("_rlang"),
                               pl.lit("party").alias("recipient_type"))
    frame = _campaigns(frame, to_campaign)
    frame = _donor_names(frame, cat, recip["recipient"].implode(), rng, indexer)
    return _donation_amounts(frame, r)


def _campaigns(frame: pl.DataFrame, mask: np.ndarray) -> pl.DataFrame:
    """Send the masked rows to the party's campaign of that year instead."""
    campaign = pl.col("recipient")
    for lang, pattern in CAMPAIGN.items():
        left, middle, tail = pattern.split("{}")
        campaign = pl.when(pl.col("_rlang") == lang).then(
            pl.concat_str([pl.lit(left), pl.col("recipient"), pl.lit(middle),
                           pl.col("date").dt.year().cast(pl.String), pl.lit(tail)])
        ).otherwise(campaign)
    m = pl.Series(mask) & (pl.col("jurisdiction") != "EU")
    return frame.with_columns(
        pl.when(m).then(campaign).otherwise(pl.col("recipient")).alias("recipient"),
        pl.when(m).then(pl.lit("campaign")).otherwise(pl.col("recipient_type"))
        .alias("recipient_type"))


def _donor_names(frame: pl.DataFrame, cat: pl.DataFrame, filers: pl.Series, rng: Rng,
                 indexer: Indexer) -> pl.DataFrame:
    """Names of the donors: people are new names (not registry entities), companies and
    associations are registry entities of the jurisdiction, member parties EU parties."""
    donors = frame.select("donor", "jurisdiction", "counterparty_type").unique(
        "donor", keep="first", maintain_order=True)
    r = rng("background", "donor-names")
    # an EU citizen of another member state gives to a German or (after July 2019) an
    # Austrian party now and then: lawful by the profiles' exceptions
    country = donors["jurisdiction"].to_numpy().copy()
    eu_citizen = (np.isin(country, ["DE"]) & (r.random(donors.height) < 0.015)
                  & (donors["counterparty_type"] == "individual").to_numpy())
    country[eu_citizen] = choice(r, ("FR", "IT", "PL", "NL", "ES"), int(eu_citizen.sum()))
    eu_level = country == "EU"
    country[eu_level] = choice(r, world.EU_COUNTRIES[:7], int(eu_level.sum()))
    people = donors.with_columns(pl.Series("counterparty_country", country.astype(str)))
    is_person = (people["counterparty_type"] == "individual").to_numpy()
    persons = named("persons", country[is_person], indexer)
    names = np.empty(donors.height, dtype=object)
    names[is_person] = persons["name"].to_numpy()
    ids = np.full(donors.height, None, dtype=object)
    # a company, association or member party is one donor: no two donors share one
    for kind, segment, builder in (("company", "company", "companies"),
                                   ("association", "assoc", "associations"),
                                   ("party", "party", "parties")):
        mask = (people["counterparty_type"] == kind).to_numpy()
        if mask.any():
            # not the associations that file themselves (they pass money on in transfers)
            hit = distinct_by_country(cat, country[mask], (pl.col("segment") == segment)
                                      & (pl.col("status") != "dissolved").fill_null(True)
                                      & ~pl.col("name").is_in(filers), r, indexer, builder)
            names[mask] = hit["name"].to_numpy()
            ids[mask] = hit["reg"].to_numpy()
    people = people.with_columns(pl.Series("counterparty", names.tolist(), dtype=pl.String),
                                 pl.Series("counterparty_id", ids.tolist(), dtype=pl.String))
    frame = frame.join(people.select("donor", "counterparty", "counterparty_country",
                                     "counterparty_id"), on="donor", how="left",
                       maintain_order="left")
    gb = pl.col("jurisdiction") == "GB"
    return frame.with_columns(
        # only the UK register records company numbers
        pl.when(gb & (pl.col("counterparty_type") == "company")).then(pl.col("counterparty_id"))
        .alias("counterparty_id"),
        pl.when(gb).then(pl.col("counterparty_type").replace_strict(DONOR_STATUS))
        .alias("DonorStatus"),
        # a member party's contribution to its European party is not a donation
        pl.when(pl.col("counterparty_type") == "party").then(pl.lit("transfer"))
        .otherwise(pl.lit("donation")).alias("kind"),
    )


def _donation_amounts(frame: pl.DataFrame, r: np.random.Generator) -> pl.DataFrame:
    n = frame.height
    kind = frame["counterparty_type"].to_numpy()
    median = np.select([kind == "company", kind == "association", kind == "party"],
                       [2000.0, 3000.0, 6000.0], 150.0)
    eur = median * np.exp(r.normal(0, 1.15, n))
    threshold = world.law_value(frame, "publication_threshold_eur").to_numpy()
    spike = (r.random(n) < 0.03) & ~np.isnan(threshold.astype(float))
    eur = np.where(spike, threshold.astype(float) * r.uniform(0.95, 0.999, n), eur)
    cap = world.law_value(frame, "donation_cap_eur").fill_null(np.inf).to_numpy()
    eur = np.minimum(np.clip(eur, 5, 250_000), cap * 0.99)
    # member parties at EU level: under the cap of the Regulation
    eur = np.where((frame["counterparty_type"] == "party").to_numpy(),
                   np.minimum(eur, np.minimum(cap, 17_000) * 0.97), eur)
    amount = local_amounts(frame, eur, r)
    # a cap applies to what the importer converts: keep under it after the rounding too
    rate = world.fx_rate(frame).fill_null(1.0).to_numpy()
    amount = np.where(amount.to_numpy() / rate > cap * 0.995, np.floor(cap * 0.99 * rate),
                      amount.to_numpy())
    return frame.with_columns(pl.Series("amount", amount))
