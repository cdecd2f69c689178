"""Customer records: the in-memory store, CSV import/export, snapshots,
per-customer summaries (the inputs of the churn and lifetime-value models) and
the records as they stood on a day.

    store = Store()
    store.import_csv("customers", "customers.csv")
    store.import_csv("orders", "orders.csv")
    first, last = store.day_range()
    s = store.summary(last, unit="weeks")
    s.frequency, s.recency, s.T, s.monetary_value   # numpy arrays, one row per buyer
    store.open_contacts(last, s.customer_index)     # one count per summary row
"""

import datetime
import os
import tempfile
from array import array
from typing import NamedTuple

from . import _arrays
from . import _store_covariates
from . import capi as _capi
from ._arrays import _np
from ._dates import parse_date, format_date
from ._handle import Owned
from ._paths import fspath

__all__ = ["Store", "Customer", "Summary", "FeedbackAnswers", "ImportResult", "RECORD_KINDS",
           "COVARIATE_FEATURES",
           "CHANNELS", "FEEDBACK_KINDS", "PRIORITIES", "DAY_NONE", "generate", "generate_sample"]

RECORD_KINDS = ("customers", "orders", "feedback", "contacts")
CHANNELS = ("survey", "review", "social", "support", "direct")
FEEDBACK_KINDS = ("nps", "csat", "ces", "rating", "text")
PRIORITIES = ("low", "normal", "high", "urgent")
_CHANNELS, _FEEDBACK_KINDS, _PRIORITIES = CHANNELS, FEEDBACK_KINDS, PRIORITIES
_UNITS = {"days": _capi.CO_UNIT_DAYS, "weeks": _capi.CO_UNIT_WEEKS}
_EPOCH = datetime.date(1970, 1, 1)
COVARIATE_FEATURES = _store_covariates.FEATURES  # the feature groups of Store.covariates()
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
    days_since_last are the RFM inputs (order_count is orders as float64, as
    rfm_scores() takes it); first_order and last_order are day numbers;
    customer_index gives each row's position in the store.
    """

    _FIELDS = ("customer_index", "frequency", "recency", "T", "monetary_value", "total_spend",
               "orders", "days_since_last", "first_order", "last_order", "order_count")
    _TYPES = ("u8", "f8", "f8", "f8", "f8", "f8", "u8", "f8", "i8", "i8", "f8")

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


class FeedbackAnswers:
    """Feedback given on or before a day, in the store's insertion order.

    customer_id and customer_index name each answer's customer; day holds day
    numbers; kind codes follow FEEDBACK_KINDS; value is the score on its
    kind's scale (NaN for text feedback); score holds the same scores as
    whole numbers (int32, what nps() and csat() count) for the NPS, CSAT and
    CES kinds and is None otherwise; text is a list of str ("" for none).
    """

    _FIELDS = ("customer_index", "day", "value", "kind")
    _TYPES = ("u8", "i8", "f8", "i4")

    def __init__(self, raw, as_of):
        ids, arrays, score, self.text = raw[0], raw[1:5], raw[5], raw[6]
        self.customer_id = _np.array(ids, dtype=object) if _np is not None else ids
        for name, dtype, data in zip(self._FIELDS, self._TYPES, arrays):
            setattr(self, name, _array(data, dtype))
        self.score = None if score is None else _array(score, "i4")
        self.as_of = as_of

    def __len__(self):
        return len(self.text)

    def __repr__(self):
        return "<FeedbackAnswers: %d as of %s>" % (len(self), format_date(self.as_of))


class Store(Owned):
    """An in-memory customer store. Customers are keyed by id and kept in
    insertion order; orders, feedback and support contacts belong to them.

    Every failed call leaves the store unchanged and raises a
    custorient.Error subclass (ParseError carries path, line and column).
    Text arguments (ids, names, tags, texts) are str; one holding a NUL
    character raises ValueError, as would be cut there in C. File names are
    str, bytes or os.PathLike, as for open(); anything else (None included) is
    TypeError and a NUL in one is ValueError, with no file touched.
    Use it as a context manager or call close() to free it early.

    Threads: any number of threads may read one store at once (counts,
    lookups, columns, summaries, exports, save); the adds, remove and
    import_csv wait for the reads in flight and for each other, one at a
    time. close() waits for the calls in flight; later calls raise
    ValueError.

    copy.copy, copy.deepcopy and pickling go through the snapshot (see
    snapshot() and from_snapshot()): the copy is a whole, independent store.
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
        self._write(_capi.co_py_store_add_customer, customer_id, name, email, _day(signup_date),
                    segment, list(tags), pairs)

    def add_order(self, order_id, customer_id, date, amount):
        """Add an order (amount >= 0) of an existing customer."""
        day, amount = _day(date), float(amount)
        self._write(_capi.co_store_add_order, order_id, customer_id, day, amount)

    def add_feedback(self, customer_id, date, channel, kind, score=None, text=""):
        """Add feedback: channel in survey/review/social/support/direct, kind in
        nps (0-10), csat (1-5), ces (1-7), rating (1-5) or text (no score)."""
        score = float("nan") if score is None else float(score)
        day = _day(date)
        channel = _choice(channel, _CHANNELS, "channel")
        kind = _choice(kind, _FEEDBACK_KINDS, "feedback kind")
        self._write(_capi.co_store_add_feedback, customer_id, day, channel, kind, score, text)

    def add_contact(self, customer_id, opened, resolved=None, priority="normal", topic=""):
        """Add a support contact; resolved=None while it is open."""
        resolved_day = _DAY_NONE if resolved is None else _day(resolved)
        opened_day = _day(opened)
        priority = _choice(priority, _PRIORITIES, "priority")
        self._write(_capi.co_store_add_contact, customer_id, opened_day, resolved_day, priority,
                    topic)

    def remove(self, customer_id):
        """Remove a customer with all its orders, feedback and contacts."""
        self._write(_capi.co_store_remove, customer_id)

    __delitem__ = remove

    # -- reading ------------------------------------------------------------
    def __len__(self):
        with self._reading() as handle:
            return _capi.co_store_count(handle, _capi.CO_RECORD_CUSTOMERS)

    def count(self, kind="customers"):
        """Number of records of a kind (customers, orders, feedback, contacts)."""
        code = _choice(kind, RECORD_KINDS, "record kind")
        with self._reading() as handle:
            return _capi.co_store_count(handle, code)

    @staticmethod
    def _customer(handle, index):
        cid, name, email, signup, segment, tags, prefs = _capi.co_py_store_customer(handle, index)
        return Customer(cid, name, email, _as_date(signup), segment, tags, dict(prefs))

    def __getitem__(self, customer_id):
        with self._reading() as handle:
            return self._customer(handle, _capi.co_py_store_find(handle, customer_id))

    def __contains__(self, customer_id):
        with self._reading() as handle:
            try:
                _capi.co_py_store_find(handle, customer_id)
            except KeyError:
                return False
            return True

    def __iter__(self):
        # One customer per hold of the lock (a generator may be left unfinished):
        # customers removed meanwhile shorten the iteration.
        index = 0
        while True:
            with self._reading() as handle:
                if index >= _capi.co_store_count(handle, _capi.CO_RECORD_CUSTOMERS):
                    return
                customer = self._customer(handle, index)
            yield customer
            index += 1

    def customers(self):
        """All customers as columns: signup (day numbers), segment, customer_id."""
        return _columns(self._read(_capi.co_py_store_columns, 0),
                        [("signup", "i8"), ("segment", None), ("customer_id", None)])

    def orders(self):
        """All orders as columns: customer_index, day (day numbers), amount, order_id."""
        return _columns(self._read(_capi.co_py_store_columns, 1),
                        [("customer_index", "u8"), ("day", "i8"), ("amount", "f8"),
                         ("order_id", None)])

    def feedback(self):
        """All feedback as columns: customer_index, day, channel and kind (codes in
        the order of CHANNELS and FEEDBACK_KINDS), score (NaN for text), text."""
        return _columns(self._read(_capi.co_py_store_columns, 2),
                        [("customer_index", "u8"), ("day", "i8"), ("channel", "i4"),
                         ("kind", "i4"), ("score", "f8"), ("text", None)])

    def contacts(self):
        """All support contacts as columns: customer_index, opened, resolved
        (day numbers; DAY_NONE while open), priority (code in PRIORITIES), topic."""
        return _columns(self._read(_capi.co_py_store_columns, 3),
                        [("customer_index", "u8"), ("opened", "i8"), ("resolved", "i8"),
                         ("priority", "i4"), ("topic", None)])

    # -- files --------------------------------------------------------------
    def import_csv(self, kind, path, lenient=False):
        """Import a CSV file (path: str, bytes or os.PathLike) of one record
        kind. Strict (default): the first bad row raises and nothing is
        imported. lenient=True: bad rows are skipped and listed in the result
        as (line, error). Broken syntax, a NUL byte included, is a ParseError
        at its line and column either way."""
        from ._errors import _from_status
        imported, rows = self._write(_capi.co_py_store_import_csv,
                                     _choice(kind, RECORD_KINDS, "record kind"), fspath(path),
                                     bool(lenient))
        skipped = [(line, _from_status(status, message, *location))
                   for line, status, message, *location in rows]
        return ImportResult(imported, skipped)

    def export_csv(self, kind, path, spreadsheet_safe=False):
        """Write one record kind as CSV to path (str, bytes or os.PathLike;
        replaced atomically).

        By default the export is exact: every cell as stored, so import_csv()
        reads back the same records. With spreadsheet_safe=True, for a file
        people open in a spreadsheet, a text cell starting with "=", "+", "-",
        "@", TAB or CR (a formula to the spreadsheet) gets a leading "'";
        amounts, scores and dates stay numbers. Such a file no longer round-trips."""
        if not isinstance(spreadsheet_safe, bool):
            raise TypeError("spreadsheet_safe must be True or False")
        self._read(_capi.co_py_store_export_csv, _choice(kind, RECORD_KINDS, "record kind"),
                   fspath(path), int(spreadsheet_safe))

    def save(self, path):
        """Save a snapshot to path (str, bytes or os.PathLike; atomic: a crash
        leaves the old file intact)."""
        self._read(_capi.co_store_save, fspath(path))

    @classmethod
    def load(cls, path):
        """Load a snapshot written by save() from path (str, bytes or
        os.PathLike); CorruptError if damaged."""
        return cls(_capi.co_store_load(fspath(path)))

    # -- copies ---------------------------------------------------------------
    # A copy is a new store loaded from this one's snapshot: whole and
    # independent (there is no shallow copy of a store).
    def snapshot(self):
        """The bytes save() would write (a read: other threads may read meanwhile)."""
        with tempfile.TemporaryDirectory() as directory:
            path = os.path.join(directory, "store.snapshot")
            self.save(path)
            with open(path, "rb") as f:
                return f.read()

    @classmethod
    def from_snapshot(cls, data):
        """A store from the bytes of snapshot() or of a saved file; CorruptError if damaged."""
        with tempfile.TemporaryDirectory() as directory:
            path = os.path.join(directory, "store.snapshot")
            with open(path, "wb") as f:
                f.write(data)
            return cls.load(path)

    def __copy__(self):
        return Store.from_snapshot(self.snapshot())

    def __deepcopy__(self, memo):
        return self.__copy__()

    def __reduce_ex__(self, protocol):
        return (Store.from_snapshot, (self.snapshot(),))

    # -- summaries ----------------------------------------------------------
    def summary(self, as_of, unit="days"):
        """Per-customer frequency, recency, T, monetary_value (and RFM inputs)
        as of a day ("YYYY-MM-DD", date or day number); unit "days" or "weeks"."""
        if unit not in _UNITS:
            raise ValueError("unit must be 'days' or 'weeks'")
        as_of_day = _day(as_of)
        return Summary(self._read(_capi.co_py_store_summary, as_of_day, _UNITS[unit]),
                       as_of_day, unit)

    def covariates(self, as_of, features=None, customers=None, text_window=365,
                   rating_window=365, contact_window=90, detractor_cap=365.0, lexicon=None,
                   topics=None, standardize=False, drop_reference=False, drop_constant=False):
        """Customer-by-feature matrix as of a day, from the records dated on or
        before it, as a pandas DataFrame indexed by customer id.

        Rows: by default the customers with an order on or before as_of, in
        store order (the rows of summary(as_of), so the frame lines up with a
        summary for a covariate fit); or the store indices in `customers`.
        features: None for all, or names from FEATURES ("nps", "sentiment",
        "ces", "csat", "contacts", "detractor", "topics", "segment", "tags").
        Windows are days ending on as_of (0: the whole history): texts for
        sentiment and topics, CES/CSAT answers, contact resolutions.
        detractor_cap (days) fills and bounds days_since_detractor. lexicon
        (Lexicon) and topics (Topics) default to the built-in ones.
        standardize centres and scales the continuous columns; drop_reference
        leaves out the most common column of NPS and of segment; drop_constant
        leaves out columns equal on every row.

        A value that cannot be observed gets a neutral fill and a 1 in its
        "<feature>_missing" column (nps_none, text_missing...). frame.attrs
        holds per column "feature", "column_kind" ("indicator", "missing",
        "continuous"), "fill", "center" and "scale" (value * scale + center
        undoes standardize), plus "customer_index" and "as_of" (day number).
        Column definitions: docs/data-format.md, "Covariates"."""
        return _store_covariates.covariates(
            self, as_of, features, customers, text_window, rating_window, contact_window,
            detractor_cap, lexicon, topics, standardize, drop_reference, drop_constant)

    # -- as of a day ----------------------------------------------------------
    # as_of is a "YYYY-MM-DD" string, a date or a day number, and counts
    # itself; days outside years 0001-9999 raise RangeError.
    def day_range(self, kind=None):
        """(first, last) day, as dates, on which records of a kind (customers'
        signups, orders, feedback, contacts opened or resolved) happened; of
        every kind when kind is None. The last day of all is a report's
        natural as-of day. NotFoundError when there are no such records."""
        code = _capi.CO_RECORD_ALL if kind is None else _choice(kind, RECORD_KINDS,
                                                                "record kind")
        first, last = self._read(_capi.co_store_day_range, code)
        return _as_date(first), _as_date(last)

    def feedback_answers(self, kind, as_of):
        """The answers of one feedback kind given on or before as_of (a
        FeedbackAnswers); e.g. custorient.nps(store.feedback_answers("nps",
        day).score)."""
        code = _choice(kind, _FEEDBACK_KINDS, "feedback kind")
        as_of_day = _day(as_of)
        return FeedbackAnswers(
            self._read(_capi.co_py_store_feedback_answers, code, as_of_day, False), as_of_day)

    def feedback_texts(self, as_of):
        """The feedback of every kind given on or before as_of that has a text
        (a FeedbackAnswers whose score is None), for sentiment and topics."""
        as_of_day = _day(as_of)
        return FeedbackAnswers(
            self._read(_capi.co_py_store_feedback_answers, 0, as_of_day, True), as_of_day)

    def orders_as_of(self, as_of):
        """The orders placed on or before as_of as columns: customer_index, day
        (day numbers), amount; in insertion order."""
        raw = self._read(_capi.co_py_store_orders_as_of, _day(as_of))
        return {name: _array(data, dtype) for (name, dtype), data in
                zip([("customer_index", "u8"), ("day", "i8"), ("amount", "f8")], raw)}

    def start_days(self, as_of, customers=None):
        """Day number on which each customer started as of as_of: the signup,
        or the first order on or before as_of if that came earlier (the
        first_day of retention_rate and cohort_retention). customers: store
        indices such as Summary.customer_index, or None for all in store order."""
        return _per_customer(self, _capi.co_py_store_start_days, as_of, customers, "int64")

    def open_contacts(self, as_of, customers=None):
        """Support contacts open on as_of (opened by then, not yet resolved),
        per customer as for start_days(); uint64 counts."""
        return _per_customer(self, _capi.co_py_store_open_contacts, as_of, customers, "uint64")

    def last_detractor(self, as_of, customers=None):
        """Day number of each customer's last NPS answer of 0-6 on or before
        as_of, DAY_NONE for none; per customer as for start_days()."""
        return _per_customer(self, _capi.co_py_store_last_detractor, as_of, customers, "int64")


def _per_customer(store, fill, as_of, customers, dtype):
    """One value per customer from a co_py_store_* filler: for `customers`
    (store indices, e.g. Summary.customer_index) or for every customer."""
    day = _day(as_of)
    indices = None
    if customers is not None:
        indices = _arrays.as_buffer(customers, "uint64", "customers")
    with store._reading() as handle:  # the count sizes the output: one hold for both
        if indices is None:
            n = _capi.co_store_count(handle, _capi.CO_RECORD_CUSTOMERS)
        else:
            n = _arrays.length(indices)
        out = _arrays.empty(n, dtype)
        fill(handle, day, indices, n, out)
    return out


_PROCESSES = ("paretonbd", "bgnbd")  # co_generate_process: CO_GENERATE_PARETONBD = 0, BGNBD = 1


def _generate_options(seed=None, customers=None, **params):
    opts = _capi.co_generate_options()
    _capi.co_generate_options_init(opts)
    if seed is not None:
        opts.seed = _arrays.as_int(seed, "uint64", "seed")
    if customers is not None:
        opts.customers = _arrays.as_int(customers, "uint64", "customers")
    for name, value in params.items():
        if name in ("start", "end"):
            value = _day(value)
        elif name == "process":
            value = _choice(value, _PROCESSES, "generator process")
        elif name not in ("r", "alpha", "a", "b", "spend_p", "spend_q", "spend_gamma",
                          "survey_rate", "s", "beta", "detractor_effect", "complaint_effect"):
            raise TypeError("unknown generator parameter %r" % name)
        setattr(opts, name, value)
    return opts


def generate(seed=None, customers=None, **params):
    """A synthetic Store: customers buying by a Pareto/NBD process (process=
    "paretonbd", the default) or a BG/NBD one ("bgnbd") with gamma-gamma spend,
    plus feedback and support contacts (see custorient/generate.h). A detractor's
    NPS answer and a complaint never resolved multiply the drop-out rate by
    exp(detractor_effect) and exp(complaint_effect) (0.75 and 0.5), the true
    drop-out coefficients of a covariate fit.
    Parameters: seed, customers, start, end, r, alpha, a, b, spend_p, spend_q,
    spend_gamma, survey_rate, process, s, beta, detractor_effect,
    complaint_effect; the defaults give the built-in sample data."""
    return Store(_capi.co_generate(_generate_options(seed, customers, **params)))


def generate_sample(directory, seed=None, customers=None, **params):
    """Write customers.csv, orders.csv, feedback.csv and contacts.csv into an
    existing directory (str, bytes or os.PathLike); with no parameters this is
    the built-in sample set."""
    _capi.co_generate_csv(_generate_options(seed, customers, **params),
                          fspath(directory, "directory"))
