"""The demo data: every unit and year in the template format, reproducible, with its gaps."""

from __future__ import annotations

from indicators.demo import CORRECTED, MISSING, load_demo, make_demo_workbooks
from indicators.engine import compute_results, load_data, select

from .conftest import TODAY


def test_every_unit_and_year_but_the_planned_gaps(demo_database, framework):
    subs = demo_database.submissions()
    current = subs[subs["active"].astype(bool)]
    expected = {(u, y) for u in framework.unit_codes for y in framework.reporting_years} - MISSING
    assert set(zip(current["unit"], current["year"], strict=True)) == expected
    assert len(current) == len(expected) == 46


def test_one_corrected_report_supersedes_its_first_version(demo_database):
    unit, year = CORRECTED
    history = demo_database.submissions(unit=unit, year=year)
    assert len(history) == 2
    old = history[~history["active"].astype(bool)].iloc[0]
    new = history[history["active"].astype(bool)].iloc[0]
    assert old["superseded_by"] == new["id"]


def test_the_demo_is_the_same_on_every_run(demo_database, demo_folder, tmp_path, framework):
    again = make_demo_workbooks(framework, tmp_path)
    assert len(again) == 47
    for workbook in again:
        assert (
            workbook.path.read_bytes()
            == (demo_folder / "workbooks" / workbook.path.name).read_bytes()
        ), workbook.path.name


def test_loading_the_demo_twice_leaves_the_same_submissions(demo_database, framework, tmp_path):
    before = demo_database.submissions()
    again = load_demo(demo_database, framework, tmp_path / "again")
    # The corrected unit's first version is an older file: sending it again restores it, and its
    # correction, sent next, is current once more.
    assert {r.outcome for r in again} == {"unchanged", "restored"}
    assert sum(r.outcome == "restored" for r in again) == 2
    after = demo_database.submissions()
    assert after[["id", "active"]].equals(before[["id", "active"]])


def test_the_demo_gives_every_status_somewhere(demo_database, framework):
    results = compute_results(framework, load_data(demo_database), as_of=TODAY)
    ministry = select(results, unit="ALL", framework=framework)
    targeted = ministry[ministry["target"].notna()]
    assert len(targeted) == 9
    assert {"achieved", "at_risk", "off_track"} <= set(targeted["status"])
    assert {"achieved", "on_track", "at_risk", "off_track", "no_data", "no_target"} <= set(
        results["status"]
    )
