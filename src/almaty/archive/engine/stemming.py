"""Words and stems for the archive's full-text search.

SQLite's FTS5 has no Russian stemmer, so texts are stemmed here before they are indexed and
queries are stemmed the same way: a Cyrillic word by the Russian Snowball stemmer, a Latin word
by the English one, a word in any other script is only lower-cased. Snippets are cut here too,
on both databases, so that what is highlighted is what was matched.
"""

from __future__ import annotations

import functools
import html
import itertools
import re
import threading
import unicodedata
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass

import Stemmer

# Letters and digits; the underscore and everything else separate words. FTS5's unicode61
# tokenizer keeps every character of these words together, so a stem joined with spaces is
# indexed as exactly one token.
WORD = re.compile(r"[^\W_]+")
MAX_WORD_CHARS = 64  # longer "words" are identifiers or garbage; their head is enough
MAX_QUERY_CHARS = 500
MAX_QUERY_TERMS = 32

# Query words that say nothing on their own. They stay in the index (phrases need them) and
# in quoted phrases; a query made of nothing else searches for them anyway.
_STOP_WORDS = """
    a an and are as at be by for from has have in is it its of on or that the their this to
    was were will with
    а без в во да для до же за и из или к ко ли на над не но о об от по под при с со то у что
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

_stemmers = threading.local()  # PyStemmer objects must not be shared between threads


def _stemmer(language: str) -> Stemmer.Stemmer:
    stemmer = getattr(_stemmers, language, None)
    if stemmer is None:
        stemmer = Stemmer.Stemmer(language)
        setattr(_stemmers, language, stemmer)
    return stemmer


def _is_cyrillic(char: str) -> bool:
    return "\u0400" <= char <= "\u052f"


def _is_latin(char: str) -> bool:
    return char.isascii() or "\u00c0" <= char <= "\u024f"


def normalise(word: str) -> str:
    """Lower-case, ё as е (Russian texts write either)."""
    return word.lower().replace("ё", "е")


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The stem of one word (already lower-cased): by the script of its first letter."""
    for char in word:
        if char.isalpha():
            if _is_cyrillic(char):
                return str(_stemmer("russian").stemWord(word))
            if _is_latin(char):
                return str(_stemmer("english").stemWord(word))
            return word
    return word  # digits only


def _spans(text: str, pos: int = 0) -> Iterator[tuple[int, int, str]]:
    """(start, end, normalised word) of each word of `text` from `pos` on, in order."""
    for match in WORD.finditer(text, pos):
        yield match.start(), match.end(), normalise(match.group()[:MAX_WORD_CHARS])


def words(text: str) -> list[str]:
    """The normalised words of a text."""
    found = WORD.findall(unicodedata.normalize("NFC", text))
    return [normalise(word[:MAX_WORD_CHARS]) for word in found]


def stems(text: str) -> list[str]:
    """The stems of a text's words, in order."""
    return list(map(stem, words(text)))


def index_text(text: str) -> str:
    """What the index stores for a text: its stems separated by spaces."""
    return " ".join(stems(text))


@dataclass(frozen=True)
class Query:
    """A parsed query: each term is one stem or, for a quoted phrase, several in order."""

    terms: tuple[tuple[str, ...], ...]

    @property
    def is_empty(self) -> bool:
        return not self.terms

    @property
    def stems(self) -> frozenset[str]:
        return frozenset(s for term in self.terms for s in term)

    def fts5(self) -> str:
        """An FTS5 MATCH expression: every term quoted (so no user input is ever syntax), all
        of them required."""
        return " ".join('"' + " ".join(term).replace('"', '""') + '"' for term in self.terms)


def parse_query(text: str) -> Query:
    """Words and "quoted phrases" of free text. Operators, column names, stars and brackets are
    just punctuation here; an unclosed quote runs to the end."""
    text = clean_query(text)
    terms: list[tuple[str, ...]] = []
    loose: list[str] = []
    for n, part in enumerate(text.split('"')):
        found = stems(part)
        if n % 2 and found:
            terms.append(tuple(found))
        else:
            loose.extend(words(part))
    kept = [w for w in loose if w not in STOP_WORDS] or loose
    terms.extend((stem(w),) for w in kept)
    unique = list(dict.fromkeys(terms))
    return Query(terms=tuple(unique[:MAX_QUERY_TERMS]))


def clean_query(text: str) -> str:
    """The query as a database may receive it: bounded, without NUL or control characters."""
    text = unicodedata.normalize("NFC", text[: MAX_QUERY_CHARS * 2])[:MAX_QUERY_CHARS]
    return "".join(c if c.isprintable() else " " for c in text)


def snippet(
    text: str,
    query_stems: frozenset[str],
    *,
    before: int = 12,
    after: int = 24,
    max_scan_chars: int = 200_000,
    skip_ahead: bool = True,
) -> str:
    """HTML on one line: a window of words around the first word of `text` whose stem is
    searched for, each such word in <mark>; the text's beginning when none is. Everything but
    the <mark> tags is escaped; where the window is cut is left to the page to show.

    `skip_ahead` (the same snippet, sooner): the words are stemmed from a little before the
    first place where a stem's head appears, and not at all when none does (see
    `_first_candidate`)."""
    text = unicodedata.normalize("NFC", text[:max_scan_chars])
    ahead: deque[tuple[int, int, bool]] = deque(maxlen=before)
    window: list[tuple[int, int, bool]] | None = None
    remaining = after
    scan_from: int | None = 0
    if query_stems and skip_ahead:
        scan_from = _first_candidate(text, query_stems, words_before=before)
    for start, end, word in (
        _spans(text, scan_from) if query_stems and scan_from is not None else ()
    ):
        hit = stem(word) in query_stems
        if window is None:
            if hit:
                window = [*ahead, (start, end, True)]
            else:
                ahead.append((start, end, False))
            continue
        if remaining == 0:
            break
        window.append((start, end, hit))
        remaining -= 1
    if window is None:
        window = [(s, e, False) for s, e, _ in itertools.islice(_spans(text), before + after + 1)]
    if not window:
        return ""
    start, stop = window[0][0], window[-1][1]
    if not WORD.search(text, 0, start):
        start = len(text) - len(text.lstrip())  # from the very beginning: "(1) …", "<b>…"
    while stop < len(text) and stop - window[-1][1] < 3 and not text[stop].isspace():
        stop += 1  # the last word's punctuation: "Almaty." rather than "Almaty"
    out: list[str] = []
    cursor = start
    for s, e, hit in window:
        if hit:
            out += [html.escape(text[cursor:s]), "<mark>", html.escape(text[s:e]), "</mark>"]
            cursor = e
    out.append(html.escape(text[cursor:stop]))
    return " ".join("".join(out).split())


def _first_candidate(text: str, query_stems: frozenset[str], *, words_before: int) -> int | None:
    """Where to start looking for the first word of `text` whose stem is one of `query_stems`:
    None if there is none, else the start of a word at least `words_before` words before it
    (or of the text), so that the words before it are read too.

    A word's stem, but for its last two letters, begins the word: Snowball's Russian stemmer
    only cuts endings, and its English one cuts or rewrites at most the last two letters of
    what it keeps ("happy" gives "happi", "ability" "abil", "hoping" "hope", "dying" "die").
    So the first matching word cannot start before the first place where the head of one of
    the stems appears in the lower-cased text."""
    lowered = normalise(text)
    if len(lowered) != len(text):  # a letter whose lower case is longer: places would shift
        return 0
    places = [
        place
        for query_stem in query_stems
        if (place := lowered.find(query_stem[: max(1, len(query_stem) - 2)])) >= 0
    ]
    if not places:
        return None
    first = min(places)
    lead = 16 * (words_before + 1)
    while True:
        start = max(0, first - lead)
        while start > 0 and WORD.match(text, start - 1):  # not in the middle of a word
            start -= 1
        if start == 0 or len(WORD.findall(text, start, first)) >= words_before:
            return start
        lead *= 4
