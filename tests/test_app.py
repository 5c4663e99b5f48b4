"""The app's first page runs headless, in Lao and in English, on the demo database."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from indicators import ROOT
from indicators import settings as settings_module
from indicators.engine import compute_results, load_data, select
from indicators.i18n import t


@pytest.fixture
def app_on_demo(demo_database, monkeypatch):
    monkeypatch.setenv("CAWMC_DATABASE_URL", demo_database.engine.url.render_as_string(False))
    settings_module.settings.cache_clear()
    yield lambda: AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    settings_module.settings.cache_clear()


@pytest.mark.parametrize("lang", ["lo", "en"])
def test_results_table_in_each_language(app_on_demo, demo_database, framework, lang):
    app = app_on_demo()
    app.query_params["lang"] = lang
    app.run()
    assert not app.exception
    assert app.title[0].value == t("app.title", lang)
    table = app.dataframe[0].value
    assert len(table) == 134
    indicator = t("app.column.indicator", lang)
    status = t("app.column.status", lang)
    expected = select(
        compute_results(framework, load_data(demo_database)), unit="ALL", framework=framework
    ).set_index("indicator")
    shown = table.set_index(indicator)
    for code in expected.index[expected["target"].notna()]:
        assert shown.loc[code, status] == t(f"status.{expected.loc[code, 'status']}", lang)
        assert shown.loc[code, t("app.column.target", lang)] == expected.loc[code, "target"]
    leaders = expected.loc["GE-3.1.women_leaders"]
    assert shown.loc["GE-3.1.women_leaders", t("app.column.value", lang)] == f"{leaders.value:.1%}"
