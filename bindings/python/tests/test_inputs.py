"""Input that would silently change meaning is refused at the Python boundary.

- Text with a NUL character would end early in C ("C1\\0other" would name
  the customer "C1"): ValueError, as open() raises. A NUL inside a CSV,
  lexicon or instrument text is a ParseError at its line and column.
- Numbers passed where C takes an integer must convert exactly: a fraction
  (4.7), NaN or a value outside the C type (2**32 + 5 for an int, 256 for a
  uint8 flag) is RangeError naming the argument and index, never truncated
  or wrapped.
- File names are str, bytes or os.PathLike (as for open()); anything else,
  None included, is TypeError.

Every failure is checked to leave the store, lexicon or directory as it was.
"""

import array
import os
import pathlib

import numpy as np
import pytest

import custorient
from custorient import Store, RangeError, ParseError

KINDS = ("customers", "orders", "feedback", "contacts")


def small_store():
    store = Store()
    store.add_customer("C1", "Ada", "ada@example.com", "2024-01-01")
    store.add_customer("C2", "Bob", "", "2024-01-02")
    store.add_order("o1", "C1", "2024-01-03", 10.0)
    store.add_feedback("C1", "2024-01-04", "survey", "text", text="good and fast")
    return store


def state(store):
    """Everything a caller can read of a store."""
    return ([tuple(c) for c in store], [store.count(k) for k in KINDS],
            list(store.feedback()["text"]), list(store.orders()["order_id"]))


# -- NUL characters in text ------------------------------------------------------

@pytest.mark.parametrize("call", [
    lambda s: s.remove("C1\0other"),
    lambda s: s.__delitem__("C1\0other"),
    lambda s: s.__getitem__("C1\0other"),
    lambda s: s.add_customer("C3\0-alice", signup_date="2024-01-01"),
    lambda s: s.add_customer("C3", "A\0B", signup_date="2024-01-01"),
    lambda s: s.add_customer("C3", email="a@x\0y", signup_date="2024-01-01"),
    lambda s: s.add_customer("C3", segment="r\0x", signup_date="2024-01-01"),
    lambda s: s.add_customer("C3", signup_date="2024-01-01", tags=["vip\0x"]),
    lambda s: s.add_customer("C3", signup_date="2024-01-01", prefs={"k\0x": "v"}),
    lambda s: s.add_customer("C3", signup_date="2024-01-01", prefs={"k": "v\0x"}),
    lambda s: s.add_order("o2\0x", "C1", "2024-01-05", 1.0),
    lambda s: s.add_order("o2", "C1\0x", "2024-01-05", 1.0),
    lambda s: s.add_feedback("C1", "2024-01-05", "survey", "text", text="fine\0 but secret"),
    lambda s: s.add_contact("C1", "2024-01-05", topic="billing\0x"),
], ids=["remove", "del", "getitem", "id", "name", "email", "segment", "tag", "pref key",
        "pref value", "order id", "order customer", "feedback text", "contact topic"])
def test_a_nul_in_store_text_is_a_value_error_and_changes_nothing(call):
    with small_store() as store:
        before = state(store)
        with pytest.raises(ValueError, match="embedded null"):
            call(store)
        assert state(store) == before
        assert "C1" in store


def test_contains_with_a_nul_is_refused_not_answered_for_the_cut_id():
    with small_store() as store:
        with pytest.raises(ValueError, match="embedded null"):
            "C1\0other" in store


def test_a_nul_in_a_date_is_a_parse_error():
    # Dates are parsed with their length, so "2024-01-05\0x" is not read as 2024-01-05.
    with small_store() as store:
        before = state(store)
        with pytest.raises(ParseError, match="expected a date"):
            store.add_order("o2", "C1", "2024-01-05\0x", 1.0)
        assert state(store) == before


def test_a_nul_in_lexicon_and_topic_names_is_a_value_error():
    lex = custorient.Lexicon(base="empty")
    lex["keep"] = 1.5
    for call in (lambda: lex.__setitem__("go\0od", 2.0), lambda: lex["keep\0x"],
                 lambda: lex.get("keep\0x")):
        with pytest.raises(ValueError, match="embedded null"):
            call()
    assert len(lex) == 1 and lex["keep"] == 1.5
    topics = custorient.Topics(default=False).add("price", "cost")
    for call in (lambda: topics.add("price\0x", "fee"), lambda: topics.add("price", "fee\0x")):
        with pytest.raises(ValueError, match="embedded null"):
            call()
    assert topics.names == ["price"]
    with pytest.raises(ValueError, match="embedded null"):
        custorient.Instrument.builtin("nps\0x")


def test_a_nul_in_a_csv_file_is_a_parse_error_at_its_place(tmp_path):
    # Line 2 is C3, the NUL, -alice: the NUL is its third byte.
    path = tmp_path / "customers.csv"
    path.write_bytes(b"customer_id,name,email,signup_date,segment\nC3\0-alice,A,a@x,2024-01-01,r\n")
    with small_store() as store:
        before = state(store)
        for lenient in (False, True):
            with pytest.raises(ParseError) as info:
                store.import_csv("customers", path, lenient=lenient)
            err = info.value
            assert (err.path, err.line, err.column) == (str(path), 2, 3)
            assert err.message == "%s:2:3: NUL byte in a field" % path
            assert state(store) == before
    # A quoted feedback text: "good" on line 2, then "but" and the NUL on line 3.
    path = tmp_path / "feedback.csv"
    path.write_bytes(b"customer_id,date,channel,kind,score,text\n"
                     b"C1,2024-01-05,survey,text,,\"good\nbut\0 secret\"\n")
    with small_store() as store:
        before = state(store)
        with pytest.raises(ParseError) as info:
            store.import_csv("feedback", path)
        assert (info.value.line, info.value.column) == (3, 4)
        assert state(store) == before


def test_a_nul_in_lexicon_and_instrument_texts_is_a_parse_error(tmp_path):
    lex = custorient.Lexicon(base="empty")
    lex["keep"] = 1.5
    path = tmp_path / "words.tsv"
    path.write_bytes(b"fine\t1\ngo\0od\t2\n")
    with pytest.raises(ParseError) as info:
        lex.load(path)
    assert (info.value.path, info.value.line, info.value.column) == (str(path), 2, 3)
    with pytest.raises(ParseError) as info:
        lex.load_text("ok\t1\0" "5\n", source="t.tsv")
    assert (info.value.path, info.value.line, info.value.column) == ("t.tsv", 1, 4)
    assert len(lex) == 1 and lex["keep"] == 1.5
    # "instrument A" then the NUL: column 13.
    with pytest.raises(ParseError) as info:
        custorient.Instrument.parse("instrument A\0B\n", source="i.txt")
    assert (info.value.path, info.value.line, info.value.column) == ("i.txt", 1, 13)


# -- file names ---------------------------------------------------------------------

def test_paths_are_str_bytes_or_path_like(tmp_path):
    with small_store() as store:
        before = state(store)
        store.save(os.fsencode(tmp_path / "bytes.snap"))
        store.save(tmp_path / "pathlike.snap")
        store.save(str(tmp_path / "str.snap"))
        store.export_csv("orders", os.fsencode(tmp_path / "orders.csv"))
        assert sorted(os.listdir(tmp_path)) == ["bytes.snap", "orders.csv", "pathlike.snap",
                                                "str.snap"]
        for name in ("bytes.snap", "pathlike.snap", "str.snap"):
            for path in (tmp_path / name, os.fsencode(tmp_path / name)):
                with Store.load(path) as again:
                    assert state(again) == before
        with Store() as again:
            again.add_customer("C1", signup_date="2024-01-01")
            again.import_csv("orders", os.fsencode(tmp_path / "orders.csv"))
            assert list(again.orders()["order_id"]) == ["o1"]


@pytest.mark.parametrize("bad", [None, 3, 2.5, ["x.snap"], object()])
def test_other_path_types_are_type_errors_and_write_nothing(tmp_path, monkeypatch, bad):
    monkeypatch.chdir(tmp_path)
    with small_store() as store:
        before = state(store)
        for call in (lambda: store.save(bad), lambda: store.export_csv("orders", bad),
                     lambda: store.import_csv("orders", bad), lambda: Store.load(bad),
                     lambda: custorient.Lexicon().load(bad),
                     lambda: custorient.Instrument.load(bad),
                     lambda: custorient.generate_sample(bad, customers=3)):
            with pytest.raises(TypeError, match="str, bytes or os.PathLike"):
                call()
        assert state(store) == before
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("suffix", ["\0/../x", "\0"])
def test_a_nul_in_a_path_is_a_value_error_and_writes_nothing(tmp_path, monkeypatch, suffix):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    with small_store() as store:
        before = state(store)
        for path in ("keep.snap" + suffix, b"keep.snap" + suffix.encode(),
                     "sub/keep.snap" + suffix):
            for call in (lambda: store.save(path), lambda: store.export_csv("orders", path),
                         lambda: store.import_csv("orders", path), lambda: Store.load(path),
                         lambda: custorient.Lexicon().load(path),
                         lambda: custorient.Instrument.load(path),
                         lambda: custorient.generate_sample(path, customers=3)):
                with pytest.raises(ValueError, match="embedded null"):
                    call()
        assert state(store) == before
    assert os.listdir(tmp_path) == ["sub"]
    assert os.listdir(tmp_path / "sub") == []


# -- integers ---------------------------------------------------------------------

def test_fractional_ratings_are_range_errors_not_truncated():
    with pytest.raises(RangeError, match=r"ratings\[0\] = 4.7 is not a whole number"):
        custorient.csat([4.7, 4.9, 3.99])
    with pytest.raises(RangeError, match=r"ratings\[0\] = 6.99 is not a whole number"):
        custorient.ces([6.99, 1])
    with pytest.raises(RangeError, match=r"ratings\[2\] = 3.99"):
        custorient.csat(np.array([4.0, 5.0, 3.99]))
    for bad in (float("nan"), float("inf")):
        with pytest.raises(RangeError, match=r"ratings\[1\]"):
            custorient.csat([4, bad])
    # Whole-valued floats are the numbers they show: 2 of 3 in the 4-5 box.
    assert custorient.csat([4.0, 5.0, 3.0]).score == pytest.approx(200 / 3)
    assert custorient.csat(np.array([4.0, 5.0, 3.0])).n == 3


def test_ratings_outside_int_are_range_errors_not_wrapped():
    # 2**32 + 5 cast to a 32-bit int would be 5, a valid rating.
    for ratings in ([2**32 + 5], np.array([4, 2**32 + 5], dtype=np.int64),
                    array.array("q", [4, 2**32 + 5]), [4, 2**70], [-2**31 - 1]):
        with pytest.raises(RangeError, match="outside the int32 range"):
            custorient.csat(ratings)
    assert custorient.csat(np.array([4, 5], dtype=np.int64)).n == 2


def test_rfm_scores_must_be_whole_bytes():
    with pytest.raises(RangeError, match=r"recency_score\[1\] = 4.5 is not a whole number"):
        custorient.rfm_segments([5, 4.5], [5, 5], [5, 5])
    # 261 as a uint8 would be 5, a champion.
    with pytest.raises(RangeError, match=r"frequency_score\[0\] = 261 is outside the uint8"):
        custorient.rfm_segments([5], np.array([261]), [5])
    with pytest.raises(RangeError, match=r"monetary_score\[0\] = -1"):
        custorient.rfm_segments([5], [5], [-1])
    with pytest.raises(RangeError, match="is not a whole number"):
        custorient.rfm_segments([5], [5], [5], rules={"top": ((4.5, 5), (1, 5), (1, 5))})
    with pytest.raises(RangeError, match="outside the uint8"):
        custorient.rfm_segments([5], [5], [5], rules={"top": ((4, 261), (1, 5), (1, 5))})
    assert custorient.rfm_segments(np.array([5.0]), [5], [5]) == ["Champions"]


def test_feedback_score_indices_and_kinds_must_convert_exactly():
    days = ["2024-01-01", "2024-01-01"]
    with pytest.raises(RangeError, match=r"customers\[1\] = 0.5 is not a whole number"):
        custorient.feedback_scores([0, 0.5], days, ["nps", "nps"], [10, 0], "2024-01-01")
    with pytest.raises(RangeError, match=r"customers\[0\] = -1"):
        custorient.feedback_scores([-1, 0], days, ["nps", "nps"], [10, 0], "2024-01-01")
    # Kind 2**32 + 0 would wrap to 0, "nps".
    with pytest.raises(RangeError, match=r"kinds\[1\] = 4294967296 is outside the int32"):
        custorient.feedback_scores([0, 1], days, ["nps", 2**32], [10, 0], "2024-01-01")
    with pytest.raises(RangeError, match="kinds"):
        custorient.feedback_scores([0, 1], days, np.array([0, 2**32]), [10, 0], "2024-01-01")
    # Customer 0 answered 10 (score 100), customer 1 answered 0 (score 0), same day.
    scores = custorient.feedback_scores(np.array([0.0, 1.0]), days, ["nps", "nps"], [10, 0],
                                        "2024-01-01")
    assert list(scores) == [100.0, 0.0]


def test_kaplan_meier_event_flags_do_not_wrap():
    # 256 as a uint8 flag would be 0: censored instead of observed.
    for flags in ([1, 256, 0], np.array([1, 256, 0])):
        with pytest.raises(RangeError, match=r"event_observed\[1\] = 256 is outside the uint8"):
            custorient.KaplanMeierFitter().fit([1, 2, 3], flags)
    # With flags 1, 1, 0 the curve drops to 2/3 at 1 and to 1/3 at 2.
    km = custorient.KaplanMeierFitter().fit([1, 2, 3], np.array([1, 1, 0], dtype=np.int64))
    assert km.predict(2) == pytest.approx(1 / 3)


def test_scalar_integer_arguments_must_convert_exactly():
    with pytest.raises(RangeError, match="seed = 1.5 is not a whole number"):
        custorient.generate(seed=1.5, customers=3)
    with pytest.raises(RangeError, match="customers = -3 is outside the uint64"):
        custorient.generate(seed=1, customers=-3)
    with pytest.raises(RangeError, match="seed = 18446744073709551616"):
        custorient.generate(seed=2**64, customers=3)
    with pytest.raises(RangeError, match=r"scale\[1\] = 7.5"):
        custorient.csat([4], scale=(1, 7.5))
    with pytest.raises(RangeError, match=r"box\[0\] = 4294967300"):
        custorient.csat([4], box=(2**32 + 4, 5))
    with pytest.raises(RangeError, match="top_n = 2.5"):
        custorient.at_risk_ranking([0.5, 0.2], [1.0, 2.0], top_n=2.5)
    with pytest.raises(RangeError, match="max_iterations = 10.5"):
        custorient.ShiftedBetaGeoFitter().fit([100, 80, 70], max_iterations=10.5)
    with pytest.raises(RangeError, match="max_iter = 5.5"):
        custorient.BetaGeoFitter().fit([1, 2], [3.0, 4.0], [5.0, 6.0], max_iter=5.5)
    inst = custorient.Instrument.builtin(custorient.Instrument.builtin_names()[0])
    with pytest.raises(RangeError, match="subscale = 0.5"):
        inst.alpha(np.ones((3, len(inst.items))), 0.5)
    with pytest.raises(RangeError, match="day = 1.5"):
        custorient.format_date(1.5)
    with pytest.raises(TypeError, match="top_n must be an integer"):
        custorient.at_risk_ranking([0.5, 0.2], [1.0, 2.0], top_n="2")
    # Whole-valued floats are accepted: day 0.0 is 1970-01-01.
    assert custorient.format_date(0.0) == "1970-01-01"
    assert custorient.generate(seed=7.0, customers=3.0).count() == 3
