"""Input that would silently change meaning is refused at the Python boundary.

- Text with a NUL character would end early in C ("C1\\0other" would name
  the customer "C1"): ValueError, as open() raises. A NUL inside a CSV,
  lexicon or instrument text is a ParseError at its line and column.
- File names are str, bytes or os.PathLike (as for open()); anything else,
  None included, is TypeError.

Every failure is checked to leave the store, lexicon or directory as it was.
"""

import os
import pathlib

import pytest

import custorient
from custorient import Store, ParseError

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
