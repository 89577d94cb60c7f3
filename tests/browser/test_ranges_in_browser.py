"""The ranges table in a real browser: a new row is filled in cell by cell, and the sidebar's
summary follows the table."""

from __future__ import annotations

import pytest
from conftest import DESKTOP, wait_for_app
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

ROW, INPUT_X = 35, 120  # the table's row height; a point inside its Input column
TABLE = '[data-testid="stMain"] [data-testid="stDataFrame"]'


def _edit(page: Page, row: int, x: float) -> None:
    """Open the editor of a cell (row 0 is the first under the header)."""
    box = page.locator(TABLE).first.bounding_box()
    page.mouse.dblclick(box["x"] + x, box["y"] + ROW * (row + 1) + ROW / 2)


def _settled(page: Page) -> None:
    page.wait_for_timeout(600)
    wait_for_app(page)


def test_a_new_row_filled_input_first_stays_and_the_sidebar_lists_it(
        app_url: str, new_page) -> None:
    page = new_page(viewport={**DESKTOP, "height": 1200})
    page.goto(f"{app_url}/uncertainty")
    wait_for_app(page)
    page.locator(TABLE).first.hover()
    page.locator('[data-testid="stElementToolbar"] button[aria-label="Add row"]').first.click()
    _edit(page, 2, INPUT_X)  # the new, third row: its input first
    page.get_by_role("option", name="Churn (%)", exact=True).wait_for(timeout=10_000)
    page.keyboard.type("Churn (%)")
    page.keyboard.press("Enter")
    _settled(page)
    grid = page.locator(TABLE).first.locator("table").inner_text()
    assert "Churn (%)" in grid, "the half-filled row vanished on the rerun"

    box = page.locator(TABLE).first.bounding_box()
    for column, value in ((1, "3"), (2, "8")):  # then its low and high ends, in %
        x = box["width"] * (0.6 if column == 1 else 0.88)
        _edit(page, 2, x)
        editor = page.locator("#portal textarea, #portal input").first
        editor.wait_for(timeout=10_000)
        editor.fill(value)
        page.keyboard.press("Enter")
        _settled(page)
    page.wait_for_function("location.search.includes('churn-0.03-0.08')", timeout=15_000)
    _settled(page)
    summary = page.locator('[data-testid="stSidebar"]').inner_text()
    assert "Monthly churn" in summary and "3.0%" in summary and "8.0%" in summary, summary
