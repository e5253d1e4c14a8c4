"""A registry the cluster's nodes log in to themselves (k3s's or RKE2's `registries.yaml`,
containerd's `config.toml`, also as cloud-init's `write_files` writes them, or a kind cluster's
`containerdConfigPatches`) is pulled by the kubelet with no pull secret: DCR020 does not ask pods
pulling from it for imagePullSecrets. The files cloud-init writes are read as those files: a
literal password in them is a registry login's (DCR002), at its place in the user data."""

from __future__ import annotations

from pathlib import Path

from conftest import brief, engine_scan

RULES = frozenset({"DCR002", "DCR020"})

# A deploy script stores credentials for the registry (evidence that it is private) in another
# namespace, for an image-automation controller; the workload names no pull secret.
SCRIPT = """\
    #!/bin/sh
    kubectl create secret docker-registry scan-creds -n automation \\
      --docker-server=images.corp.example.org --docker-username=robot --docker-password-file=/dev/null
    """
DEPLOYMENT = """\
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: shop
      namespace: apps
    spec:
      template:
        spec:
          containers:
            - name: shop
              image: images.corp.example.org/shop:1.4.2
    """
NODE_REGISTRIES = """\
    configs:
      "images.corp.example.org":
        auth:
          username: robot
          password: "${node_registry_password}"
    """


def test_without_node_logins_the_pod_needs_a_pull_secret(tmp_path: Path) -> None:
    results, _ = engine_scan(tmp_path, {"bin/bootstrap.sh": SCRIPT, "k8s/shop.yaml": DEPLOYMENT}, rules=RULES)
    assert brief(results) == [("k8s/shop.yaml", 11, 18, "DCR020")]


def test_a_registries_yaml_logs_the_nodes_in(tmp_path: Path) -> None:
    files = {"bin/bootstrap.sh": SCRIPT, "k8s/shop.yaml": DEPLOYMENT,
             "nodes/etc/rancher/k3s/registries.yaml": NODE_REGISTRIES}
    results, notes = engine_scan(tmp_path, files, rules=RULES)
    assert brief(results) == []
    assert notes == []


def test_user_data_writing_the_registries_yaml(tmp_path: Path) -> None:
    """The Terraform template of the nodes' user data writes the file: the nodes log in (no
    DCR020), and a literal password written there is reported where it is written."""
    user_data = """\
        #cloud-config
        write_files:
          - path: /etc/rancher/k3s/registries.yaml
            permissions: '0600'
            content: |
              configs:
                "images.corp.example.org":
                  auth:
                    username: robot
                    password: "Wd4-copper-kettle-19"
          - path: /etc/motd
            content: |
              password: not-a-registry-file
        """
    files = {"bin/bootstrap.sh": SCRIPT, "k8s/shop.yaml": DEPLOYMENT, "infra/cloud-init.yml": user_data}
    results, notes = engine_scan(tmp_path, files, rules=RULES)
    assert brief(results) == [("infra/cloud-init.yml", 10, 24, "DCR002")]
    assert results[0].end.column == 24 + len("Wd4-copper-kettle-19")
    assert "for images.corp.example.org (user robot)" in results[0].message
    assert "Wd4-copper-kettle-19" not in results[0].message
    assert notes == []


def test_user_data_writing_a_containerd_config(tmp_path: Path) -> None:
    user_data = """\
        #cloud-config
        write_files:
          - path: /etc/containerd/config.toml
            content: |
              version = 2
              [plugins."io.containerd.grpc.v1.cri".registry.configs."images.corp.example.org".auth]
                username = "robot"
                password = "${containerd_password}"
        """
    files = {"bin/bootstrap.sh": SCRIPT, "k8s/shop.yaml": DEPLOYMENT, "infra/user-data.yaml": user_data}
    results, _ = engine_scan(tmp_path, files, rules=RULES)
    assert brief(results) == []


def test_base64_written_files_are_not_read(tmp_path: Path) -> None:
    """Content in another `encoding` (b64, gzip) is not the file's text: nothing read from it."""
    user_data = """\
        #cloud-config
        write_files:
          - path: /etc/rancher/k3s/registries.yaml
            encoding: b64
            content: Y29uZmlnczoge30K
        """
    files = {"bin/bootstrap.sh": SCRIPT, "k8s/shop.yaml": DEPLOYMENT, "infra/cloud-init.yml": user_data}
    results, _ = engine_scan(tmp_path, files, rules=RULES)
    assert brief(results) == [("k8s/shop.yaml", 11, 18, "DCR020")]
