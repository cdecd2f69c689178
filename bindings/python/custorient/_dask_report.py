"""custorient.dask.report: the report's figures from Dask DataFrames of orders, feedback
and support contacts.

The figures and their definitions are those of the `custorient report` program
(docs/report.md) for the sections customers, nps, csat, ces, sentiment, intents,
retention, model_check, models, feedback_churn, at_risk and rfm; the orders are shuffled by
customer once and every figure comes from per-customer tables computed on the
workers or from merged partial states.
"""

import numpy as np
import pandas as pd

from . import _dask_atrisk
from . import _dask_feedback
from . import _dask_modelcheck
from . import _dask_partials as parts
from . import _dask_retention
from . import _dask_text
from ._dask_summary import by_customer
from ._dates import format_date, parse_date
from ._transactions import summary_frame

ACTIVE_DAYS = 90          # "active" and "lost": an order in the last 90 days
HORIZON_DAYS = 90         # expected purchases
CHANGE_ALPHA = 0.05       # a month's NPS change with a smaller p-value is flagged


def _days(column):
    stamps = pd.to_datetime(column)
    return np.asarray(stamps, dtype="datetime64[ns]").astype("datetime64[D]").astype(np.int64)


def _day_series(column):
    """Day numbers of a partition's dates, as a Series with the partition's index."""
    return pd.Series(_days(column), index=column.index, name="day")


def _customers_part(part, id_col, date_col, amount_col, as_of):
    """Per-customer table of one partition (every order of a customer in it): the
    weekly lifetimes columns and the RFM inputs, as the store's summary in weeks."""
    days = _days(part[date_col])
    part = part[days <= as_of]
    days = days[days <= as_of]
    end = pd.Timestamp(as_of, unit="D")
    weekly = summary_frame(part, id_col, date_col, amount_col, None, end, "D", 7)
    grouped = pd.DataFrame({"id": part[id_col].to_numpy(), "day": days,
                            "amount": part[amount_col].to_numpy(dtype=np.float64)}) \
        .groupby("id", sort=True)
    extra = pd.DataFrame({"orders": grouped["day"].size().astype(np.float64),
                          "total_spend": grouped["amount"].sum(),
                          "first_order": grouped["day"].min(),
                          "last_order": grouped["day"].max()})
    # an order in the window before the last one (the retention section's base)
    start = as_of - ACTIVE_DAYS + 1
    before = pd.Series((days >= start - ACTIVE_DAYS) & (days < start)).groupby(
        part[id_col].to_numpy()).any()
    out = weekly.join(extra)
    out["days_since_last"] = (as_of - out["last_order"]).astype(np.float64)
    out["ordered_previous_window"] = before.reindex(out.index).to_numpy(np.float64)
    return out


def _meta(id_dtype):
    cols = {c: pd.Series([], dtype="float64") for c in
            ("frequency", "recency", "T", "monetary_value", "orders", "total_spend")}
    cols.update(first_order=pd.Series([], dtype="int64"), last_order=pd.Series([], dtype="int64"),
                days_since_last=pd.Series([], dtype="float64"),
                ordered_previous_window=pd.Series([], dtype="float64"))
    return pd.DataFrame(cols, index=pd.Index([], dtype=id_dtype, name="customer"))


def shuffled_orders(transactions, customer_id_col="customer_id", datetime_col="date",
                    monetary_value_col="amount"):
    """The orders' three columns shuffled so that each customer's orders lie in one
    partition (lazy)."""
    cols = [customer_id_col, datetime_col, monetary_value_col]
    return by_customer(transactions[cols], customer_id_col)


def per_customer(transactions, as_of, customer_id_col="customer_id", datetime_col="date",
                 monetary_value_col="amount", shuffled=None):
    """The per-customer table (lazy, one row per customer with an order up to as_of);
    `shuffled`: the orders of shuffled_orders() when already made."""
    if shuffled is None:
        shuffled = shuffled_orders(transactions, customer_id_col, datetime_col,
                                   monetary_value_col)
    meta = _meta(transactions[customer_id_col].dtype).rename_axis(customer_id_col)
    return shuffled.map_partitions(_customers_part, customer_id_col, datetime_col,
                                   monetary_value_col, as_of, meta=meta,
                                   align_dataframes=False)


def _record_counts(as_of, customers, feedback, contacts):
    """The customer base (signed up by as_of; customers without a signup day count),
    the new customers of the last ACTIVE_DAYS, and the feedback and contact records,
    from the tables given (those not given are left out)."""
    import dask  # pylint: disable=import-outside-toplevel
    lazy = {}
    if customers is not None and "signup_date" not in customers.columns:
        lazy["customers"] = customers.shape[0]
    elif customers is not None:
        signup = customers["signup_date"].fillna("")
        day = signup.map_partitions(lambda c: _day_series(c.where(c != "", "1970-01-01")),
                                    meta=("day", "int64"))
        known = (signup == "") | (day <= as_of)
        lazy.update(customers=known.sum(),
                    new_customers_90d=((signup != "") & (day <= as_of)
                                       & (day > as_of - ACTIVE_DAYS)).sum())
    for key, table in (("feedback", feedback), ("contacts", contacts)):
        if table is not None:
            lazy[key] = table.shape[0]
    return {k: int(v) for k, v in zip(lazy, dask.compute(*lazy.values()))}


def _customers_section(table, counts):
    """The customers section; counts: _record_counts()."""
    sums = table[["orders", "total_spend"]].sum()
    lazy = [(table["days_since_last"] <= ACTIVE_DAYS).sum(), (table["orders"] == 1).sum(),
            table["first_order"].min(), table["last_order"].max()]
    import dask  # pylint: disable=import-outside-toplevel
    buyers, sums, active, single, first, last = dask.compute(table.shape[0], sums, *lazy)
    orders, revenue = int(sums["orders"]), float(sums["total_spend"])
    out = {k: counts[k] for k in ("customers", "new_customers_90d") if k in counts}
    out.update(buyers=int(buyers), active_90d=int(active), one_time_buyers=int(single),
               orders=orders, revenue=revenue,
               revenue_per_buyer=revenue / buyers if buyers else None,
               average_order_value=revenue / orders if orders else None,
               first_order=format_date(int(first)) if buyers else None,
               last_order=format_date(int(last)) if buyers else None)
    out.update({k: counts[k] for k in ("feedback", "contacts") if k in counts})
    return out


def _answer_rows(feedback, kind, as_of, date_col="date"):
    rows = feedback[(feedback["kind"] == kind)]
    rows = rows.assign(day=rows[date_col].map_partitions(_day_series, meta=("day", "int64")))
    return rows[rows["day"] <= as_of]


def _answers(feedback, kind, as_of, date_col="date"):
    return _answer_rows(feedback, kind, as_of, date_col)["score"].astype("int64")


def _nps_months_state(scores, days):
    """NPS counts of one partition's answers per month, {"YYYY-MM": bytes}."""
    months = _dask_text.month_texts(days)
    scores = np.asarray(scores, dtype=np.int64)
    return {m: parts.nps_state(scores[months == m]) for m in np.unique(months)}


def _nps_months_merge(states):
    out = {}
    for state in states:
        for month, value in state.items():
            out[month] = parts.nps_merge([out[month], value]) if month in out else value
    return out


def _nps_monthly(rows):
    """The monthly table (months with answers) and the number of significant changes."""
    from .nps import nps_compare  # pylint: disable=import-outside-toplevel
    months = parts.reduce([rows["score"].astype("int64"), rows["day"]], _nps_months_state,
                          _nps_months_merge)
    table, before = [], None
    for month in sorted(months):
        cur = parts.state_of(months[month])
        ci = cur.interval(0.95, "adjusted")
        diff = nps_compare(cur, before) if before is not None else None
        flagged = diff is not None and diff.p_value < CHANGE_ALPHA
        table.append({"month": month, "responses": cur.n, "nps": cur.score,
                      "lower": ci.lower, "upper": ci.upper,
                      "change": None if diff is None else diff.difference,
                      "p_value": None if diff is None else diff.p_value,
                      "significant": ("up" if diff.difference > 0 else "down") if flagged
                      else ""})
        before = cur
    return table, sum(row["significant"] != "" for row in table)


def _nps_section(feedback, as_of):
    from .nps import nps  # pylint: disable=import-outside-toplevel
    rows = _answer_rows(feedback, "nps", as_of)
    all_ = nps(rows["score"].astype("int64"))
    if all_.n == 0:
        return {"responses": 0}
    wald, adjusted = all_.interval(0.95, "wald"), all_.interval(0.95, "adjusted")
    monthly, changes = _nps_monthly(rows)
    return {"responses": all_.n, "detractors": all_.detractors, "passives": all_.passives,
            "promoters": all_.promoters, "nps": all_.score, "se": all_.se,
            "ci_lower": wald.lower, "ci_upper": wald.upper,
            "adjusted_ci_lower": adjusted.lower, "adjusted_ci_upper": adjusted.upper,
            "monthly": monthly, "significant_changes": changes}


def _rating_section(feedback, kind, as_of):
    from ._dask_metrics import rating_counts  # pylint: disable=import-outside-toplevel
    counts, opts = rating_counts(kind, _answers(feedback, kind, as_of))
    if counts.n == 0:
        return {"responses": 0}
    s = counts.summary(box=(opts.box_min, opts.box_max), level=opts.level)
    return {"responses": s.n, "score": s.score, "score_lower": s.share_interval[0],
            "score_upper": s.share_interval[1], "mean": s.mean,
            "mean_lower": s.mean_interval[0], "mean_upper": s.mean_interval[1]}


def _retention_section(table, customers, as_of):
    """The retention of the last window against the one before (_dask_retention), and
    the Kaplan-Meier of the days from the first order until a customer is lost (no
    order in the last 90 days: lost at the last order; the others censored on as_of)."""
    from .kaplan_meier import KaplanMeierFitter  # pylint: disable=import-outside-toplevel
    out = _dask_retention.window(table, customers, as_of, ACTIVE_DAYS)
    lost = table["days_since_last"] > ACTIVE_DAYS
    duration = (table["last_order"] - table["first_order"]).where(
        lost, table["last_order"] - table["first_order"] + table["days_since_last"])
    km = KaplanMeierFitter().fit(duration.astype("float64"), lost.astype("float64"))
    median = km.median_survival_time_
    out.update(customers_lost=int(lost.sum().compute()),
               median_lifetime_days=None if not np.isfinite(median) else float(median))
    for days in (90, 180, 365):
        out["survival_%dd" % days] = 100.0 * float(km.predict(float(days)))
    return out


P_ALIVE_BINS = 10


def _models_section(table, recommended, context):
    """The models section; returns it and the Pareto/NBD fit (None unless made).
    recommended: (model name, reason) of the model check, or None; context: the
    calibration end, or why there is no recommendation."""
    import dask  # pylint: disable=import-outside-toplevel
    from .btyd import (BetaGeoFitter, GammaGammaFitter,  # pylint: disable=import-outside-toplevel
                       ParetoNBDFitter)
    fit = _dask_atrisk.fit_with_fallback
    f, r, T, m = table["frequency"], table["recency"], table["T"], table["monetary_value"]
    bgf, pen = fit(BetaGeoFitter, f, r, T)
    pnbd, name = None, "BG/NBD"
    if recommended is not None:
        why = "holdout check (calibration to %s): %s" % (context, recommended[1])
    else:
        why = "BG/NBD by default: %s" % context
    if recommended is not None and recommended[0] == "Pareto/NBD":
        pnbd, pen_pn = fit(ParetoNBDFitter, f, r, T)
        pen, name = max(pen, pen_pn), "Pareto/NBD"
    model = pnbd if pnbd is not None else bgf
    # Repeat customers whose repeat orders cost nothing stay out of the spend fit.
    ggf, pen_gg = fit(GammaGammaFitter, f.where(m > 0, 0.0), m)
    alive = model.conditional_probability_alive(f, r, T)
    expected = model.conditional_expected_number_of_purchases_up_to_time(HORIZON_DAYS / 7.0,
                                                                         f, r, T)
    clv = ggf.customer_lifetime_value(model, f, r, T, m, time=12, discount_rate=0.01, freq="W")
    # P(alive) >= 0: truncation is the floor
    bins = (alive * P_ALIVE_BINS).astype("int64").clip(0, P_ALIVE_BINS - 1)
    n, mean_alive, below, exp_sum, clv_sum, hist = dask.compute(
        alive.shape[0], alive.mean(), (alive < 0.5).sum(), expected.sum(), clv.sum(),
        bins.value_counts())
    out = {"customers": int(n), "purchase_model": name, "purchase_model_reason": why,
           "penalizer": max(pen, pen_gg)}
    out.update(("bgnbd_" + k, float(v)) for k, v in bgf.params_.items())
    out.update(("paretonbd_" + k, None if pnbd is None else float(pnbd.params_[k]))
               for k in ("r", "alpha", "s", "beta"))
    out.update(mean_p_alive=float(mean_alive), p_alive_below_half=int(below),
               expected_purchases_90d=float(exp_sum))
    out.update(("gammagamma_" + k, float(v)) for k, v in ggf.params_.items())
    out.update(clv_12m_total=float(clv_sum), clv_12m_mean=float(clv_sum) / n if n else None)
    out["p_alive_distribution"] = [{"from": b / P_ALIVE_BINS, "to": (b + 1) / P_ALIVE_BINS,
                                    "customers": int(hist.get(b, 0))}
                                   for b in range(P_ALIVE_BINS)]
    return out, pnbd


def _rfm_section(table):
    import dask  # pylint: disable=import-outside-toplevel
    from .rfm import rfm, rfm_cuts, SEGMENTS  # pylint: disable=import-outside-toplevel
    from ._dask_metrics import rfm_cuts_of  # pylint: disable=import-outside-toplevel
    variables = (("recency_days", "days_since_last"), ("orders", "orders"),
                 ("revenue", "total_spend"))
    cuts = {name: rfm_cuts_of(rfm_cuts, table[col], 5, 1.0) for name, col in variables}
    result = rfm(table["days_since_last"], table["orders"], table["total_spend"],
                 recency_cuts=cuts["recency_days"], frequency_cuts=cuts["orders"],
                 monetary_cuts=cuts["revenue"])
    frame = table[["orders", "total_spend"]].assign(segment=result.segment)
    groups = frame.groupby("segment")
    sizes, sums, n = dask.compute(groups.size(), groups[["orders", "total_spend"]].sum(),
                                  table.shape[0])
    segments = []
    for name in SEGMENTS:
        k = int(sizes.get(name, 0))
        orders = float(sums["orders"].get(name, 0.0))
        revenue = float(sums["total_spend"].get(name, 0.0))
        segments.append({"segment": name, "customers": k, "share": 100.0 * k / n if n else 0.0,
                         "orders": orders, "revenue": revenue,
                         "average_order_value": revenue / orders if orders else 0.0})
    return {"scored_customers": int(n),
            "thresholds": [dict(variable=name, **{"cut_%d" % (j + 1): float(c)
                                                   for j, c in enumerate(values)})
                           for name, values in cuts.items()],
            "segments": segments}


def _holdout_frame(shuffled, sig, cal_end, day, id_col, date_col):
    """(the customers who bought by cal_end with their calibration history, holdout
    purchases, signals and indicators as of cal_end; the holdout's length in weeks)."""
    cal = _dask_modelcheck.calibration_table(shuffled, id_col, date_col, _days, cal_end, day)
    cal = cal.rename(columns={"frequency_cal": "frequency", "recency_cal": "recency",
                              "T_cal": "T"})
    return _dask_feedback.with_indicators(_dask_atrisk.signals(cal, sig, cal_end), sig,
                                          cal_end), (day - cal_end) / 7.0


def _last_day(columns):
    """The last date in Dask Series of date texts (empty ones skipped), as a day number."""
    import dask  # pylint: disable=import-outside-toplevel
    lasts = [c.dropna().map_partitions(_day_series, meta=("day", "int64")).max()
             for c in columns]
    return int(max(dask.compute(*lasts)))


def _record_dates(transactions, feedback, contacts, customers, datetime_col):
    """The date columns of every record, as the program's default as-of day reads them:
    orders, feedback, contacts opened and resolved, customers' signups."""
    out = [transactions[datetime_col]]
    out += [] if feedback is None else [feedback["date"]]
    out += [] if contacts is None else [contacts["opened"], contacts["resolved"]]
    if customers is not None and "signup_date" in customers.columns:
        out.append(customers["signup_date"])
    return out


def report(client, transactions, feedback=None, as_of=None, customer_id_col="customer_id",
           datetime_col="date", monetary_value_col="amount", contacts=None, customers=None,
           top=10):
    """See custorient.dask.report."""
    if client is not None:
        with client.as_current():
            return report(None, transactions, feedback, as_of, customer_id_col, datetime_col,
                          monetary_value_col, contacts, customers, top)
    last = _last_day(_record_dates(transactions, feedback, contacts, customers, datetime_col))
    day = last if as_of is None else parse_date(as_of) if not isinstance(as_of, int) else as_of
    shuffled = shuffled_orders(transactions, customer_id_col, datetime_col,
                               monetary_value_col).persist()

    def table_on(when):
        return per_customer(transactions, when, customer_id_col, datetime_col,
                            monetary_value_col, shuffled).persist()

    table = table_on(day)
    from . import __version__  # pylint: disable=import-outside-toplevel
    out = {"schema": "custorient-dask-report/2", "title": "Customer-orientation report",
           "library_version": __version__, "as_of": format_date(day),
           "customers": _customers_section(
               table, _record_counts(day, customers, feedback, contacts))}
    texts = None
    if feedback is not None:
        out["nps"] = _nps_section(feedback, day)
        out["csat"] = _rating_section(feedback, "csat", day)
        out["ces"] = _rating_section(feedback, "ces", day)
        if "text" in feedback.columns:
            texts = _dask_text.texts_up_to(feedback, day, _day_series).persist()
            out["sentiment"] = _dask_text.sentiment_section(texts)
            out["intents"] = _dask_text.intents_section(texts, day)
    out["retention"] = _retention_section(table, customers, day)
    first = parse_date(out["customers"]["first_order"]) if out["customers"]["buyers"] else day
    check, recommended = _dask_modelcheck.model_check(shuffled, customer_id_col, datetime_col,
                                                      _days, day, first)
    out["model_check"] = check
    sig = _dask_atrisk.Signals(feedback, contacts, customers, texts, _day_series)
    if out["customers"]["buyers"] == 0:  # nothing to fit: the program's sections are empty
        out["models"], out["at_risk"] = {}, {}
        out["feedback_churn"] = {"status": "no orders up to the as-of day"}
    else:
        choice = None if recommended is None else (recommended, check["reason"])
        why = check.get("calibration_end") if choice else \
            "no model could be fitted in the holdout check" if check["status"] == "done" \
            else check["status"]
        out["models"], pnbd = _models_section(table, choice, why)
        joined = _dask_feedback.with_indicators(_dask_atrisk.signals(table, sig, day), sig,
                                                day).persist()
        fit = _dask_feedback.analysis(joined)
        cal_end = day - _dask_modelcheck.MODEL_CHECK_DAYS
        out["feedback_churn"] = _dask_feedback.section(
            fit, (lambda: _holdout_frame(shuffled, sig, cal_end, day, customer_id_col,
                                         datetime_col)) if cal_end < day else None)
        out["at_risk"] = _dask_atrisk.at_risk_section(
            lambda when: table if when == day else table_on(when), sig, day, last, top, pnbd,
            (joined, fit))
    out["rfm"] = _rfm_section(table)
    return out
