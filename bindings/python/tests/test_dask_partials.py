"""The partial states custorient.dask ships between processes, on a LocalCluster of two
worker processes: each partition's state leaves its worker as the library's bytes (the
"COPS" frame of custorient/partial.h), the merges are the library's, damaged bytes are
refused, and the merged topic, sentiment and cohort states equal the one-pass functions
on the same rows (pain_points, sentiments, cohort_retention; those are checked against
independent values in their own tests)."""

import functools
import os

import pytest

dask = pytest.importorskip("dask")
distributed = pytest.importorskip("dask.distributed")
dd = pytest.importorskip("dask.dataframe")
np = pytest.importorskip("numpy")
pd = pytest.importorskip("pandas")

import custorient  # noqa: E402
import custorient.dask  # noqa: E402,F401
from custorient import _dask_partials as parts  # noqa: E402
from custorient import partial  # noqa: E402

AS_OF = "2024-12-31"


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    """(orders, feedback) of a generated shop as pandas frames and as Dask frames of 5
    partitions each, rows in a shuffled order."""
    source = str(tmp_path_factory.mktemp("shop"))
    custorient.generate_sample(source, seed=5, customers=600)
    out = []
    for stem in ("orders", "feedback"):
        frame = pd.read_csv(os.path.join(source, stem + ".csv"), keep_default_na=False,
                            dtype={"text": str})
        frame = frame.iloc[np.random.default_rng(3).permutation(len(frame))]
        frame = frame.reset_index(drop=True)
        out += [frame, dd.from_pandas(frame, npartitions=5)]
    return out


def sent_states(collection, state, *args):
    """What the workers send for each partition (computed on the cluster)."""
    return dask.compute(*parts.partial_bytes((collection,), state, *args))


@pytest.mark.parametrize("state, args, kind", [
    (parts.nps_state, (), "NPS counts"),
    (parts.ratings_state, (0, 10), "rating counts"),
    (parts.histogram_state, (), "value histogram"),
    (parts.km_state_of(["durations"]), (), "Kaplan-Meier counts"),
    (parts.sentiment_state, (), "sentiment tallies"),
])
def test_workers_send_framed_bytes(client, tables, state, args, kind):
    del client
    scores = tables[3]
    scores = scores[scores["kind"] == "nps"]["score"].astype("int64")
    if kind == "sentiment tallies":
        scores = scores / 10.0  # compound scores in [0, 1]
    blobs = sent_states(scores, state, *args)
    assert len(blobs) == 5
    for blob in blobs:
        assert type(blob) is bytes and blob[:4] == b"COPS"
        assert partial.partial_kind(blob) == kind


def test_purchase_rows_travel_as_bytes(client, tables):
    del client
    from custorient._dask_models import _state_bytes
    frame = tables[1]
    frame = frame.assign(x=frame["amount"].round(), t=frame["amount"].round() + 1.0,
                         T=frame["amount"].round() + 2.0)
    blobs = dask.compute(*parts.partial_bytes((frame["x"], frame["t"], frame["T"]),
                                              functools.partial(_state_bytes, False)))
    assert all(type(b) is bytes and partial.partial_kind(b) == "purchase rows"
               for b in blobs)


def test_merge_takes_bytes_only():
    with pytest.raises(TypeError, match="travels as bytes"):
        parts.merge_bytes([custorient.nps([9, 10]), custorient.nps([3])])


def test_damaged_state_is_refused_on_the_cluster(client, tables):
    scores = tables[3]
    scores = scores[scores["kind"] == "nps"]["score"].astype("int64")
    good = sent_states(scores, parts.nps_state)
    flipped = bytearray(good[1])
    flipped[20] ^= 0x01  # a count in the payload: only the checksum can tell
    merge = dask.delayed(parts.merge_bytes)
    with pytest.raises(custorient.CorruptError, match="checksum"):
        client.compute(merge([good[0], bytes(flipped)])).result()
    with pytest.raises(custorient.CorruptError):
        client.compute(merge([good[0], good[1][:-7]])).result()  # truncated
    with pytest.raises(custorient.CorruptError, match="bad magic"):
        client.compute(merge([good[0], b"PK\x03\x04" + good[1][4:]])).result()
    # a state of another kind is refused too, not added
    other = sent_states(scores, parts.histogram_state)
    with pytest.raises(TypeError, match="different kinds"):
        client.compute(merge([good[0], other[0]])).result()


def test_topic_and_sentiment_tallies_equal_one_pass(client, tables):
    del client
    texts = tables[2]["text"]
    assert (texts != "").sum() > 100
    dtexts = tables[3]["text"]
    tally = parts.reduce((dtexts,), parts.topic_state, parts.merge_bytes,
                         custorient.text.NEGATIVE_AT)
    assert isinstance(tally, partial.TopicTally)
    assert tally.pain_points() == custorient.pain_points(list(texts))
    compound = dtexts.map_partitions(
        lambda t: pd.Series(custorient.sentiments(list(t))["compound"],
                            index=t.index), meta=("compound", "float64"))
    merged = parts.reduce((compound,), parts.sentiment_state, parts.merge_bytes)
    single = custorient.sentiments(list(texts))["compound"]
    # counts by the thresholds of the tally (positive >= 0.05, negative <= -0.05)
    assert (merged.n, merged.positive, merged.negative) == \
        (len(single), int(np.sum(single >= 0.05)), int(np.sum(single <= -0.05)))
    assert merged.mean == pytest.approx(float(np.mean(single)), abs=2.0 ** -33)


def test_cohorts_after_a_shuffle_equal_one_pass(client, tables):
    del client
    orders = tables[0]
    day = pd.to_datetime(orders["date"]).to_numpy().astype("datetime64[D]").astype(np.int64)
    as_of = custorient.parse_date(AS_OF)
    codes, _ = pd.factorize(orders["customer_id"])
    first = pd.Series(day).groupby(codes).min().to_numpy()
    single = custorient.cohort_retention(first, codes, day, as_of)
    frame = tables[1].assign(day=tables[1]["date"].map_partitions(
        lambda d: pd.Series(pd.to_datetime(d).to_numpy().astype("datetime64[D]")
                            .astype(np.int64), index=d.index), meta=("day", "int64")))
    frame = frame[["customer_id", "day"]].shuffle(on="customer_id")
    merged = parts.reduce((frame["customer_id"], frame["day"]), parts.cohorts_state,
                          parts.merge_bytes, as_of).matrix()
    assert merged.months == single.months
    assert np.array_equal(merged.sizes, single.sizes)
    assert np.array_equal(merged.active, single.active)
    assert np.array_equal(merged.rates, single.rates, equal_nan=True)


def test_columns_of_one_frame_are_computed_once(tables):
    # The fit takes three columns of one frame: each partition of the frame is made
    # once, not once per column (3 calls for 3 partitions).
    from custorient.utils import summary_data_from_transaction_data
    calls = []

    def made(part):
        calls.append(len(part))
        return part

    table = summary_data_from_transaction_data(tables[0], "customer_id", "date",
                                               observation_period_end=AS_OF)
    frame = dd.from_pandas(table, npartitions=3)
    frame = frame.map_partitions(made, meta=frame._meta)
    with dask.config.set(scheduler="sync"):
        fitted = custorient.BetaGeoFitter().fit(frame["frequency"], frame["recency"],
                                                frame["T"])
    assert len(calls) == 3 and sum(calls) == len(table)
    single = custorient.BetaGeoFitter().fit(table["frequency"], table["recency"], table["T"])
    assert np.array_equal(fitted.params_.to_numpy(), single.params_.to_numpy())


def test_one_partition_is_summarised_without_a_shuffle(tables):
    from custorient._dask_summary import by_customer
    from custorient.utils import summary_data_from_transaction_data
    orders = tables[0][["customer_id", "date", "amount"]]
    one = dd.from_pandas(orders, npartitions=1)
    assert by_customer(one, "customer_id") is one
    assert by_customer(one, "customer_id", 2).npartitions == 2
    got = custorient.dask.summary_data_from_transaction_data(
        one, "customer_id", "date", "amount", observation_period_end=AS_OF)
    expected = summary_data_from_transaction_data(orders, "customer_id", "date", "amount",
                                                  observation_period_end=AS_OF)
    with dask.config.set(scheduler="sync"):
        pd.testing.assert_frame_equal(got.compute(), expected, check_exact=True)


def test_kaplan_meier_with_entry_and_weights_equals_one_pass(client, tables):
    del client
    from custorient.utils import summary_data_from_transaction_data
    s = summary_data_from_transaction_data(tables[0], "customer_id", "date",
                                           observation_period_end=AS_OF)
    frame = pd.DataFrame({"d": s["recency"] + 1.0, "e": np.floor(s["recency"] / 2),
                          "w": s["frequency"] + 1.0, "o": (s["T"] - s["recency"]) > 90})
    single = custorient.KaplanMeierFitter().fit(frame["d"], frame["o"], entry=frame["e"],
                                                weights=frame["w"])
    parts_ = dd.from_pandas(frame, npartitions=4)
    merged = custorient.KaplanMeierFitter().fit(parts_["d"], parts_["o"], entry=parts_["e"],
                                                weights=parts_["w"])
    for name in ("survival_function_", "confidence_interval_", "event_table"):
        pd.testing.assert_frame_equal(getattr(merged, name), getattr(single, name),
                                      check_exact=True)
    assert merged.entry is None
    assert merged.weights.sum() == frame["w"].sum()  # whole weights: exact sums


def test_kaplan_meier_warns_of_fractional_weights_as_one_pass(client):
    del client
    frame = pd.DataFrame({"d": [1.0, 2.0, 2.0, 3.0, 5.0, 8.0],
                          "w": [0.5, 1.0, 1.5, 1.0, 2.0, 0.25]})
    with pytest.warns(custorient.StatisticalWarning, match="not whole numbers") as single:
        custorient.KaplanMeierFitter().fit(frame["d"], weights=frame["w"])
    parts_ = dd.from_pandas(frame, npartitions=2)
    with pytest.warns(custorient.StatisticalWarning, match="not whole numbers") as merged:
        custorient.KaplanMeierFitter().fit(parts_["d"], weights=parts_["w"])
    assert merged[0].filename == single[0].filename == __file__  # points at the caller
