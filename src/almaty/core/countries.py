"""Country names from ISO 3166 in English and Russian (pycountry for codes, Babel/CLDR for names).

Django-free so the CLI, the engines and the benchmarks can use it too.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import pycountry
from babel import Locale


@lru_cache(maxsize=512)
def lookup(iso3: str) -> tuple[str, str, int] | None:
    """(alpha-2, alpha-3, numeric) for an ISO 3166-1 alpha-3 code, or None if there is none."""
    code = (iso3 or "").strip().upper()
    if len(code) != 3 or not code.isalpha():
        return None
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return None
    return country.alpha_2, country.alpha_3, int(country.numeric)


# Where CLDR's name differs from the one the United Nations (UNTERM) and the State itself use
# in that language: Kyrgyzstan is «Кыргызстан» in Russian, not «Киргизия».
UN_SHORT_NAMES = {("KG", "ru"): "Кыргызстан"}


@lru_cache(maxsize=1024)
def short_name(iso3: str, language: str) -> str:
    """The common short name of a country in a language (CLDR, but the UN's where they differ),
    e.g. KGZ → Kyrgyzstan/Кыргызстан."""
    found = lookup(iso3)
    if found is None:
        return iso3
    alpha2 = found[0]
    override = UN_SHORT_NAMES.get((alpha2, language.split("-")[0]))
    if override:
        return override
    locale = Locale.parse(language.split("-")[0])
    name = locale.territories.get(alpha2)
    if name is None:
        country = pycountry.countries.get(alpha_2=alpha2)
        return country.name if country is not None else iso3
    return str(name)


def collation_key(text: str) -> str:
    """A sort key that orders names as readers expect: Türkiye before Turkmenistan.

    Letters are compared without their diacritics first (ü as u, ё as е), then case-folded.
    """
    base = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return base.casefold()
