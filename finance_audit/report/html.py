"""The investigator's report: one self-contained HTML file (styles, script and charts inline,
nothing fetched), readable offline and printable.

The overview, rules, precedents and manifest are rendered here through Jinja's autoescaping.
The flag list and the cards are drawn by the page's own script from the flags embedded as
JSON (each flow, entity and provision once, however many flags share it: a report of 10,000
flags stays small and opens at once), with DOM text nodes only, never markup built from data.
The Content Security Policy lets only that script run (by hash) and forbids every request,
so a donor named `<img src=x onerror=…>` is text, twice over.
"""

from __future__ import annotations

import base64
import gc
import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import jinja2
from markupsafe import Markup

from finance_audit.report import charts
from finance_audit.report.context import ReportData, gather


def _asset(name: str) -> str:
    return resources.files("finance_audit.report").joinpath("templates", name).read_text("utf-8")


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("finance_audit.report", "templates"),
        autoescape=True, trim_blocks=True, lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    return env


def _charts(data: ReportData) -> dict[str, object]:
    o = data.overview
    return {
        "severity": charts.hbars("Flags by severity", o["severity"],
                                 colours=charts.SEVERITY_COLOURS),
        "category": charts.hbars("Flags by category", o["category"]),
        "rule": charts.hbars("Flags by rule", o["rule"]),
        "recipient": charts.hbars("Flags by recipient", o["recipient"]),
        "year": charts.hbars("Flags by year", o["year"]),
        "money": charts.hbars("Money in flagged flows by category", o["money_category"],
                              money=True),
        "timeline": charts.timeline("Flagged amounts over time", o["timeline"]),
    }


def _json_for_html(payload: dict) -> Markup:
    """JSON inside a <script> element: `<`, `>` and `&` as \\u escapes, so no filed value can
    close the element or open another."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return Markup(text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e"))


def render_html(data: ReportData) -> str:
    """The report as one HTML document."""
    script = _asset("report.js")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    template = _environment().get_template("report.html.j2")
    return template.render(
        total=len(data.payload["flags"]), data=_json_for_html(data.payload),
        o=data.overview, m=data.manifest, choices=data.choices, rules=data.rules,
        precedents=data.precedents, charts=_charts(data), css=Markup(_asset("report.css")),
        script=Markup(script), script_hash=f"sha256-{digest}",
    )


def write_html(db: str | Path, output: Path) -> int:
    """Write the report of the store's last rule run to `output`; returns the flags in it."""
    with _without_cycle_collection():
        data = gather(db)
        output.write_text(render_html(data), encoding="utf-8")
    return len(data.payload["flags"])


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Gathering a large report makes millions of small dicts and lists, none in a cycle;
    Python's cycle collector would rescan them again and again as they pile up (half the
    time of a 30,000-flag report). Reference counting still frees them."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
