"""The yardstick page for the browser benchmark: ONE slider and ONE chart that follows it.

The slider is the explorer's budget slider (drawn by the app's own `field_widget`: the number
box bound to the URL and the logarithmic slider under it, in the sidebar), and the page starts
like the app (`warm_start`: first figure built,
`gc.freeze()`), so the comparison is about what the explorer's page does per change: its
engine call, its open chart, its KPIs and text. A change reruns this whole (small) page.
"""

import plotly.graph_objects as go
import streamlit as st

from ui.controls import field_widget
from ui.fields import HEADLINE
from ui.frame import warm_start
from ui.i18n import Translator

st.set_page_config(page_title="Bench: one slider, one chart", layout="wide")
warm_start()
with st.sidebar:
    field_widget(next(control for control in HEADLINE if control.field == "budget"), Translator())
budget = st.session_state["budget"]
months = list(range(36))
# A fixed y range, so the drawn line itself (not only the axis) follows the slider.
figure = go.Figure(go.Scatter(x=months, y=[budget * month for month in months]),
                   layout={"yaxis": {"range": [0, 35 * 200_000]}})
st.plotly_chart(figure, key="chart", config={"displayModeBar": False},
                alt="Budget times the month")
