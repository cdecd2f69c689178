#!/bin/sh
# Print the tracked C sources (*.c, *.h) that clang-format keeps in shape: every one but
# those matching a pattern of tools/format_exclude.txt. Paths are relative to the top directory.
#   tools/format_files.sh
set -eu
cd "$(dirname "$0")/.."
set -f # the patterns are matched by `case`, not expanded against the file system
patterns=$(grep -v -e '^#' -e '^[[:space:]]*$' tools/format_exclude.txt)
git ls-files -- '*.c' '*.h' | while IFS= read -r file; do
  for pattern in $patterns; do
    case $file in
      $pattern) continue 2 ;;
    esac
  done
  printf '%s\n' "$file"
done
