"""Compare: up to four named scenarios side by side, edited in place, one share link for all.

The comparison lives in the URL (`?A=Today&A.churn=0.08&B=Price+rise&B.arpu=45`, see
`strategy.comparison`): every run reads it from `st.query_params`, every change writes it back,
so the address bar is always the current comparison. The page's parameters are not bound
widgets, so the page writes them itself. The last comparison is also remembered for the
session, so a visit to another page (which clears the query string) does not lose it.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import streamlit as st

import strategy
from strategy import (
    LETTERS, MOST, Comparison, Problem, Scenario, clean_name, comparison_json, comparison_query,
    is_comparison_query, read_comparison, read_comparison_json,
)
from ui import compare_charts as cc
from ui.answer import plain
from ui.chart_style import CHART_CONFIG
from ui.controls import scenario_on_arrival
from ui.errors import friendly_errors
from ui.language import translator
from ui.link_check import forget_opening_problems, opening_problems
from ui.save_load import download
from ui.settings import FRAME_CHOICES, frame_query
from ui.share import link_popover, page_link

_LAST = "compare_last"  # the comparison's query as last written (survives a page switch)
_EXPLORER = "compare_explorer"  # the explorer's scenario as the user left it
_NOTICE = "compare_notice"  # (title key, lines) shown until the next change
_VERSION = "compare_editor_version"  # a new editor after each edit: it shows what was kept
_ADD_LINK = "compare_add_link"
_FILES = "compare_files"  # what the file buttons save: the comparison drawn last (not state)
INPUT_WIDTH, CELL_WIDTH = 300, 150  # pixels; on a phone the grid scrolls sideways

tr = translator()


def query_now() -> dict[str, list[str]]:
    return {name: st.query_params.get_all(name) for name in st.query_params}


def write(comparison: Comparison) -> None:
    """Make the URL the comparison (keeping the frame's language and currency)."""
    query = comparison_query(comparison)
    st.session_state[_LAST] = query
    mine = {name: values for name, values in query_now().items() if name not in FRAME_CHOICES}
    if mine == {name: [value] for name, value in query.items()} and list(mine) == list(query):
        return
    for name in mine:
        del st.query_params[name]
    for name, value in query.items():  # in reading order: A, A's fields, B, …
        st.query_params[name] = value


def notify(title: str, lines: list[str]) -> None:
    st.session_state[_NOTICE] = (title, lines) if lines else None


def current() -> Comparison:
    """The comparison the URL holds; on arrival without one, the last one or the explorer's
    scenario. A link's unusable parameters are named once, and dropped from the URL."""
    query = query_now()
    explorer = scenario_on_arrival(_EXPLORER)
    if is_comparison_query(query):
        comparison, problems = read_comparison(query, other_parameters=FRAME_CHOICES)
        if problems:
            frame = [p for p in opening_problems() if p.parameter in FRAME_CHOICES]
            notify("notice.title", cc.problem_lines([*problems, *frame], tr))
        # The frame named every comparison parameter as unknown to the explorer: that notice
        # belongs to this page, and the explorer should not repeat it.
        forget_opening_problems()
    else:
        # No comparison in the link: what the frame found unusable in it is named here, once.
        frame = opening_problems()
        if frame:
            notify("notice.title", cc.problem_lines(list(frame), tr))
            forget_opening_problems()
        comparison = read_comparison(st.session_state[_LAST])[0] \
            if _LAST in st.session_state else Comparison.of(explorer)
    write(comparison)
    return comparison


# -- changes (callbacks: they run before the page is drawn) ----------------------------------

def changed(comparison: Comparison, title: str = "", lines: list[str] = ()) -> None:
    write(comparison)
    notify(title, list(lines))
    st.session_state[_VERSION] = st.session_state.get(_VERSION, 0) + 1


def edited(key: str) -> None:
    """Apply the editor's changes, each value checked; say what had to be corrected."""
    comparison = read_comparison(query_now(), other_parameters=FRAME_CHOICES)[0]
    rows = [cc.NAME_ROW, *cc.EDITED_FIELDS]
    edits: dict[int, dict[str, str]] = {}
    for row, columns in st.session_state[key].get("edited_rows", {}).items():
        for letter, text in columns.items():
            if letter in comparison.letters:
                edits.setdefault(LETTERS.index(letter), {})[rows[int(row)]] = text or ""
    lines = []
    for index, cells in sorted(edits.items()):
        letter = LETTERS[index]
        name, scenario = comparison.scenarios[index]
        if cc.NAME_ROW in cells:
            name = clean_name(cells.pop(cc.NAME_ROW), letter)
        if cells:
            values = {field: getattr(scenario, field) for field in Scenario.model_fields} | {
                field: cc.parse_cell(tr, field, text) for field, text in cells.items()}
            reading = strategy.read_inputs(values)
            scenario = reading.scenario
            lines += cc.problem_lines(
                [Problem(f"{letter}.{p.parameter}", cells.get(p.parameter, p.given), p.reason,
                         p.used) for p in reading.problems], tr,
                parameter=lambda p: f"{p.parameter[0]} · "
                                    f"{cc.field_label(tr, p.parameter[2:])}")
        comparison = comparison.replaced(index, name=name, scenario=scenario)
    changed(comparison, "compare.edit_notice", lines)


def added() -> None:
    """A new scenario: from the pasted link, else a copy of the explorer's scenario."""
    comparison = read_comparison(query_now(), other_parameters=FRAME_CHOICES)[0]
    text = (st.session_state.get(_ADD_LINK) or "").strip()
    st.session_state[_ADD_LINK] = ""
    if not text:
        changed(comparison.added(scenario_on_arrival(_EXPLORER)))
        return
    query = parse_qs(urlsplit(text).query if "?" in text or "://" in text else text,
                     keep_blank_values=True)
    if not query:
        notify("compare.edit_notice", [tr("compare.not_a_link", given=plain(text))])
        return
    if is_comparison_query(query):
        linked, problems = read_comparison(query, other_parameters=FRAME_CHOICES)
        for name, scenario in linked.scenarios[: MOST - len(comparison.scenarios)]:
            comparison = comparison.added(scenario, name)
    else:
        reading = strategy.read_link(query, other_parameters=FRAME_CHOICES)
        problems = reading.problems
        comparison = comparison.added(reading.scenario)
    changed(comparison, "notice.title", cc.problem_lines(problems, tr))


def removed(index: int) -> None:
    comparison = read_comparison(query_now(), other_parameters=FRAME_CHOICES)[0]
    changed(comparison.removed(index))


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
                          query_params=strategy.share_query(scenario)
                          | frame_query(tr))
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
    frame = cc.editor_frame(letters, comparison.names,
                            [scenario for _, scenario in comparison.scenarios], tr)
    key = f"compare_editor_{st.session_state.get(_VERSION, 0)}"
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
    entries = cc.entries_of(comparison)
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
    table = cc.comparison_table(entries, tr)
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
                 lambda: cc.comparison_report(box["comparison"], box["link"], box["tr"]),
                 "acquire-or-retain-comparison.html", "text/html", "compare_report")
        st.file_uploader(tr("compare.file_load"), type=["json"], key="comparison_file",
                         help=tr("compare.file_load_help"), on_change=loaded,
                         max_upload_size=1)


def loaded() -> None:
    """A comparison file replaces the comparison; what in it was unusable is named."""
    file = st.session_state.get("comparison_file")
    if file is None:
        return
    comparison, problems = read_comparison_json(file.getvalue())
    if comparison is None:
        [problem] = problems
        notify("compare.file_notice", [tr("files.unusable", name=plain(file.name),
                                           reason=tr(f"reason.{problem.reason}"),
                                           given=plain(problem.given))])
        return
    changed(comparison, "compare.file_notice", cc.problem_lines(problems, tr))


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
