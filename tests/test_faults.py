"""File-system oddities and faults: what is read, how it is decoded and counted, and how the
run ends when something fails. Every case ends in a notification or a clear error, never a
traceback or a hang."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Lint, write

PASSWORD = "Zt8mQ2vX9pL4"
LOGIN = f"docker login -u ci -p {PASSWORD} registry.example.com"
WHERE = ("path", "line", "column")
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX file system features")


def _dcrlint(cwd: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """The CLI in a child process (for what could hang or kill the test process)."""
    return subprocess.run([sys.executable, "-m", "dcrlint", "--no-git", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=timeout, check=False)


# --------------------------------------------------------------------------- reading


@posix_only
def test_fifo_named_like_a_config_file_does_not_hang(lint: Lint, tmp_path: Path) -> None:
    for name in ("config.json", "deploy.yaml", "Jenkinsfile"):
        os.mkfifo(tmp_path / name)
    write(tmp_path, "ok.sh", LOGIN + "\n")
    r = _dcrlint(tmp_path, "--format", "json", ".", timeout=30)
    assert "Traceback" not in r.stderr
    for name in ("config.json", "deploy.yaml", "Jenkinsfile"):
        assert f"{name}: is a named pipe; skipped" in r.stderr


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_device_is_not_read(lint, tmp_path: Path) -> None:
    r = lint("--format", "json", "/dev/zero")
    assert "/dev/zero: is a device; skipped" in r.err


@pytest.mark.parametrize("encoding,bom", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"),
                                          ("utf-32-le", b"\xff\xfe\x00\x00"),
                                          ("utf-32-be", b"\x00\x00\xfe\xff")])
def test_utf16_and_utf32_with_bom_are_scanned(lint, tmp_path: Path, encoding: str, bom: bytes) -> None:
    (tmp_path / "login.sh").write_bytes(bom + f"#!/bin/sh\n\n  {LOGIN}\n".encode(encoding))
    r = lint("--format", "json")
    assert sorted(r.table(*WHERE, rules=("DCR001",))) == [("login.sh", 3, 25)]
    assert not r.json()["notifications"]


def test_a_stray_nul_does_not_skip_the_file(lint, tmp_path: Path) -> None:
    (tmp_path / "login.sh").write_bytes(f"#!/bin/sh\n# x\0y\n{LOGIN}\n".encode())
    (tmp_path / "blob.sh").write_bytes(b"#!/bin/sh\n\x00\x01\x02\x03\x04binary")
    r = lint("--format", "json")
    assert sorted(r.table(*WHERE, rules=("DCR001",))) == [("login.sh", 3, 23)]
    assert r.json()["notifications"] == []  # the binary one is counted, not reported
    assert r.json()["summary"]["binary_skipped"] == 1


def test_lines_end_at_lf_crlf_and_lone_cr(lint, tmp_path: Path) -> None:
    workflow = ("on: push\njobs:\n  b:\n    runs-on: x\n    steps:\n      - run: |\n"
                f"          echo hi\n          {LOGIN}\n")
    for name, newline in (("lf", "\n"), ("crlf", "\r\n"), ("cr", "\r")):
        (tmp_path / ".github/workflows").mkdir(parents=True, exist_ok=True)
        (tmp_path / f".github/workflows/{name}.yml").write_bytes(workflow.replace("\n", newline).encode())
    # NEL, LS and PS are characters within a line, as editors and GitHub show them.
    (tmp_path / "seps.sh").write_bytes(f"#!/bin/sh\n# a\u2028b\x85c\u2029d\n{LOGIN}\n".encode())
    r = lint("--format", "json")
    assert sorted(r.table(*WHERE, rules=("DCR001",))) == [
        (".github/workflows/cr.yml", 8, 33), (".github/workflows/crlf.yml", 8, 33), (".github/workflows/lf.yml", 8, 33),
        ("seps.sh", 3, 23)]


def test_line_text_of_lone_cr_file() -> None:
    from dcrlint.source import SourceFile

    src = SourceFile("x", "a\rb\r\nc\nd\u2028e")
    assert [src.line_text(i) for i in (1, 2, 3, 4)] == ["a", "b", "c", "d\u2028e"]
    assert src.position(src.text.index("e")) == (4, 3)


# --------------------------------------------------------------------------- outputs


@pytest.mark.parametrize("option", ["-o", "--sarif", "--write-baseline"])
def test_unwritable_output_is_a_clear_error(lint, tmp_path: Path, option: str) -> None:
    write(tmp_path, "login.sh", LOGIN + "\n")
    write(tmp_path, "a-file", "")
    places = [str(tmp_path), "a-file/out.json"]
    if os.path.exists("/dev/full"):
        places.append("/dev/full")
    if os.name == "posix" and os.geteuid() != 0:  # root may write anywhere
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        places.append("locked/out.json")
    for place in places:
        r = lint(option, place)
        assert r.code == 2, place
        assert r.err.startswith(f"dcrlint: error: cannot write {place}: "), r.err
        assert "Traceback" not in r.err


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_stdout_on_a_full_device(tmp_path: Path) -> None:
    write(tmp_path, "login.sh", LOGIN + "\n")
    with open("/dev/full", "w") as full:
        r = subprocess.run([sys.executable, "-m", "dcrlint", "--no-git", "."], cwd=tmp_path,
                           stdout=full, stderr=subprocess.PIPE, text=True, timeout=60, check=False)
    assert r.returncode == 2
    assert r.stderr.startswith("dcrlint: error: cannot write to standard output: ")
    assert "Traceback" not in r.stderr and "Exception ignored" not in r.stderr


@pytest.mark.skipif(sys.platform != "linux", reason="file names are bytes on Linux")
@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "gitlab"])
def test_file_name_that_is_not_utf8(lint: Lint, tmp_path: Path, fmt: str) -> None:
    (tmp_path / os.fsdecode(b"caf\xe9.sh")).write_text(LOGIN + "\n")
    r = _dcrlint(tmp_path, "--format", fmt, "-o", "out.txt", ".")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    # SARIF URIs percent-encode the file name's bytes; the other formats escape the byte
    expected = "caf%E9.sh" if fmt == "sarif" else "caf\\udce9.sh"
    assert expected in (tmp_path / "out.txt").read_text("utf-8")
    r = _dcrlint(tmp_path, "--format", fmt, ".")
    assert r.returncode == 1 and "Traceback" not in r.stderr


# --------------------------------------------------------------------------- workers


def test_jobs_is_capped_at_the_cores(monkeypatch, lint, tmp_path: Path) -> None:
    from dcrlint import cli
    from dcrlint import lint as lint_module

    seen: list[int] = []
    real = lint_module.lint
    monkeypatch.setattr(lint_module, "lint", lambda *a: seen.append(a[3].jobs) or real(*a))
    write(tmp_path, "login.sh", LOGIN + "\n")
    main_args = ["--no-git", "--jobs", "64", "."]
    cli.main(main_args)
    assert seen == [cli._cores()]
    assert "maximum: the number of cores" in " ".join(cli._parser().format_help().split())


def test_a_capped_jobs_count_is_said_once(lint, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from dcrlint import cli

    monkeypatch.setattr(cli, "_cores", lambda: 2)
    notes = [line for line in lint("--jobs", "64", ".").err.splitlines() if "--jobs" in line]
    assert notes == ["dcrlint: note: --jobs 64: capped at 2, the cores this process may run on"]
    for asked in ("2", "1"):  # what the machine has, or less: nothing to say
        assert "--jobs" not in lint("--jobs", asked, ".").err
    assert "--jobs" not in lint("--jobs", "64", "-q", ".").err  # quiet: no notes


_SLOW_SCAN = """
import sys, time
from dcrlint import engine
from dcrlint.config import Settings
from dcrlint.discover import Target

def slow(target, *args, **kwargs):
    time.sleep(120)

engine.scan_file = slow
targets = [Target(f"f{i}.sh", f"/nonexistent/f{i}.sh", True) for i in range(100)]
print("started", flush=True)
engine._scan_all(targets, Settings(), frozenset(), {}, jobs=2)
"""


@pytest.mark.skipif(not os.path.exists(f"/proc/{os.getpid()}/task/{os.getpid()}/children"),
                    reason="lists children through /proc")
def test_sigterm_to_the_parent_ends_the_workers(tmp_path: Path) -> None:
    import signal
    import time

    parent = subprocess.Popen([sys.executable, "-c", _SLOW_SCAN], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True)
    children: set[int] = set()
    try:
        assert parent.stdout is not None and parent.stdout.readline().strip() == "started"
        deadline = time.monotonic() + 30
        while len(children) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
            children = {int(c) for t in os.listdir(f"/proc/{parent.pid}/task")
                        for c in Path(f"/proc/{parent.pid}/task/{t}/children").read_text().split()}
        assert len(children) >= 2
        parent.send_signal(signal.SIGTERM)
        parent.wait(timeout=30)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_alive(c) for c in children):
            time.sleep(0.1)
        assert not any(_alive(c) for c in children)
    finally:
        parent.kill()
        parent.wait()
        for pid in children:  # should the test fail: no worker left behind
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


# --------------------------------------------------------------------------- --fix and files

FIXABLE = 'docker login -u ci -p "$REG_PASSWORD" registry.example.com\n'
FIXED = 'printf %s "$REG_PASSWORD" | docker login -u ci --password-stdin registry.example.com\n'


def test_fix_keeps_mode_line_endings_bom_and_encoding(lint, tmp_path: Path) -> None:
    text = f"#!/bin/sh\n{FIXABLE}echo done\n"
    (tmp_path / "crlf.sh").write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    (tmp_path / "utf16.sh").write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    os.chmod(tmp_path / "crlf.sh", 0o751)
    r = lint("--fix")
    assert "fixed 2 findings in 2 files (crlf.sh, utf16.sh)" in r.err
    fixed = f"#!/bin/sh\n{FIXED}echo done\n"
    assert (tmp_path / "crlf.sh").read_bytes() == b"\xef\xbb\xbf" + fixed.replace("\n", "\r\n").encode()
    assert (tmp_path / "utf16.sh").read_bytes() == b"\xff\xfe" + fixed.encode("utf-16-le")
    assert os.stat(tmp_path / "crlf.sh").st_mode & 0o777 == 0o751
    assert sorted(os.listdir(tmp_path)) == ["crlf.sh", "utf16.sh"]  # no temporary file left


@pytest.mark.skipif(os.name != "posix", reason="RLIMIT_FSIZE")
def test_fix_on_a_full_disk_leaves_the_file_intact(tmp_path: Path) -> None:
    import resource

    original = "#!/bin/sh\n" + "# padding line\n" * 20 + FIXABLE
    write(tmp_path, "deploy.sh", original)

    def small_files() -> None:  # writes past 64 bytes fail (EFBIG), as on a full disk
        resource.setrlimit(resource.RLIMIT_FSIZE, (64, 64))

    r = subprocess.run([sys.executable, "-m", "dcrlint", "--no-git", "--fix", "."], cwd=tmp_path,
                       capture_output=True, text=True, timeout=60, check=False,
                       preexec_fn=small_files)
    assert "Traceback" not in r.stderr
    assert (tmp_path / "deploy.sh").read_text() == original
    assert "deploy.sh: cannot write (File too large); the file is unchanged; not fixed" in r.stderr
    assert "fixed 0 findings in 0 files; not fixed: deploy.sh" in r.stderr
    assert os.listdir(tmp_path) == ["deploy.sh"]
    assert r.returncode == 1


def test_fix_leaves_a_file_changed_since_the_scan(lint, tmp_path: Path, monkeypatch) -> None:
    from dcrlint import lint as lint_module

    write(tmp_path, "deploy.sh", f"#!/bin/sh\n{FIXABLE}")
    edited = f"#!/bin/sh\necho someone edited this file meanwhile\n{FIXABLE}"
    real = lint_module.lint

    def scan_then_edit(*args):  # type: ignore[no-untyped-def]
        scan = real(*args)
        (tmp_path / "deploy.sh").write_text(edited)
        return scan

    monkeypatch.setattr(lint_module, "lint", scan_then_edit)
    r = lint("--fix")
    assert (tmp_path / "deploy.sh").read_text() == edited
    assert "deploy.sh: changed since the scan; not fixed" in r.err
    assert "fixed 0 findings in 0 files; not fixed: deploy.sh" in r.err


def test_only_a_run_that_may_fix_or_keeps_a_cache_hashes_the_files(lint, tmp_path: Path, monkeypatch) -> None:
    """The digest of a file with findings is what --fix and --diff compare to know the file is
    still the one scanned, and what the cache keeps for a later --fix: a run with neither
    hashes nothing. Without a cache, --diff and --fix still plan and apply the fix (a missing
    digest would read as a file changed since the scan)."""
    from dcrlint import engine

    hashed: list[int] = []
    real = engine.digest

    def counted(text: str) -> str:
        hashed.append(len(text))
        return real(text)

    monkeypatch.setattr(engine, "digest", counted)
    write(tmp_path, "deploy.sh", f"#!/bin/sh\n{FIXABLE}")
    found = lint("--no-cache", "--format", "json", ".").table("rule", "line", "column")
    assert found == [("DCR001", 2, 24)] and hashed == []
    assert FIXED.strip() in lint("--no-cache", "--diff").out and len(hashed) == 1
    monkeypatch.delenv("DCRLINT_NO_CACHE")
    cached = lint("--cache-dir", str(tmp_path / "cache"), "--format", "json", ".")
    assert cached.table("rule", "line", "column") == found and len(hashed) == 2
    r = lint("--no-cache", "--fix")
    assert (tmp_path / "deploy.sh").read_text() == f"#!/bin/sh\n{FIXED}" and "not fixed" not in r.err


def test_fix_leaves_a_file_changed_after_planning(lint, tmp_path: Path, monkeypatch) -> None:
    from dcrlint import fixer

    write(tmp_path, "deploy.sh", f"#!/bin/sh\n{FIXABLE}")
    real = fixer.plan

    def plan_then_edit(*args, **kwargs):  # type: ignore[no-untyped-def]
        run = real(*args, **kwargs)
        (tmp_path / "deploy.sh").write_text("#!/bin/sh\necho new\n")
        return run

    monkeypatch.setattr(fixer, "plan", plan_then_edit)
    r = lint("--fix")
    assert (tmp_path / "deploy.sh").read_text() == "#!/bin/sh\necho new\n"
    assert "deploy.sh: changed since the scan; not fixed" in r.err


def test_fix_reports_read_only_files(lint, tmp_path: Path) -> None:
    write(tmp_path, "a.sh", f"#!/bin/sh\n{FIXABLE}")
    write(tmp_path, "b.sh", f"#!/bin/sh\n{FIXABLE}")
    os.chmod(tmp_path / "b.sh", 0o444)
    r = lint("--fix")
    assert (tmp_path / "a.sh").read_text() == f"#!/bin/sh\n{FIXED}"
    assert (tmp_path / "b.sh").read_text() == f"#!/bin/sh\n{FIXABLE}"
    assert "b.sh: read-only; not fixed" in r.err
    assert "fixed 1 finding in 1 file (a.sh); not fixed: b.sh" in r.err


# --------------------------------------------------------------------------- discovery

SECRET_YAML = ("apiVersion: v1\nkind: Secret\nmetadata:\n  name: regcred\ntype: kubernetes.io/dockerconfigjson\n"
               "stringData:\n  .dockerconfigjson: '{\"auths\": {\"registry.example.com\": "
               "{\"username\": \"ci\", \"password\": \"Zt8mQ2vX9pL4\"}}}'\n")


@posix_only
def test_symlink_to_outside_the_tree_is_not_followed(lint, tmp_path: Path, monkeypatch) -> None:
    outside = tmp_path / "outside"
    write(outside, "passwd", SECRET_YAML)
    write(outside, "deploy.sh", f"#!/bin/sh\n{FIXABLE}")
    work = tmp_path / "work"
    work.mkdir()
    os.symlink(outside / "passwd", work / "passwd.yaml")
    os.symlink(outside / "deploy.sh", work / "deploy.sh")
    monkeypatch.chdir(work)
    for args in ((".",), ("passwd.yaml", "deploy.sh"), ("--fix", ".")):
        r = lint("--format", "json", *args)
        assert r.json()["findings"] == [], args
        assert "passwd.yaml: symbolic link to outside the scanned tree; not followed" in r.err
        assert "deploy.sh: symbolic link to outside the scanned tree; not followed" in r.err
    assert (outside / "deploy.sh").read_text() == f"#!/bin/sh\n{FIXABLE}"


@posix_only
def test_fix_never_writes_through_a_link_to_outside(tmp_path: Path) -> None:
    from dcrlint.config import Settings
    from dcrlint.fixer import FilePlan, FixRun
    from dcrlint.fixer import write as write_fixes

    write(tmp_path, "outside/deploy.sh", "old\n")
    (tmp_path / "work").mkdir()
    os.symlink(tmp_path / "outside/deploy.sh", tmp_path / "work/deploy.sh")
    run = FixRun([FilePlan("deploy.sh", str(tmp_path / "work/deploy.sh"), "old\n", "new\n", "")], [])
    notes = write_fixes(run, Settings(root=str(tmp_path / "work")))
    assert [n.message for n in notes] == ["a symbolic link to a file outside the scanned tree; not fixed"]
    assert (tmp_path / "outside/deploy.sh").read_text() == "old\n"


@posix_only
def test_symlink_inside_the_tree_is_scanned_once(lint, tmp_path: Path) -> None:
    write(tmp_path, "scripts/deploy.sh", f"#!/bin/sh\n{LOGIN}\n")
    os.symlink("scripts/deploy.sh", tmp_path / "deploy.sh")
    os.symlink("scripts", tmp_path / "bin")
    r = lint("--format", "json")
    assert sorted(r.table(*WHERE, rules=("DCR001",))) == [("scripts/deploy.sh", 2, 23)]
    assert r.json()["summary"]["files_scanned"] == 1
    r = lint("--format", "json", "deploy.sh", "scripts/deploy.sh")
    assert [f["path"] for f in r.json()["findings"] if f["rule"] == "DCR001"] == ["scripts/deploy.sh"]
    os.symlink("loop", tmp_path / "loop")
    r = lint("--format", "json", "loop")
    assert [(n["path"], n["level"]) for n in r.json()["notifications"]] == [("loop", "warning")]


def test_unreadable_folder_is_a_notification(lint, tmp_path: Path, monkeypatch) -> None:
    write(tmp_path, "ok.sh", "echo hi\n")
    write(tmp_path, "locked/deploy.sh", f"#!/bin/sh\n{LOGIN}\n")
    locked = str(tmp_path / "locked")
    real_scandir, real_stat = os.scandir, os.stat

    def scandir(path="."):  # type: ignore[no-untyped-def]
        if os.fspath(path) == locked:
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    def stat(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if os.fspath(path).startswith(locked + os.sep):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "scandir", scandir)
    r = lint("--format", "json", "--strict")
    assert "dcrlint: warning: locked: cannot read the folder (Permission denied); skipped" in r.err
    assert r.code == 1  # counted as not scanned under --strict
    monkeypatch.setattr(os, "stat", stat)
    r = lint("--format", "json", "locked/deploy.sh")
    assert "dcrlint: warning: locked/deploy.sh: cannot read (Permission denied); skipped" in r.err
    assert "Traceback" not in r.err


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=cwd,
                   check=True, capture_output=True)


def test_git_deleted_files_and_submodules(lint: Lint, tmp_path: Path) -> None:
    _git(tmp_path, "init", "-q")
    write(tmp_path, "gone.sh", "echo\n")
    write(tmp_path, "deploy.sh", f"#!/bin/sh\n{LOGIN}\n")
    _git(tmp_path, "add", ".")
    (tmp_path / "gone.sh").unlink()
    (tmp_path / "vendored").mkdir()  # a submodule: a gitlink in the index, a folder in the tree
    _git(tmp_path, "update-index", "--add", "--cacheinfo",
         "160000,1111111111111111111111111111111111111111,vendored")
    r = lint("--format", "json", "--strict", ".", git=True, cwd=tmp_path)
    assert sorted(r.table(*WHERE, rules=("DCR001",))) == [("deploy.sh", 2, 23)]
    assert [(n["path"], n["level"]) for n in r.json()["notifications"]] == [("vendored", "note")]
    assert "submodule" in r.json()["notifications"][0]["message"]
    assert r.err.count("vendored") == 1


def test_broken_git_index_falls_back_with_a_note(lint: Lint, tmp_path: Path) -> None:
    _git(tmp_path, "init", "-q")
    write(tmp_path, "deploy.sh", f"#!/bin/sh\n{LOGIN}\n")
    (tmp_path / ".git/index").write_bytes(b"DIRC garbage")
    r = lint("--format", "json", ".", git=True, cwd=tmp_path)
    assert sorted(r.table(*WHERE, rules=("DCR001",))) == [("deploy.sh", 2, 23)]
    assert "git ls-files failed" in r.err and "walked the folder instead" in r.err


# --------------------------------------------------------------------------- GitLab includes


def test_gitlab_local_include_stays_in_the_repository(lint: Lint, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    write(tmp_path, "outside.yml", ".login:\n  script: [echo outside]\n")
    write(repo, "ci/big.yml", ".big:\n  script: [echo big]\n" + "# padding\n" * 200)
    write(repo, ".dcrlint.yaml", "max-file-size: 1000\n")
    write(repo, ".gitlab-ci.yml", "include:\n  - local: ../outside.yml\n  - local: /../outside.yml\n"
          "  - ci/../../outside.yml\n  - local: ci/big.yml\njob:\n  script: [make]\n")
    _git(repo, "init", "-q")
    r = lint("--format", "json", ".", git=True, cwd=repo)
    notes = sorted(n["message"] for n in r.json()["notifications"] if n["path"] == ".gitlab-ci.yml")
    assert notes == [
        "included file `../outside.yml` is outside the repository; not resolved",
        "included file `ci/big.yml`: larger than 1000 bytes; not resolved",
    ]


# --------------------------------------------------------------------------- DCR011 fix meaning

DCR011_WORKFLOW = """\
on: push
env:
  SHARED: plain
jobs:
  build:
    runs-on: ubuntu-latest
    env:
      JOB_TOKEN: something-else
      SAME: ${{ secrets.SAME }}
    steps:
      - run: |
          cat <<EOF > a.cfg
          token: ${{ secrets.HEREDOC_TOKEN }}
          EOF
      - run: |
          cat <<'EOF' > b.cfg
          token: ${{ secrets.QUOTED_TOKEN }}
          EOF
      - run: echo ${{ secrets.JOB_TOKEN }} "$JOB_TOKEN"
      - run: echo ${{ secrets.SHARED }}
      - run: echo ${{ secrets.SAME }}
      - run: |
          args=(${{ secrets.ARRAY_TOKEN }})
      - run: |
          echo $(( ${{ secrets.COUNT }} + 1 ))
      - run: |
          [[ $x == ${{ secrets.PATTERN }} ]]
"""


def test_dcr011_fix_keeps_the_script_meaning(lint, tmp_path: Path) -> None:
    path = write(tmp_path, ".github/workflows/ci.yml", DCR011_WORKFLOW)
    r = lint("--format", "json", "--select", "DCR011")
    fixable = {tmp_path.joinpath(path).read_text().splitlines()[f["start"]["line"] - 1].strip()
               for f in r.json()["findings"] if f.get("fix")}
    assert fixable == {"token: ${{ secrets.HEREDOC_TOKEN }}", "- run: echo ${{ secrets.SAME }}",
                       "echo $(( ${{ secrets.COUNT }} + 1 ))", "[[ $x == ${{ secrets.PATTERN }} ]]"}
    lint("--fix", "--select", "DCR011")
    after = path.read_text()
    assert "token: ${HEREDOC_TOKEN}\n" in after  # an unquoted heredoc: no quotes added
    assert "token: ${{ secrets.QUOTED_TOKEN }}" in after  # a quoted heredoc expands nothing
    assert 'echo ${{ secrets.JOB_TOKEN }} "$JOB_TOKEN"' in after  # no step env shadowing the job's
    assert "echo ${{ secrets.SHARED }}" in after  # nor the workflow's
    assert '- run: echo "$SAME"\n' in after and after.count("SAME: ${{ secrets.SAME }}") == 1
    assert "args=(${{ secrets.ARRAY_TOKEN }})" in after  # the words depend on the value
    assert "echo $(( ${COUNT} + 1 ))" in after  # no quotes inside arithmetic
    assert "[[ $x == ${PATTERN} ]]" in after  # still a pattern, not a literal string


@posix_only
def test_fix_summary_escapes_file_names(lint, tmp_path: Path) -> None:
    write(tmp_path, "\x1b[2Jx.sh", f"#!/bin/sh\n{FIXABLE}")
    r = lint("--fix")
    assert "\x1b" not in r.err
    assert "fixed 1 finding in 1 file (\\x1b[2Jx.sh)" in r.err


# --------------------------------------------------------------------------- auxiliary files


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_settings_baseline_policy_and_gitignore_are_never_devices(lint: Lint, tmp_path: Path) -> None:
    write(tmp_path, "repo/deploy.sh", f"#!/bin/sh\n{LOGIN}\n")
    os.symlink("/dev/zero", tmp_path / "repo/.gitignore")  # git stores links: a PR can add one
    r = _dcrlint(tmp_path / "repo", "--format", "json", ".", timeout=30)
    assert r.returncode == 1 and '"DCR001"' in r.stdout
    for option in ("--config", "--baseline"):
        r = _dcrlint(tmp_path / "repo", option, "/dev/zero", ".", timeout=30)
        assert r.returncode == 2
        assert r.stderr.startswith("dcrlint: error: /dev/zero: is a device"), r.stderr
    (tmp_path / "rules").mkdir()
    os.symlink("/dev/zero", tmp_path / "rules/policy.yaml")
    r = _dcrlint(tmp_path / "repo", "--rules-dir", str(tmp_path / "rules"), ".", timeout=30)
    assert r.returncode in (1, 2) and "Traceback" not in r.stderr  # ended, the device not read
