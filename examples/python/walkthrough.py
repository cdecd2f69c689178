"""A notebook-style walkthrough for analysts coming from lifetimes and lifelines.

It follows two introductions the peers publish, step by step, with only the
imports changed: lifetimes' Quickstart (BG/NBD, the plots, transaction data,
calibration and holdout, Gamma-Gamma and CLV) and lifelines' introduction to the
Kaplan-Meier estimator (political regimes, their median tenure, a log-rank test)
followed by its Quickstart on the waltons flies. Each cell prints what those
documents print, so the numbers can be set side by side.

Run it as a script (with --plots DIR the plots are saved there as PNG files) or paste the cells, marked "# %%", into a notebook:

    python3 examples/python/walkthrough.py [--plots DIR]
"""

import argparse
import os

import matplotlib

if "MPLBACKEND" not in os.environ:
    matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after the backend is chosen)
import numpy as np  # noqa: E402

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--plots", metavar="DIR", help="directory for the PNG files")
OUTPUT_DIR = parser.parse_known_args()[0].plots


def cell(title):
    """Marks the start of a cell in the printed output."""
    print(f"\n## {title}")


def save_plot(name):
    """Stands in for a notebook showing the figure."""
    if OUTPUT_DIR:
        plt.savefig(os.path.join(OUTPUT_DIR, name + ".png"))
    plt.close("all")


# %% lifetimes Quickstart: the CDNOW summary
cell("cdnow head")
from custorient.datasets import load_cdnow_summary  # noqa: E402

data = load_cdnow_summary(index_col=[0])
print(data.head())

# %% Basic frequency/recency analysis with the BG/NBD model
cell("bgnbd fit")
from custorient import BetaGeoFitter  # noqa: E402

bgf = BetaGeoFitter(penalizer_coef=0.0)
bgf.fit(data["frequency"], data["recency"], data["T"])
print(bgf)
print(bgf.summary)

# %% The frequency/recency and P(alive) matrices
from custorient.plotting import plot_frequency_recency_matrix  # noqa: E402

plot_frequency_recency_matrix(bgf)
save_plot("frequency_recency_matrix")

from custorient.plotting import plot_probability_alive_matrix  # noqa: E402

plot_probability_alive_matrix(bgf)
save_plot("probability_alive_matrix")

# %% Ranking customers from best to worst
cell("ranking")
t = 1
data["predicted_purchases"] = bgf.conditional_expected_number_of_purchases_up_to_time(
    t, data["frequency"], data["recency"], data["T"])
print(data.sort_values(by="predicted_purchases").tail(5))

# %% Assessing model fit
from custorient.plotting import plot_period_transactions  # noqa: E402

plot_period_transactions(bgf)
save_plot("period_transactions")

# %% Transaction data to a summary
cell("transactions")
from custorient.datasets import load_transaction_data  # noqa: E402
from custorient.utils import summary_data_from_transaction_data  # noqa: E402

transaction_data = load_transaction_data()
print(transaction_data.head())
summary = summary_data_from_transaction_data(transaction_data, "id", "date",
                                             observation_period_end="2014-12-31")
print(summary.head())
bgf.fit(summary["frequency"], summary["recency"], summary["T"])
print(bgf)

# %% Calibration and holdout
cell("calibration and holdout")
from custorient.utils import calibration_and_holdout_data  # noqa: E402

summary_cal_holdout = calibration_and_holdout_data(transaction_data, "id", "date",
                                                   calibration_period_end="2014-09-01",
                                                   observation_period_end="2014-12-31")
print(summary_cal_holdout.head())

from custorient.plotting import plot_calibration_purchases_vs_holdout_purchases  # noqa: E402

bgf.fit(summary_cal_holdout["frequency_cal"], summary_cal_holdout["recency_cal"],
        summary_cal_holdout["T_cal"])
plot_calibration_purchases_vs_holdout_purchases(bgf, summary_cal_holdout)
save_plot("calibration_purchases_vs_holdout_purchases")

# %% A customer's predictions and P(alive) history
cell("individual prediction")
t = 10
individual = summary.iloc[20]
print(bgf.predict(t, individual["frequency"], individual["recency"], individual["T"]))

from custorient.plotting import plot_history_alive  # noqa: E402

id = 35  # noqa: A001  (the Quickstart's name)
days_since_birth = 200
sp_trans = transaction_data.loc[transaction_data["id"] == id]
plot_history_alive(bgf, days_since_birth, sp_trans, "date")
save_plot("history_alive")

# %% Customer lifetime value with the Gamma-Gamma model
cell("returning customers")
from custorient.datasets import load_cdnow_summary_data_with_monetary_value  # noqa: E402

summary_with_money_value = load_cdnow_summary_data_with_monetary_value()
returning_customers_summary = summary_with_money_value[summary_with_money_value["frequency"] > 0]
print(returning_customers_summary.head())
print(returning_customers_summary[["monetary_value", "frequency"]].corr())

cell("gamma-gamma fit")
from custorient import GammaGammaFitter  # noqa: E402

ggf = GammaGammaFitter(penalizer_coef=0)
ggf.fit(returning_customers_summary["frequency"], returning_customers_summary["monetary_value"])
print(ggf)

cell("expected average profit")
print(ggf.conditional_expected_average_profit(summary_with_money_value["frequency"],
                                              summary_with_money_value["monetary_value"]
                                              ).head(10))
print("Expected conditional average profit: %s, Average profit: %s" % (
    ggf.conditional_expected_average_profit(summary_with_money_value["frequency"],
                                            summary_with_money_value["monetary_value"]).mean(),
    summary_with_money_value[summary_with_money_value["frequency"] > 0]["monetary_value"].mean()))

cell("customer lifetime value")
bgf.fit(summary_with_money_value["frequency"], summary_with_money_value["recency"],
        summary_with_money_value["T"])
print(ggf.customer_lifetime_value(bgf, summary_with_money_value["frequency"],
                                  summary_with_money_value["recency"],
                                  summary_with_money_value["T"],
                                  summary_with_money_value["monetary_value"],
                                  time=12,  # months
                                  discount_rate=0.01,  # monthly, about 12.7% a year
                                  ).head(10))

# %% lifelines: estimating the survival function with Kaplan-Meier
cell("regimes")
from custorient.datasets import load_dd  # noqa: E402

data = load_dd()
print(data.head())

from custorient import KaplanMeierFitter  # noqa: E402

kmf = KaplanMeierFitter()
T = data["duration"]
E = data["observed"]
kmf.fit(T, event_observed=E)
kmf.survival_function_.plot()
plt.title("Survival function of political regimes")
save_plot("regimes_survival_function")
kmf.plot_survival_function()
save_plot("regimes_survival_function_band")

cell("median tenure")
print(kmf.median_survival_time_)
from custorient.utils import median_survival_times  # noqa: E402

median_ci = median_survival_times(kmf.confidence_interval_)
cell("median confidence interval")
print(median_ci)

# %% Democratic against non-democratic regimes
ax = plt.subplot(111)
dem = data["democracy"] == "Democracy"
kmf.fit(T[dem], event_observed=E[dem], label="Democratic Regimes")
kmf.plot_survival_function(ax=ax)
kmf.fit(T[~dem], event_observed=E[~dem], label="Non-democratic Regimes")
kmf.plot_survival_function(ax=ax)
plt.title("Lifespans of different global regimes")
save_plot("regimes_by_democracy")

cell("survival on a timeline")
t = np.linspace(0, 50, 51)
kmf.fit(T[dem], event_observed=E[dem], timeline=t, label="Democratic Regimes")
print(kmf.survival_function_.head())

cell("log-rank test")
from custorient.statistics import logrank_test  # noqa: E402

results = logrank_test(T[dem], T[~dem], E[dem], E[~dem], alpha=.99)
results.print_summary()

# %% lifelines Quickstart: the waltons flies
cell("waltons")
from custorient.datasets import load_waltons  # noqa: E402

df = load_waltons()
print(df.head())
T = df["T"]
E = df["E"]
kmf = KaplanMeierFitter()
kmf.fit(T, event_observed=E)
kmf.plot_survival_function()
save_plot("waltons_survival_function")
kmf.plot_cumulative_density()
save_plot("waltons_cumulative_density")

cell("waltons timeline")
kmf.fit(T, E, timeline=range(0, 100, 2))
print(kmf.survival_function_.index[:5].tolist(), kmf.confidence_interval_.shape)
print(kmf.median_survival_time_)
print(median_survival_times(kmf.confidence_interval_))
