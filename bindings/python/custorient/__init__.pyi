from . import (capi as capi, datasets as datasets, partial as partial, plotting as plotting,
               statistics as statistics, utils as utils)
from ._dates import format_date as format_date, parse_date as parse_date
from ._errors import (ConvergenceError as ConvergenceError, CorruptError as CorruptError,
                      Error as Error, ExistsError as ExistsError, FileError as FileError,
                      InvalidArgumentError as InvalidArgumentError,
                      NotFoundError as NotFoundError, OutOfMemoryError as OutOfMemoryError,
                      ParseError as ParseError, RangeError as RangeError,
                      SizeOverflowError as SizeOverflowError)
from .btyd import (BetaGeoFitter as BetaGeoFitter, GammaGammaFitter as GammaGammaFitter,
                   ParetoNBDFitter as ParetoNBDFitter)
from .bgbb import BetaGeoBetaBinomFitter as BetaGeoBetaBinomFitter
from .btyd_rows import (BTYDRows as BTYDRows, RowsTotals as RowsTotals,
                        sum_loglik_gradients as sum_loglik_gradients)
from .feedback_score import (feedback_scores as feedback_scores,
                             rank_by_feedback_score as rank_by_feedback_score)
from .intents import (Intent as Intent, IntentRules as IntentRules, intents as intents,
                      intents_many as intents_many,
                      intents_per_customer as intents_per_customer)
from .kaplan_meier import StatisticalWarning as StatisticalWarning
from .instrument import (Instrument as Instrument, InstrumentItem as InstrumentItem,
                         Subscale as Subscale, cronbach_alpha as cronbach_alpha)
from .mbgnbd import ModifiedBetaGeoFitter as ModifiedBetaGeoFitter
from .nps import (NPS as NPS, NPSComparison as NPSComparison, NPSInterval as NPSInterval,
                  NPSPeriod as NPSPeriod, nps as nps, nps_by_period as nps_by_period,
                  nps_compare as nps_compare)
from .rfm import (DEFAULT_RULES as DEFAULT_RULES, RFMResult as RFMResult, SEGMENTS as SEGMENTS,
                  rfm as rfm, rfm_cuts as rfm_cuts, rfm_score as rfm_score,
                  rfm_scores as rfm_scores, rfm_segments as rfm_segments,
                  rfm_summary as rfm_summary)
from .satisfaction import (RatingSummary as RatingSummary, ces as ces, csat as csat,
                           normalize_scale as normalize_scale)
from .feedback_churn import feedback_churn as feedback_churn
from .store import (Customer as Customer, FeedbackAnswers as FeedbackAnswers,
                    ImportResult as ImportResult, Store as Store, Summary as Summary,
                    generate as generate, generate_sample as generate_sample)
from .stream import (FeedbackTally as FeedbackTally, feedback_scores_csv as feedback_scores_csv,
                     summarize_csv as summarize_csv)
from .survival import (CohortMatrix as CohortMatrix, KaplanMeierFitter as KaplanMeierFitter,
                       ShiftedBetaGeoFitter as ShiftedBetaGeoFitter,
                       at_risk_backtest as at_risk_backtest, at_risk_ranking as at_risk_ranking,
                       cohort_retention as cohort_retention, retention_rate as retention_rate)
from .text import (Lexicon as Lexicon, PainPoint as PainPoint, Sentiment as Sentiment,
                   Topics as Topics, pain_points as pain_points, sentiment as sentiment,
                   sentiments as sentiments)

__version__: str
