"""Store.save, Store.export_csv and the loaders with devices, FIFOs, links and
limits (docs/reliability.md, "Writing files" and "Input limits")."""

import os
import stat
import subprocess
import sys

import pytest

import custorient
from custorient import Store


def test_save_and_export_keep_a_0600_file_private(tmp_path):
    out = tmp_path / "personal.csv"
    out.write_text("old")
    os.chmod(out, 0o600)
    Store().export_csv("customers", out)
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    Store().save(out)
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    assert os.listdir(tmp_path) == ["personal.csv"]


def test_save_to_a_device_node_writes_through(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("mknod needs root")
    node = tmp_path / "null"
    os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # the null device
    Store().save(node)
    Store().export_csv("orders", node)
    assert stat.S_ISCHR(os.lstat(node).st_mode)
    assert os.listdir(tmp_path) == ["null"]


def test_save_through_a_link_replaces_its_target(tmp_path):
    target = tmp_path / "store.bin"
    target.write_bytes(b"old")
    os.symlink("store.bin", tmp_path / "current")
    Store().save(tmp_path / "current")
    assert os.path.islink(tmp_path / "current")
    assert Store.load(target).count("customers") == 0


def test_save_to_a_fifo_without_reader_fails_at_once(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(custorient.FileError) as e:
        Store().save(fifo)
    assert e.value.path == str(fifo)
    assert "no process reads" in str(e.value)


def test_load_from_dev_zero_stops_at_the_limit():
    with pytest.raises(custorient.FileError) as e:
        custorient.Instrument.load("/dev/zero")
    assert "larger than the 16 MiB limit" in str(e.value)


def test_save_past_a_file_size_limit_raises_and_leaves_no_temporary_file(tmp_path):
    # A child with a 1000-byte file size limit saves a store of 200 customers
    # (Python ignores SIGXFSZ, so the write fails with EFBIG).
    code = (
        "import custorient, resource, sys\n"
        "s = custorient.Store()\n"
        "for i in range(200):\n"
        "    s.add_customer('customer-%d' % i, signup_date=0)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))\n"
        "try:\n"
        "    s.save(sys.argv[1])\n"
        "except custorient.FileError as e:\n"
        "    print(e)\n"
        "    sys.exit(7)\n")
    out = tmp_path / "store.bin"
    out.write_bytes(b"old")
    p = subprocess.run([sys.executable, "-c", code, str(out)], capture_output=True, text=True,
                       timeout=120)
    assert p.returncode == 7, p.stderr
    assert "File too large" in p.stdout
    assert out.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["store.bin"]
