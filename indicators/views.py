"""What each dashboard page shows, as DataFrames: pure functions, testable without a browser."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd

from indicators.engine import STATUSES, select
from indicators.framework import ALL, Framework
from indicators.i18n import t
from indicators.schema import vocabulary_label
from indicators.targets import Target


def period_of(framework: Framework, year: int | None) -> str:
    return framework.period_label if year is None else str(year)


def scorecard(results: pd.DataFrame, framework: Framework, year: int | None) -> pd.DataFrame:
    """Per plan, how many ministry-wide indicators stand at each status."""
    rows = select(results, year=year, unit=ALL, framework=framework)
    counts = rows.groupby(["plan", "status"]).size().unstack(fill_value=0)
    counts = counts.reindex(
        index=[p.code for p in framework.plans], columns=list(STATUSES), fill_value=0
    )
    return counts.reset_index()


def share_target(framework: Framework, numerator: str, source: str = "staff") -> Target | None:
    """The framework's share target on a women's count (``leaders_female``: 30%), if any."""
    for indicator in framework.indicators:
        if indicator.source == source and indicator.numerator == numerator and indicator.is_share:
            return indicator.target
    return None


def targets(
    results: pd.DataFrame, framework: Framework, year: int | None, unit: str = ALL
) -> pd.DataFrame:
    """The numeric-target rows of one period, in the agreement's order."""
    rows = select(results, year=year, unit=unit, framework=framework)
    targeted = {i.code for i in framework.indicators if i.target is not None}
    return rows[rows["indicator"].isin(targeted)].reset_index(drop=True)


def activity_results(
    results: pd.DataFrame, framework: Framework, activity: str, year: int | None
) -> pd.DataFrame:
    """Every row of one activity's indicators in a period, ministry-wide first, then units."""
    period = period_of(framework, year)
    rows = results[(results["activity"] == activity) & (results["period"] == period)]
    order = {u: i for i, u in enumerate((ALL, *framework.unit_codes))}
    return rows.sort_values("unit", key=lambda s: s.map(order)).reset_index(drop=True)


_WORST_FIRST = ("off_track", "at_risk", "on_track", "achieved", "no_target", "no_data")


def activity_status(rows: pd.DataFrame) -> str:
    """One status for an activity from its ministry-wide rows: the worst of its targets, else
    its deliverable's status, else no data."""
    ministry = rows[rows["unit"] == ALL]
    judged = ministry[ministry["target"].notna()]
    if judged.empty:
        judged = ministry[ministry["deliverable_status"].notna() | ministry["status"].eq("no_data")]
        judged = judged[judged["indicator"].str.endswith(".status")]
    statuses = [s for s in _WORST_FIRST if s in set(judged["status"])]
    return statuses[0] if statuses else "no_data"


def unit_activities(
    results: pd.DataFrame,
    activities: pd.DataFrame,
    framework: Framework,
    unit: str,
    year: int | None,
) -> pd.DataFrame:
    """The activities assigned to a unit, with what it logged for each in the period.

    Counts come from the unit's activity log, so activities with a numeric target show their
    events too; the deliverable status is the engine's.
    """
    period = period_of(framework, year)
    log = activities[activities["unit"] == unit]
    if year is not None:
        log = log[pd.to_datetime(log["date"]).dt.year == year]
    sums = log.groupby("activity_code").agg(
        events=("activity_code", "size"),
        reached=("participants_total", "sum"),
        reached_female=("participants_female", "sum"),
        products=("products", "sum"),
    )
    statuses = results[
        (results["unit"] == unit)
        & (results["period"] == period)
        & results["deliverable_status"].notna()
    ].set_index("activity")
    records = []
    for activity in framework.activities_of(unit):
        counts = sums.loc[activity.code] if activity.code in sums.index else None
        status = (
            statuses.loc[activity.code, "deliverable_status"]
            if activity.code in statuses.index
            else None
        )
        records.append(
            {
                "activity": activity.code,
                "lead": activity.lead == unit,
                **{
                    k: (0 if counts is None else int(counts[k]))
                    for k in ("events", "reached", "reached_female", "products")
                },
                "deliverable_status": status,
            }
        )
    return pd.DataFrame.from_records(
        records,
        columns=[
            "activity",
            "lead",
            "events",
            "reached",
            "reached_female",
            "products",
            "deliverable_status",
        ],
    )


def women_shares(staff: pd.DataFrame, framework: Framework, year: int | None) -> pd.DataFrame:
    """Per unit, women's share of staff and of leaders: the year given, else each unit's latest.

    A ministry-wide row (``ALL``) sums the units' counts before dividing.
    """
    rows = staff if year is None else staff[staff["year"] == year]
    rows = rows.sort_values("year").groupby("unit").tail(1)
    order = {u: i for i, u in enumerate(framework.unit_codes)}
    rows = rows.sort_values("unit", key=lambda s: s.map(order))
    columns = ["staff_total", "staff_female", "leaders_total", "leaders_female"]
    table = rows[["unit", "year", *columns]].copy()
    total = pd.DataFrame([{"unit": ALL, "year": None, **{c: rows[c].sum() for c in columns}}])
    table = pd.concat([table, total], ignore_index=True) if len(rows) else table
    for what in ("staff", "leaders"):
        table[f"{what}_share"] = (table[f"{what}_female"] / table[f"{what}_total"]).astype(float)
    return table.reset_index(drop=True)


def share_trend(staff: pd.DataFrame, activities: pd.DataFrame) -> pd.DataFrame:
    """Ministry-wide women's shares per reporting year: staff, leaders, upgrades, participants."""
    pairs = {
        "staff": ("staff_female", "staff_total"),
        "leaders": ("leaders_female", "leaders_total"),
        "theory": ("theory_upgraded_female", "theory_upgraded_total"),
        "professional": ("professional_upgraded_female", "professional_upgraded_total"),
    }
    years = sorted(
        set(staff["year"].dropna().astype(int))
        | set(pd.to_datetime(activities["date"]).dt.year.dropna().astype(int))
    )
    records = []
    for year in years:
        rows = staff[staff["year"] == year]
        for measure, (female, total) in pairs.items():
            both = rows.dropna(subset=[female, total])
            records.append((year, measure, float(both[female].sum()), float(both[total].sum())))
        events = activities[pd.to_datetime(activities["date"]).dt.year == year]
        both = events.dropna(subset=["participants_female", "participants_total"])
        records.append(
            (
                year,
                "participants",
                float(both["participants_female"].sum()),
                float(both["participants_total"].sum()),
            )
        )
    trend = pd.DataFrame(records, columns=["year", "measure", "female", "total"])
    trend["share"] = trend["female"] / trend["total"].where(trend["total"] > 0)
    return trend


def filter_activities(
    activities: pd.DataFrame,
    framework: Framework,
    *,
    plan: str | None = None,
    programme: str | None = None,
    activity: str | None = None,
    unit: str | None = None,
    event_types: Iterable[str] = (),
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> pd.DataFrame:
    """The activity log narrowed by the page's filters, newest first."""
    known = framework.activities
    rows = activities.copy()
    rows["plan"] = rows["activity_code"].map(lambda c: known[c].plan if c in known else None)
    rows["programme"] = rows["activity_code"].map(
        lambda c: known[c].programme if c in known else None
    )
    for column, wanted in (
        ("plan", plan),
        ("programme", programme),
        ("activity_code", activity),
        ("unit", unit),
    ):
        if wanted:
            rows = rows[rows[column] == wanted]
    types = list(event_types)
    if types:
        rows = rows[rows["event_type"].isin(types)]
    dates = pd.to_datetime(rows["date"])
    if start is not None:
        rows = rows[dates >= pd.Timestamp(start)]
        dates = pd.to_datetime(rows["date"])
    if end is not None:
        rows = rows[dates <= pd.Timestamp(end)]
    return rows.sort_values("date", ascending=False).reset_index(drop=True)


def activity_totals(rows: pd.DataFrame) -> dict[str, float | None]:
    """Events, participants and women among them, and women's share, of the rows shown."""
    both = rows.dropna(subset=["participants_female", "participants_total"])
    total = float(both["participants_total"].sum())
    female = float(both["participants_female"].sum())
    return {
        "events": len(rows),
        "participants": float(rows["participants_total"].sum()),
        "female": float(rows["participants_female"].sum()),
        "products": float(rows["products"].sum()),
        "women_share": female / total if total else None,
    }


REPORTED, SUPERSEDED, MISSING = "reported", "superseded", "missing"


def completeness(submissions: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """A unit × reporting-year matrix: reported, superseded (sent again, corrected) or missing."""
    years = list(framework.reporting_years)
    matrix = pd.DataFrame(MISSING, index=list(framework.unit_codes), columns=years)
    if not submissions.empty:
        active = submissions[submissions["active"].astype(bool)]
        counts = submissions.groupby(["unit", "year"]).size()
        for row in active.itertuples(index=False):
            if row.unit in matrix.index and row.year in matrix.columns:
                corrected = counts.get((row.unit, row.year), 1) > 1
                matrix.loc[row.unit, row.year] = SUPERSEDED if corrected else REPORTED
    matrix.index.name = "unit"
    return matrix


def missing_units(matrix: pd.DataFrame, year: int) -> list[str]:
    return [unit for unit, state in matrix[year].items() if state == MISSING]


def _filter_text(indicator, lang: str) -> str:
    parts = [", ".join(vocabulary_label("event_type", e, lang) for e in indicator.event_types)]
    if indicator.filter_activity == "any":
        parts.append(t("method.all_activities", lang))
    return "; ".join(p for p in parts if p)


def method_table(framework: Framework, lang: str) -> pd.DataFrame:
    """Each indicator's definition and how it is computed, from the framework's metadata."""
    records = []
    for indicator in framework.indicators:
        activity = framework.activities[indicator.activity]
        records.append(
            {
                "indicator": indicator.code,
                "plan": indicator.plan,
                "name": indicator.name[lang],
                "definition": indicator.definition[lang] if indicator.definition else "",
                "source": indicator.source,
                "numerator": indicator.numerator,
                "denominator": indicator.denominator or "",
                "filter": _filter_text(indicator, lang),
                "aggregation": indicator.aggregation,
                "target": indicator.target.label() if indicator.target else "",
                "target_kind": indicator.target.kind if indicator.target else "",
                "responsible": ", ".join(activity.responsible_as_written),
            }
        )
    return pd.DataFrame.from_records(records)
