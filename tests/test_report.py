"""The HTML report, read as HTML: every flag's card with its evidence, the manifest, hostile
names as text, the same report for the same inputs. Browser checks: test_report_browser.py."""

from __future__ import annotations

import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from finance_audit import reviews
from finance_audit.checks import stored_flags
from finance_audit.cli import app
from tests.conftest import ROOT, SCENARIOS

runner = CliRunner()
CORPUS = ROOT / "tests" / "corpus"
SCENARIO_FILES = sorted(str(p.relative_to(ROOT)) for p in SCENARIOS.glob("*.csv")
                        if p.name != "registry.csv")
RUN_AT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00")


def cli(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def check_html(db: Path, out: Path, files: list[str], registry: Path) -> None:
    result = cli("check", *files, "--registry", registry, "--no-default-registry",
                 "--db", db, "-o", out)
    assert result.exit_code == 0, result.output


class Page(HTMLParser):
    """The parts of a page the tests look at: tags with attributes, cards, text."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)
        else:
            self.text.append(data)

    def cards(self) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == "details" and "flag" in (a.get("class") or "")]


@pytest.fixture(scope="module")
def scenario_report(tmp_path_factory, monkeypatch_module):
    folder = tmp_path_factory.mktemp("report")
    db, out = folder / "store.duckdb", folder / "report.html"
    check_html(db, out, SCENARIO_FILES, SCENARIOS / "registry.csv")
    flags, _ = stored_flags(db)
    return db, out, flags


@pytest.fixture(scope="module")
def monkeypatch_module():
    # Store paths are kept as given: run from the repository so they read the same everywhere.
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        yield patch


def test_every_flag_has_a_card_with_its_data_for_the_filters(scenario_report):
    _, out, flags = scenario_report
    cards = Page(out.read_text(encoding="utf-8")).cards()
    assert [c["id"] for c in cards] == [f"flag-{i}" for i in flags["flag_id"]]
    assert [(c["data-severity"], c["data-category"], c["data-recipient"],
             c["data-jurisdiction"], c["data-year"]) for c in cards] == [
        (r["severity"], r["category"], r["recipient"], r["jurisdiction"], str(r["date"].year))
        for r in flags.iter_rows(named=True)]
    assert flags.height == 74


def card_text(html: str, flag_id: str) -> str:
    start = html.index(f'id="flag-{flag_id}"')
    return html[start:html.index("</details>\n", start)]


def test_a_card_shows_flows_source_rows_match_chain_precedent_and_law(scenario_report):
    _, out, flags = scenario_report
    html = out.read_text(encoding="utf-8")
    row = flags.filter(pl.col("rule") == "FA203").row(0, named=True)
    card = card_text(html, row["flag_id"])
    assert ("Front National&#39;s loan of EUR 9,400,000.00 from First Czech-Russian Bank "
            "(FN-2014-001, 2014-09-01) passed from First Czech-Russian Bank to Konti LLC on "
            "2016-03-01 (not a bank: company, in RU, outside FR)") in card
    # the flows, with the file and row they came from and the record as filed
    assert "fixtures/scenarios/fn_fcrb_loan_2014.csv, row 3" in card
    assert "fixtures/scenarios/fn_fcrb_loan_2014.csv, row 2" in card
    assert "<dt>assigned_to</dt><dd>Konti LLC</dd>" in card
    # the registry entity, the name that matched and the explanation
    assert "<b>Konti LLC</b> (konti): company, RU" in card
    assert "“Konti LLC” matched “Konti LLC” with score 1.00 (match)" in card
    assert "tokens [konti=konti 1.0]" in card
    # the chain as hops, the precedent, the law in force on the date
    assert re.findall(r'<li class="node">([^<]*)</li>', card) == [
        "First Czech-Russian Bank", "Konti LLC"]
    assert '<a href="#precedent-fn_fcrb_loan_2014">Front National loan from First Czech-Russian' \
        in card
    assert "In force in FR on 2016-03-01:" in card
    assert "<b>loans_from</b> = any" in card
    assert 'id="precedent-fn_fcrb_loan_2014"' in html
    assert "https://securingdemocracy.gmfus.org/incident/french-far-right-party" in html


def test_the_law_shown_is_the_law_on_the_flows_date(scenario_report):
    _, out, flags = scenario_report
    html = out.read_text(encoding="utf-8")
    fa202 = flags.filter(pl.col("rule") == "FA202").sort("date").row(0, named=True)
    card = card_text(html, fa202["flag_id"])
    assert f"In force in FR on {fa202['date'].isoformat()}:" in card
    assert "<b>loans_from</b> = eu_eea_credit_institutions_and_natural_persons" in card


def test_manifest_names_tool_rules_registries_and_input_files(scenario_report):
    db, out, _ = scenario_report
    html = out.read_text(encoding="utf-8")
    for name in SCENARIO_FILES:
        digest = hashlib.sha256((ROOT / name).read_bytes()).hexdigest()
        assert f"<td>{name}</td><td class=\"mono\">{digest}</td>" in html
    for rule in sorted((ROOT / "rules").glob("FA*.yaml")):
        version = hashlib.sha256(rule.read_bytes()).hexdigest()[:12]
        assert f"<td>{rule.stem}</td>" in html and f"<td>{version}</td>" in html
    assert "<th>setting match_threshold</th><td>0.85 (default)</td>" in html
    assert "<th>setting default_registry</th><td>False (command line)</td>" in html
    # the scenario registry: 36 entities, 130 aliases, 8 ownership edges
    assert re.search(r"<td>registry</td><td>canonical</td><td>[0-9a-f]{16}</td><td>36</td>"
                     r"<td>130</td><td>8</td><td>no</td>", html)


def test_overview_counts_and_money(scenario_report):
    _, out, flags = scenario_report
    html = out.read_text(encoding="utf-8")
    assert f"<b>{flags.height}</b>open flags" in html
    for severity, n in flags.group_by("severity").len().iter_rows():
        assert f'<div class="tile sev-{severity}"><b>{n}</b>{severity}</div>' in html
    assert html.count("<svg") == 7


def test_same_inputs_give_the_same_report_apart_from_the_time(tmp_path, monkeypatch):
    files = [str(SCENARIOS / f"{name}.csv") for name in
             ("fn_fcrb_loan_2014", "afd_swiss_donations_2017", "fpo_ibiza_2017")]
    pages = []
    for run in ("first", "second"):
        (tmp_path / run).mkdir()
        monkeypatch.chdir(tmp_path / run)
        check_html(Path("s.duckdb"), Path("r.html"), files, SCENARIOS / "registry.csv")
        pages.append(Path("r.html").read_text(encoding="utf-8"))
    assert len(RUN_AT.findall(pages[0])) == 2  # the header and the manifest
    assert RUN_AT.sub("TIME", pages[0]) == RUN_AT.sub("TIME", pages[1])


def test_dismissed_flags_are_shown_apart_and_not_counted(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    db, out = tmp_path / "s.duckdb", tmp_path / "r.html"
    files = [str((SCENARIOS / "fn_fcrb_loan_2014.csv").relative_to(ROOT))]
    check_html(db, out, files, SCENARIOS / "registry.csv")
    flags, _ = stored_flags(db)
    target = flags.row(0, named=True)["flag_id"]
    reviews.record(target, "dismissed", "lawful in 2014", reviewer="A. Auditor", db=db)
    assert cli("report", "--db", db, "-o", out).exit_code == 0
    html = out.read_text(encoding="utf-8")
    dismissed = html[html.index('<div id="dismissed-list">'):]
    assert f'id="flag-{target}"' in dismissed
    assert html.count(f'id="flag-{target}"') == 1
    assert f"<b>{flags.height - 1}</b>open flags" in html
    assert "dismissed by A. Auditor on " in card_text(html, target)
    assert ": lawful in 2014</p>" in card_text(html, target)


def test_hostile_names_are_text_in_html_and_neutralized_in_csv(tmp_path):
    db, out = tmp_path / "h.duckdb", tmp_path / "h.html"
    check_html(db, out, [str(CORPUS / "hostile-flags.csv")], CORPUS / "hostile-registry.csv")
    html = out.read_text(encoding="utf-8")
    page = Page(html)
    # Only the page's own markup: one script (ours), no handlers, nothing loaded from anywhere.
    assert [t for t, _ in page.tags if t in ("script", "img", "iframe", "svg", "a", "b")] \
        .count("script") == 1
    assert "".join(page.scripts).strip() == (
        ROOT / "finance_audit/report/templates/report.js").read_text(encoding="utf-8").strip()
    assert not [(t, k) for t, a in page.tags for k in a if k.startswith("on")]
    assert not [t for t, a in page.tags if "src" in a]
    assert not [t for t, _ in page.tags if t in ("img", "iframe")]
    assert sum(t == "svg" for t, _ in page.tags) == 7  # the charts
    hrefs = {a["href"] for t, a in page.tags if t == "a"}
    assert all(h.startswith(("#", "https://")) and "x.invalid" not in h for h in hrefs), hrefs
    text = "".join(page.text)
    for name in ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
                 '"><svg onload=alert(1)>', "</script><script>alert(2)</script>",
                 "Wicked Bank & Co <b>", '<iframe src="http://x.invalid"></iframe>'):
        assert name in text, name
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "default-src 'none'" in html
    csv = cli("report", "--db", db, "--format", "csv")
    assert csv.exit_code == 0
    exported = pl.read_csv(csv.stdout.encode("utf-8"))
    assert sorted(exported["recipient"].to_list()) == [
        '"><svg onload=alert(1)>', "'=HYPERLINK(\"http://x.invalid\";\"click\")",
        "Partei B", "Partei B"]


def test_report_needs_a_rule_run_and_a_file(tmp_path):
    empty = tmp_path / "e.duckdb"
    assert cli("import", SCENARIOS / "fn_fcrb_loan_2014.csv", "--db", empty).exit_code == 0
    result = cli("report", "--db", empty, "-o", tmp_path / "r.html")
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"finance-audit: {empty}: this store has no rule run to report; run finance-audit "
        "check first"]
    assert not (tmp_path / "r.html").exists()


def test_check_takes_the_format_from_the_output_suffix(tmp_path):
    db = tmp_path / "s.duckdb"
    files = [SCENARIOS / "pvv_horowitz_2015.csv"]
    ok = cli("check", *files, "--no-default-registry", "--db", db, "-o", tmp_path / "r.html")
    assert ok.exit_code == 0, ok.output
    assert (tmp_path / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    bad = cli("check", "--no-default-registry", "--db", db, "-o", tmp_path / "r.txt")
    assert bad.exit_code == 2
    assert "cannot tell the format from r.txt" in bad.output
    html = cli("report", "--db", db, "--format", "html")
    assert html.exit_code == 2 and "--format html needs -o FILE" in html.output
