"""Fuzz the readers and cleaners (`make fuzz`, not in CI): random and mutated files must
either parse or raise a FinanceAuditError, never anything else.

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

SEEDS = [
    b"recipient,kind,counterparty,amount,date,jurisdiction\nP,donation,D,100,2021-01-01,DE\n",
    b'"EC reference","Entity name","Donor name","Donor type","Value","Accepted date"\n'
    b'"C1","Labour Party","A, B","Individual","\xa31,000.00","01/02/2005"\n',
    b'[{"recipient": "P", "kind": "loan", "counterparty": "B", "amount": 5, '
    b'"date": "2020-01-01", "jurisdiction": "FR"}]',
    b"\xef\xbb\xbfrecipient;kind;counterparty;amount;date\nP;donation;D;1.234,56;01.02.2021\n",
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
        path = Path(tmp) / "fuzz.csv"
        while time.monotonic() < deadline:
            data = mutate(rng.choice(SEEDS), rng)
            path.write_bytes(data)
            runs += 1
            try:
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
