#!/usr/bin/env python3
"""A second, independent implementation of the scoring rules of
docs/sentiment.md (ASCII text and emoticons only), written from the document
rather than from the C code. It reads lib/text/lexicon_en.tsv,
lib/text/rules_en.tsv and lib/text/phrases_en.tsv and prints the compound
score of each ASCII sentence of tests/data/text/labelled.tsv, of the
customer-service set tests/data/text/service.tsv and of the edge cases in
tests/data/text/tricky.txt; tests/sentiment_test.c asserts that the library
agrees on all of them.

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
PHRASE = dict(read_tsv("lib/text/phrases_en.tsv"))  # "first second" -> role or valence
CUE = -1.5
NOT_A_WISH = {"you", "to", "a", "an", "all", "everyone"}
REPEATED = {"time", "email", "message", "call", "request", "attempt", "ticket", "letter",
            "complaint", "reminder"}

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


def service_rule(sent, prv, key, roles, nxt, clause_end):
    """The valence a service-language rule gives the word, or None."""
    if sent["ing"] and key not in ("on", "for", "at"):
        sent["flip"] = sent["flip"] or (len(key) > 4 and key.endswith("ing"))
        sent["ing"] = False
    if "request" in roles:
        sent["request"] = True
    phrase = PHRASE.get(prv[0] + " " + key) if prv is not None else None
    if phrase is not None:
        if phrase in ("sarcasm", "wish") or (phrase == "opener" and sent["ntok"] == 1):
            sent["flip"] = True
        elif phrase == "praise-ing":
            sent["ing"] = True
        elif phrase != "opener":
            return float(phrase)
    if "wish" in roles and nxt is not None and not clause_end and nxt[0] not in NOT_A_WISH:
        sent["flip"] = True
    if "modal" in roles:
        sent["modal"] = True
    win = sent["window"]
    if win and "negator" in win[0][0] and key in ("what", "as"):
        sent["negwhat"] = True
    if "repair" in roles and (sent["ntok"] == 0 or sent["request"]):
        return CUE
    if "expect" in roles:
        if not sent["neg"]:
            sent["expect"] = True
        return CUE if sent["negwhat"] else 0.0
    if "comparative" in roles and sent["expect"]:
        return CUE
    if "absent" in roles and sent["neg"]:
        return CUE
    if "ordinal" in roles and nxt is not None and not clause_end and nxt[0] in REPEATED:
        return CUE
    return None


def score(text):
    toks = tokens(text)
    caps_ok = any("a" <= ch <= "z" for ch in text)
    weighted = weight = 0.0
    sent = None

    def new_sentence():
        return {"window": [], "contrast": False, "sum": [0.0, 0.0], "pos": [0.0, 0.0], "n": 0,
                "excl": 0, "ntok": 0, "flip": False, "request": False, "ing": False,
                "neg": False, "modal": False, "expect": False, "negwhat": False}

    def end(s):
        nonlocal weighted, weight
        if s["flip"]:  # sarcasm or a wish: positive mass turns negative by 0.74
            if s["n"] == 0:
                s["sum"][0], s["n"] = -1.0, 1
            else:
                for h in (0, 1):
                    s["sum"][h] -= 1.74 * s["pos"][h]
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
        prv = toks[k - 1] if k > 0 and not toks[k - 1][4] else None
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
            sent["ntok"] += 1
            if sentence_end:
                end(sent)
                sent = new_sentence()
            continue
        v = 0.0
        service = None if boost else service_rule(sent, prv, key, roles, nxt, clause_end)
        if service is not None:
            v = service
        elif boost == 0 and VALENCE.get(key, 0) != 0:
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
            if v > 0 and sent["modal"] and be and not negated:
                if nxt is not None and nxt[0] in ("if", "to"):
                    sent["flip"] = True  # "it would be nice if ..."
                elif "comparative" in roles:
                    v = -0.74 * min(v, 2.0)  # "could be better"
        if v != 0:
            half = 1 if sent["contrast"] else 0
            sent["sum"][half] += v
            sent["pos"][half] += max(v, 0.0)
            sent["n"] += 1
        win.insert(0, (roles & {"negator", "be", "comparative"}, boost))
        del win[3:]
        sent["excl"] += excl
        sent["neg"] = sent["neg"] or "negator" in roles
        sent["ntok"] += 1
        if clause_end:
            sent["window"] = []
            sent["neg"] = sent["modal"] = sent["expect"] = sent["negwhat"] = False
        if sentence_end:
            end(sent)
            sent = new_sentence()
    end(sent)
    return weighted / weight if weight else 0.0


def main():
    texts = [text for _, text in read_tsv("tests/data/text/labelled.tsv") if text.isascii()]
    texts += [row[3] for row in read_tsv("tests/data/text/service.tsv")]
    with open(os.path.join(ROOT, "tests/data/text/tricky.txt"), encoding="utf-8") as f:
        texts += [line.rstrip("\n") for line in f if not line.startswith("#")]
    print("# compound TAB text (\\n in a text is a newline); from tests/reference/sentiment_rules.py")
    for text in texts:
        print("%.6f\t%s" % (score(text.replace("\\n", "\n")), text))


if __name__ == "__main__":
    main()
