"""AppTest helpers: run the real entry script, optionally from a link's query string."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture
def open_app() -> Callable[..., AppTest]:
    """Open the app as a link would: query parameters seeded before the first run."""

    def opened(query: Mapping[str, str | list[str]] | None = None,
               page: str | None = None) -> AppTest:
        app = AppTest.from_file(APP, default_timeout=60)
        if page is not None:  # e.g. "app_pages/stress.py": open that page's link directly
            app.switch_page(page)
        for name, value in (query or {}).items():
            app.query_params[name] = value
        return app.run()

    return opened
