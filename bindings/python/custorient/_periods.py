"""Pandas frequencies as integer period starts, for the C split.

lifetimes groups transactions by ``to_period(freq)`` and measures durations
between period starts in units of ``numpy.timedelta64(1, freq)``: days, weeks,
hours... exactly, months and years as numpy's mean Gregorian month (30.436875
days) and year (365.2425 days). A Grid turns timestamps into the start of
their period, counted in a base unit in which every start is a whole number
(days, or the tick of a sub-day frequency), shifted so that the earliest is 0:
the C split (co_calibration_holdout, periods of one day) then sees each period
as one "day" and divides differences by ``multiplier`` base units.
"""

_DAY_NS = 86400 * 10**9
# Mean lengths in days, as numpy's "M" and "Y" units.
_MONTH_DAYS = 30.436875
_YEAR_DAYS = 365.2425
# Largest day the C split accepts (9999-12-31, days since 1970-01-01).
_LAST_DAY = 2932896


def _pd():
    import pandas
    return pandas


class Grid:
    """The period starts of one frequency: ``freq`` a pandas offset alias."""

    def __init__(self, freq):
        pd = _pd()
        offsets = pd.tseries.offsets
        try:
            offset = pd.tseries.frequencies.to_offset(freq)
            pd.Period("2000-01-01", freq=freq)  # a frequency Period accepts
        except (ValueError, TypeError):
            raise ValueError("freq %r is not a pandas period frequency" % (freq,)) from None
        if isinstance(offset, offsets.Tick):
            unit_ns = offset.nanos
            self._base = _DAY_NS if unit_ns % _DAY_NS == 0 else offset.base.nanos
        else:
            days = self._calendar_days(offset, offsets)
            if days is None:
                raise ValueError("freq %r has no fixed or mean length; use a tick (D, h, "
                                 "min, s), weeks (W), months (M), quarters (Q) or years (Y)"
                                 % (freq,))
            unit_ns = days * offset.n * _DAY_NS
            self._base = _DAY_NS
        self.freq = freq
        self.daily = self._base == _DAY_NS  # periods of whole days: dates count by their day
        self.unit = unit_ns / self._base  # base units per unit of freq

    @staticmethod
    def _calendar_days(offset, offsets):
        if isinstance(offset, offsets.Week):
            return 7
        if isinstance(offset, (offsets.MonthEnd, offsets.MonthBegin)):
            return _MONTH_DAYS
        if isinstance(offset, (offsets.QuarterEnd, offsets.QuarterBegin)):
            return 3 * _MONTH_DAYS
        if isinstance(offset, (offsets.YearEnd, offsets.YearBegin)):
            return _YEAR_DAYS
        return None

    def starts(self, stamps):
        """Period starts of a DatetimeIndex, in base units since 1970 (int64)."""
        import numpy as np
        begin = stamps.to_period(self.freq).to_timestamp()
        return np.asarray(begin.asi8, dtype=np.int64) // self._base

    def ordinal(self, stamp):
        """The period number of one timestamp (differences count whole periods)."""
        return _pd().Period(stamp, freq=self.freq).ordinal

    @staticmethod
    def shift(keys, *more):
        """keys and the extra scalars shifted so the smallest is 0; ValueError if the
        span is too long for the C split."""
        values = list(more) + ([int(keys.min()), int(keys.max())] if len(keys) else [])
        origin = min(values)
        span = max(values) - origin
        if span >= _LAST_DAY:
            raise ValueError("the dates span %d steps of the frequency's base unit, more than "
                             "%d: use a coarser freq" % (span, _LAST_DAY))
        return keys - origin, [m - origin for m in more]
