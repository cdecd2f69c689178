#!/bin/sh
# Run every Criterion suite of a build under valgrind memcheck: any memory
# error or leak in any test process fails the run.
#   tools/memcheck.sh BUILD_DIR
set -eu
build=${1:?usage: tools/memcheck.sh BUILD_DIR}
status=0
count=0
for suite in "$build"/tests/*_test; do
  [ -x "$suite" ] || continue
  name=$(basename "$suite")
  log="$build/memcheck-$name.log"
  count=$((count + 1))
  # Criterion runs each test in a child process and has reported its result
  # before the child's leak check runs, so read every process's error summary.
  if CO_UNDER_VALGRIND=1 valgrind --trace-children=yes --error-exitcode=99 \
      --leak-check=full --show-leak-kinds=definite,indirect \
      --errors-for-leak-kinds=definite,indirect \
      "$suite" --jobs=1 >"$log" 2>&1 &&
     ! grep -q 'ERROR SUMMARY: [1-9]' "$log"; then
    echo "memcheck $name: clean"
  else
    echo "memcheck $name: FAILED (see $log)"
    grep -B 2 -A 12 -E 'definitely lost in|Invalid|uninitialised|ERROR SUMMARY: [1-9]' "$log" | head -n 60
    status=1
  fi
done
echo "memcheck: $count suites, $( [ $status -eq 0 ] && echo 0 || echo some) failing"
exit $status
