"""Independent reference for the holdout validation (tests/holdout_test.c,
bindings/python/tests/test_holdout.py): the calibration/holdout split of the
CDNOW transaction log written directly in pandas, the actual holdout counts,
and the BG/NBD and Pareto/NBD holdout forecasts from the papers' formulas with
scipy.special (no libcustorient code).

Run offline from the repository root:
    /usr/bin/python3 tests/reference/holdout_reference.py
(Debian 12: pandas 1.5, scipy 1.10, numpy 1.24; a few seconds.) Its output is
recorded in tests/reference/holdout_reference.out.

Split (the definitions of lifetimes.utils.calibration_and_holdout_data):
calibration = transactions on or before 1997-09-30, holdout = after it up to
1998-06-30. Days are the periods and durations are days / 7 (weeks), as the
published summary tests/data/cdnow/cdnow_customers_summary.csv is built.
frequency_cal = distinct calibration days - 1; recency_cal = last - first
day; T_cal = calibration end - first day; frequency_holdout = distinct
holdout days; duration_holdout = 273 / 7 = 39 weeks. The model parameters
are the scipy maximum-likelihood estimates of tests/reference/btyd_reference.py
(recorded in tests/bgnbd_test.c and tests/paretonbd_test.c).
"""
import os

import numpy as np
import pandas as pd
from scipy import integrate, special

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data", "cdnow")

CAL_END, OBS_END = pd.Timestamp("1997-09-30"), pd.Timestamp("1998-06-30")
BG = (0.242592907285, 4.41353170934, 0.792886313089, 2.42575404218)
PN = (0.553275490167, 10.5776120186, 0.606213594822, 11.6679112693)

tx = pd.read_csv(os.path.join(DATA, "CDNOW_sample.txt"), sep=r"\s+", header=None,
                 names=["id_total", "id", "date", "cds", "amount"])
tx["date"] = pd.to_datetime(tx["date"].astype(str), format="%Y%m%d")

cal = tx[tx["date"] <= CAL_END]
hold = tx[(tx["date"] > CAL_END) & (tx["date"] <= OBS_END)]
cal_days = cal.groupby(["id", "date"])["amount"].sum().reset_index()
g = cal_days.groupby("id")
first, last = g["date"].min(), g["date"].max()
split = pd.DataFrame({
    "frequency_cal": g.size() - 1.0,
    "recency_cal": (last - first).dt.days / 7.0,
    "T_cal": (CAL_END - first).dt.days / 7.0,
})
split["frequency_holdout"] = (hold.drop_duplicates(["id", "date"]).groupby("id").size()
                              .reindex(split.index, fill_value=0).astype(float))
split["monetary_value_holdout"] = hold.groupby("id")["amount"].mean().reindex(split.index).fillna(0)
duration = (OBS_END - CAL_END).days / 7.0


def show(name, values):
    print(name, ", ".join("%.12g" % v for v in np.atleast_1d(values)))


# The calibration columns reproduce the published summary.
pub = pd.read_csv(os.path.join(DATA, "cdnow_customers_summary.csv"), index_col=0)
same = (np.allclose(pub["frequency"].values, split["frequency_cal"].values)
        and np.allclose(pub["recency"].values, split["recency_cal"].values, atol=5e-3)
        and np.allclose(pub["T"].values, split["T_cal"].values, atol=5e-3))
print("calibration columns equal the published summary (2 decimals):", same)
show("customers, duration_holdout:", [len(split), duration])
show("sum frequency_cal, sum frequency_holdout:",
     [split["frequency_cal"].sum(), split["frequency_holdout"].sum()])
show("holdout transactions (rows), distinct customer-days:",
     [len(hold), len(hold.drop_duplicates(["id", "date"]))])
for cid in (1, 2, 18, 2357):
    row = split.loc[cid]
    show("customer %d: f_cal, r_cal, T_cal, f_hold, m_hold:" % cid,
         [row["frequency_cal"], row["recency_cal"], row["T_cal"], row["frequency_holdout"],
          row["monetary_value_holdout"]])

# Weekly periods (freq="W", Monday-Sunday weeks): purchases of one week count once.
wk = lambda d: d.dt.to_period("W").dt.start_time
wcal = cal.assign(p=wk(cal["date"])).drop_duplicates(["id", "p"])
whold = hold.assign(p=wk(hold["date"])).drop_duplicates(["id", "p"])
wg = wcal.groupby("id")["p"]
wsplit = pd.DataFrame({"frequency_cal": wg.size() - 1.0,
                       "T_cal": (CAL_END.to_period("W").start_time - wg.min()).dt.days / 7.0})
wsplit["frequency_holdout"] = whold.groupby("id").size().reindex(wsplit.index, fill_value=0)
show("weekly periods: sum frequency_cal, sum frequency_holdout, duration:",
     [wsplit["frequency_cal"].sum(), wsplit["frequency_holdout"].sum(),
      (OBS_END.to_period("W").start_time - CAL_END.to_period("W").start_time).days / 7.0])
show("weekly periods: customer 18 f_cal, T_cal, f_hold:", wsplit.loc[18].values)


# ---- forecasts (Fader, Hardie & Lee 2005 eq. 10; Schmittlein et al. 1987) ----
x, tx_, T = (split[c].values for c in ("frequency_cal", "recency_cal", "T_cal"))


def bg_conditional(p, t, x, tx, T):
    r, alpha, a, b = p
    alive = 1.0 / (1.0 + np.where(x > 0, a / (b + x - 1) * ((alpha + T) / (alpha + tx)) ** (r + x), 0))
    h = special.hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t))
    return (a + b + x - 1) / (a - 1) * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * h) * alive


def pn_alive_one(p, x, tx, T):
    # 1 / P(alive) = 1 + s/(r+s+x) (alpha+T)^(r+x) (beta+T)^s A, A by quadrature over the
    # drop-out time tau in (tx, T): integral of (alpha+tau)^-(r+x) (beta+tau)^-(s+1) * (r+s+x)/...
    r, alpha, s, beta = p
    f = lambda tau: (((alpha + T) / (alpha + tau)) ** (r + x) * ((beta + T) / (beta + tau)) ** s
                     * s / (beta + tau))
    a0, _ = integrate.quad(f, tx, T, epsabs=1e-13, epsrel=1e-12, limit=200)
    return 1.0 / (1.0 + a0)


def pn_conditional(p, t, x, tx, T):
    r, alpha, s, beta = p
    alive = np.array([pn_alive_one(p, *c) for c in zip(x, tx, T)])
    e = (r + x) * (beta + T) / ((alpha + T) * (s - 1)) * (1 - ((beta + T) / (beta + T + t)) ** (s - 1))
    return e * alive


actual = split["frequency_holdout"].values
preds = {
    "bgnbd": bg_conditional(BG, duration, x, tx_, T),
    "paretonbd": pn_conditional(PN, duration, x, tx_, T),
    "rate": np.where(T > 0, x / np.where(T > 0, T, 1) * duration, 0.0),
    "nothing": np.zeros_like(actual),
}
for name, pred in preds.items():
    err = pred - actual
    show("%s: total, mae, rmse, corr:" % name,
         [pred.sum(), np.abs(err).mean(), np.sqrt((err ** 2).mean()),
          np.corrcoef(actual, pred)[0, 1] if pred.std() > 0 else np.nan])

# By calibration frequency, 0..6 and 7+.
bucket = np.minimum(x, 7)
for name in ("bgnbd",):
    table = pd.DataFrame({"b": bucket, "a": actual, "p": preds[name]}).groupby("b")
    show("%s by frequency_cal 0..7+: customers" % name, table.size().values)
    show("%s by frequency_cal 0..7+: mean actual" % name, table["a"].mean().values)
    show("%s by frequency_cal 0..7+: mean predicted" % name, table["p"].mean().values)
for name in ("rate",):
    table = pd.DataFrame({"b": bucket, "e": preds[name] - actual}).groupby("b")
    show("%s bias by frequency_cal 0..7+:" % name, table["e"].mean().values)

# Period transactions: expected customers with k repeat purchases in their T_cal (BG/NBD pmf).
def bg_pmf(p, t, n):
    r, alpha, a, b = p
    lnb = (special.gammaln(r + n) - special.gammaln(r) - special.gammaln(n + 1)
           + r * np.log(alpha / (alpha + t)) + n * np.log(t / (alpha + t)))
    first = np.exp(special.betaln(a, b + n) - special.betaln(a, b) + lnb)
    if n == 0:
        return first
    tail = sum(np.exp(special.gammaln(r + j) - special.gammaln(r) - special.gammaln(j + 1)
                      + r * np.log(alpha / (alpha + t)) + j * np.log(t / (alpha + t)))
               for j in range(n))
    return first + np.exp(special.betaln(a + 1, b + n - 1) - special.betaln(a, b)) * (1 - tail)


expected = [bg_pmf(BG, T, k).sum() for k in range(7)]
show("period transactions observed 0..6, 7+:", np.bincount(bucket.astype(int), minlength=8))
show("period transactions expected (BG/NBD) 0..6, 7+:", expected + [len(T) - sum(expected)])
