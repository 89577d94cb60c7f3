"""The workshop room in a real browser: a facilitator creates a room on a desktop, two people
join on phones (390×844) and submit, the board counts them by itself (its fragment refreshes),
the reveal reaches the phones, and the explorer opens on the team's median scenario."""

from __future__ import annotations

import re
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import (
    ARTIFACTS, PHONE, cut_off, downloaded, full_page_screenshot, wait_for_app,
)
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser
SHOTS = ARTIFACTS / "screenshots"


def join_and_submit(new_page, app_url: str, code: str, name: str, churn: str,
                    steps: int) -> Page:
    phone = new_page(viewport=PHONE)
    phone.goto(f"{app_url}/room?room={code}&lang=en")
    wait_for_app(phone)
    phone.locator(".st-key-room_name input").fill(name)
    phone.locator(".st-key-room_churn input").fill(churn)
    slider = phone.locator('.st-key-room_guess [role="slider"], .st-key-room_guess input')
    slider.first.focus()
    for _ in range(abs(steps)):
        phone.keyboard.press("ArrowRight" if steps > 0 else "ArrowLeft")
    phone.locator(".st-key-room_submit button").click()
    expect(phone.get_by_text("Submitted. You can change it")).to_be_visible(timeout=15_000)
    return phone


def metric(page: Page, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]', has_text=label).first
    return box.locator('[data-testid="stMetricValue"]').inner_text()


def test_create_join_submit_reveal_and_open_the_explorer(app_url: str, new_page) -> None:
    board = new_page()
    board.goto(f"{app_url}/room?lang=en")
    wait_for_app(board)
    board.get_by_role("button", name=re.compile("Create a room")).click()
    board.wait_for_url(re.compile(r"room=[A-Z2-9]{6}"))
    wait_for_app(board)
    query = parse_qs(urlsplit(board.url).query)
    code = query["room"][0]
    assert "key" not in query  # the projected address bar never shows the facilitator's key
    expect(board.get_by_text(f"Room {code}")).to_be_visible()
    expect(board.locator('[data-testid="stImage"] img')).to_be_visible()  # the QR code

    anna = join_and_submit(new_page, app_url, code, "Anna <b>K</b>", "3.5", -20)
    ben = join_and_submit(new_page, app_url, code, "Ben", "7.5", 10)
    assert "Anna" not in ben.inner_text("body")  # nobody sees anyone else's
    assert cut_off(ben) == []  # nothing wider than the phone
    full_page_screenshot(ben, SHOTS / "room-phone.png")

    # The board counts them without a reload: its fragment reruns every few seconds.
    deadline = time.monotonic() + 20
    while metric(board, "Joined") != "2" and time.monotonic() < deadline:
        board.wait_for_timeout(500)
    assert metric(board, "Joined") == "2"
    board.get_by_role("button", name="Reveal").click()
    expect(board.get_by_text("Model's best retention share")).to_be_visible(timeout=15_000)
    wait_for_app(board)
    assert "Anna" not in board.locator('[data-testid="stMarkdown"]').all_inner_texts()
    # The export holds every submission once, the name as typed (plain text).
    rows = downloaded(board, "Submissions (CSV)").read_text(encoding="utf-8-sig").splitlines()
    assert len(rows) == 3 and rows[0].startswith("name,churn,")
    assert sorted(row.split(",")[0] for row in rows[1:]) == ["Anna <b>K</b>", "Ben"]
    board.wait_for_timeout(1500)
    full_page_screenshot(board, SHOTS / "room-board.png")

    # The phones follow the reveal by themselves.
    expect(anna.get_by_text("points away")).to_be_visible(timeout=20_000)
    assert cut_off(anna) == []
    assert metric(anna, "Your guess") == "30.0%"
    assert "on the table against the best split" in anna.inner_text("body")

    with board.context.expect_page() as opened:
        board.get_by_text("Open the team's median scenario in the explorer").click()
    explorer = opened.value
    explorer.wait_for_load_state()
    wait_for_app(explorer)
    link = parse_qs(urlsplit(explorer.url).query)
    assert float(link["churn"][0]) == pytest.approx(0.055)  # the median of 3.5% and 7.5%
    expect(explorer.locator('[data-testid="stMetric"]').first).to_be_visible(timeout=20_000)
    assert "churn" not in " ".join(explorer.locator('[data-testid="stAlert"]').all_inner_texts())
