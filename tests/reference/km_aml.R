# Kaplan-Meier reference values for tests/kaplan_meier_test.c, from R's
# survival package (Debian r-cran-survival) on its own `aml` data set.
# Run: Rscript tests/reference/km_aml.R
# Prints, per row of survfit's table: time, n.risk, n.event, n.censor, surv,
# std.err of S (Greenwood), and the 95% band in the log, log-log and plain forms.
suppressMessages(library(survival))
options(digits = 15)
cat("R", R.version$major, R.version$minor, "survival", as.character(packageVersion("survival")), "\n")
for (ct in c("log", "log-log", "plain")) {
  fit <- survfit(Surv(time, status) ~ 1, data = aml, conf.type = ct)
  cat("conf.type", ct, "\n")
  # survfit's std.err is the standard error of -log S; times S gives Greenwood's SE of S.
  print(data.frame(time = fit$time, n.risk = fit$n.risk, n.event = fit$n.event,
                   n.censor = fit$n.censor, surv = fit$surv,
                   se_surv = fit$std.err * fit$surv, lower = fit$lower, upper = fit$upper),
        digits = 15, row.names = FALSE)
}
fit <- survfit(Surv(time, status) ~ 1, data = aml)
cat("median", summary(fit)$table["median"], "\n")
fit90 <- survfit(Surv(time, status) ~ 1, data = aml, conf.type = "log-log", conf.int = 0.90)
cat("log-log 90% at rows 1..4\n")
print(cbind(fit90$time, fit90$lower, fit90$upper)[1:4, ], digits = 15)
# Confidence limits of the median read off the band (survfit's summary table).
for (ct in c("log", "log-log")) {
  fit <- survfit(Surv(time, status) ~ 1, data = aml, conf.type = ct)
  tab <- summary(fit)$table
  cat("median limits", ct, tab["0.95LCL"], tab["0.95UCL"], "\n")
}
fit <- survfit(Surv(time, status) ~ 1, data = aml, conf.type = "log-log")
print(quantile(fit, probs = c(0.25, 0.5, 0.75)))
