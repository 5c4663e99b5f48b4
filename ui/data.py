"""Data for the pages, cached until the next submission lands.

Every cached reader takes the database's revision, which grows with each accepted import or
restore: a fresh upload shows at once, and a page rerun reads nothing again.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from indicators.engine import Data, compute_results, data_from
from indicators.framework import Framework, default_framework
from indicators.service import default_database, ensure_demo
from indicators.storage import Database


@st.cache_resource
def database() -> Database:
    return default_database()


@st.cache_resource
def framework() -> Framework:
    return default_framework()


def refresh() -> int:
    """Ask the database its revision; the app's frame does this once per run of the script."""
    st.session_state["revision"] = database().revision()
    return st.session_state["revision"]


def revision() -> int:
    """The revision asked at the start of this run: pages read it without asking again."""
    if "revision" not in st.session_state:
        return refresh()
    return st.session_state["revision"]


def ensure_demo_loaded(message: str) -> int:
    """Load the demo on a database that has never changed and holds nothing; else do nothing."""
    db = database()
    if refresh() != 0 or not db.is_empty():
        return 0
    with st.spinner(message):
        loaded = ensure_demo(db, framework())
    st.cache_data.clear()
    refresh()
    return loaded


@st.cache_data(show_spinner=False)
def rows(sheet: str, revision: int) -> pd.DataFrame:
    return database().rows(sheet)


@st.cache_data(show_spinner=False)
def submissions(revision: int) -> pd.DataFrame:
    return database().submissions()


def engine_data(revision: int) -> Data:
    return data_from(
        rows("staff", revision),
        rows("activities", revision),
        rows("deliverables", revision),
        submissions(revision),
    )


@st.cache_data(show_spinner=False)
def results(revision: int) -> pd.DataFrame:
    return compute_results(framework(), engine_data(revision))
