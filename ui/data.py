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


def revision() -> int:
    """The revision, asked once per run of the script."""
    return database().revision()


def ensure_demo_loaded(message: str) -> int:
    db = database()
    if not db.is_empty():
        return 0
    with st.spinner(message):
        loaded = ensure_demo(db, framework())
    st.cache_data.clear()
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
