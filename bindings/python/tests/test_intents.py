"""custorient.intents: the C detector through the Python layer (docs/intents.md).
Expected confidences are the documented cue weights (hand arithmetic in comments)."""
import pytest

import custorient
from custorient import Intent, IntentRules


def test_one_text_gives_named_intents_with_evidence():
    found = custorient.intents("Cancel my plan and give me my money back.")
    # cue "cancel" 0.9, cue "money back" 0.9
    assert found == [Intent("cancel", pytest.approx(0.9), "Cancel"),
                     Intent("refund", pytest.approx(0.9), "money back")]


def test_negation_and_questions():
    assert custorient.intents("I am not going to cancel.") == []
    # "^do you" 0.5 and '?' 0.8: 1 - 0.5 * 0.2 = 0.9; the evidence is the '?'
    assert custorient.intents("Do you ship to Norway?") == [
        Intent("question", pytest.approx(0.9), "?")]


def test_evidence_is_a_slice_of_non_ascii_text():
    found = custorient.intents("Très déçu, je veux un refund")
    assert [(i.name, i.evidence) for i in found] == [("refund", "refund")]
    assert custorient.intents(b"caf\xc3\xa9 cancel")[0].evidence == "cancel"


def test_many_texts_in_one_call_agree_with_one_at_a_time():
    texts = ["I want to cancel.", "Thanks!", "", "Still waiting for my refund."]
    table = custorient.intents_many(texts)
    assert list(table) == ["cancel", "refund", "complaint", "question", "praise"]
    for i, text in enumerate(texts):
        one = {intent.name: intent.confidence for intent in custorient.intents(text)}
        for name, column in table.items():
            assert column[i] == pytest.approx(one.get(name, 0.0))


def test_definition_text_adds_intents_and_reports_line_and_column():
    rules = IntentRules().load_text("intent upgrade\ncue upgrade 0.8 upgrade my plan\n")
    assert rules.names[-1] == "upgrade" and len(rules) == 6
    assert custorient.intents("Please upgrade my plan", rules=rules) == [
        Intent("upgrade", pytest.approx(0.8), "upgrade my plan")]
    with pytest.raises(custorient.ParseError) as err:
        rules.load_text("intent x\ncue x 2 go\n", source="own.intents")
    assert (err.value.path, err.value.line, err.value.column) == ("own.intents", 2, 7)
    assert len(rules) == 6  # all or nothing


def test_definition_file(tmp_path):
    path = tmp_path / "own.intents"
    path.write_text("intent upgrade\nnegcue upgrade 0.7 downgrade\n")
    rules = IntentRules(path)
    assert custorient.intents("I will not downgrade", rules=rules) == [
        Intent("upgrade", pytest.approx(0.7), "downgrade")]
    with pytest.raises(custorient.FileError):
        IntentRules(tmp_path / "missing.intents")


def test_bad_arguments():
    with pytest.raises(TypeError):
        custorient.intents(42)
    with pytest.raises(TypeError):
        custorient.intents("x", rules="english")


def test_per_customer_from_a_store():
    store = custorient.Store()
    for cid in ("a", "b", "c"):
        store.add_customer(cid, signup_date="2024-01-01")
    store.add_feedback("a", "2024-02-01", "direct", "text", text="I will cancel.")
    store.add_feedback("a", "2024-03-05", "direct", "text", text="Cancelling now.")
    store.add_feedback("c", "2024-02-10", "direct", "text", text="Where is my refund")
    store.add_feedback("c", "2024-04-01", "direct", "text", text="cancel it")  # after as_of
    got = custorient.intents_per_customer(store, "2024-03-31")
    count, last = got["cancel"]
    assert list(count) == [2, 0, 0]
    # 2024-03-05 is day 19787 (2024-01-01 is 19723, plus 31 + 29 + 4)
    assert last[0] == 19787
    assert list(got["refund"][0]) == [0, 0, 1]
