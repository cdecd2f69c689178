"""custorient: customer analytics from the libcustorient C library.

Feedback scores (NPS, CSAT, CES, sentiment), customer records, churn and
lifetime-value models. Errors raise subclasses of :class:`custorient.Error`.
"""

from . import capi as _capi
from ._errors import (Error, InvalidArgumentError, RangeError, OutOfMemoryError, FileError,
                      ParseError, CorruptError, NotFoundError, ExistsError, ConvergenceError,
                      SizeOverflowError)
from ._dates import parse_date, format_date
from .rfm import (SEGMENTS, DEFAULT_RULES, RFMResult, rfm_cuts, rfm_score, rfm_scores,
                  rfm_segments, rfm_summary, rfm)
from .nps import NPS, NPSInterval, NPSComparison, NPSPeriod, nps, nps_compare, nps_by_period
from .satisfaction import RatingSummary, csat, ces, normalize_scale
from .feedback_score import feedback_scores, rank_by_feedback_score
from .instrument import Instrument, InstrumentItem, Subscale, cronbach_alpha
from .btyd import BetaGeoFitter, ParetoNBDFitter, GammaGammaFitter
from .mbgnbd import ModifiedBetaGeoFitter
from .bgbb import BetaGeoBetaBinomFitter
from .btyd_rows import BTYDRows, RowsTotals, sum_loglik_gradients
from .survival import (KaplanMeierFitter, ShiftedBetaGeoFitter, retention_rate, cohort_retention,
                       CohortMatrix, at_risk_ranking, at_risk_backtest)
from .text import (Sentiment, sentiment, sentiments, Lexicon, Topics, PainPoint, pain_points)
from .kaplan_meier import StatisticalWarning
from .intents import Intent, IntentRules, intents, intents_many, intents_per_customer
from . import utils, datasets, plotting, statistics, partial
from .stream import summarize_csv, FeedbackTally, feedback_scores_csv
from .store import (Store, Customer, Summary, FeedbackAnswers, ImportResult, generate,
                    generate_sample)
from .feedback_churn import feedback_churn

__version__ = _capi.co_version()

__all__ = [
    "__version__", "Error", "InvalidArgumentError", "RangeError", "OutOfMemoryError",
    "FileError", "ParseError", "CorruptError", "NotFoundError", "ExistsError",
    "ConvergenceError", "SizeOverflowError", "parse_date", "format_date",
    "SEGMENTS", "DEFAULT_RULES", "RFMResult", "rfm_cuts", "rfm_score", "rfm_scores",
    "rfm_segments", "rfm_summary", "rfm",
    "NPS", "NPSInterval", "NPSComparison", "NPSPeriod", "nps", "nps_compare", "nps_by_period",
    "RatingSummary", "csat", "ces", "normalize_scale",
    "feedback_scores", "rank_by_feedback_score",
    "Instrument", "InstrumentItem", "Subscale", "cronbach_alpha",
    "BetaGeoFitter", "ParetoNBDFitter", "GammaGammaFitter", "ModifiedBetaGeoFitter",
    "BetaGeoBetaBinomFitter", "BTYDRows", "RowsTotals", "sum_loglik_gradients",
    "KaplanMeierFitter", "ShiftedBetaGeoFitter", "retention_rate", "cohort_retention",
    "CohortMatrix", "at_risk_ranking", "at_risk_backtest", "StatisticalWarning",
    "Sentiment", "sentiment", "sentiments", "Lexicon", "Topics", "PainPoint", "pain_points",
    "Intent", "IntentRules", "intents", "intents_many", "intents_per_customer",
    "Store", "Customer", "Summary", "FeedbackAnswers", "ImportResult", "generate",
    "generate_sample", "summarize_csv", "FeedbackTally", "feedback_scores_csv",
    "feedback_churn",
]
