"""The HTML report in a real browser: headless Debian Chromium driven by Playwright.

Every flag is there, the filters narrow the list, the page logs no error and asks for nothing
over the network, and hostile names never run. A screenshot is kept as a test artifact
(out/test-artifacts/). Without Chromium these tests are skipped, unless
FA_REQUIRE_BROWSER=1 (CI sets it) makes that a failure.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from finance_audit.checks import stored_flags
from finance_audit.cli import app
from tests.conftest import ROOT, SCENARIOS

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "out" / "test-artifacts"
CORPUS = ROOT / "tests" / "corpus"
# As this machine's closed network needs: no background requests, no sandbox as root.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


def _browser_missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed"
    if not Path(CHROMIUM).exists():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    return None


@pytest.fixture(scope="module")
def browser():
    missing = _browser_missing()
    if missing:
        if os.environ.get("FA_REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser tests required but {missing}")
        pytest.skip(missing)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class Watched:
    """A page with what it logged, asked for and tried to pop up."""

    def __init__(self, browser, path: Path) -> None:
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text)
                     if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.path = path
        self.url = path.resolve().as_uri()
        self.page.goto(self.url)
        self.page.wait_for_selector("body[data-ready='1']", state="attached", timeout=10_000)

    def visible_flags(self) -> int:
        return self.page.locator("#flag-list details.flag").count()

    def wait_for_count_below(self, n: int) -> None:
        """The search applies after a short pause; poll (the page's policy refuses the eval
        that wait_for_function would need)."""
        for _ in range(100):
            if self.visible_flags() < n:
                return
            self.page.wait_for_timeout(20)

    def shown(self) -> int:
        return int(self.page.inner_text("#shown").replace(",", ""))


def make_report(folder: Path, files: list[Path], *registries: Path
                ) -> tuple[Path, pl.DataFrame]:
    db, out = folder / "store.duckdb", folder / "report.html"
    options = [text for registry in registries for text in ("--registry", str(registry))]
    result = CliRunner().invoke(app, [
        "check", *map(str, files), *options, "--no-default-registry",
        "--db", str(db), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out, stored_flags(db)[0]


@pytest.fixture(scope="module")
def scenario_page(browser, tmp_path_factory):
    files = sorted(p for p in SCENARIOS.glob("*.csv") if p.name != "registry.csv")
    out, flags = make_report(tmp_path_factory.mktemp("browser"), files,
                             SCENARIOS / "registry.csv")
    watched = Watched(browser, out)
    yield watched, flags
    watched.page.close()


def test_every_flag_is_shown_with_no_errors_and_no_requests(scenario_page):
    watched, flags = scenario_page
    assert watched.page.locator("#all").is_hidden()  # fewer than a page: all drawn at once
    assert watched.visible_flags() == flags.height == watched.shown()
    ids = watched.page.eval_on_selector_all("details.flag", "els => els.map(e => e.id)")
    assert ids == [f"flag-{i}" for i in flags["flag_id"]]
    assert watched.errors == []
    assert watched.requests == [watched.url]


def test_filters_and_search_narrow_the_list(scenario_page):
    watched, flags = scenario_page
    page = watched.page
    for key, column in (("severity", "severity"), ("category", "category"),
                        ("jurisdiction", "jurisdiction")):
        for value, n in flags.group_by(column).len().iter_rows():
            page.select_option(f"#f-{key}", value)
            assert watched.visible_flags() == n == watched.shown(), (key, value)
        page.select_option(f"#f-{key}", "")
    page.select_option("#f-severity", "high")
    page.select_option("#f-jurisdiction", "FR")
    both = flags.filter((pl.col("severity") == "high") & (pl.col("jurisdiction") == "FR"))
    assert watched.visible_flags() == both.height > 0
    page.click("#f-reset")
    page.fill("#f-q", "konti")
    watched.wait_for_count_below(flags.height)
    konti = page.eval_on_selector_all("#flag-list details.flag", "els => els.map(e => e.id)")
    # a flag matches on its names, reason, flows' parties and its entity's aliases
    assert len(konti) == watched.shown() < flags.height
    expected = flags.filter(pl.col("reason").str.to_lowercase().str.contains("konti"))
    assert set(f"flag-{i}" for i in expected["flag_id"]) <= set(konti)
    page.click("#f-reset")
    assert watched.visible_flags() == flags.height


def test_a_card_shows_flows_source_rows_match_chain_precedent_and_law(scenario_page):
    watched, flags = scenario_page
    flag_id = flags.filter(pl.col("rule") == "FA203")["flag_id"][0]
    card = watched.page.locator(f"#flag-{flag_id}")
    card.locator(":scope > summary").click()
    text = card.locator(".card").inner_text()
    assert ("Front National's loan of EUR 9,400,000.00 from First Czech-Russian Bank "
            "(FN-2014-001, 2014-09-01) passed from First Czech-Russian Bank to Konti LLC on "
            "2016-03-01 (not a bank: company, in RU, outside FR)") in text
    assert "fixtures/scenarios/fn_fcrb_loan_2014.csv, row 3" in text
    assert "Konti LLC (konti): company; RU; source registry; score 1.00" in text
    assert ("assigned_to and counterparty of FN-2014-002: “Konti LLC” matched “Konti LLC” with "
            "score 1.00 (match)") in text
    assert card.locator("ol.chain li.node").all_inner_texts() == [
        "First Czech-Russian Bank", "Konti LLC"]
    assert card.locator("a[href='#precedent-fn_fcrb_loan_2014']").count() == 1
    assert "In force in FR on 2016-03-01:" in text
    assert "loans_from = any (Loi 88-227" in text
    card.locator("tr.filed summary").first.click()
    assert "assigned_to\nKonti LLC" in card.locator("tr.filed dl").first.inner_text()
    assert watched.errors == []


def test_a_card_opens_with_its_chain_and_a_screenshot_is_kept(scenario_page):
    watched, flags = scenario_page
    page = watched.page
    flag_id = flags.filter(pl.col("rule") == "FA501")["flag_id"][0]
    card = page.locator(f"#flag-{flag_id}")
    card.locator(":scope > summary").click()
    assert card.get_attribute("open") is not None
    # The card is drawn by the "toggle" event, which fires after the click returns.
    card.locator("ol.chain li.node").nth(2).wait_for(state="attached", timeout=5000)
    assert card.locator("ol.chain li.node").count() >= 3
    assert card.locator("ol.chain").first.is_visible()
    card.scroll_into_view_if_needed()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report-card.png"))
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(ARTIFACTS / "report-overview.png"))
    assert (ARTIFACTS / "report-overview.png").stat().st_size > 10_000
    assert watched.errors == []


def test_a_listed_persons_birth_dates_and_other_record_are_in_words(browser, tmp_path):
    scenario = ROOT / "tests" / "data" / "listed-person"
    out, flags = make_report(tmp_path, [scenario / "gifts.csv"], scenario / "registry.csv",
                             scenario / "other-list.csv")
    watched = Watched(browser, out)
    flag_id = flags.filter(pl.col("entity_id") == "p1")["flag_id"][0]
    card = watched.page.locator(f"#flag-{flag_id}")
    card.locator(":scope > summary").click()
    text = card.locator(".card").inner_text()
    assert ("Ivo Testovic (p1): person; RS; born 1961-04-05 or about 1955 or between 1960 and "
            "1962; topics sanction; source registry") in text
    assert ("also listed as TESTOVIC, Ivo (p2): names match (1.0: 'Ivo Testovic' and "
            "'TESTOVIC, Ivo') and both were born in 1961") in text
    assert watched.errors == []
    watched.page.close()


def test_hostile_names_show_as_text_and_never_run(browser, tmp_path):
    out, flags = make_report(tmp_path, [CORPUS / "hostile-flags.csv"],
                             CORPUS / "hostile-registry.csv")
    watched = Watched(browser, out)
    page = watched.page
    page.click("#f-open")
    who = page.eval_on_selector_all("details.flag .who", "els => els.map(e => e.textContent)")
    shown = page.locator("#flag-list").text_content()
    for name in ("</script><script>alert(2)</script>", '<a href="javascript:alert(3)">x</a>',
                 '<iframe src="http://x.invalid"></iframe>', "Wicked Bank & Co <b>"):
        assert name in shown, name
    hrefs = page.eval_on_selector_all("#flag-list a", "els => els.map(e => e.getAttribute('href'))")
    assert all(h.startswith("#precedent-") for h in hrefs), hrefs
    assert sorted(who) == sorted(f"{c} → {r}" for c, r in
                                 flags.select("counterparty", "recipient").iter_rows())
    assert "<script>alert(1)</script> → \"><svg onload=alert(1)>" in who
    assert page.locator("details.flag img, details.flag iframe, details.flag script").count() \
        == 0
    assert watched.dialogs == []
    assert watched.requests == [watched.url]
    assert watched.errors == []
    watched.page.close()


def test_printing_draws_and_opens_every_matching_flag(browser, scenario_page, tmp_path):
    watched, flags = scenario_page
    printing = Watched(browser, watched.path)
    page = printing.page
    page.select_option("#f-severity", "high")
    high = flags.filter(pl.col("severity") == "high").height
    pdf = tmp_path / "report.pdf"
    page.pdf(path=str(pdf))  # fires beforeprint, as a reader's print does
    assert page.locator("#flag-list details.flag[open]").count() == high
    assert page.locator("#flag-list details.flag .card").count() == high
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 20_000
    assert printing.errors == []
    page.close()
