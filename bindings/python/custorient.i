/* SWIG interface of the custorient Python package. The generated module
 * `custorient.capi` is private: the Pythonic layer in custorient/ wraps it.
 * Shared typemaps live in core.i; each library module has its own .i file. */
%module(package="custorient") capi

%{
#include "custorient.h"
%}

%include "core.i"
%include "partial.i"
%include "rfm.i"
%include "metrics.i"
%include "btyd.i"
%include "btyd_rows.i"
%include "btyd_covariates.i"
%include "bgbb.i"
%include "survival.i"
%include "text.i"
%include "intents.i"
%include "store.i"
%include "store_covariates.i"
%include "stream.i"
%include "holdout.i"
%include "model_io.i"
%include "partial_helpers.i"
