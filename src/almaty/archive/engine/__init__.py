"""The archive's text engine, free of Django: words, stems, search expressions and snippets.

The web, the CLI, tasks and the benchmark all index and query through the same functions, so a
text indexed by one is found by the others.
"""
