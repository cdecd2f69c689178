#!/usr/bin/env python3
"""Hand calculation of the compound scores asserted in tests/sentiment_test.c.

Plain arithmetic of the rules in docs/sentiment.md with the valences of
lib/text/lexicon_en.tsv typed in; it does not call the library.
Run: /usr/bin/python3 tests/reference/sentiment_hand.py
"""
from math import sqrt


def compound(x):
    return x / sqrt(x * x + 15)


cases = {}
# "The product is good."  good 2.1
cases["good"] = compound(2.1)
# "The product is not good."  negated: -0.74 * min(2.1, 2)
cases["not good"] = compound(-0.74 * 2.0)
# "The product is very good!!!"  very +0.293 at distance 1; three '!' add 3 * 0.292
cases["very good!!!"] = compound(2.1 + 0.293 + 3 * 0.292)
# "The product is VERY GOOD"  caps booster 0.293 + 0.733, caps word +0.733
cases["VERY GOOD"] = compound(2.1 + 0.733 + 0.293 + 0.733)
# "THIS IS TERRIBLE"  no lower-case letter anywhere: no caps emphasis; terrible -3.5
cases["THIS IS TERRIBLE"] = compound(-3.5)
# "not the worst"  worst -3.5 negated and capped: +0.74 * 2
cases["not the worst"] = compound(0.74 * 2.0)
# "The staff were kind of rude"  "kind of" dampener two tokens before rude (-2.7): x0.95
cases["kind of rude"] = compound(-2.7 + 0.293 * 0.95)
# "I couldn't be happier"  happier 2.5 is a comparative after "be": keeps its sign
cases["couldn't be happier"] = compound(2.5)
# "Delivery was late but the support was great"  late -2.0 before "but" x0.5, great 3.0 after x1.5
x = 0.5 * -2.0 + 1.5 * 3.0
cases["late but great"] = compound(x)
# its shares: pos 4.5, neg 1.0, neutral words delivery was but the support was = 6
cases["late but great pos"] = 4.5 / 11.5
cases["late but great neg"] = 1.0 / 11.5
cases["late but great neu"] = 6 / 11.5
# "love it 😍😍"  love 3.1, each emoji 3.0
cases["love emoji"] = compound(3.1 + 3.0 + 3.0)
# "Great product. Terrible delivery, slow and late."  sentence 1: great 3.0 (one word);
# sentence 2: terrible -3.5, slow -2.0, late -2.0 (three words); mean weighted by words
c1, c2 = compound(3.0), compound(-3.5 - 2.0 - 2.0)
cases["two sentences"] = (1 * c1 + 3 * c2) / 4
# "Great :)"  great 3.0 and ":)" 2.0
cases["great :)"] = compound(5.0)

for name, value in cases.items():
    print("%-22s %.6f" % (name, value))

# Clause and sentence boundaries (tokenizer cases).
more = {}
# "I did not complain, the food was good"  complain -2.0 negated (+0.74 * 2);
# the comma ends the clause, so good 2.1 is not negated
more["not complain, good"] = compound(0.74 * 2.0 + 2.1)
# "Slow, 2.5 days but great"  "2.5" does not end the sentence: slow -2.0 x0.5, great 3.0 x1.5
more["slow 2.5 but great"] = compound(0.5 * -2.0 + 1.5 * 3.0)
# "Great\nTerrible"  a newline ends a sentence: mean of two one-word sentences
more["great NL terrible"] = (compound(3.0) + compound(-3.5)) / 2
# "top-notch"  hyphenated entry, 2.8
more["top-notch"] = compound(2.8)
# "it performed terribly"  intensifier with nothing after it keeps its valence -3.5
more["performed terribly"] = compound(-3.5)
# "terribly slow"  intensifier: slow -2.0 - 0.293
more["terribly slow"] = compound(-2.0 - 0.293)
for name, value in more.items():
    print("%-22s %.6f" % (name, value))
# "That was very kind of you"  after an intensifier "kind" is the word (1.8), not "kind of"
print("%-22s %.6f" % ("very kind of you", compound(1.8 + 0.293)))
