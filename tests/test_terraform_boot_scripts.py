"""A machine's boot script written in Terraform (`user_data`, `custom_data`, GCE's startup
script) read as shell, exactly placed in the .tf file; read only when a check asks."""

from __future__ import annotations

import pytest
from conftest import Lint, scanned
from test_positions import unmark

from dcrlint.facts import SHELL_CONTEXTS, TERRAFORM
from dcrlint.infra import terraform

PASSWORD = "Qv3-harbor-68-Lzt"


def _where(lint: Lint, marked: str, *rules: str) -> None:
    """The findings of `rules` are exactly the marked spans."""
    text, expected = unmark(marked)
    run = lint.scan("infra/main.tf", text, "--fail-on", "never")
    assert sorted(w[1:] for w in run.where(*rules)) == expected, run.where()
    assert PASSWORD not in run.printed


def test_indented_heredoc_with_interpolations(lint: Lint) -> None:
    _where(lint, 'resource "aws_instance" "web" {\n'
                 '  user_data = <<-EOF\n'
                 '    #!/bin/bash\n'
                 '    echo "$${HOME} ${var.name}"\n'
                 f'    docker login -u ci -p «{PASSWORD}» r.example.com\n'
                 '    EOF\n}\n', "DCR002")


def test_an_interpolation_is_no_literal(lint: Lint) -> None:
    """`${var.x}` is a value Terraform puts in: a password from it is on the command line
    (DCR001), never a hard-coded one, even single-quoted in the script."""
    _where(lint, 'resource "aws_instance" "web" {\n'
                 '  user_data = <<EOF\n#!/bin/sh\n'
                 'docker login -u ci -p «${var.password}» r.example.com\n'
                 "podman login -u ci -p '«${var.password}»' q.example.com\nEOF\n}\n", "DCR001", "DCR002")


def test_base64encode_quoted_string_and_gce_metadata(lint: Lint) -> None:
    _where(lint, 'resource "aws_launch_template" "lt" {\n'
                 '  user_data = base64encode("#!/bin/sh\\ndocker login -p \\"«' + PASSWORD + '»\\" r.example.com")\n'
                 '}\n'
                 'resource "google_compute_instance" "g" {\n'
                 '  metadata = {\n'
                 '    startup-script = <<-SCRIPT\n'
                 f'      echo «{PASSWORD}» | docker login -u ci --password-stdin r.example.com\n'
                 '    SCRIPT\n  }\n}\n', "DCR002")


def test_inner_here_document_after_outdent(lint: Lint) -> None:
    """The `<<-` indent is taken off before the shell reads the script: an inner here-document's
    delimiter ends it (DCR030 in its body, DCR003's `cat` after it)."""
    _where(lint, 'resource "aws_instance" "web" {\n'
                 '  user_data = <<-EOF\n'
                 '    #!/bin/bash\n'
                 '    cat > /root/.docker/config.json <<CFG\n'
                 '    {"auths": {"r.example.com": {"«auth": "Y2k6UXYzLWhhcmJvci02OC1Menc=»"}}}\n'
                 '    CFG\n'
                 '    «cat /root/.docker/config.json»\n'
                 '    EOF\n}\n', "DCR030", "DCR003")


def test_powershell_user_data(lint: Lint) -> None:
    _where(lint, 'resource "aws_instance" "win" {\n'
                 '  user_data = <<EOF\n<powershell>\n'
                 f'docker login -u ci -p «{PASSWORD}» r.example.com\n'
                 '</powershell>\nEOF\n}\n', "DCR002")


def test_cloud_config_commands(lint: Lint) -> None:
    """cloud-init's `#cloud-config`: `runcmd` and `bootcmd` items, strings (run by sh) and word
    lists, mapped through the YAML (quotes, a block scalar) and the heredoc's indent."""
    _where(lint, 'resource "aws_instance" "web" {\n'
                 '  user_data = <<-EOF\n'
                 '    #cloud-config\n'
                 '    packages: [docker.io]\n'
                 '    runcmd:\n'
                 f'      - docker login -u ci -p «{PASSWORD}» r.example.com\n'
                 f'      - [ sh, -c, "echo \'x\' && podman login -p «{PASSWORD}» q.example.com" ]\n'
                 f'      - [ docker, login, -p, "«{PASSWORD}»", g.example.com ]\n'
                 '      - |\n'
                 '        docker login -u ci \\\n'
                 '          -p "${var.pw}" r.example.com\n'
                 '    bootcmd:\n'
                 '      - "«cat /root/.docker/config.json»"\n'
                 '    EOF\n}\n', "DCR002", "DCR003")


def test_cloud_config_that_is_not_yaml_is_not_read(lint: Lint) -> None:
    text = ('resource "aws_instance" "web" {\n  user_data = <<EOF\n#cloud-config\nruncmd: [\n'
            f'  - docker login -p {PASSWORD} r.example.com\nEOF\n}}\n')
    run = lint.scan("main.tf", text, "--fail-on", "never")
    assert run.where("DCR001", "DCR002") == [] and run.json()["notifications"] == []


@pytest.mark.parametrize("user_data", [
    'templatefile("${path.module}/boot.sh", { password = "x" })',  # another file, filled in
    'file("boot.sh")',
    f"<<EOF\ndocker login -p {PASSWORD} r.example.com\nEOF",  # no shebang: cloud-init does not run it
    f"<<EOF\n#!/usr/bin/env python3\nprint('docker login -p {PASSWORD} r')\nEOF",
    'var.user_data',
])
def test_not_a_script_written_here(lint: Lint, user_data: str) -> None:
    text = f'resource "aws_instance" "web" {{\n  user_data = {user_data}\n}}\n'
    run = lint.scan("main.tf", text, "--fail-on", "never")
    assert run.where("DCR001", "DCR002", "DCR003") == []


def test_read_only_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """The file's read notes where the boot scripts are; each is decoded when SHELL_CONTEXTS is
    asked (most checks never ask for it)."""
    calls: list[int] = []
    real = terraform._Reader._template

    def counted(self: terraform._Reader, node: object) -> object:
        calls.append(1)
        return real(self, node)  # type: ignore[arg-type]

    monkeypatch.setattr(terraform._Reader, "_template", counted)
    file = scanned('resource "aws_instance" "web" {\n  user_data = <<EOF\n#!/bin/sh\nmake\nEOF\n}\n', "main.tf")
    facts = file.get(TERRAFORM)
    assert facts is not None and len(facts.boot_scripts) == 1 and calls == []
    contexts = file.get(SHELL_CONTEXTS)
    assert [c.text.text for c in contexts] == ["#!/bin/sh\nmake\n"] and calls == [1]
    assert [c.place for c in contexts] == [("resource", "aws_instance", "web", "user_data")]
