"""Build backend (PEP 517) behind `pip install .` and `python3 -m build --wheel`.

CMake builds the C library and the SWIG module in a tree that mirrors the
installed package (bindings/python/CMakeLists.txt); the wheel is that tree's
custorient/ directory plus metadata taken from pyproject.toml. The extension
links the static library, so the wheel holds no libcustorient.so and needs no
run path. The backend needs nothing beyond the standard library, CMake, SWIG
and a C compiler, so it builds offline, with or without build isolation.

Config settings (`pip install -C key=value`, `python3 -m build -C key=value`):
  build-dir   the CMake build tree, relative to the source tree (default
              build/wheel); it is kept, so the next build compiles only what
              changed
  build-type  CMAKE_BUILD_TYPE (default Release)
The environment's CMAKE_GENERATOR and CMAKE_BUILD_PARALLEL_LEVEL apply as usual.
"""

import base64
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import time
import zipfile

try:
    import tomllib
except ModuleNotFoundError:  # Python < 3.11
    import tomli as tomllib

_PROJECT_KEYS = {"name", "description", "requires-python", "license", "dependencies",
                 "optional-dependencies", "classifiers", "urls", "dynamic"}


def _project():
    """The [project] table of pyproject.toml, with the version CMake declares."""
    with open("pyproject.toml", "rb") as f:
        project = tomllib.load(f)["project"]
    unknown = set(project) - _PROJECT_KEYS
    if unknown:  # a key written there must reach the metadata, not vanish
        raise ValueError("pyproject.toml: [project] keys the backend does not write: %s"
                         % ", ".join(sorted(unknown)))
    with open("CMakeLists.txt", encoding="utf-8") as f:
        match = re.search(r"project\(\s*custorient\s+VERSION\s+([0-9.]+)", f.read())
    project["version"] = match.group(1)
    return project


def _metadata(project):
    lines = ["Metadata-Version: 2.1", "Name: " + project["name"],
             "Version: " + project["version"]]
    if "description" in project:
        lines.append("Summary: " + project["description"])
    if "requires-python" in project:
        lines.append("Requires-Python: " + project["requires-python"])
    if "license" in project:
        lines.append("License: " + project["license"]["text"])
    lines += ["Classifier: " + c for c in project.get("classifiers", [])]
    lines += ["Project-URL: %s, %s" % item for item in project.get("urls", {}).items()]
    lines += ["Requires-Dist: " + d for d in project.get("dependencies", [])]
    for extra, requirements in project.get("optional-dependencies", {}).items():
        lines.append("Provides-Extra: " + extra)
        lines += ['Requires-Dist: %s; extra == "%s"' % (r, extra) for r in requirements]
    return "\n".join(lines) + "\n"


def _tag():
    """The wheel tag of the running interpreter, e.g. cp311-cp311-linux_x86_64."""
    if sys.implementation.name != "cpython":  # the extension uses CPython's C API
        raise RuntimeError("custorient builds for CPython only")
    python = "cp%d%d" % sys.version_info[:2]
    abi = python + getattr(sys, "abiflags", "")
    platform = re.sub(r"[-.]", "_", sysconfig.get_platform())
    return "%s-%s-%s" % (python, abi, platform)


def _cmake_build(config_settings):
    settings = config_settings or {}
    build_dir = os.path.abspath(settings.get("build-dir", os.path.join("build", "wheel")))
    build_type = settings.get("build-type", "Release")
    configure = ["cmake", "-S", ".", "-B", build_dir, "-DCMAKE_BUILD_TYPE=" + build_type,
                 "-DCO_BUILD_PYTHON=ON", "-DCO_BUILD_TESTS=OFF", "-DCO_BUILD_EXAMPLES=OFF",
                 "-DPython3_EXECUTABLE=" + sys.executable]
    fresh = not os.path.exists(os.path.join(build_dir, "CMakeCache.txt"))
    if fresh and "CMAKE_GENERATOR" not in os.environ and shutil.which("ninja"):
        configure += ["-G", "Ninja"]
    subprocess.run(configure, check=True)
    subprocess.run(["cmake", "--build", build_dir, "--config", build_type, "--target", "capi"],
                   check=True)
    with open(os.path.join(build_dir, "CMakeCache.txt"), encoding="utf-8") as f:
        site = re.search(r"^CO_PYTHON_BUILD_DIR:INTERNAL=(.*)$", f.read(), re.M).group(1)
    return os.path.join(site, "custorient")


def _package_files(package_dir):
    """(path in the wheel, file) of the built package, without byte code."""
    found = []
    for root, dirs, files in os.walk(package_dir):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if not name.endswith(".pyc"):
                path = os.path.join(root, name)
                found.append(("custorient/" + os.path.relpath(path, package_dir), path))
    return found


def _record_hash(data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
    return "sha256=" + digest.decode()


def _zip_time():
    """SOURCE_DATE_EPOCH if set (reproducible wheels), else 1980-01-01, zip's earliest."""
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", 315532800))
    return max(time.gmtime(epoch)[:6], (1980, 1, 1, 0, 0, 0))


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    """PEP 517: build the package with CMake and write its wheel."""
    project = _project()
    package_dir = _cmake_build(config_settings)
    tag = _tag()
    dist_info = "%s-%s.dist-info" % (project["name"], project["version"])
    wheel_name = "%s-%s-%s.whl" % (project["name"], project["version"], tag)
    generated = {
        dist_info + "/METADATA": _metadata(project),
        dist_info + "/WHEEL": "Wheel-Version: 1.0\nGenerator: custorient cmake_wheel\n"
                              "Root-Is-Purelib: false\nTag: %s\n" % tag,
    }
    record = []
    when = _zip_time()
    with zipfile.ZipFile(os.path.join(wheel_directory, wheel_name), "w",
                         zipfile.ZIP_DEFLATED) as wheel:
        def add(arcname, data, mode=0o644):
            info = zipfile.ZipInfo(arcname, when)
            info.external_attr = (mode & 0o777 | 0o100000) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            wheel.writestr(info, data)
            record.append("%s,%s,%d" % (arcname, _record_hash(data), len(data)))

        for arcname, path in _package_files(package_dir):
            with open(path, "rb") as f:
                add(arcname, f.read(), os.stat(path).st_mode)
        for arcname, text in generated.items():
            add(arcname, text.encode())
        record.append(dist_info + "/RECORD,,")
        add(dist_info + "/RECORD", ("\n".join(record) + "\n").encode())
    return wheel_name


def build_sdist(sdist_directory, config_settings=None):
    """PEP 517: the files git tracks, plus PKG-INFO, as NAME-VERSION.tar.gz."""
    project = _project()
    listed = subprocess.run(["git", "ls-files", "-z"], check=True, capture_output=True)
    base = "%s-%s" % (project["name"], project["version"])
    name = base + ".tar.gz"
    with tarfile.open(os.path.join(sdist_directory, name), "w:gz",
                      format=tarfile.PAX_FORMAT) as tar:
        tracked = listed.stdout.decode().split("\0")
        for path in sorted(p for p in tracked if p and os.path.lexists(p)):
            tar.add(path, arcname=base + "/" + path, recursive=False)
        info = tarfile.TarInfo(base + "/PKG-INFO")
        data = _metadata(project).encode()
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    return name


def get_requires_for_build_wheel(config_settings=None):
    """PEP 517: nothing to install; CMake, SWIG and a compiler come from the system."""
    return []


def get_requires_for_build_sdist(config_settings=None):
    """PEP 517: nothing to install."""
    return []
