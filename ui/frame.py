"""The process's warm start, before the first page is drawn."""

from __future__ import annotations

import gc

import plotly.graph_objects as go
import streamlit as st


@st.cache_resource
def warm_start() -> None:
    """Once per process: build a first figure (slow the first time), then freeze the objects
    alive so far out of the garbage collector, which Streamlit runs after every rerun."""
    go.Figure().to_plotly_json()
    gc.collect()
    gc.freeze()
