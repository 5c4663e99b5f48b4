"""Downloads: the filtered activity log as an Excel workbook with headers in the chosen language."""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from indicators.framework import Framework
from indicators.i18n import t
from indicators.schema import ACTIVITIES, vocabulary_label
from indicators.template import FONT


def activities_workbook(rows: pd.DataFrame, framework: Framework, lang: str) -> bytes:
    """The rows shown on the Activities page, one sheet, frozen header, Lao-friendly widths."""
    book = Workbook()
    sheet = book.active
    sheet.title = t("sheet.activities", lang)[:31]
    columns = [*ACTIVITIES.columns]
    extra = [("plan", t("ui.plan", lang)), ("programme", t("ui.programme", lang))]
    headers = [c.label(ACTIVITIES.key, lang) for c in columns] + [label for _, label in extra]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(name=FONT, bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E79")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    known = framework.activities
    for record in rows.itertuples(index=False):
        values = []
        for column in columns:
            value = getattr(record, column.key)
            if not isinstance(value, str) and pd.isna(value):
                value = None
            elif column.type == "date":
                value = pd.Timestamp(value).date()
            elif column.key == "event_type":
                value = vocabulary_label("event_type", value, lang)
            values.append(value)
        code = record.activity_code
        values += [
            known[code].plan if code in known else None,
            known[code].programme if code in known else None,
        ]
        sheet.append(values)
    for index, column in enumerate(columns, 1):
        sheet.column_dimensions[get_column_letter(index)].width = round(column.width * 1.25)
        if column.type == "date":
            for cell in sheet[get_column_letter(index)][1:]:
                cell.number_format = "DD/MM/YYYY"
    sheet.row_dimensions[1].height = 36
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
