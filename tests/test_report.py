"""The HTML report, read as HTML: every flag with its evidence in the page's data, the
overview and manifest, hostile names kept as data, the same report for the same inputs.
The cards as a reader sees them are checked in a browser: test_report_browser.py."""

from __future__ import annotations

import hashlib
import json
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
    """The parts of a page the tests look at: tags with attributes, scripts, text."""

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


def report_data(html: str) -> dict:
    """The flags, flows, entities and law the page's script draws the list and cards from."""
    start = html.index('<script type="application/json" id="report-data">')
    start = html.index(">", start) + 1
    return json.loads(html[start:html.index("</script>", start)])


def test_every_flag_is_in_the_page_with_what_the_filters_read(scenario_report):
    _, out, flags = scenario_report
    data = report_data(out.read_text(encoding="utf-8"))
    assert [(f["i"], f["s"], f["c"], f["to"], f["j"], f["y"], f["why"], f["f"])
            for f in data["flags"]] == [
        (r["flag_id"], r["severity"], r["category"], r["recipient"], r["jurisdiction"],
         str(r["date"].year), r["reason"], r["flow_ids"]) for r in flags.iter_rows(named=True)]
    assert flags.height == 74
    # each flow once, however many flags share it
    assert sorted(data["flows"]) == sorted(set(flags["flow_ids"].explode().to_list()))


def test_a_flag_carries_flows_source_rows_match_chain_precedent_and_law(scenario_report):
    _, out, flags = scenario_report
    data = report_data(out.read_text(encoding="utf-8"))
    row = flags.filter(pl.col("rule") == "FA203").row(0, named=True)
    flag = next(f for f in data["flags"] if f["i"] == row["flag_id"])
    assert flag["why"] == (
        "Front National's loan of EUR 9,400,000.00 from First Czech-Russian Bank "
        "(FN-2014-001, 2014-09-01) passed from First Czech-Russian Bank to Konti LLC on "
        "2016-03-01 (not a bank: company, in RU, outside FR)")
    assigned = data["flows"]["FN-2014-002"]
    assert (data["files"][assigned["src"]], assigned["row"]) == (
        "fixtures/scenarios/fn_fcrb_loan_2014.csv", 3)
    assert {k: assigned[k] for k in ("k", "fr", "cc", "to", "a", "cur", "eur", "d", "as")} == {
        "k": "loan_change", "fr": "Konti LLC", "cc": "RU", "to": "Front National",
        "a": 9400000.0, "cur": "EUR", "eur": 9400000.0, "d": "2016-03-01", "as": "Konti LLC"}
    assert ["assigned_to", "Konti LLC"] in assigned["raw"]
    assert data["entities"]["konti"]["n"] == "Konti LLC"
    assert data["entities"]["konti"]["c"] == "RU"
    (match,) = data["matches"]["FN-2014-002\tkonti"]
    assert match[:5] == ["assigned_to and counterparty", "Konti LLC", "Konti LLC", 1.0, "match"]
    assert "tokens [konti=konti 1.0]" in match[5]
    assert flag["ch"] == [[{"from": "First Czech-Russian Bank", "to": "Konti LLC",
                            "amount_eur": 9400000.0, "date": "2016-03-01"}]]
    assert flag["p"] == ["fn_fcrb_loan_2014"]
    assert data["precedents"]["fn_fcrb_loan_2014"].startswith(
        "Front National loan from First Czech-Russian Bank")
    assert [data["law"][i][:2] for i in flag["law"]] == [["loans_from", "any"]]
    assert data["refs"][flag["rf"]][0].startswith("FR: Loi 88-227")
    html = out.read_text(encoding="utf-8")
    assert 'id="precedent-fn_fcrb_loan_2014"' in html
    assert "https://securingdemocracy.gmfus.org/incident/french-far-right-party" in html


def test_the_law_shown_is_the_law_on_the_flows_date(scenario_report):
    _, out, flags = scenario_report
    data = report_data(out.read_text(encoding="utf-8"))
    fa202 = flags.filter(pl.col("rule") == "FA202").sort("date").row(0, named=True)
    flag = next(f for f in data["flags"] if f["i"] == fa202["flag_id"])
    assert fa202["date"].isoformat() == "2019-01-01"
    (provision,) = [data["law"][i] for i in flag["law"]]
    assert provision[:5] == ["loans_from", "eu_eea_credit_institutions_and_natural_persons",
                             "Loi 88-227 art. 11-4 and 11-3-1 (loi 2017-1339 art. 25)",
                             "2018-01-01", ""]


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
    (flag,) = [f for f in report_data(html)["flags"] if f["i"] == target]
    assert flag["rv"][0:3] == ["dismissed", "lawful in 2014", "A. Auditor"]
    assert f"<b>{flags.height - 1}</b>open flags" in html
    assert "(1 dismissed in review, listed last)" in html


def test_hostile_names_are_text_in_html_and_neutralized_in_csv(tmp_path):
    db, out = tmp_path / "h.duckdb", tmp_path / "h.html"
    check_html(db, out, [str(CORPUS / "hostile-flags.csv")], CORPUS / "hostile-registry.csv")
    html = out.read_text(encoding="utf-8")
    page = Page(html)
    # Only the page's own markup: its data and its script, no handlers, nothing loaded.
    scripts = [a for t, a in page.tags if t == "script"]
    assert scripts == [{"type": "application/json", "id": "report-data"}, {}]
    assert page.scripts[-1].strip() == (
        ROOT / "finance_audit/report/templates/report.js").read_text(encoding="utf-8").strip()
    assert not [(t, k) for t, a in page.tags for k in a if k.startswith("on")]
    assert not [t for t, a in page.tags if "src" in a]
    assert not [t for t, _ in page.tags if t in ("img", "iframe")]
    assert sum(t == "svg" for t, _ in page.tags) == 7  # the charts
    hrefs = {a["href"] for t, a in page.tags if t == "a"}
    assert all(h.startswith(("#", "https://")) and "x.invalid" not in h for h in hrefs), hrefs
    # In the data the names are intact, and no < can close the element they sit in.
    data = report_data(html)
    assert sorted(f["fr"] for f in data["flags"]) == [
        "<img src=x onerror=alert(1)>", "<img src=x onerror=alert(1)>",
        "<script>alert(1)</script>", "Wicked Bank & Co <b>"]
    assert ["description", "</script><script>alert(2)</script>"] in data["flows"]["HX-1"]["raw"]
    assert data["entities"]["evil<1>"]["al"] == ['<iframe src="http://x.invalid"></iframe>']
    # the recipient is also a chart label and a filter option: text there, escaped
    assert '"><svg onload=alert(1)>' in "".join(page.text)
    for raw in ("<script>alert", "<img", "<iframe", "<svg onload", "</script><script>"):
        assert raw not in html
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in html
    # the recipient name is in the filter's options, escaped by the template
    assert "<option>&#34;&gt;&lt;svg onload=alert(1)&gt;</option>" in html
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


def test_a_listed_persons_birth_dates_and_other_record_are_in_the_card(tmp_path):
    # A made-up person on two made-up lists, given a birth date of each precision the
    # lists use on one of them, and a year on the other.
    scenario = ROOT / "tests" / "data" / "listed-person"
    db, out = tmp_path / "s.duckdb", tmp_path / "r.html"
    result = cli("check", scenario / "gifts.csv", "--registry", scenario / "registry.csv",
                 "--registry", scenario / "other-list.csv", "--no-default-registry",
                 "--db", db, "-o", out)
    assert result.exit_code == 0, result.output
    data = report_data(out.read_text(encoding="utf-8"))
    assert data["entities"]["p1"]["b"] == ["1961-04-05", "1955~", "1960/1962"]
    assert data["entities"]["p1"]["x"] == [[
        "p2", "TESTOVIC, Ivo",
        "names match (1.0: 'Ivo Testovic' and 'TESTOVIC, Ivo') and both were born in 1961"]]
    # One person on two lists is one flag, its first record's, naming the other.
    (flag,) = data["flags"]
    assert flag["e"] == "p1"
    assert flag["why"].startswith(
        "counterparty on this flow (Ivo Testovic) matches the listed Ivo Testovic (p1, in RS) "
        "with score 0.85; also listed as TESTOVIC, Ivo (p2): 'Ivo Testovic' vs name")
    assert "p2" not in data["entities"]
