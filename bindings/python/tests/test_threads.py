"""One object, several Python threads.

The C calls run without the GIL, so before each object had a lock of its own
these pairs freed memory still in use or wrote past the end of an output.
Each test runs a racing pair for about half a second and checks every result
against a value worked out by hand (in the comments), so that a wrong answer
fails as surely as a crash.
"""

import copy
import threading
import time

import numpy as np
import pytest

import custorient
from custorient._handle import RWLock

SECONDS = 0.5  # per race; each loop also stops after its own round limit


def race(*loops, seconds=SECONDS):
    """Run each loop(stop) in its own thread; `stop` is set when `seconds` have
    passed or a loop has returned (loops that ignore it run to their end).
    Re-raises the first exception any of them raised."""
    stop = threading.Event()
    errors = []

    def run(loop):
        try:
            loop(stop)
        except BaseException as exc:  # re-raised in the test's thread
            errors.append(exc)
        finally:
            stop.set()

    threads = [threading.Thread(target=run, args=(loop,)) for loop in loops]
    for t in threads:
        t.start()
    stop.wait(seconds)
    stop.set()
    for t in threads:
        t.join(60)
        assert not t.is_alive(), "a racing thread did not finish"
    if errors:
        raise errors[0]


# -- the lock itself ---------------------------------------------------------

def test_readers_share_the_lock():
    lock = RWLock()
    both_in = threading.Barrier(2, timeout=5)

    def reader():
        lock.acquire_read()
        try:
            both_in.wait()  # times out unless the other reader is inside too
        finally:
            lock.release_read()

    race(lambda stop: reader(), lambda stop: reader(), seconds=5)


def test_a_writer_excludes_readers_and_writers():
    lock = RWLock()
    inside = []
    seen = []

    def enter(write):
        (lock.acquire_write if write else lock.acquire_read)()
        try:
            inside.append(write)
            seen.append(tuple(inside))
            time.sleep(0.0005)
            inside.remove(write)
        finally:
            (lock.release_write if write else lock.release_read)()

    def loop(write):
        def run(stop):
            for _ in range(200):
                if stop.is_set():
                    return
                enter(write)
        return run

    race(loop(True), loop(True), loop(False), loop(False), seconds=10)
    assert any(True in s for s in seen)
    assert all(s == (True,) for s in seen if True in s), "a writer was not alone"


def test_the_lock_is_reentrant_and_refuses_an_upgrade():
    lock = RWLock()
    lock.acquire_write()
    lock.acquire_read()  # a writer may read ...
    lock.acquire_write()  # ... and write again
    lock.release_write()
    lock.release_read()
    lock.release_write()
    lock.acquire_read()
    lock.acquire_read()
    with pytest.raises(RuntimeError):
        lock.acquire_write()  # would wait for itself
    lock.release_read()
    lock.release_read()
    lock.acquire_write()  # free again
    lock.release_write()


def test_a_waiting_writer_goes_before_new_readers():
    lock = RWLock()
    lock.acquire_read()
    order = []
    writer = threading.Thread(target=lambda: (lock.acquire_write(), order.append("writer"),
                                              lock.release_write()))
    writer.start()
    while not lock._writers_waiting:
        time.sleep(0.001)
    reader = threading.Thread(target=lambda: (lock.acquire_read(), order.append("reader"),
                                              lock.release_read()))
    reader.start()
    time.sleep(0.05)
    assert order == []  # the new reader waits behind the writer
    lock.release_read()
    writer.join(5)
    reader.join(5)
    assert order == ["writer", "reader"]


def test_a_stream_of_writers_does_not_starve_readers():
    lock = RWLock()
    reads = [0]

    def writer(stop):
        while not stop.is_set():
            lock.acquire_write()
            time.sleep(0.0005)
            lock.release_write()

    def reader(stop):
        for _ in range(50):  # each waits for at most one writer: well under a second
            lock.acquire_read()
            reads[0] += 1
            lock.release_read()

    race(writer, writer, reader, seconds=20)
    assert reads[0] == 50


# -- Store -------------------------------------------------------------------

def _store(customers=200, orders_each=5):
    """Customer c<i> signed up on day 0 and ordered on days 10, 20, ... for 2.0
    each: frequency orders_each - 1, recency 10 * (orders_each - 1), T = as_of - 10."""
    store = custorient.Store()
    for i in range(customers):
        store.add_customer("c%d" % i, signup_date=0)
        for k in range(orders_each):
            store.add_order("o%d-%d" % (i, k), "c%d" % i, 10 * (k + 1), 2.0)
    return store


def test_close_while_another_thread_summarises():
    summaries, closed = [0], [0]

    def one_round(rounds):
        def run(stop):
            for _ in range(rounds):
                if stop.is_set():
                    return
                store = _store(customers=300, orders_each=3)
                started = threading.Event()

                def closer():
                    started.wait(5)
                    store.close()

                t = threading.Thread(target=closer)
                t.start()
                try:
                    while True:
                        started.set()
                        try:
                            s = store.summary(100)
                        except ValueError as exc:
                            assert "closed" in str(exc)
                            closed[0] += 1
                            break
                        # 3 orders on days 10, 20, 30: frequency 2, recency 20, T 90
                        assert len(s) == 300
                        assert np.all(s.frequency == 2) and np.all(s.recency == 20)
                        assert np.all(s.T == 90) and np.all(s.total_spend == 6.0)
                        summaries[0] += 1
                finally:
                    t.join(5)
        return run

    race(one_round(40), seconds=3)
    assert closed[0] > 0 and summaries[0] > 0


def test_two_writers_and_a_reader_of_summaries():
    store = custorient.Store()
    for i in range(1000):
        store.add_customer("c%d" % i, signup_date=0)
    rounds = 50000  # about a second; fewer where C runs slower (ThreadSanitizer)
    written = [0, 0]
    summaries = [0]

    def writer(w):
        def run(stop):
            for k in range(rounds):
                if k % 1000 == 0 and stop.is_set():  # whole rounds of customers
                    return
                # thread w's k-th order: customer c<k % 1000>, day 1 + k, amount 1.5
                store.add_order("w%d-%d" % (w, k), "c%d" % (k % 1000), 1 + k, 1.5)
                written[w] += 1
        return run

    def reader(stop):
        last_total = 0
        while not stop.is_set():
            s = store.summary(10 ** 5)
            orders = int(np.sum(s.orders))
            assert orders >= last_total  # orders only ever get added
            assert np.sum(s.total_spend) == pytest.approx(1.5 * orders)
            assert np.all(s.frequency <= s.orders)
            last_total = orders
            summaries[0] += 1

    race(writer(0), writer(1), reader, seconds=3)
    assert summaries[0] > 0 and min(written) >= 1000
    assert store.count("orders") == sum(written)
    assert written[0] % 1000 == 0 and written[1] % 1000 == 0
    s = store.summary(10 ** 5)
    # each thread stops at a multiple of 1000 orders, so it gave every customer
    # written[w] / 1000 orders of 1.5
    per_customer = sum(written) // 1000
    assert np.all(s.orders == per_customer)
    assert np.all(s.total_spend == pytest.approx(1.5 * per_customer))


def test_iterating_while_customers_are_removed():
    store = _store(customers=400, orders_each=1)

    def remover(stop):
        for i in range(400):
            if stop.is_set():
                return
            store.remove("c%d" % i)

    def iterate(stop):
        while not stop.is_set() and len(store):
            for customer in store:
                assert customer.customer_id.startswith("c")
            store.start_days(50)  # sized and filled under one hold

    race(remover, iterate, seconds=5)


# -- KaplanMeierFitter ---------------------------------------------------------

# Four events at 1, 2, 3, 4: S = 1, 3/4, 1/2, 1/4 at 0.5, 1.5, 2.5, 3.5.
# Events at 2, 2, 4, 4: S = 1, 1, 1/2, 1/2 there.
_KM_A, _KM_B = [1.0, 2.0, 3.0, 4.0], [2.0, 2.0, 4.0, 4.0]
_S_A, _S_B = [1.0, 0.75, 0.5, 0.25], [1.0, 1.0, 0.5, 0.5]


def test_refit_while_another_thread_predicts():
    kmf = custorient.KaplanMeierFitter().fit(_KM_A)
    times = np.array([0.5, 1.5, 2.5, 3.5])
    predictions = [0]

    def refit(stop):
        for k in range(20000):
            if stop.is_set():
                return
            kmf.fit(_KM_B if k % 2 == 0 else _KM_A)

    def predict(stop):
        while not stop.is_set():
            s = list(kmf.predict(times))
            assert s in (_S_A, _S_B)
            # first time with S(t) <= 1/4: 3 for the first data, 4 for the second
            assert kmf.percentile(0.25) in (3.0, 4.0)
            predictions[0] += 1

    race(refit, predict, predict)
    assert predictions[0] > 0


def test_close_of_a_fitter_while_predicting():
    for _ in range(50):
        kmf = custorient.KaplanMeierFitter().fit(_KM_A * 500)
        results = []

        def predict(stop):
            while True:
                try:
                    results.append(kmf.predict(2.5))
                except RuntimeError:  # closed: "call fit() first"
                    return

        t = threading.Thread(target=lambda: (time.sleep(0.001), kmf.close()))
        t.start()
        race(predict, seconds=5)
        t.join()
        assert all(r == 0.5 for r in results)


# -- Lexicon and Topics ----------------------------------------------------------

def test_setting_words_while_scoring():
    # One word of valence v alone: compound = v / sqrt(v^2 + 15) (VADER's
    # normalisation, docs/sentiment.md): 2 / sqrt(19) = 0.458831.
    lexicon = custorient.Lexicon(base="empty")
    lexicon["zorp"] = 2.0
    texts = ["zorp"] * 2000
    expected = 2.0 / 19 ** 0.5

    def writer(stop):
        for k in range(100000):  # new words grow (and move) the table
            if stop.is_set():
                return
            lexicon["word%d" % k] = 1.0
            lexicon["zorp"] = -2.0 if k % 2 else 2.0

    def reader(stop):
        while not stop.is_set():
            compound = custorient.sentiments(texts, lexicon=lexicon)["compound"]
            assert np.all(compound == compound[0])  # one lexicon state per call
            assert abs(compound[0]) == pytest.approx(expected, abs=1e-6)
            assert abs(custorient.sentiment("zorp", lexicon).compound) == pytest.approx(
                expected, abs=1e-6)

    race(writer, reader, reader)
    assert len(lexicon) > 1


def test_adding_topics_while_counting_pain_points():
    topics = custorient.Topics()  # six default topics
    texts = ["The parcel was late"] * 500
    compound = np.full(len(texts), -0.5)  # every text negative

    def writer(stop):
        for k in range(5000):
            if stop.is_set():
                return
            topics.add("topic%d" % k, "zz%d" % k)

    def reader(stop):
        while not stop.is_set():
            result = custorient.pain_points(texts, topics=topics, compound=compound)
            assert len(result) >= 6
            # "late" is a delivery keyword: all 500 texts mention it, all negative
            assert result[0] == ("delivery", 500, 500, 1.0, 1.0)
            assert all(row.mentions == 0 for row in result[1:])
            assert "delivery" in topics.match("late again")

    race(writer, reader, reader)
    assert len(topics) > 6


def test_copying_while_another_thread_adds():
    lexicon = custorient.Lexicon(base="empty")
    lexicon["zorp"] = 2.0
    topics = custorient.Topics(default=False)
    kmf = custorient.KaplanMeierFitter().fit(_KM_A)
    copies = [0]

    def writer(stop):
        for k in range(100000):
            if stop.is_set():
                return
            lexicon["word%d" % k] = 1.0  # grows (and moves) the table
            lexicon["zorp"] = -2.0 if k % 2 else 2.0
            topics.add("topic%d" % (k % 50), "kw%d" % k)
            kmf.fit(_KM_B if k % 2 else _KM_A)

    def copier(stop):
        while not stop.is_set():
            with copy.copy(lexicon) as lex, copy.copy(topics) as top, copy.copy(kmf) as km:
                # a copy is one state of the original: its own words, topics, curve
                words = len(lex)
                assert lex["zorp"] in (2.0, -2.0) and words >= 1
                if words > 1:
                    assert lex["word%d" % (words - 2)] == 1.0
                assert top.names == ["topic%d" % i for i in range(len(top.names))]
                assert list(km.predict([0.5, 1.5, 2.5, 3.5])) in (_S_A, _S_B)
                copies[0] += 1

    race(writer, copier, copier)
    assert copies[0] > 0


# -- Instrument and NPS ---------------------------------------------------------

def test_close_of_an_instrument_while_scoring():
    for _ in range(30):
        inst = custorient.Instrument.builtin(custorient.Instrument.builtin_names()[0])
        k = len(inst.items)
        lo, hi = inst.scale
        answers = np.full((200, k), float(lo))

        def score(stop):
            while True:
                try:
                    out = inst.score(answers)
                    assert out.shape[0] == 200
                    assert inst.title
                except ValueError as exc:
                    assert "closed" in str(exc)
                    return

        t = threading.Thread(target=lambda: (time.sleep(0.001), inst.close()))
        t.start()
        race(score, seconds=5)
        t.join()


def test_concurrent_adds_to_one_nps_are_all_counted():
    acc = custorient.NPS()
    other = custorient.nps([10])
    rounds = 500
    answers = np.array([0, 7, 10] * 1000, dtype=np.uint8)

    def adder(stop):
        for _ in range(rounds):
            acc.add(answers)

    def merger(stop):
        for _ in range(rounds):
            acc.merge(other)
            other.merge(custorient.NPS())  # a.merge(b) and b.merge(a) at once: no deadlock

    def reader(stop):
        while not stop.is_set():
            d, p, r = acc.detractors, acc.passives, acc.promoters
            assert acc.n >= d + p  # counts only grow
            acc.interval()

    race(adder, adder, merger, reader, seconds=30)
    # 2 adders x 500 rounds x 1000 each of 0, 7 and 10, + 500 merged promoters
    assert (acc.detractors, acc.passives, acc.promoters) == (10 ** 6, 10 ** 6, 10 ** 6 + 500)
