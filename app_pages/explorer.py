"""Explorer: the sliders, the answer in one sentence, the KPIs and the three charts (in tabs)."""

import streamlit as st

import strategy
from ui import charts
from ui.answer import answer_sentences, literal_dollars
from ui.chart_style import CHART_CONFIG
from ui.controls import coded_tabs, scenario_inputs
from ui.fields import format_field
from ui.language import translator
from ui.live import live_results
from ui.page_parameters import CHART, EXPLORER_CHARTS
from ui.save_load import save_and_load
from ui.share import share_popover

tr = translator()
scenario_inputs(tr, on_change=lambda: st.rerun("results"))
st.title(tr("explorer.heading"))
st.caption(tr("explorer.intro"))


def show_results(scenario: strategy.Scenario) -> None:
    """The answer, the KPIs and the charts for the scenario the widgets hold."""
    result = strategy.analyse(scenario)
    answer = result.recommendation
    first, *rest = answer_sentences(answer, scenario, tr, result.budget)
    st.markdown(f"### {literal_dollars(first)}\n\n{literal_dollars(' '.join(rest))}")
    share_popover(scenario, tr)
    kpi_tiles(scenario, result)
    chart_tabs(scenario, result)


def kpi_tiles(scenario: strategy.Scenario, result: strategy.Analysis) -> None:
    """The best split and what it gains over the plan, then the unit economics."""
    answer, economics = result.recommendation, result.economics
    best = answer.best
    objective = tr(f"objective.{best.objective}")
    kpis = st.container(horizontal=True)  # each KPI as wide as its text, wrapping in order
    kpis.metric(tr("kpi.best_share"), tr.percent(best.best_share),
                tr("kpi.best_share_delta", shift=tr.signed(tr.number(answer.shift * 100, 1),
                                                           answer.shift)),
                delta_color="off", help=tr("kpi.best_share_help"))
    kpis.metric(tr("kpi.best_value", objective=objective),
                charts.format_value(tr, best.objective, best.best_value),
                f"{tr.signed(charts.format_value(tr, best.objective, best.gain), best.gain)} "
                f"{tr('kpi.vs_plan')}")
    end_plan, end_best = result.plan["customers_end"][-1], result.best["customers_end"][-1]
    kpis.metric(tr("kpi.customers_end", months=scenario.months), tr.compact(end_best),
                f"{tr.signed(tr.compact(end_best - end_plan), end_best - end_plan)} "
                f"{tr('kpi.vs_plan')}")  # as its neighbours: the best split, against the plan
    kpis.metric(tr("kpi.clv"), tr.money(economics.clv),
                help=tr("kpi.clv_help", months=scenario.months,
                        discount=format_field(tr, "discount", scenario.discount)))
    kpis.metric(tr("kpi.ltv_cac"), tr.number(economics.ltv_to_cac, 1),
                help=tr("kpi.ltv_cac_help"))
    kpis.metric(tr("kpi.payback"),
                tr("kpi.payback_value", months=tr.number(economics.payback_months, 1)),
                help=tr("kpi.payback_help"))


def chart_tabs(scenario: strategy.Scenario, result: strategy.Analysis) -> None:
    """The trade-off, base and marginal charts, one tab each."""
    best, margins = result.recommendation.best, result.margins
    objective = tr(f"objective.{best.objective}")
    end_plan, end_best = result.plan["customers_end"][-1], result.best["customers_end"][-1]
    # One chart at a time: only the open tab's chart is built, sent and drawn on a slider move.
    tabs = coded_tabs(CHART, {code: tr(f"chart.{code}.tab") for code in EXPLORER_CHARTS},
                      EXPLORER_CHARTS[0])
    if tabs["tradeoff"].open:
        tabs["tradeoff"].plotly_chart(
            charts.tradeoff_figure(result.tradeoff, best, tr), key="tradeoff_chart",
            config=CHART_CONFIG, alt=tr(
                "chart.tradeoff.alt", objective=objective, best=tr.percent(best.best_share),
                plan=tr.percent(best.plan_share),
                best_value=charts.format_value(tr, best.objective, best.best_value),
                plan_value=charts.format_value(tr, best.objective, best.plan_value)))
    if tabs["base"].open:
        tabs["base"].plotly_chart(
            charts.base_figure(result.plan, result.best, best, tr), key="base_chart",
            config=CHART_CONFIG, alt=tr("chart.base.alt", months=scenario.months,
                                        plan=tr.compact(end_plan), best=tr.compact(end_best)))
    if tabs["marginal"].open:
        step = tr.money(margins.next_budget_step)
        tabs["marginal"].plotly_chart(
            charts.marginal_figure(result.marginal_curve, scenario.retention_share, tr),
            key="marginal_chart", config=CHART_CONFIG, alt=tr(
                "chart.marginal.alt", step=step, objective=objective, months=scenario.months,
                best=tr.percent(best.best_share), plan=tr.percent(best.plan_share)))
        tabs["marginal"].caption(literal_dollars(tr(
            "chart.marginal.caption", step=step, objective=objective, months=scenario.months,
            multiplier=format_field(tr, "cac_multiplier", scenario.cac_multiplier),
            retention=charts.format_value(tr, best.objective,
                                          margins.value_of_next_step_retention),
            acquisition=charts.format_value(tr, best.objective,
                                            margins.value_of_next_step_acquisition),
            acquire=tr.money(margins.marginal_cost_acquire),
            retain=tr.money(margins.marginal_cost_retain),
            marginal=tr.number(margins.marginal_cost_ratio, 2) + "×",
            average=tr.number(margins.average_cost_ratio, 2) + "×",
        )))


live_results("results", tr, show_results)
st.caption(tr("explorer.sources"))  # the same for every scenario: drawn once, below the results
save_and_load(tr)
