"""A page that fails to draw says so plainly; the details go to the server log."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from .i18n import Translator

_LOG = logging.getLogger(__name__)


@contextmanager
def friendly_errors(tr: Translator) -> Iterator[None]:
    """If drawing a scenario fails, say so plainly instead of showing a traceback. The inputs
    stay as they are, so the user can try another value."""
    try:
        yield
    except Exception:  # noqa: BLE001 - whatever failed, the user gets the plain message
        _LOG.exception("a page failed to draw")
        st.error(tr("app.error"))
