"""Texts a Terraform module renders (`templatefile`): a YAML file is read with its directive lines
(`%{ for ~}`) blanked, offsets kept, and an interpolation alone on its line after a `,` kept as an
item of a JSON flow sequence; a `.tpl` under `templates/` is a Helm chart's helpers unless its
name or its content says it renders another text (a README, a script, an INI inventory, a
manifest read as YAML). A file that is no YAML even so keeps its notification."""

from __future__ import annotations

from pathlib import Path

import pytest
from _helpers import scan_as_written as scan
from conftest import brief, engine_scan

RULES = frozenset({"DCR003", "DCR010", "DCR023", "DCR051"})


REAL = "Vq7-trellis-93-Kmd"  # stays reported in every fixture


TF_MANIFEST = f"""\
%{{ for ns in namespaces ~}}
---
apiVersion: v1
kind: Secret
metadata:
  name: app
  namespace: ${{ns}}
stringData:
  password: {REAL}
  token: ${{token}}
%{{ endfor ~}}
"""


def test_a_yaml_file_terraform_renders_is_read_with_its_directives_blanked(tmp_path: Path) -> None:
    """A YAML file `templatefile` renders (a module's manifests) holds directive lines (`%{{ for ~}}`)
    that are no YAML: composed with them blanked (offsets kept), its documents are read (a
    Secret's literal reported, a `${{x}}` none) and nothing is notified. A file no YAML even so
    is told as a Terraform template's note (as a Go template's is), at the line of the blanked
    text's problem."""
    broken = "%{ for k in keys ~}\n  - ${k}\n%{ endfor }\nkey: [\n"
    files = {"modules/app/templates/secret.yaml": TF_MANIFEST, "modules/app/templates/broken.yaml": broken}
    results, notes = engine_scan(tmp_path, files, rules=RULES)
    assert brief(results) == [("modules/app/templates/secret.yaml", 9, 13, "DCR023")]
    assert [(n.path, n.level, n.line) for n in notes] == [("modules/app/templates/broken.yaml", "note", 4)]
    assert notes[0].message.startswith("Terraform template: not YAML even with its %{ } directives blanked (")


def test_a_modules_text_templates_are_no_helm_helpers(tmp_path: Path) -> None:
    """A `.tpl` in a `templates/` folder is a Helm chart's helpers (YAML) unless its name says it
    renders another kind of text: `README.md.tpl`, `CODEOWNERS.tpl`, `.gitignore.tpl` (a Terraform
    module's, no YAML notification), a script `user-data.sh.tpl` (shell, its login read). Helpers
    and a manifest template stay YAML."""
    files = {"modules/repo/templates/README.md.tpl": "# ${name}\n\n: owners\n",
             "modules/repo/templates/CODEOWNERS.tpl": "* @${team}\n",
             "modules/db/templates/init.sql.tpl": "CREATE USER ${user};\n-- : x\n",
             "modules/vm/templates/backup.timer.tpl": "[Timer]\nOnCalendar=${when}\n: x\n",
             "modules/repo/templates/.gitignore.tpl": "%{ for p in paths ~}\n${p}\n%{ endfor ~}\n: x\n",
             "modules/vm/templates/user-data.sh.tpl": "#!/bin/bash\ndocker login -u ci -p Kd2-meadow-64-Rv ${registry}\n",
             "chart/templates/_helpers.tpl": '{{- define "app.url" -}}\nhttps://ci:Hx3-lattice-27-Pqr@r.example.com\n{{- end }}\n',
             "modules/app/templates/app.yaml.tpl": "key: [\n"}
    results, notes = engine_scan(tmp_path, files, rules=frozenset({"DCR002", "DCR050"}))
    assert brief(results) == [("chart/templates/_helpers.tpl", 2, 12, "DCR050"),
                              ("modules/vm/templates/user-data.sh.tpl", 2, 23, "DCR002")]
    assert [n.path for n in notes] == ["modules/app/templates/app.yaml.tpl"]


JSON_TEMPLATE = """\
[
  {
    "name": "app",
    "image": "${image}",
    "cpu": ${cpu},
    %{ if sidecar_enabled ~}
    "dependsOn": [{"containerName": "${sidecar_name}", "condition": "START"}],
    %{ endif ~}
    "environment": ${env_json},
    "healthCheck": {"command": ["CMD-SHELL", "curl -f https://probe:Kq7-lantern-52@localhost/health"]}
  }
  %{ if sidecar_enabled ~}
  ,
  ${sidecar_json}
  %{ endif ~}
  %{ if init_enabled ~}
  ,
  ${init_json}
  %{ endif ~}
]
"""


@pytest.mark.parametrize(("name", "notes_expected"), [
    ("templates/task.json.tpl", 0), ("modules/ecs/templates/task.yml.tpl", 0),
    ("templates/broken.json.tpl", 1),
])
def test_a_json_template_renders_its_items_before_yaml_reads_it(tmp_path: Path, name: str,
                                                                 notes_expected: int) -> None:
    """A JSON document Terraform's templatefile renders (an ECS task definition): an interpolation
    alone on its line after a `,` a directive keeps is an item of the flow sequence (masked as a
    scalar), not a block of YAML (blanked, which left `, ,`: a wrong 'not YAML' warning). A
    template broken otherwise is still told; its text is read either way."""
    text = JSON_TEMPLATE if "broken" not in name else JSON_TEMPLATE.replace('"cpu": ${cpu},', '"cpu": ${cpu},,')
    results, notes = engine_scan(tmp_path, {name: text}, rules=frozenset({"DCR050", "DCR040"}))
    assert brief(results) == [(name, 10, 69, "DCR050")]
    assert len(notes) == notes_expected


MODULE_INVENTORY = """\
# rendered by templatefile()
[control]
${control_hosts}

[workers]
${worker_hosts}

[all:vars]
mirror=https://ci:Wq7vLm2xQ9@mirror.example.net/simple
"""


MODULE_SCRIPT = """\
## writes the registry Secret for the cluster
cat > ../deploy/registry.yaml << END
apiVersion: v1
kind: Secret
END
"""


MODULE_MANIFEST = """\
# rendered by templatefile()
apiVersion: v1
kind: Secret
metadata:
  name: ${name}
stringData:
  api-token: Vq8Lm2Xk9Zb7Tn0W
"""


def test_a_terraform_module_template_of_another_text(tmp_path: Path) -> None:
    """A `.tpl` under `templates/` with no Helm action is a text a Terraform module renders: one
    that does not start as YAML (an INI inventory, a script's lines) is read as lines of settings
    (a URL's password found), with no YAML warning; one that does (a manifest) is read as YAML, as before."""
    from dcrlint.classify import FileKind, classify_text

    files = {"infra/templates/inventory.tpl": MODULE_INVENTORY, "infra/templates/write-secret.tpl": MODULE_SCRIPT,
             "infra/templates/token-secret.tpl": MODULE_MANIFEST}
    results, notes = engine_scan(tmp_path, files, rules=frozenset({"DCR023", "DCR050", "DCR051"}))
    assert brief(results) == [("infra/templates/inventory.tpl", 9, 19, "DCR050")]
    assert notes == []
    assert [classify_text(p, t) for p, t in files.items()] == [FileKind.TEXT, FileKind.TEXT, FileKind.YAML]


TF_TEMPLATE = """\
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: app
spec:
  namespaceSelector:
    matchNames: [${namespace}]
  endpoints:
  - port: http
    params:
      target: ["${join(",", targets)}"]
settings:
  password: "${db_password}"
  ${indent(2, yamlencode(extra))}
  url: https://admin:Zq8xK2mW9pL4@db.corp.example/x
"""


@pytest.mark.parametrize(("name", "notes"), [("templates/monitor.yaml.tpl", 0), ("templates/monitor.yml.tpl", 0),
                                             ("templates/monitor.yaml", 1)])
def test_a_template_renders_its_interpolations_before_yaml_reads_it(tmp_path: Path, name: str, notes: int) -> None:
    results, notifications = scan(tmp_path, {name: TF_TEMPLATE}, rules=frozenset({"DCR050", "DCR023", "DCR051"}))
    assert brief(results) == [(name, 15, 22, "DCR050")]  # the text is read either way
    assert len(notifications) == notes  # a file not named as a template: its YAML error is told
