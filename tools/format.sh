#!/bin/sh
# Format the tracked C sources in place with .clang-format (tools/format_files.sh lists them).
#   tools/format.sh               CLANG_FORMAT=clang-format-14 tools/format.sh
set -eu
cd "$(dirname "$0")/.."
tools/format_files.sh | xargs -P 2 -n 16 "${CLANG_FORMAT:-clang-format}" -i --style=file
