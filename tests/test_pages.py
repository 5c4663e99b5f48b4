"""Every dashboard page, headless, in Lao and English, showing the engine's figures."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from indicators import ROOT
from indicators.charts import status_text
from indicators.engine import compute_results, load_data
from indicators.i18n import t
from indicators.views import (
    activity_totals,
    completeness,
    missing_units,
    scorecard,
    targets,
    women_shares,
)

PAGES = ("overview", "plans", "units", "gender", "activities", "completeness", "method")


@pytest.fixture(scope="module")
def expected(demo_database, framework):
    """What the engine and the view functions say of the demo data, to hold the pages to."""
    results = compute_results(framework, load_data(demo_database))
    return {
        "results": results,
        "staff": demo_database.rows("staff"),
        "activities": demo_database.rows("activities"),
        "submissions": demo_database.submissions(),
    }


@pytest.fixture
def open_page(demo_database, monkeypatch, fresh_app_caches):
    monkeypatch.setenv("CAWMC_DATABASE_URL", demo_database.engine.url.render_as_string(False))

    def run(page: str, lang: str, **params: str) -> AppTest:
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        app.query_params["lang"] = lang
        for key, value in params.items():
            app.query_params[key] = value
        app.run()
        app.switch_page(f"pages/{page}.py")
        app.run()
        assert not app.exception, [e.message for e in app.exception]
        return app

    return run


def charts(app: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]


def markdown(app: AppTest) -> str:
    return "\n".join(m.value for m in app.markdown)


@pytest.mark.parametrize("lang", ["lo", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_and_is_titled_in_its_language(open_page, page, lang):
    app = open_page(page, lang)
    assert app.title[0].value == t(f"page.{page}.title", lang)
    switch = app.sidebar.get("button_group")
    assert switch, "the language switch is on every page"


@pytest.mark.parametrize("lang", ["lo", "en"])
def test_overview_scorecard_and_target_charts(open_page, expected, framework, lang):
    app = open_page("overview", lang)
    card = scorecard(expected["results"], framework, None)
    text = markdown(app)
    for row in card.itertuples(index=False):
        for status in ("achieved", "off_track"):
            if getattr(row, status):
                assert f"{status_text(status, lang)}</span> &nbsp; **{getattr(row, status)}**" in (
                    text
                )
    figures = charts(app)
    rows = targets(expected["results"], framework, None)
    assert len(figures) == len(rows) == 9
    names = {i.code: f"{i.activity} · {i.name[lang]}" for i in framework.indicators}
    for row in rows.itertuples(index=False):
        # Charts stand in two columns; find each by its title, which names the indicator.
        figure = next(
            f
            for f in figures
            if f["layout"]["title"]["text"].replace("<br>", " ").startswith(names[row.indicator])
        )
        shapes = figure["layout"]["shapes"]
        assert any(s.get("name") == "target" for s in shapes), row.indicator
        assert status_text(row.status, lang) in figure["layout"]["title"]["text"]
        assert figure["data"][0]["x"][0] == pytest.approx(row.value)


def test_overview_follows_the_year_in_the_url(open_page, expected, framework):
    app = open_page("overview", "en", year="2024")
    assert app.selectbox[0].value == 2024
    rows = targets(expected["results"], framework, 2024)
    values = sorted(figure["data"][0]["x"][0] for figure in charts(app))
    assert values == pytest.approx(sorted(rows["value"].fillna(0)))
    assert app.query_params["year"] == "2024"
    app.selectbox[0].set_value(2023).run()
    assert app.query_params["year"] == "2023"
    rows = targets(expected["results"], framework, 2023)
    values = sorted(figure["data"][0]["x"][0] for figure in charts(app))
    assert values == pytest.approx(sorted(rows["value"].fillna(0)))


@pytest.mark.parametrize("lang", ["lo", "en"])
def test_plans_show_each_activity_and_its_results(open_page, expected, framework, lang):
    app = open_page("plans", lang, plan="GE")
    labels = [e.label for e in app.expander]
    assert [label.split("**")[1] for label in labels] == [
        a.code for a in framework.plans[0].activities
    ]
    leaders = expected["results"]
    leaders = leaders[
        (leaders.indicator == "GE-3.1.women_leaders")
        & (leaders.unit == "ALL")
        & (leaders.period == framework.period_label)
    ].iloc[0]
    shown = pd.concat([d.value for d in app.dataframe])
    assert f"{leaders.value:.1%}" in set(shown[t("app.column.value", lang)])
    assert any(f["data"][0]["mode"] == "markers" for f in charts(app))  # event timelines


@pytest.mark.parametrize("lang", ["lo", "en"])
def test_units_show_activities_submissions_and_staff(open_page, expected, lang):
    app = open_page("units", lang, unit="DGC")
    log = expected["activities"]
    table = app.dataframe[0].value
    events = table.set_index(t("column.activities.activity_code", lang))[t("chart.events", lang)]
    for code, count in log[log.unit == "DGC"].groupby("activity_code").size().items():
        assert events[code] == count, code
    subs = expected["submissions"]
    assert len(app.dataframe[1].value) == len(subs[subs.unit == "DGC"])
    figures = charts(app)
    assert len(figures) == 4
    assert any(s.get("name") == "target" for s in figures[2]["layout"]["shapes"])


@pytest.mark.parametrize("lang", ["lo", "en"])
def test_gender_statistics_from_summed_counts(open_page, expected, framework, lang):
    app = open_page("gender", lang)
    ministry = women_shares(expected["staff"], framework, None).set_index("unit").loc["ALL"]
    assert [m.value for m in app.metric] == [
        f"{ministry.staff_share:.1%}",
        f"{ministry.leaders_share:.1%}",
    ]
    figures = charts(app)
    assert len(figures) == 6
    leaders, _, _, theory, professional, participants = figures
    for figure in (leaders, theory, professional, participants):
        assert any(s.get("name") == "target" for s in figure["layout"]["shapes"])
    band = theory["layout"]["shapes"][0]
    assert (band["type"], band["y0"], band["y1"]) == ("rect", 0.15, 0.2)
    assert leaders["data"][0]["marker"]["color"] == "#D55E00"  # women's colour everywhere


@pytest.mark.parametrize("lang", ["lo", "en"])
def test_activities_totals_and_download(open_page, expected, lang):
    app = open_page("activities", lang)
    totals = activity_totals(expected["activities"])
    assert [m.value for m in app.metric] == [
        f"{totals['events']:,}",
        f"{totals['participants']:,.0f}",
        f"{totals['female']:,.0f}",
        f"{totals['women_share']:.1%}",
    ]
    assert len(app.dataframe[0].value) == totals["events"]
    assert app.get("download_button")


def test_activities_filter_by_unit(open_page, expected):
    app = open_page("activities", "en", unit="DCS")
    assert len(app.dataframe[0].value) == (expected["activities"].unit == "DCS").sum()


@pytest.mark.parametrize("lang", ["lo", "en"])
def test_completeness_lists_who_is_missing(open_page, expected, framework, lang):
    matrix = completeness(expected["submissions"], framework)
    assert missing_units(matrix, 2025) == ["NIC"] and missing_units(matrix, 2023) == ["BEST"]
    app = open_page("completeness", lang, year="2023")
    missing = app.dataframe[1].value
    assert list(missing.iloc[:, 0]) == [f"BEST · {framework.unit('BEST').name[lang]}"]
    assert t("page.completeness.missing", lang) in app.dataframe[0].value.iloc[14, 0]


@pytest.mark.parametrize("lang", ["lo", "en"])
def test_method_lists_every_indicator(open_page, framework, lang):
    app = open_page("method", lang)
    rows = pd.concat([d.value for d in app.dataframe])
    assert len(rows) == len(framework.indicators)
    assert set(rows[t("page.method.column.target", lang)]) >= {"≥ 30%", "15%–20%", "≥ 300"}
    assert len(app.markdown) >= 6  # the status rules, from the settings


def test_a_rerun_reads_nothing_again_and_a_new_submission_shows_at_once(
    demo_database, framework, tmp_path, monkeypatch, make_workbook, fresh_app_caches
):
    import shutil

    from indicators.storage import Database, import_file, open_database

    copy = tmp_path / "copy.sqlite"
    with demo_database.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(FULL)")
    shutil.copy(demo_database.engine.url.database, copy)
    monkeypatch.setenv("CAWMC_DATABASE_URL", f"sqlite:///{copy}")
    reads: list[str] = []

    def counted(name):
        original = getattr(Database, name)

        def read(self, *args, **kwargs):
            reads.append(name)
            return original(self, *args, **kwargs)

        return read

    for name in ("rows", "submissions"):
        monkeypatch.setattr(Database, name, counted(name))

    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    app.query_params["lang"] = "en"
    app.run()
    app.switch_page("pages/completeness.py")
    app.run()
    assert "NIC" in app.dataframe[1].value.iloc[0, 0]
    app.run()
    reads.clear()
    app.run()
    assert reads == []  # the rerun took everything from the cache

    late = make_workbook(unit="NIC", year=2025, activities=[])
    result = import_file(open_database(f"sqlite:///{copy}"), late, framework, "tester")
    assert result.outcome == "new"
    app.run()
    assert not app.exception
    assert t("page.completeness.all_in", "en", year=2025) in [s.value for s in app.success]
    assert reads  # the new revision was read


def test_a_unit_without_a_workbook_for_the_year_is_said_so(open_page):
    app = open_page("units", "en", unit="BEST", year="2023")
    assert t("page.units.no_report", "en") in [i.value for i in app.info]
