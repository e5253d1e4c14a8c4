"""The cold path's shortcuts give what the long way gives: path splitting without pathlib, and
the whole-text tests with which checks return early (each must hold on every spelling of what
its check looks for: escapes, folded lines, any letter case where the detector ignores it)."""

from __future__ import annotations

import gc
from pathlib import Path, PurePosixPath

import pytest
from conftest import DEPLOYMENT, PULL_SECRET, run_checks, scanned
from hypothesis import example, given, settings
from hypothesis import strategies as st

from dcrlint.classify import _split


@given(st.text(alphabet="/.ab-", max_size=14))
def test_split_is_purepath(path: str) -> None:
    p = PurePosixPath(path)
    assert _split(path) == (p.parts, p.name, p.suffix)


def test_split_absolute_paths() -> None:
    for path in ("/work/corpus/.github/workflows/ci.yml", "/a", "/a.b/c.", "/x/.env", "/r/..", "/t/a..b"):
        p = PurePosixPath(path)
        assert _split(path) == (p.parts, p.name, p.suffix), path


# --------------------------------------------------------------------------- DCR051

_KEY = "AKIA" + "Z7TQ3RUTVW5KXPNQ"  # an access key's shape (not a real key)
_PEM_BODY = (
    "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0/IzW7yWR7Qkrm"
    "BL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxKLxoS2tFczGkPLPgizskuemMghRniWaoLcyehkd3qqGElvW/VDL5A"
    "aWTg0nLVkjRo9z+40RQzuVaE8AkAFmxZzow3x+VJYKdjykkJ0iT9wCS0DRTXu269V264Vf/3jvredZiKRkgwlL9xNA"
    "wxXFg0x/XFw005UWVRIkdgcKWTjpBP2dPwVZ4WWC+9aGVd+Gyn1o0CLelf4rEjGoXbAAEgAqeGUxrcIlbjXfbcmwID"
)


@pytest.mark.parametrize(("path", "text"), [
    ("x.yaml", 'env:\n  K: "\\x41KIA' + _KEY[4:] + '"\n'),  # YAML double-quoted \x
    ("u.yaml", 'env:\n  K: "\\u0041KI\\U00000041' + _KEY[4:] + '"\n'),  # \u and \U
    ("c.yaml", 'env:\n  K: "AK\\\n     IA' + _KEY[4:] + '"\n'),  # an escaped line break
    ("cc.yaml", 'env:\n  K: "AK\\\n     I\\\n     A' + _KEY[4:] + '"\n'),  # two in a row
    ("Jenkinsfile", "pipeline { environment { K = '\\u0041KIA" + _KEY[4:] + "' } }\n"),  # Groovy \u
    ("Jenkinsfile", "pipeline { environment { K = '\\101KIA" + _KEY[4:] + "' } }\n"),  # Groovy octal
    ("Jenkinsfile", 'pipeline { environment { K = "AK${\'IA\'}' + _KEY[4:] + '" } }\n'),  # ${'constant'}
    ("fold.yaml", "k: aws secret\n  key = 'Zt8mQ2vN7xK4pL9sR3wY6bH1cF5gJ0dT2eU8iO4a'\n"),  # a folded line
    ("pk.yaml", f"k: -----BEGIN RSA PRIVATE\n  KEY-----\n  {_PEM_BODY}\n  -----END RSA PRIVATE\n  KEY-----\n"),
])
def test_dcr051_whole_file_test_holds_on_other_spellings(path: str, text: str) -> None:
    """The text never holds the detector's literal as written; a value read from it does."""
    from dcrlint.checks.dcr051_known_secret_format import might_hold_secret

    file = scanned(text, path)
    assert might_hold_secret(text, file.kind)
    assert [f.rule_id for f in run_checks(file, "DCR051")] == ["DCR051"]


def test_dcr051_whole_file_test_skips_text_without_a_detector() -> None:
    from dcrlint.checks.dcr051_known_secret_format import might_hold_secret
    from dcrlint.classify import FileKind

    text = 'env:\n  A: "plain \\t text \\x20 with escapes"\n  B: aws region us-east-1\n'
    assert not might_hold_secret(text, FileKind.YAML)


_ESCAPED = st.sampled_from(["raw", "x", "u", "U", "break"])


@given(st.lists(_ESCAPED, min_size=len(_KEY), max_size=len(_KEY)))
def test_dcr051_any_yaml_escaping_of_a_key_is_read(how: list[str]) -> None:
    """Every character of the key spelled raw, as \\x, \\u, \\U, or after an escaped line break."""
    def spell(c: str, way: str) -> str:
        return {"raw": c, "x": f"\\x{ord(c):02x}", "u": f"\\u{ord(c):04X}", "U": f"\\U{ord(c):08x}",
                "break": f"\\\n    {c}"}[way]

    text = 'k: "' + "".join(spell(c, w) for c, w in zip(_KEY, how, strict=True)) + '"\n'
    file = scanned(text, "values.yaml")
    assert [f.rule_id for f in run_checks(file, "DCR051")] == ["DCR051"]


# --------------------------------------------------------------------------- DCR013, DCR040, DCR041

_CALLER = """on: push
jobs:
  call:
    uses: org/repo/.github/workflows/release.yml@v1
    secrets: {secrets}
  dump:
    runs-on: ubuntu-latest
    steps:
      - run: {run}
"""


@pytest.mark.parametrize(("secrets", "run", "found"), [
    ('"inh\\x65rit"', "echo hi", 1),  # secrets: inherit, one letter escaped
    ("inherit", '"echo ${{ to\\x4aSON(secrets) }}"', 2),  # toJSON(secrets), one letter escaped
    ('"INHERIT"', '"echo ${{ toJSON(se\\\n    crets) }}"', 1),  # escaped line break; inherit is lower case
])
def test_dcr013_whole_file_tests_hold_on_escapes(secrets: str, run: str, found: int) -> None:
    file = scanned(_CALLER.format(secrets=secrets, run=run), ".github/workflows/ci.yml")
    assert [f.rule_id for f in run_checks(file, "DCR013")] == ["DCR013"] * found


_ANNOTATED = """apiVersion: v1
kind: Secret
metadata:
  name: api
  annotations:
    {key}: "2020-01-01"
type: Opaque
"""


@pytest.mark.parametrize(("key", "rule"), [
    ('"dcrlint.io\\/rotated-at"', "DCR040"),  # YAML's escaped slash
    ('"dcrlint.io/rot\\x61ted-at"', "DCR040"),
    ('"dcrlint.io/expires-\\u0061t"', "DCR041"),
])
def test_lifecycle_annotation_keys_with_escapes_are_read(key: str, rule: str) -> None:
    file = scanned(_ANNOTATED.format(key=key), "secret.yaml")
    assert [f.rule_id for f in run_checks(file, rule)] == [rule]


# --------------------------------------------------------------------------- reference cycles

_WORKFLOW = """on: push
jobs:
  build:
    runs-on: ubuntu-latest
    env:
      REGION: eu
    steps:
      - uses: actions/checkout@v4
      - run: |
          echo "$REGION" | tee out.txt
          docker build -t app:$(git rev-parse --short HEAD) .
"""
_SCRIPT = ('#!/bin/sh\nset -e\nfor f in *.txt; do cat "$f" | grep -v x > "$f.out"; done\n'
           'echo "$REGISTRY_PASSWORD" | docker login -u ci --password-stdin "$(cat host.txt)"\nenv\n')


def _scan_in_one_file(tmp_path: Path, rel: str, text: str) -> None:
    from dcrlint import engine
    from dcrlint.checks import CHECKED_RULES
    from dcrlint.config import Settings
    from dcrlint.discover import Target

    path = tmp_path / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    out = engine.scan_file(Target(rel, str(path), True), Settings(root=tmp_path, git=False), CHECKED_RULES, {})
    assert out.scanned and not out.notifications


_ANCHORED = """apiVersion: apps/v1
kind: Deployment
metadata: {name: api, labels: &labels {app: api}}
spec:
  selector: {matchLabels: *labels}
  template:
    metadata: {labels: *labels}
    spec:
      containers: [{name: api, image: "dcr.example.com/api:1"}]
"""


@pytest.mark.parametrize(("rel", "text"), [(".github/workflows/ci.yml", _WORKFLOW), ("build.sh", _SCRIPT),
                                           ("deploy.yaml", _ANCHORED)])  # anchors: the alias-bomb walk
def test_a_files_model_is_freed_without_the_cycle_collector(tmp_path: Path, rel: str, text: str) -> None:
    """A scanned file's models (workflow, jobs and steps; parsed commands and their words) hold
    no reference cycle: they go with the file, not at the next run of the cycle collector (which
    then walks every object of them; about 10% of a corpus scan when they did)."""
    _scan_in_one_file(tmp_path / "warm", rel, text)  # imports and first-use caches
    gc.collect()
    gc.disable()
    try:
        _scan_in_one_file(tmp_path, rel, text)
        assert gc.collect() == 0
    finally:
        gc.enable()


_PIECES = st.sampled_from([
    "AK", "IA", "Z7TQ3RUTVW5KXPNQ", "\\x41", "\\x4b", "\\u0041", "\\101", "\\\n   ", "\\\n", "\n", "\n  ", "  ",
    "aws", "AWS", "secret", " key = ", "'", '"', "Zt8mQ2vN7xK4pL9sR3wY6bH1cF5gJ0dT2eU8iO4a", "PRIVATE", "KEY",
    "-----BEGIN RSA ", "x: ", "\\\\", "${'", "'}", "$$", "$/", "\\$", "xo", "x", "b-", "1234-", "ghp", "_", "\\u005f",
])


@settings(max_examples=400)
@example(["AK", "\\\n   ", "IA", "Z7TQ3RUTVW5KXPNQ"], "values.yaml")  # an escaped line break joins two lines
@example(["x: ", "\\x41", "ws", "\n  ", "secret", "\n", " key = ", "'", "Zt8mQ2vN7xK4pL9sR3wY6bH1cF5gJ0dT2eU8iO4a",
          "'"], "values.yaml")  # an escape makes "aws", the pattern goes on over folded lines
@example(["AK", "${'", "IA", "'}", "Z7TQ3RUTVW5KXPNQ"], "Jenkinsfile")
@given(st.lists(_PIECES, max_size=24), st.sampled_from(["values.yaml", "Jenkinsfile", "main.tf"]))
def test_dcr051_lines_with_escapes_decide_as_the_whole_decoded_text(pieces: list[str], path: str) -> None:
    """Decoding only the lines an escape may change (unless a pattern that goes over lines has
    its literal in the text) never says "nothing here" where decoding the whole text would not."""
    from dcrlint.checks._spellings import unescaped
    from dcrlint.checks.dcr051_known_secret_format import _raw_might_hold, might_hold_secret
    from dcrlint.classify import classify

    text = "".join(pieces)
    kind = classify(path, text)
    whole = unescaped(text, kind)
    if _raw_might_hold(text) or (whole is not None and _raw_might_hold(whole)):
        assert might_hold_secret(text, kind)


# --------------------------------------------------------------------------- kubectl in the index

# The Deployment pulling with regcred, and a Secret of another name: pull-secret names are
# checked (DCR021 is silent where no Secret is defined).
_PULLING = DEPLOYMENT + "---\n" + PULL_SECRET.format(name="other")
_CREATE = "create secret docker-registry regcred --docker-server=dcr.example.com"


@pytest.mark.parametrize(("path", "text"), [
    (".github/workflows/d.yml", 'on: push\njobs:\n  d:\n    runs-on: x\n    steps:\n'
                                f'      - run: "kube\\x63tl {_CREATE}"\n'),  # YAML \x
    (".github/workflows/d.yml", 'on: push\njobs:\n  d:\n    runs-on: x\n    steps:\n'
                                f'      - run: "ku\\\n          bectl {_CREATE}"\n'),  # an escaped line break
    (".github/workflows/d.yml", 'on: push\njobs:\n  d:\n    runs-on: x\n    steps:\n'
                                f'      - run: "\\u006fc {_CREATE}"\n'),  # OpenShift's oc, \u
    ("Jenkinsfile", f"pipeline {{ agent any\n  stages {{ stage('d') {{ steps {{ sh 'kube\\u0063tl {_CREATE}' }} }} }}\n}}\n"),
    ("k8s/job.yaml", 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\nspec:\n  template:\n    spec:\n'
                     f'      containers:\n        - name: j\n          image: x\n'
                     f'          command: ["sh", "-c", "kube\\x63tl {_CREATE}"]\n'),  # a container's script
])
def test_a_kubectl_spelled_with_an_escape_still_defines_its_secret(tmp_path: Path, path: str, text: str) -> None:
    """The pull-secret index reads the kubectl commands of the scripts as they run (escapes
    decoded): a Secret they create resolves a pull secret (no DCR021), as the plain spelling does."""
    from conftest import K8S_RULES, engine_scan

    files = {"k8s/deploy.yaml": _PULLING, path: text}
    results, _ = engine_scan(tmp_path, files, rules=K8S_RULES, dedent=False)
    assert [r.rule_id for r in results if r.rule_id == "DCR021"] == []
    del files[path]
    results, _ = engine_scan(tmp_path / "without", files, rules=K8S_RULES, dedent=False)
    assert [r.rule_id for r in results if r.rule_id == "DCR021"] == ["DCR021"]  # what the command resolves
