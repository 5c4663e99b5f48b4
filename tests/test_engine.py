"""The indicator engine against numbers worked out by hand, at the edges of each target."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from indicators.engine import Data, compute_results, elapsed_share, select
from indicators.schema import ACTIVITIES, STAFF
from indicators.settings import StatusRules

END = dt.date(2025, 12, 31)
RULES = StatusRules(
    share_at_risk_margin=0.05, count_at_risk_ratio=0.75, not_started_off_track_after=0.5
)


def make_data(staff=(), activities=(), deliverables=(), reported=None) -> Data:
    staff_frame = pd.DataFrame(list(staff), columns=list(STAFF.keys))
    for column in STAFF.keys[1:]:
        staff_frame[column] = staff_frame[column].astype("Int64")
    activity_frame = pd.DataFrame(list(activities), columns=list(ACTIVITIES.keys))
    activity_frame["date"] = pd.to_datetime(activity_frame["date"])
    for column in ("participants_total", "participants_female", "products"):
        activity_frame[column] = activity_frame[column].astype("Int64")
    deliverable_frame = pd.DataFrame(
        list(deliverables), columns=["unit", "activity_code", "status", "status_date", "year"]
    )
    if reported is None:
        reported = {(r["unit"], r["year"]) for r in staff}
        reported |= {(r["unit"], r["date"].year) for r in activities}
        reported |= {(r["unit"], r["year"]) for r in deliverables}
    submissions = pd.DataFrame(sorted(reported), columns=["unit", "year"])
    return Data(staff_frame, activity_frame, deliverable_frame, submissions)


def staff(unit: str, year: int, **counts) -> dict:
    return {"unit": unit, "year": year, **counts}


def event(unit: str, code: str, kind: str, total=None, female=None, day=dt.date(2024, 5, 1)):
    return {
        "date": day,
        "unit": unit,
        "activity_code": code,
        "event_type": kind,
        "title": f"{code} {kind} {day} {total} {female}",
        "participants_total": total,
        "participants_female": female,
    }


def result(framework, data, indicator, unit="ALL", period="2021-2025", as_of=END) -> pd.Series:
    table = compute_results(framework, data, as_of=as_of, rules=RULES)
    rows = table[(table.indicator == indicator) & (table.unit == unit) & (table.period == period)]
    assert len(rows) == 1, rows
    return rows.iloc[0]


# --- Shares: women in leadership (>= 30%), and the same rule for GE-1.1, GE-3.3, GE-3.4 ---


@pytest.mark.parametrize(
    ("female", "total", "status"),
    [
        (3, 10, "achieved"),
        (30, 100, "achieved"),
        (29, 100, "at_risk"),
        (25, 100, "at_risk"),
        (24, 100, "off_track"),
    ],
    ids=["exactly-30", "30-of-100", "just-under", "at-risk-edge", "beyond-margin"],
)
def test_women_leaders_at_least_30_percent(framework, female, total, status):
    data = make_data(staff=[staff("DOP", 2024, leaders_total=total, leaders_female=female)])
    row = result(framework, data, "GE-3.1.women_leaders")
    assert row.value == pytest.approx(female / total)
    assert (row.numerator, row.denominator) == (female, total)
    assert row.target == "≥ 30%"
    assert row.status == status


def test_ministry_share_sums_numerators_not_percentages(framework):
    # DOP 1 of 2 leaders (50%), DGC 20 of 98 (20.4%): the ministry has 21 of 100, 21%.
    # Averaging the two percentages would claim 35.2% and "achieved".
    data = make_data(
        staff=[
            staff("DOP", 2024, leaders_total=2, leaders_female=1),
            staff("DGC", 2024, leaders_total=98, leaders_female=20),
        ]
    )
    row = result(framework, data, "GE-3.1.women_leaders")
    assert (row.numerator, row.denominator) == (21, 100)
    assert row.value == pytest.approx(0.21)
    assert row.status == "off_track"
    assert result(framework, data, "GE-3.1.women_leaders", unit="DOP").status == "achieved"


def test_latest_year_stands_for_the_whole_period(framework):
    data = make_data(
        staff=[
            staff("CAB", 2023, staff_total=100, ge_aware_total=50),
            staff("CAB", 2024, staff_total=100, ge_aware_total=70),
        ]
    )
    whole = result(framework, data, "GE-1.1.staff_aware")
    assert (whole.numerator, whole.denominator, whole.status) == (70, 100, "achieved")
    first = result(framework, data, "GE-1.1.staff_aware", period="2023")
    assert (first.value, first.status) == (0.5, "off_track")
    assert result(framework, data, "GE-1.1.staff_aware", period="2025").status == "no_data"


@pytest.mark.parametrize(
    ("female", "total", "status"),
    [(40, 100, "achieved"), (39, 100, "at_risk"), (34, 100, "off_track")],
)
def test_professional_upgrades_at_least_40_percent(framework, female, total, status):
    data = make_data(
        staff=[
            staff(
                "DOP",
                2023,
                professional_upgraded_total=total // 2,
                professional_upgraded_female=female // 2,
            ),
            staff(
                "DOP",
                2024,
                professional_upgraded_total=total - total // 2,
                professional_upgraded_female=female - female // 2,
            ),
        ]
    )
    row = result(framework, data, "GE-3.3.women_professional_upgrades")
    assert (row.numerator, row.denominator) == (female, total)  # summed over the years
    assert row.status == status


@pytest.mark.parametrize(
    ("female", "status"),
    [(350, "achieved"), (349, "at_risk"), (299, "off_track")],
)
def test_women_participants_in_all_activities_at_least_35_percent(framework, female, status):
    # Every activity counts, of every unit: two units, three activities.
    data = make_data(
        activities=[
            event("DGC", "GE-2.3", "training", 400, female - 100),
            event("DCS", "MC-1.2", "dissemination", 500, 80),
            event("DCS", "VAC-1.7", "training", 100, 20, dt.date(2023, 2, 1)),
        ]
    )
    row = result(framework, data, "GE-3.4.women_participants")
    assert (row.numerator, row.denominator) == (female, 1000)
    assert row.status == status


def test_rows_without_both_counts_are_left_out_of_a_share(framework):
    data = make_data(
        activities=[
            event("DGC", "GE-2.3", "training", 100, 40),
            event("DGC", "GE-1.5", "media", None, None),
            event("DGC", "GE-2.1", "training", 50, None),
        ]
    )
    row = result(framework, data, "GE-3.4.women_participants")
    assert (row.numerator, row.denominator) == (40, 100)


# --- The range target: political-theory upgrades, women 15% to 20% ---


@pytest.mark.parametrize(
    ("female", "status", "position"),
    [
        (15, "achieved", "within"),
        (20, "achieved", "within"),
        (21, "achieved", "above"),
        (14, "at_risk", "below"),
        (9, "off_track", "below"),
    ],
    ids=["exactly-15", "exactly-20", "just-above-20", "just-under-15", "far-below"],
)
def test_theory_upgrades_range_15_to_20_percent(framework, female, status, position):
    data = make_data(
        staff=[staff("DOP", 2024, theory_upgraded_total=100, theory_upgraded_female=female)]
    )
    row = result(framework, data, "GE-3.2.women_theory_upgrades")
    assert row.value == pytest.approx(female / 100)
    assert (row.status, row.position) == (status, position)
    assert row.target == "15%–20%"


def test_range_is_judged_for_every_unit(framework):
    data = make_data(
        staff=[
            staff("DOP", 2024, theory_upgraded_total=10, theory_upgraded_female=5),
            staff("CAB", 2024, theory_upgraded_total=90, theory_upgraded_female=10),
        ]
    )
    assert result(framework, data, "GE-3.2.women_theory_upgrades", unit="DOP").position == "above"
    cab = result(framework, data, "GE-3.2.women_theory_upgrades", unit="CAB")
    assert (cab.status, cab.position) == ("at_risk", "below")  # 11.1%, within 5 points of 15%
    ministry = result(framework, data, "GE-3.2.women_theory_upgrades")
    assert (ministry.value, ministry.position) == (0.15, "within")


# --- Counts: trainings (>= 5), female person-times (>= 300), seminars (>= 5; >= 400) ---


def trainings(count: int, kind: str = "training", unit: str = "TPTC") -> list[dict]:
    return [
        event(unit, "GE-2.1", kind, 20, 15, dt.date(2023 + i % 3, 3, 1 + i)) for i in range(count)
    ]


@pytest.mark.parametrize(
    ("count", "status"), [(5, "achieved"), (6, "achieved"), (4, "at_risk"), (3, "off_track")]
)
def test_trainings_at_least_5_at_the_end_of_the_plan(framework, count, status):
    row = result(framework, make_data(activities=trainings(count)), "GE-2.1.trainings")
    assert row.value == count
    assert row.expected_by_now == pytest.approx(5.0)
    assert row.share_of_target == pytest.approx(count / 5)
    assert row.status == status


def test_trainings_judged_on_the_straight_line_mid_plan(framework):
    # On 31 Dec 2024, 731 of the 1,096 reporting days (2023-2025) have passed:
    # 5 x 731 / 1096 = 3.335 trainings expected; 75% of that is 2.50.
    as_of = dt.date(2024, 12, 31)
    assert elapsed_share(framework, 2023, 2025, as_of) == pytest.approx(731 / 1096)
    rows = [event("TPTC", "GE-2.1", "training", 20, 15, dt.date(2023, 6, d)) for d in (1, 2, 3, 4)]
    expected = {4: "on_track", 3: "at_risk", 2: "off_track"}
    for count, status in expected.items():
        row = result(framework, make_data(activities=rows[:count]), "GE-2.1.trainings", as_of=as_of)
        assert row.expected_by_now == pytest.approx(5 * 731 / 1096)
        assert row.status == status, count


def test_a_single_year_is_judged_on_its_own_rise_of_the_line(framework):
    # 2024 holds 366 of the 1,096 reporting days: 5 x 366 / 1096 = 1.67 trainings that year,
    # and 75% of it is 1.25.
    def in_2024(count):
        return [
            event("DGC", "GE-2.1", "training", 9, 9, dt.date(2024, 7, 1 + i)) for i in range(count)
        ]

    early = event("TPTC", "GE-2.1", "training", 9, 9, dt.date(2023, 3, 1))
    for count, status in {2: "on_track", 1: "off_track", 5: "achieved"}.items():
        row = result(
            framework,
            make_data(activities=[early, *in_2024(count)]),
            "GE-2.1.trainings",
            period="2024",
        )
        assert row.value == count
        assert row.expected_by_now == pytest.approx(5 * 366 / 1096)
        assert row.status == status, count


def test_only_trainings_count_towards_the_training_target(framework):
    data = make_data(activities=trainings(4) + trainings(3, kind="seminar"))
    assert result(framework, data, "GE-2.1.trainings").value == 4


def test_unit_rows_of_a_ministry_count_target_show_contribution_only(framework):
    data = make_data(activities=trainings(3, unit="TPTC") + trainings(2, unit="DGC"))
    ministry = result(framework, data, "GE-2.1.trainings")
    assert (ministry.value, ministry.status) == (5, "achieved")
    unit = result(framework, data, "GE-2.1.trainings", unit="TPTC")
    assert (unit.value, unit.status) == (3, "no_target")
    assert pd.isna(unit.target)


@pytest.mark.parametrize(
    ("female", "status"), [(300, "achieved"), (299, "at_risk"), (224, "off_track")]
)
def test_female_person_times_in_digital_government_training(framework, female, status):
    # Trainings and seminars count; a meeting does not.
    data = make_data(
        activities=[
            event("DGC", "GE-2.3", "training", 250, female - 100),
            event("TPTC", "GE-2.3", "seminar", 150, 100, dt.date(2025, 2, 1)),
            event("TPTC", "GE-2.3", "meeting", 40, 40, dt.date(2025, 3, 1)),
        ]
    )
    row = result(framework, data, "GE-2.3.female_trained")
    assert row.value == female
    assert row.status == status


@pytest.mark.parametrize(
    ("seminars", "attendance", "statuses"),
    [
        (5, 400, ("achieved", "achieved")),
        (5, 399, ("achieved", "at_risk")),
        (4, 420, ("at_risk", "achieved")),
    ],
)
def test_central_seminars_five_and_four_hundred(framework, seminars, attendance, statuses):
    each = [attendance // seminars] * seminars
    each[0] += attendance - sum(each)
    data = make_data(
        activities=[
            *(
                event("DDT", "GE-2.4", "seminar", n, n // 2, dt.date(2024, 1, 1 + i))
                for i, n in enumerate(each)
            ),
            event("TPTC", "GE-2.4", "training", 500, 250),  # not a seminar: neither part counts it
        ]
    )
    count = result(framework, data, "GE-2.4.seminars")
    people = result(framework, data, "GE-2.4.attendance")
    assert (count.value, people.value) == (seminars, attendance)
    assert (count.status, people.status) == statuses


# --- No data, deliverables ---


def test_no_submission_is_no_data_but_a_submission_without_events_is_zero(framework):
    data = make_data(reported={("TPTC", 2024)})
    tptc = result(framework, data, "GE-2.1.trainings", unit="TPTC", period="2024")
    cawmc = result(framework, data, "GE-2.2.events", unit="CAWMC")  # responsible, silent
    assert (tptc.value, tptc.status) == (0, "no_target")
    assert pd.isna(cawmc.value) and cawmc.status == "no_data"
    assert result(framework, data, "GE-2.1.trainings", period="2024").value == 0
    assert result(framework, make_data(), "GE-2.1.trainings").status == "no_data"


def deliverable(unit, code, status, year):
    return {
        "unit": unit,
        "activity_code": code,
        "status": status,
        "status_date": dt.date(year, 12, 1),
        "year": year,
    }


def test_deliverable_statuses_and_the_least_advanced_unit(framework):
    # GE-1.5 belongs to CAWMC and DGC.
    data = make_data(
        deliverables=[
            deliverable("CAWMC", "GE-1.5", "in_progress", 2023),
            deliverable("CAWMC", "GE-1.5", "done", 2024),
            deliverable("DGC", "GE-1.5", "not_started", 2023),
            deliverable("DGC", "GE-1.5", "in_progress", 2025),
        ]
    )
    cawmc = result(framework, data, "GE-1.5.status", unit="CAWMC")
    assert (cawmc.deliverable_status, cawmc.status, cawmc.value) == ("done", "achieved", 1.0)
    ministry = result(framework, data, "GE-1.5.status")
    assert (ministry.deliverable_status, ministry.status) == ("in_progress", "on_track")
    assert (ministry.numerator, ministry.denominator) == (1, 2)
    # In 2023 (a third of the reporting time gone) not started is at risk, not yet off track.
    dgc_2023 = result(framework, data, "GE-1.5.status", unit="DGC", period="2023")
    assert (dgc_2023.deliverable_status, dgc_2023.status) == ("not_started", "at_risk")


def test_not_started_is_off_track_after_half_the_reporting_time(framework):
    data = make_data(deliverables=[deliverable("DCS", "MC-2.2", "not_started", 2024)])
    assert result(framework, data, "MC-2.2.status", unit="DCS", period="2024").status == "off_track"


def test_select_picks_the_whole_period_or_one_year(framework):
    data = make_data(staff=[staff("DOP", 2024, leaders_total=10, leaders_female=3)])
    table = compute_results(framework, data, as_of=END, rules=RULES)
    assert set(select(table, framework=framework)["period"]) == {"2021-2025"}
    assert set(select(table, year=2024)["period"]) == {"2024"}
    assert set(select(table, year=2024, unit="DOP")["unit"]) == {"DOP"}
    assert set(table["period"]) == {"2023", "2024", "2025", "2021-2025"}
