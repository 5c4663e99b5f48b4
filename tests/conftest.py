"""Shared fixtures: the bundled framework, a fresh database, workbooks as a clerk fills them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest

from indicators.framework import Framework, default_framework
from indicators.storage import Database, open_database
from indicators.template import build_workbook, workbook_bytes

TODAY = dt.date(2026, 12, 3)
"""Tests judge dates and progress as on this day, whatever the clock says."""

GOOD_STAFF = {
    "staff_total": 80,
    "staff_female": 36,
    "leaders_total": 10,
    "leaders_female": 3,
    "theory_upgraded_total": 6,
    "theory_upgraded_female": 1,
    "professional_upgraded_total": 8,
    "professional_upgraded_female": 3,
    "ge_aware_total": 60,
    "ge_aware_female": 30,
}


def good_activity(**changes: Any) -> dict[str, Any]:
    row = {
        "date": dt.date(2024, 3, 15),
        "activity_code": "GE-2.3",
        "event_type": "training",
        "title": "ຝຶກອົບຮົມ ລະບົບບໍລິຫານລັດດິຈິຕອນ",
        "participants_total": 30,
        "participants_female": 18,
    }
    return {**row, **changes}


@pytest.fixture(scope="session")
def framework() -> Framework:
    return default_framework()


@pytest.fixture
def database(tmp_path: Path) -> Database:
    return open_database(f"sqlite:///{tmp_path / 'test.sqlite'}")


WorkbookMaker = Callable[..., Path]


@pytest.fixture
def make_workbook(tmp_path: Path, framework: Framework) -> WorkbookMaker:
    """Write a filled workbook (DGC, 2024 unless told) and return its path."""
    counter = iter(range(1_000_000))

    def make(
        unit: str = "DGC",
        year: int = 2024,
        staff: Mapping[str, Any] | None = None,
        activities: Iterable[Mapping[str, Any]] = (),
        deliverables: Mapping[str, Mapping[str, Any]] | None = None,
        name: str | None = None,
        edit: Callable[[Any], None] | None = None,
    ) -> Path:
        book = build_workbook(
            framework, unit, year, staff or GOOD_STAFF, list(activities), deliverables
        )
        if edit is not None:
            edit(book)
        path = tmp_path / (name or f"{unit}_{year}_{next(counter)}.xlsx")
        path.write_bytes(workbook_bytes(book))
        return path

    return make


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory, framework):
    """A database with the demo workbooks loaded, made once: loading takes some seconds."""
    from indicators.demo import load_demo

    folder = tmp_path_factory.mktemp("demo")
    url = f"sqlite:///{folder / 'demo.sqlite'}"
    database = open_database(url)
    load_demo(database, framework, folder / "workbooks")
    return database
