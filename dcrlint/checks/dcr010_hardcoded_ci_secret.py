"""DCR010 hardcoded-ci-secret: a secret-named CI variable, input or credential given a
literal value: GitHub Actions `env:`, `with:`, `secrets:`, container credentials and input
defaults; GitLab CI `variables:` (after includes, `extends`, anchors and `!reference`);
Jenkins `environment { }`; the variables, plugin inputs and registry passwords of the CI systems
described as data (Azure Pipelines, CircleCI, Bitbucket, Drone, Buildkite, Travis, CodeBuild)."""

from __future__ import annotations

from collections.abc import Iterator

from ..facts import CI_FACTS, GITHUB_WORKFLOWS, GITLAB_CONFIG, JENKINS_MODEL
from ..findings import Finding
from ..scanned import ScannedFile
from ..values import ValueKind, classify, is_secret_name
from . import FileCheck
from ._literals import ci_literals, github_literals, literal_spans, secret_name


def _ci_systems(file: ScannedFile) -> Iterator[Finding]:
    return ci_literals(file, "DCR010")


def _github(file: ScannedFile) -> Iterator[Finding]:
    return github_literals(file, "DCR010")


def _gitlab_variables(file: ScannedFile) -> Iterator[Finding]:
    """DCR010: a secret-named variable with a literal value, reported where the literal is written."""
    from ..gitlabci import gitlab_config  # imported on first use: most scans have no GitLab file

    cfg = gitlab_config(file)
    if cfg is None:
        return
    seen: set[int] = set()
    holders: list[tuple[str, object]] = [("", cfg.top)]
    holders += [(name, cfg.job(name)) for name in cfg.job_names]
    for job, holder in holders:
        if not isinstance(holder, dict):
            continue
        for name, node in cfg.variables(holder.get("variables")):
            if id(node) in seen or not cfg.is_local(node) or not secret_name(file, name):
                continue
            seen.add(id(node))
            where = f"job `{job}`" if job else "the global `variables:`"
            for span, written in literal_spans(file, node):
                yield Finding("DCR010",
                              f"variable `{name}` in {where} is assigned a literal secret; "
                              "use a masked and protected CI/CD variable instead",
                              file.path, span, (job, "variables", name) if job else ("variables", name),
                              secret=written)



def _place(stages: tuple[str, ...], *rest: str) -> tuple[str, ...]:
    out: tuple[str, ...] = ()
    for name in stages:
        out += ("stage", name)
    return (*out, *rest)


def _jenkins_environment(file: ScannedFile) -> Iterator[Finding]:
    """DCR010: a secret-named variable given a literal in an `environment { }` block."""
    from ..extractors.jenkins import jenkins_model

    settings = file.settings
    for a in jenkins_model(file).environment:
        if a.kind in (ValueKind.EXPRESSION, ValueKind.REFERENCE) or a.is_gstring:
            continue
        if not is_secret_name(a.name, settings.secret_names):
            continue
        if classify(a.value.text, settings.placeholders) is not ValueKind.LITERAL:
            continue
        span = a.value.span(0, len(a.value.text))
        written = file.source.text[span.start : span.end]
        yield Finding(
            "DCR010",
            f"environment variable `{a.name}` is assigned a literal secret; "
            "bind it with credentials('id') from the Jenkins credential store",
            file.path, span, _place(a.stages, "environment", a.name), secret=written,
        )



CHECKS = (
    FileCheck(rules=("DCR010",), run=_github, facts=(GITHUB_WORKFLOWS,)),
    FileCheck(rules=("DCR010",), run=_gitlab_variables, facts=(GITLAB_CONFIG,)),
    FileCheck(rules=("DCR010",), run=_jenkins_environment, facts=(JENKINS_MODEL,)),
    FileCheck(rules=("DCR010",), run=_ci_systems, facts=(CI_FACTS,)),
)
