"""`almaty` picks its language before building its commands: --lang first, then the locale."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from almaty.cli.main import detect_language


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--lang", "ru", "config"], "ru"),
        (["--lang=ru", "config"], "ru"),
        (["--lang", "RU"], "ru"),
        (["--lang", "ru_RU.UTF-8"], "ru"),
        (["--lang", "en", "config"], "en"),
        (["--lang=en"], "en"),
        (["--lang", "de"], "en"),
        (["--lang="], "en"),
        (["--lang"], "en"),
        ([], "en"),
    ],
)
def test_the_lang_option_chooses_the_language(argv, expected):
    assert detect_language(argv, {}) == expected


@pytest.mark.parametrize("argv", [["--lang", "ru"], ["--lang=ru"]])
def test_the_lang_option_wins_over_the_locale(argv):
    assert detect_language(argv, {"LC_ALL": "en_US.UTF-8", "LANG": "en_US.UTF-8"}) == "ru"


def test_the_lang_option_in_english_wins_over_a_russian_locale():
    assert detect_language(["--lang", "en"], {"LANG": "ru_RU.UTF-8"}) == "en"


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "ru_RU.UTF-8"}, "ru"),
        ({"LANG": "ru_RU"}, "ru"),
        ({"LANG": "ru"}, "ru"),
        ({"LANG": "ru_KZ.utf8"}, "ru"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANG": "kk_KZ.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({"LANG": ""}, "en"),
        ({}, "en"),
        ({"LC_MESSAGES": "ru_RU.UTF-8", "LANG": "en_US.UTF-8"}, "ru"),
        ({"LC_ALL": "ru_RU.UTF-8", "LANG": "en_US.UTF-8"}, "ru"),
        ({"LC_ALL": "en_US.UTF-8", "LANG": "ru_RU.UTF-8"}, "en"),
        ({"LC_ALL": "en_US.UTF-8", "LC_MESSAGES": "ru_RU.UTF-8"}, "en"),
        ({"LC_ALL": "", "LANG": "ru_RU.UTF-8"}, "ru"),
    ],
    ids=lambda v: repr(v) if isinstance(v, dict) else v,
)
def test_the_locale_chooses_the_language_lc_all_first(environ, expected):
    assert detect_language(["config"], environ) == expected


@pytest.mark.parametrize("locale", ["C", "POSIX", "C.UTF-8", "C.utf8"])
def test_the_c_locale_means_english(locale):
    assert detect_language([], {"LANG": locale}) == "en"


@pytest.mark.parametrize("locale", ["C", "POSIX", "C.UTF-8"])
def test_lc_all_c_means_english_even_with_a_russian_lang(locale):
    assert detect_language([], {"LC_ALL": locale, "LANG": "ru_RU.UTF-8"}) == "en"


_locale_names = ["LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE", "LC_CTYPE"]


@given(
    argv=st.lists(
        st.one_of(st.text(max_size=12), st.sampled_from(["--lang", "--lang=ru", "ru", "--lang="])),
        max_size=6,
    ),
    environ=st.dictionaries(st.sampled_from(_locale_names), st.text(max_size=16), max_size=5),
)
def test_any_arguments_and_locale_give_english_or_russian(argv, environ):
    assert detect_language(argv, environ) in {"en", "ru"}
