"""Reading what an AppTest run shows."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def kpis(app: AppTest) -> dict[str, str]:
    """Metric label -> shown value."""
    return {metric.label: metric.value for metric in app.metric}


def page_text(app: AppTest) -> list[str]:
    """Every piece of visible text: headings, paragraphs, notices, labels, help, metrics."""
    texts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "warning", "info",
                 "error"):
        texts += [element.value for element in app.get(kind)]
    for kind in ("slider", "number_input", "selectbox", "radio", "expander", "metric"):
        for element in app.get(kind):
            texts.append(element.label)
            if getattr(element, "help", None):
                texts.append(element.help)
    texts += [metric.value for metric in app.metric]
    return texts


def results_tables(app: AppTest) -> list:
    """The page's own tables, without the ranges table."""
    return [frame for frame in app.dataframe if not (frame.key or "").startswith("ranges_table")]


def ranges_shown(app: AppTest) -> tuple:
    """The ranges the sidebar's ranges table shows, read back through the table's own code."""
    from strategy import read_inputs
    from ui.i18n import Translator
    from ui.ranges import edited_text

    [table] = [frame for frame in app.dataframe if (frame.key or "").startswith("ranges_table")]
    tr = Translator(app.session_state["lang"], app.session_state["currency"])
    return read_inputs({"ranges": edited_text(table.value, {}, tr)}).scenario.ranges
