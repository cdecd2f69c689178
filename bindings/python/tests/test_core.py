"""The Python face of lib/core: version, errors, dates, buffers."""

import array
import datetime
import os
import re

import pytest

import custorient
from custorient import _arrays


def test_version_is_the_c_library_version():
    assert re.fullmatch(r"\d+\.\d+\.\d+", custorient.__version__)
    # CMake's project version, handed over by the test's environment.
    assert custorient.__version__ == os.environ["CO_PROJECT_VERSION"]


def test_parse_date_counts_days_since_1970():
    # Hand check: 2000-01-01 is 30 * 365 + 7 leap days = 10957 days after 1970-01-01.
    assert custorient.parse_date("2000-01-01") == 10957
    assert custorient.parse_date(datetime.date(2000, 1, 1)) == 10957
    assert custorient.format_date(10957) == "2000-01-01"


def test_parse_date_takes_any_integer_as_a_day_number_but_not_a_bool():
    np = pytest.importorskip("numpy")
    # 2000-01-01 is day 10957 (30 years of 365 days plus 7 leap days).
    assert custorient.parse_date(np.int64(10957)) == 10957
    assert type(custorient.parse_date(np.int32(10957))) is int
    assert custorient.parse_date(np.uint16(0)) == 0
    for flag in (True, False, np.bool_(True)):
        with pytest.raises(TypeError, match="day number"):
            custorient.parse_date(flag)
    # As every integer argument: a whole float is taken, a fraction is not.
    assert custorient.parse_date(10957.0) == 10957
    with pytest.raises(custorient.RangeError):
        custorient.parse_date(10957.5)
    with pytest.raises(custorient.RangeError):
        custorient.parse_date(2**63)
    with pytest.raises(TypeError, match='"YYYY-MM-DD" string.*not list'):
        custorient.parse_date([10957])
    with pytest.raises(TypeError, match="not NoneType"):
        custorient.parse_date(None)
    store = custorient.Store()
    store.add_customer("c", signup_date=np.int64(10957))
    assert store["c"].signup_date == datetime.date(2000, 1, 1)
    with pytest.raises(TypeError):
        store.add_customer("d", signup_date=True)


def test_bad_date_raises_parse_error_with_message():
    with pytest.raises(custorient.ParseError) as info:
        custorient.parse_date("2023-02-29")
    assert "no such date 2023-02-29" in str(info.value)
    assert info.value.status == -5
    assert isinstance(info.value, ValueError)


def test_out_of_range_day_raises_range_error():
    with pytest.raises(custorient.RangeError):
        custorient.format_date(10**9)


def test_parse_error_carries_the_location_it_is_given():
    err = custorient._errors._from_status(-5, b"orders.csv:17:4: unterminated quoted field",
                                          "orders.csv", 17, 4)
    assert isinstance(err, custorient.ParseError)
    assert (err.path, err.line, err.column) == ("orders.csv", 17, 4)
    assert err.message.endswith("unterminated quoted field")


def test_location_is_not_read_from_the_message():
    err = custorient._errors._from_status(-7, b"a.csv:3:9: looks located")
    assert (err.path, err.line, err.column) == (None, None, None)
    # A path without a line (a file that cannot be opened): line and column are None.
    err = custorient._errors._from_status(-4, b"a.csv: cannot open", "a.csv", 0, 0)
    assert (err.path, err.line, err.column) == ("a.csv", None, None)


def test_errors_outside_files_have_no_location():
    with pytest.raises(custorient.ParseError) as info:
        custorient.parse_date("2023-02-29")
    assert (info.value.path, info.value.line, info.value.column) == (None, None, None)


def test_every_status_has_its_own_class():
    classes = {custorient._errors._from_status(s, b"x").__class__ for s in range(-1, -11, -1)}
    assert len(classes) == 10
    assert all(issubclass(c, custorient.Error) for c in classes)


def test_buffers_pass_without_copy_when_types_match():
    values = array.array("d", [1.0, 2.0])
    assert _arrays.as_buffer(values) is values
    converted = _arrays.as_buffer([1, 2, 3])
    assert _arrays.length(converted) == 3
    with pytest.raises(ValueError):
        _arrays.same_length("a", converted, "b", values)
