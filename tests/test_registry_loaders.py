"""Registry loaders: real registries load with exact counts and exactly the expected entities.

The big files are the copies shipped in finance_audit/data/registry; each is loaded once per
module. Small hand-made files cover what the real ones do not (FtM ownership and sanctions,
bad rows, garbage).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import polars as pl
import pytest

from finance_audit.errors import UnreadableFileError, UsageError
from finance_audit.registry import (
    ENTITY_SCHEMA,
    FORMATS,
    KINDS,
    OWNERSHIP_SCHEMA,
    RegistryData,
    RegistryError,
    default_registry_paths,
    detect_format,
    load_registry,
)
from finance_audit.registry.common import unmapped_countries

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "finance_audit" / "data" / "registry"
OFAC = SHIPPED / "ofac-sdn-2021"
UN = SHIPPED / "un-consolidated.xml"
BANKS = SHIPPED / "banks"
CURATED = SHIPPED / "curated.csv"
SCENARIO_REGISTRY = ROOT / "fixtures" / "scenarios" / "registry.csv"
DONATIONS = ROOT / "tests" / "data" / "donations.ijson"
NO_STATUS = {"status": None, "status_date": None}


@pytest.fixture(scope="module")
def ofac() -> RegistryData:
    return load_registry(OFAC / "sdn.csv")


@pytest.fixture(scope="module")
def un() -> RegistryData:
    return load_registry(UN)


@pytest.fixture(scope="module")
def banks() -> RegistryData:
    return load_registry(BANKS)


@pytest.fixture(scope="module")
def donations() -> RegistryData:
    return load_registry(DONATIONS)


@pytest.fixture(scope="module")
def scenario_registry() -> RegistryData:
    return load_registry(SCENARIO_REGISTRY)


def entity(data: RegistryData, entity_id: str) -> dict:
    rows = data.entities.filter(pl.col("entity_id") == entity_id).to_dicts()
    assert len(rows) == 1, entity_id
    return rows[0]


def kinds(data: RegistryData) -> dict[str, int]:
    return dict(data.entities["kind"].value_counts().iter_rows())


@pytest.mark.parametrize(
    "name", ["ofac", "un", "banks", "donations", "scenario_registry"]
)
def test_every_loader_returns_the_contract_frames(name: str, request: pytest.FixtureRequest):
    data = request.getfixturevalue(name)
    entities = data.entities
    assert data.format in FORMATS
    assert entities.schema == ENTITY_SCHEMA
    assert data.ownership.schema == OWNERSHIP_SCHEMA
    assert entities["entity_id"].is_unique().all()
    assert entities["entity_id"].to_list() == sorted(entities["entity_id"].to_list())
    assert entities["kind"].is_in(KINDS).all()
    assert entities["name"].null_count() == 0 and entities["source"].null_count() == 0
    for column in ("aliases", "countries", "identifiers", "topics"):
        assert entities[column].null_count() == 0, column
    with_country = entities.filter(pl.col("country").is_not_null())
    assert with_country.select(pl.col("countries").list.contains(pl.col("country")).all()).item()
    assert not entities.select(pl.col("aliases").list.contains(pl.col("name")).any()).item()
    assert all(len(sha) == 64 for _, sha in data.files)


# --- OFAC ------------------------------------------------------------------------------


def test_ofac_full_set_has_one_entity_per_sdn_record(ofac: RegistryData):
    assert ofac.format == "ofac-sdn"
    assert ofac.entities.height == 8976
    assert kinds(ofac) == {
        "person": 4620, "company": 2221, "organization": 1325, "vessel": 683, "bank": 127,
    }
    assert [Path(p).name for p, _ in ofac.files] == [
        "sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv",
    ]
    assert ofac.ownership.height == 0
    assert ofac.entities.filter(~pl.col("topics").list.contains("sanction")).height == 0


def test_ofac_cuban_bank_gets_alt_aliases_and_address_countries(ofac: RegistryData):
    # No address of Banco Nacional de Cuba is in Cuba: the rule "first address country"
    # gives Zurich, the first of its four listed offices.
    assert entity(ofac, "ofac:306") == {
        "entity_id": "ofac:306",
        "name": "BANCO NACIONAL DE CUBA",
        "aliases": ["NATIONAL BANK OF CUBA", "BNC"],
        "kind": "bank",
        "country": "CH",
        "countries": ["CH", "ES", "JP", "PA"],
        "identifiers": [],
        "topics": ["sanction", "fin.bank"],
        **NO_STATUS, "birth_dates": [],
        "program": "CUBA",
        "source": "ofac-sdn",
    }


def test_ofac_russian_bank_gets_bic_ogrn_and_inn_from_remarks(ofac: RegistryData):
    assert entity(ofac, "ofac:17755") == {
        "entity_id": "ofac:17755",
        "name": "RUSSIAN NATIONAL COMMERCIAL BANK",
        "aliases": [
            "ROSSISKI NATSIONALNY KOMMERCHESKI BANK OTKRYTOE AKTSIONERNOE OBSHCHESTVO",
            "RNKB OAO",
            "RNCB",
        ],
        "kind": "bank",
        "country": "RU",
        "countries": ["RU"],
        "identifiers": [
            "bic:RNCORUMM", "bik:044525607", "ogrn:1027700381290", "inn:7701105460",
            "bic:RNCORUMMXXX",
        ],
        "topics": ["sanction", "fin.bank"],
        **NO_STATUS, "birth_dates": [],
        "program": "UKRAINE-EO13685",
        "source": "ofac-sdn",
    }


def test_ofac_person_without_address_takes_nationality_and_first_last_aliases(
    ofac: RegistryData,
):
    assert entity(ofac, "ofac:18652") == {
        "entity_id": "ofac:18652",
        "name": "ATABIYEV, Islam Seit-Umarovich",
        "aliases": [
            "ATABIYEV, Islam", "ATABIEV, Islam", "DZHIKHAD, Abu", "AL-SHISHANI, Abu-Jihad",
            "THE CHECHEN, Abu Jihad", "Islam Seit-Umarovich ATABIYEV", "Islam ATABIYEV",
            "Islam ATABIEV", "Abu DZHIKHAD", "Abu-Jihad AL-SHISHANI", "Abu Jihad THE CHECHEN",
        ],
        "kind": "person",
        "country": "RU",
        "countries": ["RU"],
        "identifiers": ["passport:620169661", "passport:9103314932"],
        "topics": ["sanction"],
        **NO_STATUS,
        "program": "SDGT",
        "source": "ofac-sdn",
        "birth_dates": ["1983-06-29"],
    }


def test_ofac_remarks_continue_in_sdn_comments(ofac: RegistryData):
    li = entity(ofac, "ofac:28264")
    assert li["aliases"] == ["blackjack1987", "khaleesi", "Jiadong LI"]
    assert li["identifiers"] == ["national_id:210302198701102136"]
    assert (li["country"], li["program"]) == ("CN", "DPRK3; CYBER2")


def test_ofac_birth_dates_are_iso_as_precise_as_the_remarks(ofac: RegistryData):
    # Every DOB of the 2021 remarks (5,125, one written twice for one person) is read.
    dates = ofac.entities.select("kind", "birth_dates").explode("birth_dates").drop_nulls()
    assert dates.height == 5124
    assert dates["kind"].unique().to_list() == ["person"]
    assert ofac.entities.filter(pl.col("birth_dates").list.len() > 0).height == 4428
    assert entity(ofac, "ofac:10155")["birth_dates"] == ["1954~"]  # DOB circa 1954
    # DOB circa 1979-1982; alt. DOB 1982
    assert entity(ofac, "ofac:11748")["birth_dates"] == ["1979~/1982~", "1982"]
    # DOB 1951 to 1953; alt. DOB 1960 to 1962; alt. DOB Apr 1961; alt. DOB 1953
    assert entity(ofac, "ofac:12057")["birth_dates"] == [
        "1951/1953", "1960/1962", "1961-04", "1953"]


def test_ofac_vessels_and_aircraft_are_craft(ofac: RegistryData):
    assert entity(ofac, "ofac:4243") == {
        "entity_id": "ofac:4243", "name": "SAND SWAN", "aliases": ["ANA I"], "kind": "vessel",
        "country": "CY", "countries": ["CY"], "identifiers": [], "topics": ["sanction"],
        **NO_STATUS, "birth_dates": [], "program": "CUBA", "source": "ofac-sdn",
    }
    assert entity(ofac, "ofac:15431")["kind"] == "vessel"  # aircraft EP-GOM


def test_ofac_sdn_csv_alone_loads_every_record(tmp_path: Path):
    shutil.copy(OFAC / "sdn.csv", tmp_path / "sdn.csv")
    alone = load_registry(tmp_path / "sdn.csv")
    assert alone.entities.height == 8976
    assert [Path(p).name for p, _ in alone.files] == ["sdn.csv"]
    cuba = entity(alone, "ofac:306")
    assert (cuba["aliases"], cuba["country"], cuba["kind"]) == (["BNC"], None, "bank")


def test_ofac_country_names_all_map_but_the_non_countries():
    add = pl.read_csv(OFAC / "add.csv", has_header=False, infer_schema=False)
    countries = add[:, 4].str.strip_chars().replace("-0-", None)
    assert unmapped_countries(countries) == [
        "Netherlands Antilles", "Region: Kafia Kingi", "undetermined",
    ]


# --- UN -------------------------------------------------------------------------------


def test_un_list_has_its_730_individuals_and_273_entities(un: RegistryData):
    assert un.format == "un-xml"
    assert un.entities.height == 1003
    assert kinds(un) == {"person": 730, "organization": 168, "company": 94, "bank": 11}
    assert un.entities["entity_id"].str.starts_with("un:").all()


def test_un_person_has_original_script_and_aliases_of_every_quality(un: RegistryData):
    assert entity(un, "un:QDi.001") == {
        "entity_id": "un:QDi.001",
        "name": "MOHAMMED SALAHALDIN ABD EL HALIM ZIDANE",
        "aliases": [
            "محمد صلاح الدين عبدالحليم زيدان", "Sayf-Al Adl", "Muhamad Ibrahim Makkawi",
            "Ibrahim al-Madani", "Saif Al-'Adil", "Seif al Adel",
        ],
        "kind": "person",
        "country": "EG",
        "countries": ["EG"],
        "identifiers": [],
        "topics": ["sanction"],
        **NO_STATUS,
        "program": "Al-Qaida",
        "source": "un-consolidated",
        "birth_dates": ["1963-04-11", "1960-04-11"],
    }


def test_un_birth_dates_of_every_type(un: RegistryData):
    dates = un.entities.select("birth_dates").explode("birth_dates").drop_nulls()
    # 919 INDIVIDUAL_DATE_OF_BIRTH elements: 49 are empty, and 3 hold only a note that is no
    # Gregorian date or span of them ("30-35 years old", "24/06/1402 (Hijri Calendar)",
    # "Between Aug. and Sep. 1977").
    assert dates.height == 867
    assert entity(un, "un:CDi.014")["birth_dates"] == ["1962-03-17", "1966~"]  # APPROXIMATELY
    assert entity(un, "un:CDi.030")["birth_dates"] == ["1973/1974"]  # BETWEEN
    # BETWEEN, with the NOTE "Approximately"
    assert entity(un, "un:TAi.002")["birth_dates"] == ["1955~/1958~", "1945~/1950~"]
    # NOTE only: "Nov. 1973"
    assert entity(un, "un:CDi.004")["birth_dates"] == ["1973-11"]


def test_un_birth_date_in_english_is_read_and_one_that_is_no_date_left_out(tmp_path: Path):
    xml = (UN.read_text(encoding="utf-8")
           .replace("<DATE>1963-04-11</DATE>", "<DATE>unknown</DATE>", 1)
           .replace("<DATE>1960-04-11</DATE>", "<DATE>11 April 1960</DATE>", 1))
    path = tmp_path / "un.xml"
    path.write_text(xml, encoding="utf-8")
    assert entity(load_registry(path), "un:QDi.001")["birth_dates"] == ["1960-04-11"]


def test_un_entity_with_bank_word_is_a_bank(un: RegistryData):
    assert entity(un, "un:KPe.047") == {
        "entity_id": "un:KPe.047",
        "name": "FOREIGN TRADE BANK (FTB)",
        "aliases": ["Mooyokbank", "Korea Trading Bank"],
        "kind": "bank",
        "country": "KP",
        "countries": ["KP"],
        "identifiers": [],
        "topics": ["sanction", "fin.bank"],
        **NO_STATUS, "birth_dates": [],
        "program": "DPRK",
        "source": "un-consolidated",
    }
    assert entity(un, "un:CDi.040")["identifiers"] == ["passport:AB850901", "passport:AB187304"]


def test_un_xml_with_entity_declarations_is_refused(tmp_path: Path):
    path = tmp_path / "list.xml"
    path.write_text('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><CONSOLIDATED_LIST/>')
    with pytest.raises(RegistryError, match="DOCTYPE"):
        load_registry(path, "un-xml")


# --- bank registries ------------------------------------------------------------------


def test_bank_registries_merge_bank_codes_into_one_entity_per_bic(banks: RegistryData):
    # 18,653 entries (a v2 entry holds many bank codes; the data README's 16,606 counts each
    # v2 file as its 3 top-level keys) in 53 files covering 47 countries.
    entries = []
    for path in sorted(BANKS.glob("bank_registry__*.json")):
        document = json.loads(path.read_bytes())
        entries += document["entries"] if isinstance(document, dict) else document
    assert len(entries) == 18653
    assert len({e["country_code"] for e in entries}) == 47
    assert banks.format == "bank-json"
    assert len(banks.files) == 53
    assert banks.entities.height == 11400
    assert banks.entities["country"].n_unique() == 47
    assert kinds(banks) == {"bank": 11400}
    with_bic = banks.entities.filter(
        pl.col("identifiers").list.eval(pl.element().str.starts_with("bic:")).list.any()
    )
    assert with_bic.height == 10438
    assert entity(banks, "bank:AT:BKAUATWW") == {
        "entity_id": "bank:AT:BKAUATWW",
        "name": "UniCredit Bank Austria AG",
        "aliases": [],
        "kind": "bank",
        "country": "AT",
        "countries": ["AT"],
        "identifiers": [
            "bic:BKAUATWWXXX", "bank_code:AT:11000", "bank_code:AT:12000",
            "bank_code:AT:12002", "bank_code:AT:12004", "bank_code:AT:12005", "bic:BKAUATWW",
        ],
        "topics": ["fin.bank"],
        **NO_STATUS, "birth_dates": [],
        "program": None,
        "source": "schwifty-bank-registry",
    }


def test_mkb_is_one_bank_under_its_bic(banks: RegistryData):
    mkb = banks.entities.filter(pl.col("identifiers").list.contains("bic:MKKBHUHB")).to_dicts()
    assert len(mkb) == 1
    mkb = mkb[0]
    assert (mkb["entity_id"], mkb["name"], mkb["country"]) == (
        "bank:HU:MKKBHUHB", "MBH Bank Nyrt.", "HU"
    )
    codes = [i for i in mkb["identifiers"] if i.startswith("bank_code:")]
    assert len(codes) == 119 and codes[:2] == ["bank_code:HU:101", "bank_code:HU:103"]
    assert "bic:MKKBHUHBXXX" in mkb["identifiers"]


def test_bank_without_bic_is_keyed_by_bank_code_and_branch_names_are_not_aliases(
    banks: RegistryData,
):
    assert entity(banks, "bank:UA:300119") == {
        "entity_id": "bank:UA:300119",
        "name": 'АКЦІОНЕРНЕ ТОВАРИСТВО "БАНК АЛЬЯНС"',
        "aliases": ['JSC "BANK ALLIANCE"'],
        "kind": "bank",
        "country": "UA",
        "countries": ["UA"],
        "identifiers": ["bank_code:UA:300119"],
        "topics": ["fin.bank"],
        **NO_STATUS, "birth_dates": [],
        "program": None,
        "source": "schwifty-bank-registry",
    }


def test_bank_registry_single_file_and_folder_without_iban_files(tmp_path: Path):
    hungary = load_registry(BANKS / "bank_registry__generated_hu.json")
    assert hungary.entities.height == 45
    shutil.copy(BANKS / "bank_registry__manual_mt.json", tmp_path)
    (tmp_path / "iban_registry__generated.json").write_text('{"AD": {}}')
    folder = load_registry(tmp_path)
    assert [Path(p).name for p, _ in folder.files] == ["bank_registry__manual_mt.json"]
    assert folder.entities.height == 1


# --- FollowTheMoney -------------------------------------------------------------------

FTM_LINES = [
    {"id": "gazprom", "schema": "Company", "properties": {
        "name": ["Gazprom PJSC"], "alias": ["ПАО Газпром", "Gazprom PJSC"], "country": ["ru"],
        "innCode": ["7736050003"], "ogrnCode": ["1027700070518"], "topics": ["gov.soe"]}},
    {"id": "gpb", "schema": "Company", "properties": {
        "name": ["Gazprombank"], "swiftBic": ["GAZPRUMM"], "jurisdiction": ["ru"]}},
    {"id": "own-1", "schema": "Ownership", "properties": {
        "owner": ["gazprom"], "asset": ["gpb"], "percentage": ["35.54"]}},
    {"id": "san-1", "schema": "Sanction", "properties": {
        "entity": ["gpb"], "program": ["RUSSIA-EO14024"], "authority": ["OFAC"]}},
    {"id": "addr-1", "schema": "Address", "properties": {"country": ["gb"], "full": ["London"]}},
    {"id": "p1", "schema": "Person", "properties": {
        "name": ["Ivan Petrov"], "nationality": ["ru"], "addressEntity": ["addr-1"],
        "topics": ["role.pep"], "birthDate": ["1961-04-05T00:00:00", "1961", "unknown"]}},
    {"id": "pay-1", "schema": "Payment", "properties": {"payer": ["p1"], "amount": ["5"]}},
    {"id": "p1", "schema": "Person", "properties": {"alias": ["Iwan Petrow"]}},
    {"id": "ministry", "schema": "PublicBody", "properties": {
        "name": ["Ministry of Finance"], "country": ["ru"], "dissolutionDate": ["2020-01-31"],
        "status": ["Dissolved"]}},
]


def test_ftm_entities_ownership_and_sanctions(tmp_path: Path):
    path = tmp_path / "entities.ftm.json"
    path.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in FTM_LINES))
    assert detect_format(path) == "ftm"
    data = load_registry(path)
    common = {"program": None, "source": "ftm"}
    assert data.entities.to_dicts() == [
        {"entity_id": "gazprom", "name": "Gazprom PJSC", "aliases": ["ПАО Газпром"],
         "kind": "company", "country": "RU", "countries": ["RU"],
         "identifiers": ["inn:7736050003", "ogrn:1027700070518"], "topics": ["gov.soe"],
         **NO_STATUS, **common, "birth_dates": []},
        {"entity_id": "gpb", "name": "Gazprombank", "aliases": [], "kind": "bank",
         "country": "RU", "countries": ["RU"],
         "identifiers": ["bic:GAZPRUMM", "bic:GAZPRUMMXXX"], "topics": ["sanction", "fin.bank"],
         **NO_STATUS, "program": "RUSSIA-EO14024", "source": "ftm",
         "birth_dates": []},
        {"entity_id": "ministry", "name": "Ministry of Finance", "aliases": [],
         "kind": "public_body", "country": "RU", "countries": ["RU"], "identifiers": [],
         "topics": [], "status": "dissolved", "status_date": dt.date(2020, 1, 31), **common,
         "birth_dates": []},
        {"entity_id": "p1", "name": "Ivan Petrov", "aliases": ["Iwan Petrow"], "kind": "person",
         "country": "RU", "countries": ["RU", "GB"], "identifiers": [], "topics": ["role.pep"],
         **NO_STATUS, **common, "birth_dates": ["1961-04-05", "1961"]},
    ]
    assert data.ownership.to_dicts() == [
        {"owner_id": "gazprom", "owned_id": "gpb", "share": 0.3554, "source": "ftm"}
    ]


def test_ftm_german_donations_keep_every_donor_entity(donations: RegistryData):
    assert donations.format == "ftm"
    assert donations.entities.height == 95
    assert kinds(donations) == {"company": 56, "person": 22, "organization": 17}
    assert dict(donations.entities["country"].value_counts().iter_rows()) == {
        "DE": 80, None: 12, "CY": 1, "GB": 1, "LU": 1,
    }
    # The file repeats donors; the loader keeps them apart (matching merges them).
    johanna = donations.entities.filter(pl.col("name").str.contains("Johanna Quandt"))
    assert sorted(johanna["name"].to_list()) == ["Frau Johanna Quandt", "Johanna Quandt"]
    assert donations.ownership.height == 0


def test_ftm_line_that_is_not_json_is_refused(tmp_path: Path):
    path = tmp_path / "bad.ijson"
    path.write_text('{"id": "a", "schema": "Person", "properties": {}}\nnot json\n')
    with pytest.raises(RegistryError, match="FollowTheMoney"):
        load_registry(path, "ftm")


# --- canonical ------------------------------------------------------------------------


def test_canonical_scenario_registry_loads_every_row(scenario_registry: RegistryData):
    assert scenario_registry.entities.height == 36
    source = (
        "fn_fcrb_loan_2014 https://securingdemocracy.gmfus.org/incident/french-far-right-party-"
        "national-rally-formerly-front-national-fn-receives-loan-from-bank-with-links-to-the-"
        "kremlin"
    )
    assert entity(scenario_registry, "fcrb") == {
        "entity_id": "fcrb",
        "name": "First Czech-Russian Bank",
        "aliases": [
            "FCRB", "First Czech Russian Bank LLC", "FCRB OOO", "Pervyi Cheshsko-Rossiiskii Bank",
            "Pervyy Cheshsko-Rossiyskiy Bank", "Pervyj Češsko-Rossijskij Bank",
            "OOO Pervyi Chesko-Rossiiskii Bank", "Первый Чешско-Российский Банк",
            "ООО «Первый Чешско-Российский Банк»", "Première Banque Tchéco-Russe",
        ],
        "kind": "bank",
        "country": "RU",
        "countries": ["RU"],
        "identifiers": [],
        "topics": ["fin.bank"],
        "status": "revoked",
        "status_date": dt.date(2016, 7, 1),
        "program": None,
        "source": source,
        "birth_dates": [],
    }
    assert entity(scenario_registry, "mkb")["identifiers"] == ["bic:MKKBHUHB", "bic:MKKBHUHBXXX"]
    edges = scenario_registry.ownership.select("owner_id", "owned_id", "share").rows()
    assert edges == [
        ("zakharenkov", "aviazapchast", None),
        ("kudimov", "vernonsia", None),
        ("magyar_bankholding", "mkb", None),
        ("hu_state", "magyar_bankholding", None),
        ("arron_banks", "rock_holdings", None),
        ("rock_holdings", "rock_services", None),
        ("simicska", "mahir", None),
        ("simicska", "publimont", None),
    ]
    assert scenario_registry.ownership["source"][2].startswith("rn_mkb_loan_2022 https://")


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ("x1,Some Bank,bank,Narnia", "country", "'Narnia' is not a country"),
        ("x1,Some Bank,spaceship,DE", "kind", "kind 'spaceship'"),
        ("x1,,bank,DE", "name", "no name"),
        ("x1,Some Bank,bank,DE,lei", "identifiers", "scheme:value"),
        ("x1,Some Bank,bank,DE,,closed", "status", "status 'closed'"),
        ("x1,Some Bank,bank,DE,,revoked,2016-13-01", "status_date", "not a date"),
        ("mkb,Some Bank,bank,DE", "entity_id", "'mkb' is repeated"),
        ("x1,Ann Body,person,DE,,,,19.06.1951", "birth_dates", "'19.06.1951' are not ISO 8601"),
        ("x1,Ann Body,person,DE,,,,1951-13-01", "birth_dates", "'1951-13-01' are not ISO 8601"),
        ("x1,Some Bank,bank,DE,,,,1951", "birth_dates", "a person's, and this is a bank"),
    ],
)
def test_canonical_bad_row_is_refused_with_its_row(
    tmp_path: Path, row: str, column: str, message: str
):
    path = tmp_path / "registry.csv"
    path.write_text(
        "entity_id,name,kind,country,identifiers,status,status_date,birth_dates\n"
        f"mkb,MKB Bank,bank,HU\n{row}\n",
        encoding="utf-8",
    )
    with pytest.raises(RegistryError, match=message) as caught:
        load_registry(path)
    assert (caught.value.row, caught.value.column) == (3, column)


def test_canonical_file_without_required_column_is_refused(tmp_path: Path):
    path = tmp_path / "registry.csv"
    path.write_text("entity_id,name,kind\nx,Y,bank\n")
    with pytest.raises(RegistryError, match="'country'"):
        load_registry(path, "canonical")


# --- detection and the shipped registry -----------------------------------------------


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (OFAC / "sdn.csv", "ofac-sdn"),
        (OFAC, "ofac-sdn"),
        (UN, "un-xml"),
        (BANKS, "bank-json"),
        (BANKS / "bank_registry__generated_de.json", "bank-json"),
        (BANKS / "bank_registry__manual_dk.v2.json", "bank-json"),
        (DONATIONS, "ftm"),
        (CURATED, "canonical"),
        (SCENARIO_REGISTRY, "canonical"),
    ],
)
def test_detect_format_from_content(path: Path, expected: str):
    assert detect_format(path) == expected


@pytest.mark.parametrize(
    "content",
    [b"\x00\x01\x02garbage\xff\xfe", b"just some words\nand more\n", b'{"a": 1}', b"<html/>"],
)
def test_detect_format_refuses_what_is_no_registry(tmp_path: Path, content: bytes):
    path = tmp_path / "registry.csv"
    path.write_bytes(content)
    with pytest.raises(RegistryError):
        detect_format(path)
    with pytest.raises(RegistryError):
        load_registry(path)


def test_ofac_companion_file_alone_is_not_a_registry():
    with pytest.raises(RegistryError):
        detect_format(OFAC / "alt.csv")


def test_missing_file_and_unknown_format(tmp_path: Path):
    with pytest.raises(UnreadableFileError, match="no such file"):
        load_registry(tmp_path / "nothing.csv")
    with pytest.raises(UsageError, match="unknown registry format"):
        load_registry(CURATED, "xlsx")


def test_default_registry_is_shipped_in_a_fixed_order():
    paths = default_registry_paths()
    assert [(p.relative_to(SHIPPED).as_posix(), f) for p, f in paths] == [
        ("curated.csv", "canonical"),
        ("ofac-sdn-2021/sdn.csv", "ofac-sdn"),
        ("un-consolidated.xml", "un-xml"),
        ("banks", "bank-json"),
    ]
    for path, fmt in paths:
        assert detect_format(path) == fmt
    curated = load_registry(CURATED)
    assert curated.entities.height == 36
    assert curated.ownership.height == 8
