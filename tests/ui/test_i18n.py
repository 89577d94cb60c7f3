"""Both catalogs hold the same keys and placeholders; numbers follow the language."""

from __future__ import annotations

import re

import numpy as np
import pytest

from ui.i18n import LANGUAGES, Translator, catalog, language_from_locale


def test_every_key_exists_in_every_language() -> None:
    keys = {language: set(catalog(language)) for language in LANGUAGES}
    english = keys["en"]
    for language, found in keys.items():
        assert found == english, (language, found ^ english)


def test_translations_keep_the_placeholders() -> None:
    placeholders = lambda text: sorted(re.findall(r"{(\w+)}", text))
    for key, text in catalog("en").items():
        assert placeholders(catalog("hu")[key]) == placeholders(text), key


def test_no_translation_is_empty() -> None:
    for language in LANGUAGES:
        assert all(text.strip() for text in catalog(language).values()), language


@pytest.mark.parametrize("browser, language", [
    ("hu-HU", "hu"), ("hu", "hu"), ("en-GB", "en"), ("de-DE", "en"), (None, "en"), ("", "en"),
])
def test_language_from_browser_locale(browser: str | None, language: str) -> None:
    assert language_from_locale(browser) == language


@pytest.mark.parametrize("language, currency, money, percent, count", [
    ("en", "USD", "$1,234,568", "41.3%", "12,345"),
    ("hu", "HUF", "1\u00a0234\u00a0568\u00a0Ft", "41,3%", "12\u00a0345"),
    ("hu", "EUR", "1\u00a0234\u00a0568\u00a0EUR", "41,3%", "12\u00a0345"),
])
def test_numbers_follow_the_locale(language: str, currency: str, money: str, percent: str,
                                   count: str) -> None:
    tr = Translator(language, currency)
    assert tr.money(1_234_567.8) == money
    assert tr.percent(0.4128) == percent
    assert tr.number(12_345.4) == count


def test_unbounded_values_read_as_such() -> None:
    tr = Translator()
    assert tr.money(float("inf")) == "∞"
    assert tr.number(float("nan")) == "–"


def test_remembered_numbers_follow_the_language_and_currency() -> None:
    """Formatted numbers are remembered per translator: the same value reads differently in
    another language or currency, numpy scalars read as floats, and a 0-d array (which cannot
    be a key) is still formatted."""
    english, hungarian = Translator("en", "USD"), Translator("hu", "USD")
    euro = Translator("en", "EUR")
    assert english.money(1234.5) == "$1,234"
    assert hungarian.money(1234.5) == "1\u00a0234\u00a0USD"
    assert euro.money(1234.5) == "€1,234"
    assert english.money(1234.5) == "$1,234"  # remembered, unchanged by the others
    assert english.percent(np.float64(0.125)) == english.percent(0.125) == "12.5%"
    assert english.number(np.asarray(5000.0)) == "5,000"


@pytest.mark.parametrize("language", ["en", "hu"])
def test_no_text_leans_on_unnamed_articles_or_shouts_sources(language: str) -> None:
    """Users never saw "the articles" and SOURCES.md is a file of ours, not a word for them."""
    for key, text in catalog(language).items():
        assert "SOURCES" not in text, key
        assert not text.startswith(("The articles'", "A cikkek ")), key


# Issue 18: the Hungarian texts address the user informally ("te"), as the newer ones did
# ("Töltsd fel", "a te tervedre"); the older ones said "Ön" and used formal imperatives. These
# are the formal words that were replaced: none of them is a third-person form in our texts.
FORMAL = re.compile(
    r"\b[Öö]n(?:nek|t|é|ök|öké|öknek|nél|höz|től|re|ről|ben)?\b"  # Ön, Önnek, az Ön terve, Öné
    r"|\b(?:Mozgassa|Kapcsolja|Másolja|Illesszen|Írja|[Íí]rjon|[Pp]róbáljon|[Tt]öltse|[Mm]entsen"
    r"|Hangsúlyozza|Maradjon|[Vv]álassza|[Nn]ézze|hagyhatja|szeretné|láthatja|megadhatja)\b"
    r"|\b[Aa]dja meg\b"
)
# A value glued into a sentence by a demonstrative and a colon: "többletet hoz ebben: Profit
# nettó jelenértéke", "eléri ezt: 15 E", "ezt maximalizálja: {objective}".
GLUED = re.compile(r"\b(?:ebben|ezt|erre|ennyit|ennyivel)(?: \w+){0,2}: \{")


def formal_words(text: str) -> list[str]:
    return [match.group(0) for match in FORMAL.finditer(text)]


def test_the_hungarian_texts_address_the_user_informally() -> None:
    formal = {key: formal_words(text) for key, text in catalog("hu").items() if formal_words(text)}
    assert not formal, formal


def test_no_hungarian_template_glues_a_label_on_with_a_colon() -> None:
    glued = {key: text for key, text in catalog("hu").items() if GLUED.search(text)}
    assert not glued, glued


@pytest.mark.parametrize("link", [
    {"retention_share": "0.1"},  # leans to retention: the gain sentence names the objective
    {"retention_share": "0.9", "objective": "customers", "chart": "marginal"},
])
def test_the_hungarian_explorer_says_te_and_names_the_objective_naturally(
        open_app, link: dict[str, str]) -> None:
    """The whole rendered page, chart descriptions included, has no formal address, and the
    answer names the objective in brackets after "a célértéket/célértékben", not after
    "ebben:" (it read "többletet hoz ebben: Profit nettó jelenértéke")."""
    from apptest import page_text

    app = open_app({"lang": "hu"} | link)
    assert not app.exception and not app.error
    texts = page_text(app) + [chart.proto.alt for chart in app.get("plotly_chart")]
    assert not [words for text in texts if (words := formal_words(text))], texts
    objective = catalog("hu")[f"objective.{link.get('objective', 'npv')}"]
    answer = app.markdown[0].value
    assert answer.startswith("### Fordíts többet")  # the lean, so the gain sentence is there
    assert f"többletet hoz a célértékben ({objective})." in answer
    assert "ebben:" not in answer and f": {objective}" not in answer
