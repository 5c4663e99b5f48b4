"""Plans: one plan at a time, programme by programme, activity by activity."""

import pandas as pd
import streamlit as st

from indicators.charts import status_text, timeline
from indicators.i18n import t
from indicators.schema import vocabulary_label
from indicators.service import format_value
from indicators.views import activity_results, activity_status, filter_activities
from ui import data, look, state

state.require_frame()
lang = state.lang()
framework = data.framework()
st.title(t("page.plans.title", lang))
plans = {p.code: p for p in framework.plans}
top = st.columns([2, 1])
plan = plans[
    state.choose(
        "plan",
        t("ui.plan", lang),
        list(plans),
        lambda code: f"{code} · {plans[code].name[lang]}",
        where=top[0],
    )
]
year = state.year(framework, lang, where=top[1])
revision = data.revision()
results = data.results(revision)
activities = data.rows("activities", revision)
short = look.short_unit(framework, lang)
names = {i.code: i.name[lang] for i in framework.indicators}

if plan.decree:
    st.caption(t("page.plans.decree", lang, decree=plan.decree))
for programme in plan.programmes:
    st.header(f"{programme.code} · {programme.name[lang]}")
    for activity in programme.activities:
        rows = activity_results(results, framework, activity.code, year)
        headline = status_text(activity_status(rows), lang)
        with st.expander(
            f"**{activity.code}** · {headline} · {activity.text.lo[:100]}"
            + ("…" if len(activity.text.lo) > 100 else ""),
            expanded=False,
        ):
            st.markdown(f"**{t('page.plans.agreement_text', lang)}:** {activity.text.lo}")
            if lang != "lo":
                st.markdown(f"*{activity.text.en}*")
            st.markdown(
                f"**{t('page.plans.responsible', lang)}:** "
                + look.responsible(framework, lang, activity.responsible_as_written)
            )
            if activity.note and lang == "en":
                st.caption(activity.note)

            if rows.empty or rows["status"].eq("no_data").all():
                look.empty(lang)
                continue
            ministry = rows[rows["unit"] == "ALL"]
            table = pd.DataFrame(
                {
                    t("app.column.indicator", lang): ministry["indicator"].map(names),
                    t("app.column.value", lang): ministry.apply(format_value, axis=1, lang=lang),
                    t("app.column.target", lang): ministry["target"].fillna(""),
                    t("app.column.status", lang): ministry["status"].map(
                        lambda s: t(f"status.{s}", lang)
                    ),
                }
            )
            st.dataframe(table, hide_index=True, width="stretch")

            statuses = rows[(rows["unit"] != "ALL") & rows["deliverable_status"].notna()]
            if not statuses.empty:
                st.markdown(
                    f"**{t('page.plans.deliverables', lang)}:** "
                    + " · ".join(
                        f"{short(r.unit)}: {vocabulary_label('status', r.deliverable_status, lang)}"
                        for r in statuses.itertuples(index=False)
                    )
                )

            events = filter_activities(activities, framework, activity=activity.code)
            if year is not None:
                events = events[pd.to_datetime(events["date"]).dt.year == year]
            if events.empty:
                st.caption(t("page.plans.no_events", lang))
            else:
                st.plotly_chart(
                    timeline(events, short, t("page.plans.timeline", lang), lang),
                    key=f"timeline_{activity.code}",
                    theme=None,
                    config=look.CHART_CONFIG,
                )
