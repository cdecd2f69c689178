"""Copying and pickling.

An object that owns a C handle refuses to be copied or pickled (two owners
would free one handle twice)."""

import copy
import pickle

import pytest

import custorient


def _owners():
    store = custorient.Store()
    store.add_customer("c1", signup_date="2024-01-01")
    lexicon = custorient.Lexicon(base="empty")
    lexicon["zorp"] = 2.0
    instrument = custorient.Instrument.builtin(custorient.Instrument.builtin_names()[0])
    kmf = custorient.KaplanMeierFitter().fit([1.0, 2.0, 3.0, 4.0])
    return [store, lexicon, custorient.Topics(), instrument, kmf,
            custorient.KaplanMeierFitter()]


@pytest.mark.parametrize("how", [copy.copy, copy.deepcopy, pickle.dumps,
                                 lambda obj: pickle.dumps(obj, protocol=0)],
                         ids=["copy", "deepcopy", "pickle", "pickle0"])
def test_handle_owners_refuse_copies_and_stay_usable(how):
    for obj in _owners():
        with pytest.raises(TypeError, match="cannot be copied or pickled"):
            how(obj)
    store, lexicon, topics, instrument, kmf, _ = _owners()
    for obj in (store, lexicon, topics, instrument, kmf):
        with pytest.raises(TypeError):
            how(obj)
    # still one owner each, still whole
    assert len(store) == 1 and store["c1"].customer_id == "c1"
    assert lexicon["zorp"] == 2.0
    assert len(topics) == 6
    assert instrument.title
    assert kmf.predict(2.5) == 0.5  # events at 1, 2, 3, 4: S(2.5) = 2/4


def test_a_store_copies_through_a_snapshot(tmp_path):
    store = custorient.Store()
    store.add_customer("c1", signup_date="2024-01-01")
    with pytest.raises(TypeError, match="save"):
        copy.deepcopy(store)
    store.save(tmp_path / "s.snap")
    other = custorient.Store.load(tmp_path / "s.snap")
    other.add_customer("c2", signup_date="2024-01-02")
    assert (len(store), len(other)) == (1, 2)
