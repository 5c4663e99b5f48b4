"""Units: one unit at a time: its activities and reports, its submissions, its staff by sex."""

import pandas as pd
import streamlit as st

from indicators.charts import people_by_sex, trend_chart
from indicators.i18n import t
from indicators.schema import vocabulary_label
from indicators.views import share_target, share_trend, unit_activities
from ui import data, look, state

state.require_frame()
lang = state.lang()
framework = data.framework()
st.title(t("page.units.title", lang))
label = look.unit_label(framework, lang)
top = st.columns([2, 1])
unit = state.choose("unit", t("ui.unit", lang), list(framework.unit_codes), label, where=top[0])
year = state.year(framework, lang, where=top[1])
revision = data.revision()
results = data.results(revision)
subs = data.submissions(revision)
mine = subs[subs["unit"] == unit]
reported = mine[mine["active"].astype(bool)]["year"]
silent = reported.empty if year is None else year not in set(reported)

st.header(t("page.units.activities", lang))
table = unit_activities(results, data.rows("activities", revision), framework, unit, year)
if silent:
    # Zeros would read as "nothing done"; without a workbook there is nothing to say.
    look.empty(lang, "page.units.no_report")
elif table.empty:
    look.empty(lang, "page.units.no_activities")
else:
    texts = {
        a.code: a.text[lang] if lang == "en" else a.text.lo for a in framework.activities_of(unit)
    }
    shown = pd.DataFrame(
        {
            t("column.activities.activity_code", lang): table["activity"],
            t("page.units.activity", lang): table["activity"].map(texts),
            t("page.units.lead", lang): table["lead"].map(lambda lead: "★" if lead else ""),
            t("chart.events", lang): table["events"],
            t("chart.participants", lang): table["reached"],
            t("chart.women", lang): table["reached_female"],
            t("page.units.products", lang): table["products"],
            t("page.units.deliverable", lang): table["deliverable_status"].map(
                lambda s: vocabulary_label("status", s, lang) if isinstance(s, str) else "–"
            ),
        }
    )
    st.dataframe(shown, hide_index=True, width="stretch")

st.header(t("page.units.submissions", lang))
if mine.empty:
    look.empty(lang, "page.units.no_submissions")
else:
    st.dataframe(
        pd.DataFrame(
            {
                t("ui.year", lang): mine["year"],
                t("page.units.file", lang): mine["file_name"],
                t("page.units.uploaded_by", lang): mine["uploaded_by"],
                t("page.units.uploaded_at", lang): pd.to_datetime(mine["uploaded_at"]).dt.strftime(
                    "%d/%m/%Y %H:%M"
                ),
                t("app.column.status", lang): mine["active"]
                .astype(bool)
                .map(
                    lambda current: t(
                        "page.units.current" if current else "page.units.superseded", lang
                    )
                ),
            }
        ),
        hide_index=True,
        width="stretch",
    )

st.header(t("page.units.staff", lang))
staff = data.rows("staff", revision)
staff = staff[staff["unit"] == unit].sort_values("year")
if staff.empty:
    look.empty(lang, "page.units.no_staff")
    st.stop()
years = [str(y) for y in staff["year"]]
left, right = st.columns(2)
left.plotly_chart(
    people_by_sex(
        years,
        staff["staff_female"].astype(float).tolist(),
        staff["staff_total"].astype(float).tolist(),
        t("page.units.staff_by_sex", lang),
        lang,
    ),
    key="unit_staff",
    theme=None,
    config=look.CHART_CONFIG,
)
right.plotly_chart(
    people_by_sex(
        years,
        staff["leaders_female"].astype(float).tolist(),
        staff["leaders_total"].astype(float).tolist(),
        t("page.units.leaders_by_sex", lang),
        lang,
    ),
    key="unit_leaders",
    theme=None,
    config=look.CHART_CONFIG,
)
trend = share_trend(staff, data.rows("activities", revision).iloc[:0])
measures = {m: t(f"chart.measure.{m}", lang) for m in ("staff", "leaders")}
st.plotly_chart(
    trend_chart(
        trend,
        measures,
        share_target(framework, "leaders_female"),
        t("page.units.shares", lang),
        lang,
    ),
    key="unit_shares",
    theme=None,
    config=look.CHART_CONFIG,
)
upgrades = {m: t(f"chart.measure.{m}", lang) for m in ("theory", "professional")}
st.plotly_chart(
    trend_chart(trend, upgrades, None, t("page.units.upgrades", lang), lang),
    key="unit_upgrades",
    theme=None,
    config=look.CHART_CONFIG,
)
