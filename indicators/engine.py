"""The indicator engine: pure functions from stored rows to one table of results.

One row per indicator × unit (and ``ALL``, ministry-wide) × period. Periods are each reporting
year and the whole plan period to date. Ministry-wide shares divide summed numerators by summed
denominators, never average the units' percentages.

Status rules (thresholds are the ``status`` settings in data/settings.yaml):

- No data: the unit (or, ministry-wide, every unit) sent no submission for the period, or a
  share's denominator is zero.
- At-least share (``>= 30%``): achieved at or above the target; at risk below it by no more
  than ``share_at_risk_margin``; off track further below.
- Share range (``15% to 20%``): within or above the range is achieved (more women than the
  range asks is not a failure); below it, at risk or off track as for an at-least share. The
  ``position`` column says below, within or above.
- At-least count (``>= 5`` events, ``>= 300`` person-times): achieved once the count reaches
  the target. Before that it is compared with the count expected by now on a straight line from
  1 January of the reporting start to 31 December of the plan's last year: at or above it is on
  track; at or above ``count_at_risk_ratio`` of it is at risk; below that, off track. For a
  single year the line's rise over that year is what is expected.
- Deliverable status: done is achieved, in progress is on track; not started is at risk until
  ``not_started_off_track_after`` of the reporting time has passed, then off track.
  Ministry-wide, the least advanced status among the responsible units that reported.
- An output indicator with no target has the status "no target" when it has data.

A count target that the framework gives to the ministry as a whole (``target_applies_to:
ministry``) is judged on the ``ALL`` row only; the units' rows show their contribution.
For a ``latest`` indicator over the whole period each unit's latest reported year is used.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from indicators.framework import ALL, Framework, Indicator
from indicators.settings import StatusRules, settings
from indicators.targets import Target

RESULT_COLUMNS = [
    "indicator",
    "activity",
    "programme",
    "plan",
    "unit",
    "period",
    "value",
    "numerator",
    "denominator",
    "target",
    "target_kind",
    "status",
    "position",
    "share_of_target",
    "expected_by_now",
    "deliverable_status",
    "units_reporting",
]
STATUSES = ("achieved", "on_track", "at_risk", "off_track", "no_data", "no_target")
_PROGRESS = ("not_started", "in_progress", "done")
# Shares such as 3/10 are compared with 0.30 in floating point; this absorbs the rounding.
_EPSILON = 1e-9


@dataclass(frozen=True)
class Period:
    label: str
    first_year: int
    last_year: int


@dataclass
class Data:
    """The rows of every current submission, as the engine reads them."""

    staff: pd.DataFrame
    activities: pd.DataFrame
    deliverables: pd.DataFrame
    submissions: pd.DataFrame
    """unit and year of each current submission."""


def data_from(
    staff: pd.DataFrame,
    activities: pd.DataFrame,
    deliverables: pd.DataFrame,
    submissions: pd.DataFrame,
) -> Data:
    """The engine's input from stored rows (each with its ``submission_year``) and submissions."""
    return Data(
        staff=staff,
        activities=activities,
        deliverables=deliverables.assign(year=deliverables["submission_year"]),
        submissions=submissions.loc[submissions["active"].astype(bool), ["unit", "year"]],
    )


def load_data(database) -> Data:
    """The engine's input from a :class:`indicators.storage.Database`."""
    return data_from(
        database.rows("staff"),
        database.rows("activities"),
        database.rows("deliverables"),
        database.submissions(),
    )


def periods(framework: Framework, as_of: dt.date) -> list[Period]:
    """Each reporting year that has begun, then the whole plan period to date."""
    last = min(framework.period_end, as_of.year)
    years = [Period(str(y), y, y) for y in range(framework.reporting_start, last + 1)]
    whole = Period(
        framework.period_label, framework.reporting_start, max(last, framework.reporting_start)
    )
    return [*years, whole]


def elapsed_share(framework: Framework, first_year: int, last_year: int, as_of: dt.date) -> float:
    """The part of the reporting time (reporting start to plan end) that falls in the years
    ``first_year``..``last_year`` and has passed by ``as_of``."""
    start = dt.date(framework.reporting_start, 1, 1)
    end = dt.date(framework.period_end, 12, 31)
    window_start = max(start, dt.date(first_year, 1, 1))
    window_end = min(end, dt.date(last_year, 12, 31), as_of)
    if window_end < window_start:
        return 0.0
    return ((window_end - window_start).days + 1) / ((end - start).days + 1)


def assess(
    target: Target | None, value: float | None, expected: float | None, rules: StatusRules
) -> tuple[str, str | None]:
    """The status of a value against its target, and for a range where it stands."""
    if value is None:
        return "no_data", None
    if target is None:
        return "no_target", None
    if target.kind == "at_least_count":
        if value >= target.low:
            return "achieved", None
        if expected is None or value + _EPSILON >= expected:
            return "on_track", None
        if value + _EPSILON >= rules.count_at_risk_ratio * expected:
            return "at_risk", None
        return "off_track", None
    below = value + _EPSILON < target.low
    position = None
    if target.kind == "share_range":
        above = target.high is not None and value > target.high + _EPSILON
        position = "below" if below else "above" if above else "within"
    if not below:
        return "achieved", position
    if value + _EPSILON >= target.low - rules.share_at_risk_margin:
        return "at_risk", position
    return "off_track", position


def assess_deliverable(progress: str | None, elapsed: float, rules: StatusRules) -> str:
    if progress is None:
        return "no_data"
    if progress == "done":
        return "achieved"
    if progress == "in_progress":
        return "on_track"
    return "off_track" if elapsed + _EPSILON >= rules.not_started_off_track_after else "at_risk"


class _PeriodRows:
    """The stored rows that fall in one period, split for quick look-up by activity."""

    def __init__(self, data: Data, period: Period):
        def years(frame: pd.DataFrame, column: str = "year") -> pd.DataFrame:
            return frame[frame[column].between(period.first_year, period.last_year)]

        self.reported = set(years(data.submissions)["unit"])
        self.staff = years(data.staff)
        activities = data.activities.assign(year=pd.to_datetime(data.activities["date"]).dt.year)
        self.activities = years(activities)
        self.activities_by_code = dict(tuple(self.activities.groupby("activity_code")))
        deliverables = years(data.deliverables).sort_values(
            ["year", "status_date"], na_position="first"
        )
        self.latest_deliverable = {
            (row.activity_code, row.unit): row.status
            for row in deliverables.itertuples(index=False)
        }


def _staff_measures(indicator: Indicator, rows: _PeriodRows) -> dict[str, tuple[float, float]]:
    frame = rows.staff.dropna(subset=[indicator.numerator, indicator.denominator])
    if indicator.aggregation == "latest":
        frame = frame.sort_values("year").groupby("unit").tail(1)
    sums = frame.groupby("unit")[[indicator.numerator, indicator.denominator]].sum()
    return {u: (float(n), float(d)) for u, n, d in sums.itertuples(name=None)}


def _activity_measures(
    indicator: Indicator, rows: _PeriodRows
) -> dict[str, tuple[float, float | None]]:
    if indicator.filter_activity == "any":
        frame = rows.activities
    else:
        frame = rows.activities_by_code.get(indicator.activity, rows.activities.iloc[:0])
    if indicator.event_types:
        frame = frame[frame["event_type"].isin(indicator.event_types)]
    if indicator.denominator is not None:
        frame = frame.dropna(subset=[indicator.numerator, indicator.denominator])
        sums = frame.groupby("unit")[[indicator.numerator, indicator.denominator]].sum()
        return {u: (float(n), float(d)) for u, n, d in sums.itertuples(name=None)}
    if indicator.numerator == "count":
        counts = frame.groupby("unit").size()
    else:
        counts = frame.groupby("unit")[indicator.numerator].sum()
    return {u: (float(n), None) for u, n in counts.items()}


def _units_for(indicator: Indicator, framework: Framework, measured: Iterable[str]) -> list[str]:
    if indicator.source == "staff" or indicator.filter_activity == "any":
        return list(framework.unit_codes)
    wanted = set(indicator.responsible) | set(measured)
    return [u for u in framework.unit_codes if u in wanted]


def judged_target(indicator: Indicator, unit: str) -> Target | None:
    """The target a row is judged against: a ministry target on the ALL row only."""
    if unit == ALL or indicator.target_applies_to == "every_unit":
        return indicator.target
    return None


def _row(indicator: Indicator, unit: str, period: Period, **values) -> dict:
    judged = judged_target(indicator, unit)
    base = {
        "indicator": indicator.code,
        "activity": indicator.activity,
        "programme": indicator.programme,
        "plan": indicator.plan,
        "unit": unit,
        "period": period.label,
        "target": judged.label() if judged else None,
        "target_kind": judged.kind if judged else None,
    }
    return {**dict.fromkeys(RESULT_COLUMNS), **base, **values}


def _measured_rows(
    indicator: Indicator,
    framework: Framework,
    period: Period,
    rows: _PeriodRows,
    as_of: dt.date,
    rules: StatusRules,
) -> list[dict]:
    measures = (_staff_measures if indicator.source == "staff" else _activity_measures)(
        indicator, rows
    )
    units = _units_for(indicator, framework, measures)
    expected_share = elapsed_share(framework, period.first_year, period.last_year, as_of)
    out = []

    def one(unit: str, numerator: float | None, denominator: float | None) -> dict:
        judged = judged_target(indicator, unit)
        if numerator is None:
            value = None
        elif indicator.is_share:
            value = numerator / denominator if denominator else None
        else:
            value = numerator
        expected = share_of_target = None
        if judged is not None and judged.kind == "at_least_count":
            expected = judged.low * expected_share
            share_of_target = None if value is None else value / judged.low
        status, position = assess(judged, value, expected, rules)
        return _row(
            indicator,
            unit,
            period,
            value=value,
            numerator=numerator,
            denominator=denominator,
            status=status,
            position=position,
            share_of_target=share_of_target,
            expected_by_now=expected,
        )

    totals = [0.0, 0.0]
    for unit in units:
        if unit not in rows.reported:
            out.append(one(unit, None, None))
            continue
        numerator, denominator = measures.get(unit, (0.0, 0.0 if indicator.is_share else None))
        if indicator.source == "staff" and unit not in measures:
            numerator = denominator = None
        out.append(one(unit, numerator, denominator))
    for unit, (numerator, denominator) in measures.items():
        if unit in rows.reported:
            totals[0] += numerator
            totals[1] += denominator or 0.0
    reporting = len(rows.reported & set(units))
    if reporting == 0:
        ministry = one(ALL, None, None)
    else:
        ministry = one(ALL, totals[0], totals[1] if indicator.is_share else None)
    ministry["units_reporting"] = reporting
    out.append(ministry)
    return out


def _status_rows(
    indicator: Indicator,
    framework: Framework,
    period: Period,
    rows: _PeriodRows,
    as_of: dt.date,
    rules: StatusRules,
) -> list[dict]:
    elapsed = elapsed_share(framework, framework.reporting_start, period.last_year, as_of)
    measured = [u for (code, u) in rows.latest_deliverable if code == indicator.activity]
    units = _units_for(indicator, framework, measured)
    out = []
    for unit in units:
        progress = rows.latest_deliverable.get((indicator.activity, unit))
        done = None if progress is None else float(progress == "done")
        out.append(
            _row(
                indicator,
                unit,
                period,
                value=done,
                numerator=done,
                denominator=None if progress is None else 1.0,
                status=assess_deliverable(progress, elapsed, rules),
                deliverable_status=progress,
            )
        )
    reported = [rows.latest_deliverable.get((indicator.activity, u)) for u in indicator.responsible]
    known = [p for p in reported if p is not None]
    least = min(known, key=_PROGRESS.index) if known else None
    done = sum(p == "done" for p in known)
    responsible = len(indicator.responsible)
    ministry = _row(
        indicator,
        ALL,
        period,
        value=done / responsible if known else None,
        numerator=float(done) if known else None,
        denominator=float(responsible) if known else None,
        status=assess_deliverable(least, elapsed, rules),
        deliverable_status=least,
        units_reporting=len(known),
    )
    out.append(ministry)
    return out


def compute_results(
    framework: Framework, data: Data, as_of: dt.date | None = None, rules: StatusRules | None = None
) -> pd.DataFrame:
    """The results table for every indicator, unit and period; see the module's status rules."""
    as_of = as_of or dt.date.today()
    rules = rules or settings().status
    records: list[dict] = []
    for period in periods(framework, as_of):
        rows = _PeriodRows(data, period)
        for indicator in framework.indicators:
            make = _status_rows if indicator.is_status else _measured_rows
            records += make(indicator, framework, period, rows, as_of, rules)
    return pd.DataFrame.from_records(records, columns=RESULT_COLUMNS)


def select(
    results: pd.DataFrame,
    year: int | None = None,
    unit: str | None = None,
    framework: Framework | None = None,
) -> pd.DataFrame:
    """Rows of one year (or, without a year, of the whole period) and, if given, one unit."""
    if year is not None:
        chosen = results[results["period"] == str(year)]
    elif framework is not None:
        chosen = results[results["period"] == framework.period_label]
    else:
        chosen = results[results["period"].str.contains("-")]
    if unit is not None:
        chosen = chosen[chosen["unit"] == unit]
    return chosen.reset_index(drop=True)
