#!/bin/sh
# Build the libFuzzer targets with clang (fuzz preset) and fuzz each one for
# SECONDS, starting from its seed corpus, CO_JOBS (default: the number of
# cores) targets at a time. Any crash, leak or timeout fails the run; the
# crashing input is left in build/fuzz/findings/ for a regression test.
#   tools/fuzz_campaign.sh [SECONDS]
set -eu
cd "$(dirname "$0")/.."
findings=build/fuzz/findings

# One target: tools/fuzz_campaign.sh --one SECONDS FUZZER
if [ "${1:-}" = "--one" ]; then
  seconds=$2
  fuzzer=$3
  name=$(basename "$fuzzer" _fuzzer)
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  [ -d "fuzz/corpus/$name" ] && cp -r "fuzz/corpus/$name/." "$work/"
  log="$findings/$name.log"
  if "$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="$findings/$name-" -print_final_stats=1 "$work" >"$log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    echo "fuzz $name: ${runs:-?} executions in ${seconds}s, no failure"
    exit 0
  fi
  echo "fuzz $name: FAILED (see $log)"
  tail -n 30 "$log"
  exit 1
fi

seconds=${1:-60}
jobs=${CO_JOBS:-$(nproc)}
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz >/dev/null
mkdir -p "$findings"
ls build/fuzz/fuzz/*_fuzzer | xargs -n 1 -P "$jobs" "$0" --one "$seconds"
