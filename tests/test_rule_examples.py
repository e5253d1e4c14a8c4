"""Every rule's documented examples behave as documented: `bad` fires the rule, `good` does not."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write

from dcrlint.rulesmeta import builtin_rules

# Where an example of each context lives in a repository.
FILE_FOR_CONTEXT = {
    "shell": "deploy.sh",
    "github-actions": ".github/workflows/ci.yml",
    "gitlab-ci": ".gitlab-ci.yml",
    "jenkins": "Jenkinsfile",
    "kubernetes": "k8s/manifest.yaml",
    "docker-config": ".docker/config.json",
    "dockerfile": "Dockerfile",
    "makefile": "Makefile",
    "helm": "chart/values.yaml",
    "compose": "compose.yaml",
    "kustomize": "kustomization.yaml",
    "terraform": "infra/main.tf",
    "ansible": "playbooks/site.yml",
    "maven": "pom.xml",
    "gradle": "build.gradle",
    "env-file": ".env",
}
# Rules about suppressions are reported only when asked for.
EXTRA_ARGS = {"DCR900": ["--report-unused-ignores"], "DCR901": ["--require-reasons"]}

CASES = [
    pytest.param(rule.id, i, ex.context, ex.bad, ex.good, id=f"{rule.id}-{i}-{ex.context}")
    for rule in builtin_rules().values()
    for i, ex in enumerate(rule.examples)
]


def test_every_rule_has_an_example_of_a_known_context() -> None:
    for rule in builtin_rules().values():
        assert rule.examples, rule.id
        for ex in rule.examples:
            assert ex.context in FILE_FOR_CONTEXT, (rule.id, ex.context)


@pytest.mark.parametrize(("rule_id", "index", "context", "bad", "good"), CASES)
def test_example(lint, tmp_path: Path, rule_id: str, index: int, context: str, bad: str, good: str) -> None:
    rel = FILE_FOR_CONTEXT[context]
    args = ["--format", "json", "--now", "2026-11-29", *EXTRA_ARGS.get(rule_id, []), rel]
    write(tmp_path, rel, bad)
    found = {f["rule"] for f in lint(*args).json()["findings"]}
    assert rule_id in found, f"bad example of {rule_id} does not fire it (found {sorted(found)})"
    write(tmp_path, rel, good)
    found = {f["rule"] for f in lint(*args).json()["findings"]}
    assert rule_id not in found, f"good example of {rule_id} fires it"
