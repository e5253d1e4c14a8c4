"""containerd's `config.toml`: the CRI plugin's registry logins (`registry.configs."<registry>".auth`,
the older `registry.auths."<registry>"`) written in the file are committed registry passwords
(DCR002), also when kind patches them into its nodes (`containerdConfigPatches`). Before, a
`.toml` that was not a GitLab Runner's config was not read at all."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import brief, engine_scan

from dcrlint.classify import FileKind, classify_text

PW = "Jm5tR8wQ2zXc71Hv"  # a made-up password
CRI = '[plugins."io.containerd.grpc.v1.cri".registry'

CONFIG = f"""\
version = 2
# [plugins."io.containerd.grpc.v1.cri".registry.configs."commented.example.com".auth]
# password = "{PW}0"

{CRI}]
  [plugins."io.containerd.grpc.v1.cri".registry.mirrors."registry.example.com"]
    endpoint = ["https://registry.example.com"]
  {CRI}.configs."registry.example.com".auth]
    username = "puller"
    password = "{PW}1"
  {CRI}.configs."registry.example.com".tls]
    insecure_skip_verify = true
  {CRI}.configs."b64.example.com".auth]
    auth = "cHVsbGVyOkptNXRSOHdRMnpYYzcxSHYy"
  {CRI}.configs."templated.example.com".auth]
    username = "puller"
    password = "{{{{ .RegistryPassword }}}}"
  {CRI}.configs."env.example.com".auth]
    password = "${{REGISTRY_PASSWORD}}"
  {CRI}.configs."inline.example.com"]
    auth = {{ username = "puller", identitytoken = "{PW}3" }}
  {CRI}.auths."https://old.example.com"]
    password = "{PW}4"

[plugins."io.containerd.cri.v1.images".registry.configs."v3.example.com".auth]
  password = "{PW}5"

[plugins."io.containerd.grpc.v1.cri".registry.configs."dotted.example.com"]
  auth.username = "puller"
  auth.password = "{PW}7"
"""


@pytest.mark.parametrize(("path", "text", "kind"), [
    ("etc/containerd/config.toml", CONFIG, FileKind.CONTAINERD_CONFIG),
    ("node/containerd.toml", f'{CRI}.configs."r.example.com".auth]\npassword = "x"\n', FileKind.CONTAINERD_CONFIG),
    # the auth table past the head of a long file (a full `containerd config default`)
    ("config.toml", "# " + "x" * 20000 + f'\n{CRI}.configs."r.example.com".auth]\n', FileKind.CONTAINERD_CONFIG),
    # the same keys dotted under the `registry` table (as containerd's default config heads it)
    ("config.toml", f'{CRI}]\n  configs."r.example.com".auth.password = "x"\n', FileKind.CONTAINERD_CONFIG),
    # near misses: a config whose registry settings hold no login; another tool's `registry` table
    ("config.toml", f'{CRI}.configs."r.example.com".tls]\ninsecure_skip_verify = true\n', FileKind.OTHER),
    ("pyproject.toml", '[tool.registry.configs]\nauth = "x"\n', FileKind.OTHER),
    ("config.toml", '[[runners]]\n  token = "t"\n  [runners.docker]\n', FileKind.GITLAB_RUNNER),
])
def test_containerd_config_classification(path: str, text: str, kind: FileKind) -> None:
    assert classify_text(path, text) is kind


def test_containerd_registry_passwords_reported_where_written(tmp_path: Path) -> None:
    results, notes = engine_scan(tmp_path, {"etc/containerd/config.toml": CONFIG}, dedent=False,
                                 rules=frozenset({"DCR002", "DCR051"}))
    assert notes == []
    assert brief(results) == [
        ("etc/containerd/config.toml", 10, 17, "DCR002"),
        ("etc/containerd/config.toml", 14, 13, "DCR002"),
        ("etc/containerd/config.toml", 21, 52, "DCR002"),
        ("etc/containerd/config.toml", 23, 17, "DCR002"),
        ("etc/containerd/config.toml", 26, 15, "DCR002"),
        ("etc/containerd/config.toml", 30, 20, "DCR002"),
    ]
    assert "containerd config `auth.password` for registry.example.com (user puller)" in results[0].message
    assert all(PW not in r.message and PW not in r.source for r in results)


def test_containerd_config_not_toml_is_a_note(tmp_path: Path) -> None:
    results, notes = engine_scan(tmp_path, {"config.toml": f'{CRI}.configs."r.example.com".auth]\npassword = \n'},
                                 dedent=False, rules=frozenset({"DCR002"}))
    assert results == [] and [n.message.split(" (")[0] for n in notes] == ["containerd config: not TOML"]


KIND = f"""\
kind: Cluster
apiVersion: kind.x-k8s.io/v1alpha4
containerdConfigPatches:
  - |-
    {CRI}.mirrors."registry.example.com"]
      endpoint = ["https://registry.example.com"]
  - |-
    {CRI}.configs."registry.example.com".auth]
      username = "kind-puller"
      password = "{PW}6"
  - |-
    {CRI}.configs."env.example.com".auth]
      password = "${{DH_TOKEN}}"
nodes:
  - role: control-plane
"""


def test_kind_cluster_containerd_patches(tmp_path: Path) -> None:
    # the same keys under another tool's document are no containerd patch
    other = KIND.replace("kind.x-k8s.io/v1alpha4", "example.com/v1").replace("Cluster", "Thing")
    results, notes = engine_scan(tmp_path, {"kind/cluster.yaml": KIND, "other/thing.yaml": other},
                                 dedent=False, rules=frozenset({"DCR002"}))
    assert notes == []
    assert brief(results) == [("kind/cluster.yaml", 10, 19, "DCR002")]
    assert "kind `containerdConfigPatches` `auth.password` for registry.example.com (user kind-puller)" \
        in results[0].message
