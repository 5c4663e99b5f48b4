"""Benchmark: import a 20,000-row activity workbook, beside bare pandas reads of the same file.

Run by hand: ``python bench/bench_import.py [--rows 20000] [--repeat 3]``. It prints one line per
measurement (best and median of the repeats, in seconds) and the peak memory of the import.
Record the figures in bench/README.md with the date and the machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from indicators.framework import default_framework
from indicators.i18n import t
from indicators.schema import EVENT_TYPES
from indicators.storage import import_file, open_database
from indicators.template import build_workbook, workbook_bytes


def activity_rows(count: int, codes: list[str], year: int) -> list[dict]:
    rng = random.Random(20000)
    rows = []
    for number in range(count):
        total = rng.randint(5, 200)
        rows.append(
            {
                "date": dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365)),
                "activity_code": rng.choice(codes),
                "event_type": rng.choice(EVENT_TYPES),
                "title": f"ກິດຈະກຳ ທົດສອບ ເລກທີ {number}",
                "participants_total": total,
                "participants_female": rng.randint(0, total),
                "products": rng.randint(0, 5),
                "audience": "ພະນັກງານ-ລັດຖະກອນ",
                "location": "ນະຄອນຫຼວງວຽງຈັນ",
                "evidence": f"ບົດລາຍງານ {number}",
            }
        )
    return rows


def timed(action, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    framework = default_framework()
    unit = "DGC"
    codes = [a.code for a in framework.activities_of(unit)]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{unit}_2024_{args.rows}.xlsx"
        start = time.perf_counter()
        book = build_workbook(framework, unit, 2024, None, activity_rows(args.rows, codes, 2024))
        path.write_bytes(workbook_bytes(book))
        print(
            f"workbook written: {args.rows} activity rows, {path.stat().st_size / 1e6:.1f} MB, "
            f"{time.perf_counter() - start:.1f} s"
        )
        sheet = t("sheet.activities")

        def import_once() -> None:
            database = open_database(f"sqlite:///{Path(folder) / f'{time.time_ns()}.sqlite'}")
            result = import_file(database, path, framework, uploaded_by="bench")
            assert result.outcome == "new", result.intake.errors[:3]

        measurements = {
            "import (read, validate, store)": lambda: import_once(),
            "pandas.read_excel, calamine": lambda: pd.read_excel(
                path, sheet_name=sheet, engine="calamine"
            ),
            "pandas.read_excel, openpyxl": lambda: pd.read_excel(
                path, sheet_name=sheet, engine="openpyxl"
            ),
        }
        for name, action in measurements.items():
            times = timed(action, args.repeat)
            print(f"{name:34s} best {min(times):6.2f} s   median {statistics.median(times):6.2f} s")

        tracemalloc.start()
        import_once()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"{'import peak Python memory':34s} {peak / 1e6:.0f} MB")


if __name__ == "__main__":
    main()
