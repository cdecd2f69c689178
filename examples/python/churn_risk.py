"""Churn risk list: the customers with the most value at risk, (1 - P(alive))
x the 12-month value if they are retained, by Pareto/NBD (whose P(alive),
unlike BG/NBD's, is not 1 for every one-time buyer) and Gamma-Gamma.

    python3 churn_risk.py DATA_DIR [N]
"""

import sys

import custorient
from clv import load


def main(data_dir, top):
    store, s = load(data_dir)
    pnf = custorient.ParetoNBDFitter().fit(s.frequency, s.recency, s.T)
    ggf = custorient.GammaGammaFitter().fit(s.frequency, s.monetary_value)
    alive = pnf.conditional_probability_alive(s.frequency, s.recency, s.T)
    clv = ggf.customer_lifetime_value(pnf, s.frequency, s.recency, s.T, s.monetary_value,
                                      time=12, freq="W")
    kept = [c / a if a > 0 else 0.0 for c, a in zip(clv, alive)]  # CLV = P(alive) x kept
    ranked = custorient.at_risk_ranking(alive, kept, top_n=top)
    print("%-4s %-10s %8s %10s %10s %10s" % ("#", "customer", "P(alive)", "CLV", "if kept",
                                             "at risk"))
    for k, i in enumerate(ranked["index"]):
        print("%-4d %-10s %8.3f %10.2f %10.2f %10.2f" % (k + 1, s.customer_id[i], alive[i],
                                                         clv[i], kept[i],
                                                         ranked["value_at_risk"][k]))


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: churn_risk.py DATA_DIR [N]")
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) == 3 else 10)
