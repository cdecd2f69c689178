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

rm -rf "$work"
mkdir -p "$work"
prefix="$work/prefix"
cmake --install "$build_dir" --prefix "$prefix" > "$work/install.log"

libdir=$(find "$prefix" -name 'libcustorient.so.0' -printf '%h\n' | head -n 1)
test -n "$libdir" || { echo "libcustorient.so.0 not installed"; exit 1; }
readelf -d "$libdir/libcustorient.so.0" | grep -q 'SONAME.*libcustorient.so.0' \
  || { echo "SONAME is not libcustorient.so.0"; exit 1; }
test -f "$libdir/libcustorient.a" || { echo "static library not installed"; exit 1; }

# pkg-config consumer
PKG_CONFIG_PATH="$libdir/pkgconfig" pkg-config --exists custorient
cc $flags -o "$work/pc_consumer" "$here/consumer.c" \
  $(PKG_CONFIG_PATH="$libdir/pkgconfig" pkg-config --cflags --libs custorient) \
  -Wl,-rpath,"$libdir"
"$work/pc_consumer"

# find_package consumer
cmake -S "$here/cmake_consumer" -B "$work/cmake_consumer" -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_C_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags" \
  > "$work/consumer-configure.log"
cmake --build "$work/cmake_consumer" > "$work/consumer-build.log"
"$work/cmake_consumer/consumer"

if [ "$with_python" = "ON" ]; then
  site=$(find "$prefix" -type d -path '*/site-packages/custorient' -printf '%h\n' | head -n 1)
  test -n "$site" || { echo "Python package not installed"; exit 1; }
  PYTHONPATH="$site" "$python" -c "
import custorient, ctypes, sys
lib = ctypes.CDLL('$libdir/libcustorient.so.0')
lib.co_version.restype = ctypes.c_char_p
c_version = lib.co_version().decode()
print('python custorient', custorient.__version__, 'C', c_version)
sys.exit(0 if custorient.__version__ == c_version else 1)
"
fi
echo "install consumers: ok"
