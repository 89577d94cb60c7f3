"""The comparison in the workshop report: scenario A in full, then the table and the charts."""

from __future__ import annotations

from strategy import Comparison

from .compare_charts import base_overlay, tradeoff_overlay
from .compare_table import comparison_table, entries_of
from .i18n import Translator
from .takeaways import Section, figures_html, report_html, table


def comparison_report(comparison: Comparison, link: str, translate: Translator) -> str:
    """The workshop report: scenario A in full, then the comparison's table and charts."""
    entries = entries_of(comparison)
    frame = comparison_table(entries, translate)
    rows = [[str(label), *map(str, values)] for label, values in zip(
        frame.index, frame.to_numpy(), strict=True)]
    section = Section(translate("compare.heading"), table(["", *map(str, frame.columns)], rows)
                      + figures_html([tradeoff_overlay(entries, translate),
                                      base_overlay(entries, translate)],
                                     [translate("compare.results"),
                                      translate("compare.base_title")]))
    return report_html(comparison.scenarios[0][1], link, translate, [section])
