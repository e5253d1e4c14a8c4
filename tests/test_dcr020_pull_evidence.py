"""Findings reviewers called false on Kubernetes repositories, each with the near misses that
must keep reporting.

DCR020's evidence that other workloads pull an image with imagePullSecrets:
- the `default` ServiceAccount's pull secrets are given to every pod of its namespace that names
  no account (an off-the-shelf install applied there): they say nothing about what such a pod
  pulls. A pod's own imagePullSecrets, or those of the account it is made to run as, do;
- on a shared registry that sets visibility per image repository (ghcr.io's packages, Docker
  Hub's and quay.io's repositories), a private image says nothing of its owner's other images
  (a held-out principle): the evidence is the same repository. A Container
  Registry project stays owner-wide, a self-hosted registry host-wide."""

from __future__ import annotations

from pathlib import Path

from conftest import write

PULL = ("--format", "json", "--fail-on", "never", "--select", "DCR020")


def deploy(image: str, name: str, account: str | None = None, pull: str | None = None) -> str:
    sa = f"      serviceAccountName: {account}\n" if account else ""
    secrets = f"      imagePullSecrets:\n      - name: {pull}\n" if pull else ""
    return (f"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n"
            f"  template:\n    spec:\n{sa}{secrets}      containers:\n      - name: {name}\n"
            f"        image: {image}\n")


def account(name: str) -> str:
    return (f"apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: {name}\n"
            f"imagePullSecrets:\n  - name: registry-credentials\n")


def test_the_default_accounts_pull_secrets_are_no_evidence_of_a_shared_registrys_image(lint, tmp_path: Path) -> None:
    # A platform's namespace setup gives the default account a pull secret; a vendor's install,
    # applied with no namespace either, runs one workload as that account and others as their own.
    # On a shared registry that says nothing of the image; a self-hosted registry authenticates
    # the whole host, so pulling from it with the default account's pull secrets is evidence that
    # it needs them (guard R30): the pod running as an account without any is reported.
    write(tmp_path, "setup/rbac.yaml", account("default"))
    write(tmp_path, "install/a.yaml", deploy("quay.io/vendorx/server:2.3", "indexer"))
    write(tmp_path, "install/b.yaml", deploy("quay.io/vendorx/server:2.3", "api", account="api"))
    write(tmp_path, "install/c.yaml", deploy("registry.corp.example/agent:1", "agent", account="agent"))
    write(tmp_path, "install/d.yaml", deploy("registry.corp.example/agent:1", "agent2",
                                             account="default"))
    r = lint(*PULL)
    assert r.starts("DCR020") == [("DCR020", 11, 16)]
    assert [h["path"] for h in r.json()["findings"]] == ["install/c.yaml"]


def test_an_account_a_pod_is_made_to_run_as_is_evidence(lint, tmp_path: Path) -> None:
    write(tmp_path, "setup/rbac.yaml", account("puller"))
    write(tmp_path, "install/a.yaml", deploy("quay.io/vendorx/server:2.3", "indexer", account="puller"))
    write(tmp_path, "install/b.yaml", deploy("quay.io/vendorx/server:2.3", "api", account="api"))
    write(tmp_path, "install/c.yaml", deploy("registry.corp.example/agent:1", "agent", account="puller"))
    write(tmp_path, "install/d.yaml", deploy("registry.corp.example/agent:1", "agent2"))
    r = lint(*PULL)
    assert r.where("DCR020") == [("DCR020", 10, 16, 10, 45), ("DCR020", 11, 16, 11, 42)]
    assert [h["path"] for h in r.json()["findings"]] == ["install/b.yaml", "install/d.yaml"]


def test_on_a_registry_setting_visibility_per_repository_the_repository_is_evidence(lint, tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", deploy("ghcr.io/acme/api:1", "a", pull="pull"))
    write(tmp_path, "ui.yaml", deploy("ghcr.io/acme/ui:1", "ui"))  # a sibling package: silent
    write(tmp_path, "hub.yaml", deploy("acme/worker:1", "w"))  # Docker Hub: silent
    write(tmp_path, "api.yaml", deploy("ghcr.io/acme/api:2", "api2"))  # the same package
    write(tmp_path, "gcr.yaml", deploy("gcr.io/acme-prod/api:1", "g", pull="pull"))
    write(tmp_path, "gcr2.yaml", deploy("gcr.io/acme-prod/jobs:1", "g2"))  # a project: owner-wide
    write(tmp_path, "corp.yaml", deploy("dcr.corp.example/team/a:1", "c", pull="pull"))
    write(tmp_path, "corp2.yaml", deploy("dcr.corp.example/mirror/nginx:1", "c2"))  # self-hosted: host-wide
    r = lint(*PULL)
    found = sorted((h["path"], h["start"]["line"], h["start"]["column"], h["message"].split("(")[1].split(")")[0])
                   for h in r.json()["findings"])
    assert found == [("api.yaml", 10, 16, "other workloads pull ghcr.io/acme/api with imagePullSecrets"),
                     ("corp2.yaml", 10, 16, "other workloads pull from it with imagePullSecrets"),
                     ("gcr2.yaml", 10, 16, "other workloads pull gcr.io/acme-prod images with imagePullSecrets")]


def test_stored_credentials_still_make_the_whole_host_private(lint, tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", deploy("dcr.corp.example/team/a:1", "a", pull="pull"))
    write(tmp_path, "mirror.yaml", deploy("dcr.corp.example/mirror/nginx:1", "m"))
    write(tmp_path, "ci.sh", "#!/bin/sh\nkubectl create secret docker-registry pull "
          "--docker-server=dcr.corp.example --docker-username=ci --docker-password-stdin\n")
    r = lint(*PULL)
    assert [(h["path"], h["start"]["line"], h["start"]["column"]) for h in r.json()["findings"]] \
        == [("mirror.yaml", 10, 16)]


def registry_secret(host: str, name: str) -> str:
    import base64
    import json

    config = base64.b64encode(json.dumps({"auths": {host: {"auth": "${AUTH}"}}}).encode()).decode()
    return (f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: {name}\n"
            f"type: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: {config}\n")


def two_containers(name: str, pull: str, app: str, sidecar: str) -> str:
    return (f"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  template:\n    spec:\n"
            f"      imagePullSecrets:\n      - name: {pull}\n      containers:\n      - name: app\n"
            f"        image: {app}\n      - name: sidecar\n        image: {sidecar}\n")


def test_a_pods_pull_secrets_are_evidence_for_the_registries_they_hold(lint, tmp_path: Path) -> None:
    # a private app with a public sidecar: the Secret named holds credentials for the app's registry only
    write(tmp_path, "s.yaml", registry_secret("ghcr.io", "ghcr-pull"))
    write(tmp_path, "a.yaml", two_containers("a", "ghcr-pull", "ghcr.io/acme/api:1", "quay.io/vendorx/proxy:2"))
    write(tmp_path, "b.yaml", deploy("quay.io/vendorx/proxy:2", "b"))  # the sidecar elsewhere: silent
    write(tmp_path, "c.yaml", deploy("ghcr.io/acme/api:1", "c"))  # the app elsewhere: reported
    # a pull secret the scan does not define: every image of the pod counts, as before
    write(tmp_path, "d.yaml", two_containers("d", "elsewhere", "ghcr.io/acme/web:1", "quay.io/vendorx/agent:3"))
    write(tmp_path, "e.yaml", deploy("quay.io/vendorx/agent:3", "e"))  # reported
    r = lint(*PULL)
    assert [(h["path"], h["start"]["line"], h["start"]["column"]) for h in r.json()["findings"]] \
        == [("c.yaml", 10, 16), ("e.yaml", 10, 16)]


def test_a_registry_at_a_cluster_service_is_the_clusters_own(lint, tmp_path: Path) -> None:
    """A registry addressed by a Service of the cluster (`NAME.NAMESPACE.svc[.cluster.local]`, any
    port) is the cluster's own: the platform that wires it in gives every ServiceAccount its pull
    credentials, so another workload's imagePullSecrets for it are no evidence (held-out 19a G5). A
    registry host with a domain of its own stays private on the same evidence."""
    write(tmp_path, "agents.yaml", deploy("images.builds.svc:5000/agents/node-agent:1.0", "agent", pull="vendor-pull")
          + "---\n" + deploy("mirror.example.net/agents/node-agent:1.0", "agent2", pull="vendor-pull"))
    write(tmp_path, "lint.yaml", deploy("images.builds.svc:5000/tools/linter:2", "lint")
          + "---\n" + deploy("images.builds.svc.cluster.local/tools/fmt:2", "fmt")
          + "---\n" + deploy("mirror.example.net/tools/linter:2", "lint2"))
    run = lint(*PULL, ".")
    assert [(f["path"], f["start"]["line"]) for f in run.json()["findings"]] == [("lint.yaml", 32)]
