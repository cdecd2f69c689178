"""Figures of a data directory computed with pandas alone, without the
library, to check the JSON of `custorient report` against (test_cli.py).

Each function follows the definition in docs/report.md; the RFM segments
reuse tests/reference/rfm_reference.py (numpy, R's rules).
"""

import importlib.util
import os

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))


def _rfm_reference():
    path = os.path.join(HERE, "..", "reference", "rfm_reference.py")
    spec = importlib.util.spec_from_file_location("rfm_reference", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load(data_dir):
    read = lambda name, dates: pd.read_csv(os.path.join(data_dir, name), parse_dates=dates,
                                           keep_default_na=False, na_values={"score": [""]})
    customers = read("customers.csv", ["signup_date"])
    orders = read("orders.csv", ["date"])
    feedback = read("feedback.csv", ["date"])
    contacts = read("contacts.csv", ["opened"])
    return customers, orders, feedback, contacts


def as_of_default(customers, orders, feedback, contacts):
    resolved = pd.to_datetime(contacts["resolved"].replace("", None))
    days = [customers["signup_date"].max(), orders["date"].max(), feedback["date"].max(),
            contacts["opened"].max(), resolved.max()]
    return max(d for d in days if pd.notna(d))


def customer_base(customers, orders, feedback, contacts, as_of):
    o = orders[orders["date"] <= as_of]
    per = o.groupby("customer_id").agg(first=("date", "min"), last=("date", "max"),
                                      n=("order_id", "count"), spend=("amount", "sum"))
    since_last = (as_of - per["last"]).dt.days
    signed = customers["signup_date"] <= as_of
    recent = signed & (customers["signup_date"] > as_of - pd.Timedelta(days=90))
    return {
        "customers": int(signed.sum()),
        "new_customers_90d": int(recent.sum()),
        "buyers": len(per),
        "active_90d": int((since_last <= 90).sum()),
        "one_time_buyers": int((per["n"] == 1).sum()),
        "orders": len(o),
        "revenue": float(o["amount"].sum()),
        "first_order": per["first"].min().strftime("%Y-%m-%d"),
        "last_order": per["last"].max().strftime("%Y-%m-%d"),
        "feedback": len(feedback),
        "contacts": len(contacts),
    }


def nps(feedback, as_of):
    """Overall NPS and Wald interval (Rocks 2016), and per-month counts and scores."""
    f = feedback[(feedback["kind"] == "nps") & (feedback["date"] <= as_of)]
    s = f["score"].astype(int)
    n = len(s)
    pro, det = (s >= 9).mean(), (s <= 6).mean()
    score = 100 * (pro - det)
    se = 100 * np.sqrt(((pro + det) - (pro - det) ** 2) / n)
    z = 1.959963984540054
    months = f.assign(month=f["date"].dt.strftime("%Y-%m")).groupby("month")["score"]
    monthly = [(m, len(g), 100 * ((g >= 9).mean() - (g <= 6).mean())) for m, g in months]
    return {"responses": n, "detractors": int((s <= 6).sum()), "passives":
            int(((s >= 7) & (s <= 8)).sum()), "promoters": int((s >= 9).sum()),
            "nps": score, "se": se, "ci_lower": score - z * se, "ci_upper": score + z * se,
            "monthly": monthly}


def box_share(feedback, as_of, kind, low):
    f = feedback[(feedback["kind"] == kind) & (feedback["date"] <= as_of)]
    s = f["score"].astype(float)
    return len(s), 100 * (s >= low).mean(), s.mean()


def rfm_segments(orders, as_of):
    """Customers per segment with R's rules (reference script) plus Hibernating."""
    ref = _rfm_reference()
    o = orders[orders["date"] <= as_of]
    per = o.groupby("customer_id").agg(last=("date", "max"), n=("order_id", "count"),
                                      spend=("amount", "sum"))
    rec = (as_of - per["last"]).dt.days.to_numpy(dtype=float)
    r = ref.r_score(rec, reverse=True)[1]
    f = ref.r_score(per["n"].to_numpy(dtype=float))[1]
    m = ref.r_score(per["spend"].to_numpy(dtype=float))[1]
    seg = ref.r_segment(r, f, m)
    # Our Hibernating rule (R1-2 after the R rules) takes R's leftovers with recency <= 2.
    seg = np.where((seg == "Others") & (r <= 2), "Hibernating", seg)
    return pd.Series(seg).value_counts().to_dict()


def retention_window(customers, orders, as_of, days=90):
    """Active sets of the last two windows of `days` days (set arithmetic)."""
    o = orders[orders["date"] <= as_of]
    cur_start = as_of - pd.Timedelta(days=days - 1)
    prev_start = cur_start - pd.Timedelta(days=days)
    cur = set(o[o["date"] >= cur_start]["customer_id"])
    prev = set(o[(o["date"] >= prev_start) & (o["date"] < cur_start)]["customer_id"])
    return {"active_previous": len(prev), "retained": len(prev & cur), "active": len(cur)}


def repurchase_base(orders, start, days):
    """Buyers with an order on or before `start`, and the share of them who
    ordered in (start, start + days]: the base of the at-risk backtest."""
    before = set(orders.loc[orders["date"] <= start, "customer_id"])
    after = repurchased(orders, start, days)
    return len(before), len(before & after) / len(before)


def repurchased(orders, start, days):
    """Customers with an order in (start, start + days]."""
    window = (orders["date"] > start) & (orders["date"] <= start + pd.Timedelta(days=days))
    return set(orders.loc[window, "customer_id"])


# The generator's feedback sentences that say the writer will cancel or wants
# money back, labelled by hand (lib/sample/generate_text.c): a text holds an
# intent when it contains one of them.
CANCEL_SENTENCES = (
    "I am cancelling my account, this was the last straw.",
    "Please close my account, I will not order again.",
    "I want to cancel my membership.",
    "I am switching to another shop after this.",
    "Refund my order and cancel my account.",
)
REFUND_SENTENCES = (
    "I want my money back for the last order.",
    "Please refund my last order, it never arrived.",
    "Still waiting for my refund, this is the third time I write.",
    "Refund my order and cancel my account.",
    "still wait for a refund.",
)


def intents(feedback, as_of, months=12):
    """Texts with a cancel or refund intent up to as_of, the customers who said
    they would cancel with the day of their latest such text, and the monthly
    counts of the last `months` months."""
    f = feedback[(feedback["date"] <= as_of) & (feedback["text"] != "")]
    cancel = f["text"].apply(lambda t: any(s in t for s in CANCEL_SENTENCES))
    refund = f["text"].apply(lambda t: any(s in t for s in REFUND_SENTENCES))
    last_cancel = f[cancel].groupby("customer_id")["date"].max()
    month = f["date"].dt.to_period("M")
    shown = pd.period_range(end=as_of.to_period("M"), periods=months, freq="M")
    monthly = [(str(m), int((cancel & (month == m)).sum()), int((refund & (month == m)).sum()))
               for m in shown]
    return {"texts": len(f), "cancel_texts": int(cancel.sum()), "refund_texts": int(refund.sum()),
            "last_cancel": last_cancel, "monthly": monthly}
