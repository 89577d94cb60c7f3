"""Language and currency as a link carries them (no Streamlit): their parameters and choices."""

from __future__ import annotations

from .i18n import CURRENCIES, LANGUAGES, Translator

LANGUAGE, CURRENCY = "lang", "currency"  # the links' parameters, and their widgets' keys
FRAME_CHOICES: dict[str, tuple[str, ...]] = {LANGUAGE: tuple(LANGUAGES), CURRENCY: CURRENCIES}


def frame_query(tr: Translator) -> dict[str, str]:
    """The language and currency as a link's parameters, so a link opens as it was seen."""
    return {LANGUAGE: tr.language, CURRENCY: tr.currency}
