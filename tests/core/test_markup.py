"""Markdown written by staff: rendered safely, and reduced to plain text for summaries."""

from hypothesis import given
from hypothesis import strategies as st

from almaty.core.markup import plain, render


def test_raw_html_is_shown_as_text():
    assert render("Hello <script>alert(1)</script>") == (
        "<p>Hello &lt;script&gt;alert(1)&lt;/script&gt;</p>\n"
    )


def test_a_javascript_link_is_not_a_link():
    assert "href" not in render("[click](javascript:alert(1))")


def test_headings_start_below_the_page_title():
    assert render("# Objectives\n\n## Rules") == "<h2>Objectives</h2>\n<h3>Rules</h3>\n"


def test_tables_are_rendered():
    assert "<table>" in render("| a | b |\n|---|---|\n| 1 | 2 |")


def test_plain_text_keeps_punctuation_after_emphasis_and_drops_markup():
    text = "# Title\n\nMet the **coordinators**. See [the report](https://example.org) `now`\nthen"

    assert plain(text) == "Title Met the coordinators. See the report now then"


def test_plain_text_is_cut_at_a_word():
    assert plain("one two three four", limit=10) == "one two…"


@given(st.text(max_size=300), st.integers(min_value=2, max_value=200))
def test_plain_text_is_one_line_within_the_limit(text, limit):
    out = plain(text, limit=limit)
    assert len(out) <= limit
    assert "\n" not in out
