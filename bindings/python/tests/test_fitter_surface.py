"""The fitters' surface as lifetimes has it: fit's arguments, `data`, `predict`,
conditional_probability_alive_matrix, generate_new_data, Pareto/NBD's conditional
PMF, Gamma-Gamma's q_constraint, and penalizer_coef with lifetimes' meaning.

Expected numbers: tests/reference/penalizer_reference.py (lifetimes' penalised
objectives written with scipy, minimised offline; penalizer_reference.out),
tests/reference/paretonbd_conditional_pmf_reference.py (Fader & Hardie's note 028 in
mpmath), and the published unpenalised estimates (Fader, Hardie & Lee 2005; Fader &
Hardie 2013).
"""

import warnings

import pytest

from custorient import BetaGeoFitter, GammaGammaFitter, ParetoNBDFitter
from custorient.datasets import (load_cdnow_summary,
                                 load_cdnow_summary_data_with_monetary_value)

np = pytest.importorskip("numpy")
pd = pytest.importorskip("pandas")


@pytest.fixture(scope="module")
def cdnow():
    return load_cdnow_summary(index_col=[0])


@pytest.fixture(scope="module")
def spend():
    d = load_cdnow_summary_data_with_monetary_value()
    return d[d["frequency"] > 0]


# penalizer_reference.out
BGNBD = {0.001: [0.242776245401, 4.40527797796, 0.498446445106, 1.32324389902],
         0.01: [0.242940329875, 4.43243702441, 0.285641528804, 0.658453557307],
         0.1: [0.230947062982, 4.21928840782, 0.128654682893, 0.267126769241]}
PARETO = {0.001: [0.553278514087, 10.5776169297, 0.60615750585, 11.6661201862],
          0.01: [0.553305553596, 10.5776584543, 0.605654675312, 11.650052299],
          0.1: [0.553559493254, 10.5779359836, 0.600814430033, 11.4957540823]}
GAMMA = {0.001: [7.91202488602, 2.44681930028, 7.20956414113],
         0.01: [4.10925052702, 0.968385500741, 3.7808015989],
         0.1: [1.28476188776, 0.335947366841, 1.14692521182]}


@pytest.mark.parametrize("c", [0.001, 0.01, 0.1])
def test_penalizer_gives_lifetimes_parameters(cdnow, spend, c):
    x, tx, T = cdnow["frequency"], cdnow["recency"], cdnow["T"]
    bgf = BetaGeoFitter(penalizer_coef=c).fit(x, tx, T, tol=1e-9)
    assert list(bgf.params_) == pytest.approx(BGNBD[c], rel=2e-5)
    pnf = ParetoNBDFitter(penalizer_coef=c).fit(x, tx, T, tol=1e-9)
    assert list(pnf.params_) == pytest.approx(PARETO[c], rel=2e-5)
    ggf = GammaGammaFitter(penalizer_coef=c).fit(spend["frequency"], spend["monetary_value"],
                                                 tol=1e-9)
    assert list(ggf.params_) == pytest.approx(GAMMA[c], rel=2e-5)


def test_fit_keeps_the_data_as_lifetimes(cdnow):
    index = range(len(cdnow), 0, -1)
    bgf = BetaGeoFitter().fit(cdnow["frequency"], cdnow["recency"], cdnow["T"], index=index)
    assert list(bgf.data.columns) == ["frequency", "recency", "T", "weights"]
    assert (bgf.data.index == index).all()
    assert bgf.data["frequency"].dtype.kind == "i"
    assert (bgf.data["weights"] == 1).all()
    assert bgf.data["recency"].tolist() == cdnow["recency"].tolist()
    bgf.fit(cdnow["frequency"], cdnow["recency"], cdnow["T"])
    assert not (bgf.data.index == index).all()
    # lifetimes' alias
    assert bgf.predict(10, 2, 30.43, 38.86) == \
        bgf.conditional_expected_number_of_purchases_up_to_time(10, 2, 30.43, 38.86)


def test_fit_takes_lifetimes_arguments(cdnow, capsys):
    x, tx, T = cdnow["frequency"], cdnow["recency"], cdnow["T"]
    # Fader, Hardie & Lee (2005): r 0.243, alpha 4.414, a 0.793, b 2.426, from any start
    bgf = BetaGeoFitter().fit(x, tx, T, initial_params=[1, 1, 1, 1], verbose=True, maxiter=400)
    assert list(bgf.params_) == pytest.approx([0.243, 4.414, 0.793, 2.426], rel=2e-3)
    assert "log-likelihood -9582.42" in capsys.readouterr().out
    with pytest.raises(Exception, match="converge"):
        BetaGeoFitter().fit(x, tx, T, initial_params=[1, 1, 1, 1], maxiter=1)
    with pytest.raises(Exception, match="converge"):
        BetaGeoFitter().fit(x, tx, T, initial_params=[1, 1, 1, 1], max_iter=1)
    with pytest.raises(ValueError, match="4 values"):
        BetaGeoFitter().fit(x, tx, T, initial_params=[1, 1, 1])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ParetoNBDFitter().fit(x, tx, T, None, 1, None, False, 1e-7, None, "Nelder-Mead", 2000,
                              disp=0)
    assert "disp" in str(caught[0].message)
    with pytest.raises(ValueError, match="iterative_fitting"):
        ParetoNBDFitter().fit(x, tx, T, iterative_fitting=0)


def test_alive_matrix_has_lifetimes_shape_and_orientation(cdnow):
    bgf = BetaGeoFitter().fit(cdnow["frequency"], cdnow["recency"], cdnow["T"])
    Z = bgf.conditional_probability_alive_matrix()
    max_t = int(cdnow["T"].max())  # 38
    assert Z.shape == (max_t + 1, int(cdnow["frequency"].max()) + 1)
    assert Z[0][0] == 1
    for t_x, x in [(30, 2), (5, 1), (38, 10), (12, 7)]:  # row recency, column frequency
        assert Z[t_x][x] == bgf.conditional_probability_alive(x, t_x, max_t)
    assert (Z[:, 0] == 1).all()
    small = ParetoNBDFitter().fit(cdnow["frequency"], cdnow["recency"], cdnow["T"]) \
        .conditional_probability_alive_matrix(max_frequency=3, max_recency=5)
    assert small.shape == (6, 4)


def test_generate_new_data_has_lifetimes_columns(cdnow):
    bgf = BetaGeoFitter().fit(cdnow["frequency"], cdnow["recency"], cdnow["T"])
    df = bgf.generate_new_data(size=4000, seed=3)
    assert list(df.columns) == ["frequency", "recency", "T", "lambda", "p", "alive"]
    assert df.index.name == "customer_id" and len(df) == 4000
    assert (df["T"] == 38.86).sum() > 0 and (df["recency"] <= df["T"]).all()
    # E[lambda] = r / alpha = 0.05497, E[p] = a / (a + b) = 0.2463 (sd 0.0018, 0.0034)
    assert df["lambda"].mean() == pytest.approx(0.2426 / 4.4135, abs=0.009)
    assert df["p"].mean() == pytest.approx(0.7929 / (0.7929 + 2.4258), abs=0.017)
    assert df.equals(bgf.generate_new_data(size=4000, seed=3))
    pnf = ParetoNBDFitter().fit(cdnow["frequency"], cdnow["recency"], cdnow["T"])
    assert list(pnf.generate_new_data(seed=1).columns) == \
        ["frequency", "recency", "T", "lambda", "mu", "alive"]


def test_pareto_conditional_pmf_matches_note_028():
    pnf = ParetoNBDFitter.from_params(r=0.553275541797, alpha=10.5776127155,
                                      s=0.60621350306, beta=11.6679085467)
    # paretonbd_conditional_pmf_reference.out: customer (2, 30.43, 38.86), t = 10
    want = [0.689774435060219, 0.22357316460843, 0.0652849867983959, 0.0164814329214239]
    for n, w in enumerate(want):
        got = pnf.conditional_probability_of_n_purchases_up_to_time(n, 10, 2, 30.43, 38.86)
        assert got == pytest.approx(w, rel=1e-9)
    # nothing happens in no time
    assert pnf.conditional_probability_of_n_purchases_up_to_time(1, 0, 2, 30.43, 38.86) == 0
    assert pnf.conditional_probability_of_n_purchases_up_to_time(0, 0, 2, 30.43, 38.86) == 1
    s = pd.Series([2, 0], index=["a", "b"])
    out = pnf.conditional_probability_of_n_purchases_up_to_time(0, 10, s, pd.Series(
        [30.43, 0.0], index=s.index), 38.86)
    assert list(out.index) == ["a", "b"]
    assert out["a"] == pytest.approx(want[0], rel=1e-9)


def test_gamma_gamma_q_constraint_and_defaults(spend):
    # Fader & Hardie (2013): p 6.25, q 3.74, v 15.44; q > 1 already, so the
    # constraint changes nothing (lifetimes' test of the same name)
    ggf = GammaGammaFitter().fit(spend["frequency"], spend["monetary_value"], q_constraint=True)
    assert list(ggf.params_) == pytest.approx([6.25, 3.74, 15.44], rel=2e-3)
    assert list(ggf.data.columns) == ["monetary_value", "frequency", "weights"]
    mean = ggf.conditional_expected_average_profit()
    assert mean[0] == ggf.conditional_expected_average_profit(spend["frequency"].iloc[0],
                                                              spend["monetary_value"].iloc[0])
    # lifetimes' test: with the constraint q stays >= 1 where the free fit puts it
    # below (a heavy penalty pulls q to 0.336, penalizer_reference.out)
    held = GammaGammaFitter(penalizer_coef=0.1).fit(spend["frequency"], spend["monetary_value"],
                                                    q_constraint=True)
    assert held.params_["q"] >= 1.0
