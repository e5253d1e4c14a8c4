"""DCR003 secret-leaked-to-log: commands that print a credential to the job log (a secret
variable echoed, a docker config printed, shell tracing in a script that logs in)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from ..classify import FileKind
from ..facts import ASSIGNMENTS, JENKINS_MODEL, LOGINS, SHELL_SCRIPTS, SHELL_SESSIONS
from ..findings import Finding
from ..lazyre import lazy_compile
from ..logintools import LOGIN_COMMANDS
from ..scanned import ScannedFile, ShellContext
from ..shell import parse_shell
from ..shell.stdout import readers, shown_by
from ..source import Span
from . import FileCheck
from ._leak_ansible_debug import check_debug_tasks, may_debug
from ._leak_env_dumps import _env_dumps
from ._leak_filters import ENVIRONMENT_DUMPS, PRINTED_ENV_SECRETS, PRINTED_SECRETS, SESSION_TRACING
from ._leak_make_echo import check_make_echo
from ._leak_printing import _leaks
from ._leak_relayed import may_relay, relayed
from ._leak_tracing import _trace_shown, _traced
from ._spellings import may_read

if TYPE_CHECKING:
    from ..facts import LoginSite
    from ..shell.model import Script


# Programs named for handing a credential to the program that runs them, on their stdout: git's
# and ssh's askpass, credential helpers (docker's `docker-credential-NAME`, git's
# `git-credential-NAME`, which `credential.helper = NAME` runs, its answer the
# `password=...` lines it prints), Ansible's vault password clients (`vault_pass.sh`,
# `vault-password-client.py`, `ansible_vault_env_pass_file.sh`: `--vault-password-file` runs them).
_ASKPASS = lazy_compile(r"(?i)ask-?pass|credential-helper|^(?:docker|git)-credential-")
_VAULT_CLIENT = lazy_compile(r"(?i)vault(?:[-_.]?|[\w.-]*[-_.])pass")


def check(file: ScannedFile) -> Iterator[Finding]:
    # Scripts that put a credential through the shell: a login given a password (an argument or
    # stdin). `skopeo inspect --authfile f` logs in from a file: tracing shows only the path.
    sites = [site for site in file.get(LOGINS) if site.login.password is not None or site.login.password_stdin]
    with_login = {id(site.script) for site in sites}
    # Of those, the logins whose credential a trace prints (`trace_shows_credential`: not one
    # fed by a program that prints it, `aws ecr get-login-password | docker login ...`).
    traced = _trace_shown(file, sites) if sites else []
    yield from _exposed_tokens(file)
    answers = _answers(file)
    for ctx, script in file.get(SHELL_SCRIPTS):
        if ctx.dialect == "sh" and may_relay(ctx.text.text, file.settings.secret_names):
            # (a function's definition and its calls may be statements the filters left out)
            yield from relayed(file, ctx, script if not script.partial else parse_shell(ctx.text, "sh"))
        if not script.commands and not script.xtrace:
            continue  # most: a context no check's filter held on, left unparsed
        yield from _leaks(file, ctx, script, answers)
        mine = [site for site in traced if site.script is script]
        if mine:
            yield from _traced(file, ctx, script, mine)
        yield from _env_dumps(file, ctx, script, id(script) in with_login)


def _answers(file: ScannedFile) -> Callable[[str], bool] | None:
    """The secrets a script named for handing a credential to the program running it prints to
    that program's stdout, by design (None: it is no such script): git's and ssh's askpass and
    credential helpers, any; Ansible's vault password clients (`vault_pass.sh`,
    `vault-password-client.py`: `--vault-password-file` runs them), the vault password. Only a
    script file, by its name (a CI definition's output is its job log); a trace goes to stderr,
    which no caller reads as the answer, and is no answer."""
    if file.kind is not FileKind.SHELL:
        return None
    name = file.path.rsplit("/", 1)[-1]
    if _ASKPASS.search(name):
        return lambda secret: True
    if _VAULT_CLIENT.search(name):
        return lambda secret: "vault" in secret.lower()
    return None


# What `az acr login --expose-token` prints (JSON with `accessToken`, or what `--query` picks)
# goes where its stdout goes (`shell.stdout.shown_by`): the log, unless captured, written to a
# file or piped into a program that keeps it (`docker login --password-stdin`); `-o none` prints
# nothing, and a `--query` naming no `accessToken` (nor a wildcard, `@`) prints no token.


def _exposed_tokens(file: ScannedFile) -> Iterator[Finding]:
    """`az acr login --expose-token` whose access token is printed to the log (sh only: the
    others' parsers do not tell a captured output)."""
    for site in file.get(LOGINS):
        login = site.login
        if login.entry.program != "az" or site.context.dialect != "sh":
            continue
        cmd = login.command
        args = [w.text for w in cmd.args]
        if "--expose-token" not in args or not _prints_token(args):
            continue
        if shown_by(cmd, readers(site.script.commands)) is None:
            continue
        yield Finding("DCR003", "`az acr login --expose-token` prints the registry's access token to the log; capture "
                      "it (`TOKEN=$(az acr login ... --expose-token --query accessToken -o tsv)`) or pipe it into "
                      "`docker login --password-stdin`", file.path, cmd.span, site.context.place)


def _prints_token(args: list[str]) -> bool:
    """Whether the output options leave the access token in what is printed."""
    for i, a in enumerate(args):
        name, eq, given = a.partition("=")
        value = (given if eq else args[i + 1] if i + 1 < len(args) else "").lower()
        if name in ("-o", "--output") and value == "none":
            return False
        if name == "--query" and "accesstoken" not in value and "*" not in value and "@" not in value:
            return False
    return True


# The values the runner reads as true (Go's strconv.ParseBool), and YAML's spellings of true.
_TRUE = frozenset({"1", "t", "T", "true", "TRUE", "True"})


def check_sessions(file: ScannedFile) -> Iterator[Finding]:
    """Tracing that a CI job's shell carries from one context to a later one that logs in:
    a `set -x` in a GitLab `before_script` (its own or the one it inherits) left on when the
    job's `script` logs in, the runner joining both into one script run by one shell; and the
    CI's own tracing (`CI_DEBUG_TRACE` true) of a job whose scripts log in (the runner traces
    them all, `after_script` too). A `set -x` that the single-context check reports already
    (a login in the same context) is not reported again."""
    sites = [site for site in file.get(LOGINS) if site.login.password is not None or site.login.password_stdin]
    if not sites or not _may_trace_across(file):
        return
    sessions = file.get(SHELL_SESSIONS)
    if not sessions:
        return
    traced = _trace_shown(file, sites)
    scripts = {ctx.place: (ctx, script) for ctx, script in file.get(SHELL_SCRIPTS)}
    # the contexts whose login tracing on from their start shows (no `set +x` of theirs before it)
    carried = {site.context.place for site in _trace_shown(
        file, [s for s in sites if _on_from_start(s.script, s.login.command.span)], _on_from_start)}
    logs_in = {site.context.place for site in _trace_shown(file, sites, _everywhere)}  # (the CI traces them all)
    shown: set[tuple[int, int]] = set()
    debug: set[tuple[str, ...]] = set()
    for session in sessions:
        run = [scripts[p] for p in session.places if p in scripts]
        last = max((i for i, (ctx, _) in enumerate(run) if ctx.place in carried), default=0)
        for ctx, script in run[:last]:  # (none when no context of the shell logs in: not `after`'s)
            for span in _left_on(file, ctx, script, [s for s in traced if s.script is script]):
                if (span.start, span.end) not in shown:
                    shown.add((span.start, span.end))
                    yield Finding("DCR003", f"shell tracing (set -x) in `{'.'.join(ctx.place)}` stays on in the "
                                  f"`script` of job `{session.job}`, which logs in to a registry: the trace "
                                  "prints its credentials", file.path, span, ctx.place)
        if session.debug_trace is None or session.debug_trace in debug:
            continue
        places = {*session.places, *((session.after,) if session.after else ())}
        if logs_in.isdisjoint(places):
            continue
        for a in file.get(ASSIGNMENTS):
            if a.place == session.debug_trace and a.value.strip() in _TRUE:
                debug.add(a.place)
                yield Finding("DCR003", f"`CI_DEBUG_TRACE` traces the shell of job `{session.job}`, which logs in "
                              "to a registry: the trace prints its credentials", file.path,
                              a.text.span(0, len(a.text.text)), a.place)


def _may_trace_across(file: ScannedFile) -> bool:
    """Whether tracing may reach a login from another context of a job: a parsed script turns
    it on (every `set -x` is parsed, `Script.partial`), or `CI_DEBUG_TRACE` is written (any
    case, escapes decoded). Where neither, the sessions (every job's scripts and variables
    walked again) are not worked out: they could report nothing."""
    return any(script.xtrace for _, script in file.get(SHELL_SCRIPTS)) or may_read(file, "ci_debug_trace")


def _everywhere(script: Script, at: Span) -> bool:
    return True


def _on_from_start(script: Script, at: Span) -> bool:
    """Whether tracing on where a script starts (left on by the context before it in the same
    shell) is still on where `at` runs: no `set +x` of the script itself before it."""
    return not any(off.end <= at.start for off in script.xtrace_off)


def _left_on(file: ScannedFile, ctx: ShellContext, script: Script, own: list[LoginSite]) -> list[Span]:
    """The `set -x` of a script that may still be on at its end (not a statement of the
    script itself, or none of its own `set +x` after it), but those the check reports for
    the script's own logins."""
    if not script.xtrace:
        return []
    reported = {f.span for f in _traced(file, ctx, script, own)} if own else set()
    return [on for on in script.xtrace if on not in reported and (
        on not in script.xtrace_top or not any(off.start >= on.end for off in script.xtrace_off))]


def gate(file: ScannedFile) -> bool:
    """False only where the check can find nothing (`_leak_gate`)."""
    from ._leak_gate import gate

    return gate(file)


def sessions_gate(file: ScannedFile) -> bool:
    """Tracing in a file with a login (`_leak_gate`), or the word `CI_DEBUG_TRACE` (any case,
    escapes decoded) in a file that may log in."""
    from ..logintools import may_log_in

    if not may_log_in(file):
        return False
    return may_read(file, "ci_debug_trace") or gate(file)


def may_log_credentials(file: ScannedFile) -> bool:
    """The gate of `check_log_steps`: a log step may be called, and a step may interpolate a
    credential (DCR012's gate: a binding, or a secret-named variable)."""
    from .dcr012_groovy_secret_interpolation import may_interpolate_credentials

    text = file.source.text
    return ("echo" in text or "print" in text) and may_interpolate_credentials(file)


def check_log_steps(file: ScannedFile) -> Iterator[Finding]:
    """A Jenkins `echo` (or `println`) step whose message interpolates a credential: Groovy builds
    the string, the step writes it to the build log. As for a shell's `echo`, the masking of bound
    credentials is no licence to print one: it hides the value written whole, not a part or a
    transform of it, and nothing that no binding holds (a secret-named parameter or variable)."""
    from ..extractors.jenkins import jenkins_model
    from .dcr012_groovy_secret_interpolation import credential_hits

    model = jenkins_model(file)
    env_names = {a.name for a in model.environment}
    for step in model.log_steps:
        for hit in credential_hits(file, step, env_names):
            place = (*(x for stage in step.stages for x in ("stage", stage)), step.name, str(step.index))
            yield Finding("DCR003", f"the `{step.name}` step prints credential `{hit.name}` ({hit.why}) to the "
                          "build log", file.path, hit.span, place)
            break  # (one finding a step)


CHECKS = (FileCheck(rules=("DCR003",), run=check, facts=(SHELL_SCRIPTS,),
                    commands=(LOGIN_COMMANDS, PRINTED_SECRETS, PRINTED_ENV_SECRETS, ENVIRONMENT_DUMPS), gate=gate),
          FileCheck(rules=("DCR003",), run=check_sessions, facts=(SHELL_SESSIONS, SHELL_SCRIPTS, ASSIGNMENTS),
                    commands=(LOGIN_COMMANDS, SESSION_TRACING), gate=sessions_gate),
          FileCheck(rules=("DCR003",), run=check_log_steps, facts=(JENKINS_MODEL,), gate=may_log_credentials),
          FileCheck(rules=("DCR003",), run=check_make_echo, kinds=frozenset({FileKind.MAKEFILE})),
          FileCheck(rules=("DCR003",), run=check_debug_tasks, kinds=frozenset({FileKind.ANSIBLE}), gate=may_debug))
