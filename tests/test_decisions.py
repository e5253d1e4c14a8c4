"""Regression tests for decisions that used to be made in several places (issue 12): each is
now made once, and every rule and kind of file sees the same answer."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import write

NOW = "2026-01-01"


# --- the configured placeholders hold for shell logins too --------------------------------


@pytest.mark.parametrize("line", [
    "docker login -u ci -p corpvault-ref dcr.example.com",
    "echo corpvault-ref | docker login -u ci --password-stdin dcr.example.com",
    "docker login -u ci --password-stdin dcr.example.com <<< corpvault-ref",
])
def test_configured_placeholder_is_no_shell_secret(lint: Any, tmp_path: Path, line: str) -> None:
    write(tmp_path, "deploy.sh", f"#!/bin/sh\n{line}\n")
    before = [h.rule for h in lint("--format", "json", "--fail-on", "never", ".").hits()]
    assert "DCR002" in before
    write(tmp_path, ".dcrlint.yaml", "placeholders: ['corpvault-ref']\n")
    after = [h.rule for h in lint("--format", "json", "--fail-on", "never", ".").hits()]
    assert "DCR002" not in after


def test_configured_placeholder_is_no_ci_secret_either(lint: Any, tmp_path: Path) -> None:
    """The same setting, the same answer in a workflow (DCR010 honoured it already)."""
    write(tmp_path, ".github/workflows/ci.yml",
          "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    env:\n      REGISTRY_PASSWORD: corpvault-ref\n"
          "    steps:\n      - run: docker login -u ci -p corpvault-ref dcr.example.com\n")
    write(tmp_path, ".dcrlint.yaml", "placeholders: ['corpvault-ref']\n")
    assert [h.rule for h in lint("--format", "json", "--fail-on", "never", ".").hits()] == ["DCR001"]


# --- one level resolution for file and project results --------------------------------------

_PULL = """apiVersion: apps/v1
kind: Deployment
metadata: {name: app, namespace: team}
spec:
  template:
    spec:
      containers:
        - name: app
          image: dcr.example.com/team/app:1.0
          env:
            - name: DB_PASSWORD
              value: Wq7-tRb9-Lk2
"""


@pytest.mark.parametrize("ref", ["DCR02", "DCR0", "missing-image-pull-secrets"])
def test_levels_resolve_alike_for_file_and_project_results(lint: Any, tmp_path: Path, ref: str) -> None:
    write(tmp_path, "deploy.yaml", _PULL)
    write(tmp_path, ".dcrlint.yaml", f"levels: {{{ref}: note}}\n" + "registries: {private: ['dcr[.]example[.]com']}\n")
    levels = {h.rule: h.level for h in lint("--format", "json", "--fail-on", "never", ".").hits()}
    assert levels["DCR020"] == "note"  # a project result (across files)
    assert levels["DCR023"] == ("note" if ref != "missing-image-pull-secrets" else "error")  # a file result


# --- follow-up checks run what they follow ---------------------------------------------------


def _git(root: Path, *args: str, date: str = "2023-01-01T00:00:00Z") -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@e", "GIT_CONFIG_GLOBAL": os.devnull}
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_select_dcr040_dates_credentials_of_unselected_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from dcrlint.cli import main

    _git(tmp_path, "init", "-q")
    write(tmp_path, "deploy.sh", "#!/bin/sh\necho 'Hx7-pQ2-vL9' | docker login -u ci --password-stdin dcr.example.com\n")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-qm", "old")
    monkeypatch.chdir(tmp_path)
    main(["--now", NOW, "--format", "json", "--jobs", "1", "--fail-on", "never", "--select", "DCR040", "."])
    found = [(f["rule"], f["start"]["line"]) for f in json.loads(capsys.readouterr().out)["findings"]]
    assert found == [("DCR040", 2)]


# --- one finding per secret, per place ---------------------------------------------------------


def test_short_password_inside_a_token_suppresses_nothing(lint: Any, tmp_path: Path) -> None:
    token = "ghp_" + "Zq8Lm3Xv7Rt2Wn6Ks1Py4Hb9Jd5Fc0Ga2Uex"
    write(tmp_path, "deploy.sh", f"#!/bin/sh\ngit clone https://ci:Rt2W@git.example.com/x.git\nexport GH={token}\n")
    found = sorted(lint("--format", "json", "--fail-on", "never", ".").table("rule", "line"))
    assert found == [("DCR050", 2), ("DCR051", 3)]


def test_one_secret_at_two_places_is_reported_at_both(lint: Any, tmp_path: Path) -> None:
    write(tmp_path, "db.yaml", """apiVersion: v1
kind: Secret
metadata: {name: db, namespace: team}
type: Opaque
stringData:
  password: Wq7-tRb9-Lk2
  DATABASE_URL: postgres://app:Wq7-tRb9-Lk2@db.example.com/app
""")
    found = lint("--format", "json", "--fail-on", "never", ".").starts()
    assert found == [("DCR023", 6, 13), ("DCR050", 7, 32)]


def test_one_place_is_reported_once_by_the_most_specific_rule(lint: Any, tmp_path: Path) -> None:
    """DCR002 (a login's password) and DCR050 (a URL password) at the same place: DCR002."""
    write(tmp_path, "Jenkinsfile", """pipeline {
  agent any
  stages { stage('b') { steps { script {
    docker.withRegistry('https://ci:Wq7-tRb9-Lk2@dcr.example.com') { sh 'make' }
  } } } }
}
""")
    found = sorted(lint("--format", "json", "--fail-on", "never", ".").table("rule", "line"))
    assert found == [("DCR002", 4)]


# --- one logout detector, on parsed commands ----------------------------------------------------

_GITLAB_LOGIN = ("push:\n  tags: [shell-runner]\n  script:\n"
                 '    - echo "$P" | docker login -u ci --password-stdin dcr.example.com\n')


@pytest.mark.parametrize(("after", "reported"), [
    ('    - echo "remember to logout"\n', True),  # prose, not a command
    ("    - docker logout other.example.com\n", True),  # another registry
    ("    - docker logout dcr.example.com\n", False),
    ("    - rm -rf ~/.docker\n", False),
    ("    - |\n      set +e\n      docker logout https://dcr.example.com/\n", False),
])
def test_gitlab_logout_is_a_parsed_command(lint: Any, tmp_path: Path, after: str, reported: bool) -> None:
    write(tmp_path, ".gitlab-ci.yml", _GITLAB_LOGIN + "  after_script:\n" + after)
    write(tmp_path, ".dcrlint.yaml", "shell-executor-tags: [shell-runner]\n")
    found = lint("--format", "json", "--fail-on", "never", ".").starts()
    assert found == ([("DCR014", 4, 19)] if reported else [])


# --- fix applicability: safe fixes with --fix, unsafe ones only with --unsafe-fixes -------------

_POD = """apiVersion: apps/v1
kind: Deployment
metadata: {name: app, namespace: team}
spec:
  template:
    spec:
      containers:
        - name: app
          image: dcr.example.com/team/app:1.0
"""


def _pull_secret(registry: str) -> str:
    import base64
    import json

    auth = base64.b64encode(b"ci:${REGISTRY_PASSWORD}").decode()
    config = base64.b64encode(json.dumps({"auths": {registry: {"auth": auth}}}).encode()).decode()
    return ("apiVersion: v1\nkind: Secret\nmetadata: {name: pull, namespace: team}\n"
            f"type: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: {config}\n")


@pytest.mark.parametrize(("registry", "safe"), [("dcr.example.com", True), ("other.example.com", False)])
def test_dcr020_fix_is_safe_only_for_a_secret_of_the_images_registry(lint: Any, tmp_path: Path, registry: str,
                                                                     safe: bool) -> None:
    write(tmp_path, "deploy.yaml", _POD)
    write(tmp_path, "secret.yaml", _pull_secret(registry))
    write(tmp_path, ".dcrlint.yaml", "registries: {private: ['dcr[.]example[.]com']}\n")
    (f,) = [f for f in lint("--format", "json", "--fail-on", "never", ".").json()["findings"] if f["rule"] == "DCR020"]
    assert f["fix"]["applicability"] == ("safe" if safe else "unsafe")
    diff = lint("--diff", ".")
    assert ("imagePullSecrets" in diff.out) == safe
    hidden = "1 hidden unsafe fix can be enabled with the `--unsafe-fixes` option"
    assert (hidden in diff.err) == (not safe)
    shown = lint("--diff", "--unsafe-fixes", ".")
    assert "imagePullSecrets" in shown.out and "hidden" not in shown.err
    hunks = [line for line in shown.out.splitlines() if line.startswith("@@")]
    assert hunks == [f"@@ -4,6 +4,8 @@{'' if safe else ' unsafe fix: DCR020'}"], shown.out
    lint("--fix", ".")
    assert ("imagePullSecrets" in (tmp_path / "deploy.yaml").read_text()) == safe
    lint("--fix", "--unsafe-fixes", ".")
    assert "- name: pull" in (tmp_path / "deploy.yaml").read_text()


def test_text_output_marks_unsafe_fixes(lint: Any, tmp_path: Path) -> None:
    write(tmp_path, "deploy.yaml", _POD)
    write(tmp_path, "secret.yaml", _pull_secret("other.example.com"))
    write(tmp_path, ".dcrlint.yaml", "registries: {private: ['dcr[.]example[.]com']}\n")
    assert "= fix (unsafe): add imagePullSecrets naming Secret pull" in lint("--fail-on", "never", ".").out


# --- one image-reference parser -------------------------------------------------------------------


@pytest.mark.parametrize("text", ["nginx", "nginx:1.25", "docker.io/library/nginx", "Dcr.Example.com/App:1",
                                  "dcr.example.com:5000/team/app:1.0", "ghcr.io/org/app@sha256:" + "0" * 64,
                                  "team/app", "${IMAGE}", "a b", "dcr.example.com/team/app@sha256:abc"])
def test_policies_and_kubernetes_read_an_image_alike(text: str) -> None:
    from dcrlint.images import parse_image as k8s_image
    from dcrlint.policies import parse_image as policy_image

    ref, parts = k8s_image(text), policy_image(text)
    assert (ref is None) == (parts is None)
    if ref is not None and parts is not None:
        assert (ref.registry, ref.tag, ref.digest) == (parts.registry, parts.tag, parts.digest)
        assert ref.path.removeprefix("library/") == parts.repository.removeprefix("library/")
