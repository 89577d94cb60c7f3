"""A real Streamlit server and Debian's headless Chromium, driven by Playwright."""

from __future__ import annotations

import ast
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Flags that work on a closed, GPU-less machine (STREAMLIT_NOTES.md).
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    """The app served on a free loopback port for the whole session."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
         "--server.headless", "true", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"Streamlit did not start: {server.stderr.read().decode()}")
                time.sleep(0.3)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"Browser tests need Chromium at {CHROMIUM}: run `make test`, which "
                    "installs it, or `sudo apt-get install -y chromium`.")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser: Browser) -> Iterator:
    """Open fresh pages (own context each: no shared session or storage)."""
    contexts = []

    def opened(viewport: dict[str, int] = DESKTOP, locale: str = "en-US") -> Page:
        context = browser.new_context(viewport=viewport, locale=locale)
        contexts.append(context)
        return context.new_page()

    yield opened
    for context in contexts:
        context.close()


def wait_for_app(page: Page) -> None:
    """Wait the way Streamlit's own e2e suite does: script idle, no skeletons left."""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]',
                           timeout=30_000)
    page.wait_for_function("!document.querySelector('[data-testid=\"stSkeleton\"]')",
                           timeout=30_000)


def kpis(page: Page) -> list[str]:
    return page.locator('[data-testid="stMetric"]').all_inner_texts()


def kpis_become(page: Page, expected: list[str] | None = None, unlike: list[str] | None = None,
                timeout_s: float = 15.0) -> list[str]:
    """The KPIs once the rerun has drawn them (the URL changes before the rerun ends)."""
    deadline = time.monotonic() + timeout_s
    while True:
        wait_for_app(page)
        shown = kpis(page)
        if (expected is None or shown == expected) and (unlike is None or shown != unlike):
            # A fragment rerun redraws the metrics one by one: take them once they hold still.
            page.wait_for_timeout(300)
            wait_for_app(page)
            if kpis(page) == shown:
                return shown
            continue
        if time.monotonic() > deadline:
            return shown
        page.wait_for_timeout(200)


def cut_off(page: Page) -> list[str]:
    """Elements of the main area that reach past the right edge of the window (cut off on a
    phone), by test id; a table or chart scrolling inside its own frame does not count."""
    return page.evaluate("""() => {
        const width = window.innerWidth;
        const found = [];
        for (const element of document.querySelectorAll('[data-testid="stMain"] [data-testid]')) {
            if (element.closest('[data-testid="stDataFrame"] > *, .js-plotly-plot')) continue;
            const box = element.getBoundingClientRect();
            if (box.width > 0 && box.right > width + 1) found.push(element.dataset.testid);
        }
        return found;
    }""")


def downloaded(page: Page, button: str) -> Path:
    """Click a download button and give the file the browser saved."""
    with page.expect_download() as download:
        page.get_by_role("button", name=button).click()
    return download.value.path()


def open_files(page: Page, url: str) -> None:
    """Open a page from its link and the sidebar's Save and load expander."""
    page.goto(url)
    wait_for_app(page)
    page.get_by_text("Save and load").click()


# --- Shared by test_every_page.py and test_keyboard_and_colour.py --------------------------

ARTIFACTS = ROOT / "artifacts"


def charts_drawn(page: Page) -> list[dict]:
    """Each Plotly chart of the page: its size, how many data marks carry drawn geometry (a
    line's or bar's path, a marker, a heatmap's image) and its accessible name."""
    return page.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot')].map(plot => {
        let marks = 0;
        for (const mark of plot.querySelectorAll('.overplot path, .overplot image')) {
            const geometry = mark.getAttribute(mark.tagName === 'image' ? 'href' : 'd') || '';
            if (geometry.length > 8) marks++;
        }
        const box = plot.getBoundingClientRect();
        const figure = plot.closest('[data-testid="stPlotlyChart"]');
        return {marks, width: box.width, height: box.height,
                role: figure && figure.getAttribute('role'),
                label: figure && figure.getAttribute('aria-label')};
    })""")


def full_page_screenshot(page: Page, path: Path) -> None:
    """The whole page in one image. Streamlit's main area scrolls inside its own container, so
    Playwright's `full_page` alone shows one window; the window is made as tall as the main
    area's content first (the width, which decides the layout, stays)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    stretch_to_content(page)
    page.screenshot(path=str(path), full_page=True)


def stretch_to_content(page: Page) -> None:
    """Make the window as tall as the main area's (and a shown sidebar's) content, so nothing
    is scrolled out of it; the width, which decides the layout, stays."""
    width = page.viewport_size["width"]
    for _ in range(3):  # a taller window can change the content's height once more
        height = page.evaluate("""() => Math.max(window.innerHeight, ...[
            ...document.querySelectorAll('[data-testid="stMain"], [data-testid="stSidebarContent"]')
        ].filter(element => element.getBoundingClientRect().right > 0)
         .map(element => element.scrollHeight))""")
        height = min(int(height), 16_000)
        if height == page.viewport_size["height"]:
            break
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(250)


# The page's own tables: in the main area, not the ranges table (which sits in an expander).
RESULT_TABLES = ('[data-testid="stMain"] [data-testid="stDataFrame"]'
                 ':not([data-testid="stExpander"] [data-testid="stDataFrame"])')


def navigation(app: Path = ROOT / "app.py") -> list[tuple[str, str]]:
    """(name, URL path) of every `st.Page` in app.py, in menu order; the default page is '/'."""
    pages = []
    for node in ast.walk(ast.parse(app.read_text())):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr == "Page" and node.args
                and isinstance(node.args[0], ast.Constant)):
            keywords = {k.arg: k.value.value for k in node.keywords
                        if isinstance(k.value, ast.Constant)}
            name = Path(node.args[0].value).stem
            path = "" if keywords.get("default") else keywords.get("url_path", name)
            pages.append((name, f"/{path}"))
    pages.sort(key=lambda page: page[0] != "explorer")  # ast.walk order is not source order
    return pages


def legend_overlaps(page: Page, least_px: float = 4.0) -> list[str]:
    """Legend entries of a chart drawn over its axis titles or tick labels (a legend below a
    chart that wraps to more lines on a narrow screen climbs into the axis title). Boxes of
    glyphs carry a little padding, so an overlap counts from `least_px` in both directions."""
    return page.evaluate("""(least) => {
        const found = [];
        document.querySelectorAll('.js-plotly-plot').forEach((plot, index) => {
            const labels = plot.querySelectorAll('.xtitle, .ytitle, .xtick text, .ytick text');
            for (const entry of plot.querySelectorAll(
                    '.legend .traces text, .legend .traces .legendpoints, '
                    + '.legend .traces .legendlines')) {
                const a = entry.getBoundingClientRect();
                for (const label of labels) {
                    const b = label.getBoundingClientRect();
                    const wide = Math.min(a.right, b.right) - Math.max(a.left, b.left);
                    const high = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
                    if (wide >= least && high >= least) {
                        const name = entry.closest('.traces').textContent.trim();
                        found.push(
                            `chart ${index + 1}: legend "${name}" over "${label.textContent}"`);
                    }
                }
            }
        });
        return [...new Set(found)];
    }""", least_px)
