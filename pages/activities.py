"""Activities: the activity log, filtered, with its totals and women's share, to download."""

import datetime as dt

import pandas as pd
import streamlit as st

from indicators.exports import activities_workbook
from indicators.i18n import t
from indicators.schema import ACTIVITIES, EVENT_TYPES, vocabulary_label
from indicators.views import activity_totals, filter_activities
from ui import data, look, state

state.require_frame()
lang = state.lang()
framework = data.framework()
st.title(t("page.activities.title", lang))
revision = data.revision()
log = data.rows("activities", revision)
if log.empty:
    look.empty(lang)
    st.stop()

any_ = None
plans = {p.code: p for p in framework.plans}
first = st.columns(3)
plan = state.choose(
    "plan",
    t("ui.plan", lang),
    [any_, *plans],
    lambda c: t("ui.any", lang) if c is None else f"{c} · {plans[c].name[lang]}",
    where=first[0],
)
programmes = {
    p.code: p for pl in framework.plans for p in pl.programmes if plan is None or pl.code == plan
}
programme = state.choose(
    "programme",
    t("ui.programme", lang),
    [any_, *programmes],
    lambda c: t("ui.any", lang) if c is None else f"{c} · {programmes[c].name[lang]}",
    where=first[1],
)
codes = [
    a.code
    for a in framework.activities.values()
    if (plan is None or a.plan == plan) and (programme is None or a.programme == programme)
]
activity = state.choose(
    "activity",
    t("ui.activity", lang),
    [any_, *codes],
    lambda c: t("ui.any", lang) if c is None else c,
    where=first[2],
)
second = st.columns(3)
label = look.unit_label(framework, lang)
unit = state.choose(
    "unit",
    t("ui.unit", lang),
    [any_, *framework.unit_codes],
    lambda c: t("ui.any", lang) if c is None else label(c),
    where=second[0],
)
kinds = second[1].multiselect(
    t("ui.event_type", lang),
    list(EVENT_TYPES),
    format_func=lambda k: vocabulary_label("event_type", k, lang),
    placeholder=t("ui.any", lang),
    key="event_types",
)
dates = pd.to_datetime(log["date"])
low, high = dates.min().date(), dates.max().date()
chosen = second[2].date_input(
    t("ui.dates", lang),
    value=(low, high),
    min_value=dt.date(framework.period_start, 1, 1),
    max_value=dt.date(framework.period_end, 12, 31),
    format="DD/MM/YYYY",
    key="dates",
)
start, end = chosen if isinstance(chosen, tuple) and len(chosen) == 2 else (low, high)

rows = filter_activities(
    log,
    framework,
    plan=plan,
    programme=programme,
    activity=activity,
    unit=unit,
    event_types=kinds,
    start=start,
    end=end,
)
if rows.empty:
    look.empty(lang, "page.activities.none")
    st.stop()

totals = activity_totals(rows)
cells = st.columns(4)
cells[0].metric(t("chart.events", lang), f"{totals['events']:,}")
cells[1].metric(t("chart.participants", lang), f"{totals['participants']:,.0f}")
cells[2].metric(t("chart.women", lang), f"{totals['female']:,.0f}")
share = totals["women_share"]
cells[3].metric(t("chart.women_share", lang), "–" if share is None else f"{share:.1%}")

shown = pd.DataFrame(
    {ACTIVITIES.column(c).label(ACTIVITIES.key, lang): rows[c] for c in ACTIVITIES.keys}
)
shown[ACTIVITIES.column("date").label(ACTIVITIES.key, lang)] = pd.to_datetime(
    rows["date"]
).dt.strftime("%d/%m/%Y")
shown[ACTIVITIES.column("event_type").label(ACTIVITIES.key, lang)] = rows["event_type"].map(
    lambda k: vocabulary_label("event_type", k, lang)
)
st.dataframe(shown, hide_index=True, width="stretch", height=520)
st.download_button(
    t("page.activities.download", lang),
    # Built only when someone clicks: making the workbook costs more than the whole page.
    data=lambda: activities_workbook(rows, framework, lang),
    file_name=f"cawmc-activities-{dt.date.today():%Y%m%d}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    icon="⬇️",
)
