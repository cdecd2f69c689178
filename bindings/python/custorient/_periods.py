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
        self._floor = None
        if isinstance(offset, offsets.Tick):
            unit_ns = offset.nanos
            self._base = _DAY_NS if unit_ns % _DAY_NS == 0 else offset.base.nanos
        else:
            calendar = self._calendar(offset, offsets)
            if calendar is None:
                raise ValueError("freq %r has no fixed or mean length; use a tick (D, h, "
                                 "min, s), weeks (W), months (M), quarters (Q) or years (Y)"
                                 % (freq,))
            days, self._floor = calendar
            unit_ns = days * offset.n * _DAY_NS
            self._base = _DAY_NS
        self.freq = freq
        self.daily = self._base == _DAY_NS  # periods of whole days: dates count by their day
        self.unit = unit_ns / self._base  # base units per unit of freq

    def _calendar(self, offset, offsets):
        """(mean length in days, floor of days to period starts), or None."""
        if isinstance(offset, offsets.Week):
            return 7, self._week_floor(6 if offset.weekday is None else offset.weekday)
        if isinstance(offset, offsets.MonthEnd):
            return _MONTH_DAYS, self._month_floor(1, 12)
        if isinstance(offset, offsets.QuarterEnd):
            return 3 * _MONTH_DAYS, self._month_floor(3, offset.startingMonth)
        if isinstance(offset, offsets.YearEnd):
            return _YEAR_DAYS, self._month_floor(12, offset.month)
        return None

    def starts(self, stamps):
        """Period starts of a DatetimeIndex, in base units since 1970 (int64), by integer
        arithmetic for the frequencies of __init__ (to_period is ten times slower)."""
        import numpy as np
        if stamps.tz is not None:
            stamps = stamps.tz_localize(None)  # periods follow the wall clock, as to_period
        ns = np.asarray(stamps.asi8, dtype=np.int64)
        if self._floor is None:  # ticks: the start is the time cut to the base unit
            return ns // self._base
        days = ns // _DAY_NS
        return self._floor(days, np)

    @staticmethod
    def _week_floor(weekday):
        first = (weekday + 1) % 7  # W-SUN weeks end on Sunday (6), start on Monday (0)
        # 1970-01-01 was a Thursday (weekday 3).
        return lambda days, np: days - (days + 3 - first) % 7

    @staticmethod
    def _month_floor(step, end_month):
        """Months in blocks of `step` (1, 3, 12) whose last is `end_month` (1-12)."""
        def floor(days, np):
            months = days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
            months -= (months - end_month) % step
            return months.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
        return floor

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
