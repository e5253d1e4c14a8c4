"""Butane configs (Fedora CoreOS, Flatcar): the units a machine gets and the files written with
`inline` contents are read as those units and scripts; every value as any YAML's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import write

from dcrlint.classify import FileKind, classify

BUTANE = """\
variant: fcos
version: 1.5.0
storage:
  files:
    - path: /usr/local/bin/till-pull
      mode: 0755
      contents:
        inline: |
          #!/bin/bash
          podman login -u pusher -p Rv6tQm2zWk r.example.test
    - path: /etc/till/notes.txt
      contents:
        inline: |
          podman login -u pusher -p Rv6tQm2zWk r.example.test
    - path: /usr/local/bin/till-fetch.sh
      contents:
        local: till-fetch.sh
    - path: /etc/containers/auth.json
      mode: 0600
      contents:
        inline: '{"auths": {"r.example.test": {"auth": "cHVzaGVyOlJ2NnRRbTJ6V2s="}}}'
systemd:
  units:
    - name: till.service
      enabled: true
      contents: |
        [Service]
        ExecStartPre=/usr/bin/podman login -u pusher -p Rv6tQm2zWk r.example.test
        ExecStart=/usr/bin/podman run r.example.test/till/api:3
    - name: till-worker.service
      dropins:
        - name: 10-registry.conf
          contents: |
            [Service]
            ExecStartPre=/usr/bin/podman login -u pusher -p ${TILL_PASS} r.example.test
    - name: till-safe.service
      contents: |
        [Service]
        LoadCredential=till-pass:/etc/till/pass
        ExecStartPre=/bin/sh -c 'podman login -u pusher --password-stdin r.example.test < %d/till-pass'
"""


def test_units_and_inline_files(lint: Any, tmp_path: Path) -> None:
    """A script by its shebang, a unit and a drop-in; a notes file and a `local` file are no
    commands; the inline docker config is DCR030's; a login reading a credential file is clean."""
    write(tmp_path, "machines/till.bu", BUTANE)
    assert sorted(lint("--format", "json", ".").starts()) == [
        ("DCR001", 10, 37), ("DCR001", 28, 57), ("DCR001", 35, 61),
        ("DCR002", 10, 37), ("DCR002", 28, 57), ("DCR030", 21, 49)]


@pytest.mark.parametrize(("rel", "head", "kind"), [
    ("machines/till.bu", "variant: fcos\n", FileKind.BUTANE),
    ("machines/till.bu.tmpl", "variant: flatcar\n", FileKind.BUTANE),
    ("machines/till.butane", "variant: fcos\n", FileKind.BUTANE),
    ("machines/till.yaml", "# node\nvariant: flatcar\nversion: 1.1.0\n", FileKind.BUTANE),
    ("machines/till.yaml", "variant: blue\nversion: 2\n", FileKind.YAML),  # not an OS Butane configures
    ("machines/till.yaml", "spec:\n  variant: fcos\n", FileKind.YAML),  # not the first key's
])
def test_known_by_suffix_or_variant(rel: str, head: str, kind: FileKind) -> None:
    assert classify(rel, head) is kind
