"""The yardstick: the explorer's sliders and one small chart, nothing computed."""

import plotly.graph_objects as go
import streamlit as st

from ui.controls import scenario_inputs
from ui.frame import warm_start
from ui.i18n import Translator

warm_start()  # same start-up as the app, so the comparison is only about the page
scenario_inputs(Translator())
budget = st.session_state["budget"]
st.plotly_chart(go.Figure(go.Scatter(x=list(range(36)), y=[budget * i for i in range(36)])),
                key="chart")
