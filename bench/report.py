"""HTML report bench: a report of at least 10,000 flags, its size, and how soon it becomes
interactive in headless Chromium.

Generates canonical filings built to flag (foreign donations in DE, loans from foreign banks
in FR, money passed on through associations, company donors without a number) plus a
registry of the foreign banks and donors, runs `check` on them with the default registry,
writes the HTML report, then opens it in Debian's Chromium through Playwright and times it
from navigation to the page's script having wired the filters (body[data-ready]), and one
filter change. Targets (issue 5): under 15 MB, interactive in under 3 s.

    .venv/bin/python bench/report.py [--flows 9000] [--runs 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl

from finance_audit import checks
from finance_audit.report.html import write_html

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
FOREIGN = ["RU", "US", "CH", "CN", "AE", "TR", "RS", "BY", "KZ", "IR"]
FIRST = ["Ivan", "Olga", "Dmitri", "Anna", "John", "Mary", "Li", "Wei", "Ahmed", "Fatima",
         "Sergei", "Elena", "Marco", "Giulia", "Hans", "Petra"]
LAST = ["Petrov", "Smirnova", "Ivanov", "Kuznetsova", "Smith", "Johnson", "Zhang", "Wang",
        "Al-Farsi", "Yilmaz", "Jovanovic", "Novak", "Rossi", "Bianchi", "Schmidt", "Weber"]


def filings(n: int, seed: int = 7) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Flows of four kinds that the rule pack flags, and a registry of their foreign parties."""
    rng = np.random.default_rng(seed)
    quarter = n // 4
    start = dt.date(2015, 1, 1)
    days = rng.integers(0, 3000, n)
    dates = [(start + dt.timedelta(days=int(d))).isoformat() for d in days]
    people = [f"{FIRST[a]} {LAST[b]} {i}" for i, (a, b) in
              enumerate(zip(rng.integers(0, 16, n), rng.integers(0, 16, n), strict=True))]
    parties_de = [f"Partei {c}" for c in "ABCDEFGH"]
    parties_fr = [f"Parti {c}" for c in "ABCDEFGH"]
    rows = []
    for i in range(quarter):  # foreign donations above DE's threshold
        rows.append({"flow_id": f"D{i}", "jurisdiction": "DE",
                     "recipient": parties_de[i % 8], "kind": "donation",
                     "counterparty": people[i], "counterparty_type": "individual",
                     "counterparty_country": FOREIGN[i % 10],
                     "amount": f"{1500 + (i * 37) % 40000}", "currency": "EUR",
                     "date": dates[i]})
    for i in range(quarter):  # loans from foreign banks in FR
        rows.append({"flow_id": f"L{i}", "jurisdiction": "FR",
                     "recipient": parties_fr[i % 8], "kind": "loan",
                     "counterparty": f"Bench Bank {i % 400} AO", "counterparty_type": "bank",
                     "counterparty_country": FOREIGN[i % 10],
                     "amount": f"{100000 + (i * 911) % 900000}", "currency": "EUR",
                     "date": dates[quarter + i], "interest_rate": "0.5",
                     "end_date": "2030-01-01", "status": "outstanding"})
    for i in range(quarter // 2):  # foreign money into an association, passed on to a party
        day = dt.date.fromisoformat(dates[2 * quarter + i])
        association = f"Verein {i % 300}"
        rows.append({"flow_id": f"P{i}a", "jurisdiction": "AT",
                     "recipient": association, "recipient_type": "association",
                     "kind": "donation", "counterparty": f"Holding {i % 500} Ltd",
                     "counterparty_type": "company", "counterparty_country": "CY",
                     "amount": "50000", "currency": "EUR", "date": day.isoformat()})
        rows.append({"flow_id": f"P{i}b", "jurisdiction": "AT",
                     "recipient": f"Partei {i % 5}", "kind": "donation",
                     "counterparty": association, "counterparty_type": "association",
                     "counterparty_country": "AT", "amount": "48000", "currency": "EUR",
                     "date": (day + dt.timedelta(days=10)).isoformat()})
    for i in range(quarter):  # company donors without a registration number
        rows.append({"flow_id": f"C{i}", "jurisdiction": "DE",
                     "recipient": parties_de[i % 8], "kind": "donation",
                     "counterparty": f"Muster {i} GmbH", "counterparty_type": "company",
                     "counterparty_country": "DE", "amount": f"{300 + i % 900}",
                     "currency": "EUR", "date": dates[3 * quarter + i % quarter]})
    flows = pl.DataFrame(rows, infer_schema_length=None)
    banks = pl.DataFrame({
        "entity_id": [f"bench-bank-{i}" for i in range(400)],
        "name": [f"Bench Bank {i} AO" for i in range(400)],
        "kind": ["bank"] * 400,
        "country": [FOREIGN[i % 10] for i in range(400)],
        "topics": ["fin.bank" + (";gov.soe" if i % 3 == 0 else "") for i in range(400)],
        "source": ["bench"] * 400,
    })
    return flows, banks


def browser_times(path: Path, runs: int) -> tuple[list[float], list[float], list[float]]:
    """Seconds from navigation to interactive, DOMContentLoaded as Chromium measured it, and
    a filter change; one fresh page per run."""
    from playwright.sync_api import sync_playwright

    ready, dom, filtering = [], [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            started = time.perf_counter()
            page.goto(path.resolve().as_uri(), wait_until="commit")
            page.wait_for_selector("body[data-ready='1']", state="attached", timeout=60_000)
            ready.append(time.perf_counter() - started)
            dom.append(page.evaluate(
                "() => performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")
                / 1000)
            started = time.perf_counter()
            page.select_option("#f-severity", "medium")
            page.inner_text("#shown")
            filtering.append(time.perf_counter() - started)
            page.close()
        browser.close()
    return ready, dom, filtering


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--flows", type=int, default=9000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        flows, registry = filings(args.flows)
        flows.write_csv(folder / "flows.csv")
        registry.write_csv(folder / "banks.csv")
        db = folder / "bench.duckdb"
        started = time.perf_counter()
        result = checks.check([folder / "flows.csv"], db=db, registries=[folder / "banks.csv"])
        check_seconds = time.perf_counter() - started
        flags = result.flags
        out = folder / "report.html"
        started = time.perf_counter()
        write_html(db, out)
        render_seconds = time.perf_counter() - started
        size = out.stat().st_size
        by_rule = flags.group_by("rule").len().sort("rule").iter_rows()
        print(f"flows {flows.height:,}; flags {flags.height:,} "
              f"({', '.join(f'{r} {n:,}' for r, n in by_rule)})")
        print(f"check (import, resolve, rules): {check_seconds:.1f} s; "
              f"HTML written in {render_seconds:.1f} s")
        print(f"report size: {size / 1e6:.2f} MB ({size / max(flags.height, 1):,.0f} bytes "
              f"a flag; target < 15 MB)")
        ready, dom, filtering = browser_times(out, args.runs)
        print(f"headless Chromium, {args.runs} runs: interactive after "
              f"{statistics.median(ready):.2f} s median (runs "
              f"{', '.join(f'{t:.2f}' for t in ready)}; target < 3 s); "
              f"DOMContentLoaded {statistics.median(dom):.2f} s; "
              f"one filter change {statistics.median(filtering) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
