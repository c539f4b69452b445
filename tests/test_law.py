"""Jurisdiction profiles: the real files in rules/jurisdictions, and the loader's refusals."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from finance_audit.engine.law import (
    Law,
    LawError,
    eea_members,
    eu_members,
    eu_membership,
    law_on,
    load_jurisdictions,
)
from finance_audit.errors import FinanceAuditError

FOLDER = Path(__file__).resolve().parents[1] / "rules" / "jurisdictions"
D = dt.date.fromisoformat


@pytest.fixture(scope="module")
def law() -> Law:
    return load_jurisdictions(FOLDER)


def exceptions_on(law: Law, jurisdiction: str, date: dt.date) -> pl.DataFrame:
    return law.exceptions.filter(
        (pl.col("jurisdiction") == jurisdiction) & (pl.col("valid_from") <= date)
        & (pl.col("valid_to").is_null() | (pl.col("valid_to") >= date))
    )


# --- the real profiles ----------------------------------------------------------------------

def test_every_reference_jurisdiction_has_a_profile(law: Law) -> None:
    assert sorted(set(law.provisions["jurisdiction"])) == sorted(
        "AT BE BG CY CZ DE DK EE ES EU FI FR GB GR HR HU IE IT LT LU LV MT NL PL PT RO SE "
        "SI SK".split())


def test_frames_have_the_documented_schema_and_order(law: Law) -> None:
    assert law.provisions.schema == pl.Schema({
        "jurisdiction": pl.String, "key": pl.String, "value_text": pl.String,
        "value_num": pl.Float64, "valid_from": pl.Date, "valid_to": pl.Date,
        "reference": pl.String, "note": pl.String, "confidence": pl.String})
    assert law.exceptions.schema["counterparty_countries"] == pl.List(pl.String)
    assert law.provisions.equals(law.provisions.sort("jurisdiction", "key", "valid_from"))
    assert law.exceptions.equals(law.exceptions.sort("jurisdiction", "id", "valid_from"))
    assert law.provisions.filter(pl.col("reference").is_null()).height == 0


def test_front_national_2014_loan_was_lawful_and_the_2017_law_changed_lenders(law: Law) -> None:
    assert law_on(law, "FR", D("2014-09-01"))["loans_from"] == "any"
    assert law_on(law, "FR", D("2017-12-31"))["loans_from"] == "any"
    assert law_on(law, "FR", D("2018-01-01"))["loans_from"] == (
        "eu_eea_credit_institutions_and_natural_persons")
    assert law_on(law, "FR", D("2019-01-01")) == {
        "foreign_donation_ban": "full",
        "foreign_donation_threshold_eur": 0,
        "anonymous_donation_limit_eur": 0,
        "company_donations": "banned",
        "donation_cap_eur": 7500,
        "donor_total_cap_eur": 7500,
        "loans_from": "eu_eea_credit_institutions_and_natural_persons",
        "loan_below_market_is_donation": True,
    }


def test_mkb_bank_loan_of_2022_fits_the_french_eu_eea_bank_exception(law: Law) -> None:
    rows = exceptions_on(law, "FR", D("2022-01-15")).filter(
        pl.col("id") == "fr-eu-eea-credit-institutions")
    assert rows.height == 1
    assert rows["applies_to"][0] == "lender"
    assert rows["counterparty_types"][0].to_list() == ["bank"]
    countries = set(rows["counterparty_countries"][0].to_list())
    assert {"HU", "NO", "IS", "LI"} <= countries
    assert "RU" not in countries and "GB" not in countries


def test_german_disclosure_thresholds_follow_the_2024_amendment(law: Law) -> None:
    assert law_on(law, "DE", D("2020-01-01"))["publication_immediate_eur"] == 50000
    assert law_on(law, "DE", D("2024-03-04"))["publication_immediate_eur"] == 50000
    assert law_on(law, "DE", D("2024-03-05"))["publication_immediate_eur"] == 35000
    assert law_on(law, "DE", D("2024-06-01"))["publication_immediate_eur"] == 35000
    assert law_on(law, "DE", D("2024-06-01"))["publication_threshold_eur"] == 10000
    assert law_on(law, "DE", D("2025-06-01"))["publication_threshold_eur"] == 7500


def test_afd_2017_swiss_transfers_met_the_law_of_2017(law: Law) -> None:
    # CHF 9,000 each: under the EUR 10,000 annual-report threshold, above the foreign limit,
    # and Switzerland is outside the EU exception.
    rules = law_on(law, "DE", D("2017-08-01"))
    assert rules["publication_threshold_eur"] == 10000
    assert rules["foreign_donation_threshold_eur"] == 1000
    eu = exceptions_on(law, "DE", D("2017-08-01")).filter(
        pl.col("id") == "de-eu-citizens-and-companies")
    assert eu.height == 1
    countries = eu["counterparty_countries"][0].to_list()
    assert "CH" not in countries and "FR" in countries and "GB" in countries


def test_austrian_caps_start_with_the_2019_reform(law: Law) -> None:
    before = law_on(law, "AT", D("2018-06-01"))
    assert "donation_cap_eur" not in before and "party_total_cap_eur" not in before
    assert before["foreign_donation_threshold_eur"] == 2500
    after = law_on(law, "AT", D("2020-06-01"))
    assert after["donation_cap_eur"] == 7500
    assert after["party_total_cap_eur"] == 750000
    assert after["foreign_donation_threshold_eur"] == 500
    assert law_on(law, "AT", D("2019-10-01"))["party_total_cap_eur"] == 375000
    assert law_on(law, "AT", D("2023-06-01"))["anonymous_donation_limit_eur"] == 150


def test_dutch_foreign_ban_starts_in_2023(law: Law) -> None:
    assert law_on(law, "NL", D("2015-06-01"))["foreign_donation_ban"] == "none"
    assert "foreign_donation_threshold_eur" not in law_on(law, "NL", D("2015-06-01"))
    assert law_on(law, "NL", D("2023-06-01"))["foreign_donation_threshold_eur"] == 0


def test_british_loans_need_permissible_sources_after_2006(law: Law) -> None:
    assert law_on(law, "GB", D("2005-01-01"))["loans_from"] == "any"
    assert law_on(law, "GB", D("2016-06-01"))["loans_from"] == "permissible_sources_only"
    assert law_on(law, "GB", D("2016-06-01"))["foreign_donation_threshold_eur"] == 585


def test_german_exceptions_include_danish_state_money_for_the_ssw(law: Law) -> None:
    rows = exceptions_on(law, "DE", D("2017-06-01"))
    assert sorted(rows["id"].to_list()) == [
        "de-eu-citizens-and-companies", "de-germans-abroad", "de-ssw-danish-kin-state",
        "de-ssw-danish-state-bodies"]
    kin = rows.filter(pl.col("id") == "de-ssw-danish-kin-state")
    assert kin["counterparty_countries"][0].to_list() == ["DK"]
    assert "SSW" in kin["recipients"][0].to_list()
    bodies = rows.filter(pl.col("id") == "de-ssw-danish-state-bodies")
    assert bodies["applies_to"][0] == "donor_type"
    assert "Sydslesvigudvalget/Undervisningsministeriet (Südschleswig-Ausschuss/"\
           "Unterrichtsministerium)" in bodies["counterparties"][0].to_list()


def test_eu_expansion_follows_membership_dates(law: Law) -> None:
    rows = law.exceptions.filter(pl.col("id") == "de-eu-citizens-and-companies")
    assert rows.select("valid_from", "valid_to").rows() == [
        (D("2002-07-01"), D("2004-04-30")), (D("2004-05-01"), D("2006-12-31")),
        (D("2007-01-01"), D("2013-06-30")), (D("2013-07-01"), D("2020-01-31")),
        (D("2020-02-01"), None)]
    assert [len(c) for c in rows["counterparty_countries"].to_list()] == [15, 25, 27, 28, 27]


# --- EU and EEA membership -----------------------------------------------------------------

def test_membership_on_dates() -> None:
    assert "HR" in eu_members(D("2014-01-01"))
    assert "HR" not in eu_members(D("2012-01-01"))
    assert "GB" in eu_members(D("2019-12-31"))
    assert "GB" not in eu_members(D("2020-02-01"))
    assert len(eu_members(D("2020-02-01"))) == 27
    assert eea_members(D("2020-02-01")) == eu_members(D("2020-02-01")) | {"IS", "LI", "NO"}
    assert "LI" not in eea_members(D("1995-01-01"))
    assert "AT" in eea_members(D("1994-06-01")) and "AT" not in eu_members(D("1994-06-01"))


def test_membership_table_merges_periods() -> None:
    table = eu_membership()
    assert table.filter(pl.col("country") == "AT").rows(named=True) == [
        {"area": "EEA", "country": "AT", "valid_from": D("1994-01-01"), "valid_to": None},
        {"area": "EU", "country": "AT", "valid_from": D("1995-01-01"), "valid_to": None}]
    assert table.filter((pl.col("area") == "EU") & (pl.col("country") == "GB"))[
        "valid_to"].to_list() == [D("2020-01-31")]


# --- refusals -------------------------------------------------------------------------------

GOOD = """\
code: FR
name: France
confidence: high
sources: [https://example.org/law]
provisions:
  - key: loans_from
    value: any
    valid_from: 1990-01-16
    valid_to: 2017-12-31
    reference: "Loi 88-227"
  - key: loans_from
    value: eu_eea_credit_institutions_and_natural_persons
    valid_from: 2018-01-01
    valid_to: null
    reference: "Loi 2017-1339"
  - key: foreign_donation_threshold_eur
    value: 0
    valid_from: 1990-01-16
    reference: "Loi 88-227 art. 11-4"
exceptions:
  - id: fr-banks
    applies_to: lender
    description: EU/EEA banks
    counterparty_country_in: [EEA]
    counterparty_type_in: [bank]
    valid_from: 2018-01-01
    reference: "Loi 2017-1339"
"""


def write(tmp_path: Path, text: str, name: str = "FR.yaml") -> Path:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def refusal(tmp_path: Path, text: str, name: str = "FR.yaml") -> str:
    with pytest.raises(LawError) as caught:
        load_jurisdictions(write(tmp_path, text, name))
    assert isinstance(caught.value, FinanceAuditError)
    assert caught.value.exit_code == 2
    return str(caught.value)


def test_a_good_profile_loads(tmp_path: Path) -> None:
    law = load_jurisdictions(write(tmp_path, GOOD))
    assert law_on(law, "FR", D("2019-01-01")) == {
        "loans_from": "eu_eea_credit_institutions_and_natural_persons",
        "foreign_donation_threshold_eur": 0}
    assert law.provisions.filter(pl.col("key") == "foreign_donation_threshold_eur")[
        "value_text"].to_list() == ["0"]


def test_unknown_top_level_key_is_refused(tmp_path: Path) -> None:
    message = refusal(tmp_path, GOOD + "as_of: 2018\n")
    assert message.startswith(f"{tmp_path / 'FR.yaml'}: as_of: unknown key")


def test_unknown_provision_key_is_refused(tmp_path: Path) -> None:
    message = refusal(tmp_path, GOOD.replace("key: foreign_donation_threshold_eur",
                                             "key: foreign_threshold"))
    assert message.startswith(f"{tmp_path / 'FR.yaml'}: provisions[2].key: unknown provision "
                              "key 'foreign_threshold'")


def test_unknown_field_in_a_provision_is_refused(tmp_path: Path) -> None:
    message = refusal(tmp_path, GOOD.replace('    reference: "Loi 88-227"\n',
                                             '    reference: "Loi 88-227"\n    since: 1990\n'))
    assert message.startswith(f"{tmp_path / 'FR.yaml'}: provisions[0].since: unknown key")


def test_overlapping_periods_are_refused(tmp_path: Path) -> None:
    message = refusal(tmp_path, GOOD.replace("valid_to: 2017-12-31", "valid_to: 2018-06-30"))
    assert message == (f"{tmp_path / 'FR.yaml'}: provisions[1].valid_from: loans_from from "
                       "2018-01-01 overlaps provisions[0] (1990-01-16 to 2018-06-30)")


def test_open_period_followed_by_another_is_an_overlap(tmp_path: Path) -> None:
    message = refusal(tmp_path, GOOD.replace("valid_to: 2017-12-31", "valid_to: null"))
    assert "provisions[1].valid_from: loans_from from 2018-01-01 overlaps provisions[0]" \
        in message


def test_value_of_the_wrong_type_is_refused(tmp_path: Path) -> None:
    message = refusal(tmp_path, GOOD.replace("    value: 0\n", '    value: "zero"\n'))
    assert message == (f"{tmp_path / 'FR.yaml'}: provisions[2].value: "
                       "foreign_donation_threshold_eur takes a number >= 0, got 'zero'")
    message = refusal(tmp_path, GOOD.replace("value: any", "value: anyone"))
    assert "provisions[0].value: loans_from takes one of any, banks_only" in message


def test_file_name_must_be_the_code(tmp_path: Path) -> None:
    message = refusal(tmp_path, GOOD, name="DE.yaml")
    assert message == f"{tmp_path / 'DE.yaml'}: code: 'FR' differs from the file name 'DE.yaml'"


def test_valid_to_before_valid_from_is_refused(tmp_path: Path) -> None:
    message = refusal(tmp_path, GOOD.replace("valid_to: 2017-12-31", "valid_to: 1989-12-31"))
    assert message == (f"{tmp_path / 'FR.yaml'}: provisions[0].valid_to: before valid_from "
                       "(1989-12-31 < 1990-01-16)")


def test_bad_date_is_refused(tmp_path: Path) -> None:
    message = refusal(tmp_path, GOOD.replace("valid_from: 1990-01-16\n    valid_to",
                                             "valid_from: 1990-13-16\n    valid_to"))
    assert message == (f"{tmp_path / 'FR.yaml'}: provisions[0].valid_from: not a date "
                       "(YYYY-MM-DD): '1990-13-16'")


def test_unknown_applies_to_is_refused(tmp_path: Path) -> None:
    message = refusal(tmp_path, GOOD.replace("applies_to: lender", "applies_to: loans"))
    assert message.startswith(f"{tmp_path / 'FR.yaml'}: exceptions[0].applies_to: unknown "
                              "'loans'")


def test_bad_country_code_in_an_exception_is_refused(tmp_path: Path) -> None:
    message = refusal(tmp_path, GOOD.replace("[EEA]", "[Europe]"))
    assert "exceptions[0].counterparty_country_in: not an ISO 3166-1 alpha-2 code" in message


def test_exception_ids_are_unique_across_files(tmp_path: Path) -> None:
    write(tmp_path, GOOD)
    message = refusal(tmp_path, GOOD.replace("code: FR", "code: BE"), name="BE.yaml")
    assert "exceptions: id 'fr-banks' is also used in" in message


def test_broken_yaml_and_missing_folder_are_refused(tmp_path: Path) -> None:
    assert "cannot read the profile" in refusal(tmp_path, "code: [FR\n")
    with pytest.raises(LawError, match="no such folder"):
        load_jurisdictions(tmp_path / "missing")


def test_law_on_an_unknown_jurisdiction_is_refused(law: Law) -> None:
    with pytest.raises(LawError, match="no jurisdiction profile for 'XX'"):
        law_on(law, "XX", D("2020-01-01"))
