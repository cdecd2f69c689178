/**
 * @file custorient/model_io.h
 * @brief Fitted models saved to and loaded from a small versioned JSON file.
 *
 * A model file holds a model's kind and parameters, what is known of its fit
 * (log-likelihood, number of customers, iterations, penalizer, variance matrix)
 * and, only on request, the data it was fitted to as named columns of numbers.
 * The Python fitters' `save_model()` / `load_model()` read and write the same
 * files through these functions, so a model fitted in Python can score in a C
 * program. docs/model-file.md describes the format.
 *
 * A ::co_model_file is an opaque handle: build one with co_model_file_new() and
 * the setters, or read one with co_model_load() / co_model_parse(); release it
 * with co_model_file_free(). One thread at a time may use a handle; a handle
 * that is only read may be shared.
 */
#ifndef CUSTORIENT_MODEL_IO_H
#define CUSTORIENT_MODEL_IO_H

#include <stddef.h>

#include "custorient/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The kinds of model a file can hold. Parameters are in the order of the model's
 *  parameter struct (co_model_kind_param_name()). New kinds are added at the end. */
typedef enum co_model_kind {
    CO_MODEL_BGNBD = 0,      /**< "bgnbd": r, alpha, a, b (::co_bgnbd_params). */
    CO_MODEL_PARETONBD = 1,  /**< "paretonbd": r, alpha, s, beta (::co_paretonbd_params). */
    CO_MODEL_GAMMAGAMMA = 2, /**< "gammagamma": p, q, v (::co_gammagamma_params). */
    CO_MODEL_SBG = 3,        /**< "sbg": alpha, beta (::co_sbg). */
    CO_MODEL_MBGNBD = 4,     /**< "mbgnbd": r, alpha, a, b (::co_mbgnbd_params). */
    CO_MODEL_BGBB = 5,       /**< "bgbb": alpha, beta, gamma, delta (::co_bgbb_params). */
    CO_MODEL_KIND_COUNT      /**< Number of kinds. */
} co_model_kind;

/** The kind's name in files ("bgnbd"...), a static string; NULL outside the enumeration. */
CO_API const char *co_model_kind_name(co_model_kind kind);

/** Number of parameters of the kind; 0 outside the enumeration. */
CO_API size_t co_model_kind_param_count(co_model_kind kind);

/** Name of the kind's parameter `index` ("r", "alpha"...), a static string; NULL for a
 *  kind outside the enumeration or an index past its count. */
CO_API const char *co_model_kind_param_name(co_model_kind kind, size_t index);

/**
 * The kind named `name` (as co_model_kind_name() gives it).
 * @return CO_OK; CO_EINVAL for NULL arguments; CO_ENOTFOUND for an unknown name.
 */
CO_API int co_model_kind_find(const char *name, co_model_kind *out);

/**
 * What is known of a model's fit. Sized: set it up with co_model_fit_init(), which
 * marks every figure unknown, then fill what is known.
 * ABI: grows at the end; an older caller's smaller struct gets the defaults for the
 * fields it lacks (docs/conventions.md).
 */
typedef struct co_model_fit {
    size_t size;           /**< sizeof(co_model_fit), set by co_model_fit_init(). */
    double log_likelihood; /**< Weighted log-likelihood at the estimate; NaN unknown. */
    double n_observations; /**< Customers the fit saw (weights summed), >= 0; NaN unknown. */
    double iterations;     /**< Optimiser iterations, a whole number >= 0; NaN unknown. */
    double penalizer;      /**< The fit's penalizer (custorient/btyd.h), >= 0; NaN unknown. */
} co_model_fit;

/**
 * Set `fit` to "nothing known" (every figure NaN): call as
 * `co_model_fit_init(&fit, sizeof fit)`. Writes only the first `size` bytes and sets
 * `fit->size = size`.
 * @return CO_OK; CO_EINVAL, with nothing written, for a NULL `fit` or a size smaller
 *         than the size field or larger than this library's struct.
 */
CO_API int co_model_fit_init(co_model_fit *fit, size_t size);

/** A model as a file holds it (opaque). */
typedef struct co_model_file co_model_file;

/**
 * A new model of `kind` with its `n_params` parameters (co_model_kind_param_count(),
 * each finite and > 0), no fit figures, no variance and no data.
 * @param[out] out  the handle, freed by the caller with co_model_file_free().
 * @return CO_OK; CO_EINVAL for an unknown kind, a wrong count, a bad parameter (named)
 *         or a NULL argument; CO_ENOMEM.
 */
CO_API int co_model_file_new(co_model_kind kind, const double *params, size_t n_params,
                             co_model_file **out);

/** Release a model; NULL is a no-op. */
CO_API void co_model_file_free(co_model_file *model);

/** The model's kind; CO_MODEL_KIND_COUNT for NULL. */
CO_API co_model_kind co_model_file_kind(const co_model_file *model);

/**
 * Copy the model's parameters into `params` (`n_params` = the kind's count).
 * @return CO_OK; CO_EINVAL for NULL arguments or a count other than the kind's.
 */
CO_API int co_model_file_get_params(const co_model_file *model, double *params, size_t n_params);

/**
 * Record what is known of the fit (co_model_fit_init() first). Each known figure must
 * be in its range (log-likelihood finite, the others finite and >= 0, iterations whole).
 * @return CO_OK; CO_EINVAL (figure named) with the model unchanged.
 */
CO_API int co_model_file_set_fit(co_model_file *model, const co_model_fit *fit);

/**
 * What is known of the fit; the figures never recorded are NaN. `out` is sized by the
 * caller (`co_model_fit f = {.size = sizeof f};`); only the fields that fit are written.
 * @return CO_OK; CO_EINVAL for NULL arguments or a bad size.
 */
CO_API int co_model_file_get_fit(const co_model_file *model, co_model_fit *out);

/** Most coefficients of a model file (those of a covariate model). */
#define CO_MODEL_MAX_COEFFICIENTS 64

/**
 * Add a covariate coefficient (a model fitted with covariates, e.g.
 * custorient/btyd_covariates.h): `value` multiplies covariate `covariate` in the
 * model's `process` ("purchase", "dropout", "alpha", "beta", "spend": the part of the
 * model the covariate acts on, as the covariate model's documentation names it). The
 * coefficients keep the order they are added in: the order of the covariate model's
 * parameter vector after the kind's base parameters. Add them before the variance,
 * which then covers the base parameters and the coefficients.
 * @return CO_OK; CO_EINVAL for NULL or empty names, text that is not UTF-8, a value
 *         that is not finite, more than CO_MODEL_MAX_COEFFICIENTS, or a model that
 *         already has a variance; CO_EEXIST for a (process, covariate) pair already
 *         present; CO_ENOMEM. The model is unchanged on failure.
 */
CO_API int co_model_file_add_coefficient(co_model_file *model, const char *process,
                                         const char *covariate, double value);

/** Number of coefficients (0 for NULL or a model fitted without covariates). */
CO_API size_t co_model_file_coefficient_count(const co_model_file *model);

/**
 * Coefficient `index` (0-based, in the order added or read): its process and covariate
 * names (borrowed, valid while the model lives) and its value.
 * @return CO_OK; CO_ERANGE for an index past the count; CO_EINVAL for NULL arguments.
 */
CO_API int co_model_file_get_coefficient(const co_model_file *model, size_t index,
                                         const char **process, const char **covariate,
                                         double *value);

/**
 * Record the parameters' variance matrix: `n_params` x `n_params` finite values,
 * row-major, symmetric; `n_params` is the kind's count of parameters plus the
 * coefficients (co_model_file_coefficient_count()), base parameters first.
 * @return CO_OK; CO_EINVAL (first bad entry named) with the model unchanged; CO_ENOMEM.
 */
CO_API int co_model_file_set_variance(co_model_file *model, const double *variance,
                                      size_t n_params);

/**
 * Copy the variance matrix (n_params x n_params, row-major) into `variance`.
 * @return CO_OK; CO_ENOTFOUND when the model has none; CO_EINVAL for NULL arguments or
 *         a count other than the kind's plus the coefficients.
 */
CO_API int co_model_file_get_variance(const co_model_file *model, double *variance,
                                      size_t n_params);

/**
 * Add a data column: `n` finite values under `name` (non-empty UTF-8). Every column
 * has the same number of rows: the first column sets it.
 * @return CO_OK; CO_EINVAL for a bad name, a non-finite value (index named) or a length
 *         other than the earlier columns'; CO_EEXIST for a name already present;
 *         CO_ENOMEM. The model is unchanged on failure.
 */
CO_API int co_model_file_add_column(co_model_file *model, const char *name, const double *values,
                                    size_t n);

/** Number of data columns (0 for NULL or no data). */
CO_API size_t co_model_file_column_count(const co_model_file *model);

/** Number of rows of the data columns (0 for NULL or no data). */
CO_API size_t co_model_file_row_count(const co_model_file *model);

/**
 * Column `index` (0-based, in the order added or read): its name and its
 * co_model_file_row_count() values, both borrowed, valid while the model lives.
 * @return CO_OK; CO_ERANGE for an index past the count; CO_EINVAL for NULL arguments.
 */
CO_API int co_model_file_get_column(const co_model_file *model, size_t index, const char **name,
                                    const double **values);

/**
 * Write `model` to `path` as a model file (docs/model-file.md), replacing it atomically:
 * a failure leaves an existing file as it was.
 * @return CO_OK; CO_EINVAL for NULL arguments; CO_EIO (path named); CO_ENOMEM.
 */
CO_API int co_model_save(const co_model_file *model, const char *path);

/**
 * Read a model file.
 * @param[out] out  the model, freed by the caller with co_model_file_free().
 * @return CO_OK; CO_EIO if it cannot be read (path named; more than 1 GiB is refused);
 *         CO_EPARSE for text that is not strict JSON or not a model file, with
 *         path:line:column (co_errpath(), co_errline(), co_errcolumn());
 *         CO_ECORRUPT for a file of a later format version (line and column of the
 *         version); CO_ENOMEM.
 */
CO_API int co_model_load(const char *path, co_model_file **out);

/**
 * Read a model from `len` bytes of text, as co_model_load() reads a file; `source`
 * (may be NULL) names it in messages and co_errpath().
 */
CO_API int co_model_parse(const char *text, size_t len, const char *source, co_model_file **out);

#ifdef __cplusplus
}
#endif

#endif
