"""The Excel workbook a unit downloads, fills in Lao and uploads: template and filled copies."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from indicators.framework import Framework
from indicators.i18n import items, t
from indicators.schema import (
    ACTIVITIES,
    DELIVERABLES,
    EVENT_TYPES,
    SHEETS,
    STAFF,
    STATUSES,
    Sheet,
    vocabulary_label,
)

# Phetsarath OT is the Lao government's standard face and ships with Debian's fonts-lao;
# Excel falls back to another Lao font where it is missing.
FONT = "Phetsarath OT"
ACTIVITY_ROWS = 300
"""Rows made ready (unit filled in, dropdowns) on the activity log."""
EXTRA_DELIVERABLE_ROWS = 20

_HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
_SUBHEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_PREFILLED = Font(name=FONT, size=11, color="595959")
_BODY = Font(name=FONT, size=11)
_THIN = Side(style="thin", color="A6A6A6")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")
# Lao stacks vowels and tone marks above and below the line; rows a little taller than
# Excel's default keep them from being clipped.
_ROW_HEIGHT = 21


def _header(ws: Worksheet, sheet: Sheet) -> None:
    for index, column in enumerate(sheet.columns, 1):
        lao = ws.cell(row=1, column=index, value=column.label(sheet.key, "lo"))
        lao.font = Font(name=FONT, size=11, bold=True, color="FFFFFF")
        lao.fill = _HEADER_FILL
        lao.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        lao.border = _BORDER
        english = ws.cell(row=2, column=index, value=column.label(sheet.key, "en"))
        english.font = Font(name="Calibri", size=9, italic=True, color="1F4E79")
        english.fill = _SUBHEADER_FILL
        english.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        english.border = _BORDER
        # Lao glyphs run wider than Latin ones at the same size.
        ws.column_dimensions[get_column_letter(index)].width = round(column.width * 1.25)
    ws.row_dimensions[1].height = 48
    ws.row_dimensions[2].height = 30
    ws.freeze_panes = "A3"


def _validations(
    ws: Worksheet, sheet: Sheet, year: int, last_row: int, lists: Mapping[str, str]
) -> None:
    def add(validation: DataValidation, key: str) -> None:
        letter = get_column_letter(sheet.keys.index(key) + 1)
        validation.add(f"{letter}3:{letter}{last_row}")
        ws.add_data_validation(validation)

    for column in sheet.columns:
        if column.type == "count":
            add(
                DataValidation(
                    type="whole",
                    operator="greaterThanOrEqual",
                    formula1="0",
                    allow_blank=True,
                    showErrorMessage=True,
                    errorTitle=t("template.number_error_title"),
                    error=f"{t('template.number_error')} / {t('template.number_error', 'en')}",
                ),
                column.key,
            )
        elif column.type == "date":
            add(
                DataValidation(
                    type="date",
                    operator="between",
                    formula1=f"DATE({year},1,1)",
                    formula2=f"DATE({year},12,31)",
                    allow_blank=True,
                    showErrorMessage=True,
                    errorTitle=t("template.date_error_title"),
                    error=f"{t('template.date_error', year=year)} / "
                    f"{t('template.date_error', 'en', year=year)}",
                ),
                column.key,
            )
        elif column.key in lists:
            add(
                DataValidation(
                    type="list",
                    formula1=lists[column.key],
                    allow_blank=True,
                    showErrorMessage=True,
                    errorTitle=t("template.list_error_title"),
                    error=f"{t('template.list_error')} / {t('template.list_error', 'en')}",
                ),
                column.key,
            )


def _styles(book: Workbook) -> None:
    """Named styles for data cells: assigning a name is far cheaper than a style per cell."""
    for name, font, fmt, alignment in (
        ("cawmc_body", _BODY, "General", _TOP),
        ("cawmc_prefilled", _PREFILLED, "General", _TOP),
        ("cawmc_date", _BODY, "DD/MM/YYYY", _TOP),
        ("cawmc_text", _BODY, "General", _WRAP),
    ):
        book.add_named_style(
            NamedStyle(name=name, font=font, border=_BORDER, number_format=fmt, alignment=alignment)
        )


def _style_of(column) -> str:
    if column.prefilled:
        return "cawmc_prefilled"
    return {"date": "cawmc_date", "text": "cawmc_text"}.get(column.type, "cawmc_body")


def _rows(ws: Worksheet, sheet: Sheet, rows: Iterable[Mapping[str, Any]], start: int = 3) -> int:
    """Write rows from ``start``; return the last row written."""
    styles = [_style_of(c) for c in sheet.columns]
    # Characters of Lao that fit on one line of a wrapped column; vowel and tone marks take
    # no width of their own, so a line holds a little more than the column's width.
    per_line = [round(c.width * 1.25 * 1.2) for c in sheet.columns]
    row = start - 1
    for row, record in enumerate(rows, start):
        lines = 1
        for index, column in enumerate(sheet.columns, 1):
            value = record.get(column.key)
            if column.type == "vocab" and value in (*EVENT_TYPES, *STATUSES):
                value = vocabulary_label(column.key, value, "lo")
            ws.cell(row=row, column=index, value=value).style = styles[index - 1]
            if column.type == "text" and isinstance(value, str):
                lines = max(lines, _lines(value, per_line[index - 1]))
        ws.row_dimensions[row].height = _ROW_HEIGHT if lines == 1 else 17 * lines + 4
    return row


def _lines(text: str, per_line: int) -> int:
    """Lines a wrapped cell needs, so its row is tall enough to show every line whole."""
    return max(1, -(-len(text) // per_line))


def _printable(ws: Worksheet, title_rows: str | None = None) -> None:
    """Landscape, one page wide: a clerk who prints the sheet gets every column."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    if title_rows:
        ws.print_title_rows = title_rows


def _instructions(ws: Worksheet, framework: Framework, unit: str, year: int) -> None:
    name = framework.unit(unit).name
    for letter, width in (("A", 34), ("B", 18), ("C", 84)):
        ws.column_dimensions[letter].width = width
    heading = Font(name=FONT, size=12, bold=True, color="1F4E79")
    top = Alignment(vertical="top")

    title = ws.cell(1, 1, t("template.title", unit_name=name.lo, unit=unit, year=year))
    title.font = Font(name=FONT, size=16, bold=True, color="1F4E79")
    ws.row_dimensions[1].height = 34
    english = ws.cell(2, 1, t("template.title", "en", unit_name=name.en, unit=unit, year=year))
    english.font = Font(name="Calibri", size=12, italic=True)
    ws.cell(
        3,
        1,
        f"{t('template.framework', period=framework.period_label)} / "
        f"{t('template.framework', 'en', period=framework.period_label)}",
    ).font = _BODY
    ws.row_dimensions[3].height = _ROW_HEIGHT

    # Intake reads the unit and the year from these two rows: label in A, value in B.
    for row, (field, value, note) in enumerate(
        (("unit", unit, f"{name.lo} / {name.en}"), ("year", year, "")), 5
    ):
        label = ws.cell(row, 1, f"{t(f'meta.{field}')} / {t(f'meta.{field}', 'en')}")
        label.font = Font(name=FONT, size=11, bold=True)
        ws.cell(row, 2, value).font = Font(name=FONT, size=12, bold=True)
        ws.cell(row, 2).alignment = Alignment(horizontal="left")
        ws.cell(row, 3, note).font = _BODY
        ws.row_dimensions[row].height = _ROW_HEIGHT + 2

    row = 8
    for lang in ("lo", "en"):
        ws.cell(row, 1, t("template.steps_heading", lang)).font = heading
        ws.row_dimensions[row].height = _ROW_HEIGHT + 4
        row += 1
        for number, step in enumerate(items("template.steps", lang), 1):
            cell = ws.cell(row, 1, f"{number}. {step}")
            cell.font = _BODY
            cell.alignment = _WRAP
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
            ws.row_dimensions[row].height = 19 * _lines(step, 115) + 6
            row += 1
        row += 1

    ws.cell(
        row, 1, f"{t('template.assigned_heading')} / {t('template.assigned_heading', 'en')}"
    ).font = heading
    ws.row_dimensions[row].height = _ROW_HEIGHT + 4
    row += 1
    for activity in framework.activities_of(unit):
        code = ws.cell(row, 1, activity.code)
        code.font = Font(name=FONT, bold=True)
        code.alignment = top
        cell = ws.cell(row, 2, activity.text.lo)
        cell.font = _BODY
        cell.alignment = _WRAP
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=3)
        ws.row_dimensions[row].height = 19 * _lines(activity.text.lo, 85) + 6
        row += 1
    _printable(ws)


def _lists(ws: Worksheet, framework: Framework, unit: str) -> dict[str, str]:
    """The dropdown lists, the unit's own activities first; returns each list's range formula."""
    own = framework.activities_of(unit)
    others = [a for a in framework.activities.values() if a not in own]
    headers = ("template.code", "template.activity", "template.responsible")
    for index, key in enumerate(headers, 1):
        cell = ws.cell(row=1, column=index, value=f"{t(key)} / {t(key, 'en')}")
        cell.font = Font(name=FONT, bold=True)
    for row, activity in enumerate([*own, *others], 2):
        ws.cell(row=row, column=1, value=activity.code).alignment = _TOP
        ws.cell(
            row=row, column=3, value=", ".join(activity.responsible_as_written)
        ).alignment = _TOP
        text = ws.cell(row=row, column=2, value=activity.text.lo)
        text.font = _BODY
        text.alignment = _WRAP
        ws.row_dimensions[row].height = 19 * _lines(activity.text.lo, 95) + 4
    last_activity = 1 + len(own) + len(others)
    for row, word in enumerate(EVENT_TYPES, 2):
        ws.cell(row=row, column=5, value=vocabulary_label("event_type", word, "lo")).font = _BODY
        ws.cell(row=row, column=6, value=vocabulary_label("event_type", word, "en"))
    for row, word in enumerate(STATUSES, 2):
        ws.cell(row=row, column=8, value=vocabulary_label("status", word, "lo")).font = _BODY
        ws.cell(row=row, column=9, value=vocabulary_label("status", word, "en"))
    ws.cell(
        row=1,
        column=5,
        value=f"{t('column.activities.event_type')} / {t('column.activities.event_type', 'en')}",
    ).font = Font(name=FONT, bold=True)
    ws.cell(
        row=1,
        column=8,
        value=f"{t('column.deliverables.status')} / {t('column.deliverables.status', 'en')}",
    ).font = Font(name=FONT, bold=True)
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 80
    ws.column_dimensions["C"].width = 24
    ws.column_dimensions["E"].width = 16
    ws.column_dimensions["H"].width = 16
    _printable(ws, "1:1")
    name = quote_sheetname(ws.title)
    return {
        "activity_code": f"{name}!$A$2:$A${last_activity}",
        "event_type": f"{name}!$E$2:$E${1 + len(EVENT_TYPES)}",
        "status": f"{name}!$H$2:$H${1 + len(STATUSES)}",
    }


def build_workbook(
    framework: Framework,
    unit: str,
    year: int,
    staff: Mapping[str, Any] | None = None,
    activities: Iterable[Mapping[str, Any]] = (),
    deliverables: Mapping[str, Mapping[str, Any]] | None = None,
) -> Workbook:
    """The unit's workbook for ``year``; with data given, a filled copy as a clerk would send."""
    framework.unit(unit)  # raises UnknownUnit before anything is built
    book = Workbook()
    _styles(book)
    _instructions(book.active, framework, unit, year)
    book.active.title = t("sheet.instructions")
    sheets = {s.key: book.create_sheet(t(f"sheet.{s.key}")) for s in SHEETS}
    lists = _lists(book.create_sheet(t("sheet.lists")), framework, unit)

    for sheet in SHEETS:
        _header(sheets[sheet.key], sheet)
        _printable(sheets[sheet.key], "1:2")

    staff_row = {"unit": unit, "year": year, **(staff or {})}
    _rows(sheets["staff"], STAFF, [staff_row])
    _validations(sheets["staff"], STAFF, year, 3, lists)

    activity_rows = [{"unit": unit, **row} for row in activities]
    activity_rows += [{"unit": unit}] * max(0, ACTIVITY_ROWS - len(activity_rows))
    last = _rows(sheets["activities"], ACTIVITIES, activity_rows)
    _validations(sheets["activities"], ACTIVITIES, year, last, lists)

    reported = dict(deliverables or {})
    deliverable_rows = [
        {"unit": unit, "activity_code": a.code, **reported.pop(a.code, {})}
        for a in framework.activities_of(unit)
    ]
    deliverable_rows += [
        {"unit": unit, "activity_code": code, **row} for code, row in reported.items()
    ]
    last = _rows(sheets["deliverables"], DELIVERABLES, deliverable_rows)
    last = _rows(
        sheets["deliverables"],
        DELIVERABLES,
        [{"unit": unit}] * EXTRA_DELIVERABLE_ROWS,
        start=last + 1,
    )
    _validations(sheets["deliverables"], DELIVERABLES, year, last, lists)

    book.active = 1 if staff else 0
    book.properties.title = t(
        "template.title", "en", unit_name=framework.unit(unit).name.en, unit=unit, year=year
    )
    return book


def write_template(framework: Framework, unit: str, year: int, path: Path | str) -> Path:
    """Write the empty template for ``unit`` and ``year`` to ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    build_workbook(framework, unit, year).save(path)
    return path


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def workbook_bytes(book: Workbook, stamp: dt.datetime | None = None) -> bytes:
    """The workbook as .xlsx bytes; with ``stamp``, the same bytes on every run.

    openpyxl writes the time of saving into the file and into every zip entry, so two saves of
    the same workbook differ; a fixed stamp makes generated files reproducible.
    """
    buffer = io.BytesIO()
    if stamp is not None:
        book.properties.created = stamp
    book.save(buffer)
    if stamp is None:
        return buffer.getvalue()
    fixed = io.BytesIO()
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with (
        zipfile.ZipFile(buffer) as source,
        zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _MODIFIED.sub(rb"\g<1>" + iso + rb"\g<2>", data)
            entry = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(entry, data)
    return fixed.getvalue()
