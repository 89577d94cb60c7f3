"""Uncertainty: how sure is the answer? Bands from the ranges, what moves it, the strategy map
(one tab each, only the open one computed)."""

import pandas as pd
import streamlit as st

import strategy
from strategy import RANGED_FIELDS, UncertaintyReport
from ui import remembered
from ui import uncertainty_charts as uc
from ui.answer import literal_dollars
from ui.chart_style import CHART_CONFIG
from ui.controls import coded_choice, coded_tabs, scenario_inputs
from ui.fields import format_field
from ui.language import translator
from ui.live import live_results
from ui.page_parameters import MAP_X, MAP_Y, UNCERTAINTY_VIEWS, VIEW
from ui.ranges import ranges_table
from ui.save_load import save_and_load
from ui.share import share_popover
from ui.takeaways import Section, table

tr = translator()
scenario_inputs(tr, on_change=lambda: st.rerun("uncertainty"), ranges_open=True)
st.title(tr("uncertainty.heading"))
st.caption(tr("uncertainty.intro"))


def show_results(scenario: strategy.Scenario) -> None:
    # The headline answer first: it never waits for the Monte Carlo below.
    best = strategy.best_split(scenario)
    st.markdown("### " + literal_dollars(tr("uncertainty.headline", best=tr.percent(
        best.best_share), objective=tr(f"objective.{best.objective}"))))

    with st.expander(tr("ranges.ranges_title"), expanded=True, icon=":material/tune:"):
        ranges_table(tr, on_change=lambda: st.rerun("app"))  # the sidebar lists them too
    report = remembered.bands(scenario)
    header, rows = uc.outcomes(report, tr)
    share_popover(scenario, tr, [Section(tr("uncertainty.heading"), table(header, rows))])
    how_sure(scenario, report)
    st.dataframe(pd.DataFrame(rows, columns=header), hide_index=True)

    # Only the open tab is computed on a slider move: the map alone takes ~0.4 s of CPU, the
    # switching points ~0.15 s, which a room of people moving sliders would queue behind.
    views = coded_tabs(VIEW, {code: tr(f"uncertainty.tab.{code}")
                                for code in UNCERTAINTY_VIEWS}, UNCERTAINTY_VIEWS[0])
    if views["bands"].open:
        with views["bands"]:
            bands(report)
    if views["sensitivity"].open:
        with views["sensitivity"]:
            sensitivity(scenario, best)
    if views["map"].open:
        with views["map"]:
            strategy_map(scenario)


def bands(report: UncertaintyReport) -> None:
    """The value of every split across the draws, and the customers at the split best on
    average."""
    st.markdown(f"**{tr('uncertainty.band_title')}**")
    st.plotly_chart(uc.band_figure(report, tr), key="band_chart",
                    alt=tr("uncertainty.band_alt"), config=CHART_CONFIG)
    st.markdown(f"**{tr('uncertainty.fan_title', share=tr.percent(report.mean_best.share))}**")
    st.plotly_chart(uc.fan_figure(report, tr), key="fan_chart", alt=tr("uncertainty.fan_alt"),
                    config=CHART_CONFIG)


def how_sure(scenario: strategy.Scenario, report: UncertaintyReport) -> None:
    """The answer's certainty in words, and what the draws were drawn from."""
    if not scenario.ranges:
        st.info(tr("uncertainty.no_ranges"))
    st.markdown(literal_dollars(" ".join([
        tr("uncertainty.splits", draws=tr.number(scenario.draws), seed=scenario.seed,
           mean=tr.percent(report.mean_best.share), robust=tr.percent(report.robust.share)),
        tr("uncertainty.lean", p=tr.percent(report.p_retention_beats_acquisition, 0)),
        tr("uncertainty.plan", plan=tr.percent(report.plan.share),
           p=tr.percent(report.p_plan_within_5pct, 0)),
    ])))
    st.caption(tr("uncertainty.drawn_from",
                  ranges=format_field(tr, "ranges", scenario.ranges)))
    if report.stretched:
        st.caption(tr("uncertainty.stretched",
                      ranges=format_field(tr, "ranges", report.stretched)))


def sensitivity(scenario: strategy.Scenario, best: strategy.BestSplit) -> None:
    """Tornado of each input's effect, and where the answer changes side."""
    st.subheader(tr("uncertainty.sensitivity"))
    st.caption(tr("uncertainty.tornado_note"))
    bars = remembered.bars(scenario)
    centres: dict[uc.Measure, float] = {"share": best.best_share, "value": best.best_value}
    for column, (measure, centre) in zip(st.columns(2), centres.items(), strict=True):
        with column:
            st.markdown(f"**{tr(f'uncertainty.tornado_{measure}')}**")
            st.plotly_chart(uc.tornado_figure(bars, measure, centre, best.objective, tr),
                            key=f"tornado_{measure}", alt=tr(f"uncertainty.tornado_{measure}_alt"),
                            config=CHART_CONFIG)
    st.markdown(f"**{tr('uncertainty.switch_title')}**")
    rows = [[uc.field_name(tr, point.field),
             tr("uncertainty.switch_none") if point.value is None
             else format_field(tr, point.field, round(point.value, 3 if point.value < 10 else 0)),
             "" if point.above is None else tr(f"uncertainty.side.{point.above}")]
            for point in remembered.switches(scenario)]
    st.dataframe(pd.DataFrame(rows, columns=[tr("uncertainty.column.input"),
                                             tr("uncertainty.column.flips_at"),
                                             tr("uncertainty.column.above")]),
                 hide_index=True)


def strategy_map(scenario: strategy.Scenario) -> None:
    """The wall picture: the best share over two inputs, with the line where it flips."""
    st.subheader(tr("uncertainty.map_heading"))
    left, right = st.columns(2)
    for column, key, default in ((left, MAP_X, "customers"), (right, MAP_Y, "cac_multiplier")):
        with column:
            coded_choice(st.selectbox, label=tr(f"uncertainty.{key}"), key=key,
                         options=RANGED_FIELDS, default=default,
                         format_func=lambda field: uc.field_name(tr, field))
    x, y = st.session_state[MAP_X], st.session_state[MAP_Y]
    if x == y:
        st.info(tr("uncertainty.map_same"))
        return
    found = remembered.strategy_map_of(scenario, x, y)
    st.plotly_chart(uc.map_figure(found, tr), key="map_chart", alt=tr(
        "uncertainty.map_alt", x=uc.field_name(tr, x), y=uc.field_name(tr, y),
        share=tr.percent(float(found.best_share[found.user_cell]))), config=CHART_CONFIG)
    st.caption(tr("uncertainty.map_note"))


live_results("uncertainty", tr, show_results)
save_and_load(tr)
