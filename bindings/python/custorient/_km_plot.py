"""Drawing a fitted KaplanMeierFitter with matplotlib (imported only here, when a
plot is asked for). The arguments are lifelines' plot arguments."""

__all__ = ["plot_estimate", "add_at_risk_counts"]

_ROWS = ("At risk", "Censored", "Events")


def _slice(frame, loc, iloc):
    if loc is not None:
        return frame.loc[loc]
    if iloc is not None:
        return frame.iloc[iloc]
    return frame


def plot_estimate(fitter, estimate, loc=None, iloc=None, show_censors=False, censor_styles=None,
                  ci_legend=False, ci_force_lines=False, ci_only_lines=False, ci_no_lines=False,
                  ci_alpha=0.25, ci_show=True, at_risk_counts=False, logx=False, ax=None,
                  **kwargs):
    """Draw `estimate` ("survival_function_" or "cumulative_density_") as a step line
    with its confidence band (a shaded area, or lines with ci_only_lines) on `ax` (the
    current Axes by default); returns the Axes."""
    import matplotlib.pyplot as plt

    if ax is None:
        ax = plt.gca()
    values = _slice(getattr(fitter, estimate), loc, iloc)
    band_name = ("confidence_interval_" if estimate == "survival_function_"
                 else "confidence_interval_cumulative_density_")
    band = _slice(getattr(fitter, band_name), loc, iloc)
    # pandas' DataFrame.plot options that lifelines passes through (legend=False in its
    # introduction) are axes settings, not line properties
    legend = kwargs.pop("legend", True)
    axes_settings = {k: kwargs.pop(k) for k in ("title", "xlim", "ylim", "grid")
                     if k in kwargs}
    kwargs.pop("figsize", None)
    kwargs.setdefault("drawstyle", "steps-post")
    kwargs.setdefault("label", fitter.label)
    colour = kwargs.pop("c", None) or kwargs.pop("color", None)
    x = values.index.to_numpy(dtype=float)
    (line,) = ax.plot(x, values.iloc[:, 0].to_numpy(), color=colour, **kwargs)
    colour = line.get_color()  # the band and censor marks take the line's colour
    if show_censors:
        table = fitter.event_table
        times = table.index[table["censored"].to_numpy() > 0].to_numpy(dtype=float)
        times = times[(times >= x.min()) & (times <= x.max())] if len(x) else times
        y = fitter.predict(times) if estimate == "survival_function_" else (
            1.0 - fitter.predict(times))
        style = {"marker": "+", "ms": 12, "mew": 1}
        style.update(censor_styles or {})
        ax.plot(times, [y] if len(times) == 1 else list(y), linestyle="None", color=colour,
                **style)
    if ci_show:
        lower, upper = band.iloc[:, 0].to_numpy(), band.iloc[:, 1].to_numpy()
        drawstyle = kwargs["drawstyle"]
        if ci_only_lines or ci_force_lines:
            for column, y in zip(band.columns, (lower, upper)):
                ax.plot(x, y, linestyle="-", linewidth=1, color=colour, drawstyle=drawstyle,
                        alpha=0.6, label=("" if ci_legend else "_") + column)
        else:
            step = drawstyle.replace("steps-", "") if drawstyle.startswith("steps") else None
            ax.fill_between(x, lower, upper, alpha=ci_alpha, color=colour, step=step,
                            linewidth=0.0 if ci_no_lines else 1.0)
    if logx:
        ax.set_xscale("log")
    ax.set_xlabel(values.index.name or "timeline")
    if legend:
        ax.legend()
    for name, value in axes_settings.items():
        getattr(ax, "set_" + name if name != "grid" else name)(value)
    if at_risk_counts:
        add_at_risk_counts(fitter, ax=ax)
    return ax


def at_risk_counts_at(fitter, tick):
    """(at risk, censored, events) after time `tick`, as lifelines tabulates them under
    a plot: those still at risk after the last table time <= tick, and the censorings
    and events up to it."""
    table = fitter.event_table
    upto = table.loc[:tick]
    if upto.empty:
        return (0, 0, 0)
    last = upto.iloc[-1]
    return (last["at_risk"] - last["removed"], upto["censored"].sum(), upto["observed"].sum())


def add_at_risk_counts(*fitters, labels=None, rows_to_show=None, xticks=None, ax=None,
                       ypos=-0.6, **kwargs):
    """Print, under the Axes, the numbers at risk, censored and with the event at each
    x tick for each fitter (lifelines' add_at_risk_counts); returns the Axes."""
    import matplotlib.pyplot as plt

    if ax is None:
        ax = plt.gca()
    rows = list(rows_to_show or _ROWS)
    if any(r not in _ROWS for r in rows):
        raise ValueError("rows_to_show must be among %s" % (_ROWS,))
    if labels is None:
        labels = [f.label for f in fitters]
    elif labels is False:
        labels = [""] * len(fitters)
    lo, hi = ax.get_xlim()
    ticks = [t for t in (xticks if xticks is not None else ax.get_xticks()) if lo <= t <= hi]
    table = ax.twiny()
    table.set_xlim(lo, hi)
    table.xaxis.tick_bottom()
    table.xaxis.set_label_position("bottom")
    table.spines["bottom"].set_position(("axes", ypos / max(ax.figure.get_figheight(), 1e-9)))
    for side in ("top", "right", "bottom", "left"):
        table.spines[side].set_visible(False)
    table.tick_params(length=0)
    table.set_xticks(ticks)
    texts = []
    for tick in ticks:
        cells = []
        for fitter in fitters:
            counts = dict(zip(_ROWS, at_risk_counts_at(fitter, tick)))
            cells.extend("%g" % counts[r] for r in rows)
        texts.append("\n".join(cells))
    table.set_xticklabels(texts, **kwargs)
    names = ["%s %s" % (label, r) if label else r for label in labels for r in rows]
    table.set_xlabel("\n".join(names), loc="left")
    return ax
