"""Benchmark: run every dashboard page headless on the demo data with ten times the activity log.

Run by hand: ``python bench/bench_pages.py [--scale 10] [--repeat 3]``. Record the table it
prints in bench/README.md with the date and the machine.

How the data are scaled: ``indicators.demo.make_demo_workbooks`` writes the 47 demo workbooks
(every unit and reporting year but the two left out on purpose, and DGC 2024 twice). Each one is
read back with the app's own intake and written again with ``indicators.template.build_workbook``:
the same unit, year, staff row and deliverable statuses, and an activity log holding every
event ``--scale`` times, copy 1 as the demo has it and copies 2 to N with " #k" after the title
(same date, activity, type and counts), so that no two rows share a row key. The copies are
imported in the demo's order, DGC 2024's first version superseded by its correction as in the
demo. Only the activity log grows: a unit has one staff row a year and one deliverable row per
activity assigned to it, whatever it does in the year; events, participants and products grow
ten times, women's shares and statuses of shares stay as they were.

Each page then runs with ``streamlit.testing.v1.AppTest`` (``app.py`` with the page chosen by
``switch_page``, in Lao, the default): cold after ``st.cache_data.clear()`` and
``st.cache_resource.clear()`` in a new AppTest, then warm, a second run of the same AppTest.
The figure is the median of ``--repeat`` such pairs. This is the Python side of a page run
(queries, results, building the charts and tables); the browser's drawing is not in it. One run
of the overview before measuring loads the modules, so no page pays for the imports.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indicators import settings as settings_module  # noqa: E402
from indicators.demo import make_demo_workbooks  # noqa: E402
from indicators.framework import Framework, default_framework  # noqa: E402
from indicators.intake import read_workbook  # noqa: E402
from indicators.storage import Database, import_file, open_database  # noqa: E402
from indicators.template import build_workbook, workbook_bytes  # noqa: E402

PAGES = ("overview", "plans", "units", "gender", "activities", "completeness", "method")
_NOT_DATA = ("unit", "year", "activity_code", "excel_row")


def _plain(record: dict[str, Any], drop: tuple[str, ...]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k not in drop and v is not None}


def scaled_workbook(source: Path, framework: Framework, scale: int, out: Path) -> int:
    """Write ``source`` again with every event ``scale`` times; return the events written."""
    intake = read_workbook(source, framework)
    if not intake.accepted:
        raise RuntimeError(f"demo workbook {source.name} rejected: {intake.errors[:3]}")
    staff_rows = intake.sheets["staff"].records
    staff = _plain(staff_rows[0], _NOT_DATA) if staff_rows else None
    events = [_plain(r, ("unit", "excel_row")) for r in intake.sheets["activities"].records]
    deliverables = {
        r["activity_code"]: _plain(r, _NOT_DATA) for r in intake.sheets["deliverables"].records
    }
    copies = [
        event if copy == 1 else {**event, "title": f"{event['title']} #{copy}"}
        for copy in range(1, scale + 1)
        for event in events
    ]
    book = build_workbook(framework, intake.unit, intake.year, staff, copies, deliverables)
    out.write_bytes(workbook_bytes(book))
    return len(copies)


def build_database(folder: Path, framework: Framework, scale: int) -> Database:
    demo = make_demo_workbooks(framework, folder / "demo")
    database = open_database(f"sqlite:///{folder / 'pages.sqlite'}")
    events = 0
    for workbook in demo:
        path = folder / "scaled" / workbook.path.name
        path.parent.mkdir(exist_ok=True)
        events += scaled_workbook(workbook.path, framework, scale, path)
        result = import_file(database, path, framework, uploaded_by="bench")
        if not result.accepted:
            raise RuntimeError(f"{path.name} rejected: {result.intake.errors[:3]}")
    print(f"{len(demo)} workbooks, {events} activity rows written and imported")
    return database


def table_rows(database: Database) -> dict[str, int]:
    with database.engine.connect() as conn:
        names = sa.inspect(conn).get_table_names()
        return {
            name: conn.execute(sa.select(sa.func.count()).select_from(sa.table(name))).scalar_one()
            for name in names
        }


def page_run(page: str) -> tuple[float, float]:
    """Seconds of one cold run of ``page`` after clearing Streamlit's caches, then a warm one."""
    import streamlit as st
    from streamlit import logger
    from streamlit.testing.v1 import AppTest

    # Outside a server Streamlit warns on every cache call that it has no runtime.
    logger.set_log_level("ERROR")
    st.cache_data.clear()
    st.cache_resource.clear()
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    app.switch_page(f"pages/{page}.py")
    times = []
    for _ in range(2):
        start = time.perf_counter()
        app.run()
        times.append(time.perf_counter() - start)
        if app.exception:
            raise RuntimeError(f"page {page} failed: {app.exception[0].value}")
    return times[0], times[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    framework = default_framework()
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        database = build_database(Path(folder), framework, args.scale)
        print(f"database built in {time.perf_counter() - start:.0f} s")
        counts = table_rows(database)
        print("rows: " + ", ".join(f"{name} {count:,}" for name, count in counts.items()))
        print(f"rows in the database: {sum(counts.values()):,}")
        print(f"activity rows of current submissions: {len(database.rows('activities')):,}")

        os.environ["CAWMC_DATABASE_URL"] = database.engine.url.render_as_string(False)
        settings_module.settings.cache_clear()
        page_run("overview")  # imports, once

        print(f"\n| page | cold (median of {args.repeat}) | warm (median of {args.repeat}) |")
        print("|---|---|---|")
        for page in PAGES:
            runs = [page_run(page) for _ in range(args.repeat)]
            cold = statistics.median(c for c, _ in runs)
            warm = statistics.median(w for _, w in runs)
            print(f"| {page} | {cold:.2f} s | {warm:.2f} s |", flush=True)
        print(f"\nPython {platform.python_version()}, {os.cpu_count()} cores")
        database.engine.dispose()


if __name__ == "__main__":
    main()
