"""ISO 3166 codes and CLDR short names in English and Russian, without Django."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from almaty.core import countries
from almaty.core.countries import lookup, short_name


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("KGZ", ("KG", "KGZ", 417)),
        ("AFG", ("AF", "AFG", 4)),
        ("UZB", ("UZ", "UZB", 860)),
        ("kgz", ("KG", "KGZ", 417)),
        ("  tjk ", ("TJ", "TJK", 762)),
    ],
)
def test_lookup_gives_alpha2_alpha3_and_numeric(code, expected):
    assert lookup(code) == expected


@pytest.mark.parametrize("code", ["", "XYZ", "KG", "KGZZ", "12A", "K-Z", "ÄÖÜ", "SUN", "ЖЖЖ"])
def test_lookup_of_a_code_that_is_not_iso_3166_is_none(code):
    assert lookup(code) is None


@pytest.mark.parametrize(
    ("code", "language", "name"),
    [
        ("KGZ", "en", "Kyrgyzstan"),
        ("KGZ", "ru", "Кыргызстан"),
        ("KAZ", "ru", "Казахстан"),
        ("TUR", "en", "Türkiye"),
        ("TUR", "ru", "Турция"),
        ("IRN", "en", "Iran"),
        ("kgz", "ru", "Кыргызстан"),
        ("KGZ", "ru-ru", "Кыргызстан"),
    ],
)
def test_short_name_in_english_and_russian(code, language, name):
    assert short_name(code, language) == name


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize("code", ["XYZ", "", "12A"])
def test_short_name_of_a_bad_code_is_the_code_itself(code, language):
    assert short_name(code, language) == code


@given(code=st.text(min_size=3, max_size=3), language=st.sampled_from(["en", "ru"]))
def test_any_three_characters_give_a_name_or_none_never_an_error(code, language):
    found = lookup(code)
    name = short_name(code, language)

    assert found is None or (len(found[0]), len(found[1])) == (2, 3)
    assert name == code if found is None else name


@given(code=st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=3, max_size=3))
def test_every_alpha3_code_found_maps_back_to_itself(code):
    found = lookup(code)

    assert found is None or found[1] == code


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["Turkmenistan", "Türkiye", "Tajikistan"], ["Tajikistan", "Türkiye", "Turkmenistan"]),
        (["Узбекистан", "Азербайджан", "Ёлка"], ["Азербайджан", "Ёлка", "Узбекистан"]),
        (["b", "A", "a"], ["A", "a", "b"]),
    ],
)
def test_collation_key_orders_names_as_readers_expect(names, expected):
    assert sorted(names, key=countries.collation_key) == expected
