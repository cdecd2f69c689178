"""The retention of the report's last window on Dask: customers active (with an order)
in the window before it, how many of them ordered again, who was new and who came
back, as co_retention_rate() counts them on one machine.

Each customer's flags come from the per-customer table of the orders (customers
whole after the shuffle); the customers without an order join it by id for their
signup day (Dask's hash join); the counts are sums over partitions.
"""

import numpy as np


def _first_days(table, customers):
    """(first day, ordered in the previous window, ordered in the last window) per
    customer: the signup or the first order, whichever came first (customers without a
    signup day start with their first order)."""
    flags = table[["first_order", "days_since_last", "ordered_previous_window"]]
    if customers is None or "signup_date" not in customers.columns:
        return flags["first_order"].astype("float64"), flags
    from ._dask_report import _day_series  # pylint: disable=import-outside-toplevel
    signup = customers[["customer_id", "signup_date"]]
    signup = signup.assign(signup=signup["signup_date"].fillna("").map_partitions(
        lambda c: _day_series(c.where(c != "", "1970-01-01")).where(c != "", np.nan),
        meta=("day", "float64")))[["customer_id", "signup"]]
    both = flags.reset_index().rename(columns={flags.index.name or "index": "customer_id"}) \
        .merge(signup, on="customer_id", how="outer")
    first = both[["first_order", "signup"]].min(axis=1)
    return first, both


def window(table, customers, as_of, days):
    """The retention figures of docs/report.md for the window of `days` days ending on
    as_of against the window before: window_days, active_previous, retained,
    retention_rate, churn_rate (percentages), active, new_customers, reactivated."""
    import dask  # pylint: disable=import-outside-toplevel
    start = as_of - days + 1
    first, flags = _first_days(table, customers)
    before = flags["ordered_previous_window"] > 0
    now = flags["days_since_last"] < days
    base, retained, active, new, back = dask.compute(
        before.sum(), (before & now).sum(), now.sum(),
        ((first >= start) & (first <= as_of)).sum(), (now & ~before & (first < start)).sum())
    rate = retained / base if base else float("nan")
    return {"window_days": days, "active_previous": int(base), "retained": int(retained),
            "retention_rate": 100.0 * rate if base else None,
            "churn_rate": 100.0 * (1.0 - rate) if base else None,
            "active": int(active), "new_customers": int(new), "reactivated": int(back)}
