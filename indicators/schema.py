"""The workbook a unit fills in: its sheets, fixed column keys, column types and vocabularies."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Literal

from indicators.i18n import LANGUAGES, catalog, t

ColumnType = Literal["unit", "year", "count", "date", "code", "vocab", "text"]

EVENT_TYPES = (
    "training",
    "seminar",
    "meeting",
    "dissemination",
    "media",
    "research",
    "counselling",
    "other",
)
STATUSES = ("not_started", "in_progress", "done")
VOCABULARIES = {"event_type": EVENT_TYPES, "status": STATUSES}


@dataclass(frozen=True)
class Column:
    key: str
    type: ColumnType
    required: bool = False
    prefilled: bool = False
    """Written into the template; a row with nothing but prefilled cells is an unused row."""
    width: int = 16

    def label(self, sheet: str, lang: str) -> str:
        return t(f"column.{sheet}.{self.key}", lang)


@dataclass(frozen=True)
class Sheet:
    key: str
    columns: tuple[Column, ...]
    row_key: tuple[str, ...]
    """Columns that identify a row: two rows with the same values are duplicates."""
    pairs: tuple[tuple[str, str], ...] = ()
    """(total, female) pairs: the female count may not exceed the total."""

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.columns)

    def name(self, lang: str) -> str:
        return t(f"sheet.{self.key}", lang)


def _pair(stem: str, width: int = 14) -> tuple[Column, Column]:
    return Column(f"{stem}_total", "count", width=width), Column(
        f"{stem}_female", "count", width=width
    )


STAFF = Sheet(
    key="staff",
    columns=(
        Column("unit", "unit", required=True, prefilled=True, width=12),
        Column("year", "year", required=True, prefilled=True, width=10),
        Column("staff_total", "count", required=True, width=14),
        Column("staff_female", "count", required=True, width=14),
        Column("leaders_total", "count", required=True, width=16),
        Column("leaders_female", "count", required=True, width=16),
        *_pair("theory_upgraded", 20),
        *_pair("professional_upgraded", 20),
        *_pair("ge_aware", 22),
    ),
    row_key=("unit", "year"),
    pairs=(
        ("staff_total", "staff_female"),
        ("leaders_total", "leaders_female"),
        ("theory_upgraded_total", "theory_upgraded_female"),
        ("professional_upgraded_total", "professional_upgraded_female"),
        ("ge_aware_total", "ge_aware_female"),
    ),
)

ACTIVITIES = Sheet(
    key="activities",
    columns=(
        Column("date", "date", required=True, width=13),
        Column("unit", "unit", required=True, prefilled=True, width=11),
        Column("activity_code", "code", required=True, width=14),
        Column("event_type", "vocab", required=True, width=16),
        Column("title", "text", required=True, width=44),
        Column("participants_total", "count", width=16),
        Column("participants_female", "count", width=16),
        Column("products", "count", width=14),
        Column("audience", "text", width=24),
        Column("location", "text", width=20),
        Column("evidence", "text", width=28),
        Column("notes", "text", width=28),
    ),
    row_key=("date", "unit", "activity_code", "event_type", "title"),
    pairs=(("participants_total", "participants_female"),),
)

DELIVERABLES = Sheet(
    key="deliverables",
    columns=(
        Column("unit", "unit", required=True, prefilled=True, width=11),
        Column("activity_code", "code", required=True, prefilled=True, width=14),
        Column("status", "vocab", required=True, width=20),
        Column("status_date", "date", width=14),
        Column("evidence", "text", width=36),
        Column("notes", "text", width=36),
    ),
    row_key=("unit", "activity_code"),
)

SHEETS = (STAFF, ACTIVITIES, DELIVERABLES)
SHEETS_BY_KEY = {s.key: s for s in SHEETS}

# Parts that cannot exceed their whole on the staff sheet, beyond the female-of-total pairs.
STAFF_PARTS = (("leaders_total", "staff_total"), ("ge_aware_total", "staff_total"))


_TRAILING_UNIT = re.compile(r"\s*[\(\[（][^\)\]）]*[\)\]）]\s*$")


def normalise(text: object) -> str:
    """Fold a header, sheet name or vocabulary word for matching: case, spacing, a unit suffix."""
    folded = unicodedata.normalize("NFC", str(text)).strip()
    folded = _TRAILING_UNIT.sub("", folded)
    folded = folded.replace("_", " ").replace("-", " ")
    return " ".join(folded.casefold().split())


@cache
def column_aliases(sheet_key: str) -> dict[str, str]:
    """Every way a header may name a column (key, English label, Lao label), folded, to its key."""
    aliases: dict[str, str] = {}
    for column in SHEETS_BY_KEY[sheet_key].columns:
        aliases[normalise(column.key)] = column.key
        for lang in LANGUAGES:
            label = column.label(sheet_key, lang)
            aliases[normalise(label)] = column.key
            aliases[
                normalise(f"{column.label(sheet_key, 'lo')} / {column.label(sheet_key, 'en')}")
            ] = column.key
    return aliases


@cache
def sheet_aliases() -> dict[str, str]:
    """Sheet names that intake recognises (key, Lao name, English name), folded, to the key."""
    aliases: dict[str, str] = {}
    for sheet in SHEETS:
        aliases[normalise(sheet.key)] = sheet.key
        for lang in LANGUAGES:
            aliases[normalise(sheet.name(lang))] = sheet.key
    return aliases


@cache
def vocabulary_aliases(column_key: str) -> dict[str, str]:
    """Accepted spellings of a vocabulary word (key, Lao label, English label) to the key."""
    aliases: dict[str, str] = {}
    for word in VOCABULARIES[column_key]:
        aliases[normalise(word)] = word
        for lang in LANGUAGES:
            aliases[normalise(t(f"vocab.{column_key}.{word}", lang))] = word
    return aliases


def vocabulary_label(column_key: str, word: str, lang: str) -> str:
    return catalog(lang)[f"vocab.{column_key}.{word}"]
