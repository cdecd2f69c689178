"""Copying and pickling.

A store copies and pickles through its snapshot; a lexicon and a topic map
copy (copy.copy, copy.deepcopy) into whole, independent objects but refuse
pickling; an instrument refuses both (two owners of one handle would free it
twice); a Kaplan-Meier fitter holds no C object once fitted, so it copies and
pickles; plain results copy and pickle, and NPS counts made apart merge after
a pickle round trip."""

import copy
import pickle

import numpy as np
import pytest

import custorient

COPIES = pytest.mark.parametrize("how", [copy.copy, copy.deepcopy], ids=["copy", "deepcopy"])
PICKLES = [pickle.dumps, lambda obj: pickle.dumps(obj, protocol=0)]


def _owners():
    lexicon = custorient.Lexicon(base="empty")
    lexicon["zorp"] = 2.0
    instrument = custorient.Instrument.builtin(custorient.Instrument.builtin_names()[0])
    return [lexicon, custorient.Topics(), instrument]


@pytest.mark.parametrize("how", PICKLES + [copy.copy, copy.deepcopy],
                         ids=["pickle", "pickle0", "copy", "deepcopy"])
def test_refusals_leave_the_owners_usable(how):
    lexicon, topics, instrument = _owners()
    refusing = [instrument] if how in (copy.copy, copy.deepcopy) else _owners()
    for obj in refusing:
        with pytest.raises(TypeError, match="cannot be copied or pickled"):
            how(obj)
    for obj in (lexicon, topics, instrument):
        if how in PICKLES:
            with pytest.raises(TypeError):
                how(obj)
    # still one owner each, still whole
    assert lexicon["zorp"] == 2.0
    assert len(topics) == 6
    assert instrument.title


@pytest.mark.parametrize("protocol", [0, pickle.HIGHEST_PROTOCOL])
def test_a_fitter_pickles_with_its_curve(protocol):
    kmf = custorient.KaplanMeierFitter(alpha=0.1, label="four").fit([1.0, 2.0, 3.0, 4.0])
    back = pickle.loads(pickle.dumps(kmf, protocol=protocol))
    assert back.predict(2.5) == 0.5  # events at 1, 2, 3, 4: S(2.5) = 2/4
    assert back.survival_function_.equals(kmf.survival_function_)
    assert back.confidence_interval_.equals(kmf.confidence_interval_)
    assert back.event_table.equals(kmf.event_table)
    assert (back.label, back.alpha) == ("four", 0.1)
    unfitted = pickle.loads(pickle.dumps(custorient.KaplanMeierFitter(alpha=0.2), protocol))
    assert unfitted.alpha == 0.2
    with pytest.raises(RuntimeError, match="fit"):
        unfitted.predict(1.0)


@COPIES
def test_a_lexicon_copies_whole_and_independent(how):
    lexicon = custorient.Lexicon(base="empty")
    lexicon["zorp"] = 2.0
    clone = how(lexicon)
    assert type(clone) is custorient.Lexicon and len(clone) == 1
    # one word of valence v alone: compound v / sqrt(v^2 + 15) = 2 / sqrt(19)
    assert custorient.sentiment("zorp", clone).compound == pytest.approx(2 / 19 ** 0.5, abs=1e-6)
    # "not" is a rule word an empty lexicon keeps: 2 * -0.74 = -1.48,
    # -1.48 / sqrt(1.48^2 + 15) = -0.356959
    assert custorient.sentiment("not zorp", clone).compound == pytest.approx(-0.356959, abs=1e-6)
    clone["zorp"] = -2.0
    clone["blip"] = 1.0
    lexicon["zap"] = 3.0
    assert (lexicon["zorp"], clone["zorp"]) == (2.0, -2.0)
    assert "blip" not in lexicon and "zap" not in clone
    lexicon.close()
    assert custorient.sentiment("zorp", clone).compound == pytest.approx(-2 / 19 ** 0.5, abs=1e-6)
    clone.close()
    with pytest.raises(ValueError, match="closed"):
        how(lexicon)
    english = how(custorient.Lexicon())
    assert len(english) == len(custorient.Lexicon())
    assert english["good"] == pytest.approx(2.1)  # lib/text/lexicon_en.tsv


@COPIES
def test_a_topic_map_copies_whole_and_independent(how):
    topics = custorient.Topics().add("returns", "return*")
    clone = how(topics)
    assert clone.names == ["price", "delivery", "quality", "support", "billing", "usability",
                           "returns"]
    # late: delivery; returned: return*; refunds: refund* (billing)
    assert clone.match("Returned it late, refunds pending") == ["delivery", "billing", "returns"]
    with pytest.raises(custorient.ExistsError):
        clone.add("other", "late")  # the keywords came along
    clone.add("gifts", "gift*")
    topics.add("loyalty", "points")
    assert (clone.names[-1], topics.names[-1]) == ("gifts", "loyalty")
    assert topics.match("a gift") == [] and clone.match("my points") == []
    topics.close()
    rows = custorient.pain_points(["late gift"], topics=clone, compound=[-0.5])
    assert [(r.topic, r.negative) for r in rows if r.mentions] == [("delivery", 1), ("gifts", 1)]
    clone.close()


@COPIES
def test_a_fitter_copies_the_same_curve_independently(how):
    rng = np.random.default_rng(7)
    durations = rng.integers(0, 30, 400).astype(float)  # ties, and durations of 0
    observed = rng.integers(0, 2, 400)
    kmf = custorient.KaplanMeierFitter(alpha=0.1, ci_type="log").fit(durations, observed)
    clone = how(kmf)
    assert (clone.alpha, clone.ci_type) == (0.1, "log")
    # fitted to the same data: the same numbers, bit for bit
    for name in ("timeline", "survival_function_", "standard_errors_", "confidence_interval_"):
        assert np.array_equal(getattr(clone, name), getattr(kmf, name)), name
    for column in ("at_risk", "observed", "censored"):
        assert np.array_equal(clone.event_table[column], kmf.event_table[column])
    assert clone.median_survival_time_ == kmf.median_survival_time_
    assert clone.median_confidence_interval_ == kmf.median_confidence_interval_
    kmf.alpha = 0.3  # the next fit's default: the curve keeps its 90% band
    again = how(kmf)
    assert np.array_equal(again.confidence_interval_, kmf.confidence_interval_)
    assert again.alpha == 0.3
    again.close()

    kmf.fit([1.0, 2.0, 3.0, 4.0])  # S(2.5) = 2/4
    assert clone.alpha == 0.1 and len(clone.timeline) != 5
    small = how(kmf)
    kmf.close()
    assert small.predict(2.5) == 0.5 and small.percentile(0.25) == 3.0
    small.fit([2.0, 2.0, 4.0, 4.0])  # S(2.5) = 2/4 too, S(1) = 1
    assert small.predict(1.0) == 1.0 and clone.predict(0.0) < 1.0  # durations of 0: S(0) < 1
    small.close()
    clone.close()

    unfitted = how(custorient.KaplanMeierFitter(alpha=0.2))
    assert unfitted.alpha == 0.2
    with pytest.raises(RuntimeError, match="fit"):
        unfitted.predict(1.0)


@pytest.mark.parametrize("how", [copy.copy, copy.deepcopy,
                                 lambda store: pickle.loads(pickle.dumps(store))],
                         ids=["copy", "deepcopy", "pickle"])
def test_a_store_copies_whole_and_independent(how):
    store = custorient.Store()
    store.add_customer("c1", signup_date=0, tags=["vip"])
    store.add_order("o1", "c1", 10, 4.0)
    store.add_order("o2", "c1", 30, 6.0)
    store.add_feedback("c1", 31, "survey", "nps", 9)
    clone = how(store)
    # orders on days 10 and 30 as of day 40: frequency 1, recency 20, T 30, spend 10
    s = clone.summary(40)
    assert (s.frequency[0], s.recency[0], s.T[0], s.total_spend[0]) == (1, 20, 30, 10.0)
    assert clone["c1"].tags == ("vip",) and clone.count("feedback") == 1
    clone.add_customer("c2", signup_date=1)
    store.remove("c1")
    assert (len(store), len(clone)) == (0, 2)  # neither sees the other's changes
    clone.close()
    assert len(store) == 0  # and each frees its own handle
    store.close()
    with pytest.raises(ValueError, match="closed"):
        how(store)


def test_a_damaged_snapshot_is_refused(tmp_path):
    store = custorient.Store()
    store.add_customer("c1", signup_date=0)
    data = bytearray(store.snapshot())
    store.save(tmp_path / "s.snap")
    assert data == (tmp_path / "s.snap").read_bytes()  # the bytes save() writes
    data[len(data) // 2] ^= 0xFF
    with pytest.raises(custorient.CorruptError):
        custorient.Store.from_snapshot(bytes(data))


def test_nps_pickles_deep_copies_and_merges_after_the_round_trip():
    # Counted on two machines: [10, 9, 0, 7] has 1 detractor, 1 passive and 2
    # promoters; [0, 0, 10] 2 detractors and 1 promoter. Together 3, 1, 3 of 7
    # answers: score 100 * (3 - 3) / 7 = 0.
    a = custorient.nps([10, 9, 0, 7])
    b = custorient.nps([0, 0, 10])
    a2, b2 = pickle.loads(pickle.dumps(a)), pickle.loads(pickle.dumps(b))
    assert a2 == a and a2 is not a
    total = a2.merge(b2)
    assert (total.detractors, total.passives, total.promoters, total.n) == (3, 1, 3, 7)
    assert total.score == 0.0
    assert (a.detractors, a.passives, a.promoters) == (1, 1, 2)  # the original is untouched

    for clone in (copy.copy(b), copy.deepcopy(b)):
        clone.add([9])
        assert (clone.promoters, b.promoters) == (2, 1)  # independent counts

    # Weighted counts travel exactly: weights 0.5 and 0.25 on two promoters,
    # 2.0 on a detractor; the sum of squared weights is 0.25 + 0.0625 + 4.
    w = custorient.nps([10, 9, 3], weights=[0.5, 0.25, 2.0])
    w2 = pickle.loads(pickle.dumps(w, protocol=pickle.HIGHEST_PROTOCOL))
    assert w2.weights == (2.0, 0.0, 0.75)
    assert w2._counts()[6] == 4.3125
    assert (w2 + custorient.nps([10], weights=[1.0])).weights == (2.0, 0.0, 1.75)


def test_plain_results_pickle_and_deep_copy():
    store = custorient.Store()
    store.add_customer("c1", signup_date=0, tags=["vip"], prefs={"mail": "no"})
    store.add_order("o1", "c1", 10, 4.0)
    store.add_order("o2", "c1", 30, 6.0)
    store.add_feedback("c1", 31, "survey", "nps", 9)
    results = {
        "summary": store.summary(40),
        "feedback": store.feedback_answers("nps", 40),
        "customer": store["c1"],
        "interval": custorient.nps([10, 0]).interval(),
        "comparison": custorient.nps_compare([10, 0], [10, 10]),
        "periods": custorient.nps_by_period([0, 1, 40], [10, 0, 9]),
        "rating": custorient.csat([1, 2, 5, 4]),
        "sentiment": custorient.sentiment("good"),
        "pain_points": custorient.pain_points(["The parcel was late"], compound=[-0.5]),
        "error": custorient.NotFoundError("no customer", -7, "orders.csv", 4, 2),
    }
    for name, value in results.items():
        for clone in (pickle.loads(pickle.dumps(value)), copy.deepcopy(value)):
            assert type(clone) is type(value), name
    s = pickle.loads(pickle.dumps(results["summary"]))
    # orders on days 10 and 30 as of day 40: frequency 1, recency 20, T 30, spend 10
    assert (s.frequency[0], s.recency[0], s.T[0], s.total_spend[0]) == (1, 20, 30, 10.0)
    assert list(s.customer_id) == ["c1"] and s.as_of == 40
    assert pickle.loads(pickle.dumps(results["customer"])).prefs == {"mail": "no"}
    assert list(pickle.loads(pickle.dumps(results["feedback"])).score) == [9]
    periods = pickle.loads(pickle.dumps(results["periods"]))
    # day 0 and 1 in January 1970 (a promoter and a detractor), day 40 in February
    assert [(p.nps.detractors, p.nps.promoters) for p in periods] == [(1, 1), (0, 1)]
    assert pickle.loads(pickle.dumps(results["pain_points"])).n_negative == 1
    err = pickle.loads(pickle.dumps(results["error"]))
    assert (err.path, err.line, err.column, err.status) == ("orders.csv", 4, 2, -7)
    assert np.isclose(copy.deepcopy(results["rating"]).score, 50.0)  # 2 of 4 in 4-5
