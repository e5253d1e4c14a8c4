"""`ko login` (ko, the Go image builder: crane's login, kept in docker's config) is a registry
login: `-p`/`--password` on its command line is DCR001, a literal one DCR002, and
`--password-stdin` is the way (seen beside `ko login --password-stdin` in an unread release
script: the `-p` form went unread)."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from conftest import brief, engine_scan

scan = partial(engine_scan, dedent=False)

KO_LOGIN = '''\
#!/bin/sh
set -eu
printf '%s' "$HARBOR_PASSWORD" | ko login -u ci --password-stdin h.example.test
ko login h.example.test -u ci -p "$HARBOR_PASSWORD"
ko login --username ci --password Wq3eR5tY7uI9 h.example.test
KO_DOCKER_REPO=h.example.test/app ko build ./cmd/app
'''


def test_ko_login_is_a_registry_login(tmp_path: Path) -> None:
    results, _ = scan(tmp_path, {"hack/publish.sh": KO_LOGIN}, rules=frozenset({"DCR001", "DCR002", "DCR003"}))
    assert brief(results) == [("hack/publish.sh", 4, 35, "DCR001"), ("hack/publish.sh", 5, 35, "DCR001"),
                              ("hack/publish.sh", 5, 35, "DCR002")]
