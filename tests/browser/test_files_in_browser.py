"""Take-aways in a real browser: download a scenario, change it, load the file back."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest
from conftest import downloaded, kpis, kpis_become, open_files, wait_for_app

pytestmark = pytest.mark.browser

LINK = {"customers": "23400", "churn": "0.072", "budget": "83000", "lang": "en"}


def test_a_downloaded_scenario_loads_back_exactly(app_url: str, new_page, tmp_path) -> None:
    page = new_page()
    open_files(page, f"{app_url}/?{urlencode(LINK)}")
    opened = kpis(page)
    saved = tmp_path / "scenario.json"
    saved.write_bytes(downloaded(page, "Scenario (JSON)").read_bytes())
    document = json.loads(saved.read_text(encoding="utf-8"))
    assert document["scenario"]["customers"] == 23400
    assert document["scenario"]["churn"] == 0.072

    months = downloaded(page, "Months (CSV, for Excel)").read_bytes()
    assert months.startswith("\ufeff".encode()) and b"Revenue" in months

    report = downloaded(page, "Workshop report (HTML)").read_text(encoding="utf-8")
    assert report.startswith("<!DOCTYPE html>") and "budget=83000" in report

    slider = page.locator('.st-key-budget_scale input[type="range"]')  # logarithmic: one rung
    slider.focus()
    slider.press("ArrowRight")
    page.wait_for_function("location.search.includes('budget=85000')", timeout=15_000)
    assert kpis_become(page, unlike=opened) != opened

    page.locator('.st-key-scenario_file input[type="file"]').set_input_files(str(saved))
    page.wait_for_function("location.search.includes('budget=83000')", timeout=15_000)
    assert kpis_become(page, expected=opened) == opened
    assert page.get_by_text("Loaded scenario.json.").count() == 1


def test_a_broken_file_is_named_and_nothing_changes(app_url: str, new_page, tmp_path) -> None:
    page = new_page()
    open_files(page, f"{app_url}/?{urlencode(LINK)}")
    opened = kpis(page)
    broken = tmp_path / "photo.json"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n not a scenario")
    page.locator('.st-key-scenario_file input[type="file"]').set_input_files(str(broken))
    page.get_by_text("photo.json could not be loaded").wait_for(timeout=15_000)
    wait_for_app(page)
    assert kpis(page) == opened
    assert page.locator('[data-testid="stException"]').count() == 0
