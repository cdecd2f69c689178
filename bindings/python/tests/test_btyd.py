"""The Python face of the purchase, spend and CLV models.

Expected numbers come from tests/reference/btyd_reference.py (an independent
scipy implementation, run offline) and from the published CDNOW estimates.
"""

import array
import os
import threading

import pytest

import custorient
from custorient import BetaGeoFitter, GammaGammaFitter, ParetoNBDFitter

np = pytest.importorskip("numpy")

SOURCE = os.environ.get("CO_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", "..", ".."))
CDNOW = os.path.join(SOURCE, "tests", "data", "cdnow",
                     "cdnow_customers_summary_with_transactions.csv")


@pytest.fixture(scope="module")
def cdnow():
    data = np.genfromtxt(CDNOW, delimiter=",", names=True)
    return data["x"], data["t_x"], data["T"], data["zbar"]


def close(got, want, rel):
    return np.allclose(np.asarray(got, dtype=float), want, rtol=rel, atol=0)


def test_bgnbd_fit_matches_the_paper(cdnow):
    x, tx, T, _ = cdnow
    bgf = BetaGeoFitter().fit(x, tx, T)
    assert bgf.fit(x, tx, T) is bgf
    assert list(bgf.params_.keys()) == ["r", "alpha", "a", "b"]
    # scipy: 0.242592907285, 4.41353170934, 0.792886313089, 2.42575404218, ll -9582.42556057
    p = bgf.params_
    assert close([p["r"], p["alpha"], p["a"], p["b"]],
                 [0.242592907285, 4.41353170934, 0.792886313089, 2.42575404218], 1e-5)
    assert bgf.log_likelihood_ == pytest.approx(-9582.42556057, rel=1e-10)
    assert bgf.fit_info_["distinct_rows"] < len(x)


def test_bgnbd_predictions_broadcast_and_match_scipy():
    bgf = BetaGeoFitter.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
    x, tx, T = [0, 2, 1, 7], [0.0, 30.43, 1.71, 29.43], [38.86, 38.86, 38.86, 35.0]
    assert close(bgf.conditional_probability_alive(x, tx, T),
                 [1, 0.726578570081, 0.212100985377, 0.778977117406], 1e-9)
    assert close(bgf.conditional_expected_number_of_purchases_up_to_time(39, x, tx, T),
                 [0.195098052011, 1.22602817477, 0.20318698708, 4.36928194852], 1e-9)
    assert close(bgf.expected_number_of_purchases_up_to_time([1, 10, 39, 78]),
                 [0.0532678911717, 0.432413362234, 1.19672319332, 1.86051905794], 1e-9)
    assert close(bgf.probability_of_n_purchases_up_to_time(39, [0, 1, 2, 3, 10]),
                 [0.573786352096, 0.199395280836, 0.0854297595391, 0.045860353848,
                  0.00359042954019], 1e-9)
    # Scalars in, a float out (as lifetimes).
    single = bgf.conditional_probability_alive(2, 30.43, 38.86)
    assert type(single) is float and single == pytest.approx(0.726578570081, rel=1e-9)


def test_inputs_of_every_buffer_kind():
    bgf = BetaGeoFitter.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
    want = [1, 0.726578570081]
    for conv in (list, lambda v: array.array("d", v), np.asarray):
        got = bgf.conditional_probability_alive(conv([0, 2]), conv([0, 30.43]), conv([38.86, 38.86]))
        assert close(got, want, 1e-9)
    # Integer arrays are converted once.
    got = bgf.conditional_probability_alive(np.array([0, 2]), np.array([0, 30]), np.array([38, 38]))
    assert got[0] == 1.0


def test_paretonbd_fit_and_predictions(cdnow):
    x, tx, T, _ = cdnow
    pnf = ParetoNBDFitter().fit(x, tx, T)
    p = pnf.params_
    # scipy: 0.553275490167, 10.5776120186, 0.606213594822, 11.6679112693, ll -9594.97392983
    assert close([p["r"], p["alpha"]], [0.553275490167, 10.5776120186], 1e-5)
    assert close([p["s"], p["beta"]], [0.606213594822, 11.6679112693], 1e-4)
    assert pnf.log_likelihood_ == pytest.approx(-9594.97392983, rel=1e-10)
    q = ParetoNBDFitter.from_params(r=0.553, alpha=10.578, s=0.606, beta=11.669)
    assert close(q.conditional_probability_alive([0, 2, 1, 7], [0, 30.43, 1.71, 29.43],
                                                 [38.86, 38.86, 38.86, 35.0]),
                 [0.295286604617, 0.869167559153, 0.168002326724, 0.879390250095], 1e-9)
    assert close(q.probability_of_n_purchases_up_to_time(39, [0, 1, 2]),
                 [0.593625031602, 0.165562947277, 0.0824871841163], 1e-8)


def test_gammagamma_and_clv(cdnow):
    x, tx, T, z = cdnow
    ggf = GammaGammaFitter().fit(x, z)
    g = ggf.params_
    # scipy: 6.24880269493, 3.7445884393, 15.4477472178 (Fader & Hardie: 6.25, 3.74, 15.44)
    assert close([g["p"], g["q"], g["v"]], [6.24880269493, 3.7445884393, 15.4477472178], 1e-5)
    fixed = GammaGammaFitter.from_params(p=6.25, q=3.74, v=15.44)
    assert close(fixed.conditional_expected_average_profit([1, 2, 0, 10], [11.77, 22.35, 0, 40]),
                 [18.9168520578, 24.6637139108, 35.2189781022, 39.799202943], 1e-10)
    bgf = BetaGeoFitter.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
    clv = fixed.customer_lifetime_value(bgf, [2, 0, 7], [30.43, 0, 29.43], [38.86, 38.86, 35.0],
                                        [22.35, 0, 40], time=12, discount_rate=0.01, freq="W")
    assert close(clv, [36.2892111256, 8.36900435892, 205.674204381], 1e-9)
    pnf = ParetoNBDFitter.from_params(r=0.553, alpha=10.578, s=0.606, beta=11.669)
    clv = fixed.customer_lifetime_value(pnf, [2, 0, 7], [30.43, 0, 29.43], [38.86, 38.86, 35.0],
                                        [22.35, 0, 40], freq="W")
    assert close(clv, [43.0899178601, 4.52802167286, 222.095742684], 1e-9)
    with pytest.raises(ValueError):
        fixed.customer_lifetime_value(bgf, 1, 1, 2, 5, freq="Y")
    with pytest.raises(TypeError):
        fixed.customer_lifetime_value(fixed, 1, 1, 2, 5)


def test_clv_does_not_depend_on_the_time_unit():
    # The same customers in days, in months of 30 days and in hours: BG/NBD's alpha
    # is a rate, so it scales with the unit and every prediction over a month
    # (30 days = 1 month = 720 hours, as lifetimes counts them) is the same.
    spend = GammaGammaFitter.from_params(p=6.25, q=3.74, v=15.44)
    days = {"frequency": [2, 0, 7], "recency": [213.0, 0, 206.0], "T": [272.0, 272.0, 245.0],
            "monetary_value": [22.35, 0, 40]}

    def clv(per_day, freq):
        bgf = BetaGeoFitter.from_params(r=0.243, alpha=4.414 * 7 * per_day, a=0.793, b=2.426)
        return spend.customer_lifetime_value(
            bgf, days["frequency"], [t * per_day for t in days["recency"]],
            [t * per_day for t in days["T"]], days["monetary_value"], freq=freq)

    in_days = clv(1.0, "D")
    assert close(clv(1 / 30, "M"), in_days, 1e-12)
    assert close(clv(24.0, "H"), in_days, 1e-12)


def test_simulation_recovers_parameters():
    bgf = BetaGeoFitter.from_params(r=0.6, alpha=5.0, a=1.2, b=3.5)
    T = np.linspace(20, 60, 30000)
    freq, rec = bgf.simulate(T, seed=11)
    again = bgf.simulate(T, seed=11)
    assert np.array_equal(freq, again[0]) and np.array_equal(rec, again[1])
    fitted = BetaGeoFitter().fit(freq, rec, T)
    assert fitted.params_["r"] == pytest.approx(0.6, rel=0.08)
    assert fitted.params_["alpha"] == pytest.approx(5.0, rel=0.1)


def test_errors_raise_library_exceptions():
    bgf = BetaGeoFitter()
    with pytest.raises(custorient.InvalidArgumentError) as info:
        bgf.fit([1, 2], [3, 1], [2, 2])
    assert "recency[0] = 3 exceeds T[0] = 2" in str(info.value)
    with pytest.raises(custorient.InvalidArgumentError):
        bgf.fit([], [], [])
    with pytest.raises(custorient.InvalidArgumentError, match="frequency\\[1\\] is not finite"):
        bgf.fit([1, float("nan")], [1, 0], [2, 2])
    with pytest.raises(custorient.ConvergenceError):
        bgf.fit([0, 0], [0, 0], [4, 5])
    with pytest.raises(ValueError, match="inputs differ in length \\(frequency has 2 values, "
                       "recency has 3 values, T has 2 values\\)"):
        bgf.fit([1, 2], [1, 1, 1], [2, 2])
    # Empty inputs with scalars broadcast to empty ones (as numpy does), which the
    # library then refuses as empty, rather than "0 values, expected 1 or 1".
    with pytest.raises(custorient.InvalidArgumentError, match="empty input"):
        bgf.fit([], 5, 10)
    with pytest.raises(custorient.InvalidArgumentError, match="empty input"):
        GammaGammaFitter().fit(array.array("d"), 5.0)
    with pytest.raises(RuntimeError):
        bgf.conditional_probability_alive(1, 1, 2)
    assert bgf.params_ is None
    with pytest.raises(custorient.InvalidArgumentError):
        GammaGammaFitter().fit([0, 0], [0, 0])


def test_fit_releases_the_gil():
    bgf = BetaGeoFitter.from_params(r=0.5, alpha=3.0, a=0.8, b=2.5)
    T = np.linspace(1.0, 500.0, 200000)
    freq, rec = bgf.simulate(T, seed=3)
    done = threading.Event()

    def work():
        BetaGeoFitter().fit(freq, rec, T)
        done.set()

    thread = threading.Thread(target=work)
    ticks = 0
    thread.start()
    while not done.is_set():
        ticks += 1
    thread.join()
    # With the GIL held for the whole fit the loop could only run between
    # bytecode switches before and after the C call.
    assert ticks > 10000
