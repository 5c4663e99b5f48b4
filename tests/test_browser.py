"""The app in a real browser: every page in both languages, the switches, the Lao font.

A module fixture starts ``streamlit run app.py`` on the demo database and a free port; the tests
drive Debian's Chromium with Playwright, and save a full-page screenshot of every page in each
language (to ``CAWMC_SCREENSHOTS`` if set) for a person to look at. Without Chromium or the
playwright package the module is skipped, unless ``CAWMC_REQUIRE_BROWSER=1`` asks for it.
"""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from indicators.engine import compute_results, load_data
from indicators.i18n import LANGUAGES, t
from indicators.views import targets

REPOSITORY = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
# Without these, Chromium on a machine with no route out waits on connections that are refused.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PAGES = ("overview", "plans", "units", "gender", "activities", "completeness", "method")
# Streamlit serves the default page at the root whatever url_path app.py gives it, and the
# overview's own link in the sidebar points there (see test_overview_answers_at_its_url_path).
ADDRESS = {name: "" if name == "overview" else name for name in PAGES}
STARTUP_SECONDS = 60
VIEWPORT = {"width": 1400, "height": 900}
# A page that grows without end (a defect worth seeing) is cut here rather than filling the disk.
TALLEST_SCREENSHOT = 16_000


def _missing_browser() -> str | None:
    if not CHROMIUM.exists():
        return f"Debian's Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    if importlib.util.find_spec("playwright") is None:
        return "the playwright package is not installed (pip install playwright)"
    return None


if (_reason := _missing_browser()) is not None:
    if os.environ.get("CAWMC_REQUIRE_BROWSER") == "1":
        pytest.fail(f"CAWMC_REQUIRE_BROWSER=1 but {_reason}", pytrace=False)
    pytest.skip(_reason, allow_module_level=True)

from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402

# The run is over when the app's frame says so, nothing is running, the title is drawn and every
# chart is drawn: Plotly loads lazily, seconds after the script has finished, and until then each
# chart is a skeleton.
_SETTLED = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return app !== null
    && app.dataset.testConnectionState === 'CONNECTED'
    && app.dataset.testScriptState === 'notRunning'
    && document.querySelector('[data-testid="stStatusWidget"]') === null
    && document.querySelector('h1') !== null
    && document.querySelector('[data-testid="stSkeleton"]') === null
    && [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
         .every((chart) => chart.querySelector('.js-plotly-plot .main-svg') !== null);
}"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


@pytest.fixture(scope="module")
def app_url(demo_database, tmp_path_factory) -> Iterator[str]:
    """The app served by ``streamlit run`` on the demo database; its address."""
    port = _free_port()
    log_path = tmp_path_factory.mktemp("streamlit") / "server.log"
    env = {
        **os.environ,
        "CAWMC_DATABASE_URL": f"sqlite:///{demo_database.engine.url.database}",
    }
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.headless",
        "true",
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        # Others edit the pages while the tests run; a rerun on save would only add noise.
        "--server.fileWatcherType",
        "none",
    ]
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            command, cwd=REPOSITORY, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not _answers(f"http://127.0.0.1:{port}/_stcore/health"):
            if server.poll() is not None or time.monotonic() > deadline:
                output = log_path.read_text(errors="replace")[-3000:]
                pytest.fail(f"streamlit did not come up on port {port}:\n{output}", pytrace=False)
            time.sleep(0.5)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=VIEWPORT)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory) -> Path:
    """Where the screenshots go: ``CAWMC_SCREENSHOTS``, or a fresh temporary folder."""
    chosen = os.environ.get("CAWMC_SCREENSHOTS")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots: {folder}", flush=True)
    return folder


def settle(page: Page, timeout: float = 60_000) -> None:
    """Wait until Streamlit has finished the run and the fonts are in.

    The frame reports "not running" for a moment between connecting and starting the run, so
    the state must hold on two looks a little apart.
    """
    for _ in range(2):
        page.wait_for_function(_SETTLED, timeout=timeout)
        page.evaluate("document.fonts.ready.then(() => true)")
        page.wait_for_timeout(300)
    page.wait_for_function(_SETTLED, timeout=timeout)


def open_page(page: Page, app_url: str, name: str, lang: str) -> None:
    page.goto(f"{app_url}/{ADDRESS[name]}?lang={lang}")
    settle(page)


def full_screenshot(page: Page, path: Path) -> None:
    """The whole page: Streamlit scrolls inside its main element, so grow the window to fit."""
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": VIEWPORT["width"], "height": min(height, TALLEST_SCREENSHOT)})
    settle(page)
    page.screenshot(path=path, full_page=True)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", PAGES)
def test_page_opens_with_its_title(page, app_url, screenshots, record_property, name, lang) -> None:
    open_page(page, app_url, name, lang)
    # The picture first, so that it is there to look at when an assertion below fails.
    shot = screenshots / f"{name}_{lang}.png"
    full_screenshot(page, shot)
    record_property("screenshots", str(screenshots))

    assert page.locator('[data-testid="stException"]').count() == 0
    # The app opens no dialog of its own; Streamlit's "Page not found" is one.
    assert page.locator('[data-testid="stDialog"]').count() == 0
    assert page.locator("h1").first.inner_text().strip() == t(f"page.{name}.title", lang)
    assert shot.stat().st_size > 0


def test_overview_answers_at_its_url_path(page, app_url) -> None:
    page.goto(f"{app_url}/overview?lang=en")
    settle(page)

    assert page.locator('[data-testid="stDialog"]').count() == 0
    assert page.locator("h1").first.inner_text().strip() == t("page.overview.title", "en")


def test_language_switch_turns_the_page_english(page, app_url) -> None:
    open_page(page, app_url, "overview", "lo")
    assert page.locator("h1").first.inner_text().strip() == t("page.overview.title", "lo")

    switch = page.locator('[data-testid="stSidebar"]').get_by_role("radio", name="English")
    switch.click()
    page.wait_for_url("**lang=en**")
    settle(page)

    assert page.locator("h1").first.inner_text().strip() == t("page.overview.title", "en")
    assert "lang=en" in page.url
    assert page.locator('[data-testid="stException"]').count() == 0


def test_overview_year_redraws_the_target_charts(page, app_url, demo_database, framework):
    open_page(page, app_url, "overview", "en")
    charts = page.locator(".js-plotly-plot")
    before = charts.evaluate_all("(plots) => plots.map((plot) => plot.textContent)")

    page.get_by_role("combobox", name=t("ui.year", "en")).click()
    page.get_by_role("option", name="2024", exact=True).click()
    page.wait_for_url("**year=2024**")
    settle(page)

    assert "year=2024" in page.url
    assert charts.count() >= 9
    after = charts.evaluate_all("(plots) => plots.map((plot) => plot.textContent)")
    assert after != before, "the charts show the same values for 2024 as for the whole period"
    expected = len(targets(compute_results(framework, load_data(demo_database)), framework, 2024))
    target_charts = page.locator('[class*="st-key-target_"] .js-plotly-plot')
    assert target_charts.count() == expected
    shapes = target_charts.evaluate_all(
        "(plots) => plots.map((plot) => plot.querySelectorAll('.shapelayer path').length)"
    )
    assert all(count > 0 for count in shapes), f"target shapes per chart: {shapes}"


def test_lao_text_uses_the_apps_font(page, app_url) -> None:
    open_page(page, app_url, "overview", "lo")

    assert page.evaluate("() => document.fonts.check('16px \"Noto Sans Lao\"')")
    family = page.evaluate("() => getComputedStyle(document.querySelector('h1')).fontFamily")
    assert "Noto Sans Lao" in family
    # check() is also true for a font the page never declared, and Debian may have Noto Sans
    # Lao installed; the face the app serves must itself be loaded.
    faces = page.evaluate(
        "() => [...document.fonts].filter((f) => f.family.replace(/\"/g, '') === 'Noto Sans Lao')"
        ".map((f) => f.status)"
    )
    assert "loaded" in faces, f"the app's Noto Sans Lao faces: {faces}"
    fetched = page.evaluate(
        "() => performance.getEntriesByType('resource').map((e) => e.name)"
        ".filter((name) => name.includes('/app/static/fonts/NotoSansLao'))"
    )
    assert fetched, "the browser never fetched the app's Noto Sans Lao"


def test_lao_in_the_charts_uses_the_apps_font(page, app_url) -> None:
    page.set_viewport_size({"width": VIEWPORT["width"], "height": 3000})  # draw every chart
    drawn_elsewhere = set()
    for name in ("units", "overview"):
        open_page(page, app_url, name, "lo")
        families = page.evaluate(
            """() => [...document.querySelectorAll('.js-plotly-plot text')]
              .filter((text) => /[\\u0E80-\\u0EFF]/.test(text.textContent))
              .map((text) => [text.getAttribute('class'), getComputedStyle(text).fontFamily])"""
        )
        assert families, f"no Lao text in the charts of the {name} page"
        drawn_elsewhere |= {
            f"{name} {kind}: {family}" for kind, family in families if "Noto Sans Lao" not in family
        }
    assert not drawn_elsewhere, sorted(drawn_elsewhere)
