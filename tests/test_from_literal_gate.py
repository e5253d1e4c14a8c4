"""DCR023's `--from-literal` check has a gate (`may_create_from_literal`): without one, no
Jenkinsfile or Kubernetes manifest could be inert (the engine asks the gates of a kind only
where every check of it has one), and each was modelled whatever it held (900e18a: corpus
6,684 M instructions, 6,387 M before). The gate loses nothing: on Jenkinsfiles and manifests
whose `kubectl create secret generic --from-literal` is spelled with quotes, escapes, joins and
case, the findings with every kind gated are those of a run where no kind is (every file
modelled, every check run)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import brief, engine_scan
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

PW = "Kd2-meadow-64-Rq"
# The option as written in a shell word, then as the host file may write that shell text.
OPTIONS = ["--from-literal", '--from-lit"eral"', "--fr'o'm-literal", "--FROM-LITERAL", "--from-\\\nliteral",
           "--from-literal ", "--from-literally", "--from-litera"]
JENKINS = [
    "pipeline {{\n  agent any\n  stages {{\n    stage('s') {{\n      steps {{\n        sh '''{cmd}'''\n      }}\n    }}\n  }}\n}}\n",
    "node {{\n  sh \"{cmd_gstring}\"\n}}\n",
    "node {{\n  sh '{head}' + '{tail}'\n}}\n",
]
MANIFEST = ("apiVersion: batch/v1\nkind: Job\nmetadata: {{name: mk}}\nspec:\n  template:\n    spec:\n"
            "      containers:\n        - name: k\n          image: bitnami/kubectl\n"
            "          command: [sh, -c]\n          args: [{arg}]\n")


def _command(option: str) -> str:
    sep = "" if option.endswith(" ") else "="
    return f"kubectl create secret generic db {option.rstrip()}{sep}password={PW}"


def _jenkinsfile(template: str, option: str) -> str:
    cmd = _command(option)
    half = len(cmd) // 2 - 8  # a cut inside the option's word, joined by Groovy's `+`
    escaped = cmd.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$").replace("'", "\\'")
    return template.format(cmd=cmd, cmd_gstring=escaped, head=cmd[:half].replace("'", "\\'"),
                           tail=cmd[half:].replace("'", "\\'"))


def _manifest(option: str, escape: bool) -> str:
    cmd = _command(option).replace("\\\n", "")
    if escape:  # a YAML escape spells the option's first letter
        cmd = cmd.replace("from", "\\x66rom", 1).replace("FROM", "\\x46ROM", 1)
    return MANIFEST.format(arg='"' + cmd.replace('"', '\\"').replace("\\\\x", "\\x") + '"')


def _scan(root: Path, files: dict[str, str], gated: bool, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    from dcrlint import engine
    from dcrlint.classify import FileKind

    monkeypatch.setattr(engine, "GATED_KINDS", frozenset(FileKind) if gated else frozenset())
    engine._plan.cache_clear()
    try:
        results, _ = engine_scan(root, files, rules=frozenset({"DCR023"}), dedent=False)
    finally:
        engine._plan.cache_clear()
    return brief(results)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(OPTIONS), st.sampled_from(range(len(JENKINS))), st.booleans(), st.booleans())
def test_gated_run_finds_what_every_file_modelled_finds(tmp_path_factory: pytest.TempPathFactory,
                                                        monkeypatch: pytest.MonkeyPatch, option: str,
                                                        template: int, escape: bool, jenkins: bool) -> None:
    root = tmp_path_factory.mktemp("g")
    files = ({"Jenkinsfile": _jenkinsfile(JENKINS[template], option)} if jenkins
             else {"job.yaml": _manifest(option, escape)})
    assert _scan(root, files, True, monkeypatch) == _scan(root, files, False, monkeypatch), files


def test_the_cases_report_and_the_gate_holds_only_where_they_may(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The random cases can fail the test above: a quote-split option in a Jenkinsfile, an escaped
    one in a manifest are reported; a file without the option is inert (the gate fails)."""
    from conftest import scanned

    from dcrlint.checks.dcr023_plaintext_secret_in_manifest import may_create_from_literal

    assert _scan(tmp_path / "a", {"Jenkinsfile": _jenkinsfile(JENKINS[0], OPTIONS[1])}, True, monkeypatch) \
        == [("Jenkinsfile", 6, 74, "DCR023")]
    assert [r[3] for r in _scan(tmp_path / "b", {"job.yaml": _manifest(OPTIONS[0], True)}, True, monkeypatch)] \
        == ["DCR023"]
    assert not may_create_from_literal(scanned("node {\n  sh 'kubectl apply -f x.yaml'\n}\n", "Jenkinsfile"))
    assert may_create_from_literal(scanned("node {\n  sh 'kubectl create secret generic s --fr\\'o\\'m-literal=a=b'\n}\n",
                                           "Jenkinsfile"))
