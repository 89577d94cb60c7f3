"""Stress tests: hard what-ifs against a revenue-growth target, and the budget it takes."""

import math

import pandas as pd
import streamlit as st

import strategy
from strategy import METRICS
from ui import charts
from ui import stress_view as sv
from ui.answer import literal_dollars
from ui.chart_style import CHART_CONFIG
from ui.controls import coded_choice, scenario_inputs
from ui.fields import GOAL_TARGET_MAX
from ui.language import translator
from ui.live import live_results
from ui.page_parameters import GOAL_METRIC, GOAL_TARGET
from ui.ranges import ranges_table
from ui.save_load import save_and_load
from ui.share import share_popover
from ui.takeaways import Section, table

tr = translator()
scenario_inputs(tr, on_change=lambda: st.rerun("stress"), shocks_open=True, ranges_open=True)
st.title(tr("stress.heading"))
st.caption(tr("stress.intro"))


def show_results(scenario: strategy.Scenario) -> None:
    report = strategy.stress(scenario)
    last = report.rows[-1]  # all the shocks that are on, together (or the baseline alone)
    if len(report.rows) == 1:
        st.info(tr("stress.no_shocks"))
    headline = "pass" if last.passes_plan else ("best_passes" if last.passes_best else "fail")
    st.markdown("### " + literal_dollars(tr(
        f"stress.headline.{headline}", case=tr(f"stress.case.{last.case}"),
        target=tr.percent(report.target), growth=tr.percent(last.growth_plan),
        best=tr.percent(last.best.best_share), growth_best=tr.percent(last.growth_best))))

    header, rows = sv.stress_table(report, tr)
    share_popover(scenario, tr, [Section(tr("stress.heading"), table(header, rows))])
    st.dataframe(pd.DataFrame(rows, columns=header), hide_index=True)
    st.caption(tr("stress.target_note", target=tr.percent(report.target),
                  months=scenario.months))
    if sv.ranged(report):
        st.caption(tr("stress.range_note"))
    st.markdown(f"**{tr('stress.chart_title')}**")
    st.plotly_chart(charts.stress_figure(sv.chart_lines(report, tr),
                                         sv.shock_marks(report, scenario, tr), tr),
                    key="stress_chart", alt=tr("stress.chart_alt"), config=CHART_CONFIG)

    goal_seek(scenario)


def goal_seek(scenario: strategy.Scenario) -> None:
    """What budget do we need? The smallest budget whose best split reaches a target."""
    st.subheader(tr("goal.heading"))
    left, right = st.columns(2)
    with left:
        coded_choice(st.radio, label=tr("goal.metric"), key=GOAL_METRIC, horizontal=True,
                     options=METRICS, default="customers",
                     format_func=lambda code: tr(f"goal.metric_{code}"))
    metric = st.session_state[GOAL_METRIC]
    target = right.number_input(
        tr(f"goal.target_{metric}", currency=tr.currency), min_value=0.0,
        max_value=GOAL_TARGET_MAX,
        value=None, step=1000.0, format="%.0f", key=GOAL_TARGET, bind="query-params",
        placeholder=tr("goal.placeholder"))
    if target is None or not math.isfinite(target):
        st.caption(tr("goal.ask"))
        return
    answer = strategy.required_budget(scenario, target, metric)
    value = tr.compact(target) if metric == "customers" else tr.money(target, compact=True)
    if answer.reachable:
        st.success(literal_dollars(tr(
            "goal.answer", budget=tr.money(answer.budget), target=value,
            share=tr.percent(answer.best_share), plan=tr.money(scenario.budget))))
    else:
        st.warning(literal_dollars(tr(f"goal.unreachable.{answer.limit}", target=value,
                                      top=tr.money(strategy.field_bounds("budget")[1]))))
    if scenario.shocks:  # the shocks that are on count: say so, and what it takes without them
        calm = strategy.required_budget(scenario.without_shocks(), target, metric)
        shocks = ", ".join(tr(f"stress.case.{case}") for case in scenario.shocks)
        st.caption(literal_dollars(
            tr("goal.with_shocks", shocks=shocks, budget=tr.money(calm.budget),
               share=tr.percent(calm.best_share)) if calm.reachable
            else tr("goal.with_shocks_unreachable", shocks=shocks)))


live_results("stress", tr, show_results)
# The launch's adoption ranges: an edit reruns the page, whose sidebar lists the ranges too.
with st.expander(tr("ranges.ranges_title"), icon=":material/tune:"):
    ranges_table(tr, on_change=lambda: st.rerun("app"))  # the sidebar lists them too
st.caption(tr("stress.sources"))
save_and_load(tr)
