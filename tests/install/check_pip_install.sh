#!/bin/sh
# `pip install .` of the checkout into a fresh virtual environment (no build
# isolation, no package index: it must work offline), then every Python example
# from an empty directory with no PYTHONPATH, so only the installed package (its
# data files included) can answer `import custorient`. Uninstalling must remove
# every installed file.
#   check_pip_install.sh SOURCE_DIR WORK_DIR CMAKE_TREE PYTHON
# CMAKE_TREE is the backend's build-dir, kept between runs.
set -eu
source=$1
work=$2
tree=$3
python=$4
unset PYTHONPATH

rm -rf "$work"
mkdir -p "$work/run"
"$python" -m venv --system-site-packages "$work/venv"
venv_python="$work/venv/bin/python"
pip() {
  "$venv_python" -m pip --disable-pip-version-check "$@"
}
(cd "$source" && pip install --quiet --no-index --no-build-isolation \
  --config-settings "build-dir=$tree" .)

cd "$work/run"
"$venv_python" - "$work/venv" <<'PY'
import os, subprocess, sys
import custorient
venv = os.path.realpath(sys.argv[1])
package = os.path.dirname(os.path.realpath(custorient.__file__))
assert package.startswith(venv + os.sep), "custorient imported from " + package
# The extension links the library statically: no libcustorient.so to find.
needed = subprocess.run(["readelf", "-d", custorient.capi._capi.__file__],
                        check=True, capture_output=True, text=True).stdout
assert "libcustorient" not in needed, needed
print("custorient", custorient.__version__, "from", package)
PY

# A script whose usage names a DATA_DIR reads the sample; the others (the
# walkthrough) read the package's own data.
for script in "$source"/examples/python/*.py; do
  name=$(basename "$script" .py)
  echo "== $name"
  if grep -q DATA_DIR "$script"; then
    "$venv_python" "$script" "$source/data/sample" > "$name.out"
  else
    MPLBACKEND=Agg "$venv_python" "$script" > "$name.out"
  fi
  tail -n 2 "$name.out"
done

site=$("$venv_python" -c "import sysconfig; print(sysconfig.get_path('platlib'))")
pip uninstall --quiet --yes custorient
if [ -e "$site/custorient" ]; then
  echo "left behind after pip uninstall:"; find "$site/custorient"; exit 1
fi
echo "pip install: ok"
