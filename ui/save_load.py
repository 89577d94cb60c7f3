"""Save and load in the sidebar: the scenario as JSON, its months as CSV, the workshop report.

The files are built when a button is clicked (Streamlit runs the callable on its own thread), so
a rerun never pays for them. They read the scenario the page last drew from `shown`, a plain
dict the page refreshes on every run: the scenario itself lives in the widgets and the URL.
A loaded file sets the widgets, which rewrite the URL, so the share link follows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

import strategy
from strategy import read_scenario_json, scenario_json

from .answer import notice_lines, plain
from .url import write_choice
from .fields import CONTROLS
from .i18n import Translator
from .takeaways import report_html, trajectories_csv

_SHOWN = "shown_scenario"  # what the page last drew: scenario, link, translator, extra sections
_LOADED = "loaded_file"  # the last loaded file's name and problems, shown once


def shown() -> dict[str, Any]:
    """The dict a page fills with what it draws (`scenario`, `link`, `tr`, optional `extra`)."""
    return st.session_state.setdefault(_SHOWN, {})


def save_and_load(tr: Translator) -> None:
    """Download buttons and a file loader, in a sidebar expander."""
    box = shown()
    with st.sidebar.expander(tr("files.title"), icon=":material/download:"):
        download(tr("files.json"), lambda: scenario_json(box["scenario"]),
                  "acquire-or-retain-scenario.json", "application/json", "download_json")
        download(tr("files.csv"),
                  lambda: trajectories_csv(strategy.analyse(box["scenario"]), box["tr"]),
                  "acquire-or-retain-months.csv", "text/csv", "download_csv")
        download(tr("files.report"),
                  lambda: report_html(box["scenario"], box["link"], box["tr"],
                                      box.get("extra", ())),
                  "acquire-or-retain-report.html", "text/html", "download_report")
        st.file_uploader(tr("files.load"), type=["json"], key="scenario_file",
                         help=tr("files.load_help"), on_change=_load, max_upload_size=1)
        loaded = st.session_state.pop(_LOADED, None)
        if loaded is not None:
            _report_load(tr, *loaded)


def download(label: str, build: Callable[[], str | bytes], name: str, mime: str,
             key: str) -> None:
    """A download button whose file is built on click, with no rerun after it."""
    st.download_button(label, build, file_name=name, mime=mime, key=key, on_click="ignore",
                       icon=":material/download:", width="stretch")


def _load() -> None:
    """Put a loaded scenario into the widgets (callbacks run before the widgets are drawn)."""
    file = st.session_state.get("scenario_file")
    if file is None:
        return
    reading = read_scenario_json(file.getvalue())
    if not any(problem.parameter == "file" for problem in reading.problems):
        for control in CONTROLS:
            st.session_state[control.field] = getattr(reading.scenario, control.field)
        # A coded choice keeps the URL itself.
        write_choice("objective", reading.scenario.objective, strategy.Scenario().objective)
    st.session_state[_LOADED] = (file.name, reading)


def _report_load(tr: Translator, name: str, reading: strategy.Reading) -> None:
    if not reading.problems:
        st.success(tr("files.loaded", name=plain(name)))
        return
    for problem in reading.problems:
        if problem.parameter == "file":
            st.error(tr("files.unusable", name=plain(name),
                        reason=tr(f"reason.{problem.reason}"), given=plain(problem.given)))
            return
    st.warning("\n".join([tr("files.partly", name=plain(name)), *(
        f"- {line}" for line in notice_lines(list(reading.problems), reading.scenario, tr))]))
