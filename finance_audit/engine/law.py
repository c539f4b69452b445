"""Jurisdiction profiles: the law each flow is judged by, dated (DESIGN §5).

One YAML file per jurisdiction in `rules/jurisdictions/` (`FR.yaml`, ..., `EU.yaml` for the
European level) holds dated provisions (one key, one value, a validity period) and the known
lawful exceptions, so that a 2014 loan is judged by 2014 law. Loading is strict: a malformed
profile is refused with the file and the key, because a silently wrong threshold would
mislabel every flow it touches. The EU and EEA membership dates live here as data so that an
exception written for "EU" citizens means the member states of the day.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import yaml

from finance_audit.errors import FinanceAuditError


class LawError(FinanceAuditError):
    """A jurisdiction profile is malformed; the message names the file and the key."""

    exit_code = 2


# --- vocabulary ---------------------------------------------------------------------------

NUMERIC_KEYS = (
    "foreign_donation_threshold_eur",  # a foreign donation ABOVE this is banned; 0 = any amount
    "anonymous_donation_limit_eur",  # largest donation accepted without the donor's identity
    "publication_threshold_eur",  # donations above this are published with the donor's name
    "publication_immediate_eur",  # donations above this are disclosed at once (ad hoc)
    "donation_cap_eur",  # per donor per year to one party
    "party_total_cap_eur",  # all donations a party may accept in a year
    "donor_total_cap_eur",  # per donor per year to all parties together
)
ENUM_KEYS = {
    "foreign_donation_ban": ("none", "partial", "full"),
    "company_donations": ("allowed", "banned", "capped"),
    "loans_from": ("any", "banks_only", "eu_eea_credit_institutions_and_natural_persons",
                   "permissible_sources_only", "unknown"),
}
BOOLEAN_KEYS = ("loan_below_market_is_donation",)
PROVISION_KEYS = (*NUMERIC_KEYS, *ENUM_KEYS, *BOOLEAN_KEYS)
APPLIES_TO = ("foreign_donation", "lender", "donor_type", "cap")
CONFIDENCE = ("high", "medium", "low")
# The counterparty types of the canonical flow (DESIGN §3).
COUNTERPARTY_TYPES = ("individual", "company", "bank", "association", "trust", "party",
                      "public_body", "unknown")

_FILE_KEYS = {"code": True, "name": True, "confidence": True, "sources": True,
              "provisions": True, "exceptions": False, "note": False}
_PROVISION_FIELDS = {"key": True, "value": True, "valid_from": True, "valid_to": False,
                     "reference": True, "note": False}
_EXCEPTION_FIELDS = {"id": True, "applies_to": True, "description": True,
                     "counterparty_country_in": False, "counterparty_type_in": False,
                     "recipient_in": False, "counterparty_in": False, "valid_from": True,
                     "valid_to": False, "reference": True, "note": False}
_CODE = re.compile(r"^[A-Z]{2}$")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class _Loader(yaml.SafeLoader):
    """yaml.safe_load's loader, but dates stay text so a bad one is reported with its key."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp",
                        lambda loader, node: loader.construct_scalar(node))

PROVISION_SCHEMA = {
    "jurisdiction": pl.String, "key": pl.String, "value_text": pl.String,
    "value_num": pl.Float64, "valid_from": pl.Date, "valid_to": pl.Date,
    "reference": pl.String, "note": pl.String, "confidence": pl.String,
}
EXCEPTION_SCHEMA = {
    "jurisdiction": pl.String, "id": pl.String, "applies_to": pl.String,
    "description": pl.String, "counterparty_countries": pl.List(pl.String),
    "counterparty_types": pl.List(pl.String), "recipients": pl.List(pl.String),
    "counterparties": pl.List(pl.String), "valid_from": pl.Date, "valid_to": pl.Date,
    "reference": pl.String, "note": pl.String,
}
MEMBERSHIP_SCHEMA = {"area": pl.String, "country": pl.String, "valid_from": pl.Date,
                     "valid_to": pl.Date}

# --- EU and EEA membership, as data ---------------------------------------------------------

_D = dt.date.fromisoformat
# (country, first day a member, last day a member or None). The EEC/EC before 1993 counts as
# the EU: the question the rules ask is "was this a member state", not the treaty's name.
EU_MEMBERSHIP: tuple[tuple[str, dt.date, dt.date | None], ...] = (
    *((c, _D("1958-01-01"), None) for c in ("BE", "DE", "FR", "IT", "LU", "NL")),
    ("DK", _D("1973-01-01"), None), ("IE", _D("1973-01-01"), None),
    ("GB", _D("1973-01-01"), _D("2020-01-31")),  # left 31 Jan 2020 (transition period ignored)
    ("GR", _D("1981-01-01"), None), ("ES", _D("1986-01-01"), None),
    ("PT", _D("1986-01-01"), None),
    *((c, _D("1995-01-01"), None) for c in ("AT", "FI", "SE")),
    *((c, _D("2004-05-01"), None)
      for c in ("CY", "CZ", "EE", "HU", "LT", "LV", "MT", "PL", "SI", "SK")),
    ("BG", _D("2007-01-01"), None), ("RO", _D("2007-01-01"), None),
    ("HR", _D("2013-07-01"), None),
)
# EEA members outside the EU (EFTA side). AT, FI and SE were EEA members through EFTA in 1994,
# before they joined the EU. The EEA is taken as the EU plus these: an EU member counts as an
# EEA member on every day it is in the EU (before 1994 "EU or EEA" is simply the EU).
EFTA_EEA_MEMBERSHIP: tuple[tuple[str, dt.date, dt.date | None], ...] = (
    ("IS", _D("1994-01-01"), None), ("NO", _D("1994-01-01"), None),
    ("LI", _D("1995-05-01"), None),
    *((c, _D("1994-01-01"), _D("1994-12-31")) for c in ("AT", "FI", "SE")),
)


def _in_force(start: dt.date, end: dt.date | None, on: dt.date) -> bool:
    return start <= on and (end is None or on <= end)


def eu_members(on: dt.date) -> frozenset[str]:
    """The ISO codes of the EU member states on a date (EEC/EC before 1993)."""
    return frozenset(c for c, start, end in EU_MEMBERSHIP if _in_force(start, end, on))


def eea_members(on: dt.date) -> frozenset[str]:
    """The ISO codes of the EEA states on a date: the EU members plus IS, LI and NO."""
    efta = (c for c, start, end in EFTA_EEA_MEMBERSHIP if _in_force(start, end, on))
    return eu_members(on) | frozenset(efta)


def eu_membership() -> pl.DataFrame:
    """Membership periods as a table: `area` (EU or EEA), country, valid_from, valid_to.

    Rules test "in the EU on the flow's date" with `area = 'EU'`; filter on the area, since
    the EEA rows repeat every EU member. Periods of one country and area that touch are merged.
    """
    rows = []
    for area, periods in (("EU", EU_MEMBERSHIP), ("EEA", EU_MEMBERSHIP + EFTA_EEA_MEMBERSHIP)):
        for country in sorted({c for c, _, _ in periods}):
            spans = sorted((s, e) for c, s, e in periods if c == country)
            merged: list[list] = []
            for start, end in spans:
                if merged and merged[-1][1] is not None and \
                        merged[-1][1] + dt.timedelta(days=1) >= start:
                    last_end = merged[-1][1]
                    merged[-1][1] = None if end is None else max(last_end, end)
                else:
                    merged.append([start, end])
            rows += [{"area": area, "country": country, "valid_from": s, "valid_to": e}
                     for s, e in merged]
    return pl.DataFrame(rows, schema=MEMBERSHIP_SCHEMA).sort("area", "country", "valid_from")


def _membership_changes() -> list[dt.date]:
    """Every day on which the EU or EEA member set differs from the day before."""
    days = set()
    for _, start, end in EU_MEMBERSHIP + EFTA_EEA_MEMBERSHIP:
        days.add(start)
        if end is not None:
            days.add(end + dt.timedelta(days=1))
    return sorted(days)


def _expand_countries(codes: list[str], start: dt.date,
                      end: dt.date | None) -> list[tuple[dt.date, dt.date | None, list[str]]]:
    """Split [start, end] where EU/EEA membership changes; each part gets its country list.

    Without EU or EEA in `codes` the period stays whole. Adjacent parts with the same list
    are merged, so a 2002 exception for "EU" citizens becomes one row per enlargement.
    """
    words = {"EU", "EEA"} & set(codes)
    plain = set(codes) - words
    if not words:
        return [(start, end, sorted(plain))]
    cuts = [d for d in _membership_changes() if start < d and (end is None or d <= end)]
    bounds = [start, *cuts]
    parts: list[tuple[dt.date, dt.date | None, list[str]]] = []
    for i, part_start in enumerate(bounds):
        part_end = bounds[i + 1] - dt.timedelta(days=1) if i + 1 < len(bounds) else end
        members = set(plain)
        if "EU" in words:
            members |= eu_members(part_start)
        if "EEA" in words:
            members |= eea_members(part_start)
        countries = sorted(members)
        if parts and parts[-1][2] == countries:
            parts[-1] = (parts[-1][0], part_end, countries)
        else:
            parts.append((part_start, part_end, countries))
    return parts


# --- loading and validation ---------------------------------------------------------------

@dataclass(frozen=True)
class Law:
    """All jurisdiction profiles as two tables: dated provisions and lawful exceptions."""

    provisions: pl.DataFrame
    exceptions: pl.DataFrame


class _File:
    """Error helper bound to one profile file, so every message names it."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def error(self, where: str, problem: str) -> LawError:
        return LawError(f"{where}: {problem}" if where else problem, file=str(self.path))

    def keys(self, data: object, allowed: dict[str, bool], where: str) -> dict:
        if not isinstance(data, dict):
            raise self.error(where, "must be a mapping")
        for key in data:
            if key not in allowed:
                known = ", ".join(allowed)
                raise self.error(f"{where}.{key}" if where else str(key),
                                 f"unknown key (known: {known})")
        for key, required in allowed.items():
            if required and data.get(key) is None:
                raise self.error(f"{where}.{key}" if where else key, "missing")
        return data

    def text(self, data: dict, key: str, where: str, *, required: bool = True) -> str | None:
        value = data.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.error(f"{where}.{key}", "must be a non-empty string")
        return value.strip()

    def date(self, data: dict, key: str, where: str) -> dt.date | None:
        value = data.get(key)
        if value is None:
            return None
        try:
            if not _DATE.match(str(value)):
                raise ValueError
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise self.error(f"{where}.{key}",
                             f"not a date (YYYY-MM-DD): {value!r}") from None

    def period(self, data: dict, where: str) -> tuple[dt.date, dt.date | None]:
        start = self.date(data, "valid_from", where)
        end = self.date(data, "valid_to", where)
        if end is not None and end < start:
            raise self.error(f"{where}.valid_to", f"before valid_from ({end} < {start})")
        return start, end

    def strings(self, data: dict, key: str, where: str) -> list[str]:
        value = data.get(key) or []
        if not isinstance(value, list) or not all(
                isinstance(v, str) and v.strip() for v in value):
            raise self.error(f"{where}.{key}", "must be a list of non-empty strings")
        return [v.strip() for v in value]


def _value(f: _File, key: str, value: object, where: str) -> tuple[str, float | None]:
    """Check a provision's value against its key; return it as text and as a number."""
    if key in NUMERIC_KEYS:
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise f.error(f"{where}.value", f"{key} takes a number >= 0, got {value!r}")
        number = float(value)
        return (str(int(number)) if number.is_integer() else repr(number)), number
    if key in ENUM_KEYS:
        if value not in ENUM_KEYS[key]:
            raise f.error(f"{where}.value",
                          f"{key} takes one of {', '.join(ENUM_KEYS[key])}, got {value!r}")
        return str(value), None
    if not isinstance(value, bool):
        raise f.error(f"{where}.value", f"{key} takes true or false, got {value!r}")
    return ("true" if value else "false"), None


def _provisions(f: _File, data: dict, code: str, confidence: str) -> list[dict]:
    items = data["provisions"]
    if not isinstance(items, list) or not items:
        raise f.error("provisions", "must be a non-empty list")
    rows = []
    for i, item in enumerate(items):
        where = f"provisions[{i}]"
        f.keys(item, _PROVISION_FIELDS, where)
        key = item["key"]
        if key not in PROVISION_KEYS:
            raise f.error(f"{where}.key",
                          f"unknown provision key {key!r} (known: {', '.join(PROVISION_KEYS)})")
        text, number = _value(f, key, item["value"], where)
        start, end = f.period(item, where)
        rows.append({"jurisdiction": code, "key": key, "value_text": text, "value_num": number,
                     "valid_from": start, "valid_to": end,
                     "reference": f.text(item, "reference", where),
                     "note": f.text(item, "note", where, required=False),
                     "confidence": confidence, "_index": i})
    by_key: dict[str, list[dict]] = {}
    for row in rows:
        by_key.setdefault(row["key"], []).append(row)
    for same in by_key.values():
        same.sort(key=lambda r: r["valid_from"])
        for before, after in zip(same, same[1:], strict=False):
            if before["valid_to"] is None or before["valid_to"] >= after["valid_from"]:
                raise f.error(
                    f"provisions[{after['_index']}].valid_from",
                    f"{after['key']} from {after['valid_from']} overlaps "
                    f"provisions[{before['_index']}] ({before['valid_from']} to "
                    f"{before['valid_to'] or 'open'})")
    for row in rows:
        del row["_index"]
    return rows


def _exceptions(f: _File, data: dict, code: str) -> list[dict]:
    items = data.get("exceptions") or []
    if not isinstance(items, list):
        raise f.error("exceptions", "must be a list")
    rows, seen = [], set()
    for i, item in enumerate(items):
        where = f"exceptions[{i}]"
        f.keys(item, _EXCEPTION_FIELDS, where)
        ident = f.text(item, "id", where)
        if not _ID.match(ident):
            raise f.error(f"{where}.id", f"use lower-case letters, digits and '-': {ident!r}")
        if ident in seen:
            raise f.error(f"{where}.id", f"duplicate id {ident!r}")
        seen.add(ident)
        applies_to = item["applies_to"]
        if applies_to not in APPLIES_TO:
            raise f.error(f"{where}.applies_to",
                          f"unknown {applies_to!r} (known: {', '.join(APPLIES_TO)})")
        countries = f.strings(item, "counterparty_country_in", where)
        for country in countries:
            if country not in ("EU", "EEA") and not _CODE.match(country):
                raise f.error(f"{where}.counterparty_country_in",
                              f"not an ISO 3166-1 alpha-2 code, EU or EEA: {country!r}")
        types = f.strings(item, "counterparty_type_in", where)
        for kind in types:
            if kind not in COUNTERPARTY_TYPES:
                raise f.error(f"{where}.counterparty_type_in",
                              f"unknown {kind!r} (known: {', '.join(COUNTERPARTY_TYPES)})")
        start, end = f.period(item, where)
        common = {"jurisdiction": code, "id": ident, "applies_to": applies_to,
                  "description": f.text(item, "description", where),
                  "counterparty_types": sorted(set(types)),
                  "recipients": f.strings(item, "recipient_in", where),
                  "counterparties": f.strings(item, "counterparty_in", where),
                  "reference": f.text(item, "reference", where),
                  "note": f.text(item, "note", where, required=False)}
        for part_start, part_end, members in _expand_countries(countries, start, end):
            rows.append(common | {"counterparty_countries": members,
                                  "valid_from": part_start, "valid_to": part_end})
    return rows


def _load_file(path: Path) -> tuple[list[dict], list[dict]]:
    f = _File(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        raise f.error("", f"cannot read the profile: {str(err).splitlines()[0]}") from err
    f.keys(data, _FILE_KEYS, "")
    code = f.text(data, "code", "")
    if not _CODE.match(code):
        raise f.error("code", f"must be two upper-case letters (ISO 3166-1 or EU): {code!r}")
    if code != path.stem:
        raise f.error("code", f"{code!r} differs from the file name {path.name!r}")
    f.text(data, "name", "")
    f.text(data, "note", "", required=False)
    confidence = data["confidence"]
    if confidence not in CONFIDENCE:
        raise f.error("confidence", f"one of {', '.join(CONFIDENCE)}, got {confidence!r}")
    sources = data["sources"]
    if not isinstance(sources, list) or not sources or not all(
            isinstance(s, str) and s.strip() for s in sources):
        raise f.error("sources", "must be a non-empty list of strings")
    return _provisions(f, data, code, confidence), _exceptions(f, data, code)


def load_jurisdictions(folder: Path) -> Law:
    """Load and validate every `XX.yaml` profile in a folder.

    Raises LawError naming the file and key for any malformed profile, and when two files
    use the same exception id (ids are cited in flags, so they must be unique).
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise LawError("no such folder of jurisdiction profiles", file=str(folder))
    paths = sorted(folder.glob("*.yaml"))
    if not paths:
        raise LawError("no jurisdiction profiles (*.yaml) in this folder", file=str(folder))
    provisions: list[dict] = []
    exceptions: list[dict] = []
    owner: dict[str, Path] = {}
    for path in paths:
        found, lawful = _load_file(path)
        for ident in sorted({row["id"] for row in lawful}):
            if ident in owner:
                raise LawError(f"exceptions: id {ident!r} is also used in {owner[ident]}",
                               file=str(path))
            owner[ident] = path
        provisions += found
        exceptions += lawful
    return Law(
        provisions=pl.DataFrame(provisions, schema=PROVISION_SCHEMA)
        .sort("jurisdiction", "key", "valid_from"),
        exceptions=pl.DataFrame(exceptions, schema=EXCEPTION_SCHEMA)
        .sort("jurisdiction", "id", "valid_from"),
    )


def law_on(law: Law, jurisdiction: str, date: dt.date) -> dict[str, object]:
    """The provisions in force in a jurisdiction on a date, as {key: value}.

    Numbers come back as floats, `loan_below_market_is_donation` as a bool, the rest as text.
    A key absent from the result is not known (or not in force) on that date.
    """
    if jurisdiction not in set(law.provisions["jurisdiction"]):
        raise LawError(f"no jurisdiction profile for {jurisdiction!r}")
    rows = law.provisions.filter(
        (pl.col("jurisdiction") == jurisdiction)
        & (pl.col("valid_from") <= date)
        & (pl.col("valid_to").is_null() | (pl.col("valid_to") >= date))
    )
    result: dict[str, object] = {}
    for key, text, number in rows.select("key", "value_text", "value_num").iter_rows():
        if number is not None:
            result[key] = number
        elif key in BOOLEAN_KEYS:
            result[key] = text == "true"
        else:
            result[key] = text
    return result
