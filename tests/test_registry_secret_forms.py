"""DCR022 for a registry Secret however it is written: kubectl applies JSON and YAML flow
mappings as it applies block YAML, as one object, a `List` of items, or one document of
several. One finding per secret, at the data key (key to value, as written), naming the
registry and the user; no DCR030 or DCR051 beside it, and the secret in no output."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from test_positions import unmark

from dcrlint.classify import FileKind, classify

PASSWORD = "Vq7-trellis-58-Kp"  # made up for these tests
AUTH = base64.b64encode(f"robot$ci:{PASSWORD}".encode()).decode()
CONFIG = json.dumps({"auths": {"r.example.com": {"auth": AUTH}}})
DATA = base64.b64encode(CONFIG.encode()).decode()
LEGACY = base64.b64encode(json.dumps({"r.example.com": {"auth": AUTH}}).encode()).decode()
MESSAGE = "commits registry credentials in {field}[{key}]: r.example.com (user robot$ci)"


def _secret(data: dict[str, Any], kind: str = "kubernetes.io/dockerconfigjson") -> dict[str, Any]:
    return {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "regcred", "namespace": "ci"},
            "type": kind, **data}


def _marked(text: str, key: str, value: str) -> str:
    """`text` with «» around the first `key` ... `value`, inside their quotes."""
    start = text.index(key)
    end = text.index(value, start) + len(value)
    return text[:start] + "«" + text[start:end] + "»" + text[end:]


ONE = json.dumps(_secret({"data": {".dockerconfigjson": DATA}}))
FORMS = [
    ("secret.json", _marked(ONE + "\n", ".dockerconfigjson", DATA), "data", ".dockerconfigjson"),
    ("secret.json", _marked(json.dumps(_secret({"data": {".dockerconfigjson": DATA}}), indent=2) + "\n",
                            ".dockerconfigjson", DATA), "data", ".dockerconfigjson"),
    ("list.json", _marked(json.dumps({"apiVersion": "v1", "kind": "List", "items": [
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}, "data": {"a": "b"}},
        _secret({"data": {".dockerconfigjson": DATA}})]}, indent=1) + "\n", ".dockerconfigjson", DATA),
     "data", ".dockerconfigjson"),
    ("string-data.json", _marked(json.dumps(_secret({"stringData": {".dockerconfigjson": CONFIG}})) + "\n",
                                 ".dockerconfigjson", json.dumps(CONFIG)[1:-1]), "stringData", ".dockerconfigjson"),
    ("legacy.json", _marked(json.dumps(_secret({"data": {".dockercfg": LEGACY}}, "kubernetes.io/dockercfg")) + "\n",
                            ".dockercfg", LEGACY), "data", ".dockercfg"),
    # JSON as a YAML file's one line, YAML flow style, after a comment and `---`
    ("regcred.yaml", _marked(ONE + "\n", ".dockerconfigjson", DATA), "data", ".dockerconfigjson"),
    ("regcred.yml", _marked("# pull secret\n---\n{apiVersion: v1, kind: Secret, metadata: {name: regcred},\n"
                            f"  type: kubernetes.io/dockerconfigjson, data: {{.dockerconfigjson: {DATA}}}}}\n",
                            ".dockerconfigjson", DATA), "data", ".dockerconfigjson"),
    # a second document: after a block one, after a flow one that is no object
    ("all.yaml", _marked(f"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ci\n---\n{ONE}\n",
                         ".dockerconfigjson", DATA), "data", ".dockerconfigjson"),
    ("all.yaml", _marked(f"{{owner: ci}}\n---\n{ONE}\n", ".dockerconfigjson", DATA), "data", ".dockerconfigjson"),
    # a flow List in YAML
    ("list.yaml", _marked("{apiVersion: v1, kind: List, items: [\n  "
                          + json.dumps(_secret({"data": {".dockerconfigjson": DATA}})) + "]}\n",
                          ".dockerconfigjson", DATA), "data", ".dockerconfigjson"),
]


@pytest.mark.parametrize(("path", "marked", "field", "key"), FORMS)
def test_a_registry_secret_in_any_form_is_dcr022_at_its_data_key(lint: Any, path: str, marked: str,
                                                                  field: str, key: str) -> None:
    text, spans = unmark(marked)
    run = lint.scan(path, text, "--fail-on", "never")
    assert [w[1:] for w in run.where()] == spans, run.where()  # DCR022 alone: no DCR030, DCR051
    assert {w[0] for w in run.where()} == {"DCR022"}
    assert [f["message"] for f in run.json()["findings"]] == [
        "Secret regcred " + MESSAGE.format(field=field, key=key)]
    assert PASSWORD not in run.printed and AUTH not in run.printed and DATA not in run.printed


@pytest.mark.parametrize(("path", "text"), [
    # a placeholder, a SealedSecret's ciphertext
    ("secret.json", json.dumps(_secret({"data": {".dockerconfigjson": base64.b64encode(json.dumps(
        {"auths": {"r.example.com": {"auth": "<base64 of user:password>"}}}).encode()).decode()}}))),
    ("sealed.json", json.dumps({"apiVersion": "bitnami.com/v1alpha1", "kind": "SealedSecret",
                                "metadata": {"name": "regcred"}, "spec": {"encryptedData": {".dockerconfigjson": "AgB" + "x" * 60},
                                "template": {"type": "kubernetes.io/dockerconfigjson"}}})),
])
def test_near_misses_stay_silent(lint: Any, path: str, text: str) -> None:
    assert lint.scan(path, text + "\n", "--fail-on", "never").where() == []


@pytest.mark.parametrize(("path", "head", "kind"), [
    ("secret.json", ONE, FileKind.KUBERNETES),
    ("secret.json", "\n  " + json.dumps(_secret({}), indent=2), FileKind.KUBERNETES),
    ("a.yaml", "# c\n\n---\n{kind: Secret, apiVersion: v1}", FileKind.KUBERNETES),
    ("a.yaml", "{'apiVersion': 'apps/v1', 'kind': 'Deployment'}", FileKind.KUBERNETES),
    # a schema of such objects, a document that is no object, a flow mapping inside a block one
    ("schema.json", json.dumps({"type": "object", "properties": {"apiVersion": {"type": "string"},
                                                                  "kind": {"type": "string"}}}), FileKind.OTHER),
    ("app.json", json.dumps({"name": "kind", "version": "1.0.0", "apiVersion": "v1"}), FileKind.OTHER),
    ("config.json", CONFIG, FileKind.DOCKER_CONFIG),
    ("a.yaml", "resources:\n  - {apiVersion: v1, kind: Secret, name: x}\n", FileKind.YAML),
    ("a.yaml", "[{apiVersion: v1, kind: Secret}]\n", FileKind.YAML),
])
def test_flow_manifests_are_known_by_their_keys(path: str, head: str, kind: FileKind) -> None:
    assert classify(path, head) is kind
