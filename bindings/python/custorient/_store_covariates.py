"""Store.covariates(): the customer-by-feature matrix of co_store_covariates()
as a pandas DataFrame indexed by customer id (docs/data-format.md, "Covariates")."""

from . import _arrays
from . import capi as _capi
from .text import Lexicon, Topics, _reading_lexicon
from contextlib import nullcontext

__all__ = ["FEATURES", "covariates"]

# Feature groups a caller selects, by name, with their flags.
_FLAGS = {_capi.co_covariate_feature_name(1 << i): 1 << i for i in range(9)}
FEATURES = tuple(_FLAGS)
_KINDS = ("indicator", "missing", "continuous")


def _features(features):
    if features is None:
        return _capi.CO_COVARIATE_ALL
    if isinstance(features, str):
        features = [features]
    bits = 0
    for name in features:
        if name not in _FLAGS:
            raise ValueError("unknown feature %r (one of %s)" % (name, ", ".join(FEATURES)))
        bits |= _FLAGS[name]
    if not bits:
        raise ValueError("features selects nothing (one or more of %s)" % ", ".join(FEATURES))
    return bits


def _reading_topics(topics):
    if topics is None:
        return nullcontext(None)
    if not isinstance(topics, Topics):
        raise TypeError("topics must be a custorient.Topics or None")
    return topics._reading()


def covariates(store, as_of, features=None, customers=None, text_window=365, rating_window=365,
               contact_window=90, detractor_cap=365.0, lexicon=None, topics=None,
               standardize=False, drop_reference=False, drop_constant=False):
    """The body of Store.covariates() (its docstring says what each argument does)."""
    import numpy as np  # pylint: disable=import-outside-toplevel
    import pandas as pd  # pylint: disable=import-outside-toplevel
    from .store import _day  # pylint: disable=import-outside-toplevel
    day = _day(as_of)
    bits = _features(features)
    indices, n_customers = None, 0
    if customers is not None:
        indices = _arrays.as_buffer(customers, "uint64", "customers")
        n_customers = _arrays.length(indices)
    windows = [_arrays.as_int(w, "int64", name) for w, name in
               ((text_window, "text_window"), (rating_window, "rating_window"),
                (contact_window, "contact_window"))]
    if isinstance(detractor_cap, bool) or not isinstance(detractor_cap, (int, float, np.number)):
        raise TypeError("detractor_cap must be a number of days")
    if lexicon is not None and not isinstance(lexicon, Lexicon):
        raise TypeError("lexicon must be a custorient.Lexicon or None")
    # Locks in the order the package takes them: store, topics, lexicon.
    with store._reading() as handle, _reading_topics(topics) as topics_handle, \
            _reading_lexicon(lexicon) as lexicon_handle:
        raw = _capi.co_py_store_covariates(handle, day, bits, indices, n_customers, *windows,
                                           float(detractor_cap), lexicon_handle, topics_handle,
                                           int(bool(standardize)), int(bool(drop_reference)),
                                           int(bool(drop_constant)))
    ids, index, values, names, feature, kind, fill, center, scale, n, k = raw
    frame = pd.DataFrame(np.frombuffer(values, dtype=np.float64).reshape(n, k).copy(),
                         index=pd.Index(ids, name="customer_id", dtype=object),
                         columns=pd.Index(names, dtype=object))
    names_of = {flag: name for name, flag in _FLAGS.items()}
    names_of[_capi.CO_COVARIATE_TEXT] = "text"
    columns = frame.columns
    frame.attrs.update({
        "as_of": day,
        "customer_index": np.frombuffer(index, dtype=np.uint64).copy(),
        "feature": pd.Series([names_of[f] for f in np.frombuffer(feature, dtype=np.intc)],
                             index=columns, dtype=object),
        "column_kind": pd.Series([_KINDS[c] for c in np.frombuffer(kind, dtype=np.intc)],
                                 index=columns, dtype=object),
        "fill": pd.Series(np.frombuffer(fill, dtype=np.float64).copy(), index=columns),
        "center": pd.Series(np.frombuffer(center, dtype=np.float64).copy(), index=columns),
        "scale": pd.Series(np.frombuffer(scale, dtype=np.float64).copy(), index=columns),
    })
    return frame
