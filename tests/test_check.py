"""`check` end to end on the precedent scenarios: categories, severities, exit codes."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from finance_audit.cli import app
from tests.conftest import ROOT, SCENARIOS

runner = CliRunner()
REGISTRY = SCENARIOS / "registry.csv"


def check(db, *files, extra=()):
    args = ["check", *[str(f) for f in files], "--db", str(db), "--registry", str(REGISTRY),
            "--no-default-registry", "--format", "json", *extra]
    return runner.invoke(app, args)


def flags_of(result):
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def test_fn_loan_raises_a_foreign_loan_flag_with_names_amounts_and_dates(db):
    flags = flags_of(check(db, SCENARIOS / "fn_fcrb_loan_2014.csv"))
    loans = [f for f in flags if f["category"] == "foreign-loan"]
    assert loans, [f["rule"] for f in flags]
    reason = loans[0]["reason"]
    assert "First Czech" in reason and "9,400,000.00" in reason and "2014-09-01" in reason
    assert loans[0]["evidence"][0]["source_file"].endswith("fn_fcrb_loan_2014.csv")


def test_the_lawful_mkb_loan_raises_nothing_at_high(db):
    flags = flags_of(check(db, SCENARIOS / "rn_mkb_loan_2022.csv"))
    assert [f for f in flags if f["severity"] == "high"] == []


def test_clean_domestic_donations_raise_nothing_at_medium_or_above(db):
    flags = flags_of(check(db, SCENARIOS / "clean_domestic_donations.csv"))
    assert [(f["rule"], f["reason"]) for f in flags if f["severity"] in ("high", "medium")] == []


@pytest.mark.parametrize(("fail_on", "code"), [("high", 0), ("medium", 1), ("low", 1)])
def test_fail_on_sets_the_exit_code(db, fail_on, code):
    result = check(db, SCENARIOS / "fn_fcrb_loan_2014.csv", extra=("--fail-on", fail_on))
    severities = {f["severity"] for f in json.loads(result.stdout)}
    expected = 1 if any(
        {"high": 3, "medium": 2, "low": 1, "info": 0}[s] >= {"high": 3, "medium": 2, "low": 1}[
            fail_on] for s in severities) else 0
    assert result.exit_code == expected
    del code


def test_flag_ids_are_stable_across_runs(tmp_path):
    first = flags_of(check(tmp_path / "a.duckdb", SCENARIOS / "fn_fcrb_loan_2014.csv"))
    second = flags_of(check(tmp_path / "b.duckdb", SCENARIOS / "fn_fcrb_loan_2014.csv"))
    assert [f["flag_id"] for f in first] == [f["flag_id"] for f in second]


def test_the_python_face_returns_flags_as_a_frame(db):
    import finance_audit as fa

    result = fa.check([SCENARIOS / "fn_fcrb_loan_2014.csv"], db=db, registries=[REGISTRY],
                      use_default_registry=False)
    flags = result.flags
    assert flags.columns[:8] == ["flag_id", "rule", "rule_name", "rule_version", "category",
                                 "severity", "summary", "reason"]
    assert "foreign-loan" in flags["category"].to_list()
    assert set(result.seconds) == {"import", "resolve", "rules"}


def test_settings_file_then_flags_and_verbose_says_where_each_came_from(tmp_path,
                                                                        monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "finance-audit.toml").write_text(
        'db = "from-file.duckdb"\nformat = "json"\nfail_on = "high"\ndefault_registry = false\n'
        f'registries = ["{REGISTRY}"]\n'
    )
    result = runner.invoke(app, ["check", str(SCENARIOS / "rn_mkb_loan_2022.csv"),
                                 "--fail-on", "medium", "--verbose"])
    assert (tmp_path / "from-file.duckdb").exists()
    flags = json.loads(result.stdout)
    assert {f["severity"] for f in flags} <= {"low", "info"}
    assert result.exit_code == 0
    assert "setting db = 'from-file.duckdb' (from " in result.stderr
    assert "finance-audit.toml)" in result.stderr
    assert "setting fail_on = 'medium' (from command line)" in result.stderr


def test_an_unknown_setting_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "finance-audit.toml").write_text('colour = "red"\n')
    result = runner.invoke(app, ["check", "--no-default-registry"])
    assert result.exit_code == 2
    assert "unknown setting 'colour'" in result.output


@pytest.mark.parametrize(
    ("scenario", "categories"),
    [
        ("fn_fcrb_loan_2014", {"foreign-loan", "loan-change", "lender-status", "loan-terms",
                               "lender-not-permitted"}),
        ("cotelec_vernonsia_2014", {"pass-through"}),
        ("leave_eu_banks_2016", {"pass-through"}),
        ("fpo_ibiza_2017", {"pass-through", "foreign-donation"}),
        ("lega_metropol_2018", {"commercial-deal", "sanctions"}),
        ("afd_swiss_donations_2017", {"foreign-donation", "structuring"}),
        ("pvv_horowitz_2015", {"foreign-nonprofit"}),
        ("jobbik_billboards_2017", {"commercial-deal"}),
        ("acre_europarty_2018", {"foreign-nonprofit"}),
    ],
)
def test_each_precedent_scenario_raises_its_categories(tmp_path, scenario, categories):
    flags = flags_of(check(tmp_path / "s.duckdb", SCENARIOS / f"{scenario}.csv"))
    raised = {f["category"] for f in flags if f["severity"] in ("high", "medium")}
    assert categories <= raised, sorted(raised)
    chained = [f for f in flags if f["category"] == "pass-through" and f["chain"]]
    if "pass-through" in categories:
        assert chained and all({"from", "to", "amount_eur", "date"} <= set(hop)
                               for f in chained for hop in f["chain"])


def test_an_intermediary_filed_under_each_registrys_name_is_one_intermediary(db):
    # The association receives Russian money under its register's name and pays the party
    # under a watch list's; the two records share one register number.
    data = ROOT / "tests" / "data" / "two-registries"
    result = runner.invoke(app, [
        "check", str(data / "flows.csv"), "--db", str(db), "--no-default-registry",
        "--registry", str(data / "association_register.csv"),
        "--registry", str(data / "watch_list.csv"), "--format", "json"])
    assert [(f["flow_ids"], f["reason"]) for f in flags_of(result) if f["rule"] == "FA501"] == [
        (["V2", "V1"], "Verein Austria in Motion (filed as AIM Förderverein) passed on EUR "
         "39,500.00 to Freiheitliche Partei Österreichs as a transfer on 2018-11-27, 21 days "
         "after it received money from abroad: a donation of EUR 40,000.00 from Krasnoborsk "
         "Timber Export OOO (RU) on 2018-11-06"),
    ]


def test_xlsx_and_followthemoney_exports(tmp_path):
    db = tmp_path / "x.duckdb"
    book, ftm = tmp_path / "flags.xlsx", tmp_path / "flags.ftm.json"
    first = runner.invoke(app, ["check", str(SCENARIOS / "fn_fcrb_loan_2014.csv"), "--db",
                                str(db), "--registry", str(REGISTRY), "--no-default-registry",
                                "--format", "xlsx", "-o", str(book)])
    assert first.exit_code == 0, first.output
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(book))
    assert workbook.sheet_names == ["flags", "flows", "manifest"]
    manifest = workbook.get_sheet_by_name("manifest").to_python()
    assert manifest[1][:2] == ["tool", "finance-audit"]
    assert any(row[0] == "input" and row[1].endswith("fn_fcrb_loan_2014.csv") for row in manifest)
    second = runner.invoke(app, ["check", "--db", str(db), "--no-default-registry",
                                 "--format", "ftm", "-o", str(ftm)])
    assert second.exit_code == 0, second.output
    entities = [json.loads(line) for line in ftm.read_text().splitlines()]
    schemas = sorted({e["schema"] for e in entities})
    assert schemas == ["Company", "Debt", "LegalEntity"]
    debt = next(e for e in entities if e["schema"] == "Debt"
                and e["properties"]["date"] == ["2014-09-01"])
    assert debt["properties"]["amountEur"] == ["9400000.0"]
    assert any("FA203" in note for note in debt["properties"]["description"])
    # Every entity is valid against the FollowTheMoney model Aleph and nomenklatura use: a
    # known schema, known properties, and no value dropped when FtM cleans it.
    from followthemoney import model

    for entity in entities:
        proxy = model.get_proxy(entity, cleaned=False)
        assert {p: len(proxy.get(p)) for p in entity["properties"]} == {
            p: len(v) for p, v in entity["properties"].items()}, entity
    # Our own FollowTheMoney loader reads the parties back.
    from finance_audit.registry import load_registry

    parties = load_registry(ftm, "ftm").entities
    assert "First Czech-Russian Bank" in parties["name"].to_list()


def test_a_party_on_two_lists_is_one_flag_of_each_rule_naming_its_other_record(db):
    # Ahmad Zia Agha is on the OFAC and the UN list (names match, both born 1974); the
    # Europäisch-Iranische Handelsbank is on OFAC's list and in the German bank registry (one
    # BIC), which sanctions nobody: its OFAC record still flags. KAVEH CUTTING TOOLS COMPANY
    # is on both lists, in Iran on both: one sanctions flag and one flag of the deal.
    flows = ROOT / "tests" / "data" / "two-lists" / "flows.csv"
    result = runner.invoke(app, ["check", str(flows), "--db", str(db), "--format", "json"])
    sanctions = sorted((f["flow_ids"], f["reason"].split(": ")[0])
                       for f in flags_of(result) if f["rule"] == "FA301")
    assert sanctions == [
        (["C-1"], "counterparty on this flow (Kaveh Cutting Tools Company) matches the listed "
         "KAVEH CUTTING TOOLS COMPANY (ofac:11442, in IR) with score 1.00; also listed as "
         "KAVEH CUTTING TOOLS COMPANY (un:IRe.034)"),
        (["G-1"], "counterparty on this flow (Ahmad Zia Agha) matches the listed "
         "AGHA, Ahmad Zia (ofac:12795, no country stated) with score 1.00; also listed as "
         "AHMAD ZIA AGHA (un:TAi.156)"),
        (["L-1"], "counterparty on this flow (Europäisch-Iranische Handelsbank AG) "
         "matches the listed EUROPAISCH-IRANISCHE HANDELSBANK AG (ofac:25684, in DE) with "
         "score 1.00"),
    ]
    deals = [(f["flow_ids"], f["severity"], f["reason"])
             for f in flags_of(result) if f["rule"] == "FA302"]
    assert deals == [
        (["C-1"], "high", "Partei Y contracted with Kaveh Cutting Tools Company for EUR "
         "120,000.00 on 2021-03-01; the counterparty is KAVEH CUTTING TOOLS COMPANY (IR, "
         "outside DE): on a sanctions list (match score 1.00); also listed as KAVEH CUTTING "
         "TOOLS COMPANY (un:IRe.034)"),
    ]
