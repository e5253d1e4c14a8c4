"""A file dcrlint cannot read (not UTF-8, too large) gives a notification only when it would
be scanned: a file of no kind it scans, whatever it holds, is passed over as a readable one is
(a vendored source file, a Latin-1 `.properties` translation), with nothing to say."""

from __future__ import annotations

from pathlib import Path

from conftest import write


def _notes(run) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {n["path"]: n["message"] for n in run.json()["notifications"]}


def test_unreadable_files_of_no_scanned_kind_say_nothing(lint, tmp_path: Path) -> None:
    (tmp_path / "messages_fr.properties").write_bytes(b"title=Caf\xe9\n")
    (tmp_path / "readme.txt").write_bytes(b"caf\xe9\n")
    write(tmp_path, "vendor/zoneinfo.go", "package tz\n" + "// x\n" * 300)
    # the same trouble in files that would be scanned: a notification each
    (tmp_path / "run").write_bytes(b"#!/bin/sh\necho caf\xe9\n")  # a script by its shebang
    (tmp_path / "ci.yml").write_bytes(b"image: caf\xe9\n")
    (tmp_path / "config.json").write_bytes(b'{"auths": {"r.example.com": {"auth": "caf\xe9"}}}\n')
    write(tmp_path, "big.sh", "# x\n" * 300)
    (tmp_path / "k").mkdir()
    write(tmp_path, "k/kustomization.yaml", "configMapGenerator:\n  - name: app\n    envs: [app.properties]\n")
    (tmp_path / "k/app.properties").write_bytes(b"LOG=caf\xe9\n")  # an env file, named so by the kustomization
    write(tmp_path, ".dcrlint.yaml", "max-file-size: 1000\n")
    run = lint("--format", "json", "--no-git", "--fail-on", "never", ".")
    notes = _notes(run)
    assert sorted(notes) == ["big.sh", "ci.yml", "config.json", "k/app.properties", "run"]
    assert "UTF-8" in notes["run"] and "larger than" in notes["big.sh"]
    assert run.json()["summary"]["binary_skipped"] == 0
