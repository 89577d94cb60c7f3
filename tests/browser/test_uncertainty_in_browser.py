"""The uncertainty page in a real browser: a link with ranges draws its bands, fits a phone,
and its share link reopens the same bands."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from conftest import DESKTOP, PHONE, RESULT_TABLES, cut_off, wait_for_app
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

LINK = {"ranges": "churn_floor-0.005-0.02_cac_multiplier-3-8", "draws": "400", "seed": "11",
        "budget": "70000"}


def outcome_table(page: Page) -> str:
    return page.locator(RESULT_TABLES).first.locator("table").inner_text()


# What each tab draws, counted in the page: its charts, and a mark only that tab's charts have.
MAP_CELLS = ".js-plotly-plot .heatmaplayer image, .js-plotly-plot .hm image"
VIEWS = {
    "bands": (2, ".js-plotly-plot .scatterlayer .js-fill", 2),  # the band and the fan
    "sensitivity": (2, ".js-plotly-plot .barlayer path", 20),  # both tornados, 10+ bars each
    "map": (1, MAP_CELLS, 1),
}


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_each_tab_draws_and_fits(app_url: str, new_page, viewport: dict[str, int],
                                 view: str) -> None:
    """Each tab opened from a link (only the open one is computed), in Hungarian."""
    charts, mark, least = VIEWS[view]
    page = new_page(viewport=viewport)
    page.goto(f"{app_url}/uncertainty?{urlencode(LINK | {'lang': 'hu', 'view': view})}")
    wait_for_app(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator(".js-plotly-plot").count() == charts
    assert page.locator(mark).count() >= least
    assert cut_off(page) == []
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_the_share_link_reopens_the_same_bands(app_url: str, new_page) -> None:
    page = new_page()
    page.goto(f"{app_url}/uncertainty?{urlencode(LINK)}")
    wait_for_app(page)
    shown = outcome_table(page)
    assert "Best on average" in shown
    page.get_by_text("Share this scenario").click()
    shared = page.locator('[data-testid="stCode"]').inner_text().strip()
    assert "seed=11" in shared and "draws=400" in shared
    assert "ranges=churn_floor-0.005-0.02_cac_multiplier-3-8" in shared
    again = new_page()
    again.goto(shared)
    wait_for_app(again)
    assert outcome_table(again) == shown
