"""What the custorient program does with the files it is given: output to a
device, FIFO, symbolic link, /dev/stdout or "-", the mode of a replaced file,
long names, a file size limit; inputs that never end or never start.

The rules are those of docs/reliability.md, "Writing files" and "Input limits".
"""

import os
import resource
import signal
import stat
import subprocess
import threading

import pytest

PROGRAM = os.environ.get("CUSTORIENT", "custorient")
SOURCE = os.environ.get("CO_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
SHOP = os.path.join(SOURCE, "tests", "cli", "data", "shop")
ANSWERS = os.path.join(SOURCE, "tests", "cli", "data", "answers.csv")


def run(*args, timeout=300, **kw):
    if "stdout" not in kw:
        kw["capture_output"] = True
    return subprocess.run([PROGRAM, *args], text=True, timeout=timeout, **kw)


def html_report(*extra, **kw):
    return run("report", SHOP, "--quiet", *extra, **kw)


def is_page(text):
    return text.startswith("<!DOCTYPE html>") and text.endswith("</html>\n")


def test_html_replaces_a_file_and_keeps_its_mode(tmp_path):
    out = tmp_path / "report.html"
    out.write_text("old")
    os.chmod(out, 0o600)
    p = html_report("--html", str(out))
    assert p.returncode == 0, p.stderr
    assert is_page(out.read_text(encoding="utf-8"))
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    assert os.listdir(tmp_path) == ["report.html"]


def test_html_keeps_the_owner_when_run_as_root(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("changing a file's owner needs root")
    out = tmp_path / "report.html"
    out.write_text("old")
    os.chown(out, 4321, 4322)
    p = html_report("--html", str(out))
    assert p.returncode == 0, p.stderr
    st = os.stat(out)
    assert (st.st_uid, st.st_gid) == (4321, 4322)


def test_html_name_of_name_max_bytes(tmp_path):
    name_max = os.pathconf(tmp_path, "PC_NAME_MAX")
    out = tmp_path / ("r" * name_max)
    for _ in range(2):  # created, then replaced
        p = html_report("--html", str(out))
        assert p.returncode == 0, p.stderr
    assert is_page(out.read_text(encoding="utf-8"))
    assert os.listdir(tmp_path) == [out.name]


def test_html_through_a_symbolic_link_replaces_its_target(tmp_path):
    (tmp_path / "pages").mkdir()
    target = tmp_path / "pages" / "report.html"
    target.write_text("old")
    os.chmod(target, 0o640)
    link = tmp_path / "latest.html"
    os.symlink("pages/report.html", link)
    p = html_report("--html", str(link))
    assert p.returncode == 0, p.stderr
    assert os.path.islink(link) and os.readlink(link) == "pages/report.html"
    assert is_page(target.read_text(encoding="utf-8"))
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o640
    assert sorted(os.listdir(tmp_path / "pages")) == ["report.html"]


def test_html_to_a_character_device_is_written_through(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("mknod needs root")
    node = tmp_path / "null"
    os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # the null device
    p = html_report("--html", str(node))
    assert p.returncode == 0, p.stderr
    st = os.lstat(node)
    assert stat.S_ISCHR(st.st_mode) and st.st_rdev == os.makedev(1, 3)
    assert os.listdir(tmp_path) == ["null"]


def test_html_to_a_fifo(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    # Nobody reads: refused at once (exit 5), not a wait for a reader.
    p = html_report("--html", str(fifo), timeout=60)
    assert p.returncode == 5
    assert "fifo: cannot write: a FIFO that no process reads" in p.stderr
    got = []
    fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)

    def drain():
        chunks = []
        os.set_blocking(fd, True)
        while True:
            b = os.read(fd, 65536)
            if not b and writer_done.is_set():
                break
            chunks.append(b)
        got.append(b"".join(chunks))

    writer_done = threading.Event()
    reader = threading.Thread(target=drain)
    reader.start()
    p = html_report("--html", str(fifo), timeout=60)
    writer_done.set()
    reader.join(timeout=60)
    os.close(fd)
    assert p.returncode == 0, p.stderr
    assert is_page(got[0].decode("utf-8"))
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert os.listdir(tmp_path) == ["fifo"]


def test_html_dash_is_standard_output(tmp_path):
    p = html_report("--html", "-")
    assert p.returncode == 0, p.stderr
    assert is_page(p.stdout), "only the page, in place of the text report"
    assert os.listdir(tmp_path) == []


def test_html_to_dev_stdout_writes_into_the_descriptor(tmp_path):
    out = tmp_path / "captured.html"
    with open(out, "w") as f:
        inode = os.fstat(f.fileno()).st_ino
        p = run("report", SHOP, "--quiet", "--json", "--html", "/dev/stdout", stdout=f,
                stderr=subprocess.PIPE)
    assert p.returncode == 0, p.stderr
    assert os.path.islink("/dev/stdout")
    assert os.stat(out).st_ino == inode, "the file behind stdout was replaced"
    # The page takes the place of the JSON: one document on standard output.
    assert is_page(out.read_text(encoding="utf-8"))
    assert os.listdir(tmp_path) == ["captured.html"]


def limit_file_size(limit):
    def preexec():
        # Python ignores SIGXFSZ and a child inherits that: undo it, so the
        # program is seen to ignore the signal itself.
        signal.signal(signal.SIGXFSZ, signal.SIG_DFL)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return preexec


def test_file_size_limit_ends_with_exit_5_and_no_temporary_file(tmp_path):
    out = tmp_path / "report.html"
    out.write_text("old")
    p = html_report("--html", str(out), preexec_fn=limit_file_size(10000))
    assert p.returncode == 5, (p.returncode, p.stderr)
    assert "report.html: cannot write" in p.stderr
    assert out.read_text() == "old"
    assert os.listdir(tmp_path) == ["report.html"]


def test_generate_under_a_file_size_limit_leaves_no_temporary_file(tmp_path):
    p = run("generate", str(tmp_path), "--customers", "300",
            preexec_fn=limit_file_size(10000))
    assert p.returncode == 5, (p.returncode, p.stderr)
    assert "File too large" in p.stderr
    assert not [n for n in os.listdir(tmp_path) if n.startswith(".co-")]


def test_answers_from_dev_zero_stop_at_the_limit():
    p = run("report", SHOP, "--quiet", "--answers", "/dev/zero", timeout=120)
    assert p.returncode == 3
    assert "/dev/zero: larger than the 256 MiB limit for this kind of file" in p.stderr


def test_answers_from_a_fifo_without_writer_do_not_block(tmp_path):
    fifo = tmp_path / "answers.csv"
    os.mkfifo(fifo)
    p = run("report", SHOP, "--quiet", "--answers", str(fifo), timeout=60)
    # Read as an empty file: no header row naming the items.
    assert p.returncode == 4, p.stderr
    assert "answers.csv" in p.stderr


def test_answers_from_a_pipe_are_read_to_the_end():
    with open(ANSWERS, "rb") as f:
        data = f.read()
    p = subprocess.run([PROGRAM, "report", SHOP, "--quiet", "--json", "--answers",
                        "/dev/stdin"], input=data, capture_output=True, timeout=300)
    assert p.returncode == 0, p.stderr
    assert b'"instrument"' in p.stdout

