"""Text in another 8-bit encoding (Latin-1, a legacy code page) is read byte for byte, each byte
one character: credentials and every keyword of the formats dcrlint reads are ASCII and are found
where they are written (exact line and column), with a note saying how the file was read. A file
of notes or data (`.properties`, `.txt`) is read the same way, without a note. `--fix` does not
rewrite such a file."""

from __future__ import annotations

from pathlib import Path

from conftest import Lint

SECRET = "Hq4zT9Lm77Xq2wPu"  # made up


def _write(tmp_path: Path) -> None:
    (tmp_path / "deploy.sh").write_bytes(
        b"#!/bin/sh\n# d\xe9ploiement \xe0 la main\necho \"caf\xe9\" && docker login -u ci -p "
        + SECRET.encode() + b" reg.example.com\n")
    (tmp_path / "app.properties").write_bytes(
        b"title=Caf\xe9\nrepo=https://ci:" + SECRET.encode() + b"@git.example.com/app.git\n")
    (tmp_path / "messages_fr.properties").write_bytes(b"title=Caf\xe9\n")


def test_latin1_files_are_read_where_written(lint: Lint, tmp_path: Path) -> None:
    _write(tmp_path)
    r = lint("--format", "json", "--no-git", "--fail-on", "never", ".")
    data = r.json()
    where = sorted((f["path"], f["rule"], f["start"]["line"], f["start"]["column"]) for f in data["findings"])
    assert where == [("app.properties", "DCR050", 2, 17), ("deploy.sh", "DCR001", 3, 38),
                     ("deploy.sh", "DCR002", 3, 38)]
    notes = {n["path"]: (n["level"], n["message"]) for n in data["notifications"]}
    assert notes == {"deploy.sh": ("note", "not UTF-8 text (byte 13); read as Latin-1, one character a byte")}
    assert SECRET not in r.out + r.err


def test_fix_leaves_a_latin1_file_alone(lint: Lint, tmp_path: Path) -> None:
    _write(tmp_path)
    before = (tmp_path / "deploy.sh").read_bytes()
    r = lint("--fix", "--unsafe-fixes", "--no-git", "--fail-on", "never", ".")
    assert "Traceback" not in r.err
    assert (tmp_path / "deploy.sh").read_bytes() == before
