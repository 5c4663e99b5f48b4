"""The dashboard's entry point: language, navigation, and the demo data on a first start."""

import streamlit as st

from indicators.i18n import t
from ui import data, look, state

st.set_page_config(page_title="ຄກມດ · CAWMC", page_icon=":material/insights:", layout="wide")
look.apply()
lang = state.language()

loaded = data.ensure_demo_loaded(t("app.loading_demo", lang))
if loaded:
    st.toast(t("app.demo_loaded", lang, count=loaded))

PAGES = ("overview", "plans", "units", "gender", "activities", "completeness", "method")
ICONS = {
    "overview": ":material/target:",
    "plans": ":material/account_tree:",
    "units": ":material/apartment:",
    "gender": ":material/balance:",
    "activities": ":material/event_note:",
    "completeness": ":material/fact_check:",
    "method": ":material/functions:",
}
pages = {
    name: st.Page(
        f"pages/{name}.py", title=t(f"page.{name}.title", lang), icon=ICONS[name], url_path=name
    )
    for name in PAGES
}


def start() -> None:
    # Streamlit serves the default page at "/" only; the overview keeps its own address
    # (/overview, bookmarks included) by having "/" lead to it.
    st.switch_page(pages["overview"], query_params=dict(st.query_params))


st.sidebar.caption(t("app.subtitle", lang))
home = st.Page(start, title=t("page.overview.title", lang), default=True, visibility="hidden")
st.navigation([home, *pages.values()]).run()
