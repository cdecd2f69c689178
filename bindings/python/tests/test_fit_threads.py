"""The purchase fits' `threads` option: the estimate is bitwise the same for any
thread count (the C library sums the likelihood over fixed blocks in block order)."""

import pytest

import custorient
from custorient import BetaGeoFitter, ParetoNBDFitter

np = pytest.importorskip("numpy")


@pytest.mark.parametrize("cls, truth", [
    (BetaGeoFitter, dict(r=0.243, alpha=30.9, a=0.793, b=2.426)),
    (ParetoNBDFitter, dict(r=0.553, alpha=74.0, s=0.606, beta=81.7)),
])
def test_same_estimate_for_any_thread_count(cls, truth):
    # continuous T: every history distinct, more than one block of 4096
    T = 1.0 + 545.0 * ((np.arange(20_000) * 0.6180339887498949) % 1.0)
    freq, rec = cls.from_params(**truth).simulate(T, seed=3)
    one = cls().fit(freq, rec, T)
    assert one.fit_info_["distinct_rows"] > 4096
    for threads in (2, 3):
        more = cls().fit(freq, rec, T, threads=threads)
        assert list(np.asarray(more.params_)) == list(np.asarray(one.params_))
        assert more.log_likelihood_ == one.log_likelihood_


def test_thread_count_out_of_range_is_refused():
    with pytest.raises(custorient.InvalidArgumentError, match="threads"):
        BetaGeoFitter().fit([1, 2, 0], [1, 2, 0], [3, 4, 5], threads=0)
