#!/bin/sh
# Run clang-tidy (.clang-tidy) over the library's C sources, CO_JOBS (default 2) files at a
# time, with the compile commands of BUILD_DIR (default build/dev, configured if missing).
# Prints each finding and exits 1 if there is any, or if clang-tidy itself fails.
#   tools/tidy.sh [BUILD_DIR]     CLANG_TIDY=clang-tidy-14 tools/tidy.sh
set -eu
cd "$(dirname "$0")/.."
build=${1:-build/dev}
jobs=${CO_JOBS:-2}
[ -f "$build/compile_commands.json" ] || cmake --preset dev >/dev/null

out=$(mktemp)
err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
status=0
git ls-files -- 'lib/*.c' |
  xargs -P "$jobs" -n 4 "${CLANG_TIDY:-clang-tidy}" -p "$build" --quiet >"$out" 2>"$err" ||
  status=$?
findings=$(grep -c -E '^[^ ]+:[0-9]+:[0-9]+: (warning|error):' "$out" || true)
if [ "$findings" -gt 0 ] || [ "$status" -ne 0 ]; then
  cat "$out"
  grep -v -E '^[0-9]+ warnings? (and [0-9]+ errors? )?generated\.$' "$err" >&2 || true
  echo "tidy: $findings findings (clang-tidy exit status $status)" >&2
  exit 1
fi
echo "tidy: $(git ls-files -- 'lib/*.c' | wc -l) files, no finding"
