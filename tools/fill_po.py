"""Write the Russian texts of tools/ru_translations.py into the catalogue, and list what is missing.

Run after `make messages`: `.venv/bin/python tools/fill_po.py`. Exits 1 if any message still
lacks a Russian text, printing each.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel import Locale
from babel.messages.pofile import read_po, write_po

sys.path.insert(0, str(Path(__file__).parent))
from ru_translations import RU

PO = Path(__file__).resolve().parents[1] / "src/almaty/locale/ru/LC_MESSAGES/django.po"


def main() -> int:
    with PO.open("rb") as handle:
        catalog = read_po(handle, locale="ru")
    catalog.fuzzy = False
    # makemessages leaves "Language:" empty; without a locale Babel would drop Plural-Forms.
    # Django's Russian catalogues use four plural forms (one, few, many, fractions): keep them.
    catalog.locale = Locale.parse("ru")
    catalog._num_plurals = 4
    catalog._plural_expr = (
        "(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<12 || n%100>14) ? 1 : "
        "n%10==0 || (n%10>=5 && n%10<=9) || (n%100>=11 && n%100<=14)? 2 : 3)"
    )
    catalog.project = "almaty"
    catalog.version = ""
    catalog.language_team = "Russian"
    catalog.last_translator = "almaty project"
    catalog.revision_date = catalog.creation_date
    missing = []
    for message in catalog:
        if not message.id:
            continue
        key_id = message.id[0] if isinstance(message.id, tuple | list) else message.id
        text = RU.get((message.context, key_id)) if message.context else RU.get(key_id)
        if text is None:
            missing.append((message.context, key_id))
            continue
        if isinstance(message.id, tuple | list):
            if not isinstance(text, list) or len(text) != 4:
                missing.append((message.context, key_id))
                continue
            message.string = tuple(text)
        else:
            message.string = text
        message.flags.discard("fuzzy")
    with PO.open("wb") as handle:
        write_po(handle, catalog, width=100, include_previous=False)
    for context, key in missing:
        print(f"missing Russian text: {context + ' | ' if context else ''}{key!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
