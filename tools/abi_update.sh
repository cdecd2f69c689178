#!/bin/sh
# Regenerate the ABI baseline tests/abi/libcustorient.abi from a fresh build of
# the shared library, for an intended ABI change. Commit the result with it.
#   tools/abi_update.sh [BUILD_DIR]     (default: build/dev, configured by the dev preset)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build/dev}
if [ ! -f "$build/CMakeCache.txt" ]; then
  (cd "$root" && cmake --preset dev >/dev/null)
fi
cmake --build "$build" --target custorient
"$root/tools/abi_dump.sh" "$build" "$root/tests/abi/libcustorient.abi"
echo "wrote tests/abi/libcustorient.abi"
