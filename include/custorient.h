/**
 * @file custorient.h
 * @brief Umbrella header of libcustorient: include this one to get every module.
 */
#ifndef CUSTORIENT_H
#define CUSTORIENT_H

#include "custorient/atrisk.h"
#include "custorient/bgbb.h"
#include "custorient/btyd.h"
#include "custorient/btyd_covariates.h"
#include "custorient/btyd_rows.h"
#include "custorient/core.h"
#include "custorient/covariate_screen.h"
#include "custorient/csv.h"
#include "custorient/csv_reader.h"
#include "custorient/feedback_kind.h"
#include "custorient/feedback_score.h"
#include "custorient/generate.h"
#include "custorient/holdout.h"
#include "custorient/instrument.h"
#include "custorient/intents.h"
#include "custorient/lrtest.h"
#include "custorient/mbgnbd.h"
#include "custorient/model_io.h"
#include "custorient/nps.h"
#include "custorient/partial.h"
#include "custorient/retention.h"
#include "custorient/rfm.h"
#include "custorient/satisfaction.h"
#include "custorient/sbg.h"
#include "custorient/sbg_covariates.h"
#include "custorient/sentiment.h"
#include "custorient/spend_covariates.h"
#include "custorient/store.h"
#include "custorient/store_covariates.h"
#include "custorient/stream.h"
#include "custorient/survival.h"
#include "custorient/topics.h"
#include "custorient/uncertainty.h"
#include "custorient/units.h"

#endif
