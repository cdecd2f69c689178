#!/bin/sh
# Write the ABI of a built libcustorient.so as abigail XML: the exported
# functions and the public types they reach (only types declared in include/
# and the generated headers count), without any path of this machine.
#   tools/abi_dump.sh BUILD_DIR OUT_FILE
# The build needs debug information (the dev preset has it).
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:?usage: tools/abi_dump.sh BUILD_DIR OUT_FILE}" && pwd)
out=${2:?usage: tools/abi_dump.sh BUILD_DIR OUT_FILE}
command -v abidw >/dev/null || { echo "abidw not found: apt-get install abigail-tools" >&2; exit 1; }

abidw --headers-dir "$src/include" --headers-dir "$build/include" \
  --drop-private-types --exported-interfaces-only \
  --no-corpus-path --no-comp-dir-path --no-show-locs --no-architecture --no-elf-needed \
  --type-id-style hash --out-file "$out.tmp" "$build/lib/libcustorient.so"
# Translation units are named by absolute path; keep them relative to the source tree.
sed "s|path='$src/|path='|" "$out.tmp" > "$out"
rm -f "$out.tmp"
