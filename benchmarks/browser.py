"""Browser time of a slider change: key press to the updated chart drawn, in headless Chromium.

The explorer and a bare page (`bare_browser_page.py`: the same budget slider, one chart) run on
their own `streamlit run` servers, each in its own tab of one Chromium. Each change is a real
key press (ArrowRight on the focused slider, sent by Playwright through the DevTools protocol),
so it goes through the slider's own handling, its debounce and the websocket like a person's.
The clock runs in the page: from the `keydown` event to the first animation frame in which every
chart's data paths differ from those before the press (the explorer counts as drawn once all of
its charts are new). Pages take turns, the order flipping each round, so they share the
machine's noise; each change waits for the previous rerun to end and a short pause.

For information it also times, from the change leaving the browser, the last websocket message
the page handled before that frame (the server's rerun and the wire), and from there the frame
(the browser drawing).
"""

from __future__ import annotations

import os
import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .server import ROOT, StreamlitServer
from .stats import Summary, ratio_line, timing_line

if TYPE_CHECKING:
    from playwright.sync_api import ViewportSize  # playwright is imported only to run

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# STREAMLIT_NOTES.md: flags that work on a closed, GPU-less machine.
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--disable-quic"]
VIEWPORT: ViewportSize = {"width": 1366, "height": 768}
WARM_UP = 3
MEASURED = 30
THINK_S = 0.25  # a person watching the answer does not press faster than this
CHANGE_TIMEOUT_MS = 20_000
RATIO_TARGET = 1.5
# The budget's logarithmic slider (issue 15); its value is read as the label it shows.
SLIDER = '.st-key-budget_scale input[type="range"]'

# Installed before the page's own scripts. Times are `performance.now()` in the page. From the
# key press on, every animation frame compares each chart's data paths with those before it:
# `drawn` is the first frame in which all of them are new (the frame that paints them).
_PROBE = """(() => {
    const probe = window.__probe = {start: 0, sent: 0, received: 0, drawn: 0, before: null};
    const paths = () => [...document.querySelectorAll('.js-plotly-plot')].map(plot =>
        [...plot.querySelectorAll('.overplot path')].map(path => path.getAttribute('d')).join(';'));
    probe.paths = paths;
    const frame = () => {
        const now = paths();
        if (now.length > 0 && now.length === probe.before.length
                && now.every((chart, index) => chart !== probe.before[index])) {
            probe.drawn = performance.now();
        } else if (performance.now() - probe.start < 60000) {
            requestAnimationFrame(frame);
        }
    };
    document.addEventListener('keydown', event => {
        if (event.key !== 'ArrowRight') return;
        Object.assign(probe, {start: performance.now(), sent: 0, received: 0, drawn: 0,
                              before: paths()});
        requestAnimationFrame(frame);
    }, true);
    const send = WebSocket.prototype.send;
    const listening = new WeakSet();
    WebSocket.prototype.send = function (data) {
        if (probe.start && !probe.sent) probe.sent = performance.now();
        if (!listening.has(this)) {  // the last message that arrives before the frame
            listening.add(this);
            this.addEventListener('message', () => {
                if (probe.sent && !probe.drawn) probe.received = performance.now();
            });
        }
        return send.call(this, data);
    };
})()"""
_IDLE = ('[data-testid="stApp"][data-test-script-state="notRunning"]')


class BrowserBenchFailed(RuntimeError):
    """Chromium or Playwright is missing, a page did not load, or a change never drew."""


@dataclass(frozen=True)
class Target:
    name: str
    script: Path
    path: str  # and query string


EXPLORER = Target("explorer (answer, KPIs, the open chart)", ROOT / "app.py", "/?lang=en")
BARE = Target("bare page (one slider, one chart)",
              ROOT / "benchmarks" / "bare_browser_page.py", "/")


@dataclass(frozen=True)
class Change:
    """Seconds from the key press to the charts drawn; and from the change leaving the browser
    to the last message handled before that frame (the rerun, the wire and the handling of the
    earlier messages), and from there to the frame (the browser drawing)."""

    drawn_s: float
    server_s: float
    browser_s: float


def run(deadline: float) -> dict[str, list[Change]]:
    """Start both servers and Chromium, time the changes, stop everything whatever happens."""
    if not os.access(CHROMIUM, os.X_OK):
        raise BrowserBenchFailed(f"no Chromium at {CHROMIUM} (make chromium, or set CHROMIUM)")
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        raise BrowserBenchFailed("playwright is not installed (requirements-dev.txt)") from error
    targets = (EXPLORER, BARE)
    results: dict[str, list[Change]] = {target.name: [] for target in targets}
    with ExitStack() as cleanup:
        servers = {}
        for target in targets:  # boot side by side, then wait for each
            server = StreamlitServer(target.script, name=target.name)
            cleanup.callback(server.stop)
            server.launch()
            servers[target.name] = server
        for server in servers.values():
            server.wait_healthy()
        playwright = cleanup.enter_context(sync_playwright())
        try:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            cleanup.callback(browser.close)
            pages = {}
            for target in targets:
                context = browser.new_context(viewport=VIEWPORT, locale="en-US")
                page = context.new_page()
                page.add_init_script(_PROBE)
                page.goto(servers[target.name].base_url + target.path)
                _wait_idle(page)
                pages[target.name] = page
            for round_number in range(WARM_UP + MEASURED):
                if time.monotonic() > deadline:
                    raise BrowserBenchFailed("ran out of time; is the machine very busy?")
                order = targets if round_number % 2 == 0 else targets[::-1]
                for target in order:
                    change = _change(pages[target.name], target)
                    if round_number >= WARM_UP:
                        results[target.name].append(change)
        except PlaywrightError as error:
            raise BrowserBenchFailed(str(error).splitlines()[0]) from error
    return results


def _wait_idle(page) -> None:
    """The run has ended and a chart is drawn (Streamlit's e2e suite waits the same way)."""
    page.wait_for_selector(_IDLE, timeout=CHANGE_TIMEOUT_MS)
    page.wait_for_function(
        "document.querySelectorAll('.js-plotly-plot .overplot path').length > 0"
        " && !document.querySelector('[data-testid=\"stSkeleton\"]')",
        timeout=CHANGE_TIMEOUT_MS)


def _change(page, target: Target) -> Change:
    """One ArrowRight on the focused slider, timed."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    page.bring_to_front()  # a background tab gets no animation frames
    time.sleep(THINK_S)
    slider = page.locator(SLIDER)
    if not page.evaluate("s => document.activeElement === document.querySelector(s)", SLIDER):
        slider.focus()
    before = slider.get_attribute("aria-valuetext")
    page.keyboard.press("ArrowRight")
    try:
        page.wait_for_function("window.__probe.drawn > 0", timeout=CHANGE_TIMEOUT_MS)
    except PlaywrightTimeout as error:
        state = page.evaluate("() => ({sent: window.__probe.sent > 0, same: window.__probe"
                              ".paths().map((chart, i) => chart === window.__probe.before[i]),"
                              "visible: document.visibilityState})")
        raise BrowserBenchFailed(f"{target.name}: no chart redrawn {CHANGE_TIMEOUT_MS} ms after "
                                 f"a key press (slider {before} → "
                                 f"{slider.get_attribute('aria-valuetext')}, "
                                 f"{state})") from error
    probe = page.evaluate(
        "() => { const {start, sent, received, drawn} = window.__probe;"
        " return {start, sent, received, drawn}; }")
    _wait_idle(page)  # the rest of the rerun ends before the next press
    if slider.get_attribute("aria-valuetext") == before:
        raise BrowserBenchFailed(f"{target.name}: the slider did not move")
    if not probe["sent"]:
        raise BrowserBenchFailed(f"{target.name}: the change was never sent")
    if not probe["received"]:
        raise BrowserBenchFailed(f"{target.name}: nothing came back before the chart changed")
    return Change((probe["drawn"] - probe["start"]) / 1000,
                  (probe["received"] - probe["sent"]) / 1000,
                  (probe["drawn"] - probe["received"]) / 1000)


def report(results: dict[str, list[Change]]) -> list[str]:
    """The lines `make bench` prints."""
    def summary(name: str, part: str) -> Summary:
        return Summary.of([getattr(change, part) for change in results[name]])

    bare, explorer = summary(BARE.name, "drawn_s"), summary(EXPLORER.name, "drawn_s")
    lines = [
        (f"\nBrowser time of a budget-slider change, key press → every chart redrawn: headless "
         f"Chromium, {MEASURED} changes per page\n  after {WARM_UP} warm-up ones, pages "
         f"interleaved, ArrowRight on the focused slider, {THINK_S * 1000:g} ms pause before "
         f"each"),
        timing_line(BARE.name, bare),
        timing_line(EXPLORER.name, explorer),
        ratio_line("explorer ÷ bare page (medians)", explorer.median_ms / bare.median_ms,
                   RATIO_TARGET),
        ratio_line("explorer ÷ bare page (p95)", explorer.p95_ms / bare.p95_ms, RATIO_TARGET),
        ("  for information, from the change sent to the last websocket message handled before "
         "that frame\n  (rerun, wire), and from there to the frame (browser drawing)"),
    ]
    for target in (BARE, EXPLORER):
        short = target.name.split(" (")[0]
        lines.append(timing_line(f"{short}: sent → last message", summary(target.name,
                                                                          "server_s")))
        lines.append(timing_line(f"{short}: last message → drawn", summary(target.name,
                                                                           "browser_s")))
    return lines


if __name__ == "__main__":  # python -m benchmarks.browser: this section alone
    started = time.monotonic()
    print("\n".join(report(run(deadline=started + 300))))
    print(f"\n({time.monotonic() - started:.0f} s)")
