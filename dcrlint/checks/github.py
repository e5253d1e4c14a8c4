"""GitHub Actions: DCR010 literal secrets in `env:`/`with:`/credentials, DCR002 literal
passwords given to login actions, DCR011 secrets expanded into `run:` (with a fix),
DCR013 overbroad secrets, DCR014 registry logins left on stateful runners."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from yaml.nodes import MappingNode, Node, ScalarNode

from ..classify import FileKind
from ..findings import Edit, Finding, Fix
from ..scanned import ScannedFile
from ..source import Span
from ..values import ValueKind, classify, is_secret_name
from ..yamlsrc import get, mapping_items, mark_offset, scalar_text, walk
from . import FileCheck

if TYPE_CHECKING:
    from ..gha import Job, Step, Workflow

_GITHUB = frozenset({FileKind.GITHUB_WORKFLOW, FileKind.GITHUB_ACTION})
_STR_TAG = "tag:yaml.org,2002:str"
_EMPTY = MappingNode("tag:yaml.org,2002:map", [])
_EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}", re.S)
_SECRETS_REF = re.compile(r"\bsecrets\b")
_SIMPLE_SECRET = re.compile(r"""\s*secrets\s*(?:\.\s*([A-Za-z_][A-Za-z0-9_-]*)|\[\s*'([^']+)'\s*\])\s*""")
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_TOJSON_SECRETS = re.compile(r"\btojson\s*\(\s*secrets\s*\)", re.I)
_LOGIN_ACTIONS = frozenset({"docker/login-action"})
_PASSWORD_INPUTS = frozenset({"password", "token"})


def _items(node: Node | None) -> list[tuple[Node, Node]]:
    return mapping_items(node) if isinstance(node, MappingNode) else []


_ASSIGNMENT_LINE = re.compile(r"[ \t]*[A-Za-z_][\w.-]*=(.*)")


def secret_name(file: ScannedFile, name: str) -> bool:
    return is_secret_name(name, file.settings.secret_names)


def literal_value(value: str, placeholders: tuple[str, ...]) -> bool:
    """A literal credential: not a variable, expression or placeholder."""
    return classify(value, placeholders) is ValueKind.LITERAL


def literal_spans(file: ScannedFile, node: Node | None) -> list[tuple[Span, str]]:
    """Spans and written text of the literal secrets a scalar holds: the whole value, or each
    value of a block of `ID=value` lines (build secrets). Numbers and flags are not secrets."""
    if not isinstance(node, ScalarNode) or (node.style is None and node.tag != _STR_TAG):
        return []
    placeholders = file.settings.placeholders
    mt = scalar_text(node, file.source)
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


# --- DCR010 / DCR002 ------------------------------------------------------------------------


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
            for k, v in _items(env):
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
        for k, v in _items(step.get("with")):
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
        for k, v in _items(job.get("with")):
            if isinstance(k, ScalarNode) and self.secret_name(k.value):
                yield from self.report("DCR010", v, (*job.place, "with", k.value),
                                       f"input `{k.value}` of the reusable workflow is given a literal "
                                       "secret; pass it under `secrets:` from a secret expression")
        for k, v in _items(job.get("secrets")):
            if isinstance(k, ScalarNode):
                yield from self.report("DCR010", v, (*job.place, "secrets", k.value),
                                       f"secret `{k.value}` of the reusable workflow is given a literal "
                                       "value; pass a secret expression instead")
        holders: list[tuple[tuple[str, ...], Node | None]] = [((*job.place, "container"), job.get("container"))]
        for name, svc in _items(job.get("services")):
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
            for k, v in _items(block):
                if isinstance(k, ScalarNode) and self.secret_name(k.value):
                    yield from self.report("DCR010", get(v, "default"), (*place, k.value, "default"),
                                           f"input `{k.value}` has a literal secret as its default; "
                                           "take it from a secret instead")


def check_literals(file: ScannedFile) -> Iterator[Finding]:
    from ..gha import workflows

    lit = _Literals(file)
    for wf in workflows(file):
        yield from lit.workflow(wf)


# --- DCR011 -------------------------------------------------------------------------------


def _quote_state(text: str, upto: int, escape: str) -> str:
    """Quote the shell is inside at text[upto]: "", "'" or '"' (expressions skipped)."""
    state = ""
    i = 0
    while i < upto:
        if text.startswith("${{", i):
            close = text.find("}}", i)
            i = close + 2 if 0 <= close < upto else upto
            continue
        c = text[i]
        if state == "'":
            if c == "'":
                state = ""
        elif c == escape:
            i += 1
        elif state == '"':
            if c == '"':
                state = ""
        elif c in "'\"":
            state = c
        elif c == "#" and (i == 0 or text[i - 1] in " \t\n;"):
            nl = text.find("\n", i)
            i = upto if nl < 0 or nl >= upto else nl
            continue
        i += 1
    return state


def _shell_ref(dialect: str, state: str, name: str) -> str | None:
    if dialect == "sh":
        return {"": f'"${name}"', '"': f"${{{name}}}", "'": f"'\"${name}\"'"}[state]
    if dialect == "pwsh":
        return {"": f"$env:{name}", '"': f"${{env:{name}}}"}.get(state)
    if dialect == "cmd":
        return f"%{name}%"
    return None


def _yaml_encode(node: ScalarNode, text: str, at_start: bool) -> str | None:
    """Text to write inside the scalar so that it decodes to `text`."""
    if node.style == '"':
        return text.replace("\\", "\\\\").replace('"', '\\"')
    if node.style == "'":
        return text.replace("'", "''")
    if node.style in ("|", ">"):
        return text
    if at_start and text[:1] in ("'", '"', "%"):
        return None  # a plain scalar cannot start with a quote
    return text


def _line_after(text: str, end: int) -> tuple[int, str]:
    """Insertion point after the line holding the last non-blank character before `end`,
    and the prefix needed there (a line break when the file does not end with one)."""
    p = end
    while p > 0 and text[p - 1] in " \t\r\n":
        p -= 1
    nl = text.find("\n", p)
    if nl < 0:
        return len(text), "\n"
    return nl + 1, ""


def _env_edit(file: ScannedFile, step: Step, wanted: dict[str, str]) -> Edit | None:
    """One edit adding `NAME: ${{ secrets.X }}` lines to the step's `env:` (creating it)."""
    text = file.source.text
    env = step.get("env")
    existing = {k.value: v for k, v in _items(env) if isinstance(k, ScalarNode)}
    lines = []
    for name, expr in sorted(wanted.items()):
        have = existing.get(name)
        if have is None:
            lines.append(f"{name}: {expr}")
        elif not (isinstance(have, ScalarNode) and have.value.strip() == expr):
            return None  # the name is taken by something else
    if not lines:
        return Edit(Span(0, 0), "")
    if isinstance(env, MappingNode) and env.value:
        if env.flow_style:
            close = mark_offset(file.source, env.end_mark) - 1
            if text[close : close + 1] != "}":
                return None
            quoted = [line.replace(": ", ": '", 1) + "'" for line in lines]  # `{` is special in flow style
            return Edit(Span(close, close), ", " + ", ".join(quoted))
        indent = env.value[0][0].start_mark.column
        at, pre = _line_after(text, mark_offset(file.source, env.value[-1][1].end_mark))
        return Edit(Span(at, at), pre + "".join(" " * indent + line + "\n" for line in lines))
    if env is not None or step.node.flow_style or not step.node.value:
        return None
    col = step.node.value[0][0].start_mark.column
    unit = 2
    for _, v in step.node.value:
        if isinstance(v, MappingNode) and v.value and not v.flow_style:
            unit = max(1, v.value[0][0].start_mark.column - col)
            break
    at, pre = _line_after(text, mark_offset(file.source, step.node.value[-1][1].end_mark))
    body = "".join(" " * (col + unit) + line + "\n" for line in lines)
    return Edit(Span(at, at), pre + " " * col + "env:\n" + body)


def check_run_secrets(file: ScannedFile) -> Iterator[Finding]:
    """DCR011: `${{ secrets.X }}` written into `run:` text."""
    from ..gha import run_steps, step_dialect

    text = file.source.text
    scripts = {ctx.place: ctx.text for ctx in file.shell_contexts}  # each `run:` decoded once
    for step in run_steps(file):
        run = step.run
        if run is None:
            continue
        mt = scripts.get((*step.place, "run")) or scalar_text(run, file.source)
        lang = step_dialect(step)
        hits = []
        wanted: dict[str, str] = {}
        for m in _EXPRESSION.finditer(mt.text):
            if not _SECRETS_REF.search(m.group(1)):
                continue
            simple = _SIMPLE_SECRET.fullmatch(m.group(1))
            name = (simple.group(1) or simple.group(2)) if simple else None
            env_name = name if name and _ENV_NAME.fullmatch(name) else None
            hits.append((m, name, env_name))
            if env_name:
                wanted[env_name] = f"${{{{ secrets.{name} }}}}"
        env_edit = _env_edit(file, step, wanted) if wanted else None
        for m, name, env_name in hits:
            span = mt.span(m.start(), m.end())
            fix = None
            if env_name and env_edit is not None and text[span.start : span.end] == m.group():
                fix = _run_fix(file, run, mt.text, m.start(), m.end(), span, lang, env_name, env_edit)
            label = f"secret `{name}`" if name else "a secret"
            yield Finding("DCR011",
                          f"{label} is expanded into the `run:` script text; pass it through `env:` "
                          "and reference the environment variable",
                          file.path, span, (*step.place, "run"), fix=fix)


def _run_fix(file: ScannedFile, run: ScalarNode, script: str, s: int, e: int, span: Span,
             lang: str, env_name: str, env_edit: Edit) -> Fix | None:
    escape = "`" if lang == "pwsh" else "\\"
    state = _quote_state(script, s, escape) if lang in ("sh", "pwsh") else ""
    text = file.source.text
    start, end = span.start, span.end
    whole = script[s - 1 : s] == "'" and script[e : e + 1] == "'"  # the quotes hold only the expression
    if lang == "sh" and state == "'" and whole and text[start - 1 : start] == "'" \
            and text[end : end + 1] == "'" and run.style in ("|", ">", None):
        start, end, state = start - 1, end + 1, ""
        s -= 1
    ref = _shell_ref(lang, state, env_name)
    if ref is None:
        return None
    written = _yaml_encode(run, ref, s == 0)
    if written is None:
        return None
    edits = [Edit(Span(start, end), written)]
    if env_edit.text:
        edits.append(env_edit)
    return Fix(f"pass the secret through the step's env as `{env_name}`", tuple(edits))


# --- DCR013 -------------------------------------------------------------------------------


def check_overbroad(file: ScannedFile) -> Iterator[Finding]:
    """DCR013: `secrets: inherit` and `toJSON(secrets)`."""
    from ..gha import workflows

    source = file.source
    for wf in workflows(file):
        for job in wf.jobs:
            for k, v in _items(job.node):
                if isinstance(k, ScalarNode) and k.value == "secrets" and isinstance(v, ScalarNode) \
                        and v.value.strip() == "inherit":
                    yield Finding("DCR013",
                                  f"job `{job.id}` passes every secret to the reusable workflow "
                                  "(`secrets: inherit`); pass only the secrets it needs",
                                  file.path, Span(mark_offset(source, k.start_mark), mark_offset(source, v.end_mark)),
                                  (*job.place, "secrets"))
    seen: set[Span] = set()
    for doc in file.yaml_documents:
        for path, node in walk(doc):
            if not isinstance(node, ScalarNode) or not _TOJSON_SECRETS.search(node.value):
                continue
            mt = scalar_text(node, source)
            for m in _TOJSON_SECRETS.finditer(mt.text):
                start, end = m.start(), m.end()
                for e in _EXPRESSION.finditer(mt.text):  # the whole `${{ ... }}` holding it
                    if e.start() <= start and end <= e.end():
                        start, end = e.start(), e.end()
                span = mt.span(start, end)
                if span in seen:
                    continue
                seen.add(span)
                yield Finding("DCR013",
                              "`toJSON(secrets)` hands every secret of the repository to one place; "
                              "reference only the secrets needed",
                              file.path, span, tuple(str(p) for p in path))


# --- DCR014 -------------------------------------------------------------------------------

_DOCKER_FAMILY = frozenset({"docker", "az", "cosign", "crane", "oras", "nerdctl", "regctl"})


@dataclass(frozen=True)
class _Logout:
    index: int  # step index in the job
    always: bool
    program: str
    registry: str | None  # None: the default registry; "*": every registry


def _norm_registry(value: str | None) -> str | None:
    if value is None:
        return None
    v = value.strip().strip("'\"").lower()
    v = re.sub(r"^[a-z]+://", "", v).rstrip("/")
    return v or None


def _registry_matches(login: str | None, logout: str | None) -> bool:
    if logout == "*" or login == logout:
        return True
    return any(x is not None and "$" in x for x in (login, logout))


def _logouts(file: ScannedFile, steps: list[Step]) -> list[_Logout]:
    from ..shell.model import Command

    scripts = {ctx.place: script for ctx, script in file.shell_scripts}
    out: list[_Logout] = []
    for i, step in enumerate(steps):
        script = scripts.get((*step.place, "run"))
        if script is None:
            continue
        for cmd in script.commands:
            assert isinstance(cmd, Command)
            words = [w.text for w in cmd.words]
            if not words:
                continue
            prog = words[0].rsplit("/", 1)[-1].lower()
            if prog == "rm" and any(".docker" in w for w in words[1:]):
                out.append(_Logout(i, step.always, "docker", "*"))
            elif "logout" in words[1:4]:
                at = words.index("logout")
                operands = [w for w in words[at + 1 :] if not w.startswith("-")]
                out.append(_Logout(i, step.always, prog, _norm_registry(operands[0]) if operands else None))
    return out


def _logged_out(logouts: list[_Logout], index: int, program: str, registry: str | None) -> bool:
    for lo in logouts:
        if lo.index < index or not lo.always:
            continue
        same_tool = lo.program == program or (lo.program == "docker" and program in _DOCKER_FAMILY)
        if same_tool and _registry_matches(registry, lo.registry):
            return True
    return False


def check_persisted_logins(file: ScannedFile) -> Iterator[Finding]:
    """DCR014: a login left in the runner's credential store."""
    from ..gha import workflows
    from ..shell.logins import find_logins, registry_label

    scripts = {ctx.place: script for ctx, script in file.shell_scripts}
    source = file.source
    for wf in workflows(file):
        groups: list[tuple[Job | None, list[Step]]] = [(job, job.steps) for job in wf.jobs]
        if wf.is_action:
            groups.append((None, wf.action_steps))
        for job, steps in groups:
            logouts = _logouts(file, steps)
            self_hosted = job is not None and job.self_hosted
            for i, step in enumerate(steps):
                action = step.action or ""
                uses = step.get("uses")
                with_ = step.get("with")
                keeps = None
                if action == "docker/login-action":
                    flag = get(with_, "logout")
                    if isinstance(flag, ScalarNode) and flag.value.strip().lower() == "false":
                        keeps = "`logout: false`"
                    program = "docker"
                elif action == "aws-actions/amazon-ecr-login":
                    flag = get(with_, "skip-logout")
                    if isinstance(flag, ScalarNode) and flag.value.strip().lower() == "true":
                        keeps = "`skip-logout: true`"
                    program = "docker"
                if keeps and isinstance(uses, ScalarNode):
                    registry = get(with_, "registry")
                    reg = _norm_registry(registry.value) if isinstance(registry, ScalarNode) else None
                    if not _logged_out(logouts, i + 1, program, reg if action == "docker/login-action" else "$"):
                        yield Finding("DCR014",
                                      f"`{action}` with {keeps} leaves the registry login in the runner's "
                                      "docker config; let the action log out, or log out in an "
                                      "`if: always()` step",
                                      file.path, Span(mark_offset(source, uses.start_mark),
                                                      mark_offset(source, uses.end_mark)),
                                      (*step.place, "uses"))
                if not self_hosted:
                    continue
                script = scripts.get((*step.place, "run"))
                if script is None:
                    continue
                for login in find_logins(script):
                    words = login.command.words
                    program = words[0].text.rsplit("/", 1)[-1].lower()
                    if program == "kubectl":
                        continue  # creates a cluster Secret, stores nothing on the runner
                    reg = _norm_registry(login.registry.text) if login.registry is not None else None
                    if _logged_out(logouts, i + (0 if step.always else 1), program, reg):
                        continue
                    last = next((k for k, w in enumerate(words[:5]) if w.text == "login"), 0)
                    span = Span(words[0].span.start, words[last].span.end)
                    where = registry_label(login)
                    yield Finding("DCR014",
                                  f"`{login.tool}` login{where} on a self-hosted runner is never logged out; "
                                  "add the logout to an `if: always()` step",
                                  file.path, span, (*step.place, "run"))


CHECKS = (
    FileCheck(rules=("DCR010", "DCR002"), run=check_literals, kinds=_GITHUB),
    FileCheck(rules=("DCR011",), run=check_run_secrets, kinds=_GITHUB),
    FileCheck(rules=("DCR013",), run=check_overbroad, kinds=_GITHUB),
    FileCheck(rules=("DCR014",), run=check_persisted_logins, kinds=_GITHUB),
)
