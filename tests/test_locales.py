"""The locale files: every message in Lao and English, and every message the code asks for."""

from __future__ import annotations

import re

from indicators.errors import FRAMEWORK_RULES
from indicators.i18n import catalog
from indicators.intake import ERROR_RULES, WARNING_RULES

LAO = re.compile("[\u0e80-\u0eff]")


def test_lao_and_english_have_the_same_keys():
    assert set(catalog("lo")) == set(catalog("en"))


def test_no_message_is_empty_and_lao_messages_are_in_lao():
    for key, text in catalog("lo").items():
        assert text.strip(), key
        if not key.startswith("vocab.") or key.startswith("vocab.event_type"):
            assert LAO.search(text) or key in {"app.loading_demo"}, key
    assert all(text.strip() for text in catalog("en").values())


def test_the_same_placeholders_in_both_languages_where_both_use_them():
    for key, english in catalog("en").items():
        lao = catalog("lo")[key]
        shared = {"unit", "year", "id", "row", "sheet", "count", "start", "end", "errors"}
        for name in shared:
            assert (f"{{{name}}}" in english) == (f"{{{name}}}" in lao), (key, name)


def test_every_intake_rule_has_a_message_in_both_languages():
    for rule in ERROR_RULES | WARNING_RULES:
        for lang in ("lo", "en"):
            assert f"rule.{rule}" in catalog(lang), (rule, lang)
    assert len(ERROR_RULES) == 26 and len(WARNING_RULES) == 5


def test_every_framework_rule_has_a_message():
    for rule in FRAMEWORK_RULES:
        for lang in ("lo", "en"):
            assert f"framework_rule.{rule}" in catalog(lang), (rule, lang)
