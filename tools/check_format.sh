#!/bin/sh
# Check that the tracked C sources are formatted as .clang-format says: print each file that
# tools/format.sh would change and exit 1 if there is any. The style is tuned for clang-format
# 14; other versions format some constructs differently.
#   tools/check_format.sh         CLANG_FORMAT=clang-format-14 tools/check_format.sh
set -eu
cd "$(dirname "$0")/.."
clang_format=${CLANG_FORMAT:-clang-format}
version=$("$clang_format" --version | sed -n 's/.*version \([0-9]*\).*/\1/p')
[ "$version" = 14 ] || echo "check_format: $clang_format is version $version, the style is tuned for 14" >&2

offending=$(tools/format_files.sh | while IFS= read -r file; do
  "$clang_format" --dry-run -Werror --style=file "$file" >/dev/null 2>&1 || printf '%s\n' "$file"
done)
checked=$(tools/format_files.sh | wc -l)
if [ -n "$offending" ]; then
  printf '%s\n' "$offending"
  echo "check_format: $(printf '%s\n' "$offending" | wc -l) of $checked files need tools/format.sh" >&2
  exit 1
fi
echo "check_format: $checked files formatted"
