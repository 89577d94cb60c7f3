"""Keyboard-only use of the explorer, alt text on every chart, and colours people can tell apart.

Keyboard: Tab alone reaches each kind of control (slider, radio, selectbox, number input,
expander, the Share popover), and the keys a person would press work them; the answer follows.

Colours are read from the charts as the browser drew them (Plotly's resolved traces), on every
page of the navigation opened from a link that shows all their series:
- colour-vision deficiencies are simulated with Machado, Oliveira & Fernandes (2009) at full
  severity (dichromacy; the milder, commoner anomalies then pass too), and every two colours
  drawn in one chart must stay at least `MIN_DELTA_E` apart (CIEDE2000);
- every line, marker and bar colour must reach WCAG's 3:1 for graphical objects against the
  chart's background, light and dark; body text 4.5:1 (3:1 for large text), from computed styles.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pytest
from conftest import kpis, kpis_become, navigation, stretch_to_content, wait_for_app
from playwright.sync_api import Browser, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

pytestmark = pytest.mark.browser

PAGES = [name for name, _ in navigation()]
PATHS = dict(navigation())
# Links that draw every series a page has: all four shocks, four scenarios, ranges; a page
# whose charts sit in tabs (only the open one is drawn) is opened once per tab.
UNCERTAIN = "ranges=churn_floor-0.005-0.02_cac_multiplier-3-8&draws=300&seed=3&lang=en"
LINKS = {
    "explorer": tuple(f"lang=en&chart={chart}" for chart in ("tradeoff", "base", "marginal")),
    "stress": (("shock_loss=0.25&launch_adoption=0.5&budget_cut=0.3&cac_inflation=0.5"
                "&goal_target=15000&lang=en"),),
    "compare": (("A=Today&B=Churn+8%25&B.churn=0.08&C=Big+base&C.customers=50000&D=Dear+CAC"
                 "&D.cac=300&lang=en"),),
    "uncertainty": tuple(f"{UNCERTAIN}&view={view}" for view in ("bands", "sensitivity", "map")),
}
DESKTOP = {"width": 1366, "height": 768}

# The colours the charts may draw marks in (ui/charts.py and friends).
PALETTE = {"#0072B2": "blue", "#8C5C38": "brown", "#009E73": "bluish green",
           "#D55E00": "vermilion", "#CC79A7": "reddish purple", "#666666": "grey",
           "#8088F8": "periwinkle"}
# Two plot colours read as different at a glance from about ΔE00 = 10; Okabe–Ito's own pairs
# keep 10–12 or more under full dichromacy.
MIN_DELTA_E = 10.0
MIN_MARK_CONTRAST = 3.0  # WCAG 2.2, 1.4.11 non-text contrast
MIN_TEXT_CONTRAST, MIN_LARGE_TEXT_CONTRAST = 4.5, 3.0  # WCAG 2.2, 1.4.3

# --- Colour science ---------------------------------------------------------------------------

# Machado, Oliveira & Fernandes (2009), severity 1.0; applied to linear RGB.
DICHROMACY = {
    "protanopia": np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602],
                            [0.004733, 0.691367, 0.303900]]),
}
VISIONS = ("typical", *DICHROMACY)
_SRGB_TO_XYZ = np.array([[0.4124564, 0.3575761, 0.1804375], [0.2126729, 0.7151522, 0.0721750],
                         [0.0193339, 0.1191920, 0.9503041]])
_D65 = _SRGB_TO_XYZ @ np.ones(3)


def rgb(colour: str) -> tuple[float, float, float, float]:
    """`#RRGGBB`, `rgb(…)` or `rgba(…)` as red, green, blue (0–255) and alpha (0–1)."""
    colour = colour.strip()
    if colour.startswith("#"):
        return (*(int(colour[i:i + 2], 16) for i in (1, 3, 5)), 1.0)
    parts = [float(part) for part in re.findall(r"[-\d.]+", colour)]
    return (*parts[:3], parts[3] if len(parts) > 3 else 1.0)


def hex_of(colour: str) -> str:
    red, green, blue, _ = rgb(colour)
    return f"#{round(red):02X}{round(green):02X}{round(blue):02X}"


def over(top: str, below: tuple[float, float, float]) -> tuple[float, float, float]:
    """`top` composited over an opaque colour."""
    *channels, alpha = rgb(top)
    return tuple(alpha * mine + (1 - alpha) * theirs for mine, theirs in zip(channels, below))


def linear(channels) -> np.ndarray:
    c = np.asarray(channels[:3], dtype=float) / 255
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def luminance(channels) -> float:
    return float(np.array([0.2126, 0.7152, 0.0722]) @ linear(channels))


def contrast(first, second) -> float:
    """WCAG contrast ratio of two opaque colours (channels 0–255)."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def lab(channels, vision: str = "typical") -> tuple[float, float, float]:
    """CIELAB (D65) of a colour as a viewer with `vision` sees it."""
    light = linear(channels)
    if vision != "typical":
        light = np.clip(DICHROMACY[vision] @ light, 0, 1)
    t = (_SRGB_TO_XYZ @ light) / _D65
    f = np.where(t > (6 / 29) ** 3, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


def ciede2000(first: tuple[float, float, float], second: tuple[float, float, float]) -> float:
    """ΔE00 (Sharma, Wu & Dalal 2005), kL = kC = kH = 1."""
    (l1, a1, b1), (l2, a2, b2) = first, second
    c_bar = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_bar ** 7 / (c_bar ** 7 + 25 ** 7)))
    a1, a2 = (1 + g) * a1, (1 + g) * a2
    c1, c2 = math.hypot(a1, b1), math.hypot(a2, b2)
    h1 = math.degrees(math.atan2(b1, a1)) % 360 if c1 else 0.0
    h2 = math.degrees(math.atan2(b2, a2)) % 360 if c2 else 0.0
    dh = 0.0 if c1 * c2 == 0 else (h2 - h1 + 180) % 360 - 180
    d_l, d_c = l2 - l1, c2 - c1
    d_h = 2 * math.sqrt(c1 * c2) * math.sin(math.radians(dh / 2))
    l_bar, c_bar = (l1 + l2) / 2, (c1 + c2) / 2
    if c1 * c2 == 0:
        h_bar = h1 + h2
    elif abs(h1 - h2) <= 180:
        h_bar = (h1 + h2) / 2
    else:
        h_bar = (h1 + h2 + 360) / 2 if h1 + h2 < 360 else (h1 + h2 - 360) / 2
    t = (1 - 0.17 * math.cos(math.radians(h_bar - 30)) + 0.24 * math.cos(math.radians(2 * h_bar))
         + 0.32 * math.cos(math.radians(3 * h_bar + 6))
         - 0.20 * math.cos(math.radians(4 * h_bar - 63)))
    s_l = 1 + 0.015 * (l_bar - 50) ** 2 / math.sqrt(20 + (l_bar - 50) ** 2)
    s_c, s_h = 1 + 0.045 * c_bar, 1 + 0.015 * c_bar * t
    r_t = (-2 * math.sqrt(c_bar ** 7 / (c_bar ** 7 + 25 ** 7))
           * math.sin(math.radians(60 * math.exp(-(((h_bar - 275) / 25) ** 2)))))
    return math.sqrt((d_l / s_l) ** 2 + (d_c / s_c) ** 2 + (d_h / s_h) ** 2
                     + r_t * (d_c / s_c) * (d_h / s_h))


@pytest.mark.parametrize(("first", "second", "expected"), [  # Sharma et al. (2005), table 1
    ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
    ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
    ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
    ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
])
def test_the_colour_difference_matches_the_published_pairs(first, second, expected) -> None:
    assert ciede2000(first, second) == pytest.approx(expected, abs=1e-4)


def test_the_simulations_keep_greys_and_the_contrast_formula_holds() -> None:
    for vision in DICHROMACY:  # each matrix's rows sum to 1: a grey stays that grey
        assert ciede2000(lab((153, 153, 153), vision), lab((153, 153, 153))) < 0.1
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast((118, 118, 118), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)


# --- What the browser drew ---------------------------------------------------------------------

_CHARTS = """() => [...document.querySelectorAll('.js-plotly-plot')].map(gd => {
    const figure = gd.closest('[data-testid="stPlotlyChart"]');
    const series = [];
    for (const trace of gd._fullData) {
        if (trace.visible !== true || trace.type === 'heatmap') continue;  // a scale, not a mark
        const part = trace.showlegend === false;  // drawn with the entry before it
        const add = (colour, kind) => {
            if (typeof colour === 'string') series.push({name: trace.name, colour, kind, part});
        };
        const line = trace.line && trace.line.width > 0 ? trace.line.color : null;
        if (trace.type === 'contour') add(line, 'contour line');
        else if (trace.type === 'bar') add(trace.marker.color, 'bar');
        else {
            if ((trace.mode || '').includes('lines')) add(line, 'line');
            if ((trace.mode || '').includes('markers')) add(trace.marker.color, 'marker');
        }
    }
    for (const shape of gd._fullLayout.shapes || []) {
        if (shape.type === 'line' && shape.line.width > 0)
            series.push({name: 'a marked value', colour: shape.line.color, kind: 'shape',
                         part: true});
    }
    return {
        label: figure && figure.getAttribute('aria-label'),
        role: figure && figure.getAttribute('role'),
        paper: gd._fullLayout.paper_bgcolor, plot: gd._fullLayout.plot_bgcolor,
        app: getComputedStyle(document.querySelector('[data-testid="stApp"]')).backgroundColor,
        series,
    };
})"""

# Text the reader sees: each element holding text, in the main area and an open sidebar, with
# its colour (times the opacity of it and its ancestors) over what is drawn behind it there.
_TEXTS = """() => {
    const parse = css => { const m = css.match(/[-\\d.]+/g) || [0, 0, 0, 0];
                           return [+m[0], +m[1], +m[2], m.length > 3 ? +m[3] : 1]; };
    const over = (top, below) => [0, 1, 2].map(i => top[i] * top[3] + below[i] * (1 - top[3]));
    const behind = (element, x, y) => {
        const layers = [];
        for (const e of document.elementsFromPoint(x, y)) {
            if (element.contains(e)) continue;
            const colour = parse(getComputedStyle(e).backgroundColor);
            if (colour[3] > 0) { layers.push(colour); if (colour[3] >= 1) break; }
        }
        return layers.reverse().reduce((below, layer) => over(layer, below), [255, 255, 255]);
    };
    const found = [];
    const seen = new Set();
    const roots = '[data-testid="stMain"], [data-testid="stSidebar"]';
    for (const root of document.querySelectorAll(roots)) {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const element = node.parentElement;
            if (!node.textContent.trim() || seen.has(element)) continue;
            seen.add(element);
            // Charts are checked by their marks; the grid draws its cells on a canvas;
            // icons are ligatures of a symbol font.
            if (element.closest('svg, [data-testid="stDataFrame"], [data-testid="stIconMaterial"]'))
                continue;
            const box = element.getBoundingClientRect();
            const x = box.left + Math.min(box.width / 2, 8), y = box.top + box.height / 2;
            if (box.width === 0 || box.height === 0 || x < 0 || y < 0
                || x >= innerWidth || y >= innerHeight) continue;
            const top = document.elementFromPoint(x, y);
            if (!top || !(element.contains(top) || top.contains(element))) continue;  // covered
            const style = getComputedStyle(element);
            if (style.visibility !== 'visible') continue;
            let opacity = 1;
            for (let e = element; e; e = e.parentElement) opacity *= +getComputedStyle(e).opacity;
            const colour = parse(style.color);
            if (opacity * colour[3] < 0.1) continue;  // not shown (a slider's ends until hovered)
            // WCAG exempts the text of inactive controls (a full compare page's "Add" button).
            const widget = element.closest('[data-testid="stElementContainer"]');
            if (widget && widget.querySelector(':disabled, [aria-disabled="true"]')) continue;
            const size = parseFloat(style.fontSize), weight = +style.fontWeight;
            found.push({
                text: node.textContent.trim().slice(0, 60),
                colour: [...colour.slice(0, 3), colour[3] * opacity],
                background: behind(element, x, y),
                large: size >= 24 || (weight >= 700 && size >= 18.66),
                caption: !!element.closest('[data-testid="stCaptionContainer"]'),
                where: (element.closest('[data-testid]') || element).dataset.testid
                    || element.tagName,
            });
        }
    }
    return found;
}"""
_IS_DARK = """(() => {
    const app = document.querySelector('[data-testid="stApp"]');
    const colour = getComputedStyle(app).backgroundColor;
    return colour.match(/[\\d.]+/g).slice(0, 3).reduce((sum, c) => sum + Number(c), 0) < 3 * 96;
})()"""


def _look(page: Page, scheme: str) -> dict:
    page.set_viewport_size(DESKTOP)
    page.emulate_media(color_scheme=scheme)
    page.wait_for_function(f"({_IS_DARK}) === {str(scheme == 'dark').lower()}", timeout=10_000)
    page.wait_for_timeout(300)  # the charts take the theme's colours
    charts = page.evaluate(_CHARTS)
    stretch_to_content(page)  # every text in the window, so the one behind it can be found
    return {"charts": charts, "texts": page.evaluate(_TEXTS)}


def room_links() -> tuple[str, ...]:
    """The room page as the wall and a phone show it: a room with two guesses, open (the
    phone's form, the board's dot plot), and one revealed (the curve, the answer, the phone's
    result), written into the database the test server uses."""
    from sqlalchemy import create_engine

    from ui.room_view import database_url
    from workshop import store
    from workshop.room import Submission

    engine = store.prepare(create_engine(database_url()))
    links = ["lang=en"]
    try:
        for phase in ("open", "revealed"):
            room, token = store.create_room(engine, {"customers": "25000"})
            for participant, share in (("p1", 0.3), ("p2", 0.55)):
                store.submit(engine, room.code, participant, Submission(
                    name=participant.upper(), churn=0.04, retention_share=share))
            store.set_phase(engine, room.code, token, phase)
            links += [f"room={room.code}&key={token}&lang=en", f"room={room.code}&p=p1&lang=en"]
    finally:
        engine.dispose()
    return tuple(links)


@pytest.fixture(scope="module")
def drawn(app_url: str, browser: Browser) -> Iterator[dict[str, dict[str, dict]]]:
    """Each page's charts and texts in the light and the dark theme, from all of its links
    together: each opened in light, then switched to dark in place (Streamlit follows the
    system's theme live)."""
    context = browser.new_context(viewport=DESKTOP, locale="en-US")
    seen: dict[str, dict[str, dict]] = {}
    links = LINKS | {"room": room_links()}
    try:
        for name in PAGES:
            seen[name] = {scheme: {"charts": [], "texts": []} for scheme in ("light", "dark")}
            for link in links.get(name, ("lang=en",)):
                page = context.new_page()
                page.emulate_media(color_scheme="light")
                page.goto(f"{app_url}{PATHS[name]}?{link}")
                wait_for_app(page)
                for scheme in ("light", "dark"):
                    look = _look(page, scheme)
                    seen[name][scheme]["charts"] += look["charts"]
                    seen[name][scheme]["texts"] += look["texts"]
                page.close()
        yield seen
    finally:
        context.close()


def _background(chart: dict) -> tuple[float, float, float]:
    """What a chart's marks are drawn on: its plot area over its paper over the app."""
    app = over(chart["app"], (255, 255, 255))
    return over(chart["plot"], over(chart["paper"], app))


# --- Alt text ----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", PAGES)
def test_every_chart_has_alt_text(drawn, name: str) -> None:
    """`st.plotly_chart(..., alt=...)` renders as role="figure" with aria-label on the chart's
    container in Streamlit 1.67; a screen reader announces it in place of the drawing."""
    charts = drawn[name]["light"]["charts"]
    for chart in charts:
        assert chart["role"] == "figure"
        assert chart["label"] and len(chart["label"]) >= 30, chart["label"]
    labels = [chart["label"] for chart in charts]
    assert len(set(labels)) == len(labels), "two charts on one page carry the same alt text"


# --- Colours told apart ------------------------------------------------------------------------

def test_the_charts_draw_only_palette_colours(drawn) -> None:
    used = {(name, hex_of(series["colour"]), series["kind"])
            for name in PAGES for chart in drawn[name]["light"]["charts"]
            for series in chart["series"]}
    assert {(name, colour, kind) for name, colour, kind in used if colour not in PALETTE} == set()


@pytest.mark.parametrize("name", PAGES)
def test_no_two_series_of_a_chart_share_a_colour(drawn, name: str) -> None:
    shared = []
    for index, chart in enumerate(drawn[name]["light"]["charts"]):
        names: dict[str, set[str]] = {}
        for series in chart["series"]:
            if not series["part"]:
                names.setdefault(hex_of(series["colour"]), set()).add(series["name"])
        shared += [f"chart {index + 1}: {sorted(who)} in {colour}"
                   for colour, who in names.items() if len(who) > 1]
    assert not shared, "\n".join(shared)


@pytest.mark.parametrize(("name", "vision"), [(name, vision) for name in PAGES
                                            for vision in VISIONS])
def test_colours_drawn_together_stay_apart(drawn, name: str, vision: str) -> None:
    close = []
    for index, chart in enumerate(drawn[name]["light"]["charts"]):
        colours = sorted({hex_of(series["colour"]) for series in chart["series"]})
        for first, second in itertools.combinations(colours, 2):
            difference = ciede2000(lab(rgb(first), vision), lab(rgb(second), vision))
            if difference < MIN_DELTA_E:
                close.append(f"chart {index + 1}: {first} and {second}, ΔE00 {difference:.1f}")
    assert not close, "\n".join(close)


# --- Contrast ----------------------------------------------------------------------------------

# The map's flip line is grey, not black (1.16:1 on the dark background); the palette's orange
# and lighter grey (2.25:1 and 2.85:1 on white) gave way to a brown and a darker grey.
@pytest.mark.parametrize(("scheme", "colour"), [
    pytest.param(scheme, colour, id=f"{scheme}-{PALETTE[colour].replace(' ', '_')}")
    for scheme in ("light", "dark") for colour in PALETTE])
def test_marks_stand_out_from_the_chart_background(drawn, scheme: str, colour: str) -> None:
    uses = [(name, index, series["kind"], series["name"], _background(chart))
            for name in PAGES for index, chart in enumerate(drawn[name][scheme]["charts"])
            for series in chart["series"] if hex_of(series["colour"]) == colour]
    assert uses, f"{colour} is drawn nowhere any more: take it out of PALETTE"
    faint = [f"{name} chart {index + 1}, {kind} {label!r}: "
             f"{contrast(rgb(colour), background):.2f}:1"
             for name, index, kind, label, background in uses
             if contrast(rgb(colour), background) < MIN_MARK_CONTRAST]
    assert not faint, "\n".join(faint)


# Light captions were 3.8:1 (the default text colour at 60%); .streamlit/config.toml's
# [theme.light] textColor fixes them.
@pytest.mark.parametrize(("scheme", "kind"), [
    ("light", "text"), ("dark", "text"), ("dark", "captions"), ("light", "captions")])
def test_text_is_readable(drawn, scheme: str, kind: str) -> None:
    low = []
    count = 0
    for name in PAGES:
        for text in drawn[name][scheme]["texts"]:
            if text["caption"] != (kind == "captions"):
                continue
            count += 1
            colour = over(f"rgba({','.join(map(str, text['colour']))})", text["background"])
            ratio = contrast(colour, text["background"])
            if ratio < (MIN_LARGE_TEXT_CONTRAST if text["large"] else MIN_TEXT_CONTRAST):
                low.append(f"{name}: {text['text']!r} ({text['where']}) {ratio:.2f}:1")
    assert count >= 5, "too few texts found to judge"
    assert not low, "\n".join(sorted(set(low)))


# --- Keyboard ----------------------------------------------------------------------------------

FOCUSED = "(selector) => !!document.activeElement && document.activeElement.matches(selector)"
# Customers, churn and budget move on their logarithmic sliders (issue 15), under their boxes.
HEADLINE_SLIDERS = ("customers_scale", "churn_scale", "cac_multiplier_scale", "budget_scale",
                    "retention_share")


def tab_to(page: Page, selector: str, limit: int = 60) -> int:
    """Press Tab until the focus is on `selector`; how many presses it took."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED, selector):
            return presses
    raise AssertionError(f"{limit} presses of Tab never reached {selector}")


def open_by_arrow(page: Page, selector: str, attempts: int = 3) -> None:
    """ArrowDown on the focused selectbox opens its list of options.

    A rerun that ends just as the key is pressed redraws the box and swallows the key (seen
    on a loaded CI machine), so once the app is idle again the focus is checked and the key
    pressed again; a box that never opens still fails.
    """
    for _ in range(attempts):
        page.keyboard.press("ArrowDown")
        try:
            page.locator('[role="option"]').first.wait_for(timeout=3_000)
            return
        except PlaywrightTimeoutError:
            wait_for_app(page)
            if not page.evaluate(FOCUSED, selector):
                page.locator(selector).focus()
    raise AssertionError(f"ArrowDown never opened the options of {selector}")


def query(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


@pytest.fixture
def explorer(app_url: str, browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=DESKTOP, locale="en-US")
    page = context.new_page()
    page.goto(f"{app_url}/?budget=60000&lang=en")
    wait_for_app(page)
    yield page
    context.close()


def test_tab_reaches_every_slider_and_arrows_move_it(explorer: Page) -> None:
    page = explorer
    for key in HEADLINE_SLIDERS:  # in reading order, each within a few presses
        assert tab_to(page, f'.st-key-{key} input[type="range"]', limit=25) <= 20
    opened = kpis(page)
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")  # back over the split's help button to the budget
    assert page.evaluate(FOCUSED, '.st-key-budget_scale input[type="range"]')
    # One step is one rung of the logarithmic ladder (60,000 → 65,000; 1,000 when linear).
    page.keyboard.press("ArrowRight")
    page.wait_for_function("location.search.includes('budget=65000')", timeout=15_000)
    moved = kpis_become(page, unlike=opened)
    assert moved != opened
    # The answer was redrawn and the slider kept the focus: the next press moves it on.
    assert page.evaluate(FOCUSED, '.st-key-budget_scale input[type="range"]')
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("location.search.includes('budget=55000')", timeout=15_000)
    assert kpis_become(page, unlike=moved) not in (opened, moved)


def test_expander_number_input_selectbox_and_radio_by_keyboard(explorer: Page) -> None:
    page = explorer
    opened = kpis(page)
    tab_to(page, '[data-testid="stExpander"] summary')  # the first: More assumptions
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.closest('details').open", timeout=5_000)

    tab_to(page, ".st-key-cac input", limit=10)  # number input: select, type, Enter
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("120")
    page.keyboard.press("Enter")
    page.wait_for_function("location.search.includes('cac=120')", timeout=15_000)
    cheaper = kpis_become(page, unlike=opened)
    assert cheaper != opened

    tab_to(page, ".st-key-objective input", limit=30)  # selectbox: open, move, choose
    open_by_arrow(page, ".st-key-objective input")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_function("location.search.includes('objective=')", timeout=15_000)
    chosen = query(page)["objective"][0]
    assert chosen in ("revenue", "customers")
    assert kpis_become(page, unlike=cheaper)[1] != cheaper[1]  # the objective's KPI changed

    tab_to(page, '.st-key-lang input[type="radio"]')  # radio: arrows pick the other language
    page.keyboard.press("ArrowDown")
    page.wait_for_function("location.search.includes('lang=hu')", timeout=15_000)
    wait_for_app(page)
    page.wait_for_function(
        "document.querySelector('h1') && document.querySelector('h1').innerText"
        " === 'Szerezni vagy megtartani?'", timeout=15_000)


def test_the_share_popover_opens_with_enter_and_closes_with_escape(explorer: Page) -> None:
    page = explorer
    tab_to(page, '[data-testid="stPopoverButton"]')
    page.keyboard.press("Enter")
    link = page.locator('[data-testid="stPopoverBody"] [data-testid="stCode"], '
                        '[data-testid="stCode"]').first
    link.wait_for(state="visible", timeout=5_000)
    assert "budget=60000" in link.inner_text()
    page.keyboard.press("Escape")
    link.wait_for(state="hidden", timeout=5_000)
