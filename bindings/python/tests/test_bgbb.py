"""BetaGeoBetaBinomFitter (BG/BB) on the donations data.

Expected numbers: Fader, Hardie & Shang (2010) (estimates, log-likelihood, Table 6),
the totals of Hardie's BG/BB spreadsheet that lifetimes' tests quote, and
tests/reference/bgbb_reference.py (scipy and mpmath from the paper's equations;
bgbb_reference.out).
"""

import pytest

import custorient
from custorient import BetaGeoBetaBinomFitter, datasets

np = pytest.importorskip("numpy")
pd = pytest.importorskip("pandas")


@pytest.fixture(scope="module")
def donations():
    return datasets.load_donations()


@pytest.fixture(scope="module")
def bbf(donations):
    d = donations
    return BetaGeoBetaBinomFitter().fit(d["frequency"], d["recency"], d["periods"], d["weights"])


def test_fit_matches_the_paper_and_scipy(bbf):
    # paper: 1.204, 0.750, 0.657, 2.783, LL -33225.6; scipy: bgbb_reference.out
    np.testing.assert_array_almost_equal(bbf.params_.values, [1.204, 0.750, 0.657, 2.783],
                                         decimal=3)
    np.testing.assert_allclose(bbf.params_.values, [1.20352226707, 0.749716321371,
                                                    0.656718220966, 2.78344232331], rtol=1e-5)
    assert list(bbf.params_.index) == ["alpha", "beta", "gamma", "delta"]
    assert bbf.log_likelihood_ == pytest.approx(-33225.5812743470, rel=1e-11)
    assert round(bbf.log_likelihood_, 1) == -33225.6


def test_probability_alive_matches_table_6(bbf, donations):
    # P(alive in 2002) for (x, t_x) = (0, 0), (2, 4), (6, 6): 0.11, 0.59, 0.93 in the paper;
    # mpmath 0.108133290313, 0.589657185754, 0.93043357495
    d = donations
    alive = bbf.conditional_probability_alive(1, d["frequency"], d["recency"], d["periods"])
    assert isinstance(alive, pd.Series)
    picked = [alive[(d["frequency"] == x) & (d["recency"] == tx)].iloc[0]
              for x, tx in ((0, 0), (2, 4), (6, 6))]
    np.testing.assert_array_almost_equal(picked, [0.11, 0.59, 0.93], decimal=2)
    np.testing.assert_allclose(picked, [0.108133290313, 0.589657185754, 0.93043357495],
                               rtol=1e-5)


def test_totals_match_hardies_spreadsheet(bbf, donations):
    d = donations
    # 12884.2 expected donations in the next 5 years (sheet; mpmath 12884.1568085)
    future = bbf.conditional_expected_number_of_purchases_up_to_time(
        5, d["frequency"], d["recency"], d["periods"])
    assert (future * d["weights"]).sum() == pytest.approx(12884.1568085, rel=1e-5)
    assert round((future * d["weights"]).sum(), 0) == 12884
    # expected donors with 0 and 6 repeat donations in 6 years: 3454.9 and 1253.1
    table = bbf.expected_number_of_transactions_in_first_n_periods(6)
    assert list(table.columns) == ["model"] and table.index.name == "frequency"
    np.testing.assert_almost_equal(table.loc[[0, 6]].values.flatten(), [3454.9, 1253.1],
                                   decimal=0)
    np.testing.assert_allclose(table["model"].values,
                               [3454.88203282, 1888.65436781, 1348.88233577, 1113.37852144,
                                1017.92238707, 1027.1660158, 1253.1143393], rtol=1e-5)
    # E[X(n)] of a new donor (eq. 9): n = 1, 6, 11
    np.testing.assert_allclose(bbf.expected_number_of_purchases_up_to_time([1, 6, 11]),
                               [0.498542687088, 2.22016933238, 3.38865421091], rtol=1e-5)


def test_uncertainty_matches_mpmath(bbf):
    np.testing.assert_allclose(bbf.standard_errors_.values,
                               [0.0693913483644, 0.0294477119859, 0.0510098568402,
                                0.320818984321], rtol=2e-5)
    assert bbf.variance_matrix_.loc["gamma", "delta"] == pytest.approx(0.0157929412611,
                                                                       rel=5e-5)
    assert list(bbf.confidence_intervals_.columns) == ["lower 95% bound", "upper 95% bound"]
    assert bbf.bic_ == pytest.approx(4 * np.log(11104) + 2 * 33225.581274347, rel=1e-10)


def test_bands_match_numpy_draws(bbf):
    # 20000 numpy draws of log-parameters from the mpmath covariance of bgbb_reference.out
    # (delta method), P(alive next year) of donor (2, 4, 6) written here from the paper's
    # eq. 11 with scipy.special.betaln: the band within 0.1 standard deviation of the
    # draws' 2.5% and 97.5% percentiles.
    special = pytest.importorskip("scipy.special")
    est = np.array([1.20352226707, 0.749716321371, 0.656718220966, 2.78344232331])
    cov = np.array([[0.00481515922784, 0.00181389151731, -0.00170003838529, -0.0135200233777],
                    [0.00181389151731, 0.000867167741206, -0.00057321766138, -0.00443692591256],
                    [-0.00170003838529, -0.00057321766138, 0.00260200549486, 0.0157929412611],
                    [-0.0135200233777, -0.00443692591256, 0.0157929412611, 0.1029248207]])
    rng = np.random.default_rng(5)
    a, b, g, d = np.exp(rng.multivariate_normal(np.log(est), cov / np.outer(est, est),
                                                20000)).T
    x, tx, n = 2, 4, 6
    ab = special.betaln(a + x, b + n - x) - special.betaln(a, b)
    terms = [ab + special.betaln(g, d + n) - special.betaln(g, d)]
    terms += [special.betaln(a + x, b + tx - x + i) - special.betaln(a, b)
              + special.betaln(g + 1, d + tx + i) - special.betaln(g, d) for i in range(n - tx)]
    alive = np.exp(ab + special.betaln(g, d + n + 1) - special.betaln(g, d)
                   - special.logsumexp(terms, axis=0))
    lo_ref, hi_ref = np.percentile(alive, [2.5, 97.5])
    lo, hi = bbf.conditional_probability_alive_band(1, x, tx, n, draws=20000, seed=3, threads=2)
    assert abs(lo[0] - lo_ref) < 0.1 * alive.std() and abs(hi[0] - hi_ref) < 0.1 * alive.std()
    lo, hi = bbf.conditional_expected_number_of_purchases_up_to_time_band(5, [0, 6], [0, 6],
                                                                         [6, 6], draws=500)
    point = bbf.conditional_expected_number_of_purchases_up_to_time(5, [0, 6], [0, 6], [6, 6])
    assert (lo < point).all() and (point < hi).all()


def test_initial_params_and_model_files(bbf, donations, tmp_path):
    d = donations
    # from the paper's estimate the fit lands where it does from its own start
    started = BetaGeoBetaBinomFitter().fit(d["frequency"], d["recency"], d["periods"],
                                           d["weights"], initial_params=[1.2, 0.75, 0.66, 2.8])
    np.testing.assert_allclose(started.params_.values, bbf.params_.values, rtol=1e-5)
    # save_model / load_model: kind "bgbb", parameters to the bit, the same predictions;
    # the data only on request, and with it the same standard errors
    path = tmp_path / "bgbb.json"
    bbf.save_model(path)
    assert '"kind": "bgbb"' in path.read_text()
    loaded = BetaGeoBetaBinomFitter().load_model(path)
    assert (loaded.params_ == bbf.params_).all() and loaded.data is None
    args = (5, d["frequency"], d["recency"], d["periods"])
    assert (loaded.conditional_expected_number_of_purchases_up_to_time(*args)
            == bbf.conditional_expected_number_of_purchases_up_to_time(*args)).all()
    bbf.save_model(path, save_data=True)
    full = BetaGeoBetaBinomFitter().load_model(path)
    assert full.data["weights"].sum() == 11104
    np.testing.assert_allclose(full.standard_errors_.values, bbf.standard_errors_.values,
                               rtol=1e-12)
    with pytest.raises(ValueError, match="bgbb"):
        custorient.ModifiedBetaGeoFitter().load_model(path)


def test_weights_index_and_data(donations):
    d = donations
    # donor by donor, the same estimate as the weighted histories (lifetimes' check, 4 decimals)
    rows = d.loc[d.index.repeat(d["weights"])]
    spelled = BetaGeoBetaBinomFitter().fit(rows["frequency"], rows["recency"], rows["periods"])
    weighted = BetaGeoBetaBinomFitter().fit(d["frequency"], d["recency"], d["periods"],
                                            d["weights"])
    np.testing.assert_array_almost_equal(spelled.params_.values, weighted.params_.values,
                                         decimal=6)
    index = range(len(d), 0, -1)
    f = BetaGeoBetaBinomFitter().fit(d["frequency"], d["recency"], d["periods"], d["weights"],
                                     index=index)
    assert (f.data.index == index).all()
    assert list(f.data.columns) == ["frequency", "recency", "n_periods", "weights"]
    assert f.data["weights"].sum() == 11104


def test_generate_new_data(bbf):
    # lifetimes' columns; the share alive at the last opportunity agrees with the mean
    # P(alive) over the simulated histories (total probability), within 4 standard errors
    frame = bbf.generate_new_data(size=20000, seed=3)
    assert list(frame.columns) == ["frequency", "recency", "n_periods", "p", "theta", "alive"]
    assert frame.index.name == "customer_id" and len(frame) == 20000
    assert (frame["n_periods"] == 6).all()
    alive = bbf.conditional_probability_alive(0, frame["frequency"], frame["recency"],
                                              frame["n_periods"])
    assert abs(frame["alive"].mean() - alive.mean()) < 4 * 0.5 / np.sqrt(20000)
    again = bbf.generate_new_data(size=20000, seed=3)
    assert frame.equals(again)


def test_simulation_and_bad_input(bbf):
    f1, r1 = bbf.simulate([6] * 2000, seed=4)
    f2, r2 = bbf.simulate([6] * 2000, seed=4)
    assert np.array_equal(f1, f2) and np.array_equal(r1, r2)
    assert ((f1 <= r1) & (r1 <= 6) & ((f1 > 0) | (r1 == 0))).all()
    with pytest.raises(custorient.InvalidArgumentError, match="exceeds recency"):
        bbf.conditional_probability_alive(1, [3], [2], [6])
    with pytest.raises(custorient.InvalidArgumentError, match="whole number"):
        bbf.conditional_probability_alive(0.5, [1], [2], [6])
    with pytest.raises(ValueError, match="initial_params"):
        BetaGeoBetaBinomFitter().fit([1], [1], [6], initial_params=[1, 1, 1])
    with pytest.raises(RuntimeError):
        BetaGeoBetaBinomFitter().expected_number_of_transactions_in_first_n_periods(6)
