"""Gender statistics across the ministry: women in staff, leadership, upgrades and activities."""

import streamlit as st

from indicators.charts import share_by_unit, trend_chart
from indicators.i18n import t
from indicators.views import share_target, share_trend, women_shares
from ui import data, look, state

state.require_frame()
lang = state.lang()
framework = data.framework()
st.title(t("page.gender.title", lang))
st.caption(t("page.gender.intro", lang))
year = state.year(framework, lang)
revision = data.revision()
staff = data.rows("staff", revision)
activities = data.rows("activities", revision)
if staff.empty and activities.empty:
    look.empty(lang)
    st.stop()

short = look.short_unit(framework, lang)
leaders_target = share_target(framework, "leaders_female")
shares = women_shares(staff, framework, year)
if shares.empty:
    look.empty(lang)
else:
    ministry = shares[shares["unit"] == "ALL"].iloc[0]
    first, second = st.columns(2)
    first.metric(
        t("page.gender.staff_share", lang),
        f"{ministry['staff_share']:.1%}",
        help=t(
            "page.gender.from_counts",
            lang,
            female=int(ministry["staff_female"]),
            total=int(ministry["staff_total"]),
        ),
    )
    second.metric(
        t("page.gender.leaders_share", lang),
        f"{ministry['leaders_share']:.1%}",
        help=t(
            "page.gender.from_counts",
            lang,
            female=int(ministry["leaders_female"]),
            total=int(ministry["leaders_total"]),
        ),
    )
    st.plotly_chart(
        share_by_unit(
            shares, "leaders", leaders_target, t("page.gender.leaders_by_unit", lang), short, lang
        ),
        key="leaders_by_unit",
        theme=None,
        config=look.CHART_CONFIG,
    )
    st.plotly_chart(
        share_by_unit(shares, "staff", None, t("page.gender.staff_by_unit", lang), short, lang),
        key="staff_by_unit",
        theme=None,
        config=look.CHART_CONFIG,
    )

trend = share_trend(staff, activities)
charts = (
    ("trend", {"staff": "staff", "leaders": "leaders"}, leaders_target),
    ("theory", {"theory": "theory"}, share_target(framework, "theory_upgraded_female")),
    (
        "professional",
        {"professional": "professional"},
        share_target(framework, "professional_upgraded_female"),
    ),
    (
        "participants",
        {"participants": "participants"},
        share_target(framework, "participants_female", source="activities"),
    ),
)
for name, measures, target in charts:
    labels = {m: t(f"chart.measure.{m}", lang) for m in measures}
    st.plotly_chart(
        trend_chart(trend, labels, target, t(f"page.gender.{name}", lang), lang),
        key=f"gender_{name}",
        theme=None,
        config=look.CHART_CONFIG,
    )
