"""Issue 18: on a phone the sidebar covered three quarters of the screen and stayed open after
each change, hiding the answer it had just changed. It now closes once the change's rerun has
ended; on a desktop it stays, and opening an expander in it closes nothing."""

from __future__ import annotations

import pytest
from conftest import DESKTOP, PHONE, kpis_become, wait_for_app
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

SIDEBAR = '[data-testid="stSidebarContent"]'


def sidebar_open(page: Page) -> bool:
    """The sidebar's content is on screen (a closed one is moved out of the viewport)."""
    box = page.locator(SIDEBAR).bounding_box()
    return box is not None and box["x"] + box["width"] > 10


def open_sidebar(page: Page) -> None:
    page.locator('[data-testid="stExpandSidebarButton"]').click()
    page.wait_for_function(
        f"(() => {{ const box = document.querySelector('{SIDEBAR}')?.getBoundingClientRect();"
        " return box && box.right > 10 && box.left >= -1; })()", timeout=5_000)


def move_churn(page: Page) -> list[str]:
    """Press the churn scale's right arrow (one rung) and wait for the answer to change."""
    before = page.locator('[data-testid="stMetric"]').all_inner_texts()
    page.locator('.st-key-churn_scale input[type="range"]').focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("location.search.includes('churn=0.055')", timeout=15_000)
    return kpis_become(page, unlike=before)


def test_on_a_phone_the_sidebar_closes_after_a_change(app_url: str, new_page) -> None:
    page = new_page(viewport=PHONE)
    page.goto(f"{app_url}/?lang=en")
    wait_for_app(page)
    assert not sidebar_open(page)  # a phone starts with it closed
    open_sidebar(page)
    page.locator(f'{SIDEBAR} [data-testid="stExpander"] summary').first.click()
    page.wait_for_timeout(800)
    assert sidebar_open(page)  # an expander opened: nothing ran, nothing closes
    move_churn(page)
    page.wait_for_function(
        f"(() => {{ const box = document.querySelector('{SIDEBAR}')?.getBoundingClientRect();"
        " return !box || box.right <= 10; })()", timeout=5_000)
    answer = page.locator("h3").first
    assert answer.is_visible() and answer.bounding_box()["x"] < PHONE["width"] / 4


def test_on_a_desktop_the_sidebar_stays(app_url: str, new_page) -> None:
    page = new_page(viewport=DESKTOP)
    page.goto(f"{app_url}/?lang=en")
    wait_for_app(page)
    move_churn(page)
    page.wait_for_timeout(1_000)
    assert sidebar_open(page)
