"""Open the HTML report in headless Chromium and check that it loads and
shows every chart. Exits 77 (ctest: skipped) when Chromium is not installed.

    check_html_chromium.py PROGRAM [DATA_DIR]
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

CHARTS = ["nps-trend", "retention-curve", "model-check-period-transactions",
          "model-check-calibration-holdout", "model-check-cumulative", "palive-map",
          "segment-sizes"]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main():
    program = sys.argv[1]
    data = sys.argv[2:3]
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("chromium not installed: skipped")
        return 77
    with tempfile.TemporaryDirectory() as tmp:
        page = os.path.join(tmp, "report.html")
        p = subprocess.run([program, "report", *data, "--html", page], capture_output=True,
                           text=True, timeout=300)
        if p.returncode != 0:
            print("custorient failed:", p.stderr)
            return 1
        base = [chromium, *FLAGS, "--user-data-dir=" + os.path.join(tmp, "profile")]
        dom = subprocess.run(base + ["--dump-dom", "file://" + page], capture_output=True,
                             text=True, timeout=120)
        if dom.returncode != 0 or "<main id=\"report\">" not in dom.stdout:
            print("chromium did not load the page:", dom.returncode, dom.stderr[-2000:])
            return 1
        failures = []
        for chart in CHARTS:
            if not re.search(r'<svg[^>]*class="chart"[^>]*id="%s"' % chart, dom.stdout):
                failures.append("chart %s missing" % chart)
        if "parsererror" in dom.stdout or "This page contains the following errors" in dom.stdout:
            failures.append("the page shows a parser error")
        if not re.search(r"<title>Customer-orientation report</title>", dom.stdout):
            failures.append("title missing")
        shot = os.path.join(tmp, "page.png")
        subprocess.run(base + ["--window-size=1000,4000", "--screenshot=" + shot,
                               "file://" + page], capture_output=True, timeout=120)
        if not os.path.exists(shot) or os.path.getsize(shot) < 10000:
            failures.append("no screenshot (or a blank one)")
        for f in failures:
            print("FAIL:", f)
        print("%d charts checked, %d failed" % (len(CHARTS), len(failures)))
        return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
