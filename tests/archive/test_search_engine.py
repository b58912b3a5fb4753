"""The search engine's words, stems, query expressions and snippets (no database)."""

import sqlite3

import pytest
from hypothesis import given
from hypothesis import strategies as st

from almaty.archive.engine.stemming import index_text, parse_query, snippet, stems


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("refugees", "refugee"),
        ("migrants", "migrant"),
        ("Returned", "returning"),
        ("беженцев", "беженцы"),
        ("мигрантов", "мигранты"),
        ("трудовых", "трудовые"),
        ("возвращения", "возвращение"),
        ("ёлка", "елка"),
    ],
)
def test_inflected_forms_share_a_stem(one, other):
    assert stems(one) == stems(other)


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("Migration", "migrat"),
        ("МИГРАЦИЯ", "миграц"),
        ("مهاجرت", "مهاجرت"),  # Persian: only lower-cased (nothing to lower here)
        ("Göç", "göç"),  # Latin letters outside English: the English stemmer leaves them be
        ("2024", "2024"),
    ],
)
def test_each_script_is_stemmed_by_its_own_rules(word, stem):
    assert stems(word) == [stem]


def test_words_split_on_punctuation_and_underscores():
    assert stems("labour_migration, (Almaty-Process)") == ["labour", "migrat", "almati", "process"]


def test_the_index_stores_stems_separated_by_spaces():
    assert index_text("Беженцы и мигранты\nin Almaty") == "беженц и мигрант in almati"


@pytest.mark.parametrize(
    ("query", "expression"),
    [
        ("refugees", '"refuge"'),
        ("Refugees AND migrants", '"refuge" "migrant"'),
        ("the rights of migrants", '"right" "migrant"'),
        ("the", '"the"'),
        ('"права мигрантов" в Казахстане', '"прав мигрант" "казахстан"'),
        ('"labour migration', '"labour migrat"'),
        ("body: NEAR(refugees, 2) *", '"bodi" "near" "refuge" "2"'),
        ('say "" nothing', '"say" "noth"'),
        ("!!! ... ()", ""),
        ("", ""),
    ],
)
def test_a_query_becomes_quoted_stems_all_required(query, expression):
    assert parse_query(query).fts5() == expression


def test_a_query_without_words_is_empty():
    assert parse_query(" -- * ( ) ").is_empty


def test_repeated_words_are_searched_once():
    assert parse_query("refugee refugees REFUGEES").fts5() == '"refuge"'


def test_a_query_is_bounded():
    assert len(parse_query(" ".join(f"word{n}" for n in range(500))).terms) == 32


@pytest.fixture(scope="module")
def fts5():
    db = sqlite3.connect(":memory:")
    db.execute(
        "CREATE VIRTUAL TABLE t USING fts5(title, body, tokenize='unicode61 remove_diacritics 2')"
    )
    db.execute("INSERT INTO t (title, body) VALUES ('migrat', 'refuge')")
    yield db
    db.close()


@given(st.text(max_size=200))
def test_no_query_breaks_the_fts5_syntax(fts5, text):
    expression = parse_query(text).fts5()
    if expression:
        fts5.execute("SELECT rowid FROM t WHERE t MATCH ?", [expression]).fetchall()


def test_a_snippet_marks_the_words_found_and_escapes_the_rest():
    text = "Opening. <b>Refugees</b> & migrants met in Almaty."

    found = snippet(text, parse_query("refugee migrant").stems)

    assert found == (
        "Opening. &lt;b&gt;<mark>Refugees</mark>&lt;/b&gt; &amp; <mark>migrants</mark> met in Almaty."
    )


def test_a_snippet_is_a_window_around_the_first_word_found():
    text = " ".join(f"w{n}" for n in range(100)) + " беженцы, " + " ".join("x" * 50)

    found = snippet(text, parse_query("беженцев").stems, before=3, after=2)

    assert found == "w97 w98 w99 <mark>беженцы</mark>, x x"


def test_a_snippet_without_a_word_found_is_the_beginning():
    found = snippet("One two\nthree <four>", frozenset({"zzz"}), before=1, after=1)

    assert found == "One two three"


@given(st.text(max_size=300), st.text(max_size=30))
def test_a_snippet_has_no_markup_but_mark(text, query):
    found = snippet(text, parse_query(query).stems)
    assert "<" not in found.replace("<mark>", "").replace("</mark>", "")


# Words whose stem is not simply a cut of the word (the English stemmer rewrites the end), in
# both scripts, with separators that make words far apart: what skipping ahead must survive.
AWKWARD_WORDS = [
    "happy",
    "happiness",
    "ability",
    "abilities",
    "hoping",
    "hoped",
    "dying",
    "lying",
    "skies",
    "skis",
    "sensitivity",
    "relational",
    "generously",
    "policy",
    "policies",
    "gently",
    "early",
    "only",
    "news",
    "İstanbul",
    "ёлка",
    "Ёлки",
    "беженцев",
    "беженцы",
    "трудовых",
    "мигрантов",
    "Миграция",
    "IOM",
    "УВКБ",
    "2024",
    "x",
]
SEPARATORS = (" ", "  ", ", ", ". ", "\n", " ........................ ", "-", "_", "«", "»")


@st.composite
def awkward_texts(draw):
    words = draw(st.lists(st.sampled_from(AWKWARD_WORDS), max_size=120))
    gaps = draw(st.lists(st.sampled_from(SEPARATORS), min_size=len(words), max_size=len(words)))
    return "".join(w + g for w, g in zip(words, gaps, strict=True))


@given(
    awkward_texts(),
    st.lists(st.sampled_from(AWKWARD_WORDS), min_size=1, max_size=3),
    st.integers(0, 15),
    st.integers(0, 15),
)
def test_skipping_ahead_gives_the_same_snippet_as_reading_every_word(text, query, before, after):
    query_stems = parse_query(" ".join(query)).stems
    fast = snippet(text, query_stems, before=before, after=after)
    slow = snippet(text, query_stems, before=before, after=after, skip_ahead=False)
    assert fast == slow


@given(st.text(max_size=400), st.text(max_size=20))
def test_skipping_ahead_gives_the_same_snippet_for_any_text(text, query):
    query_stems = parse_query(query).stems
    assert snippet(text, query_stems) == snippet(text, query_stems, skip_ahead=False)


def test_a_word_found_far_into_a_long_text_is_shown_with_the_words_before_it():
    text = " ".join(f"w{n}" for n in range(20_000)) + " ....... readmission of returnees"

    found = snippet(text, parse_query("readmission").stems, before=2, after=2)

    assert found == "w19998 w19999 ....... <mark>readmission</mark> of returnees"
