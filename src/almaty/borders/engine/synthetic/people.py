"""Synthetic travellers: names as border services spell them, documents, birth dates.

Names come from `names.yaml`: every name has variants (the home script, the passport's
romanisation, other romanisations, the Russian-Cyrillic spelling), and each crossing record
picks one, as different agencies do. Female surnames inflect where the language does; Cyrillic
records may carry a patronymic. Document numbers are unique per issuer (an affine permutation
of the person's index), printed as each country prints them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import polars as pl
import yaml

NAMES_PATH = Path(__file__).resolve().parent / "names.yaml"
VARIANTS = 4
# How often a record shows each variant: home script, passport romanisation, other, Russian.
VARIANT_SHARES = np.array([0.25, 0.55, 0.08, 0.12])
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_MULTIPLIER = (
    7_654_321  # coprime with 10: number = (index * M + offset) mod 10**digits is a bijection
)

# Passport number: prefix and digits; identity card (used within the EAEU): prefix and digits.
PASSPORTS: dict[str, tuple[str, int]] = {
    "KAZ": ("N", 8), "KGZ": ("AC", 7), "TJK": ("40", 7), "UZB": ("FA", 7), "TKM": ("A", 7),
    "AFG": ("P", 8), "AZE": ("C", 8), "TUR": ("U", 8), "IRN": ("X", 8), "PAK": ("AB", 7),
    "RUS": ("75", 7), "BLR": ("MP", 7), "ARM": ("AT", 7), "CHN": ("E", 8), "GEO": ("1", 8),
    "UKR": ("FK", 7), "MNG": ("E", 7), "KOR": ("M", 8), "IND": ("Z", 7), "BGR": ("38", 7),
    "MDA": ("B", 8), "DEU": ("C", 8),
}  # fmt: skip
DEFAULT_PASSPORT = ("", 9)
ID_CARDS: dict[str, tuple[str, int]] = {
    "KAZ": ("0", 8), "KGZ": ("ID", 7), "RUS": ("45", 8), "BLR": ("KH", 7), "ARM": ("AR", 7),
}  # fmt: skip


@dataclass(frozen=True)
class Pool:
    """Form indices (into `NameTable.forms`), one row per name, VARIANTS columns."""

    surnames_m: np.ndarray
    surnames_f: np.ndarray
    given_m: np.ndarray
    given_f: np.ndarray
    patronymics_m: np.ndarray  # Russian-style patronymics (one form each), may be empty
    patronymics_f: np.ndarray


@dataclass(frozen=True)
class NameTable:
    forms: list[str]
    cyrillic: np.ndarray  # per form: written in Cyrillic
    pools: dict[str, Pool]

    def pool(self, nationality: str) -> Pool:
        return self.pools.get(nationality, self.pools["_"])


def _feminine(form: str) -> str:
    for endings, suffix in (
        (("ов", "ев", "ёв", "ин", "ын"), "а"),
        (("OV", "EV", "IN", "YN", "OW", "EW"), "A"),
        (("ov", "ev", "in", "ow", "ew"), "a"),
    ):
        if form.endswith(endings):
            return form + suffix
    return form


def _patronymic(given: list[str], female: bool) -> str | None:
    cyrillic = [v for v in given if _CYRILLIC.search(v) and " " not in v]
    if not cyrillic:
        return None
    father = cyrillic[-1]  # the Russian spelling, as Russian-language records write it
    if father.endswith("й"):
        return father[:-1] + ("евна" if female else "евич")
    return father + ("овна" if female else "ович")


@cache
def name_table(path: Path = NAMES_PATH) -> NameTable:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    forms: list[str] = []
    index: dict[str, int] = {}

    def form_id(text: str) -> int:
        if text not in index:
            index[text] = len(forms)
            forms.append(text)
        return index[text]

    def rows(names: list[list[str]], transform: bool) -> np.ndarray:
        out = np.zeros((len(names), VARIANTS), dtype=np.int32)
        for i, variants in enumerate(names):
            for v in range(VARIANTS):
                text = str(variants[v % len(variants)])
                out[i, v] = form_id(_feminine(text) if transform else text)
        return out

    pools: dict[str, Pool] = {}
    for code, entry in data.items():
        inflect = bool(entry.get("inflect"))
        patronymic = bool(entry.get("patronymic"))
        male = entry["male"]
        pats_m = [p for g in male if (p := _patronymic(g, False))] if patronymic else []
        pats_f = [p for g in male if (p := _patronymic(g, True))] if patronymic else []
        pools[str(code)] = Pool(
            surnames_m=rows(entry["surnames"], False),
            surnames_f=rows(entry["surnames"], inflect),
            given_m=rows(male, False),
            given_f=rows(entry["female"], False),
            patronymics_m=np.array([form_id(p) for p in pats_m], dtype=np.int32),
            patronymics_f=np.array([form_id(p) for p in pats_f], dtype=np.int32),
        )
    cyrillic = np.array([bool(_CYRILLIC.search(f)) for f in forms])
    return NameTable(forms, cyrillic, pools)


@dataclass(frozen=True)
class People:
    """Per person (index = person id): the four variants of surname and given names (form
    indices), a patronymic (form index or -1), and in `frame` (polars, one row per person):
    nationality, sex, birth_date as recorded (null when unknown), doc_type, doc_number and
    doc_number_renewed (the renewed document's, used only when the person renews)."""

    surname: np.ndarray  # (P, VARIANTS)
    given: np.ndarray  # (P, VARIANTS)
    patronymic: np.ndarray
    frame: pl.DataFrame


def _formats() -> pl.DataFrame:
    rows = [(code, False, prefix, digits) for code, (prefix, digits) in PASSPORTS.items()]
    rows += [(code, True, prefix, digits) for code, (prefix, digits) in ID_CARDS.items()]
    return pl.DataFrame(
        rows,
        schema={"nationality": pl.Utf8, "card": pl.Boolean, "prefix": pl.Utf8, "digits": pl.Int64},
        orient="row",
    )


def make_people(
    rng: np.random.Generator,
    *,
    nationality: np.ndarray,
    sex: np.ndarray,
    age: np.ndarray,
    start: dt.date,
    id_cards: bool,
) -> People:
    """Names, birth dates and documents for persons of the given nationality, sex and age
    (years at `start`). `id_cards`: EAEU nationals may travel on identity cards."""
    table = name_table()
    n = len(nationality)
    surname = np.zeros((n, VARIANTS), dtype=np.int32)
    given = np.zeros((n, VARIANTS), dtype=np.int32)
    patronymic = np.full(n, -1, dtype=np.int32)
    female = sex == "F"
    for code in np.unique(nationality):
        pool = table.pool(str(code))
        for is_female in (False, True):
            who = np.flatnonzero((nationality == code) & (female == is_female))
            if not len(who):
                continue
            surnames = pool.surnames_f if is_female else pool.surnames_m
            names = pool.given_f if is_female else pool.given_m
            surname[who] = surnames[rng.integers(0, len(surnames), len(who))]
            given[who] = names[rng.integers(0, len(names), len(who))]
            pats = pool.patronymics_f if is_female else pool.patronymics_m
            if len(pats):
                has = rng.random(len(who)) < 0.7
                patronymic[who[has]] = pats[rng.integers(0, len(pats), int(has.sum()))]

    start_day = (start - dt.date(1970, 1, 1)).days
    born = start_day - (age * 365.25).astype(np.int64) - rng.integers(0, 365, n)
    u = rng.random(n)
    afghan = nationality == "AFG"  # Afghan documents often give the year of birth only
    year_only = np.where(afghan, u < 0.40, u < 0.04)
    month_only = ~year_only & (u < np.where(afghan, 0.42, 0.05))
    unknown = ~year_only & ~month_only & (u > np.where(afghan, 0.95, 0.98))
    card = np.zeros(n, dtype=bool)
    if id_cards:
        card = np.isin(nationality, list(ID_CARDS)) & (rng.random(n) < 0.25)
    if 2 * n > 10**7:
        raise ValueError("too many persons for 7-digit document numbers")
    full = pl.col("born").cast(pl.Date).dt.strftime("%Y-%m-%d")
    index = pl.col("index")

    def number(shift: int) -> pl.Expr:
        modulus = pl.lit(10, dtype=pl.Int64).pow(pl.col("digits"))
        value = ((index + shift) * _MULTIPLIER + 1_000 + pl.col("card").cast(pl.Int64)) % modulus
        return pl.col("prefix") + value.cast(pl.Utf8).str.zfill(pl.col("digits"))

    frame = (
        pl.DataFrame(
            {
                "index": np.arange(n, dtype=np.int64),
                "nationality": pl.Series(nationality.astype(str), dtype=pl.Utf8),
                "sex": pl.Series(sex.astype(str), dtype=pl.Utf8),
                "born": born.astype(np.int32),
                "year_only": year_only,
                "month_only": month_only,
                "unknown": unknown,
                "card": card,
            }
        )
        .join(_formats(), on=["nationality", "card"], how="left", maintain_order="left")
        .with_columns(
            pl.col("prefix").fill_null(DEFAULT_PASSPORT[0]),
            pl.col("digits").fill_null(DEFAULT_PASSPORT[1]),
        )
        .select(
            "nationality",
            "sex",
            pl.when("unknown")
            .then(None)
            .when("year_only")
            .then(full.str.slice(0, 4))
            .when("month_only")
            .then(full.str.slice(0, 7))
            .otherwise(full)
            .alias("birth_date"),
            pl.when("card").then(pl.lit("I")).otherwise(pl.lit("P")).alias("doc_type"),
            number(0).alias("doc_number"),
            number(n).alias("doc_number_renewed"),
        )
    )
    return People(surname=surname, given=given, patronymic=patronymic, frame=frame)
