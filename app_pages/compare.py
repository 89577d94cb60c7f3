"""Compare: up to four named scenarios side by side, edited in place, one share link for all.

The comparison lives in the URL (`?A=Today&A.churn=0.08&B=Price+rise&B.arpu=45`, see
`strategy.comparison`): every run reads it from `st.query_params`, every change writes it back,
so the address bar is always the current comparison. The page's parameters are not bound
widgets, so the page writes them itself. The last comparison is also remembered for the
session, so a visit to another page (which clears the query string) does not lose it.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

import strategy
from strategy import LETTERS, MOST, Comparison, comparison_json, comparison_query
from ui import compare_cells, compare_table
from ui import compare_charts as cc
from ui import compare_state as cs
from ui.answer import plain
from ui.chart_style import CHART_CONFIG
from ui.compare_report import comparison_report
from ui.controls import scenario_on_arrival
from ui.errors import friendly_errors
from ui.language import translator
from ui.link_check import forget_opening_problems, link_query, opening_problems
from ui.save_load import download
from ui.settings import frame_query
from ui.share import link_popover, page_link

_LAST = "compare_last"  # the comparison's query as last written (survives a page switch)
_EXPLORER = "compare_explorer"  # the explorer's scenario as the user left it
_NOTICE = "compare_notice"  # (title key, lines) shown until the next change
_VERSION = "compare_editor_version"  # a new editor when its cells would not show what is kept
_ADD_LINK = "compare_add_link"
_FILES = "compare_files"  # what the file buttons save: the comparison drawn last (not state)
INPUT_WIDTH, CELL_WIDTH = 300, 150  # pixels; on a phone the grid scrolls sideways

tr = translator()


def write(comparison: Comparison) -> None:
    """Make the URL the comparison (keeping the frame's language and currency)."""
    st.session_state[_LAST] = comparison_query(comparison)
    query = link_query()
    if cs.written(query, comparison):
        return
    for name in cs.own_parameters(query):
        del st.query_params[name]
    for name, value in comparison_query(comparison).items():  # in reading order: A, A's, B…
        st.query_params[name] = value


def notify(title: str, lines: Sequence[str]) -> None:
    st.session_state[_NOTICE] = (title, list(lines)) if lines else None


def current() -> Comparison:
    """The comparison the URL holds; on arrival without one, the last one or the explorer's
    scenario. A link's unusable parameters are named once, and dropped from the URL."""
    comparison, lines = cs.opened(link_query(), st.session_state.get(_LAST),
                                  scenario_on_arrival(_EXPLORER), opening_problems(), tr)
    if lines:
        notify("notice.title", lines)
    forget_opening_problems()  # named here; the explorer should not repeat them
    write(comparison)
    return comparison


# -- changes (callbacks: they run before the page is drawn) ----------------------------------

def apply(change: cs.Change, new_editor: bool = True) -> None:
    """Show the change's notice; a new comparison goes into the URL, and a new editor unless
    the one on screen already shows it."""
    notify(change.title, change.lines)
    if change.comparison is not None:
        write(change.comparison)
        if new_editor:
            st.session_state[_VERSION] = st.session_state.get(_VERSION, 0) + 1


def edited(key: str) -> None:
    """Edits taken as typed keep the editor (a new one would drop a cell the user has begun
    typing into); a corrected edit gets a new editor that shows what was used."""
    change = cs.edits_applied(cs.comparison_now(link_query()),
                              st.session_state[key].get("edited_rows", {}), tr)
    apply(change, new_editor=bool(change.lines))


def added() -> None:
    text = st.session_state.get(_ADD_LINK) or ""
    st.session_state[_ADD_LINK] = ""
    apply(cs.link_added(cs.comparison_now(link_query()), text,
                        scenario_on_arrival(_EXPLORER), tr))


def removed(index: int) -> None:
    apply(cs.Change(cs.comparison_now(link_query()).removed(index)))


def loaded() -> None:
    file = st.session_state.get("comparison_file")
    if file is not None:
        apply(cs.file_loaded(file.getvalue(), file.name, tr))


# -- the page --------------------------------------------------------------------------------

def share_link(comparison: Comparison) -> str:
    return page_link(comparison_query(comparison), tr)


def scenario_cards(comparison: Comparison) -> None:
    """Per scenario: its name, a link to open it in the explorer, and a remove button."""
    count = len(comparison.scenarios)
    for index, (column, (name, scenario)) in enumerate(
            zip(st.columns(count), comparison.scenarios, strict=True)):
        letter = LETTERS[index]
        with column.container(border=True, key=f"compare_card_{letter}"):
            st.markdown(f"**{letter}**" if name == letter else f"**{letter}** · {plain(name)}")
            st.page_link("app_pages/explorer.py", label=tr("compare.open"),
                          icon=":material/open_in_new:",
                          query_params=strategy.share_query(scenario) | frame_query(tr))
            if count > 1:
                st.button(tr("compare.remove"), key=f"compare_remove_{letter}",
                          icon=":material/delete:", on_click=removed, args=(index,))


def add_form(comparison: Comparison) -> None:
    full = len(comparison.scenarios) >= MOST
    with st.form("compare_add", border=False, enter_to_submit=True):
        st.text_input(tr("compare.add_link"), key=_ADD_LINK, help=tr("compare.add_link_help"),
                      disabled=full)
        st.form_submit_button(tr("compare.add"), icon=":material/add:", on_click=added,
                              disabled=full)
    if full:
        st.caption(tr("compare.add_full"))


def editor(comparison: Comparison) -> None:
    letters = comparison.letters
    frame = compare_cells.editor_frame(letters, comparison.names,
                                       [scenario for _, scenario in comparison.scenarios], tr)
    # Cells are read in the page's language: an edit typed in another is not carried over.
    key = f"compare_editor_{tr.language}_{st.session_state.get(_VERSION, 0)}"
    st.data_editor(
        frame, key=key, hide_index=True, width="content", on_change=edited, args=(key,),
        height=(len(frame) + 1) * 35 + 3,
        column_config={"input": st.column_config.TextColumn(tr("compare.input"), disabled=True,
                                                            width=INPUT_WIDTH)}
        | {letter: st.column_config.TextColumn(letter, max_chars=80, width=CELL_WIDTH)
           for letter in letters},
    )
    st.caption(tr("compare.editor_help"))


def results(comparison: Comparison) -> None:
    entries = compare_table.entries_of(comparison)
    st.subheader(tr("compare.results"))
    objectives = list(dict.fromkeys(e[3].recommendation.best.objective for e in entries))
    for objective in objectives:
        st.markdown(f"**{tr('chart.tradeoff.title', objective=tr(f'objective.{objective}'))}**")
        st.plotly_chart(cc.tradeoff_overlay(
            [e for e in entries if e[3].recommendation.best.objective == objective], tr),
            key=f"compare_tradeoff_{objective}", config=CHART_CONFIG,
            alt=tr("compare.tradeoff_alt", objective=tr(f"objective.{objective}")))
    st.markdown(f"**{tr('compare.base_title')}**")
    st.plotly_chart(cc.base_overlay(entries, tr), key="compare_base", config=CHART_CONFIG,
                    alt=tr("compare.base_alt"))
    st.markdown(f"**{tr('compare.table')}**")
    table = compare_table.comparison_table(entries, tr)
    st.dataframe(table, height=(len(table) + 1) * 35 + 3,
                 column_config={"_index": st.column_config.Column(width=INPUT_WIDTH)})
    st.caption(tr("compare.table_help"))


def files(comparison: Comparison, link: str) -> None:
    """Save the comparison (JSON, report) and load one back, in the sidebar."""
    box = st.session_state.setdefault(_FILES, {})
    box.update(comparison=comparison, link=link, tr=tr)
    with st.sidebar.expander(tr("files.title"), icon=":material/download:"):
        download(tr("compare.file_json"), lambda: comparison_json(box["comparison"]),
                 "acquire-or-retain-comparison.json", "application/json", "compare_json")
        download(tr("files.report"),
                 lambda: comparison_report(box["comparison"], box["link"], box["tr"]),
                 "acquire-or-retain-comparison.html", "text/html", "compare_report")
        st.file_uploader(tr("compare.file_load"), type=["json"], key="comparison_file",
                         help=tr("compare.file_load_help"), on_change=loaded,
                         max_upload_size=1)


def page() -> None:
    comparison = current()
    st.title(tr("compare.heading"))
    st.caption(tr("compare.intro"))
    notice = st.session_state.get(_NOTICE)
    if notice:
        title, lines = notice
        st.warning("\n".join([tr(title), *(f"- {line}" for line in lines)]))
    scenario_cards(comparison)
    add_form(comparison)
    link = share_link(comparison)
    link_popover(link, tr("compare.share"), tr("compare.share_help"))
    results(comparison)
    st.subheader(tr("compare.inputs"))  # below the results, which a workshop looks at first
    editor(comparison)
    files(comparison, link)


with friendly_errors(tr):
    page()
