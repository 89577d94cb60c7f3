"""The compare page in a real browser: build a comparison, share it, reopen it; fits a phone."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from conftest import (
    DESKTOP, PHONE, RESULT_TABLES, cut_off, downloaded, open_files, wait_for_app,
)
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

INPUT_WIDTH, CELL_WIDTH, ROW = 300, 150, 35  # app_pages/compare.py's editor layout


EDITOR = '[class*="st-key-compare_editor"] [data-testid="stDataFrame"]'


def table_text(page: Page) -> str:
    """The results table (above the inputs editor) as the grid's accessible table reads it."""
    return page.locator(RESULT_TABLES).first.locator("table").inner_text()


def table_once(page: Page, text: str, timeout_s: float = 15.0) -> str:
    """The results table once the rerun has drawn `text` in it (the URL changes first)."""
    deadline = time.monotonic() + timeout_s
    while True:
        wait_for_app(page)
        shown = table_text(page)
        if text in shown or time.monotonic() > deadline:
            return shown
        page.wait_for_timeout(200)


def open_cell(page: Page, row: int, column: int) -> None:
    """Double-click the editor's cell (row 0 is the name, column 0 is A) and wait for its editor."""
    grid = page.locator(EDITOR)
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.dblclick(box["x"] + INPUT_WIDTH + CELL_WIDTH * column + CELL_WIDTH / 2,
                        box["y"] + ROW * (row + 1) + ROW / 2)
    page.locator("#portal textarea, #portal input").first.wait_for(timeout=10_000)


def edit_cell(page: Page, row: int, column: int, text: str) -> None:
    """Type into the editor's cell (row 0 is the name, column 0 is A)."""
    open_cell(page, row, column)
    page.locator("#portal textarea, #portal input").first.fill(text)
    page.keyboard.press("Enter")


def editor_rows(page: Page) -> list[list[str]]:
    """The inputs editor's cells, row by row, as its accessible table reads them."""
    page.locator(EDITOR).scroll_into_view_if_needed()
    page.locator(EDITOR).locator("table tbody tr").first.wait_for(state="attached",
                                                                  timeout=10_000)
    return [row.locator("td").all_inner_texts()
            for row in page.locator(EDITOR).locator("table tbody tr").all()]


def test_a_second_edit_typed_while_the_first_is_answered_is_kept(app_url: str,
                                                                 new_page) -> None:
    """Issue 18: a user who goes straight on to the next cell, selects its text (Ctrl+A) and
    types, while the page is still answering the first edit, keeps both edits."""
    page = new_page(viewport={"width": 1366, "height": 2200})
    page.goto(f"{app_url}/compare?A=A&B=B&lang=en")
    wait_for_app(page)
    page.locator(EDITOR).scroll_into_view_if_needed()
    open_cell(page, 2, 1)
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("8", delay=60)
    page.keyboard.press("Enter")  # B's churn: 8%; its rerun starts now
    open_cell(page, 0, 1)  # straight on to B's name
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("Quick typist", delay=120)  # a person's pace, over the rerun's answer
    page.keyboard.press("Enter")
    page.wait_for_function("location.search.includes('B=Quick')", timeout=15_000)
    query = parse_qs(urlsplit(page.url).query)
    assert query["B"] == ["Quick typist"] and query["B.churn"] == ["0.08"]
    assert "Quick typist" in table_once(page, "Quick typist")


def test_a_corrected_edit_shows_the_value_used_in_its_cell(app_url: str, new_page) -> None:
    """The editor is kept across edits taken as typed, but not across a corrected one: the cell
    then shows what was used, as the notice says."""
    page = new_page(viewport={"width": 1366, "height": 2200})
    page.goto(f"{app_url}/compare?A=A&B=B&lang=en")
    wait_for_app(page)
    edit_cell(page, 2, 1, "80")  # B's monthly churn: outside 0-50%
    notice = page.get_by_text("Part of the last edit could not be used")
    notice.wait_for(timeout=15_000)
    wait_for_app(page)
    assert "using 5.0%" in page.locator('[data-testid="stAlert"]').inner_text()
    assert editor_rows(page)[2] == ["Monthly churn", "5%", "5%"]


def test_a_comparison_built_in_the_page_reopens_from_its_link(app_url: str, new_page) -> None:
    page = new_page(viewport={"width": 1366, "height": 2200})
    page.goto(f"{app_url}/compare")
    wait_for_app(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    page.get_by_role("button", name="Add a scenario").click()
    page.wait_for_function("location.search.includes('B=B')", timeout=15_000)
    wait_for_app(page)
    edit_cell(page, 2, 1, "8")  # B's monthly churn: 8%
    page.wait_for_function("location.search.includes('B.churn=0.08')", timeout=15_000)
    wait_for_app(page)
    edit_cell(page, 0, 1, "Churn & <b>worse</b>")
    page.wait_for_function("location.search.includes('worse')", timeout=15_000)
    shown = table_once(page, "worse")
    assert "8.0% ▲ +3.0 pp (+60.0%)" in shown
    markdown = page.locator('[data-testid="stMarkdown"]').all_inner_texts()
    assert "B · Churn & <b>worse</b>" in markdown
    assert parse_qs(urlsplit(page.url).query)["B"] == ["Churn & <b>worse</b>"]

    page.get_by_text("Share this comparison").click()
    shared = page.locator('[data-testid="stCode"]').inner_text().strip()
    assert shared.startswith(f"{app_url}/compare?") and len(shared) < 2000
    again = new_page(viewport={"width": 1366, "height": 2200}, locale="hu-HU")
    again.goto(shared)
    wait_for_app(again)
    assert table_text(again) == shown  # the link carries the language too
    assert again.locator('[data-testid="stAlert"]').count() == 0
    assert again.locator(".js-plotly-plot").count() == 2


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_compare_page_fits_the_screen(app_url: str, new_page,
                                          viewport: dict[str, int]) -> None:
    page = new_page(viewport=viewport)
    query = {"A": "Today", "A.churn": "0.072", "B": "A much longer scenario name, for once",
             "B.arpu": "46.5", "C": "Capped", "C.market": "900000", "D": "Revenue",
             "D.objective": "revenue", "lang": "hu"}
    page.goto(f"{app_url}/compare?{urlencode(query)}")
    wait_for_app(page)
    assert page.locator(".js-plotly-plot").count() == 3
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    assert cut_off(page) == []


def test_a_saved_comparison_loads_back_in_a_new_session(app_url: str, new_page,
                                                        tmp_path) -> None:
    query = {"A": "Today <script>", "A.churn": "0.072", "B": "Price rise", "B.arpu": "46.5",
             "lang": "en"}
    page = new_page(viewport={"width": 1366, "height": 2200})
    open_files(page, f"{app_url}/compare?{urlencode(query)}")
    shown = table_text(page)
    saved = tmp_path / "comparison.json"
    saved.write_bytes(downloaded(page, "Comparison (JSON)").read_bytes())
    report = downloaded(page, "Workshop report (HTML)").read_text(encoding="utf-8")
    assert "Today &lt;script&gt;" in report and "<script>alert" not in report

    fresh = new_page(viewport={"width": 1366, "height": 2200})
    open_files(fresh, f"{app_url}/compare?lang=en")
    fresh.locator('.st-key-comparison_file input[type="file"]').set_input_files(str(saved))
    fresh.wait_for_function("location.search.includes('Price')", timeout=15_000)
    assert table_once(fresh, "Price rise") == shown
