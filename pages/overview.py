"""Overview: where the ministry stands against Agreement 837, plan by plan and target by target."""

import streamlit as st

from indicators.charts import target_chart
from indicators.engine import STATUSES
from indicators.i18n import t
from indicators.views import scorecard, targets
from ui import data, look, state

state.require_frame()
lang = state.lang()
framework = data.framework()
st.title(t("page.overview.title", lang))
st.caption(t("page.overview.intro", lang))
year = state.year(framework, lang)
revision = data.revision()
results = data.results(revision)

if results.empty or data.submissions(revision).empty:
    look.empty(lang)
    st.stop()

st.subheader(t("page.overview.scorecard", lang))
card = scorecard(results, framework, year)
plan_names = {p.code: p.name[lang] for p in framework.plans}
for plan_row, column in zip(card.itertuples(index=False), st.columns(len(card)), strict=True):
    with column.container(border=True):
        st.markdown(f"**{plan_row.plan}** · {plan_names[plan_row.plan]}")
        for status in STATUSES:
            count = getattr(plan_row, status)
            if count:
                st.markdown(
                    f"{look.badge(status, lang)} &nbsp; **{count}**", unsafe_allow_html=True
                )

st.subheader(t("page.overview.targets", lang))
rows = targets(results, framework, year)
indicators = {i.code: i for i in framework.indicators}
columns = st.columns(2)
for index, row in rows.iterrows():
    indicator = indicators[row["indicator"]]
    with columns[index % 2]:
        name = f"{indicator.activity} · {indicator.name[lang]}"
        st.plotly_chart(
            target_chart(row, indicator.target, name, lang),
            key=f"target_{row['indicator']}",
            theme=None,
            config=look.CHART_CONFIG,
        )
