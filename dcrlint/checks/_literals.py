"""Literal values given to GitHub Actions workflows (`env:`, `with:`, `secrets:`, container
credentials, input defaults), shared by DCR002 (login inputs) and DCR010 (secret-named names);
and the literal parts of a YAML scalar, shared with GitLab CI."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from yaml.nodes import MappingNode, Node, ScalarNode

from ..findings import Finding
from ..scanned import ScannedFile
from ..source import Span
from ..values import ValueKind, classify, is_secret_name, not_a_secret
from ..yamlsrc import get, mapping_items, scalar_text

if TYPE_CHECKING:
    from ..gha import Job, Step, Workflow

_STR_TAG = "tag:yaml.org,2002:str"
_LOGIN_ACTIONS = frozenset({"docker/login-action"})
_PASSWORD_INPUTS = frozenset({"password", "token"})


def items(node: Node | None) -> list[tuple[Node, Node]]:
    return mapping_items(node) if isinstance(node, MappingNode) else []


_ASSIGNMENT_LINE = re.compile(r"[ \t]*[A-Za-z_][\w.-]*=(.*)")


def secret_name(file: ScannedFile, name: str) -> bool:
    return is_secret_name(name, file.settings.secret_names)


def literal_value(value: str, placeholders: tuple[str, ...]) -> bool:
    """A literal credential: not a variable, expression or placeholder, nor a value that is no
    secret whatever its name (a flag, a number, a path, a URL, a certificate, a stand-in ...)."""
    return classify(value, placeholders) is ValueKind.LITERAL and not_a_secret(value, placeholders) is None


def literal_spans(file: ScannedFile, node: Node | None) -> list[tuple[Span, str]]:
    """Spans and written text of the literal secrets a scalar holds: the whole value, or each
    value of a block of `ID=value` lines (build secrets). Numbers and flags are not secrets."""
    if not isinstance(node, ScalarNode) or (node.style is None and node.tag != _STR_TAG):
        return []
    placeholders = file.settings.placeholders
    mt = scalar_text(node, file.source)
    if "\n" in mt.text.strip() and not_a_secret(mt.text, placeholders) == "a reference list":
        return []  # `NAME=path:key` lines: where a secret store keeps each secret
    parts: list[tuple[int, int]] = []
    lines = [(m.start(), m.group()) for m in re.finditer(r"[^\n]+", mt.text)]
    if "\n" in mt.text.strip() and lines and all(_ASSIGNMENT_LINE.fullmatch(t) for _, t in lines):
        for at, line in lines:
            m = _ASSIGNMENT_LINE.fullmatch(line)
            assert m is not None
            parts.append((at + m.start(1), at + m.end(1)))
    else:
        parts.append((0, len(mt.text)))
    out = []
    for start, end in parts:
        raw = mt.text[start:end]
        value = raw.strip()
        if not value or not literal_value(value, placeholders):
            continue
        lead = start + len(raw) - len(raw.lstrip())
        span = mt.span(lead, lead + len(value))
        out.append((span, file.source.text[span.start : span.end]))
    return out


@dataclass
class _Literals:
    file: ScannedFile
    seen: set[int] = field(default_factory=set)

    def secret_name(self, name: str) -> bool:
        return secret_name(self.file, name)

    def report(self, rule: str, node: Node | None, place: tuple[str, ...], message: str) -> Iterator[Finding]:
        if node is None or id(node) in self.seen:
            return
        self.seen.add(id(node))  # an anchored value used in several places is one secret
        for span, written in literal_spans(self.file, node):
            yield Finding(rule, message, self.file.path, span, place, secret=written)

    def workflow(self, wf: Workflow) -> Iterator[Finding]:
        from ..gha import env_mappings  # imported on first use: most scans have no workflow

        for place, env in env_mappings(wf):
            for k, v in items(env):
                if isinstance(k, ScalarNode) and self.secret_name(k.value):
                    yield from self.report("DCR010", v, (*place, k.value),
                                           f"`{k.value}` in `env:` is assigned a literal secret; "
                                           f"use `${{{{ secrets.{k.value} }}}}` instead")
        for step in wf.steps:
            yield from self.step(step)
        for job in wf.jobs:
            yield from self.job(job)
        yield from self.input_defaults(wf)

    def step(self, step: Step) -> Iterator[Finding]:
        action = step.action or "the action"
        for k, v in items(step.get("with")):
            if not isinstance(k, ScalarNode):
                continue
            name = k.value
            if name.lower() in _PASSWORD_INPUTS or (action in _LOGIN_ACTIONS and name.lower() == "password"):
                yield from self.report("DCR002", v, (*step.place, "with", name),
                                       f"input `{name}` of `{action}` is given a literal credential; "
                                       "pass a secret expression instead")
            elif self.secret_name(name):
                yield from self.report("DCR010", v, (*step.place, "with", name),
                                       f"input `{name}` of `{action}` is given a literal secret; "
                                       "pass a secret expression instead")

    def job(self, job: Job) -> Iterator[Finding]:
        for k, v in items(job.get("with")):
            if isinstance(k, ScalarNode) and self.secret_name(k.value):
                yield from self.report("DCR010", v, (*job.place, "with", k.value),
                                       f"input `{k.value}` of the reusable workflow is given a literal "
                                       "secret; pass it under `secrets:` from a secret expression")
        for k, v in items(job.get("secrets")):
            if isinstance(k, ScalarNode):
                yield from self.report("DCR010", v, (*job.place, "secrets", k.value),
                                       f"secret `{k.value}` of the reusable workflow is given a literal "
                                       "value; pass a secret expression instead")
        holders: list[tuple[tuple[str, ...], Node | None]] = [((*job.place, "container"), job.get("container"))]
        for name, svc in items(job.get("services")):
            if isinstance(name, ScalarNode):
                holders.append(((*job.place, "services", name.value), svc))
        for place, holder in holders:
            password = get(get(holder, "credentials"), "password")
            yield from self.report("DCR010", password, (*place, "credentials", "password"),
                                   f"registry password of `{'.'.join(place[2:])}` in job `{job.id}` is a "
                                   "literal; use `${{ secrets.NAME }}`")

    def input_defaults(self, wf: Workflow) -> Iterator[Finding]:
        """Secret-named inputs of an action or a callable workflow with a literal default."""
        blocks: list[tuple[tuple[str, ...], Node | None]] = [(("inputs",), wf.get("inputs"))]
        on = wf.get("on") or wf.get("true")  # YAML 1.1 reads a bare `on` key as true
        for trigger in ("workflow_call", "workflow_dispatch"):
            blocks.append((("on", trigger, "inputs"), get(get(on, trigger), "inputs")))
        for place, block in blocks:
            for k, v in items(block):
                if isinstance(k, ScalarNode) and self.secret_name(k.value):
                    yield from self.report("DCR010", get(v, "default"), (*place, k.value, "default"),
                                           f"input `{k.value}` has a literal secret as its default; "
                                           "take it from a secret instead")


def github_literals(file: ScannedFile, rule: str) -> Iterator[Finding]:
    """The findings of `rule` (DCR002 or DCR010) among the literals given to a workflow: a
    login input (password, token) is DCR002, another secret-named one DCR010, and a value
    written once and used at several places (a YAML anchor) is reported once."""
    from ..gha import workflows

    lit = _Literals(file)
    for wf in workflows(file):
        yield from (f for f in lit.workflow(wf) if f.rule_id == rule)


# --- CI systems described as data (cisystems.SYSTEMS)

_CI_PASSWORD_INPUTS = frozenset({"password", "token"})


def ci_literals(file: ScannedFile, rule: str) -> Iterator[Finding]:
    """The findings of `rule` (DCR002 or DCR010) among the assignments of a CI system
    described as data: a plugin's password or token input is DCR002; a registry password or
    another secret-named assignment DCR010."""
    from ..cisystems import ci_facts  # imported on first use: most scans have none of these files

    facts = ci_facts(file)
    if facts is None:
        return
    store = facts.system.secret_store
    for a in facts.assignments:
        if a.role == "registry-password":
            rule_of, message = "DCR010", f"registry password `{a.name}` in `{a.label}` is a literal; use {store}"
        elif a.role == "input" and a.name.lower() in _CI_PASSWORD_INPUTS:
            rule_of, message = "DCR002", f"`{a.name}` of `{a.label}` is given a literal credential; use {store}"
        elif secret_name(file, a.name):
            rule_of, message = "DCR010", f"`{a.name}` in `{a.label}` is assigned a literal secret; use {store}"
        else:
            continue
        if rule != rule_of:
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
            yield Finding(rule_of, message, file.path, span, a.place, secret=written)
