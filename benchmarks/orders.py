"""Calibration timing: an uploaded order file of 1,000,000 rows, read and summarised.

The file is written the hard way a Hungarian shop's system might: Windows-1250, semicolons,
`2024.03.15.` dates, amounts like `1 234,50`, so every detection and conversion is paid for.
"""

from __future__ import annotations

import pandas as pd

from strategy import calibrate, read_orders, simulate_orders

from .engine import repeat
from .stats import Summary, timing_line

ROWS = 1_000_000
TARGET_MS = 15_000.0  # issue 5: 1,000,000 order rows parsed and summarised


def order_file(rows: int = ROWS) -> bytes:
    """`rows` orders of two years of a large shop, as a Hungarian CSV export."""
    log = simulate_orders(start="2023-01-01", months=24, customers=30_000, new_per_month=3_000,
                          first_order=900.0, seed=1).head(rows)
    amounts = log["amount"].map("{:,.2f}".format).str.replace(",", " ").str.replace(".", ",")
    table = pd.DataFrame({"Vevőkód": log["customer_id"],
                          "Rendelés dátuma": log["date"].dt.strftime("%Y.%m.%d."),
                          "Bruttó összeg": amounts})
    return table.to_csv(sep=";", index=False).encode("cp1250")


def run() -> dict[str, Summary]:
    """Print and return the median of reading and calibrating the file, beside its target."""
    data = order_file()
    print(f"Calibration from an order file ({ROWS:,} rows, {len(data) / 1e6:.0f} MB)")
    name = "read_orders + calibrate (1,000,000 rows)"
    summary = Summary.of(repeat(lambda: calibrate(read_orders(data).table), 3, budget_s=40.0))
    print(timing_line(name, summary, TARGET_MS))
    # calibrate alone: two BG/NBD fits (all the data, and without the holdout quarter), the
    # forecasts and their intervals, on the table already read.
    table = read_orders(data).table
    fit_name = "calibrate alone, BG/NBD fits and holdout (1,000,000 rows)"
    fitting = Summary.of(repeat(lambda: calibrate(table), 3, budget_s=30.0))
    print(timing_line(fit_name, fitting))
    return {name: summary, fit_name: fitting}
