#!/bin/sh
# Build the libFuzzer targets with clang (fuzz preset) and fuzz each one for
# SECONDS, starting from its seed corpus. Any crash, leak or timeout fails the
# run; the crashing input is left in build/fuzz/findings/ for a regression test.
#   tools/fuzz_campaign.sh [SECONDS]
set -eu
cd "$(dirname "$0")/.."
seconds=${1:-60}
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz >/dev/null
findings=build/fuzz/findings
mkdir -p "$findings"
status=0
for fuzzer in build/fuzz/fuzz/*_fuzzer; do
  [ -x "$fuzzer" ] || continue
  name=$(basename "$fuzzer" _fuzzer)
  work=$(mktemp -d)
  [ -d "fuzz/corpus/$name" ] && cp -r "fuzz/corpus/$name/." "$work/"
  log="$findings/$name.log"
  if "$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="$findings/$name-" -print_final_stats=1 "$work" >"$log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    echo "fuzz $name: ${runs:-?} executions in ${seconds}s, no failure"
  else
    echo "fuzz $name: FAILED (see $log)"
    tail -n 30 "$log"
    status=1
  fi
  rm -rf "$work"
done
exit $status
