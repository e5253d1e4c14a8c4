"""A file's results that depend on other files (depends.py): a GitLab local include, the
kustomization that gives a manifest in its folder its namespace. A warm run after such a file
changed, appeared or broke reports what a run without the cache reports: the per-file cache
and the whole-run replay both check the stamps of what the scan looked at."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import Lint, Where, git

OLD = 1_600_000_000  # stamps are trusted only for files not changed in the last seconds
LOGIN = 'printf %s "$P" | docker login -u ci --password-stdin r.example.com'
GITLAB = f"include:\n  - local: /ci/t.yml\nbuild:\n  extends: .tmpl\n  script:\n    - {LOGIN}\n"
DEPLOYMENT = ("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n"
              "      imagePullSecrets: [{name: regcred}]\n      containers:\n        - name: web\n"
              "          image: r.example.com/team/web:1\n")
PULL_SECRET = ("apiVersion: v1\nkind: Secret\nmetadata: {name: regcred, namespace: web}\n"
               "type: kubernetes.io/dockerconfigjson\nstringData:\n"
               "  .dockerconfigjson: '{\"auths\": {\"r.example.com\": {\"auth\": \"${AUTH}\"}}}'\n")


@pytest.fixture
def cached(lint: Lint, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Lint:
    monkeypatch.delenv("DCRLINT_NO_CACHE", raising=False)
    return lint


def _write(root: Path, rel: str, text: str, when: int = OLD) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    os.utime(path, (when, when))  # an old stamp: trusted without reading the file


def _runs(lint: Lint, cache: Path, *paths: str) -> tuple[list[Where], list[Where], str, str]:
    """(findings of a cached run, of a run without the cache, stderr of each)."""
    warm = lint("--format", "json", "--cache-dir", str(cache), *paths)
    fresh = lint("--format", "json", "--no-cache", *paths)
    return warm.where(), fresh.where(), warm.err, fresh.err


def test_included_template_changed(cached: Lint, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _write(tmp_path, ".dcrlint.yaml", "shell-executor-tags: [shell]\n")
    _write(tmp_path, ".gitlab-ci.yml", GITLAB)
    _write(tmp_path, "ci/t.yml", ".tmpl:\n  tags: [shell]\n")
    for _ in range(2):  # fill, then replay
        warm, fresh, _, _ = _runs(cached, cache, ".")
        assert warm == fresh == [("DCR014", 6, 24, 6, 36)]
    _write(tmp_path, "ci/t.yml", ".tmpl:\n  tags: [docker]\n", OLD + 100)  # no longer a shell runner
    for _ in range(2):
        warm, fresh, _, _ = _runs(cached, cache, ".")
        assert warm == fresh == []


def test_glob_include_is_followed(cached: Lint, tmp_path: Path) -> None:
    """A glob include is looked up anew each run (no stamp tells a match appeared)."""
    cache = tmp_path / "cache"
    _write(tmp_path, ".dcrlint.yaml", "shell-executor-tags: [shell]\n")
    _write(tmp_path, ".gitlab-ci.yml", GITLAB.replace("/ci/t.yml", "/ci/*.yml"))
    _write(tmp_path, "ci/t.yml", ".tmpl:\n  tags: [docker]\n")
    os.utime(tmp_path / "ci", (OLD, OLD))  # the folder the glob lists: an old stamp too
    assert _runs(cached, cache, ".")[:2] == ([], [])
    _write(tmp_path, "ci/t.yml", ".tmpl:\n  tags: [shell]\n", OLD + 100)
    for _ in range(2):
        warm, fresh, _, _ = _runs(cached, cache, ".")
        assert warm == fresh == [("DCR014", 6, 24, 6, 36)]
    _write(tmp_path, "ci/u.yml", ".tmpl:\n  tags: [docker]\n")  # a later match: its tags win
    os.utime(tmp_path / "ci", (OLD + 200, OLD + 200))
    for _ in range(2):
        warm, fresh, _, _ = _runs(cached, cache, ".")
        assert warm == fresh == []


def test_include_outside_the_scanned_folder_appears_and_breaks(cached: Lint, tmp_path: Path) -> None:
    """The included file is not one the run lists (only `ci/` is scanned): the replay of the
    run checks it too."""
    git(tmp_path, "init", "-q")  # the repository is where `include: local` paths start
    cache = tmp_path / "cache"
    _write(tmp_path, "ci/.gitlab-ci.yml", "include:\n  - local: /templates/t.yml\nbuild:\n  extends: .tmpl\n")
    for _ in range(2):
        _, _, warm, fresh = _runs(cached, cache, "ci")
        assert warm == fresh and "`/templates/t.yml` not found" in warm
    _write(tmp_path, "templates/t.yml", ".tmpl:\n  script: [make]\n", OLD + 100)
    for _ in range(2):
        _, _, warm, fresh = _runs(cached, cache, "ci")
        assert warm == fresh == ""
    _write(tmp_path, "templates/t.yml", ".tmpl:\n  script: [make\n  x: : :\n", OLD + 200)
    for _ in range(2):
        _, _, warm, fresh = _runs(cached, cache, "ci")
        assert warm == fresh and "`/templates/t.yml` could not be read" in warm


def test_folder_kustomization_namespace_changed(cached: Lint, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _write(tmp_path, "app/deployment.yaml", DEPLOYMENT)
    _write(tmp_path, "app/kustomization.yaml", "resources: [deployment.yaml]\nnamespace: web\n")
    _write(tmp_path, "secret.yaml", PULL_SECRET)
    for _ in range(2):
        warm, fresh, _, _ = _runs(cached, cache, ".")
        assert warm == fresh == []
    # the Secret is in namespace web, the Deployment now in another
    _write(tmp_path, "app/kustomization.yaml", "resources: [deployment.yaml]\nnamespace: other\n", OLD + 100)
    for _ in range(2):
        warm, fresh, _, _ = _runs(cached, cache, ".")
        assert warm == fresh == [("DCR021", 7, 33, 7, 40)]
    (tmp_path / "app/kustomization.yaml").unlink()  # gone: the configured default namespace
    for _ in range(2):
        warm, fresh, _, _ = _runs(cached, cache, ".")
        assert warm == fresh
