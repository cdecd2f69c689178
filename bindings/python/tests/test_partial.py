"""custorient.partial: states built over random parts of the data, shipped as bytes (or
pickled) and merged in random order, give what the one-pass functions give on all the
data (those are checked against published values and scipy/lifelines in their own
tests), and damaged bytes are refused."""

import pickle
import random

import numpy as np
import pytest

import custorient as co
from custorient import partial as p


def random_parts(rng, n, k):
    """Cut 0..n into k consecutive (possibly empty) slices."""
    cuts = sorted(rng.randrange(n + 1) for _ in range(k - 1))
    return list(zip([0] + cuts, cuts + [n]))


def merge_randomly(rng, states):
    """Merge a list of states in a random order and grouping; half travel by pickle."""
    states = [pickle.loads(pickle.dumps(s)) if rng.random() < 0.5 else s for s in states]
    while len(states) > 1:
        i, j = rng.sample(range(len(states)), 2)
        states[i].merge(states[j])
        states.pop(j)
    return states[0]


def test_nps_bytes_round_trip_and_merge():
    rng = random.Random(1)
    for _ in range(20):
        scores = [rng.randrange(11) for _ in range(rng.randrange(1, 300))]
        parts = [co.nps(scores[a:b]) for a, b in random_parts(rng, len(scores), 4)]
        parts = [co.NPS.from_bytes(s.to_bytes()) for s in parts]
        merged = merge_randomly(rng, parts)
        assert merged == co.nps(scores)
        assert merged.score == co.nps(scores).score  # bit for bit


def test_rating_counts_equal_csat_and_ces():
    rng = random.Random(2)
    for scale, fn in (((1, 5), co.csat), ((1, 7), co.ces)):
        for _ in range(20):
            ratings = [rng.randint(*scale) for _ in range(rng.randrange(2, 200))]
            parts = [p.RatingCounts(*scale).add(ratings[a:b])
                     for a, b in random_parts(rng, len(ratings), 5)]
            merged = merge_randomly(rng, parts)
            assert merged.n == len(ratings)
            assert merged.summary() == fn(ratings, scale=scale)


def test_km_counts_equal_the_fitter():
    rng = random.Random(3)
    for _ in range(20):
        n = rng.randrange(1, 150)
        durations = [float(rng.randrange(30)) for _ in range(n)]
        observed = [rng.random() < 0.7 for _ in range(n)]
        parts = [p.KMCounts().add(durations[a:b], observed[a:b])
                 for a, b in random_parts(rng, n, 4) if b > a]
        table = merge_randomly(rng, parts).table()
        kmf = co.KaplanMeierFitter().fit(durations, observed)
        np.testing.assert_array_equal(table["survival"],
                                      kmf.survival_function_.iloc[:, 0].to_numpy())
        np.testing.assert_array_equal(table["time"], kmf.timeline)


def test_km_counts_hand_example():
    # durations 1, 2, 2 (censored), 3: S = 1, 3/4, 1/2, 0 at times 0, 1, 2, 3
    a = p.KMCounts().add([1, 2], [1, 1])
    b = p.KMCounts().add([2, 3], [0, 1])
    assert list(a.merge(b).table()["survival"]) == [1.0, 0.75, 0.5, 0.0]


def test_rfm_histogram_equals_rfm_cuts():
    rng = random.Random(4)
    for _ in range(20):
        values = [round(rng.uniform(0, 500), 2) for _ in range(rng.randrange(1, 300))]
        parts = [p.RFMHistogram().add(values[a:b]) for a, b in random_parts(rng, len(values), 6)]
        merged = merge_randomly(rng, parts)
        assert merged.n == len(values)
        assert list(merged.cuts(5, 1.0)) == list(co.rfm_cuts(values, 5, 1.0))
        distinct, counts = np.unique(values, return_counts=True)  # numpy's count
        got_values, got_counts = merged.items()
        assert np.array_equal(got_values, distinct) and np.array_equal(got_counts, counts)
        assert got_counts.dtype == np.uint64


def test_rfm_histogram_items_of_nothing():
    values, counts = p.RFMHistogram().items()
    assert len(values) == 0 and len(counts) == 0


def test_topic_and_sentiment_tallies_equal_one_pass():
    rng = random.Random(5)
    words = "late delivery great price rude support broken refund love app slow".split()
    topics = co.Topics()
    for _ in range(10):
        texts = [" ".join(rng.choices(words, k=rng.randrange(6)))
                 for _ in range(rng.randrange(1, 80))]
        compound = list(co.sentiments(texts)["compound"])
        cuts = random_parts(rng, len(texts), 4)
        tallies = [p.TopicTally(topics).add(texts[a:b]) for a, b in cuts]
        merged = merge_randomly(rng, tallies)
        assert merged.n == len(texts)
        want = co.pain_points(texts, topics)
        assert sorted(merged.pain_points()) == sorted(want)
        assert merged.pain_points().n_negative == want.n_negative
        sent = merge_randomly(rng, [p.SentimentTally().add(compound[a:b]) for a, b in cuts])
        assert sent.n == len(texts)
        assert sent.positive == sum(c >= 0.05 for c in compound)
        assert sent.negative == sum(c <= -0.05 for c in compound)
        assert abs(sent.mean - sum(compound) / len(compound)) <= 2.0 ** -33 + 1e-15


def test_cohorts_and_retention_of_customer_splits():
    rng = random.Random(6)
    for _ in range(10):
        n = rng.randrange(1, 60)
        first = [19000 + rng.randrange(400) for _ in range(n)]
        owner = [rng.randrange(n) for _ in range(rng.randrange(200))]
        days = [first[c] + rng.randrange(200) for c in owner]
        part_of = [c if c < 3 else rng.randrange(3) for c in range(n)]
        results, matrices = [], []
        for q in range(min(3, n)):
            ids = [c for c in range(n) if part_of[c] == q]
            index = {c: i for i, c in enumerate(ids)}
            orders = [(index[c], d) for c, d in zip(owner, days) if c in index]
            oc, od = [o[0] for o in orders], [o[1] for o in orders]
            fd = [first[c] for c in ids]
            results.append(p.retention_from_bytes(p.retention_to_bytes(
                co.retention_rate(fd, oc, od, 19300, 60), 19300, 60))[0])
            matrices.append(p.Cohorts.build(fd, oc, od, 19500))
        merged = p.retention_merge(*results)
        want = co.retention_rate(first, owner, days, 19300, 60)
        assert {k: v for k, v in merged.items() if "rate" not in k} == \
            {k: v for k, v in want.items() if "rate" not in k}
        m, w = merge_randomly(rng, matrices).matrix(), co.cohort_retention(first, owner, days,
                                                                           19500)
        assert m.months == w.months
        np.testing.assert_array_equal(m.active, w.active)
        np.testing.assert_array_equal(m.sizes, w.sizes)


def test_damaged_and_foreign_bytes_are_refused():
    data = p.RatingCounts(1, 5).add([1, 2, 3]).to_bytes()
    assert p.partial_kind(data) == "rating counts"
    for i in range(len(data)):
        damaged = bytearray(data)
        damaged[i] ^= 0x40
        with pytest.raises(co.CorruptError):
            p.RatingCounts.from_bytes(bytes(damaged))
    for cut in range(len(data)):
        with pytest.raises(co.CorruptError):
            p.from_bytes(data[:cut])
    with pytest.raises(co.InvalidArgumentError, match="not rfm|not value histogram"):
        p.RFMHistogram.from_bytes(data)
    with pytest.raises(TypeError):
        p.RatingCounts(1, 5).merge(p.RFMHistogram())
    with pytest.raises(co.InvalidArgumentError):
        p.RatingCounts(1, 5).merge(p.RatingCounts(1, 7))
    assert isinstance(p.from_bytes(data), p.RatingCounts)


def test_from_bytes_reads_purchase_rows():
    rows = co.BTYDRows.purchases([0, 2, 2], [0.0, 5.0, 5.0], [10.0, 10.0, 10.0])
    data = rows.to_bytes()
    assert p.partial_kind(data) == "purchase rows"
    again = p.from_bytes(data)
    assert isinstance(again, co.BTYDRows)
    assert again.to_bytes() == data
