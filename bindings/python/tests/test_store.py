"""The Python face of lib/store: Store, CSV files, snapshots, summaries."""

import array
import datetime
import os
import pathlib

import numpy as np
import pytest

import custorient
from custorient import Store
from custorient.store import DAY_NONE

SOURCE = pathlib.Path(os.environ.get("CO_SOURCE_DIR", pathlib.Path(__file__).parents[3]))
FIXTURE = SOURCE / "tests" / "data" / "store"


def fixture_store():
    store = Store()
    for kind in ("customers", "orders", "feedback", "contacts"):
        store.import_csv(kind, FIXTURE / ("%s.csv" % kind))
    return store


def test_add_look_up_iterate_and_remove():
    with Store() as store:
        store.add_customer("c1", "Ada", "ada@example.com", "2024-01-01", segment="retail",
                           tags=["vip"], prefs={"channel": "email"})
        store.add_customer("c0", "Bob", "", datetime.date(2024, 1, 2))
        store.add_order("o1", "c1", "2024-01-03", 10)
        store.add_feedback("c1", "2024-01-04", "survey", "nps", 9, "great")
        store.add_feedback("c1", "2024-01-04", "social", "text", text="ok")
        store.add_contact("c1", "2024-01-05", None, "urgent", "billing")
        assert len(store) == 2
        assert store.count("orders") == 1 and store.count("feedback") == 2
        c = store["c1"]
        assert c.name == "Ada" and c.tags == ("vip",) and c.prefs == {"channel": "email"}
        assert c.signup_date == datetime.date(2024, 1, 1)
        assert [x.customer_id for x in store] == ["c1", "c0"]  # insertion order
        assert "c0" in store and "zz" not in store
        store.remove("c1")
        assert len(store) == 1 and store.count("orders") == 0 and store.count("contacts") == 0
        with pytest.raises(KeyError):
            store["c1"]


def test_errors_raise_the_matching_exception_and_change_nothing():
    store = Store()
    store.add_customer("a", "A", "", "2024-01-01")
    with pytest.raises(custorient.ExistsError):
        store.add_customer("a", "A", "", "2024-01-01")
    with pytest.raises(custorient.NotFoundError):
        store.add_order("o1", "zz", "2024-01-01", 1)
    with pytest.raises(custorient.RangeError):
        store.add_order("o1", "a", "2024-01-01", -1)
    with pytest.raises(custorient.InvalidArgumentError):
        store.add_order("o1", "a", "2024-01-01", float("nan"))
    with pytest.raises(custorient.RangeError):
        store.add_feedback("a", "2024-01-01", "survey", "csat", 6)
    with pytest.raises(ValueError):
        store.add_feedback("a", "2024-01-01", "email", "nps", 6)
    with pytest.raises(custorient.ParseError):
        store.add_order("o1", "a", "2024-02-30", 1)
    assert store.count("orders") == 0 and store.count("feedback") == 0 and len(store) == 1


def test_import_errors_carry_line_and_column(tmp_path):
    store = fixture_store()
    bad = tmp_path / "orders.csv"
    bad.write_text("order_id,customer_id,date,amount\nx1,c1,2024-01-01,1\nx2,c1,2024-01-01,abc\n")
    with pytest.raises(custorient.ParseError) as info:
        store.import_csv("orders", bad)
    err = info.value
    assert (err.path, err.line, err.column) == (str(bad), 3, 18)
    assert err.message.endswith("amount 'abc' is not a number")
    assert store.count("orders") == 11  # nothing from the failed file


def test_lenient_import_reports_skipped_rows(tmp_path):
    store = fixture_store()
    path = tmp_path / "orders.csv"
    path.write_text("order_id,customer_id,date,amount\nx1,c1,2024-01-01,1\n"
                    "x2,nobody,2024-01-01,2\nx3,c2,2024-01-01,-5\nx4,c2,2024-01-02,5\n")
    result = store.import_csv("orders", path, lenient=True)
    assert result.imported == 2
    assert [line for line, _ in result.skipped] == [3, 4]
    assert isinstance(result.skipped[0][1], custorient.NotFoundError)
    assert isinstance(result.skipped[1][1], custorient.RangeError)
    assert result.skipped[1][1].message == "%s:4:18: negative amount -5" % path
    # "x2," is 3 bytes: the customer is in column 4; "x3,c2,2024-01-01," is 17: column 18.
    located = [(e.path, e.line, e.column) for _, e in result.skipped]
    assert located == [(str(path), 3, 4), (str(path), 4, 18)]


def test_every_located_import_error_carries_path_line_and_column(tmp_path):
    store = Store()
    customers = tmp_path / "customers.csv"
    customers.write_text("customer_id,name,email,signup_date,segment\n"
                         "c1,Ann,,2024-01-01,retail\nc2,Bob,,2024-01-02,retail\n")
    store.import_csv("customers", customers)
    orders = tmp_path / "orders.csv"
    # Line 4: "o300," is 5 bytes, so the unknown customer starts in column 6.
    orders.write_text("order_id,customer_id,date,amount\no1,c1,2024-01-05,10\n"
                      "o2,c2,2024-01-06,12.5\no300,zed,2024-01-07,8\n")
    with pytest.raises(custorient.NotFoundError) as info:
        store.import_csv("orders", orders)
    assert (info.value.path, info.value.line, info.value.column) == (str(orders), 4, 6)
    assert isinstance(info.value, KeyError)
    # Line 3: "Ann Again," is 10 bytes, so the duplicate id starts in column 11.
    customers.write_text("name,customer_id,email,signup_date,segment\n"
                         "Cy,c3,,2024-01-03,retail\nAnn Again,c1,,2024-01-01,retail\n")
    with pytest.raises(custorient.ExistsError) as info:
        store.import_csv("customers", customers)
    assert (info.value.path, info.value.line, info.value.column) == (str(customers), 3, 11)
    # Line 2: "c1,2024-01-10,survey,nps," is 25 bytes: the score 11 is in column 26.
    feedback = tmp_path / "feedback.csv"
    feedback.write_text("customer_id,date,channel,kind,score,text\n"
                        "c1,2024-01-10,survey,nps,11,fine\n")
    with pytest.raises(custorient.RangeError) as info:
        store.import_csv("feedback", feedback)
    assert (info.value.path, info.value.line, info.value.column) == (str(feedback), 2, 26)
    # A file that cannot be opened has a path and no line.
    with pytest.raises(custorient.FileError) as info:
        store.import_csv("orders", tmp_path / "absent.csv")
    err = info.value
    assert (err.path, err.line, err.column) == (str(tmp_path / "absent.csv"), None, None)
    # A later failure outside any file has no location.
    with pytest.raises(custorient.NotFoundError) as info:
        store.add_order("o9", "zz", "2024-01-01", 1)
    assert (info.value.path, info.value.line, info.value.column) == (None, None, None)
    assert store.count("orders") == 0 and len(store) == 2


def test_export_import_and_snapshot_round_trips(tmp_path):
    store = fixture_store()
    for kind in ("customers", "orders", "feedback", "contacts"):
        store.export_csv(kind, tmp_path / ("%s.csv" % kind))
    again = Store()
    for kind in ("customers", "orders", "feedback", "contacts"):
        again.import_csv(kind, tmp_path / ("%s.csv" % kind))
    assert list(again) == list(store)
    np.testing.assert_array_equal(again.orders()["amount"], store.orders()["amount"])
    snap = tmp_path / "store.snap"
    store.save(snap)
    loaded = Store.load(snap)
    assert list(loaded) == list(store)
    assert loaded.count("feedback") == 5
    data = bytearray(snap.read_bytes())
    data[len(data) // 2] ^= 0x10
    snap.write_bytes(bytes(data))
    with pytest.raises(custorient.CorruptError):
        Store.load(snap)


def formula_store():
    store = Store()
    store.add_customer("=1+1", name="+SUM(A1)", email="@evil", signup_date="2024-01-01",
                       segment="-2", tags=("\tx",))
    store.add_customer("p", name="Plain", signup_date="2024-01-02")
    store.add_order("-1", "p", "2024-01-03", 12.5)
    store.add_feedback("p", "2024-01-03", "survey", "text", text="@SUM(1)")
    return store


def test_export_csv_spreadsheet_safe_quotes_formula_text_cells(tmp_path):
    store = formula_store()
    store.export_csv("customers", tmp_path / "c.csv", spreadsheet_safe=True)
    # Written out by hand: each text cell that starts with = + - @ or TAB gets a '.
    assert (tmp_path / "c.csv").read_text() == (
        "customer_id,name,email,signup_date,segment,tags\n"
        "'=1+1,'+SUM(A1),'@evil,2024-01-01,'-2,'\tx\n"
        "p,Plain,,2024-01-02,,\n")
    store.export_csv("orders", tmp_path / "o.csv", spreadsheet_safe=True)
    assert (tmp_path / "o.csv").read_text() == (
        "order_id,customer_id,date,amount\n'-1,p,2024-01-03,12.5\n")
    store.export_csv("feedback", tmp_path / "f.csv", spreadsheet_safe=True)
    assert (tmp_path / "f.csv").read_text().endswith(",'@SUM(1)\n")
    with pytest.raises(TypeError):
        store.export_csv("orders", tmp_path / "x.csv", spreadsheet_safe="yes")


def test_export_csv_is_exact_by_default_and_round_trips(tmp_path):
    store = formula_store()
    for kind in ("customers", "orders", "feedback", "contacts"):
        store.export_csv(kind, tmp_path / ("%s.csv" % kind))
    assert (tmp_path / "customers.csv").read_text().splitlines()[1] == \
        "=1+1,+SUM(A1),@evil,2024-01-01,-2,\tx"
    again = Store()
    for kind in ("customers", "orders", "feedback", "contacts"):
        again.import_csv(kind, tmp_path / ("%s.csv" % kind))
    assert list(again) == list(store)
    assert again["=1+1"].name == "+SUM(A1)" and again["=1+1"].tags == ("\tx",)


def test_summary_matches_the_pandas_reference():
    # Values from tests/reference/store_summary_reference.py (fixture, as of 2024-03-31).
    store = fixture_store()
    s = store.summary("2024-03-31")
    assert list(s.customer_id) == ["c1", "c2", "c4", "c5"]
    assert isinstance(s.frequency, np.ndarray) and s.frequency.dtype == np.float64
    np.testing.assert_array_equal(s.frequency, [2, 0, 0, 2])
    np.testing.assert_array_equal(s.recency, [31, 0, 0, 57])
    np.testing.assert_array_equal(s.T, [90, 50, 0, 86])
    np.testing.assert_allclose(s.monetary_value, [25.125, 0, 0, 2.75], rtol=1e-15)
    np.testing.assert_array_equal(s.orders, [4, 1, 2, 3])
    assert s.order_count.dtype == np.float64
    np.testing.assert_array_equal(s.order_count, [4, 1, 2, 3])
    w = store.summary(datetime.date(2024, 3, 31), unit="weeks")
    np.testing.assert_allclose(w.T, [12.857142857142858, 7.1428571428571432, 0,
                                     12.285714285714286], rtol=1e-15)
    with pytest.raises(ValueError):
        store.summary("2024-03-31", unit="months")


def test_closed_store_refuses_use():
    store = Store()
    store.close()
    store.close()
    with pytest.raises(ValueError):
        len(store)


def test_generator_is_seeded_and_writes_the_sample(tmp_path):
    a = custorient.generate(seed=3, customers=40)
    b = custorient.generate(seed=3, customers=40)
    assert len(a) == 40 and list(a) == list(b)
    np.testing.assert_array_equal(a.orders()["amount"], b.orders()["amount"])
    assert list(custorient.generate(seed=4, customers=40)) != list(a)
    with pytest.raises(custorient.InvalidArgumentError):
        custorient.generate(alpha=-1.0)
    with pytest.raises(TypeError):
        custorient.generate(colour="red")
    with pytest.raises(ValueError):
        custorient.generate(process="weibull")
    with pytest.raises(custorient.InvalidArgumentError):
        custorient.generate(detractor_effect=float("nan"))
    bg = custorient.generate(seed=3, customers=40, process="bgnbd")  # read by name
    assert list(bg.orders()["day"]) != list(a.orders()["day"])
    custorient.generate_sample(tmp_path)
    for name in ("customers", "orders", "feedback", "contacts"):
        made = (tmp_path / ("%s.csv" % name)).read_bytes()
        assert made == (SOURCE / "data" / "sample" / ("%s.csv" % name)).read_bytes(), name


def test_bulk_columns_follow_insertion_order():
    store = fixture_store()
    c = store.customers()
    assert c["customer_id"] == ["c1", "c2", "c3", "c4", "c5"]
    assert c["segment"][1] == "business"
    assert c["signup"][0] == custorient.parse_date("2023-12-20")
    o = store.orders()
    assert o["order_id"][:2] == ["o1", "o2"]
    assert o["amount"][5] == 30.25 and o["customer_index"][2] == 4
    f = store.feedback()
    assert f["text"][1] == "Billing was wrong\ntwice."
    assert custorient.store.CHANNELS[f["channel"][1]] == "support"
    assert custorient.store.FEEDBACK_KINDS[f["kind"][3]] == "text" and np.isnan(f["score"][3])
    k = store.contacts()
    assert k["resolved"][1] == custorient.store.DAY_NONE
    assert custorient.store.PRIORITIES[k["priority"][1]] == "urgent"
    assert k["topic"][2] == "usability, login"
    assert Store().orders()["order_id"] == []


# -- as of a day ------------------------------------------------------------
# Expected values by hand from tests/data/store (see tests/store_asof_test.c):
# signups 2023-11-11 (c5) .. 2024-03-30 (c4), orders 2024-01-01 .. 2024-04-10,
# contacts opened 2024-01-16 .. resolved 2024-03-02; c2's contact stays open.

def day_number(iso):
    return (datetime.date.fromisoformat(iso) - datetime.date(1970, 1, 1)).days


def test_day_range_of_all_records_and_of_each_kind():
    store = fixture_store()
    assert store.day_range() == (datetime.date(2023, 11, 11), datetime.date(2024, 4, 10))
    assert store.day_range("customers") == (datetime.date(2023, 11, 11),
                                            datetime.date(2024, 3, 30))
    assert store.day_range("contacts") == (datetime.date(2024, 1, 16),
                                           datetime.date(2024, 3, 2))
    with pytest.raises(custorient.NotFoundError):
        Store().day_range()
    with pytest.raises(ValueError):
        store.day_range("invoices")


def test_feedback_answers_are_ready_for_the_metrics():
    store = fixture_store()
    store.add_feedback("c2", "2024-02-20", "survey", "nps", 3)
    store.add_feedback("c2", "2024-04-02", "survey", "nps", 10)  # after the as-of day
    nps = store.feedback_answers("nps", "2024-03-31")
    # c1's 9 (2024-01-20) and c2's 3 (2024-02-20): one promoter, one detractor.
    assert len(nps) == 2 and list(nps.customer_id) == ["c1", "c2"]
    assert nps.score.dtype == np.intc
    np.testing.assert_array_equal(nps.score, [9, 3])
    np.testing.assert_array_equal(nps.day, [day_number("2024-01-20"), day_number("2024-02-20")])
    assert custorient.nps(nps.score).score == 0.0  # 100 * (1 - 1) / 2
    rating = store.feedback_answers("rating", datetime.date(2024, 3, 31))
    np.testing.assert_array_equal(rating.value, [4.5])
    assert rating.score is None
    texts = store.feedback_texts("2024-03-04")
    # Up to 2024-03-04 with a text: c1 (nps), c2 (csat), c5 (ces); c3's rating has none.
    assert list(texts.customer_id) == ["c1", "c2", "c5"]
    assert texts.text[2] == "Easy to use" and texts.score is None
    np.testing.assert_array_equal(texts.kind, [0, 1, 2])
    with pytest.raises(custorient.RangeError):
        store.feedback_answers("nps", 2932897)  # the day after 9999-12-31
    with pytest.raises(ValueError):
        store.feedback_answers("stars", "2024-03-31")


def test_orders_and_start_days_as_of_a_day():
    store = fixture_store()
    orders = store.orders_as_of("2024-02-01")
    # o1, o2, o4, o6 of c1 and o9 of c5.
    np.testing.assert_array_equal(orders["customer_index"], [0, 0, 0, 0, 4])
    np.testing.assert_allclose(orders["amount"], [10, 5.5, 20, 30.25, 1.1], rtol=0)
    store.add_customer("c6", "", "", "2024-03-15")
    store.add_order("o12", "c6", "2024-03-10", 4)  # ordered before signing up
    start = store.start_days("2024-03-31")
    assert start.dtype == np.int64
    assert start[5] == day_number("2024-03-10") and start[0] == day_number("2023-12-20")
    np.testing.assert_array_equal(store.start_days("2024-03-09", [5]), [day_number("2024-03-15")])


def test_service_signals_follow_the_summary_rows():
    store = fixture_store()
    store.add_feedback("c2", "2024-03-10", "survey", "nps", 6)
    store.add_feedback("c2", "2024-03-20", "survey", "nps", 7)  # passive, not a detractor
    store.add_contact("c2", "2024-03-05", None, "high")
    s = store.summary("2024-03-31", unit="weeks")  # rows c1, c2, c4, c5
    open_ = store.open_contacts("2024-03-31", s.customer_index)
    assert open_.dtype == np.uint64
    np.testing.assert_array_equal(open_, [0, 2, 0, 0])
    last = store.last_detractor("2024-03-31", s.customer_index)
    np.testing.assert_array_equal(last, [DAY_NONE, day_number("2024-03-10"),
                                         DAY_NONE, DAY_NONE])
    # Every customer, and the day c1's contact (2024-01-16 to 01-18) was open.
    np.testing.assert_array_equal(store.open_contacts("2024-01-17"), [1, 0, 0, 0, 0])
    with pytest.raises(custorient.RangeError, match="no customer at index 5"):
        store.open_contacts("2024-03-31", [5])
    with pytest.raises(custorient.RangeError):
        store.last_detractor(-719163)  # the day before 0001-01-01
