"""What the app and the CLI share: the default database, first-start demo data, values shown."""

from __future__ import annotations

import pandas as pd

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


def format_value(row: pd.Series, lang: str) -> str:
    """A result's value as a reader expects it: a share in percent, a count, a status word."""
    if pd.isna(row["value"]):
        return "–"
    if isinstance(row["deliverable_status"], str):
        return t(f"vocab.status.{row['deliverable_status']}", lang)
    if not pd.isna(row["denominator"]):
        return f"{row['value']:.1%}"
    return f"{row['value']:,.0f}"
