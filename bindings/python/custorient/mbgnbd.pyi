from .btyd import _PurchaseFitter

__all__ = ["ModifiedBetaGeoFitter"]

class ModifiedBetaGeoFitter(_PurchaseFitter): ...
