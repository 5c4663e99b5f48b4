"""Reading a unit's workbook: every defect found, with its sheet, Excel row and column letter."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from indicators.i18n import t
from indicators.intake import Intake, Problem, read_workbook
from indicators.schema import SHEETS
from indicators.template import build_workbook, workbook_bytes
from tests.conftest import GOOD_STAFF, TODAY, good_activity

INSTRUCTIONS_TAB = t("sheet.instructions")
STAFF_TAB = t("sheet.staff")
ACTIVITIES_TAB = t("sheet.activities")
DELIVERABLES_TAB = t("sheet.deliverables")

# GE-1.1 is the first activity the agreement gives DGC, so its deliverable sits on row 3.
GOOD_DELIVERABLES = {"GE-1.1": {"status": "done", "status_date": dt.date(2024, 6, 30)}}

Source = Callable[[Callable[..., Path], Path], Path]


def workbook(
    staff: dict[str, Any] | None = None,
    activities: list[dict[str, Any]] | None = None,
    deliverables: dict[str, dict[str, Any]] | None = None,
    **options: Any,
) -> Source:
    """A DGC 2024 workbook, valid on every sheet except where told otherwise."""

    def source(make: Callable[..., Path], _tmp_path: Path) -> Path:
        return make(
            staff={**GOOD_STAFF, **(staff or {})},
            activities=[good_activity()] if activities is None else activities,
            deliverables=GOOD_DELIVERABLES if deliverables is None else deliverables,
            **options,
        )

    return source


def text_file(_make: Callable[..., Path], tmp_path: Path) -> Path:
    path = tmp_path / "report.xlsx"
    path.write_text("staff 80, women 36\n", encoding="utf-8")
    return path


def truncated_file(make: Callable[..., Path], tmp_path: Path) -> Path:
    whole = workbook()(make, tmp_path).read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(whole[: len(whole) // 2])
    return path


def put(tab: str, ref: str, value: object, number_format: str | None = None):
    def edit(book) -> None:
        book[tab][ref] = value
        if number_format is not None:
            book[tab][ref].number_format = number_format

    return edit


def only_header(tab: str, letter: str, text: str | None):
    """The column's header is ``text`` alone: row 1 rewritten, the English row 2 blanked."""

    def edit(book) -> None:
        book[tab][f"{letter}1"] = text
        book[tab][f"{letter}2"] = None

    return edit


def clear(book, tab: str, letters: str, first_row: int = 3) -> None:
    ws = book[tab]
    for row in range(first_row, ws.max_row + 1):
        for letter in letters:
            ws[f"{letter}{row}"] = None


def no_instructions_no_unit(book) -> None:
    del book[INSTRUCTIONS_TAB]
    clear(book, STAFF_TAB, "ACDEFGHIJKL")  # the counts too, or the unit would be required
    clear(book, ACTIVITIES_TAB, "B")
    clear(book, DELIVERABLES_TAB, "A")


def no_instructions_no_year(book) -> None:
    del book[INSTRUCTIONS_TAB]
    clear(book, STAFF_TAB, "BCDEFGHIJKL")


def delete_sheet(tab: str):
    def edit(book) -> None:
        del book[tab]

    return edit


def read(path: Path, framework, today: dt.date = TODAY) -> Intake:
    return read_workbook(path, framework, today=today)


def assert_told_in_both_languages(problem: Problem) -> None:
    lo, en = problem.message("lo"), problem.message("en")
    assert lo and en
    assert lo != en
    if problem.row is not None:
        assert t("problem.row", "lo", row=problem.row) in lo
        assert t("problem.row", "en", row=problem.row) in en


def where(problem: Problem) -> tuple:
    return problem.severity, problem.rule, problem.sheet, problem.row, problem.letter


@dataclass(frozen=True)
class Defect:
    rule: str
    sheet: str | None
    row: int | None
    letter: str | None
    source: Source
    today: dt.date = TODAY


ERRORS = [
    pytest.param(
        Defect("missing_sheet", None, None, None, workbook(edit=delete_sheet(DELIVERABLES_TAB))),
        id="deliverables_sheet_deleted",
    ),
    pytest.param(
        Defect(
            "missing_column",
            ACTIVITIES_TAB,
            1,
            None,
            workbook(edit=only_header(ACTIVITIES_TAB, "E", None)),
        ),
        id="title_header_blanked",
    ),
    pytest.param(
        Defect(
            "required", ACTIVITIES_TAB, 3, "E", workbook(activities=[good_activity(title=None)])
        ),
        id="activity_without_title",
    ),
    pytest.param(
        Defect(
            "not_a_number",
            ACTIVITIES_TAB,
            3,
            "H",
            workbook(activities=[good_activity(products="abc")]),
        ),
        id="text_in_products",
    ),
    pytest.param(
        Defect(
            "not_whole_number",
            ACTIVITIES_TAB,
            3,
            "G",
            workbook(activities=[good_activity(participants_female=12.5)]),
        ),
        id="half_a_woman",
    ),
    pytest.param(
        Defect(
            "not_a_date", ACTIVITIES_TAB, 3, "A", workbook(activities=[good_activity(date="soon")])
        ),
        id="word_for_a_date",
    ),
    pytest.param(
        Defect(
            "negative", ACTIVITIES_TAB, 3, "H", workbook(activities=[good_activity(products=-1)])
        ),
        id="negative_products",
    ),
    pytest.param(
        Defect("female_more_than_total", STAFF_TAB, 3, "D", workbook(staff={"staff_female": 81})),
        id="female_more_than_total",
    ),
    pytest.param(
        Defect("total_missing", STAFF_TAB, 3, "G", workbook(staff={"theory_upgraded_total": None})),
        id="women_upgraded_without_total",
    ),
    pytest.param(
        Defect("part_more_than_whole", STAFF_TAB, 3, "E", workbook(staff={"leaders_total": 81})),
        id="more_leaders_than_staff",
    ),
    pytest.param(
        Defect(
            "date_outside_period",
            ACTIVITIES_TAB,
            3,
            "A",
            workbook(activities=[good_activity(date=dt.date(2020, 6, 1))]),
        ),
        id="date_before_the_plan",
    ),
    pytest.param(
        Defect(
            "date_in_future",
            ACTIVITIES_TAB,
            3,
            "A",
            workbook(activities=[good_activity(date=TODAY + dt.timedelta(days=7))]),
        ),
        id="date_next_week",
    ),
    pytest.param(
        Defect(
            "date_outside_year",
            ACTIVITIES_TAB,
            3,
            "A",
            workbook(activities=[good_activity(date=dt.date(2023, 5, 1))]),
        ),
        id="date_of_last_year",
    ),
    pytest.param(
        Defect(
            "unknown_unit", ACTIVITIES_TAB, 3, "B", workbook(activities=[good_activity(unit="XYZ")])
        ),
        id="unit_not_in_register",
    ),
    pytest.param(
        Defect(
            "other_unit", ACTIVITIES_TAB, 3, "B", workbook(activities=[good_activity(unit="DDT")])
        ),
        id="row_of_another_unit",
    ),
    pytest.param(
        Defect(
            "unknown_activity",
            ACTIVITIES_TAB,
            3,
            "C",
            workbook(activities=[good_activity(activity_code="XX-9.9")]),
        ),
        id="activity_not_in_agreement",
    ),
    pytest.param(
        Defect(
            "not_in_vocabulary",
            ACTIVITIES_TAB,
            3,
            "D",
            workbook(activities=[good_activity(event_type="party")]),
        ),
        id="event_type_not_in_list",
    ),
    pytest.param(
        Defect(
            "not_in_vocabulary",
            DELIVERABLES_TAB,
            3,
            "C",
            workbook(deliverables={"GE-1.1": {"status": "maybe"}}),
        ),
        id="status_not_in_list",
    ),
    pytest.param(
        Defect(
            "duplicate_row",
            ACTIVITIES_TAB,
            4,
            "A",
            workbook(activities=[good_activity(), good_activity(participants_total=31)]),
        ),
        id="activity_logged_twice",
    ),
    pytest.param(
        Defect("other_year", STAFF_TAB, 3, "B", workbook(staff={"year": 2023})),
        id="staff_of_another_year",
    ),
    pytest.param(Defect("unreadable_file", None, None, None, text_file), id="text_file_named_xlsx"),
    pytest.param(Defect("unreadable_file", None, None, None, truncated_file), id="truncated_xlsx"),
    pytest.param(
        Defect(
            "workbook_unit_unknown",
            None,
            None,
            None,
            workbook(activities=[], deliverables={}, edit=no_instructions_no_unit),
        ),
        id="no_instructions_no_unit",
    ),
    pytest.param(
        Defect(
            "workbook_year_unknown",
            None,
            None,
            None,
            workbook(activities=[], deliverables={}, edit=no_instructions_no_year),
        ),
        id="no_instructions_no_year",
    ),
    pytest.param(
        Defect(
            "year_outside_period",
            INSTRUCTIONS_TAB,
            6,
            None,
            workbook(activities=[], deliverables={}, year=2020),
        ),
        id="year_before_the_plan",
    ),
    pytest.param(
        Defect(
            "year_in_future",
            INSTRUCTIONS_TAB,
            6,
            None,
            workbook(activities=[], deliverables={}),
            today=dt.date(2023, 6, 1),
        ),
        id="year_not_yet_begun",
    ),
]


@pytest.mark.parametrize("defect", ERRORS)
def test_each_defect_is_one_error_at_its_cell(defect, make_workbook, tmp_path, framework):
    intake = read(defect.source(make_workbook, tmp_path), framework, defect.today)

    assert [where(p) for p in intake.errors] == [
        ("error", defect.rule, defect.sheet, defect.row, defect.letter)
    ]
    assert not intake.accepted
    assert_told_in_both_languages(intake.errors[0])


def test_missing_sheet_names_the_sheet_in_both_languages(make_workbook, framework):
    path = make_workbook(activities=[good_activity()], edit=delete_sheet(DELIVERABLES_TAB))

    (problem,) = read(path, framework).errors

    assert where(problem) == ("error", "missing_sheet", None, None, None)
    assert problem.params["lo"] == DELIVERABLES_TAB
    assert problem.params["en"] == "Deliverables"


def test_text_in_a_total_is_one_error_not_also_a_missing_total(make_workbook, framework):
    path = make_workbook(
        activities=[good_activity(participants_total="abc")], deliverables=GOOD_DELIVERABLES
    )

    intake = read(path, framework)

    assert [where(p) for p in intake.problems] == [
        ("error", "not_a_number", ACTIVITIES_TAB, 3, "F")
    ]
    assert intake.problems[0].value == "abc"


def test_year_outside_period_points_at_the_year_row(make_workbook, framework):
    path = make_workbook(year=2020)

    (problem,) = [p for p in read(path, framework).errors if p.rule == "year_outside_period"]

    assert (problem.sheet, problem.row, problem.value) == (INSTRUCTIONS_TAB, 6, "2020")


def test_blank_unit_cell_on_instructions_falls_back_to_the_rows(make_workbook, framework):
    path = make_workbook(
        activities=[good_activity()],
        deliverables=GOOD_DELIVERABLES,
        edit=put(INSTRUCTIONS_TAB, "B5", None),
    )

    intake = read(path, framework)

    assert intake.problems == []
    assert intake.unit == "DGC"


def test_blank_year_cell_on_instructions_falls_back_to_the_rows(make_workbook, framework):
    path = make_workbook(
        activities=[good_activity()],
        deliverables=GOOD_DELIVERABLES,
        edit=put(INSTRUCTIONS_TAB, "B6", None),
    )

    intake = read(path, framework)

    assert intake.problems == []
    assert intake.year == 2024


WARNINGS = [
    pytest.param(
        Defect(
            "not_assigned",
            ACTIVITIES_TAB,
            3,
            "C",
            workbook(activities=[good_activity(activity_code="MC-2.2")]),
        ),
        id="dgc_logs_an_activity_of_dcs",
    ),
    pytest.param(
        Defect(
            "number_as_text",
            ACTIVITIES_TAB,
            3,
            "G",
            workbook(activities=[good_activity(participants_female="12")]),
        ),
        id="count_typed_as_text",
    ),
    pytest.param(
        Defect(
            "date_as_text",
            ACTIVITIES_TAB,
            3,
            "A",
            workbook(activities=[good_activity(date="15/03/2024")]),
        ),
        id="date_typed_as_text",
    ),
    pytest.param(
        Defect(
            "date_as_number",
            ACTIVITIES_TAB,
            3,
            "A",
            workbook(edit=put(ACTIVITIES_TAB, "A3", 45366, number_format="General")),
        ),
        id="date_lost_its_format",
    ),
]


@pytest.mark.parametrize("defect", WARNINGS)
def test_each_warning_is_reported_and_does_not_block(defect, make_workbook, tmp_path, framework):
    intake = read(defect.source(make_workbook, tmp_path), framework, defect.today)

    assert [where(p) for p in intake.problems] == [
        ("warning", defect.rule, defect.sheet, defect.row, defect.letter)
    ]
    assert intake.accepted
    assert len(intake.sheets["activities"].accepted) == 1
    assert_told_in_both_languages(intake.problems[0])


def test_warned_cells_are_read_as_what_was_meant(make_workbook, framework):
    path = make_workbook(activities=[good_activity(date="15/03/2024", participants_female="12")])

    row = read(path, framework).frame("activities").iloc[0]

    assert row["date"].date() == dt.date(2024, 3, 15)
    assert row["participants_female"] == 12


def test_excel_day_number_is_read_as_its_date(make_workbook, framework):
    path = make_workbook(
        activities=[good_activity()], edit=put(ACTIVITIES_TAB, "A3", 45366, "General")
    )

    assert read(path, framework).frame("activities")["date"].dt.date.tolist() == [
        dt.date(2024, 3, 15)
    ]


def test_empty_template_warns_once_per_sheet(tmp_path, framework):
    path = tmp_path / "template.xlsx"
    path.write_bytes(workbook_bytes(build_workbook(framework, "DGC", 2024)))

    intake = read(path, framework)

    assert [where(p) for p in intake.problems] == [
        ("warning", "empty_sheet", STAFF_TAB, None, None),
        ("warning", "empty_sheet", ACTIVITIES_TAB, None, None),
        ("warning", "empty_sheet", DELIVERABLES_TAB, None, None),
    ]
    assert intake.accepted
    assert (intake.unit, intake.year) == ("DGC", 2024)


def many_defects(make: Callable[..., Path]) -> Path:
    """Eight errors on three sheets; on the activity log, errors of the cell pass follow later
    rows of the rule pass, so the list only comes out in row order if intake sorts it."""
    return make(
        staff={**GOOD_STAFF, "staff_female": 81, "leaders_total": 90},
        activities=[
            good_activity(),
            good_activity(activity_code="XX-9.9"),
            good_activity(date="soon", title="ສຳມະນາ ສິດທິແມ່ຍິງ"),
            good_activity(products="abc", title="ເຜີຍແຜ່ ກົດໝາຍ"),
            good_activity(participants_total=25),
        ],
        deliverables={
            "GE-1.1": {"status": "maybe"},
            "GE-1.5": {"status": "done", "status_date": "later"},
        },
    )


MANY_DEFECTS = [
    ("female_more_than_total", STAFF_TAB, 3, "D"),
    ("part_more_than_whole", STAFF_TAB, 3, "E"),
    ("unknown_activity", ACTIVITIES_TAB, 4, "C"),
    ("not_a_date", ACTIVITIES_TAB, 5, "A"),
    ("not_a_number", ACTIVITIES_TAB, 6, "H"),
    ("duplicate_row", ACTIVITIES_TAB, 7, "A"),
    ("not_in_vocabulary", DELIVERABLES_TAB, 3, "C"),
    ("not_a_date", DELIVERABLES_TAB, 4, "D"),
]


def test_every_problem_of_a_workbook_is_reported_at_once(make_workbook, framework):
    intake = read(many_defects(make_workbook), framework)

    assert sorted((p.rule, p.sheet, p.row, p.letter) for p in intake.problems) == sorted(
        MANY_DEFECTS
    )
    assert all(p.severity == "error" for p in intake.problems)
    assert intake.sheets["activities"].rejected_rows == {4, 5, 6, 7}
    assert list(intake.sheets["activities"].accepted["excel_row"]) == [3]


def test_problems_are_sorted_by_sheet_then_row(make_workbook, framework):
    intake = read(many_defects(make_workbook), framework)

    assert [(p.rule, p.sheet, p.row, p.letter) for p in intake.problems] == MANY_DEFECTS


def keys_as_headers(book) -> None:
    """Header row 1 rewritten as upper-case keys with stray spaces; the English row deleted."""
    for sheet in SHEETS:
        ws = book[t(f"sheet.{sheet.key}")]
        for index, column in enumerate(sheet.columns, 1):
            ws.cell(row=1, column=index, value="  " + column.key.upper().replace("_", "  ") + " ")
        ws.delete_rows(2)


def test_headers_may_be_upper_case_keys_without_the_english_row(make_workbook, framework):
    path = make_workbook(
        activities=[good_activity()], deliverables=GOOD_DELIVERABLES, edit=keys_as_headers
    )

    intake = read(path, framework)

    assert intake.problems == []
    assert intake.frame("staff")[["excel_row", "staff_total", "staff_female"]].values.tolist() == [
        [2, 80, 36]
    ]
    activity = intake.frame("activities").iloc[0]
    assert (activity["excel_row"], activity["participants_female"]) == (2, 18)
    assert list(intake.frame("deliverables")["status"]) == ["done"]


@pytest.mark.parametrize(
    "header",
    [
        pytest.param("ພະນັກງານ ຍິງ (ຄົນ)", id="lao_label"),
        pytest.param("  ພະນັກງານ   ຍິງ ", id="lao_label_without_unit"),
        pytest.param("STAFF, WOMEN (PEOPLE)", id="english_label_upper_case"),
        pytest.param("staff, women", id="english_label_without_unit"),
        pytest.param("Staff_Female", id="key"),
    ],
)
def test_header_is_found_by_key_or_either_label(header, make_workbook, framework):
    path = make_workbook(
        activities=[good_activity()],
        deliverables=GOOD_DELIVERABLES,
        edit=only_header(STAFF_TAB, "D", header),
    )

    intake = read(path, framework)

    assert intake.problems == []
    assert intake.frame("staff")["staff_female"].tolist() == [36]


def sheets_by_key(book) -> None:
    for sheet in SHEETS:
        book[t(f"sheet.{sheet.key}")].title = sheet.key


def test_sheets_are_found_by_key_name(make_workbook, framework):
    path = make_workbook(
        activities=[good_activity(products=-1)],
        deliverables=GOOD_DELIVERABLES,
        edit=sheets_by_key,
    )

    intake = read(path, framework)

    assert [where(p) for p in intake.problems] == [("error", "negative", "activities", 3, "H")]
    assert {key: len(s.rows) for key, s in intake.sheets.items()} == {
        "staff": 1,
        "activities": 1,
        "deliverables": 1,
    }


@pytest.mark.parametrize("word", ["ສຳມະນາ", "Seminar", "seminar", " SEMINAR "])
def test_event_type_is_read_from_lao_or_english_label(word, make_workbook, framework):
    path = make_workbook(
        activities=[good_activity()],
        deliverables=GOOD_DELIVERABLES,
        edit=put(ACTIVITIES_TAB, "D3", word),
    )

    intake = read(path, framework)

    assert intake.problems == []
    assert intake.frame("activities")["event_type"].tolist() == ["seminar"]


@pytest.mark.parametrize("word", ["ສຳເລັດແລ້ວ", "Done", "done"])
def test_status_is_read_from_lao_or_english_label(word, make_workbook, framework):
    path = make_workbook(
        deliverables={"GE-1.1": {"status": "in_progress"}},
        edit=put(DELIVERABLES_TAB, "C3", word),
    )

    intake = read(path, framework)

    assert [p.rule for p in intake.errors] == []
    assert intake.frame("deliverables")["status"].tolist() == ["done"]


def test_unused_template_rows_are_ignored(make_workbook, framework):
    path = make_workbook(
        activities=[good_activity(), good_activity(title="ກອງປະຊຸມ ປະຈຳປີ", event_type="meeting")],
        deliverables={"GE-1.6": {"status": "in_progress"}},
    )

    intake = read(path, framework)

    assert intake.problems == []
    assert intake.frame("activities")["excel_row"].tolist() == [3, 4]
    # GE-1.6 is DGC's third activity: rows 3 and 4 hold only the prefilled unit and code.
    assert intake.frame("deliverables")["excel_row"].tolist() == [5]
    assert intake.frame("deliverables")["activity_code"].tolist() == ["GE-1.6"]
