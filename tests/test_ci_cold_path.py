"""The CI checks' whole-text tests (a workflow that cannot have a finding is not modelled) hold
on every spelling of what they look for: YAML escapes (`\\x`, `\\u`, `\\U`), an escaped line
break, any letter case where the check reads the value in any case."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import run_checks, scanned, write

_WORKFLOW = ".github/workflows/ci.yml"


def _no_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """Building the workflow's model (steps, shell contexts) fails the test."""
    from dcrlint import gha

    def refuse(*args: Any) -> None:
        raise AssertionError("the workflow was modelled")

    monkeypatch.setattr(gha, "run_steps", refuse)
    monkeypatch.setattr(gha, "workflows", refuse)


# --------------------------------------------------------------------------- DCR011

_RUN = """on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: {run}
"""


@pytest.mark.parametrize("run", [
    '"echo ${{ secr\\x65ts.TOKEN }}"',  # \x
    '"echo ${{ \\u0073ecrets.TOKEN }}"',  # \u
    '"echo ${{ secret\\U00000073.TOKEN }}"',  # \U
    '"echo ${{ sec\\\n        rets.TOKEN }}"',  # an escaped line break joins the lines
    "echo ${{ secrets.TOKEN }}",
])
def test_dcr011_reads_escaped_secret_expressions(run: str) -> None:
    file = scanned(_RUN.format(run=run), _WORKFLOW)
    found = run_checks(file, "DCR011")
    assert [f.rule_id for f in found] == ["DCR011"]
    assert "TOKEN" in found[0].message


def test_dcr011_does_not_model_a_workflow_without_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    text = _RUN.format(run='"echo ${{ github.sha }} \\x53ECRET"')  # SECRET is not `secrets`
    file = scanned(text, _WORKFLOW)
    _no_model(monkeypatch)
    assert run_checks(file, "DCR011") == []


def test_dcr011_secrets_elsewhere_in_the_file_is_no_finding() -> None:
    text = _RUN.format(run="echo hi") + "    env:\n      T: ${{ secrets.T }}\n"
    assert run_checks(scanned(text, _WORKFLOW), "DCR011") == []


# --------------------------------------------------------------------------- DCR014

_SELF_HOSTED = """on: push
jobs:
  push:
    runs-on: {runner}
    steps:
      - run: echo "$PASS" | docker login -u ci --password-stdin dcr.example.com
"""
_LOGIN_ACTION = """on: push
jobs:
  push:
    runs-on: ubuntu-latest
    steps:
      - uses: docker/login-action@v3
        with:
          registry: dcr.example.com
          {key}: {value}
"""


@pytest.mark.parametrize("runner", [
    "self-hosted", "[self-hosted, linux]", "SELF-HOSTED",  # labels are read in any case
    '"self-\\x68osted"', '["Self-\\u0048osted"]', '"self-\\\n      hosted"',
    "{group: big, labels: [self-hosted]}",
])
def test_dcr014_self_hosted_in_any_spelling(runner: str) -> None:
    file = scanned(_SELF_HOSTED.format(runner=runner), _WORKFLOW)
    assert [f.rule_id for f in run_checks(file, "DCR014")] == ["DCR014"]


@pytest.mark.parametrize(("key", "value"), [
    ("logout", "false"), ('"lo\\x67out"', "false"), ('"\\u006cogout"', '"f\\x61lse"'), ("logout", "FALSE"),
])
def test_dcr014_login_action_told_not_to_log_out_in_any_spelling(key: str, value: str) -> None:
    file = scanned(_LOGIN_ACTION.format(key=key, value=value), _WORKFLOW)
    assert [f.rule_id for f in run_checks(file, "DCR014")] == ["DCR014"]


def test_dcr014_ecr_action_told_to_skip_logout_escaped() -> None:
    text = _LOGIN_ACTION.replace("docker/login-action@v3", "aws-actions/amazon-ecr-login@v2")
    file = scanned(text.format(key='"skip-lo\\x67out"', value="true"), _WORKFLOW)
    assert [f.rule_id for f in run_checks(file, "DCR014")] == ["DCR014"]


def test_dcr014_does_not_model_a_workflow_on_hosted_runners(monkeypatch: pytest.MonkeyPatch) -> None:
    file = scanned(_SELF_HOSTED.format(runner='"ubuntu-\\x6catest"'), _WORKFLOW)
    _no_model(monkeypatch)
    assert run_checks(file, "DCR014") == []


# --------------------------------------------------------------------------- lazy kinds

_VALUES = """on:
  workflow_call:
    inputs:
      level: {default: "3"}
env:
  REGION: eu-west-1
  API_TOKEN: Zt8mQ2vN7xK4pL9sR3wY6bH1cF5gJ0dT
  PASSWORD: ${{ secrets.PASSWORD }}
jobs:
  build:
    runs-on: ubuntu-latest
    container:
      image: dcr.example.com/build:1
      credentials: {username: ci, password: hunter2hunter2}
    steps:
      - uses: docker/login-action@v3
        with: {registry: dcr.example.com, username: ci, password: "$PASS"}
"""


@pytest.mark.parametrize(("text", "path"), [
    (_VALUES, _WORKFLOW),
    ("variables:\n  TOKEN: Zt8mQ2vN7xK4pL9sR3wY6bH1cF5gJ0dT\n  REF: $CI_TOKEN\n"
     "build:\n  variables: {LEVEL: '3'}\n  script: [make]\n", ".gitlab-ci.yml"),
    ("steps:\n  - script: make\n    env: {API_TOKEN: Zt8mQ2vN7xK4pL9sR3wY6bH1cF5gJ0dT, REF: $(TOKEN)}\n",
     "azure-pipelines.yml"),
])
def test_values_are_classified_on_first_use_as_they_were_before(text: str, path: str,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Extracting assignments and inputs classifies no value; the kind asked for is the
    classifier's."""
    from dcrlint.facts import ACTION_INPUTS, ASSIGNMENTS
    from dcrlint.values import Classifier

    file = scanned(text, path)
    calls: list[str] = []
    real = Classifier.classify

    def counted(self: Classifier, value: str, quoted: bool = False) -> Any:
        calls.append(value)
        return real(self, value, quoted)

    monkeypatch.setattr(Classifier, "classify", counted)
    sites = [*file.get(ASSIGNMENTS), *file.get(ACTION_INPUTS)]
    assert len(sites) >= 2 and calls == []
    for site in sites:
        assert site.kind is real(file.classifier, site.value)
    assert sorted(calls) == sorted(s.value for s in sites)


# --------------------------------------------------------------------------- GitLab include roots


def test_include_roots_found_once_per_folder_and_run(tmp_path: Path) -> None:
    """The files of a folder share where their local includes start: in one run they are found
    once, each file still watching the `.git` paths they depend on (the result cache); a new run
    finds them again (here a repository made between the runs)."""
    from dcrlint.config import Settings
    from dcrlint.depends import recording
    from dcrlint.gitlabci import gitlab_config

    write(tmp_path, "ci/shared.yml", ".base:\n  script: [echo outside]\n")
    write(tmp_path, "p/ci/shared.yml", ".base:\n  script: [echo inside]\n")
    text = "include:\n  - local: /ci/shared.yml\njob:\n  extends: .base\n"

    def script(settings: Settings, name: str) -> tuple[list[str], dict[str, str]]:
        path = write(tmp_path, f"p/a/{name}", text)
        with recording() as deps:
            cfg = gitlab_config(scanned(text, f"p/a/{name}", settings, abspath=str(path)))
        assert cfg is not None
        job = cfg.job("job")
        assert isinstance(job, dict)
        return [n.value for n in job["script"].value], deps  # type: ignore[union-attr]

    from dcrlint import gitlabci

    run = Settings(root=str(tmp_path))
    first, deps_first = script(run, "x.gitlab-ci.yml")
    second, deps_second = script(run, "y.gitlab-ci.yml")  # the same run: the roots it found
    assert first == second == ["echo outside"]
    assert len(gitlabci._ROOTS[1]) == 1
    git = str(tmp_path / "p/.git")
    assert deps_first == deps_second and deps_first[git] == "-"  # each file watches what they depend on
    (tmp_path / "p/.git").mkdir()
    third, deps_third = script(Settings(root=str(tmp_path)), "z.gitlab-ci.yml")
    assert third == ["echo inside"] and deps_third[git] == "d"


def test_include_real_paths_are_os_realpath(tmp_path: Path) -> None:
    """A path resolved through its folder's remembered real path is os.path.realpath's, with
    links among the folders, as the name, and `..`."""
    import os

    from dcrlint.config import Settings
    from dcrlint.gitlabci import _realpath

    write(tmp_path, "real/ci/a.yml", "x: 1\n")
    (tmp_path / "linked").symlink_to(tmp_path / "real")
    (tmp_path / "real/ci/b.yml").symlink_to(tmp_path / "real/ci/a.yml")
    file = scanned("x: 1\n", "ci.yml", Settings(root=str(tmp_path)))
    for rel in ("real/ci/a.yml", "linked/ci/a.yml", "linked/ci/b.yml", "real/ci/b.yml", "linked/ci/../ci/a.yml",
                "linked/ci/missing.yml", "linked/ci/..", "linked/ci/.", "linked/ci/"):
        path = f"{tmp_path}/{rel}"
        for _ in range(2):  # the second time from what the first remembered
            assert _realpath(path, file) == os.path.realpath(path), rel


@pytest.mark.parametrize("depth", [0, 1, 2, 9, 10, 11, 12])
def test_gitlab_script_lines_at_every_nesting_depth(depth: int) -> None:
    """A script's lines as the recursive reading gives them: nested lists up to GitLab's limit
    (deeper ones are not read), null items skipped."""
    from yaml.nodes import ScalarNode, SequenceNode

    from dcrlint.gitlabci import _MAX_SCRIPT_NESTING, gitlab_config

    def reference(value: Any, d: int = 0) -> list[str]:
        if d > _MAX_SCRIPT_NESTING:
            return []
        if isinstance(value, ScalarNode):
            return [] if value.tag == "tag:yaml.org,2002:null" else [value.value]
        if isinstance(value, SequenceNode):
            return [line for item in value.value for line in reference(item, d + 1)]
        return []

    nested = "[echo a, null, " * depth + "echo deep" + ", echo b]" * depth
    cfg = gitlab_config(scanned(f"job:\n  script: {nested}\n", ".gitlab-ci.yml"))
    assert cfg is not None
    job = cfg.job("job")
    assert isinstance(job, dict)
    assert [n.value for n in cfg.script_items(job["script"])] == reference(job["script"])


# --------------------------------------------------------------------------- CI systems as data


@pytest.mark.parametrize("text", [
    "a:\n  b/c: [x, {d%e: 1}]\n  <<: {m: 2}\n",
    "base: &b {script: [make]}\njob:\n  <<: *b\n  steps:\n    - {run: x, 'k/1': [y, z]}\n",
    "- 1\n- [a, [b, {c: d}]]\n",
])
def test_key_path_texts_made_from_the_parents_are_path_text(text: str) -> None:
    import yaml

    from dcrlint.cisystems import path_text, walk_texts

    doc = yaml.compose(text)
    found = list(walk_texts(doc))
    assert len(found) > 3
    assert all(t == path_text(p) for p, _, t in found)


@pytest.mark.parametrize("wf_shell", ["", "defaults: {run: {shell: pwsh}}\n"])
@pytest.mark.parametrize("job_shell", ["", "    defaults: {run: {shell: 'bash -e {0}'}}\n"])
@pytest.mark.parametrize("runner", ["ubuntu-latest", "windows-2022", "[self-hosted, Windows]", "${{ matrix.os }}"])
def test_step_dialect_from_the_job_once_is_the_step_by_step_one(wf_shell: str, job_shell: str, runner: str) -> None:
    from dcrlint.gha import dialect, run_steps, step_dialect

    text = (f"on: push\n{wf_shell}jobs:\n  a:\n    runs-on: {runner}\n{job_shell}    steps:\n"
            "      - run: echo 1\n      - run: echo 2\n        shell: cmd\n      - run: echo 3\n        shell: python\n")
    file = scanned(text, _WORKFLOW)  # holds the workflow its steps refer to weakly
    steps = run_steps(file)
    assert len(steps) == 3
    for step in steps:
        job = step.job
        assert job is not None
        assert step_dialect(step) == dialect(step.shell(), job.windows)
