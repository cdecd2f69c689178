"""Independent reference for custorient.utils.summary_data_from_transaction_data
and the general-frequency calibration_and_holdout_data
(bindings/python/tests/test_summary_data.py): lifetimes' definitions written
as plain pandas groupby on the CDNOW transaction log, period starts computed by
date arithmetic (no to_period, no libcustorient code).

Run offline from the repository root:
    /usr/bin/python3 tests/reference/summary_data_reference.py
(Debian 12: pandas 1.5, numpy 1.24; about a second.) Its output is recorded in
tests/reference/summary_data_reference.out.

Definitions (lifetimes.utils): each transaction belongs to the period that
contains it; purchases in one period count once (amounts added). frequency =
periods with a purchase - 1, recency = last - first period start, T =
observation end's period start - first period start, in units of the
frequency (days; weeks = 7 days; months = 30.436875 days, numpy's mean month)
divided by the multiplier; monetary_value = mean amount of the periods after
the first (0 if none). With include_first_transaction, frequency counts the
first period too and monetary_value is the mean over every period.
"""
import os

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data", "cdnow")

tx = pd.read_csv(os.path.join(DATA, "CDNOW_sample.txt"), sep=r"\s+", header=None,
                 names=["id_total", "id", "date", "cds", "amount"])
tx["date"] = pd.to_datetime(tx["date"].astype(str), format="%Y%m%d")


def start_of(dates, freq):
    """Period starts by date arithmetic."""
    if freq == "D":
        return dates
    if freq == "W":  # Monday to Sunday
        return dates - pd.to_timedelta(dates.dt.weekday, unit="D")
    if freq == "M":
        return dates - pd.to_timedelta(dates.dt.day - 1, unit="D")
    raise ValueError(freq)


UNIT_DAYS = {"D": 1.0, "W": 7.0, "M": 30.436875}


def summary(log, end, freq, multiplier=1.0, include_first=False):
    log = log[log["date"] <= end].assign(period=start_of(log["date"], freq))
    per = log.groupby(["id", "period"], as_index=False)["amount"].sum()
    g = per.groupby("id")
    first, last, n = g["period"].min(), g["period"].max(), g.size()
    end_start = start_of(pd.Series([end]), freq)[0]
    unit = UNIT_DAYS[freq] * multiplier
    out = pd.DataFrame({
        "frequency": (n - (0 if include_first else 1)).astype(float),
        "recency": (last - first).dt.days / unit,
        "T": (end_start - first).dt.days / unit,
    })
    is_first = per["period"].values == first.reindex(per["id"]).values
    kept = per if include_first else per[~is_first]
    out["monetary_value"] = kept.groupby("id")["amount"].mean().reindex(out.index).fillna(0.0)
    return out


def show(name, frame, ids=(1, 18, 1000, 2357)):
    print("%s: rows %d; sums frequency, recency, T, monetary_value: %s" % (
        name, len(frame), ", ".join("%.10g" % frame[c].sum() for c in
                                    ("frequency", "recency", "T", "monetary_value"))))
    for i in ids:
        print("  customer %d: %s" % (i, ", ".join("%.10g" % v for v in frame.loc[i])))


END = pd.Timestamp("1998-06-30")
CAL_END = pd.Timestamp("1997-09-30")
show("D x7 to 1997-09-30", summary(tx, CAL_END, "D", 7))
show("D to 1998-06-30", summary(tx, END, "D"))
show("W to 1998-06-30", summary(tx, END, "W"))
show("M to 1998-06-30", summary(tx, END, "M"))
show("D include_first to 1998-06-30", summary(tx, END, "D", include_first=True))
# Mid-week observation end: its whole week counts (lifetimes compares period starts).
mid = pd.Timestamp("1997-03-26")  # a Wednesday
show("W to 1997-03-26 (Wednesday), filtered to the Sunday ending its week",
     summary(tx, mid + pd.Timedelta(days=4), "W"), ids=(1, 18))

# calibration_and_holdout_data, months: calibration as above at 1997-09-30, holdout
# periods with a purchase in (1997-09-30, 1998-06-30], mean holdout amount per
# transaction, duration = whole months between the two ends (9).
cal = summary(tx, CAL_END, "M")
hold = tx[(tx["date"] > CAL_END) & (tx["date"] <= END)].assign(
    period=lambda d: start_of(d["date"], "M"))
cal["frequency_holdout"] = (hold.drop_duplicates(["id", "period"]).groupby("id").size()
                            .reindex(cal.index, fill_value=0).astype(float))
cal["monetary_value_holdout"] = hold.groupby("id")["amount"].mean().reindex(cal.index).fillna(0)
print("M split: rows %d; sums frequency_cal, T_cal, frequency_holdout, "
      "monetary_value_holdout: %s" % (len(cal), ", ".join(
          "%.10g" % cal[c].sum() for c in ("frequency", "T", "frequency_holdout",
                                           "monetary_value_holdout"))))
print("  customer 1: %s" % ", ".join("%.10g" % v for v in cal.loc[1]))
