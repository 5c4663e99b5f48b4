"""The look shared by every page: line height for Lao, status badges, empty states."""

from __future__ import annotations

import html

import streamlit as st

from indicators.charts import STATUS_COLOURS, status_text
from indicators.i18n import t

# Lao stacks vowels and tone marks above and below the line; Streamlit's tight heading line
# height clips them, so every text block gets room above and below.
_CSS = """
<style>
h1, h2, h3, h4 { line-height: 1.65 !important; padding-top: 0.35em !important; }
p, li, label, .stMarkdown, .stCaption, [data-testid="stMetricLabel"] { line-height: 1.75; }
[data-testid="stMetricValue"] { line-height: 1.5; }
</style>
"""


# Charts are drawn without Streamlit's chart theme: it replaces the fonts of legends and labels,
# and Lao in them would fall back to a face that is not the app's own.
CHART_CONFIG = {"displayModeBar": False}


def apply() -> None:
    st.html(_CSS)


def badge(status: str, lang: str) -> str:
    """A status as coloured text with its mark and words (HTML, for st.markdown)."""
    ink = "#1A1A1A" if status in ("on_track", "at_risk") else "#FFFFFF"
    return (
        f'<span style="background:{STATUS_COLOURS[status]}; color:{ink}; padding:0.1em 0.7em;'
        f' border-radius:1em; font-weight:700; line-height:1.9; display:inline-block">'
        f"{html.escape(status_text(status, lang))}</span>"
    )


def empty(lang: str, what: str = "ui.empty") -> None:
    """Say in words that there is nothing to show for this choice, and what to do."""
    st.info(t(what, lang), icon="ℹ️")


def unit_label(framework, lang: str):
    """A function naming a unit by its code and, in the chosen language, its name."""
    names = {u.code: u.name[lang] for u in framework.units}
    names["ALL"] = t("ui.ministry", lang)

    def label(code: str) -> str:
        return code if code == "ALL" else f"{code} · {names.get(code, code)}"

    return label


def short_unit(framework, lang: str):
    """A function naming a unit by its code alone, for chart axes; ALL in words."""
    ministry = t("ui.ministry", lang)
    return lambda code: ministry if code == "ALL" else code


def responsible(framework, lang: str, codes) -> str:
    """Responsible units as the agreement names them: units by name, groups by their words."""
    label = unit_label(framework, lang)
    return ", ".join(
        label(c) if c in framework.unit_codes else t(f"ui.group.{c}", lang) for c in codes
    )
