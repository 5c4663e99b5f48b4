"""What the app asks of the core, in one place: the database, first-start demo data, tables."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from indicators.engine import compute_results, load_data, select
from indicators.framework import Framework
from indicators.i18n import t
from indicators.settings import settings
from indicators.storage import Database, open_database


def default_database() -> Database:
    return open_database(settings().database_url)


def ensure_demo(database: Database, framework: Framework) -> int:
    """On an empty database, load the demo workbooks; return how many were loaded."""
    if not database.is_empty():
        return 0
    from indicators.demo import load_demo

    return len(load_demo(database, framework))


def results(database: Database, framework: Framework, as_of: dt.date | None = None) -> pd.DataFrame:
    return compute_results(framework, load_data(database), as_of=as_of)


def format_value(row: pd.Series, lang: str) -> str:
    """A result's value as a reader expects it: a share in percent, a count, a status word."""
    if pd.isna(row["value"]):
        return "–"
    if isinstance(row["deliverable_status"], str):
        return t(f"vocab.status.{row['deliverable_status']}", lang)
    if not pd.isna(row["denominator"]):
        return f"{row['value']:.1%}"
    return f"{row['value']:,.0f}"


def ministry_table(results_frame: pd.DataFrame, framework: Framework, lang: str) -> pd.DataFrame:
    """Ministry-wide rows of the whole period, with labels and words in ``lang``."""
    chosen = select(results_frame, unit="ALL", framework=framework)
    names = {i.code: i.name[lang] for i in framework.indicators}
    table = pd.DataFrame(
        {
            t("app.column.plan", lang): chosen["plan"],
            t("app.column.indicator", lang): chosen["indicator"],
            t("app.column.name", lang): chosen["indicator"].map(names),
            t("app.column.value", lang): chosen.apply(format_value, axis=1, lang=lang),
            t("app.column.target", lang): chosen["target"].fillna(""),
            t("app.column.status", lang): chosen["status"].map(lambda s: t(f"status.{s}", lang)),
        }
    )
    return table
