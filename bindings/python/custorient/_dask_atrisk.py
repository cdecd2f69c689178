"""The report's at-risk list on Dask: Pareto/NBD P(alive) and the 12-month value if
retained (Pareto/NBD and Gamma-Gamma), ranked by value at risk = (1 - P(alive)) x
value if retained, as the program's plain Pareto/NBD list (docs/report.md "at_risk").

Each partition ranks its own customers with the library (co_atrisk_rank) and keeps
its top N; the client ranks the partitions' candidates again, so no node holds the
whole base. The backtest makes the same list half a year earlier and counts who of
it, and of all buyers of that day, ordered since.
"""

import math
from collections import namedtuple

import numpy as np
import pandas as pd

from . import _dask_text

CLV_MONTHS = 12
BACKTEST_DAYS = 182
DETRACTOR_DAYS = 90      # a detractor answer counts as a reason while this recent
BAND_LEVEL, BAND_DRAWS = 0.90, 1000
RATIO_MIN_P_ALIVE = 1e-100  # below it, CLV / P(alive) could lose digits to underflow
NO_DETRACTOR = -1        # days_since_detractor of a customer without one (CO_ATRISK_NO_DETRACTOR)
FALLBACK_PENALIZER = 1e-3


Signals = namedtuple("Signals", "feedback contacts customers texts day_series")
Signals.__doc__ = """The records beside the orders that the list reads, each a Dask DataFrame
or None: feedback (detractor answers), contacts (open contacts), customers (names),
texts (the feedback texts up to the as-of day with their day, for who said they would
cancel); day_series turns a partition's date texts into day numbers."""


def signals(table, sig, day):
    """The per-customer table with last_detractor and open_contacts as of `day`
    (lazy; Dask joins by customer)."""
    out, feedback, contacts, day_series = table, sig.feedback, sig.contacts, sig.day_series
    if feedback is not None:
        fb = feedback[["customer_id", "kind", "score", "date"]]
        fb = fb.assign(day=fb["date"].map_partitions(day_series, meta=("day", "int64")))
        hit = fb[(fb["kind"] == "nps") & (fb["score"] <= 6) & (fb["day"] <= day)]
        last = hit.groupby("customer_id")["day"].max().to_frame("last_detractor")
        out = out.join(last, how="left")
    if contacts is not None:
        opened = contacts["opened"].map_partitions(day_series, meta=("day", "int64"))
        resolved = contacts["resolved"].fillna("").map_partitions(
            _resolved_days, day_series, meta=("day", "int64"))
        open_ = ((opened <= day) & ((resolved < 0) | (resolved > day))).astype("int64")
        counts = contacts[["customer_id"]].assign(open_contacts=open_) \
            .groupby("customer_id")["open_contacts"].sum().to_frame()
        out = out.join(counts, how="left")
    return out


def _resolved_days(column, day_series):
    filled = column.astype(str)
    blank = filled == ""
    days = day_series(filled.where(~blank, "1970-01-01"))
    return days.where(~blank, -1)


def _rank_part(part, purchases, spend, top, day, feedback=None):
    """(the partition's top `top` customers by value at risk with their figures, the
    partition's total value at risk); `feedback`: the covariate model
    (_dask_feedback.Model) that replaces the plain `purchases`, or None."""
    from .survival import at_risk_ranking  # pylint: disable=import-outside-toplevel
    f, r, T, m = (part[c].to_numpy(np.float64) for c in ("frequency", "recency", "T",
                                                        "monetary_value"))
    x, columns = None, []
    if feedback is not None:
        purchases, columns = feedback.fitter(), feedback.columns
        x = part[columns].to_numpy(np.float64)
    p = np.asarray(_alive(purchases, f, r, T, x), dtype=np.float64)
    clv = _clv(purchases, spend, f, r, T, m, x)
    kept = np.where(p > 0, clv / np.where(p > 0, p, 1.0), 0.0)
    exact = (f > 0) & (p < RATIO_MIN_P_ALIVE)
    if exact.any():  # alive on the day: the same history with its last order on the day
        kept[exact] = _clv(purchases, spend, f[exact], T[exact], T[exact], m[exact],
                           None if x is None else x[exact])
    detractor = part["last_detractor"] if "last_detractor" in part else \
        pd.Series(np.nan, index=part.index)
    days = np.where(detractor.isna(), NO_DETRACTOR, day - detractor.fillna(0)).astype(np.int64)
    contacts = part["open_contacts"].fillna(0).to_numpy(np.uint64) \
        if "open_contacts" in part else np.zeros(len(part), np.uint64)
    ranked = at_risk_ranking(p, kept, top, days, contacts)
    rows = ranked["index"].astype(np.int64)
    return pd.DataFrame({"customer_id": part.index.to_numpy()[rows],
                         "frequency": f[rows], "recency": r[rows], "T": T[rows],
                         "monetary_value": m[rows], "p_alive": p[rows], "clv_12m": clv[rows],
                         "value_if_retained": kept[rows],
                         "days_since_last_order": part["days_since_last"].to_numpy()[rows],
                         "days_since_detractor": days[rows],
                         "open_contacts": contacts[rows].astype(np.int64),
                         **{c: x[rows, j] for j, c in enumerate(columns)}}), \
        float(np.sum((1 - p) * kept))


def _covariates(x):
    return {} if x is None else {"dropout_covariates": x}


def _alive(purchases, f, r, T, x):
    return purchases.conditional_probability_alive(f, r, T, **_covariates(x))


def _clv(purchases, spend, f, r, T, m, x=None):
    return np.asarray(spend.customer_lifetime_value(purchases, f, r, T, m, time=CLV_MONTHS,
                                                    discount_rate=0.01, freq="W",
                                                    **_covariates(x)),
                      dtype=np.float64)


def fit_with_fallback(cls, *columns):
    """(fitter, penalty): plain maximum likelihood, else the program's small penalty."""
    from ._errors import ConvergenceError  # pylint: disable=import-outside-toplevel
    try:
        return cls().fit(*columns), 0.0
    except ConvergenceError:
        return cls(penalizer_coef=FALLBACK_PENALIZER).fit(*columns), FALLBACK_PENALIZER


def _fits(table, pnbd=None):
    """Pareto/NBD (unless given, with its penalty) on the rows state of the partitions,
    Gamma-Gamma likewise (repeat buyers with a positive mean spend), each with the
    program's fallback penalty."""
    from ._errors import ConvergenceError  # pylint: disable=import-outside-toplevel
    from .btyd import GammaGammaFitter, ParetoNBDFitter  # pylint: disable=import-outside-toplevel
    f, r, T, m = table["frequency"], table["recency"], table["T"], table["monetary_value"]
    if pnbd is not None:
        pen = pnbd.penalizer_coef
    else:
        pnbd, pen = fit_with_fallback(ParetoNBDFitter, f, r, T)
    try:
        ggf = GammaGammaFitter(penalizer_coef=pen).fit(f.where(m > 0, 0.0), m)
    except ConvergenceError:
        if pen:
            raise
        pen = FALLBACK_PENALIZER
        ggf = GammaGammaFitter(penalizer_coef=pen).fit(f.where(m > 0, 0.0), m)
    return pnbd, ggf


def ranked(table, top, day, pnbd=None, feedback=None):
    """(candidates ranked best first as a DataFrame of `top` rows, total value at risk,
    the fits) of a per-customer table joined with its signals (and, with `feedback`,
    the covariate model's indicators). Full ties (same value at risk and signals) go
    to the lower customer id, where the program takes the customer first in its store."""
    import dask  # pylint: disable=import-outside-toplevel
    from ._dask_models import _light  # pylint: disable=import-outside-toplevel
    from .survival import at_risk_ranking  # pylint: disable=import-outside-toplevel
    pnbd, ggf = _fits(table, pnbd)
    light = (_light(pnbd), _light(ggf))
    results = dask.compute(*[dask.delayed(_rank_part, pure=True)(part, *light, top, day,
                                                                 feedback)
                             for part in table.to_delayed()])
    cand = pd.concat([c for c, _ in results], ignore_index=True)
    total = float(sum(t for _, t in results))
    cand = cand.sort_values("customer_id", kind="stable").reset_index(drop=True)
    best = at_risk_ranking(cand["p_alive"], cand["value_if_retained"], top,
                           cand["days_since_detractor"], cand["open_contacts"].astype(np.uint64))
    rows = cand.iloc[best["index"].astype(np.int64)].reset_index(drop=True)
    rows["value_at_risk"] = best["value_at_risk"]
    return rows, total, (pnbd, ggf)


def _cites(row, effects, key):
    """Whether the reasons cite the covariate model's effect `key`: a clear effect that
    raises the drop-out rate, which the customer has."""
    for e in effects:
        if e["covariate"] == key:
            return e["clear"] == "yes" and e["coef"] > 0 and row[key] > 0
    return False


def _reasons(row, cancel_day, effects=()):
    """Why a customer is on the list, by the program's rules; cancel_day: the day the
    customer last said they would cancel, or None; effects: the covariate model's
    (_dask_feedback.effects()) when the list uses it."""
    out, p, silent = [], row["p_alive"], row["days_since_last_order"]
    if p < 0.005:
        out.append("P(alive) below 0.01")
    elif p < 0.5:
        out.append("low P(alive) %.2f" % p)
    gap = 7 * row["recency"] / row["frequency"] if row["frequency"] > 0 else 0
    if row["frequency"] == 0:
        out.append("one order, %.0f days ago" % silent)
    elif silent > gap:
        out.append("no order for %.0f days, usually every %.0f" % (silent, gap))
    if 0 <= row["days_since_detractor"] <= DETRACTOR_DAYS:
        out.append("detractor %d days ago" % row["days_since_detractor"])
    if row["open_contacts"] > 0 and not _cites(row, effects, "open_contact"):
        out.append("%d open contact%s" % (row["open_contacts"],
                                          "" if row["open_contacts"] == 1 else "s"))
    out += ["%s: drop-out rate %.1fx" % (e["tag"], math.exp(e["coef"])) for e in effects
            if _cites(row, effects, e["covariate"])]
    if cancel_day is not None:
        from ._dates import format_date  # pylint: disable=import-outside-toplevel
        out.append("said they would cancel on %s" % format_date(cancel_day))
    return "; ".join(out) or "worth %.0f in 12 months if retained" % row["value_if_retained"]


def _bought(part, ids, start):
    """How many of the customers `ids` in a partition ordered after `start`."""
    return pd.Series([int((part["last_order"][part.index.isin(ids)] > start).sum())])


def _bands(rows, pnbd, ggf, feedback=None):
    """P(alive) and CLV bands of the listed customers: `status`, and the four columns;
    with `feedback` (a done _dask_feedback.analysis()), under each customer's own
    parameters of its covariate model (custorient/_covariate_bands.py)."""
    f, r, T, m = (rows[c].to_numpy(np.float64) for c in ("frequency", "recency", "T",
                                                        "monetary_value"))
    opts = {"draws": BAND_DRAWS, "level": BAND_LEVEL, "seed": 1, "threads": 2}
    clv_opts = dict(time=CLV_MONTHS, discount_rate=0.01, freq="W", **opts)
    try:
        pnbd._figures()  # the plain model's uncertainty, as the program checks it first
        model, cov = pnbd, {}
        if feedback is not None:
            model = feedback["model"]
            cov = {"dropout_covariates": rows[feedback["columns"]].to_numpy(np.float64)}
        alive = model.conditional_probability_alive_band(f, r, T, **opts, **cov)
        clv = ggf.customer_lifetime_value_band(model, f, r, T, m, **clv_opts, **cov)
    except Exception as e:  # pylint: disable=broad-except  (shown, as the program does)
        return "not computed: %s" % e, [[None] * len(rows)] * 4
    return "computed", [alive[0], alive[1], clv[0], clv[1]]


def _none_if_nan(value):
    return None if value is None or not np.isfinite(value) else float(value)


def _names(customers, ids):
    """Names of the customers `ids` (a filter on the workers), by id."""
    if customers is None or "name" not in customers.columns or not ids:
        return {}
    rows = customers[["customer_id", "name"]]
    found = rows[rows["customer_id"].isin(ids)].compute()
    return dict(zip(found["customer_id"], found["name"].fillna("")))


def _uses(fit):
    """The covariate model of an analysis() when the list uses it, else None."""
    from . import _dask_feedback  # pylint: disable=import-outside-toplevel
    if fit is None or fit["status"] != "done" or not fit["better"]:
        return None
    return _dask_feedback.Model(fit["model"], fit["columns"])


def _backtest_list(table, sig, day, top):
    """The list as of `day` with its own fits: the covariate model's when the
    feedback analysis of that day (without effects) finds it better."""
    from . import _dask_feedback  # pylint: disable=import-outside-toplevel
    frame = _dask_feedback.with_indicators(signals(table, sig, day), sig, day).persist()
    model = _uses(_dask_feedback.analysis(frame, with_effects=False))
    return ranked(frame, top, day, None, model)[0]


def at_risk_section(make_table, sig, as_of, last, top, pnbd=None, feedback=None):
    """The at_risk section: the list as of as_of (with `pnbd`, the models section's
    Pareto/NBD fit when it made one) and its backtest from BACKTEST_DAYS before;
    `last`: the last day of any record, which must reach as_of for the backtest.
    feedback: (the per-customer table with signals and indicators, its
    _dask_feedback.analysis()) of the as-of day, or None."""
    import dask  # pylint: disable=import-outside-toplevel
    from ._dates import format_date  # pylint: disable=import-outside-toplevel
    table = make_table(as_of)
    model = None if feedback is None else _uses(feedback[1])
    joined = feedback[0] if model is not None else signals(table, sig, as_of)
    rows, total, (pnbd, ggf) = ranked(joined, top, as_of, pnbd, model)
    fit = feedback[1] if model is not None else None
    effects = fit["effects"] if fit is not None else ()
    ids = list(rows["customer_id"])
    names = _names(sig.customers, ids)
    cancels = {} if sig.texts is None else _dask_text.cancel_days(sig.texts, ids)
    status, bands = _bands(rows, pnbd, ggf, fit)
    listed = []
    for k, row in rows.iterrows():
        listed.append({"rank": k + 1, "customer_id": row["customer_id"],
                       "name": names.get(row["customer_id"]),
                       "p_alive": float(row["p_alive"]),
                       "p_alive_lower": _none_if_nan(bands[0][k]),
                       "p_alive_upper": _none_if_nan(bands[1][k]),
                       "clv_12m": float(row["clv_12m"]),
                       "clv_12m_lower": _none_if_nan(bands[2][k]),
                       "clv_12m_upper": _none_if_nan(bands[3][k]),
                       "value_if_retained": float(row["value_if_retained"]),
                       "value_at_risk": float(row["value_at_risk"]),
                       "days_since_last_order": int(row["days_since_last_order"]),
                       "days_since_detractor": None if row["days_since_detractor"] < 0
                       else int(row["days_since_detractor"]),
                       "open_contacts": int(row["open_contacts"]),
                       "reasons": _reasons(row, cancels.get(row["customer_id"]), effects)})
    out = {"p_alive_model": "Pareto/NBD with feedback covariates" if fit else "Pareto/NBD",
           "value_at_risk_total": total,
           "band_level": BAND_LEVEL, "band_draws": BAND_DRAWS, "bands": status,
           "customers": listed}
    start = as_of - BACKTEST_DAYS
    out.update(backtest_from=format_date(start), backtest_days=BACKTEST_DAYS)
    before = table["first_order"] <= start
    ranked_n, ranked_bought = dask.compute(before.sum(),
                                           (before & (table["last_order"] > start)).sum())
    figures = dict.fromkeys(("backtest_listed", "backtest_listed_rate", "backtest_ranked",
                             "backtest_base_rate", "backtest_lift"))
    if last < as_of or ranked_n == 0:
        out["backtest_coverage"] = "not covered: " + (
            "the data end before the as-of day" if last < as_of else
            "no order on or before %s" % format_date(start))
        out.update(figures)
        return out
    earlier = _backtest_list(make_table(start), sig, start, top)
    ids = list(earlier["customer_id"])
    bought = int(table.map_partitions(_bought, ids, start, meta=(None, "int64")).sum().compute())
    base = ranked_bought / ranked_n
    rate = bought / len(ids) if ids else float("nan")
    out["backtest_coverage"] = "covered"
    out.update(backtest_listed=len(ids), backtest_listed_rate=_none_if_nan(100.0 * rate),
               backtest_ranked=int(ranked_n), backtest_base_rate=100.0 * base,
               backtest_lift=_none_if_nan(rate / base) if base > 0 else None)
    return out
