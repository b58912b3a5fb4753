"""News of the Process: items the Support Unit writes in English and Russian, drafts and
scheduled publication, the public list and pages, the RSS/Atom feeds and the JSON API."""
