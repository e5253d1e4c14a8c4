"""DCR014 persisted-registry-login: a registry login left in the credential store of a runner
that keeps state: GitHub self-hosted runners (and login actions told not to log out), GitLab
jobs on shell-executor runners (`shell-executor-tags`) without a logout in `after_script`."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..facts import (
    ACTION_INPUTS,
    CI_FACTS,
    GITHUB_WORKFLOWS,
    GITLAB_CONFIG,
    LOGINS,
    SHELL_SCRIPTS,
    CommandFilter,
)
from ..findings import Finding
from ..lazyre import lazy_compile
from ..logintools import LOGIN_COMMANDS, may_log_in
from ..options import STRINGS, Option
from ..records import lazy_dataclass
from ..scanned import ScannedFile
from ..shell.spelling import words
from ..source import MappedText, Span
from . import FileCheck
from ._spellings import may_read

if TYPE_CHECKING:
    from ..config import Settings
    from ..gha import Job, Step
    from ..shell.logins import Login, Logout
    from ..shell.model import Script

_NOT_KEPT = frozenset({"cluster", "none"})


SHELL_EXECUTOR_TAGS: Option[tuple[str, ...]] = Option(
    "shell-executor-tags", STRINGS, (),
    doc="GitLab runner tags that mean a shell executor (a runner that keeps state between jobs): a job "
        "with one of them that logs in to a registry without a logout in `after_script` is reported. "
        "None by default: the GitLab half of the rule is silent.")
OPTIONS = (SHELL_EXECUTOR_TAGS,)


@lazy_dataclass(frozen=True)
class _Logout:
    index: int  # step index in the job
    always: bool
    logout: Logout


def _logouts(scripts: dict[tuple[str, ...], Script], steps: list[Step]) -> list[_Logout]:
    """The logouts among the steps; `scripts`: the file's shell scripts by place, made once
    per file (once per job made a workflow with thousands of jobs quadratic)."""
    from ..shell.logins import find_logouts

    out: list[_Logout] = []
    for i, step in enumerate(steps):
        script = scripts.get((*step.place, "run"))
        if script is not None:
            out.extend(_Logout(i, step.always, lo) for lo in find_logouts(script))
    return out


def _logged_out(logouts: list[_Logout], index: int, login: Login | None = None,
                registry: str | None = None) -> bool:
    """A logout in an always-run step from `index` on clears the login (or, for a login
    action, docker's login to `registry`)."""
    for lo in logouts:
        if lo.index < index or not lo.always:
            continue
        if lo.logout.clears(login) if login is not None else lo.logout.matches("docker", registry):
            return True
    return False


# The job's temporary folder on a GitHub runner, which it empties before and after each job
# (`${{ runner.temp }}`, `$RUNNER_TEMP`): a login kept under it is gone with the job.
_JOB_TEMP = lazy_compile(r"""["']?(?:\$\{\{\s*runner\.temp\s*\}\}|\$\{?RUNNER_TEMP\}?)(?:[/"']|$)""")
# Where each kind of login keeps its credentials when the environment says so, and the options
# that say so for one command (`docker --config DIR`, `podman login --authfile F`).
_STORE_VARIABLES = {"docker-config": "DOCKER_CONFIG", "containers-auth": "REGISTRY_AUTH_FILE",
                    "helm": "HELM_REGISTRY_CONFIG"}
_STORE_OPTIONS = frozenset({"--config", "--authfile", "--registry-config"})
# A value as an assignment writes it (quoted, a command substitution, a bare word).
_VALUE = r"""("[^"\n]*"|'[^'\n]*'|\$\([^()\n]*\)|`[^`\n]*`|[^\s;&|]*)"""
# A temporary file or folder made for the script (`$(mktemp -d)`), and a variable's value.
_MKTEMP = lazy_compile(r"""["']?(?:\$\(|`)[ \t]*mktemp(?:[ \t][^)`]*)?[)`]["']?""")
_REFERENCE = lazy_compile(r"""["']?\$\{?([A-Za-z_]\w*)\}?(?:/[^"']*)?["']?""")


def _last_value(variable: str, before: str) -> str | None:
    """The value the script last gives `variable` in `before` ("" after an `unset` of it), None
    when it gives none there."""
    value = None
    for m in re.finditer(r"(?:^|[\s;&|(])(?:(?:export[ \t]+)?" + variable + "=" + _VALUE
                         + r"|unset[ \t]+(?:-v[ \t]+)?(?:\w+[ \t]+)*" + variable + r"(?![\w=]))", before):
        value = m.group(1) or ""
    return value


def _store_given(login: Login, env: dict[str, str], before: str) -> tuple[str, list[str]] | None:
    """Where the login writes its credentials as written: by an option of the command, else an
    assignment before it (on the command, then the last in the script `before` it; an `unset`
    gives none), else the step's environment; with the variables that named it. None: the
    default store."""
    words = login.command.words
    for k, w in enumerate(words):
        option, eq, value = w.text.partition("=")
        if option in _STORE_OPTIONS:
            return (value if eq else (words[k + 1].text if k + 1 < len(words) else "")), []
    variable = _STORE_VARIABLES.get(login.entry.stores)
    if variable is None:
        return None
    for name, word in login.command.assignments:
        if name == variable:
            return word.text, [variable]
    assigned = _last_value(variable, before)
    given = assigned if assigned is not None else env.get(variable, "")
    return (given, [variable]) if given else None


def _gone_with_script(given: str, names: list[str], before: str, after: str) -> bool:
    """The store is a temporary file or folder the script makes (`$(mktemp -d)`, directly or
    through a variable holding it) and removes: by an `rm` of it after the login, or by a
    `trap ... EXIT` (its own `rm`, or a function of the script that removes it)."""
    for _ in range(3):  # DOCKER_CONFIG="$T" after T=$(mktemp -d)
        ref = _REFERENCE.fullmatch(given)
        if ref is None:
            break
        names.append(ref.group(1))
        given = _last_value(ref.group(1), before) or ""
    if not names or _MKTEMP.fullmatch(given) is None:
        return False
    # (the store, as `$T`, `${T}` or shellcheck's safe `${T:?}`, `${T%/}`; or its credentials file;
    # not a folder inside it: `"$T/old"` leaves config.json)
    alternatives = "|".join(names)
    rm = re.compile(r"(?:^|[\s;&|(])rm[ \t]+(?:-\S+[ \t]+)*[\"']?\$(?:\{(?:" + alternatives
                    + r")(?::?[?%][^}]*)?\}|(?:" + alternatives + r")(?!\w))(?:/(?:config|auth)\.json)?/?"
                    + r"""(?=["'\s;&|)]|$)""")
    if rm.search(after):
        return True
    for trap in re.finditer(r"""(?:^|[\s;&|(])trap[ \t]+('[^'\n]*'|"[^"\n]*"|[\w-]+)[ \t]+[^\n;&|]*?\b(?:EXIT|0)\b""",
                            before + "\n" + after):
        action = trap.group(1)
        if rm.search(action.strip("'\"")) or (action[0] not in "'\"" and rm.search(before + "\n" + after)):
            return True
    return False


def _not_persisted(login: Login, env: dict[str, str], before: str, after: str, job_temp: bool) -> bool:
    """The login writes its credentials where they go with the job: under the job's temporary
    folder (`job_temp`: a GitHub runner's) or a temporary one the script removes."""
    store = _store_given(login, env, before)
    if store is None:
        return False
    given, names = store
    return (job_temp and _JOB_TEMP.match(given) is not None) or _gone_with_script(given, names, before, after)


def _around(text: MappedText, span: Span) -> tuple[str, str]:
    """The script's text before and after the command at file span `span`."""
    key = text.offset
    positions = range(len(text.text))
    return (text.text[: bisect.bisect_left(positions, span.start, key=key)],
            text.text[bisect.bisect_left(positions, span.end, key=key):])


def may_report_github(file: ScannedFile) -> bool:
    """Gate of `check_github`. It reports a login action told not to log out (its `logout` or
    `skip-logout` input) or a shell login on a `self-hosted` runner: most workflows name
    neither (any case, escapes decoded), and few log in."""
    return may_read(file, "logout", "self-hosted") and _may_log_in(file)


def check_github(file: ScannedFile) -> Iterator[Finding]:
    """DCR014: a login left in the runner's credential store."""
    if not may_report_github(file):
        return
    from ..gha import env_of, workflows
    from ..shell.logins import normalise_registry, registry_label

    scripts = {ctx.place: script for ctx, script in file.shell_scripts}
    texts = {ctx.place: ctx.text for ctx, _ in file.shell_scripts}
    logins = _logins_by_script(file)
    inputs: dict[tuple[str, ...], dict[str, str]] = {}  # step place -> its `with:` inputs
    for put in file.get(ACTION_INPUTS):
        if put.taker == "action":
            inputs.setdefault(put.place[:-2], {})[put.name] = put.value
    source = file.source
    for wf in workflows(file):
        groups: list[tuple[Job | None, list[Step]]] = [(job, job.steps) for job in wf.jobs]
        if wf.is_action:
            groups.append((None, wf.action_steps))
        for job, steps in groups:
            logouts: list[_Logout] | None = None  # looked for when a login needs them (few jobs)
            self_hosted = job is not None and job.self_hosted
            for i, step in enumerate(steps):
                action = step.action or ""
                given = inputs.get(step.place, {})
                keeps = None
                if action == "docker/login-action" and given.get("logout", "").strip().lower() == "false":
                    keeps = "`logout: false`"
                elif action == "aws-actions/amazon-ecr-login" and \
                        given.get("skip-logout", "").strip().lower() == "true":
                    keeps = "`skip-logout: true`"
                uses = step.span_of("uses", source) if keeps else None
                if keeps and uses is not None and not _JOB_TEMP.match(env_of(step).get("DOCKER_CONFIG", "")):
                    registry = given.get("registry")
                    reg = normalise_registry(registry) if registry is not None else None
                    logouts = _logouts(scripts, steps) if logouts is None else logouts
                    if not _logged_out(logouts, i + 1, registry=reg if action == "docker/login-action" else "$"):
                        yield Finding("DCR014",
                                      f"`{action}` with {keeps} leaves the registry login in the runner's "
                                      "docker config; let the action log out, or log out in an "
                                      "`if: always()` step",
                                      file.path, uses, (*step.place, "uses"))
                if not self_hosted:
                    continue
                script = scripts.get((*step.place, "run"))
                if script is None:
                    continue
                env: dict[str, str] | None = None
                for login in logins.get(id(script), ()):
                    words = login.command.words
                    if login.entry.stores in _NOT_KEPT:
                        continue  # a cluster Secret, or credentials for one command: nothing on the runner
                    env = env_of(step) if env is None else env
                    before, after = _around(texts[(*step.place, "run")], login.command.span)
                    if _not_persisted(login, env, before, after, job_temp=True):
                        continue  # the runner empties the job's temporary folder; the script its own
                    logouts = _logouts(scripts, steps) if logouts is None else logouts
                    if _logged_out(logouts, i + (0 if step.always else 1), login):
                        continue
                    last = next((k for k, w in enumerate(words[:5]) if w.text == "login"), 0)
                    span = Span(words[0].span.start, words[last].span.end)
                    where = registry_label(login)
                    yield Finding("DCR014",
                                  f"`{login.tool}` login{where} on a self-hosted runner is never logged out; "
                                  "add the logout to an `if: always()` step",
                                  file.path, span, (*step.place, "run"))




# --- GitLab CI


def _logins_by_script(file: ScannedFile) -> dict[int, list[Login]]:
    """The file's logins (the LOGINS fact: the configured placeholders hold) by parsed script."""
    out: dict[int, list[Login]] = {}
    for site in file.get(LOGINS):
        out.setdefault(id(site.script), []).append(site.login)
    return out


def _script_at(by_start: dict[int, Script], start: int | None) -> Script | None:
    """The parsed shell context starting at `start` (a GitLab script key's value)."""
    return by_start.get(start) if start is not None else None


def may_report_gitlab(file: ScannedFile) -> bool:
    """Gate of `check_gitlab`: shell-executor tags are configured (none by default) and the
    file may log in."""
    return bool(SHELL_EXECUTOR_TAGS.of(file.settings)) and may_log_in(file)


def check_gitlab(file: ScannedFile) -> Iterator[Finding]:
    """DCR014: a login in a job that runs on a shell executor (tags from the configuration)
    whose `after_script` does not log out."""
    from ..gitlabci import gitlab_config

    shell_tags = {t.lower() for t in SHELL_EXECUTOR_TAGS.of(file.settings)}
    cfg = gitlab_config(file)
    if cfg is None or not shell_tags:
        return
    from ..gitlabci import tags as gitlab_tags
    from ..shell.logins import find_logouts

    by_start = {ctx.text.offset(0): script for ctx, script in file.shell_scripts if ctx.text.text}
    texts = {id(script): ctx.text for ctx, script in file.shell_scripts}
    logins = _logins_by_script(file)
    default = cfg.top.get("default")
    for name in cfg.job_names:
        job = cfg.job(name)
        if name.startswith(".") or not isinstance(job, dict):
            continue
        tags = gitlab_tags(job) or gitlab_tags(default)
        if not shell_tags.intersection(t.lower() for t in tags):
            continue
        after = job.get("after_script")
        if after is None and isinstance(default, dict):
            after = default.get("after_script")
        cleanup = _script_at(by_start, cfg.script_start(after))
        logouts = find_logouts(cleanup) if cleanup is not None else []
        for key in ("before_script", "script"):
            value = job.get(key)
            if value is None and key == "before_script" and isinstance(default, dict):
                value = default.get(key)
            script = _script_at(by_start, cfg.script_start(value))
            if script is None:
                continue
            for login in logins.get(id(script), ()):
                words = login.command.words
                if login.entry.stores in _NOT_KEPT or any(lo.clears(login) for lo in logouts):
                    continue  # nothing kept on the runner (a cluster Secret, one command's), or logged out
                if _not_persisted(login, {}, *_around(texts[id(script)], login.command.span), job_temp=False):
                    continue  # a temporary store the script removes
                last = next((k for k, w in enumerate(words[:5]) if w.text == "login"), 0)
                yield Finding("DCR014",
                              f"`{login.tool}` login in job `{name}` on a shell-executor runner is not "
                              "logged out; add the logout to `after_script`",
                              file.path, Span(words[0].span.start, words[last].span.end), (name, key))




def _may_log_out(text: str, settings: Settings) -> bool:
    """`docker logout`, `rm ~/.docker/config.json`, in a text read without its quotes and
    escapes (`lo"gout"`), as the parser reads words."""
    low = words(text)
    return low is None or "logout" in low or ".docker" in low


def _may_log_in(file: ScannedFile, text: str = "") -> bool:
    """A logout counts only against a login in the same file: a shell login (the file's login
    test, `logintools.may_log_in`) or, in GitHub Actions, a login action (its name read in any
    case, escapes decoded)."""
    return may_log_in(file) or (file.kind.value.startswith("github")
                                and may_read(file, "docker/login-action", "aws-actions/amazon-ecr-login"))


LOGOUT_COMMANDS = CommandFilter("logouts", _may_log_out, when=_may_log_in)

# --- CI systems described as data (cisystems.SYSTEMS): self-hosted agents and shell runners


def check_ci_systems(file: ScannedFile) -> Iterator[Finding]:
    """DCR014: a login in a job on a runner that keeps state, with no logout in a script of the
    job that always runs after it."""
    from ..shell.logins import find_logouts, registry_label

    facts = file.get(CI_FACTS)
    if facts is None or facts.system.runner is None or not any(s.keeps_state for s in facts.scripts):
        return
    parsed = {ctx.place: script for ctx, script in file.get(SHELL_SCRIPTS)}
    texts = {id(script): ctx.text for ctx, script in file.get(SHELL_SCRIPTS)}
    logins = _logins_by_script(file)
    ordered = [(s, parsed.get(s.place)) for s in facts.scripts]
    for i, (s, script) in enumerate(ordered):
        if not s.keeps_state or script is None:
            continue
        logouts = [lo for other, other_script in ordered[i:] if other.job == s.job and other.always
                   and other_script is not None for lo in find_logouts(other_script)]
        for login in logins.get(id(script), ()):
            if login.entry.stores in _NOT_KEPT or any(lo.clears(login) for lo in logouts) \
                    or _not_persisted(login, {}, *_around(texts[id(script)], login.command.span), job_temp=False):
                continue  # nothing kept (one command's, a cluster Secret's), logged out, or removed with its folder
            words = login.command.words
            last = next((k for k, w in enumerate(words[:5]) if w.text == "login"), 0)
            yield Finding("DCR014",
                          f"`{login.tool}` login{registry_label(login)} on a runner that keeps state is never "
                          f"logged out; add the logout to {facts.system.runner.logout_where}",
                          file.path, Span(words[0].span.start, words[last].span.end), s.place)


CHECKS = (
    FileCheck(rules=("DCR014",), run=check_github, facts=(GITHUB_WORKFLOWS, ACTION_INPUTS, SHELL_SCRIPTS),
              commands=(LOGIN_COMMANDS, LOGOUT_COMMANDS), gate=may_report_github),
    FileCheck(rules=("DCR014",), run=check_gitlab, facts=(GITLAB_CONFIG, SHELL_SCRIPTS),
              commands=(LOGIN_COMMANDS, LOGOUT_COMMANDS), gate=may_report_gitlab),
    # (its logins are shell logins: the table's runners and scripts matter only with one)
    FileCheck(rules=("DCR014",), run=check_ci_systems, facts=(CI_FACTS, SHELL_SCRIPTS),
              commands=(LOGIN_COMMANDS, LOGOUT_COMMANDS), gate=may_log_in),
)
