"""Reference numbers for bindings/python/tests/test_plotting.py: the right ends of the
heterogeneity plots (99% quantiles of the mixing distributions) and the densities at
points 1, 50 and 99 of their 100-point grids, at the scipy estimates on the CDNOW
summary (test_holdout.py's BG and PN).

Run: /usr/bin/python3 tests/reference/plotting_reference.py   (Debian 12: scipy 1.10)
Output: plotting_reference.out. Shares no code with the library.
"""
from scipy import stats

BG = dict(r=0.242592907285, alpha=4.41353170934, a=0.792886313089, b=2.42575404218)
PN = dict(r=0.553275490167, alpha=10.5776120186, s=0.606213594822, beta=11.6679112693)

rate_bg = stats.gamma(BG["r"], scale=1 / BG["alpha"])
dropout_bg = stats.beta(BG["a"], BG["b"])
dropout_pn = stats.gamma(PN["s"], scale=1 / PN["beta"])
for name, dist in (("BG lambda", rate_bg), ("BG p", dropout_bg), ("PN mu", dropout_pn)):
    q = dist.ppf(0.99)
    print("%s: ppf(0.99) %.15g, pdf at q/99 %.15g, at 50q/99 %.15g, at q %.15g"
          % (name, q, dist.pdf(q / 99), dist.pdf(50 * q / 99), dist.pdf(q)))
