"""(reviewer R94) a here-document or here-string fed to `ssh host` with no command (the login shell
reads it), or to a remote shell reading stdin (`ssh host bash -s`, `'sudo sh'`), is the host's
script: a login in it is read, as `bash <<EOF` is locally; one fed to another remote command
(`cat > notes`, `bash deploy.sh`) is that command's input."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from conftest import brief, engine_scan

scan = partial(engine_scan, dedent=False)

REMOTE_STDIN = '''\
#!/bin/bash
ssh ops@node1.example.test bash -s <<EOF
docker login -u ci -p "$HARBOR_PASSWORD" h.example.test
EOF
ssh ops@node1.example.test <<'EOF'
docker login -u ci -p "$HARBOR_PASSWORD" h.example.test
EOF
ssh ops@node1.example.test 'sudo sh' <<EOF
docker login -u ci -p "$HARBOR_PASSWORD" h.example.test
EOF
ssh ops@node1.example.test 'cat > notes.txt' <<EOF
docker login -u ci -p "$HARBOR_PASSWORD" h.example.test
EOF
ssh ops@node1.example.test bash deploy.sh <<EOF
docker login -u ci -p "$HARBOR_PASSWORD" h.example.test
EOF
ssh ops@node1.example.test <<< "docker login -u ci -p \\$HARBOR_PASSWORD h.example.test"
'''


def test_a_here_document_a_remote_shell_reads(tmp_path: Path) -> None:
    results, _ = scan(tmp_path, {"deploy/remote.sh": REMOTE_STDIN}, rules=frozenset({"DCR001"}))
    assert brief(results) == [("deploy/remote.sh", 3, 24, "DCR001"), ("deploy/remote.sh", 6, 24, "DCR001"),
                              ("deploy/remote.sh", 9, 24, "DCR001"), ("deploy/remote.sh", 17, 56, "DCR001")]
