"""The yardstick page for `make bench`: the explorer's sidebar inputs and one small chart.

The sidebar comes from the app's own `scenario_inputs`, so the widgets are the same (keys,
ranges, `bind="query-params"`) and the browser sends the same widget states; the page starts
like the app (`warm_start`: first figure built, `gc.freeze()`), so the comparison is about what
the explorer does per rerun, not about start-up. A slider change reruns the whole page.
"""

import plotly.graph_objects as go
import streamlit as st

from ui.controls import scenario_inputs
from ui.frame import warm_start
from ui.i18n import Translator

st.set_page_config(page_title="Bench: bare page", layout="wide")
warm_start()
scenario_inputs(Translator())
months = list(range(36))
budget = st.session_state["budget"]
st.plotly_chart(go.Figure(go.Scatter(x=months, y=[budget * month for month in months])),
                key="chart", config={"displayModeBar": False})
