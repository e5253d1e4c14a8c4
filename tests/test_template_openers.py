"""Jinja's `{#`/`{%` are template openers only where a template can have them: `${#}` and `${#VAR}`
in a Helm chart's scripts are a shell's parameter expansions (guard R19), and a file holding `{%`
that does not read as a Jinja template is read as it was before (its documents that read, a
Terraform template's directives blanked)."""

from __future__ import annotations

from pathlib import Path

from conftest import brief, engine_scan

RULES = frozenset({"DCR001", "DCR002", "DCR023"})
PW = "Hq4zT9Lm77Xq2wPz"


def test_shell_parameter_counts_in_a_helm_template_are_no_jinja(tmp_path: Path) -> None:
    job = f"""\
{{{{- if .Values.enabled }}}}
apiVersion: batch/v1
kind: Job
metadata:
  name: {{{{ .Release.Name }}}}-push
spec:
  template:
    spec:
      containers:
        - name: check
          image: busybox
          args: ["sh", "-c", "[ ${{#}} -eq 0 ] || exit 1"]
        - name: push
          image: docker:24
          command: [sh, -c, "docker login -u admin -p {PW} registry.example.com; echo ${{#VAR}}"]
{{{{- end }}}}
"""
    files = {"chart/Chart.yaml": "apiVersion: v2\nname: demo\nversion: 0.1.0\n", "chart/templates/job.yaml": job}
    results, notes = engine_scan(tmp_path, files, rules=RULES)
    assert brief(results) == [("chart/templates/job.yaml", 15, 55, "DCR001"),
                              ("chart/templates/job.yaml", 15, 55, "DCR002")]
    assert notes == []


def test_a_file_with_jinja_that_does_not_read_as_a_template_keeps_its_documents(tmp_path: Path) -> None:
    text = f"""\
apiVersion: v1
kind: Secret
metadata:
  name: s
stringData:
  password: {PW}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: c
data:
  page.html: |
    {{% if user %}}hello{{% endif %}}
  broken: [a, b
"""
    results, notes = engine_scan(tmp_path, {"all.yaml": text}, rules=RULES)
    assert brief(results) == [("all.yaml", 6, 13, "DCR023")]
    assert [n.line for n in notes] == [16]


def test_a_jinja_template_still_reads_as_one(tmp_path: Path) -> None:
    text = f"""\
apiVersion: v1
kind: Secret
metadata:
  name: s
stringData:
{{% if prod %}}
  password: {PW}
{{% endif %}}
  token: "{{{{ vault_token }}}}"
"""
    results, _ = engine_scan(tmp_path, {"secret.yaml": text}, rules=RULES)
    assert brief(results) == [("secret.yaml", 7, 13, "DCR023")]
