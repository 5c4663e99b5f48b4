"""The page's choices (language, year, plan, unit, …) kept in the URL, so a view can be sent.

A choice is read from the URL first (a bookmark or a link someone sent), then from what the
person chose before on another page, then the default; whatever is chosen is written back to
the URL. Streamlit clears the URL's query when the page changes, and this puts it back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from indicators.i18n import DEFAULT_LANGUAGE, LANGUAGES, t

LANGUAGE_NAMES = {"lo": "ລາວ", "en": "English"}


def _text(value: Any) -> str:
    return "all" if value is None else str(value)


def _kept(name: str) -> str:
    return f"kept_{name}"


def choose(
    name: str,
    label: str,
    options: Sequence[Any],
    format_func: Callable[[Any], str],
    default: Any = None,
    where: Any = None,
    kind: str = "selectbox",
) -> Any:
    """A choice bound to the URL's ``name`` parameter; ``kind`` is selectbox or segmented."""
    where = where or st
    by_text = {_text(o): o for o in options}
    key = f"choice_{name}"
    # The widget's own state is the latest choice (made on this page or, under the same key,
    # on the page before); without a valid one, the URL, then the choice kept, then the default.
    state = st.session_state.get(key, "unset")
    if state != "unset" and _text(state) in by_text and (state is not None or None in options):
        wanted = _text(state)
    else:
        st.session_state.pop(key, None)
        wanted = st.query_params.get(name)
        if wanted not in by_text:
            wanted = st.session_state.get(_kept(name), _text(default))
        if wanted not in by_text:
            wanted = _text(options[0])
    if kind == "segmented":
        chosen = where.segmented_control(
            label, list(options), default=by_text[wanted], format_func=format_func, key=key
        )
        chosen = by_text[wanted] if chosen is None else chosen
    else:
        chosen = where.selectbox(
            label,
            list(options),
            index=list(by_text).index(wanted),
            format_func=format_func,
            key=key,
        )
    st.session_state[_kept(name)] = _text(chosen)
    st.query_params[name] = _text(chosen)
    return chosen


def language() -> str:
    """The language switch, on every page; Lao unless chosen otherwise."""
    current = st.query_params.get("lang") or st.session_state.get(_kept("lang"), DEFAULT_LANGUAGE)
    current = current if current in LANGUAGES else DEFAULT_LANGUAGE
    return choose(
        "lang",
        t("app.language", current),
        list(LANGUAGES),
        LANGUAGE_NAMES.get,
        default=DEFAULT_LANGUAGE,
        where=st.sidebar,
        kind="segmented",
    )


def year(framework, lang: str, where: Any = None) -> int | None:
    """A reporting year, or None for the whole period to date."""
    options = [None, *reversed(framework.reporting_years)]

    def label(value: int | None) -> str:
        return (
            t("ui.whole_period", lang, period=framework.period_label)
            if value is None
            else str(value)
        )

    return choose("year", t("ui.year", lang), options, label, default=None, where=where)


def lang() -> str:
    """The language chosen with the switch that the app's frame draws before every page."""
    chosen = st.session_state.get(_kept("lang"), DEFAULT_LANGUAGE)
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


def require_frame() -> None:
    """Run the page inside app.py's frame (language switch, navigation), never alone.

    When a folder named pages/ sits beside the entry script, Streamlit runs a page requested by
    its URL on its own until some session has called st.navigation. The first such request of
    a server's life is switched to the navigation and run again.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
