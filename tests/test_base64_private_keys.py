"""A private key written base64-encoded (a cluster client config's `client-key-data`, a script's
`echo <base64> | base64 -d > key.pem`) is the key written in the file, as its PEM text is: DCR051
at the value, never shown. Certificates and a key block with no key material stay silent; a
Secret's key is DCR023's alone (one finding per secret). A kubeconfig is read under its
conventional names (`kubeconfig`, `*.kubeconfig`, `.kube/config`), and by its content wherever it
is kept (an Ansible folder's kubeconfig is no variables file); its users' literal tokens and
passwords are DCR023's, wherever it is kept (reviewer R107)."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from conftest import brief, engine_scan

from dcrlint.classify import FileKind, classify

PEM_BODY = "MIIEpAIBAAKCAQEAq3Xk9Zb7Tn0Lm2Vr8Ws4Yd6Hf1Jc5Qp0Ae9Ug3Ko7Ri2Nx\nZk4Wq8Lm2Xk9Zb7Tn0Vr8Ws4Yd6Hf1Jc5Qp0"


KEY_B64 = base64.b64encode(f"-----BEGIN RSA PRIVATE KEY-----\n{PEM_BODY}\n-----END RSA PRIVATE KEY-----\n"
                           .encode()).decode()


CERT_B64 = base64.b64encode(f"-----BEGIN CERTIFICATE-----\n{PEM_BODY}\n-----END CERTIFICATE-----\n"
                            .encode()).decode()


STUB_B64 = base64.b64encode(b"-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----\n").decode()


CLIENT_CONFIG = f"""\
apiVersion: v1
kind: Config
clusters:
- name: lab
  cluster:
    certificate-authority-data: {CERT_B64}
    server: https://192.0.2.30:6443
users:
- name: lab-admin
  user:
    client-certificate-data: {CERT_B64}
    client-key-data: {KEY_B64}
- name: lab-example
  user:
    client-key-data: {STUB_B64}
"""


KEY_SECRET = f"""\
apiVersion: v1
kind: Secret
metadata:
  name: edge-tls
type: kubernetes.io/tls
data:
  tls.crt: {CERT_B64}
  tls.key: {KEY_B64}
"""


def test_a_private_key_written_base64_encoded(tmp_path: Path) -> None:
    """A private key base64-encoded (a cluster client config's `client-key-data`) is the key
    written in the file, as its PEM text is: DCR051 at the value. Certificates and a key block
    with no key material stay silent; a Secret's key is DCR023's alone (one finding per secret)."""
    files = {"clusters/lab.yaml": CLIENT_CONFIG, "apps/edge/tls.yaml": KEY_SECRET}
    results, notes = engine_scan(tmp_path, files, rules=frozenset({"DCR051", "DCR023"}))
    assert brief(results) == [("apps/edge/tls.yaml", 8, 12, "DCR023"), ("clusters/lab.yaml", 12, 22, "DCR051")]
    assert results[1].message == ("`client-key-data` holds a private key, base64-encoded; revoke it and load it "
                                  "from a secret store")
    assert KEY_B64 not in repr(results)
    assert notes == []


@pytest.mark.parametrize(("path", "found"), [
    ("clusters/kubeconfig", True), ("clusters/lab.kubeconfig", True), ("home/.kube/config", True),
    ("clusters/lab.config", False), ("clusters/config", False),
])
def test_a_kubeconfig_by_its_names(tmp_path: Path, path: str, found: bool) -> None:
    """A kubeconfig carries no `.yaml` under its conventional names (`kubeconfig`, `*.kubeconfig`,
    `.kube/config`): read as the YAML it is (`kind: Config`), its client key is found."""
    results, notes = engine_scan(tmp_path, {path: CLIENT_CONFIG}, rules=frozenset({"DCR051"}))
    assert brief(results) == ([(path, 12, 22, "DCR051")] if found else [])
    assert notes == []


@pytest.mark.parametrize("path", ["site/playbooks/files/lab.yaml", "roles/edge/vars/cluster.yml",
                                  "inventory/group_vars/lab/access.yaml"])
def test_a_kubeconfig_by_its_content_in_an_ansible_folder(tmp_path: Path, path: str) -> None:
    """A file whose content is a kubeconfig (`kind: Config`, its clusters and users) is read as
    one wherever it is kept: under an Ansible folder its client key is DCR051's "holds a private
    key", not an Ansible variable's literal (DCR023)."""
    results, notes = engine_scan(tmp_path, {path: CLIENT_CONFIG}, rules=frozenset({"DCR051", "DCR023"}))
    assert brief(results) == [(path, 12, 22, "DCR051")]
    assert notes == []


@pytest.mark.parametrize(("head", "kind"), [
    (CLIENT_CONFIG[:200], FileKind.KUBERNETES),
    ("kind: Config\nclient_key_data: x\n", FileKind.ANSIBLE),  # (no apiVersion: variables named so)
    ("apiVersion: v1\nkind: Config\nport: 8\n", FileKind.ANSIBLE),  # (no clusters, users nor contexts)
    ("clusters:\n- lab\nusers:\n- ops\n", FileKind.ANSIBLE),
])
def test_kubeconfig_content_beats_an_ansible_folder(head: str, kind: FileKind) -> None:
    assert classify("ops/playbooks/vars/cluster.yml", head) is kind


def test_an_encoded_key_piped_to_a_decoder(tmp_path: Path) -> None:
    """A script writing a key file from its base64 (`echo <base64> | base64 -d > key.pem`)."""
    results, notes = engine_scan(tmp_path, {"setup.sh": f"#!/bin/sh\necho {KEY_B64} | base64 -d > /etc/app/key.pem\n"},
                                 rules=frozenset({"DCR051"}))
    assert brief(results) == [("setup.sh", 2, 6, "DCR051")]
    assert KEY_B64 not in repr(results)
    assert notes == []


USERS = """\
apiVersion: v1
kind: Config
clusters:
- name: lab
  cluster:
    server: https://192.0.2.30:6443
users:
- name: bearer
  user:
    token: Wq7rTz3mKx9pLv2N
- name: basic
  user:
    username: ops
    password: Hr5tYq8nVb2mKs
- name: later
  user:
    token: ${LAB_TOKEN}
- name: plugin
  user:
    exec:
      command: lab-login
"""


@pytest.mark.parametrize("path", ["ops/playbooks/files/lab.yaml", "ops/lab.kubeconfig", "ops/lab.yaml"])
def test_a_kubeconfig_s_literal_user_credentials(tmp_path: Path, path: str) -> None:
    """A static bearer token or a basic-auth password written in a kubeconfig logs in to its
    cluster: DCR023 at the value, wherever the file is kept; a reference and a credential plugin
    are silent."""
    results, notes = engine_scan(tmp_path, {path: USERS}, rules=frozenset({"DCR023", "DCR051"}))
    assert brief(results) == [(path, 10, 12, "DCR023"), (path, 14, 15, "DCR023")]
    assert results[0].message.startswith("kubeconfig user bearer has a literal token")
    assert "Wq7rTz3mKx9pLv2N" not in repr(results)
    assert notes == []
