"""Russian texts of the archive's full-text search.

`almaty.archive.search` and its engine show no text of their own: the search page, the API and
the CLI that call them carry their own messages. Nothing to translate here yet.
"""

RU: dict[str, str | list[str]] = {}
