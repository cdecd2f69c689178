#!/bin/sh
# Compare the ABI of a built libcustorient.so (exported functions and public
# struct layouts) with the baseline tests/abi/libcustorient.abi. Any
# difference fails: an accidental break is caught, an intended one is
# recorded by running tools/abi_update.sh and committing the new baseline.
#   tools/abi_check.sh BUILD_DIR
set -eu
here=$(dirname "$0")
build=${1:?usage: tools/abi_check.sh BUILD_DIR}
baseline="$here/../tests/abi/libcustorient.abi"
current="$build/libcustorient.abi"

"$here/abi_dump.sh" "$build" "$current"
if abidiff --no-show-locs --harmless "$baseline" "$current"; then
  echo "ABI: same as tests/abi/libcustorient.abi"
else
  status=$?
  echo "ABI differs from tests/abi/libcustorient.abi (abidiff status $status)."
  echo "If the change is intended, run tools/abi_update.sh and commit the new baseline."
  exit 1
fi
