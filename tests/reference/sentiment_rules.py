#!/usr/bin/env python3
"""A second, independent implementation of the scoring rules of
docs/sentiment.md (ASCII text and emoticons only), written from the document
rather than from the C code. It reads lib/text/lexicon_en.tsv and
lib/text/rules_en.tsv and prints the compound score of each ASCII sentence of
tests/data/text/labelled.tsv and of the edge cases in tests/data/text/tricky.txt;
tests/sentiment_test.c asserts that the library agrees on all of them.

Run: /usr/bin/python3 tests/reference/sentiment_rules.py > tests/data/text/rules_reference.tsv
"""
import math
import os
import re

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def read_tsv(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        for line in f:
            if not line.startswith("#"):
                yield line.rstrip("\n").split("\t")


VALENCE = {w: float(v) for w, v in read_tsv("lib/text/lexicon_en.tsv")}
ROLE = {}
for w, role in read_tsv("lib/text/rules_en.tsv"):
    ROLE.setdefault(w, set()).add(role)

WORD = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|'(?=[A-Za-z0-9])|-(?=[A-Za-z0-9]))*")


def emoticon_at(text, i):
    """End of the emoticon chunk starting at i, or None: a whitespace-delimited
    chunk of 2..8 characters, starting with punctuation, in the lexicon."""
    if i > 0 and not text[i - 1].isspace():
        return None
    end = i
    while end < len(text) and not text[end].isspace():
        end += 1
    chunk = text[i:end].lower()
    return end if 2 <= len(chunk) <= 8 and chunk in VALENCE else None


def tokens(text):
    """[key, caps, nt, excl, clause_end, sentence_end] per token."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isalnum():
            raw = WORD.match(text, i).group(0)
            letters = [ch for ch in raw if ch.isalpha()]
            out.append([raw.lower().replace("'", ""),
                        len(letters) >= 2 and all(ch.isupper() for ch in letters),
                        raw.lower().endswith("n't"), 0, False, False])
            i += len(raw)
        elif not c.isspace() and emoticon_at(text, i):
            end = emoticon_at(text, i)
            out.append([text[i:end].lower(), False, False, 0, False, False])
            i = end
        else:
            i += 1  # punctuation before the first token
            continue
        # The punctuation up to the next token belongs to this one.
        tok = out[-1]
        while i < n and not text[i].isalnum():
            c = text[i]
            if c not in ".!? \t\r\n" and emoticon_at(text, i):
                break
            if c == "\n" or c in "!?" or (c == "." and (i + 1 == n or not text[i + 1].isalnum())):
                tok[5] = True
            tok[3] += c == "!"
            tok[4] = tok[4] or c in ',;:()[]"-'
            i += 1
        tok[4] = tok[4] or tok[5]
    return out


def compound(x):
    return x / math.sqrt(x * x + 15)


def score(text):
    toks = tokens(text)
    caps_ok = any("a" <= ch <= "z" for ch in text)
    weighted = weight = 0.0
    sent = None

    def new_sentence():
        return {"window": [], "contrast": False, "sum": [0.0, 0.0], "n": 0, "excl": 0}

    def end(s):
        nonlocal weighted, weight
        before = 0.5 if s["contrast"] else 1.0
        x = before * s["sum"][0] + 1.5 * s["sum"][1]
        e = min(s["excl"], 4) * 0.292
        x = x + e if x > 0 else x - e if x < 0 else x
        if s["n"]:
            weighted += s["n"] * compound(x)
            weight += s["n"]

    sent = new_sentence()
    for k, tok in enumerate(toks):
        key, caps, nt, excl, clause_end, sentence_end = tok
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        roles = ROLE.get(key, set()) | ({"negator"} if nt else set())
        nxt_counts = nxt is not None and not clause_end and (
            nxt[0] in VALENCE or ROLE.get(nxt[0], set()) & {"up", "down", "kindof"})
        boost = 0.0
        win = sent["window"]
        if ("kindof" in roles and nxt is not None and not clause_end and nxt[0] == "of"
                and not (win and win[0][1] > 0)):
            boost = -0.293
        elif roles & {"up", "down"} and nxt_counts:
            boost = 0.293 if "up" in roles else -0.293
            if caps and caps_ok:
                boost += 0.733 if boost > 0 else -0.733
        elif "contrast" in roles and not sent["contrast"]:
            sent["contrast"] = True
            sent["window"] = []
            sent["excl"] += excl
            if sentence_end:
                end(sent)
                sent = new_sentence()
            continue
        v = 0.0
        if boost == 0 and VALENCE.get(key, 0) != 0:
            v = VALENCE[key]
            s = 1 if v > 0 else -1
            if caps and caps_ok:
                v += s * 0.733
            for dist, (r, b) in enumerate(win):
                v += s * b * (1.0, 0.95, 0.9)[dist]
            if v * s < 0:
                v = 0.0
            negated = any("negator" in r for r, _ in win)
            be = any("be" in r for r, _ in win)
            comparative = "comparative" in roles or any("comparative" in r for r, _ in win)
            if negated and not (be and comparative):
                v = -s * 0.74 * min(abs(v), 2.0)
        if v != 0:
            sent["sum"][1 if sent["contrast"] else 0] += v
            sent["n"] += 1
        win.insert(0, (roles & {"negator", "be", "comparative"}, boost))
        del win[3:]
        sent["excl"] += excl
        if clause_end:
            sent["window"] = []
        if sentence_end:
            end(sent)
            sent = new_sentence()
    end(sent)
    return weighted / weight if weight else 0.0


def main():
    texts = [text for _, text in read_tsv("tests/data/text/labelled.tsv") if text.isascii()]
    with open(os.path.join(ROOT, "tests/data/text/tricky.txt"), encoding="utf-8") as f:
        texts += [line.rstrip("\n") for line in f if not line.startswith("#")]
    print("# compound TAB text (\\n in a text is a newline); from tests/reference/sentiment_rules.py")
    for text in texts:
        print("%.6f\t%s" % (score(text.replace("\\n", "\n")), text))


if __name__ == "__main__":
    main()
