"""Prediction bands of fits with covariates.

A covariate fit gives each customer parameters of its own: a base parameter times
exp(+-g . z), z the customer's covariates (custorient/_covariates.py). On the log
scale these are linear in the base parameters' logs and the coefficients, so when
those are drawn from their asymptotic normal, as the plain bands draw (log scale),
a customer's own parameters are normal on the log scale too, with variance
A V A^T: exactly the draws of the joint model, one customer at a time. Customers
with the same covariates share their parameters, so the band runs once per distinct
covariate row, through the plain model's band in C.
"""

import math
from array import array

from . import _arrays

# The parameter a process's coefficients scale, and the sign of g . z in its log.
_SCALED = {"purchase": (1, -1.0),   # alpha_i = alpha exp(-g . x_i)
           "dropout": (3, -1.0),    # Pareto/NBD: beta_i = beta exp(-g . z_i)
           "dropout_a": (2, 1.0),   # BG/NBD: a_i = a exp(g . z_i)
           "dropout_b": (3, 1.0),   # BG/NBD: b_i = b exp(g . z_i)
           "spend": (2, 1.0)}       # Gamma-Gamma: v_i = v exp(g . x_i)


def own_uncertainty(figures, state, z):
    """(estimate, variance) of the own parameters of a customer whose covariate values
    are z (one per coefficient, in the order of state.index()), on the natural scale
    as the plain bands take them: p_i, and Var(p_i) = p_i p_i^T * A V A^T with V the
    fit's variance over (base parameters, coefficients) and A = d log p_i / d(those)."""
    nb, k = state.n_base, len(figures.estimate)
    est, variance = figures.estimate, figures.variance
    jac = [[0.0] * k for _ in range(nb)]
    shift = [0.0] * nb
    for i in range(nb):
        jac[i][i] = 1.0 / est[i]
    for j, (process, _) in enumerate(state.index()):
        at, sign = _SCALED[process]
        jac[at][nb + j] = sign * z[j]
        shift[at] += sign * est[nb + j] * z[j]
    own = [est[i] * math.exp(shift[i]) for i in range(nb)]
    jv = [[sum(row[c] * variance[c][d] for c in range(k)) for d in range(k)] for row in jac]
    cov = [[own[a] * own[b] * sum(jv[a][d] * jac[b][d] for d in range(k))
            for b in range(nb)] for a in range(nb)]
    return own, cov


def row_values(state, columns):
    """A function of a customer's index giving its covariate value under each
    coefficient of `state`, a tuple in the order of state.index(); `columns` maps each
    process to its flat row-major buffer of covariates."""
    blocks = [(memoryview(columns[process]).cast("B").cast("d"), len(names))
              for process, names in state.groups if names]  # (flat values, per row)

    def values(i):
        return tuple(v for flat, k in blocks for v in flat[i * k:(i + 1) * k])
    return values


def groups_of(n, *keys):
    """Customers 0..n-1 grouped by the tuple of every key function's value: a dict
    from that tuple to the list of their indices, in customer order."""
    out = {}
    for i in range(n):
        out.setdefault(tuple(key(i) for key in keys), []).append(i)
    return out


def subset(columns, index):
    """The float64 buffers of `columns` at the customers in `index`."""
    out = {}
    for name, buf in columns.items():
        flat = memoryview(buf).cast("B").cast("d")
        out[name] = array("d", [flat[i] for i in index])
    return out


def scatter(index, part, whole):
    """Write part[j] to whole[index[j]]."""
    flat = memoryview(whole).cast("B").cast("d")
    for j, i in enumerate(index):
        flat[i] = part[j]


def band_by_group(n, groups, band):
    """(lower, upper) for n customers from band(key, index) -> (lower, upper) of the
    customers `index` of each group."""
    lower, upper = _arrays.empty(n), _arrays.empty(n)
    for key, index in groups.items():
        lo, up = band(key, index)
        scatter(index, lo, lower)
        scatter(index, up, upper)
    return lower, upper
