"""The report's sections on feedback texts from a Dask DataFrame of feedback: sentiment
with the pain-point topics, and the cancel and refund intents.

Each partition scores its texts with the library and keeps mergeable tallies (the
C library's sentiment and topic tallies, shipped as bytes; counts per month); the
client reads the merged tallies. Only the customers who said they would cancel are
counted as distinct ids, a set that Dask reduces in a tree.
"""

import numpy as np
import pandas as pd

from . import _dask_partials as parts
from ._dates import format_date

INTENT_MONTHS = 12  # months of the intents table, the as-of day's month last


def month_texts(days):
    """"YYYY-MM" of day numbers."""
    return np.asarray(days, dtype="datetime64[D]").astype("datetime64[M]").astype(str)


def texts_up_to(feedback, as_of, day_series, text_col="text"):
    """The feedback rows with a text given on or before as_of (lazy), as the store's
    feedback texts: answers of every kind that carry a text."""
    days = feedback["date"].map_partitions(day_series, meta=("day", "int64"))
    rows = feedback.assign(day=days)
    text = rows[text_col].fillna("").astype(str)
    return rows[(rows["day"] <= as_of) & (text != "")]


def _tallies(texts):
    from .partial import SentimentTally, TopicTally  # pylint: disable=import-outside-toplevel
    from .text import sentiments  # pylint: disable=import-outside-toplevel
    texts = list(texts)
    compound = sentiments(texts)["compound"] if texts else np.zeros(0)
    sent, topics = SentimentTally().add(compound), TopicTally()
    if texts:
        topics.add(texts, compound)
    return sent.to_bytes(), topics.to_bytes()


def _merge_tallies(states):
    from .partial import SentimentTally, TopicTally  # pylint: disable=import-outside-toplevel
    sent = [SentimentTally.from_bytes(s) for s, _ in states]
    topics = [TopicTally.from_bytes(t) for _, t in states]
    for other in sent[1:]:
        sent[0].merge(other)
    for other in topics[1:]:
        topics[0].merge(other)
    return sent[0].to_bytes(), topics[0].to_bytes()


def sentiment_section(texts):
    """The sentiment section (docs/report.md "sentiment"): counts exact; the mean
    compound from the tally's fixed-point sum (within 2^-33 of the plain mean)."""
    from .partial import SentimentTally, TopicTally  # pylint: disable=import-outside-toplevel
    sent_bytes, topic_bytes = parts.reduce([texts["text"]], _tallies, _merge_tallies)
    sent, topics = SentimentTally.from_bytes(sent_bytes), TopicTally.from_bytes(topic_bytes)
    out = {"texts": sent.n}
    if sent.n == 0:
        return out
    rows = topics.pain_points()
    out.update(mean_compound=sent.mean, positive=sent.positive, negative=rows.n_negative,
               topics=[{"topic": r.topic, "mentions": r.mentions, "negative": r.negative,
                        "negative_rate": 100.0 * r.negative_rate,
                        "negative_share": 100.0 * r.negative_share}
                       for r in _program_order(rows)])
    return out


def _program_order(rows):
    """The topics in the program's order: a selection sort by negative mentions over the
    topic map's order (ties do not keep that order, so a plain sort would differ)."""
    from .text import Topics  # pylint: disable=import-outside-toplevel
    by_name = {r.topic: r for r in rows}
    order = [by_name[name] for name in Topics().names if name in by_name]
    for a in range(len(order)):
        for b in range(a + 1, len(order)):
            if order[b].negative > order[a].negative:
                order[a], order[b] = order[b], order[a]
    return order


def _intent_flags(part):
    from .intents import intents_many  # pylint: disable=import-outside-toplevel
    found = intents_many(part["text"].astype(str)) if len(part) else {}
    zero = np.zeros(len(part), dtype=np.int64)
    return pd.DataFrame({"customer_id": part["customer_id"].to_numpy(),
                         "month": month_texts(part["day"].to_numpy()),
                         "cancel": (found["cancel"] > 0).astype(np.int64) if found else zero,
                         "refund": (found["refund"] > 0).astype(np.int64) if found else zero},
                        index=part.index)


def _months(as_of):
    """"YYYY-MM" of the INTENT_MONTHS months ending with the month of as_of."""
    year, month = (int(v) for v in format_date(as_of)[:7].split("-"))
    out = []
    for _ in range(INTENT_MONTHS):
        out.append("%04d-%02d" % (year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out[::-1]


def intents_section(texts, as_of):
    """The intents section (docs/report.md "intents"): texts with a cancel or refund
    intent, the distinct customers who said cancel, and both by month."""
    import dask  # pylint: disable=import-outside-toplevel
    meta = pd.DataFrame({"customer_id": pd.Series([], dtype=object),
                         "month": pd.Series([], dtype=object),
                         "cancel": pd.Series([], dtype="int64"),
                         "refund": pd.Series([], dtype="int64")})
    flags = texts.map_partitions(_intent_flags, meta=meta)
    by_month = flags.groupby("month")[["cancel", "refund"]].sum()
    n, totals, monthly, customers = dask.compute(
        flags.shape[0], flags[["cancel", "refund"]].sum(), by_month,
        flags[flags["cancel"] > 0]["customer_id"].nunique())
    return {"texts": int(n), "cancel_texts": int(totals["cancel"]),
            "refund_texts": int(totals["refund"]), "cancel_customers": int(customers),
            "monthly": [{"month": m, "cancel": int(monthly["cancel"].get(m, 0)),
                         "refund": int(monthly["refund"].get(m, 0))} for m in _months(as_of)]}


def _cancel_days_part(part, ids):
    from .intents import intents_many  # pylint: disable=import-outside-toplevel
    part = part[part["customer_id"].isin(ids)]
    if not len(part):
        return pd.Series([], dtype="int64", name="day")
    said = intents_many(part["text"].astype(str))["cancel"] > 0
    return part[said].groupby("customer_id")["day"].max()


def cancel_days(texts, ids):
    """The day of each of the customers `ids`' last text saying they would cancel, by id
    (customers who never said so are left out)."""
    days = texts.map_partitions(_cancel_days_part, ids, meta=("day", "int64")).compute()
    return {k: int(v) for k, v in days.groupby(level=0).max().items()}
