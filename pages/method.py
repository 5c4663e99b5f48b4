"""Method: each indicator's definition, computation, target and how its status is decided."""

import pandas as pd
import streamlit as st

from indicators.i18n import items, t
from indicators.settings import settings
from indicators.views import method_table
from ui import data, state

state.require_frame()
lang = state.lang()
framework = data.framework()
st.title(t("page.method.title", lang))
st.caption(t("page.method.intro", lang, source=framework.source))

table = method_table(framework, lang)
plans = {p.code: p for p in framework.plans}
for plan_code, rows in table.groupby("plan", sort=False):
    with st.expander(f"{plan_code} · {plans[plan_code].name[lang]}", expanded=plan_code == "GE"):
        st.dataframe(
            pd.DataFrame(
                {
                    t(f"page.method.column.{c}", lang): rows[c]
                    for c in (
                        "indicator",
                        "name",
                        "definition",
                        "source",
                        "numerator",
                        "denominator",
                        "filter",
                        "aggregation",
                        "target",
                        "responsible",
                    )
                }
            ),
            hide_index=True,
            width="stretch",
        )

st.header(t("page.method.rules", lang))
rules = settings().status
for rule in items("page.method.rule", lang):
    st.markdown(
        "- "
        + rule.format(
            margin=f"{rules.share_at_risk_margin:.0%}",
            ratio=f"{rules.count_at_risk_ratio:.0%}",
            after=f"{rules.not_started_off_track_after:.0%}",
        )
    )
