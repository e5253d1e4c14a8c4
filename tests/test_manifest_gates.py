"""The whole-text gates of the Kubernetes checks (`checks/_manifest_gates.py`): the pull-secret
collection of DCR020/DCR021, DCR022's three checks, DCR023's two. A gate is False only where
its check finds nothing and notifies nothing. Each case is a file whose trigger is spelled so
that a plain substring search misses it (YAML escapes in keys and values, an escaped line
break, flow/JSON style, a `List`, a merge key, several documents, a Helm template, configured
secret names): the gate holds on it AND the check still finds it; and files the gates let go
of give nothing when the check runs anyway."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any

import pytest
from conftest import scanned

from dcrlint.checks import _manifest_gates, _pull_secret_index
from dcrlint.checks import dcr022_committed_registry_secret as dcr022
from dcrlint.checks import dcr023_plaintext_secret_in_manifest as dcr023
from dcrlint.checks._spellings import may_name_secret
from dcrlint.classify import FileKind
from dcrlint.config import Settings
from dcrlint.facts import YAML_DOCUMENTS
from dcrlint.k8s import model

# The engine asks the gates of every kind here (a run: engine.GATED_KINDS; conftest `gating`).
pytestmark = pytest.mark.usefixtures("gating")

PW = "Hunter2pass"  # made up
CONFIG = base64.b64encode(json.dumps({"auths": {"r.example.com": {"auth": base64.b64encode(
    f"ci:{PW}".encode()).decode()}}}).encode()).decode()
DEP = ("apiVersion: apps/v1\nkind: {kind}\nmetadata: {{name: web, namespace: web}}\nspec:\n  template:\n"
       "    spec:\n      containers:\n        - name: web\n          image: r.example.com/a:1\n")


def _x(text: str, at: int) -> str:
    """`text` with its character at `at` written as a YAML `\\xNN` escape."""
    return f"{text[:at]}\\x{ord(text[at]):02x}{text[at + 1:]}"


def _u(text: str, at: int) -> str:
    return f"{text[:at]}\\u{ord(text[at]):04x}{text[at + 1:]}"


def _broken(text: str, at: int) -> str:
    """`text` with an escaped line break (and the next line's indent) before `at`."""
    return f"{text[:at]}\\\n    {text[at:]}"


# (check name, gate, run): the check's findings and notifications on a file.
Run = Callable[[Any], list[Any]]


def _collect(file: Any) -> list[Any]:
    found = _pull_secret_index.collect(file)
    return [found] if found else []


def _each(run: Callable[[Any], Any]) -> Run:
    return lambda file: list(run(file))


CHECKS: dict[str, tuple[Callable[[Any], bool], Run]] = {
    "pull": (_pull_secret_index.gate, _collect),
    "dcr022": (dcr022.may_hold_registry_secret, _each(dcr022.check)),
    "dcr022-generated": (dcr022.may_hold_registry_secret, _each(dcr022.check_generated)),
    "dcr022-configured": (dcr022.may_hold_registry_secret, _each(dcr022.check_configured)),
    "dcr023": (dcr023.may_hold_manifest_secret, _each(dcr023.check)),
    "dcr023-settings": (dcr023.may_hold_setting_secret, _each(dcr023.check_settings)),
}

# a manifest whatever its text (a kustomization naming it gives it that kind)
K8S = ("k8s/app.yaml", FileKind.KUBERNETES)
SECRET_NAMES = Settings(secret_names="(?i:zz[-_]?custom)")

# name -> (check, path, text, settings or None): the check must give something (a finding, a
# collected fact or a notification) and its gate must hold.
FOUND: dict[str, tuple[str, Any, str, Settings | None]] = {
    # the pull-secret collection: a pod, a ServiceAccount, a Secret, a `--docker-server`
    "pull/kind_x": ("pull", K8S, DEP.format(kind=f'"{_x("Deployment", 4)}"'), None),
    "pull/kind_u_pod": ("pull", K8S, 'apiVersion: v1\nkind: "\\u0050od"\nmetadata: {name: p}\nspec:\n'
                        "  containers: [{name: c, image: r.example.com/a:1}]\n", None),
    "pull/kind_broken": ("pull", K8S, DEP.format(kind=f'"{_broken("Deployment", 6)}"'), None),
    "pull/kind_json": ("pull", ("k8s/pod.json", FileKind.KUBERNETES), json.dumps({
        "apiVersion": "v1", "kind": "P\u006fd", "metadata": {"name": "p"},
        "spec": {"containers": [{"name": "c", "image": "r.example.com/a:1"}]}}).replace("Pod", "\\u0050od"), None),
    "pull/sa_list": ("pull", K8S, 'apiVersion: v1\nkind: List\nitems:\n  - {apiVersion: v1, kind: "Service\\x41ccount",'
                     " metadata: {name: b}, imagePullSecrets: [{name: rc}]}\n", None),
    "pull/secret_u": ("pull", K8S, 'apiVersion: v1\nkind: "Sealed\\u0053ecret"\nmetadata: {name: rc}\n', None),
    "pull/secret_second_doc": ("pull", K8S, "apiVersion: v1\nkind: Service\nmetadata: {name: s}\n---\n"
                               'apiVersion: v1\nkind: "S\\x65cret"\nmetadata: {name: rc}\n'
                               "type: kubernetes.io/dockerconfigjson\n", None),
    "pull/merge_key": ("pull", K8S, 'x-base: &b\n  apiVersion: v1\n  kind: "P\\x6fd"\n<<: *b\nmetadata: {name: p}\n'
                       "spec: {containers: [{name: c, image: r.example.com/a:1}]}\n", None),
    "pull/helm_template": ("pull", ("chart/templates/dep.yaml", FileKind.KUBERNETES), DEP.format(kind='"Deploym\\x65nt"').replace(
        "name: web, namespace: web", "name: {{ .Release.Name }}, namespace: web"), None),
    "pull/tekton_kubectl": ("pull", K8S, 'apiVersion: "tekton\\x2edev/v1"\nkind: Task\nmetadata: {name: t}\n'
                            "spec:\n  steps:\n    - name: s\n      image: bitnami/kubectl\n      script: |\n"
                            "        kubectl create secret docker-registry rc --docker-server=r.example.com\n", None),
    "pull/docker_server_configmap": ("pull", K8S, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n"
                                     "  make.sh: kubectl create secret docker-registry rc "
                                     "--docker-server=r.example.com\n", None),
    "pull/crlf_bom": ("pull", K8S, "\ufeff" + DEP.format(kind='"Daemon\\x53et"').replace("\n", "\r\n"), None),
    "pull/kustomize_images_x": ("pull", "overlay/kustomization.yaml", "resources: [../base]\n"
                                '"imag\\x65s":\n  - {name: web, newName: r.example.com/web}\n', None),
    "pull/kustomize_patch_u": ("pull", "overlay/kustomization.yaml", "resources: [../base]\n"
                               '"p\\u0061tches":\n  - patch: |\n      apiVersion: apps/v1\n      kind: Deployment\n'
                               "      metadata: {name: web}\n      spec: {template: {spec: {imagePullSecrets: "
                               "[{name: rc}]}}}\n", None),
    "pull/kustomize_generator_x": ("pull", "overlay/kustomization.yaml", '"secret\\x47enerator":\n'
                                   "  - {name: rc, type: kubernetes.io/dockerconfigjson}\n", None),
    # what gives other files' resources a namespace: a kustomization's `namespace` (and what it
    # includes), a Flux Kustomization's targetNamespace (k8s.placement)
    "pull/kustomize_namespace_x": ("pull", "overlay/kustomization.yaml", '"n\\x61mespace": web\n'
                                   '"r\\x65sources": [../base]\n', None),
    "pull/flux_target_u": ("pull", K8S, "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\n"
                           'metadata: {name: apps}\nspec: {path: ./apps, "t\\u0061rgetNamespace": web}\n', None),
    "pull/kustomize_docker_server": ("pull", "overlay/kustomization.yaml", "# kubectl create secret docker-registry rc"
                                     " --docker-server=r.example.com\nresources: [../base]\n", None),
    # DCR022: the registry data key or the Secret's type, escaped
    "dcr022/key_x": ("dcr022", K8S, f'apiVersion: v1\nkind: Secret\nmetadata: {{name: rc}}\ndata:\n'
                     f'  "{_x(".dockerconfigjson", 0)}": {CONFIG}\n', None),
    "dcr022/key_u_flow": ("dcr022", K8S, f'{{apiVersion: v1, kind: Secret, metadata: {{name: rc}}, data: '
                          f'{{"{_u(".dockercfg", 7)}": {CONFIG}}}}}\n', None),
    "dcr022/key_broken": ("dcr022", K8S, f'apiVersion: v1\nkind: Secret\nmetadata: {{name: rc}}\nstringData:\n'
                          f'  "{_broken(".dockerconfigjson", 7)}": \'{base64.b64decode(CONFIG).decode()}\'\n', None),
    "dcr022/bad_base64": ("dcr022", K8S, 'apiVersion: v1\nkind: Secret\nmetadata: {name: rc}\ndata:\n'
                          '  "\\x2edockerconfigjson": Zm9vYmFy@\n', None),
    "dcr022/generated": ("dcr022-generated", "overlay/kustomization.yaml",
                         "secretGenerator:\n  - name: rc\n    type: kubernetes.io/dockerconfigjson\n    literals:\n"
                         f'      - "{_x(".dockerconfigjson", 3)}={base64.b64decode(CONFIG).decode()}"\n'
                         .replace('"{', "'{").replace('}"', "}'").replace('"r.', '"r.'), None),
    # DCR023: a Secret, a ConfigMap, an env, a parameter, a setting, spelled otherwise
    "dcr023/secret_kind_x": ("dcr023", K8S, f'apiVersion: v1\nkind: "Se\\x63ret"\nmetadata: {{name: s}}\n'
                             f"stringData:\n  password: {PW}\n", None),
    "dcr023/configmap_key_x": ("dcr023", K8S, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n"
                               f'  "db_p\\x61ssword": {PW}\n', None),
    "dcr023/configmap_kind_u": ("dcr023", K8S, 'apiVersion: v1\nkind: "Config\\u004dap"\nmetadata: {name: c}\n'
                                f"data:\n  DB_PASSWORD: {PW}\n", None),
    "dcr023/helmrelease_kind_x": ("dcr023", K8S, 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: "Helm\\x52elease"\n'
                                  f"metadata: {{name: r}}\nspec:\n  values:\n    db_password: {PW}\n", None),
    "dcr023/helmchart_key_u": ("dcr023", K8S, "apiVersion: helm.cattle.io/v1\nkind: HelmChart\nmetadata: {name: c}\n"
                               f'spec:\n  valuesContent: "db_p\\u0061ssword: {PW}"\n', None),
    "dcr023/env_u": ("dcr023", K8S, DEP.format(kind="Deployment") + "          env:\n"
                     f'            - {{name: "DB_P\\u0041SSWORD", value: {PW}}}\n', None),
    "dcr023/env_broken": ("dcr023", K8S, DEP.format(kind="StatefulSet") + "          env:\n"
                          f'            - name: "DB_TO{_broken("KEN", 0)}"\n              value: {PW}\n', None),
    "dcr023/env_configured": ("dcr023", K8S, DEP.format(kind="Deployment") + "          env:\n"
                              f"            - {{name: ZZ_CUSTOM, value: {PW}}}\n", SECRET_NAMES),
    "dcr023/argo_param": ("dcr023", K8S, 'apiVersion: "argoproj\\x2eio/v1alpha1"\nkind: Workflow\nmetadata: {name: w}\n'
                          "spec:\n  arguments:\n    parameters:\n"
                          f"      - {{name: api-token, value: {PW}}}\n", None),
    "dcr023/helm_value_x": ("dcr023-settings", "chart/values.yaml", f'db:\n  "p\\x61ssword": {PW}\n', None),
    "dcr023/helm_value_configured": ("dcr023-settings", "chart/values.yaml", f"zzCustom: {PW}\n", SECRET_NAMES),
    "dcr023/generator_any_key": ("dcr023-settings", "overlay/kustomization.yaml",
                                 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n'
                                 f'"secret\\x47enerator":\n  - name: s\n    literals: ["db-host-value={PW}"]\n', None),
    "dcr023/compose_u": ("dcr023-settings", "docker-compose.yml", "services:\n  web:\n    image: web\n"
                         f'    environment:\n      - "API_T\\u004fKEN={PW}"\n', None),
    "dcr023/env_file": ("dcr023-settings", ".env", f"DB_PASSWORD={PW}\n", None),
}

# name -> (path, text, settings or None): files the gates let go of (every gate False).
LEFT: dict[str, tuple[Any, str, Settings | None]] = {
    "service": (K8S, "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports: [{port: 80}]\n", None),
    "kind_other_case": (K8S, DEP.format(kind="deployment"), None),  # kinds are compared exactly
    "configmap_plain": (K8S, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  LOG_LEVEL: debug\n", None),
    "helm_values": ("chart/values.yaml", "replicaCount: 2\nimage:\n  repository: web\n  tag: '1.0'\n", None),
    "kustomization": ("overlay/kustomization.yaml", "namePrefix: web-\ncommonLabels: {app: web}\n", None),
    "compose": ("docker-compose.yml", "services:\n  web:\n    image: web\n    environment:\n      - LOG=debug\n", None),
}
# Files whose YAML does not compose: what a gated-off check would have modelled owes its notes.
BROKEN: dict[str, tuple[Any, str, Settings | None]] = {
    "broken_service": (K8S, "apiVersion: v1\nkind: Service\nmetadata: {name: s\nspec: [\n", None),
    "broken_template": (("chart/templates/cm.yaml", FileKind.KUBERNETES),
                        "apiVersion: v1\nkind: ConfigMap\ndata: {{ .x }}\n  b: [\n", None),
    "broken_values": ("chart/values.yaml", "image:\n  tag: [1\n", None),
    "broken_kustomization": ("overlay/kustomization.yaml", "resources: [a.yaml\n", None),
    # (an anchor defined again is read, YAML 1.2: an alias to no anchor is what stays broken)
    "duplicate_anchor": (K8S, "apiVersion: v1\nkind: Service\nmetadata: {name: &x s, namespace: &x t, x: *y}\n", None),
}


@pytest.mark.parametrize("name", sorted(FOUND))
def test_spelled_trigger_keeps_gate_and_finding(name: str) -> None:
    check, path, text, settings = FOUND[name]
    gate, run = CHECKS[check]
    file = scanned(text, path, settings)
    assert file.kind is not FileKind.OTHER
    found = run(file)
    assert found or file.notifications, "the check finds nothing: the case tests no spelling"
    assert gate(file)


def _composed(text: str, path: Any, settings: Settings | None) -> Any:
    """The file with its YAML composed: the notes of a broken document are its kind's, given
    on an inert file by the extractor's NOTES, not the check's."""
    file = scanned(text, path, settings)
    file.get(YAML_DOCUMENTS)
    file.notifications.clear()
    return file


@pytest.mark.parametrize("name", sorted(LEFT))
def test_gates_let_go_of_files_without_trigger(name: str) -> None:
    path, text, settings = LEFT[name]
    for check, (gate, run) in CHECKS.items():
        file = _composed(text, path, settings)
        assert not gate(file), check
        assert run(file) == [] and file.notifications == [], check


@pytest.mark.parametrize("name", sorted({**FOUND, **LEFT}))
def test_gate_false_means_nothing(name: str) -> None:
    """On every case, each gate that is False is so where its check gives nothing."""
    path, text, settings = FOUND[name][1:] if name in FOUND else LEFT[name]
    for check, (gate, run) in CHECKS.items():
        file = _composed(text, path, settings)
        if not gate(file):
            assert run(file) == [] and file.notifications == [], check


def test_pod_words_cover_the_model() -> None:
    """Every kind the model reads a pod spec of holds one of the gate's words; Tekton and Argo
    are read by API group."""
    for kind in model.POD_SPEC_PATHS:
        assert any(w in kind for w in _manifest_gates.POD_KIND_WORDS), kind
    for kind in ("Task", "TaskRun", "Pipeline", "PipelineRun", "StepAction"):
        assert model.pod_spec(_resource(kind, "tekton.dev/v1")) is not None
    assert model.pod_spec(_resource("Workflow", "argoproj.io/v1alpha1")) is not None
    for word in (*model.DOCKER_TYPES, *model.REGISTRY_KEYS):
        assert _manifest_gates.REGISTRY_SECRET_WORD in word
    from dcrlint.k8s import kustomize

    for key in ("images", *kustomize._PATCH_KEYS):
        assert any(w in key for w in _manifest_gates.KUSTOMIZE_WORDS), key


def _resource(kind: str, api: str) -> model.Resource:
    import yaml

    node = yaml.compose(f"apiVersion: {api}\nkind: {kind}\nspec: {{steps: [], templates: []}}\n")
    assert isinstance(node, yaml.MappingNode)
    return model.Resource(kind, api, node, ("0",))


def test_non_ascii_name_keeps_the_gate() -> None:
    """`(?i)` reads `ſ` as `s`: a name that is not ASCII is never ruled out by its words."""
    file = scanned(f"pa\u017fsword: {PW}\n", "chart/values.yaml")
    assert may_name_secret(file)


def test_wired_gates() -> None:
    """The checks carry the gates tested here."""
    assert [c.gate for c in dcr022.CHECKS] == [dcr022.may_hold_registry_secret_resource,
                                              dcr022.may_hold_registry_secret, dcr022.may_hold_registry_secret]
    # (the commands check has a gate too: without one no Jenkinsfile or manifest could be inert;
    # tests/test_from_literal_gate.py holds it to a run with every file modelled)
    assert [c.gate for c in dcr023.CHECKS] == [dcr023.may_hold_manifest_secret, dcr023.may_hold_setting_secret,
                                              dcr023.may_create_from_literal, dcr023.may_wait_or_name_secret]
    assert dcr023.CHECKS[2].commands == (dcr023.FROM_LITERALS,)
    from dcrlint.checks import dcr020_missing_image_pull_secrets as dcr020
    from dcrlint.checks import dcr021_unresolved_image_pull_secret as dcr021

    assert [c.gate for c in (*dcr020.CHECKS, *dcr021.CHECKS)] == [_pull_secret_index.gate] * 2


def _analysed(text: str, path: Any, settings: Settings | None, gates: bool,
              monkeypatch: pytest.MonkeyPatch, selected: frozenset[str] | None = None) -> Any:
    """The engine's result for the file (its kind as given), with the gates or without."""
    from dcrlint import checks, engine
    from dcrlint.checks import CHECKED_RULES
    from dcrlint.fileresult import FileResult
    from dcrlint.records import replace

    file = scanned(text, path, settings)
    builtin = checks.for_kind

    def without_gates(kind: FileKind) -> checks.Checks:
        found = builtin(kind)
        return checks.Checks(*(tuple(replace(c, gate=None) for c in group)
                               for group in (found.file, found.follow_ups, found.project)))

    with monkeypatch.context() as m:
        if not gates:
            m.setattr(checks, "for_kind", without_gates)
        engine._plan.cache_clear()  # the check table is read once per kind of file
        try:
            return engine._analyse(FileResult(file.path, file.kind), file.source, file.kind, file.settings,
                                   selected or frozenset(CHECKED_RULES), {}, False)
        finally:
            engine._plan.cache_clear()


@pytest.mark.parametrize("rules", ["all", "k8s"])
@pytest.mark.parametrize("name", sorted({**FOUND, **LEFT, **BROKEN}))
def test_engine_gives_the_same_with_gates(name: str, rules: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Through the engine (gates asked, inert files not modelled, the notes a gated-off check's
    model owes given by the kind's NOTES), each case gives what it gives with no gate: findings,
    notifications (as the report sorts them), collected facts; with every rule, and with the
    Kubernetes rules alone (the other presence rules then run only to mask what they find)."""
    path, text, settings = FOUND[name][1:] if name in FOUND else {**LEFT, **BROKEN}[name]
    selected = frozenset({"DCR020", "DCR021", "DCR022", "DCR023"}) if rules == "k8s" else None
    with_gates = _analysed(text, path, settings, True, monkeypatch, selected)
    without = _analysed(text, path, settings, False, monkeypatch, selected)
    assert with_gates.results == without.results
    assert sorted(with_gates.notifications, key=repr) == sorted(without.notifications, key=repr)
    assert with_gates.collected == without.collected
    if name in FOUND and rules == "all":
        assert with_gates.results or with_gates.notifications or with_gates.collected
    if name in BROKEN:
        assert with_gates.notifications
