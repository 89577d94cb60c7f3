"""Share links: the full address of this page for a scenario or a query, in a Share control."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st

from strategy import Scenario, share_query

from .i18n import Translator
from .page_parameters import page_view
from .save_load import shown
from .settings import frame_query
from .takeaways import Section


def share_popover(scenario: Scenario, tr: Translator, extra: Sequence[Section] = ()) -> None:
    """The Share control with the page's full link; also what the Save and load buttons save."""
    link = share_link(scenario, tr)
    shown().update(scenario=scenario, link=link, tr=tr, extra=tuple(extra))
    link_popover(link, tr("explorer.share"), tr("explorer.share_help"))


def link_popover(link: str, label: str, help_text: str) -> None:
    """A Share control: the full link, ready to copy, under a line saying what it reopens."""
    with st.popover(label, icon=":material/share:"):
        st.caption(help_text)
        st.code(link, language=None, wrap_lines=True)


def share_link(scenario: Scenario, tr: Translator) -> str:
    """The full link of this page for the scenario, language and currency: every field
    written out, so it means the same thing even if the app's defaults change."""
    return page_link(share_query(scenario), tr)


def page_link(query: dict[str, str], tr: Translator) -> str:
    """This page's full address with `query`, its view (`page_view`), the language and the
    currency."""
    return app_address(urlsplit(st.context.url or "").path or "/",
                       query | page_view() | frame_query(tr))


def app_address(path: str, query: Mapping[str, str]) -> str:
    """The full address of a page of this app (`path` such as "/room"), with `query`."""
    parts = urlsplit(st.context.url or "")
    return urlunsplit((parts.scheme, parts.netloc, path, urlencode(query), ""))
