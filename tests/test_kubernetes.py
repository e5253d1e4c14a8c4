"""Kubernetes rules DCR020-DCR023: the resource model, the cross-file pull-secret index,
committed registry Secrets and plaintext secrets, with exact positions."""

from __future__ import annotations

import base64
import json
import os
from functools import partial
from pathlib import Path

import pytest
import yaml
from conftest import K8S_RULES, brief, engine_scan, scanned

from dcrlint import engine
from dcrlint.checks.dcr020_missing_image_pull_secrets import configured
from dcrlint.config import Settings
from dcrlint.images import parse_image
from dcrlint.rulesmeta import load_yaml, parse_rule

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"
scan = partial(engine_scan, rules=K8S_RULES)  # the Kubernetes rules unless a test names others


DEPLOY = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: dcr.example.com/team/web:1.0
"""


# --------------------------------------------------------------------------- images

@pytest.mark.parametrize(("ref", "registry", "path", "tag", "digest"), [
    ("nginx", "docker.io", "library/nginx", None, None),
    ("nginx:1.27", "docker.io", "library/nginx", "1.27", None),
    ("bitnami/redis:7", "docker.io", "bitnami/redis", "7", None),
    ("index.docker.io/nginx", "docker.io", "library/nginx", None, None),
    ("dcr.example.com:5000/team/app:v1", "dcr.example.com:5000", "team/app", "v1", None),
    ("localhost/app", "localhost", "app", None, None),
    ("dcr.example.com/app@sha256:" + "a" * 64, "dcr.example.com", "app", None, "sha256:" + "a" * 64),
    ("dcr.example.com/app:1@sha256:" + "b" * 64, "dcr.example.com", "app", "1", "sha256:" + "b" * 64),
])
def test_image_parts(ref: str, registry: str, path: str, tag: str | None, digest: str | None) -> None:
    parsed = parse_image(ref)
    assert parsed is not None
    assert (parsed.registry, parsed.path, parsed.tag, parsed.digest) == (registry, path, tag, digest)


@pytest.mark.parametrize("ref", ["{{ .Values.image }}", "$(IMAGE)", "${IMAGE}", "Bad Image", "app:", "a@b", ""])
def test_not_image_references(ref: str) -> None:
    assert parse_image(ref) is None


@pytest.mark.parametrize(("ref", "shared", "node"), [
    ("nginx", True, False), ("registry.k8s.io/pause:3.9", True, False), ("quay.io/x/y", True, False),
    ("ghcr.io/o/app", True, False), ("gcr.io/my-project/app", True, True),
    ("us-central1-docker.pkg.dev/p/demo/app", True, True), ("dcr.example.com/app", False, False),
    ("123456789012.dkr.ecr.eu-west-1.amazonaws.com/app", False, True), ("corp.azurecr.io/app", False, True),
])
def test_registry_classes(ref: str, shared: bool, node: bool) -> None:
    from dcrlint.checks.dcr020_missing_image_pull_secrets import is_shared, pulls_by_node_identity

    parsed = parse_image(ref)
    assert parsed is not None and is_shared(parsed) is shared and pulls_by_node_identity(parsed) is node


def test_configured_registries() -> None:
    hub = parse_image("acme/private-app")
    assert hub is not None and configured(hub) is None
    assert configured(hub, private=(r"^docker\.io/acme/",)) is True
    own = parse_image("dcr.example.com/app")
    assert own is not None and configured(own, public=(r"^dcr\.example\.com/",)) is False


# --------------------------------------------------------------------------- DCR020

POD_SPEC_WRAPPERS = {
    "Pod": ("v1", "spec:\n{spec}"),
    "PodTemplate": ("v1", "template:\n  spec:\n{spec2}"),
    "Deployment": ("apps/v1", "spec:\n  template:\n    spec:\n{spec4}"),
    "ReplicaSet": ("apps/v1", "spec:\n  template:\n    spec:\n{spec4}"),
    "StatefulSet": ("apps/v1", "spec:\n  template:\n    spec:\n{spec4}"),
    "DaemonSet": ("apps/v1", "spec:\n  template:\n    spec:\n{spec4}"),
    "Job": ("batch/v1", "spec:\n  template:\n    spec:\n{spec4}"),
    "ReplicationController": ("v1", "spec:\n  template:\n    spec:\n{spec4}"),
    "CronJob": ("batch/v1", "spec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n{spec8}"),
}
SPEC = "containers:\n- name: app\n  image: dcr.example.com/app:1\n"


def _indent(text: str, n: int) -> str:
    return "".join(" " * n + line + "\n" for line in text.splitlines())


def workload(kind: str, spec: str = SPEC, name: str = "app", extra_meta: str = "") -> str:
    api, body = POD_SPEC_WRAPPERS[kind]
    body = body.format(spec=_indent(spec, 2), spec2=_indent(spec, 4), spec4=_indent(spec, 6),
                       spec8=_indent(spec, 10))
    return f"apiVersion: {api}\nkind: {kind}\nmetadata:\n  name: {name}\n{extra_meta}{body}"


@pytest.mark.parametrize("kind", sorted(POD_SPEC_WRAPPERS))
def test_every_workload_kind(tmp_path: Path, kind: str) -> None:
    text = workload(kind)
    results, _ = scan(tmp_path, {"w.yaml": text})
    line = text.splitlines().index(next(ln for ln in text.splitlines() if "image:" in ln)) + 1
    col = text.splitlines()[line - 1].index("dcr.example.com") + 1
    assert brief(results) == [("w.yaml", line, col, "DCR020")]
    assert "dcr.example.com" in results[0].message and "ServiceAccount default" in results[0].message


def test_init_and_ephemeral_containers(tmp_path: Path) -> None:
    spec = ("initContainers:\n- name: init\n  image: dcr.example.com/init:1\n"
            "containers:\n- name: app\n  image: nginx:1.27\n"
            "ephemeralContainers:\n- name: dbg\n  image: dcr.example.com/dbg:1\n")
    results, _ = scan(tmp_path, {"p.yaml": workload("Pod", spec)})
    assert [(r.start.line, r.start.column) for r in results] == [(8, 12), (14, 12)]


def test_pod_spec_with_pull_secrets_is_clean(tmp_path: Path) -> None:
    spec = "imagePullSecrets:\n- name: dcr-pull\n" + SPEC
    results, _ = scan(tmp_path, {"p.yaml": workload("Deployment", spec)})
    assert results == []


def test_public_and_templated_images_are_clean(tmp_path: Path) -> None:
    spec = ("containers:\n- name: a\n  image: nginx:1.27\n- name: b\n  image: registry.k8s.io/pause:3.9\n"
            "- name: c\n  image: $(IMAGE)\n- name: d\n  image: localhost:5000/app\n")
    results, _ = scan(tmp_path, {"p.yaml": workload("Pod", spec)})
    assert results == []


def test_list_and_multi_document(tmp_path: Path) -> None:
    lst = ("apiVersion: v1\nkind: List\nitems:\n"
           + _indent("- " + workload("Pod", name="one").replace("\n", "\n  ").rstrip(), 0))
    multi = workload("Pod", name="a") + "---\n" + workload("Job", name="b")
    results, _ = scan(tmp_path, {"list.yaml": lst, "multi.yaml": multi})
    assert [(r.path, r.start.line) for r in results] == [("list.yaml", 11), ("multi.yaml", 8), ("multi.yaml", 19)]
    assert "Pod one" in results[0].message and "Job b" in results[2].message


SA = """\
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {name}
  namespace: {ns}
imagePullSecrets:
  - name: dcr-pull
"""


def test_service_account_in_another_file(tmp_path: Path) -> None:
    results, _ = scan(tmp_path, {"deploy.yaml": DEPLOY, "sa.yaml": SA.format(name="default", ns="default")})
    assert results == []


def test_service_account_in_another_namespace(tmp_path: Path) -> None:
    results, _ = scan(tmp_path, {"deploy.yaml": DEPLOY, "sa.yaml": SA.format(name="default", ns="other")})
    assert brief(results) == [("deploy.yaml", 10, 18, "DCR020")]


def test_named_service_account(tmp_path: Path) -> None:
    spec = "serviceAccountName: builder\n" + SPEC
    files = {"d.yaml": workload("Deployment", spec), "sa.yaml": SA.format(name="builder", ns="default")}
    assert scan(tmp_path, files)[0] == []
    files["sa.yaml"] = SA.format(name="default", ns="default")  # the pod does not run as default
    results, _ = scan(tmp_path, files)
    assert brief(results) == [("d.yaml", 11, 16, "DCR020")]
    assert "ServiceAccount builder" in results[0].message


def test_kubectl_patch_in_script_is_clean(tmp_path: Path) -> None:
    script = ("#!/bin/sh\nset -e\n"
              "kubectl create secret docker-registry dcr-pull --docker-server=dcr.example.com \\\n"
              "  --docker-username=ci --docker-password=\"$DCR_PASSWORD\"\n"
              "kubectl patch serviceaccount default -p '{\"imagePullSecrets\": [{\"name\": \"dcr-pull\"}]}'\n")
    results, _ = scan(tmp_path, {"deploy.yaml": DEPLOY, "setup.sh": script})
    assert results == []


def test_kubectl_patch_other_namespace_and_json_patch(tmp_path: Path) -> None:
    script = ("kubectl -n build patch sa/default --type=json "
              "-p='[{\"op\":\"add\",\"path\":\"/imagePullSecrets\",\"value\":[{\"name\":\"dcr-pull\"}]}]'\n")
    results, _ = scan(tmp_path, {"deploy.yaml": DEPLOY, "setup.sh": script})
    assert brief(results) == [("deploy.yaml", 10, 18, "DCR020")]
    moved = DEPLOY.replace("  name: web\n", "  name: web\n  namespace: build\n")
    assert scan(tmp_path, {"deploy.yaml": moved})[0] == []


def test_registry_guidance_placeholder_is_not_a_hardcoded_password(tmp_path: Path) -> None:
    script = ("kubectl create secret docker-registry regcred --docker-server=<your-registry-server> "
              "--docker-username=<your-name> --docker-password=<your-pword> --docker-email=<your-email>\n")
    results, _ = scan(tmp_path, {"setup.sh": script}, rules=frozenset({"DCR002", *K8S_RULES}))
    assert [r for r in results if r.rule_id == "DCR002"] == []


def test_kustomization_namespace(tmp_path: Path) -> None:
    files = {"base/deploy.yaml": DEPLOY, "base/kustomization.yaml": "namespace: shop\nresources: [deploy.yaml]\n",
             "sa.yaml": SA.format(name="default", ns="shop")}
    assert scan(tmp_path, files)[0] == []
    results, _ = scan(tmp_path, {"base/kustomization.yaml": "namespace: other\n"})
    assert [r.rule_id for r in results] == ["DCR020"] and "namespace other" in results[0].message


def test_configured_private_and_public(tmp_path: Path) -> None:
    hub = DEPLOY.replace("dcr.example.com/team/web:1.0", "acme/web:1.0")
    assert scan(tmp_path, {"d.yaml": hub})[0] == []
    results, _ = scan(tmp_path, {"d.yaml": hub}, options={"registries.private": (r"^docker\.io/acme/",)})
    assert brief(results) == [("d.yaml", 10, 18, "DCR020")]
    assert scan(tmp_path, {"d.yaml": DEPLOY}, options={"registries.public": (r"^dcr\.example\.com/",)})[0] == []


SECRET_JSON = '{"auths": {"dcr.example.com": {"username": "ci-bot", "password": "Vq7-trellis-93-Kmd"}}}'


def docker_secret(name: str = "dcr-pull", ns: str = "default", stype: str = "kubernetes.io/dockerconfigjson") -> str:
    return (f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: {name}\n  namespace: {ns}\ntype: {stype}\n"
            "data:\n  .dockerconfigjson: eyJhdXRocyI6IHsiZGNyLmV4YW1wbGUuY29tIjoge319fQ==\n")


def test_fix_names_the_only_registry_secret(tmp_path: Path) -> None:
    spec = SPEC + "- name: side\n  image: dcr.example.com/side:1\n"
    text = workload("Deployment", spec)
    results, _ = scan(tmp_path, {"d.yaml": text, "s.yaml": docker_secret()})
    assert [r.rule_id for r in results] == ["DCR020", "DCR020"]
    fix = results[0].fix
    assert fix is not None and results[1].fix is None  # one insertion per pod spec
    (edit,) = fix.edits
    fixed = text[: edit.span.start] + edit.text + text[edit.span.end :]
    spec_node = yaml.safe_load(fixed)["spec"]["template"]["spec"]
    assert spec_node["imagePullSecrets"] == [{"name": "dcr-pull"}]
    assert len(spec_node["containers"]) == 2
    (tmp_path / "d.yaml").write_text(fixed)
    assert [r.rule_id for r in scan(tmp_path, {})[0]] == []


def test_no_fix_when_registry_secret_is_ambiguous(tmp_path: Path) -> None:
    files = {"d.yaml": DEPLOY, "s.yaml": docker_secret() + "---\n" + docker_secret("other")}
    results, _ = scan(tmp_path, files)
    assert [r.rule_id for r in results] == ["DCR020"] and results[0].fix is None


# --------------------------------------------------------------------------- pre-commit index

def test_same_findings_whether_service_account_file_is_named(tmp_path: Path) -> None:
    files = {"app/deploy.yaml": DEPLOY, "app/other.yaml": DEPLOY.replace("name: web", "name: api"),
             "infra/sa.yaml": SA.format(name="default", ns="other"),
             "infra/secret.sh": "kubectl create secret docker-registry dcr-pull -n other\n",
             "README.md": "no manifests here\n"}
    everything = brief(scan(tmp_path, files)[0])
    only_changed = brief(scan(tmp_path, {}, named=["app/deploy.yaml"])[0])
    assert only_changed == [r for r in everything if r[0] == "app/deploy.yaml"] != []
    (tmp_path / "infra/sa.yaml").write_text(SA.format(name="default", ns="default"))
    (tmp_path / "infra/secret.sh").write_text("kubectl create secret docker-registry dcr-pull\n")
    assert scan(tmp_path, {}, named=["app/deploy.yaml"])[0] == []
    assert scan(tmp_path, {})[0] == []


# --------------------------------------------------------------------------- DCR021

def _pull(name: str, ns: str = "default") -> str:
    return workload("Pod", "imagePullSecrets:\n- name: " + name + "\n" + SPEC,
                    extra_meta=f"  namespace: {ns}\n")


def test_unresolved_pull_secret(tmp_path: Path) -> None:
    files = {"p.yaml": _pull("missing"), "s.yaml": docker_secret()}
    results, _ = scan(tmp_path, files)
    assert brief(results) == [("p.yaml", 8, 11, "DCR021")]
    assert "missing" in results[0].message


@pytest.mark.parametrize("command", [
    "oc create secret generic dcr-pull --type=kubernetes.io/dockerconfigjson --from-file=.dockerconfigjson=c.json",
    "o\\c create secret generic dcr-pull --type=kubernetes.io/dockerconfigjson --from-file=.dockerconfigjson=c.json",
    'ku"bectl" create secret generic dcr-pull --type=kubernetes.io/dockerconfigjson --from-file=.dockerconfigjson=c.json',
    "\"oc\"\tcreate secret generic dcr-pull --type=kubernetes.io/dockerconfigjson --from-file=.dockerconfigjson=c.json",
])
def test_secret_made_by_a_client_command_however_spelled(tmp_path: Path, command: str) -> None:
    """OpenShift's oc is read as kubectl, and a name spelled with quotes or escapes is still
    the client's: the Secret it makes resolves the pod's pull secret, in a whole scan and when
    only the manifest is named (pre-commit reads the script as text first)."""
    files = {"p.yaml": _pull("dcr-pull"), "s.yaml": docker_secret("other"), "setup.sh": command + "\n"}
    assert scan(tmp_path, files)[0] == []
    assert scan(tmp_path, {}, named=["p.yaml"])[0] == []
    (tmp_path / "setup.sh").write_text("echo no client here\n")
    assert brief(scan(tmp_path, {})[0]) == [("p.yaml", 8, 11, "DCR021")]


def test_wrong_type_and_namespace(tmp_path: Path) -> None:
    files = {"p.yaml": _pull("dcr-pull") + "---\n" + _pull("opaque"),
             "s.yaml": docker_secret(ns="elsewhere") + "---\n" + docker_secret("opaque", stype="Opaque")}
    results, _ = scan(tmp_path, files)
    assert [r.rule_id for r in results] == ["DCR021", "DCR021"]
    assert "namespace elsewhere" in results[0].message and "type Opaque" in results[1].message


def test_resolved_by_manifest_kubectl_and_sealed_secret(tmp_path: Path) -> None:
    sealed = ("apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: sealed\n"
              "spec:\n  encryptedData:\n    .dockerconfigjson: AgBy3i4OJSWK\n"
              "  template:\n    type: kubernetes.io/dockerconfigjson\n")
    files = {"p.yaml": _pull("dcr-pull") + "---\n" + _pull("cli") + "---\n" + _pull("sealed"),
             "s.yaml": docker_secret() + "---\n" + sealed,
             "ci.sh": "kubectl create secret docker-registry cli --docker-server=dcr.example.com\n"}
    assert scan(tmp_path, files)[0] == []


def _generator(name: str, *lines: str, namespace: str = "") -> str:
    body = "".join(f"    {line}\n" for line in lines)
    return f"{namespace}resources: [../base]\nsecretGenerator:\n  - name: {name}\n{body}"


@pytest.mark.parametrize("generator", [
    _generator("regcred", "type: kubernetes.io/dockerconfigjson", "files: [.dockerconfigjson]"),
    _generator("regcred", "files: [.dockerconfigjson=pull.json]"),  # the data key says the type
    _generator("regcred", "files: [conf/.dockercfg]"),  # the file's name is the key
    _generator("regcred", "behavior: merge", "files: [.dockerconfigjson]"),  # the base's Secret's type
    _generator("regcred", "type: kubernetes.io/dockerconfigjson", namespace="namespace: default\n"),
])
def test_secret_made_by_a_kustomize_generator_resolves(tmp_path: Path, generator: str) -> None:
    """A Kustomize secretGenerator defines its Secret as a manifest does: the workload's
    imagePullSecrets name it as written (kustomize gives both the same prefix, suffix and hash),
    in a whole scan and when only the manifest is named (pre-commit)."""
    files = {"base/p.yaml": _pull("regcred"), "overlay/kustomization.yaml": generator, "s.yaml": docker_secret()}
    assert scan(tmp_path, files)[0] == []
    assert scan(tmp_path, {}, named=["base/p.yaml"])[0] == []


def test_kustomize_generator_of_another_type_or_namespace(tmp_path: Path) -> None:
    """Near misses: an Opaque generator (no type, no registry key) is a Secret of the wrong type;
    the kustomization's namespace is its Secret's (one that does not include the workload: in
    a build that does, kustomize gives the workload that namespace too, test_namespace_placement);
    a registry generator makes its namespace one whose pull Secrets are kept in the scan, so a
    name it does not define is reported there."""
    elsewhere = ("namespace: shop\ngeneratorOptions: {disableNameSuffixHash: true}\nsecretGenerator:\n"
                 "  - name: elsewhere\n    type: kubernetes.io/dockerconfigjson\n")
    files = {"base/p.yaml": _pull("opaque") + "---\n" + _pull("elsewhere") + "---\n" + _pull("missing", "shop"),
             "a/kustomization.yaml": _generator("opaque", "literals: [user=ci]"),
             "b/kustomization.yaml": elsewhere}
    results, _ = scan(tmp_path, files)
    assert [r.rule_id for r in results] == ["DCR021"] * 3
    assert "type Opaque" in results[0].message and "namespace shop, not default" in results[1].message
    assert "missing, which no scanned" in results[2].message


def _registry_secret(name: str, data: str) -> str:
    return f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: {name}\ntype: kubernetes.io/dockerconfigjson\n{data}"


EMPTY_CONFIGS = ["data:\n  .dockerconfigjson: e30=\n",  # {}
                 "stringData:\n  .dockerconfigjson: '{\"auths\": {}}'\n",
                 "data:\n  .dockerconfigjson: e30K\n  .dockercfg: e30=\n"]


@pytest.mark.parametrize("data", EMPTY_CONFIGS)
def test_placeholder_registry_secret_keeps_no_namespace(tmp_path: Path, data: str) -> None:
    """A registry Secret whose docker config names no registry is a placeholder filled outside
    the scanned files (a controller that fills such Secrets, whoever installs): it resolves its
    own name, but does not say the namespace's pull Secrets are kept in the scan."""
    files = {"p.yaml": _pull("missing") + "---\n" + _pull("filled"), "s.yaml": _registry_secret("filled", data)}
    assert scan(tmp_path, files)[0] == []


@pytest.mark.parametrize("data", [
    "data:\n  .dockerconfigjson: eyJhdXRocyI6IHsiZGNyLmV4YW1wbGUuY29tIjoge319fQ==\n",  # names a registry
    "data:\n  .dockerconfigjson: xxx\n",  # does not read: may be anything
    "stringData:\n  .dockerconfigjson: '{{ .Values.config }}'\n",
    "stringData:\n  .dockerconfigjson: '{\"credsStore\": \"pass\"}'\n",
    EMPTY_CONFIGS[0] + "  .dockercfg: eyJkY3IuZXhhbXBsZS5jb20iOiB7fX0=\n",  # one of its configs names one
])
def test_registry_secret_that_is_no_placeholder_keeps_its_namespace(tmp_path: Path, data: str) -> None:
    files = {"p.yaml": _pull("missing") + "---\n" + _pull("filled"), "s.yaml": _registry_secret("filled", data)}
    assert brief(scan(tmp_path, files)[0]) == [("p.yaml", 8, 11, "DCR021")]


def test_placeholder_beside_a_registry_secret(tmp_path: Path) -> None:
    files = {"p.yaml": _pull("missing"), "s.yaml": _registry_secret("filled", EMPTY_CONFIGS[0]) + "---\n" + docker_secret()}
    assert brief(scan(tmp_path, files)[0]) == [("p.yaml", 8, 11, "DCR021")]


def _cluster_external_secret(spec: str) -> str:
    return ("apiVersion: external-secrets.io/v1beta1\nkind: ClusterExternalSecret\nmetadata:\n  name: fanout\n"
            "spec:\n  namespaceSelector:\n    matchLabels: {pulls: registry}\n" + spec)


@pytest.mark.parametrize("spec", [
    "  externalSecretSpec:\n    target:\n      name: dcr-pull\n      template: {type: kubernetes.io/dockerconfigjson}\n",
    "  externalSecretName: dcr-pull\n  externalSecretSpec:\n    secretStoreRef: {name: vault}\n",
])
def test_secret_made_by_a_cluster_external_secret_resolves(tmp_path: Path, spec: str) -> None:
    """A ClusterExternalSecret has an ExternalSecret made in every namespace it selects: its
    Secret (the target's name, else the ExternalSecret's) resolves the name in any namespace,
    in a whole scan and when only the manifest is named (pre-commit)."""
    files = {"p.yaml": _pull("dcr-pull", "web"), "s.yaml": docker_secret("other", ns="web"),
             "ces.yaml": _cluster_external_secret(spec)}
    assert scan(tmp_path, files)[0] == []
    assert scan(tmp_path, {}, named=["p.yaml"])[0] == []


def test_cluster_external_secret_of_another_name(tmp_path: Path) -> None:
    """Near misses: a ClusterExternalSecret making another Secret, or named for the pull Secret
    while its target names another one, resolves nothing; nor does it say which namespaces keep
    their pull Secrets in the scan (it selects them by label)."""
    spec = "  externalSecretName: dcr-pull\n  externalSecretSpec:\n    target: {name: other-pull}\n"
    files = {"p.yaml": _pull("dcr-pull", "web") + "---\n" + _pull("missing", "db"),
             "s.yaml": docker_secret("other", ns="web"), "ces.yaml": _cluster_external_secret(spec)}
    assert brief(scan(tmp_path, files)[0]) == [("p.yaml", 8, 11, "DCR021")]


@pytest.mark.parametrize(("options", "resolved"), [
    ("", False),
    ("generatorOptions:\n  disableNameSuffixHash: true\n", True),
    ("", True),  # the generator's own options (below)
])
def test_kustomize_generator_secret_named_outside_its_build(tmp_path: Path, options: str, resolved: bool) -> None:
    """Kustomize names a generated Secret NAME-<hash> and rewrites only the references of its
    own build: a manifest that is not among the kustomization's resources names no Secret by
    NAME (its pull fails), unless the hash suffix is disabled, globally or by the generator."""
    lines = ["type: kubernetes.io/dockerconfigjson", "files: [.dockerconfigjson]"]
    if resolved and not options:
        lines.append("options: {disableNameSuffixHash: true}")
    files = {"base/p.yaml": _pull("regcred"), "other/p.yaml": _pull("regcred"),
             "overlay/kustomization.yaml": options + _generator("regcred", *lines), "s.yaml": docker_secret()}
    results, _ = scan(tmp_path, files)
    assert [(r.path, r.rule_id) for r in results] == ([] if resolved else [("other/p.yaml", "DCR021")])
    if not resolved:
        assert "regcred, which no scanned manifest" in results[0].message


_STRATEGIC_PATCH = ("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: shop\nspec:\n  template:\n"
                    "    spec:\n      imagePullSecrets:\n        - name: regcred\n")


@pytest.mark.parametrize(("patches", "resolved"), [
    ("patchesStrategicMerge:\n  - pull-patch.yaml\n", True),
    ("patches:\n  - path: pull-patch.yaml\n    target: {kind: Deployment}\n", True),
    ("", False),  # a patch file no kustomization applies: a manifest of its own
])
def test_kustomize_patch_file_names_its_builds_generated_secret(tmp_path: Path, patches: str, resolved: bool) -> None:
    """A patch file a kustomization applies is merged into its build, whose references to the
    Secrets its generators make kustomize rewrites to NAME-<hash>: the patch's imagePullSecrets
    name the generated Secret as written, as its resources' do."""
    gen = _generator("regcred", "type: kubernetes.io/dockerconfigjson", "files: [.dockerconfigjson]")
    files = {"base/p.yaml": _pull("regcred"), "overlay/kustomization.yaml": patches + gen,
             "overlay/pull-patch.yaml": _STRATEGIC_PATCH, "s.yaml": docker_secret()}
    results, _ = scan(tmp_path, files)
    assert [(r.path, r.rule_id) for r in results] == ([] if resolved else [("overlay/pull-patch.yaml", "DCR021")])


@pytest.mark.parametrize(("name", "reported"), [
    ("<pull-secret-name>", False), ("__PULL_SECRET__", False), ("@pull_secret@", False), ("[pull-secret]", False),
    ("pull-secret-name", True),
])
def test_a_pull_secret_name_to_fill_in_names_nothing_yet(tmp_path: Path, name: str, reported: bool) -> None:
    """A manifest template's imagePullSecrets name written as a slot a script fills in
    (`<pull-secret-name>`, `__PULL_SECRET__`) names no Secret yet: it is neither resolved nor
    unresolved (held-out 21a L2). A name an object can have stays checked."""
    files = {"deploy/web.template.yaml": _pull(f"'{name}'"), "s.yaml": docker_secret()}
    results, _ = scan(tmp_path, files)
    assert [r.rule_id for r in results] == (["DCR021"] if reported else [])


def test_silent_without_any_secret_definition(tmp_path: Path) -> None:
    assert scan(tmp_path, {"p.yaml": _pull("missing")})[0] == []
    results, _ = scan(tmp_path, {}, options={"kubernetes.unresolved-without-secrets": True})
    assert [r.rule_id for r in results] == ["DCR021"]


def test_service_account_pull_secret_unresolved(tmp_path: Path) -> None:
    files = {"sa.yaml": SA.format(name="default", ns="default").replace("dcr-pull", "gone"),
             "s.yaml": docker_secret()}
    results, _ = scan(tmp_path, files)
    assert brief(results) == [("sa.yaml", 7, 11, "DCR021")]


# --------------------------------------------------------------------------- DCR022

def _b64(s: str) -> str:
    return base64.b64encode(s.encode()).decode()


def registry_secret(field: str, value: str, stype: str = "kubernetes.io/dockerconfigjson") -> str:
    return (f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: dcr-pull\ntype: {stype}\n"
            f"{field}:\n  .dockerconfigjson: '{value}'\n")


def test_committed_registry_secret_data(tmp_path: Path) -> None:
    config = json.dumps({"auths": {"dcr.example.com": {"auth": _b64("ci-bot:Vq7-trellis-93-Kmd")}}})
    value = _b64(config)
    results, notes = scan(tmp_path, {"s.yaml": registry_secret("data", value)})
    assert brief(results) == [("s.yaml", 7, 3, "DCR022")]
    msg = results[0].message
    assert "dcr.example.com" in msg and "ci-bot" in msg and "Vq7" not in msg and value not in msg
    assert notes == []


def test_committed_registry_secret_string_data_and_legacy(tmp_path: Path) -> None:
    results, _ = scan(tmp_path, {"s.yaml": registry_secret("stringData", SECRET_JSON)})
    assert brief(results) == [("s.yaml", 7, 3, "DCR022")]
    legacy = json.dumps({"dcr.example.com": {"auth": _b64("ci:Vq7-trellis-93-Kmd"), "email": "ci@example.com"}})
    text = registry_secret("data", _b64(legacy), "kubernetes.io/dockercfg").replace(".dockerconfigjson", ".dockercfg")
    assert [r.rule_id for r in scan(tmp_path, {"s.yaml": text})[0]] == ["DCR022"]


@pytest.mark.parametrize("value", [
    SECRET_JSON.replace("Vq7-trellis-93-Kmd", "<password>"),
    SECRET_JSON.replace("Vq7-trellis-93-Kmd", "${DCR_PASSWORD}"),
    "{{ .Values.dockerconfig }}",
    '{"auths": {"dcr.example.com": {}}}',
    '{"credsStore": "desktop"}',
])
def test_registry_secret_placeholders(tmp_path: Path, value: str) -> None:
    results, notes = scan(tmp_path, {"s.yaml": registry_secret("stringData", value)})
    assert results == [] and notes == []


def test_sealed_external_and_sops_are_not_committed_secrets(tmp_path: Path) -> None:
    sealed = ("apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: s\nspec:\n"
              "  encryptedData:\n    .dockerconfigjson: AgBy3i4OJSWK+PiTySYZZA9rO43cGDEq\n")
    sops = registry_secret("data", "ENC[AES256_GCM,data:abc,iv:def,tag:ghi,type:str]") + (
        "sops:\n  version: 3.8.1\n")
    sops_plain_key = registry_secret("stringData", SECRET_JSON) + "sops:\n  version: 3.8.1\n"
    results, _ = scan(tmp_path, {"sealed.yaml": sealed, "sops.yaml": sops, "sops2.yaml": sops_plain_key})
    assert results == []


def test_malformed_registry_secret_is_a_notification(tmp_path: Path) -> None:
    files = {"bad64.yaml": registry_secret("data", "not*base64!"),
             "badjson.yaml": registry_secret("data", _b64('{"auths": ')),
             "ok.yaml": DEPLOY}
    results, notes = scan(tmp_path, files)
    assert sorted(n.path for n in notes) == ["bad64.yaml", "badjson.yaml"]
    assert all("internal error" not in n.message for n in notes)
    assert [r.rule_id for r in results] == ["DCR020"]


# --------------------------------------------------------------------------- DCR023

def test_env_literal_secret(tmp_path: Path) -> None:
    spec = SPEC.replace("dcr.example.com/app:1", "nginx:1") + (
        "  env:\n  - name: DB_PASSWORD\n    value: Vq7-trellis-93-Kmd\n"
        "  - name: API_TOKEN\n    valueFrom:\n      secretKeyRef: {name: api, key: token}\n"
        "  - name: TOKEN_URL\n    value: https://auth.example.com/token\n"
        "  - name: SECRET_PATH\n    value: /etc/secret\n"
        "  - name: DB_PASSWORD_2\n    value: ${DB_PASSWORD}\n"
        "  - name: GOOGLE_API_KEY\n    value: GOOGLE_API_KEY_VALUE\n"
        "  - name: AUTH_TOKEN\n    value: INSERT_TOKEN_HERE\n")
    results, _ = scan(tmp_path, {"p.yaml": workload("Pod", spec)})
    assert brief(results) == [("p.yaml", 11, 14, "DCR023")]
    assert "DB_PASSWORD" in results[0].message and "Vq7" not in results[0].message


def test_config_map_and_opaque_secret(tmp_path: Path) -> None:
    cm = ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n"
          "  api_token: Vq7-trellis-93-Kmd\n  log_level: debug\n  token_url: https://x.example.com\n")
    sec = ("apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ntype: Opaque\ndata:\n"
           f"  username: {_b64('admin')}\n  password: {_b64('Vq7-trellis-93-Kmd')}\n  empty: ''\n"
           f"  filler: {_b64('xxxxxxxx')}\n"
           "stringData:\n  app.yaml: |\n    level: debug\n  api-key: Vq7-trellis-93-Kmd\n")
    results, _ = scan(tmp_path, {"cm.yaml": cm, "sec.yaml": sec})
    assert brief(results) == [("cm.yaml", 6, 14, "DCR023"), ("sec.yaml", 8, 13, "DCR023"),
                              ("sec.yaml", 14, 12, "DCR023")]


GITOPS_CHART_VALUES = """\
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: db}
spec:
  values:
    auth:
      password: Vq7-trellis-93-Kmd
      existingSecret: db-auth
      rootPassword: ${DB_ROOT_PASSWORD}
    podAnnotations:
      secret.reloader.example.com/reload: db-auth, db-root
    env:
      NO_AUTH_NETWORKS: 10.0.0.0/8
---
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: cache}
spec:
  sources:
    - repoURL: https://charts.example.com
      helm:
        valuesObject:
          redis: {password: Zr7-lantern-41-Pqx, passwordSecret: cache-redis}
        parameters:
          - name: admin.password
            value: "Mx4-copper-27-Bnv"
          - {name: admin.user, value: ops}
        values: |
          sentinel:
            token: 'Qw2-harbor-58-Tzl'
            tokenFile: /run/token
---
apiVersion: helm.cattle.io/v1
kind: HelmChart
metadata: {name: mq}
spec:
  valuesContent: |-
    auth:
      rootPassword: "Hn6-meadow-72-Ycs"
---
apiVersion: example.com/v1
kind: HelmRelease
metadata: {name: not-flux}
spec:
  values: {password: Vq7-trellis-93-Kmd}
"""


def test_chart_values_given_by_gitops_resources(tmp_path: Path) -> None:
    """A HelmRelease's values, an Argo CD Application's (object, string and parameters) and a
    HelmChart's valuesContent are chart values written in a manifest: a secret-named value with
    a literal is reported at its exact place, as in a values file; references, substitutions,
    annotation keys read by their name part, network ranges, and another API's HelmRelease are not."""
    results, _ = scan(tmp_path, {"gitops.yaml": GITOPS_CHART_VALUES})
    assert brief(results) == [("gitops.yaml", 7, 17, "DCR023"), ("gitops.yaml", 23, 29, "DCR023"),
                              ("gitops.yaml", 26, 21, "DCR023"), ("gitops.yaml", 30, 21, "DCR023"),
                              ("gitops.yaml", 39, 22, "DCR023")]
    assert [r.end.column - r.start.column for r in results] == [18, 18, 17, 17, 17]  # each value exactly
    assert "HelmRelease db chart values: auth.password" in results[0].message
    assert all("trellis" not in r.message for r in results)


def test_bad_base64_in_opaque_secret_is_a_notification(tmp_path: Path) -> None:
    sec = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  password: 'not base64!'\n"
    results, notes = scan(tmp_path, {"sec.yaml": sec})
    assert results == [] and [(n.path, n.line) for n in notes] == [("sec.yaml", 6)]


# --------------------------------------------------------------------------- robustness

def test_helm_template_is_read(tmp_path: Path) -> None:
    tpl = ("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n"
           "  template:\n    spec:\n      {{- with .Values.imagePullSecrets }}\n      imagePullSecrets:\n"
           "        {{- toYaml . | nindent 8 }}\n      {{- end }}\n      containers:\n"
           "        - image: \"{{ .Values.image.repository }}:{{ .Values.image.tag }}\"\n")
    results, notes = scan(tmp_path, {"chart/templates/deployment.yaml": tpl})
    assert results == [] and notes == []  # more in test_helm.py


def test_odd_documents_do_not_crash(tmp_path: Path) -> None:
    files = {
        "a.yaml": "apiVersion: v1\nkind: Pod\nspec: [1, 2]\n",
        "b.yaml": "apiVersion: v1\nkind: List\nitems: 3\n",
        "c.yaml": "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - 7\n  - image: [x]\n  - image:\n",
        "d.yaml": "apiVersion: v1\nkind: Secret\ndata: [1]\nstringData:\n  .dockerconfigjson: [x]\n",
        "e.yaml": "apiVersion: v1\nkind: ServiceAccount\nimagePullSecrets: {name: x}\n",
        "f.yaml": "apiVersion: v1\nkind: Pod\nmetadata:\n  name: &a [*a]\n" if False else
                  "apiVersion: v1\nkind: Pod\nmetadata: &m\n  name: x\nspec:\n  <<: {containers: []}\n",
    }
    results, notes = scan(tmp_path, files)
    assert results == []
    assert all("internal error" not in n.message for n in notes)


# --------------------------------------------------------------------------- rule metadata

@pytest.mark.parametrize("rule_id", sorted(K8S_RULES))
def test_rule_examples(tmp_path: Path, rule_id: str) -> None:
    rule = parse_rule(load_yaml(RULES_DIR / f"{rule_id}.yaml"), RULES_DIR / f"{rule_id}.yaml")
    assert rule.examples
    for i, ex in enumerate(rule.examples):
        if ex.context != "kubernetes":
            continue  # the other contexts (Helm values, Compose ...): tests/test_rule_examples.py
        for which, text, expect in (("bad", ex.bad, True), ("good", ex.good, False)):
            folder = tmp_path / f"{i}-{which}"
            folder.mkdir()
            results, _notes = scan(folder, {"example.yaml": text}, rules=frozenset({rule_id}),
                                  options={"kubernetes.unresolved-without-secrets": False})
            found = [r for r in results if r.rule_id == rule_id]
            assert bool(found) is expect, (rule_id, i, which, results)
            assert _notes == []


CORPUS = Path(os.environ.get("DCRLINT_CORPUS", "/work/shared/corpus"))


@pytest.mark.skipif(not (CORPUS / "kubernetes").is_dir(), reason="third-party corpus not present")
@pytest.mark.parametrize("kind", ["kubernetes", "helm-templates"])
def test_corpus_runs_without_internal_errors(kind: str) -> None:
    s = Settings(root=str(CORPUS / kind), git=False)
    frs, _notes, facts = engine.run([str(CORPUS / kind)], s, {}, K8S_RULES, jobs=1)
    engine.project_results(facts, s, K8S_RULES, {}, {f.path for f in frs if f.scanned})
    errors = [n for f in frs for n in f.notifications if "internal error" in n.message]
    assert errors == []


# --------------------------------------------------------------------------- shell contexts

def _contexts(tmp_path: Path, text: str) -> list[tuple[str, str, tuple[str, ...]]]:
    from dcrlint.classify import FileKind
    from dcrlint.extractors.kubernetes import shell_contexts

    file = scanned(text, ("p.yaml", FileKind.KUBERNETES))
    out = []
    for ctx in shell_contexts(file):
        # every character maps back to the same character in the file (or a quote we added)
        for i, ch in enumerate(ctx.text.text):
            if ch not in "'\\ ":
                assert text[ctx.text.offset(i)] == ch
        out.append((ctx.text.text, ctx.dialect, ctx.place))
    return out


def test_container_sh_c_script_is_a_shell_context(tmp_path: Path) -> None:
    spec = ("containers:\n- name: login\n  image: docker:27\n  command: [\"/bin/sh\", \"-ec\"]\n  args:\n"
            "  - |\n    docker login dcr.example.com -u ci -p \"$DCR_PASSWORD\"\n    docker pull x\n")
    ctxs = _contexts(tmp_path, workload("Pod", spec))
    assert ctxs == [('docker login dcr.example.com -u ci -p "$DCR_PASSWORD"\ndocker pull x\n', "sh",
                     ("0", "spec", "containers", "0", "args", "0"))]


def test_container_direct_login_argv_is_a_shell_context(tmp_path: Path) -> None:
    spec = ("containers:\n- name: login\n  image: quay.io/skopeo/stable\n  command: [skopeo, login]\n"
            "  args: [\"--password\", \"it's $(P)\", dcr.example.com]\n")
    ctxs = _contexts(tmp_path, workload("Pod", spec))
    assert ctxs == [("skopeo login --password 'it'\\''s $(P)' dcr.example.com", "sh",
                     ("0", "spec", "containers", "0", "command"))]


def test_container_without_shell_or_login_has_no_context(tmp_path: Path) -> None:
    spec = ("containers:\n- name: a\n  image: nginx\n  command: [nginx, -g, daemon off;]\n"
            "- name: b\n  image: busybox\n  command: [sh, /scripts/run.sh, -c]\n")
    assert _contexts(tmp_path, workload("Pod", spec)) == []


def test_login_password_in_container_command(tmp_path: Path) -> None:
    from dcrlint.checks import CHECKED_RULES

    if "DCR001" not in CHECKED_RULES:
        pytest.skip("login checks not present")
    spec = ("containers:\n- name: login\n  image: docker:27\n  command: [sh, -c]\n"
            "  args: [\"docker login dcr.example.com -u ci -p Vq7-trellis-93-Kmd\"]\n")
    results, _ = scan(tmp_path, {"p.yaml": workload("Pod", spec)},
                      rules=frozenset({"DCR001", "DCR002"}))
    assert brief(results) == [("p.yaml", 10, 51, "DCR001"), ("p.yaml", 10, 51, "DCR002")]


def test_kubectl_options_between_words_and_variable_names(tmp_path: Path) -> None:
    script = ('kubectl create secret -n "$NS" \\\n  docker-registry fixed --docker-server=x\n'
              'kubectl create secret docker-registry "$NAME" -n web\n')
    files = {"p.yaml": _pull("anything", ns="web") + "---\n" + _pull("other", ns="db"), "ci.sh": script,
             "s.yaml": docker_secret("unrelated", ns="db")}
    results, _ = scan(tmp_path, files)
    # "$NAME" in namespace web may be any name; "$NS" may be any namespace, but db's "other" is
    # not "fixed": only that one is unresolved.
    assert [(r.rule_id, r.start.line) for r in results] == [("DCR021", 20)]
    assert "Secret other" in results[0].message


POD_SHELL = """\
apiVersion: v1
kind: Pod
metadata: {name: push}
spec:
  containers:
    - name: a
      image: alpine
      env:
        - name: REG_PASSWORD
          valueFrom: {secretKeyRef: {name: reg, key: password}}
      command: ["sh", "-c", "echo $(REG_PASSWORD); echo 'pw: $(REG_PASSWORD)'; echo $(REG_TOKEN); echo $$(REG_PASSWORD)"]
    - name: b
      image: alpine
      envFrom: [{secretRef: {name: reg}}]
      args: ["sh", "-c", "echo $(REG_TOKEN)"]
"""


def test_kubernetes_expands_a_containers_variables_before_its_shell(tmp_path: Path) -> None:
    """Kubernetes puts a variable's value where a container's command or args write `$(NAME)`,
    before the shell reads them, quotes or not: `echo $(REG_PASSWORD)` prints it. A name the
    container does not define stays `$(NAME)` (a command substitution to the shell; with an
    `envFrom` any name may be defined), and `$$(NAME)` is the text `$(NAME)`."""
    results, _ = engine_scan(tmp_path, {"pod.yaml": POD_SHELL}, rules=frozenset({"DCR003"}))
    assert brief(results) == [("pod.yaml", 11, 30, "DCR003"), ("pod.yaml", 11, 52, "DCR003"),
                              ("pod.yaml", 15, 27, "DCR003")]
