"""Write the small data set in tests/cli/data/shop/ used by the end-to-end
tests of the custorient program (run once; the CSVs are checked in):

    /usr/bin/python3 tests/cli/make_fixture.py

60 customers over 2024, orders with a few heavy buyers and many one-time
buyers, monthly NPS/CSAT/CES answers with a dip in May, support contacts
(some still open), and texts with quotes, commas, line breaks, non-ASCII and
HTML-special characters so that every output format has to escape them.
"""

import csv
import datetime
import os
import random

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "shop")
rng = random.Random(20240601)
START = datetime.date(2024, 1, 1)
END = datetime.date(2024, 9, 30)


def day(offset):
    return (START + datetime.timedelta(days=offset)).isoformat()


SPAN = (END - START).days
NAMES = ["Ada", "Grace \"Amazing\" Hopper", "Zoë <Admin>", "O'Brien & Sons", "Łukasz",
         "Ming, Li"]
customers = []
for i in range(60):
    signup = rng.randrange(0, SPAN - 30)
    name = NAMES[i] if i < len(NAMES) else "Customer %d" % i
    customers.append(("c%02d" % i, name, "c%02d@example.com" % i, day(signup),
                      rng.choice(["retail", "business"]), signup))

orders = []
n = 0
for cid, _, _, _, _, signup in customers:
    kind = rng.random()
    count = 1 if kind < 0.4 else rng.randint(2, 4) if kind < 0.85 else rng.randint(6, 12)
    # Some customers stop buying early (lapsed), others buy until the end.
    horizon = SPAN if rng.random() < 0.6 else signup + (SPAN - signup) // 3
    for _ in range(count):
        d = rng.randint(signup, max(signup, horizon))
        n += 1
        amount = round(rng.lognormvariate(3.2, 0.6), 2)
        orders.append(("o%04d" % n, cid, day(d), "%.2f" % amount))

TEXTS = [
    "Fast delivery, great quality!",
    "Billing was wrong\nand support never answered.",
    "The app is confusing <b>really</b> & slow",
    "Price is too high, \"premium\" my foot.",
    "Très bien, merci 😊",
    "",
]
feedback = []
for month in range(1, 10):
    for cid, *_ in rng.sample(customers, 14):
        d = datetime.date(2024, month, rng.randint(1, 28)).isoformat()
        if month == 5:
            score = rng.choice([0, 2, 4, 5, 6, 6, 7, 8, 9])
        else:
            score = rng.choice([3, 6, 7, 8, 9, 9, 10, 10, 10])
        feedback.append((cid, d, "survey", "nps", str(score), rng.choice(TEXTS)))
    for cid, *_ in rng.sample(customers, 5):
        d = datetime.date(2024, month, rng.randint(1, 28)).isoformat()
        feedback.append((cid, d, "support", "csat", str(rng.randint(1, 5)), ""))
        feedback.append((cid, d, "support", "ces", str(rng.randint(1, 7)), ""))
feedback.append(("c03", "2024-09-20", "review", "text", "", "Refund still missing, very disappointed"))

contacts = []
for cid, *_ in rng.sample(customers, 18):
    opened = rng.randrange(0, SPAN)
    resolved = "" if rng.random() < 0.3 else day(min(SPAN, opened + rng.randint(0, 9)))
    contacts.append((cid, day(opened), resolved, rng.choice(["low", "normal", "high", "urgent"]),
                     rng.choice(["billing", "delivery", "login, password", ""])))


def write(name, header, rows):
    with open(os.path.join(OUT, name), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


os.makedirs(OUT, exist_ok=True)
write("customers.csv", ["customer_id", "name", "email", "signup_date", "segment"],
      [c[:5] for c in customers])
write("orders.csv", ["order_id", "customer_id", "date", "amount"], orders)
write("feedback.csv", ["customer_id", "date", "channel", "kind", "score", "text"], feedback)
write("contacts.csv", ["customer_id", "opened", "resolved", "priority", "topic"], contacts)
print(len(customers), "customers,", len(orders), "orders,", len(feedback), "feedback,",
      len(contacts), "contacts")
