#!/bin/sh
# The two entry points of the project, for a fresh Debian machine as root.
#   ./run.sh report   build everything and run the customer-orientation report
#                     on the built-in sample data set
#   ./run.sh test     build everything and run every test
# Both install missing Debian packages first and are safe to run again.
set -eu
cd "$(dirname "$0")"

packages="cmake ninja-build gcc g++ pkg-config libcriterion-dev swig python3-dev
python3-pytest python3-numpy python3-pandas python3-venv python3-pip python3-build
chromium abigail-tools"
# Optional for users, installed here so that their tests run (tools/install_packages.sh).
extras="python3-matplotlib python3-dask python3-distributed"

install_missing() {
  tools/install_packages.sh $packages $extras
}

build() {
  cmake --preset "$1" >/dev/null
  cmake --build --preset "$1"
}

case "${1:-}" in
  report)
    install_missing
    build dev
    shift
    if [ -x build/dev/examples/custorient ]; then
      exec build/dev/examples/custorient report --html build/report.html "$@"
    fi
    for program in build/dev/examples/*; do
      [ -f "$program" ] && [ -x "$program" ] || continue
      echo "== $program"
      "$program"
    done
    ;;
  test)
    install_missing
    build dev
    ctest --preset dev -j "$(nproc)"
    ;;
  *)
    echo "usage: $0 report | test" >&2
    exit 2
    ;;
esac
