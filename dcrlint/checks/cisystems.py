"""The CI systems described as data (`cisystems.SYSTEMS`): DCR010 literal secrets in
variables, environments, plugin inputs and image registry credentials; DCR002 a literal
password or token given to a plugin (as for a GitHub action's `with:`)."""

from __future__ import annotations

from collections.abc import Iterator

from ..classify import FileKind
from ..findings import Finding
from ..scanned import ScannedFile
from ..values import ValueKind, classify
from ..yamlsrc import scalar_text
from . import FileCheck
from .github import literal_spans, secret_name

CI_SYSTEM_KINDS = frozenset({FileKind.AZURE_PIPELINES, FileKind.CIRCLECI, FileKind.BITBUCKET_PIPELINES,
                             FileKind.DRONE, FileKind.BUILDKITE, FileKind.TRAVIS, FileKind.CODEBUILD})
_PASSWORD_INPUTS = frozenset({"password", "token"})


def check_literals(file: ScannedFile) -> Iterator[Finding]:
    from ..cisystems import ci_facts  # imported on first use: most scans have none of these files

    facts = ci_facts(file)
    if facts is None:
        return
    store = facts.system.secret_store
    for a in facts.assignments:
        if a.role == "registry-password":
            rule, message = "DCR010", f"registry password `{a.name}` in `{a.label}` is a literal; use {store}"
        elif a.role == "input" and a.name.lower() in _PASSWORD_INPUTS:
            rule, message = "DCR002", f"`{a.name}` of `{a.label}` is given a literal credential; use {store}"
        elif secret_name(file, a.name):
            rule, message = "DCR010", f"`{a.name}` in `{a.label}` is assigned a literal secret; use {store}"
        else:
            continue
        if a.line_value is None:
            spans = literal_spans(file, a.node)
        else:
            start, end = a.line_value
            value = a.node.value[start:end]
            if classify(value, file.settings.placeholders) is not ValueKind.LITERAL:
                continue
            span = scalar_text(a.node, file.source).span(start, end)
            spans = [(span, file.source.text[span.start : span.end])]
        for span, written in spans:
            yield Finding(rule, message, file.path, span, a.place, secret=written)


CHECKS = (FileCheck(rules=("DCR010", "DCR002"), run=check_literals, kinds=CI_SYSTEM_KINDS),)
