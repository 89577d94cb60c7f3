"""A shared link's scenario survives the menu: every page shows what the session holds."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page

from conftest import wait_for_app

CLIENT = {"customers": "25000", "churn": "0.04", "cac_multiplier": "7", "budget": "120000"}


def slider_value(page: Page, key: str) -> str:
    """The exact value of customers or budget: their number box (their sliders are
    logarithmic, issue 15, and show it formatted)."""
    return page.locator(f".st-key-{key} input").first.input_value()


@pytest.mark.browser
@pytest.mark.parametrize("menu_entry, path", [("Stress tests", "/stress"),
                                              ("Uncertainty", "/uncertainty"),
                                              ("Compare", "/compare")])
def test_a_shared_link_keeps_its_scenario_when_the_menu_opens_another_page(
        app_url: str, new_page, menu_entry: str, path: str) -> None:
    """Open a share link on the explorer, then another page from the menu without touching a
    slider: that page shows the link's business, and its Share link carries it on."""
    page = new_page()
    query = "&".join(f"{name}={value}" for name, value in CLIENT.items())
    page.goto(f"{app_url}/?{query}")
    wait_for_app(page)
    page.locator('[data-testid="stSidebarNav"]').get_by_text(menu_entry, exact=True).click()
    page.wait_for_url(f"**{path}*")
    wait_for_app(page)
    page.wait_for_timeout(500)
    wait_for_app(page)
    if path != "/compare":
        assert slider_value(page, "customers") == "25000"
        assert slider_value(page, "budget") == "120000"
    page.get_by_text(re.compile("^Share this")).first.click()
    shared = page.locator('[data-testid="stCode"]').first.inner_text()
    for name, value in CLIENT.items():  # `customers=` on a page, `A.customers=` in a comparison
        assert re.search(rf"\b{name}={value}\b", shared), (name, shared)
