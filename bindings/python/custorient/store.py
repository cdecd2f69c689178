"""Customer records: the in-memory store, CSV import/export, snapshots and
per-customer summaries (the inputs of the churn and lifetime-value models).

    store = Store()
    store.import_csv("customers", "customers.csv")
    store.import_csv("orders", "orders.csv")
    s = store.summary("1997-09-30", unit="weeks")
    s.frequency, s.recency, s.T, s.monetary_value   # numpy arrays, one row per buyer
"""

import datetime
from array import array
from typing import NamedTuple

from . import capi as _capi
from ._arrays import _np
from ._dates import parse_date, format_date
from ._owned import Owned

__all__ = ["Store", "Customer", "Summary", "ImportResult", "RECORD_KINDS", "CHANNELS",
           "FEEDBACK_KINDS", "PRIORITIES", "DAY_NONE", "generate", "generate_sample"]

RECORD_KINDS = ("customers", "orders", "feedback", "contacts")
CHANNELS = ("survey", "review", "social", "support", "direct")
FEEDBACK_KINDS = ("nps", "csat", "ces", "rating", "text")
PRIORITIES = ("low", "normal", "high", "urgent")
_CHANNELS, _FEEDBACK_KINDS, _PRIORITIES = CHANNELS, FEEDBACK_KINDS, PRIORITIES
_UNITS = {"days": 1, "weeks": 7}
_EPOCH = datetime.date(1970, 1, 1)
DAY_NONE = -(1 << 63)  # CO_DAY_NONE: the resolved day of a contact still open
_DAY_NONE = DAY_NONE


def _choice(value, names, what):
    if isinstance(value, int) and 0 <= value < len(names):
        return value
    try:
        return names.index(value)
    except ValueError:
        raise ValueError("unknown %s %r (one of %s)" % (what, value, ", ".join(names))) from None


def _day(value):
    return parse_date(value)


_EPOCH_ORDINAL = _EPOCH.toordinal()


def _as_date(day):
    return datetime.date.fromordinal(day + _EPOCH_ORDINAL)


def _array(raw, dtype):
    """A writable array over the bytes of `raw` (numpy when available)."""
    if _np is not None:
        return _np.frombuffer(raw, dtype={"f8": _np.float64, "u8": _np.uint64,
                                          "i8": _np.int64, "i4": _np.intc}[dtype])
    out = array({"f8": "d", "u8": "Q", "i8": "q", "i4": "i"}[dtype])
    out.frombytes(bytes(raw))
    return out


def _columns(raw, spec):
    """Name the columns of co_py_store_columns(): arrays for typed names, lists for text."""
    return {name: (_array(data, dtype) if dtype else data)
            for (name, dtype), data in zip(spec, raw)}


class Customer(NamedTuple):
    """One customer as stored (signup_date is a datetime.date)."""
    customer_id: str
    name: str
    email: str
    signup_date: datetime.date
    segment: str
    tags: tuple
    prefs: dict


class ImportResult(NamedTuple):
    """Outcome of Store.import_csv: rows added and, in lenient mode, the
    skipped rows as (line, error) pairs where error is a custorient.Error
    located by its path, line and column."""
    imported: int
    skipped: list


class Summary:
    """Per-customer order summary as of a day, one row per customer with at
    least one order on or before it, in the store's customer order.

    frequency, recency, T and monetary_value follow the `lifetimes` package
    (daily periods; recency and T in the chosen unit). total_spend, orders and
    days_since_last are the RFM inputs; first_order and last_order are day
    numbers; customer_index gives each row's position in the store.
    """

    _FIELDS = ("customer_index", "frequency", "recency", "T", "monetary_value", "total_spend",
               "orders", "days_since_last", "first_order", "last_order")
    _TYPES = ("u8", "f8", "f8", "f8", "f8", "f8", "u8", "f8", "i8", "i8")

    def __init__(self, raw, as_of, unit):
        ids, arrays = raw[0], raw[1:]
        self.customer_id = _np.array(ids, dtype=object) if _np is not None else ids
        for name, dtype, data in zip(self._FIELDS, self._TYPES, arrays):
            setattr(self, name, _array(data, dtype))
        self.as_of = as_of
        self.unit = unit

    def __len__(self):
        return len(self.customer_id)

    def __repr__(self):
        return "<Summary of %d customers as of %s in %s>" % (len(self), format_date(self.as_of),
                                                             self.unit)

    def to_dict(self):
        """The columns as a dict (handy for pandas.DataFrame(summary.to_dict()))."""
        out = {"customer_id": self.customer_id}
        out.update((name, getattr(self, name)) for name in self._FIELDS[1:])
        return out


class Store(Owned):
    """An in-memory customer store. Customers are keyed by id and kept in
    insertion order; orders, feedback and support contacts belong to them.

    Every failed call leaves the store unchanged and raises a
    custorient.Error subclass (ParseError carries path, line and column).
    Use it as a context manager or call close() to free it early.
    """

    _what = "store"
    _free = staticmethod(_capi.co_store_free)

    def __init__(self, _handle=None):
        self._own(_handle if _handle is not None else _capi.co_store_new())

    # -- adding -------------------------------------------------------------
    def add_customer(self, customer_id, name="", email="", signup_date=None, segment="",
                     tags=(), prefs=None):
        """Add a customer. signup_date is required ("YYYY-MM-DD", date or day number)."""
        if signup_date is None:
            raise TypeError("add_customer() needs a signup_date")
        pairs = list((prefs or {}).items())
        _capi.co_py_store_add_customer(self._handle, customer_id, name, email,
                                       _day(signup_date), segment, list(tags), pairs)

    def add_order(self, order_id, customer_id, date, amount):
        """Add an order (amount >= 0) of an existing customer."""
        _capi.co_store_add_order(self._handle, order_id, customer_id, _day(date), float(amount))

    def add_feedback(self, customer_id, date, channel, kind, score=None, text=""):
        """Add feedback: channel in survey/review/social/support/direct, kind in
        nps (0-10), csat (1-5), ces (1-7), rating (1-5) or text (no score)."""
        score = float("nan") if score is None else float(score)
        _capi.co_store_add_feedback(self._handle, customer_id, _day(date),
                                    _choice(channel, _CHANNELS, "channel"),
                                    _choice(kind, _FEEDBACK_KINDS, "feedback kind"), score, text)

    def add_contact(self, customer_id, opened, resolved=None, priority="normal", topic=""):
        """Add a support contact; resolved=None while it is open."""
        resolved_day = _DAY_NONE if resolved is None else _day(resolved)
        _capi.co_store_add_contact(self._handle, customer_id, _day(opened), resolved_day,
                                   _choice(priority, _PRIORITIES, "priority"), topic)

    def remove(self, customer_id):
        """Remove a customer with all its orders, feedback and contacts."""
        _capi.co_store_remove(self._handle, customer_id)

    __delitem__ = remove

    # -- reading ------------------------------------------------------------
    def __len__(self):
        return _capi.co_store_count(self._handle, 0)

    def count(self, kind="customers"):
        """Number of records of a kind (customers, orders, feedback, contacts)."""
        return _capi.co_store_count(self._handle, _choice(kind, RECORD_KINDS, "record kind"))

    def _customer(self, index):
        cid, name, email, signup, segment, tags, prefs = _capi.co_py_store_customer(
            self._handle, index)
        return Customer(cid, name, email, _as_date(signup), segment, tags, dict(prefs))

    def __getitem__(self, customer_id):
        return self._customer(_capi.co_py_store_find(self._handle, customer_id))

    def __contains__(self, customer_id):
        try:
            _capi.co_py_store_find(self._handle, customer_id)
        except KeyError:
            return False
        return True

    def __iter__(self):
        for index in range(len(self)):
            yield self._customer(index)

    def customers(self):
        """All customers as columns: signup (day numbers), segment, customer_id."""
        return _columns(_capi.co_py_store_columns(self._handle, 0),
                        [("signup", "i8"), ("segment", None), ("customer_id", None)])

    def orders(self):
        """All orders as columns: customer_index, day (day numbers), amount, order_id."""
        return _columns(_capi.co_py_store_columns(self._handle, 1),
                        [("customer_index", "u8"), ("day", "i8"), ("amount", "f8"),
                         ("order_id", None)])

    def feedback(self):
        """All feedback as columns: customer_index, day, channel and kind (codes in
        the order of CHANNELS and FEEDBACK_KINDS), score (NaN for text), text."""
        return _columns(_capi.co_py_store_columns(self._handle, 2),
                        [("customer_index", "u8"), ("day", "i8"), ("channel", "i4"),
                         ("kind", "i4"), ("score", "f8"), ("text", None)])

    def contacts(self):
        """All support contacts as columns: customer_index, opened, resolved
        (day numbers; DAY_NONE while open), priority (code in PRIORITIES), topic."""
        return _columns(_capi.co_py_store_columns(self._handle, 3),
                        [("customer_index", "u8"), ("opened", "i8"), ("resolved", "i8"),
                         ("priority", "i4"), ("topic", None)])

    # -- files --------------------------------------------------------------
    def import_csv(self, kind, path, lenient=False):
        """Import a CSV file of one record kind. Strict (default): the first bad
        row raises and nothing is imported. lenient=True: bad rows are skipped
        and listed in the result as (line, error)."""
        from ._errors import _from_status
        imported, rows = _capi.co_py_store_import_csv(
            self._handle, _choice(kind, RECORD_KINDS, "record kind"), str(path), bool(lenient))
        skipped = [(line, _from_status(status, message, *location))
                   for line, status, message, *location in rows]
        return ImportResult(imported, skipped)

    def export_csv(self, kind, path):
        """Write one record kind as CSV (replaced atomically)."""
        _capi.co_store_export_csv(self._handle, _choice(kind, RECORD_KINDS, "record kind"),
                                  str(path))

    def save(self, path):
        """Save a snapshot (atomic: a crash leaves the old file intact)."""
        _capi.co_store_save(self._handle, str(path))

    @classmethod
    def load(cls, path):
        """Load a snapshot written by save(); CorruptError if damaged."""
        return cls(_capi.co_store_load(str(path)))

    # -- summaries ----------------------------------------------------------
    def summary(self, as_of, unit="days"):
        """Per-customer frequency, recency, T, monetary_value (and RFM inputs)
        as of a day ("YYYY-MM-DD", date or day number); unit "days" or "weeks"."""
        if unit not in _UNITS:
            raise ValueError("unit must be 'days' or 'weeks'")
        as_of_day = _day(as_of)
        return Summary(_capi.co_py_store_summary(self._handle, as_of_day, _UNITS[unit]),
                       as_of_day, unit)


def _generate_options(seed=None, customers=None, **params):
    opts = _capi.co_generate_options()
    _capi.co_generate_options_init(opts)
    if seed is not None:
        opts.seed = int(seed)
    if customers is not None:
        opts.customers = int(customers)
    for name, value in params.items():
        if name in ("start", "end"):
            value = _day(value)
        elif name not in ("r", "alpha", "a", "b", "spend_p", "spend_q", "spend_gamma",
                          "survey_rate"):
            raise TypeError("unknown generator parameter %r" % name)
        setattr(opts, name, value)
    return opts


def generate(seed=None, customers=None, **params):
    """A synthetic Store: customers buying by a BG/NBD process with gamma-gamma
    spend, plus feedback and support contacts (see custorient/generate.h).
    Parameters: seed, customers, start, end, r, alpha, a, b, spend_p, spend_q,
    spend_gamma, survey_rate; the defaults give the built-in sample data."""
    return Store(_capi.co_generate(_generate_options(seed, customers, **params)))


def generate_sample(directory, seed=None, customers=None, **params):
    """Write customers.csv, orders.csv, feedback.csv and contacts.csv into an
    existing directory; with no parameters this is the built-in sample set."""
    _capi.co_generate_csv(_generate_options(seed, customers, **params), str(directory))
