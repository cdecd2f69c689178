# Reference values for the Kaplan-Meier extensions (case weights, left truncation),
# the log-rank test and the restricted mean, from R's survival package (Debian
# r-cran-survival). Run from the repository root:
#   Rscript tests/reference/km_lifelines.R > tests/reference/km_lifelines.out
# Used by tests/kaplan_meier_test.c and bindings/python/tests/test_km_lifelines.py.
suppressMessages(library(survival))
options(digits = 15)
cat("R", R.version$major, R.version$minor, "survival", as.character(packageVersion("survival")), "\n")
show <- function(fit) {
  print(data.frame(time = fit$time, n.risk = fit$n.risk, n.event = fit$n.event,
                   surv = fit$surv, se_surv = fit$std.err * fit$surv,
                   lower = fit$lower, upper = fit$upper), digits = 15, row.names = FALSE)
}
# aml with non-integer case weights, 1 + (i mod 4) / 4 for row i = 1..23.
w <- 1 + (seq_len(nrow(aml)) %% 4) / 4
cat("weights", w, "\n")
cat("== weighted aml, log-log band, Greenwood on the weighted counts\n")
show(survfit(Surv(time, status) ~ 1, data = aml, weights = w, conf.type = "log-log",
             robust = FALSE))
# Left truncation: entry = floor(time / 3) for row i (so entry < time), (start, stop].
entry <- floor(aml$time / 3)
cat("entry", entry, "\n")
cat("== left-truncated aml, log-log band\n")
show(survfit(Surv(entry, time, status) ~ 1, data = aml, conf.type = "log-log"))
cat("== left-truncated and weighted aml, log-log band\n")
show(survfit(Surv(entry, time, status) ~ 1, data = aml, weights = w, conf.type = "log-log",
             robust = FALSE))
cat("== survdiff aml by x (log-rank)\n")
sd <- survdiff(Surv(time, status) ~ x, data = aml)
cat("chisq", sd$chisq, "p", pchisq(sd$chisq, 1, lower.tail = FALSE), "obs", sd$obs,
    "exp", sd$exp, "\n")
cat("== survdiff aml by x, censored after t = 30 (lifelines' t_0)\n")
aml30 <- transform(aml, status = ifelse(time > 30, 0, status))
sd <- survdiff(Surv(time, status) ~ x, data = aml30)
cat("chisq", sd$chisq, "p", pchisq(sd$chisq, 1, lower.tail = FALSE), "\n")
waltons <- read.csv("bindings/python/custorient/data/waltons_dataset.csv")
cat("== survdiff waltons, miR-137 against control\n")
sd <- survdiff(Surv(T, E) ~ group, data = waltons)
cat("chisq", sd$chisq, "p", pchisq(sd$chisq, 1, lower.tail = FALSE), "\n")
cat("== waltons, all flies: median and its log-log limits\n")
print(summary(survfit(Surv(T, E) ~ 1, data = waltons, conf.type = "log-log"))$table[
  c("median", "0.95LCL", "0.95UCL")])
cat("== waltons medians by group\n")
print(summary(survfit(Surv(T, E) ~ group, data = waltons))$table[, "median"])
cat("== restricted mean of aml up to 30 and up to 161\n")
for (tau in c(30, 161)) {
  tab <- summary(survfit(Surv(time, status) ~ 1, data = aml), rmean = tau)$table
  cat("rmean", tau, tab["rmean"], tab["se(rmean)"], "\n")
}
