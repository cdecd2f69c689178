#!/bin/sh
# Run every Criterion suite of a build under valgrind memcheck: any memory
# error or leak in any test process fails the run. Suites run CO_JOBS
# (default: the number of cores) at a time.
#   tools/memcheck.sh BUILD_DIR
set -eu

# One suite: tools/memcheck.sh --one SUITE
if [ "${1:-}" = "--one" ]; then
  suite=$2
  name=$(basename "$suite")
  log="$(dirname "$suite")/../memcheck-$name.log"
  t0=$(date +%s)
  # Criterion runs each test in a child process and has reported its result
  # before the child's leak check runs, so read every process's error summary.
  if CO_UNDER_VALGRIND=1 valgrind --trace-children=yes --error-exitcode=99 \
      --leak-check=full --show-leak-kinds=definite,indirect \
      --errors-for-leak-kinds=definite,indirect \
      "$suite" --jobs=1 >"$log" 2>&1 &&
     ! grep -q 'ERROR SUMMARY: [1-9]' "$log"; then
    echo "memcheck $name: clean in $(( $(date +%s) - t0 ))s"
  else
    echo "memcheck $name: FAILED (see $log)"
    # A failed assertion also leaks what the test had not freed yet: show it first.
    grep -A 3 -E '^\[----\] .*: Assertion Failed|^\[(FAIL|CRASH|TIMEOUT)' "$log" | head -n 20 || true
    grep -B 2 -A 12 -E 'definitely lost in|Invalid|uninitialised|ERROR SUMMARY: [1-9]' "$log" | head -n 60
    exit 1
  fi
  exit 0
fi

build=$(cd "${1:?usage: tools/memcheck.sh BUILD_DIR}" && pwd)
# The suites name their fixtures relative to the repository's root.
cd "$(dirname "$0")/.."
jobs=${CO_JOBS:-$(nproc)}
count=$(ls "$build"/tests/*_test | wc -l)
if ls "$build"/tests/*_test | xargs -n 1 -P "$jobs" "$0" --one; then
  echo "memcheck: $count suites, 0 failing"
else
  echo "memcheck: $count suites, some failing"
  exit 1
fi
