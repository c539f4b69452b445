"""Cut the real-data excerpts in fixtures/real from ../shared/data (run by hand, not in CI).

Byte-exact slices: the excerpts keep each source's encoding, BOM and line endings, so the
tests meet the real quirks. See fixtures/SOURCES.md for what each file is.
"""

from __future__ import annotations

import shutil
from pathlib import Path

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
OUT = Path(__file__).resolve().parents[1] / "fixtures" / "real"


def lines(path: Path) -> list[bytes]:
    return path.read_bytes().split(b"\n")


def records(path: Path, keep) -> bytes:
    """Header plus the physical lines whose index `keep` accepts (line 0 is the header)."""
    source = lines(path)
    chosen = [source[0]] + [line for i, line in enumerate(source[1:], 1) if keep(i, line)]
    return b"\n".join(chosen) + b"\n"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    uk = DATA / "uk-ec-donations"
    q1 = lines(uk / "Q1_2024.csv")
    impermissible = {i for i, line in enumerate(q1) if b"Impermissible Donor" in line}
    (OUT / "uk-ec-donations-Q1_2024-excerpt.csv").write_bytes(
        records(uk / "Q1_2024.csv", lambda i, _: i <= 40 or i in impermissible)
    )
    q1_refs = {line.split(b",")[0] for i, line in enumerate(q1) if i <= 40}
    jan_may = lines(uk / "jan_may_2024.csv")
    shared = [i for i, line in enumerate(jan_may) if line.split(b",")[0] in q1_refs][:10]
    fresh = list(range(1, 21))
    (OUT / "uk-ec-donations-jan_may_2024-excerpt.csv").write_bytes(
        records(uk / "jan_may_2024.csv", lambda i, _: i in shared or i in fresh)
    )
    shutil.copyfile(uk / "data2024_prepoll1_2024.csv", OUT / "uk-ec-donations-prepoll1_2024.csv")

    pef = DATA / "uk-ec-pef"
    last = len(lines(pef / "donations-2005.csv")) - 2
    (OUT / "uk-pef-donations-2005-excerpt.csv").write_bytes(
        records(pef / "donations-2005.csv", lambda i, _: i <= 40 or i == last)
    )
    # Lines 330-350 hold a record whose donor name runs over four physical lines.
    (OUT / "uk-pef-donations-2012-excerpt.csv").write_bytes(
        records(pef / "donations-2012.csv", lambda i, _: i <= 5 or 330 <= i <= 350)
    )
    (OUT / "uk-pef-loans-2010-excerpt.csv").write_bytes(
        records(pef / "loans-2010.csv", lambda i, _: i <= 30)
    )
    shutil.copyfile(pef / "loans-2014-so-far.csv", OUT / "uk-pef-loans-2014-so-far.csv")
    shutil.copyfile(DATA / "de-donations" / "donations.csv", OUT / "de-bundestag-donations.csv")
    shutil.copyfile(DATA / "nl-donations" / "giften_2023.ods", OUT / "nl-bzk-giften_2023.ods")


if __name__ == "__main__":
    main()
