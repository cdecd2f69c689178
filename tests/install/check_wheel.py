"""`python3 -m build --no-isolation --wheel` on the checkout, then the wheel's
contents: the extension (linked without libcustorient.so), every module with its
stub, py.typed, the data files custorient.datasets reads, and metadata and
RECORD as the wheel format (PEP 427) requires. The sdist holds the committed
files and nothing of a build tree.

    check_wheel.py SOURCE_DIR WORK_DIR CMAKE_TREE VERSION
"""

import base64
import csv
import glob
import hashlib
import io
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile

from packaging.tags import sys_tags

source, work, tree, version = sys.argv[1:5]
shutil.rmtree(work, ignore_errors=True)
dist = os.path.join(work, "dist")
subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--wheel", "--sdist",
                "--outdir", dist, "-C", "build-dir=" + tree, source], check=True,
               stdout=subprocess.DEVNULL)

wheels = glob.glob(os.path.join(dist, "*.whl"))
assert len(wheels) == 1, wheels
name = os.path.basename(wheels[0])
dist_name, dist_version, python_tag, abi_tag, platform_tag = name[:-len(".whl")].split("-")
assert (dist_name, dist_version) == ("custorient", version), name
# pip installs it here: one of the interpreter's supported tags (packaging's list).
supported = {(t.interpreter, t.abi, t.platform) for t in sys_tags()}
assert (python_tag, abi_tag, platform_tag) in supported, name

wheel = zipfile.ZipFile(wheels[0])
members = set(wheel.namelist())
dist_info = "custorient-%s.dist-info/" % version
problems = []


def expect(paths, what):
    missing = sorted(set(paths) - members)
    if missing:
        problems.append("%s missing: %s" % (what, ", ".join(missing)))


package_src = os.path.join(source, "bindings", "python", "custorient")
modules = [os.path.basename(p) for p in glob.glob(os.path.join(package_src, "*.py"))
           + glob.glob(os.path.join(package_src, "*.pyi"))]
expect(["custorient/" + m for m in modules] + ["custorient/capi.py", "custorient/py.typed"],
       "modules, stubs and marker")
# The data: the files kept beside the package and the CDNOW summaries of tests/data.
data = [os.path.basename(p) for p in glob.glob(os.path.join(package_src, "data", "*"))
        + glob.glob(os.path.join(source, "tests", "data", "cdnow", "cdnow_customers_summary*.csv"))]
expect(["custorient/data/" + d for d in data], "data files")
expect([dist_info + f for f in ("METADATA", "WHEEL", "RECORD")], "metadata")
extensions = [m for m in members if m.startswith("custorient/_capi") and m.endswith(".so")]
if len(extensions) != 1:
    problems.append("expected one extension custorient/_capi*.so, found %s" % extensions)
else:
    extracted = wheel.extract(extensions[0], os.path.join(work, "unpacked"))
    needed = subprocess.run(["readelf", "-d", extracted], check=True, capture_output=True,
                            text=True).stdout
    if "libcustorient" in needed:
        problems.append("the extension needs libcustorient.so:\n" + needed)
stray = sorted(m for m in members if "__pycache__" in m or m.endswith(".pyc")
               or not (m.startswith("custorient/") or m.startswith(dist_info)))
if stray:
    problems.append("unexpected files: " + ", ".join(stray))

metadata = wheel.read(dist_info + "METADATA").decode()
for line in ("Name: custorient", "Version: " + version):
    if line not in metadata.splitlines():
        problems.append("METADATA lacks %r" % line)
wheel_info = wheel.read(dist_info + "WHEEL").decode().splitlines()
for line in ("Root-Is-Purelib: false", "Tag: %s-%s-%s" % (python_tag, abi_tag, platform_tag)):
    if line not in wheel_info:
        problems.append("WHEEL lacks %r" % line)

# RECORD names every other file with its sha256 (urlsafe base64, unpadded) and size.
recorded = set()
for path, digest, size in csv.reader(io.StringIO(wheel.read(dist_info + "RECORD").decode())):
    recorded.add(path)
    if path == dist_info + "RECORD":
        continue
    content = wheel.read(path)
    want = "sha256=" + base64.urlsafe_b64encode(
        hashlib.sha256(content).digest()).rstrip(b"=").decode()
    if digest != want or int(size) != len(content):
        problems.append("RECORD is wrong for " + path)
if recorded != members:
    problems.append("RECORD and the archive differ: %s" % sorted(recorded ^ members))

# The sdist: what git tracks (pyproject.toml, CMakeLists.txt, the sources) and PKG-INFO.
sdists = glob.glob(os.path.join(dist, "*.tar.gz"))
assert len(sdists) == 1, sdists
with tarfile.open(sdists[0]) as sdist:
    sdist_names = set(sdist.getnames())
base = "custorient-%s/" % version
for path in ("PKG-INFO", "pyproject.toml", "CMakeLists.txt",
             "bindings/python/backend/cmake_wheel.py", "bindings/python/custorient/py.typed"):
    if base + path not in sdist_names:
        problems.append("sdist lacks " + path)
if any(n.startswith(base + "build/") for n in sdist_names):
    problems.append("sdist holds a build tree")

for problem in problems:
    print(problem)
print("%s: %d files, %s" % (name, len(members), "ok" if not problems else "FAILED"))
sys.exit(1 if problems else 0)
