#!/bin/sh
# Install those of the named Debian packages that are missing (as root, with apt-get);
# does nothing when every one is installed, so it is safe to run again.
#   tools/install_packages.sh PACKAGE...
# run.sh names the packages the build and tests need, and the optional extras:
#   python3-matplotlib   custorient.plotting (its tests are skipped without it)
#   python3-dask python3-distributed   custorient.dask and `custorient report --scheduler`
#                        (their tests are skipped without them)
# and, not for the build or tests, the reference tools:
#   tools/install_packages.sh --reference [PACKAGE...]
# --reference adds the tools that regenerate tests/reference/*.out offline; building and
# testing do not need them (R's survival package: km_aml.R, km_lifelines.R).
set -eu
if [ "${1:-}" = "--reference" ]; then
  shift
  set -- "$@" r-cran-survival
fi
missing=""
for p in "$@"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
    || missing="$missing $p"
done
[ -n "$missing" ] || exit 0
echo "installing:$missing" >&2
if [ "$(id -u)" -ne 0 ]; then
  echo "run as root (or install these Debian packages first):$missing" >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
