"""Synthetic crossing records with ground truth, for tests and benchmarks (`engine.generator`).

- `rules`: approximate default stay rules per recording State, in the engine's rule rows, and
  the nationality groups the generator draws permits from;
- `people`: persons (names in Cyrillic and romanised variants, documents, birth dates);
- `patterns`: the stays of the five movement patterns and of citizens' trips, in bulk;
- `records`: the crossing records of those stays, and the noise;
- `truth`: the ground truth of overstays, by a plain day-by-day simulation of the stay rules,
  independent of the engine's SQL.
"""
