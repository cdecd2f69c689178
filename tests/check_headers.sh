#!/bin/sh
# Compile the umbrella header alone: strict C11, and as C++.
set -eu
src_inc=$1
gen_inc=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '#include <custorient.h>\nint main(void) { return co_version() == 0; }\n' > "$tmp/h.c"
cc -std=c11 -pedantic -Wall -Wextra -Werror -I"$src_inc" -I"$gen_inc" -c "$tmp/h.c" -o "$tmp/h.o"
echo "C11 pedantic: ok"
if command -v c++ >/dev/null 2>&1; then
  cp "$tmp/h.c" "$tmp/h.cpp"
  c++ -std=c++11 -pedantic -Wall -Wextra -Werror -I"$src_inc" -I"$gen_inc" -c "$tmp/h.cpp" -o "$tmp/hpp.o"
  echo "C++11 pedantic: ok"
fi
