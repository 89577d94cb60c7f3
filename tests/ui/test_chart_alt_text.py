"""Every chart says in words what it shows (its accessible name), in the page's language."""

from __future__ import annotations

import pytest

PAGES = [
    (None, {}),
    ("app_pages/stress.py", {"shock_loss": "0.25"}),
    ("app_pages/compare.py", {"A": "Today", "B": "More churn", "B.churn": "0.08"}),
    ("app_pages/uncertainty.py", {"draws": "200"}),
]


@pytest.mark.parametrize(("page", "query"), PAGES,
                         ids=["explorer", "stress", "compare", "uncertainty"])
def test_every_chart_has_alt_text_in_the_language(open_app, page: str | None,
                                                  query: dict[str, str]) -> None:
    texts = {}
    for language in ("en", "hu"):
        app = open_app(query | {"lang": language}, page=page)
        assert not app.exception
        charts = app.get("plotly_chart")
        assert charts
        texts[language] = [chart.proto.alt for chart in charts]
        assert all(len(text) > 40 for text in texts[language]), texts[language]
    assert all(en != hu for en, hu in zip(texts["en"], texts["hu"], strict=True))
    assert all("{" not in text for text in texts["en"] + texts["hu"])  # placeholders filled
