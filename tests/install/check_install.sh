#!/bin/sh
# Install the build tree into a scratch prefix, then build and run two outside
# consumers against it: one through pkg-config, one through find_package().
set -eu
build_dir=$1
work=$2
here=$3
with_python=${4:-OFF}
python=${5:-python3}
# Compiler flags of the build under test (sanitizers must reach the consumers too).
flags=${6:-}
# The SONAME's version (0.MINOR before 1.0) and the project version, as CMake set them.
soversion=$7
version=$8
soname=libcustorient.so.$soversion

rm -rf "$work"
mkdir -p "$work"
prefix="$work/prefix"
cmake --install "$build_dir" --prefix "$prefix" > "$work/install.log"

libdir=$(find "$prefix" -name "$soname" -printf '%h\n' | head -n 1)
test -n "$libdir" || { echo "$soname not installed"; exit 1; }
readelf -d "$libdir/$soname" | grep -q "SONAME.*\[$soname\]" \
  || { echo "SONAME is not $soname"; exit 1; }
test -f "$libdir/libcustorient.a" || { echo "static library not installed"; exit 1; }

# pkg-config consumer
PKG_CONFIG_PATH="$libdir/pkgconfig" pkg-config --exists custorient
cc $flags -o "$work/pc_consumer" "$here/consumer.c" \
  $(PKG_CONFIG_PATH="$libdir/pkgconfig" pkg-config --cflags --libs custorient) \
  -Wl,-rpath,"$libdir"
"$work/pc_consumer"

# find_package consumer, asking for this MAJOR.MINOR
major=${version%%.*}
minor=${version#*.}
minor=${minor%%.*}
cmake -S "$here/cmake_consumer" -B "$work/cmake_consumer" -DCMAKE_PREFIX_PATH="$prefix" \
  -DCO_WANTED_VERSION="$major.$minor" \
  -DCMAKE_C_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags" \
  > "$work/consumer-configure.log"
cmake --build "$work/cmake_consumer" > "$work/consumer-build.log"
"$work/cmake_consumer/consumer"

# Before 1.0 each minor release may break the ABI: a consumer asking for the
# previous minor version must not find this one.
if [ "$major" -eq 0 ] && [ "$minor" -gt 0 ]; then
  if cmake -S "$here/cmake_consumer" -B "$work/cmake_consumer_old" -DCMAKE_PREFIX_PATH="$prefix" \
      -DCO_WANTED_VERSION="0.$((minor - 1))" > "$work/consumer-old-configure.log" 2>&1; then
    echo "find_package(custorient 0.$((minor - 1))) accepted $version"; exit 1
  fi
fi

if [ "$with_python" = "ON" ]; then
  site=$(find "$prefix" -type d -path '*/site-packages/custorient' -printf '%h\n' | head -n 1)
  test -n "$site" || { echo "Python package not installed"; exit 1; }
  # shellcheck disable=SC2086 # CO_PYTHON_ENV: VAR=value words (sanitizer runtimes)
  env ${CO_PYTHON_ENV:-} PYTHONPATH="$site" "$python" -c "
import custorient, ctypes, sys
lib = ctypes.CDLL('$libdir/$soname')
lib.co_version.restype = ctypes.c_char_p
c_version = lib.co_version().decode()
print('python custorient', custorient.__version__, 'C', c_version)
import os
data = ['cdnow_customers_summary.csv', 'cdnow_customers_summary_with_transactions.csv',
        'example_transactions.csv', 'donations.csv', 'waltons_dataset.csv', 'README.md']
missing = [f for f in data if not os.path.isfile(custorient.datasets.data_path(f))]
print('datasets not installed:', missing) if missing else None
sys.exit(0 if custorient.__version__ == c_version and not missing else 1)
"
fi
echo "install consumers: ok"
