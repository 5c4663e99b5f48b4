"""Storing submissions: new, unchanged, superseded and restored, one transaction per import."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from indicators import storage
from indicators.storage import (
    SCHEMA_VERSION,
    Database,
    DatabaseTooNew,
    SheetSummary,
    import_file,
    open_database,
)
from tests.conftest import GOOD_STAFF, TODAY, good_activity

TRAINING = good_activity()
SEMINAR = good_activity(
    date=dt.date(2024, 5, 2), event_type="seminar", title="ສຳມະນາ ບົດບາດຍິງ", participants_total=40
)
MEETING = good_activity(
    date=dt.date(2024, 6, 20), event_type="meeting", title="ກອງປະຊຸມ ສະຫຼຸບ", participants_female=9
)
MEDIA = good_activity(date=dt.date(2024, 9, 9), event_type="media", title="ວິດີໂອ ເຜີຍແຜ່", products=3)
DONE = {"GE-1.1": {"status": "done", "status_date": dt.date(2024, 6, 30)}}
SHEET_KEYS = ("staff", "activities", "deliverables")


def load(database: Database, path: Path, framework, dry_run: bool = False):
    return import_file(
        database, path, framework, uploaded_by="tester", today=TODAY, dry_run=dry_run
    )


def snapshot(database: Database) -> dict[str, list[dict]]:
    """Every submission and every stored row, for comparing a database before and after."""
    with database.engine.connect() as conn:
        tables = {
            name: [dict(r) for r in conn.execute(sa.select(table).order_by(table.c.id)).mappings()]
            for name, table in (
                ("submissions", storage.submissions),
                *((f"{key}_rows", storage.ROW_TABLES[key]) for key in SHEET_KEYS),
            )
        }
    return tables


def counts(summary: dict[str, SheetSummary]) -> dict[str, tuple[int, int, int, int, int]]:
    """Per sheet: (new, changed, unchanged, removed, rejected)."""
    return {
        key: (s.new, s.changed, s.unchanged, s.removed, s.rejected) for key, s in summary.items()
    }


def by_id(database: Database) -> dict[int, dict]:
    return {int(r["id"]): r for r in database.submissions().to_dict("records")}


def test_first_import_stores_a_new_submission(database, make_workbook, framework):
    path = make_workbook(activities=[TRAINING, SEMINAR], deliverables=DONE, name="DGC_2024.xlsx")

    result = load(database, path, framework)

    assert (result.outcome, result.previous_id) == ("new", None)
    (submission,) = database.submissions().to_dict("records")
    assert submission["id"] == result.submission_id
    assert (submission["unit"], submission["year"]) == ("DGC", 2024)
    assert submission["file_name"] == "DGC_2024.xlsx"
    assert submission["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert submission["uploaded_by"] == "tester"
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    assert dt.timedelta(0) <= now - submission["uploaded_at"] < dt.timedelta(minutes=1)
    assert bool(submission["active"]) is True
    assert pd.isna(submission["superseded_by"])
    assert database.revision() == 1


def test_first_import_stores_each_row_with_its_excel_row(database, make_workbook, framework):
    path = make_workbook(activities=[TRAINING, SEMINAR], deliverables=DONE)

    result = load(database, path, framework)

    staff = database.rows("staff")
    assert staff[["excel_row", "staff_total", "staff_female"]].values.tolist() == [[3, 80, 36]]
    activities = database.rows("activities")
    assert activities["excel_row"].tolist() == [3, 4]
    assert activities["title"].tolist() == [TRAINING["title"], SEMINAR["title"]]
    assert activities["participants_total"].tolist() == [30, 40]
    assert activities["date"].dt.date.tolist() == [dt.date(2024, 3, 15), dt.date(2024, 5, 2)]
    assert database.rows("deliverables")[["excel_row", "status"]].values.tolist() == [[3, "done"]]
    assert set(activities["submission_id"]) == {result.submission_id}
    assert counts(result.summary) == {
        "staff": (1, 0, 0, 0, 0),
        "activities": (2, 0, 0, 0, 0),
        "deliverables": (1, 0, 0, 0, 0),
    }


def test_same_file_again_changes_nothing(database, make_workbook, framework):
    path = make_workbook(activities=[TRAINING, SEMINAR])
    first = load(database, path, framework)
    before, revision = snapshot(database), database.revision()

    again = load(database, path, framework)

    assert (again.outcome, again.submission_id) == ("unchanged", first.submission_id)
    assert snapshot(database) == before
    assert database.revision() == revision == 1
    assert counts(again.summary)["activities"] == (0, 0, 2, 0, 0)


def supersede(database, make_workbook, framework):
    """Keep TRAINING, give SEMINAR two more participants, drop MEETING, add MEDIA."""
    old = make_workbook(activities=[TRAINING, SEMINAR, MEETING], deliverables=DONE)
    first = load(database, old, framework)
    changed = {**SEMINAR, "participants_total": 42}
    new = make_workbook(
        activities=[TRAINING, changed, MEDIA],
        deliverables={**DONE, "GE-1.5": {"status": "in_progress"}},
    )
    second = load(database, new, framework)
    return old, first, second


def test_new_workbook_supersedes_and_keeps_the_previous(database, make_workbook, framework):
    _, first, second = supersede(database, make_workbook, framework)

    assert (second.outcome, second.previous_id) == ("superseded", first.submission_id)
    submissions = by_id(database)
    assert sorted(submissions) == [first.submission_id, second.submission_id]
    previous, current = submissions[first.submission_id], submissions[second.submission_id]
    assert bool(previous["active"]) is False
    assert previous["superseded_by"] == second.submission_id
    assert bool(current["active"]) is True
    assert database.revision() == 2


def test_only_the_new_rows_are_current(database, make_workbook, framework):
    _, first, second = supersede(database, make_workbook, framework)

    activities = database.rows("activities")
    assert activities["title"].tolist() == [TRAINING["title"], SEMINAR["title"], MEDIA["title"]]
    assert activities["participants_total"].tolist() == [30, 42, 30]
    assert set(activities["submission_id"]) == {second.submission_id}
    assert database.rows("deliverables")["activity_code"].tolist() == ["GE-1.1", "GE-1.5"]
    assert len(database.rows("activities", first.submission_id)) == 3


def test_supersede_summary_counts_each_sheet(database, make_workbook, framework):
    _, _, second = supersede(database, make_workbook, framework)

    assert counts(second.summary) == {
        "staff": (0, 0, 1, 0, 0),
        "activities": (1, 1, 1, 1, 0),
        "deliverables": (1, 0, 1, 0, 0),
    }


def test_restore_makes_an_earlier_submission_current(database, make_workbook, framework):
    _, first, second = supersede(database, make_workbook, framework)

    restored = database.restore(first.submission_id)

    assert restored["id"] == first.submission_id
    submissions = by_id(database)
    assert bool(submissions[first.submission_id]["active"]) is True
    assert pd.isna(submissions[first.submission_id]["superseded_by"])
    assert bool(submissions[second.submission_id]["active"]) is False
    assert submissions[second.submission_id]["superseded_by"] == first.submission_id
    titles = database.rows("activities")["title"].tolist()
    assert titles == [TRAINING["title"], SEMINAR["title"], MEETING["title"]]
    assert database.revision() == 3


def test_superseded_file_uploaded_again_is_restored(database, make_workbook, framework):
    old, first, second = supersede(database, make_workbook, framework)

    again = load(database, old, framework)

    assert (again.outcome, again.submission_id) == ("restored", first.submission_id)
    assert again.previous_id == second.submission_id
    assert sorted(by_id(database)) == [first.submission_id, second.submission_id]
    assert set(database.rows("activities")["submission_id"]) == {first.submission_id}
    assert len(database.rows("activities")) == 3
    assert database.revision() == 3


def test_rejected_workbook_leaves_the_database_as_it_was(database, make_workbook, framework):
    load(database, make_workbook(activities=[TRAINING, SEMINAR], deliverables=DONE), framework)
    before, revision = snapshot(database), database.revision()
    bad = make_workbook(
        staff={**GOOD_STAFF, "staff_female": 81},
        activities=[TRAINING, {**SEMINAR, "products": "abc"}, {**MEETING, "date": "soon"}],
        deliverables=DONE,
    )

    result = load(database, bad, framework)

    assert (result.outcome, result.accepted, result.submission_id) == ("rejected", False, None)
    assert snapshot(database) == before
    assert database.revision() == revision
    assert len(result.intake.errors) == 3
    # SEMINAR's row is rejected, not removed: its key still stands in the workbook.
    assert counts(result.summary) == {
        "staff": (0, 0, 0, 0, 1),
        "activities": (0, 0, 1, 0, 2),
        "deliverables": (0, 0, 1, 0, 0),
    }


def test_dry_run_of_a_first_import_writes_nothing(database, make_workbook, framework):
    path = make_workbook(activities=[TRAINING, SEMINAR], deliverables=DONE)
    before = snapshot(database)

    result = load(database, path, framework, dry_run=True)

    assert (result.outcome, result.would_be, result.submission_id) == ("dry_run", "new", None)
    assert counts(result.summary)["activities"] == (2, 0, 0, 0, 0)
    assert snapshot(database) == before
    assert database.submissions().empty
    assert database.rows("activities").empty
    assert database.revision() == 0


def test_dry_run_of_a_changed_workbook_writes_nothing(database, make_workbook, framework):
    first = load(database, make_workbook(activities=[TRAINING, SEMINAR, MEETING]), framework)
    before, revision = snapshot(database), database.revision()
    new = make_workbook(activities=[TRAINING, {**SEMINAR, "participants_total": 42}, MEDIA])

    result = load(database, new, framework, dry_run=True)

    assert (result.outcome, result.previous_id) == ("dry_run", first.submission_id)
    assert counts(result.summary)["activities"] == (1, 1, 1, 1, 0)
    assert snapshot(database) == before
    assert database.revision() == revision


def test_dry_run_against_a_current_submission_would_supersede(database, make_workbook, framework):
    load(database, make_workbook(activities=[TRAINING]), framework)

    result = load(database, make_workbook(activities=[SEMINAR]), framework, dry_run=True)

    assert result.would_be == "superseded"


def test_dry_run_of_the_current_file_would_change_nothing(database, make_workbook, framework):
    path = make_workbook(activities=[TRAINING])
    first = load(database, path, framework)

    result = load(database, path, framework, dry_run=True)

    assert (result.would_be, result.submission_id) == ("unchanged", first.submission_id)


def test_failure_midway_rolls_the_whole_import_back(
    database, make_workbook, framework, monkeypatch
):
    first = load(database, make_workbook(activities=[TRAINING], deliverables=DONE), framework)
    before, revision = snapshot(database), database.revision()
    original = Database._insert_rows
    calls = []

    def fail_after_first_sheet(self, conn, sheet, submission_id, intake):
        calls.append(sheet.key)
        if len(calls) > 1:
            raise RuntimeError("disk full")
        original(self, conn, sheet, submission_id, intake)

    monkeypatch.setattr(Database, "_insert_rows", fail_after_first_sheet)
    new = make_workbook(activities=[SEMINAR, MEETING], deliverables=DONE)

    with pytest.raises(RuntimeError, match="disk full"):
        load(database, new, framework)

    assert calls == ["staff", "activities"]
    assert snapshot(database) == before
    assert database.revision() == revision
    (current,) = database.submissions().to_dict("records")
    assert (current["id"], bool(current["active"])) == (first.submission_id, True)


def test_failure_in_a_first_import_leaves_no_submission(
    database, make_workbook, framework, monkeypatch
):
    def fail(self, conn, sheet, submission_id, intake):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Database, "_insert_rows", fail)

    with pytest.raises(RuntimeError):
        load(database, make_workbook(activities=[TRAINING]), framework)

    assert database.submissions().empty
    assert all(rows == [] for rows in snapshot(database).values())
    assert database.revision() == 0


def test_other_unit_or_year_is_a_separate_submission(database, make_workbook, framework):
    dgc = load(database, make_workbook(activities=[TRAINING]), framework)
    ddt = load(database, make_workbook(unit="DDT", activities=[]), framework)
    dgc_2023 = load(
        database,
        make_workbook(year=2023, activities=[{**TRAINING, "date": dt.date(2023, 3, 15)}]),
        framework,
    )

    assert [r.outcome for r in (dgc, ddt, dgc_2023)] == ["new", "new", "new"]
    assert [r.previous_id for r in (dgc, ddt, dgc_2023)] == [None, None, None]
    submissions = database.submissions()
    assert submissions[["unit", "year"]].values.tolist() == [
        ["DGC", 2023],
        ["DDT", 2024],
        ["DGC", 2024],
    ]
    assert submissions["active"].astype(bool).tolist() == [True, True, True]
    assert submissions["superseded_by"].isna().all()
    assert sorted(database.rows("staff")["unit"]) == ["DDT", "DGC", "DGC"]


def test_new_database_records_the_schema_version(database):
    assert database.schema_version() == SCHEMA_VERSION
    with database.engine.connect() as conn:
        stored = conn.execute(
            sa.select(storage.schema_info.c.value).where(storage.schema_info.c.key == "version")
        ).scalar_one()
    assert stored == str(SCHEMA_VERSION)
    assert database.revision() == 0
    assert database.is_empty()


def test_database_from_a_newer_release_is_refused(database):
    with database.engine.begin() as conn:
        conn.execute(
            storage.schema_info.update()
            .where(storage.schema_info.c.key == "version")
            .values(value=str(SCHEMA_VERSION + 1))
        )
    database.engine.dispose()

    with pytest.raises(DatabaseTooNew, match=str(SCHEMA_VERSION + 1)):
        open_database(database.url)


def test_reopening_a_database_keeps_its_submissions(database, make_workbook, framework):
    load(database, make_workbook(activities=[TRAINING]), framework)
    database.engine.dispose()

    reopened = open_database(database.url)

    assert len(reopened.submissions()) == 1
    assert reopened.schema_version() == SCHEMA_VERSION


def test_sqlite_runs_in_wal_mode_with_foreign_keys(sqlite_database):
    with sqlite_database.engine.connect() as conn:
        journal = conn.exec_driver_sql("PRAGMA journal_mode").scalar_one()
        foreign_keys = conn.exec_driver_sql("PRAGMA foreign_keys").scalar_one()

    assert (journal, foreign_keys) == ("wal", 1)
