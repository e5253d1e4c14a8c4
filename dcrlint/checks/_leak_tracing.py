"""Shell tracing (`set -x`) on where a login runs: the trace writes the login's credential to the
log, unless it is turned off in time, its stderr is dropped, or the credential is read later."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from ..findings import Finding
from ..lazyre import lazy_compile
from ..references import secret_reference
from ..scanned import ScannedFile, ShellContext
from ..source import Span

if TYPE_CHECKING:
    from ..facts import LoginSite
    from ..shell.model import Command, Script


def _may_be_traced(script: Script, at: Span) -> bool:
    """Whether shell tracing may be on where `at` runs: a `set -x` (`set -o xtrace`, a
    `#!/bin/bash -x` line) before it that a later `set +x` of the script itself does not turn
    off before it. A `set -x` that is no statement of the script itself (in a function, a
    compound command, a nested shell) may be on anywhere after it."""
    before = [s for s in script.xtrace if s.start < at.start]
    if not before:
        return False
    if any(s not in script.xtrace_top for s in before):
        return True
    on = max(s.end for s in before)
    return not any(on <= off.start and off.end <= at.start for off in script.xtrace_off)


def _trace_shown(file: ScannedFile, sites: list[LoginSite],
                 traced_at: Callable[[Script, Span], bool] | None = None) -> list[LoginSite]:
    """The login sites whose credential shell tracing would print (`trace_shows_credential`);
    `traced_at` tells where in a script tracing may be on (else `_may_be_traced`), for the
    assignments whose trace shows a value fed to a login. A login fed by a subshell that turns
    tracing off is decided by what that subshell runs (`_fed_by_untracing`)."""
    from ..shell.logins import trace_shows_credential

    names = file.settings.secret_names
    functions: dict[int, set[str]] = {}
    assigned: dict[int, Callable[[str], bool]] = {}
    out = []
    for site in sites:
        key = id(site.context)
        if key not in functions:
            functions[key] = _functions(site.context.text.text)
            assigned[key] = _traced_assignments(file, site.context, site.script, traced_at or _may_be_traced)
        fed = _fed_by_untracing(file, site)
        if fed if fed is not None else trace_shows_credential(
                site.login, names, functions[key], site.script.commands, assigned[key]):
            out.append(site)
    return out


def _fed_by_untracing(file: ScannedFile, site: LoginSite) -> bool | None:
    """For a login with no password in its words fed by a subshell (or piped brace group) with a
    `set +x` of its own (`Script.xtrace_off_scopes`): whether the trace shows the credential.
    What the subshell runs after its `set +x` is not traced (`( set +x; echo "$PW" ) | docker
    login --password-stdin` shows nothing), what it runs before it is, its words expanded
    (`( echo "$PW"; set +x ) |` shows it). None: no such feed, `trace_shows_credential` decides."""
    login = site.login
    feed = login.command.pipe_from
    if login.password is not None or feed is None or not site.script.xtrace_off_scopes:
        return None
    for off, shell in site.script.xtrace_off_scopes:
        if not shell.start <= feed.span.start < shell.end:
            continue
        if any(off.end <= on.start < shell.end for on in site.script.xtrace):
            return None  # (tracing turned on again in it)
        names, text = file.settings.secret_names, file.source.text
        return any(shell.start <= c.span.start < off.start
                   and secret_reference(text[c.span.start : c.span.end], names) is not None
                   for c in site.script.commands)
    return None


def _traced_assignments(file: ScannedFile, ctx: ShellContext, script: Script,
                        traced_at: Callable[[Script, Span], bool]) -> Callable[[str], bool]:
    """Whether the script sets a name where tracing may be on: bash and dash trace an
    assignment with its value (`+ P=<value>`, `+ export P=<value>`, `+ local P=<value>`).
    Worked out on the first name asked (a partial parse parsed whole for it)."""
    held: set[str] | None = None

    def shows(name: str) -> bool:
        nonlocal held
        if held is None:
            whole = script
            if script.partial:
                from ..extractors.derived import script_name
                from ..shell import parse_shell

                whole = parse_shell(ctx.text, ctx.dialect, name=script_name(file))  # with every statement
            held = {n for c in whole.commands if c.assignments and traced_at(whole, c.span) for n, _ in c.assignments}
        return name in held

    return shows


def _traced(file: ScannedFile, ctx: ShellContext, script: Script, sites: list[LoginSite]) -> Iterator[Finding]:
    """Shell tracing in a script that logs in with a credential, unless a `set +x` provably
    turns it off before anything is traced that may hold one (`_off_in_time`), or it provably
    turns on after the credential's last use (`_too_late`, worked out once for the script)."""
    logins = [site.login.command.span for site in sites]
    late: frozenset[Span] | None = None
    scopes = dict(script.xtrace_scopes)
    for span in script.xtrace:
        if _off_in_time(file, ctx, script, span, logins):
            continue
        if span in scopes and _subshell_shows_nothing(file, ctx, span, scopes[span], sites):
            continue
        if late is None:
            late = _too_late(file, ctx, script, sites)
        if span not in late:
            yield Finding("DCR003", "shell tracing (set -x) prints the registry credentials of this script",
                          file.path, span, ctx.place)


def _subshell_shows_nothing(file: ScannedFile, ctx: ShellContext, on: Span, shell: Span,
                            sites: list[LoginSite]) -> bool:
    """`set -x` inside a subshell traces the subshell's commands after it, and no more
    (`echo "$PW" | ( set -x; docker login -u ci --password-stdin )`): nothing is shown when no
    login there has its password in its words, nothing feeding a login runs there, and what it
    runs after the `set -x` expands no variable those feeds read, no secret-named one, and calls
    no function, sourced file or eval (nor trap, PS4 or tracing handed on in the file)."""
    if _TRACE_CHANGED.search(file.source.text):
        return False
    if _stderr_dropped(file.source.text, on, shell):
        return True
    read: set[str] = set()
    for site in sites:
        cmd: Command | None = site.login.command
        if site.login.password is not None and shell.start <= cmd.span.start < shell.end:  # type: ignore[union-attr]
            return False
        if _redirect_shown(file, ctx, on, shell, site):
            return False
        cmd = cmd.pipe_from if cmd is not None else None  # (the login's own words hold no password)
        for _ in range(9):  # the commands piped into it: what they expand holds the credential
            if cmd is None:
                break
            if shell.start <= cmd.span.start < shell.end:
                return False
            read.update(_EXPANDED.findall(file.source.text[cmd.span.start : cmd.span.end]))
            cmd = cmd.pipe_from
    stretch = file.source.text[on.end : shell.end]
    names = _functions(ctx.text.text)
    return (_SOURCED.search(stretch) is None and secret_reference(stretch, file.settings.secret_names) is None
            and read.isdisjoint(_EXPANDED.findall(stretch))
            and not any(re.search(rf"(?<![\w.:-]){re.escape(name)}(?![\w.:-])", stretch) for name in names))


# The subshell's stderr, where its trace goes, sent to /dev/null: by the subshell's own redirection
# (`( ... ) 2>/dev/null`, `&>/dev/null`, `>/dev/null 2>&1`), or by an `exec` in it before the `set -x`.
_DROPPED_AFTER = lazy_compile(r"\)?[ \t]*(?:2>[ \t]*/dev/null|&>>?[ \t]*/dev/null|>>?[ \t]*/dev/null[ \t]+2>&1)")
_DROPPED_BY_EXEC = lazy_compile(r"\bexec[ \t]+(?:2>|&>>?)[ \t]*/dev/null")


def _stderr_dropped(text: str, on: Span, shell: Span) -> bool:
    """Whether the subshell's trace goes to /dev/null (bash writes it to stderr)."""
    return _DROPPED_AFTER.match(text, shell.end) is not None \
        or _DROPPED_BY_EXEC.search(text, shell.start, on.start) is not None


# A stderr redirect to /dev/null written before an input redirect (`{ login; } 2>/dev/null < <(...)`):
# bash performs redirections left to right, so the substitution's commands are traced into /dev/null.
_STDERR_NULL = lazy_compile(r"(?<![\w-])[2&]>>?[ \t]*/dev/null(?![\w/.-])")


def _forked_silent(text: str, at: int) -> bool:
    """Whether the statement's stderr goes to /dev/null before the input redirect at `at` runs."""
    start = max(text.rfind("\n", 0, at), text.rfind(";", 0, at), text.rfind("&&", 0, at), text.rfind("|", 0, at))
    return _STDERR_NULL.search(text, start + 1, at) is not None


def _redirect_shown(file: ScannedFile, ctx: ShellContext, on: Span, shell: Span, site: LoginSite) -> bool:
    """Whether a login the subshell runs after its `set -x` is fed by a redirection of its own
    whose trace shows the credential (`trace_shows_credential`): the commands a substitution
    there runs are traced in the subshell (`< <(echo "$P")`, `<<< "$(printf %s "$P")"`), and so
    is a variable it expands that the subshell sets after the `set -x` (`P2="$P"`)."""
    from ..shell.logins import trace_shows_credential

    cmd = site.login.command
    if not on.end <= cmd.span.start < shell.end or (
            cmd.herestring is None and cmd.heredoc is None and cmd.stdin_file is None):
        return False
    feed = cmd.stdin_file
    if feed is not None and (feed.span.start < on.end or _forked_silent(file.source.text, feed.span.start)):
        return False  # (what feeds it ran before the set -x: `exec 3< <(...)` above it)
    commands = site.script.commands
    held = {n for c in commands if on.end <= c.span.start < shell.end for n, _ in c.assignments}
    return trace_shows_credential(site.login, file.settings.secret_names, _functions(ctx.text.text), commands,
                                  held.__contains__)


# What makes a traced stretch print more than its words as written: an expansion (`$`, a
# backtick), an escape that may spell one (the file's language decodes it: `\x24`), a sourced
# file or eval running other commands traced; anywhere in the file: a trap (DEBUG runs before
# each command), a PS4 (expanded for each traced line), tracing handed to child shells.
_TRACED_MORE = lazy_compile(r"[$`\\]|(?<![\w.:-])(?:source|eval)(?![\w:-])|(?:^|[;&|(])[ \t]*\.[ \t]", re.M)
# SHELLOPTS and BASH_ENV hand tracing on only where set (`export SHELLOPTS`, `BASH_ENV=f`) or
# where tracing is written into the file BASH_ENV names (`echo 'set -x' >> "$BASH_ENV"`): CircleCI
# steps append their `export X=...` lines to `$BASH_ENV`, which changes no tracing.
_TRACE_CHANGED = lazy_compile(
    r"(?<![\w.:-])(?:trap|PS4)(?![\w:-])|(?<![\w.:$-])(?:SHELLOPTS|BASH_ENV)[ \t]*\+?="
    r"|\b(?:export|declare[ \t]+-\w*x\w*|typeset[ \t]+-\w*x\w*)[ \t]+(?:[^;&|\n]*[ \t])?(?:SHELLOPTS|BASH_ENV)\b"
    r"|(?:\bset[ \t]+-\w*x|\bxtrace\b)[^\n]*\$\{?BASH_ENV\b")
# A function the script defines (`name() {`, `function name`): calling one runs its body traced.
# Found from `()` and the keyword, both literals `re` skips ahead to, the name read backward from
# the `(`: a pattern starting with the name would try every character of a long word.
_DEFINITION = lazy_compile(r"\(\s*\)|function[ \t]+([\w.:-]+)")
_NAME_BEFORE = lazy_compile(r"(?:^|(?<=[\s;&|(){}]))([\w.:-]+)[ \t]*\Z")


def _functions(text: str) -> set[str]:
    """The names of the functions a script defines."""
    out: set[str] = set()
    for m in _DEFINITION.finditer(text):
        if m.group(1) is not None:
            if m.start() == 0 or text[m.start() - 1] in " \t\n;&|(){}":
                out.add(m.group(1))
            continue
        line = text.rfind("\n", 0, m.start()) + 1
        name = _NAME_BEFORE.search(text, line, m.start())
        if name is not None:
            out.add(name.group(1))
    return out


# The variables a login's words and what feeds it expand (`$PASS`, `${REG_PASS}`).
_EXPANDED = lazy_compile(r"\$\{?([A-Za-z_]\w*)")


def _too_late(file: ScannedFile, ctx: ShellContext, script: Script, sites: list[LoginSite]) -> frozenset[Span]:
    """The `set -x` that a statement of the script itself turns on after every login, in a
    script whose text is the file's in order (not joined from anchors, `!reference` or parts
    written in another order: the order of the text is then the order they run in), with
    nothing after it that may print their credential: no expansion of a variable a login or its
    feed read, of one set from such a variable (`CREDS="ci:$PASS"`, however far), or of a
    secret-named one; no function of the script (a login in its body runs when it is called),
    sourced file, eval, trap or PS4. Each stretch between two of them is read once."""
    last_login = max(site.login.command.span.end for site in sites)
    ons = sorted((on for on in script.xtrace_top if on.start >= last_login), key=lambda on: on.start)
    if not ons or any(a > b for a, b in itertools.pairwise(ctx.text.origins)):
        return frozenset()  # (pieces joined out of the file's order)
    if _TRACE_CHANGED.search(file.source.text) or _functions(ctx.text.text):
        return frozenset()
    read: set[str] = set()
    for site in sites:
        cmd: Command | None = site.login.command
        for _ in range(9):  # the login and the commands piped into it
            if cmd is None:
                break
            read.update(_EXPANDED.findall(file.source.text[cmd.span.start : cmd.span.end]))
            cmd = cmd.pipe_from
    lines = ctx.text.text.splitlines()
    results = _login_results(file, sites)
    while True:  # what a line expanding one of them sets holds it too (not what a login prints)
        more = {name for line in lines if not read.isdisjoint(_EXPANDED.findall(line))
                for name in _set_on_line(line) if name not in read
                and not (name in results and re.search(rf"(?<![\w$]){name}=\$\(", line))}
        if not more:
            break
        read |= more
    end = ctx.text.span(0, len(ctx.text.text)).end
    text, names = file.source.text, file.settings.secret_names
    late: set[Span] = set()
    for on, until in zip(reversed(ons), [end, *(o.end for o in reversed(ons[1:]))], strict=True):
        stretch = text[on.end : until]  # to the next one's end: what follows is known already
        if _SOURCED.search(stretch) or secret_reference(stretch, names) is not None \
                or not read.isdisjoint(_EXPANDED.findall(stretch)):
            break  # this one and every one before it trace it
        late.add(on)
    return frozenset(late)


# An assignment of a command substitution ending where it starts (`RESULT=$(`, `local R=$(`).
_CAPTURE_BEFORE = lazy_compile(r"(?<![\w$])([A-Za-z_]\w*)=\$\(\s*\Z")


def _login_results(file: ScannedFile, sites: list[LoginSite]) -> set[str]:
    """The variables given a login's output (`RESULT=$(echo "$PW" | docker login ... --password-stdin)`):
    what the login prints (its status), not the password it reads."""
    out: set[str] = set()
    for site in sites:
        cmd = site.login.command
        if cmd.output != "captured":
            continue
        head = cmd
        for _ in range(9):  # the first command of its pipeline
            if head.pipe_from is None:
                break
            head = head.pipe_from
        line = file.source.text.rfind("\n", 0, head.span.start) + 1
        m = _CAPTURE_BEFORE.search(file.source.text, line, head.span.start)
        if m is not None:
            out.add(m.group(1))
    return out


# The names a line sets: `X=`, `X+=`, `read [-r] X Y`, `for X in`, `printf -v X`, `mapfile X`.
_SET_ON_LINE = lazy_compile(
    r"([A-Za-z_]\w*)\+?=|\b(?:read|mapfile|readarray)\b([^<>|;&\n]*)"
    r"|\bfor[ \t]+([A-Za-z_]\w*)|\bprintf[ \t]+-v[ \t]*([A-Za-z_]\w*)"
)


def _set_on_line(line: str) -> set[str]:
    """Over the mark (every word after `read` may be a name it sets): more names held, more reported."""
    return {name for m in _SET_ON_LINE.finditer(line) for g in m.groups() if g for name in g.split()
            if _NAME.fullmatch(name)}


_NAME = lazy_compile(r"[A-Za-z_]\w*")


_SOURCED = lazy_compile(r"(?<![\w.:-])(?:source|eval)(?![\w:-])|(?:^|[;&|(])[ \t]*\.[ \t]", re.M)


def _off_in_time(file: ScannedFile, ctx: ShellContext, script: Script, on: Span, logins: list[Span]) -> bool:
    """`set -x` (or a `#!/bin/bash -x` line) that the script's own `set +x` turns off before any
    login, with nothing between that may expand a value: no `$`, backtick or escape, no
    function of the script, sourced file, eval, trap, PS4 or SHELLOPTS. Both are statements of
    the script itself (`shell.bash._statement_of_script`: a top-level statement, a top-level
    group's, a top-level list's first operand; the order of the text is the order they run
    in). The trace then shows only words as written."""
    if on not in script.xtrace_top:
        return False
    off = next((s for s in script.xtrace_off if s.start >= on.end), None)
    if off is None or any(on.end <= login.start < off.start for login in logins):
        return False
    between = file.source.text[on.end : off.start]
    if _TRACED_MORE.search(between) or _TRACE_CHANGED.search(file.source.text):
        return False
    names = _functions(ctx.text.text)
    return not any(re.search(rf"(?<![\w.:-]){re.escape(name)}(?![\w.:-])", between) for name in names)
