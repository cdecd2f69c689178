"""The report's feedback_churn section on Dask: the Pareto/NBD with the feedback
indicators as drop-out covariates against the plain Pareto/NBD (docs/report.md,
"feedback_churn"; the program's examples/cli/feedback_churn.c).

The indicators are 0 or 1, so each partition reduces its customers to the distinct
rows (frequency, recency, T, indicators) with how many customers share each; the
client adds up the partitions' rows and fits both models with those counts as
weights: the library merges identical customers the same way, so the estimate is
the one fitted on every customer at once.
"""

import math

import numpy as np
import pandas as pd

# The indicators, in the program's order, with the reason tag and the words of each.
INDICATORS = (
    ("nps_detractor", "detractor", "customers whose last NPS answer was a detractor's",
     "promoters"),
    ("nps_passive", "passive", "customers whose last NPS answer was a passive's", "promoters"),
    ("nps_none", "no NPS answer", "customers who never answered the NPS survey", "promoters"),
    ("open_contact", "open contact", "customers with a support contact open",
     "customers without one"),
    ("csat_low", "low CSAT", "customers whose mean CSAT is below 3 of 5", "those at 3 or above"),
    ("csat_missing", "no CSAT answer", "customers without a CSAT answer",
     "those with a mean CSAT of 3 or above"),
    ("ces_low", "low CES", "customers whose mean CES is below 4 of 7 (help was hard to get)",
     "those at 4 or above"),
    ("ces_missing", "no CES answer", "customers without a CES answer",
     "those with a mean CES of 4 or above"),
    ("sentiment_negative", "negative texts",
     "customers whose feedback texts are negative on average (sentiment below -0.05)",
     "those with neutral or positive texts"),
    ("text_missing", "no feedback text", "customers without a feedback text",
     "those with neutral or positive texts"))
NAMES = tuple(row[0] for row in INDICATORS)
CSAT_CUT, CES_CUT, SENTIMENT_CUT = 3.0, 4.0, -0.05
MIN_PER_SIDE = 10        # customers on each side of a kept indicator
MIN_PER_PARAMETER = 10   # customers per estimated parameter
HISTORY = ("frequency", "recency", "T")


def _latest_nps(part, partition_info=None):
    """Per answer a key whose maximum over a customer's answers is the latest answer
    (by day, then by place in the data, as the store takes the later-added on a
    tie), with its category in the two low bits (0 detractor, 1 passive, 2 promoter)."""
    number = partition_info["number"] if partition_info else 0
    place = number * 2 ** 24 + np.arange(len(part), dtype=np.int64)
    score = part["score"].to_numpy(np.int64)
    category = np.where(score <= 6, 0, np.where(score <= 8, 1, 2))
    key = (part["day"].to_numpy(np.int64) * 2 ** 40 + place) * 4 + category
    return pd.Series(key, index=part.index, name="key")


def _compound(texts):
    from .text import sentiments  # pylint: disable=import-outside-toplevel
    values = list(texts)
    out = sentiments(values)["compound"] if values else np.zeros(0)
    return pd.Series(np.asarray(out, dtype=np.float64), index=texts.index, name="compound")


def _sources(sig, day):
    """Per customer (lazy frames joined by customer): the latest NPS category, the sum
    and count of the CSAT and CES answers, and of the texts' sentiment, up to `day`."""
    out = []
    if sig.feedback is not None:
        fb = sig.feedback[["customer_id", "kind", "score", "date"]]
        fb = fb.assign(day=fb["date"].map_partitions(sig.day_series, meta=("day", "int64")))
        fb = fb[fb["day"] <= day]
        nps = fb[fb["kind"] == "nps"]
        key = nps.map_partitions(_latest_nps, meta=("key", "int64"))
        latest = nps[["customer_id"]].assign(key=key).groupby("customer_id")["key"].max()
        out.append((latest % 4).to_frame("nps_category"))
        for kind in ("csat", "ces"):
            rows = fb[fb["kind"] == kind]
            score = rows[["customer_id"]].assign(s=rows["score"].astype("float64"))
            out.append(score.groupby("customer_id")["s"].agg(["sum", "count"])
                       .rename(columns={"sum": kind + "_sum", "count": kind + "_n"}))
    if sig.texts is not None:
        texts = sig.texts[sig.texts["day"] <= day]
        compound = texts["text"].astype(str).map_partitions(_compound,
                                                            meta=("compound", "float64"))
        rows = texts[["customer_id"]].assign(c=compound)
        out.append(rows.groupby("customer_id")["c"].agg(["sum", "count"])
                   .rename(columns={"sum": "text_sum", "count": "text_n"}))
    return out


SOURCES = ("nps_category", "csat_sum", "csat_n", "ces_sum", "ces_n", "text_sum", "text_n")


def _indicators_part(part):
    """The partition with the ten indicators (0.0 or 1.0) of its customers in place of
    their sources."""
    def col(name, fill):
        return part[name].fillna(fill).to_numpy(np.float64) if name in part \
            else np.full(len(part), fill)
    nps = col("nps_category", -1)
    out = pd.DataFrame(index=part.index)
    out["nps_detractor"], out["nps_passive"] = nps == 0, nps == 1
    out["nps_none"] = nps < 0
    out["open_contact"] = col("open_contacts", 0) > 0
    for kind, cut in (("csat", CSAT_CUT), ("ces", CES_CUT), ("text", SENTIMENT_CUT)):
        n = col(kind + "_n", 0)
        mean = col(kind + "_sum", 0) / np.where(n > 0, n, 1)
        low = "sentiment_negative" if kind == "text" else kind + "_low"
        out[low], out[kind + "_missing"] = (n > 0) & (mean < cut), n == 0
    kept = part.drop(columns=[c for c in SOURCES if c in part])
    return pd.concat([kept, out.astype(np.float64)], axis=1)


def with_indicators(table, sig, day):
    """A per-customer table (with the history columns, and open_contacts of the
    at-risk signals when there are contacts) with the ten indicators as of `day`
    (lazy)."""
    for frame in _sources(sig, day):
        table = table.join(frame, how="left")
    return table.map_partitions(_indicators_part, meta=_indicators_part(table._meta))


def _patterns_part(part, columns):
    """The partition's distinct rows of `columns` with their counts, the indicators
    among them packed into the bits of one integer `indicators`."""
    flags = [c for c in columns if c in NAMES]
    keys = [c for c in columns if c not in NAMES] + ["indicators"]
    code = np.zeros(len(part), dtype=np.int64)
    for bit, name in enumerate(flags):
        code |= (part[name].to_numpy() != 0).astype(np.int64) << bit
    rows = part[keys[:-1]].assign(indicators=code)
    return rows.groupby(keys, sort=False).size().rename("weight").reset_index()


def patterns(frame, columns):
    """The distinct rows of `columns` of a Dask frame with how many rows share each:
    per partition, then added up on the client (a pandas frame sorted by the columns;
    the indicators travel as the bits of one integer)."""
    import dask  # pylint: disable=import-outside-toplevel
    parts = dask.compute(*[dask.delayed(_patterns_part, pure=True)(p, tuple(columns))
                           for p in frame.to_delayed()])
    rows = pd.concat(parts, ignore_index=True)
    keys = [c for c in columns if c not in NAMES] + ["indicators"]
    rows = rows.groupby(keys, sort=True)["weight"].sum().astype(np.float64).reset_index()
    code = rows.pop("indicators").to_numpy(np.int64)
    for bit, name in enumerate(c for c in columns if c in NAMES):
        rows[name] = ((code >> bit) & 1).astype(np.float64)
    return rows[list(columns) + ["weight"]].sort_values(list(columns), ignore_index=True)


def _choose(rows):
    """The indicators that mark at least MIN_PER_SIDE customers on each side."""
    total = rows["weight"].sum()
    ones = {c: rows.loc[rows[c] == 1.0, "weight"].sum() for c in NAMES}
    return [c for c in NAMES if ones[c] >= MIN_PER_SIDE and total - ones[c] >= MIN_PER_SIDE]


def _fit(rows, columns):
    """Pareto/NBD on the weighted rows with the drop-out covariates `columns` (none:
    the plain model by the same fit); raises ConvergenceError."""
    from .btyd import ParetoNBDFitter  # pylint: disable=import-outside-toplevel
    model = ParetoNBDFitter()
    f, r, T, w = (rows[c].to_numpy(np.float64) for c in HISTORY + ("weight",))
    x = rows[list(columns)] if columns else None
    return model._fit_covariates(f, r, T, None, x, None, weights=w, threads=2)


class Model:
    """The covariate model as the at-risk list needs it on a worker: the Pareto/NBD
    base parameters, the drop-out coefficients and their indicators' names."""

    def __init__(self, fitter, columns):
        self.params = [float(v) for v in fitter._covariates.params]
        self.columns = list(columns)

    def fitter(self):
        """A ParetoNBDFitter that predicts with these parameters and covariates."""
        # pylint: disable=import-outside-toplevel
        from array import array
        from ._covariates import _Fitted
        from .btyd import ParetoNBDFitter
        out = ParetoNBDFitter.from_params(**dict(zip(ParetoNBDFitter._param_names,
                                                      self.params[:4])))
        out._covariates = _Fitted(out._model, [], self.columns, array("d", self.params), 0.0,
                                  None)
        return out


def _lr(ll_plain, ll_feedback, k):
    from array import array  # pylint: disable=import-outside-toplevel
    from . import capi as _capi  # pylint: disable=import-outside-toplevel
    out = array("d", [0.0] * 5)
    _capi.co_py_likelihood_ratio_test(ll_plain, 4, ll_feedback, 4 + k, out)
    return out


def analysis(frame, with_effects=True):
    """The fits on a frame of with_indicators() as of a day: a dict with `status`
    ("done" or why not), and when done `rows` (the distinct rows), `columns` (the
    indicators kept), `plain` and `model` (the fitters), `lr` (statistic, df, p, AIC
    plain, AIC with the feedback) and `better`."""
    from ._errors import Error  # pylint: disable=import-outside-toplevel
    rows = patterns(frame, HISTORY + NAMES)
    n = int(rows["weight"].sum())
    if n == 0:
        return {"status": "no orders up to the as-of day"}
    columns = _choose(rows)
    if not columns:
        return {"status": "no feedback that differs between the customers"}
    if n < MIN_PER_PARAMETER * (4 + len(columns)):
        return {"status": "%d customers are too few for %d effects (at least %d per parameter)"
                % (n, len(columns), MIN_PER_PARAMETER)}
    try:
        plain, model = _fit(rows, []), _fit(rows, columns)
    except Error as e:
        return {"status": str(e)}
    lr = _lr(plain.log_likelihood_, model.log_likelihood_, len(columns))
    out = {"status": "done", "customers": n, "rows": rows, "columns": columns,
           "plain": plain, "model": model, "lr": lr,
           "better": bool(lr[2] < 0.05 and lr[4] < lr[3])}
    if with_effects:
        try:
            out["effects"] = effects(out)
        except Error as e:
            return {"status": str(e)}
    return out


def _ratio_text(r):
    return "%.2f" % r if r < 1 else "%.1f" % r if r < 10 else "%.0f" % r


def effects(fit):
    """The effects of a done analysis(): one dict per kept indicator, as the program's
    table, with `tag` (for the at-risk reasons) and `coef`."""
    words = {row[0]: row[1:] for row in INDICATORS}
    c = fit["model"].coefficients_.loc["dropout"]
    out = []
    for name in fit["columns"]:
        tag, who, versus = words[name]
        coef, lower, upper = (float(c.loc[name, k]) for k in
                              ("coef", "lower 95% bound", "upper 95% bound"))
        clear = lower > 0 or upper < 0
        text = "%s drop out %sx as fast as %s (95%% interval %s to %s)%s" % (
            who, _ratio_text(math.exp(coef)), versus, _ratio_text(math.exp(lower)),
            _ratio_text(math.exp(upper)), "" if clear else ": not distinguishable from no effect")
        out.append({"covariate": name, "rate_ratio": math.exp(coef),
                    "lower": math.exp(lower), "upper": math.exp(upper),
                    "p": float(c.loc[name, "p"]), "clear": "yes" if clear else "no",
                    "words": text[0].upper() + text[1:], "tag": tag, "coef": coef})
    return out


def _holdout(make_holdout, columns):
    """(MAE plain, MAE with the feedback) of the forecasts of the holdout purchases,
    both fitted on the calibration rows (make_holdout(): a frame of with_indicators()
    at the calibration end with frequency_holdout and the holdout length in weeks)."""
    frame, weeks = make_holdout()
    rows = patterns(frame, HISTORY + tuple(columns) + ("frequency_holdout",))
    if rows.empty:
        raise LookupError("no customer bought before the calibration end")
    f, r, T, w, a = (rows[c].to_numpy(np.float64)
                     for c in HISTORY + ("weight", "frequency_holdout"))
    t = np.full(len(rows), weeks)
    out = []
    for cols in ([], columns):
        model = _fit(rows, cols)
        x = rows[list(cols)] if cols else None
        pred = model.conditional_expected_number_of_purchases_up_to_time(
            t, f, r, T, dropout_covariates=x)
        out.append(float(np.sum(w * np.abs(a - np.asarray(pred, dtype=np.float64)))
                         / np.sum(w)))
    return out


def section(fit, make_holdout):
    """The feedback_churn section of a done or failed analysis(); make_holdout as for
    _holdout(), or None when the calibration end is not before the as-of day."""
    if fit["status"] != "done":
        return {"status": fit["status"]}
    from ._errors import Error  # pylint: disable=import-outside-toplevel
    lr = fit["lr"]
    table = [{k: v for k, v in e.items() if k not in ("tag", "coef")} for e in fit["effects"]]
    mae, note = [None, None], "not made: no history before the as-of day"
    if make_holdout is not None:
        try:
            mae, note = _holdout(make_holdout, fit["columns"]), "made"
        except (Error, LookupError) as e:
            note = "not made: %s" % (e.args[0] if isinstance(e, LookupError) else e)
    return {"status": "done", "customers": fit["customers"], "covariates": len(fit["columns"]),
            "effects": table, "log_likelihood_plain": fit["plain"].log_likelihood_,
            "log_likelihood_feedback": fit["model"].log_likelihood_,
            "lr_statistic": lr[0], "lr_df": int(lr[1]), "lr_p": lr[2], "aic_plain": lr[3],
            "aic_feedback": lr[4], "holdout_mae_plain": mae[0], "holdout_mae_feedback": mae[1],
            "holdout": note,
            "better": "yes: the at-risk list uses it" if fit["better"]
            else "no: the at-risk list keeps the plain model"}
