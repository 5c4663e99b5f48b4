"""Messages in Lao and English from the locale files; Lao is the first language everywhere."""

from __future__ import annotations

from functools import cache
from typing import Any

import yaml

from indicators import ROOT

LOCALES_DIR = ROOT / "locales"
LANGUAGES = ("lo", "en")
DEFAULT_LANGUAGE = "lo"


def _flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in tree.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, dotted + "."))
        elif isinstance(value, list):
            flat.update(_flatten(dict(enumerate(value)), dotted + "."))
        else:
            flat[dotted] = str(value)
    return flat


@cache
def catalog(lang: str) -> dict[str, str]:
    """Every message of one language, keyed by dotted names such as ``rule.negative``."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; expected one of {LANGUAGES}")
    with open(LOCALES_DIR / f"{lang}.yaml", encoding="utf-8") as handle:
        return _flatten(yaml.safe_load(handle) or {})


def t(key: str, lang: str = DEFAULT_LANGUAGE, **params: Any) -> str:
    """The message ``key`` in ``lang`` with ``params`` filled in."""
    return catalog(lang)[key].format(**params)


def items(prefix: str, lang: str = DEFAULT_LANGUAGE) -> list[str]:
    """A list in the locale file (``template.steps``), in order."""
    found, index = [], 0
    while (key := f"{prefix}.{index}") in catalog(lang):
        found.append(catalog(lang)[key])
        index += 1
    return found
