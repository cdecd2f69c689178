#!/usr/bin/env python3
"""Sentiment from Python: custorient against a pure-Python lexicon scorer.

The peer is the least any pure-Python rule-based scorer has to do (split on
spaces, strip punctuation, one dict lookup per word, the compound formula, no
rules), so its speed is an upper bound for Python scorers of this kind.

    cmake --preset release && cmake --build --preset release
    PYTHONPATH=build/release/bindings/python/site /usr/bin/python3 bench/sentiment_peer.py
"""
import math
import os
import random
import time

import custorient

HERE = os.path.dirname(os.path.abspath(__file__))
OPENERS = ["The delivery was", "Support was", "The product is", "Checkout felt",
           "The refund was", "Our order arrived", "The staff were", "Billing is"]
MIDDLES = ["very", "not", "really", "kind of", "", "", "so", "hardly"]
HEADS = ["good", "late", "helpful", "broken", "great", "slow", "rude", "fine", "confusing",
         "excellent", "overpriced", "smooth", "disappointing", "friendly"]
TAILS = [".", "!", "!!", " but the price is fair.", ", thanks.", " :)", " this time."]


def make(n, seed=7):
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        mid = rng.choice(MIDDLES)
        out.append("%s %s%s%s%s" % (rng.choice(OPENERS), mid, " " if mid else "",
                                    rng.choice(HEADS), rng.choice(TAILS)))
    return out


def load_lexicon():
    lex = {}
    with open(os.path.join(HERE, "..", "lib", "text", "lexicon_en.tsv"), encoding="utf-8") as f:
        for line in f:
            if not line.startswith("#"):
                word, value = line.rstrip("\n").split("\t")
                lex[word] = float(value)
    return lex


def python_peer(texts, lex):
    out = []
    for text in texts:
        total = 0.0
        for word in text.split():
            total += lex.get(word.strip(".,!?").lower(), 0.0)
        out.append(total / math.sqrt(total * total + 15))
    return out


def best_of(fn, reps=3):
    best = float("inf")
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main():
    n = 200_000
    texts = make(n)
    lex = load_lexicon()
    t_bulk = best_of(lambda: custorient.sentiments(texts))
    t_loop = best_of(lambda: [custorient.sentiment(t) for t in texts[:50_000]]) * n / 50_000
    t_peer = best_of(lambda: python_peer(texts, lex))
    print("texts: %d short sentences, e.g. %r" % (n, texts[0]))
    print("custorient.sentiments (one call) : %10.0f texts/s" % (n / t_bulk))
    print("custorient.sentiment  (per text) : %10.0f texts/s" % (n / t_loop))
    print("pure-Python lexicon lookup peer  : %10.0f texts/s" % (n / t_peer))
    print("ratio bulk / peer                : %10.1fx" % (t_peer / t_bulk))


if __name__ == "__main__":
    main()
