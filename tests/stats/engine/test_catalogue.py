import re
from pathlib import Path

import pytest

from almaty.stats.engine.catalogue import (
    DEFAULT_PATH,
    CatalogueError,
    load_catalogue,
    load_dataflows,
)
from almaty.stats.engine.codelists import CODE_LISTS, code_name, complete_parts

SPEC_CODES = [
    "ENTRIES",
    "EXITS",
    "REFUSALS",
    "IBC_DETECTIONS",
    "OVERSTAYS",
    "UNAUTH_EMPLOYMENT",
    "REENTRY_BANS",
    "RETURNS",
    "SMUGGLERS",
    "TRAFFICKING_VICTIMS",
    "FRAUD_DOCS",
    "WORK_PERMITS",
    "ASYLUM_APPLICATIONS",
    "ASYLUM_DECISIONS_POSITIVE",
    "ASYLUM_DECISIONS_NEGATIVE",
    "REFUGEES",
    "STATELESS",
    "REMITTANCES_IN",
    "REMITTANCES_OUT",
    "BORDER_REFERRALS",
]
# Derived by the platform from a State's crossing records (issue 9), submitted like the others.
BORDER_CODES = [
    "OVERSTAY_EXITS",
    "OVERSTAYERS_IN_COUNTRY",
    "STAYS_TRANSIT",
    "STAYS_LOCAL",
    "STAYS_CIRCULAR",
    "STAYS_SEASONAL",
    "STAYS_REGULAR",
]
CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)
CATALOGUE = load_catalogue()


def test_every_indicator_of_the_spec_is_submitted_and_migrant_stock_is_external() -> None:
    submitted = {code for code, i in CATALOGUE.items() if i.source == "submitted"}
    assert submitted == {*SPEC_CODES, *BORDER_CODES}
    assert CATALOGUE["MIGRANT_STOCK"].source == "external"


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_indicator_is_described_in_english_and_russian(code: str) -> None:
    ind = CATALOGUE[code]
    assert ind.name_en
    assert ind.definition_en
    assert not CYRILLIC.search(ind.name_en)
    assert CYRILLIC.search(ind.name_ru)
    assert CYRILLIC.search(ind.definition_ru)
    assert ind.dataflow in load_dataflows()


def test_border_flows_are_monthly_mirrors_and_remittances_in_dollars() -> None:
    assert CATALOGUE["ENTRIES"].bilateral == "EXITS"
    assert CATALOGUE["EXITS"].bilateral == "ENTRIES"
    assert CATALOGUE["ENTRIES"].periodicity == "M"
    assert CATALOGUE["REMITTANCES_IN"].unit == "USD"
    assert "COUNTERPART_AREA" not in CATALOGUE["STATELESS"].dimensions


@pytest.mark.parametrize("code", BORDER_CODES)
def test_indicators_of_crossing_records_are_monthly_by_citizenship_and_sex(code: str) -> None:
    from almaty.borders.engine.indicators import INDICATORS, UNITS

    indicator = CATALOGUE[code]
    assert code in INDICATORS
    assert indicator.dataflow == "ALMATY:MIGR_BORDER(1.0)"
    assert indicator.periodicity == "M"
    assert indicator.dimensions == ("COUNTERPART_AREA", "SEX")
    assert indicator.unit == UNITS.get(code, "EV")


def test_catalogue_with_one_sided_mirror_is_refused(tmp_path: Path) -> None:
    text = DEFAULT_PATH.read_text(encoding="utf-8")
    broken = tmp_path / "catalogue.yaml"
    broken.write_text(text.replace("bilateral: ENTRIES", "bilateral: null"), encoding="utf-8")
    with pytest.raises(CatalogueError, match="ENTRIES"):
        load_catalogue(broken)


@pytest.mark.parametrize("column", sorted(CODE_LISTS))
def test_codes_have_russian_names(column: str) -> None:
    for code in CODE_LISTS[column]:
        assert CYRILLIC.search(code_name(column, code, "ru")), (column, code)


def test_code_names_of_areas() -> None:
    assert code_name("REF_AREA", "KAZ") == "Kazakhstan"
    assert code_name("COUNTERPART_AREA", "_X", "ru") == "Страна неизвестна"


def test_complete_breakdowns() -> None:
    assert complete_parts("SEX") == {"F", "M"}
    assert complete_parts("AGE") == {"Y_LT18", "Y18T34", "Y35T64", "Y_GE65"}
    assert complete_parts("COUNTERPART_AREA") is None
