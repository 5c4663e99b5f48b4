"""The template a unit downloads: what a clerk sees when opening it in Excel."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from indicators.errors import UnknownUnit
from indicators.i18n import t
from indicators.intake import read_workbook
from indicators.schema import SHEETS
from indicators.template import write_template

from .conftest import TODAY


@pytest.fixture
def template(tmp_path, framework):
    path = write_template(framework, "DGC", 2024, tmp_path / "DGC_2024.xlsx")
    return load_workbook(path)


def test_sheets_are_named_in_lao_in_the_order_a_clerk_works(template):
    assert template.sheetnames == [
        t("sheet.instructions"),
        t("sheet.staff"),
        t("sheet.activities"),
        t("sheet.deliverables"),
        t("sheet.lists"),
    ]


def test_unit_and_year_are_filled_in(template):
    instructions = template[t("sheet.instructions")]
    assert instructions["B5"].value == "DGC"
    assert instructions["B6"].value == 2024
    staff = template[t("sheet.staff")]
    assert (staff["A3"].value, staff["B3"].value) == ("DGC", 2024)
    assert template[t("sheet.activities")]["B3"].value == "DGC"


def test_headers_are_bilingual_and_frozen(template):
    for sheet in SHEETS:
        ws = template[t(f"sheet.{sheet.key}")]
        assert [c.value for c in ws[1]] == [c.label(sheet.key, "lo") for c in sheet.columns]
        assert [c.value for c in ws[2]] == [c.label(sheet.key, "en") for c in sheet.columns]
        assert ws.freeze_panes == "A3"
        # Columns wide enough for a Lao header to wrap on at most a few lines.
        assert all(ws.column_dimensions[c.column_letter].width >= 12 for c in ws[1])
        assert ws.row_dimensions[1].height >= 40


def _validations(ws):
    found = {}
    for validation in ws.data_validations.dataValidation:
        for cells in validation.sqref.ranges:
            found[cells.coord.split(":")[0].rstrip("0123456789")] = validation
    return found


def test_count_cells_refuse_negatives_and_dates_stay_in_the_year(template):
    staff = _validations(template[t("sheet.staff")])
    assert (staff["C"].type, staff["C"].operator, staff["C"].formula1) == (
        "whole",
        "greaterThanOrEqual",
        "0",
    )
    activities = _validations(template[t("sheet.activities")])
    assert activities["A"].type == "date"
    assert (activities["A"].formula1, activities["A"].formula2) == (
        "DATE(2024,1,1)",
        "DATE(2024,12,31)",
    )
    assert activities["F"].type == "whole"
    assert all(v.showErrorMessage for v in activities.values())


def test_dropdowns_list_codes_own_activities_first_and_lao_vocabularies(template, framework):
    activities = _validations(template[t("sheet.activities")])
    assert activities["C"].type == "list" and "$A$2:$A$34" in activities["C"].formula1
    assert "$E$2:$E$9" in activities["D"].formula1
    lists = template[t("sheet.lists")]
    own = [a.code for a in framework.activities_of("DGC")]
    codes = [lists.cell(row=r, column=1).value for r in range(2, 35)]
    assert codes[: len(own)] == own
    assert sorted(codes) == sorted(framework.activities)
    assert lists["E2"].value == t("vocab.event_type.training")
    deliverables = _validations(template[t("sheet.deliverables")])
    assert "$H$2:$H$4" in deliverables["C"].formula1


def test_deliverables_list_the_units_activities(template, framework):
    ws = template[t("sheet.deliverables")]
    own = [a.code for a in framework.activities_of("DGC")]
    assert [ws.cell(row=3 + i, column=2).value for i in range(len(own))] == own


def test_the_empty_template_reads_back_without_errors(tmp_path, framework):
    path = write_template(framework, "LTC", 2023, tmp_path / "LTC.xlsx")
    intake = read_workbook(path, framework, today=TODAY)
    assert (intake.unit, intake.year, intake.errors) == ("LTC", 2023, [])
    assert {p.rule for p in intake.warnings} == {"empty_sheet"}


def test_an_unknown_unit_gets_no_template(tmp_path, framework):
    with pytest.raises(UnknownUnit):
        write_template(framework, "XYZ", 2024, tmp_path / "x.xlsx")
