"""Values the app keeps in the URL by hand, where no widget can be bound to it."""

from __future__ import annotations

import streamlit as st


def write_choice(key: str, code: str, default: str) -> None:
    """A value synced by hand into the URL: left out when it is the default, like bound
    widgets. Only a real change is written: every write sends the whole query string to the
    browser, which could overtake a value a slider has just bound into it."""
    if code == default:
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get(key) != code:
        st.query_params[key] = code
