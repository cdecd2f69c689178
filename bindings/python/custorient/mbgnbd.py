"""The MBG/NBD purchase model under lifetimes' name, ``ModifiedBetaGeoFitter``.

It is the BG/NBD in which a customer may also leave at time 0, right after the
first purchase (Batislam, Denizel & Filiztekin 2007), so P(alive) is below 1 even
without repeat purchases. Every method is the other purchase fitters' (fit, the
predictions, bands, simulation and ``generate_new_data``, the uncertainty
attributes, ``save_model``/``load_model``, and ``GammaGammaFitter.customer_lifetime_value``), computed by the C library::

    mbgf = ModifiedBetaGeoFitter().fit(frequency, recency, T)
    mbgf.conditional_probability_alive(frequency, recency, T)
"""

from . import capi as _capi
from .btyd import _PurchaseFitter

__all__ = ["ModifiedBetaGeoFitter"]


class ModifiedBetaGeoFitter(_PurchaseFitter):
    """MBG/NBD model (Batislam, Denizel & Filiztekin 2007); params_ r, alpha, a, b."""
    _param_names = ("r", "alpha", "a", "b")
    _model = _capi.CO_PY_MBGNBD
    _file_kind = "mbgnbd"
    _dropout_name = "p"
