"""A page's results in a keyed fragment, rerun alone when a sidebar widget changes."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from strategy import Scenario

from .controls import current_reading
from .errors import friendly_errors
from .i18n import Translator
from .link_check import link_notice


def live_results(key: str, tr: Translator, draw: Callable[[Scenario], None]) -> None:
    """A page's results in a keyed fragment, which the sidebar's widgets rerun alone
    (`on_change=lambda: st.rerun(key)`): the scenario the widgets hold, the notice naming what
    had to be corrected in it, then `draw(scenario)`; a failure is a plain message."""

    @st.fragment(key=key)
    def results() -> None:
        with friendly_errors(tr):
            reading = current_reading()
            link_notice(reading, tr)
            draw(reading.scenario)

    results()
