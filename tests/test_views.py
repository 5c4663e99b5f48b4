"""The view functions and charts behind the pages, on small frames worked out by hand."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from indicators.charts import WOMEN, people_by_sex, share_by_unit, target_chart, wrap
from indicators.exports import activities_workbook
from indicators.i18n import t
from indicators.targets import parse_target
from indicators.views import (
    activity_totals,
    completeness,
    filter_activities,
    method_table,
    missing_units,
    women_shares,
)

from .test_engine import event, make_data, staff


def test_women_shares_sum_counts_for_the_ministry(framework):
    data = make_data(
        staff=[
            staff("DOP", 2023, staff_total=10, staff_female=9, leaders_total=2, leaders_female=2),
            staff("DOP", 2024, staff_total=10, staff_female=5, leaders_total=2, leaders_female=1),
            staff("DGC", 2024, staff_total=90, staff_female=30, leaders_total=8, leaders_female=1),
        ]
    )
    latest = women_shares(data.staff, framework, None).set_index("unit")
    assert latest.loc["DOP", "staff_share"] == pytest.approx(0.5)  # its latest year, 2024
    assert latest.loc["ALL", "staff_share"] == pytest.approx(35 / 100)
    assert latest.loc["ALL", "leaders_share"] == pytest.approx(2 / 10)
    first = women_shares(data.staff, framework, 2023).set_index("unit")
    assert list(first.index) == ["DOP", "ALL"] and first.loc["ALL", "staff_share"] == 0.9


def test_completeness_reported_corrected_and_missing(framework):
    subs = pd.DataFrame(
        [
            {"unit": "DGC", "year": 2024, "active": False},
            {"unit": "DGC", "year": 2024, "active": True},
            {"unit": "DCS", "year": 2023, "active": True},
        ]
    )
    matrix = completeness(subs, framework)
    assert matrix.loc["DGC", 2024] == "superseded"
    assert matrix.loc["DCS", 2023] == "reported"
    assert matrix.loc["DCS", 2024] == "missing"
    assert len(missing_units(matrix, 2024)) == len(framework.units) - 1


def test_activity_filters_and_totals(framework):
    rows = make_data(
        activities=[
            event("DGC", "GE-2.3", "training", 40, 30, dt.date(2024, 3, 1)),
            event("DGC", "MC-1.2", "dissemination", 60, 20, dt.date(2024, 6, 1)),
            event("DCS", "MC-1.2", "seminar", None, None, dt.date(2025, 1, 5)),
        ]
    ).activities
    assert len(filter_activities(rows, framework, plan="MC")) == 2
    assert len(filter_activities(rows, framework, programme="GE-2")) == 1
    assert len(filter_activities(rows, framework, unit="DGC", event_types=["training"])) == 1
    late = filter_activities(rows, framework, start=dt.date(2024, 5, 1), end=dt.date(2024, 12, 31))
    assert list(late["activity_code"]) == ["MC-1.2"]
    totals = activity_totals(rows)
    assert (totals["events"], totals["participants"], totals["female"]) == (3, 100, 50)
    assert totals["women_share"] == pytest.approx(0.5)


def test_method_table_is_in_the_chosen_language(framework):
    for lang in ("lo", "en"):
        table = method_table(framework, lang).set_index("indicator")
        assert len(table) == len(framework.indicators)
        row = table.loc["GE-3.4.women_participants"]
        assert row["target"] == "≥ 35%" and t("method.all_activities", lang) in row["filter"]
        assert table.loc["GE-2.1.trainings", "filter"] == t("vocab.event_type.training", lang)


def _row(**values) -> pd.Series:
    base = {
        "value": None,
        "numerator": None,
        "denominator": None,
        "status": "no_data",
        "expected_by_now": None,
    }
    return pd.Series({**base, **values})


def test_target_charts_draw_a_line_or_a_band():
    line = target_chart(
        _row(value=0.27, numerator=27, denominator=100, status="at_risk"),
        parse_target(">= 30%"),
        "Leaders",
        "en",
    )
    (shape,) = line.layout.shapes
    assert (shape.type, shape.x0, shape.x1) == ("line", 0.3, 0.3)
    assert t("status.at_risk", "en") in line.layout.title.text
    band = target_chart(
        _row(value=0.17, status="achieved"), parse_target("15% to 20%"), "Theory", "lo"
    )
    (shape,) = band.layout.shapes
    assert (shape.type, shape.x0, shape.x1) == ("rect", 0.15, 0.2)
    count = target_chart(
        _row(value=3.0, status="at_risk", expected_by_now=3.33),
        parse_target(">= 5"),
        "Trainings",
        "en",
    )
    assert count.data[1].x == (3.33,)  # the count expected by now, as a marker


def test_one_colour_for_women_and_hover_with_counts():
    table = pd.DataFrame(
        [{"unit": "DOP", "leaders_female": 3, "leaders_total": 10, "leaders_share": 0.3}]
    )
    figure = share_by_unit(table, "leaders", parse_target(">= 30%"), "t", str, "en")
    assert figure.data[0].marker.color == WOMEN
    assert "customdata[1]" in figure.data[0].hovertemplate
    assert figure.data[1].name == f"{t('app.column.target', 'en')} ≥ 30%"
    sexes = people_by_sex(["2024"], [4.0], [10.0], "t", "lo")
    assert [d.name for d in sexes.data] == [t("chart.women", "lo"), t("chart.men", "lo")]
    assert sexes.data[1].y == (6.0,)


def test_long_titles_wrap_at_spaces():
    assert wrap("ສ່ວນຮ້ອຍ ຂອງຍິງ ໃນຕຳແໜ່ງ ນຳພາ", width=12) == "ສ່ວນຮ້ອຍ<br>ຂອງຍິງ<br>ໃນຕຳແໜ່ງ<br>ນຳພາ"


def test_activity_download_opens_with_headers_in_the_language(framework):
    rows = make_data(activities=[event("DGC", "GE-2.3", "training", 40, 30)]).activities
    book = load_workbook(io.BytesIO(activities_workbook(rows, framework, "lo")))
    sheet = book.active
    assert sheet["A1"].value == t("column.activities.date", "lo")
    assert sheet["D2"].value == t("vocab.event_type.training", "lo")
    assert sheet["A2"].value.date() == dt.date(2024, 5, 1)
    assert sheet.freeze_panes == "A2"
