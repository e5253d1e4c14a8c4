"""A Kubernetes object or pod spec written in Terraform for `yamldecode()` / `jsondecode()` (a
heredoc, a string) is read as the manifest it is: its containers' `command`/`args` are shell,
exactly placed in the .tf file (through the heredoc's indent and the YAML's folding)."""

from __future__ import annotations

from conftest import Lint
from test_positions import unmark

PASSWORD = "Wd7-relay-41-Kqp"


def _where(lint: Lint, marked: str, *rules: str) -> None:
    """The findings of `rules` are exactly the marked spans; the password is never printed."""
    text, expected = unmark(marked)
    run = lint.scan("infra/jobs.tf", text, "--fail-on", "never")
    assert sorted(w[1:] for w in run.where(*rules)) == expected, run.where()
    assert PASSWORD not in run.printed
    assert "internal error" not in run.printed


def test_a_bare_pod_spec_in_an_indented_heredoc(lint: Lint) -> None:
    """`containers:` at the document's top (a pod spec): its `sh -c` script, folded over two
    lines, logs in with the password from a variable (DCR001 at the variable, exact)."""
    _where(lint, 'locals {\n'
                 '  refresher = yamldecode(<<-EOT\n'
                 '  containers:\n'
                 '    - name: refresh\n'
                 '      image: "tools.example.test/kubectl:1"\n'
                 '      command: ["/bin/sh", "-c"]\n'
                 '      args:\n'
                 '      - TOKEN="$(fetch-token)" &&\n'
                 '        kubectl create secret docker-registry pull --docker-server=r.example.test '
                 '--docker-username=bot --docker-password=«$TOKEN»\n'
                 '  restartPolicy: Never\n'
                 '  EOT\n'
                 '  )\n}\n', "DCR001")


def test_a_manifest_object_with_a_literal_password(lint: Lint) -> None:
    """A Job handed to `kubernetes_manifest` through yamldecode: its literal password is DCR002,
    as in a manifest file; `${...}` put in by Terraform is a reference, `$${` the shell's own."""
    _where(lint, 'resource "kubernetes_manifest" "push" {\n'
                 '  manifest = yamldecode(<<EOT\n'
                 'apiVersion: batch/v1\n'
                 'kind: Job\n'
                 'metadata:\n'
                 '  name: push-${var.env}\n'
                 'spec:\n'
                 '  template:\n'
                 '    spec:\n'
                 '      containers:\n'
                 '      - name: push\n'
                 '        image: ${var.image}\n'
                 '        command:\n'
                 '        - sh\n'
                 '        - -c\n'
                 f'        - docker login -u ci -p «{PASSWORD}» r.example.test && echo "$${{HOME}}"\n'
                 'EOT\n'
                 '  )\n}\n', "DCR002")


def test_a_json_pod_for_jsondecode(lint: Lint) -> None:
    _where(lint, 'locals {\n'
                 '  pod = jsondecode(<<EOT\n'
                 '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},\n'
                 ' "spec": {"containers": [{"name": "c", "image": "busybox",\n'
                 '   "command": ["sh", "-c", "docker login -u ci -p «$REG_PASSWORD» r.example.test"]}]}}\n'
                 'EOT\n'
                 '  )\n}\n', "DCR001")


def test_near_misses(lint: Lint) -> None:
    """Documents that run nothing: YAML whose `command` is no container's; a decoded file (not
    written here); text that is no YAML; the same script in a heredoc no function decodes
    (a value, not a manifest): no finding, no notification."""
    _where(lint, 'locals {\n'
                 '  settings = yamldecode(<<EOT\n'
                 'command: ["/bin/sh", "-c"]\n'
                 'args: ["docker login -u ci -p $REG_PASSWORD r.example.test"]\n'
                 'EOT\n'
                 '  )\n'
                 '  fromfile = yamldecode(file("${path.module}/pod.yaml"))\n'
                 '  broken = yamldecode(<<EOT\n'
                 'containers: [: {\n'
                 'EOT\n'
                 '  )\n'
                 '  plain = <<EOT\n'
                 'containers:\n'
                 '- command: ["sh", "-c", "docker login -u ci -p $REG_PASSWORD r.example.test"]\n'
                 'EOT\n'
                 '}\n', "DCR001", "DCR002")
