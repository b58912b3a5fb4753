"""Code lists of the exchange format, with names in English and Russian where people read them.

Codes follow SDMX's cross-domain code lists (CL_SEX, CL_AGE, CL_OBS_STATUS, CL_UNIT_MEASURE)
and the platform's own CL_PURPOSE. Areas are ISO 3166-1 alpha-3 (pycountry) plus the special
codes `_T`, `_Z` and `_X` for COUNTERPART_AREA.
"""

from __future__ import annotations

from functools import cache
from types import MappingProxyType
from typing import NamedTuple

import pycountry


class Code(NamedTuple):
    name_en: str
    name_ru: str


TOTAL = "_T"
NOT_APPLICABLE = "_Z"
UNKNOWN = "_U"
UNKNOWN_AREA = "_X"


def _frozen(codes: dict[str, Code]) -> MappingProxyType[str, Code]:
    return MappingProxyType(codes)


SEX = _frozen(
    {
        "F": Code("Female", "Женщины"),
        "M": Code("Male", "Мужчины"),
        "_T": Code("Total", "Всего"),
        "_U": Code("Unknown", "Неизвестно"),
    }
)

AGE = _frozen(
    {
        "Y_LT18": Code("Under 18 years", "Моложе 18 лет"),
        "Y18T34": Code("18 to 34 years", "18–34 года"),
        "Y35T64": Code("35 to 64 years", "35–64 года"),
        "Y_GE65": Code("65 years or over", "65 лет и старше"),
        "_T": Code("Total", "Всего"),
        "_U": Code("Unknown", "Неизвестно"),
    }
)

PURPOSE = _frozen(
    {
        "WORK": Code("Work", "Работа"),
        "PRIVATE": Code("Private visit", "Частный визит"),
        "TOURISM": Code("Tourism", "Туризм"),
        "BUSINESS": Code("Business", "Деловая поездка"),
        "STUDY": Code("Study", "Учёба"),
        "TRANSIT": Code("Transit", "Транзит"),
        "OFFICIAL": Code("Official", "Служебная поездка"),
        "RESIDENCE": Code("Permanent residence", "Постоянное жительство"),
        "OTHER": Code("Other", "Другое"),
        "_T": Code("Total", "Всего"),
        "_Z": Code("Not applicable", "Не применимо"),
    }
)

UNIT_MEASURE = _frozen(
    {
        "PS": Code("Persons", "Человек"),
        "EV": Code("Events", "Случаев"),
        "USD": Code("US dollars", "Долларов США"),
    }
)

OBS_STATUS = _frozen(
    {
        "A": Code("Normal value", "Обычное значение"),
        "E": Code("Estimated value", "Оценочное значение"),
        "P": Code("Provisional value", "Предварительное значение"),
        "B": Code("Break in series", "Разрыв ряда"),
        "M": Code("Missing value", "Значение отсутствует"),
    }
)

SPECIAL_AREAS = _frozen(
    {
        "_T": Code("All countries", "Все страны"),
        "_Z": Code("Not applicable", "Не применимо"),
        "_X": Code("Unknown country", "Страна неизвестна"),
    }
)

# Non-area dimensions whose code list is closed: a breakdown is complete when every code but
# the total and "unknown" is given (then it must add up to the total exactly).
CLOSED_DIMENSIONS: MappingProxyType[str, MappingProxyType[str, Code]] = MappingProxyType(
    {"SEX": SEX, "AGE": AGE, "PURPOSE": PURPOSE}
)

# Codes that are not part of a breakdown (the total itself, "not applicable").
NOT_PARTS = frozenset({TOTAL, NOT_APPLICABLE})
# Codes a breakdown may include but need not (unknown).
OPTIONAL_PARTS = frozenset({UNKNOWN, UNKNOWN_AREA})


def complete_parts(dimension: str) -> frozenset[str] | None:
    """The codes a complete breakdown over `dimension` gives, or None for open lists (areas)."""
    codes = CLOSED_DIMENSIONS.get(dimension)
    if codes is None:
        return None
    return frozenset(c for c in codes if c not in NOT_PARTS and c not in OPTIONAL_PARTS)


@cache
def iso3_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-3 codes of current countries (pycountry)."""
    return frozenset(c.alpha_3 for c in pycountry.countries)


def area_codes() -> frozenset[str]:
    """Valid COUNTERPART_AREA codes: ISO3 and the special codes."""
    return iso3_codes() | frozenset(SPECIAL_AREAS)


CODE_LISTS: MappingProxyType[str, MappingProxyType[str, Code]] = MappingProxyType(
    {
        "SEX": SEX,
        "AGE": AGE,
        "PURPOSE": PURPOSE,
        "UNIT_MEASURE": UNIT_MEASURE,
        "OBS_STATUS": OBS_STATUS,
    }
)


def code_name(column: str, code: str, language: str = "en") -> str:
    """The name of `code` in `column`'s code list (areas: pycountry's English name), or the code."""
    entry: Code
    if column in CODE_LISTS and code in CODE_LISTS[column]:
        entry = CODE_LISTS[column][code]
    elif column in ("REF_AREA", "COUNTERPART_AREA") and code in SPECIAL_AREAS:
        entry = SPECIAL_AREAS[code]
    elif column in ("REF_AREA", "COUNTERPART_AREA"):
        country = pycountry.countries.get(alpha_3=code)
        return str(getattr(country, "name", code)) if country else code
    else:
        return code
    return entry.name_ru if language == "ru" else entry.name_en
