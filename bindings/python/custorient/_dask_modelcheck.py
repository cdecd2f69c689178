"""The report's model check on Dask: the orders split at the calibration end, BG/NBD
and Pareto/NBD fitted on the calibration histories and scored on the holdout against
the two baselines, as co_holdout_compare() does on one machine (docs/validation.md).

Per partition (customers whole after the shuffle): each customer's calibration
history and holdout purchases. The fits merge the partitions' rows states; the
forecast errors are sums over partitions in two passes (totals, then the centred
sums of the correlation), so no customer table reaches the client.
"""

import numpy as np
import pandas as pd

from ._transactions import summary_frame

MODEL_CHECK_DAYS = 182   # the calibration ends this many days before the as-of day
MAX_FREQUENCY = 7        # the by_frequency table's last row: 7 or more
MAX_POINTS = 26          # rows of the cumulative table: weekly, or every few weeks
FORECASTERS = ("BG/NBD", "Pareto/NBD", "rate carried forward", "no purchases")
REASONS = {"mae": "lowest holdout MAE", "bic": "holdout MAEs within 1%: lower BIC",
           "only": "the other model could not be fitted", "none": "no model could be fitted"}


def _split_part(part, id_col, date_col, days_of, cal_end, obs_end):
    """Calibration history in weeks (frequency_cal, recency_cal, T_cal) and holdout
    purchase days of the partition's customers who bought by cal_end."""
    days = days_of(part[date_col])
    cal = part[days <= cal_end]
    table = summary_frame(cal, id_col, date_col, None, None, pd.Timestamp(cal_end, unit="D"),
                          "D", 7, suffix="_cal")
    held = pd.DataFrame({"id": part[id_col].to_numpy(), "day": days})
    held = held[(held["day"] > cal_end) & (held["day"] <= obs_end)]
    counts = held.drop_duplicates().groupby("id").size().astype(np.float64)
    table["frequency_holdout"] = counts.reindex(table.index, fill_value=0.0).to_numpy()
    return table


def calibration_table(shuffled, id_col, date_col, days_of, cal_end, obs_end):
    """The lazy per-customer calibration/holdout table of orders shuffled by customer."""
    meta = pd.DataFrame({c: pd.Series([], dtype="float64") for c in
                         ("frequency_cal", "recency_cal", "T_cal", "frequency_holdout")},
                        index=pd.Index([], dtype=shuffled[id_col].dtype, name=id_col))
    return shuffled.map_partitions(_split_part, id_col, date_col, days_of, cal_end, obs_end,
                                   meta=meta, align_dataframes=False)


def _fit(cls, f, r, T):
    from ._errors import ConvergenceError  # pylint: disable=import-outside-toplevel
    try:
        return cls().fit(f, r, T), "success"
    except ConvergenceError as e:
        return None, str(e)


def _scores(table, predictions):
    """MAE, RMSE, Pearson correlation and totals of each prediction against the holdout
    purchases, summed over partitions (two passes: means, then centred sums)."""
    import dask  # pylint: disable=import-outside-toplevel
    a = table["frequency_holdout"]
    n, sa, sps = dask.compute(a.shape[0], a.sum(), [p.sum() for p in predictions])
    n = int(n)
    ma = sa / n
    pass2 = [[(p - a).abs().sum(), ((p - a) ** 2).sum(), ((a - ma) * (p - sp / n)).sum(),
              ((p - sp / n) ** 2).sum()] for p, sp in zip(predictions, sps)]
    va, sums = dask.compute(((a - ma) ** 2).sum(), pass2)
    out = []
    for sp, (abs_err, sq_err, cov, vp) in zip(sps, sums):
        corr = cov / np.sqrt(va * vp) if va > 0 and vp > 0 else None
        out.append({"mae": abs_err / n, "rmse": float(np.sqrt(sq_err / n)),
                    "correlation": None if corr is None else float(corr),
                    "predicted_total": float(sp), "total_error": float(sp - sa)})
    return out


def _choose(rows):
    bg, pn = rows[0], rows[1]
    ok_bg, ok_pn = bg["status"] == "success", pn["status"] == "success"
    if not ok_bg and not ok_pn:
        return None, "none"
    if not (ok_bg and ok_pn):
        return (0 if ok_bg else 1), "only"
    if abs(bg["mae"] - pn["mae"]) <= 0.01 * min(bg["mae"], pn["mae"]):
        return (0 if bg["bic"] <= pn["bic"] else 1), "bic"
    return (0 if bg["mae"] < pn["mae"] else 1), "mae"


def _expected_part(part, model):
    from .utils import period_transactions  # pylint: disable=import-outside-toplevel
    expected = period_transactions(model, part["frequency_cal"], part["T_cal"], MAX_FREQUENCY)
    return pd.DataFrame([expected["expected"].to_numpy()], columns=range(MAX_FREQUENCY + 1))


def _by_frequency(table, model, predicted):
    """Customers by calibration repeat purchases (7+ together), the model's expected
    number of them (sums of P(X(T_cal) = k) per partition), and their mean holdout
    purchases, actual and predicted."""
    import dask  # pylint: disable=import-outside-toplevel
    from ._dask_models import _light  # pylint: disable=import-outside-toplevel
    rows = MAX_FREQUENCY + 1
    expected = table.map_partitions(
        _expected_part, _light(model),
        meta=pd.DataFrame({k: pd.Series([], dtype="float64") for k in range(rows)}))
    k = table["frequency_cal"].clip(upper=MAX_FREQUENCY).astype("int64")
    frame = table[["frequency_holdout"]].assign(k=k, predicted=predicted)
    groups = frame.groupby("k")
    expected, sizes, sums = dask.compute(expected.sum(), groups.size(),
                                         groups[["frequency_holdout", "predicted"]].sum())
    out = []
    for j in range(rows):
        c = int(sizes.get(j, 0))
        actual = float(sums["frequency_holdout"].get(j, 0.0)) / c if c else None
        pred = float(sums["predicted"].get(j, 0.0)) / c if c else None
        out.append({"frequency_cal": "%d+" % j if j == MAX_FREQUENCY else "%d" % j,
                    "customers": c, "expected_customers": float(expected[j]),
                    "mean_actual": actual, "mean_predicted": pred,
                    "bias": None if c == 0 else pred - actual})
    return out


def _cumulative_part(part, id_col, date_col, days_of, origin, as_of, ends, model):
    """Repeat purchase days and the model's expected repeat purchases of a partition's
    customers up to each day offset in `ends` (days since `origin`, exclusive): one row,
    the actual counts then the expected sums."""
    days = days_of(part[date_col])
    pairs = pd.DataFrame({"id": part[id_col].to_numpy(), "day": days - origin})
    pairs = pairs[days <= as_of].drop_duplicates()
    born = pairs.groupby("id")["day"].min()
    repeat = np.sort(pairs["day"].to_numpy())
    repeat_counts = np.searchsorted(repeat, ends, side="left") - \
        np.searchsorted(np.sort(born.to_numpy()), ends, side="left")
    born = born.to_numpy(np.float64)
    expected = [float(np.sum(model.expected_number_of_purchases_up_to_time(
        (end - born[born < end]) / 7.0))) if np.any(born < end) else 0.0 for end in ends]
    return pd.DataFrame([list(repeat_counts.astype(np.float64)) + expected])


def _cumulative(shuffled, id_col, date_col, days_of, origin, as_of, model):
    """The cumulative table: actual and expected repeat purchases by week since the first
    order (every few weeks, counted back from the last), as co_expected_cumulative_
    transactions() with days as periods and weeks as the model unit."""
    from ._dask_models import _light  # pylint: disable=import-outside-toplevel
    from ._dates import format_date  # pylint: disable=import-outside-toplevel
    weeks = (as_of - origin + 1) // 7
    if weeks == 0:
        return []
    step = (weeks + MAX_POINTS - 1) // MAX_POINTS
    rows = list(range((weeks - 1) % step, weeks, step))
    ends = np.array([7 * (j + 1) for j in rows], dtype=np.int64)
    k = len(rows)
    meta = pd.DataFrame({c: pd.Series([], dtype="float64") for c in range(2 * k)})
    sums = shuffled.map_partitions(_cumulative_part, id_col, date_col, days_of, origin, as_of,
                                   ends, _light(model), meta=meta,
                                   align_dataframes=False).sum().compute()
    return [{"week": j + 1, "date": format_date(origin + 7 * (j + 1) - 1),
             "actual": float(sums[i]), "predicted": float(sums[k + i])}
            for i, j in enumerate(rows)]


def model_check(shuffled, id_col, date_col, days_of, as_of, first_order):
    """The model_check section (docs/report.md) and the recommended model's name (or
    None); first_order: the day of the first order up to as_of."""
    import dask  # pylint: disable=import-outside-toplevel
    from .btyd import BetaGeoFitter, ParetoNBDFitter  # pylint: disable=import-outside-toplevel
    from ._dates import format_date  # pylint: disable=import-outside-toplevel
    cal_end = as_of - MODEL_CHECK_DAYS
    out = {"status": "done", "calibration_end": format_date(cal_end),
           "observation_end": format_date(as_of)}
    table = calibration_table(shuffled, id_col, date_col, days_of, cal_end, as_of).persist()
    n, held = dask.compute(table.shape[0], table["frequency_holdout"].sum())
    if n == 0:
        return {"status": "too little history: no customer bought on or before the "
                          "calibration end %s" % format_date(cal_end)}, None
    duration = MODEL_CHECK_DAYS / 7.0
    f, r, T = table["frequency_cal"], table["recency_cal"], table["T_cal"]
    rows, predictions, models = [], [], []
    for name, cls in zip(FORECASTERS[:2], (BetaGeoFitter, ParetoNBDFitter)):
        fitter, status = _fit(cls, f, r, T)
        row = {"forecaster": name, "status": status}
        if fitter is not None:
            ll = float(fitter.log_likelihood_)
            row.update(log_likelihood=ll, aic=8.0 - 2.0 * ll, bic=4.0 * np.log(n) - 2.0 * ll)
            predictions.append(fitter.conditional_expected_number_of_purchases_up_to_time(
                duration, f, r, T))
        models.append(fitter)
        rows.append(row)
    rate = (f / T.where(T > 0, 1.0) * duration).where(T > 0, 0.0)
    for name, p in zip(FORECASTERS[2:], (rate, f * 0.0)):
        rows.append({"forecaster": name, "status": "success", "log_likelihood": None,
                     "aic": None, "bic": None})
        predictions.append(p)
    fitted = [row for row in rows if row["status"] == "success"]
    for row, score in zip(fitted, _scores(table, predictions)):
        row.update(score)
    for row in rows:
        for key in ("log_likelihood", "aic", "bic", "mae", "rmse", "correlation",
                    "predicted_total", "total_error"):
            row.setdefault(key, None)
    best, reason = _choose(rows)
    out.update(customers=int(n), holdout_weeks=duration, holdout_purchases=float(held),
               comparison=rows,
               recommended=None if best is None else FORECASTERS[best],
               reason=REASONS[reason],
               beats_baseline=None if best is None else
               ("yes" if rows[best]["mae"] < min(rows[2]["mae"], rows[3]["mae"]) else "no"))
    if best is not None:
        out["by_frequency"] = _by_frequency(
            table, models[best], predictions[sum(m is not None for m in models[:best])])
        out["cumulative"] = _cumulative(shuffled, id_col, date_col, days_of, first_order,
                                        as_of, models[best])
    return out, out["recommended"]
