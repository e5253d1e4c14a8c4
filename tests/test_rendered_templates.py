"""A template that renders a file by its name (Ansible's `deploy.sh.j2`, Terraform's
`templatefile("user_data.sh.tftpl")`, Go's `.tmpl`) is read as the file it renders: a shell script
by its suffix or shebang, with its placeholders (`{{ x }}`, `${x}`) read as such and its template
lines (`{% if %}`, `%{ for }`) passed over; other settings as lines for the rules that apply
anywhere; nothing for code and documentation. Before, none of them was read. A YAML file FreeMarker
renders (`values.ftl.yaml`) is read as YAML, its directive lines passed over."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import Lint, brief, engine_scan

from dcrlint.classify import FileKind, classify_text

FIXTURES = Path(__file__).parent / "fixtures" / "rendered"


@pytest.mark.parametrize(("path", "head", "kind"), [
    ("roles/app/templates/deploy.sh.j2", "echo\n", FileKind.SHELL),
    ("templates/login.j2", "#!/bin/bash\necho\n", FileKind.SHELL),
    ("tf/user_data.tftpl", "#!/bin/bash\necho\n", FileKind.SHELL),
    ("scripts/run.bash.tmpl", "echo\n", FileKind.SHELL),
    ("tf/cloud-init.tftpl", "#cloud-config\n", FileKind.CLOUD_INIT),
    ("templates/docker-compose.yml.j2", "services: {}\n", FileKind.TEXT),
    ("packer/npmrc.pkrtpl", "//r.example.com/:_authToken=${token}\n", FileKind.TEXT),
    ("templates/.env.j2", "A=b\n", FileKind.ENV_FILE),
    ("docker/Dockerfile.tmpl", "FROM alpine\n", FileKind.DOCKERFILE),
    ("templates/README.md.j2", "x\n", FileKind.OTHER),
    ("gen/main.go.tmpl", "package main\n", FileKind.OTHER),
])
def test_a_template_is_the_file_it_renders(path: str, head: str, kind: FileKind) -> None:
    assert classify_text(path, head) is kind


def test_rendered_templates_findings_where_written(lint: Lint, tmp_path: Path) -> None:
    shutil.copytree(FIXTURES, tmp_path, dirs_exist_ok=True)
    r = lint("--format", "json", "--no-git", "--fail-on", "never", ".")
    data = r.json()
    assert sorted((f["path"], f["start"]["line"], f["start"]["column"], f["rule"]) for f in data["findings"]) == [
        ("roles/app/templates/docker-compose.yml.j2", 5, 36, "DCR050"),
        ("roles/app/templates/docker-compose.yml.j2", 6, 21, "DCR051"),
        ("roles/app/templates/login.sh.j2", 4, 60, "DCR001"),  # a Jinja placeholder on the command line
        ("roles/app/templates/login.sh.j2", 7, 39, "DCR001"),
        ("roles/app/templates/login.sh.j2", 7, 39, "DCR002"),
        ("tf/user_data.sh.tftpl", 4, 26, "DCR001"),  # a template variable on the command line
    ]  # nothing in README.md.j2 (documentation); no DCR002 for `{{ registry_password }}` or `${x}`
    assert data["notifications"] == []


FREEMARKER_VALUES = """\
<#-- rendered by the installer -->
app:
<#if config.mail.enabled?? && (config.mail.port > 0)>
  mail:
    host: ${config.mail.host}
    password: ${config.mail.password}
</#if>
<#list config.extraEnv as e>
  <#if e.name?has_content>
  extra: ${e.value}
  </#if>
</#list>
  adminPassword: Hq7vLm2xQ9
"""


def test_a_freemarker_yaml_template_is_read_as_yaml(tmp_path: Path) -> None:
    """A YAML file FreeMarker renders (`values.ftl.yaml`): its comments and directive lines render
    none of the YAML and are passed over (a directive's `>` inside parentheses is its expression's),
    its `${...}` are variables; the literal written in it is still found, and no notification."""
    results, notes = engine_scan(tmp_path, {"deploy/app/values.ftl.yaml": FREEMARKER_VALUES},
                                 rules=frozenset({"DCR023"}))
    assert brief(results) == [("deploy/app/values.ftl.yaml", 13, 18, "DCR023")]
    assert notes == []
