"""Reading a unit's workbook: find its sheets and headers, type every cell, check every rule.

Every problem of the workbook is collected before answering, each with the sheet, the Excel row,
the column header as the user sees it, the rule and the value received. Errors reject the
workbook; warnings do not.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

import pandas as pd
import pandera.pandas as pa
from openpyxl.utils import get_column_letter

from indicators.framework import Framework
from indicators.i18n import LANGUAGES, t
from indicators.schema import (
    SHEETS,
    STAFF_PARTS,
    VOCABULARIES,
    Column,
    Sheet,
    column_aliases,
    normalise,
    sheet_aliases,
    vocabulary_aliases,
    vocabulary_label,
)

log = logging.getLogger(__name__)

Severity = Literal["error", "warning"]
INSTRUCTIONS = "instructions"
HEADER_SCAN_ROWS = 10
META_FIELDS = ("unit", "year")


# Every rule intake applies, by what it does to a workbook.
ERROR_RULES = frozenset({
    "unreadable_file", "missing_sheet", "missing_header", "missing_column", "required",
    "not_a_number", "not_whole_number", "not_a_date", "not_a_year", "unknown_unit",
    "other_unit", "unknown_activity", "not_in_vocabulary", "negative", "other_year",
    "date_in_future", "date_outside_period", "date_outside_year", "female_more_than_total",
    "total_missing", "part_more_than_whole", "duplicate_row", "workbook_unit_unknown",
    "workbook_year_unknown", "year_outside_period", "year_in_future",
})  # fmt: skip
WARNING_RULES = frozenset({
    "number_as_text", "date_as_text", "date_as_number", "empty_sheet", "not_assigned",
})  # fmt: skip


@dataclass(frozen=True)
class Problem:
    """One thing wrong, or worth a look, in a workbook."""

    severity: Severity
    rule: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    """The header of the column as it stands in the file (its first header row)."""
    letter: str | None = None
    value: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict)
    headers: Mapping[str, str] = field(default_factory=dict)
    """The column's header in each language, where the file's header rows carry it."""

    def __post_init__(self) -> None:
        if self.rule not in (ERROR_RULES if self.severity == "error" else WARNING_RULES):
            raise ValueError(f"{self.rule!r} is not a known {self.severity} rule")

    def where(self, lang: str) -> str:
        parts = []
        if self.sheet is not None:
            parts.append(t("problem.sheet", lang, sheet=self.sheet))
        if self.row is not None:
            parts.append(t("problem.row", lang, row=self.row))
        if self.column is not None:
            header = self.headers.get(lang, self.column)
            parts.append(t("problem.column", lang, letter=self.letter or "?", header=header))
        return ", ".join(parts)

    def message(self, lang: str) -> str:
        """The problem in one language: where, what rule, and what was received."""
        text = t(f"rule.{self.rule}", lang, **self.params)
        where = self.where(lang)
        line = f"{where}: {text}" if where else text
        if self.value is not None:
            line += " " + t("problem.received", lang, value=self.value)
        return line

    def as_dict(self) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "rule": self.rule,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "letter": self.letter,
            "value": self.value,
            **{f"message_{lang}": self.message(lang) for lang in LANGUAGES},
        }


@dataclass
class SheetIntake:
    """The rows read from one sheet, typed, with the Excel row each came from."""

    sheet: Sheet
    name: str
    rows: pd.DataFrame
    rejected_rows: set[int] = field(default_factory=set)

    @property
    def accepted(self) -> pd.DataFrame:
        return self.rows[~self.rows["excel_row"].isin(self.rejected_rows)]

    @cached_property
    def records(self) -> list[dict[str, Any]]:
        """Every row as plain Python values (None for a blank), for storing and comparing."""
        columns = [*self.sheet.keys, "excel_row"]
        values = [column_values(self.rows[c]) for c in columns]
        return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]

    @cached_property
    def accepted_records(self) -> list[dict[str, Any]]:
        return [r for r in self.records if r["excel_row"] not in self.rejected_rows]


@dataclass
class Intake:
    """What reading one workbook gave: its unit and year, its rows, and every problem."""

    file_name: str
    today: dt.date = field(default_factory=dt.date.today)
    """Dates after this day are in the future."""
    unit: str | None = None
    year: int | None = None
    sheets: dict[str, SheetIntake] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def accepted(self) -> bool:
        return not self.errors

    def frame(self, sheet_key: str) -> pd.DataFrame:
        """The typed rows of a sheet (empty with the right columns when the sheet had none)."""
        if sheet_key in self.sheets:
            return self.sheets[sheet_key].rows
        sheet = next(s for s in SHEETS if s.key == sheet_key)
        return pd.DataFrame(columns=[*sheet.keys, "excel_row"])


def column_values(series: pd.Series) -> list[Any]:
    """A column as plain Python values with None for blanks, converted a column at a time."""
    if pd.api.types.is_datetime64_any_dtype(series):
        series = series.dt.date
    return series.astype(object).where(series.notna(), None).tolist()


# --- Cells: each parser returns (value, error rule, warning rule). ---


def is_blank(value: object) -> bool:
    if value is None or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def shown(value: object) -> str:
    """A cell value as the user typed it, for messages."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    return str(value).strip() if isinstance(value, str) else str(value)


_NUMBER_TEXT = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


def parse_count(value: object) -> tuple[Any, str | None, str | None]:
    warning = None
    if isinstance(value, bool | dt.date | dt.datetime | dt.time):
        return None, "not_a_number", None
    if isinstance(value, str):
        text = value.strip().replace("\u00a0", "").replace(" ", "")
        # A thousands separator: "1,250" is a count, "12,5" would be a decimal comma.
        if re.fullmatch(r"\d{1,3}(,\d{3})+", text):
            text = text.replace(",", "")
        if not _NUMBER_TEXT.match(text):
            return None, "not_a_number", None
        value, warning = float(text.replace(",", ".")), "number_as_text"
    if isinstance(value, int):
        return value, None, warning
    if isinstance(value, float):
        if not value.is_integer():
            return None, "not_whole_number", None
        return int(value), None, warning
    return None, "not_a_number", None


_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")
# Excel day numbers of 2000-01-01 and 2099-12-31: a bare number in that range is a date cell
# that lost its format.
_EXCEL_DAYS = (36526, 73050)


def parse_date(value: object) -> tuple[Any, str | None, str | None]:
    if isinstance(value, dt.datetime):
        return value.date(), None, None
    if isinstance(value, dt.date):
        return value, None, None
    if isinstance(value, str):
        text = value.strip()
        for fmt in _DATE_FORMATS:
            try:
                return dt.datetime.strptime(text, fmt).date(), None, "date_as_text"
            except ValueError:
                continue
        return None, "not_a_date", None
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    if is_number and float(value).is_integer() and _EXCEL_DAYS[0] <= value <= _EXCEL_DAYS[1]:
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(value)), None, "date_as_number"
    return None, "not_a_date", None


def parse_year(value: object) -> tuple[Any, str | None, str | None]:
    year, error, warning = parse_count(value)
    if error or not 2000 <= year <= 2100:
        return None, "not_a_year", None
    return year, None, warning


def parse_text(value: object) -> tuple[Any, str | None, str | None]:
    return shown(value), None, None


_CODE = re.compile(r"^([A-Za-z]+)\s*[-‐–]?\s*(\d+(?:\.\d+)*)")


def parse_code(value: object) -> tuple[Any, str | None, str | None]:
    """An activity code, forgiving of case and spacing: 'ge 2.1' and 'GE-2.1 ...' are GE-2.1."""
    text = shown(value)
    match = _CODE.match(text)
    return (f"{match[1].upper()}-{match[2]}" if match else text), None, None


# --- Finding sheets, headers and the workbook's unit and year. ---


@dataclass
class _Header:
    rows: list[int]
    """0-based indexes of the header rows; the data start after the last."""
    columns: dict[str, int]
    """Column key to 0-based column index."""
    texts: dict[str, dict[str, str]]
    """Column key to its header text in the file: 'first' and, where found, per language."""


def _header_matches(cells: Iterable[object], aliases: Mapping[str, str]) -> dict[int, str]:
    found: dict[int, str] = {}
    for index, cell in enumerate(cells):
        if not is_blank(cell) and (key := aliases.get(normalise(cell))):
            found.setdefault(index, key)
    return found


def _find_header(raw: pd.DataFrame, sheet: Sheet) -> _Header | None:
    aliases = column_aliases(sheet.key)
    header: _Header | None = None
    for index in range(min(HEADER_SCAN_ROWS, len(raw))):
        matches = _header_matches(raw.iloc[index].tolist(), aliases)
        if len(matches) < 2:
            if header is not None:
                break
            continue
        if header is None:
            header = _Header([], {}, {})
        header.rows.append(index)
        for col, key in matches.items():
            header.columns.setdefault(key, col)
            text = shown(raw.iat[index, col])
            entry = header.texts.setdefault(key, {"first": text})
            for lang in LANGUAGES:
                if normalise(text) == normalise(sheet.column(key).label(sheet.key, lang)):
                    entry.setdefault(lang, text)
    return header


def _meta_from_instructions(raw: pd.DataFrame) -> dict[str, tuple[object, int]]:
    """The unit and year written on the instructions sheet, with their Excel rows."""
    labels = {
        normalise(x): name
        for name in META_FIELDS
        for x in (name, *(t(f"meta.{name}", lang) for lang in LANGUAGES))
    }
    labels.update(
        {normalise(f"{t(f'meta.{n}', 'lo')} / {t(f'meta.{n}', 'en')}"): n for n in META_FIELDS}
    )
    found: dict[str, tuple[object, int]] = {}
    for index in range(len(raw)):
        cells = raw.iloc[index].tolist()
        at = next((i for i, c in enumerate(cells) if not is_blank(c)), None)
        if at is None or at + 1 >= len(cells) or not (name := labels.get(normalise(cells[at]))):
            continue
        # The value stands in the cell right of the label; a blank one says nothing.
        if not is_blank(cells[at + 1]):
            found.setdefault(name, (cells[at + 1], index + 1))
    return found


# --- Checking the typed rows with pandera. ---


def _isin(values: Iterable[str], rule: str) -> pa.Check:
    allowed = set(values)
    return pa.Check(lambda s: s.isin(allowed), name=rule)


def _wide(rule: str, column: str, test) -> pa.Check:
    """A check across columns, reported on ``column``: the name carries both."""
    return pa.Check(lambda d: test(d).fillna(True).astype(bool), name=f"{rule}|{column}")


def _schema(
    sheet: Sheet, framework: Framework, unit: str | None, year: int | None, today: dt.date
) -> pa.DataFrameSchema:
    columns: dict[str, pa.Column] = {}
    wide: list[pa.Check] = []
    period_start = dt.date(framework.period_start, 1, 1)
    period_end = dt.date(framework.period_end, 12, 31)

    for column in sheet.columns:
        checks: list[pa.Check] = []
        if column.type == "unit":
            checks.append(_isin(framework.unit_codes, "unknown_unit"))
            if unit is not None:
                known = set(framework.unit_codes)
                checks.append(
                    pa.Check(lambda s, u=unit, k=known: ~s.isin(k) | (s == u), name="other_unit")
                )
        elif column.type == "code":
            checks.append(_isin(framework.activities, "unknown_activity"))
        elif column.type == "vocab":
            checks.append(_isin(VOCABULARIES[column.key], "not_in_vocabulary"))
        elif column.type == "count":
            checks.append(pa.Check(lambda s: s >= 0, name="negative"))
        elif column.type == "year" and year is not None:
            checks.append(pa.Check(lambda s, y=year: s == y, name="other_year"))
        elif column.type == "date":
            checks += [
                pa.Check(lambda s, d=today: s <= pd.Timestamp(d), name="date_in_future"),
                pa.Check(
                    lambda s, d=today: (
                        (s > pd.Timestamp(d))
                        | s.between(pd.Timestamp(period_start), pd.Timestamp(period_end))
                    ),
                    name="date_outside_period",
                ),
            ]
            if year is not None:
                checks.append(
                    pa.Check(
                        lambda s, y=year: (
                            (s > pd.Timestamp(today))
                            | ~s.between(pd.Timestamp(period_start), pd.Timestamp(period_end))
                            | (s.dt.year == y)
                        ),
                        name="date_outside_year",
                    )
                )
        columns[column.key] = pa.Column(checks=checks, nullable=True, required=False)

    for total, female in sheet.pairs:
        wide.append(
            _wide(
                "female_more_than_total",
                female,
                lambda d, f=female, n=total: d[f].isna() | d[n].isna() | (d[f] <= d[n]),
            )
        )
    if sheet.key == "staff":
        for part, whole in STAFF_PARTS:
            wide.append(
                _wide(
                    "part_more_than_whole",
                    part,
                    lambda d, p=part, w=whole: d[p].isna() | d[w].isna() | (d[p] <= d[w]),
                )
            )

    return pa.DataFrameSchema(
        columns,
        checks=wide,
        unique=list(sheet.row_key),
        report_duplicates="exclude_first",
    )


_PARSERS = {
    "count": parse_count,
    "date": parse_date,
    "year": parse_year,
    "text": parse_text,
    "code": parse_code,
    "unit": parse_text,
    "vocab": parse_text,
}
_DTYPES = {"count": "Int64", "year": "Int64", "date": "datetime64[ns]"}


class _SheetReader:
    """Reads one data sheet of one workbook, adding its problems to ``problems``."""

    def __init__(
        self,
        sheet: Sheet,
        name: str,
        raw: pd.DataFrame,
        intake: Intake,
        framework: Framework,
        unit_aliases: Mapping[str, str],
    ):
        self.sheet, self.name, self.raw = sheet, name, raw
        self.intake, self.framework, self.unit_aliases = intake, framework, unit_aliases
        self.rejected: set[int] = set()
        self.header: _Header | None = None

    def problem(
        self,
        severity: Severity,
        rule: str,
        row: int | None = None,
        key: str | None = None,
        value: object = None,
        **params: Any,
    ) -> None:
        column = letter = None
        headers: dict[str, str] = {}
        if key is not None and self.header is not None and key in self.header.columns:
            texts = self.header.texts[key]
            column, letter = texts["first"], get_column_letter(self.header.columns[key] + 1)
            headers = {lang: texts[lang] for lang in LANGUAGES if lang in texts}
        elif key is not None:
            column = self.sheet.column(key).label(self.sheet.key, "lo")
            headers = {
                lang: self.sheet.column(key).label(self.sheet.key, lang) for lang in LANGUAGES
            }
        self.intake.problems.append(
            Problem(
                severity,
                rule,
                self.name,
                row,
                column,
                letter,
                None if value is None else shown(value),
                params,
                headers,
            )
        )
        if severity == "error" and row is not None:
            self.rejected.add(row)

    def read(self) -> SheetIntake | None:
        self.header = _find_header(self.raw, self.sheet)
        if self.header is None:
            self.problem("error", "missing_header")
            return None
        missing = [
            c
            for c in self.sheet.columns
            if c.key not in self.header.columns and (c.required or c.type != "text")
        ]
        header_row = self.header.rows[0] + 1
        for column in missing:
            self.problem("error", "missing_column", header_row, column.key)
        if missing:
            return None

        records, rows = self._typed_rows()
        frame = pd.DataFrame.from_records(records, columns=list(self.sheet.keys))
        for column in self.sheet.columns:
            if column.type in _DTYPES:
                frame[column.key] = frame[column.key].astype(_DTYPES[column.type])
        frame["excel_row"] = rows
        if frame.empty:
            self.problem("warning", "empty_sheet")
        else:
            self._validate(frame)
            self._warn_unassigned(frame)
        return SheetIntake(self.sheet, self.name, frame, self.rejected)

    def _typed_rows(self) -> tuple[list[list[Any]], list[int]]:
        assert self.header is not None  # read() found it before calling
        positions = [(c, self.header.columns.get(c.key)) for c in self.sheet.columns]
        records: list[list[Any]] = []
        rows: list[int] = []
        start = self.header.rows[-1] + 1
        for index, cells in enumerate(self.raw.iloc[start:].itertuples(index=False), start):
            values = [None if pos is None else cells[pos] for _, pos in positions]
            filled = [not is_blank(v) for v in values]
            if not any(f for (c, _), f in zip(positions, filled, strict=True) if not c.prefilled):
                continue  # an unused row, perhaps with the unit the template wrote in it
            excel_row = index + 1
            record = [
                self._cell(c, v, excel_row) if f else None
                for (c, _), v, f in zip(positions, values, filled, strict=True)
            ]
            for (column, _), f in zip(positions, filled, strict=True):
                if not f and column.required:
                    self.problem("error", "required", excel_row, column.key)
            # Checked here, not by pandera: its failure cases leave out the blank cell itself.
            for total, female in self.sheet.pairs:
                t_at, f_at = self.sheet.keys.index(total), self.sheet.keys.index(female)
                if record[f_at] is not None and not filled[t_at]:
                    self.problem(
                        "error",
                        "total_missing",
                        excel_row,
                        total,
                        **self._params("total_missing", None, total),
                    )
            records.append(record)
            rows.append(excel_row)
        return records, rows

    def _cell(self, column: Column, value: object, excel_row: int) -> Any:
        parsed, error, warning = _PARSERS[column.type](value)
        if error:
            self.problem("error", error, excel_row, column.key, value)
            return None
        if warning:
            self.problem("warning", warning, excel_row, column.key, value)
        if column.type == "unit":
            return self.unit_aliases.get(normalise(parsed), parsed)
        if column.type == "vocab":
            return vocabulary_aliases(column.key).get(normalise(parsed), parsed)
        return parsed

    def _validate(self, frame: pd.DataFrame) -> None:
        schema = _schema(
            self.sheet, self.framework, self.intake.unit, self.intake.year, self.intake.today
        )
        try:
            schema.validate(frame.drop(columns="excel_row"), lazy=True)
        except pa.errors.SchemaErrors as failed:
            self._report(frame, failed.failure_cases)

    def _report(self, frame: pd.DataFrame, cases: pd.DataFrame) -> None:
        seen: set[tuple[str, int]] = set()
        for case in cases.itertuples(index=False):
            if case.index is None or pd.isna(case.index):
                continue
            rule, column = str(case.check), case.column
            if "|" in rule:
                rule, target = rule.split("|", 1)
                if column != target:
                    continue  # a check across columns is reported once, on its own column
            elif rule == "multiple_fields_uniqueness":
                rule = "duplicate_row"
                if column != self.sheet.row_key[0]:
                    continue
            if (rule, int(case.index)) in seen:
                continue
            seen.add((rule, int(case.index)))
            row = frame.iloc[int(case.index)]
            excel_row = int(row["excel_row"])
            raw_value = self._raw(excel_row, column)
            params = self._params(rule, row, column)
            self.problem("error", rule, excel_row, column, raw_value, **params)

    def _raw(self, excel_row: int, key: str) -> object:
        assert self.header is not None
        value = self.raw.iat[excel_row - 1, self.header.columns[key]]
        return None if is_blank(value) else value

    def _params(self, rule: str, row: pd.Series, column: str) -> dict[str, Any]:
        sheet = self.sheet
        if rule in {"female_more_than_total", "total_missing"}:
            total = next(n for n, f in sheet.pairs if column in (n, f))
            return {
                "total": sheet.column(total).label(sheet.key, "en"),
                "total_lo": sheet.column(total).label(sheet.key, "lo"),
            }
        if rule == "part_more_than_whole":
            whole = dict(STAFF_PARTS)[column]
            return {
                "whole": sheet.column(whole).label(sheet.key, "en"),
                "whole_lo": sheet.column(whole).label(sheet.key, "lo"),
            }
        if rule == "other_unit":
            return {"unit": self.intake.unit}
        if rule in {"other_year", "date_outside_year"}:
            return {"year": self.intake.year}
        if rule == "date_outside_period":
            return {"start": self.framework.period_start, "end": self.framework.period_end}
        if rule == "not_in_vocabulary":
            return {
                lang_key: ", ".join(vocabulary_label(column, w, lang) for w in VOCABULARIES[column])
                for lang_key, lang in (("allowed", "en"), ("allowed_lo", "lo"))
            }
        if rule == "duplicate_row":
            return {
                lang_key: ", ".join(sheet.column(k).label(sheet.key, lang) for k in sheet.row_key)
                for lang_key, lang in (("columns", "en"), ("columns_lo", "lo"))
            }
        return {}

    def _warn_unassigned(self, frame: pd.DataFrame) -> None:
        if "activity_code" not in frame or self.intake.unit is None:
            return
        assigned = {a.code for a in self.framework.activities_of(self.intake.unit)}
        known = set(self.framework.activities)
        for code, excel_row in zip(frame["activity_code"], frame["excel_row"], strict=True):
            if code in known and code not in assigned:
                self.problem(
                    "warning",
                    "not_assigned",
                    int(excel_row),
                    "activity_code",
                    code,
                    unit=self.intake.unit,
                )


def _unit_aliases(framework: Framework) -> dict[str, str]:
    aliases = {}
    for unit in framework.units:
        for name in (unit.code, unit.name.lo, unit.name.en):
            aliases[normalise(name)] = unit.code
    return aliases


def read_workbook(
    source: Path | str | bytes,
    framework: Framework,
    file_name: str | None = None,
    today: dt.date | None = None,
) -> Intake:
    """Read and check a workbook; never raises for what is in the file, only reports."""
    if isinstance(source, bytes):
        data, file_name = source, file_name or "workbook.xlsx"
    else:
        path = Path(source)
        file_name = file_name or path.name
        try:
            data = path.read_bytes()
        except OSError as error:
            intake = Intake(file_name)
            intake.problems.append(Problem("error", "unreadable_file", value=str(error)))
            return intake
    intake = Intake(file_name, today=today or dt.date.today())
    try:
        raw_sheets = pd.read_excel(
            io.BytesIO(data), sheet_name=None, header=None, engine="calamine", dtype=object
        )
    except Exception as error:  # calamine raises several types for files that are not workbooks
        log.info("unreadable workbook %s: %s", file_name, error)
        intake.problems.append(Problem("error", "unreadable_file", value=file_name))
        return intake

    found: dict[str, tuple[str, pd.DataFrame]] = {}
    aliases = sheet_aliases()
    instructions_names = {normalise(INSTRUCTIONS)} | {
        normalise(t(f"sheet.{INSTRUCTIONS}", lang)) for lang in LANGUAGES
    }
    meta: dict[str, tuple[object, int]] = {}
    meta_sheet = None
    for name, raw in raw_sheets.items():
        folded = normalise(name)
        if folded in instructions_names:
            meta, meta_sheet = _meta_from_instructions(raw), name
        elif (key := aliases.get(folded)) and key not in found:
            found[key] = (name, raw)

    unit_aliases = _unit_aliases(framework)
    _settle_unit_and_year(intake, framework, meta, meta_sheet, found, unit_aliases)

    for sheet in SHEETS:
        if sheet.key not in found:
            intake.problems.append(
                Problem(
                    "error",
                    "missing_sheet",
                    params={"lo": sheet.name("lo"), "en": sheet.name("en"), "sheet_key": sheet.key},
                )
            )
            continue
        name, raw = found[sheet.key]
        reader = _SheetReader(sheet, name, raw, intake, framework, unit_aliases)
        if (result := reader.read()) is not None:
            intake.sheets[sheet.key] = result
    order = {s.key: i for i, s in enumerate(SHEETS)} | {
        found[k][0]: i for i, k in enumerate(s.key for s in SHEETS) if k in found
    }
    intake.problems.sort(
        key=lambda p: (order.get(p.sheet, -1), p.row or 0, len(p.letter or ""), p.letter or "")
    )
    return intake


def _settle_unit_and_year(
    intake: Intake,
    framework: Framework,
    meta: Mapping[str, tuple[object, int]],
    meta_sheet: str | None,
    found: Mapping[str, tuple[str, pd.DataFrame]],
    unit_aliases: Mapping[str, str],
) -> None:
    """Which unit and year the workbook reports for: the instructions sheet, else its rows."""
    today = intake.today
    if "unit" in meta:
        value, row = meta["unit"]
        code = unit_aliases.get(normalise(value))
        if code is None:
            intake.problems.append(
                Problem("error", "unknown_unit", meta_sheet, row, value=shown(value))
            )
        intake.unit = code
    year_row = None
    if "year" in meta:
        value, row = meta["year"]
        year_row = row
        year, error, _ = parse_year(value)
        if error:
            intake.problems.append(Problem("error", error, meta_sheet, row, value=shown(value)))
        intake.year = year

    if intake.unit is None or intake.year is None:
        _guess_from_rows(intake, found, unit_aliases)
    if intake.unit is None and not any(p.rule == "unknown_unit" for p in intake.problems):
        intake.problems.append(Problem("error", "workbook_unit_unknown"))
    if intake.year is None and not any(p.rule == "not_a_year" for p in intake.problems):
        intake.problems.append(Problem("error", "workbook_year_unknown"))
    if intake.year is not None:
        if not framework.period_start <= intake.year <= framework.period_end:
            intake.problems.append(
                Problem(
                    "error",
                    "year_outside_period",
                    meta_sheet,
                    year_row,
                    value=str(intake.year),
                    params={"start": framework.period_start, "end": framework.period_end},
                )
            )
        elif intake.year > today.year:
            intake.problems.append(
                Problem("error", "year_in_future", meta_sheet, year_row, value=str(intake.year))
            )


def _guess_from_rows(
    intake: Intake, found: Mapping[str, tuple[str, pd.DataFrame]], unit_aliases: Mapping[str, str]
) -> None:
    """Without an instructions sheet, the first unit and year written in the data rows."""
    for key in ("staff", "activities", "deliverables"):
        if key not in found:
            continue
        sheet = next(s for s in SHEETS if s.key == key)
        raw = found[key][1]
        header = _find_header(raw, sheet)
        if header is None:
            continue
        for _, cells in raw.iloc[header.rows[-1] + 1 :].iterrows():
            if intake.unit is None and "unit" in header.columns:
                cell = cells.iloc[header.columns["unit"]]
                if not is_blank(cell):
                    intake.unit = unit_aliases.get(normalise(cell))
            if intake.year is None and "year" in header.columns:
                year, error, _ = parse_year(cells.iloc[header.columns["year"]])
                intake.year = None if error else year
            if intake.year is None and "date" in header.columns:
                date, error, _ = parse_date(cells.iloc[header.columns["date"]])
                intake.year = None if error else date.year
            if intake.unit is not None and intake.year is not None:
                return
