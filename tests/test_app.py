"""The app's first start: on an empty database it loads the demo workbooks and shows them."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from indicators import ROOT
from indicators.i18n import t
from indicators.storage import open_database


def test_first_start_on_an_empty_database_loads_the_demo(tmp_path, monkeypatch, fresh_app_caches):
    url = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    monkeypatch.setenv("CAWMC_DATABASE_URL", url)
    monkeypatch.setattr("indicators.demo.DEMO_DIR", tmp_path / "demo")
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    app.run()
    assert not app.exception, [e.message for e in app.exception]
    assert app.title[0].value == t("page.overview.title", "lo")  # Lao by default
    assert len(open_database(url).submissions()) == 47
    assert len(app.get("plotly_chart")) == 9
