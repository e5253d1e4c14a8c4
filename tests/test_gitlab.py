"""GitLab CI: script shell contexts after anchors, extends, !reference and includes; DCR010 on
variables wherever the literal is written; DCR014 with configured shell-executor tags."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import scanned, write

from dcrlint.classify import FileKind
from dcrlint.config import Settings
from dcrlint.gitlabci import gitlab_config

CI = ".gitlab-ci.yml"


SCRIPTS = """\
default:
  before_script:
    - echo default
.login: &login
  - docker login -u ci -p "$REG_PASSWORD" reg.example.com
.base:
  script:
    - *login
    - echo base
.tools:
  setup:
    - podman login -u ci -p "$P" r.example.com
build:
  extends: .base
deploy:
  script:
    - !reference [.tools, setup]
    - |
      helm registry login r.example.com \\
        --username ci --password "$H"
  after_script: "docker logout"
"""


def test_script_contexts_once_each_with_positions() -> None:
    f = scanned(SCRIPTS, CI)
    places = [c.place for c in f.shell_contexts]
    assert places == [("default", "before_script"), (".base", "script"), ("deploy", "script"),
                      ("deploy", "after_script")]
    deploy = f.shell_contexts[2]
    assert deploy.text.text.splitlines()[0] == 'podman login -u ci -p "$P" r.example.com'
    at = deploy.text.text.index("--password")
    assert f.source.position(deploy.text.offset(at)) == (20, 23)
    assert f.source.position(deploy.text.offset(0)) == (12, 7)


def test_logins_found_through_anchors_and_references(lint: Any, tmp_path: Path) -> None:
    assert lint.scan(CI, SCRIPTS, "--select", "DCR001").starts() == [("DCR001", 5, 28), ("DCR001", 12, 30),
                                                           ("DCR001", 20, 35)]


def test_guidance_example_is_clean(lint: Any, tmp_path: Path) -> None:
    text = ("push:\n  script:\n"
            "    - echo \"$DCR_PASSWORD\" | docker login dcr.example.com -u ci --password-stdin\n")
    assert lint.scan(CI, text).starts() == []


def test_extends_multi_level_merge() -> None:
    text = (
        ".a:\n  variables: {X: '1', Y: '1'}\n  script: [a]\n"
        ".b:\n  extends: .a\n  variables: {Y: '2'}\n"
        "job:\n  extends: [.b]\n  variables: {Z: '3'}\n"
    )
    cfg = gitlab_config(scanned(text, CI))
    assert cfg is not None
    job = cfg.job("job")
    assert isinstance(job, dict)
    assert {k: n.value for k, n in cfg.variables(job["variables"])} == {"X": "1", "Y": "2", "Z": "3"}
    assert [n.value for n in cfg.script_items(job["script"])] == ["a"]


def test_extends_cycle_does_not_hang() -> None:
    cfg = gitlab_config(scanned(".a:\n  extends: .b\n.b:\n  extends: .a\njob:\n  extends: .a\n  script: [x]\n", CI))
    assert cfg is not None and isinstance(cfg.job("job"), dict)


VARIABLES = """\
variables:
  DCR_PASSWORD: "v8Lr2NcQe5Ts"
  DCR_USER: ci
  API_TOKEN:
    value: 'Tq4-Lm7Zp2'
    description: deploy token
  CI_TOKEN: $CI_JOB_TOKEN
  DB_PASSWORD: changeme
.secrets: &secrets
  REG_SECRET: Hh5-Jj6Kk7
.base:
  variables:
    BASE_PASS: Ww1-Ee2Rr3
job1:
  extends: .base
  variables:
    <<: *secrets
    OTHER: x
job2:
  extends: .base
  variables: !reference [.base, variables]
"""


def test_variables_literals_reported_once_where_written(lint: Any, tmp_path: Path) -> None:
    assert lint.scan(CI, VARIABLES, "--select", "DCR010").starts() == [
        ("DCR010", 2, 18), ("DCR010", 5, 13), ("DCR010", 10, 15), ("DCR010", 13, 16),
    ]


def test_variable_secret_not_printed(lint: Any, tmp_path: Path) -> None:
    write(tmp_path, CI, VARIABLES)
    run = lint("--select", "DCR010", ".")
    for secret in ("v8Lr2NcQe5Ts", "Tq4-Lm7Zp2", "Hh5-Jj6Kk7", "Ww1-Ee2Rr3"):
        assert secret not in run.out and secret not in run.err


def test_local_include_resolved_for_extends(lint: Any, tmp_path: Path) -> None:
    write(tmp_path, "ci/templates.yml", ".login:\n  script:\n    - echo template\n  variables:\n    T: x\n")
    text = "include:\n  - local: /ci/templates.yml\nbuild:\n  extends: .login\n  variables:\n    REG_TOKEN: Pp3-Oo4Ii5\n"
    path = write(tmp_path, CI, text)
    f = scanned(text, CI, Settings(root=str(tmp_path)), abspath=str(path))
    cfg = gitlab_config(f)
    assert cfg is not None
    job = cfg.job("build")
    assert isinstance(job, dict) and set(cfg.variables(job["variables"])) and "script" in job
    # the included script is not in this file: no context, no position from the other file
    assert f.shell_contexts == []
    assert not [n for n in f.notifications if "not found" in n.message]
    assert lint.scan(CI, text, "--select", "DCR010").starts() == [("DCR010", 6, 16)]


def test_missing_include_is_a_note(lint: Any, tmp_path: Path) -> None:
    write(tmp_path, CI, "include: ci/missing.yml\njob:\n  script: [make]\n")
    run = lint(".")
    assert "ci/missing.yml" in run.err and "not found" in run.err


def test_windows_tags_select_pwsh() -> None:
    f = scanned("job:\n  tags: [windows]\n  script: ['docker login -u a -p $env:P r']\n", CI)
    assert [c.dialect for c in f.shell_contexts] == ["pwsh"]


def test_dcr014_shell_executor_tags() -> None:
    from dcrlint.checks.dcr014_persisted_registry_login import check_gitlab as check_persisted_logins

    text = ("push:\n  tags: [shell-runner]\n  script:\n"
            "    - echo \"$P\" | docker login -u ci --password-stdin r.example.com\n")

    settings = Settings(options={"shell-executor-tags": ("shell-runner",)})
    found = list(check_persisted_logins(scanned(text, CI, settings)))
    assert [(f.rule_id, scanned(text, CI).source.position(f.span.start)) for f in found] == [("DCR014", (4, 19))]
    logged_out = text + "  after_script:\n    - docker logout r.example.com\n"
    assert list(check_persisted_logins(scanned(logged_out, CI, settings))) == []
    assert list(check_persisted_logins(scanned(text, CI))) == []


def test_broken_or_odd_documents_do_not_crash(lint: Any, tmp_path: Path) -> None:
    for text in ("- a\n- b\n", "job: 3\n", "job:\n  script: {a: b}\n", "x: &a [*a]\n",
                 "job:\n  script: !reference [nothere, script]\n", "spec:\n  inputs: {}\n---\njob:\n  script: [ls]\n"):
        write(tmp_path, CI, text)
        run = lint(".")
        assert "internal error" not in run.err


def test_shell_executor_tags_from_config(lint, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from conftest import write

    write(tmp_path, ".gitlab-ci.yml", "push:\n  tags: [shell]\n  script:\n"
          "    - echo \"$CI_REGISTRY_PASSWORD\" | docker login -u ci --password-stdin \"$CI_REGISTRY\"\n")
    assert "DCR014" not in {f["rule"] for f in lint("--format", "json").json()["findings"]}
    write(tmp_path, ".dcrlint.yaml", "shell-executor-tags: [shell]\n")
    (f,) = [f for f in lint("--format", "json").json()["findings"] if f["rule"] == "DCR014"]
    assert f["start"]["line"] == 4


def test_external_includes_are_noted_not_fetched(lint, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from conftest import write

    write(tmp_path, ".gitlab-ci.yml", "include:\n  - remote: https://example.com/ci.yml\n"
          "  - project: group/ci\n    file: /build.yml\n  - template: Auto-DevOps.gitlab-ci.yml\n"
          "job:\n  script: [make]\n")
    r = lint("--format", "json", "--strict")
    notes = sorted(n["message"] for n in r.json()["notifications"])
    assert [n.split(" `")[0] for n in notes] == ["include project", "include remote", "include template"]
    assert all(n["level"] == "note" for n in r.json()["notifications"])
    assert r.code == 0  # a note is not a file that could not be scanned


def test_shared_include_read_once_and_again_when_changed(tmp_path: Path) -> None:
    """A file included by several files is composed once; each including file still sees its
    jobs as its own reading would (foreign nodes, merge keys), and a changed file is read anew."""
    from dcrlint import gitlabci

    write(tmp_path, "ci/shared.yml", ".base: &b\n  variables:\n    T: x\n.login:\n  <<: *b\n  script: [echo a]\n")
    configs = []
    for name in ("a/.gitlab-ci.yml", "b/.gitlab-ci.yml"):
        text = "include:\n  - local: /ci/shared.yml\njob:\n  extends: .login\n"
        path = write(tmp_path, name, text)
        (tmp_path / ".git").mkdir(exist_ok=True)
        cfg = gitlab_config(scanned(text, name, Settings(root=str(tmp_path)), abspath=str(path)))
        assert cfg is not None
        configs.append(cfg)
    jobs = [cfg.job("job") for cfg in configs]
    assert all(isinstance(j, dict) and set(j) == {"variables", "script"} for j in jobs)
    script = jobs[0]["script"]  # type: ignore[index]
    assert jobs[1]["script"] is script  # type: ignore[index]  # the same composed node: read once
    assert not configs[0].is_local(script) and not configs[1].is_local(script)  # type: ignore[arg-type]
    # scanned itself next, the included file takes the documents composed for its includers
    shared = tmp_path / "ci/shared.yml"
    own = scanned(shared.read_text(), ("ci/shared.yml", FileKind.GITLAB_CI), abspath=str(shared.resolve()))
    assert own.yaml_documents and own.yaml_documents[0] is gitlabci._INCLUDED[str(shared.resolve())].documents[0]
    other = scanned(shared.read_text() + "# changed\n", ("ci/shared.yml", FileKind.GITLAB_CI),
                    abspath=str(shared.resolve()))
    assert other.yaml_documents[0] is not own.yaml_documents[0]
    write(tmp_path, "ci/shared.yml", ".login:\n  script: [echo changed, echo twice]\n")
    text = "include:\n  - local: /ci/shared.yml\njob:\n  extends: .login\n"
    cfg = gitlab_config(scanned(text, "a/.gitlab-ci.yml", Settings(root=str(tmp_path)),
                                abspath=str(tmp_path / "a/.gitlab-ci.yml")))
    assert cfg is not None
    job = cfg.job("job")
    assert isinstance(job, dict) and [n.value for n in job["script"].value] == ["echo changed", "echo twice"]  # type: ignore[union-attr]
    assert len(gitlabci._INCLUDED) <= gitlabci._MAX_REMEMBERED
