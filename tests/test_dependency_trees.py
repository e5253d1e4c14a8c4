"""Dependency trees a package manager writes (Go's `vendor/` beside its `modules.txt`,
Composer's `vendor/` with `autoload.php`, Bundler's `vendor/bundle`, `node_modules`) are other
projects' files: a folder scan skips them, with git's listing and without. A folder named
`vendor` with no such mark is the repository's own; a file named on the command line is scanned."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

# A Compose file of a dependency's own CI: a secret-named literal (DCR023 where it is ours).
COMPOSE = "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: Hq4zT9Lm77xW\n"

TREES = {
    "go": ("vendor/modules.txt", "vendor/example.com/lib/docker-compose.yml"),
    "composer": ("vendor/autoload.php", "vendor/acme/lib/docker-compose.yml"),
    "nested go": ("svc/api/vendor/modules.txt", "svc/api/vendor/example.com/lib/docker-compose.yml"),
    "bundler": ("vendor/bundle/.keep", "vendor/bundle/ruby/3.2.0/gems/lib/docker-compose.yml"),
    "node": ("node_modules/.package-lock.json", "node_modules/lib/docker-compose.yml"),
}


def _git(root: Path) -> None:
    for args in (["init", "-q"], ["add", "-A"]):
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


@pytest.mark.parametrize("git", [False, True])
@pytest.mark.parametrize("tree", sorted(TREES))
def test_a_dependency_tree_is_skipped(lint, tree: str, git: bool) -> None:
    mark, inside = TREES[tree]
    lint.write(mark, "# marks the folder\n")
    lint.write(inside, COMPOSE)
    lint.write("deploy/docker-compose.yml", COMPOSE)
    if git:
        _git(lint.root)
    run = lint("--format", "json", ".", git=git)
    assert run.table("path", "rule", "line", "column") == [("deploy/docker-compose.yml", "DCR023", 5, 26)]
    # named on the command line, a file of the tree is scanned
    named = lint("--format", "json", inside, git=git)
    assert named.table("rule", "line", "column") == [("DCR023", 5, 26)]


@pytest.mark.parametrize("git", [False, True])
def test_a_vendor_folder_without_a_mark_is_the_repository_s(lint, git: bool) -> None:
    """Near misses: `vendor/` holding the repository's own files (no modules.txt or autoload.php),
    a `bundle` folder not in `vendor`, a `modules.txt` outside a `vendor` folder; and a scan of a
    folder itself named `vendor` (what the user asked for)."""
    lint.write("vendor/compose/docker-compose.yml", COMPOSE)
    lint.write("bundle/docker-compose.yml", COMPOSE)
    lint.write("lib/modules.txt", "# not a vendor tree\n")
    lint.write("lib/docker-compose.yml", COMPOSE)
    if git:
        _git(lint.root)
    run = lint("--format", "json", ".", git=git)
    assert run.table("path", "rule") == [("bundle/docker-compose.yml", "DCR023"), ("lib/docker-compose.yml", "DCR023"),
                                         ("vendor/compose/docker-compose.yml", "DCR023")]
    lint.write("vendor/modules.txt", "# now a Go vendor tree\n")
    if git:
        _git(lint.root)
    assert lint("--format", "json", "vendor", git=git).table("path", "rule") == [
        ("vendor/compose/docker-compose.yml", "DCR023")]
