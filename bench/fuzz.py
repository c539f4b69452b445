"""Fuzz the readers and cleaners (`make fuzz`, not in CI): random and mutated filings and
registry files (each registry format, named and detected) must either parse or raise a
FinanceAuditError, never anything else.

    .venv/bin/python bench/fuzz.py [--seconds 120]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
import traceback
from pathlib import Path

from finance_audit.errors import FinanceAuditError
from finance_audit.ingest.load import parse_file
from finance_audit.registry import load_registry

SEEDS = [
    b"recipient,kind,counterparty,amount,date,jurisdiction\nP,donation,D,100,2021-01-01,DE\n",
    b'"EC reference","Entity name","Donor name","Donor type","Value","Accepted date"\n'
    b'"C1","Labour Party","A, B","Individual","\xa31,000.00","01/02/2005"\n',
    b'[{"recipient": "P", "kind": "loan", "counterparty": "B", "amount": 5, '
    b'"date": "2020-01-01", "jurisdiction": "FR"}]',
    b"\xef\xbb\xbfrecipient;kind;counterparty;amount;date\nP;donation;D;1.234,56;01.02.2021\n",
]
# Registry files: (file name, format, content), from the shipped formats' own shapes.
REGISTRY_SEEDS = [
    ("registry.csv", "canonical",
     b"entity_id,name,kind,country,aliases,identifiers,topics,status,status_date,owner_id,"
     b"birth_dates\nb1,First Czech-Russian Bank,bank,RU,FCRB;OOO FCRB,bic:FCRBRUMM,fin.bank,"
     b"revoked,2016-07-01,,\np1,Ivo Testovic,person,RS,,passport:123,sanction,,,,1961-04-05;"
     b"1955~;1960/1962\n"),
    ("sdn.csv", "ofac-sdn",
     b'306,"BANCO NACIONAL DE CUBA","-0- ","CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
     b'"a.k.a. \'BNC\'."\r\n2676,"AL ZAWAHIRI, Dr. Ayman","individual","SDGT",-0- ,-0- ,-0- ,'
     b'-0- ,-0- ,-0- ,-0- ,"DOB 19 Jun 1951; alt. DOB circa 1950-1952; SWIFT/BIC BNCUCUHH; '
     b'nationality Egypt; Passport 1084010 (Egypt)."\r\n\x1a'),
    # OFAC's Consolidated list, in the SDN list's layout.
    ("cons_prim.csv", "ofac-sdn",
     b'91001,"SCENARIO PETROLEUM COMPANY PJSC",-0- ,"UKRAINE-EO13662] [SSI",-0- ,-0- ,-0- ,'
     b'-0- ,-0- ,-0- ,-0- ,"Tax ID No. 7700000001 (Russia)."\r\n\x1a'),
    ("un.xml", "un-xml",
     b"<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>AYMAN"
     b"</FIRST_NAME><SECOND_NAME>AL-ZAWAHIRI</SECOND_NAME><REFERENCE_NUMBER>QDi.006"
     b"</REFERENCE_NUMBER><UN_LIST_TYPE>Al-Qaida</UN_LIST_TYPE><INDIVIDUAL_ALIAS><ALIAS_NAME>"
     b"Abu Fatima</ALIAS_NAME></INDIVIDUAL_ALIAS><INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>"
     b"BETWEEN</TYPE_OF_DATE><FROM_YEAR>1950</FROM_YEAR><TO_YEAR>1952</TO_YEAR>"
     b"</INDIVIDUAL_DATE_OF_BIRTH><INDIVIDUAL_DATE_OF_BIRTH><NOTE>Nov. 1973</NOTE>"
     b"</INDIVIDUAL_DATE_OF_BIRTH><NATIONALITY><VALUE>Egypt</VALUE></NATIONALITY></INDIVIDUAL>"
     b"</INDIVIDUALS><ENTITIES><ENTITY><DATAID>2</DATAID><FIRST_NAME>FOREIGN TRADE BANK"
     b"</FIRST_NAME><REFERENCE_NUMBER>KPe.047</REFERENCE_NUMBER></ENTITY></ENTITIES>"
     b"</CONSOLIDATED_LIST>"),
    ("entities.ftm.json", "ftm",
     b'{"id": "gpb", "schema": "Company", "properties": {"name": ["Gazprombank"], '
     b'"swiftBic": ["GAZPRUMM"], "country": ["ru"]}}\n{"id": "own", "schema": "Ownership", '
     b'"properties": {"owner": ["gazprom"], "asset": ["gpb"], "percentage": ["35.54"]}}\n'
     b'{"id": "p1", "schema": "Person", "properties": {"name": ["Ivan Petrov"], '
     b'"birthDate": ["1961-04-05"], "nationality": ["ru"]}}\n'),
    ("banks.json", "bank-json",
     b'{"entries": [{"country_code": "AT", "primary": true, "bic": "NABAATWWXXX", "name": '
     b'"Oesterreichische Nationalbank", "short_name": "OeNB", "bank_codes": ["00100"]}]}'),
]
ALPHABET = b',;\t|"\n\r\x00\xa3\xe2\x82\xac\xff{}[]:0123456789-./ abcxyz'


def mutate(data: bytes, rng: random.Random) -> bytes:
    data = bytearray(data)
    for _ in range(rng.randint(1, 12)):
        op = rng.randrange(4)
        position = rng.randrange(len(data) + 1)
        if op == 0 and data:
            del data[min(position, len(data) - 1)]
        elif op == 1:
            data[position:position] = bytes([rng.choice(ALPHABET)])
        elif op == 2:
            data[position:position] = data[: rng.randrange(len(data) + 1)]
        else:
            data[position:position] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
    return bytes(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    runs = refused = parsed = 0
    crashes: dict[str, bytes] = {}
    deadline = time.monotonic() + args.seconds
    with tempfile.TemporaryDirectory() as tmp:
        while time.monotonic() < deadline:
            registry = rng.random() < 0.5
            if registry:
                name, fmt, seed = rng.choice(REGISTRY_SEEDS)
                fmt = rng.choice([fmt, None])  # named, or told from the content
            else:
                name, fmt, seed = "fuzz.csv", None, rng.choice(SEEDS)
            data = mutate(seed, rng)
            path = Path(tmp) / name
            path.write_bytes(data)
            runs += 1
            try:
                if registry:
                    load_registry(path, fmt)
                else:
                    parse_file(path, jurisdiction="DE")
                parsed += 1
            except FinanceAuditError:
                refused += 1
            except Exception:  # what the fuzzer is looking for
                kind = traceback.format_exc().strip().splitlines()[-1][:160]
                crashes.setdefault(kind, data)
    print(f"{runs:,} files in {args.seconds:.0f} s: {parsed:,} parsed, {refused:,} refused "
          f"with a FinanceAuditError, {len(crashes)} kinds of unexpected exception")
    for kind, data in crashes.items():
        print(f"  {kind}\n    input: {data[:200]!r}")


if __name__ == "__main__":
    main()
