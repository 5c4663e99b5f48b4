"""Storage of submissions and their rows: SQLite by default, PostgreSQL by URL, with history.

An accepted workbook is a submission. The same file again changes nothing; a new workbook for
the same unit and year supersedes the current one without deleting it, and an earlier one can
be restored. Each import is one transaction: a rejected or failing import leaves the database
as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from indicators.errors import IndicatorsError, UnknownSubmission
from indicators.framework import Framework
from indicators.intake import Intake, Problem, read_workbook
from indicators.schema import SHEETS, Sheet

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
metadata = sa.MetaData()

schema_info = sa.Table(
    "schema_info",
    metadata,
    sa.Column("key", sa.String(40), primary_key=True),
    sa.Column("value", sa.String(200), nullable=False),
)

submissions = sa.Table(
    "submissions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("unit", sa.String(20), nullable=False),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("framework", sa.String(40), nullable=False),
    sa.Column("file_name", sa.String(255), nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("uploaded_by", sa.String(120), nullable=False),
    sa.Column("uploaded_at", sa.DateTime, nullable=False),
    sa.Column("active", sa.Boolean, nullable=False),
    sa.Column("superseded_by", sa.Integer, sa.ForeignKey("submissions.id"), nullable=True),
    sa.Column("warnings", sa.Integer, nullable=False, default=0),
    sa.Index("submissions_unit_year", "unit", "year"),
    # At most one current submission per unit and year, even with two uploads at once.
    sa.Index(
        "submissions_one_active",
        "unit",
        "year",
        unique=True,
        sqlite_where=sa.text("active"),
        postgresql_where=sa.text("active"),
    ),
)

_COLUMN_TYPES = {
    "unit": sa.String(20),
    "year": sa.Integer,
    "count": sa.Integer,
    "date": sa.Date,
    "code": sa.String(20),
    "vocab": sa.String(20),
    "text": sa.Text,
}


def _row_table(sheet: Sheet) -> sa.Table:
    return sa.Table(
        f"{sheet.key}_rows",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "submission_id",
            sa.Integer,
            sa.ForeignKey("submissions.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("excel_row", sa.Integer, nullable=False),
        *(sa.Column(c.key, _COLUMN_TYPES[c.type], nullable=not c.required) for c in sheet.columns),
    )


ROW_TABLES = {sheet.key: _row_table(sheet) for sheet in SHEETS}

# Each release that changes the schema adds a step here: version it upgrades from, and how.
MIGRATIONS: dict[int, Callable[[Connection], None]] = {}


class DatabaseTooNew(IndicatorsError):
    """The database was written by a newer release than this one."""


Outcome = Literal["new", "superseded", "unchanged", "restored", "rejected", "dry_run"]


@dataclass
class SheetSummary:
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0
    rejected: int = 0


@dataclass
class ImportResult:
    """What an import did (or, in a dry run, would do), with the problems of the workbook."""

    outcome: Outcome
    intake: Intake
    unit: str | None
    year: int | None
    submission_id: int | None = None
    previous_id: int | None = None
    would_be: Outcome | None = None
    """In a dry run, what a real import would have done."""
    summary: dict[str, SheetSummary] = field(default_factory=dict)

    @property
    def accepted(self) -> bool:
        return self.outcome != "rejected"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # WAL lets the dashboard read while an import writes.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _value(value: Any) -> Any:
    """A cell value in one comparable, storable form (no NA, no numpy, no timestamps)."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float) and value != value:
        return None
    if value is pd.NA:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if hasattr(value, "item"):
        return value.item()
    return value


def _keyed(records: list[dict[str, Any]], sheet: Sheet) -> dict[tuple, tuple]:
    return {tuple(r[k] for k in sheet.row_key): tuple(r[k] for k in sheet.keys) for r in records}


class Database:
    """One database of submissions; open with :func:`open_database`."""

    def __init__(self, engine: Engine):
        self.engine = engine

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    # --- schema ---

    def _prepare(self) -> None:
        with self.engine.begin() as conn:
            inspector = sa.inspect(conn)
            if not inspector.has_table("schema_info"):
                metadata.create_all(conn)
                conn.execute(
                    schema_info.insert(),
                    [
                        {"key": "version", "value": str(SCHEMA_VERSION)},
                        {"key": "revision", "value": "0"},
                    ],
                )
                return
            version = self._info(conn, "version")
            if version > SCHEMA_VERSION:
                raise DatabaseTooNew(
                    f"database schema {version} is newer than this release's {SCHEMA_VERSION}"
                )
            while version < SCHEMA_VERSION:
                MIGRATIONS[version](conn)
                version += 1
                self._set_info(conn, "version", version)
                log.info("database migrated to schema %s", version)

    @staticmethod
    def _info(conn: Connection, key: str) -> int:
        return int(
            conn.execute(
                sa.select(schema_info.c.value).where(schema_info.c.key == key)
            ).scalar_one()
        )

    @staticmethod
    def _set_info(conn: Connection, key: str, value: int) -> None:
        conn.execute(schema_info.update().where(schema_info.c.key == key).values(value=str(value)))

    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            return self._info(conn, "version")

    def revision(self) -> int:
        """A number that grows with every change; caches of results key on it."""
        with self.engine.connect() as conn:
            return self._info(conn, "revision")

    def _bump(self, conn: Connection) -> None:
        self._set_info(conn, "revision", self._info(conn, "revision") + 1)

    # --- reading ---

    def is_empty(self) -> bool:
        with self.engine.connect() as conn:
            return (
                conn.execute(sa.select(sa.func.count()).select_from(submissions)).scalar_one() == 0
            )

    def submissions(self, unit: str | None = None, year: int | None = None) -> pd.DataFrame:
        """Every submission, newest first, current or superseded."""
        query = sa.select(submissions).order_by(submissions.c.id.desc())
        if unit is not None:
            query = query.where(submissions.c.unit == unit)
        if year is not None:
            query = query.where(submissions.c.year == year)
        with self.engine.connect() as conn:
            return pd.read_sql(query, conn)

    def rows(self, sheet_key: str, submission_id: int | None = None) -> pd.DataFrame:
        """Rows of one sheet: of one submission, or of every current submission."""
        table = ROW_TABLES[sheet_key]
        query = sa.select(table, submissions.c.year.label("submission_year")).join(submissions)
        if submission_id is None:
            query = query.where(submissions.c.active)
        else:
            query = query.where(table.c.submission_id == submission_id)
        with self.engine.connect() as conn:
            frame = pd.read_sql(query.order_by(table.c.id), conn)
        for column in next(s for s in SHEETS if s.key == sheet_key).columns:
            if column.type == "date":
                frame[column.key] = pd.to_datetime(frame[column.key])
            elif column.type in ("count", "year"):
                frame[column.key] = frame[column.key].astype("Int64")
        return frame

    # --- writing ---

    def import_workbook(
        self,
        intake: Intake,
        data: bytes,
        uploaded_by: str,
        dry_run: bool = False,
        framework_code: str = "",
        now: dt.datetime | None = None,
    ) -> ImportResult:
        """Store an intake as a submission, in one transaction; a dry run writes nothing."""
        result = ImportResult("rejected", intake, intake.unit, intake.year)
        digest = sha256_of(data)
        with self.engine.begin() as conn:
            current = self._current(conn, intake.unit, intake.year)
            result.summary = self._summary(conn, intake, current)
            if intake.errors:
                return result
            outcome, target = self._decide(conn, intake, digest, current)
            result.previous_id = current
            if outcome == "new" and current is not None:
                outcome = "superseded"
            if dry_run:
                result.outcome, result.would_be = "dry_run", outcome
                result.submission_id = target
                return result
            if outcome == "unchanged":
                result.outcome, result.submission_id = outcome, current
                return result
            if outcome == "restored":
                self._activate(conn, target, intake.unit, intake.year)
            else:
                target = self._insert(conn, intake, digest, uploaded_by, framework_code, now)
                self._activate(conn, target, intake.unit, intake.year)
            self._bump(conn)
        result.outcome, result.submission_id = outcome, target
        log.info(
            "import %s: %s %s %s as submission %s",
            intake.file_name,
            outcome,
            intake.unit,
            intake.year,
            target,
        )
        return result

    def restore(self, submission_id: int) -> dict[str, Any]:
        """Make an earlier submission the current one for its unit and year again."""
        with self.engine.begin() as conn:
            row = (
                conn.execute(sa.select(submissions).where(submissions.c.id == submission_id))
                .mappings()
                .first()
            )
            if row is None:
                raise UnknownSubmission(submission_id)
            self._activate(conn, submission_id, row["unit"], row["year"])
            self._bump(conn)
        log.info("submission %s restored for %s %s", submission_id, row["unit"], row["year"])
        return dict(row)

    def _current(self, conn: Connection, unit: str | None, year: int | None) -> int | None:
        if unit is None or year is None:
            return None
        return conn.execute(
            sa.select(submissions.c.id).where(
                submissions.c.unit == unit, submissions.c.year == year, submissions.c.active
            )
        ).scalar_one_or_none()

    def _decide(
        self, conn: Connection, intake: Intake, digest: str, current: int | None
    ) -> tuple[Outcome, int | None]:
        same = conn.execute(
            sa.select(submissions.c.id, submissions.c.active)
            .where(
                submissions.c.unit == intake.unit,
                submissions.c.year == intake.year,
                submissions.c.sha256 == digest,
            )
            .order_by(submissions.c.id.desc())
        ).first()
        if same is None:
            return "new", None
        return ("unchanged" if same.active else "restored"), same.id

    def _insert(
        self,
        conn: Connection,
        intake: Intake,
        digest: str,
        uploaded_by: str,
        framework_code: str,
        now: dt.datetime | None,
    ) -> int:
        submission_id = conn.execute(
            submissions.insert().values(
                unit=intake.unit,
                year=intake.year,
                framework=framework_code,
                file_name=intake.file_name,
                sha256=digest,
                uploaded_by=uploaded_by,
                uploaded_at=now or dt.datetime.now(dt.UTC).replace(tzinfo=None),
                active=False,
                warnings=len(intake.warnings),
            )
        ).inserted_primary_key[0]
        for sheet in SHEETS:
            self._insert_rows(conn, sheet, submission_id, intake)
        return submission_id

    def _insert_rows(
        self, conn: Connection, sheet: Sheet, submission_id: int, intake: Intake
    ) -> None:
        if sheet.key not in intake.sheets:
            return
        records = [dict(r) for r in intake.sheets[sheet.key].accepted_records]
        if records:
            for record in records:
                record["submission_id"] = submission_id
            conn.execute(ROW_TABLES[sheet.key].insert(), records)

    def _activate(
        self, conn: Connection, submission_id: int | None, unit: str | None, year: int | None
    ) -> None:
        # Clear the current one first: the partial unique index allows one active at a time.
        conn.execute(
            submissions.update()
            .where(submissions.c.unit == unit, submissions.c.year == year, submissions.c.active)
            .values(active=False, superseded_by=submission_id)
        )
        conn.execute(
            submissions.update()
            .where(submissions.c.id == submission_id)
            .values(active=True, superseded_by=None)
        )

    def _summary(
        self, conn: Connection, intake: Intake, current: int | None
    ) -> dict[str, SheetSummary]:
        summary: dict[str, SheetSummary] = {}
        for sheet in SHEETS:
            counts = summary[sheet.key] = SheetSummary()
            read = intake.sheets.get(sheet.key)
            if read is None:
                continue
            counts.rejected = len(read.rejected_rows)
            new = _keyed(read.accepted_records, sheet)
            # A rejected row is not a removed one: its key still stands in the workbook.
            read_keys = set(_keyed(read.records, sheet))
            old: dict[tuple, tuple] = {}
            if current is not None:
                table = ROW_TABLES[sheet.key]
                stored = (
                    conn.execute(
                        sa.select(*(table.c[k] for k in sheet.keys), table.c.excel_row).where(
                            table.c.submission_id == current
                        )
                    )
                    .mappings()
                    .all()
                )
                old = _keyed([{k: _value(v) for k, v in r.items()} for r in stored], sheet)
            for key, values in new.items():
                if key not in old:
                    counts.new += 1
                elif old[key] == values:
                    counts.unchanged += 1
                else:
                    counts.changed += 1
            counts.removed = sum(1 for key in old if key not in read_keys)
        return summary


def open_database(url: str) -> Database:
    """Connect, create the schema on a new database, migrate an older one."""
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(url)
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_pragmas)
    database = Database(engine)
    database._prepare()
    return database


def import_file(
    database: Database,
    path: Path | str,
    framework: Framework,
    uploaded_by: str,
    dry_run: bool = False,
    file_name: str | None = None,
    data: bytes | None = None,
    today: dt.date | None = None,
) -> ImportResult:
    """Read, check and store one workbook file (or its bytes, as an upload gives them)."""
    if data is None:
        try:
            data = Path(path).read_bytes()
        except OSError as error:
            intake = Intake(file_name or Path(path).name)
            intake.problems.append(Problem("error", "unreadable_file", value=str(error)))
            return ImportResult("rejected", intake, None, None)
    intake = read_workbook(data, framework, file_name=file_name or Path(path).name, today=today)
    return database.import_workbook(intake, data, uploaded_by, dry_run, framework.code)


def sheet_summary_rows(summary: Mapping[str, SheetSummary]) -> list[dict[str, Any]]:
    return [{"sheet": key, **vars(counts)} for key, counts in summary.items()]
