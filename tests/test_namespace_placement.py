"""DCR021 claims a pull Secret is in the wrong namespace only when both namespaces are settled by
the scan: a workload or Secret whose namespace is set when it is applied (a kustomization that
includes it, however many overlays up, replaces it; an Argo CD destination gives one to a
resource that writes none, a Flux targetNamespace to every one; a Go template's resources are
in their release's) may be in the other's (k8s.placement). Both written and different, with
nothing applying them: still reported. Also what a kubectl command passes through an array
(`"${ARGS[@]}"`): the client's options, not its verbs."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest
from conftest import brief, engine_scan

scan = partial(engine_scan, rules=frozenset({"DCR021"}))


def pod(name: str = "web", namespace: str | None = None, pull: str = "regcred") -> str:
    meta = f"  namespace: {namespace}\n" if namespace is not None else "  labels: {tier: app}\n"
    return (f"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\n{meta}spec:\n  template:\n"
            f"    spec:\n      imagePullSecrets:\n        - name: {pull}\n      containers:\n"
            f"        - name: app\n          image: dcr.example.com/team/{name}:1\n")


def secret(namespace: str | None = "ops", name: str = "regcred", labels: str = "{tier: infra}") -> str:
    meta = f"  namespace: {namespace}\n" if namespace is not None else ""
    meta += f"  labels: {labels}\n"
    return (f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: {name}\n{meta}"
            "type: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: eyJhdXRocyI6IHsiZGNyLmV4YW1wbGUuY29tIjoge319fQ==\n")


# the pull Secret's reference in `pod()`: line 10, column 17
AT = (10, 17)


def _found(tmp_path: Path, files: dict[str, str], named: str | None = None) -> list[tuple[str, int, int, str]]:
    results, _ = scan(tmp_path, files, named=[named] if named else None)
    return brief(results)


def test_settled_namespaces_that_differ_are_reported(tmp_path: Path) -> None:
    """The near miss: nothing applies either (no kustomization, no GitOps resource, no
    template), the workload's namespace written or the configured default's."""
    files = {"app/deploy.yaml": pod(namespace="web"), "app/api.yaml": pod("api"), "infra/pull.yaml": secret("ops")}
    results, _ = scan(tmp_path, files)
    assert brief(results) == [("app/api.yaml", *AT, "DCR021"), ("app/deploy.yaml", *AT, "DCR021")]
    assert "defined in namespace ops, not default" in results[0].message
    assert "defined in namespace ops, not web" in results[1].message


@pytest.mark.parametrize("written", [None, "web"])
def test_an_overlay_gives_its_base_a_namespace(tmp_path: Path, written: str | None) -> None:
    """kustomize's `namespace:` replaces every namespace of its build, the base's too, written or
    not: the overlay's is the Secret's, or the base is applied elsewhere."""
    files = {"app/base/deploy.yaml": pod(namespace=written), "app/base/kustomization.yaml": "resources: [deploy.yaml]\n",
             "app/overlays/prod/kustomization.yaml": "namespace: ops\nresources:\n  - ../../base\n",
             "infra/pull.yaml": secret("ops")}
    assert _found(tmp_path, files) == []
    assert _found(tmp_path, {}, named="app/base/deploy.yaml") == []  # pre-commit reads the overlay too


def test_an_overlay_through_bases_outside_its_folder(tmp_path: Path) -> None:
    """The overlay includes a base that includes a folder beside it: kustomize's build holds it,
    and so does the namespace."""
    files = {"k/shared/deploy.yaml": pod(), "k/base/kustomization.yaml": "resources:\n  - ../shared/deploy.yaml\n",
             "k/prod/kustomization.yaml": "namespace: ops\nbases: [../base]\n", "infra/pull.yaml": secret("ops")}
    assert _found(tmp_path, files) == []
    (tmp_path / "k/prod/kustomization.yaml").write_text("bases: [../base]\n")  # no namespace given
    assert _found(tmp_path, {}) == [("k/shared/deploy.yaml", *AT, "DCR021")]


def test_the_secret_side_set_by_an_overlay(tmp_path: Path) -> None:
    """The Secret is in a base an overlay gives a namespace: the workload's may be it."""
    files = {"app/deploy.yaml": pod(namespace="web"), "sec/base/pull.yaml": secret("ops"),
             "sec/web/kustomization.yaml": "namespace: web\nresources: [../base]\n"}
    assert _found(tmp_path, files) == []


ARGO_APP = """\
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: web
  namespace: argocd
spec:
  project: default
  source:
    repoURL: https://git.example.com/team/deploy.git
    path: {path}
  destination:
    server: https://kubernetes.default.svc
    namespace: web
"""


def test_an_argo_cd_destination_gives_a_namespace_to_what_writes_none(tmp_path: Path) -> None:
    """An Application's source path (an overlay, through its base) is applied in its destination
    namespace: the workload's is not the default."""
    files = {"deploy/app/base/deploy.yaml": pod(), "deploy/app/base/kustomization.yaml": "resources: [deploy.yaml]\n",
             "deploy/app/prod/kustomization.yaml": "resources: [../base]\nimages:\n  - name: web\n    newTag: '2'\n",
             "deploy/argocd/web.yaml": ARGO_APP.format(path="app/prod"), "deploy/argocd/pull.yaml": secret("web")}
    # the scan starts above the repository's root: its paths end with the Application's
    assert _found(tmp_path, files) == []
    assert _found(tmp_path, {}, named="deploy/app/base/deploy.yaml") == []
    # near miss: a Secret in Argo CD's own namespace is in neither the destination's nor the default
    (tmp_path / "deploy/argocd/pull.yaml").write_text(secret("argocd"))
    results, _ = scan(tmp_path, {})
    assert brief(results) == [("deploy/app/base/deploy.yaml", *AT, "DCR021")]
    assert "defined in namespace argocd, not default or web" in results[0].message


def test_an_argo_cd_destination_keeps_a_written_namespace(tmp_path: Path) -> None:
    """Near misses: Argo CD gives its destination only to resources that write none; a path no
    folder of the scan ends with applies nothing here."""
    files = {"app/prod/deploy.yaml": pod(namespace="shop"), "app/prod/other.yaml": pod("other"),
             "argocd/web.yaml": ARGO_APP.format(path="app/prod"), "argocd/pull.yaml": secret("web")}
    assert _found(tmp_path, files) == [("app/prod/deploy.yaml", *AT, "DCR021")]
    (tmp_path / "argocd/web.yaml").write_text(ARGO_APP.format(path="elsewhere/prod"))
    assert _found(tmp_path, {}) == [("app/prod/deploy.yaml", *AT, "DCR021"), ("app/prod/other.yaml", *AT, "DCR021")]


def test_an_application_set_over_directories(tmp_path: Path) -> None:
    """An ApplicationSet's git generator applies every folder its glob matches, in the
    namespace its template names (here one per folder)."""
    appset = ("apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata: {name: apps}\nspec:\n"
              "  generators:\n    - git:\n        repoURL: https://git.example.com/team/deploy.git\n"
              "        directories:\n          - path: apps/*\n  template:\n    metadata: {name: '{{path.basename}}'}\n"
              "    spec:\n      source: {repoURL: https://git.example.com/team/deploy.git, path: '{{path}}'}\n"
              "      destination: {server: https://kubernetes.default.svc, namespace: '{{path.basename}}'}\n")
    files = {"apps/web/deploy.yaml": pod(), "cluster/appset.yaml": appset, "cluster/pull.yaml": secret("ops")}
    assert _found(tmp_path, files) == []


def test_flux_target_namespace_replaces_a_written_one(tmp_path: Path) -> None:
    flux = ("apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: apps, namespace: flux-system}\n"
            "spec:\n  interval: 10m\n  path: ./apps\n  prune: true\n  sourceRef: {kind: GitRepository, name: repo}\n"
            "  targetNamespace: ops\n")
    files = {"apps/deploy.yaml": pod(namespace="web"), "clusters/apps.yaml": flux, "infra/pull.yaml": secret("ops")}
    assert _found(tmp_path, files) == []
    # near miss: without a targetNamespace Flux applies the namespace written
    (tmp_path / "clusters/apps.yaml").write_text(flux.replace("  targetNamespace: ops\n", ""))
    assert _found(tmp_path, {}) == [("apps/deploy.yaml", *AT, "DCR021")]


def test_known_applied_namespaces_that_still_differ_are_reported(tmp_path: Path) -> None:
    """What applies a resource may give it a namespace the scan knows: where no namespace either
    side may be applied in is the other's, the Secret is still elsewhere (an overlay's namespace
    beside a Secret written in another; a Secret's kustomization giving it a third)."""
    files = {"app/base/deploy.yaml": pod(), "app/base/kustomization.yaml": "resources: [deploy.yaml]\n",
             "app/prod/kustomization.yaml": "namespace: web\nresources: [../base]\n", "infra/pull.yaml": secret("ops")}
    results, _ = scan(tmp_path, files)
    assert brief(results) == [("app/base/deploy.yaml", *AT, "DCR021")]
    assert "defined in namespace ops, not default or web" in results[0].message
    (tmp_path / "infra/kustomization.yaml").write_text("namespace: ops2\nresources: [pull.yaml]\n")
    results, _ = scan(tmp_path, {})
    assert "defined in namespace ops, ops2, not default or web" in results[0].message
    # near misses: the overlay's namespace is the Secret's, or its kustomization gives it the overlay's
    (tmp_path / "infra/kustomization.yaml").write_text("namespace: web\nresources: [pull.yaml]\n")
    assert _found(tmp_path, {}) == []
    (tmp_path / "infra/kustomization.yaml").unlink()
    (tmp_path / "infra/pull.yaml").write_text(secret("web"))
    assert _found(tmp_path, {}) == []


REPLICATED = [
    "reflector.v1.k8s.emberstack.com/reflection-allowed: 'true'",
    "reflector.v1.k8s.emberstack.com/reflection-auto-enabled: \"True\"",
    "replicator.v1.mittwald.de/replicate-to: 'web,shop-.*'",
    "replicator.v1.mittwald.de/replicate-to-matching: team=web",
    "replicator.v1.mittwald.de/replication-allowed: 'true'",
    "kubed.appscode.com/sync: ''",
]


@pytest.mark.parametrize("note", REPLICATED)
def test_a_secret_copied_into_other_namespaces(tmp_path: Path, note: str) -> None:
    """A Secret annotated for a controller that copies it into other namespaces (a pull secret
    kept once, mirrored where it is used) may be in the workload's."""
    files = {"app/deploy.yaml": pod(namespace="web"),
             "infra/pull.yaml": secret("ops").replace("  labels:", f"  annotations:\n    {note}\n  labels:")}
    assert _found(tmp_path, files) == []


@pytest.mark.parametrize("note", [
    "reflector.v1.k8s.emberstack.com/reflection-allowed: 'false'",
    "replicator.v1.mittwald.de/replication-allowed: 'no'",
    "example.com/replicate-to: web",
])
def test_a_secret_not_copied(tmp_path: Path, note: str) -> None:
    """Near misses: copying turned off, or an annotation no such controller reads."""
    files = {"app/deploy.yaml": pod(namespace="web"),
             "infra/pull.yaml": secret("ops").replace("  labels:", f"  annotations:\n    {note}\n  labels:")}
    assert _found(tmp_path, files) == [("app/deploy.yaml", *AT, "DCR021")]


@pytest.mark.parametrize("meta", ["", "  namespace: {{ .Release.Namespace }}\n"])
def test_a_chart_template_is_in_its_release_namespace(tmp_path: Path, meta: str) -> None:
    """A Go template's resources are installed in the release's namespace: one it does not
    write, or writes as the release's."""
    template = pod("{{ .Release.Name }}").replace("  labels: {tier: app}\n", meta or "  labels: {tier: app}\n")
    files = {"chart/templates/deploy.yaml": template, "chart/Chart.yaml": "apiVersion: v2\nname: web\nversion: 1.0.0\n",
             "infra/pull.yaml": secret("ops")}
    assert _found(tmp_path, files) == []


def test_a_chart_template_secret_may_be_in_any_namespace(tmp_path: Path) -> None:
    files = {"app/deploy.yaml": pod(namespace="web"),
             "chart/templates/pull.yaml": secret(None, labels="{chart: '{{ .Chart.Name }}'}")}
    assert _found(tmp_path, files) == []
    # near miss: the template writes its namespace
    (tmp_path / "chart/templates/pull.yaml").write_text(secret("ops", labels="{chart: '{{ .Chart.Name }}'}"))
    assert _found(tmp_path, {}) == [("app/deploy.yaml", *AT, "DCR021")]


@pytest.mark.parametrize("command", [
    'kubectl "${KUBECTL_ARGS[@]}" create secret docker-registry regcred -n "$NAMESPACE" --docker-server=dcr.example.com',
    'kubectl ${ARGS[@]+"${ARGS[@]}"} create secret docker-registry regcred --namespace="$NS"',
    'kubectl "$@" create secret docker-registry regcred -n "$1"',
])
def test_kubectl_options_passed_in_an_array(tmp_path: Path, command: str) -> None:
    """A script passing the client options through an array creates the Secret in a namespace it
    reads at run time: the name resolves in any namespace."""
    files = {"app/deploy.yaml": pod(namespace="web"), "infra/pull.yaml": secret("ops"),
             "scripts/pull-secret.sh": f'#!/bin/bash\nKUBECTL_ARGS=(--context "$CTX")\n{command}\n'}
    assert _found(tmp_path, files) == []
    # near miss: the same script creating it in a namespace written
    (tmp_path / "scripts/pull-secret.sh").write_text(f"#!/bin/bash\n{command.split(' -n ')[0].split(' --namespace')[0]} -n ops\n")
    assert _found(tmp_path, {}) == [("app/deploy.yaml", *AT, "DCR021")]


@pytest.mark.parametrize("text", [
    "namespace: ops\nresources: [../base]\n",
    "'bases':\n  - ../base\n",
    '"n\\x61mespace": ops\n"r\\x65sources": [../base]\n',  # escaped keys
    "{namespace: ops, resources: [../base]}\n",  # flow
    '{\n  "namespace": "ops",\n  "resources": ["../base"]\n}\n',  # JSON
    "apiVersion: argoproj.io/v1alpha1\nkind: Application\nspec:\n  destination: {namespace: web}\n",
    "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nspec: {path: ./apps, targetNamespace: web}\n",
])
def test_what_places_other_files_is_read_in_pre_commit(text: str) -> None:
    """A pre-commit run reads another file only when `might_add_to_index` holds on its text."""
    from dcrlint.checks._pull_secret_index import might_add_to_index

    assert might_add_to_index(text)
    assert not might_add_to_index("apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: ops\n")


ACCOUNT = "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: {name}\nimagePullSecrets:\n  - name: regcred\n"


def test_dcr020_an_overlay_account_of_the_pod_s_name(tmp_path: Path) -> None:
    """DCR020 reads the pod's ServiceAccount in its namespace: where an overlay gives it one, the
    overlay's account of that name (with pull secrets) may be it; its message does not name the
    default as the pod's namespace."""
    bare = pod().replace("      imagePullSecrets:\n        - name: regcred\n", "")
    files = {"app/base/deploy.yaml": bare, "app/base/kustomization.yaml": "resources: [deploy.yaml]\n",
             "app/prod/kustomization.yaml": "namespace: shop\nresources: [../base, account.yaml]\n",
             "app/prod/account.yaml": ACCOUNT.format(name="default")}
    rules = frozenset({"DCR020"})
    assert engine_scan(tmp_path, files, rules=rules)[0] == []
    # near miss: the overlay's account is another one; the pod's namespace is the overlay's
    (tmp_path / "app/prod/account.yaml").write_text(ACCOUNT.format(name="builder"))
    results, _ = engine_scan(tmp_path, {}, rules=rules)
    assert brief(results) == [("app/base/deploy.yaml", 11, 18, "DCR020")]
    assert "ServiceAccount default (namespace set when applied)" in results[0].message
    # near miss: an account of the name with pull secrets, but written in a namespace the overlay
    # does not give the pod (nothing applies the account elsewhere)
    (tmp_path / "app/prod/account.yaml").unlink()
    (tmp_path / "app/prod/kustomization.yaml").write_text("namespace: shop\nresources: [../base]\n")
    (tmp_path / "infra").mkdir()
    (tmp_path / "infra/account.yaml").write_text(ACCOUNT.format(name="default").replace("metadata:\n",
                                                                                         "metadata:\n  namespace: ops\n"))
    assert brief(engine_scan(tmp_path, {}, rules=rules)[0]) == [("app/base/deploy.yaml", 11, 18, "DCR020")]
    # ... and once it is written in the overlay's namespace, it is the pod's there
    (tmp_path / "infra/account.yaml").write_text(ACCOUNT.format(name="default").replace("metadata:\n",
                                                                                         "metadata:\n  namespace: shop\n"))
    assert engine_scan(tmp_path, {}, rules=rules)[0] == []
