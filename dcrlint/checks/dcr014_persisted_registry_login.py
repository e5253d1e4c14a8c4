"""DCR014 persisted-registry-login: a registry login left in the credential store of a runner
that keeps state: GitHub self-hosted runners (and login actions told not to log out), GitLab
jobs on shell-executor runners (`shell-executor-tags`) without a logout in `after_script`."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from yaml.nodes import ScalarNode, SequenceNode

from ..facts import CI_FACTS, GITHUB_WORKFLOWS, GITLAB_CONFIG, SHELL_SCRIPTS, CommandFilter
from ..findings import Finding
from ..logintools import CATALOG, LOGIN_COMMANDS
from ..scanned import ScannedFile
from ..source import Span
from ..yamlsrc import get, mark_offset, scalar_text
from . import FileCheck

if TYPE_CHECKING:
    from ..config import Settings
    from ..gha import Job, Step
    from ..shell.model import Script

# Tools that keep their logins in the docker config, where `docker logout` removes them.
_DOCKER_FAMILY = frozenset(t.program for t in CATALOG if t.stores == "docker-config")
_NOT_KEPT = frozenset({"cluster", "none"})


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


def _logouts(scripts: dict[tuple[str, ...], Script], steps: list[Step]) -> list[_Logout]:
    """The logouts among the steps; `scripts`: the file's shell scripts by place, made once
    per file (once per job made a workflow with thousands of jobs quadratic)."""
    from ..shell.model import Command

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


def check_github(file: ScannedFile) -> Iterator[Finding]:
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
            logouts = _logouts(scripts, steps)
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
                    if login.entry.stores in _NOT_KEPT:
                        continue  # a cluster Secret, or credentials for one command: nothing on the runner
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




# --- GitLab CI


def _tags(holder: object) -> list[str]:
    tags = holder.get("tags") if isinstance(holder, dict) else None
    if isinstance(tags, SequenceNode):
        return [t.value for t in tags.value if isinstance(t, ScalarNode)]
    return []


_LOGOUT = re.compile(r"\blogout\b|\brm\b[^\n]*\.docker")


def check_gitlab(file: ScannedFile) -> Iterator[Finding]:
    """DCR014: a login in a job that runs on a shell executor (tags from the configuration)
    whose `after_script` does not log out."""
    from ..shell.logins import find_logins

    shell_tags = {t.lower() for t in file.settings.shell_executor_tags}
    from ..gitlabci import gitlab_config

    cfg = gitlab_config(file)
    if cfg is None or not shell_tags:
        return
    by_start = {ctx.text.offset(0): script for ctx, script in file.shell_scripts if ctx.text.text}
    default = cfg.top.get("default")
    for name in cfg.job_names:
        job = cfg.job(name)
        if name.startswith(".") or not isinstance(job, dict):
            continue
        tags = _tags(job) or _tags(default)
        if not shell_tags.intersection(t.lower() for t in tags):
            continue
        after = job.get("after_script")
        if after is None and isinstance(default, dict):
            after = default.get("after_script")
        if _LOGOUT.search("\n".join(n.value for n in cfg.script_items(after))):
            continue
        for key in ("before_script", "script"):
            value = job.get(key)
            if value is None and key == "before_script" and isinstance(default, dict):
                value = default.get(key)
            items = [n for n in cfg.script_items(value) if cfg.is_local(n)]
            script = by_start.get(scalar_text(items[0], file.source).offset(0)) if items else None
            if script is None:
                continue
            for login in find_logins(script):
                words = login.command.words
                if login.entry.stores in _NOT_KEPT:
                    continue  # a cluster Secret, or credentials for one command: nothing on the runner
                last = next((k for k, w in enumerate(words[:5]) if w.text == "login"), 0)
                yield Finding("DCR014",
                              f"`{login.tool}` login in job `{name}` on a shell-executor runner is not "
                              "logged out; add the logout to `after_script`",
                              file.path, Span(words[0].span.start, words[last].span.end), (name, key))




def _may_log_out(text: str, settings: Settings) -> bool:
    return "logout" in text or ".docker" in text  # `docker logout`, `rm ~/.docker/config.json`


LOGOUT_COMMANDS = CommandFilter("logouts", _may_log_out)

# --- CI systems described as data (cisystems.SYSTEMS): self-hosted agents and shell runners


def _script_logouts(script: Script) -> list[tuple[str, str | None]]:
    """(program, registry) of each logout in a script; ("docker", "*") for removing the config."""
    out: list[tuple[str, str | None]] = []
    for cmd in script.commands:
        words = [w.text for w in cmd.words]
        if not words:
            continue
        prog = words[0].rsplit("/", 1)[-1].lower()
        if prog == "rm" and any(".docker" in w for w in words[1:]):
            out.append(("docker", "*"))
        elif "logout" in words[1:4]:
            operands = [w for w in words[words.index("logout") + 1 :] if not w.startswith("-")]
            out.append((prog, _norm_registry(operands[0]) if operands else None))
    return out


def check_ci_systems(file: ScannedFile) -> Iterator[Finding]:
    """DCR014: a login in a job on a runner that keeps state, with no logout in a script of the
    job that always runs after it."""
    from ..shell.logins import find_logins, registry_label

    facts = file.get(CI_FACTS)
    if facts is None or facts.system.runner is None or not any(s.keeps_state for s in facts.scripts):
        return
    parsed = {ctx.place: script for ctx, script in file.get(SHELL_SCRIPTS)}
    ordered = [(s, parsed.get(s.place)) for s in facts.scripts]
    for i, (s, script) in enumerate(ordered):
        if not s.keeps_state or script is None:
            continue
        logouts = [lo for other, other_script in ordered[i:] if other.job == s.job and other.always
                   and other_script is not None for lo in _script_logouts(other_script)]
        for login in find_logins(script):
            if login.entry.stores in _NOT_KEPT:
                continue
            words = login.command.words
            program = words[0].text.rsplit("/", 1)[-1].lower()
            reg = _norm_registry(login.registry.text) if login.registry is not None else None
            if any((p == program or (p == "docker" and program in _DOCKER_FAMILY)) and _registry_matches(reg, r)
                   for p, r in logouts):
                continue
            last = next((k for k, w in enumerate(words[:5]) if w.text == "login"), 0)
            yield Finding("DCR014",
                          f"`{login.tool}` login{registry_label(login)} on a runner that keeps state is never "
                          f"logged out; add the logout to {facts.system.runner.logout_where}",
                          file.path, Span(words[0].span.start, words[last].span.end), s.place)


CHECKS = (
    FileCheck(rules=("DCR014",), run=check_github, facts=(GITHUB_WORKFLOWS, SHELL_SCRIPTS),
              commands=(LOGIN_COMMANDS, LOGOUT_COMMANDS)),
    FileCheck(rules=("DCR014",), run=check_gitlab, facts=(GITLAB_CONFIG, SHELL_SCRIPTS),
              commands=(LOGIN_COMMANDS,)),
    FileCheck(rules=("DCR014",), run=check_ci_systems, facts=(CI_FACTS, SHELL_SCRIPTS),
              commands=(LOGIN_COMMANDS, LOGOUT_COMMANDS)),
)
