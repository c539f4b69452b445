"""End to end on synthetic filings: import, resolve, rules, report (`make bench`).

For 10,000, 100,000 and 1,000,000 flows against 1,000,000 registry entities, `finance-audit
synth` output is checked the way `finance-audit check` does it (import the filings, load the
synthetic registry and the default one, resolve every name, run the rule pack), and the
HTML report is written by `write_report`. Each size runs in a child process, so its peak memory
is its own. Prints the time per stage, the peak resident memory, how total time grows from
100,000 to 1,000,000 flows, and precision and recall of the flags against truth.csv by
category (the definition is in finance_audit/synth/score.py and in the results file), and
writes the table to bench/RESULTS.md with the machine it ran on.

Targets (issue 6): 1,000,000 flows against 1,000,000 entities in under 120 s and 6 GB; time
from 100,000 to 1,000,000 flows grows at most 11x; recall >= 0.95 and precision >= 0.90
overall and per category.

    .venv/bin/python bench/end_to_end.py [--sizes 10000 100000 1000000] [--entities 1000000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import duckdb
import polars as pl

from finance_audit import checks, resolution
from finance_audit.progress import NoTask
from finance_audit.report.html import write_html
from finance_audit.synth import generate
from finance_audit.synth.score import score

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
STAGES = ("import", "resolve", "rules", "report")
TARGET_SECONDS, TARGET_MB, TARGET_GROWTH = 120.0, 6 * 1024, 11.0
TARGET_RECALL, TARGET_PRECISION = 0.95, 0.90


def write_report(db: Path, out_dir: Path) -> Path:
    """The report stage: the investigator's HTML report of the run, as `check -o` writes it."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "report.html"
    write_html(db, path)
    return path


class _Steps:
    """A Progress that draws nothing and keeps the seconds of each step the library names
    (registry loads, indexing the registry, resolving names and donors...)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.peak_after: dict[str, float] = {}  # the process's peak memory (MB) after each step

    @contextmanager
    def task(self, description: str, total: int | None = None, unit: str = "rows"):
        started = time.perf_counter()
        try:
            yield NoTask()
        finally:
            step = ("import" if description.startswith("import") else
                    "registry load" if description.startswith("registry") else description)
            self.seconds[step] = self.seconds.get(step, 0.0) + time.perf_counter() - started
            self.peak_after[step] = _peak_mb()


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _peak_step(peaks: dict[str, float]) -> str:
    """The first step after which the process's peak memory was what it ended at."""
    top = max(peaks.values())
    return next(step for step, mb in peaks.items() if mb >= top)


def child(folder: Path, out: Path, warm: bool = False) -> None:
    """One size: check the synthetic filings, write the report, score the flags.

    Cold (the default): an empty store, so the check loads and indexes the 1,000,000-entity
    registry as part of its run. Warm: the registry was loaded into the store beforehand
    (`finance-audit registry load` and a first match, which keeps the index), as a commission
    does once and then checks each year's filings; that preparation is not timed."""
    db = folder / ("store-warm.duckdb" if warm else "store.duckdb")
    db.unlink(missing_ok=True)  # a kept folder from an earlier run: start from an empty store
    files = sorted(folder.glob("filings_*.parquet"))
    registries = [] if warm else [folder / "registry.csv"]
    if warm:
        shutil.copy(folder / "prepared.duckdb", db)
    steps = _Steps()
    result = checks.check(files, db=db, registries=registries, progress=steps)
    started = time.perf_counter()
    write_report(db, folder / "report")
    seconds = {**result.seconds, "report": time.perf_counter() - started}
    steps.peak_after["report"] = _peak_mb()
    graded = score(result.flags, pl.read_csv(folder / "truth.csv", infer_schema=False))
    out.write_text(json.dumps({
        "seconds": seconds, "steps": steps.seconds, "peak_after": steps.peak_after,
        "peak_step": _peak_step(steps.peak_after),
        "stored": sum(r.stored for r in result.imports),
        "rejected": sum(r.rejected for r in result.imports),
        "names": result.match.names, "matches": result.match.matches,
        "flags": result.flags.height,
        "rules": result.evaluation.seconds,
        "peak_mb": _peak_mb(),
        "by_category": graded.by_category.to_dicts(), "overall": graded.overall,
        # Ties in a fixed order, so the same results write the same RESULTS.md.
        "false_positives": graded.false_positives.group_by("category", "rules", "pattern")
        .len().sort(["len", "category", "rules", "pattern"], descending=[True, False, False, False],
                    nulls_last=True).head(15).to_dicts(),
        "missed": graded.missed.group_by("category", "pattern", "noise").len()
        .sort(["len", "category", "pattern", "noise"], descending=[True, False, False, False],
              nulls_last=True).head(15).to_dicts(),
        "by_noise": graded.by_noise.to_dicts(),
        "distinct_counterparties": _distinct_counterparties(db),
    }))


def _distinct_counterparties(db: Path) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT count(DISTINCT counterparty) FROM flows").fetchall()[0][0]


def machine() -> dict[str, str]:
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "unknown")
    mem = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), 0)
    return {"cpu": cpu, "cores": str(os.cpu_count()), "ram": f"{mem / 1024 ** 2:.1f} GB",
            "python": platform.python_version(), "polars": pl.__version__,
            "duckdb": duckdb.__version__, "date": dt.date.today().isoformat(),
            "load": " ".join(f"{x:.2f}" for x in os.getloadavg())}


def prepare(folder: Path) -> None:
    """The warm run's store: the registry loaded and indexed, no filings (not timed)."""
    db = folder / "prepared.duckdb"
    db.unlink(missing_ok=True)
    resolution.load_registry_files([folder / "registry.csv"], db=db)
    resolution.match_store(db)


def _warm(folder: Path) -> dict:
    subprocess.run([sys.executable, __file__, "--prepare", str(folder)], check=True)
    out = folder / "result-warm.json"
    subprocess.run([sys.executable, __file__, "--child", str(folder), str(out), "--warm"],
                   check=True)
    r = json.loads(out.read_text())
    print(f"  warm (registry loaded and indexed beforehand): {_stages(r)}", flush=True)
    return r


def _stages(r: dict) -> str:
    """One run's stages, total, peak memory, flags, precision and recall, on one line."""
    return (", ".join(f"{s} {r['seconds'][s]:.1f} s" for s in STAGES)
            + f"; total {sum(r['seconds'].values()):.1f} s, peak {r['peak_mb']:,.0f} MB; "
            f"{r['flags']:,} flags; precision {r['overall']['precision']:.3f}, recall "
            f"{r['overall']['recall']:.3f}")


def run(sizes: list[int], entities: int, seed: int, work: Path) -> dict[int, dict]:
    runs = {}
    for size in sizes:
        folder = work / f"synth-{size}"
        started = time.perf_counter()
        generate(folder, flows=size, entities=entities, seed=seed)
        print(f"synth {size:,} flows, {entities:,} entities: {time.perf_counter() - started:.1f}"
              " s (not timed below)", flush=True)
        out = folder / "result.json"
        load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
        started = time.perf_counter()
        subprocess.run([sys.executable, __file__, "--child", str(folder), str(out)], check=True)
        wall = time.perf_counter() - started
        runs[size] = json.loads(out.read_text()) | {
            "wall": wall, "load_before": load_before,
            "children_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}
        r = runs[size]
        print(f"  {size:>9,} flows (child wall {wall:.1f} s): {_stages(r)}", flush=True)
        if size == sizes[-1]:
            r["warm"] = _warm(folder)
    return runs


def report(runs: dict[int, dict], entities: int, seed: int) -> str:
    sizes = sorted(runs)
    info = machine()
    lines = [
        "# End-to-end benchmark (`bench/end_to_end.py`)", "",
        f"Machine: {info['cpu']}, {info['cores']} cores, {info['ram']} RAM; Python "
        f"{info['python']}, polars {info['polars']}, duckdb {info['duckdb']}; run on "
        f"{info['date']} (load average at the start {runs[sizes[0]]['load_before']}, at the "
        f"end {info['load']}; other work on the machine slows the figures).", "",
        f"Data: `finance-audit synth --entities {entities:,} --seed {seed}` with each number of "
        "flows; the check loads the synthetic registry and the default one (OFAC, UN, banks, "
        "curated), as `finance-audit check` does. Stages: import (filings into the store), "
        "resolve (registry load, indexing and name matching), rules (the rule pack), report "
        "(the investigator's HTML report, as `check -o report.html` writes it). Each size "
        "starts from an empty store, so its check loads and indexes the whole registry (cold). "
        "Peak memory is the peak resident set of the child process that ran the stages.", "",
        "| flows | distinct counterparties | import s | resolve s | rules s | report s | "
        "total s | peak MB | flags |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size in sizes:
        r = runs[size]
        s = r["seconds"]
        lines.append(f"| {size:,} | {r['distinct_counterparties']:,} | "
                     + " | ".join(f"{s[k]:.1f}" for k in STAGES)
                     + f" | {sum(s.values()):.1f} | {r['peak_mb']:,.0f} | {r['flags']:,} |")
    warm = runs[sizes[-1]].get("warm")
    if warm:
        w = warm["seconds"]
        lines.append(f"| {sizes[-1]:,}, warm | {warm['distinct_counterparties']:,} | "
                     + " | ".join(f"{w[k]:.1f}" for k in STAGES)
                     + f" | {sum(w.values()):.1f} | {warm['peak_mb']:,.0f} | "
                     f"{warm['flags']:,} |")
        warm_note = ["", "Warm: the same check on a store that already holds the registry and "
                  "its index (`finance-audit registry load registry.csv` and a first "
                  "`match`, not timed), as a commission checks each year's filings against a "
                  "registry it loaded once; the check reads the kept index instead of "
                  "building it."]
    else:
        warm_note = []
    steps = ("registry load", "index the registry", "resolve names", "resolve donors",
             "link records across lists")
    lines += ["", "Inside resolve (seconds; the rest is writing the matches to the store), and "
              "the step during which the process reached its peak memory:", "",
              "| flows | " + " | ".join(steps) + " | peak reached in | peak MB after indexing |",
              "|---:|" + "---:|" * len(steps) + "---|---:|"]
    for size in sizes:
        got = runs[size].get("steps", {})
        after = runs[size].get("peak_after", {})
        lines.append(f"| {size:,} | " + " | ".join(f"{got.get(k, 0):.1f}" for k in steps)
                     + f" | {runs[size].get('peak_step', '?')} | "
                     f"{after.get('index the registry', 0):,.0f} |")
    if warm:
        got, after = warm.get("steps", {}), warm.get("peak_after", {})
        lines.append(f"| {sizes[-1]:,}, warm | " + " | ".join(f"{got.get(k, 0):.1f}"
                                                            for k in steps)
                     + f" | {warm.get('peak_step', '?')} | "
                     f"{after.get('index the registry', 0):,.0f} |")
    lines += warm_note
    total = {k: sum(runs[k]["seconds"].values()) for k in sizes}
    lines.append("")
    if 100_000 in total and 1_000_000 in total:
        growth = total[1_000_000] / total[100_000]
        lines.append(f"Total time grows {growth:.1f}x from 100,000 to 1,000,000 flows "
                     f"(target at most {TARGET_GROWTH:.0f}x).")
    if 1_000_000 in runs:
        big = runs[1_000_000]
        lines.append(f"1,000,000 flows: {total[1_000_000]:.1f} s (target {TARGET_SECONDS:.0f} "
                     f"s), peak {big['peak_mb']:,.0f} MB (target {TARGET_MB:,} MB).")
    lines += _where_it_goes(runs)
    largest = runs[sizes[-1]]
    lines += [
        "", f"## Precision and recall at {sizes[-1]:,} flows", "",
        "A flag is about its first flow (`flow_ids[0]`, the flow the rule flagged). For each "
        "category the flagged set is the flows with at least one flag of that category at "
        "severity low or above; the expected set is the flows whose truth.csv row lists the "
        "category in `expect` (the planted flow a rule should flag, and the categories it "
        "should raise besides; supporting flows of a pattern and decoys expect none). "
        "Precision = |flagged and expected| / |flagged|, recall = |flagged and expected| / "
        "|expected|; overall over all (flow, category) pairs. Flags on background flows and "
        "on decoys count against precision. Info flags are left out: the only one, FA701 where "
        "no filing of the jurisdiction carries company numbers, says the register format "
        "lacks the column, not that the flow is suspect.", "",
        "| category | expected | flagged | found | precision | recall |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for row in largest["by_category"]:
        lines.append(f"| {row['category']} | {row['expected']:,} | {row['flagged']:,} | "
                     f"{row['found']:,} | {row['precision'] or 0:.3f} | {row['recall']:.3f} |")
    o = largest["overall"]
    lines.append(f"| **overall** | {o['expected']:,} | {o['flagged']:,} | {o['found']:,} | "
                 f"{o['precision']:.3f} | {o['recall']:.3f} |")
    lines += ["", "Recall by the filer noise on the name the pattern turns on:", "",
              "| noise | expected | found | recall |", "|---|---:|---:|---:|"]
    lines += [f"| {n['noise']} | {n['expected']:,} | {n['found']:,} | {n['recall']:.3f} |"
              for n in largest["by_noise"]]
    lines += ["", "Overall by size: " + "; ".join(
        f"{k:,} flows precision {runs[k]['overall']['precision']:.3f} recall "
        f"{runs[k]['overall']['recall']:.3f}" for k in sizes) + ".", ""]
    if largest["false_positives"]:
        lines += ["Unexpected flags (category, rules, pattern: null = background):", ""]
        lines += [f"- {f['category']} {f['rules']} {f['pattern']}: {f['len']:,}"
                  for f in largest["false_positives"]]
    if largest["missed"]:
        lines += ["", "Missed (category, pattern, filer noise):", ""]
        lines += [f"- {m['category']} {m['pattern']} {m['noise']}: {m['len']:,}"
                  for m in largest["missed"]]
    return "\n".join(lines) + "\n"


def _where_it_goes(runs: dict[int, dict]) -> list[str]:
    """A few sentences, from the figures, on which stage dominates the largest run and why."""
    sizes = sorted(runs)
    big, small = runs[sizes[-1]], runs[sizes[0]]
    seconds, steps = big["seconds"], big.get("steps", {})
    total = sum(seconds.values())
    top = max(STAGES, key=lambda k: seconds[k])
    index = steps.get("index the registry", 0.0)
    after = big.get("peak_after", {})
    return [
        "", f"## Where the time and memory go at {sizes[-1]:,} flows", "",
        f"- {top} takes {seconds[top]:.1f} s of {total:.1f} s ({seconds[top] / total:.0%}). "
        f"Inside resolve: loading the registries {steps.get('registry load', 0):.1f} s, "
        f"indexing them (every entity's names normalized and blocking keys built) {index:.1f} "
        f"s, resolving the names of the flows ({big['distinct_counterparties']:,} distinct "
        f"counterparties) {steps.get('resolve names', 0):.1f} s, donors "
        f"{steps.get('resolve donors', 0):.1f} s, linking the matched entities to their records "
        f"on other lists {steps.get('link records across lists', 0):.1f} s. On an empty store "
        f"the index is built "
        f"whatever the number of flows ({small.get('steps', {}).get('index the registry', 0):.1f}"
        f" s at {sizes[0]:,} flows) and kept; a warm check reads it in "
        f"{big.get('warm', {}).get('steps', {}).get('index the registry', 0):.1f} s.",
        f"- rules {seconds['rules']:.1f} s, import {seconds['import']:.1f} s, report "
        f"{seconds['report']:.1f} s.",
        f"- Peak memory {big['peak_mb']:,.0f} MB, reached in \"{big.get('peak_step', '?')}\"; "
        f"after indexing the registry the process held {after.get('index the registry', 0):,.0f}"
        f" MB ({small.get('peak_after', {}).get('index the registry', 0):,.0f} MB at "
        f"{sizes[0]:,} flows).",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--entities", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="write the synthetic data here and keep it")
    parser.add_argument("--child", nargs=2, type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--warm", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--prepare", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        prepare(args.prepare)
        return
    if args.child:
        child(*args.child, warm=args.warm)
        return
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        runs = run(sorted(args.sizes), args.entities, args.seed, work)
    text = report(runs, args.entities, args.seed)
    RESULTS.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
