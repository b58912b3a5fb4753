"""Core owns what every app shares: the base model, the hash-chained audit log, access errors,
country names in both languages and the shared page layout."""
