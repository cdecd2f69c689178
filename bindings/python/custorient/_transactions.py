"""Per-customer summaries of a pandas transaction table, with lifetimes' definitions.

summary_data_from_transaction_data() and the general-frequency path of
calibration_and_holdout_data() live here; custorient.utils exports them.
Each period with a purchase counts once: frequency is the number of periods
with a purchase minus one (the first), recency the first to the last period,
T the first period to the observation end's period, monetary_value the mean
spend per repeat period. The per-customer work is the library's
co_calibration_holdout(), fed with period starts (custorient._periods).
"""

from . import capi as _capi
from ._periods import Grid


def _pd():
    import pandas
    return pandas


def _np():
    import numpy
    return numpy


def _stamps(values, datetime_format):
    pd = _pd()
    if pd.api.types.is_datetime64_any_dtype(values):  # to_datetime would copy through objects
        return pd.DatetimeIndex(values)
    return pd.DatetimeIndex(pd.to_datetime(values, format=datetime_format))


def _stamp(value, datetime_format):
    """One date: a string parsed with datetime_format, a pandas Period by its start,
    anything else as it is."""
    if isinstance(value, _pd().Period):
        return value.start_time
    return _stamps([value], datetime_format if isinstance(value, str) else None)[0]


def _customers(column):
    """(codes as uint64, distinct ids in order of appearance, rows with an id) of a
    customer column (sorting 100k ids after the summary is cheaper than sorting codes)."""
    pd, np = _pd(), _np()
    codes, ids = pd.factorize(column, sort=False)
    return codes.astype(np.uint64), ids, codes >= 0


def _amounts(transactions, monetary_value_col):
    if monetary_value_col is None:
        return None
    return _np().ascontiguousarray(transactions[monetary_value_col], dtype=_np().float64)


def summary_frame(transactions, customer_id_col, datetime_col, monetary_value_col=None,
                  datetime_format=None, observation_period_end=None, freq="D",
                  freq_multiplier=1, include_first_transaction=False, suffix=""):
    """The summary DataFrame (see custorient.utils.summary_data_from_transaction_data);
    column names end with ``suffix``."""
    pd, np = _pd(), _np()
    grid = Grid(freq)
    if not freq_multiplier > 0:
        raise ValueError("freq_multiplier must be > 0, not %r" % (freq_multiplier,))
    stamps = _stamps(transactions[datetime_col], datetime_format)
    if stamps.hasnans:
        raise ValueError("%s has missing dates (NaT)" % (datetime_col,))
    end = stamps.max() if observation_period_end is None else \
        _stamp(observation_period_end, datetime_format)
    if pd.isna(end):
        end = pd.Timestamp(0)  # no transactions: an empty summary
    keys, (end_key,) = grid.shift(grid.starts(stamps), int(grid.starts(_stamps([end], None))[0]))
    codes, ids, named = _customers(transactions[customer_id_col])
    amount = _amounts(transactions, monetary_value_col)
    keep = named & (keys <= end_key)
    if not keep.all():
        codes, keys = codes[keep], keys[keep]
        amount = None if amount is None else amount[keep]
    codes, keys = np.ascontiguousarray(codes), np.ascontiguousarray(keys)
    k = len(ids)
    index, values, scalars = np.zeros(k, np.uint64), np.zeros(6 * k), np.zeros(2)
    # The whole summary is the calibration side of a split at the observation end.
    _capi.co_py_calibration_holdout(codes, keys, amount, k, end_key, end_key + 1,
                                    _capi.CO_PERIOD_DAY, float(freq_multiplier) * grid.unit,
                                    index, values, scalars)
    rows = int(scalars[0])
    cols = values.reshape(6, k)[:, :rows]
    which = index[:rows].astype(np.int64)
    frequency = cols[0]
    data = {"frequency": frequency, "recency": cols[1], "T": cols[2]}
    if include_first_transaction:
        data["frequency"] = frequency + 1
    if amount is not None:
        money = cols[3]
        if include_first_transaction:  # the mean over every period, the first one too
            total = np.bincount(codes.astype(np.int64), weights=amount, minlength=k)[which]
            money = total / (frequency + 1)
        data["monetary_value"] = money
    out = pd.DataFrame({name + suffix: v for name, v in data.items()},
                       index=pd.Index(ids[which], name=customer_id_col))
    try:
        return out.sort_index()
    except TypeError:  # ids of mixed types: in order of appearance
        return out


def holdout_frame(transactions, customer_id_col, datetime_col, calibration_period_end,
                  observation_period_end, freq, freq_multiplier, datetime_format,
                  monetary_value_col, include_first_transaction):
    """calibration_and_holdout_data() for any frequency Grid accepts. Transactions count
    by their day for frequencies of a day or longer, by their time otherwise."""
    pd, np = _pd(), _np()
    grid = Grid(freq)
    stamps = _stamps(transactions[datetime_col], datetime_format)
    cal_end = _stamp(calibration_period_end, datetime_format)
    obs_end = stamps.max() if observation_period_end is None else \
        _stamp(observation_period_end, datetime_format)
    when = stamps.normalize() if grid.daily else stamps
    if grid.daily:
        cal_end, obs_end = cal_end.normalize(), obs_end.normalize()
    in_cal = np.asarray(when <= cal_end)
    held = np.asarray((when > cal_end) & (when <= obs_end))
    if not held.any():
        raise ValueError("no purchase falls in the holdout period (%s, %s]: check "
                         "calibration_period_end and observation_period_end"
                         % (calibration_period_end, observation_period_end))
    cal = summary_frame(transactions[in_cal], customer_id_col, datetime_col, monetary_value_col,
                        datetime_format, cal_end, freq, freq_multiplier,
                        include_first_transaction, suffix="_cal")
    # Holdout: periods with a purchase per customer, the mean amount per transaction.
    codes, ids, named = _customers(transactions[customer_id_col])
    pick = held & named
    hc = codes[pick].astype(np.int64)
    hk = grid.starts(stamps[pick])
    pairs = np.unique(np.stack([hc, hk]), axis=1)
    periods = np.bincount(pairs[0], minlength=len(ids))
    rows = pd.Index(ids).get_indexer(cal.index)
    cal["frequency_holdout"] = periods[rows].astype(float)
    if monetary_value_col is not None:
        amount = _amounts(transactions, monetary_value_col)[pick]
        count = np.bincount(hc, minlength=len(ids))[rows]
        total = np.bincount(hc, weights=amount, minlength=len(ids))[rows]
        cal["monetary_value_holdout"] = np.divide(total, count, out=np.zeros(len(rows)),
                                                  where=count > 0)
    cal["duration_holdout"] = (grid.ordinal(obs_end) - grid.ordinal(cal_end)) / freq_multiplier
    return cal
