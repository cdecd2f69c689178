"""custorient.utils.summary_data_from_transaction_data and the general-frequency
calibration_and_holdout_data.

Expected values: the published expectations of lifetimes' tests of these
functions (tests/test_utils.py, lifetimes commit 4f2833f4), the monetary
statistics of Fader, Hardie and Lee (2005, "RFM and CLV: using iso-value curves
for customer base analysis", CDNOW repeat buyers: 946, mean $35, sd $30, min
$3, median $27, max $300), and tests/reference/summary_data_reference.py
(plain pandas groupby, run offline; output in summary_data_reference.out).
"""

import os

import pytest

from custorient.utils import calibration_and_holdout_data, summary_data_from_transaction_data

pd = pytest.importorskip("pandas")
np = pytest.importorskip("numpy")

SOURCE = os.environ.get("CO_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", "..", ".."))
CDNOW = os.path.join(SOURCE, "tests", "data", "cdnow", "CDNOW_sample.txt")
COLUMNS = ["frequency", "recency", "T"]


def frame(rows, columns):
    return pd.DataFrame(rows, columns=columns)


@pytest.fixture()
def short_log():
    return frame([[1, "2015-02-01"], [1, "2015-02-06"], [2, "2015-01-01"], [3, "2015-01-01"],
                  [3, "2015-01-02"], [3, "2015-01-05"]], ["id", "date"])


@pytest.fixture()
def long_log():
    return frame([[1, "2015-01-01", 1], [1, "2015-02-06", 2], [2, "2015-01-01", 2],
                  [3, "2015-01-01", 3], [3, "2015-01-02", 1], [3, "2015-01-05", 5],
                  [4, "2015-01-16", 6], [4, "2015-02-02", 3], [4, "2015-02-05", 3],
                  [5, "2015-01-16", 3], [5, "2015-01-17", 1], [5, "2015-01-18", 8],
                  [6, "2015-02-02", 5]], ["id", "date", "monetary_value"])


@pytest.fixture(scope="module")
def cdnow():
    tx = pd.read_csv(CDNOW, sep=r"\s+", header=None,
                     names=["id_total", "id", "date", "cds", "amount"])
    tx["date"] = tx["date"].astype(str)
    return tx


def rows_of(summary):
    return [[k] + list(v) for k, v in zip(summary.index, summary.values.tolist())]


def test_lifetimes_daily_expectations(short_log):
    got = summary_data_from_transaction_data(short_log, "id", "date",
                                             observation_period_end="2015-02-07")
    assert list(got.columns) == COLUMNS and got.index.name == "id"
    assert rows_of(got) == [[1, 1, 5, 6], [2, 0, 0, 37], [3, 2, 4, 37]]
    assert (got.dtypes == float).all()
    # lifetimes also takes the end as a Period.
    as_period = summary_data_from_transaction_data(
        short_log, "id", "date", observation_period_end=pd.Period("2015-02-07", freq="D"))
    pd.testing.assert_frame_equal(got, as_period)
    compact = short_log.assign(date=short_log["date"].str.replace("-", ""))
    again = summary_data_from_transaction_data(compact, "id", "date", datetime_format="%Y%m%d",
                                               observation_period_end="20150207")
    pd.testing.assert_frame_equal(got, again)


def test_lifetimes_weekly_expectations(long_log):
    got = summary_data_from_transaction_data(long_log, "id", "date",
                                             observation_period_end="20150207", freq="W")
    assert rows_of(got) == [[1, 1, 5, 5], [2, 0, 0, 5], [3, 1, 1, 5], [4, 1, 3, 3],
                            [5, 0, 0, 3], [6, 0, 0, 0]]
    same_day = frame([[1, "2015-01-01"], [1, "2015-01-01"]], ["id", "t"])
    assert summary_data_from_transaction_data(same_day, "id", "t", freq="W").loc[1, "frequency"] == 0


def test_lifetimes_monetary_expectations(long_log):
    got = summary_data_from_transaction_data(long_log, "id", "date", "monetary_value",
                                             observation_period_end="20150207")
    assert list(got.columns) == COLUMNS + ["monetary_value"]
    assert rows_of(got) == [[1, 1, 36, 37, 2], [2, 0, 0, 37, 0], [3, 2, 4, 37, 3],
                            [4, 2, 20, 22, 3], [5, 2, 2, 22, 4.5], [6, 0, 0, 5, 0]]
    # The first purchase by date is the one left out, whatever the row order.
    dates = pd.to_datetime(pd.Series(["2014-04-09", "2014-03-14", "2014-05-21"]))
    shuffled = pd.DataFrame({"date": dates, "id": [2, 2, 2], "sales": [20, 10, 25]})
    assert summary_data_from_transaction_data(shuffled, "id", "date", "sales") \
        .loc[2, "monetary_value"] == 22.5


def test_any_customer_id_type(short_log):
    named = short_log.assign(id=short_log["id"].map({1: "X", 2: "Y", 3: "Z"}))
    got = summary_data_from_transaction_data(named, "id", "date", observation_period_end="2015-02-07")
    assert list(got.index) == ["X", "Y", "Z"] and got.loc["Z", "frequency"] == 2
    ints = summary_data_from_transaction_data(short_log, "id", "date")
    assert ints.index.dtype == "int64"
    # Rows without an id are left out, as pandas' groupby does.
    missing = named.astype({"id": object})
    missing.loc[0, "id"] = None
    got = summary_data_from_transaction_data(missing, "id", "date",
                                             observation_period_end="2015-02-07")
    assert got.loc["X", "frequency"] == 0 and got.loc["X", "T"] == 1


def test_hardie_monetary_statistics(cdnow):
    calibration = cdnow[cdnow["date"] < "19971001"]
    got = summary_data_from_transaction_data(calibration, "id", "date", "amount",
                                             datetime_format="%Y%m%d")
    stats = got[got["frequency"] > 0]["monetary_value"].describe()
    assert [round(stats[k]) for k in ("count", "mean", "std", "min", "50%", "max")] == \
        [946, 35, 30, 3, 27, 300]


def reference(frame_, ids_and_rows, sums, rtol=1e-9):
    s = [frame_[c].sum() for c in ("frequency", "recency", "T", "monetary_value")]
    assert np.allclose(s, sums, rtol=rtol)
    for i, row in ids_and_rows.items():
        assert np.allclose(frame_.loc[i].values, row, rtol=rtol), i


def test_cdnow_matches_the_pandas_reference(cdnow):
    # tests/reference/summary_data_reference.out, section by section.
    def run(**kw):
        return summary_data_from_transaction_data(cdnow, "id", "date", "amount",
                                                  datetime_format="%Y%m%d", **kw)
    weeks = run(observation_period_end="19970930", freq_multiplier=7)
    assert len(weeks) == 2357
    reference(weeks, {1: [2, 30.42857143, 38.85714286, 22.345], 2357: [0, 0, 27, 0]},
              [2457, 16135.57143, 77111.28571, 33183.64377])
    reference(run(), {1: [3, 345, 545, 23.72333333], 1000: [7, 456, 508, 20.99857143]},
              [4339, 307464, 1183240, 40758.44138])
    reference(run(freq="W"), {18: [1, 5, 78, 9.99], 2357: [0, 0, 66, 0]},
              [4004, 43920, 169671, 42918.75224])
    reference(run(freq="M"), {1: [2, 10.97353128, 16.95312019, 20.72],
                              2357: [0, 0, 15.01468203, 0]},
              [3103, 10051.52467, 37691.91154, 46018.52409])
    reference(run(include_first_transaction=True), {1: [4, 345, 545, 25.125],
                                                    2357: [1, 0, 462, 25.74]},
              [6696, 307464, 1183240, 77751.26569])
    # The observation end's whole period counts (lifetimes compares period starts).
    reference(run(observation_period_end="19970326", freq="W"),
              {1: [1, 2, 12, 29.73], 18: [1, 5, 12, 9.99]}, [655, 1909, 14109, 18876.22782])
    # Hours with a multiplier of 24 are days.
    pd.testing.assert_frame_equal(run(freq="h", freq_multiplier=24), run())


def test_monthly_split_matches_the_pandas_reference(cdnow):
    got = calibration_and_holdout_data(cdnow, "id", "date", "19970930", "19980630", freq="M",
                                       datetime_format="%Y%m%d", monetary_value_col="amount")
    assert list(got.columns) == ["frequency_cal", "recency_cal", "T_cal", "monetary_value_cal",
                                 "frequency_holdout", "monetary_value_holdout",
                                 "duration_holdout"]
    # reference: 2357 rows; sums 1625, 16551.07497, 1478, 24901.08024; customer 1
    # 1, 6.965235426, 7.983736832, 14.96, 1, 26.48; duration 9 whole months.
    assert len(got) == 2357
    assert np.allclose([got[c].sum() for c in ("frequency_cal", "T_cal", "frequency_holdout",
                                               "monetary_value_holdout")],
                       [1625, 16551.07497, 1478, 24901.08024], rtol=1e-9)
    assert np.allclose(got.loc[1].values, [1, 6.965235426, 7.983736832, 14.96, 1, 26.48, 9],
                       rtol=1e-9)


def test_lifetimes_weekly_split_expectations(long_log):
    # lifetimes' expectations for freq="W" (with include_first_transaction the general
    # path runs; its calibration frequency is one more).
    want = [[1, 0, 0, 4, 1, 1], [2, 0, 0, 4, 0, 1], [3, 1, 1, 4, 0, 1], [4, 0, 0, 2, 1, 1],
            [5, 0, 0, 2, 0, 1]]
    got = calibration_and_holdout_data(long_log, "id", "date", "2015-02-01",
                                       observation_period_end="2015-02-07", freq="W")
    assert rows_of(got) == want
    first = calibration_and_holdout_data(long_log, "id", "date", "2015-02-01",
                                         observation_period_end="2015-02-07", freq="W",
                                         include_first_transaction=True)
    assert rows_of(first) == [[r[0], r[1] + 1] + r[2:] for r in want]


def test_bad_frequencies_and_spans(short_log, cdnow):
    with pytest.raises(ValueError, match="freq"):
        summary_data_from_transaction_data(short_log, "id", "date", freq="B")
    with pytest.raises(ValueError, match="freq"):
        summary_data_from_transaction_data(short_log, "id", "date", freq="not a frequency")
    with pytest.raises(ValueError, match="coarser"):  # 18 months of seconds
        summary_data_from_transaction_data(cdnow, "id", "date", freq="s",
                                           datetime_format="%Y%m%d")
    with pytest.raises(ValueError, match="freq_multiplier"):
        summary_data_from_transaction_data(short_log, "id", "date", freq_multiplier=0)


def test_empty_log_gives_an_empty_summary():
    got = summary_data_from_transaction_data(frame([], ["id", "date"]), "id", "date")
    assert len(got) == 0 and list(got.columns) == COLUMNS


@pytest.mark.parametrize("freq", ["D", "h", "2h", "min", "W", "W-WED", "M", "Q", "Q-NOV",
                                  "Y", "A-JUN"])
def test_period_starts_agree_with_pandas_to_period(freq):
    # The fast period floors against pandas' own to_period().to_timestamp(), on random
    # times from 1900 to 2100 (before 1970 too, where integer division must floor).
    from custorient._periods import Grid
    rng = np.random.default_rng(3)
    seconds = rng.integers(-70 * 365 * 86400, 130 * 365 * 86400, 2000)
    stamps = pd.DatetimeIndex(np.datetime64("1970-01-01") + seconds.astype("timedelta64[s]"))
    grid = Grid(freq)
    base = 86400 * 10**9 if grid.daily else pd.tseries.frequencies.to_offset(freq).base.nanos
    want = stamps.to_period(freq).to_timestamp().asi8 // base
    assert (grid.starts(stamps) == want).all()
    local = stamps.tz_localize("Europe/Paris", nonexistent="shift_forward", ambiguous=False)
    assert (grid.starts(local) == local.tz_localize(None).to_period(freq).to_timestamp()
            .asi8 // base).all()


def test_missing_dates_are_refused(short_log):
    short_log.loc[0, "date"] = None
    with pytest.raises(ValueError, match="missing dates"):
        summary_data_from_transaction_data(short_log, "id", "date")
