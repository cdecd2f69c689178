"""The Python face of survey instruments. Alpha values from
tests/reference/instrument_reference.py (numpy)."""

import math
import os

import numpy as np
import pytest

import custorient

DEFINITION = """instrument Test survey
scale 1 5
subscale all mean Everything
subscale first sum First three
item q1 all,first + One
item q2 all,first + Two
item q3 all,first - Three
item q4 all + Four
"""

ANSWERS = np.array([[4, 5, 2, 4], [3, 3, 3, 3], [5, 4, 1, 5], [2, 2, 4, 1],
                    [4, 4, 2, np.nan], [1, 2, 5, 2]])


def test_parse_score_and_alpha():
    inst = custorient.Instrument.parse(DEFINITION)
    assert inst.title == "Test survey"
    assert inst.scale == (1, 5)
    assert [i.reversed for i in inst.items] == [False, False, True, False]
    assert inst.subscales[1] == custorient.Subscale("first", "First three", "sum",
                                                    ["q1", "q2", "q3"])
    scores = inst.score(ANSWERS)
    assert scores.shape == (6, 2)
    # Hand: respondent 0 -> mean 4.25, sum 13; respondent 4 -> 4 and 12.
    assert list(scores[0]) == [4.25, 13.0]
    assert list(scores[4]) == [4.0, 12.0]
    assert inst.score([5, np.nan, np.nan, np.nan])[0, 1] != inst.score([5, 5, 1, 5])[0, 1]
    assert math.isnan(inst.score([5, np.nan, np.nan, np.nan])[0, 0])
    # numpy reference: 0.969337289812 and 0.965163934426; raw -0.259740259740.
    assert inst.alpha(ANSWERS, "all") == pytest.approx(0.969337289812, abs=1e-11)
    assert inst.alpha(ANSWERS, 1) == pytest.approx(0.965163934426, abs=1e-11)
    assert custorient.cronbach_alpha(ANSWERS) == pytest.approx(-0.259740259740, abs=1e-11)
    with pytest.raises(KeyError):
        inst.alpha(ANSWERS, "none")
    with pytest.raises(ValueError, match="4 columns"):
        inst.score(np.ones((2, 3)))
    with pytest.raises(custorient.RangeError, match="respondent 0 to item 'q1'"):
        inst.score([9, 1, 1, 1])


def test_parse_error_carries_line_and_column():
    with pytest.raises(custorient.ParseError) as info:
        custorient.Instrument.parse("instrument A\nscale 1 5\nsubscale s median S\n",
                                    source="mine.txt")
    err = info.value
    assert (err.path, err.line, err.column) == ("mine.txt", 3, 12)
    assert "expected 'sum' or 'mean'" in str(err)


def test_builtins():
    assert custorient.Instrument.builtin_names() == ["customer-orientation",
                                                     "sales-customer-orientation"]
    with custorient.Instrument.builtin("customer-orientation") as inst:
        assert len(inst.subscales) == 8
        assert len(inst.items) == 14
    soco = custorient.Instrument.builtin("sales-customer-orientation")
    assert [s.id for s in soco.subscales] == ["customer", "sales"]
    with pytest.raises(custorient.NotFoundError):
        custorient.Instrument.builtin("nope")


def test_load_file():
    path = os.path.join(os.environ.get("CO_SOURCE_DIR", "."), "tests", "data",
                        "store_visit.instrument")
    inst = custorient.Instrument.load(path)
    assert inst.title == "Store visit survey"
    with pytest.raises(custorient.FileError):
        custorient.Instrument.load(path + ".missing")
