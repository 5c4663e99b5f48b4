"""Reporting completeness: which unit reported for which year, and who is still missing."""

import pandas as pd
import streamlit as st

from indicators.i18n import t
from indicators.views import MISSING, completeness, missing_units
from ui import data, look, state

state.require_frame()
lang = state.lang()
framework = data.framework()
st.title(t("page.completeness.title", lang))
st.caption(t("page.completeness.intro", lang))
revision = data.revision()
matrix = completeness(data.submissions(revision), framework)
label = look.unit_label(framework, lang)
marks = {"reported": "✔", "superseded": "✔✎", "missing": "✖"}

shown = matrix.apply(
    lambda column: column.map(
        lambda state_: f"{marks[state_]} {t(f'page.completeness.{state_}', lang)}"
    )
)
shown.index = [label(u) for u in matrix.index]
shown.columns = [str(c) for c in shown.columns]
colours = {"reported": "#D8F0E6", "superseded": "#DCEBF7", "missing": "#F6D5D5"}
styled = shown.style.apply(
    lambda column: [f"background-color: {colours[s]}" for s in matrix[int(column.name)]], axis=0
)
st.dataframe(styled, width="stretch", height=35 * (len(shown) + 1) + 3)

years = list(reversed(framework.reporting_years))
year = state.choose("year", t("ui.year", lang), years, str, default=years[0])
missing = missing_units(matrix, year)
st.subheader(t("page.completeness.missing_heading", lang, year=year))
if not missing:
    st.success(t("page.completeness.all_in", lang, year=year))
else:
    st.warning(t("page.completeness.count_missing", lang, count=len(missing), year=year))
    st.dataframe(
        pd.DataFrame({t("ui.unit", lang): [label(u) for u in missing]}),
        hide_index=True,
        width="stretch",
    )
counts = (matrix != MISSING).sum()
st.caption(
    t("page.completeness.summary", lang, reported=int(counts[year]), total=len(matrix), year=year)
)
