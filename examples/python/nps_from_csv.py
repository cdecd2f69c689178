"""NPS of a survey export: the score, its 95% interval and the monthly trend
from the feedback.csv of a data directory.

    python3 nps_from_csv.py DATA_DIR
"""

import csv
import os
import sys

import custorient


def main(data_dir):
    days, scores = [], []
    with open(os.path.join(data_dir, "feedback.csv"), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["kind"] == "nps":
                days.append(row["date"])
                scores.append(int(row["score"]))
    survey = custorient.nps(scores)
    ci = survey.interval(0.95, method="adjusted")
    print("NPS %.1f (95%% interval %.1f to %.1f) from %d answers"
          % (survey.score, ci.lower, ci.upper, survey.n))
    for period in custorient.nps_by_period(days, scores, period="month"):
        print("  %s  %6.1f  (%d answers)" % (period.start.strftime("%Y-%m"), period.nps.score,
                                             period.nps.n))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: nps_from_csv.py DATA_DIR")
    main(sys.argv[1])
