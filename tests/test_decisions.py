"""Regression tests for decisions that used to be made in several places (issue 12): each is
now made once, and every rule and kind of file sees the same answer."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import git, write

from dcrlint.logintools import CATALOG
from dcrlint.secret_formats import TOKEN_PREFIXES
from dcrlint.shell import POSIX_SHELLS

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


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_select_dcr040_dates_credentials_of_unselected_rules(lint: Any, tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    write(tmp_path, "deploy.sh", "#!/bin/sh\necho 'Hx7-pQ2-vL9' | docker login -u ci --password-stdin dcr.example.com\n")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "old")
    run = lint("--now", NOW, "--format", "json", "--fail-on", "never", "--select", "DCR040", ".", git=True)
    assert run.table("rule", "line") == [("DCR040", 2)]


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


# --- one list of shells, one login-tool catalog, one URL-credential pattern ------------------------

_SHELL_LOGIN = 'docker login -u ci -p \\"$P\\" r.example.com'


@pytest.mark.parametrize("shell", sorted(POSIX_SHELLS))
def test_every_shell_is_a_shell_everywhere(lint: Any, tmp_path: Path, shell: str) -> None:
    """A nested `SHELL -c`, a container's `command: [SHELL, -c, ...]` and a workflow step's
    `shell: SHELL {0}` all read the script as shell, for every shell of the one list."""
    write(tmp_path, "run.sh", f'#!/bin/sh\n{shell} -c "{_SHELL_LOGIN}"\n')
    write(tmp_path, "pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
          f'    - name: a\n      image: alpine\n      command: ["{shell}", "-c", "{_SHELL_LOGIN}"]\n')
    write(tmp_path, ".github/workflows/ci.yml", "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n"
          f'      - shell: {shell} {{0}}\n        run: docker login -u ci -p "$P" r.example.com\n')
    found = {(f["path"], f["start"]["line"], f["start"]["column"])
             for f in lint("--format", "json", "--fail-on", "never", "--select", "DCR001", ".").json()["findings"]}
    col = len(shell) + len(' -c "docker login -u ci -p ') + 3  # `$P` after the escaped quote
    assert found == {("run.sh", 2, col), ("pod.yaml", 8, 29 + len(shell) + 23),
                     (".github/workflows/ci.yml", 7, 37)}


def test_an_interpreter_that_is_no_shell_is_read_nowhere(lint: Any, tmp_path: Path) -> None:
    write(tmp_path, "run.sh", f'#!/bin/sh\npython3 -c "{_SHELL_LOGIN}"\n')
    write(tmp_path, "pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
          f'    - name: a\n      image: alpine\n      command: ["python3", "-c", "{_SHELL_LOGIN}"]\n')
    assert lint("--format", "json", "--fail-on", "never", "--select", "DCR001", ".").json()["findings"] == []


def _login_words(tool: Any) -> list[str]:
    """A command line of a catalog entry passing "$P" (or "ci:$P") on the command line."""
    if tool.requires:  # a build given credentials as properties
        return [tool.program, f"{sorted(tool.password)[0]}=$P", "jib:build"]
    words = [tool.program, *tool.path]
    if tool.password:
        words += ["-u", "ci", sorted(o for o in tool.password if o.startswith("--"))[0], "$P"]
    else:
        words += [sorted(tool.pair)[0], "ci:$P"]
    if tool.registry_operand is None:  # copies: a source and a destination
        return [*words, "docker://a.example.com/x", "docker://b.example.com/x"]
    operands = ["docker://r.example.com/x"] if tool.optional else ["r.example.com"]
    if tool.registry_operand:
        operands = ["charts", "https://charts.example.com"][: tool.registry_operand + 1]
    if tool.registry:
        return [*words, sorted(tool.registry)[-1], "r.example.com"]
    return [*words, *operands]


@pytest.mark.parametrize("index", range(len(CATALOG)))
def test_every_login_tool_is_read_in_scripts_and_container_commands(lint: Any, tmp_path: Path, index: int) -> None:
    """The login finder of shell scripts and the container commands of pods read the one
    catalog: every entry's password on the command line is DCR001 in both."""
    import json

    tool = CATALOG[index]
    if tool.prints_login:
        pytest.skip("prints a login command; takes no password")
    words = _login_words(tool)
    write(tmp_path, "run.sh", "#!/bin/sh\n" + " ".join('"$P"' if w == "$P" else w for w in words) + "\n")
    write(tmp_path, "pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
          f"    - name: a\n      image: alpine\n      command: {json.dumps(words)}\n")
    found = {f["path"] for f in lint("--format", "json", "--fail-on", "never", "--select", "DCR001", ".").json()["findings"]}
    assert found == {"run.sh", "pod.yaml"}, words


@pytest.mark.parametrize(("path", "text"), [
    ("run.sh", "#!/bin/sh\nskopeo inspect docker://alpine:3.19@sha256:{d}\n"
               "skopeo inspect docker://ci:Wq7tRb9Lk2@dcr.example.com/app\n"),
    ("Jenkinsfile", "node {{\n  docker.withRegistry('https://app:1.0@sha256:{d}') {{ sh 'make' }}\n"
                    "  docker.withRegistry('https://ci:Wq7tRb9Lk2@dcr.example.com') {{ sh 'make' }}\n}}\n"),
])
def test_an_image_digest_is_no_url_password(lint: Any, tmp_path: Path, path: str, text: str) -> None:
    """`name:tag@sha256:...` is no `user:password@host`, in URLs of scripts (DCR050) and of
    docker.withRegistry (DCR002) alike: one pattern; the real one on the next line is reported."""
    write(tmp_path, path, text.format(d="0123456789abcdef" * 4))
    found = [(f["rule"], f["start"]["line"])
             for f in lint("--format", "json", "--fail-on", "never", ".").json()["findings"]]
    assert found == [("DCR050" if path == "run.sh" else "DCR002", 3)]


# --- the metadata says what the rule does (DCR003 in manifests, DCR014's setting) ----------------


def test_dcr003_in_a_manifest_is_in_its_contexts(lint: Any, tmp_path: Path) -> None:
    from dcrlint.rulesmeta import builtin_rules

    write(tmp_path, "pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
          '    - name: a\n      image: alpine\n      command: ["sh", "-c", "echo $REGISTRY_PASSWORD && sleep 1"]\n')
    found = [(f["rule"], f["start"]["line"], f["start"]["column"])
             for f in lint("--format", "json", "--fail-on", "never", ".").json()["findings"]]
    assert found == [("DCR003", 8, 30)]
    assert "kubernetes" in builtin_rules()["DCR003"].contexts


def test_dcr014_page_documents_the_setting_its_gitlab_half_needs() -> None:
    from dcrlint.rulesmeta import builtin_rules

    assert builtin_rules()["DCR014"].options == ("shell-executor-tags",)
    page = (Path(__file__).resolve().parent.parent / "docs" / "rules" / "DCR014.md").read_text()
    assert "[`shell-executor-tags`]" in page and "reads no rule-specific settings" not in page


@pytest.mark.parametrize("prefix", TOKEN_PREFIXES)
def test_policies_mask_every_known_token_prefix(prefix: str) -> None:
    """Policy messages mask a value that starts like a known token, by the one list (short and
    low in entropy, so only the prefix can tell), under a key that is not secret-named."""
    from dcrlint.config import Settings
    from dcrlint.policies import Env, secret_like

    s = Settings()
    env = Env(s.secret_names, s.placeholders)
    assert secret_like(prefix + "ab12", "note", env)
    assert not secret_like("ab12" + prefix.strip("-_"), "note", env)
