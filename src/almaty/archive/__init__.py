"""The archive: documents in several language versions with their translation status, topics,
full-text search in English and Russian, media monitoring, compilations and the glossary."""
