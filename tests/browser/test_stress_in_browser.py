"""The stress page in a real browser: a link with shocks draws, fits a phone, goal-seek answers."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from conftest import DESKTOP, PHONE, RESULT_TABLES, cut_off, wait_for_app

pytestmark = pytest.mark.browser

LINK = {"shock_loss": "0.25", "launch_adoption": "0.5", "budget_cut": "0.3",
        "goal_target": "15000"}


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("language", ["en", "hu"])
def test_the_stress_page_draws_and_fits(app_url: str, new_page, viewport: dict[str, int],
                                        language: str) -> None:
    page = new_page(viewport=viewport)
    page.goto(f"{app_url}/stress?{urlencode(LINK | {'lang': language})}")
    wait_for_app(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator(".js-plotly-plot .scatterlayer path.js-line[d*='L']").count() >= 4
    assert page.locator(RESULT_TABLES).count() == 1
    assert page.locator('[data-testid="stAlertContentSuccess"]').count() == 1  # goal-seek
    assert cut_off(page) == []
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_the_results_table_fits_a_laptop_with_a_launch_range(app_url: str, new_page) -> None:
    """With a launch and its adoption range (seven columns), the table shows every column
    whole at 1366 px: nothing scrolls out of its frame (the last column was cut)."""
    page = new_page(viewport=DESKTOP)
    page.goto(f"{app_url}/stress?customers=25000&churn=0.04&cac_multiplier=7&budget=120000"
              "&shock_loss=0.25&launch_adoption=0.5&ranges=launch_adoption-0.4-0.7")
    wait_for_app(page)
    table = page.locator(RESULT_TABLES).first
    table.wait_for()
    hidden = table.evaluate("""frame => {
        const scroller = frame.querySelector('.dvn-scroller');
        return scroller.scrollWidth - scroller.clientWidth;
    }""")
    assert hidden <= 4, f"{hidden} px of the table scroll out of view"  # 2: its border
