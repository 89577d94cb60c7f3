"""Calibrate: an order export in, the scenario it tells out, with the evidence."""

import pandas as pd
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

import strategy
from strategy import (
    MAX_BYTES, Calibration, FileReport, ReadOptions, TableReading, calibrate, read_orders,
    read_spend, sample_orders_csv,
)
from ui import calibrate_view as cv
from ui.answer import literal_dollars, plain
from ui.chart_style import CHART_CONFIG
from ui.controls import scenario_on_arrival
from ui.errors import friendly_errors
from ui.language import translator
from ui.link_check import link_notice, link_reading

tr = translator()
st.title(tr("calibrate.heading"))
st.caption(tr("calibrate.intro", limit=MAX_BYTES // 1_000_000))
LIMIT_MB = MAX_BYTES // 1_000_000
_BASE = "calibrate_base"  # the scenario the user came with: what the data cannot tell keeps it


def sample_button() -> None:
    st.download_button(tr("calibrate.sample"), sample_orders_csv().encode("utf-8"),
                       "acquire-or-retain-sample-orders.csv", "text/csv", key="sample_orders",
                       icon=":material/download:")


@st.cache_data(max_entries=4, show_spinner=False)
def read(data: bytes, options: str, spend: bool) -> TableReading:
    """A file read with the user's corrections (remembered: a correction reruns the page)."""
    reader = read_spend if spend else read_orders
    return reader(data, ReadOptions.model_validate_json(options))


def corrections(report: FileReport, prefix: str) -> ReadOptions:
    """What was detected, each as a choice the user can change; the options to read with."""
    styles: dict[str, str | None] = {}
    columns = st.columns(4)
    for column, (name, options) in zip(columns, cv.CORRECTIONS.items(), strict=True):
        detected = getattr(report, name)
        with column:
            styles[name] = st.selectbox(
                tr(f"calibrate.detected.{name}"), options,
                index=options.index(detected) if detected in options else None,
                format_func=lambda code, name=name: tr(f"calibrate.{name}.{code}")
                if name != "encoding" else code,
                key=f"{prefix}_{name}", placeholder=tr("calibrate.not_detected"))
    picked: dict[str, int] = {}
    names = cv.column_names(report, tr)  # without a header: "column 2 (0001 …)"
    if names:
        roles = [role for role, _ in report.columns]
        mapped = dict(report.columns)
        role_columns = st.columns(max(len(roles), 1))
        for column, role in zip(role_columns, roles, strict=True):
            with column:
                picked[role] = st.selectbox(tr(f"calibrate.role.{role}"), range(len(names)),
                                            index=mapped[role], key=f"{prefix}_column_{role}",
                                            format_func=lambda i: names[i])
    return cv.corrected(report, styles, picked)


def read_with_corrections(file: UploadedFile, prefix: str, spend: bool) -> TableReading:
    """Read, show what was found (correctable) and what was skipped."""
    data = file.getvalue()
    options = st.session_state.get(f"{prefix}_options", ReadOptions())
    reading = read(data, options.model_dump_json(), spend)
    report = reading.report
    if report.problem is not None:
        st.error(tr(f"calibrate.problem.{report.problem}", name=plain(file.name),
                    limit=LIMIT_MB))
        sample_button()
        return reading
    with st.expander(tr("calibrate.detected_title", name=plain(file.name), rows=tr.number(
            report.used), all=tr.number(report.rows)), icon=":material/tune:",
            expanded=bool(report.notices)):  # a notice asks to check a choice in here
        wanted = corrections(report, prefix)
        if wanted != report.as_options():
            st.session_state[f"{prefix}_options"] = wanted
            st.rerun()
        for notice in report.notices:
            st.caption(cv.file_notice(report, notice, tr))
    skipped(report)
    return reading


def skipped(report: FileReport) -> None:
    """Rows that could not be read: how many, why, and the first few by line number."""
    if not report.skipped:
        return
    counts = ", ".join(tr(f"calibrate.reason.{reason}") + f": {tr.number(count)}"
                       for reason, count in report.skipped)
    st.warning(tr("calibrate.skipped", count=tr.number(report.rows - report.used),
                  reasons=counts))
    st.dataframe(pd.DataFrame(
        [[example.line, tr(f"calibrate.reason.{example.reason}"), example.text]
         for example in report.examples],
        columns=[tr("calibrate.column.line"), tr("calibrate.column.why"),
                 tr("calibrate.column.text")]), hide_index=True)


def results(found: Calibration, base: strategy.Scenario) -> None:
    """The estimates, the evidence, the holdout check, and the ways to the explorer and to
    the uncertainty page."""
    if found.problem is not None:
        st.warning(tr(f"calibrate.calibration_problem.{found.problem}"))
        return
    for notice in found.notices:
        text = tr(f"calibrate.calibration_notice.{notice}",
                  month=found.last_newcomer.strftime("%Y-%m") if found.last_newcomer else "")
        (st.warning if notice == "closed_cohort" else st.info)(text)
    st.subheader(tr("calibrate.estimates"))
    st.dataframe(cv.summary(found, tr, methods=False), hide_index=True)
    with st.expander(tr("calibrate.methods"), icon=":material/info:"):
        if found.purchase_model is not None:
            st.markdown(cv.model_text(found.purchase_model, tr))
        st.markdown(literal_dollars(cv.methods(found, tr)))
    kept = [cv.label(tr, field) for field in found.kept]
    label, query, assumed = cv.explorer_link(found, base, tr)
    if assumed is not None:  # a closed cohort: the link's acquisition is the user's
        st.warning(assumed)
    st.page_link("app_pages/explorer.py", icon=":material/balance:", label=label,
                 query_params=query)
    st.caption(tr("calibrate.kept", fields=", ".join(kept) or "–"))
    ranged = cv.uncertainty_query(found, tr)
    if ranged is not None:
        st.page_link("app_pages/uncertainty.py", icon=":material/ssid_chart:",
                     label=tr("calibrate.use_ranges"), query_params=ranged)
        st.caption(tr("calibrate.use_ranges_help"))
    st.download_button(tr("calibrate.download"), cv.summary_csv(found, tr),
                       "acquire-or-retain-calibration.csv", "text/csv",
                       key="calibration_csv", icon=":material/download:")
    holdout(found)
    st.markdown(f"**{tr('calibrate.months_title')}**")
    st.plotly_chart(cv.months_figure(found.monthly, tr), key="calibrate_months",
                    alt=tr("calibrate.months_alt"), config=CHART_CONFIG)
    if not found.cohorts.empty:
        st.markdown(f"**{tr('calibrate.cohorts_title')}**")
        st.plotly_chart(cv.cohorts_figure(found.cohorts, tr), key="calibrate_cohorts",
                        alt=tr("calibrate.cohorts_alt"), config=CHART_CONFIG)


def holdout(found: Calibration) -> None:
    """The purchase model fitted without the last quarter, against what that quarter did."""
    st.subheader(tr("calibrate.holdout_title"))
    if found.holdout is None:
        st.caption(tr("calibrate.holdout_none"))
        return
    st.markdown(cv.holdout_text(found.holdout, tr))
    st.plotly_chart(cv.holdout_figure(found.holdout, tr), key="calibrate_holdout",
                    alt=tr("calibrate.holdout_alt"), config=CHART_CONFIG)


def page() -> None:
    # The sliders are not drawn here, so that "Use these numbers" opens the explorer anew. A
    # link straight to this page gives the base (what the data cannot tell keeps its values).
    reading = link_reading()
    base = scenario_on_arrival(_BASE, otherwise=reading.scenario)
    link_notice(reading, tr)
    left, right = st.columns(2)
    orders_file = left.file_uploader(tr("calibrate.orders"), type=["csv", "tsv", "txt", "xlsx"],
                                     key="orders_file", max_upload_size=LIMIT_MB,
                                     help=tr("calibrate.orders_help", limit=LIMIT_MB))
    spend_file = right.file_uploader(tr("calibrate.spend"), type=["csv", "tsv", "txt", "xlsx"],
                                     key="spend_file", max_upload_size=LIMIT_MB,
                                     help=tr("calibrate.spend_help"))
    if orders_file is None:
        st.info(tr("calibrate.ask"))
        sample_button()
        return
    orders = read_with_corrections(orders_file, "orders", spend=False)
    if orders.report.problem is not None:
        return
    spend = None
    if spend_file is not None:
        spend_reading = read_with_corrections(spend_file, "spend", spend=True)
        spend = spend_reading.table if spend_reading.report.problem is None else None
    window = st.number_input(tr("calibrate.window"), min_value=31, max_value=1096, value=None,
                             step=1, key="inactivity_days", placeholder=tr("calibrate.auto"),
                             help=tr("calibrate.window_help"))
    results(calibrate(orders.table, spend, window, base=base), base)


with friendly_errors(tr):
    page()
