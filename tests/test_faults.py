"""File-system oddities and faults: what is read, how it is decoded and counted, and how the
run ends when something fails. Every case ends in a notification or a clear error, never a
traceback or a hang."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import write

PASSWORD = "Zt8mQ2vX9pL4"
LOGIN = f"docker login -u ci -p {PASSWORD} registry.example.com"
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX file system features")


def _dcrlint(cwd: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """The CLI in a child process (for what could hang or kill the test process)."""
    return subprocess.run([sys.executable, "-m", "dcrlint", "--no-git", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=timeout, check=False)


def _starts(r, rule: str = "DCR001") -> dict[str, tuple[int, int]]:  # type: ignore[no-untyped-def]
    return {f["path"]: (f["start"]["line"], f["start"]["column"])
            for f in r.json()["findings"] if f["rule"] == rule}


# --------------------------------------------------------------------------- reading


@posix_only
def test_fifo_named_like_a_config_file_does_not_hang(tmp_path: Path) -> None:
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
    assert _starts(r) == {"login.sh": (3, 25)}
    assert not r.json()["notifications"]


def test_a_stray_nul_does_not_skip_the_file(lint, tmp_path: Path) -> None:
    (tmp_path / "login.sh").write_bytes(f"#!/bin/sh\n# x\0y\n{LOGIN}\n".encode())
    (tmp_path / "blob.sh").write_bytes(b"#!/bin/sh\n\x00\x01\x02\x03\x04binary")
    r = lint("--format", "json")
    assert _starts(r) == {"login.sh": (3, 23)}
    assert [n["path"] for n in r.json()["notifications"]] == ["blob.sh"]


def test_lines_end_at_lf_crlf_and_lone_cr(lint, tmp_path: Path) -> None:
    workflow = ("on: push\njobs:\n  b:\n    runs-on: x\n    steps:\n      - run: |\n"
                f"          echo hi\n          {LOGIN}\n")
    for name, newline in (("lf", "\n"), ("crlf", "\r\n"), ("cr", "\r")):
        (tmp_path / ".github/workflows").mkdir(parents=True, exist_ok=True)
        (tmp_path / f".github/workflows/{name}.yml").write_bytes(workflow.replace("\n", newline).encode())
    # NEL, LS and PS are characters within a line, as editors and GitHub show them.
    (tmp_path / "seps.sh").write_bytes(f"#!/bin/sh\n# a\u2028b\x85c\u2029d\n{LOGIN}\n".encode())
    r = lint("--format", "json")
    assert _starts(r) == {".github/workflows/lf.yml": (8, 33), ".github/workflows/crlf.yml": (8, 33),
                          ".github/workflows/cr.yml": (8, 33), "seps.sh": (3, 23)}


def test_line_text_of_lone_cr_file() -> None:
    from dcrlint.source import SourceFile

    src = SourceFile("x", "a\rb\r\nc\nd\u2028e")
    assert [src.line_text(i) for i in (1, 2, 3, 4)] == ["a", "b", "c", "d\u2028e"]
    assert src.position(src.text.index("e")) == (4, 3)
