"""BTYDRows: the purchase and spend models' data as mergeable partial states.

Random splits of the CDNOW sample and of the BG/BB donations table, merged in random
order, give the one-pass state byte for byte; fit_rows() gives fit()'s parameters bit
for bit; a fit that only sums partitions' log-likelihoods and gradients gives them to
1e-9. Published figures: the BG/NBD on CDNOW (Fader, Hardie and Lee 2005: r = 0.243,
alpha = 4.414, a = 0.793, b = 2.426).
"""

import copy
import pickle

import pytest

import custorient
from custorient import (BTYDRows, BetaGeoBetaBinomFitter, BetaGeoFitter, GammaGammaFitter,
                        ModifiedBetaGeoFitter, ParetoNBDFitter, RowsTotals, datasets,
                        sum_loglik_gradients)

np = pytest.importorskip("numpy")


@pytest.fixture(scope="module")
def cdnow():
    d = datasets.load_cdnow_summary_data_with_monetary_value()
    return {k: np.asarray(d[k], dtype=float)
            for k in ("frequency", "recency", "T", "monetary_value")}


@pytest.fixture(scope="module")
def donations():
    d = datasets.load_donations()
    return {"frequency": np.asarray(d["frequency"], float),
            "recency": np.asarray(d["recency"], float),
            "T": np.asarray(d["periods"], float), "weights": np.asarray(d["weights"], float)}


def split(columns, parts, seed):
    """Rows dealt to `parts` partitions at random (weights, when given, are split into
    whole shares over them too)."""
    rng = np.random.default_rng(seed)
    n = len(columns["frequency"])
    if "weights" not in columns:
        who = rng.integers(0, parts, n)
        return [{k: v[who == p] for k, v in columns.items()} for p in range(parts)]
    out = [{k: [] for k in columns} for _ in range(parts)]
    for i in range(n):
        shares = rng.multinomial(int(columns["weights"][i]), [1.0 / parts] * parts)
        for p, share in enumerate(shares):
            if share:
                for k, v in columns.items():
                    out[p][k].append(share if k == "weights" else v[i])
    return [{k: np.asarray(v, float) for k, v in part.items()} for part in out]


def build(part, spend):
    if spend:
        return BTYDRows.spend(part["frequency"], part["monetary_value"], part.get("weights"))
    return BTYDRows.purchases(part["frequency"], part["recency"], part["T"], part.get("weights"))


def merge_randomly(states, seed):
    rng = np.random.default_rng(seed)
    states = list(states)
    while len(states) > 1:
        i, j = rng.choice(len(states), 2, replace=False)
        states[i].merge(states[j])
        states.pop(j)
    return states[0]


def test_random_splits_merge_to_the_one_pass_state(cdnow):
    whole = BTYDRows.purchases(cdnow["frequency"], cdnow["recency"], cdnow["T"])
    # independently: the distinct (x, t_x, T) with their counts, in sorted order
    triples = np.stack([cdnow["frequency"], cdnow["recency"], cdnow["T"]], axis=1)
    distinct, counts = np.unique(triples, axis=0, return_counts=True)
    cols = whole.columns()
    assert len(whole) == len(distinct)
    assert np.array_equal(np.stack([cols["frequency"], cols["recency"], cols["T"]], 1), distinct)
    assert np.array_equal(cols["weights"], counts)
    for seed in range(8):
        parts = [build(p, False) for p in split(cdnow, 5, seed)]
        assert merge_randomly(parts, 100 + seed).to_bytes() == whole.to_bytes()


def test_merge_all_leaves_its_inputs_and_takes_bytes(cdnow):
    parts = [build(p, True) for p in split(cdnow, 4, 3)]
    before = [p.to_bytes() for p in parts]
    merged = BTYDRows.merge_all([parts[0], parts[1].to_bytes(), parts[2], parts[3]])
    assert [p.to_bytes() for p in parts] == before
    whole = BTYDRows.spend(cdnow["frequency"], cdnow["monetary_value"])
    assert merged.to_bytes() == whole.to_bytes()
    assert merged.kind == "spend"


def test_states_pickle_and_copy_as_their_bytes(cdnow):
    s = BTYDRows.purchases(cdnow["frequency"], cdnow["recency"], cdnow["T"])
    for other in (pickle.loads(pickle.dumps(s)), copy.copy(s), copy.deepcopy(s)):
        assert other is not s and other.to_bytes() == s.to_bytes()
    t = s.totals()
    assert pickle.loads(pickle.dumps(t)).__getstate__() == t.__getstate__()
    # by hand from the arrays
    assert t.inputs == 2357 and t.weight == 2357.0
    assert t.weighted_x == cdnow["frequency"].sum()
    assert t.repeat_weight == (cdnow["frequency"] > 0).sum()
    assert t.max_T == cdnow["T"].max()


def test_damaged_bytes_and_bad_input_are_refused(cdnow):
    s = BTYDRows.purchases([0, 2, 1], [0, 5, 1], [9, 9, 8], [3, 2, 1])
    data = bytearray(s.to_bytes())
    for i in (0, 5, 20, len(data) - 1):
        bad = bytearray(data)
        bad[i] ^= 0x40
        with pytest.raises(custorient.CorruptError):
            BTYDRows.from_bytes(bad)
    with pytest.raises(custorient.CorruptError):
        BTYDRows.from_bytes(data[:-3])
    with pytest.raises(custorient.InvalidArgumentError):
        BTYDRows.purchases([1], [2], [5], [0.5])  # not a whole number of customers
    with pytest.raises(custorient.InvalidArgumentError):
        BTYDRows.purchases([1], [6], [5])  # recency after T
    spend = BTYDRows.spend([1, 0], [10.0, 0.0])
    with pytest.raises(custorient.InvalidArgumentError):
        s.merge(spend)
    assert s.to_bytes() == bytes(data)  # unchanged
    with pytest.raises(custorient.InvalidArgumentError):
        BetaGeoFitter().fit_rows(spend)
    with pytest.raises(ValueError):
        s.loglik_gradient("sbg", [1, 1])


def fitters(cdnow, donations):
    c = cdnow
    return [
        (BetaGeoFitter(), (c["frequency"], c["recency"], c["T"]), cdnow, False),
        (ModifiedBetaGeoFitter(), (c["frequency"], c["recency"], c["T"]), cdnow, False),
        (ParetoNBDFitter(penalizer_coef=0.01), (c["frequency"], c["recency"], c["T"]), cdnow,
         False),
        (GammaGammaFitter(), (c["frequency"], c["monetary_value"]), cdnow, True),
        (BetaGeoBetaBinomFitter(), (donations["frequency"], donations["recency"],
                                    donations["T"], donations["weights"]), donations, False),
    ]


def test_fit_rows_equals_fit_bitwise(cdnow, donations):
    for fitter, args, columns, spend in fitters(cdnow, donations):
        want = type(fitter)(penalizer_coef=fitter.penalizer_coef).fit(*args).params_
        merged = merge_randomly([build(p, spend) for p in split(columns, 6, 11)], 12)
        got = fitter.fit_rows(merged).params_
        for k in want.keys():
            assert got[k] == want[k], (type(fitter).__name__, k, got[k], want[k])
        assert fitter.fit_info_["distinct_rows"] == len(merged)
    # the paper's BG/NBD estimate on CDNOW
    bgf = BetaGeoFitter().fit_rows(BTYDRows.purchases(cdnow["frequency"], cdnow["recency"],
                                                      cdnow["T"]))
    for k, v in {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}.items():
        assert abs(bgf.params_[k] - v) < 6e-4


def test_partition_gradients_add_up_and_match_differences(cdnow):
    parts = [build(p, False) for p in split(cdnow, 5, 21)]
    whole = BTYDRows.purchases(cdnow["frequency"], cdnow["recency"], cdnow["T"])
    p = [0.243, 4.414, 0.793, 2.426]
    ll, g = whole.loglik_gradient(BetaGeoFitter, p)
    sll, sg = sum_loglik_gradients(part.loglik_gradient("bgnbd", p) for part in parts)
    assert sll == pytest.approx(ll, rel=1e-12)
    assert np.allclose(sg, g, rtol=1e-10, atol=1e-9)
    # the fitter's own log-likelihood on the arrays
    f = BetaGeoFitter.from_params(r=p[0], alpha=p[1], a=p[2], b=p[3])
    assert ll == pytest.approx(f.log_likelihood(cdnow["frequency"], cdnow["recency"],
                                                cdnow["T"]), rel=1e-12)
    h = 1e-5
    for i in range(4):
        up, down = list(p), list(p)
        up[i] *= np.exp(h)
        down[i] *= np.exp(-h)
        num = (whole.loglik_gradient("bgnbd", up)[0] - whole.loglik_gradient("bgnbd", down)[0])
        assert num / (2 * h) == pytest.approx(g[i], rel=1e-5, abs=1e-5)


def test_distributed_fit_equals_the_fit_on_merged_rows(cdnow, donations):
    for fitter, _, columns, spend in fitters(cdnow, donations):
        parts = [build(p, spend) for p in split(columns, 4, 31)]
        totals = parts[0].totals()
        for part in parts[1:]:
            totals.merge(part.totals())
        calls = []

        def loglik_sum(params):
            calls.append(params)
            return sum_loglik_gradients(part.loglik_gradient(fitter, params) for part in parts)

        want = type(fitter)(penalizer_coef=fitter.penalizer_coef).fit_rows(
            BTYDRows.merge_all(parts), tol=1e-11).params_
        got = fitter.fit_distributed(totals, loglik_sum, tol=1e-11).params_
        for k in want.keys():
            assert got[k] == pytest.approx(want[k], rel=1e-9), (type(fitter).__name__, k)
        assert fitter.data is None and len(calls) >= fitter.fit_info_["evaluations"]


def test_distributed_fit_passes_the_callables_errors_on(cdnow):
    s = BTYDRows.purchases(cdnow["frequency"], cdnow["recency"], cdnow["T"])
    totals = s.totals()

    def broken(params):
        raise KeyError("worker lost")

    with pytest.raises(KeyError):
        BetaGeoFitter().fit_distributed(totals, broken)
    with pytest.raises(TypeError):
        BetaGeoFitter().fit_distributed(totals, lambda p: (0.0, [1.0]))

    def never(params):
        raise custorient.ConvergenceError("no partition could evaluate")

    with pytest.raises(custorient.ConvergenceError):
        BetaGeoFitter().fit_distributed(totals, never)
    assert isinstance(totals, RowsTotals)
