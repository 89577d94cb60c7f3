"""Language and currency: chosen in the sidebar, bound to the URL."""

from __future__ import annotations

import streamlit as st

from .controls import coded_choice
from .i18n import CURRENCIES, DEFAULT_CURRENCY, LANGUAGES, Translator, language_from_locale
from .settings import CURRENCY, LANGUAGE


def choose_language_and_currency() -> Translator:
    """Language from the link, else the browser, else English; both bound to the URL."""
    browser = language_from_locale(st.context.locale)
    chosen = st.session_state.get(LANGUAGE) or st.query_params.get(LANGUAGE)
    tr = Translator(chosen if chosen in LANGUAGES else browser)
    with st.sidebar:
        language, currency = st.columns(2)
        with language:
            coded_choice(st.radio, label=tr("app.language"), options=tuple(LANGUAGES),
                         default=browser, format_func=LANGUAGES.__getitem__, key=LANGUAGE)
        currency.selectbox(
            tr("app.currency"), CURRENCIES, index=CURRENCIES.index(DEFAULT_CURRENCY),
            help=tr("app.currency_help"), key=CURRENCY, bind="query-params",
        )
    return translator()


def translator() -> Translator:
    """The language and currency chosen in the frame, for the page being drawn."""
    return Translator(st.session_state[LANGUAGE], st.session_state[CURRENCY])
