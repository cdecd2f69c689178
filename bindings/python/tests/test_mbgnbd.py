"""ModifiedBetaGeoFitter (MBG/NBD).

Expected numbers: BTYDplus' CDNOW estimate and the expectations lifetimes' test suite
publishes for this model, and tests/reference/mbgnbd_reference.py (scipy and mpmath,
written from the model's definition; mbgnbd_reference.out).
"""

import pytest

import custorient
from custorient import GammaGammaFitter, ModifiedBetaGeoFitter, datasets

np = pytest.importorskip("numpy")
pd = pytest.importorskip("pandas")

# mbgnbd_reference.out: the scipy estimate, and the mpmath covariance there
EST = [0.524837979046, 6.1829919584, 0.891355870806, 1.61399880168]
SE = [0.0832640579435, 0.695597874879, 0.154785194166, 0.537472025743]
COV = [[0.00693290334522, 0.0484733883455, -0.00750676612023, -0.0375668731044],
       [0.0484733883455, 0.483856403535, -0.0532017747331, -0.236081744452],
       [-0.00750676612023, -0.0532017747331, 0.023958456333, 0.0737978171508],
       [-0.0375668731044, -0.236081744452, 0.0737978171508, 0.288876178457]]


@pytest.fixture(scope="module")
def cdnow():
    return datasets.load_cdnow_summary(index_col=[0])


@pytest.fixture(scope="module")
def mbgf(cdnow):
    return ModifiedBetaGeoFitter().fit(cdnow["frequency"], cdnow["recency"], cdnow["T"])


def test_fit_matches_btydplus_and_scipy(mbgf):
    # BTYDplus, as lifetimes' tests quote it: 0.525, 6.183, 0.891, 1.614 (3 decimals)
    np.testing.assert_array_almost_equal(mbgf.params_.values, [0.525, 6.183, 0.891, 1.614],
                                         decimal=3)
    np.testing.assert_allclose(mbgf.params_.values, EST, rtol=1e-5)
    assert list(mbgf.params_.index) == ["r", "alpha", "a", "b"]
    assert mbgf.log_likelihood_ == pytest.approx(-9582.132684899905, rel=1e-10)


def test_lifetimes_published_expectations(mbgf):
    # lifetimes: E[X(39) | 2, 30.43, 38.86] = 1.226 within 0.05, and E[X(t)] within 5%
    assert abs(mbgf.conditional_expected_number_of_purchases_up_to_time(39, 2, 30.43, 38.86)
               - 1.226) < 0.05
    times = np.array([0.1429, 1.0, 3.00, 31.8571, 32.00, 78.00])
    expected = np.array([0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576])
    np.testing.assert_allclose(mbgf.expected_number_of_purchases_up_to_time(times), expected,
                               rtol=0.05)
    # below 1 without repeat purchases, and a probability everywhere
    assert mbgf.conditional_probability_alive(0, 0, 1) < 1.0
    grid = [(i, j, k) for i in range(1, 100, 10) for j in range(0, 100, 10)
            for k in range(j, 100, 10) if j > 0]
    f, r, T = (np.array(v, dtype=float) for v in zip(*grid))
    alive = mbgf.conditional_probability_alive(f, r, T)
    assert ((alive >= 0) & (alive <= 1)).all()


def test_predictions_at_a_fixed_point_match_mpmath():
    # mbgnbd_reference.out, "at 0.525, 6.183, 0.891, 1.614"
    m = ModifiedBetaGeoFitter.from_params(r=0.525, alpha=6.183, a=0.891, b=1.614)
    x, tx, T = [0, 2, 1, 7], [0.0, 30.43, 1.71, 29.43], [38.86, 38.86, 38.86, 35.0]
    np.testing.assert_allclose(m.conditional_probability_alive(x, tx, T),
                               [0.389735080919, 0.706202265118, 0.17083648431,
                                0.764102705174], rtol=1e-10)
    np.testing.assert_allclose(m.predict(39, x, tx, T),
                               [0.154012746675, 1.26296062327, 0.188836541364, 4.17318296388],
                               rtol=1e-9)
    assert m.probability_of_n_purchases_up_to_time(39, 10) == pytest.approx(
        0.00362618779529, rel=1e-9)
    assert m.log_likelihood([2], [30.43], [38.86]) == pytest.approx(-9.48555131453, rel=1e-10)
    # CLV, 12 months of 4.345 weeks at 1% a month, Gamma-Gamma 6.2488, 3.7446, 15.4477
    ggf = GammaGammaFitter.from_params(p=6.24880269493, q=3.7445884393, v=15.4477472178)
    clv = ggf.customer_lifetime_value(m, x, tx, T, [0, 35, 20, 60], time=12,
                                      discount_rate=0.01, freq="W")
    np.testing.assert_allclose(clv, [6.5584317944, 52.8392373199, 5.58275755765,
                                     288.078097728], rtol=1e-8)


def test_uncertainty_matches_mpmath(mbgf):
    # the fit lands within ~1e-6 of the scipy estimate: standard errors agree to ~1e-5
    np.testing.assert_allclose(mbgf.standard_errors_.values, SE, rtol=2e-5)
    np.testing.assert_allclose(mbgf.variance_matrix_.values, COV, rtol=5e-5)
    s = mbgf.summary
    assert list(s.columns) == ["coef", "se(coef)", "lower 95% bound", "upper 95% bound"]
    assert (s["lower 95% bound"] < s["coef"]).all() and (s["coef"] < s["upper 95% bound"]).all()
    assert mbgf.aic_ == pytest.approx(8 + 2 * 9582.132684899905, rel=1e-10)


def test_bands_match_numpy_draws(mbgf):
    # 20000 numpy draws of log-parameters from the mpmath covariance (delta method), P(alive)
    # of customer (2, 30.43, 38.86) written here from the model: the 2.5% and 97.5%
    # percentiles within 0.1 of the draws' standard deviation of the library's band.
    rng = np.random.default_rng(11)
    est = np.array(EST)
    cov_log = np.array(COV) / np.outer(est, est)
    r, alpha, a, b = np.exp(rng.multivariate_normal(np.log(est), cov_log, 20000)).T
    alive = 1 / (1 + a / (b + 2) * ((alpha + 38.86) / (alpha + 30.43)) ** (r + 2))
    lo_ref, hi_ref = np.percentile(alive, [2.5, 97.5])
    lo, hi = mbgf.conditional_probability_alive_band(2, 30.43, 38.86, draws=20000, seed=3)
    assert abs(lo[0] - lo_ref) < 0.1 * alive.std() and abs(hi[0] - hi_ref) < 0.1 * alive.std()
    lo, hi = mbgf.conditional_expected_number_of_purchases_up_to_time_band(
        39, [2, 0], [30.43, 0], [38.86, 38.86], draws=500, threads=2)
    point = mbgf.predict(39, [2, 0], [30.43, 0], [38.86, 38.86])
    assert (lo < point).all() and (point < hi).all()


def test_pandas_in_and_out_and_penalizer(cdnow):
    m = ModifiedBetaGeoFitter.from_params(r=0.525, alpha=6.183, a=0.891, b=1.614)
    head = cdnow.head(5)
    out = m.conditional_probability_alive(head["frequency"], head["recency"], head["T"])
    assert isinstance(out, pd.Series) and list(out.index) == list(head.index)
    # lifetimes: a larger penalizer gives smaller parameters
    sums = [ModifiedBetaGeoFitter(penalizer_coef=c).fit(
        cdnow["frequency"], cdnow["recency"], cdnow["T"]).params_.sum() for c in (0, 0.1, 1.0)]
    assert sums[0] > sums[1] > sums[2]


def test_generate_new_data_and_model_files(mbgf, cdnow, tmp_path):
    # lifetimes' columns; the share alive at T agrees with the mean P(alive) over the
    # simulated histories (total probability), within 4 standard errors
    frame = mbgf.generate_new_data(size=20000, seed=2)
    assert list(frame.columns) == ["frequency", "recency", "T", "lambda", "p", "alive"]
    alive = mbgf.conditional_probability_alive(frame["frequency"], frame["recency"],
                                               frame["T"])
    assert abs(frame["alive"].mean() - alive.mean()) < 4 * 0.5 / np.sqrt(20000)
    # save_model / load_model: kind "mbgnbd", the same parameters and predictions
    path = tmp_path / "mbgnbd.json"
    mbgf.summary  # the variance is saved once computed
    mbgf.save_model(path)
    assert '"kind": "mbgnbd"' in path.read_text()
    loaded = ModifiedBetaGeoFitter().load_model(path)
    assert (loaded.params_ == mbgf.params_).all()
    x, tx, T = cdnow["frequency"], cdnow["recency"], cdnow["T"]
    assert (loaded.predict(39, x, tx, T) == mbgf.predict(39, x, tx, T)).all()
    np.testing.assert_allclose(loaded.standard_errors_.values, mbgf.standard_errors_.values,
                               rtol=1e-12)


def test_simulation_is_seeded_and_valid():
    m = ModifiedBetaGeoFitter.from_params(r=0.525, alpha=6.183, a=0.891, b=1.614)
    f1, r1 = m.simulate([39.0] * 1000, seed=5)
    f2, r2 = m.simulate([39.0] * 1000, seed=5)
    assert np.array_equal(f1, f2) and np.array_equal(r1, r2)
    assert ((r1 >= 0) & (r1 <= 39)).all() and ((f1 == 0) == (r1 == 0)).all()


def test_bad_input_raises():
    m = ModifiedBetaGeoFitter.from_params(r=0.525, alpha=6.183, a=0.891, b=1.614)
    with pytest.raises(custorient.InvalidArgumentError, match="recency"):
        m.conditional_probability_alive([1, 2], [1, 5], [3, 3])
    with pytest.raises(custorient.ConvergenceError):
        ModifiedBetaGeoFitter().fit([0, 0], [0, 0], [5, 9])
    with pytest.raises(RuntimeError):
        ModifiedBetaGeoFitter().conditional_probability_alive(1, 1, 2)


def test_covariates_are_refused_not_ignored(cdnow):
    # The MBG/NBD has no covariate version: silently fitting without them would mislead.
    with pytest.raises(TypeError, match="purchase_covariates"):
        ModifiedBetaGeoFitter().fit(cdnow["frequency"], cdnow["recency"], cdnow["T"],
                                    purchase_covariates=np.ones((len(cdnow), 1)))
