"""Helmfile state files: a release's inline chart values and `set` entries are chart values
written in the repository (DCR023), a chart repository's `password` is a registry login's
(DCR002), a hook's command runs (DCR001-DCR003). Templated state files (`.gotmpl`, `{{ }}`
lines) are read with their actions masked. Before, none of it was read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import brief, engine_scan

from dcrlint.classify import FileKind, classify_text

PW = "Xq7pL2vR9sKd84Tz"  # a made-up password


@pytest.mark.parametrize(("path", "head", "kind"), [
    ("helmfile.yaml", "releases: []\n", FileKind.HELMFILE),
    ("deploy/helmfile.yml", "", FileKind.HELMFILE),
    ("helmfile.yaml.gotmpl", "{{ $x := 1 }}\n", FileKind.HELMFILE),
    ("bootstrap/helmfile.d/01-apps.yaml", "", FileKind.HELMFILE),
    ("bootstrap/helmfile.d/01-apps.yaml.gotmpl", "", FileKind.HELMFILE),
    # kept under another name: a release with a chart, or Helmfile's schema comment
    ("bootstrap/apps.yaml", "releases:\n  - name: app\n    chart: repo/app\n", FileKind.HELMFILE),
    ("bootstrap/base.yaml", "# yaml-language-server: $schema=https://json.schemastore.org/helmfile\n"
     "templates: {}\n", FileKind.HELMFILE),
    # near misses: other YAML with `releases`, values rendered by Helmfile, docs rendered
    ("notes/releases.yaml", "releases:\n  - version: 1.2\n    date: 2024-01-01\n", FileKind.YAML),
    ("helmfile.d/values.yaml.gotmpl", "", FileKind.HELMFILE),
    ("templates/values.yaml.gotmpl", "{{ .Values | toYaml }}\n", FileKind.HELM_VALUES),
    ("docs/README.md.gotmpl", "# x\n", FileKind.OTHER),
    ("scripts/run.sh.gotmpl", "echo\n", FileKind.SHELL),
])
def test_helmfile_classification(path: str, head: str, kind: FileKind) -> None:
    assert classify_text(path, head) is kind


STATE = f"""\
repositories:
  - name: private
    url: registry.example.com/charts
    oci: true
    username: ci-bot
    password: {PW}1
  - name: from-env
    url: https://charts.example.com
    username: ci-bot
    password: '{{{{ requiredEnv "CHARTS_PASSWORD" }}}}'
  - name: public
    url: https://charts.example.org
releases:
  - name: app
    chart: private/app
    values:
      - values/app.yaml
      - auth:
          password: {PW}2
          existingSecret: app-auth
          adminPassword: ""
        db:
          password: ref+vault://secret/db#password
          user: app
    set:
      - name: redis.password
        value: {PW}3
      - name: redis.auth.password
        value: '{{{{ .StateValues.redisPassword }}}}'
      - name: replicas
        value: "3"
    hooks:
      - events: [presync]
        command: sh
        args: [-c, "docker login -u ci -p {PW}4 registry.example.com"]
      - events: [postsync]
        command: helm
        args: [registry, login, registry.example.com, -u, ci, -p, $CHARTS_PASSWORD]
templates:
  default:
    values:
      - token: {PW}5
environments:
  prod:
    values:
      - apiToken: {PW}6
      - environments/prod.yaml
    secrets:
      - environments/prod.secrets.yaml
"""


def test_helmfile_findings_where_written(tmp_path: Path) -> None:
    results, notes = engine_scan(tmp_path, {"helmfile.yaml": STATE}, dedent=False,
                                 rules=frozenset({"DCR001", "DCR002", "DCR003", "DCR023", "DCR051"}))
    assert notes == []
    assert brief(results) == [
        ("helmfile.yaml", 6, 15, "DCR002"),  # the repository's literal password
        ("helmfile.yaml", 19, 21, "DCR023"),  # inline release values
        ("helmfile.yaml", 27, 16, "DCR023"),  # a `set` entry
        ("helmfile.yaml", 35, 43, "DCR001"),  # a hook's `sh -c` login
        ("helmfile.yaml", 35, 43, "DCR002"),
        ("helmfile.yaml", 38, 67, "DCR001"),  # a hook running a login tool, from a variable
        ("helmfile.yaml", 42, 16, "DCR023"),  # a release template's values
        ("helmfile.yaml", 46, 19, "DCR023"),  # an environment's values
    ]
    messages = {r.start.line: r.message for r in results}
    assert "Helmfile repository private for registry.example.com/charts (user ci-bot)" in messages[6]
    assert "Helmfile release app values: auth.password" in messages[19]
    assert "Helmfile release app set: redis.password" in messages[27]
    assert "Helmfile environment prod values: apiToken" in messages[46]
    assert all(PW not in r.message for r in results)


def test_templated_state_file_is_read_with_its_actions_masked(tmp_path: Path) -> None:
    state = f"""\
{{{{- $env := requiredEnv "ENVIRONMENT" }}}}
repositories:
  - name: private
    url: {{{{ $env }}}}.registry.example.com/charts
    username: ci
    password: {PW}7
releases:
{{{{- range $name := list "a" "b" }}}}
  - name: {{{{ $name }}}}
    chart: private/{{{{ $name }}}}
    values:
      - password: {{{{ $name }}}}-{{{{ $env }}}}
        token: {PW}8
{{{{- end }}}}
"""
    results, notes = engine_scan(tmp_path, {"deploy/helmfile.yaml.gotmpl": state}, dedent=False,
                                 rules=frozenset({"DCR002", "DCR023"}))
    assert notes == []
    assert brief(results) == [("deploy/helmfile.yaml.gotmpl", 6, 15, "DCR002"),
                              ("deploy/helmfile.yaml.gotmpl", 13, 16, "DCR023")]


def test_broken_state_file_is_a_notification(tmp_path: Path) -> None:
    results, notes = engine_scan(tmp_path, {"helmfile.yaml": "releases:\n  - name: [a\n"}, dedent=False,
                                 rules=frozenset({"DCR002", "DCR023"}))
    assert results == []
    assert [n.path.rsplit("/", 1)[-1] for n in notes] == ["helmfile.yaml"]


def test_helmfile_secret_never_in_json(tmp_path: Path, lint: object) -> None:
    from conftest import Lint

    assert isinstance(lint, Lint)
    (tmp_path / "helmfile.yaml").write_text(STATE)
    r = lint("--format", "json", "--no-git", "--fail-on", "never", ".")
    assert PW not in r.out and PW not in r.err
    assert {f["rule"] for f in json.loads(r.out)["findings"]} >= {"DCR002", "DCR023", "DCR001"}
