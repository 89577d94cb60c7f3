"""The BG/NBD buy-till-you-die model (Fader, Hardie & Lee 2005), fitted by maximum likelihood.

While alive, a customer buys at Poisson rate λ (gamma(r, α) across customers); after each
purchase they drop out with probability p (beta(a, b) across customers). A customer is summed
up by x repeat purchases (purchase days after the first), t_x (first to last purchase) and T
(first purchase to the end of the data), all in one time unit, in which α is measured.

Why not a library: `lifetimes` is archived and unmaintained, PyMC-Marketing pulls in PyMC and a
compiler toolchain; the model is a dozen lines of scipy. Everything is vectorised over the
distinct (x, t_x, T) rows, weighted by how many customers share each.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from scipy import optimize, special

TimeUnit = Literal["days", "weeks"]
UNIT_DAYS: dict[str, float] = {"days": 1.0, "weeks": 7.0}
NAMES = ("r", "alpha", "a", "b")
FTOL = 1e-9  # relative change of the mean log-likelihood at which the fit stops


@dataclass(frozen=True)
class Summary:
    """One row per distinct (x, t_x, T), with the number of customers it stands for."""

    x: np.ndarray
    t_x: np.ndarray
    T: np.ndarray
    weight: np.ndarray
    time_unit: TimeUnit = "weeks"

    @classmethod
    def of(
        cls, x: np.ndarray, t_x: np.ndarray, T: np.ndarray, time_unit: TimeUnit = "weeks"
    ) -> Summary:
        """Rows of per-customer values, merged where they coincide."""
        rows = np.column_stack([np.asarray(x, float), np.asarray(t_x, float), np.asarray(T, float)])
        distinct, weight = np.unique(rows, axis=0, return_counts=True)
        return cls(distinct[:, 0], distinct[:, 1], distinct[:, 2], weight.astype(float), time_unit)

    @classmethod
    def from_orders(
        cls, customer: np.ndarray, day: np.ndarray, end_day: int, time_unit: TimeUnit = "weeks"
    ) -> Summary:
        """From each order's customer code (0 … n−1) and day number, orders after `end_day`
        left out; several orders on one day are one purchase."""
        keep = day <= end_day
        key = np.unique(customer[keep].astype(np.int64) * (1 << 32) + day[keep])
        who, when = key >> 32, key & ((1 << 32) - 1)
        first = np.r_[True, who[1:] != who[:-1]]
        start = np.flatnonzero(first)
        count = np.diff(np.r_[start, len(who)])
        last = when[np.r_[start[1:], len(who)] - 1]
        unit = UNIT_DAYS[time_unit]
        return cls.of(
            count - 1, (last - when[start]) / unit, (end_day - when[start]) / unit, time_unit
        )

    @property
    def customers(self) -> float:
        return float(self.weight.sum())


@dataclass(frozen=True)
class PurchaseModel:
    """Fitted BG/NBD parameters, and what they forecast for a customer.

    Returned by `fit_orders` and `fit_summary`; `alpha` is in `time_unit`. `covariance` is that
    of the logarithms of (r, alpha, a, b), from the likelihood's curvature (None if singular).

    >>> model = PurchaseModel(r=1.0, alpha=10.0, a=1.0, b=3.0, time_unit="weeks",
    ...                       customers=100, log_likelihood=0.0)
    >>> float(model.p_no_repeat(10.0))
    0.5
    """

    r: float
    alpha: float
    a: float
    b: float
    time_unit: TimeUnit
    customers: float
    log_likelihood: float
    covariance: np.ndarray | None = None

    @property
    def params(self) -> np.ndarray:
        return np.array([self.r, self.alpha, self.a, self.b])

    def with_params(self, params: np.ndarray) -> PurchaseModel:
        r, alpha, a, b = (float(value) for value in params)
        return PurchaseModel(
            r, alpha, a, b, self.time_unit, self.customers, self.log_likelihood, self.covariance
        )

    def p_alive(
        self, x: np.ndarray | float, t_x: np.ndarray | float, T: np.ndarray | float
    ) -> np.ndarray:
        """Probability that a customer with this history is still alive at T."""
        r, alpha, a, b = self.params
        x, t_x, T = np.broadcast_arrays(*(np.asarray(v, float) for v in (x, t_x, T)))
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            odds = a / (b + x - 1) * ((alpha + T) / (alpha + t_x)) ** (r + x)
        return np.where(x > 0, 1 / (1 + np.nan_to_num(odds, posinf=1e300)), 1.0)

    def expected_purchases(
        self,
        t: np.ndarray | float,
        x: np.ndarray | float,
        t_x: np.ndarray | float,
        T: np.ndarray | float,
    ) -> np.ndarray:
        """Expected purchases in (T, T + t] of a customer with this history (FHL 2005, eq. 10,
        with Euler's transformation of the hypergeometric function so it stays finite)."""
        r, alpha, a, b = self.params
        a = a if abs(a - 1) > 1e-6 else 1 + 1e-6
        t, x, T = (np.asarray(value, float) for value in (t, x, T))
        z = t / (alpha + T + t)
        c = a + b + x - 1
        with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
            bracket = 1 - (1 - z) ** (a - 1) * special.hyp2f1(a + b - 1 - r, a - 1, c, z)
            alive = c / (a - 1) * bracket
            # Drop-out probabilities all alike (a + b large): hyp2f1 overflows, and the beta
            # is so narrow that its mean p stands for it: (1 − ((α+T)/(α+T+p·t))^(r+x)) / p.
            p = a / (a + b + x)
            narrow = (1 - ((alpha + T) / (alpha + T + p * t)) ** (r + x)) / p
        alive = np.where(np.isfinite(alive) & (a + b < 1e4), alive, narrow)
        return alive * self.p_alive(x, t_x, T)

    def expected_new(self, t: np.ndarray | float) -> np.ndarray:
        """Expected repeat purchases in the first t of a customer just won (FHL 2005, eq. 9)."""
        return self.expected_purchases(t, 0.0, 0.0, 0.0)

    def p_no_repeat(self, t: np.ndarray | float) -> np.ndarray:
        """Probability that a customer just won buys nothing more within t: (α/(α+t))^r."""
        return (self.alpha / (self.alpha + np.asarray(t, float))) ** self.r


def log_likelihood(params: np.ndarray, data: Summary) -> np.ndarray:
    """Each row's log-likelihood (FHL 2005, eq. 6) for parameters (r, alpha, a, b)."""
    r, alpha, a, b = params
    x, t_x, T = data.x, data.t_x, data.T
    shared = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha)
    alive = special.betaln(a, b + x) - special.betaln(a, b) - (r + x) * np.log(alpha + T)
    with np.errstate(divide="ignore", invalid="ignore"):
        dropped = np.where(
            x > 0,
            special.betaln(a + 1, b + x - 1) - special.betaln(a, b) - (r + x) * np.log(alpha + t_x),
            -np.inf,
        )
    return shared + np.logaddexp(alive, dropped)


def gradient(params: np.ndarray, data: Summary) -> np.ndarray:
    """Each row's derivatives of the log-likelihood by (r, alpha, a, b): one row per
    parameter."""
    r, alpha, a, b = params
    x, t_x, T = data.x, data.t_x, data.T
    psi = special.digamma
    alive = special.betaln(a, b + x) - special.betaln(a, b) - (r + x) * np.log(alpha + T)
    repeat = x > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        dropped = np.where(
            repeat,
            special.betaln(a + 1, b + x - 1) - special.betaln(a, b) - (r + x) * np.log(alpha + t_x),
            -np.inf,
        )
        total = np.logaddexp(alive, dropped)
        w_alive, w_dropped = np.exp(alive - total), np.exp(dropped - total)
        both = psi(a + b) - psi(a + b + x)
        d_alive = np.array(
            [-np.log(alpha + T), -(r + x) / (alpha + T), both, psi(b + x) - psi(b) + both]
        )
        d_dropped = np.array(
            [
                -np.log(alpha + t_x),
                -(r + x) / (alpha + t_x),
                psi(a + 1) - psi(a) + both,
                psi(b + x - 1) - psi(b) + both,
            ]
        )
    d_shared = np.array(
        [
            psi(r + x) - psi(r) + np.log(alpha),
            np.full_like(x, r / alpha),
            np.zeros_like(x),
            np.zeros_like(x),
        ]
    )
    return d_shared + w_alive * d_alive + np.where(repeat, w_dropped * d_dropped, 0.0)


def fit(data: Summary) -> PurchaseModel:
    """Maximum likelihood over the logarithms of the parameters (so they stay positive), by
    L-BFGS-B with the analytic gradient; the covariance from the gradient's differences."""
    total = data.customers

    def objective(logs: np.ndarray) -> tuple[float, np.ndarray]:
        params = np.exp(logs)
        value = -(data.weight * log_likelihood(params, data)).sum() / total
        slope = -(gradient(params, data) * data.weight).sum(axis=1) * params / total
        if not (np.isfinite(value) and np.all(np.isfinite(slope))):
            return 1e12, np.zeros(4)
        return float(value), slope

    scale = max(float(np.average(data.T, weights=data.weight)), 1e-3)
    start = np.log([1.0, scale, 1.0, 1.0])
    with np.errstate(all="ignore"):
        result = optimize.minimize(
            objective,
            start,
            jac=True,
            method="L-BFGS-B",
            bounds=[(-12.0, 12.0)] * 4,
            options={"ftol": FTOL, "maxiter": 500},
        )
        covariance = _covariance(lambda logs: objective(logs)[1], result.x, total)
    r, alpha, a, b = np.exp(result.x)
    return PurchaseModel(
        float(r),
        float(alpha),
        float(a),
        float(b),
        data.time_unit,
        total,
        float(-result.fun * total),
        covariance,
    )


def _covariance(slope, logs: np.ndarray, total: float) -> np.ndarray | None:
    """Inverse Hessian of the negative log-likelihood in log-parameters, by central differences."""
    step = 1e-4
    eye = np.eye(len(logs)) * step
    hessian = (
        np.array(
            [(slope(logs + eye[i]) - slope(logs - eye[i])) / (2 * step) for i in range(len(logs))]
        )
        * total
    )
    hessian = (hessian + hessian.T) / 2
    try:
        covariance = np.linalg.inv(hessian)
    except np.linalg.LinAlgError:
        return None
    if not np.all(np.isfinite(covariance)) or np.any(np.diag(covariance) <= 0):
        return None
    return covariance


def fit_summary(frame: pd.DataFrame, time_unit: TimeUnit = "weeks") -> PurchaseModel:
    """The BG/NBD purchase model fitted to a per-customer table.

    Args:
        frame: columns `frequency` (x), `recency` (t_x) and `T`, all in `time_unit`.
        time_unit: "weeks" or "days".

    >>> frame = pd.DataFrame({"frequency": [0, 1, 2, 5], "recency": [0, 10, 20, 30],
    ...                       "T": [40, 40, 40, 40]})
    >>> fit_summary(frame).customers
    4.0
    """
    return fit(
        Summary.of(
            frame["frequency"].to_numpy(),
            frame["recency"].to_numpy(),
            frame["T"].to_numpy(),
            time_unit,
        )
    )


def fit_orders(
    orders: pd.DataFrame, end: str | pd.Timestamp | None = None, time_unit: TimeUnit = "weeks"
) -> PurchaseModel:
    """The BG/NBD purchase model fitted to an order table (`customer_id`, `date`).

    Args:
        orders: the order table; several orders of a customer on one day are one purchase.
        end: the day the data runs to (default: the last order).
        time_unit: "weeks" or "days".

    >>> from strategy import simulate_orders
    >>> model = fit_orders(simulate_orders(months=12, customers=300, new_per_month=30, seed=2))
    >>> model.customers, model.time_unit
    (631.0, 'weeks')
    """
    day = orders["date"].to_numpy("datetime64[D]").astype(np.int64)
    limit = (
        int(day.max())
        if end is None
        else int(np.datetime64(pd.Timestamp(end).date(), "D").astype(np.int64))
    )
    customer = pd.factorize(orders["customer_id"])[0]
    return fit(Summary.from_orders(customer, day, limit, time_unit))


def sample_orders(
    model: PurchaseModel,
    customers: int,
    start: str,
    joining_days: int,
    end: str,
    first_order: float = 40.0,
    uplift: float = 0.31,
    seed: int = 1,
) -> pd.DataFrame:
    """An order log drawn from the model (`alpha` in its time unit), for tests and demos.

    `customers` make their first purchase uniformly in the `joining_days` from `start`, and buy
    until `end`. First orders average `first_order`, repeat ones (1 + `uplift`) times that.

    >>> model = PurchaseModel(r=1.0, alpha=10.0, a=1.0, b=5.0, time_unit="weeks", customers=50.0,
    ...                       log_likelihood=0.0)
    >>> orders = sample_orders(model, 50, "2024-01-01", 90, "2024-12-31")
    >>> list(orders.columns), orders.customer_id.nunique()
    (['customer_id', 'date', 'amount'], 50)
    """
    rng = np.random.default_rng(seed)
    unit = UNIT_DAYS[model.time_unit]
    span = (pd.Timestamp(end) - pd.Timestamp(start)).days
    join = rng.uniform(0, joining_days, customers)
    rate = rng.gamma(model.r, 1 / model.alpha, customers) / unit  # purchases a day
    drop = rng.beta(model.a, model.b, customers)
    # Repeat purchases at Poisson times; after each, a drop-out with probability p (FHL 2005:
    # not after the first purchase), so at most a geometric(p) number of them.
    most = rng.geometric(drop)
    cap = int(min(most.max(initial=0), 400))
    gaps = rng.exponential(1.0, (customers, cap)) / np.maximum(rate, 1e-12)[:, None]
    times = join[:, None] + np.cumsum(gaps, axis=1)
    bought = (np.arange(cap)[None, :] < most[:, None]) & (times < span)
    owner = np.concatenate([np.arange(customers), np.nonzero(bought)[0]])
    day = np.concatenate([join, times[bought]])
    first = np.arange(len(owner)) < customers
    mean = np.where(first, first_order, first_order * (1 + uplift))
    return (
        pd.DataFrame(
            {
                "customer_id": "B" + pd.Series(owner, dtype="str").str.zfill(6),
                "date": (np.datetime64(start, "D") + day.astype(int)).astype("datetime64[s]"),
                "amount": np.round(rng.gamma(4.0, mean / 4.0), 2),
            }
        )
        .sort_values(["date", "customer_id"], kind="stable")
        .reset_index(drop=True)
    )
