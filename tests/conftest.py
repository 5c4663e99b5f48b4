"""Shared fixtures: the bundled framework, a fresh database, workbooks as a clerk fills them."""

from __future__ import annotations

import datetime as dt
import functools
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

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


def _postgres_bin() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    installed = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return installed[-1].parent if installed else None


def _as_server_user(command: list[str]) -> list[str]:
    # initdb and postgres refuse to run as root; Debian's package creates the postgres user.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A throwaway PostgreSQL server on a Unix socket, started and stopped by the tests."""
    if url := os.environ.get("CAWMC_TEST_POSTGRES_URL"):
        yield url
        return
    bindir = _postgres_bin()
    if bindir is None:
        reason = "PostgreSQL server binaries are not installed (apt-get install postgresql)"
        if os.environ.get("CAWMC_REQUIRE_POSTGRES"):
            pytest.fail(reason)
        pytest.skip(reason)
    folder = Path(tempfile.mkdtemp(prefix="cawmc-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    data = folder / "data"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    run = functools.partial(subprocess.run, check=True, capture_output=True, text=True)
    run(
        _as_server_user(
            [
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-locale",
            ]
        )
    )
    options = f"-p {port} -k {folder} -c listen_addresses='' -c fsync=off"
    run(
        _as_server_user(
            [
                str(bindir / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(folder / "log"),
                "-o",
                options,
                "-w",
                "start",
            ]
        )
    )
    try:
        yield f"postgresql+psycopg://postgres@/postgres?host={folder}&port={port}"
    finally:
        run(_as_server_user([str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"]))
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path: Path) -> Iterator[Database]:
    """A new, empty database: SQLite in a file, and PostgreSQL in a database of its own."""
    if request.param == "sqlite":
        yield open_database(f"sqlite:///{tmp_path / 'test.sqlite'}")
        return
    server = sa.make_url(request.getfixturevalue("postgres_server"))
    name = f"test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    database = open_database(server.set(database=name).render_as_string(hide_password=False))
    yield database
    database.engine.dispose()
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')
    admin.dispose()


@pytest.fixture
def sqlite_database(tmp_path: Path) -> Database:
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
def demo_folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("demo")


@pytest.fixture(scope="session")
def demo_database(demo_folder, framework):
    """A database with the demo workbooks loaded, made once: loading takes some seconds."""
    from indicators.demo import load_demo

    database = open_database(f"sqlite:///{demo_folder / 'demo.sqlite'}")
    load_demo(database, framework, demo_folder / "workbooks")
    return database


@pytest.fixture
def fresh_app_caches():
    """Streamlit's caches live as long as the process: each app test starts from empty ones."""
    import streamlit as st

    from indicators import settings as settings_module

    def clear():
        st.cache_data.clear()
        st.cache_resource.clear()
        settings_module.settings.cache_clear()

    clear()
    yield
    clear()
