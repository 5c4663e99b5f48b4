"""The dashboard's entry point: the ministry-wide results of Agreement 837/MTC in Lao or English."""

import streamlit as st

from indicators.framework import default_framework
from indicators.i18n import LANGUAGES, t
from indicators.service import default_database, ensure_demo, ministry_table, results

st.set_page_config(page_title="ຄກມດ · CAWMC", layout="wide")


@st.cache_resource
def database():
    return default_database()


@st.cache_data(show_spinner=False)
def cached_results(revision: int):
    # The revision grows with every accepted import or restore, so a new submission shows at once.
    return results(database(), default_framework())


lang = st.query_params.get("lang", "lo")
lang = lang if lang in LANGUAGES else "lo"
chosen = st.segmented_control(
    t("app.language", lang),
    options=list(LANGUAGES),
    default=lang,
    format_func=lambda code: {"lo": "ລາວ", "en": "English"}[code],
)
if chosen and chosen != lang:
    st.query_params["lang"] = chosen
    st.rerun()

framework = default_framework()
db = database()
if db.is_empty():
    with st.spinner(t("app.loading_demo", lang)):
        loaded = ensure_demo(db, framework)
    st.toast(t("app.demo_loaded", lang, count=loaded))

st.title(t("app.title", lang))
st.caption(t("app.subtitle", lang))
st.subheader(t("app.results_heading", lang))
table = ministry_table(cached_results(db.revision()), framework, lang)
if table.empty:
    st.info(t("app.no_results", lang))
else:
    st.dataframe(table, hide_index=True, width="stretch", height=640)
