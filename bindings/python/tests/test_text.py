"""The Python face of lib/text: sentiment, lexicons, pain-point topics.

Expected compound values are the hand calculations printed by
tests/reference/sentiment_hand.py (plain arithmetic of docs/sentiment.md)."""

import os
import subprocess
import sys

import numpy as np
import pytest

import custorient

SOURCE = os.environ.get("CO_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", "..", ".."))


@pytest.mark.parametrize("text, expected", [
    ("The product is good.", 0.476658),
    ("The product is not good.", -0.356959),
    ("The product is very good!!!", 0.645006),
    ("The product is VERY GOOD", 0.705827),
    ("not the worst", 0.356959),
    ("The staff were kind of rude", -0.530162),
    ("I couldn’t be happier", 0.542326),
    ("love it 😍😍", 0.920131),
    ("Great product. Terrible delivery, slow and late.", -0.513299),
])
def test_compound_matches_hand_calculation(text, expected):
    assert custorient.sentiment(text).compound == pytest.approx(expected, abs=1e-6)


def test_sentiment_object_has_shares_and_label():
    s = custorient.sentiment("Delivery was late but the support was great")
    assert (s.compound, s.pos, s.neg, s.neu) == pytest.approx(
        (0.670478, 0.391304, 0.086957, 0.521739), abs=1e-6)
    assert s.label == "positive"
    assert custorient.sentiment("The box arrived on Monday.").label == "neutral"
    assert custorient.sentiment("Rude staff.").label == "negative"
    assert custorient.sentiment(b"good").compound == pytest.approx(0.476658, abs=1e-6)
    with pytest.raises(TypeError):
        custorient.sentiment(42)


def test_labelled_set_accuracy():
    path = os.path.join(SOURCE, "tests", "data", "text", "labelled.tsv")
    labels, texts = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            label, text = line.rstrip("\n").split("\t")
            labels.append(label)
            texts.append(text)
    scores = custorient.sentiments(texts)["compound"]
    got = np.where(scores >= 0.05, "pos", np.where(scores <= -0.05, "neg", "neu"))
    assert len(texts) >= 150
    assert np.mean(got == np.array(labels)) >= 0.95


def test_sentiments_matches_one_by_one():
    texts = ["good", "", "Terrible!!", b"not bad", "café 😡"]
    out = custorient.sentiments(texts)
    assert isinstance(out["compound"], np.ndarray)
    for i, text in enumerate(texts):
        s = custorient.sentiment(text)
        assert (out["compound"][i], out["pos"][i], out["neu"][i], out["neg"][i]) == tuple(s)
    assert len(custorient.sentiments([])["compound"]) == 0


def test_lexicon_set_get_and_scoring():
    lex = custorient.Lexicon(base="empty")
    assert len(lex) == 0
    lex["Zippy"] = 2.1
    assert lex["zippy"] == pytest.approx(2.1)
    assert "zippy" in lex and "good" not in lex
    # zippy 2.1 negated scores as "not good" does in the hand calculation.
    assert custorient.sentiment("not zippy", lexicon=lex).compound == pytest.approx(-0.356959,
                                                                                   abs=1e-6)
    with pytest.raises(custorient.RangeError):
        lex["zippy"] = 5
    with pytest.raises(custorient.InvalidArgumentError):
        lex["two words"] = 1
    with pytest.raises(custorient.NotFoundError):
        lex["missing"]
    assert lex["zippy"] == pytest.approx(2.1)
    english = custorient.Lexicon()
    assert len(english) >= 2000
    lex.close()
    with pytest.raises(ValueError):
        len(lex)
    with pytest.raises(ValueError):
        custorient.Lexicon(base="french")


def test_lexicon_file_errors_carry_line_and_column(tmp_path):
    path = tmp_path / "mine.tsv"
    path.write_text("# domain words\nzingy\t2.5\nlaggy\t9\n", encoding="utf-8")
    lex = custorient.Lexicon()
    with pytest.raises(custorient.ParseError) as info:
        lex.load(path)
    assert (info.value.path, info.value.line, info.value.column) == (str(path), 3, 7)
    assert "zingy" not in lex  # all or nothing
    path.write_text("zingy\t2.5\n", encoding="utf-8")
    assert lex.load(path) is lex
    assert lex["zingy"] == 2.5
    with pytest.raises(custorient.FileError):
        lex.load(tmp_path / "absent.tsv")
    with pytest.raises(custorient.ParseError) as info:
        lex.load_text("ok\n", source="inline")
    assert str(info.value) == "inline:1:3: expected TAB between word and valence"
    assert (info.value.path, info.value.line, info.value.column) == ("inline", 1, 3)


def test_a_long_source_name_is_cut_to_4095_bytes_at_a_character():
    # 3000 x "é" is 6000 bytes in UTF-8; the first 4095 would end inside the
    # 2048th character, so 2047 characters (4094 bytes) are kept.
    lex = custorient.Lexicon()
    with pytest.raises(custorient.ParseError) as info:
        lex.load_text("ok\n", source="é" * 3000)
    assert info.value.path == "é" * 2047
    assert str(info.value) == "é" * 2047 + ":1:3: expected TAB between word and valence"


def test_topics_match_and_add():
    topics = custorient.Topics()
    assert topics.names == ["price", "delivery", "quality", "support", "billing", "usability"]
    assert topics.match("The refund for my late delivery") == ["delivery", "billing"]
    topics.add("returns", "return*", "exchange")
    assert topics.match("Returned it for an exchange") == ["returns"]
    with pytest.raises(custorient.ExistsError):
        topics.add("other", "exchange")
    empty = custorient.Topics(default=False, mapping={"staff": ["cashier"]})
    assert empty.names == ["staff"]


def test_pain_points_with_given_scores():
    # Same six texts and hand count as tests/topics_test.c (tally_with_given_scores).
    texts = ["late delivery and rude support", "price was fair",
             "overpriced and the parcel was late", "the app crashed", "nothing to say",
             "billing error"]
    compound = np.array([-0.6, 0.3, -0.5, -0.05, 0.0, -0.4])
    rows = custorient.pain_points(texts, compound=compound)
    assert rows.n_negative == 4
    by_topic = {r.topic: r for r in rows}
    assert rows[0].topic == "delivery"
    assert (by_topic["delivery"].mentions, by_topic["delivery"].negative) == (2, 2)
    assert by_topic["price"].negative_share == 0.25
    assert by_topic["price"].negative_rate == 0.5
    assert by_topic["quality"].mentions == 0
    with pytest.raises(ValueError):
        custorient.pain_points(texts, compound=[0.1])
    with pytest.raises(custorient.InvalidArgumentError):
        custorient.pain_points(texts, compound=[0, 0, 0, float("nan"), 0, 0])


def test_pain_points_scores_texts_itself():
    rows = custorient.pain_points(["The support agent was rude.", "Support was helpful."])
    support = next(r for r in rows if r.topic == "support")
    assert (support.mentions, support.negative) == (2, 1)
    assert rows.n_negative == 1


def test_numpy_scores_pass_without_copy():
    compound = np.zeros(3)
    assert custorient._arrays.as_buffer(compound, "float64") is compound


def test_builtin_lexicon_source_is_compiled_in():
    # The generated table must match lexicon_en.tsv and rules_en.tsv.
    script = os.path.join(SOURCE, "lib", "text", "gen_lexicon.py")
    subprocess.run([sys.executable, script, "--check"], check=True)


@pytest.mark.parametrize("texts", [
    ["good", "bad", "not the worst", "love it 😍", ""],     # str only: packed with NUL separators
    ["good", "a\x00great", "bad"],                          # a NUL inside a text
    ["good", b"bad", "fine"],                               # bytes among str
])
def test_packing_does_not_change_scores(texts):
    out = custorient.sentiments(texts)
    assert list(out["compound"]) == [custorient.sentiment(t).compound for t in texts]
    assert list(out["neu"]) == [custorient.sentiment(t).neu for t in texts]
