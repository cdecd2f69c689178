"""The Dask report's figures (custorient.dask.report) as plain text, the form
``python3 -m custorient.dask report`` and ``custorient report --scheduler`` print
unless asked for JSON: one block per section, a line per figure, a table per list.
The figures and their keys are the JSON's (docs/report.md); only the layout is here.
"""

import math

# Section titles, as the program's own report names them.
_TITLES = {
    "customers": "Customer base and activity",
    "nps": "Net Promoter Score",
    "csat": "Customer satisfaction (CSAT)",
    "ces": "Customer effort (CES 2.0)",
    "sentiment": "Feedback sentiment and pain points",
    "intents": "Customer intents in feedback",
    "retention": "Retention and churn",
    "model_check": "Which purchase model forecasts best (holdout check)",
    "models": "Purchase and spend models",
    "feedback_churn": "What in the feedback predicts who stops buying",
    "at_risk": "Customers most at risk",
    "rfm": "RFM segments",
}
_HEADER = ("title", "schema", "library_version", "as_of", "data_source")
_LABEL_WIDTH = 38


def render(report):
    """The text of a Dask report (a dict as custorient.dask.report returns it)."""
    lines = [str(report.get("title", "Customer-orientation report"))]
    for key, label in (("data_source", "data"), ("as_of", "as of"),
                       ("library_version", "libcustorient")):
        if key in report:
            lines.append("  %s: %s" % (label, report[key]))
    lines.append("  computed on a Dask cluster (custorient.dask)")
    for key, value in report.items():
        if key in _HEADER:
            continue
        title = _TITLES.get(key, _label(key))
        lines += ["", title, "-" * len(title)]
        lines += _section(value)
    return "\n".join(lines) + "\n"


def _section(value):
    if not isinstance(value, dict):
        return ["  " + _cell(value)]
    lines, tables = [], []
    for key, item in value.items():
        if isinstance(item, list) and item and all(isinstance(r, dict) for r in item):
            tables.append((key, item))
        elif isinstance(item, list):
            lines.append(_figure(key, ", ".join(_cell(v) for v in item) or "-"))
        elif isinstance(item, dict):
            lines.append(_figure(key, ", ".join("%s %s" % (k, _cell(v))
                                                for k, v in item.items())))
        else:
            lines.append(_figure(key, _cell(item)))
    for key, rows in tables:
        lines += ["", "  " + _label(key)] + _table(rows)
    return lines


def _figure(key, text):
    return "  %-*s %s" % (_LABEL_WIDTH, _label(key), text)


def _table(rows):
    columns = list(dict.fromkeys(k for r in rows for k in r))
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    widths = [max(len(c), *(len(row[j]) for row in cells)) for j, c in enumerate(columns)]
    out = ["  " + "  ".join(c.rjust(w) for c, w in zip(columns, widths)).rstrip()]
    out += ["  " + "  ".join(v.rjust(w) for v, w in zip(row, widths)).rstrip() for row in cells]
    return out


def _label(key):
    text = str(key).replace("_", " ")
    return text[:1].upper() + text[1:]


def _cell(value):
    """A value as the text report shows it: None as "-", floats with two decimals
    (four below 1 in size, which probabilities and rates need)."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if not math.isfinite(value):
            return "-"
        return "%.4f" % value if 0 < abs(value) < 1 else "%.2f" % value
    if isinstance(value, (list, dict)):
        return str(len(value))
    return str(value)
