"""k3s / RKE2 `registries.yaml`: containerd's logins to each registry (`configs.<registry>.auth`)
written in the file are committed registry passwords (DCR002). Before, the file was plain YAML:
only known token formats were found in it."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import brief, engine_scan

from dcrlint.classify import FileKind, classify_text

PW = "Xq7pL2vR9sKd84Tz"  # a made-up password

REGISTRIES = f"""\
mirrors:
  docker.io:
    endpoint:
      - "https://mirror.example.com"
configs:
  "registry.example.com":
    auth:
      username: ci-bot
      password: {PW}1
    tls:
      insecure_skip_verify: true
  "other.example.com:5000":
    auth:
      auth: Y2ktYm90OlhxN3BMMnZSOXNLZDg0VHoy
  "tokens.example.com":
    auth:
      identity_token: {PW}3
  "from-template.example.com":
    auth:
      username: ci-bot
      password: "{{{{ registry_password }}}}"
  "from-env.example.com":
    auth:
      username: ci-bot
      password: ${{REGISTRY_PASSWORD}}
  "mirror.example.com":
    tls:
      ca_file: /etc/ssl/ca.pem
"""


@pytest.mark.parametrize(("path", "head", "kind"), [
    ("k3s/registries.yaml", "mirrors: {}\n", FileKind.K3S_REGISTRIES),
    ("roles/k3s/files/registries.yml", "configs: {}\n", FileKind.K3S_REGISTRIES),
    ("rke2-registries.yaml", "mirrors:\n  docker.io: {}\nconfigs:\n  a: {}\n", FileKind.K3S_REGISTRIES),
    ("node/containerd.yaml", "configs:\n  reg.example.com:\n    auth:\n      username: a\n", FileKind.K3S_REGISTRIES),
    # near misses: a stack file's `configs:` beside its services; another tool's `registries.yaml`
    ("stack.yaml", "services:\n  web: {}\nconfigs:\n  app:\n    auth:\n      file: ./a\n", FileKind.YAML),
    ("registries.yaml", "registries:\n  - name: quay\n", FileKind.YAML),
])
def test_k3s_registries_classification(path: str, head: str, kind: FileKind) -> None:
    assert classify_text(path, head) is kind


def test_k3s_registries_passwords_are_reported_where_written(tmp_path: Path) -> None:
    results, notes = engine_scan(tmp_path, {"etc/rancher/k3s/registries.yaml": REGISTRIES}, dedent=False,
                                 rules=frozenset({"DCR002", "DCR051"}))
    assert notes == []
    assert brief(results) == [
        ("etc/rancher/k3s/registries.yaml", 9, 17, "DCR002"),
        ("etc/rancher/k3s/registries.yaml", 14, 13, "DCR002"),
        ("etc/rancher/k3s/registries.yaml", 17, 23, "DCR002"),
    ]
    assert "for registry.example.com (user ci-bot)" in results[0].message
    assert all(PW not in r.message for r in results)


def test_a_config_for_no_registry_gives_nothing(tmp_path: Path) -> None:
    """Guard R54: an app's YAML with `configs:` and a nested `auth:` names no registry host."""
    app = f"configs:\n  database:\n    auth:\n      username: app\n      password: {PW}9\n"
    results, _ = engine_scan(tmp_path, {"app/settings.yaml": app}, dedent=False, rules=frozenset({"DCR002"}))
    assert results == []
