"""A manifest whose `kind` comes after the head `classify` reads: kubectl writes an object's keys in
alphabetical order (`kubectl get -o yaml|json`: apiVersion, data, kind, metadata), so an exported
registry Secret holding a cloud registry's token of kilobytes names its kind after its data. It is
still a manifest: DCR022 at the data key, not DCR030 on the docker config inside."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from conftest import brief, engine_scan

from dcrlint.classify import HEAD, FileKind, classify_text

TOKEN = "Hq4zT9Lm77Xq2wPu" * 120  # made up: a registry token of ~1.9 KB, as cloud registries issue
CONFIG = json.dumps({"auths": {"dcr.example.com": {"username": "ci", "password": TOKEN,
                                                   "auth": base64.b64encode(f"ci:{TOKEN}".encode()).decode()}}})
DATA = base64.b64encode(CONFIG.encode()).decode()
EXPORTED = f"""apiVersion: v1
data:
  .dockerconfigjson: {DATA}
kind: Secret
metadata:
  name: regcred
  namespace: ci
type: kubernetes.io/dockerconfigjson
"""
SETTINGS = "\n".join(f"  setting_{i}: value number {i} of a long configuration" for i in range(120))
CONFIGMAP = f"""apiVersion: v1
data:
{SETTINGS}
  db_password: Xw9vQ2rT7zLp4mKs
kind: ConfigMap
metadata:
  name: app
"""


def test_an_exported_secret_is_a_manifest_whatever_its_length() -> None:
    assert EXPORTED.index("kind:") > HEAD
    assert classify_text("k8s/regcred.yaml", EXPORTED) is FileKind.KUBERNETES
    assert classify_text("k8s/regcred-secret.yaml", EXPORTED) is FileKind.KUBERNETES  # not a secrets vars file
    as_json = json.dumps({"apiVersion": "v1", "data": {".dockerconfigjson": DATA}, "kind": "Secret",
                          "metadata": {"name": "regcred"}, "type": "kubernetes.io/dockerconfigjson"}, indent=4)
    assert classify_text("k8s/regcred.json", as_json) is FileKind.KUBERNETES


@pytest.mark.parametrize("text", [
    EXPORTED.replace("apiVersion: v1\n", "version: 1\n"),  # no apiVersion: some other YAML
    EXPORTED.replace("\nkind: Secret", "\n  kind: Secret"),  # a nested `kind` only
    "# notes\n" * (HEAD // 8) + EXPORTED,  # apiVersion past the head too: not what kubectl writes
])
def test_a_long_yaml_file_is_not_taken_for_a_manifest_without_both_keys_at_top(text: str) -> None:
    assert classify_text("k8s/other.yaml", text) is FileKind.YAML


def test_exported_registry_secret_is_dcr022_at_its_data_key(tmp_path: Path) -> None:
    results, notes = engine_scan(tmp_path, {"regcred.yaml": EXPORTED}, dedent=False,
                                 rules=frozenset({"DCR022", "DCR030", "DCR051"}))
    assert brief(results) == [("regcred.yaml", 3, 3, "DCR022")]
    assert not notes
    assert TOKEN not in results[0].message and "dcr.example.com (user ci)" in results[0].message


def test_exported_configmap_with_long_data_is_read_as_one(tmp_path: Path) -> None:
    results, _ = engine_scan(tmp_path, {"app.yaml": CONFIGMAP}, dedent=False, rules=frozenset({"DCR023"}))
    assert CONFIGMAP.index("kind:") > HEAD
    assert brief(results) == [("app.yaml", 123, 16, "DCR023")]
