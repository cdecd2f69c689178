#!/bin/sh
# The installed program finds its shared library (rpath) and the installed
# sample data set, with the build and source trees out of reach.
#   check_installed.sh BUILD_DIR WORK_DIR
set -eu
build=$1
work=$2
rm -rf "$work"
cmake --install "$build" --prefix "$work/prefix" >/dev/null
# Move the prefix: the program must not depend on where it was installed.
mv "$work/prefix" "$work/moved"
out=$("$work/moved/bin/custorient" report --json --quiet)
case "$out" in
  *'"data_source": "built-in sample"'*) ;;
  *) echo "installed custorient did not report on the installed sample"; exit 1 ;;
esac
"$work/moved/bin/custorient" --version
echo "installed program: ok"
