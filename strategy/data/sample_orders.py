"""A sample order log with known answers: the file the calibrate page offers as an example,
and the test data of the calibration."""

from __future__ import annotations

import numpy as np
import pandas as pd

DAYS_PER_MONTH = 365.25 / 12


def simulate_orders(
    *,
    start: str = "2023-01-01",
    months: int = 24,
    customers: int = 1_000,
    new_per_month: float = 100.0,
    churn: float = 0.05,
    orders_per_month: float = 1.0,
    first_order: float = 40.0,
    uplift: float = 0.31,
    seed: int = 1,
) -> pd.DataFrame:
    """An order log with known answers.

    `customers` are active at `start`, `new_per_month` arrive (Poisson), each leaves with monthly
    probability `churn` and orders `orders_per_month` times a month (Poisson) while active. A
    newcomer's first order averages `first_order`; every later order, and every order of the
    customers there at the start, (1 + `uplift`) times that.

    Returns:
        A table as `read_orders` gives: `customer_id`, `date`, `amount`, by date.

    >>> orders = simulate_orders(months=12, customers=300, new_per_month=30, seed=2)
    >>> list(orders.columns), len(orders)
    (['customer_id', 'date', 'amount'], 4751)
    """
    rng = np.random.default_rng(seed)
    days = (pd.Timestamp(start) + pd.DateOffset(months=months) - pd.Timestamp(start)).days
    arrivals = rng.poisson(new_per_month * days / DAYS_PER_MONTH)
    join = np.concatenate([np.zeros(customers), np.sort(rng.uniform(0, days, arrivals))])
    hazard = -np.log1p(-churn) / DAYS_PER_MONTH
    life = rng.exponential(1 / hazard, len(join)) if hazard > 0 else np.full(len(join), np.inf)
    leave = np.minimum(join + life, days)
    repeats = rng.poisson(orders_per_month / DAYS_PER_MONTH * (leave - join))
    owner = np.concatenate(
        [np.arange(customers, len(join)), np.repeat(np.arange(len(join)), repeats)]
    )
    first = np.arange(len(owner)) < arrivals
    day = np.where(
        first, join[owner], join[owner] + rng.uniform(0, 1, len(owner)) * (leave - join)[owner]
    )
    mean = np.where(first, first_order, first_order * (1 + uplift))
    amount = np.round(rng.gamma(4.0, mean / 4.0), 2)
    table = pd.DataFrame(
        {
            "customer_id": "C" + pd.Series(owner, dtype="str").str.zfill(5),
            "date": (np.datetime64(start, "D") + day.astype(int)).astype("datetime64[s]"),
            "amount": amount,
        }
    )
    return table.sort_values(["date", "customer_id"], kind="stable").reset_index(drop=True)


def sample_orders_csv() -> str:
    """A small, good order file (a year of a small shop) for people to see the expected form.

    Returns CSV text that `read_orders` reads without a problem; the app offers it to download.

    >>> sample_orders_csv().splitlines()[0]
    'customer_id,order_date,amount'
    """
    orders = simulate_orders(start="2024-01-01", months=12, customers=40, new_per_month=6, seed=7)
    return orders.rename(columns={"date": "order_date"}).to_csv(
        index=False, date_format="%Y-%m-%d", float_format="%.2f"
    )
